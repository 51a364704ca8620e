#!/usr/bin/env bash
# Bounded end-to-end load on loopback: the FirehoseReceiver sample vs a naive minimal-API receiver, same deliveries,
# concurrency 32. Fails on any non-200 or on RSS growth after warm-up.
set -euo pipefail
dotnet benchmarks/FirehoseAuth.LoadTest/bin/Release/net10.0/FirehoseAuth.LoadTest.dll compare \
  --receiver samples/FirehoseReceiver/bin/Release/net10.0/FirehoseReceiver.dll \
  --seconds "${LOAD_SECONDS:-60}" --warmup 15 --concurrency 32
