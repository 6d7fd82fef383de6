#!/usr/bin/env bash
# Builds the Debian package: the app and the `sanctum` command line, compressed with xz as
# Debian's own packages are. The Tauri bundler writes gzip (9.6 MiB); xz with its large window
# also finds the core the two binaries share (5.0 MiB).
# Usage: bash scripts/package.sh            → target/release/bundle/deb/Sanctum_<version>_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
[ -x node_modules/.bin/tauri ] || npm ci
npm run --silent tauri -- build --bundles deb
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
dpkg-deb -R "$deb" "$tree/pkg"
dpkg-deb --root-owner-group -Zxz -z9 -b "$tree/pkg" "$tree/out.deb" >/dev/null
mv "$tree/out.deb" "$deb"
echo "$deb: $(du -h "$deb" | cut -f1) ($(dpkg-deb -c "$deb" | awk '$6 ~ /usr\/bin\/./ {printf "%s %.1f MB ", $6, $3 / 1e6}'))"
