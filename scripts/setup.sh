#!/usr/bin/env bash
# Installs what Sanctum needs on Debian/Ubuntu. `setup.sh app` for running the app,
# `setup.sh test` for running every test (adds Xvfb, WebKitWebDriver, tauri-driver, xdotool).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-app}
# The tray icon is a StatusNotifierItem over D-Bus (no library); do-not-disturb during focus
# uses GNOME's notification settings through gsettings (KDE and XFCE need nothing more).
packages=(libwebkit2gtk-4.1-dev build-essential pkg-config curl
  libglib2.0-bin gsettings-desktop-schemas dconf-gsettings-backend dconf-service)
if [ "$what" = test ]; then
  # xfconf: the XFCE do-not-disturb test.
  packages+=(xvfb xauth webkit2gtk-driver dbus dbus-x11 xdotool dunst python3-venv chromium gnome-keyring
    xfconf libxfconf-0-3
    # The lean benchmark: fsyncs counted with strace, `sanctum log` beside Timewarrior's track.
    strace timewarrior)
  # TypeScript checks the page against the types generated from Rust (no build step).
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing system packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: cargo not found; install Rust from your package manager or rustup, then run this again" >&2
  exit 1
fi

if [ "$what" = test ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  # TypeScript checks the page's JavaScript (tsconfig.json); axe-core checks accessibility;
  # ical.js is an independent calendar reader the calendar tests compare with.
  if [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/axe-core ] || [ ! -d node_modules/ical.js ]; then
    echo "==> installing the test tools from package-lock.json (TypeScript, axe-core, ical.js)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  if ! tauri-driver --help >/dev/null 2>&1; then
    echo "==> installing tauri-driver"
    cargo install tauri-driver --locked --version '^2'
  fi
  # Independent calendar oracles (Python icalendar + recurring-ical-events, whose packages also
  # carry the real-world test calendars, and the strict PyPI `ical`), a real CalDAV server
  # (Radicale) and an independent CalDAV client (caldav) for the calendar tests.
  venv=target/oracle-venv
  if ! "$venv/bin/python" -c 'import icalendar, recurring_ical_events, ical, radicale, caldav, dbus_fast' 2>/dev/null; then
    echo "==> installing the calendar oracles and Radicale into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check \
      icalendar recurring-ical-events ical radicale caldav dbus-fast
  fi
fi
