//! `translations.lock`: which text of the default language each translation
//! was last brought up to date with, so a build knows, without git, that a
//! translation has fallen behind its source.
//!
//! For every translation of every page (policy versions included) the
//! record holds the SHA-256 of its source's words (the default-language
//! file's [`Doc::words_sha256`]) and of its own. A build that finds the
//! translation's words changed takes it as brought up to date (the
//! translator worked on it) and records the source as it is now; a source
//! whose words changed while the translation's did not makes the
//! translation stale, from the day a build first saw it. A frozen version
//! changes only by a `[[corrections]]` entry, so a correction makes its
//! translations stale the same way. A translation first seen is taken as
//! current. `build` and `serve` write the record, `check` and
//! `privet translations` only read it; `privet translations accept FILE`
//! records a translation as current without changing it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::content::{Doc, Localized, Site};
use crate::error::{Diagnostic, Error, Result};
use crate::files::slash_path;

/// The record's file name, at the site root.
pub const FILE: &str = "translations.lock";

/// Translation file (relative to the site root, `/`-separated) → entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Record(pub BTreeMap<String, Entry>);

/// What the record holds of one translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The default-language file it translates.
    pub source: String,
    /// SHA-256 of the source's words when the translation was last brought up to date.
    pub source_sha256: String,
    /// SHA-256 of the translation's own words then.
    pub sha256: String,
    /// The day a build first saw the source changed since; absent while current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale_since: Option<String>,
}

impl Record {
    /// The record as the file holds it.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# translations.lock: privet's record of which text of the default language\n\
             # each translation was last brought up to date with (SHA-256 of its words),\n\
             # and since when a translation is behind. Commit it with the content. To mark\n\
             # a translation as current without changing it: privet translations accept FILE\n\n{body}"
        )
    }
}

/// A translation behind its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The day a build first saw its source changed.
    pub since: Date,
    /// The default-language file it translates.
    pub source: PathBuf,
}

/// Stale translations by their file (relative to the site root).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaleSet(pub BTreeMap<PathBuf, Stale>);

impl StaleSet {
    /// Whether `doc`, shown as a translation, is behind its source.
    pub fn of(&self, doc: &Doc) -> Option<&Stale> {
        if doc.lang == 0 { None } else { self.0.get(&doc.path) }
    }
}

/// What a build did to the record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    /// The record as it was read (`None`: there was none).
    pub before: Option<Record>,
    pub after: Record,
    pub stale: StaleSet,
    /// Translations this build found behind their source for the first time.
    pub newly_stale: Vec<String>,
}

impl Update {
    /// Whether the file on disk must change. A site with no translations
    /// and no record gets none: a one-language site has nothing to record.
    pub fn changed(&self) -> bool {
        match &self.before {
            None => !self.after.0.is_empty(),
            Some(before) => *before != self.after,
        }
    }

    /// One line for the person who ran the build; `None` when nothing to say.
    pub fn summary(&self) -> Option<String> {
        if !self.changed() {
            return None;
        }
        if self.before.is_none() {
            return Some(format!(
                "wrote {FILE}: {} translations recorded as current; commit it with the content",
                self.after.0.len()
            ));
        }
        if self.newly_stale.is_empty() {
            return Some(format!("updated {FILE}"));
        }
        Some(format!(
            "updated {FILE}: behind their source now: {} (`privet translations` lists them)",
            self.newly_stale.join(", ")
        ))
    }
}

/// Every page of the site that has a text, with its address in the default
/// language: what is translated.
pub fn pages<'a>(config: &Config, site: &'a Site) -> Vec<(String, &'a Localized)> {
    site.pages()
        .into_iter()
        .map(|(kind, docs)| (crate::address::page_address(config, 0, &kind.address()), docs))
        .collect()
}

/// Each translation with its default-language source.
fn pairs(site: &Site) -> Vec<(&Doc, &Doc)> {
    fn add<'a>(out: &mut Vec<(&'a Doc, &'a Doc)>, docs: &'a Localized) {
        let Some(Some(source)) = docs.0.first() else { return };
        out.extend(docs.0.iter().skip(1).flatten().map(|t| (&**source, &**t)));
    }
    let mut out = Vec::new();
    for (_, docs) in site.pages() {
        add(&mut out, docs);
    }
    out
}

/// The record after a build on `today` that loaded `site`.
pub fn update(config: &Config, site: &Site, before: Option<Record>, today: Date) -> Update {
    let none = Record::default();
    let old = before.as_ref().unwrap_or(&none);
    let mut after = Record::default();
    let mut stale = StaleSet::default();
    let mut newly_stale = Vec::new();
    for (source, t) in pairs(site) {
        let key = slash_path(&t.path);
        let current = Entry {
            source: slash_path(&source.path),
            source_sha256: source.words_sha256.clone(),
            sha256: t.words_sha256.clone(),
            stale_since: None,
        };
        let entry = match old.0.get(&key) {
            // New, brought up to date by its translator, or now translating another file.
            None => current,
            Some(e) if e.sha256 != t.words_sha256 || e.source != current.source => current,
            Some(e) if e.source_sha256 == source.words_sha256 => Entry { stale_since: None, ..e.clone() },
            Some(e) => {
                let since = e.stale_since.as_deref().and_then(|d| d.parse::<Date>().ok());
                if since.is_none() {
                    newly_stale.push(key.clone());
                }
                let since = since.unwrap_or(today);
                stale.0.insert(t.path.clone(), Stale { since, source: source.path.clone() });
                Entry { stale_since: Some(since.to_string()), ..e.clone() }
            }
        };
        after.0.insert(key, entry);
    }
    // Translations this build left out (drafts) keep their record while their files exist.
    for (key, e) in &old.0 {
        if !after.0.contains_key(key)
            && config.root.join(key).is_file()
            && config.root.join(&e.source).is_file()
        {
            after.0.insert(key.clone(), e.clone());
        }
    }
    Update { before, after, stale, newly_stale }
}

/// Reads the record at the site root; `None` when there is none.
pub fn read(root: &Path) -> Result<Option<Record>> {
    read_cached(root, &mut None)
}

/// [`read`], parsing the file again only when its bytes differ from those
/// `kept` holds (`serve` keeps them between rebuilds: on a large site the
/// record has thousands of entries).
pub fn read_cached(root: &Path, kept: &mut Option<(Vec<u8>, Record)>) -> Result<Option<Record>> {
    crate::files::read_root_toml(
        root,
        FILE,
        "translations.lock is written by privet: restore it from version control (git checkout translations.lock), or delete it to take every translation as current",
        kept,
    )
}

/// Writes the record next to the site's content.
pub fn write(root: &Path, record: &Record) -> Result<PathBuf> {
    let path = root.join(FILE);
    std::fs::write(&path, record.to_toml()).map_err(|e| Error::io(Path::new(FILE), e))?;
    Ok(path)
}

/// Records the translation at `file` as brought up to date with its source
/// as it is now (`privet translations accept FILE`); returns its source.
pub fn accept(config: &Config, site: &Site, file: &Path) -> Result<PathBuf> {
    let rel = relative(&config.root, file);
    let shown = slash_path(&rel);
    let Some((source, t)) = pairs(site).into_iter().find(|(_, t)| t.path == rel) else {
        let hint;
        let message = match crate::content::kind_of(config, &rel) {
            None => {
                hint = "name a translation below content/, e.g. content/faq/delete-account.de.md".to_string();
                format!("{shown} is not a content file of this site")
            }
            Some((_, 0)) => {
                hint = format!(
                    "its translations follow it: accept one of them, e.g. {}",
                    slash_path(&translation_path(&rel, config.languages.get(1).map_or("de", |l| &l.code)))
                );
                format!("{shown} is in the default language ({})", config.languages[0].code)
            }
            Some(_) if !config.root.join(&rel).is_file() => {
                hint =
                    "check the path: it is relative to where you run privet, or to the site's folder".into();
                format!("there is no file {shown}")
            }
            Some(_) => {
                hint =
                    "a translation is stale only against a text in the default language; add that text first"
                        .into();
                format!("{shown} has no text in the default language to be current with")
            }
        };
        return Err(Diagnostic::new(&rel, message).hint(hint).into());
    };
    let mut record = read(&config.root)?.unwrap_or_default();
    record.0.insert(
        shown,
        Entry {
            source: slash_path(&source.path),
            source_sha256: source.words_sha256.clone(),
            sha256: t.words_sha256.clone(),
            stale_since: None,
        },
    );
    write(&config.root, &record)?;
    Ok(source.path.clone())
}

/// `file` relative to the site root: given relative to the working folder
/// (`content/x.de.md` from the site's folder, `site/content/x.de.md` from
/// above it), to the root, or absolute.
fn relative(root: &Path, file: &Path) -> PathBuf {
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let root_abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    if let Ok(rel) = absolute.strip_prefix(&root_abs) {
        return rel.to_path_buf();
    }
    file.to_path_buf()
}

/// The file a translation of `path` into `code` would be (`contact.md` → `contact.de.md`).
pub fn translation_path(path: &Path, code: &str) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    path.with_file_name(format!("{stem}.{code}.md"))
}

/// One language's translations: what `privet translations` prints.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub code: String,
    pub name: String,
    /// Pages with a text of their own in this language.
    pub translated: usize,
    /// Pages shown from another language's text.
    pub missing: Vec<MissingPage>,
    pub stale: Vec<StalePage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MissingPage {
    /// The page's address in the default language.
    pub page: String,
    /// The file a translation would be (`content/faq/x.de.md`).
    pub file: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StalePage {
    pub page: String,
    pub file: String,
    /// The default-language file it is behind.
    pub source: String,
    /// The day a build first saw the source changed (`YYYY-MM-DD`).
    pub since: String,
    /// Days since then, on the build date.
    pub days: i64,
}

/// What `privet translations` reports of the site at `root` on `today`:
/// the record as a build would leave it, nothing written.
pub fn survey(root: &Path, today: Date) -> Result<(Config, Vec<LanguageStatus>)> {
    let config = Config::load(root)?;
    let site = crate::content::load(&config, false, today)?;
    let update = update(&config, &site, read(root)?, today);
    let languages = status(&config, &site, &update.stale, today);
    Ok((config, languages))
}

/// `privet translations accept FILE` on the site at `root`.
pub fn accept_file(root: &Path, file: &Path, today: Date) -> Result<PathBuf> {
    let config = Config::load(root)?;
    // Drafts too: a translation may be accepted before it is published.
    let site = crate::content::load(&config, true, today)?;
    accept(&config, &site, file)
}

/// Per language other than the default: translated, missing and stale pages.
pub fn status(config: &Config, site: &Site, stale: &StaleSet, today: Date) -> Vec<LanguageStatus> {
    let pages = pages(config, site);
    (1..config.languages.len())
        .map(|lang| {
            let l = &config.languages[lang];
            let mut out = LanguageStatus {
                code: l.code.clone(),
                name: l.name.clone(),
                translated: 0,
                missing: Vec::new(),
                stale: Vec::new(),
            };
            for (page, docs) in &pages {
                match docs.0.get(lang) {
                    Some(Some(doc)) => {
                        out.translated += 1;
                        if let Some(s) = stale.of(doc) {
                            out.stale.push(StalePage {
                                page: page.clone(),
                                file: slash_path(&doc.path),
                                source: slash_path(&s.source),
                                since: s.since.to_string(),
                                days: days_between(s.since, today),
                            });
                        }
                    }
                    _ => {
                        let primary = docs.primary();
                        out.missing.push(MissingPage {
                            page: page.clone(),
                            file: slash_path(&translation_path(&primary.path, &l.code)),
                        });
                    }
                }
            }
            out
        })
        .collect()
}

/// Whole days from `from` to `to`, never negative.
pub fn days_between(from: Date, to: Date) -> i64 {
    to.since(from).map(|s| i64::from(s.get_days())).unwrap_or(0).max(0)
}

/// The tables `privet translations` prints.
pub fn table(config: &Config, languages: &[LanguageStatus]) -> String {
    let total = pages_count(languages);
    let mut out = format!(
        "translations of {total} pages (default language: {}):\n  {:<10} {:>10} {:>8} {:>6}\n",
        config.languages[0].code, "language", "translated", "missing", "stale"
    );
    for l in languages {
        out.push_str(&format!(
            "  {:<10} {:>10} {:>8} {:>6}\n",
            l.code,
            l.translated,
            l.missing.len(),
            l.stale.len()
        ));
    }
    for l in languages.iter().filter(|l| !l.stale.is_empty()) {
        out.push_str(&format!(
            "\nstale in {} ({}): the source changed, the translation did not\n",
            l.code, l.name
        ));
        for s in &l.stale {
            out.push_str(&format!(
                "  {}  since {} ({} days)  {} changed\n",
                s.file, s.since, s.days, s.source
            ));
        }
    }
    for l in languages.iter().filter(|l| !l.missing.is_empty()) {
        out.push_str(&format!("\nmissing in {} ({}):\n", l.code, l.name));
        for m in &l.missing {
            out.push_str(&format!("  {}  ({})\n", m.file, m.page));
        }
    }
    out
}

fn pages_count(languages: &[LanguageStatus]) -> usize {
    languages.first().map_or(0, |l| l.translated + l.missing.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_whole_and_never_negative() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(days_between(d("2026-01-01"), d("2026-02-01")), 31);
        assert_eq!(days_between(d("2026-02-01"), d("2026-01-01")), 0);
    }

    #[test]
    fn the_record_reads_back_what_it_wrote() {
        let mut record = Record::default();
        record.0.insert(
            "content/faq/a.de.md".into(),
            Entry {
                source: "content/faq/a.md".into(),
                source_sha256: "1".repeat(64),
                sha256: "2".repeat(64),
                stale_since: Some("2026-11-01".into()),
            },
        );
        let text = record.to_toml();
        assert!(text.contains("[\"content/faq/a.de.md\"]"), "{text}");
        assert_eq!(toml::from_str::<Record>(&text).unwrap(), record);
    }
}
