//! The library's error type: every error a user can cause names the file, and
//! where it can, the line and column, what is wrong and what would be right.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in a file the user wrote, with its position when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// What the editor could do instead.
    pub hint: Option<String>,
    /// A stable name of the kind of problem, for tools (`privet check --format json`).
    pub code: &'static str,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), line: 0, column: 0, message: message.into(), hint: None, code: "" }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Places the diagnostic at a byte offset of `source`, counting lines
    /// from `first_line` (the line of `source`'s first byte in the file).
    pub fn at_offset(self, source: &str, offset: usize, first_line: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(line + first_line - 1, column)
    }

    pub fn code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    Lines::new(source).line_column(offset)
}

/// The lines of a text, found once, for the line and column of many offsets
/// into it (a file's links), not counted again from the start for each.
pub struct Lines<'a> {
    source: &'a str,
    /// The byte offset each line starts at.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(source: &'a str) -> Lines<'a> {
        let after_breaks = memchr::memchr_iter(b'\n', source.as_bytes()).map(|at| at + 1);
        Lines { source, starts: std::iter::once(0).chain(after_breaks).collect() }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        // The lines that start at or before the offset: it is in the last of them.
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        (line, self.source[line_start..offset].chars().count() + 1)
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more problems in the site's files; all are reported at once.
    #[error("{}", display_all(.0))]
    Site(Vec<Diagnostic>),
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A folder privet will not write into (the site itself, its `.git`, a
    /// folder it did not create), and what to do instead.
    #[error("refusing to write into {}: {reason}\n  hint: {hint}", .path.display())]
    Refused { path: PathBuf, reason: String, hint: String },
    /// Something the machine must provide is not there (a free port, a file
    /// watch, a thread), and what to do about it.
    #[error("{what}: {detail}\n  hint: {hint}")]
    System { what: String, detail: String, hint: String },
}

fn display_all(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("error: ");
        out.push_str(&d.to_string());
    }
    if diagnostics.len() > 1 {
        out.push_str(&format!("\n{} errors", diagnostics.len()));
    }
    out
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Site(vec![d])
    }
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), source }
    }

    pub fn refused(path: &Path, reason: impl Into<String>, hint: impl Into<String>) -> Self {
        Error::Refused { path: path.to_path_buf(), reason: reason.into(), hint: hint.into() }
    }

    pub fn system(what: impl Into<String>, detail: impl std::fmt::Display, hint: impl Into<String>) -> Self {
        Error::System { what: what.into(), detail: detail.to_string(), hint: hint.into() }
    }

    /// The diagnostics this error carries, if it is about the site's files.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Site(d) => d,
            _ => &[],
        }
    }
}

/// Converts a toml error into a diagnostic in `file`, whose `text` starts at `first_line`.
pub fn toml_diagnostic(file: &Path, text: &str, first_line: usize, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let d = Diagnostic::new(file, message.clone());
    let d = match e.span() {
        Some(span) => d.at_offset(text, span.start, first_line),
        None => d,
    };
    if message.starts_with("unknown field") {
        d.hint("check the spelling of the key; the keys privet knows are listed in the message")
    } else if message.starts_with("missing field") {
        d.hint("add the key with a value")
    } else if message.contains("string") || message.contains("invalid") || message.contains("expected") {
        d.hint("write text in double quotes, dates as 2025-06-15, lists as [\"a\", \"b\"], e.g. title = \"Privacy Policy\"")
    } else {
        d
    }
}

/// A control character (other than tab and line feed) in a string of a TOML
/// text, written as is or as an escape (`"\u0007"`): an error at its line.
/// Titles and summaries go into the feed and the sitemap, where such a
/// character makes the XML not well-formed, and into pages, where it is
/// invisible. `first_line` is the line of the text's first byte in the file.
pub fn control_character(path: &Path, toml_text: &str, first_line: usize) -> Option<Diagnostic> {
    let written = toml_text.char_indices().find(|&(_, c)| is_forbidden_control(c));
    let (c, offset) = match written {
        Some((offset, c)) => (c, offset),
        None => {
            // Escaped (`"\u0007"`): at the start of the string that holds it.
            let table = toml::de::DeTable::parse(toml_text).ok()?;
            let mut found = None;
            for (_, value) in table.get_ref() {
                find_control(value, &mut found);
            }
            found?
        }
    };
    let offset = offset.min(toml_text.len());
    Some(
        Diagnostic::new(path, format!("this text holds the control character U+{:04X}, which cannot be shown or published", c as u32))
            .at_offset(toml_text, offset, first_line)
            .hint("delete it (it is invisible in most editors: retype the text); only tabs and line breaks may stand in text"),
    )
}

/// Whether `c` may not stand in editors' text: C0 and C1 controls except tab and line feed.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

fn find_control(value: &toml::Spanned<toml::de::DeValue<'_>>, found: &mut Option<(char, usize)>) {
    if found.is_some() {
        return;
    }
    match value.get_ref() {
        toml::de::DeValue::String(s) => {
            if let Some(c) = s.chars().find(|&c| is_forbidden_control(c)) {
                *found = Some((c, value.span().start));
            }
        }
        toml::de::DeValue::Array(items) => {
            for v in items {
                find_control(v, found);
            }
        }
        toml::de::DeValue::Table(table) => {
            for v in table.values() {
                find_control(v, found);
            }
        }
        _ => {}
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Decodes a file's bytes as [`crate::files::read_text`] does; `shown` names it in errors.
pub fn decode_text(bytes: &[u8], shown: &Path) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalize_newlines(text)),
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = line_column(valid, valid.len());
            Err(Diagnostic::new(shown, "this file is not valid UTF-8 text")
                .at(line, column)
                .hint(
                    "save the file with the UTF-8 encoding (in most editors: \"Save with encoding\" → UTF-8)",
                )
                .into())
        }
    }
}

/// [`decode_text`] of bytes the caller is done with, and whether the text
/// is those bytes unchanged: most files are (no byte-order mark, no CR),
/// and then they are not copied.
pub fn decode_text_owned(bytes: Vec<u8>, shown: &Path) -> Result<(String, bool)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || memchr::memchr(b'\r', &bytes).is_some() {
        return decode_text(&bytes, shown).map(|text| (text, false));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, true)),
        // The same error, with its line and column.
        Err(e) => decode_text(e.as_bytes(), shown).map(|text| (text, false)),
    }
}

fn normalize_newlines(text: &str) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_and_say_when_the_text_is_them() {
        let shown = Path::new("content/privacy/2024-01-01.md");
        for (bytes, unchanged) in [
            (&b"plain \xe4\xb8\xad\n"[..], true),
            (b"\xEF\xBB\xBFwith a mark\n", false),
            (b"windows\r\nlines\r\n", false),
            (b"", true),
        ] {
            let (text, same) = decode_text_owned(bytes.to_vec(), shown).unwrap();
            assert_eq!(text, decode_text(bytes, shown).unwrap());
            assert_eq!(same, unchanged, "{bytes:?}");
            assert_eq!(same, text.as_bytes() == bytes);
        }
        let bad = decode_text_owned(b"ok\nbad \xff here".to_vec(), shown).unwrap_err().to_string();
        assert_eq!(bad, decode_text(b"ok\nbad \xff here", shown).unwrap_err().to_string());
        assert!(bad.contains("2:5"), "{bad}");
    }

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nb = \"中文\" x\n";
        let offset = text.find('x').unwrap();
        assert_eq!(line_column(text, offset), (2, 10));
    }

    /// Line and column as first defined: newlines before the offset counted.
    fn line_column_counted(source: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
    }

    #[test]
    fn lines_of_a_text_agree_with_line_column_at_every_offset() {
        let text = "a = 1\n\nb = \"中文\" x\r\n\tlast";
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(lines.line_column(offset), line_column_counted(text, offset), "offset {offset}");
        }
        assert_eq!(Lines::new("").line_column(0), (1, 1));
    }

    #[test]
    fn diagnostic_names_file_line_and_hint() {
        let d = Diagnostic::new("content/a.md", "bad").at(3, 4).hint("do this");
        assert_eq!(d.to_string(), "content/a.md:3:4: bad\n  hint: do this");
    }

    #[test]
    fn crlf_and_bom_are_normalized() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, b"\xEF\xBB\xBF+++\r\ntitle = \"x\"\r\n+++\r\n").unwrap();
        assert_eq!(crate::files::read_text(&path, &path).unwrap(), "+++\ntitle = \"x\"\n+++\n");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, b"ok\nbad \xff here\n").unwrap();
        let err = crate::files::read_text(&path, Path::new("a.md")).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!((d.line, d.column), (2, 5));
    }
}
