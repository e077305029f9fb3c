//! Minifying with minify-html, where it costs least.
//!
//! A page is a template filled with rendered Markdown. Rather than minify
//! every finished page (most of a build's time, for a few percent of bytes,
//! since the same chrome and texts repeat on every page in every language),
//! privet minifies each template once, keeping its Tera syntax, and each
//! Markdown file's HTML once when it is parsed. The pages that come out are
//! minified.

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
    if !template_is_safe(source) {
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
    String::from_utf8(minify_html::minify(html.as_bytes(), &cfg())).unwrap_or_else(|_| html.to_string())
}

/// A stylesheet or script, minified: minify-html minifies CSS and JS inside
/// HTML, so the file is wrapped in its element, which saves a second minifier crate.
#[cfg(feature = "minify")]
pub fn asset(bytes: &[u8], ext: &str) -> Vec<u8> {
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

#[cfg(all(test, feature = "minify"))]
mod tests {
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
