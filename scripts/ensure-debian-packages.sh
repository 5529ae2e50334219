#!/usr/bin/env bash
# ensure_debian_packages "<commands>" <package>...: installs Debian's packages (with sudo when not
# root) unless every one of the commands is already on PATH, so run.sh and test.sh work on a
# fresh machine. Sourced; defines the function only.
ensure_debian_packages() {
  local commands=$1 command
  shift
  for command in $commands; do
    if ! command -v "$command" >/dev/null 2>&1; then
      local sudo=""
      if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
      echo "Installing $* ..."
      export DEBIAN_FRONTEND=noninteractive
      $sudo apt-get update -qq
      $sudo apt-get install -y -qq "$@" >/dev/null
      return
    fi
  done
}
