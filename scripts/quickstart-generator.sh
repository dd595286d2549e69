#!/usr/bin/env bash
# A smaller pipeline on the embedded default, without a database (the README's main job is scripts/quickstart.sh). One
# `deltaconnect standalone` process runs the
# embedded Kafka-compatible broker and two connectors: a data generator (1000 records, two transforms) producing to
# the topic quickstart.generated, and a file sink writing that topic to a file. The script waits until every record
# arrived, shows some, and stops the worker cleanly.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build host/DeltaConnect.Worker -c Release -nologo -clp:ErrorsOnly
worker=host/DeltaConnect.Worker/bin/Release/net10.0/deltaconnect.dll

work=$(mktemp -d /tmp/deltaconnect-quickstart.XXXXXX)
output="$work/quickstart.txt"
sed "s|QUICKSTART_OUTPUT|$output|" config/quickstart/file-sink.json > "$work/file-sink.json"
port=${QUICKSTART_BROKER_PORT:-19092}

echo "Starting deltaconnect standalone (embedded broker on 127.0.0.1:$port, data in $work/data) ..."
dotnet "$worker" standalone --data-dir "$work/data" --broker-listen "127.0.0.1:$port" \
  --set offset.flush.interval.ms=1000 config/quickstart/generator.json "$work/file-sink.json" > "$work/worker.log" 2>&1 &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT

expected=1000
for _ in $(seq 1 600); do
  lines=$( [ -f "$output" ] && wc -l < "$output" || echo 0 )
  [ "$lines" -ge "$expected" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "The worker exited early; its log:" >&2; cat "$work/worker.log" >&2; exit 1
  fi
  sleep 0.2
done
if [ "$lines" -lt "$expected" ]; then
  echo "Only $lines of $expected records arrived within 2 minutes; the worker's log:" >&2
  tail -50 "$work/worker.log" >&2
  exit 1
fi

echo
echo "All $expected generated records went generator -> transforms -> topic quickstart.generated -> file sink."
echo "First records written by the sink ($output):"
head -3 "$output"
echo "..."
echo
echo "Stopping the worker (sources store their offsets, sinks commit theirs) ..."
cleanup
trap - EXIT
echo "Done. The worker's log is in $work/worker.log."
