#!/usr/bin/env bash
# Screenshots of the example site for the README: home, policy, FAQ and
# contact pages, in English and Arabic, at desktop and mobile width.
# Needs Debian's chromium. Usage: scripts/screenshots.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
cargo run --quiet --release -- build --output "$work/public" --date 2026-11-28 >/dev/null
port=18765
(cd "$work/public" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
shoot() { # name url width height
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$work/chromium" --window-size="$3,$4" \
    --screenshot="$out/$1.png" "http://127.0.0.1:$port$2" 2>/dev/null
}
for lang in en ar; do
  prefix=""; [ "$lang" = en ] || prefix="/$lang"
  for page in home privacy faq contact; do
    path="$prefix/"; [ "$page" = home ] || path="$prefix/$page/"
    shoot "$lang-$page-desktop" "$path" 1280 1000
    shoot "$lang-$page-mobile" "$path" 390 844
  done
done
ls "$out"
