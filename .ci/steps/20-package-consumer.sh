#!/usr/bin/env bash
# Packs every packable project (.nupkg + .snupkg) into tests/PackageConsumer/artifacts/packages and checks each one's
# README, metadata and assets: the libraries FirehoseAuth, FirehoseAuth.AspNetCore, FirehoseAuth.Redis and
# FirehoseAuth.Testing (lib/net10.0 with XML docs) and the tool FirehoseAuth.Simulator (firehose-sim under
# tools/net10.0/any). A packable project (any under src/) missing from those lists fails the step. Then it restores
# tests/PackageConsumer from that folder (package references, not project references) into a fresh package cache — so
# a stale cached 0.1.0 is never used — and runs it: it maps the endpoint on 127.0.0.1 (port 0), sends one delivery
# with FirehoseSender (from the FirehoseAuth.Testing package) and exits 0 only if the sender judged it Delivered and
# the handler saw the record. Run locally after `dotnet build FirehoseAuth.sln -c Release`.
set -euo pipefail
cd "$(dirname "$0")/../.."
consumer=tests/PackageConsumer
feed=$consumer/artifacts/packages
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

libraries="FirehoseAuth FirehoseAuth.AspNetCore FirehoseAuth.Redis FirehoseAuth.Testing"
tools="FirehoseAuth.Simulator"

# Directory.Build.props makes every project under src/ packable (and nothing else): each must be in the lists above.
for project in src/*/*.csproj; do
  id=$(basename "$project" .csproj)
  [[ " $libraries $tools " == *" $id "* ]] || { echo "$project is packable ($id) but not checked by $0: add it to a list"; exit 1; }
done

rm -rf "$feed" "$consumer/bin" "$consumer/obj"
for id in $libraries $tools; do
  dotnet pack "src/$id/$id.csproj" -c Release -o "$feed" --nologo -v quiet
done

for id in $libraries $tools; do
  for file in "$feed/$id.0.1.0.nupkg" "$feed/$id.0.1.0.snupkg"; do
    [ -f "$file" ] || { echo "missing $file"; exit 1; }
  done
  kind=library; [[ " $tools " == *" $id "* ]] && kind=tool
  python3 - "$feed/$id.0.1.0.nupkg" "$id" "$kind" <<'PY'
import sys, zipfile, re
path, package_id, kind = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(path) as z:
    names = z.namelist()
    assert "README.md" in names, f"{path}: no README.md"
    nuspec = z.read(next(n for n in names if n.endswith(".nuspec"))).decode()
    for tag in ("readme", "license", "description", "repository", "authors", "tags"):
        assert re.search(f"<{tag}[ >]", nuspec), f"{path}: no <{tag}> in the nuspec"
    if kind == "library":
        assert f"lib/net10.0/{package_id}.dll" in names, f"{path}: no lib/net10.0/{package_id}.dll"
        assert f"lib/net10.0/{package_id}.xml" in names, f"{path}: no XML documentation"
    else:
        assert re.search(r'<packageType name="DotnetTool"', nuspec), f"{path}: not a .NET tool package"
        assert "tools/net10.0/any/DotnetToolSettings.xml" in names, f"{path}: no DotnetToolSettings.xml"
        settings = z.read("tools/net10.0/any/DotnetToolSettings.xml").decode()
        assert 'Command Name="firehose-sim"' in settings, f"{path}: the tool's command is not firehose-sim"
        assert "tools/net10.0/any/firehose-sim.dll" in names, f"{path}: no tools/net10.0/any/firehose-sim.dll"
print(f"{path}: README, metadata and the {kind}'s assets present")
PY
done

dotnet restore "$consumer" --force --nologo -v quiet -p:RestorePackagesPath="$work/packages"
dotnet build "$consumer" -c Release --no-restore --nologo -v quiet -p:RestorePackagesPath="$work/packages"
dotnet "$consumer/bin/Release/net10.0/PackageConsumer.dll"
