//! The last step: minify, hash assets, sitemap and robots.txt, and the
//! atomic write that leaves the previous output intact when anything fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::{Error, Result};

/// The file that marks a directory as privet's output, so a later build may replace it.
pub const MARKER: &str = ".privet-output";

pub use crate::files::{Bytes, Files, Memory, Sink, sha256_hex};

/// The theme's CSS and JS under content-hashed names (`assets/style.3f2a9c01d4.css`),
/// minified when `minify`, and its SVG images hashed; other theme files
/// under `assets/` as they are.
/// Returns the files and each asset's address by its plain name.
pub fn assets(config: &Config, theme_assets: &BTreeMap<String, Bytes>) -> (Files, BTreeMap<String, String>) {
    let mut files = Files::new();
    let mut addresses = BTreeMap::new();
    for (name, bytes) in theme_assets {
        // The search page's script is only for a site with search.
        if name == "search.js" && !config.search {
            continue;
        }
        // CSS and JS minified; they and SVG images under hashed names
        // (`assets/*` is cached as immutable).
        let (path, bytes) = match name.rsplit_once('.') {
            Some((stem, ext @ ("css" | "js" | "svg"))) => {
                let bytes: Bytes = if config.minify && ext != "svg" {
                    crate::minify::asset(bytes, ext).into()
                } else {
                    bytes.clone()
                };
                let hash = hex(&Sha256::digest(&bytes)[..5]);
                (format!("assets/{stem}.{hash}.{ext}"), bytes)
            }
            _ => (format!("assets/{name}"), bytes.clone()),
        };
        files.insert(path.clone(), bytes);
        addresses.insert(name.clone(), format!("{}{path}", config.base_path));
    }
    (files, addresses)
}

/// Bytes as lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Files privet writes that a site may replace with its own in `static/`:
/// defaults meant to be replaced, never a page, feed or index.
pub const REPLACEABLE: &[&str] = &["robots.txt", "_headers", crate::wellknown::REDIRECTS];

/// The site's files besides its pages, into `sink` after them: assets,
/// feeds, sitemap, robots.txt, and last the site's `static/` files. A static
/// file on an address privet writes itself is an error naming both (it
/// would replace a page, a feed or the sitemap without a word), except the
/// defaults in [`REPLACEABLE`], which a site may bring its own of. `later`
/// names files the pipeline writes after these, with what they are.
/// Pages come from minified templates and minified Markdown, so they need no pass here.
pub fn emit(
    config: &Config,
    sitemap: &str,
    feeds: &Files,
    assets: &Files,
    static_files: &BTreeMap<String, Bytes>,
    later: &[(&str, &str)],
    sink: &dyn Sink,
) -> Result<()> {
    for (name, bytes) in assets.iter().chain(feeds) {
        sink.put_shared(name, bytes)?;
    }
    sink.put("sitemap.xml", sitemap.as_bytes())?;
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url);
    sink.put("robots.txt", robots.as_bytes())?;
    let generated: std::collections::HashSet<String> = sink.names().into_iter().collect();
    let claimed: Vec<crate::error::Diagnostic> = static_files
        .keys()
        .filter_map(|name| {
            let what = match later.iter().find(|(file, _)| file == name) {
                Some((_, what)) => what.to_string(),
                None if generated.contains(name) => made_by(name),
                None => return None,
            };
            (!REPLACEABLE.contains(&name.as_str())).then_some((name, what))
        })
        .map(|(name, what)| {
            crate::error::Diagnostic::new(
                Path::new("static").join(name),
                format!("privet makes {name} itself ({what}): a static file may not replace it"),
            )
            .code("static-replaces-page")
            .hint(format!(
                "remove or rename static/{name}; to change that page, edit its content file or template instead"
            ))
        })
        .collect();
    if !claimed.is_empty() {
        return Err(Error::Site(claimed));
    }
    for (name, bytes) in static_files {
        sink.put_shared(name, bytes)?;
    }
    Ok(())
}

/// What privet writes at an output path, in words for an error.
fn made_by(name: &str) -> String {
    let address = format!("/{}", name.strip_suffix("index.html").unwrap_or(name));
    if name.ends_with(".html") {
        format!("the page at {address}")
    } else if name.ends_with("feed.xml") {
        format!("the Atom feed at {address}")
    } else if name == "sitemap.xml" {
        "the sitemap".into()
    } else if name.starts_with("assets/") {
        "a theme asset".into()
    } else {
        format!("the file at {address}")
    }
}

/// `sitemap.xml`: each page's address in each language, with its
/// alternates (hreflang) in every language.
pub fn sitemap(config: &Config, pages: &[crate::render::Alternates]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    // Each language's entry lists every language's address: its lines are
    // made once a page, not once an entry, and copied (LARGE: 7 MB of them).
    let mut links = String::new();
    for page in pages {
        let urls: Vec<String> = page.0.iter().map(|address| url(config, address)).collect();
        links.clear();
        for (alternate, language) in urls.iter().zip(&config.languages) {
            for part in [
                "    <xhtml:link rel=\"alternate\" hreflang=\"",
                &language.tag,
                "\" href=\"",
                alternate,
                "\"/>\n",
            ] {
                links.push_str(part);
            }
        }
        if let Some(first) = urls.first() {
            for part in [
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"",
                first,
                "\"/>\n  </url>\n",
            ] {
                links.push_str(part);
            }
        }
        for loc in &urls {
            for part in ["  <url>\n    <loc>", loc, "</loc>\n", &links] {
                xml.push_str(part);
            }
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// An absolute URL for XML: ASCII only, escaped.
fn url(config: &Config, address: &str) -> String {
    crate::html::escape_xml(&crate::address::ascii_uri(&crate::address::absolute(config, address)))
}

/// Refuses an output directory that privet must not replace, with or
/// without `force`: the site root, a folder that holds it, a folder inside
/// the site other than its configured output folder (`configured`: the
/// site's `.git`, `content/`, a folder of notes), or a folder that holds a
/// `.git` or a `site.toml` (a repository or another site). `force` only
/// allows replacing a non-empty folder that privet did not write.
pub fn check_target(root: &Path, out: &Path, configured: &Path, force: bool) -> Result<()> {
    let root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let resolved = resolve(out)?;
    let refuse = |why: &str, hint: &str| Err(Error::refused(out, why, hint));
    if root.starts_with(&resolved) {
        return refuse(
            "it is the site's folder or holds it, and building would delete the site",
            "use the site's output folder, e.g. --output public",
        );
    }
    if let Ok(inside) = resolved.strip_prefix(&root) {
        let configured = resolve(configured)?;
        if resolved != configured {
            let own = inside.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
            let which = match own.as_deref() {
                Some(name @ ("content" | "templates" | "static" | "themes" | "i18n" | ".git")) => {
                    format!("it is inside the site's {name}/ folder")
                }
                _ => "it is a folder of the site, not its output folder".to_string(),
            };
            let configured_name = configured.strip_prefix(&root).unwrap_or(&configured).display().to_string();
            return refuse(
                &format!("{which}, and building would replace it"),
                &format!(
                    "inside the site, privet writes only to its output folder ({configured_name}; set output_dir in site.toml to change it), or give a folder outside the site"
                ),
            );
        }
        if inside.components().any(|c| c.as_os_str() == ".git") {
            return refuse(
                "it is inside the site's .git folder",
                "set output_dir in site.toml to a folder such as public",
            );
        }
        for own in ["content", "templates", "static", "themes", "i18n"] {
            if resolved.starts_with(root.join(own)) {
                return refuse(
                    &format!("it is inside the site's {own}/ folder"),
                    "set output_dir in site.toml to a folder such as public",
                );
            }
        }
    }
    if resolved.is_file() {
        return Err(Error::refused(out, "it is a file", "give a folder, e.g. --output public"));
    }
    for precious in [".git", crate::config::CONFIG_FILE] {
        if resolved.join(precious).exists() {
            return refuse(
                &format!("it holds a {precious} (a repository or a site), which building would delete"),
                "choose an output folder of its own, e.g. --output public",
            );
        }
    }
    if !force && resolved.is_dir() && !resolved.join(MARKER).exists() {
        let empty = std::fs::read_dir(&resolved).map_err(|e| Error::io(out, e))?.next().is_none();
        if !empty {
            return Err(Error::refused(
                out,
                format!("it is not empty and privet did not create it (no {MARKER} file)"),
                "choose another --output, empty the folder, or pass --force to replace it",
            ));
        }
    }
    Ok(())
}

/// The absolute form of a path that may not exist yet.
fn resolve(path: &Path) -> Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(|e| Error::io(path, e))?.join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = std::fs::canonicalize(existing).map_err(|e| Error::io(existing, e))?;
    for name in rest.into_iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    Ok(resolved)
}

/// A new folder beside the output folder, written file by file as pages
/// are rendered (a build never holds the whole site in memory), then
/// swapped in by [`Folder::finish`]. Dropped unfinished (a failed build),
/// it removes itself and the output folder stays exactly as it was.
#[derive(Debug)]
pub struct Folder {
    out: PathBuf,
    fresh: PathBuf,
    old: PathBuf,
    /// Folders made so far, and every file's name and size.
    made: std::sync::Mutex<(std::collections::HashSet<PathBuf>, BTreeMap<String, u64>)>,
    finished: bool,
}

impl Folder {
    /// Checks `out` (see [`check_target`]; `configured` is the site's own
    /// output folder, `output_dir` below the root) and starts the new folder.
    pub fn create(root: &Path, out: &Path, configured: &Path, force: bool) -> Result<Folder> {
        check_target(root, out, configured, force)?;
        let out = resolve(out)?;
        let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name =
            out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let pid = std::process::id();
        let fresh = parent.join(format!(".{name}.privet-new-{pid}"));
        let old = parent.join(format!(".{name}.privet-old-{pid}"));
        for leftover in [&fresh, &old] {
            if leftover.exists() {
                remove_tree(leftover).map_err(|e| Error::io(leftover, e))?;
            }
        }
        sweep_leftovers(&parent, &name);
        std::fs::create_dir_all(&fresh).map_err(|e| Error::io(&fresh, e))?;
        Ok(Folder { out, fresh, old, made: Default::default(), finished: false })
    }

    fn made(&self) -> std::sync::MutexGuard<'_, (std::collections::HashSet<PathBuf>, BTreeMap<String, u64>)> {
        self.made.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How many files were written, and their bytes.
    pub fn totals(&self) -> (usize, u64) {
        let made = self.made();
        (made.1.len(), made.1.values().sum())
    }

    /// Marks the new folder as privet's and puts it in place of the output folder.
    pub fn finish(mut self) -> Result<PathBuf> {
        let marker = self.fresh.join(MARKER);
        std::fs::write(
            &marker,
            "This folder is written by privet build, which replaces it on every build.\n",
        )
        .map_err(|e| Error::io(&marker, e))?;
        let out = &self.out;
        if out.exists() {
            std::fs::rename(out, &self.old).map_err(|e| Error::io(out, e))?;
            if let Err(e) = std::fs::rename(&self.fresh, out) {
                let _ = std::fs::rename(&self.old, out);
                return Err(Error::io(out, e));
            }
            self.finished = true;
            remove_tree(&self.old).map_err(|e| Error::io(&self.old, e))?;
        } else {
            std::fs::rename(&self.fresh, out).map_err(|e| Error::io(out, e))?;
            self.finished = true;
        }
        Ok(self.out.clone())
    }
}

impl Sink for Folder {
    fn put(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.fresh.join(name);
        let parent = path.parent().map(Path::to_path_buf);
        {
            let mut made = self.made();
            if let Some(dir) = parent.filter(|d| !made.0.contains(d)) {
                std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                made.0.insert(dir);
            }
            made.1.insert(name.to_string(), bytes.len() as u64);
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    fn names(&self) -> Vec<String> {
        self.made().1.keys().cloned().collect()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_tree(&self.fresh);
        }
    }
}

/// Removes the new and old folders that builds of this output left behind
/// when they were killed or aborted (`.public.privet-new-PID`), if their
/// process is gone. A folder of a build still running is never touched; a
/// folder that cannot be removed stays for the next build to try.
fn sweep_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.filter_map(|e| e.ok()) {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix('.')?.strip_prefix(name)?.strip_prefix(".privet-"))
            .and_then(|rest| rest.strip_prefix("new-").or_else(|| rest.strip_prefix("old-")))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && pid != std::process::id() && !process_alive(pid) {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Whether a process with this id runs (or may: when in doubt, yes).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
        // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0;
        alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes a folder and everything in it, its top-level entries (one per
/// language, mostly) in parallel: deleting thousands of files is a good
/// part of a rebuild's time.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.par_iter().try_for_each(|path| {
        if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_the_site_root_its_parent_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let public = root.join("public");
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_target(&root, &root, &public, true).is_err());
        assert!(check_target(&root, dir.path(), &public, true).is_err());
        assert!(check_target(&root, &root.join("content/out"), &public, true).is_err());
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_target(&root, &foreign, &public, false).is_err());
        assert!(check_target(&root, &foreign, &public, true).is_ok());
        assert!(check_target(&root, &public, &public, false).is_ok());
    }

    #[test]
    fn refuses_the_sites_git_its_other_folders_and_repositories_even_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let public = root.join("public");
        std::fs::create_dir_all(root.join(".git/objects")).unwrap();
        std::fs::create_dir_all(root.join("notes")).unwrap();
        std::fs::write(root.join("notes/a.txt"), "mine").unwrap();
        for target in [root.join(".git"), root.join(".git/objects"), root.join("notes"), root.join("dist")] {
            let err = check_target(&root, &target, &public, true).unwrap_err().to_string();
            assert!(err.contains("refusing"), "{}: {err}", target.display());
        }
        // A folder that holds a repository or a site, outside the site.
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        assert!(check_target(&root, &repo, &public, true).unwrap_err().to_string().contains(".git"));
        let other = dir.path().join("other-site");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("site.toml"), "title = \"x\"").unwrap();
        assert!(check_target(&root, &other, &public, true).unwrap_err().to_string().contains("site.toml"));
        // The configured output folder may not be the site's .git either.
        assert!(check_target(&root, &root.join(".git"), &root.join(".git"), true).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_dead_builds_are_removed_and_those_of_running_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        let out = dir.path().join("public");
        // A process that has ended: its id is free (until reused, which the test cannot rule out
        // for long, so it checks right away).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let mut running = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let dead_new = dir.path().join(format!(".public.privet-new-{dead}"));
        let dead_old = dir.path().join(format!(".public.privet-old-{dead}"));
        let live = dir.path().join(format!(".public.privet-new-{}", running.id()));
        let other = dir.path().join(format!(".other.privet-new-{dead}"));
        for d in [&dead_new, &dead_old, &live, &other] {
            std::fs::create_dir_all(d.join("privacy")).unwrap();
            std::fs::write(d.join("privacy/index.html"), "x").unwrap();
        }
        let folder = Folder::create(&root, &out, Path::new("public"), false).unwrap();
        folder.finish().unwrap();
        let _ = running.kill();
        let _ = running.wait();
        assert!(!dead_new.exists() && !dead_old.exists(), "a dead build's folders are removed");
        assert!(live.exists(), "a running build's folder is kept");
        assert!(other.exists(), "another output's folder is not this build's business");
    }

    #[test]
    fn a_finished_folder_replaces_the_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let write = |name: &str, bytes: &[u8]| {
            let folder = Folder::create(dir.path(), &out, &out, false).unwrap();
            folder.put(name, bytes).unwrap();
            folder.finish().unwrap();
        };
        write("a/index.html", b"one");
        write("b.txt", b"two");
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"two");
        assert!(out.join(MARKER).exists());
        let leftovers: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["public"]);
    }
}
