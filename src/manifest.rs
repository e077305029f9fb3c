//! `/versions.json`: for every policy, version and language, what was
//! published where, with hashes of the source and of the page, so a company
//! can prove later which text was public when.

use jiff::civil::Date;

use serde::Serialize;

use crate::address::{Page, file_of};
use crate::config::Config;
use crate::content::Site;
use crate::lock::Lock;
use crate::timeline::Status;
use std::collections::BTreeMap;

/// The manifest's output path.
pub const FILE: &str = "versions.json";

#[derive(Serialize)]
struct Manifest<'a> {
    site: &'a str,
    /// The build date: the statuses are as of this day.
    date: String,
    policies: Vec<PolicyEntry<'a>>,
}

#[derive(Serialize)]
struct PolicyEntry<'a> {
    policy: &'a str,
    versions: Vec<VersionEntry<'a>>,
}

#[derive(Serialize)]
struct VersionEntry<'a> {
    effective: String,
    status: Status,
    languages: Vec<LanguageEntry<'a>>,
}

#[derive(Serialize)]
struct LanguageEntry<'a> {
    language: &'a str,
    /// The address of the version's page.
    address: String,
    /// The address of its redline; none for the first version.
    changes: Option<String>,
    /// The Markdown file shown, relative to the site root.
    source: String,
    /// False when the page shows another language's text (a missing translation).
    translated: bool,
    source_sha256: &'a str,
    /// SHA-256 of the document's text as a reader reads it: independent of the theme.
    text_sha256: &'a str,
    /// SHA-256 of the page's HTML file as written.
    html_sha256: String,
    /// The day `versions.lock` first recorded this text, if it has.
    #[serde(skip_serializing_if = "Option::is_none")]
    locked: Option<&'a str>,
    /// Corrections on the record: each with the hashes before it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    corrections: Vec<CorrectionEntry<'a>>,
    /// The PDF of the text shown (`pdf = true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pdf: Option<PdfEntry<'a>>,
}

#[derive(Serialize)]
struct PdfEntry<'a> {
    address: String,
    sha256: &'a str,
    /// SHA-256 of everything it was typeset from (privet's version, the
    /// template, the text): the same value, the same PDF (`crate::pdf`).
    typeset_from: &'a str,
}

#[derive(Serialize)]
struct CorrectionEntry<'a> {
    date: &'a str,
    note: &'a str,
    source_sha256_before: &'a str,
    text_sha256_before: &'a str,
}

/// The manifest as JSON; `page_hashes` are the SHA-256 of the version
/// pages by file, `pdfs` the PDFs' hashes by file.
pub fn versions_json(
    config: &Config,
    site: &Site,
    page_hashes: &BTreeMap<String, String>,
    pdfs: &BTreeMap<String, crate::pdf::Made>,
    date: Date,
    lock: &Lock,
) -> String {
    let policies = site
        .policies
        .iter()
        .map(|p| PolicyEntry {
            policy: &p.slug,
            versions: p
                .versions
                .iter()
                .enumerate()
                .map(|(i, v)| VersionEntry {
                    effective: v.effective.to_string(),
                    status: p.timeline.status(i),
                    languages: config
                        .languages
                        .iter()
                        .enumerate()
                        .map(|(lang, l)| {
                            let (doc, fallback) = v.docs.get(lang);
                            let entry = lock.entry(&p.slug, &v.slug, &config.languages[doc.lang].code);
                            let address = Page::Version(&p.slug, &v.slug).address(config, lang);
                            let html =
                                page_hashes.get(&file_of(config, &address)).cloned().unwrap_or_default();
                            let pdf_address = crate::render::pdf_address(config, p, i, doc.lang);
                            let pdf = pdfs.get(&file_of(config, &pdf_address)).map(|made| PdfEntry {
                                address: crate::address::absolute(config, &pdf_address),
                                sha256: &made.sha256,
                                typeset_from: &made.key,
                            });
                            LanguageEntry {
                                language: &l.code,
                                address: crate::address::absolute(config, &address),
                                changes: (i > 0).then(|| {
                                    crate::address::absolute(
                                        config,
                                        &Page::Changes(&p.slug, &v.slug).address(config, lang),
                                    )
                                }),
                                source: crate::files::slash_path(&doc.path),
                                translated: !fallback,
                                source_sha256: &doc.source_sha256,
                                text_sha256: &doc.text_sha256,
                                html_sha256: html,
                                locked: entry.map(|e| e.locked.as_str()),
                                corrections: entry
                                    .map(|e| {
                                        e.history
                                            .iter()
                                            .map(|h| CorrectionEntry {
                                                date: &h.replaced,
                                                note: &h.note,
                                                source_sha256_before: &h.source_sha256,
                                                text_sha256_before: &h.text_sha256,
                                            })
                                            .collect()
                                    })
                                    .unwrap_or_default(),
                                pdf,
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let manifest = Manifest { site: &config.base_url, date: date.to_string(), policies };
    // About 700 bytes per version and language: one allocation, not a doubling series.
    let entries: usize =
        site.policies.iter().map(|p| p.versions.len()).sum::<usize>() * config.languages.len();
    let mut json = Vec::with_capacity(1024 + entries * 768);
    if serde_json::to_writer_pretty(&mut json, &manifest).is_err() {
        json.clear();
    }
    json.push(b'\n');
    String::from_utf8(json).unwrap_or_default()
}

/// The PDFs the `versions.json` in `dir` (a previous build's output) lists,
/// each `(typeset_from, file, sha256)`, for [`crate::pdf::Cache::of_files`].
/// A missing or unreadable list, or an address outside the site, gives none.
pub fn previous_pdfs(config: &Config, dir: &std::path::Path) -> Vec<(String, std::path::PathBuf, String)> {
    let Ok(text) = std::fs::read_to_string(dir.join(FILE)) else { return Vec::new() };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return Vec::new() };
    let origin = crate::address::absolute(config, "");
    let origin = origin.trim_end_matches('/');
    let entries = json["policies"].as_array().into_iter().flatten().flat_map(|p| {
        p["versions"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|v| v["languages"].as_array().into_iter().flatten())
    });
    let mut pdfs = Vec::new();
    for entry in entries {
        let pdf = &entry["pdf"];
        let (Some(address), Some(sha256), Some(key)) =
            (pdf["address"].as_str(), pdf["sha256"].as_str(), pdf["typeset_from"].as_str())
        else {
            continue;
        };
        let Some(rel) = address.strip_prefix(origin).filter(|r| r.starts_with('/')) else { continue };
        let file = file_of(config, rel);
        // Only a file below the output folder, whatever the list says.
        if file.split('/').any(|s| s == ".." || s.is_empty()) {
            continue;
        }
        pdfs.push((key.to_string(), dir.join(file), sha256.to_string()));
    }
    pdfs
}
