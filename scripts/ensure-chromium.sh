#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (driven by playwright-core,
# which downloads no browser of its own). Installs the `chromium` package when it is missing.
#
#   scripts/ensure-chromium.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium

log() { printf '[ensure-chromium] %s\n' "$*"; }
die() {
  printf '[ensure-chromium] error: %s\n' "$*" >&2
  exit 1
}

# shellcheck source=scripts/as-root.sh
source "$(dirname "${BASH_SOURCE[0]}")/as-root.sh"

if [ ! -x "$CHROMIUM" ]; then
  command -v apt-get >/dev/null 2>&1 || die "$CHROMIUM is missing and apt-get is not available — install Chromium there"
  log "installing Debian's chromium package"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
log "$("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM present")"
