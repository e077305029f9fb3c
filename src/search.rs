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

use crate::address::Page;
use crate::config::Config;
use crate::content::{Doc, Localized, Site};
use crate::error::Result;
use crate::files::Files;
use crate::i18n::Strings;
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
    /// For an archived version, the same language's newer texts of the
    /// policy (the version in force first): a passage they also have is
    /// indexed under the newest of them, so each passage a policy ever had
    /// is indexed once.
    pub newer: Vec<Arc<Doc>>,
}

/// Everything a site's search finds.
#[derive(Debug, Clone, Default)]
pub struct Records(pub Vec<Record>);

impl Records {
    /// The most bytes of text one record has (its document's HTML).
    pub fn largest(&self) -> usize {
        self.0.iter().map(|r| r.doc.body.html.len()).max().unwrap_or(0)
    }
}

/// What is indexed, per language, on `today` (`strings` in site.toml's language order).
pub fn records(config: &Config, site: &Site, strings: &[Strings]) -> Records {
    let mut out = Vec::new();
    for (lang, language) in config.languages.iter().enumerate() {
        let t = &strings[lang];
        let tag = language.tag.to_lowercase();
        // The reader's own translation, never a fallback from another language.
        let own = |docs: &Localized| docs.0.get(lang).and_then(|d| d.clone());
        let mut push =
            |page: Page, title: String, status: String, newer: Option<Vec<Arc<Doc>>>, doc: Arc<Doc>| {
                let url = page.address(config, lang);
                let archived = newer.is_some();
                let newer = newer.unwrap_or_default();
                out.push(Record { url, lang: tag.clone(), title, status, archived, doc, newer });
            };
        if let Some(doc) = site.home.as_ref().and_then(own) {
            let title = doc.front.title.clone().unwrap_or_else(|| t.get("home"));
            push(Page::Home, title, t.get("home"), None, doc);
        }
        for p in &site.policies {
            let policy_title = p.index.get(lang).0.front.title.clone().unwrap_or_else(|| p.slug.clone());
            let Some(current) = p.timeline.in_force() else { continue };
            if p.register().is_some() {
                // A register's rows in force, each a result at its anchor.
                let Some(doc) = own(&p.versions[current].docs) else { continue };
                for (id, title, html) in row_texts(&doc, &language.tag) {
                    let row = Arc::new(Doc {
                        body: crate::markdown::Rendered { html, ..Default::default() },
                        ..Doc::clone(&doc)
                    });
                    push(Page::CurrentRow(&p.slug, &id), title, policy_title.clone(), None, row);
                }
                continue;
            }
            // Newest first: each archived text is indexed less what its newer ones say.
            let mut newer: Vec<Arc<Doc>> = Vec::new();
            for (i, version) in p.versions.iter().enumerate().take(current + 1).rev() {
                let Some(doc) = own(&version.docs) else { continue };
                let title = doc.front.title.clone().unwrap_or_else(|| policy_title.clone());
                if i == current {
                    let status = t.get("in_force_since").replace("{date}", &t.date(version.effective));
                    push(Page::Policy(&p.slug), title, status, None, Arc::clone(&doc));
                } else {
                    let status = t.get("search_archived").replace("{date}", &t.date(version.effective));
                    push(
                        Page::Version(&p.slug, &version.slug),
                        title,
                        status,
                        Some(newer.clone()),
                        Arc::clone(&doc),
                    );
                }
                newer.push(doc);
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

/// Each row of a register version as (id, name, what search reads of it):
/// its name, provider, purpose, data, places and transfer safeguard.
fn row_texts(doc: &Doc, tag: &str) -> Vec<(String, String, String)> {
    let Some(rows) = &doc.register else { return Vec::new() };
    let names = crate::countries::Names::new(tag);
    rows.entries
        .iter()
        .map(|e| {
            let mut html = String::new();
            for key in ["name", "provider", "purpose", "data", "location", "transfer", "duration"] {
                let Some(cell) = e.get(key) else { continue };
                let items: Vec<String> = cell
                    .value
                    .items()
                    .iter()
                    .map(|i| {
                        if key == "location" {
                            names.of(i).unwrap_or_else(|| i.to_string())
                        } else {
                            i.to_string()
                        }
                    })
                    .collect();
                html.push_str(&format!("<p>{}</p>", crate::html::escape(&items.join(", "))));
            }
            (e.id.clone(), e.name().to_string(), html)
        })
        .collect()
}

/// The index and its browser files (`pagefind/pagefind.js`, the worker, the
/// WebAssembly of each language, the index chunks), by output name, made
/// by `threads` threads (this one among them), a language each at a time.
/// `serve` indexes on one in the background, so a rebuild keeps the other core.
#[cfg(feature = "search")]
pub fn index(records: &Records, threads: usize) -> Result<Files> {
    index_during(records, threads.saturating_sub(1), || ()).1
}

/// Each language's index files of an earlier run, by what they were made
/// from ([`Made`]): `serve` keeps them, so a save re-indexes only the
/// languages whose records changed (an edit to an English text, English's).
#[derive(Default)]
#[cfg_attr(not(feature = "search"), allow(dead_code))]
pub struct Reuse {
    languages: std::collections::HashMap<String, (u64, Files)>,
}

/// [`index`] reusing the languages of `reuse` whose records are the same,
/// on this thread; `reuse` then holds this run's languages.
#[cfg(feature = "search")]
pub fn index_reusing(records: &Records, reuse: &mut Reuse) -> Result<Files> {
    let made = Indexer::new(records);
    let fingerprints: Vec<u64> = made.langs.iter().map(|lang| fingerprint(records, lang)).collect();
    {
        let mut runs = made.runs.lock().unwrap_or_else(|p| p.into_inner());
        for (i, lang) in made.langs.iter().enumerate() {
            if let Some((_, files)) = reuse.languages.get(*lang).filter(|(f, _)| *f == fingerprints[i]) {
                runs[i] = Some(Ok(files.clone()));
            }
        }
    }
    made.work();
    let runs = made.runs.lock().unwrap_or_else(|p| p.into_inner());
    reuse.languages = made
        .langs
        .iter()
        .zip(&fingerprints)
        .zip(runs.iter())
        .filter_map(|((lang, f), run)| match run {
            Some(Ok(files)) => Some((lang.to_string(), (*f, files.clone()))),
            _ => None,
        })
        .collect();
    drop(runs);
    made.finish()
}

/// A hash of everything a language's index is made from: its records'
/// addresses, titles, statuses and texts, in order.
#[cfg(feature = "search")]
fn fingerprint(records: &Records, lang: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // Each text hashed once, however many older versions list it as newer
    // (hashing it for each was quadratic in the versions: a fifth of serve's
    // CPU after a save on LARGE).
    let mut texts: std::collections::HashMap<*const u8, u64> = Default::default();
    let mut text = |doc: &Doc| {
        *texts.entry(doc.body.html.as_ptr()).or_insert_with(|| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            // A Markdown text's HTML follows from its file's bytes (and the
            // settings, which start serve's caches afresh): their SHA-256
            // stands for it, and hashing megabytes of HTML again after every
            // save does not. A register's rows merge another file's.
            match doc.register {
                None => doc.source_sha256.hash(&mut h),
                Some(_) => doc.body.html.hash(&mut h),
            }
            h.finish()
        })
    };
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for r in records.0.iter().filter(|r| r.lang == lang) {
        (&r.url, &r.title, &r.status, r.archived, text(&r.doc)).hash(&mut h);
        for newer in &r.newer {
            text(newer).hash(&mut h);
        }
    }
    h.finish()
}

/// [`index`] on `helpers` threads of its own while this one runs `during`,
/// then on this one too, until every language is made. `build` renders
/// during it: the index needs only the model, and a third thread fills
/// the moments the render leaves a core idle.
#[cfg(feature = "search")]
pub fn index_during<T>(records: &Records, helpers: usize, during: impl FnOnce() -> T) -> (T, Result<Files>) {
    let made = Indexer::new(records);
    let indexer = &made;
    let done = std::thread::scope(|scope| {
        // A helper that cannot start leaves its share to this thread; one
        // that panics leaves its language unmade, which `finish` reports.
        // Each helper is a rayon pool of one thread: Pagefind's own
        // `par_iter`s then run on it, where on rayon's global pool they
        // would wait behind the render's work and scatter a language's
        // memory over the render's threads.
        let helpers: Vec<_> = (0..helpers)
            .filter_map(|_| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(|_| "privet-search".into())
                    .build()
                    .ok()?;
                std::thread::Builder::new()
                    .name("privet-search-wait".into())
                    .spawn_scoped(scope, move || pool.install(|| indexer.work()))
                    .ok()
            })
            .collect();
        let done = during();
        // `during` (the build's render) is done: an index's files may be
        // gzipped on its threads as well (they would compete with it before).
        indexer.gzip_threads.store(helpers.len() + 1, std::sync::atomic::Ordering::Relaxed);
        indexer.work();
        for helper in helpers {
            let _ = helper.join();
        }
        done
    });
    (done, made.finish())
}

/// The index, made a language at a time by whichever threads call
/// [`Indexer::work`].
///
/// A language at a time: Pagefind keeps every text it was given until it
/// writes the index, so a thread holds one language's texts at once, not
/// the site's. The loader's entry file, which lists the languages, is
/// merged from the runs.
#[cfg(feature = "search")]
struct Indexer<'a> {
    records: &'a Records,
    langs: Vec<&'a str>,
    next: std::sync::atomic::AtomicUsize,
    runs: std::sync::Mutex<Vec<Option<Result<Files>>>>,
    /// How many threads an index's files are gzipped on, read when they
    /// are: one while the render runs beside the index, more after.
    gzip_threads: std::sync::atomic::AtomicUsize,
}

#[cfg(feature = "search")]
impl<'a> Indexer<'a> {
    fn new(records: &'a Records) -> Self {
        let mut langs: Vec<&str> = records.0.iter().map(|r| r.lang.as_str()).collect();
        langs.sort_unstable();
        langs.dedup();
        // The costliest first, so the last language started is a small one
        // and no thread waits long for another to finish.
        langs.sort_by_cached_key(|lang| std::cmp::Reverse(cost(records, lang)));
        let runs = std::sync::Mutex::new(langs.iter().map(|_| None).collect());
        Indexer { records, langs, next: Default::default(), runs, gzip_threads: 1.into() }
    }

    /// Indexes languages until none is left (or one failed).
    fn work(&self) {
        use std::sync::atomic::Ordering;
        // One runtime for all the languages this thread indexes. Pagefind
        // reads each text on the calling thread (vendor/pagefind.patch, 4),
        // so a language's memory is made and freed by one thread and reused
        // by its next language.
        let mut runtime = None;
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(lang) = self.langs.get(i) else { return };
            // Reused from an earlier run ([`index_reusing`]).
            if self.runs.lock().unwrap_or_else(|p| p.into_inner())[i].is_some() {
                continue;
            }
            let run = self.language(lang, &mut runtime);
            let failed = run.is_err();
            self.runs.lock().unwrap_or_else(|p| p.into_inner())[i] = Some(run);
            if failed {
                self.stop();
            }
        }
    }

    /// No language is started after this (one failed).
    fn stop(&self) {
        self.next.store(self.langs.len(), std::sync::atomic::Ordering::Relaxed);
    }

    fn language(&self, lang: &str, runtime: &mut Option<tokio::runtime::Runtime>) -> Result<Files> {
        let started = std::time::Instant::now();
        let runtime = match runtime {
            Some(runtime) => runtime,
            None => runtime.insert(tokio::runtime::Builder::new_current_thread().build().map_err(|e| {
                Error::system(
                    "cannot start the search indexer",
                    e,
                    "the machine may be out of threads or memory",
                )
            })?),
        };
        let (made, count, bytes) = runtime
            .block_on(index_language(self.records.0.iter().filter(|r| r.lang == lang), &self.gzip_threads))?;
        if std::env::var_os("PRIVET_TIMINGS").is_some() {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            eprintln!("  search index {lang:<9} {ms:>7.1} ms ({count} records, {} kB of text)", bytes / 1000);
        }
        Ok(bundle(made))
    }

    /// The files of every language, once [`Indexer::work`] has returned on every thread that called it.
    fn finish(self) -> Result<Files> {
        let runs = self.runs.into_inner().unwrap_or_else(|p| p.into_inner());
        let mut files = Files::new();
        let mut entry: Option<serde_json::Value> = None;
        for (run, lang) in runs.into_iter().zip(&self.langs) {
            let run = run.ok_or_else(|| {
                indexer_error(format!("the index of language {lang} was not made (its thread stopped)"))
            })??;
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
}

/// About what indexing a language takes: its text's length, twice over
/// for the languages Pagefind cuts into words with a dictionary.
#[cfg(feature = "search")]
fn cost(records: &Records, lang: &str) -> usize {
    let bytes: usize = records.0.iter().filter(|r| r.lang == lang).map(|r| r.doc.body.html.len()).sum();
    let segmented = matches!(lang.split('-').next(), Some("zh" | "ja" | "th"));
    if segmented { 2 * bytes } else { bytes }
}

/// The file that tells Pagefind's loader which languages have an index.
#[cfg(feature = "search")]
const ENTRY: &str = "pagefind-entry.json";

/// One language's records into Pagefind's files.
#[cfg(feature = "search")]
async fn index_language<'a>(
    records: impl Iterator<Item = &'a Record>,
    gzip_threads: &std::sync::atomic::AtomicUsize,
) -> Result<(Vec<(String, Vec<u8>)>, usize, usize)> {
    let (mut count, mut bytes) = (0, 0);
    let options = pagefind::options::PagefindServiceConfig::builder().keep_index_url(false).build();
    let mut pagefind = pagefind::api::PagefindIndex::new(Some(options)).map_err(indexer_error)?;
    let records: Vec<&Record> = records.collect();
    let all = titled_texts(&records, true);
    for (r, text) in records.iter().zip(all) {
        // An archived version that says nothing its newer ones do not is found through them.
        let Some(Text { text, anchors }) = text else { continue };
        count += 1;
        bytes += text.len();
        let meta = [
            ("title".to_string(), r.title.clone()),
            ("status".to_string(), r.status.clone()),
            ("archived".to_string(), if r.archived { "1" } else { "0" }.to_string()),
        ];
        pagefind
            .add_custom_record_with_anchors(
                r.url.clone(),
                text,
                r.lang.clone(),
                Some(meta.into()),
                None,
                None,
                anchors,
            )
            .await
            .map_err(indexer_error)?;
    }
    let made = pagefind
        .get_files_gzipping_on(|| gzip_threads.load(std::sync::atomic::Ordering::Relaxed))
        .await
        .map_err(indexer_error)?;
    let made = made.into_iter().map(|f| (crate::files::slash_path(&f.filename), f.contents)).collect();
    Ok((made, count, bytes))
}

/// The text each record is found by, in the records' order: its
/// document's, and for an archived version only the passages none of its
/// newer texts has (a query for a passage still in force finds the version
/// in force; one no longer in force finds the newest archived version that
/// has it, not each of the older ones too).
pub fn texts(records: &[&Record]) -> Vec<String> {
    titled_texts(records, false).into_iter().map(|t| t.map(|t| t.text).unwrap_or_default()).collect()
}

/// What the index reads of a record: its text, and the sections it starts.
#[derive(Debug, Default)]
struct Text {
    text: String,
    /// Pagefind's anchor (`N:ID`) → the heading's text, for each heading
    /// with an id that `text` marks where it starts ([`push_anchored_text`]).
    anchors: std::collections::BTreeMap<String, String>,
}

/// [`texts`] as the index reads them (`for_index`): each after its record's
/// title, a text in force with its sections marked, written in place: a
/// text can be many megabytes. `None` for an archived version that says
/// nothing its newer versions do not.
fn titled_texts(records: &[&Record], for_index: bool) -> Vec<Option<Text>> {
    // Fx, not SipHash: these maps are keyed by pointers and by every passage
    // of every text, and the site's own texts need no guard against flooding.
    use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
    let start = |r: &Record, len: usize| {
        let mut s = String::with_capacity(len + r.title.len() + 1);
        if for_index {
            s.push_str(&r.title);
        }
        s
    };
    let finish = |r: &Record, kept: &[&str]| {
        if kept.is_empty() && r.archived {
            return None;
        }
        let mut s = start(r, kept.iter().map(|k| k.len() + 1).sum());
        for k in kept {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(k);
        }
        Some(Text { text: s, anchors: Default::default() })
    };
    // Each text split into its passages once, however many older versions ask.
    let mut split: HashMap<*const Doc, Vec<String>> = HashMap::default();
    for r in records.iter().filter(|r| r.archived) {
        for doc in r.newer.iter().chain([&r.doc]) {
            split.entry(Arc::as_ptr(doc)).or_insert_with(|| blocks(&doc.body.html).collect());
        }
    }
    let passages = |doc: &Arc<Doc>| split.get(&Arc::as_ptr(doc)).map_or(&[][..], Vec::as_slice);
    // Per policy and language (its archived versions' newer texts start
    // with the same text, the version in force): its texts newest first,
    // and for each passage the first of them to say it. An archived
    // version keeps the passages first said at or after its own place, so
    // each is looked up once, not in each newer text again.
    let mut chains: HashMap<*const Doc, (Vec<*const Doc>, HashMap<&str, usize>)> = HashMap::default();
    records
        .iter()
        .map(|r| {
            if !r.archived {
                let mut text = Text { text: start(r, r.doc.body.html.len() / 2), ..Text::default() };
                if for_index {
                    push_anchored_text(&mut text, &r.doc.body.html);
                } else {
                    crate::html::push_text_of_html(&mut text.text, &r.doc.body.html);
                }
                return Some(text);
            }
            let own = passages(&r.doc);
            let Some(head) = r.newer.first() else {
                return finish(r, &own.iter().map(String::as_str).collect::<Vec<_>>());
            };
            let (seen, first) = chains.entry(Arc::as_ptr(head)).or_default();
            let mut chained = true;
            for (place, doc) in r.newer.iter().enumerate() {
                match seen.get(place) {
                    Some(&known) => chained &= known == Arc::as_ptr(doc),
                    None if chained => {
                        seen.push(Arc::as_ptr(doc));
                        for passage in passages(doc) {
                            first.entry(passage.as_str()).or_insert(place);
                        }
                    }
                    None => {}
                }
            }
            let kept: Vec<&str> = if chained {
                let newer = r.newer.len();
                own.iter()
                    .map(String::as_str)
                    .filter(|p| first.get(p).is_none_or(|&at| at >= newer))
                    .collect()
            } else {
                // Newer texts that are not this policy's chain (not made
                // by `records`): each looked up on its own.
                let said: HashSet<&str> =
                    r.newer.iter().flat_map(|n| passages(n).iter().map(String::as_str)).collect();
                own.iter().map(String::as_str).filter(|p| !said.contains(p)).collect()
            };
            finish(r, &kept)
        })
        .collect()
}

/// The text of rendered Markdown appended to `out.text`, with Pagefind's
/// mark where each heading with an id starts (` ___PAGEFIND_ANCHOR___h2:N:ID `,
/// the mark its HTML reader makes) and the heading's text in `out.anchors`:
/// a result then leads to the section that matched, not to the top of a
/// long policy. An archived version's passages are not marked: they are
/// what it no longer shares with its newer texts, out of their sections.
fn push_anchored_text(out: &mut Text, html: &str) {
    let mut rest = html;
    while let Some(at) = find_heading(rest) {
        crate::html::push_text_of_html(&mut out.text, &rest[..at.start]);
        let tag = &rest[at.start..at.body];
        let level = &rest[at.start + 1..at.start + 3];
        let end = crate::html::find_ignore_case(&rest[at.body..], &format!("</{level}"))
            .map_or(rest.len(), |e| at.body + e);
        if let Some(id) = crate::redline::tag_attribute(tag, "id")
            .filter(|id| !id.is_empty() && !id.contains(char::is_whitespace))
        {
            let key = format!("{}:{id}", out.anchors.len());
            let title = crate::html::text_of_html(&rest[at.body..end]);
            out.text.push_str(&format!(" ___PAGEFIND_ANCHOR___{}:{key} ", level.to_ascii_lowercase()));
            out.anchors.insert(key, title);
        }
        crate::html::push_text_of_html(&mut out.text, &rest[at.body..end]);
        rest = &rest[end..];
    }
    crate::html::push_text_of_html(&mut out.text, rest);
}

/// Where a heading's start tag begins and where its content does.
struct Heading {
    start: usize,
    body: usize,
}

/// The next `<h1>` to `<h6>` start tag in `html`.
fn find_heading(html: &str) -> Option<Heading> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', &bytes[from..]).map(|i| from + i) {
        let is_heading = matches!(bytes.get(i + 1), Some(b'h' | b'H'))
            && matches!(bytes.get(i + 2), Some(b'1'..=b'6'))
            && matches!(bytes.get(i + 3), Some(b' ' | b'>' | b'\t' | b'\n' | b'/'));
        if is_heading {
            let body = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
            return Some(Heading { start: i, body });
        }
        from = i + 1;
    }
    None
}

/// The text of each block (paragraph, list item, heading, cell) of rendered
/// Markdown, which may be minified (end tags left out).
fn blocks(html: &str) -> impl Iterator<Item = String> + '_ {
    const STARTS: [&str; 14] =
        ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote", "tr"];
    let mut cuts = vec![0];
    // The memchr crate's search: every archived text passes here.
    for i in memchr::memchr_iter(b'<', html.as_bytes()) {
        let after = &html.as_bytes()[i + 1..];
        let name = &after[..after.iter().take_while(|b| b.is_ascii_alphanumeric()).count()];
        if STARTS.iter().any(|s| s.as_bytes().eq_ignore_ascii_case(name)) {
            cuts.push(i);
        }
    }
    cuts.push(html.len());
    cuts.dedup();
    cuts.windows(2)
        .map(|w| crate::html::text_of_html(&html[w[0]..w[1]]))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .into_iter()
}

/// Without the `search` feature there is no indexer (and `Config::search` is false).
#[cfg(not(feature = "search"))]
pub fn index(_records: &Records, _threads: usize) -> Result<Files> {
    Ok(Files::new())
}

/// Without the `search` feature there is no indexer.
#[cfg(not(feature = "search"))]
pub fn index_reusing(_records: &Records, _reuse: &mut Reuse) -> Result<Files> {
    Ok(Files::new())
}

/// Without the `search` feature, `during` alone.
#[cfg(not(feature = "search"))]
pub fn index_during<T>(
    _records: &Records,
    _helpers: usize,
    during: impl FnOnce() -> T,
) -> (T, Result<Files>) {
    (during(), Ok(Files::new()))
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
