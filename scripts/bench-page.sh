#!/usr/bin/env bash
# The page's speed with years of data, in the real webview: seeds a database with N fires through
# `sanctum import` (scripts/seed-db.sh, cached in target/bench-seed/N/), then runs the page benchmark
# (tests/e2e/benches/page.rs) against the release app under Xvfb and prints its table.
# Usage: bash scripts/bench-page.sh [FIRES] [RUNS]     (defaults: 1000000 fires, 5 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
fires=${1:-1000000}
runs=${2:-5}
# Apart, as the package builds them: built together, the app would take the CLI's built-in
# libdbus (crates/sanctum-cli/Cargo.toml) and differ from what ships.
cargo build --release --locked -p sanctum-app
cargo build --release --locked -p sanctum-cli
seeded=$(bash scripts/seed-db.sh "$fires")
export SANCTUM_APP_BIN="$PWD/target/release/sanctum-app" SANCTUM_BENCH_DB="$seeded/sanctum.sqlite3"
export SANCTUM_BENCH_RUNS="$runs"
xvfb-run -a -s "-screen 0 1280x800x24" bash scripts/with-keyring.sh \
  cargo bench --locked -p sanctum-e2e --bench page
