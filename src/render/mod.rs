//! The model through Tera templates into pages, in parallel.
//!
//! Rust computes everything a template shows (addresses, dates in the
//! reader's language, which version is in force); templates only lay it out.

mod comparison;
mod pdf;
mod redlines;
mod register;
mod templates;
mod views;

use comparison::Comparison;
pub use pdf::pdf_address;
pub use redlines::Cache as RedlineCache;
pub use templates::templates;
use views::{Alternate, Common};

use std::collections::BTreeMap;

use jiff::civil::Date;
use rayon::prelude::*;
use tera::Tera;

use crate::address;
use crate::config::Config;
use crate::content::{Faq, Page, Policy, Site};
use crate::error::Result;
use crate::files::Sink;
use crate::structured;
use crate::theme::Theme;
use crate::timeline::Pair;
use crate::translations::StaleSet;
use std::sync::Arc;

/// One rendered page, on its way to the sink.
struct RenderedPage {
    /// The file below the output root (`de/privacy/index.html`).
    file: String,
    /// The page's bytes, in its thread's buffer ([`take_buffer`]).
    html: Vec<u8>,
}

thread_local! {
    /// Each render thread's output buffer, reused page after page: a page
    /// grown into fresh memory pays a page fault for each 4 KiB it touches,
    /// a tenth of the time on a site of long redlines.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A buffer kept past this is dropped instead: a hostile 20 MB page must not
/// hold its memory on every thread for the rest of the build.
const KEPT_BUFFER: usize = 8 << 20;

/// The thread's buffer, empty.
fn take_buffer() -> Vec<u8> {
    BUFFER.with(|b| std::mem::take(&mut *b.borrow_mut()))
}

/// Hands a page's bytes back to its thread for the next page.
fn give_back(mut bytes: Vec<u8>) {
    if bytes.capacity() <= KEPT_BUFFER {
        bytes.clear();
        BUFFER.with(|b| *b.borrow_mut() = bytes);
    }
}

/// A page that exists in every language, with its address in each.
#[derive(Debug, Clone)]
pub struct Alternates(pub Vec<String>);

/// What rendering tells the output stage; the pages themselves went to the sink.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Every indexable page's addresses, one per language (for the
    /// sitemap); none after a partial render, which keeps the last sitemap.
    pub alternates: Vec<Alternates>,
    /// Pages rendered, per language.
    pub pages_per_language: Vec<usize>,
    /// SHA-256 of each version page rendered, by file (for the manifest).
    pub version_hashes: BTreeMap<String, String>,
    /// Per language: whether its readers see a text this render was for
    /// (every language for [`Scope::All`]); its feed is made again.
    pub languages_touched: Vec<bool>,
    /// What each version's PDF shows, with `pdf = true` (every version's,
    /// whatever the scope: [`crate::pdf::make`] takes the unchanged ones as they are).
    pub pdfs: Vec<crate::pdf::Document>,
}

/// The pages a site makes, each rendered once per language.
#[derive(Clone, Copy)]
enum Target<'a> {
    Home,
    Policy(&'a Policy),
    Changelog(&'a Policy),
    Version(&'a Policy, usize),
    /// The redline of a version against the one before it.
    Changes(&'a Policy, usize),
    /// An archived version against the version in force, or (`true`) against the upcoming one.
    Compare(&'a Policy, Pair, bool),
    Faq(&'a Faq),
    Contact,
    Page(&'a Page),
    Search,
}

/// Pages whose texts take more than this are made one at a time.
const LARGE_PAGE: usize = 4 << 20;

impl Target<'_> {
    /// About how many bytes of Markdown-made HTML the page shows.
    fn text_bytes(&self, lang: usize) -> usize {
        let of = |p: &Policy, i: usize| p.versions.get(i).map_or(0, |v| v.docs.get(lang).0.body.html.len());
        match *self {
            Target::Policy(p) => {
                p.versions.iter().map(|v| v.docs.get(lang).0.body.html.len()).max().unwrap_or(0)
            }
            Target::Version(p, i) => of(p, i),
            Target::Changes(p, i) => of(p, i) + of(p, i.saturating_sub(1)),
            Target::Compare(p, pair, _) => of(p, pair.old) + of(p, pair.new),
            _ => 0,
        }
    }

    /// The page's address, from the one place that knows addresses.
    fn page(&self) -> address::Page<'_> {
        use address::Page;
        match *self {
            Target::Home => Page::Home,
            Target::Policy(p) => Page::Policy(&p.slug),
            Target::Changelog(p) => Page::Changelog(&p.slug),
            Target::Version(p, i) => Page::Version(&p.slug, &p.versions[i].slug),
            Target::Changes(p, i) => Page::Changes(&p.slug, &p.versions[i].slug),
            Target::Compare(p, pair, upcoming) => Page::Compare(
                &p.slug,
                &p.versions[pair.old].slug,
                upcoming.then_some(p.versions[pair.new].slug.as_str()),
            ),
            Target::Faq(_) => Page::Faq,
            Target::Contact => Page::Contact,
            Target::Page(p) => Page::Free(&p.slug),
            Target::Search => Page::Search,
        }
    }

    /// Which of its policy's versions the page shows: declared here once,
    /// read by the page's rendering and by what a save re-renders
    /// ([`texts_shown`]), so the two cannot drift apart.
    fn shows(&self) -> Shows {
        match *self {
            Target::Policy(p) => {
                let t = &p.timeline;
                let body = t.shown();
                // The current page announces the next version only, never the one it shows.
                Shows {
                    body: Some(body),
                    in_force: t.in_force(),
                    announced: t.upcoming().find(|&i| i != body),
                    ..Shows::default()
                }
            }
            Target::Version(p, i) => {
                let t = &p.timeline;
                Shows {
                    body: Some(i),
                    in_force: t.in_force(),
                    announced: t.next_upcoming(),
                    ..Shows::default()
                }
            }
            Target::Changelog(p) => Shows { listed: 0..p.versions.len(), ..Shows::default() },
            Target::Changes(_, i) => {
                Shows { compared: Some(Pair { old: i - 1, new: i }), ..Shows::default() }
            }
            Target::Compare(_, pair, _) => Shows { compared: Some(pair), ..Shows::default() },
            _ => Shows::default(),
        }
    }

    /// The policy and the two versions a redline page compares.
    fn comparison(&self) -> Option<(&Policy, Pair)> {
        match *self {
            Target::Changes(p, i) => Some((p, Pair { old: i - 1, new: i })),
            Target::Compare(p, pair, _) => Some((p, pair)),
            _ => None,
        }
    }

    /// The address relative to a language root.
    fn rel(&self) -> String {
        self.page().rel()
    }
}

/// The versions of its policy a page shows (indexes into its versions).
#[derive(Debug, Default)]
struct Shows {
    /// The version whose text is the page's body.
    body: Option<usize>,
    /// The version in force, in a banner.
    in_force: Option<usize>,
    /// The version announced, in a banner.
    announced: Option<usize>,
    /// Versions listed with their titles, dates and summaries (changelog).
    listed: std::ops::Range<usize>,
    /// The two versions a redline page compares.
    compared: Option<Pair>,
}

/// Which pages a render makes: all of them, or, for a rebuild after an
/// edit, only those that can show what changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    All,
    Only {
        /// Policy versions whose text changed: the policy's pages (current,
        /// changelog, versions, redlines) are redone in the languages that
        /// show that text, and so is their home page.
        versions: Vec<Edit>,
        /// The FAQ in every language (its questions' categories and
        /// featured flags come from the default language).
        faq: bool,
        /// The home page in every language.
        home: bool,
    },
}

/// One changed file of a policy version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub policy: String,
    /// The version's slug (the date in its file name).
    pub version: String,
    /// The language of the file.
    pub lang: usize,
    /// Only its text changed, not its front matter (see [`Scope::against`]).
    pub text_only: bool,
}

impl Edit {
    /// The edited version in `site`: its policy and index. `None` when the
    /// model has no such version (a draft left out shows nowhere).
    fn find<'s>(&self, site: &'s Site) -> Option<(&'s Policy, usize)> {
        let p = site.policies.iter().find(|p| p.slug == self.policy)?;
        Some((p, p.versions.iter().position(|v| v.slug == self.version)?))
    }
}

impl Scope {
    pub fn is_all(&self) -> bool {
        *self == Scope::All
    }

    /// The scope of a save, against the last good build (`before`: its
    /// model and its translations behind their sources). An edit of a file
    /// that was not read again (the same document) whose notice of falling
    /// behind did not change shows nowhere new: a default-language save
    /// names every translation of the version, and most are as they were.
    /// An edit that changed a version's text and not its front matter
    /// shows only where that text is read ([`Edit::text_only`]): pages that
    /// show the version by its card (title, date, summary, corrections:
    /// banners, the changelog, the home page's cards, feeds) are as they
    /// were. A register's rows are its card too.
    pub fn against(&self, before: (&Site, &StaleSet), now: (&Site, &StaleSet)) -> Scope {
        let Scope::Only { versions, faq, home } = self else { return Scope::All };
        let doc = |site: &Site, e: &Edit| {
            let (p, v) = e.find(site)?;
            p.versions[v].docs.0.get(e.lang)?.clone()
        };
        let versions = versions
            .iter()
            .filter_map(|e| match (doc(before.0, e), doc(now.0, e)) {
                (Some(old), Some(new)) if Arc::ptr_eq(&old, &new) => {
                    (before.1.of(&old) != now.1.of(&new)).then(|| Edit { text_only: true, ..e.clone() })
                }
                (Some(old), Some(new)) => Some(Edit { text_only: old.same_card(&new), ..e.clone() }),
                _ => Some(e.clone()),
            })
            .collect();
        Scope::Only { versions, faq: *faq, home: *home }
    }
}

/// [`Scope`] resolved against the site: which (page, language) to render.
struct Chosen<'a> {
    scope: &'a Scope,
    /// The edited texts: policy, version index, language of the file,
    /// whether only the text changed.
    edited: Vec<(&'a Policy, usize, usize, bool)>,
}

impl<'a> Chosen<'a> {
    fn new(scope: &'a Scope, site: &'a Site) -> Chosen<'a> {
        let mut edited = Vec::new();
        if let Scope::Only { versions, .. } = scope {
            for edit in versions {
                if let Some((p, v)) = edit.find(site) {
                    edited.push((p, v, edit.lang, edit.text_only));
                }
            }
        }
        Chosen { scope, edited }
    }

    /// Whether the page `target` in `lang` shows an edited text.
    fn includes(&self, target: &Target, lang: usize) -> bool {
        let Scope::Only { faq, home, .. } = self.scope else { return true };
        match target {
            // The cards show each policy's current and upcoming version in `lang`.
            Target::Home => {
                *home
                    || self
                        .edited
                        .iter()
                        .any(|(p, v, src, text_only)| !text_only && p.versions[*v].docs.source(lang) == *src)
            }
            Target::Policy(p)
            | Target::Changelog(p)
            | Target::Version(p, _)
            | Target::Changes(p, _)
            | Target::Compare(p, ..) => {
                let edited = |(v, src, text): (usize, usize, bool)| {
                    self.edited.iter().any(|(q, w, s, text_only)| {
                        std::ptr::eq(*q, *p) && (*w, *s) == (v, src) && (text || !text_only)
                    })
                };
                texts_shown(target, p, lang).into_iter().any(edited)
            }
            Target::Faq(_) => *faq,
            Target::Contact | Target::Page(_) | Target::Search => false,
        }
    }
}

/// The version texts a policy page shows a reader of `lang`, as (version,
/// language of the text, whether the text itself shows or only its card):
/// what an edit must re-render. It mirrors what [`Ctx::page`] and
/// [`Ctx::comparison`] read; `tests/suite/incremental.rs` compares a rebuilt
/// site with a clean build to keep the two in step.
fn texts_shown(target: &Target, p: &Policy, lang: usize) -> Vec<(usize, usize, bool)> {
    let own = |v: usize, text: bool| (v, p.versions[v].docs.source(lang), text);
    let shows = target.shows();
    let mut out: Vec<(usize, usize, bool)> = shows.body.map(|v| own(v, true)).into_iter().collect();
    out.extend(shows.in_force.into_iter().chain(shows.announced).chain(shows.listed).map(|v| own(v, false)));
    if let Some(pair) = shows.compared {
        out.extend(compared(p, pair, lang));
    }
    out
}

/// A redline shows both versions' titles in `lang` and their texts in the comparison's language.
fn compared(p: &Policy, pair: Pair, lang: usize) -> [(usize, usize, bool); 4] {
    let src = redlines::source_language(p, pair, lang);
    let own = |v: usize| (v, p.versions[v].docs.source(lang), false);
    let text = |v: usize| (v, p.versions[v].docs.source(src), true);
    [own(pair.old), own(pair.new), text(pair.old), text(pair.new)]
}

/// What rendering reads: the model, the theme and the day.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub tera: &'a Tera,
    /// Hashed asset addresses by plain name (`style.css`).
    pub assets: &'a BTreeMap<String, String>,
    /// The theme's words, per language of the site.
    pub strings: &'a [crate::i18n::Strings],
    pub today: Date,
    /// Translations behind their source: their pages say so.
    pub stale: &'a crate::translations::StaleSet,
    /// `versions.lock` after this build: when each upcoming version was announced.
    pub lock: &'a crate::lock::Lock,
}

/// Renders the pages of `scope` in every language; redlines come from
/// `redline_cache` where their texts did not change, and stay there with
/// `keep` (`serve`). The sitemap's
/// alternates and the feeds always cover the whole site.
pub fn render(
    inputs: &Inputs,
    redline_cache: &mut redlines::Cache,
    keep: bool,
    scope: &Scope,
    sink: &dyn Sink,
) -> Result<Rendered> {
    let Inputs { config, site, theme, tera, assets, strings, today, stale, lock } = *inputs;
    let langs: Vec<Common> = (0..config.languages.len())
        .map(|lang| Common::new(config, site, theme, assets, strings[lang].clone(), lang))
        .collect::<Result<_>>()?;

    let mut targets = vec![Target::Home];
    for p in &site.policies {
        targets.push(Target::Policy(p));
        targets.push(Target::Changelog(p));
        targets.extend((0..p.versions.len()).map(|i| Target::Version(p, i)));
        targets.extend(p.timeline.changes().map(|pair| Target::Changes(p, pair.new)));
        targets.extend(
            p.timeline.compares().into_iter().map(|(pair, upcoming)| Target::Compare(p, pair, upcoming)),
        );
    }
    targets.extend(site.faq.as_ref().map(Target::Faq));
    targets.push(Target::Contact);
    targets.extend(site.pages.iter().map(Target::Page));
    if config.search {
        targets.push(Target::Search);
    }

    let chosen = Chosen::new(scope, site);
    let jobs: Vec<(Target, usize)> = in_reading_order(&targets)
        .into_iter()
        .flat_map(|t| (0..langs.len()).map(move |l| (t, l)))
        .filter(|(t, l)| chosen.includes(t, *l))
        .collect();
    let uses = jobs.iter().filter_map(|(target, lang)| {
        // A register's redline is row by row, made with its page.
        let (p, pair) = target.comparison().filter(|(p, _)| p.register().is_none())?;
        Some(redline_key(site, p, pair, *lang))
    });
    let redlines = redlines::Lazy::new(site, uses, redline_cache, keep);
    let ctx = Ctx { config, site, tera, theme, langs: &langs, today, redlines: &redlines, stale, lock };
    // Each page goes to the sink as soon as it is made: a build holds a
    // page at a time per worker, not the site. Only a version page's hash stays.
    let put = |page: RenderedPage, hash: bool| -> Result<Option<(String, String)>> {
        let hash = hash.then(|| (page.file.clone(), crate::files::sha256_hex(&page.html)));
        sink.put(&page.file, &page.html)?;
        give_back(page.html);
        Ok(hash)
    };
    // A page holds its text several times over while it is made (the view,
    // Tera's copy, the output); pages of very large texts are made one at a
    // time, so a 20 MB policy does not take its memory twice at once.
    let large = std::sync::Mutex::new(());
    let hashes: Vec<Option<(String, String)>> = jobs
        .par_iter()
        // A page at a time: rayon otherwise renders a quarter of the pages
        // (those last taken, too) as one unbroken part, and a core could
        // wait tens of milliseconds for the other's at the end.
        .with_max_len(1)
        .map(|(target, lang)| {
            let _one = (target.text_bytes(*lang) > LARGE_PAGE)
                .then(|| large.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
            put(ctx.page(*target, *lang)?, matches!(target, Target::Version(..)))
        })
        .collect::<Result<_>>()?;
    let mut pages_per_language = vec![0; langs.len()];
    for (_, lang) in &jobs {
        pages_per_language[*lang] += 1;
    }
    if scope.is_all() {
        for (lang, count) in pages_per_language.iter_mut().enumerate() {
            put(ctx.not_found(lang)?, false)?;
            *count += 1;
        }
    }

    let pdfs = if config.pdf { ctx.pdf_documents() } else { Vec::new() };
    redlines.finish(redline_cache, langs.len());
    // The search page has nothing of its own to find: it stays out of the
    // sitemap. A partial render keeps the last sitemap (no address changed).
    let alternates = targets
        .iter()
        .filter(|t| scope.is_all() && !matches!(t, Target::Search))
        .map(|t| {
            Alternates((0..langs.len()).map(|l| crate::address::page_address(config, l, &t.rel())).collect())
        })
        .collect();
    // A language's home page shows what its feed does: each policy's versions in that language.
    let languages_touched = (0..langs.len()).map(|l| chosen.includes(&Target::Home, l)).collect();
    Ok(Rendered {
        alternates,
        pages_per_language,
        version_hashes: hashes.into_iter().flatten().collect(),
        languages_touched,
        pdfs,
    })
}

/// `targets` in the order they are rendered: a policy's pages by version,
/// each version's changes page beside its compare page. The redlines' memo
/// keeps a text's parse until the last redline that reads it
/// ([`redline::Memo::for_texts`]); in this order most are dropped a version
/// later, not once every changes page is made.
fn in_reading_order<'t>(targets: &[Target<'t>]) -> Vec<Target<'t>> {
    // Keyed by (where the target's policy starts, the version it is of);
    // a page of no policy keeps its own place.
    let mut keyed: Vec<((usize, usize), Target)> = Vec::with_capacity(targets.len());
    let mut policy = 0;
    for (at, t) in targets.iter().enumerate() {
        let key = match *t {
            Target::Policy(_) => {
                policy = at;
                (policy, 0)
            }
            Target::Changelog(_) => (policy, 0),
            Target::Version(_, i) | Target::Changes(_, i) => (policy, i),
            Target::Compare(_, pair, _) => (policy, pair.old),
            _ => (at, 0),
        };
        keyed.push((key, *t));
    }
    // Stable: a version's own page, then its changes, then its comparison.
    keyed.sort_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, t)| t).collect()
}

/// The page-independent inputs of rendering.
struct Ctx<'a> {
    config: &'a Config,
    site: &'a Site,
    tera: &'a Tera,
    theme: &'a Theme,
    langs: &'a [Common],
    today: Date,
    redlines: &'a redlines::Lazy<'a>,
    stale: &'a crate::translations::StaleSet,
    lock: &'a crate::lock::Lock,
}

impl<'a> Ctx<'a> {
    /// Renders one page: the context every page has, then its kind's own.
    fn page(&self, target: Target<'a>, lang: usize) -> Result<RenderedPage> {
        let rel = target.rel();
        let mut ctx = tera::Context::with_base(std::sync::Arc::clone(&self.langs[lang].base));
        let address = crate::address::page_address(self.config, lang, &rel);
        let switcher = self.switcher(lang, &rel);
        let mut alternates: Vec<Alternate> = switcher
            .iter()
            .map(|s| Alternate {
                hreflang: s.tag.clone(),
                href: crate::address::absolute(self.config, &s.href),
            })
            .collect();
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: crate::address::absolute(self.config, &switcher[0].href),
        });
        ctx.insert("switcher", &switcher);
        ctx.insert("alternates", &alternates);
        ctx.insert("href", &address);
        ctx.insert("canonical", &crate::address::absolute(self.config, &address));

        let template = match target {
            Target::Home => self.home(&mut ctx, lang),
            Target::Policy(p) => self.policy(&mut ctx, p, &target.shows(), false, lang),
            Target::Version(p, _) => self.policy(&mut ctx, p, &target.shows(), true, lang),
            Target::Changes(p, i) => {
                self.comparison(&mut ctx, p, Pair { old: i - 1, new: i }, Comparison::Changes, lang);
                "changes.html"
            }
            Target::Compare(p, pair, upcoming) => {
                let kind = if upcoming { Comparison::Upcoming } else { Comparison::InForce };
                self.comparison(&mut ctx, p, pair, kind, lang);
                "changes.html"
            }
            Target::Changelog(p) => self.changelog(&mut ctx, p, lang),
            Target::Faq(faq) => self.faq(&mut ctx, faq, lang),
            Target::Contact => self.contact(&mut ctx, lang),
            Target::Page(p) => {
                ctx.insert("page", &self.body(&p.docs, lang, &p.slug));
                "page.html"
            }
            Target::Search => {
                ctx.insert("page", &self.empty_body(lang, self.langs[lang].strings.get("search")));
                "search.html"
            }
        };
        let html = self.render_template(template, &ctx)?;
        Ok(RenderedPage { file: file_of(self.config, &address), html })
    }

    /// A template into the thread's buffer ([`take_buffer`]).
    fn render_template(&self, template: &str, ctx: &tera::Context) -> Result<Vec<u8>> {
        let mut html = take_buffer();
        self.tera.render_to(template, ctx, &mut html).map_err(|e| self.tera_error(&e))?;
        Ok(html)
    }

    fn home(&self, ctx: &mut tera::Context, lang: usize) -> &'static str {
        let title = &self.langs[lang].site.title;
        ctx.insert("page", &self.site.home.as_ref().map(|h| self.body(h, lang, title)));
        ctx.insert("policies", &self.policy_cards(lang));
        ctx.insert("featured", &self.featured(lang));
        "home.html"
    }

    /// A policy's current page or (`version_page`) one of its versions,
    /// showing what `shows` declares.
    fn policy(
        &self,
        ctx: &mut tera::Context,
        p: &'a Policy,
        shows: &Shows,
        version_page: bool,
        lang: usize,
    ) -> &'static str {
        let shown = shows.body.unwrap_or_default();
        let mut body = self.body(&p.versions[shown].docs, lang, &self.policy_title(p, lang));
        if let Some(kind) = p.register() {
            let (doc, _) = p.versions[shown].docs.get(lang);
            if let Some(rows) = &doc.register {
                body.content = self.register_table(kind, rows, lang, doc.lang);
            }
            let view = self.register_view(p, shown, shows.announced.filter(|_| !version_page), lang);
            ctx.insert("register", &view);
        } else {
            ctx.insert("register", &None::<()>);
        }
        // A version page shows its own key points only; the policy's
        // summary stands in on the current page alone, where it is today's.
        if body.highlights.is_empty() && !version_page {
            let index = p.index.get(lang).0;
            let source = &self.config.languages[index.lang];
            body.highlights = &index.front.highlights;
            body.highlights_lang = source.tag.clone();
            body.highlights_dir = source.direction;
        }
        ctx.insert("page", &body);
        ctx.insert("policy", &self.policy_view(p, lang));
        ctx.insert("version", &self.version_view(p, shown, lang));
        ctx.insert("current", &shows.in_force.map(|i| self.version_view(p, i, lang)));
        // One banner for what is announced, not a stack.
        let upcoming: Vec<_> = shows.announced.map(|i| self.version_view(p, i, lang)).into_iter().collect();
        ctx.insert("upcoming", &upcoming);
        ctx.insert("is_version_page", &version_page);
        ctx.insert("jsonld", &structured::script_text(&self.document(p, shown, lang)));
        "policy.html"
    }

    /// schema.org `DigitalDocument` of a version as a reader of `lang` sees
    /// it: which text, of which date, in which language, translated from
    /// and into which, based on which version, with the SHA-256 of its
    /// text (as `versions.lock` records it), so a consent record can name
    /// exactly the text a person agreed to.
    fn document(&self, p: &Policy, i: usize, lang: usize) -> serde_json::Value {
        let v = &p.versions[i];
        let (doc, _) = v.docs.get(lang);
        let url = |l: usize, i: usize| {
            crate::address::absolute(self.config, &version_address(self.config, l, p, i, false))
        };
        // The text shown is the reader's translation, or a fallback in its own language.
        let shown = if v.docs.0.get(lang).is_some_and(Option::is_some) { lang } else { doc.lang };
        let translations: Vec<(String, String)> = (0..self.config.languages.len())
            .filter(|&l| l != shown && v.docs.0.get(l).is_some_and(Option::is_some))
            .map(|l| (url(l, i), self.config.languages[l].tag.clone()))
            .collect();
        let original = (shown != 0 && v.docs.0.first().is_some_and(Option::is_some))
            .then(|| (url(0, i), self.config.languages[0].tag.clone()));
        structured::policy_version(&structured::VersionFacts {
            name: doc.front.title.clone().unwrap_or_else(|| self.policy_title(p, lang)),
            url: url(shown, i),
            language: self.config.languages[shown].tag.clone(),
            effective: v.effective.to_string(),
            modified: doc.front.corrections.last().map(|c| c.date.to_string()),
            text_sha256: doc.text_sha256.clone(),
            based_on: i.checked_sub(1).map(|b| url(shown, b)),
            translations,
            original,
        })
    }

    fn changelog(&self, ctx: &mut tera::Context, p: &'a Policy, lang: usize) -> &'static str {
        let title = format!("{}: {}", self.policy_title(p, lang), self.langs[lang].strings.get("changelog"));
        let description = p.index.get(lang).0.front.description.as_deref();
        ctx.insert("page", &self.body_with_title(&p.index, lang, title, description));
        ctx.insert("policy", &self.policy_view(p, lang));
        let list: Vec<_> =
            Target::Changelog(p).shows().listed.rev().map(|i| self.version_view(p, i, lang)).collect();
        ctx.insert("versions", &list);
        "changelog.html"
    }

    fn faq(&self, ctx: &mut tera::Context, faq: &'a Faq, lang: usize) -> &'static str {
        let common = &self.langs[lang];
        let body = match &faq.index {
            Some(index) => self.body(index, lang, &common.strings.get("faq")),
            None => self.empty_body(lang, common.strings.get("faq")),
        };
        ctx.insert("page", &body);
        let groups = self.faq_groups(faq, lang);
        let questions: Vec<(&str, &str)> = groups
            .iter()
            .flat_map(|g| &g.questions)
            .map(|q| (q.title.unwrap_or_default(), q.content.as_str()))
            .collect();
        let faq_page = structured::faq_page(&common.lang.tag, &questions);
        ctx.insert("jsonld", &structured::script_text(&faq_page));
        ctx.insert("groups", &groups);
        "faq.html"
    }

    fn contact(&self, ctx: &mut tera::Context, lang: usize) -> &'static str {
        let strings = &self.langs[lang].strings;
        let body = match &self.site.contact {
            Some(c) => self.body(c, lang, &strings.get("contact")),
            None => self.empty_body(lang, strings.get("contact")),
        };
        ctx.insert("page", &body);
        if let Some(org) = structured::organization(self.config) {
            ctx.insert("jsonld", &structured::script_text(&org));
        }
        ctx.insert("rights", &self.rights(lang));
        "contact.html"
    }

    /// The 404 page of a language, at `/LANG/404.html` (the default language's at
    /// `/404.html`): static hosts serve the nearest one in the path.
    fn not_found(&self, lang: usize) -> Result<RenderedPage> {
        let common = &self.langs[lang];
        let mut ctx = tera::Context::with_base(std::sync::Arc::clone(&common.base));
        ctx.insert("switcher", &self.switcher(lang, ""));
        ctx.insert("alternates", &Vec::<Alternate>::new());
        let href = address::Page::NotFound.address(self.config, lang);
        ctx.insert("href", &href);
        ctx.insert("page", &self.empty_body(lang, common.strings.get("page_not_found")));
        let html = self.render_template("404.html", &ctx)?;
        Ok(RenderedPage { file: file_of(self.config, &href), html })
    }
}

/// The redline a reader of `lang` sees for `pair` of policy `p`.
fn redline_key(site: &Site, p: &Policy, pair: Pair, lang: usize) -> redlines::Key {
    let index = site.policies.iter().position(|q| std::ptr::eq(q, p)).unwrap_or_default();
    (index, pair, redlines::source_language(p, pair, lang))
}

/// The address of a policy's version `i` (or of its redline) in a language.
/// The links a page of `lang` gives browsers and crawlers to the site's
/// policies by their role (`<link rel="privacy-policy">`, and the same as a
/// `Link:` header): (rel, address) of each policy in force whose role the
/// HTML standard names.
pub fn signals(config: &Config, site: &Site, lang: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for rel in ["privacy-policy", "terms-of-service"] {
        if let Some(p) = site.policy_with_role(rel) {
            out.push((rel.to_string(), crate::address::page_address(config, lang, &Target::Policy(p).rel())));
        }
    }
    out
}

pub fn version_address(config: &Config, lang: usize, p: &Policy, i: usize, changes: bool) -> String {
    let target = if changes { Target::Changes(p, i) } else { Target::Version(p, i) };
    crate::address::page_address(config, lang, &target.rel())
}

pub use crate::address::file_of;
