#!/usr/bin/env bash
# Makes the v0.1 upgrade fixtures (README.md beside this script): a SQLite file and a PostgreSQL dump, each with
# the demo district (no case history) and five cases made through the HTTP API of a v0.1 build.
#
#   bash make-fixtures.sh [V01_BUILD_DIR]
#
# V01_BUILD_DIR holds a published v0.1 build (Tongban.dll). Without it the script builds one from the git tag
# v0.1 (git archive + dotnet publish, web app skipped: the fixtures need only the API).
# PostgreSQL: PGHOST, PGPORT, PGUSER, PGPASSWORD name the server and a role with CREATEDB (defaults: the CI's).
set -euo pipefail

OUT=$(cd "$(dirname "$0")" && pwd)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-tongban} PGPASSWORD=${PGPASSWORD:-tongban-ci}
PORT=${TONGBAN_FIXTURE_PORT:-5391}
BASE="http://127.0.0.1:$PORT"
# Test-only keys, also written in UpgradeFromV01Tests.cs: the fixtures' personal data and audit chain need them.
PERSONAL_DATA_KEY='hnICSI9BOc3DU0U8sjMWQTQ90kv/tnRh4GWnyCULsaE='
AUDIT_KEY='RzHcR9OojAAgeuNIidrCNSPkPhAGva5iTZor4XfbYI8='

WORK=$(mktemp -d /tmp/tongban-v01-fixtures.XXXXXX)
APP_PID=""
cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID"; wait "$APP_PID" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

BUILD=${1:-}
if [[ -z "$BUILD" ]]; then
  repo=$(git -C "$OUT" rev-parse --show-toplevel)
  mkdir -p "$WORK/src"
  git -C "$repo" archive v0.1 | tar -x -C "$WORK/src"
  dotnet publish "$WORK/src/src/Tongban" -c Release -p:TongbanSkipWeb=true -o "$WORK/build" >"$WORK/publish.log"
  BUILD="$WORK/build"
fi
[[ -f "$BUILD/Tongban.dll" ]] || { echo "no Tongban.dll in $BUILD" >&2; exit 1; }

# Runs the v0.1 app in the background with the demo district and the fixed keys; extra NAME=VALUE settings follow.
start_app() {
  env ASPNETCORE_ENVIRONMENT=Staging ASPNETCORE_URLS="$BASE" \
    Tongban__Demo__Enabled=true Tongban__Demo__CaseHistory=false \
    Tongban__PersonalData__Key="$PERSONAL_DATA_KEY" Tongban__Audit__Key="$AUDIT_KEY" \
    Tongban__Files__Root="$WORK/files" Serilog__MinimumLevel__Default=Warning \
    "$@" dotnet "$BUILD/Tongban.dll" >"$WORK/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 240); do
    if curl -sf "$BASE/health" >/dev/null; then return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/app.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "v0.1 did not become healthy" >&2; exit 1
}

stop_app() {
  kill "$APP_PID"
  wait "$APP_PID" || true
  APP_PID=""
}

token() {
  curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"Demo#2026\"}" "$BASE/api/auth/staff/login" | jq -r .accessToken
}

# post TOKEN PATH BODY [IDEMPOTENCY_KEY] -> prints the response's status
post() {
  local headers=(-H "Authorization: Bearer $1" -H 'Content-Type: application/json')
  [[ $# -ge 4 ]] && headers+=(-H "Idempotency-Key: $4")
  local body
  body=$(curl -s -w '\n%{http_code}' "${headers[@]}" -d "$3" "$BASE$2")
  [[ "${body##*$'\n'}" == 2* ]] || { echo "POST $2 failed: $body" >&2; exit 1; }
  printf '%s' "${body%$'\n'*}" | jq -r .status
}

submit() { # submit KEY ITEM MATERIALS_JSON NAME ID MOBILE -> case number
  local body="{\"itemCode\":\"$2\",\"channel\":\"window\",\"applicant\":{\"kind\":\"person\",\"name\":\"$4\",\"idNumber\":\"$5\",\"mobile\":\"$6\"},\"materials\":$3}"
  curl -sf -H "Authorization: Bearer $CLERK" -H 'Content-Type: application/json' -H "Idempotency-Key: $1" -d "$body" "$BASE/api/cases" | jq -r .caseNumber
}

# make_cases SQL_COMMAND...: the five cases, through the API as the demo clerk, reviewer and approver.
make_cases() {
  local sql=("$@")
  local immediate licence materials
  # The demo catalog is fixed: the same items on both databases (the ones the integration tests pick).
  immediate=$("${sql[@]}" "select i.code from item_versions i where i.status = 'Published' and i.case_kind = 'Immediate' and i.for_persons = true and not exists (select 1 from material_requirements m where m.item_version_id = i.id and m.necessity <> 'Optional' and m.code <> 'M01') order by i.id limit 1")
  licence=$("${sql[@]}" "select i.code from item_versions i join staff_users u on u.username = 'reviewer' and u.department_code = i.department_code where i.status = 'Published' and i.item_type = 'Licensing' and i.for_persons = true and i.tolerance_allowed = true and exists (select 1 from material_requirements m where m.item_version_id = i.id and m.necessity = 'Tolerable') order by i.id limit 1")
  materials=$("${sql[@]}" "select m.code from material_requirements m join item_versions i on i.id = m.item_version_id where i.code = '$licence' and i.status = 'Published' and m.necessity in ('Required', 'Tolerable') order by m.code" | jq -Rn '[inputs | {requirementCode: .}]' -c)
  CLERK=$(token clerk)
  local reviewer approver n pickup
  reviewer=$(token reviewer)
  approver=$(token approver)

  # 1: a licence through 受理 → 审核 → 审批 → 办结.
  n=$(submit v01-fixture-1 "$licence" "$materials" 郑海燕 11010519491231002X 13800138000)
  post "$CLERK" "/api/cases/$n/accept" '{}' >/dev/null
  post "$reviewer" "/api/cases/$n/review" '{"decision":"approve","opinion":"材料真实齐全，同意"}' >/dev/null
  post "$approver" "/api/cases/$n/review" '{"decision":"approve","opinion":"准予许可"}' >/dev/null
  echo "$n $(post "$approver" "/api/cases/$n/complete" '{"delivery":{"method":"pickup"},"documentNumber":"泉港审批许〔2026〕1号"}')"
  # 2: accepted, in review at the department.
  n=$(submit v01-fixture-2 "$licence" "$materials" 林志强 440524188001010014 13800138001)
  echo "$n $(post "$CLERK" "/api/cases/$n/accept" '{}')"
  # 3: a one-time correction notice (一次性告知) awaits the applicant.
  n=$(submit v01-fixture-3 "$licence" "$materials" 陈美玲 11010519491231002X 13800138002)
  echo "$n $(post "$CLERK" "/api/cases/$n/pre-review" '{"result":"correct","corrections":[{"requirementCode":"M01","reason":"身份证复印件不清晰"}]}')"
  # 4: an immediate case (即办件) completed at the window.
  n=$(submit v01-fixture-4 "$immediate" '[{"requirementCode":"M01"}]' 黄建华 440524188001010014 13800138003)
  echo "$n $(post "$CLERK" "/api/cases/$n/complete" '{"delivery":{"method":"pickup"}}')"
  # 5: just received.
  n=$(submit v01-fixture-5 "$licence" "$materials" 吴丽娟 11010519491231002X 13800138004)
  echo "$n submitted"
}

counts() {
  "$@" "select 'cases=' || (select count(*) from cases) || ' audit_entries=' || (select count(*) from audit_entries) || ' staff_users=' || (select count(*) from staff_users)"
}

echo "== SQLite"
db="$WORK/tongban.db"
start_app Tongban__Database__Provider=sqlite Tongban__Database__SqlitePath="$db"
sqlite=(sqlite3 "$db")
make_cases "${sqlite[@]}"
stop_app
# v0.1 keeps SQLite in WAL mode: fold the log into the file so the one file is the whole database; VACUUM only
# packs the pages (same rows, a smaller gzip).
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
rm -f "$db-wal" "$db-shm"
counts "${sqlite[@]}"
gzip -9 -n -c "$db" >"$OUT/v0.1.sqlite.gz"

echo "== PostgreSQL"
name="tongban_v01_fixture_$$"
start_app Tongban__Database__Provider=postgres "ConnectionStrings__Tongban=Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$name"
psql_=(psql -d "$name" -X -At -c)
make_cases "${psql_[@]}"
stop_app
counts "${psql_[@]}"
pg_dump -Fc -Z 9 --no-owner --no-privileges -d "$name" -f "$OUT/v0.1.pgdump"
psql -d postgres -X -q -c "DROP DATABASE \"$name\""

ls -l "$OUT"/v0.1.*
