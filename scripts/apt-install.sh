#!/usr/bin/env bash
# Installs Debian packages the project's tests or benches need: as root at once (CI and fresh
# machines run as root), otherwise one line saying what to run.
# usage: apt-install.sh "<who needs them>" <package>…
set -euo pipefail
who=$1
shift
if [ "$(id -u)" -ne 0 ]; then
  echo "$who need $*: run 'sudo apt-get install -y $*' once." >&2
  exit 1
fi
echo "Installing Debian's $* for $who…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "$@" >/dev/null
