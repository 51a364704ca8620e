#!/usr/bin/env bash
# Packs FirehoseAuth and FirehoseAuth.AspNetCore (.nupkg + .snupkg) into tests/PackageConsumer/artifacts/packages, checks
# their README and metadata, then restores tests/PackageConsumer from that folder (package references, not project
# references) into a fresh package cache — so a stale cached 0.1.0 is never used — and runs it: it maps the endpoint on
# 127.0.0.1 (port 0), sends one delivery and exits 0 only if it was answered 200 and the handler saw the record.
set -euo pipefail
cd "$(dirname "$0")/../.."
consumer=tests/PackageConsumer
feed=$consumer/artifacts/packages
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rm -rf "$feed" "$consumer/bin" "$consumer/obj"
for project in src/FirehoseAuth/FirehoseAuth.csproj src/FirehoseAuth.AspNetCore/FirehoseAuth.AspNetCore.csproj; do
  dotnet pack "$project" -c Release -o "$feed" --nologo -v quiet
done

for id in FirehoseAuth FirehoseAuth.AspNetCore; do
  for file in "$feed/$id.0.1.0.nupkg" "$feed/$id.0.1.0.snupkg"; do
    [ -f "$file" ] || { echo "missing $file"; exit 1; }
  done
  python3 - "$feed/$id.0.1.0.nupkg" "$id" <<'PY'
import sys, zipfile, re
path, package_id = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(path) as z:
    names = z.namelist()
    assert "README.md" in names, f"{path}: no README.md"
    nuspec = z.read(next(n for n in names if n.endswith(".nuspec"))).decode()
    for tag in ("readme", "license", "description", "repository", "authors", "tags"):
        assert re.search(f"<{tag}[ >]", nuspec), f"{path}: no <{tag}> in the nuspec"
    assert f"lib/net10.0/{package_id}.dll" in names, f"{path}: no lib/net10.0/{package_id}.dll"
    assert f"lib/net10.0/{package_id}.xml" in names, f"{path}: no XML documentation"
print(f"{path}: README, metadata, library and docs present")
PY
done

dotnet restore "$consumer" --force --nologo -v quiet -p:RestorePackagesPath="$work/packages"
dotnet build "$consumer" -c Release --no-restore --nologo -v quiet -p:RestorePackagesPath="$work/packages"
dotnet "$consumer/bin/Release/net10.0/PackageConsumer.dll"
