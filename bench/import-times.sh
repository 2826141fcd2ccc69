#!/usr/bin/env bash
# The whole `./circumplex catalog import` of a 600k-row tracks.csv as a person runs it (README, "Whole commands"):
# into a new SQLite file (7 runs) and into an empty database of a throwaway PostgreSQL cluster (5 runs), each run a
# fresh process from the shell, median wall time; then one more run of each to show the command's own split.
# Usage: bench/import-times.sh [tracks.csv]  (default: the import benchmark's generated 600k-row file)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"; chmod 755 "$work"
csv="${1:-$(dotnet run -c Release --project bench/Circumplex.Benchmarks -- --catalog-fixture)}"
./circumplex --help >/dev/null   # build once, outside the timings

echo "SQLite, new file:"
BEFORE="rm -f $work/i.db $work/i.db-wal $work/i.db-shm" bench/median-time.sh 7 ./circumplex catalog import "$csv" --db "$work/i.db"
rm -f "$work"/i.db*; ./circumplex catalog import "$csv" --db "$work/i.db" | grep Start-up

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then echo "PostgreSQL: skipped (no initdb; scripts/setup.sh installs it)"; rm -rf "$work"; exit 0; fi
as_pg() { if [[ "$(id -u)" == 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[[ "$(id -u)" == 0 ]] && chown postgres "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$bin/initdb -D $work/pg -A trust -U circumplex >/dev/null && $bin/pg_ctl -D $work/pg -l $work/pg.log -w -o \"-p $port -k $work -c listen_addresses=127.0.0.1\" start >/dev/null"
trap 'as_pg "$bin/pg_ctl -D $work/pg -m immediate stop" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fresh="PGOPTIONS=--client-min-messages=warning $bin/psql -q -h 127.0.0.1 -p $port -U circumplex -d postgres -c 'DROP DATABASE IF EXISTS catalog' -c 'CREATE DATABASE catalog'"
db="postgresql://circumplex@127.0.0.1:$port/catalog"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}'), empty database:"
BEFORE="$fresh" bench/median-time.sh 5 ./circumplex catalog import "$csv" --db "$db"
bash -c "$fresh"; ./circumplex catalog import "$csv" --db "$db" | grep Start-up
