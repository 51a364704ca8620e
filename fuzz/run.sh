#!/usr/bin/env bash
# Fuzz the delivery parser with AFL++ and SharpFuzz for a bounded time.
#   bash fuzz/run.sh [SECONDS]      (default 90)
# Fails on any crash (an exception escaping the parser, or its entry points disagreeing) or hang, and prints the
# total executions. Needs afl++ (installed from Debian's packages when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-90}
work=${FUZZ_WORK:-$(mktemp -d)}

if ! command -v afl-fuzz >/dev/null; then
  echo "installing afl++ from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
dotnet tool restore >/dev/null

dotnet publish fuzz/FirehoseAuth.Fuzz -c Release -o "$work/plain" --nologo -v quiet
cp -r "$work/plain" "$work/bin"
dotnet tool run sharpfuzz "$work/bin/FirehoseAuth.dll"
# Replays run the plain build: instrumented code writes to AFL's shared memory, which exists only under afl-fuzz.
replay() { dotnet "$work/plain/FirehoseAuth.Fuzz.dll" --replay "$@"; }
dotnet "$work/plain/FirehoseAuth.Fuzz.dll" --corpus "$work/in" ../shared/testdata/peer-fixtures

# Every earlier finding is replayed first: it must pass now.
if compgen -G "fuzz/regressions/*" >/dev/null; then
  replay fuzz/regressions/*
fi

export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1
timeout $((seconds + 120)) afl-fuzz -i "$work/in" -o "$work/findings" -t 10000 -m none -V "$seconds" \
  -- dotnet "$work/bin/FirehoseAuth.Fuzz.dll" >"$work/afl.log" 2>&1 || { tail -n 40 "$work/afl.log"; exit 1; }

stats="$work/findings/default/fuzzer_stats"
execs=$(sed -n 's/^execs_done *: *//p' "$stats")
paths=$(sed -n 's/^corpus_count *: *//p' "$stats")
crashes=$(find "$work/findings/default/crashes" -type f ! -name README.txt | wc -l)
hangs=$(find "$work/findings/default/hangs" -type f | wc -l)
echo "fuzz: ${seconds}s, $execs executions, $paths corpus entries, $crashes crashes, $hangs hangs (work dir $work)"
if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
  find "$work/findings/default/crashes" "$work/findings/default/hangs" -type f ! -name README.txt | head -n 5 |
    while IFS= read -r f; do replay "$f" || true; done
  exit 1
fi
