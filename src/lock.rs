//! `versions.lock`: the legal record of every version that has taken effect.
//!
//! For each version in force or archived on the build date, and each
//! language it is written in, the lock holds the SHA-256 of its source (the
//! file's text, byte-order mark dropped, line endings `\n`) and of its
//! document text (what a reader reads, independent of the theme), and the
//! day it was first locked. Once locked, a version is frozen: a build whose
//! source no longer matches fails, unless the version records the change as
//! a `[[corrections]]` entry dated on or after the day it was locked; the
//! lock then takes the new hashes and keeps the old ones in the entry's
//! history. Nothing is ever removed. The lock is TOML, meant to be committed
//! next to the content; `build` and `serve` write it, `check` only reads it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::content::{Doc, Site};
use crate::error::{Diagnostic, Error, Result};
use crate::files::slash_path;

/// The lock's file name, at the site root.
pub const FILE: &str = "versions.lock";

/// Policy → version (its file's date) → what is recorded of it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Lock(pub BTreeMap<String, BTreeMap<String, Recorded>>);

/// What the lock records of one version: the day a build first saw it
/// upcoming, and its texts once it has taken effect (language code → entry).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Recorded {
    /// The day a build first published it as upcoming: its announcement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced: Option<String>,
    #[serde(flatten)]
    pub texts: BTreeMap<String, Entry>,
}

/// What the lock records of one version in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file it was read from, relative to the site root.
    pub file: String,
    pub source_sha256: String,
    pub text_sha256: String,
    /// The day it was first locked (the build date).
    pub locked: String,
    /// The dates of the corrections the lock has taken in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<String>,
    /// The hashes before each correction, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Past>,
}

/// The hashes a correction replaced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Past {
    pub source_sha256: String,
    pub text_sha256: String,
    /// The date of the correction that replaced them.
    pub replaced: String,
    pub note: String,
}

impl Lock {
    pub fn entry(&self, policy: &str, version: &str, lang: &str) -> Option<&Entry> {
        self.0.get(policy)?.get(version)?.texts.get(lang)
    }

    /// The day the version was announced, if a build saw it upcoming.
    pub fn announced(&self, policy: &str, version: &str) -> Option<Date> {
        self.0.get(policy)?.get(version)?.announced.as_deref()?.parse().ok()
    }

    /// How many texts it holds.
    pub fn len(&self) -> usize {
        self.0.values().flat_map(|v| v.values()).map(|l| l.texts.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The lock as the file holds it.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# versions.lock: privet's record of every policy version that has taken\n\
             # effect, per language: SHA-256 of its source and of its text, and the day\n\
             # it was locked. Commit it with the content. Do not edit it by hand: to\n\
             # change a version in force, record a [[corrections]] entry in its front matter.\n\n{body}"
        )
    }
}

/// What a build did to the lock.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    /// The lock as it was read (`None`: there was none).
    pub before: Option<Lock>,
    /// The lock after this build.
    pub after: Lock,
    /// Entries added (`privacy 2024-03-01 de`).
    pub added: Vec<String>,
    /// Entries whose corrections were taken in.
    pub corrected: Vec<String>,
    /// Versions announced by this build (`subprocessors 2027-01-01`).
    pub announced: Vec<String>,
}

impl Update {
    /// Whether the file on disk must change.
    pub fn changed(&self) -> bool {
        self.before.as_ref() != Some(&self.after)
    }

    /// One line for the person who ran the build; `None` when nothing changed.
    pub fn summary(&self) -> Option<String> {
        if !self.changed() {
            return None;
        }
        if self.before.is_none() {
            return Some(format!(
                "wrote {FILE}: {} version texts locked; commit it with the content",
                self.after.len()
            ));
        }
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            parts.push(format!("locked {}", self.added.join(", ")));
        }
        if !self.corrected.is_empty() {
            parts.push(format!("recorded corrections of {}", self.corrected.join(", ")));
        }
        if !self.announced.is_empty() {
            parts.push(format!("recorded the announcement of {}", self.announced.join(", ")));
        }
        Some(format!("updated {FILE}: {}", parts.join("; ")))
    }
}

/// Reads the lock at the site root; `None` when there is none.
pub fn read(root: &Path) -> Result<Option<Lock>> {
    read_cached(root, &mut None)
}

/// [`read`], parsing the file again only when its bytes changed since `kept`.
pub fn read_cached(root: &Path, kept: &mut Option<(Vec<u8>, Lock)>) -> Result<Option<Lock>> {
    crate::files::read_root_toml(
        root,
        FILE,
        "versions.lock is written by privet: restore it from version control (git checkout versions.lock)",
        kept,
    )
}

/// Checks the site against `before` and returns the lock after this build:
/// every version in effect on `today`, in every language it is written in.
/// A locked text that changed without a new correction is an error.
pub fn update(config: &Config, site: &Site, before: Option<Lock>, today: Date) -> Result<Update> {
    let mut after = before.clone().unwrap_or_default();
    let mut added = Vec::new();
    let mut corrected = Vec::new();
    let mut announced = Vec::new();
    let mut errors = Vec::new();
    for p in &site.policies {
        for (i, v) in p.versions.iter().enumerate() {
            // In force or archived on the build date: it has taken effect.
            let taken_effect = p.timeline.status(i) != crate::timeline::Status::Upcoming;
            let primary = v.docs.primary();
            if !taken_effect && !primary.front.draft && !primary.starter {
                let recorded = after.0.entry(p.slug.clone()).or_default().entry(v.slug.clone()).or_default();
                // Seen for the first time upcoming: announced today. A
                // version locked before (a build dated back) is not news.
                if recorded.announced.is_none() && recorded.texts.is_empty() {
                    recorded.announced = Some(today.to_string());
                    announced.push(format!("{} {}", p.slug, v.slug));
                }
                if let Some(d) = short_notice(p, v, recorded, config.notice_days) {
                    errors.push(d);
                }
            }
            // Drafts are not published, and starter texts not yet anyone's words.
            for doc in v.docs.docs().filter(|d| !d.front.draft && !d.starter) {
                let code = &config.languages[doc.lang].code;
                let name = format!("{} {} {code}", p.slug, v.slug);
                let locked =
                    after.0.get(&p.slug).and_then(|m| m.get(&v.slug)).and_then(|m| m.texts.get(code));
                match locked {
                    None if taken_effect => {
                        added.push(name);
                        after
                            .0
                            .entry(p.slug.clone())
                            .or_default()
                            .entry(v.slug.clone())
                            .or_default()
                            .texts
                            .insert(
                                code.clone(),
                                Entry {
                                    file: slash_path(&doc.path),
                                    source_sha256: doc.text_source_sha256.clone(),
                                    text_sha256: doc.text_sha256.clone(),
                                    locked: today.to_string(),
                                    corrections: Vec::new(),
                                    history: Vec::new(),
                                },
                            );
                    }
                    None => {}
                    Some(entry) if entry.source_sha256 == doc.text_source_sha256 => {}
                    Some(entry) => match corrections_to_take(doc, entry, v.effective, today) {
                        Ok(new) => {
                            corrected.push(name);
                            let entry = after
                                .0
                                .get_mut(&p.slug)
                                .and_then(|m| m.get_mut(&v.slug))
                                .and_then(|m| m.texts.get_mut(code));
                            if let Some(entry) = entry {
                                entry.history.push(Past {
                                    source_sha256: entry.source_sha256.clone(),
                                    text_sha256: entry.text_sha256.clone(),
                                    replaced: new.last().map(|c| c.date.to_string()).unwrap_or_default(),
                                    note: new.iter().map(|c| c.note.as_str()).collect::<Vec<_>>().join(" "),
                                });
                                entry.source_sha256 = doc.text_source_sha256.clone();
                                entry.text_sha256 = doc.text_sha256.clone();
                                entry.file = slash_path(&doc.path);
                                entry.corrections.extend(new.iter().map(|c| c.date.to_string()));
                            }
                        }
                        Err(d) => errors.push(d),
                    },
                }
            }
        }
    }
    errors.extend(missing(config, site, &after));
    if !errors.is_empty() {
        return Err(Error::Site(errors));
    }
    // A version announced and then deleted before it took effect leaves
    // no record: it never applied to anyone.
    for (slug, versions) in &mut after.0 {
        versions.retain(|version, r| {
            !r.texts.is_empty()
                || site
                    .policies
                    .iter()
                    .any(|p| p.slug == *slug && p.versions.iter().any(|v| v.slug == *version))
        });
    }
    after.0.retain(|_, versions| !versions.is_empty());
    Ok(Update { before, after, added, corrected, announced })
}

/// The error for an upcoming version announced fewer than `notice_days`
/// before it takes effect (the policy's own, else the site's), unless it
/// says why it is urgent.
fn short_notice(
    p: &crate::content::Policy,
    v: &crate::content::Version,
    recorded: &Recorded,
    site_wide: Option<u32>,
) -> Option<Diagnostic> {
    let days = p.notice_days(site_wide)?;
    let announced: Date = recorded.announced.as_deref()?.parse().ok()?;
    let primary = v.docs.primary();
    if primary.front.urgent.is_some() {
        return None;
    }
    let given = announced.until(v.effective).ok()?.get_days();
    let short = i64::from(days) - i64::from(given);
    (short > 0).then(|| {
        let earliest = announced.checked_add(jiff::Span::new().days(i64::from(days))).unwrap_or(v.effective);
        Diagnostic::new(
            &primary.path,
            format!(
                "this version takes effect on {}, {given} days after it was announced on {announced}: {days} days of notice are required, {short} short",
                v.effective
            ),
        )
        .at(1, 0)
        .hint(format!(
            "move it to {earliest} or later (rename the file), or say why it cannot wait: urgent = \"…\" (its pages show the reason); the notice period is notice_days in {}",
            primary.path.parent().map(|d| d.join("_index.md")).unwrap_or_default().display()
        ))
    })
}

/// The corrections of a changed locked version that the lock has not taken
/// in yet, or the error that says the version is frozen.
fn corrections_to_take<'d>(
    doc: &'d Doc,
    entry: &Entry,
    effective: Date,
    today: Date,
) -> std::result::Result<Vec<&'d crate::frontmatter::Correction>, Diagnostic> {
    let locked: Option<Date> = entry.locked.parse().ok();
    // A build dated before the lock was written (`--date`, SOURCE_DATE_EPOCH
    // of an older commit) accepts a correction of the day it was locked: the
    // first day any correction can have.
    let latest = locked.map_or(today, |l| l.max(today));
    let new: Vec<_> = doc
        .front
        .corrections
        .iter()
        .filter(|c| !entry.corrections.contains(&c.date.to_string()))
        .filter(|c| locked.is_none_or(|l| c.date >= l))
        .collect();
    if let Some(c) = new.iter().find(|c| c.date > latest) {
        return Err(Diagnostic::new(
            &doc.path,
            format!("this correction is dated {}, after today ({latest})", c.date),
        )
        .at(c.line, 0)
        .hint("date a correction on the day it is made"));
    }
    if !new.is_empty() {
        return Ok(new);
    }
    Err(Diagnostic::new(
        &doc.path,
        format!(
            "this version took effect on {effective} and is frozen (locked in {FILE} on {}): its text no longer matches the lock",
            entry.locked
        ),
    )
    .at(1, 0)
    .hint(format!(
        "undo the edit (git checkout {}); or, to correct it on purpose, record the correction {}:\n  [[corrections]]\n  date = {latest}\n  note = \"What was corrected and why\"",
        slash_path(&doc.path),
        if doc.register.is_some() { "in the file" } else { "in its front matter" }
    )))
}

/// Locked texts whose file is gone: the record may not lose a version.
fn missing(config: &Config, site: &Site, lock: &Lock) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (policy, versions) in &lock.0 {
        for (version, recorded) in versions {
            for (code, entry) in &recorded.texts {
                let present = site.policies.iter().filter(|p| p.slug == *policy).any(|p| {
                    p.versions.iter().filter(|v| v.slug == *version).any(|v| {
                        v.docs.docs().any(|d| config.languages[d.lang].code == *code && !d.front.draft)
                    })
                });
                if !present {
                    out.push(
                        Diagnostic::new(
                            Path::new(FILE),
                            format!("{FILE} records {policy} {version} in `{code}`, locked on {}, but {} is gone", entry.locked, entry.file),
                        )
                        .hint(format!(
                            "a version that has taken effect stays on the record: restore {} (git checkout {})",
                            entry.file, entry.file
                        )),
                    );
                }
            }
        }
    }
    out
}

/// Writes the lock next to the site's content.
pub fn write(root: &Path, lock: &Lock) -> Result<PathBuf> {
    let path = root.join(FILE);
    std::fs::write(&path, lock.to_toml()).map_err(|e| Error::io(Path::new(FILE), e))?;
    Ok(path)
}
