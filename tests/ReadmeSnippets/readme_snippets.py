#!/usr/bin/env python3
"""Builds every C# block of README.md as its own project against the packages in a local folder.

Run through .ci/steps/22-readme-snippets.sh, which packs the packages first; the convention is described there.
Usage: readme_snippets.py README.md BLOCKS_DIR FEED_DIR PACKAGES_PROPS RESTORE_CACHE
"""
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

CSHARP = {"csharp", "cs", "c#"}
DEFAULT_PACKAGES = ["FirehoseAuth", "FirehoseAuth.AspNetCore"]
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
USING_DIRECTIVE = re.compile(r"^(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?[\w.]+(<[^;]*>)?\s*;")
TYPE_START = re.compile(
    r"^(\[|namespace\b|(public|internal|private|protected|file|sealed|static|abstract|partial|readonly|ref|unsafe|"
    r"class|record|struct|interface|enum|delegate)\b)")


class Block:
    def __init__(self, line, info, code):
        self.line = line  # README line of the opening fence; code line n is README line self.line + n
        self.info = info
        self.code = code
        self.packages = []  # (id, version or None)
        self.kind = None  # "program" (a Program.cs of top-level statements) or "library" (only declarations)
        self.no_compile = None


def read_blocks(readme):
    """Every fenced block whose language is C#, with its opening line; unterminated fences are an error."""
    blocks, lines, i = [], readme.read_text(encoding="utf-8").split("\n"), 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, indent, start = opening["fence"], len(opening["indent"]), i
        info = opening["info"].strip()
        body, i = [], i + 1
        while i < len(lines):
            closing = FENCE.match(lines[i])
            if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence) and not closing["info"].strip():
                break
            body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
            i += 1
        else:
            sys.exit(f"README.md:{start + 1}: the block opened here is never closed")
        language = info.split(maxsplit=1)[0].lower() if info else ""
        if language in CSHARP:
            blocks.append(Block(start + 1, info, "\n".join(body) + "\n"))
        i += 1
    return blocks


def parse_info(block):
    """The words after the language: package=ID[@VERSION] (repeatable), program, library, no-compile: REASON."""
    rest = block.info.split(maxsplit=1)[1] if " " in block.info else ""
    if "no-compile:" in rest:
        rest, reason = rest.split("no-compile:", 1)
        block.no_compile = reason.strip()
        if not block.no_compile:
            return "no-compile: needs a reason"
    for word in rest.split():
        if word.startswith("package="):
            package_id, _, version = word[len("package="):].partition("@")
            if not package_id:
                return f"'{word}' names no package"
            block.packages.append((package_id, version or None))
        elif word in ("program", "library"):
            block.kind = word
        else:
            return f"unknown word '{word}' in the fence (expected package=ID[@VERSION], program, library or no-compile: REASON)"
    return None


def strip_comments(code):
    code = re.sub(r"/\*.*?\*/", "", code, flags=re.S)
    return re.sub(r"//[^\n]*", "", code)


def detect_kind(code):
    for line in strip_comments(code).split("\n"):
        line = line.strip()
        if not line or USING_DIRECTIVE.match(line):
            continue
        return "library" if TYPE_START.match(line) else "program"
    return "library"


def feed_packages(feed):
    """Package id -> version of every .nupkg in the local folder (read from its .nuspec, not its file name)."""
    found = {}
    for nupkg in sorted(Path(feed).glob("*.nupkg")):
        with zipfile.ZipFile(nupkg) as archive:
            nuspec = next(n for n in archive.namelist() if n.endswith(".nuspec") and "/" not in n)
            metadata = ElementTree.fromstring(archive.read(nuspec)).find("{*}metadata")
            found[metadata.find("{*}id").text] = metadata.find("{*}version").text
    return found


def pinned_versions(props):
    """Package id -> version pinned in Directory.Packages.props ($(Name) properties of that file resolved)."""
    root = ElementTree.parse(props).getroot()
    properties = {p.tag: (p.text or "") for group in root.iter("PropertyGroup") for p in group}
    pins = {}
    for item in root.iter("PackageVersion"):
        pins[item.get("Include").lower()] = re.sub(r"\$\((\w+)\)", lambda m: properties.get(m[1], m[0]), item.get("Version"))
    return pins


def resolve_packages(block, feed, pins):
    """The default packages, those named in the fence and the local packages its using directives name."""
    wanted = [(p, None) for p in DEFAULT_PACKAGES] + block.packages
    for namespace in re.findall(r"^\s*using\s+(FirehoseAuth(?:\.\w+)*)\s*;", block.code, flags=re.M):
        parts = namespace.split(".")
        for n in range(len(parts), 0, -1):
            if ".".join(parts[:n]) in feed:
                wanted.append((".".join(parts[:n]), None))
                break
    resolved, problems = {}, []
    for package_id, version in wanted:
        version = version or feed.get(package_id) or pins.get(package_id.lower())
        if version is None:
            problems.append(f"package {package_id} has no version: give package={package_id}@VERSION or pin it in Directory.Packages.props")
        resolved.setdefault(package_id, version)
    return resolved, problems


def write_project(block, folder, packages):
    folder.mkdir(parents=True, exist_ok=True)
    references = "\n".join(f'    <PackageReference Include="{i}" Version="[{v}]" />' for i, v in packages.items())
    (folder / f"ReadmeLine{block.line}.csproj").write_text(f"""<Project Sdk="Microsoft.NET.Sdk.Web">
  <!-- Generated by tests/ReadmeSnippets/readme_snippets.py from the C# block at README.md line {block.line}. -->
  <PropertyGroup>
    <OutputType>{"Exe" if block.kind == "program" else "Library"}</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
{references}
  </ItemGroup>
</Project>
""", encoding="utf-8")
    (folder / ("Program.cs" if block.kind == "program" else "Block.cs")).write_text(block.code, encoding="utf-8")


def build(block, folder, cache):
    """Returns the build's errors, their positions mapped to README.md lines; empty when it compiled."""
    result = subprocess.run(
        ["dotnet", "build", str(folder), "-c", "Release", "--nologo", "-v", "quiet", "-clp:NoSummary",
         f"-p:RestorePackagesPath={cache}"],
        capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return []
    errors = []
    for line in (result.stdout + result.stderr).splitlines():
        line = re.sub(r"\s*\[[^\]]*\.csproj\]$", "", line.strip())
        position = re.match(r"^.*[/\\](Program|Block)\.cs\((\d+),(\d+)\): (.*)$", line)
        if position:
            line = f"README.md:{block.line + int(position[2])}:{position[3]}: {position[4]}"
        if line and (": error " in line or position or line.startswith("error")) and line not in errors:
            errors.append(line)
    return errors or [f"dotnet build exited {result.returncode}:"] + (result.stdout + result.stderr).splitlines()[-20:]


def main(readme, blocks_dir, feed_dir, props, cache):
    feed, pins = feed_packages(feed_dir), pinned_versions(props)
    if not feed:
        sys.exit(f"no .nupkg in {feed_dir}: pack first")
    print("local packages: " + ", ".join(f"{i} {v}" for i, v in sorted(feed.items())))
    blocks = read_blocks(Path(readme))
    if not blocks:
        sys.exit("README.md has no C# block: the extraction is broken")
    compiled, marked, failed = 0, 0, 0
    for block in blocks:
        where = f"README.md:{block.line}"
        problem = parse_info(block)
        if problem:
            print(f"{where}: FAILED: {problem}")
            failed += 1
            continue
        if block.no_compile is not None:
            print(f"{where}: not compiled, because: {block.no_compile}")
            marked += 1
            continue
        block.kind = block.kind or detect_kind(block.code)
        packages, problems = resolve_packages(block, feed, pins)
        if problems:
            print(f"{where}: FAILED: " + "; ".join(problems))
            failed += 1
            continue
        write_project(block, Path(blocks_dir) / f"line-{block.line}", packages)
        errors = build(block, Path(blocks_dir) / f"line-{block.line}", cache)
        label = f"{where}: {block.kind} with {', '.join(f'{i} {v}' for i, v in packages.items())}"
        if errors:
            print(f"{label}: DOES NOT COMPILE")
            for error in errors:
                print(f"  {error}")
            failed += 1
        else:
            print(f"{label}: compiles")
            compiled += 1
    print(f"README C# blocks: {compiled} compiled, {marked} not compiled (marked no-compile), {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
