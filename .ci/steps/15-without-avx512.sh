#!/usr/bin/env bash
# The protocol tests again with AVX-512 switched off, as on a machine without it: long record strings are then
# decoded by the runtime's Base64 decoder instead of the block decoder, and that path must give the same answers.
# Its results join the count that .ci/run prints.
set -euo pipefail
cd "$(dirname "$0")/../.."
DOTNET_EnableAVX512=0 dotnet test tests/FirehoseAuth.Tests -c Release --no-build --filter "FullyQualifiedName~FirehoseAuth.Tests.Protocol" \
  --logger "trx;LogFileName=without-avx512.trx" --results-directory TestResults
