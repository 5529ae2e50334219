#!/usr/bin/env bash
# Installs Debian's redis-server and redis-tools (redis-benchmark, redis-cli for clusters) when missing.
# Sourced by run.sh and test.sh so that both work on a fresh machine.
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-benchmark >/dev/null 2>&1 \
  || ! command -v redis-cli >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing redis-server and redis-tools ..."
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq redis-server redis-tools >/dev/null
fi
