//! The theme's templates, compiled once per build.

use tera::Tera;

use crate::error::{Diagnostic, Error, Result};
use crate::theme::Theme;

/// Compiles the theme's templates; with `minify`, minified (see [`crate::minify`]).
pub fn templates(theme: &Theme, minify: bool) -> Result<Tera> {
    // The theme's templates, each source passed through `source`, compiled.
    let compile = |source: fn(&str) -> String| {
        let sources: Vec<(&str, String)> =
            theme.templates.iter().map(|(name, (src, _))| (name.as_str(), source(src))).collect();
        let mut tera = Tera::default();
        tera.set_escape_fn(crate::html::escape);
        tera.add_raw_templates(sources.iter().map(|(n, s)| (*n, s.as_str()))).map(|_| tera)
    };
    let as_written = || compile(str::to_string);
    if !minify {
        return as_written().map_err(|e| template_error(theme, &e));
    }
    // The sources as written are compiled too, so errors point at the
    // editor's lines; both at once, since a build waits for them.
    let (tera, small) = rayon::join(as_written, || compile(crate::minify::template));
    let tera = tera.map_err(|e| template_error(theme, &e))?;
    // Should the minifier ever garble a template, the pages stay right, only larger.
    Ok(small.unwrap_or(tera))
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
