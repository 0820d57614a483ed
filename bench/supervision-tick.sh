#!/usr/bin/env bash
# Supervision watcher tick at 10 k vs 1 M open cases (issue 6: a tick over 1 M open cases with 100 due
# costs under 2 × the same tick over 10 k).
#   bash bench/supervision-tick.sh [rounds=30] [at]
# at: the instant the watcher's clock starts from (default: the next Monday–Friday, 09:30 Beijing), so that ticks
# run in office hours and raise alerts as they do by day (at night they only reschedule, which is cheaper).
# Needs a running PostgreSQL with a role that may create databases (as .ci/run sets up):
#   TONGBAN_BENCH_POSTGRES="Host=127.0.0.1;Username=tongban;Password=tongban-ci" (default shown).
# Loads the demo district (with its history, for one encrypted applicant to copy) into tongban_bench_sv,
# adds N open cases in review (overdue, next check a month away), ANALYZEs, then runs
# `Tongban supervision bench`: each round makes 100 of them due and times one watcher tick
# (claim with FOR UPDATE SKIP LOCKED, evaluate, raise, schedule), after warm-up rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-30}
next_weekday() { local d=1; while [ "$(TZ=Asia/Shanghai date -d "+$d day" +%u)" -gt 5 ]; do d=$((d + 1)); done; TZ=Asia/Shanghai date -d "+$d day" +%Y-%m-%dT09:30:00+08:00; }
AT=${2:-$(next_weekday)}
BASE=${TONGBAN_BENCH_POSTGRES:-"Host=127.0.0.1;Username=tongban;Password=tongban-ci"}
CONN="$BASE;Database=tongban_bench_sv"
export PGPASSWORD=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Password=//p')
PGUSER=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Username=//p')
psql_bench() { psql -h 127.0.0.1 -U "$PGUSER" -d tongban_bench_sv -v ON_ERROR_STOP=1 -q "$@"; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

dotnet build src/Tongban -c Release -v q -nologo -p:TongbanSkipWeb=true >/dev/null
DLL=$(pwd)/src/Tongban/bin/Release/net10.0/Tongban.dll
export ASPNETCORE_ENVIRONMENT=Development   # demo mode and development keys (kept in $WORK)
psql -h 127.0.0.1 -U "$PGUSER" -d postgres -q -c "DROP DATABASE IF EXISTS tongban_bench_sv" 2>/dev/null
(cd "$(dirname "$DLL")" && dotnet "$DLL" migrate --Tongban:Demo:Enabled=true --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" >/dev/null)

for N in 10000 1000000; do
  echo "== $N open cases"
  psql_bench <<SQL
DELETE FROM cases WHERE number LIKE 'BENCH-%';
-- Every case of the history leaves the watcher alone; only the bench cases take part.
UPDATE cases SET next_check_at = NULL;
INSERT INTO cases (applicant_id_index, number, region_code, item_version_id, item_code, item_name, status, channel, applicant_kind, applicant_name,
  applicant_id_number, applicant_mobile, service_point_code, department_code, form_json, submitted_at, updated_at, revision,
  awaiting_role, current_review_step, is_immediate, legal_limit_days, promised_limit_days, legal_limit_unit, promised_limit_unit,
  review_steps, tolerance_missing, promised_due_date, legal_due_date, accepted_at, pre_review_due_date, next_check_at)
SELECT s.applicant_id_index, 'BENCH-' || lpad(g::text, 8, '0'), s.region_code, s.item_version_id, s.item_code, s.item_name, 'InReview', s.channel, s.applicant_kind,
  s.applicant_name, s.applicant_id_number, s.applicant_mobile, s.service_point_code, s.department_code, '{}', now() - interval '30 days', now(), 1,
  'reviewer', 0, false, 20, 10, 'WorkingDay', 'WorkingDay', s.review_steps, '{}', current_date - 3, current_date + 20, now() - interval '29 days', current_date - 20,
  now() + interval '30 days' + make_interval(secs => g)
FROM generate_series(1, $N) AS g,
  (SELECT * FROM cases WHERE status IN ('Accepted', 'InReview') AND number NOT LIKE 'BENCH-%' ORDER BY id LIMIT 1) AS s;
VACUUM ANALYZE cases;
SQL
  (cd "$(dirname "$DLL")" && dotnet "$DLL" supervision bench "$ROUNDS" 100 "$AT" --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" \
    --Tongban:Database:MigrateOnStart=false --Tongban:Supervision:SendSms=false --Serilog:MinimumLevel:Default=Warning)
done
echo "target: p50 at 1 M < 2 × p50 at 10 k (clock from $AT)"
