#!/usr/bin/env bash
# Load benchmark (issue 7): simulated citizens submit bulky-waste and dog registrations over HTTP against Rathaus
# (Release build, demo data) on a throwaway database; pgbench measures PostgreSQL's own single-row insert rate in
# the same run. Needs a PostgreSQL server to create the databases on:
#   RATHAUS_BENCH_DB="Host=127.0.0.1;Port=5432;Database=postgres;Username=postgres" bench/load.sh [clients] [seconds]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLIENTS="${1:-32}"
SECONDS_MEASURED="${2:-30}"
SERVER="${RATHAUS_BENCH_DB:-${RATHAUS_TEST_DB:-}}"
[ -n "$SERVER" ] || { echo "Set RATHAUS_BENCH_DB to a PostgreSQL server connection string." >&2; exit 2; }
PGBENCH="$(ls -d /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -1)"
[ -x "$PGBENCH" ] || PGBENCH=pgbench

dotnet build -c Release "$ROOT/src/Rathaus/Rathaus.csproj" -v quiet -nologo -clp:ErrorsOnly
dotnet build -c Release "$ROOT/bench/Rathaus.Load" -v quiet -nologo -clp:ErrorsOnly
exec dotnet "$ROOT/bench/Rathaus.Load/bin/Release/net10.0/Rathaus.Load.dll" "$SERVER" "$ROOT" \
  --clients "$CLIENTS" --seconds "$SECONDS_MEASURED" --pgbench "$PGBENCH"
