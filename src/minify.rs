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
            let Some(at) = html[i..].find('<') else { break };
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

/// A fragment of HTML (rendered Markdown), minified.
#[cfg(feature = "minify")]
pub fn fragment(html: &str) -> String {
    if too_deep(html) {
        return html.to_string();
    }
    let one = |part: &str| {
        String::from_utf8(minify_html::minify(part.as_bytes(), &cfg())).unwrap_or_else(|_| part.to_string())
    };
    if html.len() <= CHUNK {
        return one(html);
    }
    // minify-html holds a tree of its whole input: a 20 MB policy took
    // 80 MB more. A long text is minified a run of top-level blocks at a
    // time, cut where every element is closed (after a line, as
    // pulldown-cmark ends each block), so each part is whole HTML.
    let mut out = String::with_capacity(html.len());
    let mut depth = Depth::default();
    let (mut start, mut at) = (0, 0);
    while at < html.len() {
        let end = html[at..].find('\n').map_or(html.len(), |e| at + e + 1);
        depth.feed(&html[at..end], usize::MAX);
        at = end;
        let closed = depth.depth == 0 && depth.until.is_none() && html[..at].ends_with(">\n");
        if closed && at - start >= CHUNK {
            out.push_str(&one(&html[start..at]));
            start = at;
        }
    }
    out.push_str(&one(&html[start..]));
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
pub fn fragment(html: &str) -> String {
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
        assert_eq!(fragment(&deep), deep);
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
        assert_eq!(fragment(&html), whole);
    }

    use super::*;

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
        let out = fragment("<p>Hello\n   world</p>\n\n<ul>\n<li>a</li>\n</ul>\n");
        assert_eq!(out, "<p>Hello world</p><ul><li>a</li></ul>");
    }
}
