#!/usr/bin/env bash
# Worker benchmark (tests/benchmarks/README.md): records/s through source → embedded broker → sink in a standalone
# worker against raw Confluent.Kafka produce + consume of the same bytes in the same run, and the peak RSS of idle
# workers with 10 connectors and with none (results also in artifacts/benchmarks/worker-pipeline.json). Not a test.
# It is the `worker` command of the benchmark program that scripts/benchmark-broker.sh builds and runs; extra
# arguments go to it, e.g. `bash scripts/benchmark-worker.sh --records 100000 --runs 3` (`--help` lists them).
set -euo pipefail
exec bash "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/benchmark-broker.sh" worker "$@"
