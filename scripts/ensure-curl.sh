#!/usr/bin/env bash
# Installs Debian's curl when missing: the README's examples are curl calls, and a test runs them.
# Sourced by test.sh so that it works on a fresh machine.
if ! command -v curl >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing curl ..."
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq curl >/dev/null
fi
