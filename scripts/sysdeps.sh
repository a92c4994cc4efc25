#!/usr/bin/env bash
# Installs (as root) or names (otherwise) the Debian packages the kiosk needs.
#   scripts/sysdeps.sh run   -> Qt's libraries for a real X11 window
#   scripts/sysdeps.sh test  -> Qt offscreen + the tools the tests use (pdftotext, zbar, Xvfb, espeak-ng)
set -euo pipefail
mode=${1:-run}

# Qt 6 (PySide6-Essentials) offscreen, from tech-notes §1.2
pkgs=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0)
# a real X11 window (xcb)
pkgs+=(libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
       libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
       libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0)
# read-aloud (espeak-ng writes a WAV, aplay/sox plays it)
pkgs+=(espeak-ng alsa-utils)
if [ "$mode" = test ]; then
  # PDF text/PNG checks, QR decoding, Xvfb screenshots, WAV checks
  pkgs+=(poppler-utils zbar-tools libzbar0 xvfb xauth sox)
  # a real print queue for the printing test: CUPS with the cups-pdf virtual printer
  pkgs+=(cups cups-client cups-bsd printer-driver-cups-pdf)
fi
# python3 -m venv needs ensurepip (Debian splits it into python3-venv)
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then pkgs+=(python3-venv); fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  echo "Cài các gói hệ thống còn thiếu: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Thiếu gói hệ thống. Hãy chạy với quyền quản trị:"
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
  # the kiosk cannot start without Qt's libraries; tests skip what needs the tools
  [ "$mode" = run ] && exit 1 || exit 0
fi
