#!/usr/bin/env bash
# Retried deliveries across a fleet, on loopback: two FirehoseReceiver processes deduplicating on one redis-server
# child (its own temporary directory and free port, stopped by its pid). 1,000 request ids, each sent to both at once,
# retried on the other until 200, then retried once more. Fails on any duplicate handler run or lost delivery. About
# 20 s; the timeout bounds it well under a minute.
set -euo pipefail
timeout 50 dotnet benchmarks/FirehoseAuth.LoadTest/bin/Release/net10.0/FirehoseAuth.LoadTest.dll dedupe \
  --receiver samples/FirehoseReceiver/bin/Release/net10.0/FirehoseReceiver.dll --ids "${DEDUPE_IDS:-1000}" --concurrency 16
