#!/usr/bin/env python3
"""Replays a real history of translated documents through privet and checks
that `privet translations` marks exactly the translations that are behind.

The history is a git repository with one folder per language, each holding
the same document (mozilla/legal-docs: en/firefox_privacy_notice.md,
de/firefox_privacy_notice.md, ...). For each commit that touched the
document in one of the languages, the files are written into a site as a
page and the site is built on the commit's date. The expected answer is
computed here, independently: a translation is behind when the English text,
as a reader sees it (runs of spaces and blank lines made one), changed in a
later commit than the translation did.

    scripts/replay_translations.py GIT_DIR [DOCUMENT] [PRIVET]
    e.g. scripts/replay_translations.py ../.mirror/mozilla+legal-docs/repo firefox_privacy_notice
"""
import subprocess, os, shutil, json, sys, tempfile
GIT = sys.argv[1]
DOC = sys.argv[2] if len(sys.argv) > 2 else "firefox_privacy_notice"
P = sys.argv[3] if len(sys.argv) > 3 else "target/debug/privet"
# folder in the repository, suffix of the privet file
LANGS = [("en", ""), ("de", ".de"), ("zh-TW", ".zh-hant"), ("fr", ".fr")]
site = tempfile.mkdtemp(prefix="replay-") + "/site"
def git(*a):
    return subprocess.run(["git", "--git-dir", GIT, *a], capture_output=True, text=True).stdout
files = [f"{l}/{DOC}.md" for l, _ in LANGS]
log = git("log", "--reverse", "--format=%H %ad", "--date=short", "--since=2023-01-01", "--", *files).split("\n")
commits = [l.split() for l in log if l.strip()]
os.makedirs(site + "/content")
open(site + "/site.toml", "w").write('''title = "Mozilla replay"
base_url = "https://example.org"
default_language = "en"
search = false
[languages.en]
name = "English"
[languages.de]
name = "Deutsch"
[languages.zh-Hant]
name = "繁體中文"
[languages.fr]
name = "Français"
''')
open(site + "/content/_index.md", "w").write("+++\ntitle = \"Home\"\n+++\nHome.\n")
import re
def norm(t):
    # what a reader sees the same: runs of spaces inside a line, trailing spaces, blank-line runs
    if t is None: return None
    t = t.lstrip("\ufeff").replace("\r\n", "\n").strip()
    lines = [(m.group(1) + re.sub(r"[ \t]+", " ", m.group(2).rstrip())) for m in (re.match(r"([ \t]*)(.*)", l) for l in t.split("\n"))]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
last = {}; prev = {}
mismatches = 0; rows = []
for i, (sha, date) in enumerate(commits):
    for l, suf in LANGS:
        exists = subprocess.run(["git", "--git-dir", GIT, "cat-file", "-e", f"{sha}:{l}/{DOC}.md"], capture_output=True).returncode == 0
        text = subprocess.run(["git", "--git-dir", GIT, "show", f"{sha}:{l}/{DOC}.md"], capture_output=True).stdout.decode("utf-8", "replace") if exists else None
        path = f"{site}/content/firefox-privacy{suf}.md"
        if text is None:
            if os.path.exists(path): os.remove(path)
        else:
            # a title so the page has one; the body is Mozilla's text as written
            # (a byte-order mark starts the file, where privet drops it, not the body)
            open(path, "w").write("\ufeff" * text.startswith("\ufeff") + "+++\ntitle = \"Firefox Privacy Notice\"\n+++\n" + text.lstrip("\ufeff"))
        n = norm(text)
        if n != prev.get(l):
            last[l] = i
        prev[l] = n
    r = subprocess.run([P, "build", "--root", site, "--date", date], capture_output=True, text=True)
    if r.returncode != 0:
        print("BUILD FAILED", date, r.stderr[:2000]); sys.exit(1)
    s = json.loads(subprocess.run([P, "translations", "--root", site, "--date", date, "--format", "json"], capture_output=True, text=True).stdout)
    got = {l["code"]: sorted(x["file"] for x in l["stale"]) for l in s["languages"]}
    want = {}
    for l, suf in LANGS[1:]:
        code = {"de": "de", "zh-TW": "zh-hant", "fr": "fr"}[l]
        stale = prev.get(l) is not None and prev.get("en") is not None and last["en"] > last[l]
        want[code] = [f"content/firefox-privacy{suf}.md"] if stale else []
    ok = got == want
    mismatches += not ok
    rows.append((date, sha[:8], {k: bool(v) for k, v in got.items()}, "ok" if ok else f"MISMATCH want {want}"))
for r in rows: print(*r)
print("commits", len(commits), "mismatches", mismatches, "site", site)
sys.exit(1 if mismatches else 0)
