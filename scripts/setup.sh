#!/usr/bin/env bash
# Set up nianbao on a fresh Debian 12 machine with Python 3.11 (idempotent: a second run
# only checks). Installs:
#   - Debian packages: chromium (Playwright drives Debian's browser; a browser download
#     fails here), CJK fonts, antiword/catdoc (.doc/.wps), poppler-utils, LibreOffice
#     Writer (the last resort for .doc/.wps, and renders the DOC test corpus), wget
#     (the crawl benchmark compares against `wget --warc-file`);
#   - .venv       — nianbao and its Python dependencies (editable), with dev tools;
#   - .venv-pywb  — pywb in its own virtualenv: its pins clash with Scrapy's.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium fonts-wqy-zenhei antiword catdoc poppler-utils libreoffice-writer-nogui wget)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PYTHON" -m venv .venv
  .venv/bin/pip install -q -U pip
fi
.venv/bin/pip install -q -e '.[dev]'

if [ ! -x .venv-pywb/bin/wayback ]; then
  echo "setup: creating .venv-pywb (pywb 2.10.0)"
  "$PYTHON" -m venv .venv-pywb
  .venv-pywb/bin/pip install -q -U pip
  .venv-pywb/bin/pip install -q 'pywb==2.10.0'
fi
echo "setup: done (.venv, .venv-pywb)"
