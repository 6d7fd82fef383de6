#!/usr/bin/env bash
# Measures the release app: time from launch until its window is mapped, and memory (PSS, the
# fair sum with shared pages counted once) of the app and its WebKit processes after 5 s idle.
# Needs a release build (cargo build --release -p sanctum-app) and the test packages.
# Usage: bash scripts/bench-app.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=target/release/sanctum-app
[ -x "$bin" ] || { echo "build it first: cargo build --release -p sanctum-app" >&2; exit 1; }
if [ -z "${SANCTUM_BENCH_INSIDE:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- env SANCTUM_BENCH_INSIDE=1 bash "$0" "$runs"
fi

source scripts/bench-memory.sh

measure() {
  data=$(mktemp -d)
  start=$(date +%s%N)
  SANCTUM_DATA_DIR="$data" "$bin" & app=$!
  # Poll every 10 ms (xdotool's own --sync polls only every 500 ms).
  until xdotool search --name '^Sanctum' >/dev/null 2>&1; do sleep 0.01; done
  mapped=$(( ($(date +%s%N) - start) / 1000000 ))
  sleep 5
  pids="$app $(descendants "$app" | tr '\n' ' ')"
  read -r _ pss _ < <(memory "$app")
  kill "$app"; wait "$app" 2>/dev/null || true
  rm -rf "$data"
  echo "window mapped after ${mapped} ms; idle PSS $pss MiB (app + WebKit processes: $pids)"
}

for _ in $(seq "$runs"); do measure; done
