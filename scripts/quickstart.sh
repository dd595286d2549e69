#!/usr/bin/env bash
# The main job (README): Postgres changes landing in an Iceberg table that an independent reader reads.
#   1. installs what is missing (scripts/install-deps.sh: PostgreSQL 15, the icebird reader) and builds the worker;
#   2. starts a private PostgreSQL 15 (wal_level=logical, loopback, a free port, data under a temp directory) with a
#      table of 300 orders;
#   3. runs one `deltaconnect standalone` process — the embedded Kafka-compatible broker, the Postgres source
#      (snapshot of the existing rows, then streaming) and the Iceberg sink (filesystem catalog);
#   4. changes the table while the pipeline runs (updates, deletes, inserts);
#   5. reads the Iceberg table with icebird until it equals the Postgres table, shows it, and stops everything.
# scripts/quickstart-generator.sh is the smaller pipeline without a database (generator -> transforms -> file sink).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash scripts/install-deps.sh
dotnet build host/DeltaConnect.Worker -c Release -nologo -clp:ErrorsOnly
worker=host/DeltaConnect.Worker/bin/Release/net10.0/deltaconnect.dll
pgbin=$(ls -d /usr/lib/postgresql/15/bin)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

work=$(mktemp -d /tmp/deltaconnect-quickstart.XXXXXX)
chmod 755 "$work"
pgport=$(free_port)
brokerport=${QUICKSTART_BROKER_PORT:-$(free_port)}
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

echo "Starting PostgreSQL 15 on 127.0.0.1:$pgport (data in $work/pg) ..."
mkdir -p "$work/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$work/pg"
as_postgres "$pgbin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync > "$work/initdb.log"
cat >> "$work/pg/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$work/pg'
wal_level = logical
max_replication_slots = 8
max_wal_senders = 8
fsync = off
CONF
printf 'local all all trust\nlocal replication all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n' > "$work/pg/data/pg_hba.conf"
as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -o "-p $pgport" -w start > /dev/null

pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi
  as_postgres "$pgbin/pg_ctl" -D "$work/pg/data" -m fast -w stop > /dev/null 2>&1 || true
}
trap cleanup EXIT
psql() { "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

psql -d postgres -c "CREATE DATABASE shop"
psql -d shop -c "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, amount numeric(10,2), status text)" \
             -c "INSERT INTO orders SELECT i, 'customer ' || i, i * 1.5, 'new' FROM generate_series(1, 300) i"

sed "s|QUICKSTART_PG_PORT|$pgport|" config/quickstart/postgres.json > "$work/postgres.json"
sed "s|QUICKSTART_WAREHOUSE|$work/warehouse|" config/quickstart/iceberg-sink.json > "$work/iceberg-sink.json"
echo "Starting deltaconnect standalone (embedded broker on 127.0.0.1:$brokerport, data in $work/data) ..."
dotnet "$worker" standalone --data-dir "$work/data" --broker-listen "127.0.0.1:$brokerport" \
  "$work/postgres.json" "$work/iceberg-sink.json" > "$work/worker.log" 2>&1 &
pid=$!

echo "Changing the table while the pipeline runs (the 300 existing rows are snapshotted meanwhile) ..."
sleep 3
psql -d shop -c "UPDATE orders SET status = 'paid', amount = amount + 1 WHERE id % 3 = 0" \
             -c "DELETE FROM orders WHERE id % 10 = 0" \
             -c "INSERT INTO orders SELECT i, 'customer ' || i, i * 2, 'new' FROM generate_series(301, 350) i"

expected=$(psql -d shop -At -F '|' -c "SELECT id, customer, amount, status FROM orders ORDER BY id")
table="file://$work/warehouse/shop/orders"
reader=tests/DeltaConnect.Plugins.Iceberg.Tests/Peers/icebird-read.js
read_table() {
  NODE_PATH="$repo/.tools/node_modules" node "$reader" "$table" 2>/dev/null | tail -1 | python3 -c '
import json, sys
rows = json.load(sys.stdin)["rows"]
for r in sorted(rows, key=lambda r: r["id"]):
    print("%s|%s|%s|%s" % (r["id"], r["customer"], "%.2f" % float(r["amount"]) if r["amount"] is not None else "", r["status"]))' 2>/dev/null || true
}
actual=""
for _ in $(seq 1 120); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "The worker exited early; its log:" >&2; tail -50 "$work/worker.log" >&2; exit 1; fi
  if [ -f "$work/warehouse/shop/orders/metadata/version-hint.text" ]; then
    actual=$(read_table)
    [ "$actual" = "$expected" ] && break
  fi
  sleep 1
done
if [ "$actual" != "$expected" ]; then
  echo "The Iceberg table did not reach the Postgres table's state within 2 minutes; the worker's log:" >&2
  tail -50 "$work/worker.log" >&2
  exit 1
fi

echo
echo "Postgres table public.orders ($(echo "$expected" | wc -l) rows) == Iceberg table shop.orders as read by icebird:"
echo "$actual" | head -5
echo "..."
echo "Iceberg files: $(find "$work/warehouse" -name '*.parquet' | wc -l) Parquet files, $(ls "$work/warehouse/shop/orders/metadata" | grep -c metadata.json) metadata versions under $work/warehouse/shop/orders"
echo
echo "Stopping the worker and Postgres ..."
cleanup
trap - EXIT
echo "Done. Logs: $work/worker.log, $work/pg/postgres.log."
