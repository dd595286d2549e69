#!/usr/bin/env bash
# The test command (README, .ci/run): installs whatever is missing, builds the solution (warnings are
# errors), then runs every test project. Tests start their own real servers on private ports.
# Extra arguments go to `dotnet test`, e.g. `bash scripts/test.sh --filter-class '*Postgres*'`.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install-deps.sh

rm -rf artifacts/test-logs
dotnet build DeltaConnect.sln -c Release -nologo -clp:ErrorsOnly

# A hung test must not eat CI's whole budget: the whole run is capped well under the 90-minute limit.
# With a filter, assemblies holding no matching test are fine (exit code 8 = "zero tests ran").
filtered=()
[ $# -gt 0 ] && filtered=(--ignore-exit-code 8)
# A test process that dies of a signal (a native library faulting) writes a crash report naming the frames of the
# thread that crashed; they are printed after the run, so CI's output says more than "exit code 139".
crashes="$repo/artifacts/crash-reports"
rm -rf "$crashes"
mkdir -p "$crashes"
export DOTNET_DbgEnableMiniDump=1 DOTNET_DbgMiniDumpType=1 DOTNET_EnableCrashReport=1 DOTNET_DbgMiniDumpName="$crashes/core.%p"
status=0
dotnet test --solution DeltaConnect.sln -c Release --no-build --no-progress --no-ansi --timeout 30m "${filtered[@]}" "$@" || status=$?
if compgen -G "$crashes/*.crashreport.json" >/dev/null; then
  python3 scripts/crash-report.py "$crashes"
fi
exit "$status"
