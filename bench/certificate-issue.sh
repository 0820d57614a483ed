#!/usr/bin/env bash
# Issue 19: time to issue one e-certificate (face PDF with the CJK font subset, SM2 seal over SM3, file store) and the
# size of its PDF, over N certificates (default 1,000) after 20 warm-up issuances.
#   bash bench/certificate-issue.sh [count=1000]
# Runs a Release build on a fresh SQLite database in a temporary folder (demo district without its history; the seal CA
# and the department's seal are made at the first issuance, inside the warm-up). Prints mean/p50/p95 per issuance,
# the batched save cost per certificate, and the PDF sizes; then the issuance rate as a ratio to this machine's own
# SM2 limit measured in the same run (`openssl speed -elapsed sm2`: wall-clock signatures per second on one core, before
# and after), so a loaded or faster machine moves both figures together.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-1000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
dotnet build src/Tongban -c Release -p:TongbanSkipWeb=true -v q -nologo >/dev/null
export Tongban__Database__SqlitePath="$WORK/bench.db" Tongban__Files__Root="$WORK/files" Tongban__Demo__Enabled=true Tongban__Demo__CaseHistory=false \
  Tongban__Certificates__DevKeyFile="$WORK/seal.key" Tongban__PersonalData__DevKeyFile="$WORK/pd.key" Tongban__Audit__DevKeyFile="$WORK/audit.key" \
  DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development Serilog__MinimumLevel__Default=Warning
# A setting name with a dot is no shell variable: env passes it.
QUIET=("Serilog__MinimumLevel__Override__Microsoft.EntityFrameworkCore=Warning" "Serilog__MinimumLevel__Override__Microsoft.AspNetCore=Warning")
env "${QUIET[@]}" dotnet src/Tongban/bin/Release/net10.0/Tongban.dll migrate >/dev/null
sm2_signs() { openssl speed -elapsed -seconds 3 sm2 2>/dev/null | awk '/SM2 \(CurveSM2\)/ {print $(NF-1)}'; }
BEFORE=$(sm2_signs)
env "${QUIET[@]}" dotnet src/Tongban/bin/Release/net10.0/Tongban.dll certificates bench "$COUNT" | tee "$WORK/bench.out"
AFTER=$(sm2_signs)
MEAN=$(sed -n 's/.*mean \([0-9.]*\),.*/\1/p' "$WORK/bench.out" | head -1)
awk -v mean="$MEAN" -v before="$BEFORE" -v after="$AFTER" 'BEGIN {
  rate = 1000 / mean; limit = (before + after) / 2
  printf "openssl speed sm2 (one core), signs/s: before %.0f, after %.0f\n", before, after
  printf "issuance rate (one thread): %.1f/s = %.4f of the SM2 signing limit (%.0f/s); one issuance costs %.0f raw SM2 signatures\n", rate, rate / limit, limit, limit / rate
}'
