//! The word diff inside a paragraph, heading, list item or table cell.
//!
//! Inline content is flattened into atoms: a word, a space or a number with
//! the chain of inline elements around it (its *context*: `<a href=…>`,
//! `<strong>`). Atoms are equal when their text and context are, so a link
//! whose address changed is its old text removed and its new text added, two
//! sibling anchors, never nested. The atoms are diffed with diff-match-patch's
//! algorithm and semantic cleanup (the `dissimilar` crate), which merges
//! edits separated by a short equality: `三十日` → `四十五日` reads as
//! `三十` removed and `四十五` added, not as five fragments. The marks are
//! written innermost, inside the atoms' own elements, so `<ins>`/`<del>` only
//! ever hold phrasing content.

use rustc_hash::FxHashMap as HashMap;

use unicode_segmentation::UnicodeSegmentation;

use super::html::{Element, Node, Writer};

/// Past this many atom pairs (old × new) a block is shown as replaced
/// whole: the bound that keeps a diff's cost, and so its output, independent
/// of the machine.
const MAX_COST: usize = 4_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Equal,
    Ins,
    Del,
}

/// The chain of inline elements an atom sits in, interned: id 0 is none.
/// Each context also has a *loose* id, the same for two chains that differ
/// only in where a link leads or which image is shown ([`LOOSE`]): the diff
/// compares loose ids, so a link whose address changed is one changed link.
#[derive(Default)]
pub struct Contexts<'a> {
    /// (parent context, element, loose id) per id; index 0 is the root.
    chain: Vec<(usize, Option<&'a Element>, usize)>,
    by_key: HashMap<(usize, String), usize>,
    by_loose: HashMap<(usize, String), usize>,
}

/// Attributes that say where an element leads or what it shows, not what it
/// is: the diff leaves them out and marks a change of them on the element.
const LOOSE: &[&str] = &["href", "src", "srcset", "alt", "title"];

impl<'a> Contexts<'a> {
    pub fn new() -> Self {
        Contexts { chain: vec![(0, None, 0)], by_key: HashMap::default(), by_loose: HashMap::default() }
    }

    fn child(&mut self, parent: usize, el: &'a Element) -> usize {
        let mut key = String::new();
        open_tag(el, &mut key);
        let next = self.chain.len();
        if let Some(&id) = self.by_key.get(&(parent, key.clone())) {
            return id;
        }
        let mut loose_key = String::new();
        loose_tag(el, &mut loose_key);
        let loose_parent = self.chain[parent].2;
        let loose_next = self.by_loose.len() + 1;
        let loose = *self.by_loose.entry((loose_parent, loose_key)).or_insert(loose_next);
        self.chain.push((parent, Some(el), loose));
        self.by_key.insert((parent, key), next);
        next
    }

    fn loose(&self, ctx: usize) -> usize {
        self.chain[ctx].2
    }

    /// The elements of a context, outermost first, with the id of each prefix.
    fn frames(&self, mut ctx: usize) -> Vec<(usize, &'a Element)> {
        let mut out = Vec::new();
        while ctx != 0 {
            let (parent, el, _) = self.chain[ctx];
            if let Some(el) = el {
                out.push((ctx, el));
            }
            ctx = parent;
        }
        out.reverse();
        out
    }
}

fn open_tag(el: &Element, out: &mut String) {
    out.push_str(&el.name);
    push_attrs(el, out, |_| true);
}

/// The tag without the attributes that say where it leads ([`LOOSE`]), for
/// a link or an image; any other element as it is (an `<abbr>` whose
/// `title` changed is another element, not a changed link).
fn loose_tag(el: &Element, out: &mut String) {
    if !matches!(&*el.name, "a" | "img") {
        return open_tag(el, out);
    }
    out.push_str(&el.name);
    push_attrs(el, out, |name| !LOOSE.contains(&name));
}

fn push_attrs(el: &Element, out: &mut String, keep: impl Fn(&str) -> bool) {
    for (n, v) in el.attrs.iter().filter(|(n, _)| keep(n)) {
        out.push(' ');
        out.push_str(n);
        if let Some(v) = v {
            out.push('=');
            out.push_str(v);
        }
    }
}

/// One word, space, number or entity, or an element without text, in its context.
#[derive(Clone, Copy)]
pub struct Atom<'a> {
    pub ctx: usize,
    pub kind: AtomKind<'a>,
}

#[derive(Clone, Copy)]
pub enum AtomKind<'a> {
    Text(&'a str),
    /// A void element (`<br>`, `<img>`) or one with nothing in it (`<a id=x></a>`).
    Element(&'a Element),
}

impl Atom<'_> {
    /// White space as HTML collapses it: not U+00A0, which a reader sees as a
    /// space that does not break (`WordPress.com\u{a0}account` → a plain
    /// space is a change).
    fn is_space(&self) -> bool {
        matches!(self.kind, AtomKind::Text(t) if !t.is_empty() && t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')))
    }
}

/// Flattens inline nodes into atoms, each text cut by `split` ([`words`]
/// for a diff).
pub fn atoms<'a>(
    nodes: &'a [Node],
    split: fn(&'a str) -> Vec<&'a str>,
    ctxs: &mut Contexts<'a>,
    out: &mut Vec<Atom<'a>>,
) {
    fn walk<'a>(
        nodes: &'a [Node],
        split: fn(&'a str) -> Vec<&'a str>,
        ctx: usize,
        ctxs: &mut Contexts<'a>,
        out: &mut Vec<Atom<'a>>,
    ) {
        for n in nodes {
            match n {
                Node::Text(t) => {
                    out.extend(split(t).into_iter().map(|w| Atom { ctx, kind: AtomKind::Text(w) }))
                }
                Node::Element(e) if e.children.is_empty() => {
                    out.push(Atom { ctx, kind: AtomKind::Element(e) })
                }
                Node::Element(e) => {
                    let inner = ctxs.child(ctx, e);
                    walk(&e.children, split, inner, ctxs, out);
                }
                Node::Other(_) => {}
            }
        }
    }
    walk(nodes, split, 0, ctxs, out);
}

/// Text cut into runs of white space and runs of anything else: all a block
/// marked whole needs, since its atoms are written one after another and
/// only white space at its edges is treated apart ([`settle_edges`]). The
/// same bytes as cutting it into words, without the cost of UAX #29.
fn spaces_and_runs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, b) in text.bytes().enumerate() {
        let space = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        if in_space.is_some_and(|s| s != space) {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Numerals a word may be written in, beyond ASCII digits.
fn is_numeral(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    "〇一二三四五六七八九十百千万萬億亿兩两零壹贰貳叁參肆伍陆陸柒捌玖拾佰仟".contains(c)
        || ('\u{660}'..='\u{669}').contains(&c) // Arabic-Indic digits
        || ('\u{6f0}'..='\u{6f9}').contains(&c)
        || ('\u{ff10}'..='\u{ff19}').contains(&c) // full-width digits
}

/// Text split into words (UAX #29) with entities whole and runs of numerals joined.
pub fn words<'a>(text: &'a str) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    let mut rest_start = 0;
    let bytes = text.as_bytes();
    let push_words = |s: usize, e: usize, out: &mut Vec<&'a str>| {
        let mut run: Option<(usize, usize)> = None;
        let part = &text[s..e];
        let bounds: Vec<(usize, &str)> =
            if part.is_ascii() { ascii_word_bounds(part) } else { part.split_word_bound_indices().collect() };
        for (i, w) in bounds {
            let (a, b) = (s + i, s + i + w.len());
            if w.chars().all(is_numeral) {
                run = Some(run.map_or((a, b), |(ra, _)| (ra, b)));
                continue;
            }
            if let Some((ra, rb)) = run.take() {
                out.push(&text[ra..rb]);
            }
            out.push(&text[a..b]);
        }
        if let Some((ra, rb)) = run {
            out.push(&text[ra..rb]);
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'&'
            && let Some(len) = text[i + 1..].find(';').filter(|&l| {
                l > 0
                    && l <= 10
                    && text[i + 1..i + 1 + l].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'#')
            })
        {
            push_words(rest_start, i, &mut out);
            out.push(&text[i..i + len + 2]);
            i += len + 2;
            rest_start = i;
            continue;
        }
        i += 1;
    }
    push_words(rest_start, text.len(), &mut out);
    out
}

/// How UAX #29 classes an ASCII byte for word bounds (WordBreakProperty.txt).
#[derive(Clone, Copy, PartialEq)]
enum WordClass {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNumLet,
    MidNum,
    SingleQuote,
    Other,
}

fn word_class(b: u8) -> WordClass {
    use WordClass::*;
    match b {
        b'\r' => Cr,
        b'\n' => Lf,
        0x0b | 0x0c => Newline,
        b' ' => Space,
        b'a'..=b'z' | b'A'..=b'Z' => Letter,
        b'0'..=b'9' => Numeric,
        b'_' => ExtendNumLet,
        b':' => MidLetter,
        b'.' => MidNumLet,
        b',' | b';' => MidNum,
        b'\'' => SingleQuote,
        _ => Other,
    }
}

/// `split_word_bound_indices` of ASCII text: the same words, by UAX #29's
/// rules for the classes ASCII has, without looking each character up in
/// Unicode's tables (most of a redline's word diff was that lookup).
fn ascii_word_bounds(text: &str) -> Vec<(usize, &str)> {
    use WordClass::*;
    let bytes = text.as_bytes();
    let class = |i: usize| bytes.get(i).copied().map(word_class);
    let mid_letter = |c| matches!(c, MidLetter | MidNumLet | SingleQuote);
    let mid_num = |c| matches!(c, MidNum | MidNumLet | SingleQuote);
    // Whether bytes i - 1 and i stay in one word (i ≥ 1).
    let joins = |i: usize| match (word_class(bytes[i - 1]), word_class(bytes[i])) {
        (Cr, Lf) => true,                                                       // WB3
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => false,               // WB3a, WB3b
        (Space, Space) => true,                                                 // WB3d
        (Letter, Letter) => true,                                               // WB5
        (Letter, m) if mid_letter(m) => class(i + 1) == Some(Letter),           // WB6
        (m, Letter) if mid_letter(m) => i >= 2 && class(i - 2) == Some(Letter), // WB7
        (Numeric, Numeric) | (Letter, Numeric) | (Numeric, Letter) => true,     // WB8-10
        (m, Numeric) if mid_num(m) => i >= 2 && class(i - 2) == Some(Numeric),  // WB11
        (Numeric, m) if mid_num(m) => class(i + 1) == Some(Numeric),            // WB12
        (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,                // WB13a
        (ExtendNumLet, Letter | Numeric) => true,                               // WB13b
        _ => false,                                                             // WB999
    };
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..text.len() {
        if !joins(i) {
            out.push((start, &text[start..i]));
            start = i;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

/// One atom of the result: how it changed, and for an atom that stayed but
/// whose link or image changed (its context or attributes differ outside
/// what [`LOOSE`] covers), the older atom.
#[derive(Clone, Copy)]
pub struct Item<'a> {
    pub mark: Mark,
    pub atom: Atom<'a>,
    pub was: Option<Atom<'a>>,
}

/// The edit from `old` to `new` atoms, in reading order. Atoms compare by
/// text and loose context; every run of white space is one space, as HTML
/// shows it.
pub fn diff<'a>(old: &[Atom<'a>], new: &[Atom<'a>], ctxs: &Contexts<'a>) -> Vec<Item<'a>> {
    let item = |mark, atom| Item { mark, atom, was: None };
    if old.len().saturating_mul(new.len()) > MAX_COST {
        let mut out: Vec<_> = old.iter().map(|a| item(Mark::Del, *a)).collect();
        out.extend(new.iter().map(|a| item(Mark::Ins, *a)));
        return out;
    }
    // Each distinct atom becomes one character, so the character diff is a
    // diff of atoms (diff-match-patch's lines-to-chars idea).
    let mut codes: HashMap<(usize, &str), char> = HashMap::default();
    let mut encode = |atoms: &[Atom<'a>]| -> String {
        atoms
            .iter()
            .map(|a| {
                let loose = ctxs.loose(a.ctx);
                let (key_ctx, text) = match a.kind {
                    AtomKind::Text(_) if a.is_space() => (loose, " "),
                    AtomKind::Text(t) => (loose, t),
                    // Elements without text compare by their tag and attributes.
                    AtomKind::Element(e) => (loose * 1_000_003 + loose_hash(e), &*e.name),
                };
                let next = codes.len();
                *codes.entry((key_ctx, text)).or_insert_with(|| code_point(next))
            })
            .collect()
    };
    let a = encode(old);
    let b = encode(new);
    let mut out = Vec::with_capacity(old.len().max(new.len()) + 8);
    let (mut i, mut j) = (0, 0);
    for chunk in dissimilar::diff(&a, &b) {
        match chunk {
            dissimilar::Chunk::Equal(s) => {
                let n = s.chars().count();
                out.extend(old[i..i + n].iter().zip(&new[j..j + n]).map(|(o, a)| {
                    let same = o.ctx == a.ctx
                        && match (o.kind, a.kind) {
                            (AtomKind::Element(x), AtomKind::Element(y)) => same_tag(x, y),
                            _ => true,
                        };
                    Item { mark: Mark::Equal, atom: *a, was: (!same).then_some(*o) }
                }));
                i += n;
                j += n;
            }
            dissimilar::Chunk::Delete(s) => {
                let n = s.chars().count();
                out.extend(old[i..i + n].iter().map(|a| item(Mark::Del, *a)));
                i += n;
            }
            dissimilar::Chunk::Insert(s) => {
                let n = s.chars().count();
                out.extend(new[j..j + n].iter().map(|a| item(Mark::Ins, *a)));
                j += n;
            }
        }
    }
    out
}

/// Whether two elements have the same tag and attributes (not children).
fn same_tag(a: &Element, b: &Element) -> bool {
    a.name == b.name && a.attrs == b.attrs
}

/// A hash of an element's loose tag ([`loose_tag`]), for the diff's key.
fn loose_hash(e: &Element) -> usize {
    let mut key = String::new();
    loose_tag(e, &mut key);
    key.bytes().fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize)) % 1_000_003
}

/// The `n`th code point that is a valid `char`, from the private use areas up.
fn code_point(n: usize) -> char {
    let n = n as u32;
    let cp = if n < 0x1900 { 0xE000 + n } else { 0xF0000 + (n - 0x1900) };
    // Past the last private use plane, any valid scalar value will do.
    char::from_u32(cp).unwrap_or_else(|| char::from_u32(0x10000 + n % 0xF0000).unwrap_or('\u{FFFD}'))
}

/// White space at the edges of a block is not shown, so a change of it is
/// none: a removed run there is dropped, an added one written plainly.
/// Everywhere else a space added or removed is a change like any other
/// (`download.Learn` → `download. Learn`).
fn settle_edges(items: &mut Vec<Item<'_>>) {
    let first = items.iter().position(|it| !it.atom.is_space()).unwrap_or(items.len());
    let last = items.iter().rposition(|it| !it.atom.is_space()).map_or(0, |p| p + 1);
    let mut k = 0;
    items.retain_mut(|it| {
        let edge = k < first || k >= last;
        k += 1;
        if edge && it.mark == Mark::Ins {
            it.mark = Mark::Equal;
        }
        !(edge && it.mark == Mark::Del)
    });
}

/// Writes marked atoms: the atoms' elements opened and closed as their
/// contexts change, `<ins>`/`<del>` innermost, screen-reader words at the
/// start and end of each run of one kind of mark. An element whose link or
/// image changed carries the class `redline-changed` and is followed by a
/// note with the older address.
pub fn write(items: &[Item<'_>], ctxs: &Contexts<'_>, w: &mut Writer) {
    // Elements whose address changed (new id → the older element), and the
    // older elements they stand for (old id → new frame), so that the words
    // of a changed link, kept, added or removed, stay inside one link.
    let mut changed: HashMap<usize, &Element> = HashMap::default();
    let mut remap: HashMap<usize, (usize, &Element)> = HashMap::default();
    for it in items {
        let Some(old) = it.was else { continue };
        for (&(oid, oel), &(nid, nel)) in ctxs.frames(old.ctx).iter().zip(&ctxs.frames(it.atom.ctx)) {
            if oid != nid {
                remap.insert(oid, (nid, nel));
                if !same_tag(oel, nel) {
                    changed.insert(nid, oel);
                }
            }
        }
    }
    let mut open: Vec<Frame> = Vec::new();
    // The (context, mark) the open frames were made for: the next atom in
    // the same needs nothing opened or closed (most atoms of a block).
    let mut opened_for = None;
    for (pos, it) in items.iter().enumerate() {
        let (mark, atom) = (it.mark, it.atom);
        let prev = pos.checked_sub(1).map(|p| items[p].mark);
        let next = items.get(pos + 1).map(|n| n.mark);
        if opened_for != Some((atom.ctx, mark)) {
            opened_for = Some((atom.ctx, mark));
            let mut desired: Vec<Frame> = ctxs
                .frames(atom.ctx)
                .into_iter()
                .map(|(id, el)| {
                    let (id, el) = remap.get(&id).copied().unwrap_or((id, el));
                    Frame::El(id, el, changed.get(&id).copied())
                })
                .collect();
            if mark != Mark::Equal {
                desired.push(Frame::Mark(mark));
            }
            let common = open.iter().zip(&desired).take_while(|(a, b)| a.same(b)).count();
            while open.len() > common {
                if let Some(frame) = open.pop() {
                    frame.close(w);
                }
            }
            for frame in &desired[common..] {
                match *frame {
                    Frame::Mark(m) => {
                        w.html.push_str(if m == Mark::Ins { "<ins>" } else { "<del>" });
                        if prev != Some(m) {
                            let label = if m == Mark::Ins { "added_marker" } else { "removed_marker" };
                            w.html.push_str(&format!(
                                "<span class=\"visually-hidden\">[@@privet:{label}@@ </span>"
                            ));
                        }
                    }
                    Frame::El(_, el, was) => w.open(el, mark == Mark::Del, was.map(|_| CHANGED)),
                }
                open.push(*frame);
            }
        }
        match atom.kind {
            AtomKind::Text(t) => {
                w.html.push_str(t);
                // A space added or removed alone is invisible: say it.
                if mark != Mark::Equal && atom.is_space() && prev != Some(mark) && next != Some(mark) {
                    w.html.push_str("<span class=\"visually-hidden\">@@privet:space@@</span>");
                }
            }
            AtomKind::Element(e) => {
                let was = match it.was.map(|o| o.kind) {
                    Some(AtomKind::Element(o)) if !same_tag(o, e) => Some(o),
                    _ => None,
                };
                w.open(e, mark == Mark::Del, was.map(|_| CHANGED));
                w.close(e);
                if let Some(o) = was {
                    // An image inside a link: its note may not hold a link of its own.
                    let in_link = open.iter().any(|f| matches!(f, Frame::El(_, el, _) if el.name == "a"));
                    changed_note(o, !in_link, w);
                }
            }
        }
        // A run ends: its closing words.
        if mark != Mark::Equal && next != Some(mark) {
            w.html.push_str("<span class=\"visually-hidden\"> @@privet:marker_end@@]</span>");
        }
    }
    while let Some(frame) = open.pop() {
        frame.close(w);
    }
}

/// The class of an element whose address or image changed.
const CHANGED: &str = "redline-changed";

/// After an element whose address or image changed: what it was, in words a
/// reader sees and a screen reader says, with the older address as a link.
fn changed_note(was: &Element, linked: bool, w: &mut Writer) {
    let (key, address) = match &*was.name {
        "img" => ("image_changed", was.attr("src")),
        _ => ("link_changed", was.attr("href")),
    };
    w.html.push_str(&format!("<span class=\"redline-ui redline-was\">[@@privet:{key}@@"));
    if let Some(address) = address.filter(|a| !a.is_empty()) {
        let mut escaped = String::new();
        crate::html::push_attr(&mut escaped, address);
        // The address is its own text (`LANG_ROOT` becomes the reader's root in both).
        if linked {
            w.html.push_str(&format!(" <a href=\"{escaped}\" class=\"redline-was-link\">{escaped}</a>"));
        } else {
            w.html.push_str(&format!(" <span class=\"redline-was-link\">{escaped}</span>"));
        }
    }
    w.html.push_str("]</span>");
}

/// An element open around atoms (with what it was, if its address changed),
/// or the mark innermost.
#[derive(Clone, Copy)]
enum Frame<'a> {
    El(usize, &'a Element, Option<&'a Element>),
    Mark(Mark),
}

impl Frame<'_> {
    fn same(&self, other: &Frame) -> bool {
        match (self, other) {
            (Frame::El(a, _, x), Frame::El(b, _, y)) => a == b && x.is_some() == y.is_some(),
            (Frame::Mark(a), Frame::Mark(b)) => a == b,
            _ => false,
        }
    }

    fn close(&self, w: &mut Writer) {
        match self {
            Frame::El(_, el, was) => {
                w.close(el);
                if let Some(was) = was {
                    changed_note(was, true, w);
                }
            }
            Frame::Mark(Mark::Ins) => w.html.push_str("</ins>"),
            Frame::Mark(_) => w.html.push_str("</del>"),
        }
    }
}

/// Writes inline nodes with every atom marked (an added or removed block's text).
pub fn write_marked(nodes: &[Node], mark: Mark, w: &mut Writer) {
    let mut ctxs = Contexts::new();
    let mut list = Vec::new();
    atoms(nodes, spaces_and_runs, &mut ctxs, &mut list);
    let mut items: Vec<_> = list.into_iter().map(|atom| Item { mark, atom, was: None }).collect();
    settle_edges(&mut items);
    write(&items, &ctxs, w);
}

/// Writes the word diff of two runs of inline nodes; whether anything changed.
pub fn write_diff(old: &[Node], new: &[Node], w: &mut Writer) -> bool {
    let mut ctxs = Contexts::new();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    atoms(old, words, &mut ctxs, &mut a);
    atoms(new, words, &mut ctxs, &mut b);
    let mut items = diff(&a, &b, &ctxs);
    settle_edges(&mut items);
    let changed = items.iter().any(|it| it.mark != Mark::Equal || it.was.is_some());
    if changed {
        write(&items, &ctxs, w);
    } else {
        w.nodes(new, false);
    }
    changed
}

#[cfg(test)]
mod word_bounds_tests {
    use super::*;

    fn reference(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices().collect()
    }

    /// One byte of each class, and bytes UAX #29 treats apart from the rest
    /// of their class (tab, double quote, hyphen, `@`, `/`, `&`).
    const CLASSES: &[u8] = b"\r\n\x0b\x0c \ta7_:.,;'\"-@/&Z";

    #[test]
    fn ascii_word_bounds_agree_with_uax29_on_every_pair_of_ascii_bytes() {
        for a in 0u8..128 {
            for b in 0u8..128 {
                let text = String::from_utf8(vec![a, b]).unwrap();
                assert_eq!(ascii_word_bounds(&text), reference(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn ascii_word_bounds_agree_with_uax29_around_every_byte() {
        // A rule looks two bytes back and one ahead of a bound: each byte on
        // either side of one, in every context of the other classes.
        for byte in 0u8..128 {
            for &a in CLASSES {
                for &b in CLASSES {
                    for &c in CLASSES {
                        for bytes in [[a, b, byte, c], [a, byte, b, c]] {
                            let text = String::from_utf8(bytes.to_vec()).unwrap();
                            assert_eq!(ascii_word_bounds(&text), reference(&text), "{text:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn ascii_word_bounds_agree_with_uax29_on_prose() {
        let text = "It's 3.14, e.g. \"k:a\" and 1,000;2 -- foo_bar 42_x\r\n\r\n  U.S.A. v2.0's  end.";
        assert_eq!(ascii_word_bounds(text), reference(text));
        assert_eq!(ascii_word_bounds(""), reference(""));
    }
}
