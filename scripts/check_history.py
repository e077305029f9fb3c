#!/usr/bin/env python3
"""Checks a site made from a real policy history, from the outside.

    scripts/check_history.py SITE_ROOT [DATE]

Builds a copy of the site (in a temporary folder; the site itself is not
written to) with target/release/privet (or target/debug/privet), then
reports what the issue tracker asks of every real history: errors from the
newest Nu checker (target/test-deps/node_modules/vnu-jar), and for every
changes and compare page whether accept-all and reject-all give exactly the
newer and older texts (white space as a browser shows it), links that lead
nowhere on the redline but somewhere on a version page, unchanged words
struck and added again, and how many rows the changed-sections table has.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests/tools"))
import redline_check  # noqa: E402


def privet():
    if os.environ.get("PRIVET"):
        return Path(os.environ["PRIVET"])
    for kind in ("release", "debug"):
        p = REPO / "target" / kind / "privet"
        if p.exists():
            return p
    sys.exit("build privet first (cargo build)")


def main():
    root = Path(sys.argv[1]).resolve()
    date = sys.argv[2] if len(sys.argv) > 2 else "2026-11-28"
    # A copy is built, and into a temporary folder: a build writes versions.lock
    # at the site's root, and the history checked may be someone else's folder.
    work = Path(tempfile.mkdtemp(prefix="privet-history-"))
    site = work / "site"
    shutil.copytree(root, site, ignore=shutil.ignore_patterns("public", ".git"))
    for path in [site, *site.rglob("*")]:  # a read-only corpus makes a read-only copy
        path.chmod(path.stat().st_mode | 0o200)
    out = work / "public"
    print(f"output in {out}")
    run = subprocess.run([privet(), "build", "--root", site, "--output", out, "--date", date],
                         capture_output=True, text=True)
    said = (run.stdout + run.stderr).strip().splitlines()
    print(next((l for l in said if l.startswith("built ")), said[-1] if said else "") if run.returncode == 0 else run.stderr)
    if run.returncode:
        sys.exit(1)
    jar = REPO / "target/test-deps/node_modules/vnu-jar/build/dist/vnu.jar"
    pages = [p for p in out.rglob("*.html")]
    for p in pages:  # vnu's CSP grammar predates 'wasm-unsafe-eval'
        t = p.read_text()
        if "wasm-unsafe-eval" in t:
            p.write_text(t.replace(" &#39;wasm-unsafe-eval&#39;", "").replace(" 'wasm-unsafe-eval'", ""))
    v = subprocess.run(["java", "-jar", jar, "--errors-only", "--skip-non-html", out], capture_output=True, text=True)
    errors = [l for l in (v.stderr + v.stdout).splitlines() if ": error:" in l]
    print(f"vnu {subprocess.run(['java', '-jar', jar, '--version'], capture_output=True, text=True).stdout.strip()}: "
          f"{len(errors)} errors on {len({e.split(':')[1] for e in errors})} of {len(pages)} pages")
    for e in errors[:10]:
        print("  ", e[:220])
    # Redline triples: every changes and compare page with its two version pages.
    triples = []
    for policy in sorted(p for p in (root / "content").iterdir() if p.is_dir()):
        dates = sorted(f.stem for f in policy.glob("*.md") if re.fullmatch(r"\d{4}-\d{2}-\d{2}", f.stem))
        page = lambda d: out / policy.name / d / "index.html"
        in_force = [d for d in dates if d <= date]
        current = in_force[-1] if in_force else None
        for a, b in zip(dates, dates[1:]):
            triples.append((out / policy.name / b / "changes/index.html", page(a), page(b)))
        for a in in_force[:-1]:
            triples.append((out / policy.name / a / "compare/index.html", page(a), page(current)))
    bad = {"accept": 0, "reject": 0, "broken": 0, "struck": 0, "dup": 0}
    rows = []
    for k in range(0, len(triples), 40):
        args = [str(x) for t in triples[k:k + 40] for x in t]
        res = subprocess.run([sys.executable, REPO / "tests/tools/redline_check.py", *args],
                             capture_output=True, text=True, check=True)
        for line in res.stdout.splitlines():
            r = json.loads(line)
            name = os.path.relpath(r["page"], out)
            if "error" in r:
                print("  ", name, r["error"])
                continue
            for key, failed in [("accept", not r["accept_ok"]), ("reject", not r["reject_ok"]),
                                ("broken", r["broken_links"]), ("struck", r["struck_and_readded"]),
                                ("dup", r["duplicate_ids"])]:
                if failed:
                    bad[key] += 1
                    detail = "" if key in ("accept", "reject") else f": {failed[:5]}"
                    print(f"   {name}: {key}{detail}")
            rows.append((name, len(r["rows"])))
    print(f"{len(triples)} redline pages: " + ", ".join(f"{k} {v}" for k, v in bad.items()))
    one_row = [n for n, c in rows if c == 1]
    print(f"changed-sections rows per page: min {min((c for _, c in rows), default=0)}, "
          f"max {max((c for _, c in rows), default=0)}; pages with one row: {len(one_row)}")


if __name__ == "__main__":
    main()
