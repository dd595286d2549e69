#!/usr/bin/env bash
# The main job (README): builds DeltaConnect and runs the `deltaconnect` command.
# Until the worker runtime lands this shows the command line; it will become a real pipeline on the
# embedded broker (Postgres changes landing in an Iceberg table) as the runtime, source and sink arrive.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build host/DeltaConnect.Worker -c Release -nologo -clp:ErrorsOnly
dotnet run --project host/DeltaConnect.Worker -c Release --no-build -- --help
