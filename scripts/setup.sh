#!/usr/bin/env bash
# Set up everything Storyboard Studio needs on a Debian/Ubuntu machine; safe to run again.
#   - the Qt system libraries (installed with apt when missing and this user can), and the
#     PostgreSQL server the tests start a throwaway copy of (the app itself needs none), and
#     the tools that check our exports: MLT's melt (what Kdenlive renders with) and poppler
#   - a virtual environment in .venv with the app and its development tools
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
QT_LIBS=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
  libxkbcommon0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libpulse0
  fontconfig-config fonts-dejavu-core xvfb xauth)
TEST_PACKAGES=(postgresql melt poppler-utils)

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

if command -v dpkg-query >/dev/null 2>&1; then
  mapfile -t missing < <(missing_packages "${QT_LIBS[@]}" "${TEST_PACKAGES[@]}")
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then apt_cmd=(apt-get); elif sudo -n true 2>/dev/null; then apt_cmd=(sudo apt-get); else apt_cmd=(); fi
    if [ "${#apt_cmd[@]}" -gt 0 ]; then
      echo "Installing system libraries: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      "${apt_cmd[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
        "${apt_cmd[@]}" update -qq >/dev/null
        "${apt_cmd[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
      }
    else
      echo "warning: these system libraries are missing and I cannot install them without root:"
      echo "  sudo apt-get install ${missing[*]}"
    fi
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  rm -f .venv/.installed-* && touch "$stamp"
fi
echo "Setup complete: .venv/bin/storyboard-app"
