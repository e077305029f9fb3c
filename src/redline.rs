//! Redlines: what changed in a version against the one before it.
//!
//! The diff follows the rendered document's structure. Both versions are cut
//! into sections at their `<h2>` headings and matched by heading id (which
//! editors keep stable with `{#id}`); unchanged sections stay whole. Inside a
//! changed section the HTML is diffed token by token: tags are atomic, text
//! is split into words by Unicode segmentation (UAX #29), so in Chinese or
//! Japanese a change marks the changed characters, not the whole sentence.
//! The new version's tags are all kept, so the output has its structure;
//! removed text is shown in `<del>` where it stood.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use serde::Serialize;
use similar::{Algorithm, DiffTag};
use unicode_segmentation::UnicodeSegmentation;

use crate::content::{Policy, Site};

/// How a section changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Unchanged,
    Changed,
    Added,
    Removed,
}

/// One section of a redline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The id of the anchor that leads to this section on the redline page.
    pub anchor: String,
    /// The heading's text; empty for the text before the first heading.
    pub title: String,
    pub change: Change,
    pub html: String,
}

/// Words a screen reader hears around marked text, in the reader's language.
#[derive(Debug, Clone)]
pub struct Labels {
    pub added: String,
    pub removed: String,
    pub end: String,
}

/// Stand-ins for the screen-reader words in computed redlines, replaced per
/// page, so one diff serves every language that shows the same texts.
pub const LABEL_ADDED: &str = "@@privet-added@@";
pub const LABEL_REMOVED: &str = "@@privet-removed@@";
pub const LABEL_END: &str = "@@privet-end@@";

/// A computed redline's key: policy slug, version index, language of the texts compared.
pub type Key = (String, usize, usize);

/// The language whose texts the redline of `versions[i]` compares for a
/// reader of `lang`: `lang` when both versions are translated, else the
/// default language (comparing across languages would mark everything).
pub fn source_language(p: &Policy, i: usize, lang: usize) -> usize {
    let translated = |v: &crate::content::Version| matches!(v.docs.0.get(lang), Some(Some(_)));
    if translated(&p.versions[i - 1]) && translated(&p.versions[i]) { lang } else { 0 }
}

/// Redlines kept between builds (by `serve`), by the SHA-256 of the two
/// files compared: a save recomputes only the redlines of the changed file.
#[derive(Debug, Default)]
pub struct Cache {
    diffs: HashMap<Hashes, Arc<Vec<Section>>>,
}

/// The SHA-256 of the older and the newer file of a redline.
type Hashes = (String, String);

/// Every redline the site shows, each computed once, in parallel; those in
/// `cache` are reused, and the cache keeps only those in use.
pub fn for_site(site: &Site, languages: usize, cache: &mut Cache) -> HashMap<Key, Arc<Vec<Section>>> {
    let mut keys = BTreeSet::new();
    for p in &site.policies {
        for i in 1..p.versions.len() {
            for lang in 0..languages {
                keys.insert((p.slug.as_str(), i, source_language(p, i, lang)));
            }
        }
    }
    let labels = Labels { added: LABEL_ADDED.into(), removed: LABEL_REMOVED.into(), end: LABEL_END.into() };
    let computed: Vec<(Key, Hashes, Arc<Vec<Section>>)> = keys
        .into_par_iter()
        .filter_map(|(slug, i, src)| {
            let p = site.policies.iter().find(|p| p.slug == slug)?;
            let old = p.versions[i - 1].docs.get(src).0;
            let new = p.versions[i].docs.get(src).0;
            let hashes = (old.source_sha256.clone(), new.source_sha256.clone());
            let sections = match cache.diffs.get(&hashes) {
                Some(sections) => Arc::clone(sections),
                None => Arc::new(diff(&old.body.html, &new.body.html, &labels)),
            };
            Some(((slug.to_string(), i, src), hashes, sections))
        })
        .collect();
    cache.diffs =
        computed.iter().map(|(_, hashes, sections)| (hashes.clone(), Arc::clone(sections))).collect();
    computed.into_iter().map(|(key, _, sections)| (key, sections)).collect()
}

/// The sections of `new` compared with `old` (both rendered HTML).
pub fn diff(old: &str, new: &str, labels: &Labels) -> Vec<Section> {
    let old_sections = split(old);
    let new_sections = split(new);
    let mut out = Vec::new();
    let mut old_used = vec![false; old_sections.len()];
    let mut next_old = 0;
    for n in &new_sections {
        let matched = old_sections.iter().position(|o| o.key == n.key);
        if let Some(m) = matched {
            // Old sections that vanished before this one are shown where they stood.
            for (i, o) in old_sections.iter().enumerate().take(m).skip(next_old) {
                if !old_used[i] && !new_sections.iter().any(|n| n.key == o.key) {
                    old_used[i] = true;
                    out.push(removed(o, labels));
                }
            }
            old_used[m] = true;
            next_old = next_old.max(m + 1);
            let o = &old_sections[m];
            if o.html == n.html {
                out.push(Section {
                    anchor: n.anchor(),
                    title: n.title.clone(),
                    change: Change::Unchanged,
                    html: n.html.to_string(),
                });
            } else {
                out.push(Section {
                    anchor: n.anchor(),
                    title: n.title.clone(),
                    change: Change::Changed,
                    html: merge(o.html, n.html, labels),
                });
            }
        } else {
            out.push(Section {
                anchor: n.anchor(),
                title: n.title.clone(),
                change: Change::Added,
                html: mark(&tokens(n.html), Mark::Ins, labels),
            });
        }
    }
    for (i, o) in old_sections.iter().enumerate() {
        if !old_used[i] {
            out.push(removed(o, labels));
        }
    }
    out
}

fn removed(o: &Part, labels: &Labels) -> Section {
    Section {
        anchor: format!("removed-{}", o.anchor()),
        title: o.title.clone(),
        change: Change::Removed,
        html: mark(&tokens(o.html), Mark::Del, labels),
    }
}

/// A section of rendered HTML: from one `<h2>` to the next.
struct Part<'a> {
    /// What matches it with the other version: the heading's id, or its text.
    key: String,
    id: Option<String>,
    title: String,
    html: &'a str,
}

impl Part<'_> {
    fn anchor(&self) -> String {
        match &self.id {
            Some(id) => format!("changes-{id}"),
            None if self.key.is_empty() => "changes-intro".into(),
            None => format!("changes-{}", crate::markdown::slugify(&self.title)),
        }
    }
}

fn split(html: &str) -> Vec<Part<'_>> {
    // A section starts at an `<h2` that begins a line or follows a tag (minified HTML has no line breaks).
    let mut starts: Vec<usize> = html
        .match_indices("<h2")
        .map(|(i, _)| i)
        .filter(|&i| i == 0 || html[..i].ends_with(['\n', '>']))
        .collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    let mut parts = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(html.len());
        let chunk = &html[start..end];
        if chunk.trim().is_empty() {
            continue;
        }
        let (id, title) = if chunk.starts_with("<h2") {
            let tag_end = chunk.find('>').map_or(chunk.len(), |i| i + 1);
            let id = attribute(&chunk[..tag_end], "id");
            let close = chunk.find("</h2>").unwrap_or(chunk.len());
            (id, strip_tags(&chunk[tag_end.min(close)..close]))
        } else {
            (None, String::new())
        };
        let key = id.clone().unwrap_or_else(|| title.clone());
        parts.push(Part { key, id, title, html: chunk });
    }
    parts
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

fn strip_tags(html: &str) -> String {
    tokens(html)
        .into_iter()
        .filter(|t| !t.starts_with('<'))
        .map(|t| match t {
            "&amp;" => "&",
            "&lt;" => "<",
            "&gt;" => ">",
            "&quot;" => "\"",
            t => t,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Tags and entities whole; text split at Unicode word boundaries.
fn tokens(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let len = if rest.starts_with('<') {
            rest.find('>').map_or(rest.len(), |i| i + 1)
        } else if let Some(entity) = rest.strip_prefix('&') {
            match entity.find(';') {
                Some(i) if i <= 10 && entity[..i].chars().all(|c| c.is_ascii_alphanumeric() || c == '#') => {
                    i + 2
                }
                _ => 1,
            }
        } else {
            let end = rest.find(['<', '&']).unwrap_or(rest.len());
            out.extend(rest[..end].split_word_bounds());
            end
        };
        if rest.starts_with(['<', '&']) {
            out.push(&rest[..len]);
        }
        rest = &rest[len..];
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Ins,
    Del,
}

/// One step of the edit from old to new tokens.
#[derive(Clone, Copy, PartialEq)]
enum Step {
    Equal(usize, usize),
    Del(usize),
    Ins(usize),
}

/// Diffs two HTML fragments word by word; the result has `new`'s structure.
fn merge(old: &str, new: &str, labels: &Labels) -> String {
    let old = tokens(old);
    let new = tokens(new);
    // A deadline keeps a pathological input from stalling the build; past
    // it, similar returns a coarser (still correct) diff.
    let deadline = Instant::now() + Duration::from_secs(2);
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &old, &new, Some(deadline));
    let mut steps = Vec::with_capacity(new.len() + 16);
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => steps.extend(o.zip(n).map(|(o, n)| Step::Equal(o, n))),
            DiffTag::Delete => steps.extend(o.map(Step::Del)),
            DiffTag::Insert => steps.extend(n.map(Step::Ins)),
            DiffTag::Replace => {
                steps.extend(o.map(Step::Del));
                steps.extend(n.map(Step::Ins));
            }
        }
    }
    slide(&mut steps, &old, &new);

    let mut out = String::with_capacity(new.iter().map(|t| t.len()).sum::<usize>() + 64);
    let mut i = 0;
    while i < steps.len() {
        let kind = std::mem::discriminant(&steps[i]);
        let end =
            steps[i..].iter().position(|s| std::mem::discriminant(s) != kind).map_or(steps.len(), |p| i + p);
        match steps[i] {
            Step::Equal(..) => steps[i..end].iter().for_each(|s| {
                if let Step::Equal(_, n) = s {
                    out.push_str(new[*n]);
                }
            }),
            Step::Del(a) => out.push_str(&mark(&old[a..a + (end - i)], Mark::Del, labels)),
            Step::Ins(a) => out.push_str(&mark(&new[a..a + (end - i)], Mark::Ins, labels)),
        }
        i = end;
    }
    out
}

/// Slides a run of removed or added tokens along equal ones until its tags
/// form whole elements: `</li><li>Beta` becomes `<li>Beta</li>`, the same
/// edit, but one that removes a list item instead of merging two.
fn slide(steps: &mut [Step], old: &[&str], new: &[&str]) {
    let mut i = 0;
    while i < steps.len() {
        let (is_del, start) = match steps[i] {
            Step::Del(a) => (true, a),
            Step::Ins(a) => (false, a),
            Step::Equal(..) => {
                i += 1;
                continue;
            }
        };
        let same = |s: &Step| matches!((is_del, s), (true, Step::Del(_)) | (false, Step::Ins(_)));
        let len = steps[i..].iter().take_while(|s| same(s)).count();
        let side = if is_del { old } else { new };
        let mut first = start;
        let mut at = i;
        while !balanced(&side[first..first + len]) {
            let Some(&Step::Equal(o, n)) = steps.get(at + len) else { break };
            let next = if is_del { o } else { n };
            if next != first + len || side[first] != side[next] {
                break;
            }
            // The run's first token equals the token after it: move the run one to the right.
            steps[at] = if is_del { Step::Equal(first, n) } else { Step::Equal(o, first) };
            first += 1;
            at += 1;
            for k in 0..len {
                steps[at + k] = if is_del { Step::Del(first + k) } else { Step::Ins(first + k) };
            }
        }
        i = at + len;
    }
}

/// Wraps the text of a run of tokens in `<ins>` or `<del>`. Inserted tags
/// are kept (they are the new structure); removed tags are kept only when
/// they form whole elements, without their ids (which the new text may use).
fn mark(run: &[&str], kind: Mark, labels: &Labels) -> String {
    let keep_tags = kind == Mark::Ins || balanced(run);
    let (open, close, label) = match kind {
        Mark::Ins => ("<ins>", "</ins>", &labels.added),
        Mark::Del => ("<del>", "</del>", &labels.removed),
    };
    let mut out = String::new();
    let mut text = String::new();
    let flush = |text: &mut String, out: &mut String| {
        if text.trim().is_empty() {
            if kind == Mark::Ins {
                out.push_str(text);
            }
        } else {
            out.push_str(&format!(
                "{open}<span class=\"visually-hidden\">[{label} </span>{text}<span class=\"visually-hidden\"> {}]</span>{close}",
                labels.end
            ));
        }
        text.clear();
    };
    for token in run {
        if token.starts_with('<') {
            flush(&mut text, &mut out);
            if keep_tags {
                out.push_str(&if kind == Mark::Del { without_id(token) } else { token.to_string() });
            }
        } else {
            text.push_str(token);
        }
    }
    flush(&mut text, &mut out);
    out
}

fn without_id(tag: &str) -> String {
    match tag.find(" id=\"") {
        Some(start) => match tag[start + 5..].find('"') {
            Some(len) => format!("{}{}", &tag[..start], &tag[start + 5 + len + 1..]),
            None => tag.to_string(),
        },
        None => tag.to_string(),
    }
}

/// Whether the tags of a run open and close whole elements.
fn balanced(run: &[&str]) -> bool {
    const VOID: [&str; 8] = ["br", "img", "hr", "input", "wbr", "col", "meta", "link"];
    let mut stack: Vec<&str> = Vec::new();
    for token in run.iter().filter(|t| t.starts_with('<') && !t.starts_with("<!")) {
        let closing = token.starts_with("</");
        let name = token
            .trim_start_matches("</")
            .trim_start_matches('<')
            .split([' ', '>', '/', '\n'])
            .next()
            .unwrap_or_default();
        if VOID.contains(&name) || token.ends_with("/>") {
            continue;
        }
        if closing {
            if stack.pop() != Some(name) {
                return false;
            }
        } else {
            stack.push(name);
        }
    }
    stack.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels { added: "added:".into(), removed: "removed:".into(), end: "end".into() }
    }

    fn visible(html: &str) -> String {
        let mut s = html.to_string();
        while let Some(i) = s.find("<span class=\"visually-hidden\">") {
            let end = s[i..].find("</span>").unwrap() + i + 7;
            s.replace_range(i..end, "");
        }
        s
    }

    #[test]
    fn chinese_changes_mark_only_the_changed_characters() {
        let old = "<h2 id=\"retention\">保存</h2>\n<p>我們保存伺服器紀錄三十日。</p>\n";
        let new = "<h2 id=\"retention\">保存</h2>\n<p>我們保存伺服器紀錄四十五日。</p>\n";
        let sections = diff(old, new, &labels());
        assert_eq!(sections.len(), 1);
        assert_eq!(sections[0].change, Change::Changed);
        assert_eq!(
            visible(&sections[0].html),
            "<h2 id=\"retention\">保存</h2>\n<p>我們保存伺服器紀錄<del>三</del><ins>四</ins>十<ins>五</ins>日。</p>\n"
        );
    }

    #[test]
    fn unchanged_sections_stay_whole_and_new_ones_are_added() {
        let old = "<p>Intro</p>\n<h2 id=\"a\">A</h2>\n<p>Same</p>\n<h2 id=\"gone\">Gone</h2>\n<p>Old</p>\n";
        let new = "<p>Intro</p>\n<h2 id=\"a\">A</h2>\n<p>Same</p>\n<h2 id=\"b\">B</h2>\n<p>New text</p>\n";
        let s = diff(old, new, &labels());
        let kinds: Vec<_> = s.iter().map(|s| (s.anchor.as_str(), s.change)).collect();
        assert_eq!(
            kinds,
            [
                ("changes-intro", Change::Unchanged),
                ("changes-a", Change::Unchanged),
                ("changes-b", Change::Added),
                ("removed-changes-gone", Change::Removed),
            ]
        );
        assert_eq!(s[1].html, "<h2 id=\"a\">A</h2>\n<p>Same</p>\n");
        assert!(visible(&s[2].html).contains("<p><ins>New text</ins></p>"));
        assert_eq!((s[2].title.as_str(), s[3].title.as_str()), ("B", "Gone"));
        // A removed heading keeps its element but not its id.
        assert!(visible(&s[3].html).starts_with("<h2><del>Gone</del></h2>"), "{}", s[3].html);
    }

    #[test]
    fn words_change_inside_links_and_lists_keep_structure() {
        let old = "<ul>\n<li>Keep logs for <a href=\"#r\">30 days</a></li>\n<li>Beta</li>\n</ul>\n";
        let new = "<ul>\n<li>Keep logs for <a href=\"#r\">45 days</a></li>\n</ul>\n";
        let html = visible(&merge(old, new, &labels()));
        // The removed item stays a whole item (its white space between tags is dropped).
        assert_eq!(
            html,
            "<ul>\n<li>Keep logs for <a href=\"#r\"><del>30</del><ins>45</ins> days</a></li><li><del>Beta</del></li>\n</ul>\n"
        );
    }

    #[test]
    fn screen_readers_hear_what_changed() {
        let html = merge("<p>a b</p>", "<p>a c</p>", &labels());
        assert!(html.contains("<del><span class=\"visually-hidden\">[removed: </span>b<span class=\"visually-hidden\"> end]</span></del>"), "{html}");
    }

    #[test]
    fn tokens_keep_tags_and_entities_whole() {
        assert_eq!(
            tokens("<p class=\"x\">Tom &amp; Jerry</p>"),
            ["<p class=\"x\">", "Tom", " ", "&amp;", " ", "Jerry", "</p>"]
        );
        assert_eq!(tokens("三十日"), ["三", "十", "日"]);
    }
}
