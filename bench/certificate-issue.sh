#!/usr/bin/env bash
# Issue 19: time to issue one e-certificate (face PDF with the CJK font subset, SM2 seal over SM3, file store) and the
# size of its PDF, over N certificates (default 1,000) after 20 warm-up issuances.
#   bash bench/certificate-issue.sh [count=1000]
# Runs a Release build on a fresh SQLite database in a temporary folder (demo district without its history; the seal CA
# and the department's seal are made at the first issuance, inside the warm-up). Prints mean/p50/p95 per issuance,
# the batched save cost per certificate, and the PDF sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-1000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
dotnet build src/Tongban -c Release -p:TongbanSkipWeb=true -v q -nologo >/dev/null
export Tongban__Database__SqlitePath="$WORK/bench.db" Tongban__Files__Root="$WORK/files" Tongban__Demo__Enabled=true Tongban__Demo__CaseHistory=false \
  Tongban__Certificates__DevKeyFile="$WORK/seal.key" Tongban__PersonalData__DevKeyFile="$WORK/pd.key" Tongban__Audit__DevKeyFile="$WORK/audit.key" \
  DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
dotnet src/Tongban/bin/Release/net10.0/Tongban.dll migrate >/dev/null
dotnet src/Tongban/bin/Release/net10.0/Tongban.dll certificates bench "$COUNT"
