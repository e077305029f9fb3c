//! Aligning the blocks of two versions, and writing their differences.
//!
//! A sequence of children (the document, a list, a table body, a row) is cut
//! into units: block elements, and runs of inline content between them.
//! Identical units are matched first (Myers on their hashes); in the gaps
//! between, units of the same kind are paired by the similarity of their
//! words (an alignment that maximises the total similarity, never crossing),
//! with heading ids as a strong hint and a floor for headings, so a reworded
//! heading stays one changed heading. Paired units are diffed inside: leaf
//! blocks word by word, containers recursively. Unpaired units are added or
//! removed blocks, marked on the element itself.

use std::hash::BuildHasher;

use similar::{Algorithm, DiffTag};

use super::Memo;
use super::html::{self, Element, Node, Writer, is_heading};
use super::inline::{self, Mark};

/// Two units pair when their similarity (0 to 1000) reaches this.
const THRESHOLD: u32 = 400;
/// A gap larger than this (old × new units) is not aligned by similarity:
/// its units are shown removed and added, a coarser but bounded result.
const MAX_GAP: usize = 40_000;

/// One unit of a sequence of children.
pub struct Unit<'a> {
    pub kind: UnitKind<'a>,
    /// Hash of the unit's HTML: equal units are identical.
    pub hash: u64,
    nodes: &'a [Node],
    /// Hashes of its words, sorted: what similarity compares (made when
    /// first needed, or taken from the memo of the redlines of the same texts).
    bag: std::cell::OnceCell<std::sync::Arc<[u64]>>,
    memo: Option<&'a Memo>,
}

#[derive(Clone, Copy)]
pub enum UnitKind<'a> {
    Block(&'a Element),
    Inline(&'a [Node]),
    Other(&'a Node),
}

impl<'a> Unit<'a> {
    /// Hashes of the unit's words, sorted.
    pub fn bag(&self) -> &[u64] {
        self.bag.get_or_init(|| match self.memo {
            Some(memo) => memo.bag(self.hash, || bag_of_nodes(self.nodes)),
            None => bag_of_nodes(self.nodes).into(),
        })
    }

    /// The element, when the unit is one.
    pub fn element(&self) -> Option<&'a Element> {
        match self.kind {
            UnitKind::Block(e) => Some(e),
            _ => None,
        }
    }

    fn key(&self) -> &str {
        match self.kind {
            // A heading moved up or down a level (`###` → `##`) is still the
            // same heading: it pairs with its older self, shown at its new level.
            UnitKind::Block(e) if is_heading(&e.name) => "#heading",
            UnitKind::Block(e) => &e.name,
            UnitKind::Inline(_) => "#inline",
            UnitKind::Other(_) => "#other",
        }
    }
}

/// Cuts children into units; runs of white space between blocks are dropped.
/// Their bags of words come from `memo` when it has them.
pub fn units<'a>(nodes: &'a [Node], memo: Option<&'a Memo>) -> Vec<Unit<'a>> {
    units_hashed(nodes, memo, &[])
}

/// [`units`] of nodes whose units' hashes are known, in order (`known`, as
/// [`unit_hashes`] gave them): a text is in many redlines, and hashing its
/// blocks for each was a tenth of a redline. A unit past the end of
/// `known` is hashed.
pub fn units_hashed<'a>(nodes: &'a [Node], memo: Option<&'a Memo>, known: &[u64]) -> Vec<Unit<'a>> {
    let mut out = Vec::new();
    let mut run_start: Option<usize> = None;
    let push = |kind: UnitKind<'a>, nodes: &'a [Node], out: &mut Vec<Unit<'a>>| {
        let hash = known.get(out.len()).copied();
        out.push(unit(kind, nodes, memo, hash));
    };
    let flush = |start: Option<usize>, end: usize, out: &mut Vec<Unit<'a>>| {
        if let Some(s) = start {
            let run = &nodes[s..end];
            let blank = run.iter().all(|n| matches!(n, Node::Text(t) if t.trim().is_empty()));
            if !blank {
                push(UnitKind::Inline(run), run, out);
            }
        }
    };
    for (i, n) in nodes.iter().enumerate() {
        if n.is_inline() {
            run_start.get_or_insert(i);
            continue;
        }
        flush(run_start.take(), i, &mut out);
        match n {
            Node::Element(e) => push(UnitKind::Block(e), std::slice::from_ref(n), &mut out),
            _ => push(UnitKind::Other(n), std::slice::from_ref(n), &mut out),
        }
    }
    flush(run_start, nodes.len(), &mut out);
    out
}

/// The hashes of the units of `nodes`, in order, for [`units_hashed`].
pub fn unit_hashes(nodes: &[Node]) -> Vec<u64> {
    units(nodes, None).iter().map(|u| u.hash).collect()
}

fn unit<'a>(kind: UnitKind<'a>, nodes: &'a [Node], memo: Option<&'a Memo>, hash: Option<u64>) -> Unit<'a> {
    // The tree, not its HTML: the parse is deterministic, and serializing
    // each unit (and again each unit inside it) was a tenth of a redline.
    // The hash stands for the unit (equal hashes align as equal), so a hash
    // of good quality; foldhash's is a third of SipHash's cost here, and
    // fixed-seeded, so the same texts give the same redline everywhere.
    let hash = hash.unwrap_or_else(|| foldhash::quality::FixedState::default().hash_one(nodes));
    Unit { kind, hash, nodes, bag: std::cell::OnceCell::new(), memo }
}

/// The bag of words of nodes, each text node on its own (so that the
/// words of adjacent blocks, `<li>a</li><li>b</li>`, stay apart).
fn bag_of_nodes(nodes: &[Node]) -> Vec<u64> {
    fn walk(nodes: &[Node], out: &mut Vec<u64>) {
        for n in nodes {
            match n {
                Node::Text(t) => out.extend(bag(&html::decode_entities(t))),
                Node::Element(e) if !matches!(&*e.name, "script" | "style") => walk(&e.children, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(nodes, &mut out);
    out.sort_unstable();
    out
}

/// The sorted hashes of the words of a text, for similarity only: runs of
/// letters and digits, and each Han or kana character on its own (those
/// scripts write no spaces). Cheaper than UAX #29, which the word diff uses.
pub fn bag(text: &str) -> Vec<u64> {
    const FNV: u64 = 0xcbf2_9ce4_8422_2325;
    let mix = |h: u64, lower: char| (h ^ lower as u64).wrapping_mul(0x100_0000_01b3);
    let mut out = Vec::new();
    let mut word = FNV;
    for c in text.chars() {
        // ASCII without the Unicode tables: the same test, the same lower case.
        let (letter, ideograph, lower) = if c.is_ascii() {
            (c.is_ascii_alphanumeric(), false, c.to_ascii_lowercase())
        } else {
            let ideograph =
                matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF);
            (c.is_alphanumeric(), ideograph, c.to_lowercase().next().unwrap_or(c))
        };
        if letter && !ideograph {
            word = mix(word, lower);
            continue;
        }
        if word != FNV {
            out.push(word);
            word = FNV;
        }
        if ideograph {
            out.push(mix(FNV, lower));
        }
    }
    if word != FNV {
        out.push(word);
    }
    out.sort_unstable();
    out
}

/// Dice's coefficient of two sorted bags, 0 to 1000, when it is `floor` or
/// more; otherwise some value below `floor`. The merge stops as soon as the
/// words left cannot reach it: in a large gap most pairs cannot pair, and
/// that shows early. A floor of 0 gives the coefficient itself.
pub fn dice_at_least(a: &[u64], b: &[u64], floor: u32) -> u32 {
    if a.is_empty() && b.is_empty() {
        return 1000;
    }
    let total = a.len() + b.len();
    // The fewest words in common that give `floor`: 2000·common/total ≥ floor.
    let need = (floor as usize * total).div_ceil(2000);
    // Without branches on the comparison: the hashes are random, so a
    // three-way branch mispredicts half the time; this loop was the largest
    // single cost of GitHub's redlines.
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if common + (a.len() - i).min(b.len() - j) < need {
            return 0;
        }
        let (x, y) = (a[i], b[j]);
        common += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    if common < need {
        return 0;
    }
    (2000 * common / total) as u32
}

/// Cells of a row, or of a table's first row: tables and rows pair only
/// when their shapes agree, so the result keeps a valid table geometry.
fn columns(e: &Element) -> usize {
    fn first_row(e: &Element) -> Option<&Element> {
        e.children.iter().find_map(|c| match c {
            Node::Element(c) if c.name == "tr" => Some(c),
            Node::Element(c) if matches!(&*c.name, "thead" | "tbody" | "tfoot") => first_row(c),
            _ => None,
        })
    }
    let row = if e.name == "tr" { Some(e) } else { first_row(e) };
    row.map_or(0, |r| {
        r.children.iter().filter(|c| matches!(c, Node::Element(c) if matches!(&*c.name, "td" | "th"))).count()
    })
}

/// How alike two units are, 0 to 1000; 0 when they may not pair.
fn similarity(a: &Unit, b: &Unit) -> u32 {
    if a.key() != b.key() {
        return 0;
    }
    if a.hash == b.hash {
        return 1000;
    }
    // Below THRESHOLD any similarity is as good as 0 (the pair cannot pair):
    // most pairs in a large gap are told apart by their lengths, or after
    // a part of their words.
    let words = || dice_at_least(a.bag(), b.bag(), THRESHOLD);
    match (a.element(), b.element()) {
        (Some(x), Some(y)) if is_heading(&x.name) => {
            if x.attr("id").is_some() && x.attr("id") == y.attr("id") {
                1000
            } else if x.name == y.name {
                words().max(THRESHOLD + 50)
            } else {
                words()
            }
        }
        (Some(x), Some(y)) if matches!(&*x.name, "table" | "tr") && columns(x) != columns(y) => 0,
        (Some(_), Some(_)) if a.bag().is_empty() && b.bag().is_empty() => THRESHOLD + 100,
        _ => words(),
    }
}

/// One step of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Equal(usize, usize),
    /// Two units of the same kind, alike enough to diff inside.
    Pair(usize, usize),
    Del(usize),
    Ins(usize),
}

/// Aligns two sequences of units.
pub fn align(old: &[Unit], new: &[Unit]) -> Vec<Op> {
    let a: Vec<u64> = old.iter().map(|u| u.hash).collect();
    let b: Vec<u64> = new.iter().map(|u| u.hash).collect();
    let mut ops = Vec::with_capacity(old.len().max(new.len()));
    for op in similar::capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => ops.extend(o.zip(n).map(|(i, j)| Op::Equal(i, j))),
            DiffTag::Delete => ops.extend(o.map(Op::Del)),
            DiffTag::Insert => ops.extend(n.map(Op::Ins)),
            DiffTag::Replace => gap(old, new, o, n, &mut ops),
        }
    }
    ops
}

/// Pairs the units of a gap by similarity (a non-crossing alignment that
/// maximises the sum of similarities of the pairs).
fn gap(old: &[Unit], new: &[Unit], o: std::ops::Range<usize>, n: std::ops::Range<usize>, ops: &mut Vec<Op>) {
    let (rows, cols) = (o.len(), n.len());
    if rows * cols > MAX_GAP {
        ops.extend(o.map(Op::Del));
        ops.extend(n.map(Op::Ins));
        return;
    }
    let sim: Vec<u32> = o
        .clone()
        .flat_map(|i| n.clone().map(move |j| (i, j)))
        .map(|(i, j)| similarity(&old[i], &new[j]))
        .collect();
    let s = |i: usize, j: usize| sim[i * cols + j];
    // score[i][j]: best total for the first i old and j new units.
    let w = cols + 1;
    let mut score = vec![0u64; (rows + 1) * w];
    for i in 1..=rows {
        for j in 1..=cols {
            let mut best = score[(i - 1) * w + j].max(score[i * w + j - 1]);
            let pair = s(i - 1, j - 1);
            if pair >= THRESHOLD {
                best = best.max(score[(i - 1) * w + j - 1] + pair as u64);
            }
            score[i * w + j] = best;
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (rows, cols);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let pair = s(i - 1, j - 1);
            if pair >= THRESHOLD && score[i * w + j] == score[(i - 1) * w + j - 1] + pair as u64 {
                steps.push(Op::Pair(o.start + i - 1, n.start + j - 1));
                i -= 1;
                j -= 1;
                continue;
            }
        }
        // Prefer listing removals before additions in reading order.
        if j > 0 && (i == 0 || score[i * w + j] == score[i * w + j - 1]) {
            steps.push(Op::Ins(n.start + j - 1));
            j -= 1;
        } else {
            steps.push(Op::Del(o.start + i - 1));
            i -= 1;
        }
    }
    steps.reverse();
    ops.extend(steps);
}

/// How a unit came out of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Equal,
    Changed,
    Added,
    Removed,
}

/// Writes one step of an alignment; how it changed.
pub fn write_op(op: Op, old: &[Unit], new: &[Unit], w: &mut Writer) -> Status {
    match op {
        Op::Equal(_, j) => {
            write_unit(&new[j], w, false);
            Status::Equal
        }
        Op::Pair(i, j) => {
            if write_pair(&old[i], &new[j], w) {
                Status::Changed
            } else {
                Status::Equal
            }
        }
        Op::Del(i) => {
            write_marked(&old[i], Mark::Del, w);
            Status::Removed
        }
        Op::Ins(j) => {
            write_marked(&new[j], Mark::Ins, w);
            Status::Added
        }
    }
}

fn write_unit(u: &Unit, w: &mut Writer, strip_id: bool) {
    match u.kind {
        UnitKind::Block(e) => {
            w.open(e, strip_id, None);
            w.nodes(&e.children, strip_id);
            w.close(e);
        }
        UnitKind::Inline(n) => w.nodes(n, strip_id),
        UnitKind::Other(n) => w.node(n, strip_id),
    }
}

/// Diffs the children of two sequences of nodes; whether anything changed.
pub fn write_children(old: &[Node], new: &[Node], w: &mut Writer) -> bool {
    let memo = w.memo.clone();
    let (ou, nu) = (units(old, memo.as_deref()), units(new, memo.as_deref()));
    let mut changed = false;
    for op in align(&ou, &nu) {
        changed |= write_op(op, &ou, &nu, w) != Status::Equal;
    }
    changed
}

/// Diffs two paired units; whether anything changed.
fn write_pair(old: &Unit, new: &Unit, w: &mut Writer) -> bool {
    match (old.kind, new.kind) {
        (UnitKind::Inline(a), UnitKind::Inline(b)) => word_diff(old, new, a, b, w),
        (UnitKind::Block(a), UnitKind::Block(b)) => {
            w.open(b, false, None);
            // A reworded heading takes the newer id; links to the older one
            // (from removed or unchanged text) still lead here.
            if let Some(id) = a.attr("id").filter(|id| b.attr("id") != Some(*id)) {
                w.keep_id(id);
            }
            let leaf = |e: &Element| e.children.iter().all(Node::is_inline);
            let changed = if matches!(&*b.name, "script" | "style") {
                w.nodes(&b.children, false);
                false
            } else if leaf(a) && leaf(b) {
                word_diff(old, new, &a.children, &b.children, w)
            } else if b.name == "tr" {
                write_cells(a, b, w)
            } else {
                write_children(&a.children, &b.children, w)
            };
            w.close(b);
            changed
        }
        _ => {
            write_unit(new, w, false);
            false
        }
    }
}

/// The word diff of two paired units' inline content (`a`, `b`).
fn word_diff(old: &Unit, new: &Unit, a: &[Node], b: &[Node], w: &mut Writer) -> bool {
    memoized(w, (old.hash, new.hash), !has_id(a) && !has_id(b), |w| inline::write_diff(a, b, w))
}

/// What `write` writes (and whether anything changed), taken from the
/// writer's memo when another redline of the same texts wrote it under
/// `key`. Only content without ids is memoized (`free_of_ids`): its output
/// depends on nothing but the units, while an id is written or dropped by
/// what the page holds.
fn memoized(
    w: &mut Writer,
    key: (u64, u64),
    free_of_ids: bool,
    write: impl FnOnce(&mut Writer) -> bool,
) -> bool {
    let Some(memo) = w.memo.clone().filter(|_| free_of_ids) else {
        return write(w);
    };
    if let Some((html, changed)) = memo.get(key) {
        w.html.push_str(&html);
        return changed;
    }
    let start = w.html.len();
    let changed = write(w);
    memo.put(key, &w.html[start..], changed);
    changed
}

fn has_id(nodes: &[Node]) -> bool {
    nodes.iter().any(|n| match n {
        Node::Element(e) => e.attr("id").is_some() || has_id(&e.children),
        _ => false,
    })
}

/// Cells of two rows of the same shape, pair by pair.
fn write_cells(a: &Element, b: &Element, w: &mut Writer) -> bool {
    fn cells(e: &Element) -> Vec<&Element> {
        e.children
            .iter()
            .filter_map(|c| match c {
                Node::Element(c) => Some(c),
                _ => None,
            })
            .collect()
    }
    let (ca, cb) = (cells(a), cells(b));
    let mut changed = false;
    for (k, cell) in cb.iter().enumerate() {
        w.open(cell, false, None);
        match ca.get(k) {
            Some(old) => changed |= write_children(&old.children, &cell.children, w),
            None => {
                write_marked_nodes(&cell.children, Mark::Ins, w);
                changed = true;
            }
        }
        w.close(cell);
    }
    changed
}

/// An added or removed unit: the class on the element itself, every run of
/// its text in `<ins>`/`<del>`; removed text loses its ids.
fn write_marked(u: &Unit, mark: Mark, w: &mut Writer) {
    // The same unit added (or removed) in several redlines of the same texts is written once.
    let key = (u.hash, if mark == Mark::Ins { MARKED_INS } else { MARKED_DEL });
    memoized(w, key, !has_id(u.nodes), |w| {
        write_marked_unit(u, mark, w, true);
        true
    });
}

/// The memo's second key for a unit written whole as added or removed
/// (a word diff's is the newer unit's hash).
pub(super) const MARKED_INS: u64 = 1;
pub(super) const MARKED_DEL: u64 = 2;

/// One unit of added or removed text; only the `outermost` element gets the class.
fn write_marked_unit(u: &Unit, mark: Mark, w: &mut Writer, outermost: bool) {
    match u.kind {
        UnitKind::Block(e) => write_marked_element(e, mark, w, outermost),
        UnitKind::Inline(n) => inline::write_marked(n, mark, w),
        UnitKind::Other(n) => {
            if mark == Mark::Ins {
                w.node(n, false);
            }
        }
    }
}

fn write_marked_element(e: &Element, mark: Mark, w: &mut Writer, outermost: bool) {
    let class = match (outermost, mark) {
        (true, Mark::Ins) => Some("redline-added"),
        (true, _) => Some("redline-removed"),
        _ => None,
    };
    w.open(e, mark == Mark::Del, class);
    if matches!(&*e.name, "script" | "style") {
        if mark == Mark::Ins {
            w.nodes(&e.children, false);
        }
    } else {
        write_marked_nodes(&e.children, mark, w);
    }
    w.close(e);
}

fn write_marked_nodes(nodes: &[Node], mark: Mark, w: &mut Writer) {
    for u in units(nodes, None) {
        write_marked_unit(&u, mark, w, false);
    }
}
