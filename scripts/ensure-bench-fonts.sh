#!/usr/bin/env bash
# The widget benches measure the layout of Japanese text: without a Japanese face on the machine
# they would time the shaping of empty boxes (tofu), not what a visitor's browser does.
set -euo pipefail
if [ -n "$(fc-list :lang=ja family 2>/dev/null)" ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The widget benches need a Japanese font: run 'sudo apt-get install -y fonts-ipafont-gothic fonts-ipafont-mincho' once." >&2
  exit 1
fi
echo "Installing Debian's IPA fonts for the widget benches…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq fonts-ipafont-gothic fonts-ipafont-mincho >/dev/null
