#!/usr/bin/env bash
# Runs a command in a private D-Bus session with a throwaway, unlocked GNOME Keyring, so the
# calendar tests store and read CalDAV passwords through the real Secret Service, not a mock.
set -euo pipefail
if [ -z "${SANCTUM_KEYRING_SESSION:-}" ]; then
  # The session's settings (dconf: do-not-disturb) and login entries live in a throwaway
  # folder too; services the bus starts inherit it.
  config=$(mktemp -d)
  trap 'rm -rf "$config"' EXIT
  env SANCTUM_KEYRING_SESSION=1 XDG_CONFIG_HOME="$config" dbus-run-session -- "$0" "$@"
  exit $?
fi
keyrings=$(mktemp -d)
trap 'rm -rf "$keyrings"' EXIT
# The login keyring lives in this temporary folder; the password only unlocks it.
eval "$(printf 'sanctum-test' | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$@"
