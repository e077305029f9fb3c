//! Watches the site's folders and rebuilds on every save.
//!
//! Several events from one save (editors write a temporary file and rename
//! it, or write twice) are gathered for a short quiet time and give one
//! rebuild. Parsed Markdown and redlines are kept between rebuilds
//! ([`crate::Caches`]), so a save re-reads, re-parses and re-diffs only
//! the files that changed.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::{Site, State, reload};
use std::sync::Arc;

use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, Kind};
use crate::files::Files;
use crate::render::{Edit, Scope};
use crate::{BuildOptions, Error, Result};

/// The folders of a site that a rebuild depends on, besides site.toml.
pub const WATCHED: [&str; 5] = ["content", "templates", "themes", "static", "i18n"];

/// How long a save may keep sending events before the rebuild starts. An
/// editor's write, or its write-and-rename, sends them within a millisecond
/// or two; a file missing in between is waited for apart ([`SAVE_GAP`]).
/// Every millisecond here is one of save → reload (it was 30).
const QUIET: Duration = Duration::from_millis(10);
const MAX_WAIT: Duration = Duration::from_millis(300);

/// Builds the site as `serve` shows it, keeping parsed files for next time.
pub struct Builder {
    opts: BuildOptions,
    caches: crate::Caches,
    /// The last good build: its files and what it handed on.
    last: Option<(Arc<Files>, crate::Previous)>,
    config_text: Option<String>,
    plan: Plan,
}

/// What changed since the last *good* build: a rebuild redoes what it
/// affects. It accumulates across failed builds (a file fixed after another
/// was edited leaves neither stale) and is cleared only by a good one.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Plan {
    /// Files saved, added or removed since the last good build.
    pub paths: Vec<PathBuf>,
    /// Everything is to be rendered (the first build, site.toml, a new day).
    pub all: bool,
    /// The day of the last good build: another day changes versions' statuses everywhere.
    pub date: Option<jiff::civil::Date>,
}

impl Plan {
    fn add(&mut self, changed: &[PathBuf]) {
        self.all |= changed.is_empty();
        self.paths.extend(changed.iter().cloned());
        self.paths.sort();
        self.paths.dedup();
    }
}

impl Builder {
    pub fn new(mut opts: BuildOptions) -> Builder {
        // The watcher reports absolute paths (a relative folder, `.` by
        // default, joined to the working folder): with a relative root no
        // saved path was below it, so every save rendered everything.
        if let Ok(root) = std::path::absolute(&opts.root) {
            opts.root = root;
        }
        Builder {
            opts,
            caches: keeping(),
            last: None,
            config_text: None,
            plan: Plan { all: true, ..Plan::default() },
        }
    }

    /// What the next build will redo.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// A build in memory after `changed` files changed (all pages when
    /// empty). Pages are not minified: a preview is read, and minifying is
    /// most of the cost of a rebuild. Only the pages that can show a changed
    /// file are rendered again (see [`Builder::scope`]).
    pub fn build(&mut self, changed: &[PathBuf]) -> Result<crate::Built> {
        self.build_pages_first(changed, &mut |_, _| {})
    }

    /// [`Builder::build`], handing `pages` the site as soon as a partial
    /// render has made its pages (see [`crate::generate_pages_first`]).
    pub fn build_pages_first(
        &mut self,
        changed: &[PathBuf],
        pages: &mut dyn FnMut(Files, &Config),
    ) -> Result<crate::Built> {
        self.plan.add(changed);
        let text = crate::files::read_to_string(&self.opts.root.join(CONFIG_FILE)).ok();
        if text != self.config_text {
            // Settings decide languages and addresses: nothing parsed before is valid.
            self.caches = keeping();
            self.last = None;
            self.config_text = text;
            self.plan.all = true;
        }
        let date = self.opts.date.unwrap_or_else(crate::today);
        if self.plan.date != Some(date) {
            self.plan.all = true;
        }
        let mut config = Config::load(&self.opts.root)?;
        config.minify = false;
        // The first build takes the PDFs of the last `privet build` that still hold;
        // the next ones, those of the build before them.
        if config.pdf && self.last.is_none() {
            let output = crate::output_dir(&config, &self.opts);
            self.caches.pdfs = crate::pdf::Cache::of_files(crate::manifest::previous_pdfs(&config, &output));
        }
        let scope = self.scope(&config);
        let heard = (!self.plan.all).then(|| self.plan.paths.clone());
        self.caches.content.changed_since_last_load(heard);
        let opts = BuildOptions { date: Some(date), ..self.opts.clone() };
        let last = self.last.as_ref().map(|(files, previous)| (files, previous));
        let built = crate::generate_pages_first(
            config,
            &opts,
            crate::Mode::SERVE,
            &mut self.caches,
            last,
            &scope,
            pages,
        )?;
        self.plan = Plan { date: Some(date), ..Plan::default() };
        // The preview keeps the records as a build does: a version that takes
        // effect while editing is locked, a translation that falls behind is
        // noted (the watcher ignores both files).
        built.write_records(&self.opts.root)?;
        for (_, line) in built.record_changes() {
            eprintln!("{line}");
        }
        Ok(built)
    }

    /// Whether the day the site is built for is no longer the last good build's.
    pub fn day_changed(&self) -> bool {
        self.opts.date.is_none() && self.plan.date.is_some_and(|d| d != crate::today())
    }

    /// The site to serve from a good build, whose files it takes; kept,
    /// with what the build handed on, as the last good build the next
    /// partial render starts from. The one publish step of the first build
    /// and of every rebuild.
    pub fn take_site(&mut self, built: &mut crate::Built) -> Site {
        let files = Arc::new(std::mem::take(&mut built.files));
        self.last = built.next.take().map(|next| (Arc::clone(&files), next));
        Site { files, base_path: built.config.base_path.clone() }
    }

    /// The pages the plan's changes can affect: everything for the first
    /// build, a new site.toml or a new day. A version of a policy shows on
    /// that policy's pages and the home page, in the languages that show its
    /// text (its own, those that fall back to it, redlines that compare in
    /// it: see [`Scope`]); a FAQ question on the FAQ and the home page.
    /// Anything else (a policy's `_index`, whose title is in every page's
    /// navigation, templates, static files, i18n) renders everything. This
    /// is serve's one decision; the pipeline adds the other: a site whose
    /// shape changed (files added or removed, dates, drafts) renders all.
    fn scope(&self, config: &Config) -> Scope {
        if self.plan.all {
            return Scope::All;
        }
        let paths = &self.plan.paths;
        let mut versions = Vec::new();
        let (mut faq, mut home) = (false, false);
        for path in paths {
            let rel = path.strip_prefix(&self.opts.root).unwrap_or(path);
            if !rel.starts_with(content::CONTENT_DIR) {
                return Scope::All;
            }
            match content::kind_of(config, rel) {
                // A default-language text is also what its translations are
                // behind or not: their pages' notices follow it.
                Some((Kind::Version(policy, version), 0)) => {
                    versions.extend((0..config.languages.len()).map(|lang| Edit {
                        policy: policy.clone(),
                        version: version.clone(),
                        lang,
                        text_only: false,
                    }))
                }
                Some((Kind::Version(policy, version), lang)) => {
                    versions.push(Edit { policy, version, lang, text_only: false })
                }
                Some((Kind::Question(_), _)) => {
                    faq = true;
                    home = true;
                }
                Some((Kind::Home, _)) => home = true,
                // A file that vanished (renamed, deleted) shows in the site's shape.
                None if !path.exists() => {}
                _ => return Scope::All,
            }
        }
        Scope::Only { versions, faq, home }
    }
}

/// Caches for the next rebuild (filled because serve builds in [`crate::Mode::SERVE`]).
fn keeping() -> crate::Caches {
    crate::Caches::default()
}

/// Starts watching the site; rebuilds on changes from then on, in a thread
/// of its own. Returns once the watches are in place, so no save made after
/// it is missed.
pub fn spawn(builder: Builder, state: Arc<State>) -> Result<()> {
    let root = builder.opts.root.clone();
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(&root, e))?;
    watcher.watch(&root, RecursiveMode::NonRecursive).map_err(|e| watch_error(&root, e))?;
    let mut watched: Vec<(PathBuf, Identity)> = Vec::new();
    add_watches(&mut watcher, &root, &mut watched);
    let rebuilds = std::thread::Builder::new().name("privet-watch".into()).stack_size(crate::STACK_SIZE);
    rebuilds
        .spawn(move || {
            let mut builder = builder;
            while let Some(paths) = next_change(&rx, &root, || builder.day_changed()) {
                add_watches(&mut watcher, &root, &mut watched);
                rebuild(&mut builder, &state, &paths);
            }
        })
        .map_err(|e| {
            Error::system(
                "cannot start watching for changes",
                e,
                "the machine may be out of threads; close other programs and start serve again",
            )
        })?;
    Ok(())
}

/// One rebuild after a change to `paths`: the new pages go in place, then
/// the open tabs are told; a failure keeps the last good build. A partial
/// render's pages go in place and reload as soon as they are made; the
/// feeds, versions.json and PDFs made after them replace the last build's
/// without another reload (no page shows them).
fn rebuild(builder: &mut Builder, state: &State, paths: &[PathBuf]) {
    let started = Instant::now();
    let root = builder.opts.root.clone();
    let mut told = false;
    let tell = |files: Arc<Files>, base_path: &str| {
        let old = state.site().files;
        let changed = changed_addresses(&old, &files, base_path);
        state.publish(Site { files, base_path: base_path.to_string() });
        let what = match &changed {
            Some(pages) => format!("{} page(s) changed", pages.len()),
            None => "every page reloads".to_string(),
        };
        // Logged before the tabs are told, so the log never lags the reload.
        println!(
            "rebuilt in {} ms after a change to {}: {what}",
            started.elapsed().as_millis(),
            describe(paths, &root)
        );
        reload::reload(state, changed.as_deref());
    };
    let built = builder.build_pages_first(paths, &mut |files, config| {
        tell(Arc::new(files), &config.base_path);
        told = true;
    });
    match built {
        Ok(mut built) => {
            let site = builder.take_site(&mut built);
            if told {
                state.replace(site);
            } else {
                tell(site.files, &site.base_path);
            }
            // Indexed in the background: the reload does not wait, the index's files do.
            state.search.submit(built.search.clone());
            for w in &built.warnings {
                eprintln!("warning: {w}");
            }
        }
        Err(e) => {
            let message = crate::report::describe(&e, &builder.opts.root, false);
            eprintln!("{message}\n(still serving the last good build)");
            state.fail(message.clone());
            reload::build_error(state, &message);
        }
    }
}

fn watch_error(path: &Path, e: notify::Error) -> Error {
    Error::system(
        format!("cannot watch {} for changes", path.display()),
        e,
        "on Linux, raise fs.inotify.max_user_watches (sysctl), or close other programs that watch many files",
    )
}

/// What tells one folder from another at the same path: a folder removed
/// and made again (`git stash`, `git checkout content/`) is a new one, and
/// the watch on the old one hears nothing of it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity(Option<(u64, u64)>);

impl Identity {
    fn of(path: &Path) -> Identity {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Identity(std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            Identity(std::fs::metadata(path).ok().and_then(|m| m.created().ok()).map(|t| {
                let d = t.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
                (d.as_secs(), u64::from(d.subsec_nanos()))
            }))
        }
    }
}

/// Watches each of the site's folders that exists, again when it was made
/// anew since it was watched; forgets those that are gone.
fn add_watches(watcher: &mut impl Watcher, root: &Path, watched: &mut Vec<(PathBuf, Identity)>) {
    for dir in WATCHED {
        let path = root.join(dir);
        let now = Identity::of(&path);
        let before = watched.iter().position(|(p, _)| *p == path);
        if let Some(i) = before {
            if watched[i].1 == now && path.is_dir() {
                continue;
            }
            let _ = watcher.unwatch(&path);
            watched.remove(i);
        }
        if path.is_dir() && watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
            watched.push((path, now));
        }
    }
}

/// Waits for a change that matters, then for the save to finish. `None` when watching ended.
fn next_change(
    rx: &Receiver<notify::Result<notify::Event>>,
    root: &Path,
    new_day: impl Fn() -> bool,
) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    while paths.is_empty() {
        // Wake now and then: past midnight (UTC) statuses change with no save.
        match rx.recv_timeout(DAY_CHECK) {
            Ok(event) => paths.extend(relevant(event, root)),
            Err(RecvTimeoutError::Timeout) if new_day() => return Some(Vec::new()),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    let first = Instant::now();
    loop {
        let left = MAX_WAIT.saturating_sub(first.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(QUIET.min(left)) {
            Ok(event) => paths.extend(relevant(event, root)),
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    // An editor that saves by moving the old file away and writing the new
    // one (vim's backup copy) leaves it missing for a moment: a file that
    // comes back within SAVE_GAP is a save, not a deletion, and the preview
    // never shows the fallback text in between.
    let missing_since = Instant::now();
    while paths.iter().any(|p| !p.exists() && looks_like_file(p)) && missing_since.elapsed() < SAVE_GAP {
        match rx.recv_timeout(Duration::from_millis(10)) {
            Ok(event) => paths.extend(relevant(event, root)),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    paths.sort();
    paths.dedup();
    Some(paths)
}

/// How often an idle server looks whether the day has changed.
const DAY_CHECK: Duration = Duration::from_secs(30);

/// How long a file may be missing during a save.
const SAVE_GAP: Duration = Duration::from_millis(300);

/// Whether a path that no longer exists was a file of the site (it has an
/// extension: `contact.md`, `style.css`), rather than a folder.
fn looks_like_file(path: &Path) -> bool {
    path.extension().is_some()
}

/// The paths of an event that can change the site: not editors' temporary
/// files, not access-only events, and at the root only site.toml and the
/// site's folders.
fn relevant(event: notify::Result<notify::Event>, root: &Path) -> Vec<PathBuf> {
    let Ok(event) = event else { return Vec::new() };
    // Events were lost (the kernel's queue overflowed): anything may have
    // changed, which the folder itself stands for (everything is listed and rendered).
    if event.need_rescan() {
        return vec![root.join(content::CONTENT_DIR)];
    }
    if matches!(event.kind, notify::EventKind::Access(_)) {
        return Vec::new();
    }
    event.paths.into_iter().filter(|p| matters(p, root)).collect()
}

/// Whether a change to `path` can change the site.
pub fn matters(path: &Path, root: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return true };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let Some(first) = parts.next() else { return false };
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if is_temporary(&name) {
        return false;
    }
    if rel.components().count() == 1 {
        return first == CONFIG_FILE || WATCHED.contains(&first.as_str());
    }
    WATCHED.contains(&first.as_str())
        && !rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// Editors' swap, backup and temporary files (vim, Emacs, JetBrains, ...).
pub fn is_temporary(name: &str) -> bool {
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
}

/// The addresses of pages whose bytes changed; `None` when something every
/// page uses changed (a stylesheet, an asset), so every page must reload.
pub fn changed_addresses(old: &Files, new: &Files, base_path: &str) -> Option<Vec<String>> {
    let mut pages = Vec::new();
    // Both maps are sorted by name: walked side by side, not looked up.
    let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
    loop {
        let (name, same) = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some((x, _)), Some((y, _))) if x < y => (a.next().map(|e| e.0), false),
            (Some(_), None) => (a.next().map(|e| e.0), false),
            (Some((x, _)), Some((y, _))) if x > y => (b.next().map(|e| e.0), false),
            (None, Some(_)) => (b.next().map(|e| e.0), false),
            // Pages a partial rebuild left alone are the same bytes, shared: no need to compare them.
            (Some((_, x)), Some((_, y))) => {
                let same = Arc::ptr_eq(x, y) || x == y;
                b.next();
                (a.next().map(|e| e.0), same)
            }
        };
        let Some(name) = name else { break };
        if same {
            continue;
        }
        if let Some(address) = crate::address::of_file(base_path, name) {
            pages.push(address);
        } else if !matches!(name.rsplit('.').next(), Some("xml" | "json" | "txt")) {
            return None;
        }
    }
    Some(pages)
}

fn describe(paths: &[PathBuf], root: &Path) -> String {
    if paths.is_empty() {
        return "the date (a new day)".into();
    }
    let names: Vec<String> =
        paths.iter().take(3).map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).collect();
    let more = paths.len().saturating_sub(3);
    if more > 0 { format!("{} and {more} more", names.join(", ")) } else { names.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the fixture site, and a builder for it on `date`.
    fn fixture(date: &str) -> (tempfile::TempDir, Builder) {
        let dir = crate::testing::fixture_site();
        let opts = BuildOptions {
            root: dir.path().to_path_buf(),
            date: date.parse().ok(),
            drafts: true,
            ..Default::default()
        };
        (dir, Builder::new(opts))
    }

    fn page(built: &crate::Built, file: &str) -> String {
        String::from_utf8_lossy(&built.files[file]).into_owned()
    }

    fn good(b: &mut Builder, changed: &[PathBuf]) -> crate::Built {
        let mut built = b.build(changed).unwrap_or_else(|e| panic!("{e}"));
        let site = b.take_site(&mut built);
        built.files = (*site.files).clone();
        built
    }

    #[test]
    fn an_edit_made_while_another_file_is_broken_is_rendered_once_that_is_fixed() {
        let (dir, mut b) = fixture("2026-01-01");
        good(&mut b, &[]);
        let contact = dir.path().join("content/contact.md");
        let fine = std::fs::read_to_string(&contact).unwrap();
        std::fs::write(&contact, "+++\ntitle = \"Contact\n+++\n").unwrap();
        assert!(b.build(std::slice::from_ref(&contact)).is_err());
        // Policy X edited while contact.md is broken: this build fails too.
        let x = dir.path().join("content/privacy/2027-01-01.md");
        let text = std::fs::read_to_string(&x).unwrap();
        std::fs::write(&x, format!("{text}\nA sentence saved while the site was broken.\n")).unwrap();
        assert!(b.build(std::slice::from_ref(&x)).is_err());
        assert!(b.plan().paths.contains(&x) && b.plan().paths.contains(&contact), "{:?}", b.plan());
        // Fixing contact.md rebuilds what both saves affect.
        std::fs::write(&contact, fine).unwrap();
        let built = good(&mut b, std::slice::from_ref(&contact));
        assert!(
            page(&built, "privacy/2027-01-01/index.html")
                .contains("A sentence saved while the site was broken.")
        );
        assert!(
            page(&built, "privacy/2027-01-01/changes/index.html")
                .contains("A sentence saved while the site was broken."),
            "its redline too"
        );
        assert!(b.plan().paths.is_empty(), "a good build clears the plan");
    }

    #[test]
    fn a_new_day_renders_every_status_again() {
        let (dir, mut b) = fixture("2026-12-31");
        let before = good(&mut b, &[]);
        assert!(page(&before, "privacy/2027-01-01/index.html").contains("This version takes effect on"));
        // The next save, the next day: the upcoming version is now in force,
        // on every page, not only on those the save touches.
        b.opts.date = "2027-01-01".parse().ok();
        let faq = dir.path().join("content/faq/delete-my-account.de.md");
        let after = good(&mut b, std::slice::from_ref(&faq));
        let current = page(&after, "privacy/2027-01-01/index.html");
        assert!(!current.contains("This version takes effect on"), "{current}");
        assert_ne!(page(&before, "de/privacy/index.html"), page(&after, "de/privacy/index.html"));
    }

    #[test]
    fn editors_temporary_files_and_other_folders_are_ignored() {
        let root = Path::new("/site");
        for ignored in [
            "/site/content/.privacy.md.swp",
            "/site/content/privacy/2025-06-15.md~",
            "/site/content/4913",
            "/site/content/.#contact.md",
            "/site/content/contact.md___jb_tmp___",
            "/site/public/index.html",
            "/site/target/debug/x",
            "/site/README.md",
            "/site/content/.git/HEAD",
        ] {
            assert!(!matters(Path::new(ignored), root), "{ignored}");
        }
        for seen in [
            "/site/site.toml",
            "/site/content/privacy/2025-06-15.de.md",
            "/site/templates/page.html",
            "/site/static/logo.svg",
            "/site/content",
        ] {
            assert!(matters(Path::new(seen), root), "{seen}");
        }
    }

    #[test]
    fn changed_pages_are_named_and_assets_reload_everything() {
        let mut old = Files::new();
        old.insert("index.html".into(), b"a".to_vec().into());
        old.insert("de/privacy/index.html".into(), b"b".to_vec().into());
        old.insert("sitemap.xml".into(), b"s".to_vec().into());
        let mut new = old.clone();
        new.insert("de/privacy/index.html".into(), b"c".to_vec().into());
        new.insert("sitemap.xml".into(), b"t".to_vec().into());
        new.insert("faq/index.html".into(), b"q".to_vec().into());
        assert_eq!(
            changed_addresses(&old, &new, "/"),
            Some(vec!["/de/privacy/".to_string(), "/faq/".to_string()])
        );
        new.insert("assets/style.1.css".into(), b"x".to_vec().into());
        assert_eq!(changed_addresses(&old, &new, "/"), None);
    }
}
