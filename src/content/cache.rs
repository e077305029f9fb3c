//! What a build keeps for the next one: parsed files by their size and
//! modification time, and the site's shape (which files, dates, drafts).

use std::path::PathBuf;

use super::{Doc, Site};

/// Parsed files kept between builds (by `serve`), so a rebuild re-reads
/// and re-parses only the files whose size or modification time changed.
/// Valid for one `Config`: clear it when site.toml changes.
#[derive(Debug, Default)]
pub struct Cache {
    pub(super) docs: std::collections::HashMap<PathBuf, (Stamp, std::sync::Arc<Doc>)>,
}

/// What tells that a file changed without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) modified: Option<std::time::SystemTime>,
    pub(super) len: u64,
}

/// A fingerprint of what the site consists of: every file with its
/// language, effective date and draft flag. Two builds with the same shape
/// have the same pages at the same addresses with the same dates.
pub fn shape(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let dates: Vec<_> =
        site.policies.iter().flat_map(|p| &p.versions).map(|v| (&v.slug, v.effective.to_string())).collect();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    dates.hash(&mut h);
    for doc in site.pages().into_iter().flat_map(|(_, l)| l.docs()) {
        (&doc.path, doc.lang, doc.front.draft, doc.front.effective.map(|(d, _)| d.to_string())).hash(&mut h);
    }
    h.finish()
}
