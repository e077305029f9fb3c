//! `site.toml` into typed, validated settings.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Result};
use crate::files::read_text;

/// The file name of a site's settings.
pub const CONFIG_FILE: &str = "site.toml";

/// Writing direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Ltr,
    Rtl,
}

impl Direction {
    /// As HTML's `dir` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One configured language.
#[derive(Debug, Clone)]
pub struct Language {
    /// The code as used in addresses and file suffixes: lower case (`zh-hant`).
    pub code: String,
    /// The BCP 47 tag in its conventional case, for `lang` and `hreflang` (`zh-Hant`).
    pub tag: String,
    /// The language's name in its own script (`繁體中文`).
    pub name: String,
    pub direction: Direction,
    /// The site's title in this language, when it differs from the main title.
    pub title: Option<String>,
    pub description: Option<String>,
    /// The site's own wording of the theme's strings in this language.
    pub strings: std::collections::BTreeMap<String, String>,
}

/// The organization behind the privacy center (the controller).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub dpo: Option<String>,
    #[serde(default)]
    pub representatives: Vec<String>,
    #[serde(default)]
    pub supervisory_authority: Option<String>,
    #[serde(default)]
    pub supervisory_authority_url: Option<String>,
    /// The rights the contact page offers to exercise by e-mail, in order
    /// (default: all of [`RIGHTS`]).
    #[serde(default = "all_rights")]
    pub rights: Vec<String>,
}

/// The data subject's rights the theme knows how to ask for by e-mail.
pub const RIGHTS: [&str; 6] =
    ["access", "rectification", "erasure", "portability", "objection", "withdrawal"];

fn all_rights() -> Vec<String> {
    RIGHTS.iter().map(|r| r.to_string()).collect()
}

/// The validated settings of a site.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's root directory (where `site.toml` is).
    pub root: PathBuf,
    pub title: String,
    pub description: Option<String>,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/privacy-center/`): every
    /// address in the output starts with it, so sub-path hosting works.
    pub base_path: String,
    /// Languages in the order of `site.toml`, the default language first.
    pub languages: Vec<Language>,
    pub minify: bool,
    pub theme: String,
    pub output_dir: PathBuf,
    pub organization: Option<Organization>,
    /// Write `privacy.html` instead of `privacy/index.html`, and link to
    /// it, for hosts without directory indexes (plain S3).
    pub ugly_urls: bool,
    /// Search pages and the search index, in a privet built with the
    /// `search` feature; `search = false` in site.toml turns them off.
    pub search: bool,
    /// A PDF of every version in every language it is written in, in a
    /// privet built with the `pdf` feature (`pdf = true` in site.toml).
    pub pdf: bool,
    /// The company honours Global Privacy Control (`gpc = true`): privet
    /// writes `/.well-known/gpc.json`. Off unless said: it is a promise.
    pub gpc: bool,
    /// `/.well-known/privacy-policy` leads to the privacy policy; on unless
    /// `well_known = false`.
    pub well_known: bool,
    /// How many days a translation may be behind its source before
    /// `privet check` warns (and `--strict` fails); default 30.
    pub translation_grace_days: u32,
    /// How many days before it takes effect a version must be announced,
    /// for every policy and register whose `_index.md` does not say.
    pub notice_days: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: Option<String>,
    base_url: toml::Spanned<String>,
    default_language: toml::Spanned<String>,
    #[serde(default)]
    minify: Option<bool>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    output_dir: Option<String>,
    #[serde(default)]
    ugly_urls: bool,
    #[serde(default)]
    search: Option<bool>,
    #[serde(default)]
    pdf: bool,
    #[serde(default)]
    gpc: bool,
    #[serde(default)]
    well_known: Option<bool>,
    #[serde(default)]
    translation_grace_days: Option<u32>,
    #[serde(default)]
    notice_days: Option<u32>,
    languages: Ordered<RawLanguage>,
    #[serde(default)]
    organization: Option<Organization>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    #[serde(default)]
    direction: Direction,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    strings: std::collections::BTreeMap<String, String>,
}

/// A TOML table kept in the order it was written, so the language switcher
/// lists languages as the editor listed them.
struct Ordered<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Ordered<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<V> {
            type Value = Ordered<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of languages, e.g. [languages.en]")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

impl Config {
    /// Reads and validates `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        if !path.is_file() {
            return Err(Diagnostic::new(CONFIG_FILE, format!("no {CONFIG_FILE} in {}", root.display()))
                .hint("run privet in the site's folder (where site.toml is), or pass --root DIR")
                .into());
        }
        let text = read_text(&path, Path::new(CONFIG_FILE))?;
        Config::parse(root, &text)
    }

    /// Validates the text of a `site.toml`.
    pub fn parse(root: &Path, text: &str) -> Result<Config> {
        let file = Path::new(CONFIG_FILE);
        if let Some(d) = crate::error::control_character(file, text, 1) {
            return Err(d.into());
        }
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| crate::error::toml_diagnostic(file, text, 1, &e))?;
        let mut errors = Vec::new();

        let mut languages = Vec::new();
        for (key, lang) in raw.languages.0 {
            let code = key.to_ascii_lowercase();
            let line = find_line(text, &format!("languages.{key}"));
            if !is_language_tag(&code) {
                errors.push(
                    Diagnostic::new(file, format!("`{key}` is not a valid BCP 47 language tag"))
                        .at(line, 0)
                        .hint("use a code such as `en`, `de`, `pt-br` or `zh-hant`"),
                );
                continue;
            }
            if languages.iter().any(|l: &Language| l.code == code) {
                errors.push(
                    Diagnostic::new(file, format!("the language `{key}` is configured twice"))
                        .at(line, 0)
                        .hint("language codes are matched case-insensitively; keep one of them"),
                );
                continue;
            }
            if lang.name.trim().is_empty() {
                errors.push(
                    Diagnostic::new(file, format!("the language `{key}` has an empty `name`"))
                        .at(line, 0)
                        .hint("name the language in its own script, e.g. name = \"Deutsch\""),
                );
            }
            languages.push(Language {
                tag: canonical_tag(&code),
                code,
                name: lang.name,
                direction: lang.direction,
                title: lang.title,
                description: lang.description,
                strings: lang.strings,
            });
        }

        let default = raw.default_language.get_ref().to_ascii_lowercase();
        match languages.iter().position(|l| l.code == default) {
            Some(i) => {
                let lang = languages.remove(i);
                languages.insert(0, lang);
            }
            None => {
                let known: Vec<_> = languages.iter().map(|l| l.code.as_str()).collect();
                errors.push(
                    Diagnostic::new(
                        file,
                        format!(
                            "the default language `{}` is not configured",
                            raw.default_language.get_ref()
                        ),
                    )
                    .at_offset(text, raw.default_language.span().start, 1)
                    .hint(if known.is_empty() {
                        format!("add a [languages.{default}] table with its name")
                    } else {
                        format!("add [languages.{default}] or use one of: {}", known.join(", "))
                    }),
                );
            }
        }

        let base_url = raw.base_url.get_ref().trim();
        let base_path = match parse_base_url(base_url) {
            Some(path) => path,
            None => {
                errors.push(
                    Diagnostic::new(file, format!("`{base_url}` is not an absolute http(s) URL"))
                        .at_offset(text, raw.base_url.span().start, 1)
                        .hint("write the address the site will be published at, e.g. base_url = \"https://privacy.example.com\""),
                );
                "/".to_string()
            }
        };
        if let Some(org) = &raw.organization
            && org.name.trim().is_empty()
        {
            errors.push(
                Diagnostic::new(file, "[organization] has an empty `name`")
                    .at(org_name_line(text), 0)
                    .hint("give the controller's legal name, e.g. name = \"Example GmbH\""),
            );
        }
        for right in raw.organization.iter().flat_map(|o| &o.rights) {
            if !RIGHTS.contains(&right.as_str()) {
                errors.push(
                    Diagnostic::new(file, format!("`{right}` is not a right privet knows"))
                        .at(find_line(text, &format!("\"{right}\"")), 0)
                        .hint(format!("use some of: {}", RIGHTS.join(", "))),
                );
            }
        }
        if !errors.is_empty() {
            return Err(crate::Error::Site(errors));
        }
        let theme = raw.theme.unwrap_or_else(|| "default".to_string());
        Ok(Config {
            root: root.to_path_buf(),
            title: raw.title,
            description: raw.description,
            base_url: format!("{}/", base_url.trim_end_matches('/')),
            base_path,
            languages,
            minify: raw.minify.unwrap_or(true),
            theme,
            output_dir: PathBuf::from(raw.output_dir.unwrap_or_else(|| "public".to_string())),
            organization: raw.organization,
            ugly_urls: raw.ugly_urls,
            search: raw.search.unwrap_or(true) && cfg!(feature = "search"),
            pdf: raw.pdf && cfg!(feature = "pdf"),
            gpc: raw.gpc,
            well_known: raw.well_known.unwrap_or(true),
            translation_grace_days: raw.translation_grace_days.unwrap_or(30),
            notice_days: raw.notice_days,
        })
    }

    /// Replaces the base URL (`--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        let url = url.trim();
        match parse_base_url(url) {
            Some(path) => {
                self.base_url = format!("{}/", url.trim_end_matches('/'));
                self.base_path = path;
                Ok(())
            }
            None => Err(Diagnostic::new("--base-url", format!("`{url}` is not an absolute http(s) URL"))
                .hint("e.g. --base-url https://example.com/privacy-center/")
                .into()),
        }
    }

    /// The index of a configured language, matched case-insensitively.
    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.code.eq_ignore_ascii_case(code))
    }
}

/// The line of `name =` in the [organization] table (or of the table itself).
fn org_name_line(text: &str) -> usize {
    let table = find_line(text, "[organization]");
    text.lines()
        .enumerate()
        .skip(table)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| l.trim_start().starts_with("name"))
        .map_or(table, |(i, _)| i + 1)
}

fn find_line(text: &str, needle: &str) -> usize {
    text.find(needle).map_or(0, |offset| text[..offset].matches('\n').count() + 1)
}

/// The path of an absolute http(s) URL, ending in `/`; `None` if it is not one.
fn parse_base_url(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(char::is_whitespace) || path.contains(['?', '#', ' ']) {
        return None;
    }
    Some(format!("{}/", path.trim_end_matches('/')))
}

/// A loose check of BCP 47 syntax: a 2-3 letter language, then subtags of 1-8 letters or digits.
pub fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// BCP 47's conventional case: script subtags title case, regions upper case (`zh-Hant-TW`).
fn canonical_tag(code: &str) -> String {
    code.split('-')
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            (0, _) => part.to_string(),
            (_, 4) if part.chars().all(|c| c.is_ascii_alphabetic()) => {
                let mut s = part[..1].to_ascii_uppercase();
                s.push_str(&part[1..]);
                s
            }
            (_, 2) if part.chars().all(|c| c.is_ascii_alphabetic()) => part.to_ascii_uppercase(),
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "T"
base_url = "https://example.com/privacy-center"
default_language = "de"

[languages.en]
name = "English"
[languages.zh-Hant]
name = "繁體中文"
[languages.de]
name = "Deutsch"
"#;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("."), text)
    }

    #[test]
    fn default_language_comes_first_then_file_order() {
        let config = parse(MINIMAL).unwrap();
        let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["de", "en", "zh-hant"]);
        assert_eq!(config.languages[2].tag, "zh-Hant");
    }

    #[test]
    fn base_path_and_addresses() {
        let config = parse(MINIMAL).unwrap();
        assert_eq!(config.base_path, "/privacy-center/");
        assert_eq!(crate::address::language_root(&config, 1), "/privacy-center/en/");
        assert_eq!(
            crate::address::absolute(&config, "/privacy-center/en/"),
            "https://example.com/privacy-center/en/"
        );
    }

    #[test]
    fn ugly_urls_name_html_files() {
        let mut config = parse(MINIMAL).unwrap();
        assert_eq!(crate::address::page_address(&config, 1, "privacy/"), "/privacy-center/en/privacy/");
        config.ugly_urls = true;
        assert_eq!(crate::address::page_address(&config, 1, "privacy/"), "/privacy-center/en/privacy.html");
        assert_eq!(crate::address::page_address(&config, 0, ""), "/privacy-center/index.html");
        assert_eq!(
            crate::address::page_address(&config, 0, "faq/#delete"),
            "/privacy-center/faq.html#delete"
        );
        assert_eq!(
            crate::address::page_address(&config, 0, "privacy/2024-03-01/changes/"),
            "/privacy-center/privacy/2024-03-01/changes.html"
        );
    }

    #[test]
    fn unknown_key_names_the_line() {
        let err = parse(&format!("{MINIMAL}\n[organization]\nname = \"X\"\nmail = \"a@b\"\n")).unwrap_err();
        let d = &err.diagnostics()[0];
        assert!(d.message.contains("unknown field `mail`"), "{d}");
        assert_eq!(d.line, 15);
    }

    #[test]
    fn missing_default_language_is_an_error_at_its_line() {
        let err = parse(&MINIMAL.replace("\"de\"", "\"fr\"")).unwrap_err();
        let d = &err.diagnostics()[0];
        assert!(d.message.contains("`fr` is not configured"), "{d}");
        assert_eq!(d.line, 4);
    }

    #[test]
    fn invalid_language_tag_is_an_error() {
        let err = parse(&MINIMAL.replace("[languages.en]", "[languages.english_uk]")).unwrap_err();
        let d = &err.diagnostics()[0];
        assert!(d.message.contains("not a valid BCP 47"), "{d}");
        assert_eq!(d.line, 6);
    }

    #[test]
    fn tags_are_checked_loosely() {
        assert!(is_language_tag("zh-hant-tw"));
        assert!(is_language_tag("pt-br"));
        assert!(!is_language_tag("e"));
        assert!(!is_language_tag("en_gb"));
        assert_eq!(canonical_tag("sr-latn-rs"), "sr-Latn-RS");
    }
}
