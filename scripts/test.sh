#!/usr/bin/env bash
# Installs what the tests need and runs every test: format and lints, core and CLI tests,
# the real app end to end under Xvfb, and the store benchmark (figures only).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"

# Each step says when it starts, in seconds since the run began: where CI's time goes.
step() { printf '\n==> [%ss] %s\n' "$SECONDS" "$*"; }

step "format"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "the page's contract: its JavaScript against the types generated from Rust"
# ui/types/api.d.ts is checked against the Rust types by the ui_contract test below.
node_modules/.bin/tsc -p tsconfig.json
node --test ui/tests/

step "core and command-line tests (calendar passwords through a throwaway real keyring)"
if cargo nextest --version >/dev/null 2>&1; then
  bash scripts/with-keyring.sh cargo nextest run --locked --no-fail-fast --workspace --exclude sanctum-e2e
else
  bash scripts/with-keyring.sh cargo test --locked --no-fail-fast --workspace --exclude sanctum-e2e
fi

step "documentation examples"
cargo test --locked --doc --workspace --exclude sanctum-e2e

if [ "${SANCTUM_SKIP_BENCH:-}" != 1 ]; then
  step "store benchmark (1,000,000 interruptions; figures, not pass/fail)"
  cargo bench --locked -p sanctum-core --bench store
  step "calendar benchmark (a huge calendar; figures, not pass/fail)"
  cargo bench --locked -p sanctum-core --bench calendar
fi

step "end-to-end tests in the real app (Xvfb, WebDriver)"
# The app and the command line: a closing window hands the background to `sanctum guard`.
cargo build --locked -p sanctum-app -p sanctum-cli
# One at a time: a single-instance app per D-Bus session (with its keyring). Guarded by a timeout.
xvfb-run -a -s "-screen 0 1280x800x24" \
  bash scripts/with-keyring.sh timeout 900 cargo test --locked --no-fail-fast -p sanctum-e2e --tests -- --test-threads=1
echo "screenshots: target/e2e-screenshots/"

if [ "${SANCTUM_SKIP_BENCH:-}" != 1 ]; then
  step "lean benchmark: Sanctum beside an empty Tauri app, the package, the CLI beside timew (figures, not pass/fail)"
  # A short run (100,000 fires, 3 launches, 30 s idle); docs/performance.md has the full one.
  bash scripts/bench-lean.sh 100000 3 30
fi
step "done"
