//! The site's Markdown files into a model: home, policies and their
//! versions, FAQ, contact and other pages, with translations grouped.
//!
//! What a file is follows from its path alone (see [`Kind::of`]); its
//! language from the suffix before `.md`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{Config, is_language_tag};
use crate::error::{Diagnostic, Error, Result, decode_text, line_column};
use crate::frontmatter::{self, FrontMatter};
use crate::markdown::{self, Rendered};
use crate::timeline::Timeline;

mod cache;
mod links;

use cache::Stamp;
pub use cache::{Cache, shape};

/// The folder that holds a site's Markdown.
pub const CONTENT_DIR: &str = "content";

/// What a content file is, from its path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Home,
    Contact,
    /// Any other page at the top of `content/` (`imprint.md` → `/imprint/`).
    Page(String),
    PolicyIndex(String),
    /// A policy version: the policy and the date in the file name.
    Version(String, String),
    FaqIndex,
    Question(String),
}

impl Kind {
    /// What the file at `rel` (relative to `content/`, `/`-separated, without
    /// `.md` and language suffix) is; an error message and hint if nothing.
    pub fn of(rel: &str) -> Result<Kind, (String, String)> {
        let parts: Vec<&str> = rel.split('/').collect();
        match parts.as_slice() {
            ["_index"] => Ok(Kind::Home),
            ["contact"] => Ok(Kind::Contact),
            ["faq", "_index"] => Ok(Kind::FaqIndex),
            ["faq", question] => Ok(Kind::Question(question.to_string())),
            [page] => Ok(Kind::Page(page.to_string())),
            [policy, "_index"] => Ok(Kind::PolicyIndex(policy.to_string())),
            [policy, name] => {
                if name.parse::<Date>().is_ok() && name.len() == 10 {
                    Ok(Kind::Version(policy.to_string(), name.to_string()))
                } else if looks_like_date(name) {
                    Err((
                        format!("`{name}` is not a real date"),
                        "name a version file by its effective date, YYYY-MM-DD, e.g. 2024-02-29.md".into(),
                    ))
                } else {
                    Err((
                        format!("`{name}.md` in the policy folder `{policy}` is neither `_index.md` nor a version"),
                        "a policy folder holds _index.md and one file per version named by its effective date, e.g. 2025-06-15.md".into(),
                    ))
                }
            }
            _ => Err((
                "content is nested too deep".into(),
                "put policies in content/POLICY/ and questions in content/faq/".into(),
            )),
        }
    }

    /// The page's address relative to a language root (`privacy/2024-03-01/`).
    pub fn address(&self) -> String {
        use crate::address::Page;
        match self {
            Kind::Home => Page::Home,
            Kind::Contact => Page::Contact,
            Kind::Page(slug) => Page::Free(slug),
            Kind::PolicyIndex(slug) => Page::Policy(slug),
            Kind::Version(policy, date) => Page::Version(policy, date),
            Kind::FaqIndex => Page::Faq,
            Kind::Question(slug) => Page::Question(slug),
        }
        .rel()
    }
}

fn looks_like_date(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && name.chars().filter(char::is_ascii_digit).count() == 8
}

pub use crate::address::{encode_segment, percent_decode};

/// The line `privet init` puts in each starter file; `privet check` warns while it is there.
pub const STARTER_MARK: &str = "# privet init:";

/// One Markdown file, parsed.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The file, relative to the site root.
    pub path: PathBuf,
    pub lang: usize,
    pub front: FrontMatter,
    pub body: Rendered,
    /// SHA-256 of the file's bytes as they are on disk, hex (for the manifest).
    pub source_sha256: String,
    /// SHA-256 of its text with the byte-order mark dropped and line endings
    /// made `\n`: the same on every checkout (`versions.lock`).
    pub text_source_sha256: String,
    /// SHA-256 of the document's text as a reader reads it ([`crate::html::text_of_html`]).
    pub text_sha256: String,
    /// SHA-256 of what a translator translates ([`words_sha256`]): whether a
    /// translation is behind its source (`translations.lock`).
    pub words_sha256: String,
    /// Whether it is still a starter text of `privet init` (marked so): not yet a record.
    pub starter: bool,
}

/// The translations of one page, indexed by language; missing ones are `None`.
#[derive(Debug, Clone)]
pub struct Localized(pub Vec<Option<Arc<Doc>>>);

impl Localized {
    /// The text to show in `lang`: its own translation, else the default
    /// language's, else the first there is. The flag says it is a fallback.
    pub fn get(&self, lang: usize) -> (&Doc, bool) {
        if let Some(Some(doc)) = self.0.get(lang) {
            return (doc, false);
        }
        let doc = self.0.iter().flatten().next().expect("a Localized has at least one doc");
        (doc, true)
    }

    /// The language whose text a reader of `lang` sees (`lang`, or the fallback's).
    pub fn source(&self, lang: usize) -> usize {
        match self.0.get(lang) {
            Some(Some(_)) => lang,
            _ => self.0.iter().position(Option::is_some).unwrap_or_default(),
        }
    }

    /// The default-language text (or the first there is): the reference.
    pub fn primary(&self) -> &Doc {
        self.get(0).0
    }

    pub fn docs(&self) -> impl Iterator<Item = &Doc> {
        self.0.iter().flatten().map(|d| &**d)
    }
}

/// One version of a policy.
#[derive(Debug, Clone)]
pub struct Version {
    /// The date in the file name: the version's address.
    pub slug: String,
    /// The day it takes effect.
    pub effective: Date,
    pub docs: Localized,
}

/// A policy folder: its `_index` and its versions, oldest first.
#[derive(Debug, Clone)]
pub struct Policy {
    pub slug: String,
    pub index: Localized,
    pub versions: Vec<Version>,
    /// Its versions on the build date: in force, upcoming, comparisons.
    pub timeline: Timeline,
}

impl Site {
    /// The first policy with `role` ([`Policy::role`]).
    pub fn policy_with_role(&self, role: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.role() == Some(role))
    }
}

impl Policy {
    /// What the policy is for browsers and crawlers: `role` in its
    /// `_index.md`, else from its folder's name (`privacy`, `terms`,
    /// `cookies`, `subprocessors`).
    pub fn role(&self) -> Option<&str> {
        if let Some(role) = self.index.primary().front.role.as_deref() {
            return Some(role);
        }
        match self.slug.as_str() {
            "privacy" => Some("privacy-policy"),
            "terms" => Some("terms-of-service"),
            "cookies" => Some("cookie-policy"),
            "subprocessors" => Some("subprocessors"),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Question {
    pub slug: String,
    pub docs: Localized,
}

/// The FAQ: its `_index` (title, categories) and its questions in order.
#[derive(Debug, Clone)]
pub struct Faq {
    pub index: Option<Localized>,
    pub questions: Vec<Question>,
}

/// A free page at the top of `content/`.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub docs: Localized,
}

/// Everything in `content/`, grouped and ordered.
#[derive(Debug, Clone)]
pub struct Site {
    pub home: Option<Localized>,
    /// Ordered by `weight`, then folder name.
    pub policies: Vec<Policy>,
    pub faq: Option<Faq>,
    pub contact: Option<Localized>,
    pub pages: Vec<Page>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// A content file found on disk, before it is read.
struct Found {
    path: PathBuf,
    shown: PathBuf,
    kind: Kind,
    lang: usize,
    stamp: Stamp,
}

/// The kind of page a file below the site's folder makes and the index of
/// its language, if it is a content file.
pub fn kind_of(config: &Config, rel: &Path) -> Option<(Kind, usize)> {
    classify(config, rel).ok()
}

/// Reads `content/` of the site as it stands on `today` (which version of
/// each policy is in force). Drafts are left out unless `drafts`.
pub fn load(config: &Config, drafts: bool, today: Date) -> Result<Site> {
    load_cached(config, drafts, today, &mut Cache::default())
}

/// Reads `content/`, reusing the files of `cache` that did not change.
pub fn load_cached(config: &Config, drafts: bool, today: Date, cache: &mut Cache) -> Result<Site> {
    let dir = config.root.join(CONTENT_DIR);
    if !dir.is_dir() {
        return Err(Diagnostic::new(CONTENT_DIR, "the site has no content/ folder")
            .hint("create content/_index.md for the home page and one folder per policy")
            .into());
    }
    let mut errors = Vec::new();
    let listing = crate::walk::list(&config.root, Path::new(CONTENT_DIR), &skipped)?;
    errors.extend(listing.errors);
    let link_warnings = listing.warnings;
    let found: Vec<Found> = listing
        .files
        .into_iter()
        .filter(|f| f.rel.ends_with(".md"))
        .filter_map(|crate::walk::Entry { path, shown, len, modified, .. }| match classify(config, &shown) {
            Ok((kind, lang)) => Some(Found { path, shown, kind, lang, stamp: Stamp { modified, len } }),
            Err(d) => {
                errors.push(d);
                None
            }
        })
        .collect();
    same_address(&found, &mut errors);

    let resolve = |target: &str| resolve_target(config, target);
    let parsed: Vec<(Option<Stamp>, Result<Arc<Doc>>)> = found
        .par_iter()
        .map(|f| {
            // The walk's own look at the file: one stat per file, not two.
            let stamp = Some(f.stamp.clone());
            match cache.docs.get(&f.path) {
                Some((cached, doc)) if Some(cached) == stamp.as_ref() => (stamp, Ok(doc.clone())),
                _ => (stamp, read_doc(f, &resolve, config.minify).map(Arc::new)),
            }
        })
        .collect();
    cache.docs.clear();
    let keep = cache.keep;
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

/// The names at the top of the site that privet writes itself (or `serve`
/// answers itself): a page or policy of that name would replace them or be
/// replaced.
/// `search` and `pagefind` are reserved whether or not a site has search
/// on, so turning it on never breaks a site.
const RESERVED: [&str; 10] = [
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "versions.json",
    "_headers",
    "assets",
    "__privet",
    "search",
    "pagefind",
];

/// What claims a name at the top of the site's addresses (`/privacy/...`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Contact,
    Faq,
    Page(String),
    Policy(String),
}

impl Owner {
    fn of(kind: &Kind) -> Option<(Owner, String)> {
        match kind {
            Kind::Home => None,
            Kind::Contact => Some((Owner::Contact, "contact".into())),
            Kind::FaqIndex | Kind::Question(_) => Some((Owner::Faq, "faq".into())),
            Kind::Page(slug) => Some((Owner::Page(slug.clone()), slug.clone())),
            Kind::PolicyIndex(slug) | Kind::Version(slug, _) => {
                Some((Owner::Policy(slug.clone()), slug.clone()))
            }
        }
    }

    fn describe(&self, path: &Path) -> String {
        let path = path.display();
        match self {
            Owner::Contact => format!("the contact page ({path})"),
            Owner::Faq => format!("the FAQ ({path})"),
            Owner::Page(_) => format!("the page {path}"),
            Owner::Policy(slug) => format!("the policy in content/{slug}/ ({path})"),
        }
    }
}

/// Two files that would be written to the same address (`content/privacy.md`
/// and the policy in `content/privacy/`, `faq.md` and the FAQ, a policy
/// folder named `contact/`) are an error naming both: otherwise one would
/// silently replace the other in every language.
fn same_address(found: &[Found], errors: &mut Vec<Diagnostic>) {
    // Per top-level name, every owner with its first file (a policy's _index when it has one).
    let mut owners: BTreeMap<String, BTreeMap<Owner, &Path>> = BTreeMap::new();
    for f in found {
        let Some((owner, name)) = Owner::of(&f.kind) else { continue };
        // Name a policy by its _index.md, in the default language when there is one.
        let rank = |path: &Path| match path.file_name().map(|n| n.to_string_lossy().into_owned()) {
            Some(n) if n == "_index.md" => 0,
            Some(n) if n.starts_with("_index.") => 1,
            _ => 2,
        };
        let first = owners.entry(name).or_default().entry(owner).or_insert(&f.shown);
        if rank(&f.shown) < rank(first) {
            *first = &f.shown;
        }
    }
    for (name, claims) in owners {
        if let Some((owner, path)) =
            claims.iter().find(|(o, _)| matches!(o, Owner::Page(_) | Owner::Policy(_)))
            && RESERVED.contains(&name.as_str())
        {
            errors.push(
                Diagnostic::new(
                    *path,
                    format!(
                        "the address /{name} is one privet writes itself, so {} would clash with it",
                        owner.describe(path)
                    ),
                )
                .hint(format!("rename it: {} are made by privet", RESERVED.join(", "))),
            );
            continue;
        }
        if claims.len() < 2 {
            continue;
        }
        // Blame the odd one: a free page before a policy, a policy before the contact page or FAQ.
        let rank = |o: &Owner| match o {
            Owner::Page(_) => 0,
            Owner::Policy(_) => 1,
            Owner::Contact | Owner::Faq => 2,
        };
        let mut claims: Vec<_> = claims.into_iter().collect();
        claims.sort_by_key(|(o, _)| rank(o));
        let (blamed, path) = &claims[0];
        let others: Vec<String> = claims[1..].iter().map(|(o, p)| o.describe(p)).collect();
        errors.push(
            Diagnostic::new(*path, format!(
                "{} has the address /{name}/, which is also the address of {}; one would replace the other in every language",
                blamed.describe(path),
                others.join(" and ")
            ))
            .hint("rename the file or folder, so each page has an address of its own"),
        );
    }
}

/// The kind and language of the file at `shown` (`content/privacy/2024-03-01.de.md`).
fn classify(config: &Config, shown: &Path) -> Result<(Kind, usize), Diagnostic> {
    let rel = shown.strip_prefix(CONTENT_DIR).unwrap_or(shown);
    let rel = rel.to_string_lossy().replace('\\', "/");
    let (rel, lang) = split_language(config, &rel).map_err(|(m, h)| Diagnostic::new(shown, m).hint(h))?;
    let kind = Kind::of(&rel).map_err(|(m, h)| Diagnostic::new(shown, m).hint(h))?;
    if let Kind::PolicyIndex(slug) | Kind::Version(slug, _) | Kind::Page(slug) = &kind
        && config.language_index(slug).is_some()
    {
        return Err(Diagnostic::new(
            shown,
            format!("`{slug}` is a language code, so its address would clash with the {slug} pages"),
        )
        .hint("rename the file or folder"));
    }
    Ok((kind, lang))
}

/// Strips `.md` and the language suffix; the language index (default: 0).
fn split_language(config: &Config, rel: &str) -> Result<(String, usize), (String, String)> {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let (dir, name) = match stem.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n),
        None => (String::new(), stem),
    };
    if let Some((base, suffix)) = name.rsplit_once('.') {
        if let Some(lang) = config.language_index(suffix) {
            return Ok((format!("{dir}{base}"), lang));
        }
        let primary = suffix.split('-').next().unwrap_or_default();
        if is_language_tag(&suffix.to_ascii_lowercase()) && primary.len() <= 3 {
            let known: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
            return Err((
                format!("the language suffix `.{suffix}` is not a language of this site"),
                format!(
                    "configured languages: {}; add [languages.{}] to site.toml or rename the file",
                    known.join(", "),
                    suffix.to_ascii_lowercase()
                ),
            ));
        }
    }
    Ok((stem.to_string(), 0))
}

/// The address of a `@/` link target, relative to a language root.
fn resolve_target(config: &Config, target: &str) -> Option<String> {
    let (rel, _) = split_language(config, target).ok()?;
    Kind::of(&rel).ok().map(|k| crate::address::page_rel(config, &k.address()))
}

fn read_doc(f: &Found, resolve: &markdown::Resolve<'_>, minify: bool) -> Result<Doc> {
    let bytes = crate::files::read(&f.path).map_err(|e| Error::io(&f.shown, e))?;
    let source_sha256 = crate::files::sha256_hex(&bytes);
    let text = decode_text(&bytes, &f.shown)?;
    drop(bytes);
    let text_source_sha256 = crate::files::sha256_hex(text.as_bytes());
    let starter = text.lines().any(|l| l.starts_with(STARTER_MARK));
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
    let dir = rel.parent().map(|d| d.to_string_lossy().replace('\\', "/")).unwrap_or_default();
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
        rendered.html = crate::minify::fragment(&rendered.html);
    }
    // Offsets of links become lines of the file, for errors later.
    for link in &mut rendered.links {
        let (line, column) = line_column(body, link.offset);
        link.line = line + body_line - 1;
        link.column = column;
    }
    for skip in &mut rendered.skips {
        let (line, column) = line_column(body, skip.offset);
        skip.line = line + body_line - 1;
        skip.column = column;
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
    })
}

/// SHA-256 of a file's words: its texts in the front matter (title,
/// description, summary, highlights, category names, correction notes) and
/// its Markdown. Settings that are not translated (weight, draft, dates,
/// featured) are left out, so changing them leaves no translation behind.
pub fn words_sha256(front: &FrontMatter, body: &str) -> String {
    let mut words = String::with_capacity(body.len() + 256);
    let fields = [front.title.as_deref(), front.description.as_deref(), front.summary.as_deref()];
    for field in fields {
        words.push_str(field.unwrap_or_default());
        words.push('\u{1f}');
    }
    for text in front.highlights.iter().chain(front.categories.iter().map(|c| &c.name)) {
        words.push_str(text);
        words.push('\u{1f}');
    }
    for c in &front.corrections {
        words.push_str(&c.note);
        words.push('\u{1f}');
    }
    words.push('\u{1e}');
    spacing_as_read(body, &mut words);
    crate::files::sha256_hex(words.as_bytes())
}

/// `body` with the white space a reader does not see made one: runs of
/// spaces inside a line (Markdown shows one), trailing spaces (but a hard
/// break's two), blank lines in a row. Indentation stays (it makes lists
/// and code), so a real change is never lost; a double space removed is
/// not one.
fn spacing_as_read(body: &str, out: &mut String) {
    let mut lines = body.trim().lines().peekable();
    let mut blank = true;
    while let Some(line) = lines.next() {
        let rest = line.trim_start();
        if rest.trim_end().is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push_str(&line[..line.len() - rest.len()]);
        let mut space = false;
        for c in rest.trim_end().chars() {
            if c == ' ' || c == '\t' {
                space = true;
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
        // Two spaces break the line only before another line of the paragraph.
        if rest.ends_with("  ") && lines.peek().is_some_and(|next| !next.trim().is_empty()) {
            out.push_str("  ");
        }
        out.push('\n');
    }
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
mod words_tests {
    use super::*;

    fn words(body: &str) -> String {
        words_sha256(&FrontMatter::default(), body)
    }

    #[test]
    fn white_space_a_reader_does_not_see_leaves_the_words_as_they_were() {
        let base = words("We keep logs for 45 days.\n\nSee [our FAQ](/faq/).\n");
        assert_eq!(base, words("We keep logs  for 45 days.   \n\n\n\nSee  [our FAQ](/faq/).\n\n"));
        assert_ne!(base, words("We keep logs for 40 days.\n\nSee [our FAQ](/faq/).\n"));
        // A hard break, a new paragraph and indentation change what is shown.
        assert_ne!(base, words("We keep logs for 45 days.  \nSee [our FAQ](/faq/).\n"));
        assert_ne!(base, words("We keep logs for 45 days.\nSee [our FAQ](/faq/).\n"));
        assert_ne!(words("- a\n  - b\n"), words("- a\n- b\n"));
    }

    #[test]
    fn settings_that_are_not_translated_leave_the_words_as_they_were() {
        let front = FrontMatter { weight: 3, draft: true, featured: true, ..FrontMatter::default() };
        assert_eq!(words_sha256(&front, "Text."), words("Text."));
        let titled = FrontMatter { title: Some("FAQ".into()), ..FrontMatter::default() };
        assert_ne!(words_sha256(&titled, "Text."), words("Text."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_addresses_follow_paths() {
        let cases = [
            ("_index", "", Kind::Home),
            ("contact", "contact/", Kind::Contact),
            ("privacy/_index", "privacy/", Kind::PolicyIndex("privacy".into())),
            (
                "privacy/2024-03-01",
                "privacy/2024-03-01/",
                Kind::Version("privacy".into(), "2024-03-01".into()),
            ),
            ("faq/delete-my-account", "faq/#delete-my-account", Kind::Question("delete-my-account".into())),
            ("legal notice", "legal%20notice/", Kind::Page("legal notice".into())),
        ];
        for (rel, address, kind) in cases {
            let k = Kind::of(rel).unwrap();
            assert_eq!((k.address(), &k), (address.to_string(), &kind));
        }
    }

    #[test]
    fn version_names_must_be_real_dates() {
        let (message, _) = Kind::of("privacy/2024-02-30").unwrap_err();
        assert!(message.contains("not a real date"), "{message}");
        assert!(Kind::of("privacy/notes").is_err());
        assert!(Kind::of("a/b/c").is_err());
    }
}
