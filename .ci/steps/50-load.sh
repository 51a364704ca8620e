#!/usr/bin/env bash
# End-to-end load on loopback: the FirehoseReceiver sample vs a naive minimal-API receiver and the floor (Kestrel
# reading each body and answering 200, nothing else), same deliveries, three shapes ((a) 500 x 2 KiB JSON log lines,
# (b) 10,000 x 100 B, (c) (a) gzip'd), 8 connections, a fresh process per round and side, 3 rounds, medians (about
# 4.5 minutes). Prints req/s, CPU per delivery, peak and idle RSS, start to first 200 per side, ours / naive and
# ours / floor.
# Fails on any non-200, on RSS growth after warm-up, or when a shape's median ratio falls below half the 4x target.
set -euo pipefail
dotnet benchmarks/FirehoseAuth.LoadTest/bin/Release/net10.0/FirehoseAuth.LoadTest.dll compare \
  --receiver samples/FirehoseReceiver/bin/Release/net10.0/FirehoseReceiver.dll \
  --shapes a,b,c --rounds 3 --seconds "${LOAD_SECONDS:-5}" --warmup 2 --concurrency 8 --min-ratio 2
