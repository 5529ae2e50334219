#!/usr/bin/env bash
# Runs the whole system: the AppHost starts Redis and every service, prints their endpoints and
# the administrator key, and stops everything on Ctrl+C. Builds and runs Release, as the services
# run in production; CONFIGURATION=Debug ./run.sh runs a Debug build instead.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/ensure-redis.sh
exec dotnet run -c "${CONFIGURATION:-Release}" --project AppHost "$@"
