#!/usr/bin/env bash
# Bounded fuzzing of the parser (AFL++ + SharpFuzz); fails on any crash or hang.
set -euo pipefail
bash fuzz/run.sh "${FUZZ_SECONDS:-90}"
