#!/usr/bin/env bash
# Installs Debian's redis-server and redis-tools (redis-benchmark, redis-cli for clusters) when missing.
# Sourced by run.sh and test.sh so that both work on a fresh machine.
source "$(dirname "${BASH_SOURCE[0]}")/ensure-debian-packages.sh"
ensure_debian_packages "redis-server redis-benchmark redis-cli" redis-server redis-tools
