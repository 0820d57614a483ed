#!/usr/bin/env bash
# Catalog search latency and first-start time, on SQLite with the demo district.
#   bash bench/catalog-search.sh [requests-per-query]
# Prints: first start (process launch → /health 200, migrations + demo data included), and the
# server-side p50/p95/p99 of GET /api/items for several queries (from Tongban's own request log),
# next to GET /health measured the same way as the machine's own baseline (ratio = search / health).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
PORT=5099
WORK=$(mktemp -d)
dotnet build src/Tongban -c Release -v q -nologo >/dev/null
DLL=$(pwd)/src/Tongban/bin/Release/net10.0/Tongban.dll
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

start=$(date +%s.%N)
(cd "$WORK" && ASPNETCORE_ENVIRONMENT=Development exec dotnet "$DLL" --urls "http://127.0.0.1:$PORT" --Tongban:Demo:Enabled=true \
   --Tongban:Database:SqlitePath="$WORK/tongban.db" --Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Warning > "$WORK/server.log" 2>&1) &
PID=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.05; done
ready=$(date +%s.%N)
printf 'first start (migrations + demo data): %.2f s\n' "$(echo "$ready - $start" | bc)"
items=$(curl -sf "http://127.0.0.1:$PORT/api/items?pageSize=1" | sed 's/.*"total":\([0-9]*\).*/\1/')
echo "published items: $items"
[ "$items" -gt 700 ] || { echo "demo catalog missing: the numbers below would mean nothing" >&2; exit 1; }

queries=("" "q=%E9%A3%9F%E5%93%81" "q=%E8%AF%81%E6%98%8E" "department=D01&page=2" "channel=kiosk" "q=%E8%90%A5%E4%B8%9A%20%E6%89%A7%E7%85%A7")
for _ in $(seq 1 30); do curl -sf "http://127.0.0.1:$PORT/api/items" >/dev/null; done   # warm-up (JIT)
: > "$WORK/server.log"
: > "$WORK/search.txt"; : > "$WORK/health.txt"
for ((i = 0; i < N; i++)); do
  for q in "${queries[@]}"; do curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/api/items?$q" >> "$WORK/search.txt"; done
  curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/health" >> "$WORK/health.txt"
done
sleep 0.5
pct() { sort -n | awk '{a[NR]=$1*'"${SCALE:-1}"'} END {printf "p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  (n=%d)", a[int(NR*0.5)], a[int(NR*0.95)], a[int(NR*0.99)], NR}'; }
echo "GET /api/items, server-side (request log): $(grep -ao 'GET /api/items responded 200 in [0-9.]*' "$WORK/server.log" | awk '{print $NF}' | pct)"
echo "GET /api/items, client round trip:         $(SCALE=1000 pct < "$WORK/search.txt")"
echo "GET /health,    client round trip:         $(SCALE=1000 pct < "$WORK/health.txt")"
s50=$(sort -n "$WORK/search.txt" | awk '{a[NR]=$1} END {print a[int(NR*0.5)]}')
h50=$(sort -n "$WORK/health.txt" | awk '{a[NR]=$1} END {print a[int(NR*0.5)]}')
printf 'ratio p50 search / p50 health: %.2f\n' "$(echo "$s50 / $h50" | bc -l)"
echo "target: server-side p95 < 20 ms"
