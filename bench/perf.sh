#!/usr/bin/env bash
# Issue 8's performance harness: Tongban under a realistic mixed load, reported as ratios to the machine's own limits
# measured in the same run.
#   bash bench/perf.sh --quick                 100 k cases, 20 s per phase: under 5 minutes
#   bash bench/perf.sh [--cases N] [--concurrency C] [--duration S] [--warm S] [--reuse]
#                                              defaults: 1,000,000 cases, 8 clients, 30 s per phase after a 60 s warm-up (quick: 30 s);
#                                              --reuse keeps an already generated tongban_perf database (made from this
#                                              checkout: its personal data is encrypted with this build folder's data/keys)
# Needs what the README's test set-up (.ci/run) installs: PostgreSQL with the tongban role and pgbench, the .NET SDK, python3.
#
# Steps, each timed:
#  1. First start on SQLite, as `dotnet run` does for a new user: launch → /health 200 (migrations + demo district).
#  2. bench/generate.sh: the demo district and N cases in PostgreSQL database tongban_perf.
#  3. pgbench -N (TPC-B without the contended branch/teller updates) at C clients: the database's own write limit.
#  4. Tongban on tongban_perf, the published build (ReadyToRun) started anew: the cold start, launch → /health 200 and
#     straight into 20 s of submissions (post phase, see below), measured on their own.
#  5. After a warm-up of the mix, bench/Tongban.LoadDriver runs phase by phase, C clients each, closed loop:
#     health (the server's own limit), view (whole-case reads), post (POST /api/cases alone, every material reused
#     from the library, no upload) with C clerk sessions and with one shared session, submit (lookup + form upload +
#     submission), mix (40 % catalog, 20 % case views, 15 % queues, 10 % submissions, 10 % transitions, 5 % statistics),
#     sampling the server's resident memory during the mix.
#  6. The ratios against the targets of docs/performance.md, with the load average at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=1000000; C=8; D=30; REUSE=0; WARM=60
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) N=100000; D=20; WARM=30 ;;
    --cases) N=$2; shift ;;
    --concurrency) C=$2; shift ;;
    --duration) D=$2; shift ;;
    --reuse) REUSE=1 ;;
    --warm) WARM=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
PORT=5097
BASE=${TONGBAN_BENCH_POSTGRES:-"Host=127.0.0.1;Username=tongban;Password=tongban-ci"}
DB=tongban_perf
CONN="$BASE;Database=$DB"
export PGPASSWORD=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Password=//p')
PGUSER=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Username=//p')
PGHOST=$(echo "$BASE" | tr ';' '\n' | sed -n 's/^Host=//p')
WORK=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
ms() { echo "$(( $(date +%s%N) / 1000000 ))"; }
wait_health() { for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && return 0; sleep 0.1; done; echo "Tongban did not become healthy" >&2; return 1; }
START=$(ms)
echo "== Tongban performance harness: $N cases, $C clients, $D s per phase ($(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB)"

dotnet build src/Tongban -c Release -v q -nologo -p:TongbanSkipWeb=true >/dev/null
dotnet build bench/Tongban.LoadDriver -c Release -v q -nologo >/dev/null
BIN=$ROOT/src/Tongban/bin/Release/net10.0
# The server as deployed: published with ReadyToRun (precompiled code: less JIT right after a start). It runs in the
# build folder, its content root, whose data/ holds the development keys bench/generate.sh encrypted the data with.
PUB=$ROOT/src/Tongban/bin/Release/r2r
dotnet publish src/Tongban -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -p:TongbanSkipWeb=true \
  -o "$PUB" -v q -nologo >/dev/null
# The analyst may no longer open cases (CaseWork roles, docs/security.md): the case views go to the supervisor and the admin.
driver() { dotnet "$ROOT/bench/Tongban.LoadDriver/bin/Release/net10.0/Tongban.LoadDriver.dll" --base "http://127.0.0.1:$PORT" --concurrency "$C" --viewers supervisor,admin "$@"; }

echo "== 1. first start (SQLite, empty data folder)"
t0=$(ms)
(cd "$BIN" && ASPNETCORE_ENVIRONMENT=Development exec dotnet Tongban.dll --urls "http://127.0.0.1:$PORT" \
  "--Tongban:Database:SqlitePath=$WORK/first-start.db" > "$WORK/first-start.log" 2>&1) &
PID=$!
wait_health
FIRST_START=$(( $(ms) - t0 ))
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
echo "launch → /health 200: $FIRST_START ms"

echo "== 2. data"
if [ "$REUSE" = 1 ] && psql -h "$PGHOST" -U "$PGUSER" -d "$DB" -tAc "SELECT 1" >/dev/null 2>&1; then
  echo "reusing $DB: $(psql -h "$PGHOST" -U "$PGUSER" -d "$DB" -tAc 'SELECT count(*) FROM cases') cases"
else
  bash bench/generate.sh "$N" "$DB"
fi
N=$(psql -h "$PGHOST" -U "$PGUSER" -d "$DB" -tAc 'SELECT count(*) FROM cases')
# Whole-case views read a random sample of every case, open and closed (the driver views as a user who sees all).
psql -h "$PGHOST" -U "$PGUSER" -d "$DB" -tAc "SELECT number FROM cases TABLESAMPLE SYSTEM (2) LIMIT 20000" > "$WORK/cases.txt"

echo "== 3. pgbench -N, $C clients, $D s"
psql -h "$PGHOST" -U "$PGUSER" -d postgres -q -c "DROP DATABASE IF EXISTS tongban_pgbench" -c "CREATE DATABASE tongban_pgbench"
pgbench -h "$PGHOST" -U "$PGUSER" -i -s 10 -q tongban_pgbench >/dev/null 2>&1
PGBENCH_TPS=$(pgbench -h "$PGHOST" -U "$PGUSER" -N -c "$C" -j "$(( C < $(nproc) ? C : $(nproc) ))" -T "$D" tongban_pgbench 2>/dev/null \
  | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | tail -1)
echo "pgbench -N: $PGBENCH_TPS TPS"

echo "== 4. Tongban on PostgreSQL: the cold start"
t0=$(ms)
(cd "$BIN" && ASPNETCORE_ENVIRONMENT=Development exec dotnet "$PUB/Tongban.dll" --urls "http://127.0.0.1:$PORT" \
  --Tongban:Database:Provider=postgres "--ConnectionStrings:Tongban=$CONN" --Tongban:Database:MigrateOnStart=false \
  > "$WORK/server.log" 2>&1) &
PID=$!
wait_health
READY=$(( $(ms) - t0 ))
echo "launch → /health 200: $READY ms; then 20 s of submissions at once (setup: logins, an item, 8 first applications)"
driver --phase post --duration 20 --warmup 0 --people 8 --clerk-tokens "$C" --json "$WORK/cold.json"
echo "== 5. Tongban on PostgreSQL under load, warm"
# A server runs for days: measure it warm. Until the JIT has compiled the hot paths at full optimization (tiered
# compilation promotes a method after it has run a while, and later than that while new code keeps arriving), requests
# run partly in unoptimized code: with a 5 s warm-up, whole-case views measured 100-150/s, after a minute of the mix
# 240-260/s on the same build (docs/performance.md).
echo "-- warm-up: the mix for $WARM s (not measured)"
driver --phase mix --duration "$WARM" --warmup 0 --cases-file "$WORK/cases.txt" --json "$WORK/warm.json" >/dev/null
for phase in health view; do
  echo "-- $phase"
  driver --phase "$phase" --duration "$D" --warmup 5 --cases-file "$WORK/cases.txt" --json "$WORK/$phase.json"
done
# One clerk's token shared by all clients against one token per client, alternated so the machine's drift falls on both.
for round in 1 2; do
  echo "-- post, $C clerk sessions (round $round)"
  driver --phase post --duration "$D" --warmup 5 --clerk-tokens "$C" --json "$WORK/post-many-$round.json"
  echo "-- post, one clerk session (round $round)"
  driver --phase post --duration "$D" --warmup 5 --clerk-tokens 1 --json "$WORK/post-one-$round.json"
done
echo "-- submit (lookup + form upload + submission)"
driver --phase submit --duration "$D" --warmup 5 --json "$WORK/submit.json"
echo "-- mix"
: > "$WORK/rss.txt"
( while kill -0 "$PID" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$PID/status" >> "$WORK/rss.txt" 2>/dev/null; sleep 1; done ) &
SAMPLER=$!
driver --phase mix --duration "$D" --warmup 5 --cases-file "$WORK/cases.txt" --json "$WORK/mix.json"
kill "$SAMPLER" 2>/dev/null || true

echo
python3 - "$WORK" "$PGBENCH_TPS" "$FIRST_START" "$N" "$C" "$D" "$(( ($(ms) - START) / 1000 ))" "$READY" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
work, pgbench, first_start, n, c, d, elapsed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
ready, load = int(sys.argv[8]), sys.argv[9]
def load(phase): return json.load(open(f"{work}/{phase}.json"))
def op(result, name): return next(o for o in result["ops"] if o["name"] == name)
health, view, submit, mix, cold = load("health"), load("view"), load("submit"), load("mix"), load("cold")
rss = [int(x) for x in open(f"{work}/rss.txt").read().split()] or [0]
health_rps = op(health, "health")["perSecond"]
view_rps, sub = op(view, "case view")["perSecond"], op(submit, "submit")
# The post phases: submissions/s and p99 over both rounds (counts add up; p99 the worse round's).
many = [op(load(f"post-many-{r}"), "submit") for r in (1, 2)]
one = [op(load(f"post-one-{r}"), "submit") for r in (1, 2)]
many_rps, one_rps = sum(o["perSecond"] for o in many) / 2, sum(o["perSecond"] for o in one) / 2
many_p99 = max(o["p99"] for o in many)
cold_sub = op(cold, "submit")
def rates(ops): return ", ".join(f"{o['perSecond']:.0f}/s" for o in ops)
rows = [
  ("first start: launch → /health (SQLite, demo district)", f"{first_start / 1000:.1f} s", "< 15 s", first_start < 15000),
  ("whole-case views/s ÷ /health RPS", f"{view_rps:.0f} ÷ {health_rps:.0f} = {view_rps / health_rps:.3f}", "≥ 0.2", view_rps / health_rps >= 0.2),
  ("POST /api/cases/s (reused, no upload) ÷ pgbench -N TPS", f"{many_rps:.0f} ÷ {pgbench:.0f} = {many_rps / pgbench:.3f}", "≥ 0.1", many_rps / pgbench >= 0.1),
  ("POST /api/cases p99, warm", f"{many_p99:.1f} ms", "< 100 ms", many_p99 < 100),
  ("cold start: launch → /health (PostgreSQL, ReadyToRun)", f"{ready / 1000:.1f} s", "—", True),
  ("cold start: POST /api/cases p99, first 20 s", f"{cold_sub['p99']:.1f} ms (p50 {cold_sub['p50']:.1f})", "< 300 ms", cold_sub["p99"] < 300),
  ("one clerk session ÷ one session per client (POST/s)", f"{one_rps:.0f} ÷ {many_rps:.0f} = {one_rps / many_rps:.2f}", "≥ 0.8", one_rps / many_rps >= 0.8),
  ("server memory (max RSS) under the mix", f"{max(rss) / 1024:.0f} MB", "< 500 MB", max(rss) / 1024 < 500),
]
print(f"== results: {n:,} cases, {c} clients, {d} s per phase, {elapsed} s in all, load average {load}")
print(f"{'measure':58} {'result':28} {'target':10}")
for name, value, target, ok in rows:
    print(f"{name:58} {value:28} {target:10} {'met' if ok else 'not met'}")
print()
print(f"submit phase (lookup + form upload + submission): {sub['perSecond']:.0f}/s, p99 {sub['p99']:.1f} ms; "
      f"post rounds, {c} sessions: {rates(many)}; one session: {rates(one)}")
print()
print(f"mixed load ({mix['total']['perSecond']:.0f} requests/s in all):")
print(f"{'operation':22} {'count':>8} {'errors':>7} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
for o in mix["ops"]:
    print(f"{o['name']:22} {o['count']:8} {o['errors']:7} {o['perSecond']:8.1f} {o['p50']:8.1f} {o['p95']:8.1f} {o['p99']:8.1f}")
PY
