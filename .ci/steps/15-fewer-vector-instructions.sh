#!/usr/bin/env bash
# The protocol tests again as on machines with fewer vector instructions: without AVX-512 the block decoder works
# 32 characters at a time (AVX2), and without AVX2 the runtime's Base64 decoder does all the work. Each path must
# give the same answers. Their results join the count that .ci/run prints.
set -euo pipefail
cd "$(dirname "$0")/../.."
for isa in AVX512 AVX2; do
  env "DOTNET_Enable$isa=0" dotnet test tests/FirehoseAuth.Tests -c Release --no-build --filter "FullyQualifiedName~FirehoseAuth.Tests.Protocol" \
    --logger "trx;LogFileName=without-$isa.trx" --results-directory TestResults
done
