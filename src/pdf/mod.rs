//! A PDF of every version in every language it is written in
//! (`pdf = true`), typeset by Typst as a library, no browser involved.
//!
//! The render lists what each PDF shows ([`Document`]); this module decides
//! which must be typeset and which can be taken as they are. A PDF's key is
//! the SHA-256 of everything it is made from (privet's version, the
//! template, the facts, the text's source and the settings its HTML
//! follows, see [`Document::made_from`]): a build takes a PDF from the
//! previous output (its `versions.json` records each key) or, in `serve`,
//! from the last build, when the key is the same; only new or corrected
//! versions, or all after a change of template, are typeset again.
//!
//! A language's readers get the PDF of the text they read: a version not
//! translated into a language has no PDF of its own there, its page links
//! the PDF of the language it falls back to.

pub mod markup;
#[cfg(feature = "pdf")]
mod typeset;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Doc;
use crate::error::{Diagnostic, Result};
use crate::files::Sink;

/// The PDF template's name among the theme's templates (`templates/pdf.typ`).
pub const TEMPLATE: &str = "pdf.typ";

/// What one PDF shows, as a reader of its language reads it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The output file (`privacy/2025-06-15/privacy-2025-06-15-en.pdf`).
    pub file: String,
    /// The text's file, relative to the site root, for errors.
    pub source: PathBuf,
    /// The text's language, in the site's words ("Deutsch"), for errors.
    pub language_name: String,
    pub facts: Facts,
    pub body: Body,
    /// What the text's HTML is made from, for the key: a Markdown text's
    /// source hash and the settings its links depend on, or a table's HTML
    /// hash. Not the HTML itself: `serve` does not minify it, and takes
    /// the PDFs of the last `privet build` all the same.
    pub made_from: String,
}

/// The text of a PDF: a Markdown version's HTML, or a register's table.
#[derive(Debug, Clone)]
pub enum Body {
    Doc(Arc<Doc>),
    Html(String),
}

impl Body {
    fn html(&self) -> &str {
        match self {
            Body::Doc(doc) => &doc.body.html,
            Body::Html(html) => html,
        }
    }
}

/// What the template is told besides the text; nothing that changes after
/// publication (no status, no build date).
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    pub title: String,
    pub organization: String,
    /// "Effective 15 June 2025", in the text's language.
    pub effective: String,
    /// The day it takes effect, `YYYY-MM-DD`: the PDF's date.
    pub date: String,
    /// The version page's permanent address in this language, absolute.
    pub address: String,
    /// The text's BCP 47 tag, and its direction (`ltr`, `rtl`).
    pub tag: String,
    pub dir: &'static str,
    /// SHA-256 of the text as `versions.lock` records it.
    pub sha256: String,
    /// Corrections on the record, oldest first: the day in the text's words, and the note.
    pub corrections: Vec<(String, String)>,
    /// The theme's words the template prints, by name (`address`, `sha256`, `corrections`, `page`).
    pub labels: BTreeMap<&'static str, String>,
}

/// A PDF as `versions.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub sha256: String,
    /// The SHA-256 of what it was typeset from (see the module's documentation).
    pub key: String,
}

/// PDFs a build can take instead of typesetting them, by key.
#[derive(Debug, Default)]
pub struct Cache {
    made: HashMap<String, Stored>,
}

#[derive(Debug, Clone)]
enum Stored {
    /// Kept in memory by `serve`, with its SHA-256.
    Bytes(Arc<[u8]>, String),
    /// In the previous output, with the SHA-256 its `versions.json` gives.
    File(PathBuf, String),
}

impl Cache {
    /// PDFs in files, each `(key, path, SHA-256)`: those a previous build
    /// listed (`crate::manifest::previous_pdfs`). A file is taken only while
    /// it still has its hash.
    pub fn of_files(files: impl IntoIterator<Item = (String, PathBuf, String)>) -> Cache {
        Cache {
            made: files.into_iter().map(|(key, path, sha256)| (key, Stored::File(path, sha256))).collect(),
        }
    }

    /// The bytes of the PDF with `key` and their SHA-256, when there is
    /// one and it is intact: hashed once, when it was made or listed.
    fn take(&self, key: &str) -> Option<(Arc<[u8]>, String)> {
        match self.made.get(key)? {
            Stored::Bytes(bytes, sha256) => Some((Arc::clone(bytes), sha256.clone())),
            Stored::File(path, sha256) => {
                let bytes = std::fs::read(path).ok()?;
                (crate::files::sha256_hex(&bytes) == *sha256).then(|| (bytes.into(), sha256.clone()))
            }
        }
    }
}

/// A PDF put into the sink: its SHA-256, and its bytes when they are kept.
type Put = (String, Option<Arc<[u8]>>);

/// PDFs typeset by one set of threads: see [`in_fresh_threads`].
const BATCH: usize = 64;

/// Runs `work` on a thread pool of its own, ended afterwards. Typst's PDF
/// export leaves each thread's memory fragmented: on threads that live on,
/// a build of 1,700 PDFs held 4.5 GB; memory of threads that end is given back.
fn in_fresh_threads<T: Send>(stack_size: usize, work: impl FnOnce() -> T + Send) -> T {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(rayon::current_num_threads())
        .stack_size(stack_size)
        .thread_name(|i| format!("privet-pdf-{i}"))
        .build();
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// The key of a document: what its PDF is made from, hashed.
fn key(doc: &Document, template: &str) -> String {
    let facts = serde_json::to_string(&doc.facts).unwrap_or_default();
    let text = [env!("CARGO_PKG_VERSION"), template, &facts, &doc.made_from].join("\0");
    crate::files::sha256_hex(text.as_bytes())
}

/// Puts each document's PDF into `sink`, typesetting only those the cache
/// does not have; returns each PDF's hashes by file, and what kept any
/// from being made (a missing font, an error in the template). With
/// `keep`, the cache holds this build's PDFs afterwards, and only those.
/// Typst runs on threads with `stack_size` bytes of stack (`crate::STACK_SIZE`).
pub fn make(
    docs: &[Document],
    template: &(String, String),
    cache: &mut Cache,
    keep: bool,
    sink: &dyn Sink,
    stack_size: usize,
) -> Result<(BTreeMap<String, Made>, Vec<Diagnostic>)> {
    let keys: Vec<String> = docs.par_iter().map(|doc| key(doc, &template.0)).collect();
    // Whether the cache lists it; its bytes are read when it is put, one at a time.
    let listed: Vec<bool> = keys.iter().map(|key| cache.made.contains_key(key)).collect();
    // Fonts are checked once per language, for the texts to be typeset only.
    let mut failed = Vec::new();
    let mut unprintable = std::collections::HashSet::new();
    let mut languages: BTreeMap<&str, Vec<&Document>> = BTreeMap::new();
    for (doc, listed) in docs.iter().zip(&listed) {
        if !listed {
            languages.entry(doc.facts.tag.as_str()).or_default().push(doc);
        }
    }
    for (tag, docs) in languages {
        if let Err(diagnostic) = fonts_for(&docs) {
            failed.push(diagnostic);
            unprintable.insert(tag);
        }
    }
    // Each PDF goes to the sink as soon as it is made: a build holds its hash, not its bytes
    // (but `serve`, which keeps them for the next build).
    let one = |doc: &Document, key: &str| -> Option<Result<Put>> {
        let (bytes, sha256) = match cache.take(key) {
            Some(taken) => taken,
            None if unprintable.contains(doc.facts.tag.as_str()) => return None,
            None => match typeset_one(doc, template) {
                Ok(bytes) => {
                    let sha256 = crate::files::sha256_hex(&bytes);
                    (Arc::from(bytes), sha256)
                }
                Err(e) => return Some(Err(e)),
            },
        };
        let put = sink.put_shared(&doc.file, &bytes);
        Some(put.map(|()| (sha256, keep.then_some(bytes))))
    };
    let jobs: Vec<(&Document, &String)> = docs.iter().zip(&keys).collect();
    let mut results = Vec::with_capacity(jobs.len());
    for batch in jobs.chunks(BATCH) {
        results.extend(in_fresh_threads(stack_size, || {
            batch.par_iter().map(|(doc, key)| one(doc, key)).collect::<Vec<_>>()
        }));
    }
    cache.made.clear();
    let mut hashes = BTreeMap::new();
    for ((result, doc), key) in results.into_iter().zip(docs).zip(keys) {
        match result {
            Some(Ok((sha256, kept))) => {
                if let Some(bytes) = kept {
                    cache.made.insert(key.clone(), Stored::Bytes(bytes, sha256.clone()));
                }
                hashes.insert(doc.file.clone(), Made { sha256, key });
            }
            Some(Err(crate::Error::Site(diagnostics))) => failed.extend(diagnostics),
            Some(Err(other)) => failed.push(Diagnostic::new(&doc.source, other.to_string())),
            None => {}
        }
    }
    Ok((hashes, failed))
}

/// Whether the machine has fonts for every character of these texts (one
/// language's): a missing one would print as an empty box.
fn fonts_for(docs: &[&Document]) -> std::result::Result<(), Diagnostic> {
    // In the order of the text, so the sample is what an editor sees first;
    // each with the document it was first seen in, for the message.
    let mut chars = Vec::new();
    let mut first_in = HashMap::new();
    for &doc in docs {
        let f = &doc.facts;
        let texts = [doc.body.html(), &f.title, &f.organization, &f.effective];
        let labels = f.labels.values().map(String::as_str);
        let corrections = f.corrections.iter().flat_map(|(d, n)| [d.as_str(), n.as_str()]);
        for text in texts.into_iter().chain(labels).chain(corrections) {
            // Markup and entities are ASCII, which the embedded fonts have.
            for c in text.chars().filter(|c| !c.is_ascii()) {
                first_in.entry(c).or_insert_with(|| {
                    chars.push(c);
                    doc
                });
            }
        }
    }
    let missing = uncovered(&chars);
    let Some(first) = missing.first() else { return Ok(()) };
    let doc = first_in.get(first).copied().unwrap_or(docs[0]);
    let sample: Vec<String> = missing.iter().take(6).map(|c| format!("{c} (U+{:04X})", *c as u32)).collect();
    Err(Diagnostic::new(
        crate::config::CONFIG_FILE,
        format!(
            "no font on this machine can show the {} ({}) text of the PDFs: {} in {} and others would print as empty boxes",
            docs[0].language_name,
            docs[0].facts.tag,
            sample.join(", "),
            crate::files::slash_path(&doc.source),
        ),
    )
    .hint(format!(
        "install fonts for {}, e.g. Debian's `{}`, and build again; or turn PDFs off with `pdf = false` in site.toml",
        docs[0].language_name,
        package_for(*first)
    )))
}

/// The Debian package of Noto fonts that covers `c`'s script.
fn package_for(c: char) -> &'static str {
    match c as u32 {
        0x1100..=0x11FF
        | 0x2E80..=0x2FDF
        | 0x3000..=0x30FF
        | 0x3100..=0x31FF
        | 0x3200..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF => "fonts-noto-cjk",
        0x1F000..=0x1FAFF | 0x2600..=0x27BF => "fonts-noto-color-emoji",
        _ => "fonts-noto-core",
    }
}

#[cfg(feature = "pdf")]
fn uncovered(chars: &[char]) -> Vec<char> {
    typeset::uncovered(chars)
}

#[cfg(not(feature = "pdf"))]
fn uncovered(_chars: &[char]) -> Vec<char> {
    Vec::new()
}

#[cfg(feature = "pdf")]
fn typeset_one(doc: &Document, template: &(String, String)) -> Result<Vec<u8>> {
    typeset::pdf(doc, template)
}

/// Without the feature `Config::pdf` is never set, so nothing asks for a PDF.
#[cfg(not(feature = "pdf"))]
fn typeset_one(doc: &Document, _template: &(String, String)) -> Result<Vec<u8>> {
    Err(crate::Error::system(
        format!("cannot typeset {}", doc.file),
        "this privet was built without the `pdf` feature",
        "build privet with its default features, or set pdf = false in site.toml",
    ))
}

/// The Typst source of a document's PDF: the template's `version` applied
/// to its facts, then its text.
pub fn main_source(doc: &Document) -> String {
    let s = markup::string;
    let f = &doc.facts;
    let (lang, region, script) = markup::split_tag(&f.tag);
    let option = |v: &Option<String>| v.as_deref().map(s).unwrap_or_else(|| "none".into());
    let date = f
        .date
        .parse::<jiff::civil::Date>()
        .map(|d| format!("datetime(year: {}, month: {}, day: {})", d.year(), d.month(), d.day()))
        .unwrap_or_else(|_| "none".into());
    let labels: Vec<String> = f.labels.iter().map(|(k, v)| format!("{k}: {}", s(v))).collect();
    let corrections: Vec<String> =
        f.corrections.iter().map(|(d, n)| format!("(date: {}, note: {}),", s(d), s(n))).collect();
    let body = markup::of_html(doc.body.html(), &|href| resolve(&f.address, href));
    format!(
        "#import \"/{TEMPLATE}\": version\n#show: version.with(\n  title: {},\n  organization: {},\n  effective: {},\n  date: {date},\n  address: {},\n  lang: {},\n  region: {},\n  script: {},\n  dir: {},\n  sha256: {},\n  labels: ({}),\n  corrections: ({}),\n)\n{body}",
        s(&f.title),
        s(&f.organization),
        s(&f.effective),
        s(&f.address),
        s(&lang),
        option(&region),
        option(&script),
        f.dir,
        s(&f.sha256),
        if labels.is_empty() { ":".to_string() } else { labels.join(", ") },
        corrections.join(" "),
    )
}

/// A link of the text as an absolute URL, resolved against the version's
/// page (`page`, absolute); `None` for what a PDF cannot follow.
fn resolve(page: &str, href: &str) -> Option<String> {
    let href = href.trim();
    let scheme = href.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    if let Some(scheme) = scheme.filter(|s| s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    {
        return ["http", "https", "mailto", "tel"].contains(&scheme.as_str()).then(|| href.to_string());
    }
    let origin_end = page.find("://").map(|i| i + 3).and_then(|i| page[i..].find('/').map(|j| i + j))?;
    let (origin, path) = page.split_at(origin_end);
    if let Some(rest) = href.strip_prefix("//") {
        return Some(format!("{}//{rest}", &page[..page.find("//")?]));
    }
    if href.starts_with('/') {
        return Some(format!("{origin}{href}"));
    }
    if href.starts_with('#') || href.starts_with('?') {
        let page = page.split(['#', '?']).next().unwrap_or(page);
        return Some(format!("{page}{href}"));
    }
    // Relative: against the page's folder, with `..` and `.` worked out.
    let mut segments: Vec<&str> = path.split('/').collect();
    segments.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                if segments.len() > 1 {
                    segments.pop();
                }
            }
            "." => {}
            part => segments.push(part),
        }
    }
    Some(format!("{origin}{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_version_page() {
        let page = "https://example.com/de/privacy/2025-06-15/";
        assert_eq!(resolve(page, "/faq/").as_deref(), Some("https://example.com/faq/"));
        assert_eq!(
            resolve(page, "../2024-01-01/").as_deref(),
            Some("https://example.com/de/privacy/2024-01-01/")
        );
        assert_eq!(resolve(page, "#x").as_deref(), Some("https://example.com/de/privacy/2025-06-15/#x"));
        assert_eq!(resolve(page, "mailto:dpo@example.com").as_deref(), Some("mailto:dpo@example.com"));
        assert_eq!(resolve(page, "javascript:alert(1)"), None);
    }
}
