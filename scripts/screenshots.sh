#!/usr/bin/env bash
# Screenshots of the example site for the README: home, privacy policy,
# redline, FAQ, contact, subprocessor register and its changes, and the cookie
# list in English, Arabic and Traditional Chinese,
# the first screen on a phone (375x800) and on a desktop (1280x800), and the
# first printed page of the privacy policy in each language, and the first
# page of its PDF (pdf = true).
# Needs Debian's chromium and poppler-utils (pdftoppm); the search pages'
# shots (with results, which come from a worker) need Node 20+ (scripts/shoot.mjs).
# Usage: scripts/screenshots.sh [OUT_DIR]; PRIVET=path/to/privet uses that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
if [ -n "${PRIVET:-}" ]; then
  "$PRIVET" build --output "$work/public" --date 2026-12-05 >/dev/null
else
  cargo run --quiet --release -- build --output "$work/public" --date 2026-12-05 >/dev/null
fi
port=18765
(cd "$work/public" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
server=$!
sleep 1
chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$work/chromium" "$@" 2>/dev/null
}
shoot() { # name path width height: the first screen, not the full page
  # Wait for every compositor stage: without it a shot now and then misses its bottom rows.
  chrome --window-size="$3,$4" --run-all-compositor-stages-before-draw --virtual-time-budget=3000 \
    --screenshot="$out/$1.png" "http://127.0.0.1:$port$2"
}
print() { # name path: the first page of the printed page, at 60 dpi
  chrome --no-pdf-header-footer --print-to-pdf="$work/$1.pdf" "http://127.0.0.1:$port$2"
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/$1.pdf" "$out/$1"
}
pdf() { # name file: the first page of a PDF privet typeset, at 60 dpi
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$2" "$out/$1"
}
rm -f "$out"/*.png
for lang in en ar zh-hant; do
  prefix=""; [ "$lang" = en ] || prefix="/$lang"
  for page in home privacy changes faq contact subprocessors subprocessor-changes cookie-list; do
    case "$page" in
      home) path="$prefix/" ;;
      changes) path="$prefix/privacy/2027-04-01/changes/" ;;
      subprocessor-changes) path="$prefix/subprocessors/2025-09-01/changes/" ;;
      *) path="$prefix/$page/" ;;
    esac
    shoot "$lang-$page-desktop" "$path" 1280 800
    shoot "$lang-$page-mobile" "$path" 375 800
  done
  print "$lang-privacy-print" "$prefix/privacy/"
  print "$lang-subprocessors-print" "$prefix/subprocessors/"
  pdf "$lang-privacy-pdf" "$work/public$prefix/privacy/2025-06-15/privacy-2025-06-15-$lang.pdf"
done
# Search with results: English on a desktop, Arabic and Traditional Chinese on a phone.
search() { # name path width height
  node --experimental-websocket scripts/shoot.mjs "http://127.0.0.1:$port$2" "$out/$1.png" "$3" "$4" 2>/dev/null
}
search en-search-desktop "/search/?q=retention" 1280 800
search ar-search-mobile "/ar/search/?q=%D8%A7%D9%84%D8%A7%D8%AD%D8%AA%D9%81%D8%A7%D8%B8" 375 800
search zh-hant-search-mobile "/zh-hant/search/?q=%E5%88%AA%E9%99%A4" 375 800
ls "$out"
