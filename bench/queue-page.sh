#!/usr/bin/env bash
# Staff queue pages with 1 M cases in PostgreSQL (issue 3: < 30 ms server-side).
#   bash bench/queue-page.sh [cases=1000000] [rounds=100]
# Needs a running PostgreSQL with a role that may create databases (as .ci/run sets up):
#   TONGBAN_BENCH_POSTGRES="Host=127.0.0.1;Username=tongban;Password=tongban-ci" (default shown).
# Loads the demo district into a fresh database tongban_bench, adds N cases with SQL (97 % closed,
# 3 % open in the queues, spread over 34 departments and a year), ANALYZEs, then times the queue
# pages as the reviewer (list pages never decrypt the applicant's ID number or mobile, so the bench rows hold
# placeholders there) (department D01) and the clerk (district center) from Tongban's request log.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
ROUNDS=${2:-100}
PORT=5098
BASE=${TONGBAN_BENCH_POSTGRES:-"Host=127.0.0.1;Username=tongban;Password=tongban-ci"}
CONN="$BASE;Database=tongban_bench"
export PGPASSWORD=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Password=//p')
PGUSER=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Username=//p')
psql_bench() { psql -h 127.0.0.1 -U "$PGUSER" -d tongban_bench -v ON_ERROR_STOP=1 -q "$@"; }
WORK=$(mktemp -d)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build src/Tongban -c Release -v q -nologo -p:TongbanSkipWeb=true >/dev/null
DLL=$(pwd)/src/Tongban/bin/Release/net10.0/Tongban.dll
export ASPNETCORE_ENVIRONMENT=Development   # demo mode and a development audit key
psql -h 127.0.0.1 -U "$PGUSER" -d postgres -q -c "DROP DATABASE IF EXISTS tongban_bench" 2>/dev/null
(cd "$(dirname "$DLL")" && dotnet "$DLL" migrate --Tongban:Demo:Enabled=true --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" >/dev/null)

echo "== loading $N cases"
start=$(date +%s)
psql_bench <<SQL
WITH items AS (
  SELECT array_agg(id ORDER BY id) AS ids, array_agg(code ORDER BY id) AS codes, array_agg(name ORDER BY id) AS names,
         array_agg(department_code ORDER BY id) AS departments, count(*)::int AS n
  FROM item_versions WHERE status = 'Published'),
points AS (SELECT array_agg(code ORDER BY code) AS codes, count(*)::int AS n FROM service_points)
INSERT INTO cases (applicant_id_index, number, region_code, item_version_id, item_code, item_name, status, channel, applicant_kind, applicant_name,
  applicant_id_number, applicant_mobile, service_point_code, department_code, form_json, submitted_at, updated_at, revision,
  awaiting_role, current_review_step, is_immediate, legal_limit_days, promised_limit_days, review_steps, tolerance_missing,
  promised_due_date, legal_due_date, accepted_at)
SELECT md5(g::text)::varchar(32), '350505-2024-' || lpad(g::text, 7, '0'), '350505', items.ids[1 + g % items.n], items.codes[1 + g % items.n], items.names[1 + g % items.n],
  CASE WHEN g % 100 < 97 THEN 'Delivered' WHEN g % 3 = 0 THEN 'Submitted' WHEN g % 3 = 1 THEN 'Accepted' ELSE 'InReview' END,
  (ARRAY['Window','Online','Mobile','Kiosk'])[1 + g % 4], 'Person', '测试' || (g % 1000), 'v1.bench-not-decryptable', 'v1.bench-not-decryptable',
  CASE WHEN (g / 7) % 10 < 6 THEN '350505-C' ELSE points.codes[1 + (g / 7) % points.n] END,
  items.departments[1 + g % items.n], '{}',
  now() - make_interval(mins => (g % 525600)), now(), 1,
  CASE WHEN g % 100 < 97 THEN NULL WHEN g % 3 = 0 THEN 'clerk' WHEN g % 3 = 1 THEN 'reviewer' ELSE 'approver' END,
  0, false, 20, 10, '{1}', '{}',
  (now() - make_interval(mins => (g % 525600)))::date + 14, (now() - make_interval(mins => (g % 525600)))::date + 28,
  now() - make_interval(mins => (g % 525600))
FROM generate_series(1, $N) AS g, items, points;
VACUUM ANALYZE cases;
SQL
echo "loaded in $(( $(date +%s) - start )) s: $(psql_bench -tAc 'SELECT count(*) FROM cases') cases"

(cd "$(dirname "$DLL")" && exec dotnet "$DLL" --urls "http://127.0.0.1:$PORT" --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" \
  --Tongban:Database:MigrateOnStart=false --Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Warning > "$WORK/server.log" 2>&1) &
PID=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.2; done
token() { curl -sf -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"Demo#2026\"}" "http://127.0.0.1:$PORT/api/auth/staff/login" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/'; }
REVIEWER=$(token reviewer); CLERK=$(token clerk)
declare -A pages=(
  ["reviewer 待办 (view=todo)"]="$REVIEWER|view=todo&pageSize=20"
  ["reviewer department list, page 1"]="$REVIEWER|department=D01&pageSize=20"
  ["reviewer department list, page 50"]="$REVIEWER|department=D01&page=50&pageSize=20"
  ["clerk 待办 (view=todo)"]="$CLERK|view=todo&pageSize=20"
  ["clerk status=submitted"]="$CLERK|status=submitted&pageSize=20"
)
pct() { sort -n | awk '{a[NR]=$1} END {printf "p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  (n=%d)", a[int(NR*0.5)], a[int(NR*0.95)], a[int(NR*0.99)], NR}'; }
for name in "${!pages[@]}"; do
  IFS='|' read -r tok query <<< "${pages[$name]}"
  for _ in 1 2 3 4 5; do curl -sf -H "Authorization: Bearer $tok" "http://127.0.0.1:$PORT/api/cases?$query" >/dev/null; done
  : > "$WORK/server.log"
  total=$(curl -sf -H "Authorization: Bearer $tok" "http://127.0.0.1:$PORT/api/cases?$query" | sed 's/.*"total":\([0-9]*\).*/\1/')
  for _ in $(seq 1 "$ROUNDS"); do curl -sf -H "Authorization: Bearer $tok" "http://127.0.0.1:$PORT/api/cases?$query" >/dev/null; done
  sleep 0.3
  printf '%-36s total %7s  %s\n' "$name" "$total" "$(grep -ao 'GET /api/cases responded 200 in [0-9.]*' "$WORK/server.log" | awk '{print $NF}' | pct)"
done
echo "target: p95 < 30 ms"
