#!/usr/bin/env python3
"""Turns GitHub's real subprocessor and cookie history into privet "register" fixtures.

    scripts/github_register.py [OUT_DIR]      # default tests/fixtures/github-register
    scripts/github_register.py --report       # added/removed names per version, as JSON

Reads every tests/fixtures/github/content/subprocessors/YYYY-MM-DD.md (the
repository's copy of ../shared/corpus/github), takes the table whose header
names a "Subprocessor" and writes one content/subprocessors/YYYY-MM-DD.toml per
version; the cookie table of the same text goes to content/cookies/ (a cookie
register without categories: name, provider, purpose, duration). The
subprocessor rows:

    [[entry]]
    id = "box"
    name = "Box"
    purpose = "Corporate document storage"
    location = "US"

Columns map by header: "Name ..." -> name, "Description"/"Purpose" -> purpose,
"Location of Processing" -> location, and if present "Data"/"Categories" ->
data, "Transfer" -> transfer, "Website"/"URL" -> website (https only). Other
columns (e.g. "Corporate Location") have no key and are dropped. Cells lose
Markdown links, ** and backticks; rows without a name are skipped. A version
with no such table (2022-09-01 only links to github.com/privacy/subprocessors)
is left out: a register version lists its rows. Location: one country we know -> its ISO 3166-1 alpha-2
code; several, split on commas, "and" or "&", all known -> a list of codes;
otherwise the text as written.

Ids: id = slug(name): accents dropped, lower-case ASCII letters and digits,
runs of anything else -> "-", trimmed. The same name always gets the same id;
spellings differing only in case ("DropBox"/"Dropbox") share it. Clashes: if
rows of one version slug alike, each name involved gets "-" + slug(location)
in every version; names still clashing get "-" + slug(purpose) instead; any
clash left is an error. So an id changes only if its row's location does.

The --report compares versions by the exact name (after stripping Markdown).
"""
import json
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The corpus (../shared/corpus/github) as the repository keeps it.
CORPUS = REPO / "tests/fixtures/github"
SOURCE = CORPUS / "content/subprocessors"
COUNTRIES = dict(  # lower-cased country name -> ISO 3166-1 alpha-2
    [(n, "US") for n in ("united states", "united states of america", "usa", "us")]
    + [(n, "GB") for n in ("united kingdom", "uk")] + [("the netherlands", "NL")]
    + [(n.lower(), c) for n, c in (x.split(":") for x in (
        "Germany:DE Ireland:IE Netherlands:NL Canada:CA Japan:JP Australia:AU India:IN "
        "France:FR Israel:IL Singapore:SG Brazil:BR Sweden:SE Spain:ES Italy:IT "
        "Switzerland:CH Poland:PL Belgium:BE Finland:FI Denmark:DK Norway:NO "
        "Austria:AT China:CN Mexico:MX").split())])
COLUMNS = [  # (key, test on the lower-cased header); first match wins
    ("name", lambda h: h.startswith("name") or "subprocessor" in h),
    ("purpose", lambda h: "description" in h or "purpose" in h),
    ("location", lambda h: "location" in h and "corporate" not in h),
    ("data", lambda h: h.startswith("data") or "categor" in h),
    ("transfer", lambda h: "transfer" in h),
    ("website", lambda h: "website" in h or h in ("url", "link")),
]


def plain(text):
    """Markdown cell or paragraph -> plain text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(text.replace("**", "").replace("`", "").split())


def slug(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def https_url(cell):
    found = re.search(r"https://[^\s)<>\]]+", cell)
    return found.group(0) if found else ""


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def read_table(path, is_table, columns, value):
    """Rows of the first Markdown table whose lower-cased header cells pass
    `is_table`, as dicts of the keys `columns` gives the header cells; each
    cell through `value(key, cell)`, empty cells left out, rows without a name
    skipped (maybe none)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines[:-1]):
        if not (line.lstrip().startswith("|") and re.fullmatch(r"[\s|:-]+", lines[i + 1])):
            continue
        header = [plain(c).lower() for c in cells(line)]
        if not is_table(header):
            continue
        keys = [next((k for k, test in columns if test(h)), None) for h in header]
        rows = []
        for row in lines[i + 2:]:
            if not row.lstrip().startswith("|"):
                break
            entry = {k: value(k, c) for k, c in zip(keys, cells(row)) if k}
            entry = {k: v for k, v in entry.items() if v}
            if entry.get("name"):
                rows.append(entry)
        return rows
    return []


def read_version(path):
    """Rows of the subprocessor table as dicts with our keys (maybe none)."""
    return read_table(path, lambda header: any("subprocessor" in h for h in header), COLUMNS,
                      lambda k, c: https_url(c) if k == "website" else plain(c))


COOKIE_COLUMNS = [  # the cookie tables: "Name of Cookie | Reason", later
    # "Service Provider | Cookie Name | Description | Expiration*"
    ("name", lambda h: "cookie" in h and "name" in h),
    ("provider", lambda h: "provider" in h),
    ("purpose", lambda h: h in ("reason", "description")),
    ("duration", lambda h: h.startswith("expiration")),
]


def read_cookies(path):
    """Rows of the cookie table; early tables write a cookie `:name` (or `:"name"`), later `name`:
    the colon is dropped, so a cookie keeps its id."""
    rows = read_table(path, lambda header: any("cookie" in h for h in header), COOKIE_COLUMNS,
                      lambda k, c: plain(c))
    for entry in rows:
        entry["name"] = entry["name"].lstrip(":").strip("\"")
        entry["id"] = slug(entry["name"])
    return rows


def location(text):
    """ISO code, list of ISO codes, or the text as written."""
    parts = [p.strip() for p in re.split(r",|\band\b|&", text) if p.strip()]
    codes = [COUNTRIES.get(p.lower()) for p in parts]
    if not parts or None in codes:
        return text
    return codes[0] if len(codes) == 1 else codes


def assign_ids(versions):
    """Set entry["id"] on every row of every version (rule in the docstring)."""
    suffix = {}  # name -> the field its id is suffixed with, the same in every version

    def row_id(r):
        field = suffix.get(r["name"])
        return slug(r["name"]) + ("-" + slug(r.get(field, "")) if field else "")

    for step in ("location", "purpose", None):
        clashes = set()
        for rows in versions.values():
            ids = [row_id(r) for r in rows]
            clashes |= {r["name"] for r, i in zip(rows, ids) if not i or ids.count(i) > 1}
        if not clashes:
            break
        if step is None:
            sys.exit(f"ids still clash after suffixes: {sorted(clashes)}")
        suffix.update(dict.fromkeys(clashes, step))
    for rows in versions.values():
        for r in rows:
            r["id"] = row_id(r)


def toml_value(v):
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    # A JSON string is a TOML basic string once non-ASCII stays literal and
    # DEL (which JSON leaves bare, TOML forbids) is escaped.
    return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")


COOKIE_KEYS = ("id", "name", "provider", "purpose", "duration")


def to_toml(date, rows, keys=("id", "name", "purpose", "location", "data", "transfer", "website"),
            what="subprocessors"):
    head = f"# GitHub {what}, effective {date}; converted by scripts/github_register.py\n"
    out = [head]
    for r in rows:
        out.append("\n[[entry]]\n")
        for key in keys:
            if key not in r:
                continue
            value = location(r[key]) if key == "location" else r[key]
            out.append(f"{key} = {toml_value(value)}\n")
    return "".join(out)


def report(versions):
    out, before = [], set()
    for date, rows in versions.items():
        now = {r["name"] for r in rows}
        out.append({"date": date, "added": sorted(now - before), "removed": sorted(before - now)})
        before = now
    return out


def intro(path):
    """First paragraph after the front matter that is not the effective date."""
    body = path.read_text(encoding="utf-8").split("+++", 2)[2]
    for para in re.split(r"\n\s*\n", body):
        para = plain(para)
        if para and not para.startswith(("Effective date", "#")):
            return para
    return ""


def write(out, versions):
    newest = sorted(SOURCE.glob("[0-9]*.md"))[-1]
    source = (CORPUS / "SOURCE.md").read_text(encoding="utf-8").split("\n", 2)[2].split("\n\n")[0]
    site = (REPO / "tests/fixtures/github/site.toml").read_text(encoding="utf-8")
    site = re.sub(r"(?m)^title = .*", 'title = "GitHub subprocessors (real history)"', site)
    site = re.sub(r"(?m)^base_url = .*",
                  'base_url = "https://subprocessors.github-corpus.example"', site)
    files = {
        "site.toml": site,
        "SOURCE.md": f"# Where this fixture comes from\n\n{source}\n\nConverted from the "
        f"subprocessor and cookie tables of those texts ({len(versions)} versions, {min(versions)} to "
        f"{max(versions)}) into register files by scripts/github_register.py.\n",
        "content/_index.md": '+++\ntitle = "GitHub subprocessors"\n+++\n\nGitHub\'s published '
        "list of subprocessors, every version, as a register.\n",
        "content/subprocessors/_index.md": '+++\ntitle = "GitHub Subprocessors"\n'
        f'register = "subprocessors"\n+++\n\n{intro(newest)}\n',
    }
    for date, rows in versions.items():
        files[f"content/subprocessors/{date}.toml"] = to_toml(date, rows)
    files["content/cookies/_index.md"] = ('+++\ntitle = "Cookies on GitHub"\nregister = "cookies"\n+++\n\n'
                                          "The cookies GitHub sets, from the same statement's cookie tables.\n")
    for date in versions:
        rows = read_cookies(SOURCE / f"{date}.md")
        if rows:
            files[f"content/cookies/{date}.toml"] = to_toml(date, rows, COOKIE_KEYS, "cookies")
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if name.endswith(".toml"):  # check: valid TOML, unique ids
            ids = [e["id"] for e in tomllib.loads(text).get("entry", [])]
            assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
        print(path.relative_to(out))


def main(args):
    versions = {p.stem: read_version(p) for p in sorted(SOURCE.glob("[0-9]*.md"))}
    versions = {date: rows for date, rows in versions.items() if rows}
    if args[:1] == ["--report"]:
        print(json.dumps(report(versions), indent=2, ensure_ascii=False))
        return
    assign_ids(versions)
    out = Path(args[0]) if args else REPO / "tests/fixtures/github-register"
    write(out, versions)


if __name__ == "__main__":
    main(sys.argv[1:])
