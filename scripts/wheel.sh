#!/usr/bin/env bash
# Builds the Python wheel that carries the privet binary (maturin, bindings
# = "bin"), installs it into a fresh virtual environment and makes a new
# site with it, as a user of `pip install privet` would:
#   scripts/wheel.sh            # the wheel lands in target/wheels/
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/build-env"
"$work/build-env/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.7,<2"
rm -rf target/wheels
"$work/build-env/bin/maturin" build --release --locked --out target/wheels
wheel="$(ls target/wheels/privet-*.whl)"
echo "wheel: $wheel ($(du -h "$wheel" | cut -f1))"
# A user's environment: only the wheel.
python3 -m venv "$work/user"
"$work/user/bin/pip" install --quiet --disable-pip-version-check "$wheel"
"$work/user/bin/privet" --version
"$work/user/bin/privet" init "$work/site"
"$work/user/bin/privet" check --root "$work/site"
"$work/user/bin/privet" build --root "$work/site"
test -f "$work/site/public/index.html"
echo "the wheel's privet built a new site: $(ls "$work/site/public" | wc -l) entries in public/"
# And the example site of this repository.
"$work/user/bin/privet" build --output "$work/example" --date 2026-11-28 --locked | tail -1
