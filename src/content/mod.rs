//! The site's Markdown files into the model ([`Site`]): the loader. It
//! lists `content/`, reads and parses each file (in parallel, reusing what
//! `cache` holds), groups translations per page and assembles policies,
//! their timelines and the FAQ. What a file is follows from its path
//! ([`kind`]); the model's types are in [`model`]; two files claiming one
//! address are refused by [`clash`]; links between files by [`links`].

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Lines, Result, decode_text_owned};
use crate::frontmatter;
use crate::markdown;
use crate::timeline::Timeline;

mod cache;
mod clash;
mod kind;
mod links;
mod model;
mod registers;
mod words;

use cache::Stamp;
pub use cache::{Cache, shape};
pub use kind::{Kind, kind_of};
pub use model::*;
pub use words::words_sha256;

/// The folder that holds a site's Markdown.
pub const CONTENT_DIR: &str = "content";

pub use crate::address::{encode_segment, percent_decode};

/// The line `privet init` puts in each starter file; `privet check` warns while it is there.
pub const STARTER_MARK: &str = "# privet init:";

/// How many files one worker parses before the other may take the next ones.
const PART: usize = 8;

/// A content file found on disk, before it is read.
#[derive(Debug, Clone)]
struct Found {
    path: PathBuf,
    shown: PathBuf,
    kind: Kind,
    lang: usize,
    stamp: Stamp,
    /// A register version (`DATE.toml`), not Markdown.
    data: bool,
}

/// Reads `content/` of the site as it stands on `today` (which version of
/// each policy is in force). Drafts are left out unless `drafts`.
pub fn load(config: &Config, drafts: bool, today: Date) -> Result<Site> {
    load_cached(config, drafts, today, &mut Cache::default(), false)
}

/// Reads `content/`, reusing the files of `cache` that did not change.
/// Reads `content/`, reusing the files of `cache` that did not change;
/// with `keep`, the cache then holds this build's files for the next.
pub fn load_cached(
    config: &Config,
    drafts: bool,
    today: Date,
    cache: &mut Cache,
    keep: bool,
) -> Result<Site> {
    let dir = config.root.join(CONTENT_DIR);
    if !dir.is_dir() {
        return Err(Diagnostic::new(CONTENT_DIR, "the site has no content/ folder")
            .hint("create content/_index.md for the home page and one folder per policy")
            .into());
    }
    let mut errors = Vec::new();
    let changed = cache.changed.take();
    let heard = changed.filter(|paths| restamp(cache, &config.root, &dir, paths));
    let (found, link_warnings) = match heard {
        Some(_) => cache.found.clone().unwrap_or_default(),
        None => {
            cache.found = None;
            let found = find(config, &mut errors)?;
            if keep && errors.is_empty() {
                cache.found = Some(found.clone());
            }
            found
        }
    };
    let claims: Vec<(&Kind, &Path)> = found.iter().map(|f| (&f.kind, f.shown.as_path())).collect();
    clash::same_address(&claims, &mut errors);

    let resolve = |target: &str| resolve_target(config, target);
    // The versions of a policy share most of their paragraphs: each is minified once a load.
    let blocks = crate::minify::Memo::default();
    let parsed: Vec<(Option<Stamp>, Result<Arc<Doc>>)> = found
        .par_iter()
        // In small parts: rayon otherwise parses a quarter of the files as
        // one unbroken part, and near the end a core waited for the other's.
        .with_max_len(PART)
        .map(|f| {
            // The walk's own look at the file: one stat per file, not two.
            let stamp = Some(f.stamp.clone());
            match cache.docs.get(&f.path) {
                Some((cached, doc)) if Some(cached) == stamp.as_ref() => (stamp, Ok(doc.clone())),
                _ => (stamp, read_doc(f, &resolve, config.minify, &blocks).map(Arc::new)),
            }
        })
        .collect();
    cache.docs.clear();
    let parsed: Vec<Result<Arc<Doc>>> = found
        .iter()
        .zip(parsed)
        .map(|(f, (stamp, doc))| {
            if let (true, Some(stamp), Ok(doc)) = (keep, stamp, &doc) {
                cache.docs.insert(f.path.clone(), (stamp, doc.clone()));
            }
            doc
        })
        .collect();

    let mut groups: BTreeMap<Kind, Vec<Option<Arc<Doc>>>> = BTreeMap::new();
    let mut all_kinds = HashSet::new();
    for (f, doc) in found.iter().zip(parsed) {
        let doc = match doc {
            Ok(doc) => doc,
            Err(e) => {
                errors.extend(into_diagnostics(e));
                continue;
            }
        };
        all_kinds.insert(f.kind.clone());
        if doc.front.draft && !drafts {
            continue;
        }
        let slots = groups.entry(f.kind.clone()).or_insert_with(|| vec![None; config.languages.len()]);
        match &slots[f.lang] {
            Some(other) => errors.push(
                Diagnostic::new(&f.shown, format!("this is a second file for the same page and language as {}", other.path.display()))
                    .hint("language suffixes are matched case-insensitively and a file without one is in the default language; keep one of the two"),
            ),
            None => slots[f.lang] = Some(doc),
        }
    }

    let mut site = assemble(groups, today, &mut errors);
    registers::resolve(config, &mut site, &mut errors);
    site.warnings.extend(link_warnings);
    // Policy folders with an error of their own: links into them are not judged.
    let broken: HashSet<String> = errors
        .iter()
        .filter_map(|d| {
            let rel = d.path.strip_prefix(CONTENT_DIR).ok()?;
            let mut parts = rel.components();
            let folder = parts.next()?.as_os_str().to_str()?.to_string();
            parts.next().map(|_| folder)
        })
        .collect();
    links::check(config, &site, &all_kinds, &broken, &mut errors);
    if !errors.is_empty() {
        return Err(Error::Site(errors));
    }
    site.warnings.sort_by(|a, b| a.path.cmp(&b.path).then(a.line.cmp(&b.line)));
    Ok(site)
}

/// Lists `content/` and tells what each file is; the listing's warnings beside.
fn find(config: &Config, errors: &mut Vec<Diagnostic>) -> Result<(Vec<Found>, Vec<Diagnostic>)> {
    let listing = crate::walk::list(&config.root, Path::new(CONTENT_DIR), &skipped)?;
    errors.extend(listing.errors);
    let found = listing
        .files
        .into_iter()
        .filter(|f| f.rel.ends_with(".md") || kind::data_stem(&f.rel).is_some())
        .filter_map(|crate::walk::Entry { path, rel, shown, len, modified }| {
            let data = !rel.ends_with(".md");
            match kind::classify(config, &shown) {
                Ok((kind, lang)) => {
                    Some(Found { path, shown, kind, lang, stamp: Stamp { modified, len }, data })
                }
                Err(d) => {
                    errors.push(d);
                    None
                }
            }
        })
        .collect();
    Ok((found, listing.warnings))
}

/// Looks again at the files of `paths` below `dir` among those the last
/// load found, when each is a plain file that load found; `false` when the
/// folder must be listed again (see [`Cache::changed_since_last_load`]).
/// A path elsewhere in the site (a template) is no file of `dir`; one not
/// written below `root` as the listing writes it cannot be told apart from
/// one of them, so it lists again.
fn restamp(cache: &mut Cache, root: &Path, dir: &Path, paths: &[PathBuf]) -> bool {
    let Some((found, _)) = cache.found.as_mut() else { return false };
    paths.iter().filter(|p| !p.starts_with(root) || p.starts_with(dir)).all(|path| {
        let f = found.iter_mut().find(|f| f.path == *path);
        let m = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file());
        match (f, m) {
            (Some(f), Some(m)) => {
                f.stamp = Stamp { modified: m.modified().ok(), len: m.len() };
                true
            }
            _ => false,
        }
    })
}

fn into_diagnostics(e: Error) -> Vec<Diagnostic> {
    match e {
        Error::Site(d) => d,
        other => vec![Diagnostic::new("", other.to_string())],
    }
}

/// Hidden files and editors' temporary files, which are never content.
fn skipped(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// The address of a `@/` link target, relative to a language root.
fn resolve_target(config: &Config, target: &str) -> Option<String> {
    let (rel, _) = kind::split_language(config, target).ok()?;
    Kind::of(&rel).ok().map(|k| crate::address::page_rel(config, &k.address()))
}

fn read_doc(
    f: &Found,
    resolve: &markdown::Resolve<'_>,
    minify: bool,
    blocks: &crate::minify::Memo,
) -> Result<Doc> {
    let bytes = crate::files::read(&f.path).map_err(|e| Error::io(&f.shown, e))?;
    let source_sha256 = crate::files::sha256_hex(&bytes);
    let (text, unchanged) = decode_text_owned(bytes, &f.shown)?;
    // Most files are their text as it is (no byte-order mark, no CR): one hash then.
    let text_source_sha256 =
        if unchanged { source_sha256.clone() } else { crate::files::sha256_hex(text.as_bytes()) };
    if f.data {
        return registers::read(f, &text, source_sha256, text_source_sha256);
    }
    let starter = starts_a_line(&text, STARTER_MARK);
    let (front, body, body_line) = frontmatter::parse(&f.shown, &text)?;
    if let Kind::Version(policy, date) = &f.kind
        && body.trim().is_empty()
    {
        // An empty legal record is always an accident (a file created and
        // never filled, a failed copy): publishing it would put an empty
        // policy in force or in the archive at a stable address.
        let (message, line) = if text.trim().is_empty() {
            ("this version file is empty", 1)
        } else {
            ("this version has front matter but no text", body_line.saturating_sub(1).max(1))
        };
        return Err(Diagnostic::new(&f.shown, message)
            .at(line, 0)
            .hint(format!(
                "write the policy's text below the front matter, or delete the file if {policy} has no version of {date} in this language"
            ))
            .into());
    }
    let rel = f.shown.strip_prefix(CONTENT_DIR).unwrap_or(&f.shown);
    let dir = rel.parent().map(crate::files::slash_path).unwrap_or_default();
    let mut rendered = markdown::render(body, &dir, resolve);
    if let Some(offset) = rendered.too_deep {
        return Err(Diagnostic::new(
            &f.shown,
            format!("the text is nested too deep here: more than {} levels of quotes, lists, emphasis or HTML elements", markdown::MAX_NESTING),
        )
        .at_offset(body, offset, body_line)
        .hint("a policy needs a few levels at most; check for a repeated `>`, `-` or `*`, or HTML elements that are opened and never closed")
        .into());
    }
    let text_sha256 = crate::files::sha256_hex(crate::html::text_of_html(&rendered.html).as_bytes());
    let words_sha256 = words_sha256(&front, body);
    if minify {
        rendered.html = crate::minify::fragment(&rendered.html, blocks);
    }
    // Offsets of links become lines of the file, for errors later.
    if !rendered.links.is_empty() || !rendered.skips.is_empty() {
        let lines = Lines::new(body);
        for link in &mut rendered.links {
            let (line, column) = lines.line_column(link.offset);
            link.line = line + body_line - 1;
            link.column = column;
        }
        for skip in &mut rendered.skips {
            let (line, column) = lines.line_column(skip.offset);
            skip.line = line + body_line - 1;
            skip.column = column;
        }
    }
    Ok(Doc {
        path: f.shown.clone(),
        lang: f.lang,
        front,
        body: rendered,
        source_sha256,
        text_source_sha256,
        text_sha256,
        words_sha256,
        starter,
        register: None,
    })
}

/// Whether a line of `text` starts with `mark`: found with the memchr
/// crate's search, not by walking every line of every file.
fn starts_a_line(text: &str, mark: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), mark.as_bytes())
        .any(|at| at == 0 || text.as_bytes()[at - 1] == b'\n')
}

/// Groups parsed files into the site's structure.
fn assemble(
    groups: BTreeMap<Kind, Vec<Option<Arc<Doc>>>>,
    today: Date,
    errors: &mut Vec<Diagnostic>,
) -> Site {
    let mut site = Site {
        home: None,
        policies: Vec::new(),
        faq: None,
        contact: None,
        pages: Vec::new(),
        warnings: Vec::new(),
    };
    let mut indexes: BTreeMap<String, Localized> = BTreeMap::new();
    let mut versions: BTreeMap<String, Vec<Version>> = BTreeMap::new();
    let mut faq_index = None;
    let mut questions = Vec::new();
    for (kind, docs) in groups {
        if docs.iter().all(Option::is_none) {
            continue;
        }
        let docs = Localized(docs);
        match kind {
            Kind::Home => site.home = Some(docs),
            Kind::Contact => site.contact = Some(docs),
            Kind::Page(slug) => site.pages.push(Page { slug, docs }),
            Kind::PolicyIndex(slug) => {
                indexes.insert(slug, docs);
            }
            Kind::Version(policy, slug) => {
                let file_date: Date = slug.parse().unwrap_or_default();
                let primary = docs.primary();
                let effective = match primary.front.effective {
                    Some((date, line)) if date != file_date => {
                        site.warnings.push(
                            Diagnostic::new(&primary.path, format!("`effective = {date}` differs from the date in the file name ({slug}); the version takes effect on {date} but keeps the address /{policy}/{slug}/"))
                                .at(line, 0)
                                .hint("rename the file to match, or remove `effective`"),
                        );
                        date
                    }
                    _ => file_date,
                };
                versions.entry(policy).or_default().push(Version { slug, effective, docs });
            }
            Kind::FaqIndex => faq_index = Some(docs),
            Kind::Question(slug) => questions.push(Question { slug, docs }),
        }
    }

    for (slug, index) in indexes {
        if index.primary().front.title.is_none() {
            errors.push(
                Diagnostic::new(&index.primary().path, "a policy's _index needs a title")
                    .at(1, 0)
                    .hint("add title = \"...\" to the front matter"),
            );
        }
        let mut list = versions.remove(&slug).unwrap_or_default();
        if list.is_empty() {
            site.warnings.push(
                Diagnostic::new(
                    &index.primary().path,
                    format!("the policy `{slug}` has no published version and is left out"),
                )
                .hint(format!("add content/{slug}/YYYY-MM-DD.md (or build with --drafts to include drafts)")),
            );
            continue;
        }
        list.sort_by(|a, b| a.effective.cmp(&b.effective).then(a.slug.cmp(&b.slug)));
        for pair in list.windows(2) {
            if pair[0].effective == pair[1].effective {
                errors.push(
                    Diagnostic::new(
                        &pair[1].docs.primary().path,
                        format!("two versions take effect on {}", pair[1].effective),
                    )
                    .hint(format!(
                        "also {}; give each version its own date",
                        pair[0].docs.primary().path.display()
                    )),
                );
            }
        }
        let dates: Vec<Date> = list.iter().map(|v| v.effective).collect();
        let timeline = Timeline::new(&dates, today);
        site.policies.push(Policy { slug, index, versions: list, timeline });
    }
    for (slug, list) in versions {
        let path = &list[0].docs.primary().path;
        errors.push(Diagnostic::new(path, format!("the policy folder `{slug}` has no _index.md")).hint(
            format!(
                "create content/{slug}/_index.md with the policy's title, e.g. title = \"Privacy Policy\""
            ),
        ));
    }
    site.policies.sort_by(|a, b| {
        (a.index.primary().front.weight, &a.slug).cmp(&(b.index.primary().front.weight, &b.slug))
    });
    site.pages.sort_by(|a, b| {
        (a.docs.primary().front.weight, &a.slug).cmp(&(b.docs.primary().front.weight, &b.slug))
    });

    if faq_index.is_some() || !questions.is_empty() {
        site.faq = Some(order_faq(faq_index, questions, errors));
    }
    site
}

/// Orders questions by category (as listed in the FAQ's `_index`), then weight.
fn order_faq(index: Option<Localized>, mut questions: Vec<Question>, errors: &mut Vec<Diagnostic>) -> Faq {
    let categories: Vec<String> = index
        .as_ref()
        .map(|i| i.primary().front.categories.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default();
    for q in &questions {
        if q.docs.primary().front.title.is_none() {
            errors.push(
                Diagnostic::new(&q.docs.primary().path, "a FAQ question needs a title: the question itself")
                    .at(1, 0)
                    .hint("add title = \"How do I delete my account?\" to the front matter"),
            );
        }
        for doc in q.docs.docs() {
            if let Some((category, line)) = &doc.front.category
                && !categories.contains(category)
            {
                errors.push(
                    Diagnostic::new(
                        &doc.path,
                        format!("the category `{category}` is not listed in content/faq/_index.md"),
                    )
                    .at(*line, 0)
                    .hint(if categories.is_empty() {
                        "list the categories in content/faq/_index.md as [[categories]] with id and name"
                            .to_string()
                    } else {
                        format!("use one of: {}", categories.join(", "))
                    }),
                );
            }
        }
    }
    let rank = |q: &Question| {
        let front = &q.docs.primary().front;
        let category = front
            .category
            .as_ref()
            .and_then(|(c, _)| categories.iter().position(|x| x == c))
            .unwrap_or(categories.len());
        (category, front.weight)
    };
    questions.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.slug.cmp(&b.slug)));
    Faq { index, questions }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the fixture site and its settings.
    fn fixture() -> (tempfile::TempDir, Config) {
        let dir = crate::testing::fixture_site();
        let config = Config::load(dir.path()).unwrap();
        (dir, config)
    }

    fn contact(site: &Site) -> String {
        site.contact.as_ref().unwrap().get(0).0.body.html.clone()
    }

    #[test]
    fn a_load_told_what_changed_sees_those_files_and_lists_again_for_anything_else() {
        let (dir, config) = fixture();
        let today: Date = "2026-01-01".parse().unwrap();
        let mut cache = Cache::default();
        let load = |cache: &mut Cache, heard: &[&str]| {
            cache.changed_since_last_load(Some(heard.iter().map(|p| dir.path().join(p)).collect()));
            load_cached(&config, true, today, cache, true).unwrap()
        };
        load_cached(&config, true, today, &mut cache, true).unwrap();
        // A save of a file the last load found: that file is read again.
        std::fs::write(
            dir.path().join("content/contact.md"),
            "+++\ntitle = \"Contact\"\n+++\nWrite to us.\n",
        )
        .unwrap();
        assert!(contact(&load(&mut cache, &["content/contact.md"])).contains("Write to us."));
        // A new file: everything is listed again, so it is found.
        let new = "content/privacy/2026-06-01.md";
        std::fs::write(dir.path().join(new), "+++\ntitle = \"Privacy\"\n+++\nA new version.\n").unwrap();
        let site = load(&mut cache, &[new]);
        assert!(site.policies[0].versions.iter().any(|v| v.slug == "2026-06-01"));
        // A file removed, and the folder a watcher names when it lost events.
        std::fs::remove_file(dir.path().join(new)).unwrap();
        let site = load(&mut cache, &[new]);
        assert!(!site.policies[0].versions.iter().any(|v| v.slug == "2026-06-01"));
        std::fs::write(dir.path().join(new), "+++\ntitle = \"Privacy\"\n+++\nBack.\n").unwrap();
        let site = load(&mut cache, &["content"]);
        assert!(site.policies[0].versions.iter().any(|v| v.slug == "2026-06-01"));
        // Told of nothing under content/ (a template saved): the files are as last found.
        std::fs::write(dir.path().join("content/contact.md"), "+++\ntitle = \"Contact\"\n+++\nNot heard.\n")
            .unwrap();
        assert!(contact(&load(&mut cache, &["templates/page.html"])).contains("Write to us."));
        // A path not written below the root as the listing writes it (a
        // relative one, for a root that is absolute): everything is listed again.
        cache.changed_since_last_load(Some(vec![PathBuf::from("content/contact.md")]));
        assert!(
            contact(&load_cached(&config, true, today, &mut cache, true).unwrap()).contains("Not heard.")
        );
        // Told nothing at all (the first build, site.toml): everything is looked at.
        std::fs::write(dir.path().join("content/contact.md"), "+++\ntitle = \"Contact\"\n+++\nSeen.\n")
            .unwrap();
        assert!(contact(&load_cached(&config, true, today, &mut cache, true).unwrap()).contains("Seen."));
    }
}
