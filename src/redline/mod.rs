//! Redlines: what changed between two versions of a policy.
//!
//! Both versions' rendered HTML are parsed into trees ([`html`]); their
//! blocks are aligned by content ([`blocks`]) and diffed word by word inside
//! ([`inline`]). The result is cut into sections at the `<h2>` headings of
//! the text shown, each with its kind of change and its passages (runs of
//! changed blocks), each passage with an anchor and links to the previous and
//! next. The output is valid by construction: marks wrap only inline
//! content, an added or removed block carries a class on its own element,
//! ids are unique. It is lossless: without its `<del>` it is the newer text,
//! without its `<ins>` the older one. The work is bounded by the input's
//! size, not by a clock, so the same texts give the same bytes everywhere.

mod blocks;
pub mod html;
mod inline;

use serde::Serialize;

pub use html::tag_attribute;

use blocks::{Op, Status, Unit};
use html::Writer;

/// How a section changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Unchanged,
    Changed,
    Added,
    Removed,
    Moved,
}

/// One section of a redline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The id of the section on the redline page.
    pub anchor: String,
    /// The heading's text; empty for the text before the first heading.
    pub title: String,
    pub change: Change,
    /// How many passages (runs of changed blocks) changed in it.
    pub passages: usize,
    /// The id of its first passage, to link from the table.
    pub first_passage: Option<String>,
    /// For a moved section: the anchor of its other place.
    pub moved_to: Option<String>,
    /// For a moved section: whether this is its new place.
    pub moved_here: bool,
    pub html: String,
}

/// A computed redline.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Redline {
    pub sections: Vec<Section>,
    /// Passages changed in all.
    pub passages: usize,
}

/// Ids the page around a redline uses (see the theme's `changes.html`).
const PAGE_IDS: &[&str] = &["main", "changed-sections", "toc-title", "key-points", "top"];

/// A section of moved text is recognised by this similarity (0 to 1000).
const MOVED: u32 = 800;

/// One piece of the top level of the redline: a unit and how it changed.
struct Piece {
    status: Status,
    html: String,
    /// For an `<h2>`: its text and id.
    heading: Option<(String, Option<String>)>,
    bag: Vec<u64>,
}

/// Work kept for the other redlines of the same texts: the compare pages of
/// versions 1 to n-1 against version n meet the same changed paragraph again
/// for each older version that still has it. Word diffs of paired blocks
/// (keyed by the two blocks' hashes) and blocks written whole as added or
/// removed (by the block's hash and a mark), each with its HTML and whether
/// anything changed; and each block's bag of words. Drop it with the last
/// redline of those texts.
#[derive(Debug, Default)]
pub struct Memo {
    diffs: std::sync::Mutex<rustc_hash::FxHashMap<(u64, u64), WordDiff>>,
    /// Each block's bag of words by its hash: the version in force is
    /// compared with every older one, its blocks' bags made once.
    bags: std::sync::Mutex<rustc_hash::FxHashMap<u64, std::sync::Arc<[u64]>>>,
    /// Each text's parse, by the number its caller gave it ([`Text::id`]),
    /// with how many redlines are still to read it: the version in force
    /// is in a dozen redlines, parsed once, and dropped after the last.
    trees: std::sync::Mutex<rustc_hash::FxHashMap<usize, Tree>>,
}

/// What a text's redlines read of it ([`Parsed`]), once made, and the
/// redlines still to read it.
#[derive(Debug)]
struct Tree {
    nodes: Option<Parsed>,
    readers: usize,
}

/// A text's parse, and what every redline of it reads of the parse.
#[derive(Debug, Clone)]
struct Parsed {
    nodes: std::sync::Arc<[html::Node]>,
    /// The hashes of its top-level units ([`blocks::unit_hashes`]).
    hashes: std::sync::Arc<[u64]>,
    /// The ids it holds ([`html::ids_in`]).
    ids: std::sync::Arc<rustc_hash::FxHashSet<String>>,
}

impl Parsed {
    fn of(html: &str) -> Parsed {
        let nodes: std::sync::Arc<[html::Node]> = html::parse(html).into();
        let hashes = blocks::unit_hashes(&nodes).into();
        let mut ids = rustc_hash::FxHashSet::default();
        html::ids_in(&nodes, &mut ids);
        Parsed { nodes, hashes, ids: ids.into() }
    }
}

/// One side of a redline made with a [`Memo`]: the text's HTML and the
/// number the memo knows it by (a version's index, say).
#[derive(Debug, Clone, Copy)]
pub struct Text<'a> {
    pub id: usize,
    pub html: &'a str,
}

/// A memoized word diff: its HTML, and whether anything changed.
type WordDiff = (std::sync::Arc<str>, bool);

impl Memo {
    fn get(&self, key: (u64, u64)) -> Option<WordDiff> {
        self.diffs.lock().unwrap_or_else(|p| p.into_inner()).get(&key).cloned()
    }

    fn put(&self, key: (u64, u64), html: &str, changed: bool) {
        self.diffs.lock().unwrap_or_else(|p| p.into_inner()).insert(key, (html.into(), changed));
    }

    /// A memo for redlines among texts of which the `id`th is read by
    /// `readers` of them, (`id`, `readers`) for each: each text is parsed
    /// once and its parse dropped after its last reader.
    pub fn for_texts(readers: impl IntoIterator<Item = (usize, usize)>) -> Memo {
        let trees = readers.into_iter().map(|(id, readers)| (id, Tree { nodes: None, readers })).collect();
        Memo { trees: std::sync::Mutex::new(trees), ..Memo::default() }
    }

    /// The parse of `text` with its units' hashes and ids, taken from the
    /// memo or made (and kept for its other readers). A text the memo was
    /// not told of is parsed each time.
    fn tree(&self, text: Text) -> Parsed {
        let lock = || self.trees.lock().unwrap_or_else(|p| p.into_inner());
        let parse = || Parsed::of(text.html);
        let kept = match lock().get(&text.id) {
            Some(tree) => tree.nodes.clone(),
            None => return parse(),
        };
        // Parsed outside the lock, so the other thread's redlines go on; if
        // it parsed the same text meanwhile, its parse is kept (the same).
        let nodes = kept.unwrap_or_else(parse);
        let mut trees = lock();
        let Some(tree) = trees.get_mut(&text.id) else { return nodes };
        let nodes = tree.nodes.get_or_insert(nodes).clone();
        tree.readers = tree.readers.saturating_sub(1);
        if tree.readers == 0 {
            trees.remove(&text.id);
        }
        nodes
    }

    /// The bag of the unit with `hash`, made by `make` if no redline made it yet.
    fn bag(&self, hash: u64, make: impl FnOnce() -> Vec<u64>) -> std::sync::Arc<[u64]> {
        if let Some(bag) = self.bags.lock().unwrap_or_else(|p| p.into_inner()).get(&hash) {
            return bag.clone();
        }
        let bag: std::sync::Arc<[u64]> = make().into();
        self.bags.lock().unwrap_or_else(|p| p.into_inner()).insert(hash, bag.clone());
        bag
    }
}

/// The redline of `new` against `old` (both rendered HTML).
pub fn diff(old: &str, new: &str) -> Redline {
    diff_memo(old, new, None)
}

/// [`diff`], taking the word diffs of paired blocks from `memo` and adding
/// those it makes: the same bytes as without it.
pub fn diff_memo(old: &str, new: &str, memo: Option<std::sync::Arc<Memo>>) -> Redline {
    diff_trees(&Parsed::of(old), &Parsed::of(new), memo)
}

/// [`diff_memo`] of two texts the memo knows by number ([`Memo::for_texts`]):
/// each parsed once for all the redlines it is in.
pub fn diff_texts(old: Text, new: Text, memo: std::sync::Arc<Memo>) -> Redline {
    let (old, new) = (memo.tree(old), memo.tree(new));
    diff_trees(&old, &new, Some(memo))
}

/// The redline of two parsed texts.
fn diff_trees(old: &Parsed, new: &Parsed, memo: Option<std::sync::Arc<Memo>>) -> Redline {
    let mut w = Writer { memo, newer: new.ids.clone(), ..Writer::default() };
    w.ids.extend(PAGE_IDS.iter().map(|s| s.to_string()));
    let memo = w.memo.clone();
    let (ou, nu) = (
        blocks::units_hashed(&old.nodes, memo.as_deref(), &old.hashes),
        blocks::units_hashed(&new.nodes, memo.as_deref(), &new.hashes),
    );
    let mut pieces = Vec::new();
    for op in blocks::align(&ou, &nu) {
        let start = w.html.len();
        let status = blocks::write_op(op, &ou, &nu, &mut w);
        let shown: &Unit = match op {
            Op::Del(i) => &ou[i],
            Op::Equal(_, j) | Op::Pair(_, j) | Op::Ins(j) => &nu[j],
        };
        let heading = shown.element().filter(|e| e.name == "h2").map(|e| {
            let text = html::text_of(&e.children).split_whitespace().collect::<Vec<_>>().join(" ");
            (text, e.attr("id").map(str::to_string))
        });
        // Only added and removed text can be part of a moved section.
        let bag = if matches!(op, Op::Del(_) | Op::Ins(_)) { shown.bag().to_vec() } else { Vec::new() };
        pieces.push(Piece { status, html: w.html.split_off(start), heading, bag });
    }
    assemble(pieces, &mut w)
}

/// Cuts pieces into sections, finds moved ones, numbers the passages.
fn assemble(pieces: Vec<Piece>, w: &mut Writer) -> Redline {
    let mut groups: Vec<Vec<Piece>> = Vec::new();
    for p in pieces {
        if p.heading.is_some() || groups.is_empty() {
            groups.push(Vec::new());
        }
        if let Some(g) = groups.last_mut() {
            g.push(p);
        }
    }
    let kinds: Vec<Change> = groups
        .iter()
        .map(|g| {
            let all = |s: Status| g.iter().all(|p| p.status == s);
            if all(Status::Equal) {
                Change::Unchanged
            } else if all(Status::Added) {
                Change::Added
            } else if all(Status::Removed) {
                Change::Removed
            } else {
                Change::Changed
            }
        })
        .collect();
    let anchors: Vec<String> = groups
        .iter()
        .map(|g| {
            let base = match g.first().and_then(|p| p.heading.as_ref()) {
                Some((_, Some(id))) => format!("changes-{id}"),
                Some((title, None)) => format!("changes-{}", crate::markdown::slugify(title)),
                None => "changes-intro".into(),
            };
            w.fresh_id(&base)
        })
        .collect();

    // A removed section whose text stands, alike, elsewhere as an added one moved.
    let mut moved: Vec<Option<usize>> = vec![None; groups.len()];
    let bag_of = |g: &[Piece]| {
        let mut b: Vec<u64> = g.iter().flat_map(|p| p.bag.iter().copied()).collect();
        b.sort_unstable();
        b
    };
    for r in (0..groups.len()).filter(|&k| kinds[k] == Change::Removed) {
        let rb = bag_of(&groups[r]);
        if rb.is_empty() {
            continue;
        }
        let found = (0..groups.len())
            .filter(|&a| kinds[a] == Change::Added && moved[a].is_none())
            .find(|&a| blocks::dice_at_least(&rb, &bag_of(&groups[a]), MOVED) >= MOVED);
        if let Some(a) = found {
            moved[r] = Some(a);
            moved[a] = Some(r);
        }
    }

    // Passages: runs of changed pieces; a whole added, removed or moved section is one.
    let mut passage_starts: Vec<(usize, usize)> = Vec::new();
    for (k, g) in groups.iter().enumerate() {
        match kinds[k] {
            Change::Unchanged => {}
            Change::Changed => {
                for (i, p) in g.iter().enumerate() {
                    if p.status != Status::Equal && (i == 0 || g[i - 1].status == Status::Equal) {
                        passage_starts.push((k, i));
                    }
                }
            }
            _ => passage_starts.push((k, 0)),
        }
    }
    let ids: Vec<String> = (1..=passage_starts.len()).map(|n| w.fresh_id(&format!("change-{n}"))).collect();
    let total = ids.len();
    let nav = |n: usize| {
        let mut s = format!(
            "<p class=\"redline-ui change-nav\" id=\"{}\" tabindex=\"-1\"><span>@@privet:change_of|n={}|total={total}@@</span>",
            ids[n],
            n + 1
        );
        if n > 0 {
            s.push_str(&format!(" <a href=\"#{}\" rel=\"prev\">@@privet:previous_change@@</a>", ids[n - 1]));
        }
        if n + 1 < total {
            s.push_str(&format!(" <a href=\"#{}\" rel=\"next\">@@privet:next_change@@</a>", ids[n + 1]));
        }
        s.push_str("</p>");
        s
    };

    let mut sections = Vec::with_capacity(groups.len());
    for (k, g) in groups.iter().enumerate() {
        let mut html = String::new();
        let mut passages = 0;
        let mut first_passage = None;
        let changed = |i: usize| g.get(i).is_some_and(|p: &Piece| p.status != Status::Equal);
        let mut i = 0;
        while i < g.len() {
            if let Some(n) = passage_starts.iter().position(|&s| s == (k, i)) {
                html.push_str(&nav(n));
                passages += 1;
                first_passage.get_or_insert_with(|| ids[n].clone());
            }
            // Unchanged text away from any change folds away in a changed section.
            let context = |i: usize| {
                kinds[k] != Change::Changed
                    || changed(i)
                    || (i > 0 && changed(i - 1))
                    || changed(i + 1)
                    || (i == 0 && g[0].heading.is_some())
            };
            if context(i) {
                html.push_str(&g[i].html);
                i += 1;
                continue;
            }
            let end = (i..g.len()).find(|&e| context(e)).unwrap_or(g.len());
            html.push_str(&format!(
                "<details class=\"redline-context\"><summary class=\"redline-ui\">@@privet:unchanged_text@@ ({})</summary>",
                end - i
            ));
            for p in &g[i..end] {
                html.push_str(&p.html);
            }
            html.push_str("</details>");
            i = end;
        }
        let title = g.first().and_then(|p| p.heading.as_ref()).map(|(t, _)| t.clone()).unwrap_or_default();
        sections.push(Section {
            anchor: anchors[k].clone(),
            title,
            change: if moved[k].is_some() { Change::Moved } else { kinds[k] },
            passages,
            first_passage,
            moved_to: moved[k].map(|m| anchors[m].clone()),
            moved_here: moved[k].is_some() && kinds[k] == Change::Added,
            html,
        });
    }
    // Removed headings stand among added ones, each at its own text's level
    // (a removed `<h4>` right after an added `<h2>`): the page's outline is
    // made again over both, so no level is skipped. The newer text's own
    // headings keep their levels; only interleaved ones move up.
    let mut outline = crate::markdown::Outline::default();
    for section in &mut sections {
        if let Some(html) = outline.retag(&section.html, 0, &mut Vec::new()) {
            section.html = html;
        }
    }
    Redline { sections, passages: total }
}

/// The word diff of two inline HTML fragments (a register's cell), marked
/// as a text redline marks a changed paragraph: lossless, the interface
/// words left for [`localize_in`]. `None` for either side: the other is
/// wholly added or removed.
pub fn inline(old: Option<&str>, new: Option<&str>) -> String {
    let mut w = Writer::default();
    match (old, new) {
        (Some(old), Some(new)) => {
            inline::write_diff(&html::parse(old), &html::parse(new), &mut w);
        }
        (None, Some(new)) => inline::write_marked(&html::parse(new), inline::Mark::Ins, &mut w),
        (Some(old), None) => inline::write_marked(&html::parse(old), inline::Mark::Del, &mut w),
        (None, None) => {}
    }
    w.html
}

/// Replaces the interface words a computed redline holds (`@@privet:KEY@@`,
/// with `|name=value` fillers for `{name}`) by `word(KEY)`, so one redline
/// serves every language that shows the same texts.
pub fn localize(html: &str, word: impl Fn(&str) -> String) -> String {
    localize_in(html, word, None)
}

/// As [`localize`]; where the redline's text is in another language than the
/// reader's, each word is wrapped in a `<span>` carrying the reader's `lang`
/// and `dir` (`lang="ar" dir="rtl"`), so "Change 1 of 7" in Arabic inside an
/// English text runs right to left and is read as Arabic.
pub fn localize_in(html: &str, word: impl Fn(&str) -> String, reader: Option<(&str, &str)>) -> String {
    const OPEN: &str = "@@privet:";
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    // Called for every section of every compare page: a prebuilt SIMD
    // searcher, not `str::find`'s, which sets up its searcher on each call.
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(OPEN));
    static CLOSE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("@@"));
    // A page repeats a few placeholders hundreds of times ("Change 3 of 9"
    // differ only in their fillers): each distinct one is made once.
    let mut made: rustc_hash::FxHashMap<&str, String> = Default::default();
    let mut rest = html;
    while let Some(i) = FINDER.find(rest.as_bytes()) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len()..];
        let Some(end) = CLOSE.find(after.as_bytes()) else {
            out.push_str(&rest[i..]);
            return out;
        };
        let placeholder = &after[..end];
        let shown = made.entry(placeholder).or_insert_with(|| {
            let mut parts = placeholder.split('|');
            let mut text = word(parts.next().unwrap_or_default());
            for fill in parts {
                if let Some((name, value)) = fill.split_once('=') {
                    text = text.replace(&format!("{{{name}}}"), value);
                }
            }
            match reader {
                Some((lang, dir)) => {
                    format!("<span lang=\"{lang}\" dir=\"{dir}\">{}</span>", crate::html::escape_text(&text))
                }
                None => crate::html::escape_text(&text),
            }
        });
        out.push_str(shown);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
