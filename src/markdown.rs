//! Markdown into HTML: stable heading anchors, a table of contents, and
//! internal links (`@/privacy/_index.md#retention`) turned into addresses.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

/// Stands for the root of the reader's language in rendered HTML
/// (`/` or `/de/`); replaced when a page is rendered, so one parse of a file
/// serves every language it is shown in (fallbacks keep the reader's language).
pub const LANG_ROOT: &str = "@@privet-lang-root@@/";
/// Stands for the accessible name of a table's scrolling box, in the reader's language.
pub const TABLE_LABEL: &str = "@@privet-table-label@@";

/// The HTML of a Markdown document and what the build needs to know about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub html: String,
    /// Sections and their subsections (levels 2 and 3).
    pub toc: Vec<TocEntry>,
    /// Every heading's id, in document order.
    pub anchors: Vec<String>,
    /// Every heading's classes (`{#retention .gdpr-retention}`), in document order.
    pub classes: Vec<String>,
    /// `@/` links to other content files, to be checked once all files are known.
    pub links: Vec<InternalLink>,
    /// Where (a byte offset in the Markdown) elements first nest deeper than
    /// [`MAX_NESTING`]; the file is then an error, and its HTML is not minified.
    pub too_deep: Option<usize>,
    /// Headings that skip a level in the source (`##` then `####`); the HTML
    /// has them one level below their parent, `check` tells the editor.
    pub skips: Vec<Skip>,
}

/// A heading written more than one level below the heading it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    /// Byte offset in the Markdown.
    pub offset: usize,
    /// Line and column in the file; filled in by the caller, as for links.
    pub line: usize,
    pub column: usize,
    /// The level of the heading above it and its own, as written (2 and 4 for `##` then `####`).
    pub parent: u8,
    pub written: u8,
}

/// The outline of a text under the page's `<h1>`: each heading one level
/// below the nearest heading above it of a higher level, its top level at
/// `<h2>`. Real policies start at `###` or jump from `##` to `####`; a
/// screen reader's outline (and the Nu checker) wants no skipped level.
///
/// A text whose shallowest level holds one heading only (`# Privacy policy`
/// above `##` sections, GitHub's lone `## GitHub Privacy Statement` among
/// `###` ones) has a title there, not a section holding all the others: it
/// is shown at `<h2>` and the levels below it start at `<h2>` too, so the
/// sections stay sections (in the table of contents, in a redline's table).
#[derive(Default)]
pub struct Outline {
    /// (level written, level shown) of the open headings, outermost first.
    open: Vec<(u8, u8)>,
    /// The level of the text's lone title heading, if it has one.
    title: Option<u8>,
    /// Raw HTML headings whose end tag is still to come: their level shown.
    raw: Vec<u8>,
}

impl Outline {
    /// The level to show a heading written at `written` (at `offset` in the
    /// Markdown); a skip from the heading above it goes into `skips`.
    fn place(&mut self, written: u8, offset: usize, skips: &mut Vec<Skip>) -> u8 {
        while self.open.last().is_some_and(|&(w, _)| w >= written) {
            self.open.pop();
        }
        if self.title == Some(written) {
            return 2;
        }
        let shown = match self.open.last() {
            Some(&(parent, s)) => {
                if written > parent + 1 {
                    skips.push(Skip { offset, line: 0, column: 0, parent, written });
                }
                (s + 1).min(6)
            }
            None => 2,
        };
        self.open.push((written, shown));
        shown
    }

    /// Raw HTML with its heading tags (`<h4 …>`, `</h4>`) moved to the outline;
    /// `None` when it holds none. Skips are reported at `offset` + their place.
    pub fn retag(&mut self, html: &str, offset: usize, skips: &mut Vec<Skip>) -> Option<String> {
        let bytes = html.as_bytes();
        let mut out: Option<String> = None;
        let mut copied = 0;
        // One SIMD pass over the tags (a redline's sections are mostly tags).
        for at in memchr::memchr_iter(b'<', bytes) {
            let closing = bytes.get(at + 1) == Some(&b'/');
            let h = at + 1 + usize::from(closing);
            let level = match (bytes.get(h), bytes.get(h + 1), bytes.get(h + 2)) {
                (Some(b'h' | b'H'), Some(d @ b'1'..=b'6'), after)
                    if after.is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/') =>
                {
                    d - b'0'
                }
                _ => continue,
            };
            let shown = if closing {
                self.raw.pop().unwrap_or(level)
            } else {
                let shown = self.place(level, offset + at, skips);
                self.raw.push(shown);
                shown
            };
            let out = out.get_or_insert_with(|| String::with_capacity(html.len()));
            out.push_str(&html[copied..h + 1]);
            out.push(char::from(b'0' + shown));
            copied = h + 2;
        }
        out.map(|mut o| {
            o.push_str(&html[copied..]);
            o
        })
    }
}

/// The shallowest level of the text's headings, when it holds exactly one
/// heading and others follow at deeper levels: the text's title.
fn lone_top_level(events: &[(Event, std::ops::Range<usize>)]) -> Option<u8> {
    let levels: Vec<u8> = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .collect();
    let top = *levels.iter().min()?;
    (levels.len() > 1 && levels.iter().filter(|&&l| l == top).count() == 1).then_some(top)
}

fn heading_level(n: u8) -> HeadingLevel {
    match n {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// How deep a document's elements may nest: block quotes, lists, emphasis
/// and raw HTML elements together. Real policies nest a handful of levels;
/// thousands (`> - ` repeated, 1,100 raw `<div>`s) overflowed the stack of
/// the minifier, so deeper is an error with its line.
pub const MAX_NESTING: usize = 100;

/// Where `events` first nest deeper than [`MAX_NESTING`] (an offset in the Markdown).
fn first_too_deep(events: &[(Event, std::ops::Range<usize>)]) -> Option<usize> {
    let mut depth = 0usize;
    let mut raw = crate::minify::Depth::default();
    for (event, range) in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            // Raw HTML opens and closes elements inside one event too.
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(at) = raw.feed(html, MAX_NESTING.saturating_sub(depth)) {
                    return Some(range.start + at.min(range.len()));
                }
            }
            _ => {}
        }
        if depth + raw.depth > MAX_NESTING {
            return Some(range.start);
        }
    }
    None
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link to another content file, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    /// The link as written (`../faq/delete-my-account.md`).
    pub written: String,
    /// The content path it names, without the anchor (`privacy/_index.md`).
    pub target: String,
    pub anchor: Option<String>,
    /// Byte offset in the Markdown.
    pub offset: usize,
    /// Line and column in the file; filled in by the caller, which knows where the body starts.
    pub line: usize,
    pub column: usize,
}

/// Turns a content path (`privacy/_index.md`) into its address relative to a
/// language root (`privacy/`); `None` if no page is made from such a path.
pub type Resolve<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// Renders `markdown` of a file in `dir` (relative to `content/`, `""` at
/// its top); `resolve` maps link targets (content paths) to addresses.
pub fn render(markdown: &str, dir: &str, resolve: &Resolve<'_>) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(markdown, options).into_offset_iter().collect();

    let mut out = Rendered { too_deep: first_too_deep(&events), ..Rendered::default() };
    let mut used = Ids::default();
    let mut outline = Outline { title: lone_top_level(&events), ..Outline::default() };
    let mut flat = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if let Some(retagged) = outline.retag(raw, events[i].1.start, &mut out.skips) {
                    let inline = matches!(events[i].0, Event::InlineHtml(_));
                    events[i].0 = if inline {
                        Event::InlineHtml(retagged.into())
                    } else {
                        Event::Html(retagged.into())
                    };
                }
            }
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                let level = heading_level(outline.place(*level as u8, events[i].1.start, &mut out.skips));
                out.classes.extend(classes.iter().map(|c| c.to_string()));
                let end = events[i..]
                    .iter()
                    .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                    .map_or(events.len(), |p| i + p);
                let title = plain_text(&events[i + 1..end]);
                let wanted = match id {
                    Some(id) => id.to_string(),
                    None => slugify(&title),
                };
                let id = unique(&wanted, &mut used);
                if let Event::Start(Tag::Heading { id: slot, level: at, .. }) = &mut events[i].0 {
                    *slot = Some(CowStr::from(id.clone()));
                    *at = level;
                }
                if let Some((Event::End(TagEnd::Heading(at)), _)) = events.get_mut(end) {
                    *at = level;
                }
                out.anchors.push(id.clone());
                if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                    flat.push((level as u8, id, title));
                }
                i = end;
            }
            Event::Start(Tag::Link { dest_url, .. }) if internal_target(dest_url, dir).is_some() => {
                let Some((target, anchor)) = internal_target(dest_url, dir) else { unreachable!() };
                let href = match resolve(&target) {
                    Some(address) => {
                        let mut href = format!("{LANG_ROOT}{address}");
                        if let Some(a) = &anchor {
                            href.push('#');
                            href.push_str(a);
                        }
                        href
                    }
                    None => dest_url.to_string(),
                };
                out.links.push(InternalLink {
                    written: dest_url.to_string(),
                    target,
                    anchor,
                    offset: events[i].1.start,
                    line: 0,
                    column: 0,
                });
                if let Event::Start(Tag::Link { dest_url, .. }) = &mut events[i].0 {
                    *dest_url = CowStr::from(href);
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.toc = nest(flat);

    // Wide tables scroll inside their own box instead of the page; tabindex
    // lets keyboard users scroll it, and the region's name says what it is.
    let events = events.into_iter().flat_map(|(event, _)| match event {
        Event::Start(Tag::Table(_)) => {
            let open = format!(
                r#"<div class="table-scroll" tabindex="0" role="region" aria-label="{TABLE_LABEL}">"#
            );
            vec![Event::Html(open.into()), event]
        }
        Event::End(TagEnd::Table) => vec![event, Event::Html("</div>\n".into())],
        _ => vec![event],
    });
    html::push_html(&mut out.html, events);
    out
}

/// The content path and anchor of a link to another content file: Zola's
/// `@/privacy/_index.md#retention`, or a relative `../faq/question.md`.
fn internal_target(dest: &str, dir: &str) -> Option<(String, Option<String>)> {
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    if let Some(rest) = path.strip_prefix("@/") {
        return Some((rest.to_string(), anchor));
    }
    let scheme = path.split('/').next().is_some_and(|first| first.contains(':'));
    if scheme || path.starts_with('/') || !path.ends_with(".md") {
        return None;
    }
    // Resolve `.` and `..` against the file's folder; a path that climbs out
    // of content/ keeps its `..` and so leads to no page.
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let mut outside = 0;
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    outside += 1;
                }
            }
            p => parts.push(p),
        }
    }
    let mut target = "../".repeat(outside);
    target.push_str(&parts.join("/"));
    Some((target, anchor))
}

fn plain_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// The ids given so far, and for each wanted id the next number to try, so
/// that numbering duplicates costs the same for the 10,000th as for the first.
#[derive(Default)]
struct Ids {
    used: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

/// `wanted`, or `wanted-1`, `wanted-2`, ... when it is taken (also by an
/// explicit `{#id}` that happens to look numbered).
fn unique(wanted: &str, ids: &mut Ids) -> String {
    if ids.used.insert(wanted.to_string()) {
        return wanted.to_string();
    }
    let n = ids.next.entry(wanted.to_string()).or_insert(1);
    loop {
        let id = format!("{wanted}-{n}");
        *n += 1;
        if ids.used.insert(id.clone()) {
            return id;
        }
    }
}

fn nest(flat: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    let top = flat.iter().map(|(l, _, _)| *l).min().unwrap_or(2);
    for (level, id, title) in flat {
        let entry = TocEntry { level, id, title, children: Vec::new() };
        match toc.last_mut() {
            Some(parent) if level > top => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

/// A heading's anchor: lower case, words joined by `-`, punctuation dropped.
/// Letters of every script are kept as they are (`資料保存期間`, `مدة-الاحتفاظ`),
/// so anchors stay readable; browsers percent-encode them where a URL needs it.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '-' || c == '_' {
            if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        } else if !is_punctuation(c) {
            slug.push(c);
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() { "section".to_string() } else { slug.to_string() }
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || c.is_control()
        || matches!(c as u32,
            0x00A1..=0x00BF      // Latin-1 punctuation and signs
            | 0x00D7 | 0x00F7
            | 0x055A..=0x055F    // Armenian
            | 0x060C | 0x061B | 0x061F | 0x066A..=0x066D | 0x06D4 // Arabic
            | 0x0964 | 0x0965    // Devanagari danda
            | 0x2000..=0x206F    // general punctuation, spaces, bidi marks
            | 0x2190..=0x2BFF    // arrows, symbols, dingbats
            | 0x3000..=0x303F    // CJK punctuation
            | 0xFE10..=0xFE1F | 0xFE30..=0xFE6F // vertical and small forms
            | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 // full width
            | 0xFEFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_links(_: &str) -> Option<String> {
        None
    }

    fn render(markdown: &str, resolve: &Resolve<'_>) -> Rendered {
        super::render(markdown, "", resolve)
    }

    #[test]
    fn relative_links_to_content_files_are_internal() {
        assert_eq!(
            internal_target("../faq/delete.md#x", "privacy"),
            Some(("faq/delete.md".into(), Some("x".into())))
        );
        assert_eq!(internal_target("2024-03-01.md", "privacy"), Some(("privacy/2024-03-01.md".into(), None)));
        assert_eq!(internal_target("../../x.md", "privacy"), Some(("../x.md".into(), None)));
        assert_eq!(internal_target("https://example.com/a.md", "privacy"), None);
        assert_eq!(internal_target("/a.md", ""), None);
        assert_eq!(internal_target("notes.txt", ""), None);
    }

    #[test]
    fn slugs_keep_every_script() {
        assert_eq!(slugify("How long we keep data?"), "how-long-we-keep-data");
        assert_eq!(slugify("資料保存期間（概要）"), "資料保存期間概要");
        assert_eq!(slugify("مدة الاحتفاظ، والحذف"), "مدة-الاحتفاظ-والحذف");
        assert_eq!(slugify("Ärger & Öl"), "ärger-öl");
        assert_eq!(slugify("?!"), "section");
    }

    #[test]
    fn headings_get_ids_and_duplicates_are_numbered() {
        let r = render("## Rights\n\n## Rights\n\n### 權利 {#rights-zh}\n", &no_links);
        assert_eq!(r.anchors, ["rights", "rights-1", "rights-zh"]);
        assert!(r.html.contains(r#"<h2 id="rights">Rights</h2>"#), "{}", r.html);
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[1].children[0].title, "權利");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_found_with_its_place() {
        let ok = render(&"> ".repeat(MAX_NESTING / 2), &no_links);
        assert_eq!(ok.too_deep, None);
        for (markdown, prefix) in [
            ("> - ".repeat(MAX_NESTING), "> - "),
            (format!("Intro\n\n{}x", "<div>".repeat(MAX_NESTING + 1)), "Intro\n\n"),
            (format!("Intro\n\n{}x{}", "<div>".repeat(1_000), "</div>".repeat(1_000)), "Intro\n\n"),
            (format!("Intro\n\n{}x{}", "*".repeat(5_000), "*".repeat(5_000)), "Intro\n\n"),
        ] {
            let r = render(&markdown, &no_links);
            let at = r.too_deep.unwrap_or_else(|| panic!("not too deep: {}", &markdown[..40]));
            assert!(at >= prefix.len() || prefix == "> - ", "{at}");
        }
    }

    #[test]
    fn headings_descend_without_a_skip_under_the_pages_title() {
        let md = "## Short\n\n### What we collect\n\n\
                  ##### Registration\n\n### How we use it\n\n#### Legal bases\n\n## Rights\n\n#### Deep\n";
        let r = render(md, &no_links);
        let levels = |html: &str| -> Vec<String> {
            html.match_indices("<h")
                .map(|(i, _)| html[i + 1..i + 3].to_string())
                .filter(|t| t != "r>")
                .collect()
        };
        assert_eq!(levels(&r.html), ["h2", "h3", "h4", "h3", "h4", "h2", "h3"], "{}", r.html);
        assert!(r.html.contains("<h4 id=\"registration\">Registration</h4>"), "{}", r.html);
        // Where the source skips: `#####` under `###`, `####` under `##`.
        let skips: Vec<(u8, u8, usize)> = r.skips.iter().map(|s| (s.parent, s.written, s.offset)).collect();
        assert_eq!(
            skips,
            [(3, 5, md.find("##### Reg").unwrap_or(0)), (2, 4, md.find("#### Deep").unwrap_or(0))]
        );
        // The table of contents follows the outline shown.
        let titles: Vec<&str> = r.toc.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Short", "Rights"]);
        assert_eq!(r.toc[0].children.len(), 2);
        // Sections written at `###`, and a lone heading above them is a
        // title, not a section holding all the rest (GitHub, 2019-11-13;
        // Basecamp's `# Privacy policy` above its `##` sections).
        let md = "### The short version\n\n## GitHub Privacy Statement\n\n### What we collect\n\n\
                  #### Registration\n\n### How we use it\n";
        let r = render(md, &no_links);
        assert_eq!(levels(&r.html), ["h2", "h2", "h2", "h3", "h2"], "{}", r.html);
        let titles: Vec<&str> = r.toc.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(
            titles,
            ["The short version", "GitHub Privacy Statement", "What we collect", "How we use it"]
        );
        let r = render(
            "# Privacy policy\n\nIntro.\n\n## What we collect\n\n### Identity\n\n## Rights\n",
            &no_links,
        );
        assert_eq!(levels(&r.html), ["h2", "h2", "h3", "h2"], "{}", r.html);
    }

    #[test]
    fn raw_html_headings_join_the_outline() {
        let r = render(
            "## Intro\n\n<h4 class=\"x\">Raw</h4>\n\n<header>not a heading</header>\n\n#### Next\n\n## End\n",
            &no_links,
        );
        assert!(r.html.contains("<h3 class=\"x\">Raw</h3>"), "{}", r.html);
        assert!(r.html.contains("<header>not a heading</header>"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"next\">Next</h3>"), "{}", r.html);
        assert_eq!(r.skips.len(), 2);
    }

    #[test]
    fn numbered_duplicates_skip_ids_already_taken() {
        let r = render("## A {#a-1}\n\n## A\n\n## A\n\n## A\n", &no_links);
        assert_eq!(r.anchors, ["a-1", "a", "a-2", "a-3"]);
    }

    #[test]
    fn ten_thousand_equal_headings_take_linear_time() {
        let markdown = "## Same\n\n".repeat(10_000);
        let start = std::time::Instant::now();
        let r = render(&markdown, &no_links);
        let took = start.elapsed();
        assert_eq!(r.anchors.len(), 10_000);
        assert_eq!(r.anchors[9_999], "same-9999");
        let distinct: std::collections::HashSet<_> = r.anchors.iter().collect();
        assert_eq!(distinct.len(), 10_000);
        // Rescanning from `-1` for every duplicate took seconds (50 million ids).
        assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
    }

    #[test]
    fn internal_links_are_resolved_and_recorded() {
        let resolve = |p: &str| (p == "privacy/_index.md").then(|| "privacy/".to_string());
        let r = render("See\n[retention](@/privacy/_index.md#retention).", &resolve);
        assert!(r.html.contains(&format!(r#"href="{LANG_ROOT}privacy/#retention""#)), "{}", r.html);
        assert_eq!(r.links[0].target, "privacy/_index.md");
        assert_eq!(r.links[0].anchor.as_deref(), Some("retention"));
        assert_eq!(r.links[0].offset, 4);
    }

    #[test]
    fn tables_footnotes_and_raw_html() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note.\n\n<table><tr><td rowspan=\"2\">x</td></tr></table>\n",
            &no_links,
        );
        assert!(r.html.contains(&format!(
            r#"<div class="table-scroll" tabindex="0" role="region" aria-label="{TABLE_LABEL}"><table>"#
        )));
        assert!(r.html.contains("footnote-definition"));
        assert!(r.html.contains(r#"rowspan="2""#));
    }
}
