#!/usr/bin/env bash
# 叫号 and 预约 under load on PostgreSQL (issue 18: call-next p95 with 500 people waiting at one point and 20 windows
# calling, and booking p95 while 50 clients book the same day; both under 30 ms server-side).
#   bash bench/queue-booking.sh [seconds=20]
# Needs a running PostgreSQL with a role that may create databases, and pgbench (as .ci/run sets up):
#   TONGBAN_BENCH_POSTGRES="Host=127.0.0.1;Username=tongban;Password=tongban-ci" (default shown).
# Loads the demo district into tongban_bench_q, starts Tongban (Release) and runs the load driver (closed loop):
#   1. health at 20 clients: the machine's ceiling for a Tongban request, to compare with;
#   2. callnext: 20 clerks at the center's 综合 windows call the next of 500 waiting tickets of one category, each call
#      followed by a ticket machine taking one (so 500 keep waiting);
#   3. book: 50 citizens book a random slot of the same day at the center, then cancel it.
# Server-side times come from Tongban's request log (the time between the request's arrival and its answer; /health is
# not logged); the driver's client-side times include the client on the same two cores, and are compared with the
# client-side p95 of GET /health at the same concurrency. pgbench -S (select-only) at 20 clients gives the database's
# own ceiling in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
D=${1:-20}
PORT=5097
BASE=${TONGBAN_BENCH_POSTGRES:-"Host=127.0.0.1;Username=tongban;Password=tongban-ci"}
CONN="$BASE;Database=tongban_bench_q"
export PGPASSWORD=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Password=//p')
PGUSER=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Username=//p')
WORK=$(mktemp -d)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build src/Tongban -c Release -v q -nologo -p:TongbanSkipWeb=true >/dev/null
dotnet build bench/Tongban.LoadDriver -c Release -v q -nologo >/dev/null
DLL=$(pwd)/src/Tongban/bin/Release/net10.0/Tongban.dll
DRIVER=$(pwd)/bench/Tongban.LoadDriver/bin/Release/net10.0/Tongban.LoadDriver.dll
export ASPNETCORE_ENVIRONMENT=Development   # demo mode (the SMS login codes at /api/dev/sms) and development keys
psql -h 127.0.0.1 -U "$PGUSER" -d postgres -q -c "DROP DATABASE IF EXISTS tongban_bench_q" 2>/dev/null
(cd "$(dirname "$DLL")" && dotnet "$DLL" migrate --Tongban:Demo:Enabled=true --Tongban:Demo:CaseHistory=false --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" >/dev/null)
ITEM=$(psql -h 127.0.0.1 -U "$PGUSER" -d tongban_bench_q -tAc "SELECT code FROM item_versions WHERE status = 'Published' AND appointment_supported AND for_persons ORDER BY code LIMIT 1")

# 50 citizens log in from one address: the per-address code limit is raised for the run.
(cd "$(dirname "$DLL")" && exec dotnet "$DLL" --urls "http://127.0.0.1:$PORT" --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" \
  --Tongban:Database:MigrateOnStart=false --Tongban:Security:CodesPerIpPerHour=1000 \
  --Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Warning --Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore=Warning > "$WORK/server.log" 2>&1) &
PID=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.2; done

pct() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) {print "no requests"; exit} printf "p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  (n=%d)", a[int(NR*0.5)+1], a[int(NR*0.95)], a[int(NR*0.99)], NR}'; }
p95() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int(NR*0.95)] : 0)}'; }
drive() { dotnet "$DRIVER" --base "http://127.0.0.1:$PORT" --duration "$D" --warmup 3 "$@"; }

echo "== 1. health, 20 and 50 clients, $D s"
drive --phase health --concurrency 20 --json "$WORK/health20.json" | tail -2
drive --phase health --concurrency 50 --json "$WORK/health50.json" | tail -2

echo "== 2. call-next, 20 clerks, 500 waiting, $D s"
: > "$WORK/server.log"
drive --phase callnext --concurrency 20 --waiting 500 --json "$WORK/call.json" | tail -5
grep -ao 'POST /api/queue/windows/[^ ]*/call-next responded 200 in [0-9.]*' "$WORK/server.log" | awk '{print $NF}' > "$WORK/call.ms"
echo "server-side call-next  $(pct < "$WORK/call.ms")"
echo "still waiting at the end: $(psql -h 127.0.0.1 -U "$PGUSER" -d tongban_bench_q -tAc "SELECT count(*) FROM queue_tickets WHERE status = 'Waiting'")"
echo "tickets called twice (must be 0): $(psql -h 127.0.0.1 -U "$PGUSER" -d tongban_bench_q -tAc "SELECT count(*) FROM (SELECT ticket_number FROM queue_tickets WHERE service_point_code = '350505-C' GROUP BY day, ticket_number HAVING count(*) > 1) d")"

echo "== 3. booking $ITEM, 50 citizens, $D s"
: > "$WORK/server.log"
drive --phase book --concurrency 50 --item "$ITEM" --json "$WORK/book.json" | tail -5
grep -ao 'POST /api/appointments responded 201 in [0-9.]*' "$WORK/server.log" | awk '{print $NF}' > "$WORK/book.ms"
echo "server-side booking  $(pct < "$WORK/book.ms")"
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=

echo "== 4. pgbench -S, 20 clients, $D s"
psql -h 127.0.0.1 -U "$PGUSER" -d postgres -q -c "DROP DATABASE IF EXISTS tongban_pgbench" -c "CREATE DATABASE tongban_pgbench" 2>/dev/null
pgbench -h 127.0.0.1 -U "$PGUSER" -i -s 10 -q tongban_pgbench >/dev/null 2>&1
pgbench -h 127.0.0.1 -U "$PGUSER" -S -c 20 -j 2 -T "$D" tongban_pgbench 2>/dev/null | grep -E "^tps|latency average" || true

client_p95() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(next(o["p95"] for o in r["ops"] if o["name"] == sys.argv[2]))' "$@"; }
H20=$(client_p95 "$WORK/health20.json" health); H50=$(client_p95 "$WORK/health50.json" health)
CC=$(client_p95 "$WORK/call.json" "queue call-next"); BC=$(client_p95 "$WORK/book.json" "appointment book")
C=$(p95 < "$WORK/call.ms"); B=$(p95 < "$WORK/book.ms")
echo "== summary"
awk -v c="$C" -v b="$B" -v cc="$CC" -v bc="$BC" -v h20="$H20" -v h50="$H50" 'BEGIN {
  printf "call-next  server p95 %6.2f ms (target < 30: %s); client p95 %6.2f ms = %.1f × GET /health at 20 clients (%.2f ms)\n", c, (c < 30 ? "met" : "NOT met"), cc, cc / h20, h20;
  printf "booking    server p95 %6.2f ms (target < 30: %s); client p95 %6.2f ms = %.1f × GET /health at 50 clients (%.2f ms)\n", b, (b < 30 ? "met" : "NOT met"), bc, bc / h50, h50 }'
