#!/usr/bin/env bash
# Runs the whole test suite against real redis-server processes (the tests start their own).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/ensure-redis.sh
source scripts/ensure-chromium.sh
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Deployteq.Aspire.sln -c Release "$@" 2>&1 | tee "$log" || status=$?
# One closing line over every test project: "Tests: N passed, N failed".
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "Tests: ${passed} passed, ${failed} failed"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
