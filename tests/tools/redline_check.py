#!/usr/bin/env python3
"""Checks redline pages from the outside, with Python's own HTML parser.

For each (redline page, older version page, newer version page) triple given
as arguments (three paths each), prints one JSON line:
  {"page": ..., "accept_ok": bool, "reject_ok": bool, "duplicate_ids": [...],
   "accept": text, "new": text, "reject": text, "old": text, "marks": {"ins": [...], "del": [...]}}
Accept-all is the redline's `redline-text` element without its <del>; reject-all
without its <ins>; both without <summary> and elements of class
`visually-hidden` or `redline-ui`. A version page's text is its `prose` element.
White space is compared as HTML shows it: a run of white space is one space,
the edges of a block are a space, and no space stays no space (so a space
added or removed between two words must be marked).
"""
import json
import re
import sys
from html.parser import HTMLParser

BLOCK = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def classes(self):
        return (self.attrs.get("class") or "").split()


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(path):
    t = Tree()
    with open(path, encoding="utf-8") as f:
        t.feed(f.read())
    t.close()
    return t.root


def walk(node):
    yield node
    for c in node.children:
        if isinstance(c, Node):
            yield from walk(c)


def find(root, want, avoid=None):
    for n in walk(root):
        cls = n.classes()
        if want in cls and (avoid is None or avoid not in cls):
            return n
    return None


def text(node, drop):
    out = []

    def rec(n):
        for c in n.children:
            if isinstance(c, str):
                out.append(c)
            elif c.tag in drop or c.tag == "summary" or {"visually-hidden", "redline-ui"} & set(c.classes()):
                continue
            elif c.tag in ("script", "style", "template"):
                continue
            elif c.tag in BLOCK:
                out.append("\n")
                rec(c)
                out.append("\n")
            else:
                rec(c)

    rec(node)
    # HTML's white space (not U+00A0), collapsed as a browser shows it.
    return re.sub(r"[ \t\n\r\f]+", " ", "".join(out)).strip()


def text_spaced(node):
    out = []

    def rec(n):
        for c in n.children:
            if isinstance(c, str):
                out.append(c)
            else:
                rec(c)

    rec(node)
    return "".join(out)


def marks(node, tag):
    found = []
    for n in walk(node):
        if n.tag == tag:
            found.append(text(n, set()))
    return found


def visible_text(n):
    """The text a reader sees in n, without screen-reader words."""
    return text(n, set())


def raw_text(n):
    """The text of n with white space collapsed but kept at its edges, so
    that ` — ` and `—` (a real change of spacing) differ."""
    out = []

    def rec(m):
        for c in m.children:
            if isinstance(c, str):
                out.append(c)
            elif not ({"visually-hidden", "redline-ui"} & set(c.classes())):
                rec(c)

    rec(n)
    return re.sub(r"[ \t\n\r\f]+", " ", "".join(out))


def struck_and_readded(region):
    """Runs of <del>X</del> directly followed by <ins>X</ins> (or the other
    way round) with the same text: unchanged words shown as changed."""
    found = []
    visible_text = raw_text
    for n in walk(region):
        kids = [c for c in n.children if not (isinstance(c, str) and not c.strip())]
        for a, b in zip(kids, kids[1:]):
            if isinstance(a, Node) and isinstance(b, Node) and {a.tag, b.tag} == {"del", "ins"}:
                if visible_text(a) and visible_text(a) == visible_text(b):
                    found.append(visible_text(a))
        # The same inside two sibling links: <a><del>X</del></a><a><ins>X</ins></a>.
        for a, b in zip(kids, kids[1:]):
            if isinstance(a, Node) and isinstance(b, Node) and a.tag == b.tag == "a":
                da = [c for c in walk(a) if c.tag == "del"]
                ib = [c for c in walk(b) if c.tag == "ins"]
                if da and ib and visible_text(a) == visible_text(b):
                    found.append(visible_text(a))
    return found


def ids_of(root):
    return {n.attrs["id"] for n in walk(root) if n.attrs.get("id")}


def main(args):
    if len(args) % 3:
        sys.exit("usage: redline_check.py REDLINE OLD NEW [REDLINE OLD NEW ...]")
    for k in range(0, len(args), 3):
        page, old_page, new_page = args[k : k + 3]
        red = parse(page)
        region = find(red, "redline-text")
        if region is None:
            print(json.dumps({"page": page, "error": "no element of class redline-text"}))
            continue
        old = text(find(parse(old_page), "prose", "redline-text"), set())
        new = text(find(parse(new_page), "prose", "redline-text"), set())
        accept, reject = text(region, {"del"}), text(region, {"ins"})
        ids = [n.attrs["id"] for n in walk(red) if n.attrs.get("id")]
        table = find(red, "changed-sections")
        rows = []
        for tr in (walk(table) if table else []):
            kind = [c[4:] for c in tr.classes() if c.startswith("row-")]
            cells = [c for c in tr.children if isinstance(c, Node) and c.tag == "td"]
            if tr.tag == "tr" and kind and cells:
                rows.append([kind[0], " ".join(text_spaced(cells[0]).split())])
        dup = sorted({i for i in ids if ids.count(i) > 1})
        # Links within the page that lead nowhere here, though they lead
        # somewhere on a version page (where the same text is shown).
        old_root, new_root = parse(old_page), parse(new_page)
        known = ids_of(old_root) | ids_of(new_root)
        here = set(ids)
        broken = sorted({
            a.attrs["href"][1:] for a in walk(region)
            if a.tag == "a" and (a.attrs.get("href") or "").startswith("#")
            and a.attrs["href"][1:] not in here and a.attrs["href"][1:] in known
        })
        changed_links = [
            [visible_text(n), n.attrs.get("href") or n.attrs.get("src")]
            for n in walk(region) if "redline-changed" in n.classes()
        ]
        print(json.dumps({
            "page": page, "accept_ok": accept == new, "reject_ok": reject == old, "duplicate_ids": dup,
            "accept": accept, "new": new, "reject": reject, "old": old,
            "marks": {"ins": marks(region, "ins"), "del": marks(region, "del")}, "rows": rows,
            "broken_links": broken, "struck_and_readded": struck_and_readded(region),
            "changed_links": changed_links,
        }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
