//! A rendered text (pulldown-cmark's HTML and any raw HTML an editor wrote)
//! as Typst markup, for the PDF template to lay out.
//!
//! Every piece of text becomes a Typst string literal (`#"…"`), so nothing
//! an editor writes is ever read as Typst syntax: the only escaping is a
//! string literal's. Elements become Typst's own (`heading`, `list`,
//! `table`, `link`, …), which the template styles with show rules and
//! which Typst tags in the PDF. What has no place in print (scripts,
//! forms, the redline's screen-reader words) is left out; an element
//! privet does not know keeps its content.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use crate::redline::html::{Element, Node, parse};

/// Elements nested deeper than this are written into their ancestor, as
/// the HTML parser does past its own limit: Typst's layout recurses.
const MAX_DEPTH: usize = 40;

/// Turns a link's `href` into an absolute URL for print, or `None` for
/// what a PDF cannot follow (its text stays, unlinked).
pub type Resolve<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The Typst markup of an HTML fragment. A link to a heading of the text
/// (`#retention`) leads to it inside the PDF; any other goes through `resolve`.
pub fn of_html(html: &str, resolve: Resolve) -> String {
    let nodes = parse(html);
    // A heading's id is its label when Typst can write it and no other heading has it.
    let mut ids: HashMap<String, usize> = HashMap::new();
    heading_ids(&nodes, &mut ids);
    let labels = ids.into_iter().filter(|(id, n)| *n == 1 && is_label(id)).map(|(id, _)| id).collect();
    let mut w = Writer { out: String::with_capacity(html.len() + html.len() / 4), resolve, labels, depth: 0 };
    w.blocks(&nodes);
    w.out
}

fn heading_ids(nodes: &[Node], ids: &mut HashMap<String, usize>) {
    for node in nodes {
        if let Node::Element(e) = node {
            if crate::redline::html::is_heading(&e.name) {
                if let Some(id) = e.attr("id") {
                    *ids.entry(crate::html::decode_entities(id).into_owned()).or_default() += 1;
                }
            }
            heading_ids(&e.children, ids);
        }
    }
}

/// A Typst string literal of `text`: `"…"` with `\`, `"` and control characters escaped.
pub fn string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    push_string(&mut s, text);
    s
}

fn push_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether `id` can be written as a Typst label (`<id>`).
pub fn is_label(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

struct Writer<'a> {
    out: String,
    resolve: Resolve<'a>,
    /// The headings' ids written as labels.
    labels: HashSet<String>,
    depth: usize,
}

/// Elements that say nothing a printed text shows.
const DROPPED: &[&str] = &[
    "script", "style", "template", "noscript", "iframe", "object", "embed", "video", "audio", "canvas",
    "button", "select", "textarea", "form", "svg", "math", "head", "title", "meta", "link", "source",
];

impl Writer<'_> {
    /// Nodes in block context: runs of inline nodes become paragraphs.
    fn blocks(&mut self, nodes: &[Node]) {
        let mut run: Vec<&Node> = Vec::new();
        for node in nodes {
            if is_block(node) {
                self.paragraph(&run);
                run.clear();
                if let Node::Element(e) = node {
                    self.block(e);
                }
            } else {
                run.push(node);
            }
        }
        self.paragraph(&run);
    }

    /// Inline nodes as one paragraph, unless they hold no text.
    fn paragraph(&mut self, run: &[&Node]) {
        let start = self.out.len();
        let mut space = Space::Start;
        for node in run {
            self.inline(node, &mut space);
        }
        if self.out[start..].is_empty() {
            return;
        }
        self.out.push_str("\n\n");
    }

    fn block(&mut self, e: &Element) {
        if DROPPED.contains(&&*e.name) || is_screen_reader_only(e) {
            return;
        }
        if self.depth >= MAX_DEPTH {
            self.blocks(&e.children);
            return;
        }
        self.depth += 1;
        match &*e.name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = e.name[1..].parse::<u8>().unwrap_or(2);
                let _ = write!(self.out, "#heading(level: {level})[");
                self.inline_children(&e.children);
                self.out.push(']');
                if let Some(id) =
                    e.attr("id").map(crate::html::decode_entities).filter(|id| self.labels.contains(&**id))
                {
                    let _ = write!(self.out, " <{id}>");
                }
                self.out.push_str("\n\n");
            }
            "p" => {
                let children: Vec<&Node> = e.children.iter().collect();
                self.paragraph(&children);
            }
            "ul" | "ol" | "menu" => self.list(e),
            "table" => self.table(e),
            "blockquote" => {
                self.out.push_str("#quote(block: true)[");
                self.blocks(&e.children);
                self.trim_end();
                self.out.push_str("]\n\n");
            }
            "pre" => {
                self.out.push_str("#raw(block: true, ");
                push_string(&mut self.out, crate::redline::html::text_of(&e.children).trim_end_matches('\n'));
                self.out.push_str(")\n\n");
            }
            "hr" => self.out.push_str("#line(length: 100%, stroke: 0.5pt)\n\n"),
            "dt" | "summary" | "caption" | "figcaption" => {
                self.out.push_str("#strong[");
                self.inline_children(&e.children);
                self.out.push_str("]\n\n");
            }
            "dd" => {
                self.out.push_str("#pad(left: 1.5em)[");
                self.blocks(&e.children);
                self.trim_end();
                self.out.push_str("]\n\n");
            }
            _ => self.blocks(&e.children),
        }
        self.depth -= 1;
    }

    fn list(&mut self, e: &Element) {
        // Whether the next argument needs a comma before it.
        let mut separate = false;
        if e.name == "ol" {
            match e.attr("start").and_then(|s| s.trim().parse::<i64>().ok()).filter(|s| *s >= 0) {
                Some(n) => {
                    let _ = write!(self.out, "#enum(start: {n}");
                    separate = true;
                }
                None => self.out.push_str("#enum("),
            }
        } else {
            self.out.push_str("#list(");
        }
        for child in &e.children {
            // Text between items (white space) has no place in a list.
            let Node::Element(item) = child else { continue };
            if separate {
                self.out.push_str(", ");
            }
            separate = true;
            self.out.push('[');
            if item.name == "li" {
                self.item(item);
            } else {
                self.blocks(std::slice::from_ref(child));
            }
            self.trim_end();
            self.out.push(']');
        }
        self.out.push_str(")\n\n");
    }

    /// A list item: a task list's checkbox as a ballot box, then its content.
    fn item(&mut self, item: &Element) {
        let checkbox = |n: &Node| match n {
            Node::Element(e) if e.name == "input" && e.attr("type") == Some("checkbox") => {
                Some(e.attrs.iter().any(|(name, _)| name == "checked"))
            }
            _ => None,
        };
        let mut children: Vec<Node> = Vec::with_capacity(item.children.len());
        for child in &item.children {
            match checkbox(child) {
                Some(true) => children.push(Node::Text("\u{2611} ".into())),
                Some(false) => children.push(Node::Text("\u{2610} ".into())),
                None => children.push(child.clone()),
            }
        }
        self.blocks(&children);
    }

    fn table(&mut self, table: &Element) {
        let mut caption = None;
        let mut header: Vec<&Element> = Vec::new();
        let mut body: Vec<&Element> = Vec::new();
        collect_rows(table, &mut caption, &mut header, &mut body, false);
        if let Some(caption) = caption {
            self.block(caption);
        }
        let columns = header
            .iter()
            .chain(&body)
            .map(|row| cells(row).map(|c| span(c, "colspan")).sum::<usize>())
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        // Columns share the page's width: sized to their content, a wide
        // table would run off the page, as a register's five columns do.
        let _ = write!(self.out, "#table(columns: (1fr,) * {columns}");
        if !header.is_empty() {
            self.out.push_str(", table.header(");
            let mut first = true;
            for row in &header {
                for cell in cells(row) {
                    if !first {
                        self.out.push_str(", ");
                    }
                    first = false;
                    self.cell(cell);
                }
            }
            self.out.push(')');
        }
        for row in &body {
            for cell in cells(row) {
                self.out.push_str(", ");
                self.cell(cell);
            }
        }
        self.out.push_str(")\n\n");
    }

    fn cell(&mut self, cell: &Element) {
        let colspan = span(cell, "colspan");
        let rowspan = span(cell, "rowspan");
        let align = cell.attr("style").and_then(|s| {
            let s = s.replace(' ', "").to_ascii_lowercase();
            ["left", "center", "right"].into_iter().find(|a| s.contains(&format!("text-align:{a}")))
        });
        let plain = colspan == 1 && rowspan == 1 && align.is_none();
        if !plain {
            self.out.push_str("table.cell(");
            if colspan > 1 {
                let _ = write!(self.out, "colspan: {colspan}, ");
            }
            if rowspan > 1 {
                let _ = write!(self.out, "rowspan: {rowspan}, ");
            }
            if let Some(align) = align {
                let _ = write!(self.out, "align: {align}, ");
            }
            self.out.truncate(self.out.len() - 2);
            self.out.push(')');
        }
        self.out.push('[');
        // A row's heading cell (`<th scope="row">`) is strong, as the header's are by the template.
        let strong = cell.name == "th" && cell.attr("scope") == Some("row");
        if strong {
            self.out.push_str("#strong[");
        }
        self.depth += 1;
        self.blocks(&cell.children);
        self.depth -= 1;
        self.trim_end();
        if strong {
            self.out.push(']');
        }
        self.out.push(']');
    }

    fn inline_children(&mut self, nodes: &[Node]) {
        let mut space = Space::Start;
        for node in nodes {
            self.inline(node, &mut space);
        }
    }

    fn inline(&mut self, node: &Node, space: &mut Space) {
        match node {
            Node::Text(text) => self.text(&crate::html::decode_entities(text), space),
            Node::Other(_) => {}
            Node::Element(e) => self.inline_element(e, space),
        }
    }

    /// Text with HTML's white space rules: runs collapse to one space, none
    /// at the start of a paragraph.
    fn text(&mut self, text: &str, space: &mut Space) {
        let mut collapsed = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                if *space == Space::Word {
                    *space = Space::Pending;
                }
            } else {
                if *space == Space::Pending {
                    collapsed.push(' ');
                }
                collapsed.push(c);
                *space = Space::Word;
            }
        }
        if !collapsed.is_empty() {
            self.out.push('#');
            push_string(&mut self.out, &collapsed);
        }
    }

    /// Writes `open`, the element's content, and `]`, but nothing when the content is empty.
    fn wrapped(&mut self, open: &str, e: &Element, space: &mut Space) {
        // A space before the element goes outside it.
        if *space == Space::Pending && has_text(e) {
            self.out.push_str("#\" \"");
            *space = Space::Word;
        }
        let inner = self.out.len();
        self.out.push_str(open);
        let content = self.out.len();
        self.depth += 1;
        for child in &e.children {
            self.inline(child, space);
        }
        self.depth -= 1;
        if self.out.len() == content {
            self.out.truncate(inner);
        } else {
            self.out.push(']');
        }
    }

    fn inline_element(&mut self, e: &Element, space: &mut Space) {
        if DROPPED.contains(&&*e.name) || is_screen_reader_only(e) {
            return;
        }
        if self.depth >= MAX_DEPTH {
            for child in &e.children {
                self.inline(child, space);
            }
            return;
        }
        match &*e.name {
            "strong" | "b" => self.wrapped("#strong[", e, space),
            "em" | "i" | "cite" | "dfn" | "var" => self.wrapped("#emph[", e, space),
            "del" | "s" | "strike" => self.wrapped("#strike[", e, space),
            "ins" | "u" => self.wrapped("#underline[", e, space),
            "sup" => self.wrapped("#super[", e, space),
            "sub" => self.wrapped("#sub[", e, space),
            "mark" => self.wrapped("#highlight[", e, space),
            "code" | "kbd" | "samp" | "tt" => {
                let text = crate::redline::html::text_of(&e.children);
                let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if text.is_empty() {
                    return;
                }
                if *space == Space::Pending {
                    self.out.push_str("#\" \"");
                }
                self.out.push_str("#raw(");
                push_string(&mut self.out, &text);
                self.out.push(')');
                *space = Space::Word;
            }
            "br" => {
                self.out.push_str("#linebreak()");
                *space = Space::Start;
            }
            "img" => {
                let alt = e.attr("alt").map(crate::html::decode_entities).unwrap_or_default();
                if !alt.trim().is_empty() {
                    self.text(&format!("[{}]", alt.trim()), space);
                }
            }
            "a" => {
                let href = e.attr("href").map(crate::html::decode_entities).unwrap_or_default();
                match href.strip_prefix('#') {
                    Some(id) if self.labels.contains(id) => {
                        self.wrapped(&format!("#link(<{id}>)["), e, space)
                    }
                    _ if href.is_empty() => self.inline_children_in(e, space),
                    _ => match (self.resolve)(&href) {
                        Some(url) => self.wrapped(&format!("#link({})[", string(&url)), e, space),
                        None => self.inline_children_in(e, space),
                    },
                }
            }
            _ => match (e.attr("lang"), e.attr("dir")) {
                // A passage in another language keeps it: its shaping and line breaking follow.
                // Typst takes a language of two or three letters only (`english` is an error).
                (Some(lang), dir) if crate::config::is_language_tag(lang) => {
                    let (lang, region, _) = split_tag(lang);
                    let mut open = format!("#text(lang: {}", string(&lang));
                    if let Some(region) = region {
                        let _ = write!(open, ", region: {}", string(&region));
                    }
                    if let Some(dir @ ("rtl" | "ltr")) = dir {
                        let _ = write!(open, ", dir: {dir}");
                    }
                    open.push_str(")[");
                    self.wrapped(&open, e, space);
                }
                _ => self.inline_children_in(e, space),
            },
        }
    }

    fn inline_children_in(&mut self, e: &Element, space: &mut Space) {
        self.depth += 1;
        for child in &e.children {
            self.inline(child, space);
        }
        self.depth -= 1;
    }

    fn trim_end(&mut self) {
        let kept = self.out.trim_end().len();
        self.out.truncate(kept);
    }
}

/// Where a run of inline text stands as to white space.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Space {
    /// At the start of a block: white space is dropped.
    Start,
    /// After a word.
    Word,
    /// White space seen after a word, written before the next one.
    Pending,
}

fn is_block(node: &Node) -> bool {
    match node {
        Node::Element(e) => !crate::redline::html::PHRASING.contains(&&*e.name),
        Node::Text(_) => false,
        Node::Other(_) => false,
    }
}

/// The redline's and theme's words for screen readers only ("deleted:"):
/// in print the strike-through says it.
fn is_screen_reader_only(e: &Element) -> bool {
    e.attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == "visually-hidden" || c == "sr-only"))
        || e.attrs.iter().any(|(n, _)| n == "hidden")
        || e.attr("aria-hidden") == Some("true")
}

fn has_text(e: &Element) -> bool {
    e.children.iter().any(|c| match c {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(e) => e.name == "img" || has_text(e),
        Node::Other(_) => false,
    })
}

fn span(cell: &Element, name: &str) -> usize {
    cell.attr(name)
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|n| (1..=1000).contains(n))
        .unwrap_or(1)
}

fn cells(row: &Element) -> impl Iterator<Item = &Element> {
    row.children.iter().filter_map(|c| match c {
        Node::Element(e) if e.name == "td" || e.name == "th" => Some(e),
        _ => None,
    })
}

/// A table's caption and rows, header rows (`thead`) apart.
fn collect_rows<'a>(
    e: &'a Element,
    caption: &mut Option<&'a Element>,
    header: &mut Vec<&'a Element>,
    body: &mut Vec<&'a Element>,
    in_head: bool,
) {
    for child in &e.children {
        let Node::Element(c) = child else { continue };
        match &*c.name {
            "caption" => *caption = caption.or(Some(c)),
            "thead" => collect_rows(c, caption, header, body, true),
            "tbody" | "tfoot" => collect_rows(c, caption, header, body, false),
            "tr" if in_head => header.push(c),
            "tr" => body.push(c),
            _ => {}
        }
    }
}

/// A BCP 47 tag as Typst's language and region, and its script
/// (`zh-Hant-TW` → `zh`, `TW`, `Hant`). Traditional Chinese without a
/// region is Taiwan's: Typst picks the glyph forms by region.
pub fn split_tag(tag: &str) -> (String, Option<String>, Option<String>) {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
    let mut region = None;
    let mut script = None;
    for part in parts {
        if part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()) && region.is_none() {
            region = Some(part.to_ascii_uppercase());
        } else if part.len() == 4 && part.chars().all(|c| c.is_ascii_alphabetic()) && script.is_none() {
            let mut s = part.to_ascii_lowercase();
            s[..1].make_ascii_uppercase();
            script = Some(s);
        }
    }
    if lang == "zh" && region.is_none() && script.as_deref() == Some("Hant") {
        region = Some("TW".to_string());
    }
    (lang, region, script)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typst(html: &str) -> String {
        of_html(html, &|href| Some(format!("https://example.com{href}")))
    }

    #[test]
    fn text_is_always_a_string_literal() {
        let out = typst("<p>Costs $5 *not* #bold [x] = \"quoted\" \\ <em>a</em> @ref</p>");
        assert_eq!(
            out,
            "#\"Costs $5 *not* #bold [x] = \\\"quoted\\\" \\\\\"#\" \"#emph[#\"a\"]#\" @ref\"\n\n"
        );
    }

    #[test]
    fn headings_keep_level_and_label() {
        let out = typst("<h2 id=\"retention\">How long</h2><h3 id=\"a b\">Odd id</h3>");
        assert_eq!(
            out,
            "#heading(level: 2)[#\"How long\"] <retention>\n\n#heading(level: 3)[#\"Odd id\"]\n\n"
        );
    }

    #[test]
    fn links_to_headings_stay_inside_the_pdf() {
        let out = typst("<h2 id=\"a\">A</h2><p><a href=\"#a\">up</a> <a href=\"#gone\">gone</a></p>");
        assert!(out.contains("#link(<a>)[#\"up\"]"), "{out}");
        assert!(out.contains("#link(\"https://example.com#gone\")[#\"gone\"]"), "{out}");
        // Two headings with one id: neither is a label, so no link can be ambiguous.
        let out = typst("<h2 id=\"a\">A</h2><h2 id=\"a\">B</h2><p><a href=\"#a\">up</a></p>");
        assert!(!out.contains("<a>"), "{out}");
    }

    #[test]
    fn lists_tables_and_links() {
        let out = typst("<ol start=\"3\"><li>one</li>\n<li><a href=\"/x/\">two</a></li></ol>");
        assert_eq!(out, "#enum(start: 3, [#\"one\"], [#link(\"https://example.com/x/\")[#\"two\"]])\n\n");
        let out = typst("<ul>\n<li>a</li>\n<li>b</li>\n</ul>");
        assert_eq!(out, "#list([#\"a\"], [#\"b\"])\n\n");
        let out = typst(
            "<table><thead><tr><th>Name</th><th style=\"text-align: right\">Days</th></tr></thead><tbody><tr><td>AWS</td><td>30</td></tr></tbody></table>",
        );
        assert_eq!(
            out,
            "#table(columns: (1fr,) * 2, table.header([#\"Name\"], table.cell(align: right)[#\"Days\"]), [#\"AWS\"], [#\"30\"])\n\n"
        );
    }

    #[test]
    fn screen_reader_words_and_scripts_stay_out() {
        let out = typst(
            "<p><del><span class=\"visually-hidden\">deleted:</span>old</del> new<script>x()</script></p>",
        );
        assert_eq!(out, "#strike[#\"old\"]#\" new\"\n\n");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(string("a\u{7}b\"c"), "\"a\\u{7}b\\\"c\"");
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let html = "<blockquote>".repeat(200) + "deep" + &"</blockquote>".repeat(200);
        let out = typst(&html);
        assert!(out.matches("#quote").count() <= MAX_DEPTH);
        assert!(out.contains("#\"deep\""));
    }

    #[test]
    fn a_lang_typst_cannot_take_is_left_out() {
        // Typst errors on a language that is not two or three letters: the passage keeps its text only.
        let out = typst("<p><span lang=\"english\">Hi</span></p>");
        assert_eq!(out, "#\"Hi\"\n\n");
    }

    #[test]
    fn a_passage_in_another_language_keeps_it() {
        let out = typst("<p>See <span lang=\"zh-Hant-TW\">隱私</span>.</p>");
        assert_eq!(out, "#\"See\"#\" \"#text(lang: \"zh\", region: \"TW\")[#\"隱私\"]#\".\"\n\n");
    }
}
