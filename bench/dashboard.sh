#!/usr/bin/env bash
# Statistics and big-screen queries with the counters of 10 M cases in PostgreSQL (issue 7: every dashboard query < 50 ms server-side).
#   bash bench/dashboard.sh [cases=10000000] [rounds=50]
# Needs a running PostgreSQL with a role that may create databases (as .ci/run sets up):
#   TONGBAN_BENCH_POSTGRES="Host=127.0.0.1;Username=tongban;Password=tongban-ci" (default shown).
#
# The statistics endpoints read only daily_case_stats (never the cases; see Modules/Analytics), so what 10 M cases mean
# to them is the counter rows those cases produce. This script loads the demo district into a fresh database
# tongban_bench_stats and then writes, with one SQL statement, exactly the rows `stats rebuild` would produce from N cases
# spread over the year before today: items Zipf-like (a few dominate), channels 55/25/12/8 % window/online/mobile/kiosk,
# window cases at a window of their point, kiosk cases at a kiosk, 95 % accepted, 93 % of completions on time, 10 %
# with a correction notice, 30 % reusing a library material. It ANALYZEs, starts Tongban, times every statistics
# endpoint as the analyst from Tongban's request log, and times /health in the same run as the machine's baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000000}
ROUNDS=${2:-50}
PORT=5099
BASE=${TONGBAN_BENCH_POSTGRES:-"Host=127.0.0.1;Username=tongban;Password=tongban-ci"}
DB=tongban_bench_stats
CONN="$BASE;Database=$DB"
export PGPASSWORD=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Password=//p')
PGUSER=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Username=//p')
psql_bench() { psql -h 127.0.0.1 -U "$PGUSER" -d "$DB" -v ON_ERROR_STOP=1 -q "$@"; }
WORK=$(mktemp -d)
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build src/Tongban -c Release -v q -nologo -p:TongbanSkipWeb=true >/dev/null
DLL=$(pwd)/src/Tongban/bin/Release/net10.0/Tongban.dll
export ASPNETCORE_ENVIRONMENT=Development   # demo mode and a development audit key
psql -h 127.0.0.1 -U "$PGUSER" -d postgres -q -c "DROP DATABASE IF EXISTS $DB" 2>/dev/null
(cd "$(dirname "$DLL")" && dotnet "$DLL" migrate --Tongban:Demo:Enabled=true --Tongban:Demo:CaseHistory=false --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" >/dev/null)

echo "== writing the counters of $N cases"
start=$(date +%s)
psql_bench <<SQL
SELECT setseed(0.20171117) \gset
CREATE TEMP TABLE pick_items AS SELECT row_number() OVER (ORDER BY code) AS i, code, department_code FROM item_versions WHERE status = 'Published';
CREATE TEMP TABLE pick_windows AS SELECT row_number() OVER (ORDER BY code) AS i, code, service_point_code FROM service_windows;
CREATE TEMP TABLE pick_kiosks AS SELECT row_number() OVER (ORDER BY code) AS i, code, coalesce(service_point_code, '350505-C') AS service_point_code FROM kiosks;
CREATE TEMP TABLE pick_points AS SELECT row_number() OVER (ORDER BY code) AS i, code FROM service_points;
INSERT INTO daily_case_stats (day, department_code, service_point_code, item_code, channel, desk_code,
  submitted, accepted, not_accepted, completed, on_time, overdue, withdrawn, corrections, materials_reused,
  rated1, rated2, rated3, rated4, rated5, certificates_issued, certificates_used)
SELECT day, it.department_code, CASE WHEN c.channel = 'Window' THEN w.service_point_code WHEN c.channel = 'Kiosk' THEN k.service_point_code ELSE p.code END,
  it.code, c.channel, CASE WHEN c.channel = 'Window' THEN w.code WHEN c.channel = 'Kiosk' THEN k.code ELSE '' END,
  count(*), count(*) FILTER (WHERE r1 < 0.95), count(*) FILTER (WHERE r1 >= 0.95 AND r1 < 0.965),
  count(*) FILTER (WHERE r1 < 0.93), count(*) FILTER (WHERE r1 < 0.93 AND r2 < 0.93), count(*) FILTER (WHERE r1 < 0.93 AND r2 >= 0.93),
  count(*) FILTER (WHERE r1 >= 0.98), count(*) FILTER (WHERE r2 < 0.10), count(*) FILTER (WHERE r3 < 0.30),
  -- 好差评 from 60 % of completed cases (mostly 非常满意), e-certificates for 20 % of completions; none used yet.
  count(*) FILTER (WHERE r1 < 0.93 AND r3 >= 0.98), count(*) FILTER (WHERE r1 < 0.93 AND r3 >= 0.97 AND r3 < 0.98),
  count(*) FILTER (WHERE r1 < 0.93 AND r3 >= 0.94 AND r3 < 0.97), count(*) FILTER (WHERE r1 < 0.93 AND r3 >= 0.80 AND r3 < 0.94),
  count(*) FILTER (WHERE r1 < 0.93 AND r3 >= 0.38 AND r3 < 0.80), count(*) FILTER (WHERE r1 < 0.93 AND r2 < 0.20), 0
FROM (
  SELECT current_date - (g % 365) AS day,
    1 + floor((SELECT count(*) FROM pick_items) * power(random(), 3))::int AS item_i,
    random() AS ch, random() AS r1, random() AS r2, random() AS r3,
    1 + floor((SELECT count(*) FROM pick_windows) * random())::int AS window_i,
    1 + floor((SELECT count(*) FROM pick_kiosks) * random())::int AS kiosk_i,
    CASE WHEN random() < 0.85 THEN 1 ELSE 1 + floor((SELECT count(*) FROM pick_points) * random())::int END AS point_i
  FROM generate_series(1, $N) AS g
) s
CROSS JOIN LATERAL (SELECT CASE WHEN s.ch < 0.55 THEN 'Window' WHEN s.ch < 0.80 THEN 'Online' WHEN s.ch < 0.92 THEN 'Mobile' ELSE 'Kiosk' END AS channel) c
JOIN pick_items it ON it.i = s.item_i
JOIN pick_windows w ON w.i = s.window_i
JOIN pick_kiosks k ON k.i = s.kiosk_i
JOIN pick_points p ON p.i = s.point_i
GROUP BY 1, 2, 3, 4, 5, 6;
-- The roll-up by day and by month (department × channel × desk × the item's 跑动次数 class, and the same summed over desks),
-- exactly as CaseStatistics keeps it.
INSERT INTO period_case_stats (grain, period_start, department_code, channel, desk_code, visits_class,
  submitted, accepted, not_accepted, completed, on_time, overdue, withdrawn, corrections, materials_reused,
  rated1, rated2, rated3, rated4, rated5, certificates_issued, certificates_used)
SELECT g.grain, g.period_start, d.department_code, d.channel, g.desk, coalesce(v.visits_class, 2),
  sum(submitted), sum(accepted), sum(not_accepted), sum(completed), sum(on_time), sum(overdue), sum(withdrawn), sum(corrections),
  sum(materials_reused), sum(rated1), sum(rated2), sum(rated3), sum(rated4), sum(rated5), sum(certificates_issued), sum(certificates_used)
FROM daily_case_stats d
LEFT JOIN (SELECT DISTINCT ON (code) code, least(visits_required, 2) AS visits_class FROM item_versions
           ORDER BY code, (status = 'Published') DESC, id DESC) v ON v.code = d.item_code
CROSS JOIN LATERAL (VALUES ('D', d.day, d.desk_code), ('M', date_trunc('month', d.day)::date, d.desk_code),
                           ('d', d.day, ''), ('m', date_trunc('month', d.day)::date, '')) AS g(grain, period_start, desk)
GROUP BY 1, 2, 3, 4, 5, 6;
VACUUM ANALYZE daily_case_stats;
VACUUM ANALYZE period_case_stats;
SQL
rows=$(psql_bench -tAc 'SELECT count(*) FROM daily_case_stats')
cases=$(psql_bench -tAc 'SELECT sum(submitted) FROM daily_case_stats')
echo "written in $(( $(date +%s) - start )) s: $rows counter rows for $cases cases ($(psql_bench -tAc "SELECT pg_size_pretty(pg_total_relation_size('daily_case_stats'))")), $(psql_bench -tAc 'SELECT count(*) FROM period_case_stats') roll-up rows"

(cd "$(dirname "$DLL")" && exec dotnet "$DLL" --urls "http://127.0.0.1:$PORT" --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" \
  --Tongban:Database:MigrateOnStart=false --Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Warning > "$WORK/server.log" 2>&1) &
PID=$!
until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null; do sleep 0.2; done
TOKEN=$(curl -sf -H 'content-type: application/json' -d '{"username":"analyst","password":"Demo#2026"}' "http://127.0.0.1:$PORT/api/auth/staff/login" | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
# The decline scan runs once at start (today not yet scanned): its duration is in the log.
for _ in $(seq 1 300); do grep -q "Decline scan" "$WORK/server.log" && break; sleep 1; done
grep -ao "Decline scan [^{]*" "$WORK/server.log" | head -1 || true

TODAY=$(date +%F); MONTH=$(date +%Y-%m-01); YEAR_AGO=$(date -d '-364 days' +%F); Q_AGO=$(date -d '-89 days' +%F)
endpoints=(
  "overview, this month|/api/stats/overview"
  "overview, today (the screen's live counter)|/api/stats/overview?from=$TODAY&to=$TODAY"
  "overview, a whole year|/api/stats/overview?from=$YEAR_AGO&to=$TODAY"
  "overview, a year, one department|/api/stats/overview?from=$YEAR_AGO&to=$TODAY&department=D02"
  "departments, this month|/api/stats/departments"
  "departments, a whole year|/api/stats/departments?from=$YEAR_AGO&to=$TODAY"
  "window ranking, this month|/api/stats/windows/ranking"
  "kiosks, this month|/api/stats/kiosks"
  "trend, 90 days|/api/stats/trends?metric=submitted&from=$Q_AGO&to=$TODAY"
  "trend, a year, one department|/api/stats/trends?metric=completed&from=$YEAR_AGO&to=$TODAY&department=D02"
  "satisfaction, this month|/api/stats/satisfaction"
  "e-certificates, this month|/api/stats/certificates"
  "declines|/api/stats/declines"
)
pct() { sort -n | awk '{a[NR]=$1*'"${SCALE:-1}"'} END {printf "p50 %7.2f ms  p95 %7.2f ms", a[int(NR*0.5)], a[int(NR*0.95)]}'; }
printf '%-46s %-34s %s\n' "endpoint" "server-side (request log)" "client round trip"
for entry in "${endpoints[@]}"; do
  name=${entry%%|*}; url=${entry#*|}; path=${url%%\?*}
  for _ in 1 2 3 4 5; do curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$url" >/dev/null; done
  : > "$WORK/server.log"; : > "$WORK/client.txt"
  for _ in $(seq 1 "$ROUNDS"); do curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$url" >> "$WORK/client.txt"; done
  sleep 0.3
  printf '%-46s %-34s %s\n' "$name" "$(grep -ao "GET $path responded 200 in [0-9.]*" "$WORK/server.log" | awk '{print $NF}' | pct)" "$(SCALE=1000 pct < "$WORK/client.txt")"
done
# The machine's own baseline in the same run: the cheapest request the server answers (not in the request log).
: > "$WORK/health.txt"
for _ in $(seq 1 "$ROUNDS"); do curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$PORT/health" >> "$WORK/health.txt"; done
printf '%-46s %-34s %s\n' "health (baseline)" "" "$(SCALE=1000 pct < "$WORK/health.txt")"
echo "target: every statistics query p95 < 50 ms server-side"
