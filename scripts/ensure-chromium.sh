#!/usr/bin/env bash
# Installs Debian's chromium when missing: the dashboard's browser test drives it through
# Microsoft.Playwright, which cannot download a browser of its own here.
# Sourced by test.sh so that it works on a fresh machine.
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing chromium ..."
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium >/dev/null
fi
