//! privet builds a company's multilingual privacy center from Markdown.
//!
//! Data flows one way: files ([`config`], [`content`]) → model
//! ([`content::Site`]) → pages ([`render`]) → output ([`output`]).
//! `build`, `check` and `serve` share every step up to the last.

pub mod address;
pub mod check;
pub mod config;
pub mod content;
pub mod countries;
pub mod error;
pub mod feed;
pub mod files;
pub mod frontmatter;
pub mod headers;
pub mod html;
pub mod i18n;
pub mod lock;
pub mod manifest;
pub mod markdown;
pub mod minify;
pub mod output;
pub mod pdf;
pub mod redline;
pub mod register;
pub mod render;
pub mod report;
pub mod rows;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod structured;
pub mod theme;
pub mod timeline;
pub mod translations;
pub mod walk;
pub mod wellknown;

/// What unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::Path;

    /// A copy of `tests/fixtures/site` in a folder of its own.
    pub fn fixture_site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site"), dir.path());
        dir
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy(&e.path(), &target)
            } else {
                std::fs::copy(e.path(), target).map(|_| ()).unwrap()
            }
        }
    }
}

use std::path::PathBuf;

use jiff::civil::Date;

pub use config::Config;
pub use error::{Diagnostic, Error, Result};

/// The stack of the threads that load and render a site (the command's,
/// rayon's workers, `serve`'s rebuilds). Parsers and minifiers descend
/// recursively into nested input; content deeper than privet's nesting
/// limits ([`markdown::MAX_NESTING`], [`minify::MAX_DEPTH`]) never reaches
/// them, and this leaves a wide margin for what the limits do not cover
/// (Tera's parser on a template). Only the part used is ever committed.
pub const STACK_SIZE: usize = 256 << 20;

/// What `privet build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// The output folder; default: `output_dir` of site.toml, relative to the root.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// The day treated as today; default: [`today`].
    pub date: Option<Date>,
    pub drafts: bool,
    pub force: bool,
    /// Write and link `privacy.html` instead of `privacy/` (also `ugly_urls` in site.toml).
    pub ugly_urls: bool,
    /// Fail instead of writing `versions.lock` when it would change (CI, deploys).
    pub locked: bool,
}

/// A finished site.
#[derive(Debug)]
pub struct Built {
    pub config: Config,
    /// Every file, for a build in memory ([`generate`], `serve`, `check`);
    /// empty after [`build`], which wrote each page as it was rendered.
    pub files: files::Files,
    /// How many files the site has, and their bytes.
    pub file_count: usize,
    pub bytes: u64,
    /// HTML pages per language, in the order of site.toml.
    pub pages_per_language: Vec<(String, usize)>,
    pub warnings: Vec<Diagnostic>,
    /// `versions.lock` before and after this build.
    pub lock: lock::Update,
    /// `translations.lock` before and after this build, and what is stale.
    pub translations: translations::Update,
    /// What search finds, when the index is left to the caller
    /// ([`Mode::defer_search`]: `serve` indexes after publishing the pages).
    pub search: Option<search::Records>,
    /// With [`Mode::keep`]: what the next build needs of this one, besides
    /// its files, to render only what changed ([`Last`]).
    pub next: Option<Previous>,
}

impl Built {
    /// The records a build keeps beside the content that this one changes
    /// (`versions.lock`, `translations.lock`), each with its one line for the
    /// person who ran it.
    pub fn record_changes(&self) -> Vec<(&'static str, String)> {
        let lock = self.lock.summary().map(|line| (lock::FILE, line));
        let translations = self.translations.summary().map(|line| (translations::FILE, line));
        lock.into_iter().chain(translations).collect()
    }

    /// Writes the records this build changed, next to the content.
    pub fn write_records(&self, root: &std::path::Path) -> Result<()> {
        if self.lock.changed() {
            lock::write(root, &self.lock.after)?;
        }
        if self.translations.changed() {
            translations::write(root, &self.translations.after)?;
        }
        Ok(())
    }
}

/// What a partial render needs of the last good build besides its files:
/// a build hands it on ([`Built::next`]) and the next takes it ([`Last`]).
#[derive(Debug, Clone)]
pub struct Previous {
    /// What the site consisted of (files, dates, drafts): when that
    /// changes, every page is rendered again.
    shape: u64,
    /// The version pages' hashes (for the manifest).
    version_hashes: std::collections::BTreeMap<String, String>,
    /// The compiled theme, reused while only content changes.
    prepared: std::sync::Arc<Prepared>,
    /// The model it was made from: which saves changed only a text
    /// ([`render::Scope::against`]). Its documents are shared with the cache.
    site: std::sync::Arc<content::Site>,
    /// Its translations behind their sources.
    stale: translations::StaleSet,
}

/// The last good build, as a partial render starts from it: its files and
/// what it handed on.
pub type Last<'a> = (&'a std::sync::Arc<files::Files>, &'a Previous);

/// Loads, checks and renders the site without writing anything (`check`).
/// The search index is not made (`Built::search` holds what it would
/// find): it says nothing about the site's files that the render does not.
pub fn generate(opts: &BuildOptions) -> Result<Built> {
    generate_with(load_config(opts)?, opts, Mode::CHECK, &mut Caches::default(), None, &render::Scope::All)
}

/// Loads, checks and renders the site as [`generate`] does, keeping none of
/// its files (`Built::files` is empty): what `check` needs, in the memory of
/// one page at a time rather than the whole site's.
pub fn dry_run(opts: &BuildOptions) -> Result<Built> {
    let tally = files::Tally::default();
    let made = produce(
        load_config(opts)?,
        opts,
        Mode::CHECK,
        &mut Caches::default(),
        None,
        &render::Scope::All,
        &tally,
        &mut |_| {},
    )?;
    let (file_count, bytes) = tally.totals();
    Ok(Built { file_count, bytes, ..made })
}

fn load_config(opts: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url)?;
    }
    Ok(config)
}

/// What a build is for; the switches in which `serve` and `check` differ
/// from `build`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mode {
    /// Keep what this build parsed, diffed and compiled for the next one
    /// ([`Caches`]); a one-off build drops each thing after its last use.
    pub keep: bool,
    /// Leave the search index out and return what it would index instead
    /// (`Built::search`), for a caller that indexes in the background or
    /// not at all.
    pub defer_search: bool,
    /// Typeset the PDFs (with `pdf = true` in site.toml).
    pub pdf: bool,
}

impl Mode {
    /// `privet build`: everything, once.
    pub const BUILD: Mode = Mode { keep: false, defer_search: false, pdf: true };
    /// `privet check`: no index, no PDFs (they say nothing about the site
    /// that the render does not).
    pub const CHECK: Mode = Mode { keep: false, defer_search: true, pdf: false };
    /// `privet serve`: kept for the next save; indexed in the background.
    pub const SERVE: Mode = Mode { keep: true, defer_search: true, pdf: true };
}

/// What builds reuse of each other's work (in `serve`, [`Mode::keep`]):
/// parsed files, computed redlines, the parsed lock. Caches only: the last
/// build itself is passed as a value ([`Last`]). Valid for one site.toml:
/// start afresh when it changes.
#[derive(Debug, Default)]
pub struct Caches {
    pub content: content::Cache,
    pub redlines: render::RedlineCache,
    /// versions.lock as last read, and parsed.
    lock: Option<(Vec<u8>, lock::Lock)>,
    /// translations.lock as last read, and parsed.
    translations: Option<(Vec<u8>, translations::Record)>,
    /// PDFs that need not be typeset again, by what they are made from.
    pub pdfs: pdf::Cache,
}

/// [`generate`] with settings already read, reusing parsed files from
/// `caches`. Only the pages of `scope` are rendered (`serve` computes it from
/// what changed); the others are `last`'s, unless there is none or the
/// site's shape changed, when everything is rendered.
pub fn generate_with(
    config: Config,
    opts: &BuildOptions,
    mode: Mode,
    caches: &mut Caches,
    last: Option<Last>,
    scope: &render::Scope,
) -> Result<Built> {
    generate_pages_first(config, opts, mode, caches, last, scope, &mut |_, _| {})
}

/// [`generate_with`] for `serve`: when only some pages are rendered again,
/// `pages` is handed the whole site as soon as they are, with the last
/// build's feeds, versions.json and PDFs still beside them, and the build
/// then makes those anew. A reader's page reloads without waiting for files
/// that no page shows; nothing after that point can fail in memory.
pub fn generate_pages_first(
    config: Config,
    opts: &BuildOptions,
    mode: Mode,
    caches: &mut Caches,
    last: Option<Last>,
    scope: &render::Scope,
    pages: &mut dyn FnMut(files::Files, &Config),
) -> Result<Built> {
    let memory = files::Memory::default();
    let mut ready = |config: &Config| pages(memory.snapshot(), config);
    let made = produce(config, opts, mode, caches, last, scope, &memory, &mut ready)?;
    let files = memory.into_files();
    let bytes = files.values().map(|b| b.len() as u64).sum();
    Ok(Built { file_count: files.len(), bytes, files, ..made })
}

/// The theme ready to render with: templates compiled, assets hashed.
/// `serve` keeps it while only content changes.
#[derive(Debug)]
pub struct Prepared {
    theme: theme::Theme,
    tera: tera::Tera,
    asset_files: files::Files,
    asset_addresses: std::collections::BTreeMap<String, String>,
    /// The theme's words in each language of the site, in site.toml's order.
    strings: Vec<i18n::Strings>,
}

impl Prepared {
    fn load(config: &Config) -> Result<Prepared> {
        let theme = theme::Theme::load(config)?;
        let tera = render::templates(&theme, config.minify)?;
        let (asset_files, asset_addresses) = output::assets(config, &theme.assets);
        let strings =
            config.languages.iter().map(|l| i18n::Strings::load(&theme, l)).collect::<Result<_>>()?;
        Ok(Prepared { theme, tera, asset_files, asset_addresses, strings })
    }
}

/// A document this large (bytes of HTML) is indexed after the render, not beside it.
const LARGE_TEXT: usize = 4 << 20;

/// Loads the site, renders it and puts every file into `sink`. A partial
/// render calls `pages_ready` once the sink holds every page (see
/// [`generate_pages_first`]).
#[allow(clippy::too_many_arguments)]
fn produce(
    mut config: Config,
    opts: &BuildOptions,
    mode: Mode,
    caches: &mut Caches,
    last: Option<Last>,
    scope: &render::Scope,
    sink: &dyn files::Sink,
    pages_ready: &mut dyn FnMut(&Config),
) -> Result<Built> {
    config.ugly_urls |= opts.ugly_urls;
    let mut clock = Phases::start();
    let date = opts.date.unwrap_or_else(today);
    // The theme (templates compiled, assets minified) needs only the
    // settings: a build from nothing prepares it while the content loads.
    // A rebuild in `serve` may keep the last one, known once content is read.
    // The two lock files (LARGE: 450 kB of TOML each) are read beside the
    // content too: they need only the root.
    let read_locks = |caches_lock: &mut _, caches_translations: &mut _| {
        (
            lock::read_cached(&opts.root, caches_lock),
            translations::read_cached(&opts.root, caches_translations),
        )
    };
    let (site, early, (lock_before, translations_before)) = if last.is_none() {
        let (site, (prepared, locks)) = rayon::join(
            || content::load_cached(&config, opts.drafts, date, &mut caches.content, mode.keep),
            || (Prepared::load(&config), read_locks(&mut caches.lock, &mut caches.translations)),
        );
        (site?, Some(prepared?), locks)
    } else {
        let site = content::load_cached(&config, opts.drafts, date, &mut caches.content, mode.keep)?;
        (site, None, read_locks(&mut caches.lock, &mut caches.translations))
    };
    clock.lap(if early.is_some() { "load content, and theme beside it" } else { "load content" });
    // Before anything is rendered: a frozen version that changed stops the
    // build. The two records are brought up to date side by side.
    let (lock, translations) = rayon::join(
        || lock::update(&config, &site, lock_before?, date),
        || translations_before.map(|before| translations::update(&config, &site, before, date)),
    );
    let (lock, translations) = (lock?, translations?);
    // A partial render is only safe when the site has the same files, dates
    // and drafts as before; then the theme, static files and every address
    // are as they were too (a change to them renders everything).
    let shape = content::shape(&site);
    let base = last.filter(|(_, p)| p.shape == shape && !scope.is_all());
    let scope = match base {
        Some((_, previous)) => scope.against((&previous.site, &previous.stale), (&site, &translations.stale)),
        None => render::Scope::All,
    };
    let scope = &scope;
    let prepared = match (base, early) {
        (Some((_, p)), _) => std::sync::Arc::clone(&p.prepared),
        (None, Some(early)) => std::sync::Arc::new(early),
        (None, None) => std::sync::Arc::new(Prepared::load(&config)?),
    };
    let Prepared { theme, tera, asset_files, asset_addresses, strings } = &*prepared;
    clock.lap("lock and theme");
    let records = config.search.then(|| search::records(&config, &site, strings));
    let inputs = render::Inputs {
        config: &config,
        site: &site,
        theme,
        tera,
        assets: asset_addresses,
        strings,
        today: date,
        stale: &translations.stale,
        lock: &lock.after,
    };
    let mut redlines = std::mem::take(&mut caches.redlines);
    let mut render = || render::render(&inputs, &mut redlines, mode.keep, scope, sink);
    // The index is made from the model, not from rendered pages, so it is
    // made while the render runs: one thread of its own beside the render's
    // two, and this one's once the render is done.
    let (rendered, index) = match &records {
        Some(records) if !mode.defer_search => {
            // A text of many megabytes takes much memory to index and to
            // render: then one after the other, not both at once.
            let helpers = if records.largest() > LARGE_TEXT { 0 } else { 1 };
            let (rendered, index) = search::index_during(records, helpers, render);
            (rendered, Some(index))
        }
        _ => (render(), None),
    };
    caches.redlines = redlines;
    let rendered = rendered?;
    clock.lap(&format!("render {:?} pages and search index", rendered.pages_per_language));
    if let Some(index) = index {
        // Many small files (LARGE: 2,000): written on every core.
        use rayon::prelude::*;
        index?.par_iter().try_for_each(|(name, bytes)| sink.put_shared(name, bytes))?;
    }
    let deferred = records.filter(|_| mode.defer_search);
    let mut version_hashes = rendered.version_hashes.clone();
    if let Some((files, previous)) = base {
        // Everything else is the last good build's: pages, feeds, sitemap
        // (addresses did not change), assets, static files, _headers, and
        // until they are made again below, versions.json and changed PDFs.
        sink.fill(files)?;
        pages_ready(&config);
        // Only the feeds of languages whose readers see a saved text can differ.
        for (lang, _) in rendered.languages_touched.iter().enumerate().filter(|(_, touched)| **touched) {
            for (name, feed) in feed::of(&config, &site, &strings[lang], lang, &lock.after) {
                sink.put(&name, feed.as_bytes())?;
            }
        }
        for (name, hash) in &previous.version_hashes {
            version_hashes.entry(name.clone()).or_insert_with(|| hash.clone());
        }
    } else {
        // Both are lists of every page or version (LARGE: 7 MB of sitemap).
        let (feeds, sitemap) = rayon::join(
            || feed::all(&config, &site, strings, &lock.after),
            || output::sitemap(&config, &rendered.alternates),
        );
        // Before the site's static files, which may not replace them (but `_redirects`).
        for (name, bytes) in wellknown::files(&config, &site) {
            sink.put_shared(&name, &bytes)?;
        }
        let later = [(manifest::FILE, "the machine-readable list of versions")];
        output::emit(&config, &sitemap, &feeds, asset_files, &theme.static_files, &later, sink)?;
        if !theme.static_files.contains_key("_headers") {
            // The index's folder gets its rule whether the index is in the sink yet or not (`serve`).
            let mut names = sink.names();
            if config.search {
                names.push(format!("{}{}", address::SEARCH_BUNDLE, "pagefind.js"));
            }
            let links = render::signals(&config, &site, 0);
            let headers = headers::netlify(&names, &config.base_path, headers::csp(config.search), &links);
            sink.put("_headers", headers.as_bytes())?;
        }
    }
    clock.lap("feeds, sitemap, static");
    let pages_per_language = config
        .languages
        .iter()
        .zip(&rendered.pages_per_language)
        .map(|(l, n)| (l.code.clone(), *n))
        .collect();
    let (pdfs, unprinted) = match theme.typst.get(pdf::TEMPLATE) {
        Some(template) if config.pdf && mode.pdf => {
            pdf::make(&rendered.pdfs, template, &mut caches.pdfs, mode.keep, sink, STACK_SIZE)?
        }
        _ => Default::default(),
    };
    // A build is the record: it has every PDF or fails. A preview (`serve`)
    // goes on without those it cannot make, and says why.
    if !unprinted.is_empty() && !mode.keep {
        return Err(Error::Site(unprinted));
    }
    clock.lap(&format!("{} PDFs", pdfs.len()));
    let manifest = manifest::versions_json(&config, &site, &version_hashes, &pdfs, date, &lock.after);
    sink.put(manifest::FILE, manifest.as_bytes())?;
    clock.lap("manifest");
    let mut site = site;
    let mut warnings = std::mem::take(&mut site.warnings);
    warnings.extend(prepared.theme.warnings.iter().cloned());
    warnings.extend(unprinted);
    let next = mode.keep.then(|| Previous {
        shape,
        version_hashes,
        prepared,
        site: std::sync::Arc::new(site),
        stale: translations.stale.clone(),
    });
    Ok(Built {
        config,
        files: files::Files::new(),
        file_count: 0,
        bytes: 0,
        pages_per_language,
        warnings,
        lock,
        translations,
        search: deferred,
        next,
    })
}

/// Prints how long each step of a build took when PRIVET_TIMINGS is set:
/// the first thing to look at before optimizing.
struct Phases {
    on: bool,
    last: std::time::Instant,
}

impl Phases {
    fn start() -> Phases {
        Phases { on: std::env::var_os("PRIVET_TIMINGS").is_some(), last: std::time::Instant::now() }
    }

    fn lap(&mut self, phase: &str) {
        if self.on {
            // The peak resident memory so far (Linux), to find the phase that makes it.
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let peak = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap_or("").trim().to_string();
            eprintln!("  {phase:<40} {:>7.1} ms  peak {peak}", self.last.elapsed().as_secs_f64() * 1000.0);
        }
        self.last = std::time::Instant::now();
    }
}

/// Builds the site into a new folder, page by page as they are rendered,
/// and swaps it in for the output folder once all is written; a failure
/// leaves the last good output in place.
pub fn build(opts: &BuildOptions) -> Result<(Built, PathBuf)> {
    let config = load_config(opts)?;
    let out = output_dir(&config, opts);
    let configured = opts.root.join(&config.output_dir);
    let folder = output::Folder::create(&opts.root, &out, &configured, opts.force)?;
    // The PDFs of the last build that still hold are taken, not typeset again.
    let mut caches = Caches::default();
    if config.pdf {
        caches.pdfs = pdf::Cache::of_files(manifest::previous_pdfs(&config, &out));
    }
    let built =
        produce(config, opts, Mode::BUILD, &mut caches, None, &render::Scope::All, &folder, &mut |_| {})?;
    if opts.locked
        && let Some((file, what)) = built.record_changes().into_iter().next()
    {
        return Err(Diagnostic::new(std::path::Path::new(file), format!("{file} is out of date ({what})"))
            .hint(format!("with --locked, privet never writes {file}: run `privet build` without --locked, check the change and commit {file}"))
            .into());
    }
    let (file_count, bytes) = folder.totals();
    let out = folder.finish()?;
    built.write_records(&opts.root)?;
    Ok((Built { file_count, bytes, ..built }, out))
}

/// The output folder for these options.
pub fn output_dir(config: &Config, opts: &BuildOptions) -> PathBuf {
    match &opts.output {
        Some(out) => out.clone(),
        None => opts.root.join(&config.output_dir),
    }
}

/// Today's date for the build: `SOURCE_DATE_EPOCH` when set (reproducible
/// builds), else the current date in UTC.
pub fn today() -> Date {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// Parses a `YYYY-MM-DD` date given on the command line.
pub fn parse_date(text: &str) -> std::result::Result<Date, String> {
    text.parse::<Date>()
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2025-06-15"))
}
