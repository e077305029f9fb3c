//! Diagnostics for people: `file:line:col`, the offending line with a
//! caret under the spot, the message and a hint, as rustc prints them
//! (annotate-snippets).

use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::error::Diagnostic;
use crate::files::read_text;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A diagnostic with a code frame; the file is read from below `root`.
/// `color` adds terminal colors.
pub fn render(d: &Diagnostic, severity: Severity, root: &Path, color: bool) -> String {
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = crate::files::slash_path(&d.path);
    let source = (d.line > 0).then(|| source_line(root, &d.path, d.line)).flatten();
    let title = level.primary_title(d.message.as_str());
    let mut group = match &source {
        Some(line) => {
            let span = span(line, d.column);
            Group::with_title(title).element(
                Snippet::source(line.as_str())
                    .line_start(d.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        }
        None if d.line > 0 => {
            let mut origin = Origin::path(path.as_str()).line(d.line);
            if d.column > 0 {
                origin = origin.char_column(d.column);
            }
            Group::with_title(title).element(origin)
        }
        None if !path.is_empty() => Group::with_title(title).element(Origin::path(path.as_str())),
        None => Group::with_title(title),
    };
    if let Some(hint) = &d.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    renderer.render(&[group])
}

/// An error as the terminal and the browser overlay show it: each
/// diagnostic with its code frame, and a count when there are several.
pub fn describe(e: &crate::Error, root: &Path, color: bool) -> String {
    match e {
        crate::Error::Site(diagnostics) => {
            let mut out: Vec<String> =
                diagnostics.iter().map(|d| render(d, Severity::Error, root, color)).collect();
            if diagnostics.len() > 1 {
                out.push(format!("{} errors", diagnostics.len()));
            }
            out.join("\n")
        }
        other => format!("error: {other}"),
    }
}

/// The text of line `line` (1-based) of a file, when it can be read.
fn source_line(root: &Path, path: &Path, line: usize) -> Option<String> {
    let text = read_text(&root.join(path), path).ok()?;
    text.lines().nth(line - 1).map(str::to_string)
}

/// The byte range to underline: the word at the 1-based character `column`,
/// or the whole line when the column is unknown.
fn span(line: &str, column: usize) -> std::ops::Range<usize> {
    let trimmed_start = line.len() - line.trim_start().len();
    if column == 0 {
        return trimmed_start..line.trim_end().len().max(trimmed_start);
    }
    let start = line.char_indices().nth(column - 1).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let len = if len == 0 { rest.chars().next().map_or(0, char::len_utf8) } else { len };
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_frame_shows_file_line_column_and_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), "+++\ntitel = \"Privacy\"\n+++\n").unwrap();
        let d =
            Diagnostic::new("content/a.md", "unknown field `titel`").at(2, 1).hint("did you mean `title`?");
        let text = render(&d, Severity::Error, dir.path(), false);
        assert!(text.starts_with("error: unknown field `titel`"), "{text}");
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel = \"Privacy\""), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
    }

    #[test]
    fn without_a_readable_file_the_position_still_shows() {
        let d = Diagnostic::new("content/gone.md", "broken").at(4, 2);
        let text = render(&d, Severity::Warning, Path::new("/nonexistent"), false);
        assert!(text.contains("warning: broken") && text.contains("content/gone.md:4:2"), "{text}");
    }
}
