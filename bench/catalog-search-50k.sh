#!/usr/bin/env bash
# Catalog search at a province's catalog size: ~50,000 published items on PostgreSQL (issue 20).
#   bash bench/catalog-search-50k.sh [requests-per-query]
# Builds the demo district on a fresh database, grows it with bench/sql/grow-catalog.sql, then prints the
# server-side p50/p95/p99 of GET /api/items?q= per query (Tongban's own request log) and, as the machine's own
# baseline, pgbench's select-only latency on the same server (ratio = search p95 / pgbench mean).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-200}
PORT=5098
DB=tongban_bench_search
export PGHOST=${PGHOST:-127.0.0.1} PGUSER=${PGUSER:-tongban} PGPASSWORD=${PGPASSWORD:-tongban-ci}
CONN="Host=$PGHOST;Database=$DB;Username=$PGUSER;Password=$PGPASSWORD"
WORK=$(mktemp -d)
dotnet build src/Tongban -c Release -v q -nologo -p:TongbanSkipWeb=true >/dev/null
DLL=$(pwd)/src/Tongban/bin/Release/net10.0/Tongban.dll
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

psql -d postgres -q -c "DROP DATABASE IF EXISTS $DB"
(cd "$WORK" && ASPNETCORE_ENVIRONMENT=Development exec dotnet "$DLL" --urls "http://127.0.0.1:$PORT" --Tongban:Demo:Enabled=true \
   --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" \
   --Tongban:Analytics:PopularityInBackground=false --Tongban:Analytics:DeclineScanInBackground=false \
   --Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Warning > "$WORK/server.log" 2>&1) &
PID=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.2; done
psql -d "$DB" -q -v copies=43 -f bench/sql/grow-catalog.sql
items=$(curl -sf "http://127.0.0.1:$PORT/api/items?pageSize=1" | sed 's/.*"total":\([0-9]*\).*/\1/')
echo "published items: $items   (database ctype: $(psql -d "$DB" -Atc 'SHOW lc_ctype'))"
[ "$items" -gt 45000 ] || { echo "catalog not grown: the numbers below would mean nothing" >&2; exit 1; }

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
queries=("营业执照" "yyzz" "开饭店" "身份证丢了" "新生儿落户" "食品 经营" "证明" "户口登级")
for _ in $(seq 1 20); do for q in "${queries[@]}"; do curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/items?q=$(enc "$q")"; done; done   # warm-up
pct() { sort -n | awk '{a[NR]=$1} END {printf "p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  (n=%d)", a[int(NR*0.5)], a[int(NR*0.95)], a[int(NR*0.99)], NR}'; }
: > "$WORK/all.txt"
for q in "${queries[@]}"; do
  : > "$WORK/server.log"
  e=$(enc "$q")
  for ((i = 0; i < N; i++)); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/items?q=$e"; done
  sleep 0.3
  grep -ao 'GET /api/items responded 200 in [0-9.]*' "$WORK/server.log" | awk '{print $NF}' > "$WORK/q.txt"
  cat "$WORK/q.txt" >> "$WORK/all.txt"
  printf '%-12s %s\n' "$q" "$(pct < "$WORK/q.txt")"
done
printf '%-12s %s\n' "all" "$(pct < "$WORK/all.txt")"

psql -d postgres -q -c "DROP DATABASE IF EXISTS tongban_pgbench" -c "CREATE DATABASE tongban_pgbench"
pgbench -q -i -s 10 tongban_pgbench >/dev/null 2>&1
base=$(pgbench -S -c 1 -j 1 -T 10 tongban_pgbench 2>/dev/null | awk '/latency average/ {print $4}')
p95=$(sort -n "$WORK/all.txt" | awk '{a[NR]=$1} END {print a[int(NR*0.95)]}')
echo "pgbench -S (1 client, select by primary key) latency average: $base ms"
printf 'ratio search p95 / pgbench select: %.1f\n' "$(echo "$p95 / $base" | bc -l)"
echo "target: server-side p95 < 30 ms"
