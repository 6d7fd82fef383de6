#!/usr/bin/env bash
# Seeds a database with N fires (ten years of a realistic mix, scripts/seed-fires.py) through
# `sanctum import`, once: the database is kept in target/bench-seed/N/ for the benchmarks.
# Prints the folder, and only that, on standard output (progress goes to standard error).
# Needs the release CLI (cargo build --release -p sanctum-cli).
# Usage: bash scripts/seed-db.sh FIRES
set -euo pipefail
cd "$(dirname "$0")/.."
fires=$1
seeded="target/bench-seed/$fires"
if [ ! -f "$seeded/sanctum.sqlite3" ]; then
  rm -rf "$seeded" "$seeded.json"
  mkdir -p "$seeded"
  python3 scripts/seed-fires.py "$fires" "$seeded.json" >&2
  start=$(date +%s%N)
  for f in "$seeded.json"/fires-*.json; do
    SANCTUM_DATA_DIR="$seeded" target/release/sanctum import "$f" >/dev/null
  done
  echo "seeded $fires fires through sanctum import in $(( ($(date +%s%N) - start) / 1000000 )) ms;" \
       "database $(du -m "$seeded/sanctum.sqlite3" | cut -f1) MiB" >&2
  rm -rf "$seeded.json"
fi
echo "$PWD/$seeded"
