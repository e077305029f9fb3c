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

use std::collections::HashMap;

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
#[derive(Default)]
pub struct Contexts<'a> {
    /// (parent context, element) per id; index 0 is the root.
    chain: Vec<(usize, Option<&'a Element>)>,
    by_key: HashMap<(usize, String), usize>,
}

impl<'a> Contexts<'a> {
    pub fn new() -> Self {
        Contexts { chain: vec![(0, None)], by_key: HashMap::new() }
    }

    fn child(&mut self, parent: usize, el: &'a Element) -> usize {
        let mut key = String::new();
        open_tag(el, &mut key);
        let next = self.chain.len();
        *self.by_key.entry((parent, key)).or_insert_with(|| {
            self.chain.push((parent, Some(el)));
            next
        })
    }

    /// The elements of a context, outermost first, with the id of each prefix.
    fn frames(&self, mut ctx: usize) -> Vec<(usize, &'a Element)> {
        let mut out = Vec::new();
        while ctx != 0 {
            let (parent, el) = self.chain[ctx];
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
    for (n, v) in &el.attrs {
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
    fn is_space(&self) -> bool {
        matches!(self.kind, AtomKind::Text(t) if t.chars().all(char::is_whitespace))
    }
}

/// Flattens inline nodes into atoms.
pub fn atoms<'a>(nodes: &'a [Node], ctxs: &mut Contexts<'a>, out: &mut Vec<Atom<'a>>) {
    fn walk<'a>(nodes: &'a [Node], ctx: usize, ctxs: &mut Contexts<'a>, out: &mut Vec<Atom<'a>>) {
        for n in nodes {
            match n {
                Node::Text(t) => {
                    out.extend(words(t).into_iter().map(|w| Atom { ctx, kind: AtomKind::Text(w) }))
                }
                Node::Element(e) if e.children.is_empty() => {
                    out.push(Atom { ctx, kind: AtomKind::Element(e) })
                }
                Node::Element(e) => {
                    let inner = ctxs.child(ctx, e);
                    walk(&e.children, inner, ctxs, out);
                }
                Node::Other(_) => {}
            }
        }
    }
    walk(nodes, 0, ctxs, out);
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
        for (i, w) in text[s..e].split_word_bound_indices() {
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

/// The edit from `old` to `new` atoms, as (mark, atom) in reading order.
pub fn diff<'a>(old: &[Atom<'a>], new: &[Atom<'a>]) -> Vec<(Mark, Atom<'a>)> {
    if old.len().saturating_mul(new.len()) > MAX_COST {
        let mut out: Vec<_> = old.iter().map(|a| (Mark::Del, *a)).collect();
        out.extend(new.iter().map(|a| (Mark::Ins, *a)));
        return out;
    }
    // Each distinct atom becomes one character, so the character diff is a
    // diff of atoms (diff-match-patch's lines-to-chars idea).
    let mut codes: HashMap<(usize, &str), char> = HashMap::new();
    let mut encode = |atoms: &[Atom<'a>]| -> String {
        atoms
            .iter()
            .map(|a| {
                let text = match a.kind {
                    AtomKind::Text(t) => t,
                    AtomKind::Element(e) => e.name.as_str(),
                };
                // Elements without text compare by their tag and attributes.
                let key_ctx = match a.kind {
                    AtomKind::Element(e) => a.ctx * 1_000_003 + hash_attrs(e),
                    AtomKind::Text(_) => a.ctx,
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
                out.extend(new[j..j + n].iter().map(|a| (Mark::Equal, *a)));
                i += n;
                j += n;
            }
            dissimilar::Chunk::Delete(s) => {
                let n = s.chars().count();
                out.extend(old[i..i + n].iter().map(|a| (Mark::Del, *a)));
                i += n;
            }
            dissimilar::Chunk::Insert(s) => {
                let n = s.chars().count();
                out.extend(new[j..j + n].iter().map(|a| (Mark::Ins, *a)));
                j += n;
            }
        }
    }
    out
}

fn hash_attrs(e: &Element) -> usize {
    let mut key = String::new();
    open_tag(e, &mut key);
    key.bytes().fold(7usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize)) % 1_000_003
}

/// The `n`th code point that is a valid `char`, from the private use areas up.
fn code_point(n: usize) -> char {
    let n = n as u32;
    let cp = if n < 0x1900 { 0xE000 + n } else { 0xF0000 + (n - 0x1900) };
    // Past the last private use plane, any valid scalar value will do.
    char::from_u32(cp).unwrap_or_else(|| char::from_u32(0x10000 + n % 0xF0000).unwrap_or('\u{FFFD}'))
}

/// Writes marked atoms: the atoms' elements opened and closed as their
/// contexts change, `<ins>`/`<del>` innermost, screen-reader words at the
/// start and end of each run of one kind of mark. Runs of white space alone
/// are not marked (a removed space is dropped, an added one written plainly).
pub fn write(items: &[(Mark, Atom<'_>)], ctxs: &Contexts<'_>, w: &mut Writer) {
    // `None`: a removed run of white space, not written.
    let mut marks: Vec<Option<Mark>> = items.iter().map(|(m, _)| Some(*m)).collect();
    let mut k = 0;
    while k < items.len() {
        let m = items[k].0;
        let end = (k..items.len()).find(|&e| items[e].0 != m).unwrap_or(items.len());
        if m != Mark::Equal && items[k..end].iter().all(|(_, a)| a.is_space()) {
            let to = if m == Mark::Del { None } else { Some(Mark::Equal) };
            marks[k..end].iter_mut().for_each(|x| *x = to);
        }
        k = end;
    }
    let visible: Vec<(Mark, Atom<'_>)> =
        items.iter().zip(&marks).filter_map(|((_, a), m)| m.map(|m| (m, *a))).collect();
    let mut open: Vec<Frame> = Vec::new();
    for (pos, &(mark, atom)) in visible.iter().enumerate() {
        let prev = pos.checked_sub(1).map(|p| visible[p].0);
        let next = visible.get(pos + 1).map(|n| n.0);
        let mut desired: Vec<Frame> =
            ctxs.frames(atom.ctx).into_iter().map(|(id, el)| Frame::El(id, el)).collect();
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
                Frame::El(_, el) => w.open(el, mark == Mark::Del, None),
            }
            open.push(*frame);
        }
        match atom.kind {
            AtomKind::Text(t) => w.html.push_str(t),
            AtomKind::Element(e) => {
                w.open(e, mark == Mark::Del, None);
                w.close(e);
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

/// An element open around atoms, or the mark innermost.
#[derive(Clone, Copy)]
enum Frame<'a> {
    El(usize, &'a Element),
    Mark(Mark),
}

impl Frame<'_> {
    fn same(&self, other: &Frame) -> bool {
        match (self, other) {
            (Frame::El(a, _), Frame::El(b, _)) => a == b,
            (Frame::Mark(a), Frame::Mark(b)) => a == b,
            _ => false,
        }
    }

    fn close(&self, w: &mut Writer) {
        match self {
            Frame::El(_, el) => w.close(el),
            Frame::Mark(Mark::Ins) => w.html.push_str("</ins>"),
            Frame::Mark(_) => w.html.push_str("</del>"),
        }
    }
}

/// Writes inline nodes with every atom marked (an added or removed block's text).
pub fn write_marked(nodes: &[Node], mark: Mark, w: &mut Writer) {
    let mut ctxs = Contexts::new();
    let mut list = Vec::new();
    atoms(nodes, &mut ctxs, &mut list);
    let items: Vec<_> = list.into_iter().map(|a| (mark, a)).collect();
    write(&items, &ctxs, w);
}

/// Writes the word diff of two runs of inline nodes; whether anything changed.
pub fn write_diff(old: &[Node], new: &[Node], w: &mut Writer) -> bool {
    let mut ctxs = Contexts::new();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    atoms(old, &mut ctxs, &mut a);
    atoms(new, &mut ctxs, &mut b);
    let items = diff(&a, &b);
    let changed = items.iter().any(|(m, a)| *m != Mark::Equal && !a.is_space());
    if changed {
        write(&items, &ctxs, w);
    } else {
        w.nodes(new, false);
    }
    changed
}
