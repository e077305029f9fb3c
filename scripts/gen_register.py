#!/usr/bin/env python3
"""A large register for measuring what registers cost: a site whose
subprocessor register has ROWS rows over VERSIONS snapshots (each version
adds, removes and changes a few rows and moves some), in English and German
(the German files translate every purpose).

Usage: scripts/gen_register.py OUT [--rows 500] [--versions 20] [--seed 7]
Then: privet build --root OUT --date 2026-12-05 (scripts/bench.sh times it).
"""

import argparse
import random
from pathlib import Path

COUNTRIES = ["IE", "DE", "US", "NL", "FR", "SE", "GB", "JP", "TW", "CA", "AU", "SG", "CH", "PL"]
PURPOSES = ["Hosting", "E-mail delivery", "Payments", "Support tickets", "Error monitoring",
            "Analytics", "Backups", "Translation", "Identity checks", "Phone support"]
DATA = ["Account data", "Billing data", "Support messages", "Usage data", "Server logs",
        "Email content", "Payment details", "Device data"]


def q(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def snapshot(rows, german):
    out = []
    for r in rows:
        out.append("[[entry]]")
        out.append(f"id = {q(r['id'])}")
        if german:
            out.append(f"purpose = {q(r['purpose'] + ' (DE)')}")
        else:
            out.append(f"name = {q(r['name'])}")
            out.append(f"purpose = {q(r['purpose'])}")
            out.append("data = [" + ", ".join(q(d) for d in r["data"]) + "]")
            out.append("location = [" + ", ".join(q(c) for c in r["location"]) + "]")
            out.append(f"transfer = {q(r['transfer'])}")
            out.append(f"website = {q('https://' + r['id'] + '.example')}")
        out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=500)
    ap.add_argument("--versions", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    out = Path(a.out)
    content = out / "content" / "subprocessors"
    content.mkdir(parents=True, exist_ok=True)
    (out / "site.toml").write_text(
        'title = "Register benchmark"\nbase_url = "https://bench.example"\ndefault_language = "en"\n'
        'search = true\n\n[languages.en]\nname = "English"\n\n[languages.de]\nname = "Deutsch"\n')
    (out / "content" / "_index.md").write_text('+++\ntitle = "Register benchmark"\n+++\nA large register.\n')
    (content / "_index.md").write_text(
        '+++\ntitle = "Subprocessors"\nregister = "subprocessors"\n+++\nEvery vendor we use.\n')
    (content / "_index.de.md").write_text('+++\ntitle = "Unterauftragsverarbeiter"\n+++\nAlle.\n')
    serial = 0

    def new_row():
        nonlocal serial
        serial += 1
        return {
            "id": f"vendor-{serial}",
            "name": f"Vendor {serial} {rnd.choice(['GmbH', 'Inc.', 'Ltd.', 'B.V.', 'SAS'])}",
            "purpose": f"{rnd.choice(PURPOSES)} for team {serial % 37}",
            "data": rnd.sample(DATA, rnd.randint(1, 3)),
            "location": rnd.sample(COUNTRIES, rnd.randint(1, 2)),
            "transfer": rnd.choice(["Not applicable (EU)", "Standard Contractual Clauses", "EU adequacy"]),
        }

    rows = [new_row() for _ in range(a.rows)]
    year, month = 2020, 1
    for v in range(a.versions):
        if v:
            for _ in range(rnd.randint(2, 6)):
                rows.pop(rnd.randrange(len(rows)))
            for _ in range(rnd.randint(2, 6)):
                rows.insert(rnd.randrange(len(rows) + 1), new_row())
            for r in rnd.sample(rows, 5):
                r["purpose"] += " and reporting"
                r["location"] = rnd.sample(COUNTRIES, 1)
            i, j = rnd.randrange(len(rows)), rnd.randrange(len(rows))
            rows[i], rows[j] = rows[j], rows[i]
        date = f"{year:04d}-{month:02d}-01"
        (content / f"{date}.toml").write_text(snapshot(rows, False))
        (content / f"{date}.de.toml").write_text(snapshot(rows, True))
        month += 3
        if month > 12:
            year, month = year + 1, month - 12
    print(f"{out}: {a.rows} rows, {a.versions} versions, en and de")


if __name__ == "__main__":
    main()
