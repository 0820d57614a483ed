#!/usr/bin/env bash
# Issue 8's data generator: a PostgreSQL database with the demo district and N realistic cases.
#   bash bench/generate.sh [cases=1000000] [database=tongban_perf]      (10 M: bash bench/generate.sh 10000000)
# Needs a running PostgreSQL with a role that may create databases (as .ci/run sets up):
#   TONGBAN_BENCH_POSTGRES="Host=127.0.0.1;Username=tongban;Password=tongban-ci" (default shown).
#
# 1. `Tongban migrate` with the demo on writes the district, its catalog and staff, and the 4,000-case demo history through
#    Tongban's own use cases (real encrypted applicants, materials, steps, clock events, correction notices, 好差评).
# 2. bench/sql/generate-cases.sql multiplies that history to N cases inside the server (see the file for what varies).
# 3. `Tongban stats rebuild` recomputes the statistics counters from all the cases, as an operator would after an import.
# 4. VACUUM ANALYZE, as autovacuum would leave the tables.
# Prints the time of each step. The built Tongban.dll path is printed last, for bench/perf.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
DB=${2:-tongban_perf}
BASE=${TONGBAN_BENCH_POSTGRES:-"Host=127.0.0.1;Username=tongban;Password=tongban-ci"}
CONN="$BASE;Database=$DB"
export PGPASSWORD=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Password=//p')
PGUSER=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Username=//p')
PGHOST=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Host=//p')
psql_db() { psql -h "$PGHOST" -U "$PGUSER" -d "$DB" -v ON_ERROR_STOP=1 -q "$@"; }
seconds() { echo "$(( $(date +%s%N) / 1000000 ))"; }

dotnet build src/Tongban -c Release -v q -nologo -p:TongbanSkipWeb=true >/dev/null
BIN=$(pwd)/src/Tongban/bin/Release/net10.0
# Run from the build folder so appsettings.json (log levels) applies; Development = demo keys for the demo district.
tongban() { (cd "$BIN" && ASPNETCORE_ENVIRONMENT=Development dotnet Tongban.dll "$@" --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN"); }

psql -h "$PGHOST" -U "$PGUSER" -d postgres -q -c "DROP DATABASE IF EXISTS $DB" 2>/dev/null
t0=$(seconds)
tongban migrate --Tongban:Demo:Enabled=true >/dev/null
t1=$(seconds)
echo "demo district and history:  $(( (t1 - t0) / 1000 )) s ($(psql_db -tAc 'SELECT count(*) FROM cases') cases)"
psql_db -v n="$N" -f bench/sql/generate-cases.sql >/dev/null
t2=$(seconds)
echo "generated $N cases:  $(( (t2 - t1) / 1000 )) s"
tongban stats rebuild | grep -v '^\[' 
t3=$(seconds)
echo "stats rebuild:  $(( (t3 - t2) / 1000 )) s"
psql_db -c "VACUUM ANALYZE" 2>&1 | grep -v "only superuser can vacuum" || true
t4=$(seconds)
echo "vacuum analyze:  $(( (t4 - t3) / 1000 )) s"
psql_db -tAc "SELECT 'cases ' || (SELECT count(*) FROM cases) || ', open ' || (SELECT count(*) FROM cases WHERE awaiting_role IS NOT NULL)
  || ', steps ' || (SELECT count(*) FROM case_steps) || ', materials ' || (SELECT count(*) FROM case_materials)
  || ', database ' || pg_size_pretty(pg_database_size(current_database()))"
