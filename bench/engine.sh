#!/usr/bin/env bash
# Engine benchmark (issue 3): the same model on PostgreSQL with the job executor, in memory with Rathaus's engine,
# and in memory with the npm package bpmn-engine. Needs a PostgreSQL server to create a throwaway database on:
#   RATHAUS_BENCH_DB="Host=127.0.0.1;Port=5432;Database=postgres;Username=postgres" bench/engine.sh [instances]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
INSTANCES="${1:-2000}"
SERVER="${RATHAUS_BENCH_DB:-${RATHAUS_TEST_DB:-}}"
[ -n "$SERVER" ] || { echo "Set RATHAUS_BENCH_DB to a PostgreSQL server connection string." >&2; exit 2; }
MODEL="$ROOT/bench/engine/engine.bpmn"

dotnet build -c Release "$ROOT/bench/Rathaus.Bench" -v quiet -nologo >/dev/null
echo "Rathaus ($INSTANCES instances):"
dotnet "$ROOT/bench/Rathaus.Bench/bin/Release/net10.0/Rathaus.Bench.dll" "$MODEL" "$INSTANCES" "$SERVER"
echo "bpmn-engine ($INSTANCES instances, in memory):"
(cd "$ROOT" && node bench/engine/bpmn-engine.mjs "$MODEL" "$INSTANCES")
