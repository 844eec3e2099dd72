#!/usr/bin/env bash
# Installs nanokit and everything it needs on a fresh Debian/Ubuntu machine, then builds the
# sample program's portal into site/. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if command -v apt-get >/dev/null 2>&1; then
  # WeasyPrint needs Pango; libharfbuzz-subset0 makes font subsetting fast and byte-reproducible;
  # poppler-utils and chromium let the tests read PDFs and drive the portal like a user.
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation2 \
    poppler-utils chromium >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
nanokit build --audience all
