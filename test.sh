#!/usr/bin/env bash
# Installs what is missing, then builds and runs every test of the solution.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
scripts/setup.sh
# --blame: should a test host die of a signal (a native crash), VSTest names the test that was running.
dotnet test Circumplex.slnx -c Release --logger "console;verbosity=normal" --blame "$@"
