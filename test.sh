#!/usr/bin/env bash
# Runs the whole test suite against real redis-server processes (the tests start their own), then
# the Customers, Events and DataModel suites again on a three-primary Redis Cluster (REDIS_TOPOLOGY=cluster).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/ensure-redis.sh
# The dashboard's browser test drives Debian's chromium (Playwright cannot download a browser
# here); the README examples test runs curl.
ensure_debian_packages chromium chromium
ensure_debian_packages curl curl
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet build Deployteq.Aspire.sln -c Release -nologo -v quiet -clp:ErrorsOnly
# The suites that start the whole system (AppHost.Tests, EndToEnd.Tests) run last and alone: on a
# two-core machine, next to the other suites, the system took more than their deadline to start.
for project in $(ls -d tests/*.Tests | grep -v -e AppHost.Tests -e EndToEnd.Tests) tests/AppHost.Tests tests/EndToEnd.Tests; do
  echo "== $project"
  dotnet test "$project" -c Release --no-build "$@" 2>&1 | tee -a "$log" || status=$?
done
for project in tests/Services.Customers.Tests tests/Services.Events.Tests tests/Services.DataModel.Tests; do
  echo "== $project on a Redis Cluster"
  REDIS_TOPOLOGY=cluster dotnet test "$project" -c Release --no-build "$@" 2>&1 | tee -a "$log" || status=$?
done
# One closing line over every test project: "Tests: N passed, N failed".
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "Tests: ${passed} passed, ${failed} failed"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
