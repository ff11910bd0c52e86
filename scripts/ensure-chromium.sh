#!/usr/bin/env bash
# Browser tests drive Debian's chromium (a test tool's own browser download cannot work here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
exec bash "$(dirname "$0")/apt-install.sh" "Browser tests" chromium
