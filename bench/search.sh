#!/usr/bin/env bash
# Search benchmark (issue 6): generated documents in the E-Akte's search index on a throwaway database, searched
# with the application's own query as a caseworker and as a records manager; a primary-key lookup on the same path
# is measured in the same run as the reference. Needs a PostgreSQL server to create the database on:
#   RATHAUS_BENCH_DB="Host=127.0.0.1;Port=5432;Database=postgres;Username=postgres" bench/search.sh [documents] [searches]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DOCUMENTS="${1:-1000000}"
SEARCHES="${2:-300}"
SERVER="${RATHAUS_BENCH_DB:-${RATHAUS_TEST_DB:-}}"
[ -n "$SERVER" ] || { echo "Set RATHAUS_BENCH_DB to a PostgreSQL server connection string." >&2; exit 2; }

dotnet build -c Release "$ROOT/bench/Rathaus.Search" -v quiet -nologo -clp:ErrorsOnly
exec dotnet "$ROOT/bench/Rathaus.Search/bin/Release/net10.0/Rathaus.Search.dll" "$SERVER" "$ROOT" "$DOCUMENTS" "$SEARCHES"
