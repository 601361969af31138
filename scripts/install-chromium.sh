#!/usr/bin/env bash
# Installs what the browser and feed tests need from Debian: Chromium (never a downloaded browser)
# and python3-feedparser (a real feed parser). Needs root or sudo.
set -euo pipefail
if [ -x /usr/bin/chromium ] && /usr/bin/python3 -c 'import feedparser' 2>/dev/null; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present); feedparser: present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium fonts-dejavu-core python3-feedparser >/dev/null
echo "chromium: $(/usr/bin/chromium --version)"
