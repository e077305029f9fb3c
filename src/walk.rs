//! Listing the files of a folder of the site, with one rule for symbolic
//! links in every folder privet reads (content/, templates/, static/,
//! themes/, i18n/):
//!
//! - a link that leads outside the site root is left out, with a warning
//!   (it would publish, or serve, a file that is not the site's: a key, the
//!   build machine's `/proc/self/environ`);
//! - a link that leads nowhere is an error;
//! - a link that leads back to a folder being read (a loop, which would
//!   never end) is an error.
//!
//! Links that lead elsewhere inside the site are followed. Anything that is
//! neither a file nor a folder (a named pipe, a socket, a device) is left
//! out with a warning: reading a pipe would wait for ever.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, Result};

/// One file below the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The file on disk, reached through the folder.
    pub path: PathBuf,
    /// Relative to the folder, `/`-separated (`legal/imprint.md`).
    pub rel: String,
    /// Relative to the site root, for messages (`content/legal/imprint.md`).
    pub shown: PathBuf,
    /// Size and modification time when listed: what tells a rebuild it changed.
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

/// The files of a folder, sorted by path, and what was wrong on the way.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<Entry>,
    /// Links left out because they lead outside the site.
    pub warnings: Vec<Diagnostic>,
    /// Links that lead nowhere or in a loop, names that are not UTF-8.
    pub errors: Vec<Diagnostic>,
}

/// More folders than any site has: links that multiply (each folder linking
/// twice to the next) would otherwise make a walk that never ends in practice.
const MAX_FOLDERS: usize = 100_000;

/// Lists the files below `root/dir` (nothing when it does not exist),
/// leaving out names for which `skip` is true (hidden and editors' files).
/// Folders are read in parallel: on a large site, one stat per file is
/// most of what `serve` does after a save before it renders.
pub fn list(root: &Path, dir: &Path, skip: &(dyn Fn(&str) -> bool + Sync)) -> Result<Listing> {
    let top = root.join(dir);
    if std::fs::symlink_metadata(&top).is_err() {
        return Ok(Listing::default());
    }
    let site = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let walk = Walk { site, skip, folders: AtomicUsize::new(0) };
    let mut listing = walk.folder(&top, dir, "", &[]);
    listing.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(listing)
}

struct Walk<'a> {
    site: PathBuf,
    skip: &'a (dyn Fn(&str) -> bool + Sync),
    /// Folders read so far, across threads.
    folders: AtomicUsize,
}

impl Listing {
    /// Adds `other`'s files and messages after this one's.
    fn append(&mut self, other: Listing) {
        self.files.extend(other.files);
        self.warnings.extend(other.warnings);
        self.errors.extend(other.errors);
    }
}

impl Walk<'_> {
    /// Where a path really leads, if it leads inside the site; records why not.
    fn inside(&self, path: &Path, shown: &Path, listing: &mut Listing) -> Option<PathBuf> {
        match std::fs::canonicalize(path) {
            Ok(real) if real.starts_with(&self.site) => Some(real),
            Ok(_) => {
                listing.warnings.push(
                    Diagnostic::new(shown, "left out: a link to a file or folder outside the site")
                        .code("link-outside-site")
                        .hint("copy the file into the site instead of linking to it"),
                );
                None
            }
            Err(e) => {
                listing.errors.push(
                    Diagnostic::new(shown, format!("cannot be read: {e}"))
                        .code("broken-link")
                        .hint("a symbolic link that leads nowhere? remove it or fix its target"),
                );
                None
            }
        }
    }

    /// The files below one folder; `ancestors` are the real paths of the
    /// folders being read around it, outermost first.
    fn folder(&self, path: &Path, shown: &Path, rel: &str, ancestors: &[PathBuf]) -> Listing {
        let mut listing = Listing::default();
        let Some(real) = self.inside(path, shown, &mut listing) else { return listing };
        // A link to a folder being read, or to one that holds it (`..`, the
        // site root), would lead into itself again and again.
        if ancestors.iter().any(|a| a.starts_with(&real)) {
            listing.errors.push(
                Diagnostic::new(shown, "this folder links back to a folder already read (a symlink loop)")
                    .code("symlink-loop")
                    .hint("remove the symbolic link"),
            );
            return listing;
        }
        let folders = self.folders.fetch_add(1, Ordering::Relaxed) + 1;
        if folders > MAX_FOLDERS {
            if folders == MAX_FOLDERS + 1 {
                listing.errors.push(
                    Diagnostic::new(shown, format!("more than {MAX_FOLDERS} folders: symbolic links that lead to the same folders again and again?"))
                        .code("symlink-loop")
                        .hint("remove the symbolic links between the site's folders"),
                );
            }
            return listing;
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                listing.errors.push(Diagnostic::new(shown, format!("cannot be read: {e}")));
                return listing;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
        entries.sort_by_key(|e| e.file_name());
        let mut ancestors = ancestors.to_vec();
        ancestors.push(real);
        // Each entry's own listing, merged in name order: the same messages
        // in the same order however the threads ran.
        let parts: Vec<Listing> = entries.par_iter().map(|e| self.entry(e, shown, rel, &ancestors)).collect();
        for part in parts {
            listing.append(part);
        }
        listing
    }

    /// One entry of a folder: a file, a folder's files, or why neither.
    fn entry(&self, entry: &std::fs::DirEntry, shown: &Path, rel: &str, ancestors: &[PathBuf]) -> Listing {
        let mut listing = Listing::default();
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            listing.errors.push(
                Diagnostic::new(shown.join(&name), "this file name is not valid UTF-8")
                    .hint("rename the file"),
            );
            return listing;
        };
        if (self.skip)(name) {
            return listing;
        }
        let path = entry.path();
        let shown = shown.join(name);
        let rel = format!("{rel}{name}");
        let link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if link && self.inside(&path, &shown, &mut listing).is_none() {
            return listing;
        }
        // A plain entry is looked at through its folder (fstatat), with
        // no walk of the whole path again; a link, through what it leads to.
        let metadata = if link { std::fs::metadata(&path) } else { entry.metadata() };
        match metadata {
            Ok(m) if m.is_dir() => return self.folder(&path, &shown, &format!("{rel}/"), ancestors),
            // Reading a named pipe would wait for a writer for ever.
            Ok(m) if !m.is_file() => listing.warnings.push(
                Diagnostic::new(&shown, format!("left out: {}", crate::files::NOT_REGULAR))
                    .code("not-a-file")
                    .hint("remove it; privet reads only files and folders"),
            ),
            Ok(m) => {
                listing.files.push(Entry { path, rel, shown, len: m.len(), modified: m.modified().ok() })
            }
            Err(e) => listing.errors.push(
                Diagnostic::new(&shown, format!("cannot be read: {e}"))
                    .hint("a symbolic link that leads nowhere? remove it or fix its target"),
            ),
        }
        listing
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn none(_: &str) -> bool {
        false
    }

    #[test]
    fn links_outside_are_left_out_loops_and_dangling_links_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let outside = dir.path().join("secret.txt");
        std::fs::write(&outside, "secret").unwrap();
        std::fs::create_dir_all(root.join("static/sub")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("static/sub/a.txt"), "a").unwrap();
        std::fs::write(root.join("shared/s.txt"), "s").unwrap();
        symlink(&outside, root.join("static/leak.txt")).unwrap();
        symlink("/proc/self/environ", root.join("static/environ")).unwrap();
        symlink("/etc", root.join("static/etc")).unwrap();
        symlink("../shared", root.join("static/one")).unwrap();
        symlink("../shared", root.join("static/two")).unwrap();
        symlink(".", root.join("static/loop1")).unwrap();
        symlink(".", root.join("static/loop2")).unwrap();
        symlink("nowhere", root.join("static/dangling")).unwrap();
        symlink("../..", root.join("static/sub/up")).unwrap();
        let listing = list(&root, Path::new("static"), &none).unwrap();
        let rels: Vec<_> = listing.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["one/s.txt", "sub/a.txt", "two/s.txt"]);
        let warned: Vec<_> = listing.warnings.iter().map(|w| w.path.display().to_string()).collect();
        assert_eq!(warned, ["static/environ", "static/etc", "static/leak.txt"]);
        let errors: Vec<_> = listing.errors.iter().map(|e| e.path.display().to_string()).collect();
        assert_eq!(errors, ["static/dangling", "static/loop1", "static/loop2", "static/sub/up"]);
    }

    #[test]
    fn a_folder_that_is_itself_a_link_outside_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        std::fs::write(dir.path().join("elsewhere/404.html"), "x").unwrap();
        symlink(dir.path().join("elsewhere"), root.join("templates")).unwrap();
        let listing = list(&root, Path::new("templates"), &none).unwrap();
        assert!(listing.files.is_empty());
        assert_eq!(listing.warnings.len(), 1);
    }
}
