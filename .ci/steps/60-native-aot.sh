#!/usr/bin/env bash
# Native AOT: publishes samples/FirehoseReceiver for linux-x64 with PublishAot=true, fails on any trim/AOT warning
# (IL2xxx/IL3xxx, also errors under TreatWarningsAsErrors), runs the receiver-process tests (protocol cases, NDJSON
# output, Secrets Manager path against the fake) against the native binary, then compares it with the JIT build and
# the floor (the load test's minimal Kestrel app, JIT) on shape (a): start to first 200, idle and peak RSS, req/s
# (one round each, a fresh process); then start to first 200 alone, without load, on a small delivery and on (a)'s
# (3 fresh processes per side and delivery).
set -euo pipefail
out=${AOT_OUT:-$(mktemp -d)}
mkdir -p "$out"
log="$out/publish.log"
if ! dotnet publish samples/FirehoseReceiver/FirehoseReceiver.csproj -c Release -r linux-x64 -p:PublishAot=true \
    -o "$out/bin" >"$log" 2>&1; then
  grep -E "error|warning" "$log" | sort -u | head -n 40; echo "native AOT publish failed"; exit 1
fi
warnings=$(grep -E "warning (IL[0-9]+|AOT|CS|CA)" "$log" | sort -u || true)
if [ -n "$warnings" ]; then
  echo "$warnings" | head -n 40; echo "native AOT publish produced warnings"; exit 1
fi
binary="$out/bin/FirehoseReceiver"
echo "published $(du -h "$binary" | cut -f1) native binary, 0 trim/AOT warnings"

FIREHOSE_RECEIVER_EXECUTABLE="$binary" dotnet test tests/FirehoseAuth.AspNetCore.Tests -c Release --no-build \
  --filter "FullyQualifiedName~FirehoseAuth.AspNetCore.Tests.ReceiverProcess" --logger "console;verbosity=minimal"

dotnet benchmarks/FirehoseAuth.LoadTest/bin/Release/net10.0/FirehoseAuth.LoadTest.dll compare \
  --receiver "$binary" --against samples/FirehoseReceiver/bin/Release/net10.0/FirehoseReceiver.dll --against-name jit \
  --shapes a --rounds 1 --seconds "${LOAD_SECONDS:-6}" --warmup 3 --concurrency 8 --startup-rounds 3
