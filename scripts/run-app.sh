#!/usr/bin/env bash
# Installs what the app needs and starts it. Data lives in ~/.local/share/sanctum
# (or $SANCTUM_DATA_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
# The command line too: with no window, `sanctum guard` (beside the app) keeps watch in a few
# MiB instead of the app's GTK and WebKit. Built on its own, with its own features.
cargo build --release -p sanctum-cli
exec cargo run --release -p sanctum-app
