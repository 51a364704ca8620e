#!/usr/bin/env bash
# Every C# block of README.md compiles against the packages as a user gets them. Run locally with
#   bash .ci/steps/22-readme-snippets.sh
# It packs every packable project of FirehoseAuth.sln (README, "Get the packages") into
# tests/ReadmeSnippets/artifacts/packages, then tests/ReadmeSnippets/readme_snippets.py turns each C# block
# (```csharp, ```cs or ```c#) into its own project under tests/ReadmeSnippets/artifacts/blocks/line-N (N = the line of
# its opening fence in README.md) and builds it, restored into a fresh package cache so that a stale cached 0.1.0 is
# never used. It fails when a block does not compile, naming the block by its README line and mapping each compiler
# error to its README line.
#
# The convention, read from the fence's info string (the words after "csharp"):
# - A block is a whole file. When its first line after the using directives declares a type or a namespace it is
#   built as a library (Block.cs); otherwise as a program of top-level statements (Program.cs). `program` or
#   `library` in the fence overrides that guess.
# - Each project is a `dotnet new web` project (Microsoft.NET.Sdk.Web, net10.0, nullable and implicit usings on) with
#   warnings as errors, referencing FirehoseAuth and FirehoseAuth.AspNetCore, plus every local package a
#   `using FirehoseAuth.X;` names (FirehoseAuth.Redis, FirehoseAuth.Testing, ... once they are packed), plus each
#   `package=ID` or `package=ID@VERSION` in the fence (e.g. ```csharp package=xunit package=Microsoft.AspNetCore.Mvc.Testing).
#   Without @VERSION the version is the local package's, else the one pinned in Directory.Packages.props.
# - `app-program` builds a block of declarations (a test file of `WebApplicationFactory<Program>`) beside a generated
#   Program.cs: the application under test, mapping /firehose and ending with `public partial class Program;`.
# - ```csharp no-compile: REASON is not built and is reported as "not compiled, because: REASON" (for a block whose
#   packages this environment's NuGet feed does not serve). Never silently skipped; a reason is required.
# - Any other word in the fence fails the step, so a typo cannot turn the check off.
set -euo pipefail
cd "$(dirname "$0")/../.."
snippets=tests/ReadmeSnippets
feed=$snippets/artifacts/packages
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT

rm -rf "$snippets/artifacts"
dotnet pack FirehoseAuth.sln -c Release -o "$feed" --nologo -v quiet
python3 "$snippets/readme_snippets.py" README.md "$snippets/artifacts/blocks" "$feed" Directory.Packages.props "$cache/packages"
