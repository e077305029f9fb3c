#!/usr/bin/env bash
# Peak memory of `privet build` and `privet check` on one very large version
# file (20 MB of Markdown by default: sections, paragraphs, lists, a table),
# read from /usr/bin/time -v. The limit is 400 MiB each; the script exits 1
# when either goes over.
#
#   scripts/bench_big_file.sh          # 20 MB
#   MB=40 scripts/bench_big_file.sh    # another size
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${MB:-20}"
LIMIT_MIB="${LIMIT_MIB:-400}"
cargo build --release --quiet
PRIVET="${CARGO_TARGET_DIR:-$PWD/target}/release/privet"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
site="$work/site"
mkdir -p "$site/content/privacy"
cat > "$site/site.toml" <<'TOML'
title = "Big file"
base_url = "https://privacy.example.org"
default_language = "en"

[languages.en]
name = "English"

[organization]
name = "Example GmbH"
email = "privacy@example.org"
TOML
printf '+++\ntitle = "Big"\n+++\nHome.\n' > "$site/content/_index.md"
printf '+++\ntitle = "Privacy Policy"\n+++\n' > "$site/content/privacy/_index.md"
python3 - "$site/content/privacy/2024-01-01.md" "$MB" <<'PY'
import random, sys
path, mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
words = ("personal data processing controller processor consent retention purpose account "
         "service provider transfer safeguards rights access erasure portability objection "
         "security encryption logs cookies analytics newsletter billing support request").split()
def sentence():
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + "."
out = ['+++\ntitle = "Privacy Policy"\nsummary = "First."\n+++\n']
size, n = 0, 0
while size < mb * 1_000_000:
    n += 1
    block = [f"## Section {n} {{#s{n}}}\n", " ".join(sentence() for _ in range(6)) + "\n",
             f"### Details of section {n}\n", " ".join(sentence() for _ in range(5)) + "\n"]
    block += [f"- {sentence()}" for _ in range(4)] + [""]
    if n % 10 == 0:
        block += ["| Data | Purpose | Kept |", "| --- | --- | --- |"] + [f"| {rng.choice(words)} | {sentence()} | {rng.randint(1, 90)} days |" for _ in range(5)] + [""]
    text = "\n".join(block) + "\n"
    out.append(text)
    size += len(text)
open(path, "w").write("".join(out))
PY
echo "version file: $(du -h "$site/content/privacy/2024-01-01.md" | cut -f1), privet $(git describe --always --dirty 2>/dev/null || echo unknown)"
status=0
for command in build check; do
  args=("$command" --root "$site" --date 2026-01-01)
  [ "$command" = build ] && args+=(--output "$work/public")
  /usr/bin/time -v "$PRIVET" "${args[@]}" > "$work/$command.out" 2> "$work/$command.time" || {
    echo "$command failed:"; tail -20 "$work/$command.out" "$work/$command.time"; exit 1; }
  kib=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/$command.time")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/$command.time")
  mib=$((kib / 1024))
  verdict="ok"
  if [ "$mib" -gt "$LIMIT_MIB" ]; then verdict="OVER the ${LIMIT_MIB} MiB limit"; status=1; fi
  printf '%-6s peak %4d MiB, %s wall  %s\n' "$command" "$mib" "$secs" "$verdict"
done
exit "$status"
