#!/usr/bin/env bash
# Packs FirehoseAuth, FirehoseAuth.AspNetCore, FirehoseAuth.Testing and the firehose-sim tool into a local feed,
# installs the tool from that feed into a temporary tool path (fresh package cache: a stale cached 0.1.0 is never
# used), starts the built sample receiver on a free 127.0.0.1 port with the demo key, and fails unless
# `firehose-sim check` passes every case against it. The receiver is stopped by its own pid.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
feed=$work/feed
receiver_pid=
cleanup() {
  if [ -n "$receiver_pid" ]; then kill "$receiver_pid" 2>/dev/null || true; wait "$receiver_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for project in src/FirehoseAuth/FirehoseAuth.csproj src/FirehoseAuth.AspNetCore/FirehoseAuth.AspNetCore.csproj \
               src/FirehoseAuth.Testing/FirehoseAuth.Testing.csproj src/FirehoseAuth.Simulator/FirehoseAuth.Simulator.csproj; do
  dotnet pack "$project" -c Release -o "$feed" --nologo -v quiet
done
for id in FirehoseAuth FirehoseAuth.AspNetCore FirehoseAuth.Testing FirehoseAuth.Simulator; do
  [ -f "$feed/$id.0.1.0.nupkg" ] || { echo "missing $feed/$id.0.1.0.nupkg"; exit 1; }
done

NUGET_PACKAGES="$work/packages" dotnet tool install FirehoseAuth.Simulator --version 0.1.0 --tool-path "$work/tools" \
  --add-source "$feed" --ignore-failed-sources
sim="$work/tools/firehose-sim"

dll=samples/FirehoseReceiver/bin/Release/net10.0/FirehoseReceiver.dll
[ -f "$dll" ] || dotnet build samples/FirehoseReceiver -c Release --nologo -v quiet
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
dotnet "$dll" --urls "http://127.0.0.1:$port" >/dev/null 2>"$work/receiver.log" &
receiver_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$receiver_pid" 2>/dev/null || { echo "the receiver exited:"; cat "$work/receiver.log"; exit 1; }
  sleep 0.2
done

"$sim" check --url "http://127.0.0.1:$port/firehose" --key demo-access-key-DO-NOT-USE-IN-PRODUCTION
printf '{"n":1}\n{"n":2}\n' | "$sim" send --url "http://127.0.0.1:$port/firehose" --key demo-access-key-DO-NOT-USE-IN-PRODUCTION --ndjson --gzip --interval 0
echo "firehose-sim: check passed against the sample receiver, installed from the local feed"
