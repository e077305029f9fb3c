//! The theme's templates, compiled once per build.

use tera::Tera;

use crate::error::{Diagnostic, Error, Result};
use crate::theme::Theme;

/// Compiles the theme's templates; with `minify`, minified (see [`crate::minify`]).
pub fn templates(theme: &Theme, minify: bool) -> Result<Tera> {
    // The theme's templates, with these sources (in the theme's order), compiled.
    let compile = |sources: &[String]| {
        let mut tera = Tera::default();
        tera.set_escape_fns(crate::html::escape, crate::html::escape_into);
        let named = theme.templates.keys().map(String::as_str).zip(sources.iter().map(String::as_str));
        tera.add_raw_templates(named).map(|_| tera)
    };
    let written: Vec<String> = theme.templates.values().map(|(src, _)| src.clone()).collect();
    let as_written = || compile(&written).map_err(|e| template_error(theme, &e));
    if !minify {
        return as_written();
    }
    // The sources as written are compiled only when needed, a parse being
    // most of a small site's template cost: when the minified ones fail
    // (errors then point at the editor's lines, and should the minifier ever
    // garble a template, the pages stay right, only larger), or when the
    // minifier dropped Tera syntax (in an HTML comment), whose errors a build
    // must still report.
    let minified: Vec<String> = written.iter().map(|src| crate::minify::template(src)).collect();
    let kept_all_syntax =
        written.iter().zip(&minified).all(|(src, small)| tera_tags(src) == tera_tags(small));
    match compile(&minified) {
        Ok(small) if kept_all_syntax => Ok(small),
        Ok(small) => as_written().map(|_| small),
        Err(_) => as_written(),
    }
}

/// How many Tera tags (`{{`, `{%`, `{#`) a template's source opens.
fn tera_tags(source: &str) -> usize {
    source.as_bytes().windows(2).filter(|w| w[0] == b'{' && matches!(w[1], b'{' | b'%' | b'#')).count()
}

/// Names the template file in a Tera error, with Tera's whole explanation.
pub(super) fn template_error(theme: &Theme, e: &tera::Error) -> Error {
    // Which template of a cycle Tera names depends on a hash map's order:
    // name the cycle from its first template by name, the same every run.
    if let tera::ErrorKind::CircularExtend { tpl, inheritance_chain } = &e.kind {
        let mut cycle: Vec<&String> = inheritance_chain.iter().chain([tpl]).collect();
        if cycle.len() > 1 && cycle.first() == cycle.last() {
            cycle.pop();
        }
        cycle.dedup();
        let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
        cycle.rotate_left(first);
        let shown =
            theme.templates.get(cycle[0].as_str()).map_or_else(|| cycle[0].clone(), |(_, s)| s.clone());
        let names: Vec<&str> = cycle.iter().chain(cycle.first()).map(|n| n.as_str()).collect();
        return Diagnostic::new(
            shown,
            format!(
                "Circular extend detected: these templates extend each other in a circle: {}",
                names.join(" → ")
            ),
        )
        .hint("a template extends one that does not extend it back, e.g. {% extends \"base.html\" %}")
        .into();
    }
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n  {s}"));
        source = s.source();
    }
    let file = theme
        .templates
        .iter()
        .find(|(name, _)| message.contains(&format!("'{name}'")))
        .map_or_else(|| "templates".to_string(), |(_, (_, shown))| shown.clone());
    Diagnostic::new(file, message)
        .hint("check the template's syntax; see https://keats.github.io/tera/docs/")
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in theme, with `extra` templates (name, source) added.
    fn theme_with(extra: &[(&str, &str)]) -> Theme {
        let mut theme = Theme::default();
        for (path, bytes) in crate::theme::EMBEDDED {
            if let Some(name) = path.strip_prefix("templates/") {
                let source = String::from_utf8(bytes.to_vec()).unwrap();
                theme.templates.insert(name.to_string(), (source, format!("themes/default/{path}")));
            }
        }
        for (name, source) in extra {
            theme.templates.insert(name.to_string(), (source.to_string(), format!("templates/{name}")));
        }
        theme
    }

    /// The lookups the vendored Tera makes without copies (vendor/tera.patch, 7)
    /// find what Tera's own rules find.
    #[test]
    fn dotted_names_loops_and_tests_find_the_same_values() {
        let mut tera = Tera::default();
        tera.add_raw_template("m.html", "{% macro show(x, n=2) %}[{{ x.name }}{{ n }}]{% endmacro show %}")
            .unwrap();
        let template = "{% import \"m.html\" as m %}{{ m::show(x=page.items.0) }}{{ page.title }}|{{ page.items.1.name }}|{{ page[\"a b\"] }}|\
            {% for item in page.items %}{{ item.name }}{% if href is starting_with(item.href) %}*{% endif %},{% endfor %}|\
            {% set local = page.items.0 %}{{ local.name }}";
        tera.add_raw_template("t", template).unwrap();
        let mut context = tera::Context::new();
        let items = serde_json::json!([{"name": "one", "href": "/a/"}, {"name": "two", "href": "/b/"}]);
        context.insert("page", &serde_json::json!({"title": "T", "items": items, "a b": "spaced"}));
        context.insert("href", "/b/c/");
        assert_eq!(tera.render("t", &context).unwrap(), "[one2]T|two|spaced|one,two*,|one");
        tera.add_raw_template("missing", "{{ page.items.2.name }}").unwrap();
        assert!(tera.render("missing", &context).is_err());
    }

    #[test]
    fn the_built_in_theme_keeps_every_tera_tag_when_minified_so_it_is_compiled_once() {
        for (name, (source, _)) in &theme_with(&[]).templates {
            assert_eq!(tera_tags(source), tera_tags(&crate::minify::template(source)), "{name}");
        }
    }

    #[test]
    fn a_syntax_error_names_the_editors_file_with_or_without_minifying() {
        let theme = theme_with(&[("extra.html", "<main>\n<p>{{ page.title </p>\n</main>")]);
        for minify in [false, true] {
            let message = templates(&theme, minify).expect_err("a syntax error").to_string();
            assert!(message.contains("templates/extra.html"), "{message}");
        }
    }

    #[test]
    fn a_syntax_error_in_an_html_comment_is_still_reported_when_the_minifier_drops_it() {
        let source = "<main><!-- {{ page.title --><p>x</p></main>";
        assert_eq!(tera_tags(&crate::minify::template(source)), 0, "the minifier drops comments");
        let theme = theme_with(&[("extra.html", source)]);
        assert!(templates(&theme, false).is_err());
        let message = templates(&theme, true).expect_err("the error in the comment").to_string();
        assert!(message.contains("templates/extra.html"), "{message}");
    }
}
