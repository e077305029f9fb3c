#!/usr/bin/env bash
# Builds the release binary as the Dockerfile's first stage does, from a
# folder holding only what that stage COPYs (no docker needed): a file the
# build needs and the Dockerfile forgets fails here.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
# Sources of each COPY in the first stage (all words but the last; no --from).
awk '/^FROM /{stage++} stage==1 && /^COPY / && !/--from/ { for (i = 2; i < NF; i++) print $i }' "$repo/Dockerfile" |
  while read -r src; do
    (cd "$repo" && cp -r --parents "$src" "$ctx/")
  done
echo "docker context: $(cd "$ctx" && ls | tr '\n' ' ')"
cd "$ctx"
# The repository's own target folder: the dependencies are compiled once
# for this and for the wheel (scripts/wheel.sh).
CARGO_TARGET_DIR="$repo/target" cargo build --release --locked
test -x "$repo/target/release/privet"
"$repo/target/release/privet" --version
