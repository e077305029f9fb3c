#!/usr/bin/env bash
# What registers cost (#27): the example site (with its two registers), and a
# generated register of 500 rows over 20 snapshots in two languages
# (scripts/gen_register.py), each built with hyperfine into tmpfs; peak
# memory from /usr/bin/time. OLD=path/to/privet also times another binary
# on the example site as it was at OLD_REV (the build before registers).
#
#   scripts/bench_registers.sh                 # needs hyperfine (Debian)
#   OLD=/tmp/privet-8ffae95 OLD_REV=8ffae95 scripts/bench_registers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-10}"
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
cargo build --release --quiet
PRIVET="${CARGO_TARGET_DIR:-$PWD/target}/release/privet"
work="$(mktemp -d)"
out="/dev/shm/privet-registers-$$"
trap 'rm -rf "$work" "$out"' EXIT
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {printf "%.0f MiB", $6/1024}'; }

# The example site as committed (lock included), on one fixed day.
mkdir -p "$work/example"
cp -r site.toml versions.lock translations.lock content "$work/example/"
[ -d static ] && cp -r static "$work/example/"
if [ -n "${OLD:-}" ]; then
  mkdir -p "$work/example-old"
  git archive "${OLD_REV:?OLD_REV: the commit whose example site OLD builds}" site.toml versions.lock translations.lock content | tar -x -C "$work/example-old"
  echo "example site before, $OLD: peak $(peak "$OLD" build --root "$work/example-old" --output "$out/x" --date 2026-12-05 --force)"
fi
echo "example site, $PRIVET: peak $(peak "$PRIVET" build --root "$work/example" --output "$out/x" --date 2026-12-05 --force)"
hyperfine --warmup 2 --runs "$RUNS" --style basic \
  ${OLD:+-n before "$OLD build --root $work/example-old --output $out/a --date 2026-12-05 --force"} \
  -n example "$PRIVET build --root $work/example --output $out/b --date 2026-12-05 --force"

python3 scripts/gen_register.py "$work/big" --rows 500 --versions 20 >/dev/null
"$PRIVET" build --root "$work/big" --output "$out/big" --date 2026-12-05 | tail -1
echo "register 500 rows x 20 versions: peak $(peak "$PRIVET" build --root "$work/big" --output "$out/big" --date 2026-12-05 --force)"
sed -i 's/^search = true/search = false/' "$work/big/site.toml"
cp -r "$work/big" "$work/big-nosearch"
sed -i 's/^search = false/search = true/' "$work/big/site.toml"
hyperfine --warmup 1 --runs "$RUNS" --style basic \
  -n "register 500x20" "$PRIVET build --root $work/big --output $out/c --date 2026-12-05 --force" \
  -n "register 500x20, search = false" "$PRIVET build --root $work/big-nosearch --output $out/d --date 2026-12-05 --force"
