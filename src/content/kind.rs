//! What a content file is, from its path alone: the kind of page and the
//! language (`content/privacy/2024-03-01.de.md` is the German text of a
//! version of `privacy`).

use std::path::Path;

use jiff::civil::Date;

use super::CONTENT_DIR;
use crate::config::{Config, is_language_tag};
use crate::error::Diagnostic;

/// What a content file is, from its path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Home,
    Contact,
    /// Any other page at the top of `content/` (`imprint.md` → `/imprint/`).
    Page(String),
    PolicyIndex(String),
    /// A policy version: the policy and the date in the file name.
    Version(String, String),
    FaqIndex,
    Question(String),
}

impl Kind {
    /// What the file at `rel` (relative to `content/`, `/`-separated, without
    /// `.md` and language suffix) is; an error message and hint if nothing.
    pub fn of(rel: &str) -> Result<Kind, (String, String)> {
        let parts: Vec<&str> = rel.split('/').collect();
        match parts.as_slice() {
            ["_index"] => Ok(Kind::Home),
            ["contact"] => Ok(Kind::Contact),
            ["faq", "_index"] => Ok(Kind::FaqIndex),
            ["faq", question] => Ok(Kind::Question(question.to_string())),
            [page] => Ok(Kind::Page(page.to_string())),
            [policy, "_index"] => Ok(Kind::PolicyIndex(policy.to_string())),
            [policy, name] => {
                if name.parse::<Date>().is_ok() && name.len() == 10 {
                    Ok(Kind::Version(policy.to_string(), name.to_string()))
                } else if looks_like_date(name) {
                    Err((
                        format!("`{name}` is not a real date"),
                        "name a version file by its effective date, YYYY-MM-DD, e.g. 2024-02-29.md".into(),
                    ))
                } else {
                    Err((
                        format!("`{name}` in the policy folder `{policy}` is neither `_index.md` nor a version"),
                        "a policy folder holds _index.md and one file per version named by its effective date, e.g. 2025-06-15.md (2025-06-15.toml in a register)".into(),
                    ))
                }
            }
            _ => Err((
                "content is nested too deep".into(),
                "put policies in content/POLICY/ and questions in content/faq/".into(),
            )),
        }
    }

    /// The page's address relative to a language root (`privacy/2024-03-01/`).
    pub fn address(&self) -> String {
        use crate::address::Page;
        match self {
            Kind::Home => Page::Home,
            Kind::Contact => Page::Contact,
            Kind::Page(slug) => Page::Free(slug),
            Kind::PolicyIndex(slug) => Page::Policy(slug),
            Kind::Version(policy, date) => Page::Version(policy, date),
            Kind::FaqIndex => Page::Faq,
            Kind::Question(slug) => Page::Question(slug),
        }
        .rel()
    }
}

/// A register version's path without `.toml` (`subprocessors/2025-06-01.de`):
/// only files in a policy folder are data.
pub(super) fn data_stem(rel: &str) -> Option<&str> {
    rel.strip_suffix(".toml").filter(|stem| stem.matches('/').count() == 1)
}

fn looks_like_date(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && name.chars().filter(char::is_ascii_digit).count() == 8
}

/// The kind of page a file below the site's folder makes and the index of
/// its language, if it is a content file.
pub fn kind_of(config: &Config, rel: &Path) -> Option<(Kind, usize)> {
    classify(config, rel).ok()
}

/// The kind and language of the file at `shown` (`content/privacy/2024-03-01.de.md`).
pub(super) fn classify(config: &Config, shown: &Path) -> Result<(Kind, usize), Diagnostic> {
    let rel = shown.strip_prefix(CONTENT_DIR).unwrap_or(shown);
    let rel = crate::files::slash_path(rel);
    let (rel, lang) = split_language(config, &rel).map_err(|(m, h)| Diagnostic::new(shown, m).hint(h))?;
    let kind = Kind::of(&rel).map_err(|(m, h)| Diagnostic::new(shown, m).hint(h))?;
    if let Kind::PolicyIndex(slug) | Kind::Version(slug, _) | Kind::Page(slug) = &kind
        && config.language_index(slug).is_some()
    {
        return Err(Diagnostic::new(
            shown,
            format!("`{slug}` is a language code, so its address would clash with the {slug} pages"),
        )
        .hint("rename the file or folder"));
    }
    Ok((kind, lang))
}

/// Strips `.md` and the language suffix; the language index (default: 0).
pub(super) fn split_language(config: &Config, rel: &str) -> Result<(String, usize), (String, String)> {
    let stem = rel.strip_suffix(".md").or_else(|| data_stem(rel)).unwrap_or(rel);
    let (dir, name) = match stem.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), stem),
    };
    if let Some((base, suffix)) = name.rsplit_once('.') {
        if let Some(lang) = config.language_index(suffix) {
            return Ok((format!("{dir}{base}"), lang));
        }
        let primary = suffix.split('-').next().unwrap_or_default();
        if is_language_tag(&suffix.to_ascii_lowercase()) && primary.len() <= 3 {
            let known: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
            return Err((
                format!("the language suffix `.{suffix}` is not a language of this site"),
                format!(
                    "configured languages: {}; add [languages.{}] to site.toml or rename the file",
                    known.join(", "),
                    suffix.to_ascii_lowercase()
                ),
            ));
        }
    }
    Ok((stem.to_string(), 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_addresses_follow_paths() {
        let cases = [
            ("_index", "", Kind::Home),
            ("contact", "contact/", Kind::Contact),
            ("privacy/_index", "privacy/", Kind::PolicyIndex("privacy".into())),
            (
                "privacy/2024-03-01",
                "privacy/2024-03-01/",
                Kind::Version("privacy".into(), "2024-03-01".into()),
            ),
            ("faq/delete-my-account", "faq/#delete-my-account", Kind::Question("delete-my-account".into())),
            ("legal notice", "legal%20notice/", Kind::Page("legal notice".into())),
        ];
        for (rel, address, kind) in cases {
            let k = Kind::of(rel).unwrap();
            assert_eq!((k.address(), &k), (address.to_string(), &kind));
        }
    }

    #[test]
    fn version_names_must_be_real_dates() {
        let (message, _) = Kind::of("privacy/2024-02-30").unwrap_err();
        assert!(message.contains("not a real date"), "{message}");
        assert!(Kind::of("privacy/notes").is_err());
        assert!(Kind::of("a/b/c").is_err());
    }
}
