#!/usr/bin/env bash
# Broker throughput benchmark (tests/benchmarks/README.md): builds the `deltaconnect` worker and the benchmark in
# Release, then measures the embedded broker against Apache Kafka 0.9.0.1 on this machine in the same run and
# prints the ratios (results also in artifacts/benchmarks/broker-throughput.json). Not a test: scripts/test.sh
# never runs it. Extra arguments go to the benchmark, e.g. `bash scripts/benchmark-broker.sh --messages 200000 --runs 3`
# (`--help` lists them). Needs Java 17 and npm (Kafka 0.9 is installed into .tools/kafka09 on first use).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The embedded broker runs from host/DeltaConnect.Worker/bin/Release/net10.0/deltaconnect.dll: build it fresh so that
# the numbers are those of the current source.
dotnet build host/DeltaConnect.Worker -c Release -nologo -clp:ErrorsOnly
dotnet build tests/benchmarks/DeltaConnect.Benchmarks -c Release -nologo -clp:ErrorsOnly
exec dotnet tests/benchmarks/DeltaConnect.Benchmarks/bin/Release/net10.0/DeltaConnect.Benchmarks.dll "$@"
