#!/usr/bin/env python3
"""Checks redline pages from the outside, with Python's own HTML parser.

For each (redline page, older version page, newer version page) triple given
as arguments (three paths each), prints one JSON line:
  {"page": ..., "accept_ok": bool, "reject_ok": bool, "duplicate_ids": [...],
   "accept": text, "new": text, "reject": text, "old": text, "marks": {"ins": [...], "del": [...]}}
Accept-all is the redline's `redline-text` element without its <del>; reject-all
without its <ins>; both without <summary> and elements of class
`visually-hidden` or `redline-ui`. A version page's text is its `prose` element.
White space is ignored in the comparison.
"""
import json
import sys
from html.parser import HTMLParser

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
            else:
                rec(c)

    rec(node)
    return "".join("".join(out).split())


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
        print(json.dumps({
            "page": page, "accept_ok": accept == new, "reject_ok": reject == old, "duplicate_ids": dup,
            "accept": accept, "new": new, "reject": reject, "old": old,
            "marks": {"ins": marks(region, "ins"), "del": marks(region, "del")}, "rows": rows,
        }, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
