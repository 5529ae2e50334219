#!/usr/bin/env bash
# Runs the whole system: the .NET Aspire AppHost starts Redis and every service, with Aspire's
# dashboard (http://localhost:18888), prints their endpoints and the administrator key, and stops
# everything on Ctrl+C or SIGTERM. Builds and runs Release, as the services run in production;
# CONFIGURATION=Debug ./run.sh runs a Debug build instead.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/ensure-redis.sh
configuration="${CONFIGURATION:-Release}"
dotnet build AppHost -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
# What AppHost/Properties/launchSettings.json's http profile sets, for a run without `dotnet run`:
# exec leaves no wrapper process between this shell and the AppHost, so a kill of what this
# script started reaches the AppHost itself, and Aspire's orchestrator then stops everything.
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:18888}"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="${ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL:-http://localhost:18889}"
export ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL="${ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL:-http://localhost:18890}"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
exec "AppHost/bin/$configuration/net10.0/AppHost" "$@"
