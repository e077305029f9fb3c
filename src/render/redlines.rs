//! Which redlines a render shows and when each is computed: the site's
//! scheduling of [`crate::redline::diff`], which itself only compares two
//! documents. A redline is computed by the first page that asks for it,
//! shared by every page that shows it, and (in `serve`) kept between builds
//! by the hashes of the two files compared.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use crate::content::{Policy, Site};
use crate::redline::{Memo, Redline, Text, diff, diff_texts};
use crate::timeline::Pair;

/// The language whose texts a comparison shows to a reader of `lang`:
/// `lang` when both versions are written in it, else the default language
/// (comparing texts in two languages would mark everything), else the first
/// language both are written in.
pub fn source_language(p: &Policy, pair: Pair, lang: usize) -> usize {
    let has = |v: usize, l: usize| matches!(p.versions[v].docs.0.get(l), Some(Some(_)));
    let both = |l: usize| has(pair.old, l) && has(pair.new, l);
    if both(lang) {
        return lang;
    }
    let languages = p.versions[pair.new].docs.0.len();
    (0..languages).find(|&l| both(l)).unwrap_or(0)
}

/// A redline's key: the policy (its index in the site), the pair, and the
/// language of the texts compared ([`source_language`]).
pub type Key = (usize, Pair, usize);

/// Redlines kept between builds (by `serve`), by the SHA-256 of the two
/// files compared: a save recomputes only the redlines of the changed file.
#[derive(Debug, Default)]
pub struct Cache {
    diffs: HashMap<Hashes, Arc<Redline>>,
}

/// The SHA-256 of the older and the newer file of a redline.
type Hashes = (String, String);

/// The redlines a render shows, each computed when a page first asks for
/// it (in that page's worker, so diffing and rendering share the cores)
/// and shared by every page that shows it. Unless the cache keeps them, one
/// is dropped once its last page is made: a build never holds them all.
pub struct Lazy<'a> {
    site: &'a Site,
    entries: HashMap<Key, Entry>,
    /// Word diffs shared by the redlines of one policy's texts in one
    /// language, by (policy, language): dropped when the last of them is made.
    memos: HashMap<(usize, usize), Shared>,
    keep: bool,
}

struct Shared {
    memo: std::sync::Mutex<Option<Arc<Memo>>>,
    /// Redlines still to compute with it.
    left: std::sync::atomic::AtomicUsize,
}

struct Entry {
    hashes: Hashes,
    value: std::sync::Mutex<Option<Arc<Redline>>>,
    /// Pages still to ask for it.
    users: std::sync::atomic::AtomicUsize,
}

impl<'a> Lazy<'a> {
    /// For pages that show `uses` (one key per page; a key may repeat),
    /// starting from what `cache` holds.
    /// With `keep`, every redline is kept for the next build; without, each
    /// is dropped after the last page that shows it.
    pub fn new(
        site: &'a Site,
        uses: impl IntoIterator<Item = Key>,
        cache: &mut Cache,
        keep: bool,
    ) -> Lazy<'a> {
        let mut entries: HashMap<Key, Entry> = HashMap::new();
        for key in uses {
            let (k, pair, src) = key;
            let entry = entries.entry(key).or_insert_with(|| {
                let hashes = hashes(&site.policies[k], pair, src);
                let cached = cache.diffs.get(&hashes).cloned();
                Entry { hashes, value: std::sync::Mutex::new(cached), users: 0.into() }
            });
            *entry.users.get_mut() += 1;
        }
        // Per policy and language: the redlines to compute, and how many of
        // them read each version (its parse is kept in the memo until the last).
        let mut counts: HashMap<(usize, usize), (usize, HashMap<usize, usize>)> = HashMap::new();
        for (&(k, pair, src), entry) in &mut entries {
            if entry.value.get_mut().unwrap_or_else(|p| p.into_inner()).is_none() {
                let (left, readers) = counts.entry((k, src)).or_default();
                *left += 1;
                for v in [pair.old, pair.new] {
                    *readers.entry(v).or_default() += 1;
                }
            }
        }
        let memos = counts
            .into_iter()
            .map(|(key, (left, readers))| {
                let memo = std::sync::Mutex::new(Some(Arc::new(Memo::for_texts(readers))));
                (key, Shared { memo, left: left.into() })
            })
            .collect();
        Lazy { site, entries, memos, keep }
    }

    /// The redline for `key`, computed now if no page asked for it before.
    /// Call once per page that was counted in [`Lazy::new`].
    pub fn get(&self, key: Key) -> Arc<Redline> {
        let Some(entry) = self.entries.get(&key) else {
            return Arc::new(self.compute(key));
        };
        let mut value = entry.value.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let redline = match &*value {
            Some(r) => Arc::clone(r),
            None => {
                let r = Arc::new(self.compute(key));
                *value = Some(Arc::clone(&r));
                r
            }
        };
        let left = entry.users.fetch_sub(1, std::sync::atomic::Ordering::AcqRel).saturating_sub(1);
        if left == 0 && !self.keep {
            *value = None;
        }
        redline
    }

    fn compute(&self, (k, pair, src): Key) -> Redline {
        use std::sync::atomic::Ordering::{AcqRel, Acquire};
        let p = &self.site.policies[k];
        let text = |v: usize| &p.versions[v].docs.get(src).0.body.html;
        let (old, new) = (text(pair.old), text(pair.new));
        // A key no page counted is diffed on its own.
        let shared = self.memos.get(&(k, src)).filter(|_| self.entries.contains_key(&(k, pair, src)));
        let Some(shared) = shared else { return diff(old, new) };
        let memo = {
            let mut memo = shared.memo.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(memo.get_or_insert_with(Default::default))
        };
        let redline = diff_texts(Text { id: pair.old, html: old }, Text { id: pair.new, html: new }, memo);
        let left = shared.left.fetch_update(AcqRel, Acquire, |n| Some(n.saturating_sub(1)));
        if left.is_ok_and(|n| n <= 1) {
            *shared.memo.lock().unwrap_or_else(|p| p.into_inner()) = None;
        }
        redline
    }

    /// What a kept cache holds for the next build: the redlines of this
    /// one, and those it had before for texts the site still compares
    /// (pages not rendered this time show them next time).
    pub fn finish(self, cache: &mut Cache, languages: usize) {
        if !self.keep {
            cache.diffs.clear();
            return;
        }
        for entry in self.entries.into_values() {
            if let Some(r) = entry.value.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()) {
                cache.diffs.insert(entry.hashes, r);
            }
        }
        let site = self.site;
        let live: std::collections::HashSet<Hashes> = keys(site, languages)
            .into_iter()
            .map(|(k, pair, src)| hashes(&site.policies[k], pair, src))
            .collect();
        cache.diffs.retain(|hashes, _| live.contains(hashes));
    }
}

fn hashes(p: &Policy, pair: Pair, src: usize) -> Hashes {
    let hash = |v: usize| p.versions[v].docs.get(src).0.source_sha256.clone();
    (hash(pair.old), hash(pair.new))
}

/// Every redline the site shows in `languages` languages, as keys.
pub fn keys(site: &Site, languages: usize) -> BTreeSet<Key> {
    let mut keys = BTreeSet::new();
    for (k, p) in site.policies.iter().enumerate() {
        for pair in p.timeline.pairs() {
            for lang in 0..languages {
                keys.insert((k, pair, source_language(p, pair, lang)));
            }
        }
    }
    keys
}
