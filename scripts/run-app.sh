#!/usr/bin/env bash
# Installs what the app needs and starts it. Data lives in ~/.local/share/sanctum
# (or $SANCTUM_DATA_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh app
exec cargo run --release -p sanctum-app
