#!/usr/bin/env bash
# Iceberg sink benchmark (tests/benchmarks/README.md): rows/s into an Iceberg table through the Iceberg sink task
# against plain Parquet of the same rows written with the same library (ParquetSharp) in the same run, and files and
# bytes per commit of a steady stream of small commits (results also in artifacts/benchmarks/iceberg-sink.json). Not a
# test. It is the `iceberg` command of the benchmark program that scripts/benchmark-broker.sh builds and runs; extra
# arguments go to it, e.g. `bash scripts/benchmark-iceberg.sh --rows 200000 --runs 3` (`--help` lists them).
set -euo pipefail
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/benchmark-broker.sh" iceberg "$@"
