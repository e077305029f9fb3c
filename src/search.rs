//! Search: what a reader can find, and Pagefind's index of it, made in
//! memory (the `pagefind` crate as a library, never its command line).
//!
//! What is indexed comes from the model, not from rendered pages, so a
//! build never holds every page to index it: per language, each policy's
//! version in force and its archived versions, every FAQ question (a
//! result of its own, at its anchor), the FAQ's introduction, contact and
//! home. A text shown as a fallback is indexed only under its own
//! language; redlines, changelogs and upcoming versions are not indexed.
//! [`Records`] hold the parsed documents by reference (`Arc`), so taking
//! them costs nothing and `serve` can index them on another thread.

use std::sync::Arc;

use jiff::civil::Date;

use crate::address::Page;
use crate::config::Config;
use crate::content::{Doc, Localized, Site};
use crate::error::Result;
use crate::files::Files;
use crate::i18n::Strings;
use crate::versions;
#[cfg(feature = "search")]
use crate::{address, error::Error};

/// One search result to be: a text at an address, in a language.
#[derive(Debug, Clone)]
pub struct Record {
    /// The address a result links to (`/de/privacy/2024-03-01/`, `/faq/#id`).
    pub url: String,
    /// The language's tag lower-cased (`zh-hant`): Pagefind keeps an index
    /// per language and the browser picks the one of the page's `lang`.
    pub lang: String,
    pub title: String,
    /// What the result says of the page's status, in the reader's words
    /// ("In force since 15 June 2025", "Archived, 1 March 2024", "FAQ").
    pub status: String,
    /// An archived version: listed after the versions in force.
    pub archived: bool,
    pub doc: Arc<Doc>,
    /// For an archived version, the version in force in the same language:
    /// the passages they share are indexed once, under the version in force.
    pub except: Option<Arc<Doc>>,
}

/// Everything a site's search finds.
#[derive(Debug, Clone, Default)]
pub struct Records(pub Vec<Record>);

/// What is indexed, per language, on `today` (`strings` in site.toml's language order).
pub fn records(config: &Config, site: &Site, strings: &[Strings], today: Date) -> Records {
    let mut out = Vec::new();
    for (lang, language) in config.languages.iter().enumerate() {
        let t = &strings[lang];
        let tag = language.tag.to_lowercase();
        // The reader's own translation, never a fallback from another language.
        let own = |docs: &Localized| docs.0.get(lang).and_then(|d| d.clone());
        let mut push =
            |page: Page, title: String, status: String, except: Option<Arc<Doc>>, doc: Arc<Doc>| {
                let url = page.address(config, lang);
                out.push(Record {
                    url,
                    lang: tag.clone(),
                    title,
                    status,
                    archived: except.is_some(),
                    doc,
                    except,
                });
            };
        if let Some(doc) = site.home.as_ref().and_then(own) {
            let title = doc.front.title.clone().unwrap_or_else(|| t.get("home"));
            push(Page::Home, title, t.get("home"), None, doc);
        }
        for p in &site.policies {
            let policy_title = p.index.get(lang).0.front.title.clone().unwrap_or_else(|| p.slug.clone());
            let Some(current) = versions::in_force(&p.versions, today) else { continue };
            // Without a translation in force, an archived one is compared with nothing.
            let in_force = own(&p.versions[current].docs);
            for (i, version) in p.versions.iter().enumerate().take(current + 1) {
                let Some(doc) = own(&version.docs) else { continue };
                let title = doc.front.title.clone().unwrap_or_else(|| policy_title.clone());
                if i == current {
                    let status = t.get("in_force_since").replace("{date}", &t.date(version.effective));
                    push(Page::Policy(&p.slug), title, status, None, doc);
                } else {
                    let status = t.get("search_archived").replace("{date}", &t.date(version.effective));
                    let except = Some(in_force.clone().unwrap_or_else(|| Arc::clone(&doc)));
                    push(Page::Version(&p.slug, &version.slug), title, status, except, doc);
                }
            }
        }
        if let Some(faq) = &site.faq {
            if let Some(doc) = faq.index.as_ref().and_then(own).filter(|d| !d.body.html.trim().is_empty()) {
                let title = doc.front.title.clone().unwrap_or_else(|| t.get("faq"));
                push(Page::Faq, title, t.get("faq_short"), None, doc);
            }
            for q in &faq.questions {
                if let Some(doc) = own(&q.docs) {
                    let title = doc.front.title.clone().unwrap_or_else(|| q.slug.clone());
                    push(Page::Question(&q.slug), title, t.get("faq_short"), None, doc);
                }
            }
        }
        if let Some(doc) = site.contact.as_ref().and_then(own) {
            let title = doc.front.title.clone().unwrap_or_else(|| t.get("contact"));
            push(Page::Contact, title, t.get("contact"), None, doc);
        }
    }
    Records(out)
}

/// The index and its browser files (`pagefind/pagefind.js`, the worker, the
/// WebAssembly of each language, the index chunks), by output name.
///
/// One language at a time: Pagefind keeps every text it was given until it
/// writes the index, so indexing the languages one after the other holds
/// one language's texts at once, not the site's. The loader's entry file,
/// which lists the languages, is merged from the runs.
#[cfg(feature = "search")]
pub fn index(records: &Records) -> Result<Files> {
    let mut langs: Vec<&str> = records.0.iter().map(|r| r.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    let timings = std::env::var_os("PRIVET_TIMINGS").is_some();
    let one = |lang: &&str| -> Result<Files> {
        let started = std::time::Instant::now();
        let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| {
            Error::system("cannot start the search indexer", e, "the machine may be out of threads or memory")
        })?;
        let (made, count, bytes) =
            runtime.block_on(index_language(records.0.iter().filter(|r| r.lang == *lang)))?;
        if timings {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            eprintln!("  search index {lang:<9} {ms:>7.1} ms ({count} records, {} kB of text)", bytes / 1000);
        }
        Ok(bundle(made))
    };
    // One language after the other: in parallel, LARGE indexes about 30%
    // faster but holds two languages at once (peak RSS 274-296 MiB against
    // 226); and in `serve` the indexer would take both cores from a rebuild.
    let runs: Vec<Files> = langs.iter().map(one).collect::<Result<_>>()?;
    let mut files = Files::new();
    let mut entry: Option<serde_json::Value> = None;
    for run in runs {
        for (name, bytes) in run {
            if name.ends_with(ENTRY) {
                let this: serde_json::Value = serde_json::from_slice(&bytes).map_err(indexer_error)?;
                match entry.as_mut().and_then(|e| e["languages"].as_object_mut()) {
                    Some(all) => {
                        if let Some(own) = this["languages"].as_object() {
                            all.extend(own.clone());
                        }
                    }
                    None => entry = Some(this),
                }
            } else {
                files.insert(name, bytes);
            }
        }
    }
    if let Some(entry) = entry {
        files.insert(format!("{}{ENTRY}", address::SEARCH_BUNDLE), entry.to_string().into_bytes().into());
    }
    Ok(files)
}

/// The file that tells Pagefind's loader which languages have an index.
#[cfg(feature = "search")]
const ENTRY: &str = "pagefind-entry.json";

/// One language's records into Pagefind's files.
#[cfg(feature = "search")]
async fn index_language<'a>(
    records: impl Iterator<Item = &'a Record>,
) -> Result<(Vec<(String, Vec<u8>)>, usize, usize)> {
    let (mut count, mut bytes) = (0, 0);
    let options = pagefind::options::PagefindServiceConfig::builder().keep_index_url(false).build();
    let mut pagefind = pagefind::api::PagefindIndex::new(Some(options)).map_err(indexer_error)?;
    for r in records {
        let text = format!("{} {}", r.title, text_of(r));
        count += 1;
        bytes += text.len();
        let meta = [
            ("title".to_string(), r.title.clone()),
            ("status".to_string(), r.status.clone()),
            ("archived".to_string(), if r.archived { "1" } else { "0" }.to_string()),
        ];
        pagefind
            .add_custom_record(r.url.clone(), text, r.lang.clone(), Some(meta.into()), None, None)
            .await
            .map_err(indexer_error)?;
    }
    let made = pagefind.get_files().await.map_err(indexer_error)?;
    let made =
        made.into_iter().map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents)).collect();
    Ok((made, count, bytes))
}

/// The text a record is found by: its document's, less the passages an
/// archived version shares with the version in force (a query for those
/// finds the version in force; a passage no longer in force finds the
/// archived versions that have it).
pub fn text_of(r: &Record) -> String {
    let Some(except) = &r.except else { return crate::markdown::text_of_html(&r.doc.body.html) };
    if Arc::ptr_eq(except, &r.doc) {
        return crate::markdown::text_of_html(&r.doc.body.html);
    }
    let shared: std::collections::HashSet<String> = blocks(&except.body.html).collect();
    let own: Vec<String> = blocks(&r.doc.body.html).filter(|b| !shared.contains(b)).collect();
    own.join(" ")
}

/// The text of each block (paragraph, list item, heading, cell) of rendered
/// Markdown, which may be minified (end tags left out).
fn blocks(html: &str) -> impl Iterator<Item = String> + '_ {
    const STARTS: [&str; 14] =
        ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "tr"];
    let mut cuts = vec![0];
    for (i, _) in html.match_indices('<') {
        let name: String = html[i + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if STARTS.contains(&name.to_ascii_lowercase().as_str()) {
            cuts.push(i);
        }
    }
    cuts.push(html.len());
    cuts.dedup();
    cuts.windows(2)
        .map(|w| crate::markdown::text_of_html(&html[w[0]..w[1]]))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .into_iter()
}

/// Without the `search` feature there is no indexer (and `Config::search` is false).
#[cfg(not(feature = "search"))]
pub fn index(_records: &Records) -> Result<Files> {
    Ok(Files::new())
}

/// Pagefind's files below [`address::SEARCH_BUNDLE`]; its ready-made
/// interfaces are left out (the theme has its own search page), and so is
/// its playground.
#[cfg(feature = "search")]
fn bundle(made: Vec<(String, Vec<u8>)>) -> Files {
    let mut files = Files::new();
    for (name, bytes) in made {
        let name = name.trim_start_matches("./");
        let name = name.strip_prefix(address::SEARCH_BUNDLE).unwrap_or(name);
        let interface = name.starts_with("pagefind-ui")
            || name.starts_with("pagefind-modular-ui")
            || name.starts_with("pagefind-component-ui")
            || name.starts_with("pagefind-highlight")
            || name.starts_with("playground/");
        if !interface {
            files.insert(format!("{}{name}", address::SEARCH_BUNDLE), bytes.into());
        }
    }
    files
}

#[cfg(feature = "search")]
fn indexer_error(e: impl std::fmt::Display) -> Error {
    Error::system(
        "the search index could not be made",
        e,
        "set `search = false` in site.toml to build without search, and report this as a bug in privet",
    )
}
