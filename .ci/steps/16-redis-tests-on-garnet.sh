#!/usr/bin/env bash
# The Redis ledger's tests again on Microsoft's Garnet (garnet-server from dotnet-tools.json), the server they fall back
# to where redis-server is not installed, so that the README's test command works on a machine with only the .NET SDK.
# Their results join the count that .ci/run prints.
set -euo pipefail
cd "$(dirname "$0")/../.."
FIREHOSEAUTH_TEST_REDIS=garnet dotnet test tests/FirehoseAuth.Redis.Tests -c Release --no-build \
  --logger "trx;LogFileName=redis-on-garnet.trx" --results-directory TestResults
