//! Minifying with minify-html, where it costs least.
//!
//! A page is a template filled with rendered Markdown. Rather than minify
//! every finished page (most of a build's time, for a few percent of bytes,
//! since the same chrome and texts repeat on every page in every language),
//! privet minifies each template once, keeping its Tera syntax, and each
//! Markdown file's HTML once when it is parsed. The pages that come out are
//! minified.

/// How deep elements may nest in HTML handed to the minifier. minify-html
/// (and its CSS and JS minifiers) descend recursively, about 2 KB of stack
/// per level: far deeper input than this is left as it is rather than
/// crash the build. Editors' Markdown has a stricter limit of its own,
/// reported as an error ([`crate::markdown::MAX_NESTING`]).
pub const MAX_DEPTH: usize = 512;

/// Follows the nesting of elements through HTML, chunk by chunk (a
/// document's raw HTML comes in pieces). An over-estimate: an element the
/// HTML parser would close by itself (`<p>` without `</p>`) counts as open.
#[derive(Debug, Default, Clone)]
pub struct Depth {
    pub depth: usize,
    /// Inside a `<!-- -->` comment or a raw-text element (`script`, `style`), what ends it.
    until: Option<&'static str>,
}

const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "!doctype",
];

impl Depth {
    /// Reads `html`; returns the byte offset in it where the depth first goes past `limit`.
    pub fn feed(&mut self, html: &str, limit: usize) -> Option<usize> {
        let bytes = html.as_bytes();
        let mut i = 0;
        let mut first = None;
        while i < bytes.len() {
            if let Some(end) = self.until {
                match crate::html::find_ignore_case(&html[i..], end) {
                    Some(at) => {
                        i += at + end.len();
                        self.until = None;
                        continue;
                    }
                    None => return first,
                }
            }
            // The memchr crate's search, not `str::find`'s: this runs for every tag of every text.
            let Some(at) = memchr::memchr(b'<', &bytes[i..]) else { break };
            i += at;
            let rest = &html[i..];
            if rest.starts_with("<!--") {
                self.until = Some("-->");
                i += 4;
                continue;
            }
            let closing = rest.starts_with("</");
            let name_start = if closing { 2 } else { 1 };
            // Compared in any case, not lower-cased into a copy: this runs for every tag of every text.
            let name_len = rest.as_bytes()[name_start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'!' | b':'))
                .count();
            let name = &rest[name_start..name_start + name_len];
            let is = |known: &str| name.eq_ignore_ascii_case(known);
            if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!') {
                i += 1;
                continue;
            }
            // The end of the tag, past quoted attribute values.
            let mut j = name_start + name.len();
            let mut quote = None;
            let tb = rest.as_bytes();
            while j < tb.len() {
                match (quote, tb[j]) {
                    (None, q @ (b'"' | b'\'')) => quote = Some(q),
                    (Some(q), b) if b == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            let self_closing = j > 0 && tb.get(j - 1) == Some(&b'/');
            if closing {
                self.depth = self.depth.saturating_sub(1);
            } else if !self_closing && !VOID.iter().any(|v| is(v)) && !name.starts_with('!') {
                self.depth += 1;
                if self.depth > limit && first.is_none() {
                    first = Some(i);
                }
                let raw = [
                    ("script", "</script"),
                    ("style", "</style"),
                    ("textarea", "</textarea"),
                    ("title", "</title"),
                ];
                if let Some((_, end)) = raw.iter().find(|(n, _)| is(n)) {
                    self.depth -= 1;
                    self.until = Some(end);
                }
            }
            i += j.max(1);
        }
        first
    }
}

/// Whether `html` nests elements deeper than [`MAX_DEPTH`].
pub fn too_deep(html: &str) -> bool {
    Depth::default().feed(html, MAX_DEPTH).is_some()
}

/// Whether a stylesheet or script nests brackets deeper than [`MAX_DEPTH`]
/// (strings and comments counted too: an over-estimate).
pub fn too_deep_code(code: &[u8]) -> bool {
    let mut depth = 0usize;
    for b in code {
        match b {
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(feature = "minify")]
fn cfg() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    // Keep what the HTML checker and simple readers of the output expect.
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = true;
    cfg
}

/// A template's source, minified; `{{ }}`, `{% %}` and `{# #}` are kept.
/// A template with Tera syntax inside a tag but outside a quoted attribute
/// value (`<p{% if x %} lang="de"{% endif %}>`) is returned as it is: the
/// minifier reorders attributes and would garble it.
#[cfg(feature = "minify")]
pub fn template(source: &str) -> String {
    if !template_is_safe(source) || too_deep(source) {
        return source.to_string();
    }
    let mut cfg = cfg();
    cfg.preserve_brace_template_syntax = true;
    String::from_utf8(minify_html::minify(source.as_bytes(), &cfg)).unwrap_or_else(|_| source.to_string())
}

/// Whether every `{{`/`{%` inside a start tag stands in a quoted attribute value.
pub fn template_is_safe(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic()) {
            let mut quote = None;
            i += 1;
            while i < bytes.len() && (quote.is_some() || bytes[i] != b'>') {
                match (quote, bytes[i]) {
                    (None, q @ (b'"' | b'\'')) => quote = Some(q),
                    (Some(q), b) if b == q => quote = None,
                    (None, b'{') if matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')) => return false,
                    _ => {}
                }
                i += 1;
            }
        }
        i += 1;
    }
    true
}

/// The minified top-level blocks of the texts one load reads, by their HTML.
/// A policy's versions repeat most of their paragraphs (GitHub's 34 versions
/// of one statement, each of LARGE's policies in 12), and so do the texts of
/// an FAQ: each block is minified once, not once a version.
#[derive(Default)]
pub struct Memo(std::sync::Mutex<rustc_hash::FxHashMap<String, String>>);

/// A block at most this long is kept in the [`Memo`]; a longer one is
/// minified each time (a block that long is seldom repeated).
#[cfg(feature = "minify")]
const MEMO_LONGEST: usize = 64 << 10;

#[cfg(feature = "minify")]
impl Memo {
    fn minified(&self, part: &str) -> String {
        let one = |part: &str| {
            String::from_utf8(minify_html::minify(part.as_bytes(), &cfg()))
                .unwrap_or_else(|_| part.to_string())
        };
        if part.len() > MEMO_LONGEST {
            return one(part);
        }
        let blocks = || self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(known) = blocks().get(part) {
            return known.clone();
        }
        let made = one(part);
        blocks().insert(part.to_string(), made.clone());
        made
    }
}

/// Block elements pulldown-cmark writes at the top level of a text, each
/// ending its line: between two of them there is only that line break,
/// which minify-html drops, so each minifies alone to the same bytes.
#[cfg(feature = "minify")]
const BLOCKS: [&str; 15] =
    ["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table", "div", "dl", "hr"];

/// Whether `html` starts with the opening tag of one of [`BLOCKS`].
#[cfg(feature = "minify")]
fn opens_block(html: &str) -> bool {
    let Some(rest) = html.strip_prefix('<') else { return false };
    BLOCKS.iter().any(|name| rest.strip_prefix(name).is_some_and(|after| after.starts_with(['>', ' ', '/'])))
}

/// Whether `html` ends with the closing tag of one of [`BLOCKS`] (or `<hr />`) and a line break.
#[cfg(feature = "minify")]
fn closes_block(html: &str) -> bool {
    let Some(line) = html.strip_suffix(">\n") else { return false };
    if line.ends_with("<hr /") || line.ends_with("<hr") {
        return true;
    }
    line.rsplit_once("</").is_some_and(|(_, name)| BLOCKS.contains(&name))
}

/// A fragment of HTML (rendered Markdown), minified a top-level block at a
/// time, through `memo`.
#[cfg(feature = "minify")]
pub fn fragment(html: &str, memo: &Memo) -> String {
    if too_deep(html) {
        return html.to_string();
    }
    // minify-html holds a tree of its whole input: a 20 MB policy took
    // 80 MB more. So a text is also cut where every element is closed
    // (after a line, as pulldown-cmark ends each block) once a part is
    // CHUNK long, even between blocks it does not know.
    let mut out = String::with_capacity(html.len());
    let mut depth = Depth::default();
    let (mut start, mut at) = (0, 0);
    while at < html.len() {
        let end = memchr::memchr(b'\n', &html.as_bytes()[at..]).map_or(html.len(), |e| at + e + 1);
        depth.feed(&html[at..end], usize::MAX);
        at = end;
        if depth.depth != 0 || depth.until.is_some() || at == html.len() {
            continue;
        }
        let between_blocks = closes_block(&html[start..at]) && opens_block(&html[at..]);
        if between_blocks || (at - start >= CHUNK && html[..at].ends_with(">\n")) {
            out.push_str(&memo.minified(&html[start..at]));
            start = at;
        }
    }
    if start < html.len() {
        out.push_str(&memo.minified(&html[start..]));
    }
    // Made with the room of the text before minifying; kept for the whole build.
    out.shrink_to_fit();
    out
}

/// A fragment longer than this is minified in parts of about this size.
#[cfg(feature = "minify")]
const CHUNK: usize = 1 << 20;

/// A stylesheet or script, minified: minify-html minifies CSS and JS inside
/// HTML, so the file is wrapped in its element, which saves a second minifier crate.
#[cfg(feature = "minify")]
pub fn asset(bytes: &[u8], ext: &str) -> Vec<u8> {
    if too_deep_code(bytes) {
        return bytes.to_vec();
    }
    let tag = if ext == "css" { "style" } else { "script" };
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut wrapped = open.clone().into_bytes();
    wrapped.extend_from_slice(bytes);
    wrapped.extend_from_slice(close.as_bytes());
    let out = minify_html::minify(&wrapped, &cfg());
    match out.strip_prefix(open.as_bytes()).and_then(|o| o.strip_suffix(close.as_bytes())) {
        Some(inner) => inner.to_vec(),
        None => bytes.to_vec(),
    }
}

#[cfg(not(feature = "minify"))]
pub fn template(source: &str) -> String {
    source.to_string()
}

#[cfg(not(feature = "minify"))]
pub fn fragment(html: &str, _memo: &Memo) -> String {
    html.to_string()
}

#[cfg(not(feature = "minify"))]
pub fn asset(bytes: &[u8], _ext: &str) -> Vec<u8> {
    bytes.to_vec()
}

#[cfg(test)]
mod depth_tests {
    use super::*;

    #[test]
    fn depth_counts_open_elements_but_not_void_comments_or_scripts() {
        let mut d = Depth::default();
        assert_eq!(
            d.feed("<div><p>a<br><img src=\"x>y\"/></p><!-- <div><div> --><script>if (a<b) {}</script>", 1),
            Some(5)
        );
        assert_eq!(d.depth, 1);
        assert_eq!(d.feed("</div>", 1), None);
        assert_eq!(d.depth, 0);
        assert!(too_deep(&"<div>".repeat(MAX_DEPTH + 1)));
        assert!(!too_deep(&"<div></div>".repeat(10 * MAX_DEPTH)));
        assert!(too_deep_code("a{".repeat(MAX_DEPTH + 1).as_bytes()));
    }

    #[cfg(feature = "minify")]
    #[test]
    fn far_too_deep_html_is_left_as_it_is_instead_of_crashing() {
        let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(fragment(&deep, &Memo::default()), deep);
        assert_eq!(template(&deep), deep);
        let css = format!("{}{}", "a{".repeat(100_000), "}".repeat(100_000));
        assert_eq!(asset(css.as_bytes(), "css"), css.as_bytes());
    }
}

#[cfg(all(test, feature = "minify"))]
mod tests {
    #[cfg(feature = "minify")]
    #[test]
    fn a_long_fragment_is_minified_in_parts_to_the_same_bytes() {
        let block = "<h2 id=\"s\">Section</h2>\n<p>We keep <em>logs</em>  for 30 days.\n See <a href=\"/x\">this</a>.</p>\n\
                     <ul>\n<li>One</li>\n<li>Two <strong>bold</strong></li>\n</ul>\n\
                     <div class=\"table-scroll\"><table>\n<thead><tr><th>A</th></tr></thead>\n<tbody>\n<tr><td>1</td></tr>\n</tbody>\n</table>\n</div>\n\
                     <pre><code>keep\n  this\n</code></pre>\n";
        let html = block.repeat(3 * CHUNK / block.len());
        assert!(html.len() > 2 * CHUNK);
        let whole = String::from_utf8(minify_html::minify(html.as_bytes(), &cfg())).unwrap();
        assert_eq!(fragment(&html, &Memo::default()), whole);
    }

    use super::*;

    /// minify-html on the whole text at once.
    #[cfg(feature = "minify")]
    fn whole(html: &str) -> String {
        String::from_utf8(minify_html::minify(html.as_bytes(), &cfg())).unwrap()
    }

    #[cfg(feature = "minify")]
    #[test]
    fn a_text_minified_a_block_at_a_time_is_the_same_bytes_as_whole() {
        // What pulldown-cmark writes, and raw HTML an editor may put between
        // blocks (inline elements and text at the top level, a comment,
        // entities, white space that matters).
        let html = "<h2 id=\"a\">Who &amp; why</h2>\n<p>We keep <em>logs</em>  for 30 days &lt;b&gt;\n see <a href=\"/x?a=1&amp;b=2\">this</a>.</p>\n\
                    <span>raw</span>\n<span>inline</span>\n<p>after raw</p>\n\
                    text at the top\n<p>x</p>\n<!-- a note -->\n<hr />\n\
                    <ul>\n<li>One</li>\n<li><p>Two</p>\n</li>\n</ul>\n<ol start=\"3\">\n<li>three</li>\n</ol>\n\
                    <blockquote>\n<p>quoted</p>\n</blockquote>\n\
                    <div class=\"table-scroll\"><table>\n<thead><tr><th>A</th></tr></thead>\n<tbody>\n<tr><td>1 &quot;q&quot;</td></tr>\n</tbody>\n</table>\n</div>\n\
                    <pre><code>keep\n  this &lt;\n</code></pre>\n<p>end</p>\n";
        let memo = Memo::default();
        assert_eq!(fragment(html, &memo), whole(html));
        // Cut between blocks, never beside raw inline HTML, text or a
        // comment: the heading, the run from the first paragraph to the
        // rule, the two lists, the quote, the table, the code, the last paragraph.
        let blocks = memo.0.lock().unwrap().len();
        assert_eq!(blocks, 8);
        // A second text sharing most blocks comes out right from the memo,
        // and adds only its own.
        let next = html.replace("<p>x</p>", "<p>y</p>");
        assert_eq!(fragment(&next, &memo), whole(&next));
        assert_eq!(memo.0.lock().unwrap().len(), blocks + 1);
    }

    #[cfg(feature = "minify")]
    #[test]
    fn blocks_are_cut_between_block_tags_only() {
        assert!(opens_block("<p>a") && opens_block("<h2 id=x>") && opens_block("<hr />"));
        assert!(!opens_block("<pre-x>") && !opens_block("<span>") && !opens_block("text"));
        assert!(closes_block("<p>a</p>\n") && closes_block("<hr />\n") && closes_block("</table>\n</div>\n"));
        assert!(!closes_block("<p>a</p>") && !closes_block("<b>x</b>\n") && !closes_block("<p>a</p>\n\n"));
    }

    #[test]
    fn templates_with_syntax_inside_tags_are_left_alone() {
        assert!(template_is_safe(
            "<a href=\"{{ x }}\" aria-current=\"{% if y %}page{% endif %}\">{{ z }}</a>"
        ));
        assert!(!template_is_safe("<p{% if y %} lang=\"de\"{% endif %}>x</p>"));
        assert!(!template_is_safe("<h1{{ m::attrs() }}>x</h1>"));
        let unsafe_source = "<p{% if y %} lang=\"de\"{% endif %}>\n  x\n</p>";
        assert_eq!(template(unsafe_source), unsafe_source);
    }

    #[test]
    fn templates_keep_their_tera_syntax() {
        let source = "<ul>\n  {% for l in list %}\n    <li><a href=\"{{ l.href }}\" aria-current=\"{% if l.current %}page{% else %}false{% endif %}\">{{ l.name }}</a></li>\n  {% endfor %}\n</ul>\n";
        let out = template(source);
        assert!(
            out.contains("{% for l in list %}")
                && out.contains("{{ l.name }}")
                && out.contains("{% endif %}"),
            "{out}"
        );
        assert!(out.len() < source.len(), "{out}");
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t", &out).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("list", &serde_json::json!([{ "href": "/de/", "current": true, "name": "Deutsch" }]));
        let html = tera.render("t", &ctx).unwrap();
        assert!(html.contains("aria-current=\"page\"") && html.contains("Deutsch"), "{html}");
    }

    #[test]
    fn fragments_lose_white_space_but_not_words() {
        let out = fragment("<p>Hello\n   world</p>\n\n<ul>\n<li>a</li>\n</ul>\n", &Memo::default());
        assert_eq!(out, "<p>Hello world</p><ul><li>a</li></ul>");
    }
}
