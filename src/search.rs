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

use crate::address::{self, Page};
use crate::config::Config;
use crate::content::{Doc, Localized, Site};
use crate::error::{Error, Result};
use crate::files::Files;
use crate::i18n::Strings;
use crate::versions;

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
        let mut push = |page: Page, title: String, status: String, archived: bool, doc: Arc<Doc>| {
            out.push(Record {
                url: page.address(config, lang),
                lang: tag.clone(),
                title,
                status,
                archived,
                doc,
            });
        };
        if let Some(doc) = site.home.as_ref().and_then(own) {
            let title = doc.front.title.clone().unwrap_or_else(|| t.get("home"));
            push(Page::Home, title, t.get("home"), false, doc);
        }
        for p in &site.policies {
            let policy_title = p.index.get(lang).0.front.title.clone().unwrap_or_else(|| p.slug.clone());
            let Some(current) = versions::in_force(&p.versions, today) else { continue };
            for (i, version) in p.versions.iter().enumerate().take(current + 1) {
                let Some(doc) = own(&version.docs) else { continue };
                let title = doc.front.title.clone().unwrap_or_else(|| policy_title.clone());
                if i == current {
                    let status = t.get("in_force_since").replace("{date}", &t.date(version.effective));
                    push(Page::Policy(&p.slug), title, status, false, doc);
                } else {
                    let status = t.get("search_archived").replace("{date}", &t.date(version.effective));
                    push(Page::Version(&p.slug, &version.slug), title, status, true, doc);
                }
            }
        }
        if let Some(faq) = &site.faq {
            if let Some(doc) = faq.index.as_ref().and_then(own).filter(|d| !d.body.html.trim().is_empty()) {
                let title = doc.front.title.clone().unwrap_or_else(|| t.get("faq"));
                push(Page::Faq, title, t.get("faq_short"), false, doc);
            }
            for q in &faq.questions {
                if let Some(doc) = own(&q.docs) {
                    let title = doc.front.title.clone().unwrap_or_else(|| q.slug.clone());
                    push(Page::Question(&q.slug), title, t.get("faq_short"), false, doc);
                }
            }
        }
        if let Some(doc) = site.contact.as_ref().and_then(own) {
            let title = doc.front.title.clone().unwrap_or_else(|| t.get("contact"));
            push(Page::Contact, title, t.get("contact"), false, doc);
        }
    }
    Records(out)
}

/// The index and its browser files (`pagefind/pagefind.js`, the worker, the
/// WebAssembly of each language, the index chunks), by output name.
#[cfg(feature = "search")]
pub fn index(records: &Records) -> Result<Files> {
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| {
        Error::system("cannot start the search indexer", e, "the machine may be out of threads or memory")
    })?;
    runtime.block_on(async {
        let options = pagefind::options::PagefindServiceConfig::builder().keep_index_url(false).build();
        let mut pagefind = pagefind::api::PagefindIndex::new(Some(options)).map_err(indexer_error)?;
        for r in &records.0 {
            let text = format!("{}. {}", r.title, crate::markdown::text_of_html(&r.doc.body.html));
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
        Ok(bundle(made.into_iter().map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))))
    })
}

/// Without the `search` feature there is no indexer (and `Config::search` is false).
#[cfg(not(feature = "search"))]
pub fn index(_records: &Records) -> Result<Files> {
    Ok(Files::new())
}

/// Pagefind's files below [`address::SEARCH_BUNDLE`]; its ready-made
/// interfaces are left out (the theme has its own search page), and so is
/// its playground.
fn bundle(made: impl Iterator<Item = (String, Vec<u8>)>) -> Files {
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
fn indexer_error(e: anyhow::Error) -> Error {
    Error::system(
        "the search index could not be made",
        format!("{e:#}"),
        "set `search = false` in site.toml to build without search, and report this as a bug in privet",
    )
}
