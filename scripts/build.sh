#!/usr/bin/env bash
# Builds the command-line tool in Release, quietly; a no-op build takes a few seconds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! out=$(dotnet build "$root/src/Circumplex.Cli/Circumplex.Cli.csproj" -c Release -nologo -v q -clp:ErrorsOnly 2>&1); then
  printf '%s\n' "$out" >&2
  echo "build failed" >&2
  exit 1
fi
