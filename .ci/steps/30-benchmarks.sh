#!/usr/bin/env bash
# Short benchmark job over the whole suite (in-process, few iterations): prints the GitHub-markdown tables, the
# ratios within this run and the per-item figures (per log event, metric, ledger delivery), then the comparison with
# benchmarks/baseline.json; afterwards the Redis ledger's latency on loopback (p50/p99 of claim + complete).
# It never fails on absolute times; it fails when a benchmark's setup check throws or measures nothing, when a ratio
# falls below half its baseline (a cost ratio: above twice it), when a case the baseline lists as 0 B allocates an
# object per operation, or when the Redis harness fails. Cases missing from the baseline print as "new" and pass.
set -euo pipefail
# Everything runs in one process, one case after another: without the tiering delay, methods reach optimized code
# during the first case's warm-up instead of part-way through its measurement (which made the first ratio garbage).
export DOTNET_TC_CallCountingDelayMs=0
artifacts=BenchmarkDotNet.Artifacts
rm -rf "$artifacts"
log=$(mktemp)
if ! dotnet benchmarks/FirehoseAuth.Benchmarks/bin/Release/net10.0/FirehoseAuth.Benchmarks.dll --ci --filter '*' \
    --artifacts "$artifacts" --baseline benchmarks/baseline.json >"$log" 2>&1; then
  sed -n '/^## Against the baseline/,$p' "$log"
  grep -E "FAILED:|Exception" "$log" | head -n 20; tail -n 60 "$log"; exit 1
fi
for table in "$artifacts"/results/*-report-github.md; do
  echo; echo "### $(basename "$table" -report-github.md)"; sed -n '/^|/p' "$table"
done
sed -n '/^## Ratios within this run/,$p' "$log"
echo "(JSON and markdown results in $artifacts/results; full log $log)"

# The Redis ledger's added latency per delivery (claim + complete, p50/p99) against a redis-server on loopback that the
# harness starts on a free port and stops by its process id (.ci/run installs redis-server). Printed, never gated.
echo; echo "### Redis ledger latency (--redis-latency)"
dotnet benchmarks/FirehoseAuth.Benchmarks/bin/Release/net10.0/FirehoseAuth.Benchmarks.dll --redis-latency
