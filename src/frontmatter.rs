//! TOML front matter between `+++` lines, as in Zola.

use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::error::Diagnostic;
use crate::error::{control_character, toml_diagnostic};

/// A front matter's settings, checked and typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub weight: i64,
    pub draft: bool,
    pub summary: Option<String>,
    /// The effective date, when it overrides the file name; with its line.
    pub effective: Option<(Date, usize)>,
    pub highlights: Vec<String>,
    /// A FAQ question's category id, with its line.
    pub category: Option<(String, usize)>,
    pub featured: bool,
    /// The FAQ's categories, in order, with their names in the file's language.
    pub categories: Vec<Category>,
    /// A policy's checklist (`"gdpr"`), with its line.
    pub checklist: Option<(String, usize)>,
    /// What a policy is, for browsers and crawlers (`role = "privacy-policy"`).
    pub role: Option<String>,
    /// A version's recorded corrections (`[[corrections]]`), oldest first.
    pub corrections: Vec<Correction>,
    /// Why a version takes effect with less notice than `notice_days`, with its line.
    pub urgent: Option<(String, usize)>,
    /// A policy folder that is a register (`"subprocessors"`, `"cookies"`), with its line.
    pub register: Option<(String, usize)>,
    /// How many days before it takes effect a version must be announced, with its line.
    pub notice_days: Option<(u32, usize)>,
}

/// A correction made to a version after it took effect, on the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub date: Date,
    /// What was corrected and why.
    pub note: String,
    /// The line of its `date` in the file.
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCorrection {
    date: toml::Spanned<toml::Value>,
    note: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Option<String>,
    description: Option<String>,
    weight: Option<i64>,
    #[serde(default)]
    draft: bool,
    summary: Option<String>,
    effective: Option<toml::Spanned<toml::Value>>,
    #[serde(default)]
    highlights: Vec<String>,
    category: Option<toml::Spanned<String>>,
    #[serde(default)]
    featured: bool,
    #[serde(default)]
    categories: Vec<Category>,
    checklist: Option<toml::Spanned<String>>,
    role: Option<toml::Spanned<String>>,
    #[serde(default)]
    corrections: Vec<RawCorrection>,
    urgent: Option<toml::Spanned<String>>,
    register: Option<toml::Spanned<String>>,
    notice_days: Option<toml::Spanned<i64>>,
}

/// The kinds of register a policy folder can be (`register` in its `_index.md`).
pub const REGISTERS: &[&str] = &["subprocessors", "cookies"];

/// The roles a policy can have (`role` in its `_index.md`).
pub const ROLES: &[&str] = &["privacy-policy", "terms-of-service", "cookie-policy", "subprocessors"];

/// A TOML value that must be a date (`2025-06-15` or `"2025-06-15"`).
fn date_value(value: &toml::Value) -> Option<Date> {
    match value {
        toml::Value::String(s) => s.trim().parse::<Date>().ok(),
        toml::Value::Datetime(dt) if dt.time.is_none() => {
            dt.date.and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok())
        }
        _ => None,
    }
}

/// Splits a file into its front matter and body. Returns the front matter
/// and the body with the 1-based line it starts on.
pub fn parse<'a>(path: &Path, text: &'a str) -> Result<(FrontMatter, &'a str, usize), Diagnostic> {
    let Some((toml_text, body, body_line)) = split(path, text)? else {
        return Ok((FrontMatter::default(), text, 1));
    };
    // Before TOML, whose own message for a control character written as is
    // ("invalid basic string") does not say what is wrong.
    if let Some(d) = control_character(path, toml_text, 2) {
        return Err(d);
    }
    let raw: Raw = toml::from_str(toml_text).map_err(|e| toml_diagnostic(path, toml_text, 2, &e))?;
    let line_of = |offset: usize| toml_text[..offset].matches('\n').count() + 2;
    let (effective, corrections, urgent) =
        version_keys(path, raw.effective, raw.corrections, raw.urgent, &line_of)?;
    let role = match raw.role {
        Some(role) if !ROLES.contains(&role.get_ref().as_str()) => {
            return Err(Diagnostic::new(path, format!("`{}` is not a role privet knows", role.get_ref()))
                .at(line_of(role.span().start), 0)
                .hint(format!(
                    "a policy's role is one of {}",
                    ROLES.iter().map(|r| format!("\"{r}\"")).collect::<Vec<_>>().join(", ")
                )));
        }
        role => role.map(toml::Spanned::into_inner),
    };
    let register = match raw.register {
        Some(r) if !REGISTERS.contains(&r.get_ref().as_str()) => {
            return Err(Diagnostic::new(
                path,
                format!("`{}` is not a kind of register privet knows", r.get_ref()),
            )
            .at(line_of(r.span().start), 0)
            .hint("write register = \"subprocessors\" or register = \"cookies\""));
        }
        r => r.map(|r| {
            let line = line_of(r.span().start);
            (r.into_inner(), line)
        }),
    };
    let notice_days = match raw.notice_days {
        None => None,
        Some(n) => {
            let line = line_of(n.span().start);
            match u32::try_from(*n.get_ref()) {
                Ok(days) if days <= 3660 => Some((days, line)),
                _ => {
                    return Err(Diagnostic::new(path, format!("`notice_days = {}` is not a number of days privet can use", n.get_ref()))
                        .at(line, 0)
                        .hint("write the days of notice a version needs before it takes effect, from 0 to 3660, e.g. notice_days = 30"));
                }
            }
        }
    };
    Ok((
        FrontMatter {
            title: raw.title.filter(|t| !t.trim().is_empty()),
            description: raw.description,
            weight: raw.weight.unwrap_or(0),
            draft: raw.draft,
            summary: raw.summary,
            effective,
            highlights: raw.highlights,
            category: raw.category.map(|c| {
                let line = line_of(c.span().start);
                (c.into_inner(), line)
            }),
            featured: raw.featured,
            categories: raw.categories,
            checklist: raw.checklist.map(|c| {
                let line = line_of(c.span().start);
                (c.into_inner(), line)
            }),
            role,
            corrections,
            urgent,
            register,
            notice_days,
        },
        body,
        body_line,
    ))
}

/// The keys a version has whichever its format (front matter, a register's
/// TOML): its effective date, its corrections (oldest first) and why it is
/// urgent, each with its line (`line_of` maps an offset of the TOML text).
pub(crate) type VersionKeys = (Option<(Date, usize)>, Vec<Correction>, Option<(String, usize)>);

pub(crate) fn version_keys(
    path: &Path,
    effective: Option<toml::Spanned<toml::Value>>,
    raw_corrections: Vec<RawCorrection>,
    urgent: Option<toml::Spanned<String>>,
    line_of: &dyn Fn(usize) -> usize,
) -> Result<VersionKeys, Diagnostic> {
    let effective = match effective {
        None => None,
        Some(value) => {
            let line = line_of(value.span().start);
            match date_value(value.get_ref()) {
                Some(date) => Some((date, line)),
                None => {
                    return Err(Diagnostic::new(path, "`effective` is not a date")
                        .at(line, 0)
                        .hint("write the date as effective = 2025-06-15 (year-month-day)"));
                }
            }
        }
    };
    let mut corrections = Vec::new();
    for c in raw_corrections {
        let line = line_of(c.date.span().start);
        let Some(date) = date_value(c.date.get_ref()) else {
            return Err(Diagnostic::new(path, "the `date` of a correction is not a date")
                .at(line, 0)
                .hint("write the day the correction was made as date = 2025-06-15 (year-month-day)"));
        };
        if c.note.trim().is_empty() {
            return Err(Diagnostic::new(
                path,
                "a correction needs a `note` that says what was corrected and why",
            )
            .at(line, 0)
            .hint("e.g. note = \"Fixed the postcode of our address; the text is otherwise unchanged.\""));
        }
        corrections.push(Correction { date, note: c.note.trim().to_string(), line });
    }
    corrections.sort_by_key(|c| c.date);
    let urgent = match urgent {
        Some(u) if u.get_ref().trim().is_empty() => {
            return Err(Diagnostic::new(
                path,
                "`urgent` needs the reason a version takes effect at short notice",
            )
            .at(line_of(u.span().start), 0)
            .hint("e.g. urgent = \"Our e-mail provider stopped service at short notice.\""));
        }
        u => u.map(|u| {
            let line = line_of(u.span().start);
            (u.into_inner().trim().to_string(), line)
        }),
    };
    Ok((effective, corrections, urgent))
}

/// Finds the `+++` fences. `None` when the file has no front matter.
fn split<'a>(path: &Path, text: &'a str) -> Result<Option<(&'a str, &'a str, usize)>, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    match first.trim() {
        "+++" => {}
        "---" => {
            return Err(Diagnostic::new(path, "front matter in YAML (between --- lines) is not supported")
                .at(1, 1)
                .hint(
                    "write it in TOML between +++ lines, e.g.\n  +++\n  title = \"Privacy Policy\"\n  +++",
                ));
        }
        _ => return Ok(None),
    }
    let start = first.len();
    let mut offset = start;
    let mut line = 1;
    for l in lines {
        line += 1;
        if l.trim() == "+++" {
            return Ok(Some((&text[start..offset], &text[offset + l.len()..], line + 1)));
        }
        offset += l.len();
    }
    Err(Diagnostic::new(path, "the front matter opened with +++ on line 1 is never closed")
        .at(1, 1)
        .hint("end the front matter with a line holding only +++"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<(FrontMatter, &str, usize), Diagnostic> {
        parse(Path::new("a.md"), text)
    }

    #[test]
    fn reads_keys_and_body_line() {
        let (fm, body, line) =
            p("+++ \ntitle = \"Privacy\"\neffective = 2025-06-15\nweight = 2\n+++\nBody\n").unwrap();
        assert_eq!(fm.title.as_deref(), Some("Privacy"));
        assert_eq!(fm.effective.unwrap().0.to_string(), "2025-06-15");
        assert_eq!(fm.weight, 2);
        assert_eq!(body, "Body\n");
        assert_eq!(line, 6);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let (fm, body, line) = p("# Hello\n").unwrap();
        assert!(fm.title.is_none());
        assert_eq!((body, line), ("# Hello\n", 1));
    }

    #[test]
    fn toml_error_names_the_file_line() {
        let err = p("+++\ntitle = \"A\"\nsummary = oops\n+++\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err = p("+++\ntitel = \"A\"\n+++\n").unwrap_err();
        assert!(err.message.contains("unknown field `titel`"), "{err}");
        assert_eq!(err.line, 2);
    }

    #[test]
    fn control_characters_in_text_are_errors_at_their_line() {
        let err = p("+++\ntitle = \"A\"\nsummary = \"bell \\u0007 here\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("U+0007"), "{err}");
        let err = p("+++\ntitle = \"A\"\nhighlights = [\"ok\", \"\\u001b[31m\"]\n+++\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        let err = p("+++\n[[categories]]\nid = \"a\"\nname = \"\\u0085\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 4, "{err}");
        assert!(p("+++\ntitle = \"Tab\\there\"\nsummary = \"\"\"\ntwo\nlines\"\"\"\n+++\n").is_ok());
        let err = p("+++\ntitle = \"A\"\n\ndescription = \"x\u{1b}y\"\n+++\n").unwrap_err();
        assert_eq!((err.line, err.column), (4, 17), "{err}");
        assert!(err.message.contains("U+001B"), "{err}");
    }

    #[test]
    fn bad_effective_date_and_unclosed_fence() {
        let err = p("+++\neffective = \"2024-02-30\"\n+++\n").unwrap_err();
        assert_eq!((err.line, err.message.as_str()), (2, "`effective` is not a date"));
        let err = p("+++\ntitle = \"A\"\n").unwrap_err();
        assert!(err.message.contains("never closed"));
        let err = p("---\ntitle: A\n---\n").unwrap_err();
        assert!(err.message.contains("YAML"));
    }
}
