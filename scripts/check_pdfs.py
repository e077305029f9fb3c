#!/usr/bin/env python3
"""Checks the PDFs privet makes of a site, from the outside.

    scripts/check_pdfs.py SITE_ROOT [DATE]

Builds a copy of the site with `pdf = true` (in a temporary folder; the site
itself is not written to) with target/release/privet (or PRIVET=...), then
reads every version's PDF back with poppler, as tests/suite/pdf.rs does for
the example site: each block of the version page's text (paragraph, heading,
list item, cell) must be in the PDF whole and in the page's order (white
space and hyphens aside, page footers taken out); Arabic and Hebrew are
checked word by word (poppler guesses a right-to-left line's order itself).
Also: pdfinfo says tagged, and versions.json lists each PDF with its hash.
Prints one line per PDF that fails, and a summary.
"""
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td", "th",
         "br", "div", "blockquote", "pre", "caption", "dt", "dd"}


def privet():
    if os.environ.get("PRIVET"):
        return Path(os.environ["PRIVET"])
    return REPO / "target" / "release" / "privet"


def blocks_of_page(page):
    """The text of the version on its page: the blocks outside tables, in
    order, and the tables' cells (pdftotext reads a row's cells line by line
    across, so a cell of several lines is not whole in its output)."""
    m = re.search(r'<div class="?prose"?>', page)
    start = m.start()
    depth, at = 0, start
    while True:
        o = page.find("<div", at)
        c = page.find("</div>", at)
        if o != -1 and o < c:
            depth += 1
            at = o + 4
        else:
            depth -= 1
            at = c + 6
            if depth == 0:
                end = c
                break
    # What is hidden from readers of the page (a row's "#" anchor) is not its text.
    prose = re.sub(r"<(a|span)\b[^>]*aria-hidden=\"?true\"?[^>]*>.*?</\1>", "", page[start:end], flags=re.S)
    cells = []
    for table in re.findall(r"<table\b.*?</table>", prose, flags=re.S):
        for cell in re.findall(r"<t[dh]\b.*?</t[dh]>", table, flags=re.S):
            cells.append(html.unescape(re.sub(r"<[^>]*>", " ", cell)))
    prose = re.sub(r"<table\b.*?</table>", "", prose, flags=re.S)
    out = []
    for piece in re.split(r"(<[^>]*>)", prose):
        if piece.startswith("<"):
            name = re.match(r"</?([a-zA-Z0-9]+)", piece)
            if name and name.group(1).lower() in BLOCK:
                out.append("\n")
        else:
            out.append(piece)
    text = html.unescape("".join(out))
    return [l.strip() for l in text.split("\n") if l.strip()], cells


def squeeze(s):
    return "".join(c for c in s if not c.isspace() and c != "-" and c != "\u00ad")


def rtl_words(s):
    s = re.sub("[\u0640\u064b-\u065f\u0670\u0591-\u05c7\u202a-\u202e\u200e\u200f]", "", s)
    return re.findall("[\u0621-\u064a\u0671-\u06d3\u05d0-\u05ea]+", s)


def main():
    root = Path(sys.argv[1]).resolve()
    date = sys.argv[2] if len(sys.argv) > 2 else None
    work = Path(tempfile.mkdtemp(prefix="privet-pdfs-"))
    site = work / "site"
    # What a site is made of, and nothing else (a repository's target/ can be gigabytes).
    site.mkdir()
    for name in ("site.toml", "versions.lock", "translations.lock"):
        if (root / name).is_file():
            shutil.copy(root / name, site / name)
    for name in ("content", "static", "templates", "i18n", "themes"):
        if (root / name).is_dir():
            shutil.copytree(root / name, site / name)
    toml = (site / "site.toml").read_text()
    toml = re.sub(r"(?m)^pdf\s*=.*\n", "", toml)
    (site / "site.toml").write_text("pdf = true\n" + toml)
    out = work / "public"
    cmd = [str(privet()), "build", "--root", str(site), "--output", str(out)]
    if date:
        cmd += ["--date", date]
    t = time.time()
    run = subprocess.run(cmd, capture_output=True, text=True)
    took = time.time() - t
    if run.returncode != 0:
        sys.exit(f"build failed:\n{run.stderr}")
    manifest = json.loads((out / "versions.json").read_text())
    origin = manifest["site"].rstrip("/")
    org = None
    checked = failed = 0
    for policy in manifest["policies"]:
        for version in policy["versions"]:
            for entry in version["languages"]:
                pdf = entry.get("pdf")
                if not pdf or not entry["translated"]:
                    continue
                rel = pdf["address"][len(origin):].lstrip("/")
                path = out / rel
                data = path.read_bytes()
                problems = []
                if hashlib.sha256(data).hexdigest() != pdf["sha256"]:
                    problems.append("versions.json lists another hash")
                info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
                if not re.search(r"(?m)^Tagged:\s+yes", info):
                    problems.append("not tagged")
                pages = int(re.search(r"(?m)^Pages:\s+(\d+)", info).group(1))
                text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                      capture_output=True, text=True).stdout
                page_rel = entry["address"][len(origin):].lstrip("/")
                page_file = out / (page_rel + "index.html" if page_rel.endswith("/") or not page_rel else page_rel)
                blocks, cells = blocks_of_page(page_file.read_text())
                if org is None:
                    org = text.strip().split("\n")[0].strip()
                if re.search("[\u0590-\u06ff]", "".join(blocks)):
                    # Word by word, and only words without marks (harakat, points): poppler
                    # repeats and moves a letter that carries one (ARCHITECTURE.md, PDFs).
                    have = " ".join(rtl_words(text))
                    for b in blocks + cells:
                        unmarked = " ".join(w for w in b.split() if not re.search("[\u064b-\u065f\u0670\u0591-\u05c7]", w))
                        for w in rtl_words(unmarked):
                            if len(w) > 2 and w not in have:
                                problems.append(f"word {w!r} missing")
                                break
                else:
                    words = set(re.findall(r"\w+", text))
                    for cell in cells:
                        missing = [w for w in re.findall(r"\w+", cell) if w not in words and len(w) > 3 and squeeze(w) not in squeeze(text)]
                        # A word hyphenated at a line's end comes back whole or in two parts.
                        missing = [w for w in missing if squeeze(w) not in squeeze(text)]
                        if missing:
                            problems.append(f"cell words missing: {missing[:3]}")
                            break
                    flat = squeeze(text)
                    for n in range(1, pages + 1):
                        flat = flat.replace(squeeze(f"{org} {n} / {pages}"), "", 1)
                    at = 0
                    for b in blocks:
                        want = squeeze(b)
                        i = flat.find(want, at)
                        if i == -1:
                            problems.append(f"block not found in order: {b[:90]!r}")
                            break
                        at = i + len(want)
                checked += 1
                if problems:
                    failed += 1
                    print(f"{rel}: {'; '.join(problems[:3])}")
    print(f"{checked} PDFs checked, {failed} with problems; build {took:.1f} s; output in {out}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
