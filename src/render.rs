//! The model through Tera templates into pages, in parallel.
//!
//! Rust computes everything a template shows (addresses, dates in the
//! reader's language, which version is in force); templates only lay it out.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;
use tera::Tera;

use crate::config::{Config, Direction, Organization};
use crate::content::{Doc, Faq, Localized, Page, Policy, Site};
use crate::error::{Diagnostic, Error, Result};
use crate::i18n::Strings;
use crate::markdown::{LANG_ROOT, TocEntry};
use crate::redline;
use crate::structured;
use crate::theme::Theme;
use crate::versions::{self, Status};

/// One rendered page.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// The file below the output root (`de/privacy/index.html`).
    pub file: String,
    pub html: String,
    /// The language of the page (the index in site.toml's order).
    pub lang: usize,
}

/// A page that exists in every language, with its address in each.
#[derive(Debug, Clone)]
pub struct Alternates(pub Vec<String>);

/// What rendering gives the output stage.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: Vec<RenderedPage>,
    /// Every indexable page's addresses, one per language (for the sitemap).
    pub alternates: Vec<Alternates>,
    /// Other generated files (the feeds): output path → text.
    pub files: Vec<(String, String)>,
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
    Faq(&'a Faq),
    Contact,
    Page(&'a Page),
}

impl Target<'_> {
    /// The address relative to a language root.
    fn rel(&self) -> String {
        let policy = |p: &Policy| crate::content::encode_segment(&p.slug);
        match self {
            Target::Home => String::new(),
            Target::Policy(p) => format!("{}/", policy(p)),
            Target::Changelog(p) => format!("{}/changelog/", policy(p)),
            Target::Version(p, i) => format!("{}/{}/", policy(p), p.versions[*i].slug),
            Target::Changes(p, i) => format!("{}/{}/changes/", policy(p), p.versions[*i].slug),
            Target::Faq(_) => "faq/".into(),
            Target::Contact => "contact/".into(),
            Target::Page(p) => format!("{}/", crate::content::encode_segment(&p.slug)),
        }
    }
}

/// Which pages a render makes: all of them, or, for a rebuild after an
/// edit, only those that can show what changed (in every language).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    All,
    Only {
        /// Policies whose pages (current, changelog, versions, redlines) are redone.
        policies: std::collections::BTreeSet<String>,
        faq: bool,
        home: bool,
    },
}

impl Scope {
    fn includes(&self, target: &Target) -> bool {
        let Scope::Only { policies, faq, home } = self else { return true };
        match target {
            Target::Home => *home,
            Target::Policy(p) | Target::Changelog(p) | Target::Version(p, _) | Target::Changes(p, _) => {
                policies.contains(&p.slug)
            }
            Target::Faq(_) => *faq,
            Target::Contact | Target::Page(_) => false,
        }
    }

    pub fn is_all(&self) -> bool {
        *self == Scope::All
    }
}

/// Compiles the theme's templates; with `minify`, minified (see [`crate::minify`]).
pub fn templates(theme: &Theme, minify: bool) -> Result<Tera> {
    let compile = |sources: Vec<(&str, String)>| {
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        let sources: Vec<(&str, &str)> = sources.iter().map(|(n, s)| (*n, s.as_str())).collect();
        tera.add_raw_templates(sources).map(|_| tera)
    };
    let originals: Vec<(&str, String)> =
        theme.templates.iter().map(|(name, (src, _))| (name.as_str(), src.clone())).collect();
    // The sources as written first, so errors point at the editor's lines.
    let tera = compile(originals).map_err(|e| template_error(theme, &e))?;
    if !minify {
        return Ok(tera);
    }
    let minified: Vec<(&str, String)> = theme
        .templates
        .iter()
        .map(|(name, (src, _))| (name.as_str(), crate::minify::template(src)))
        .collect();
    // Should the minifier ever garble a template, the pages stay right, only larger.
    Ok(compile(minified).unwrap_or(tera))
}

/// Escapes text for HTML. Tera's own escaper also encodes `/`, which would
/// turn every address into `&#x2F;de&#x2F;`; that is valid but unreadable.
fn escape_html(input: &str) -> String {
    // Most values (titles, addresses) need no escaping: copy them in one go.
    if !input.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len() + 16);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Names the template file in a Tera error, with Tera's whole explanation.
fn template_error(theme: &Theme, e: &tera::Error) -> Error {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n  {s}"));
        source = s.source();
    }
    let file = theme
        .templates
        .iter()
        .find(|(name, _)| message.contains(&format!("'{name}'")))
        .map_or_else(|| "templates".to_string(), |(_, (_, shown))| shown.clone());
    Diagnostic::new(file, message)
        .hint("check the template's syntax; see https://keats.github.io/tera/docs/")
        .into()
}

/// Renders every page of the site in every language.
/// What rendering reads: the model, the theme and the day.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub tera: &'a Tera,
    /// Hashed asset addresses by plain name (`style.css`).
    pub assets: &'a BTreeMap<String, String>,
    pub today: Date,
}

/// Renders the pages of `scope` in every language; redlines come from
/// `redline_cache` where their texts did not change. The sitemap's
/// alternates and the feeds always cover the whole site.
pub fn render(inputs: &Inputs, redline_cache: &mut redline::Cache, scope: &Scope) -> Result<Rendered> {
    let Inputs { config, site, theme, tera, assets, today } = *inputs;
    let langs: Vec<Common> = (0..config.languages.len())
        .map(|lang| Common::new(config, site, theme, assets, lang))
        .collect::<Result<_>>()?;

    let mut targets = vec![Target::Home];
    for p in &site.policies {
        targets.push(Target::Policy(p));
        targets.push(Target::Changelog(p));
        targets.extend((0..p.versions.len()).map(|i| Target::Version(p, i)));
        targets.extend((1..p.versions.len()).map(|i| Target::Changes(p, i)));
    }
    targets.extend(site.faq.as_ref().map(Target::Faq));
    targets.push(Target::Contact);
    targets.extend(site.pages.iter().map(Target::Page));

    let jobs: Vec<(Target, usize)> = targets
        .iter()
        .filter(|t| scope.includes(t))
        .flat_map(|t| (0..langs.len()).map(move |l| (*t, l)))
        .collect();
    let started = std::time::Instant::now();
    let redlines = redline::for_site(site, langs.len(), redline_cache);
    if std::env::var_os("PRIVET_TIMINGS").is_some() {
        eprintln!("  (redlines             {:>7.1} ms)", started.elapsed().as_secs_f64() * 1000.0);
    }
    let ctx = Ctx { config, site, tera, theme, langs: &langs, today, redlines: &redlines };
    let mut pages: Vec<RenderedPage> =
        jobs.par_iter().map(|(target, lang)| ctx.page(*target, *lang)).collect::<Result<_>>()?;
    if scope.is_all() {
        pages.push(ctx.not_found()?);
    }

    let alternates = targets
        .iter()
        .map(|t| Alternates((0..langs.len()).map(|l| config.page_address(l, &t.rel())).collect()))
        .collect();
    let files = langs
        .iter()
        .enumerate()
        .map(|(lang, common)| {
            let file = file_of(config, &format!("{}feed.xml", config.language_root(lang)));
            (file, crate::feed::atom(config, site, lang, &common.strings))
        })
        .collect();
    Ok(Rendered { pages, alternates, files })
}

/// What every page of one language shares, computed once.
#[derive(Serialize)]
struct Common {
    lang: LangView,
    site: SiteView,
    t: BTreeMap<String, String>,
    nav: Vec<Link>,
    org: Option<Organization>,
    assets: BTreeMap<String, String>,
    /// The Content-Security-Policy, also sent as a header where the host can.
    csp: &'static str,
    #[serde(skip)]
    strings: Strings,
    /// The fields above as a template context.
    #[serde(skip)]
    base: tera::Context,
}

#[derive(Serialize, Clone)]
struct LangView {
    code: String,
    tag: String,
    dir: Direction,
    name: String,
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    description: Option<String>,
    home: String,
    base_url: String,
    /// This language's Atom feed of policy changes.
    feed: String,
    contact: String,
}

#[derive(Serialize)]
struct Link {
    title: String,
    href: String,
}

impl Common {
    fn new(
        config: &Config,
        site: &Site,
        theme: &Theme,
        assets: &BTreeMap<String, String>,
        lang: usize,
    ) -> Result<Common> {
        let l = &config.languages[lang];
        let strings = Strings::load(theme, l)?;
        let root = config.language_root(lang);
        let page = |rel: &str| config.page_address(lang, rel);
        let t = strings.words.clone();
        let title_of = |docs: &Localized, default: &str| {
            docs.get(lang).0.front.title.clone().unwrap_or_else(|| default.to_string())
        };
        let mut nav = Vec::new();
        for p in &site.policies {
            nav.push(Link { title: title_of(&p.index, &p.slug), href: page(&Target::Policy(p).rel()) });
        }
        if let Some(faq) = &site.faq {
            let title = faq
                .index
                .as_ref()
                .map_or_else(|| strings.get("faq_short"), |i| title_of(i, &strings.get("faq_short")));
            nav.push(Link { title, href: page("faq/") });
        }
        for p in &site.pages {
            nav.push(Link { title: title_of(&p.docs, &p.slug), href: page(&Target::Page(p).rel()) });
        }
        let contact = site
            .contact
            .as_ref()
            .map_or_else(|| strings.get("contact"), |c| title_of(c, &strings.get("contact")));
        nav.push(Link { title: contact, href: page("contact/") });
        let mut common = Common {
            lang: LangView {
                code: l.code.clone(),
                tag: l.tag.clone(),
                dir: l.direction,
                name: l.name.clone(),
            },
            site: SiteView {
                title: l.title.clone().unwrap_or_else(|| config.title.clone()),
                description: l.description.clone().or_else(|| config.description.clone()),
                feed: format!("{root}feed.xml"),
                home: page(""),
                contact: page("contact/"),
                base_url: config.base_url.clone(),
            },
            t,
            nav,
            org: config.organization.clone(),
            assets: assets.clone(),
            csp: crate::headers::CSP,
            strings,
            base: tera::Context::new(),
        };
        // Serialized once per language; each page starts from a copy.
        common.base = tera::Context::from_serialize(&common).map_err(|e| template_error(theme, &e))?;
        Ok(common)
    }
}

/// The page-independent inputs of rendering.
struct Ctx<'a> {
    config: &'a Config,
    site: &'a Site,
    tera: &'a Tera,
    theme: &'a Theme,
    langs: &'a [Common],
    today: Date,
    redlines: &'a HashMap<redline::Key, std::sync::Arc<Vec<redline::Section>>>,
}

/// The text of a page in the reader's language, or the fallback's.
#[derive(Serialize)]
struct Body<'a> {
    title: String,
    description: Option<&'a str>,
    /// `lang` and `dir` of the text, which differ from the page's on a fallback.
    lang: String,
    dir: Direction,
    fallback: bool,
    content: String,
    toc: &'a [TocEntry],
    highlights: &'a [String],
}

#[derive(Serialize)]
struct SwitcherItem {
    tag: String,
    name: String,
    href: String,
    dir: Direction,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct VersionView<'a> {
    slug: &'a str,
    href: String,
    title: String,
    summary: Option<&'a str>,
    /// `lang` of the summary and title, which differ from the page's on a fallback.
    lang: String,
    fallback: bool,
    effective: String,
    effective_iso: String,
    last_day: Option<String>,
    status: Status,
    draft: bool,
    /// The redline against the version before, for all but the first version.
    changes_href: Option<String>,
}

#[derive(Serialize)]
struct PolicyView {
    slug: String,
    title: String,
    href: String,
    changelog_href: String,
}

impl<'a> Ctx<'a> {
    fn page(&self, target: Target<'a>, lang: usize) -> Result<RenderedPage> {
        let common = &self.langs[lang];
        let rel = target.rel();
        let mut ctx = common.base.clone();
        let address = self.config.page_address(lang, &rel);
        let switcher: Vec<SwitcherItem> = self
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| SwitcherItem {
                tag: l.tag.clone(),
                name: l.name.clone(),
                href: self.config.page_address(i, &rel),
                dir: l.direction,
                current: i == lang,
            })
            .collect();
        let mut alternates: Vec<Alternate> = switcher
            .iter()
            .map(|s| Alternate { hreflang: s.tag.clone(), href: self.config.absolute(&s.href) })
            .collect();
        alternates
            .push(Alternate { hreflang: "x-default".into(), href: self.config.absolute(&switcher[0].href) });
        ctx.insert("switcher", &switcher);
        ctx.insert("alternates", &alternates);
        ctx.insert("href", &address);
        ctx.insert("canonical", &self.config.absolute(&address));

        let template = match target {
            Target::Home => {
                let body = self.site.home.as_ref().map(|h| self.body(h, lang, &common.site.title));
                ctx.insert("page", &body);
                ctx.insert("policies", &self.policy_cards(lang));
                ctx.insert("featured", &self.featured(lang));
                "home.html"
            }
            Target::Policy(p) | Target::Version(p, _) => {
                let current = versions::in_force(&p.versions, self.today);
                let shown = match target {
                    Target::Version(_, i) => i,
                    _ => current.unwrap_or(0),
                };
                let version = &p.versions[shown];
                let mut body = self.body(&version.docs, lang, &self.policy_title(p, lang));
                if body.highlights.is_empty() {
                    body.highlights = &p.index.get(lang).0.front.highlights;
                }
                ctx.insert("page", &body);
                ctx.insert("policy", &self.policy_view(p, lang));
                ctx.insert("version", &self.version_view(p, shown, lang));
                ctx.insert("current", &current.map(|i| self.version_view(p, i, lang)));
                let upcoming: Vec<_> = (current.map_or(0, |i| i + 1)..p.versions.len())
                    .filter(|&i| i != shown || matches!(target, Target::Version(..)))
                    .map(|i| self.version_view(p, i, lang))
                    .collect();
                ctx.insert("upcoming", &upcoming);
                ctx.insert("is_version_page", &matches!(target, Target::Version(..)));
                "policy.html"
            }
            Target::Changes(p, i) => {
                let strings = &common.strings;
                let src = redline::source_language(p, i, lang);
                let (doc, _) = p.versions[i].docs.get(src);
                let source = &self.config.languages[doc.lang];
                let date = strings.date(p.versions[i].effective);
                let body = Body {
                    title: strings.get("changes_title").replace("{date}", &date),
                    description: doc.front.summary.as_deref(),
                    lang: source.tag.clone(),
                    dir: source.direction,
                    fallback: doc.lang != lang,
                    content: String::new(),
                    toc: &[],
                    highlights: &[],
                };
                let sections: Vec<serde_json::Value> = self
                    .redlines
                    .get(&(p.slug.clone(), i, src))
                    .map(|s| s.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .map(|section| {
                        let html = self
                            .localize(&section.html, lang)
                            .replace(redline::LABEL_ADDED, &strings.get("added_marker"))
                            .replace(redline::LABEL_REMOVED, &strings.get("removed_marker"))
                            .replace(redline::LABEL_END, &strings.get("marker_end"));
                        let title = if section.title.is_empty() { strings.get("introduction") } else { section.title.clone() };
                        serde_json::json!({ "anchor": section.anchor, "title": title, "change": section.change, "html": html })
                    })
                    .collect();
                ctx.insert("page", &body);
                ctx.insert("policy", &self.policy_view(p, lang));
                ctx.insert("version", &self.version_view(p, i, lang));
                ctx.insert("previous", &self.version_view(p, i - 1, lang));
                ctx.insert("sections", &sections);
                "changes.html"
            }
            Target::Changelog(p) => {
                let title = format!("{}: {}", self.policy_title(p, lang), common.strings.get("changelog"));
                let index = p.index.get(lang);
                ctx.insert(
                    "page",
                    &self.body_with_title(&p.index, lang, title, index.0.front.description.as_deref()),
                );
                ctx.insert("policy", &self.policy_view(p, lang));
                let list: Vec<_> =
                    (0..p.versions.len()).rev().map(|i| self.version_view(p, i, lang)).collect();
                ctx.insert("versions", &list);
                "changelog.html"
            }
            Target::Faq(faq) => {
                let body = match &faq.index {
                    Some(index) => self.body(index, lang, &common.strings.get("faq")),
                    None => self.empty_body(lang, common.strings.get("faq")),
                };
                ctx.insert("page", &body);
                let groups = self.faq_groups(faq, lang);
                let questions: Vec<(String, String)> = groups
                    .iter()
                    .flat_map(|g| g["questions"].as_array().cloned().unwrap_or_default())
                    .map(|q| {
                        (
                            q["title"].as_str().unwrap_or_default().into(),
                            q["content"].as_str().unwrap_or_default().into(),
                        )
                    })
                    .collect();
                let faq_page = structured::faq_page(&common.lang.tag, &questions);
                ctx.insert("jsonld", &structured::script_text(&faq_page));
                ctx.insert("groups", &groups);
                "faq.html"
            }
            Target::Contact => {
                let body = match &self.site.contact {
                    Some(c) => self.body(c, lang, &common.strings.get("contact")),
                    None => self.empty_body(lang, common.strings.get("contact")),
                };
                ctx.insert("page", &body);
                if let Some(org) = structured::organization(self.config) {
                    ctx.insert("jsonld", &structured::script_text(&org));
                }
                ctx.insert("rights", &self.rights(lang));
                "contact.html"
            }
            Target::Page(p) => {
                ctx.insert("page", &self.body(&p.docs, lang, &p.slug));
                "page.html"
            }
        };
        let html = self.tera.render(template, &ctx).map_err(|e| self.tera_error(&e))?;
        Ok(RenderedPage { file: file_of(self.config, &address), html, lang })
    }

    fn not_found(&self) -> Result<RenderedPage> {
        let common = &self.langs[0];
        let mut ctx = common.base.clone();
        let homes: Vec<SwitcherItem> = self
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| SwitcherItem {
                tag: l.tag.clone(),
                name: l.name.clone(),
                href: self.config.page_address(i, ""),
                dir: l.direction,
                current: i == 0,
            })
            .collect();
        ctx.insert("switcher", &homes);
        ctx.insert("alternates", &Vec::<Alternate>::new());
        ctx.insert("href", &format!("{}404.html", self.config.base_path));
        ctx.insert("page", &self.empty_body(0, common.strings.get("page_not_found")));
        let html = self.tera.render("404.html", &ctx).map_err(|e| self.tera_error(&e))?;
        Ok(RenderedPage { file: "404.html".into(), html, lang: 0 })
    }

    /// The rights the contact page offers, each as a ready-written e-mail in the reader's language.
    fn rights(&self, lang: usize) -> Vec<serde_json::Value> {
        let Some(org) = &self.config.organization else { return Vec::new() };
        let Some(email) = org.email.as_deref().filter(|e| !e.trim().is_empty()) else { return Vec::new() };
        let strings = &self.langs[lang].strings;
        org.rights
            .iter()
            .map(|right| {
                let word = |suffix: &str| strings.get(&format!("right_{right}{suffix}"));
                serde_json::json!({
                    "id": right,
                    "name": word(""),
                    "text": word("_text"),
                    "href": structured::mailto(email, &word("_subject"), &word("_body")),
                })
            })
            .collect()
    }

    fn tera_error(&self, e: &tera::Error) -> Error {
        template_error(self.theme, e)
    }

    fn body<'d>(&self, docs: &'d Localized, lang: usize, default_title: &str) -> Body<'d> {
        let (doc, _) = docs.get(lang);
        let title = doc.front.title.clone().unwrap_or_else(|| default_title.to_string());
        self.body_with_title(docs, lang, title, doc.front.description.as_deref())
    }

    fn body_with_title<'d>(
        &self,
        docs: &'d Localized,
        lang: usize,
        title: String,
        description: Option<&'d str>,
    ) -> Body<'d> {
        let (doc, fallback) = docs.get(lang);
        let source = &self.config.languages[doc.lang];
        Body {
            title,
            description,
            lang: source.tag.clone(),
            dir: source.direction,
            fallback,
            content: self.html(doc, lang),
            toc: &doc.body.toc,
            highlights: &doc.front.highlights,
        }
    }

    fn empty_body(&self, lang: usize, title: String) -> Body<'static> {
        let l = &self.config.languages[lang];
        Body {
            title,
            description: None,
            lang: l.tag.clone(),
            dir: l.direction,
            fallback: false,
            content: String::new(),
            toc: &[],
            highlights: &[],
        }
    }

    /// A document's HTML with its internal links pointing into the reader's language.
    fn html(&self, doc: &Doc, lang: usize) -> String {
        self.localize(&doc.body.html, lang)
    }

    fn localize(&self, html: &str, lang: usize) -> String {
        html.replace(LANG_ROOT, &self.config.language_root(lang))
    }

    fn policy_title(&self, p: &Policy, lang: usize) -> String {
        p.index.get(lang).0.front.title.clone().unwrap_or_else(|| p.slug.clone())
    }

    fn policy_view(&self, p: &Policy, lang: usize) -> PolicyView {
        PolicyView {
            slug: p.slug.clone(),
            title: self.policy_title(p, lang),
            href: self.config.page_address(lang, &Target::Policy(p).rel()),
            changelog_href: self.config.page_address(lang, &Target::Changelog(p).rel()),
        }
    }

    fn version_view<'p>(&self, p: &'p Policy, i: usize, lang: usize) -> VersionView<'p> {
        let v = &p.versions[i];
        let (doc, fallback) = v.docs.get(lang);
        let strings = &self.langs[lang].strings;
        VersionView {
            slug: &v.slug,
            href: version_address(self.config, lang, p, i, false),
            title: doc.front.title.clone().unwrap_or_else(|| self.policy_title(p, lang)),
            summary: doc.front.summary.as_deref(),
            lang: self.config.languages[doc.lang].tag.clone(),
            fallback,
            effective: strings.date(v.effective),
            effective_iso: v.effective.to_string(),
            last_day: versions::last_day(&p.versions, i).map(|d| strings.date(d)),
            status: versions::status(&p.versions, i, self.today),
            draft: doc.front.draft,
            changes_href: (i > 0).then(|| version_address(self.config, lang, p, i, true)),
        }
    }

    /// The home page's cards: each policy with the date of its version in force.
    fn policy_cards(&self, lang: usize) -> Vec<serde_json::Value> {
        self.site
            .policies
            .iter()
            .map(|p| {
                let current = versions::in_force(&p.versions, self.today);
                let (index, fallback) = p.index.get(lang);
                let recent = current.is_some_and(|i| {
                    self.today.since(p.versions[i].effective).map(|s| s.get_days() <= 30).unwrap_or(false)
                });
                serde_json::json!({
                    "policy": self.policy_view(p, lang),
                    "description": index.front.description,
                    "lang": self.config.languages[index.lang].tag,
                    "fallback": fallback,
                    "current": current.map(|i| self.version_view(p, i, lang)),
                    "upcoming": next_upcoming(p, current).map(|i| self.version_view(p, i, lang)),
                    "recently_updated": recent,
                })
            })
            .collect()
    }

    fn featured(&self, lang: usize) -> Vec<serde_json::Value> {
        let Some(faq) = &self.site.faq else {
            return Vec::new();
        };
        faq.questions
            .iter()
            .filter(|q| q.docs.primary().front.featured)
            .map(|q| {
                let (doc, fallback) = q.docs.get(lang);
                serde_json::json!({
                    "title": doc.front.title,
                    "href": self.config.page_address(lang, &format!("faq/#{}", q.slug)),
                    "lang": self.config.languages[doc.lang].tag,
                    "fallback": fallback,
                })
            })
            .collect()
    }

    /// The FAQ's questions grouped by category, in the order the FAQ's `_index` lists them.
    fn faq_groups(&self, faq: &Faq, lang: usize) -> Vec<serde_json::Value> {
        let categories = faq.index.as_ref().map_or(&[][..], |i| {
            let own = &i.get(lang).0.front.categories;
            if own.is_empty() { &i.primary().front.categories[..] } else { &own[..] }
        });
        let mut groups: Vec<(Option<String>, Option<String>, Vec<serde_json::Value>)> =
            categories.iter().map(|c| (Some(c.id.clone()), Some(c.name.clone()), Vec::new())).collect();
        for q in &faq.questions {
            let (doc, fallback) = q.docs.get(lang);
            let category = q.docs.primary().front.category.as_ref().map(|(c, _)| c.clone());
            let source = &self.config.languages[doc.lang];
            let view = serde_json::json!({
                "id": q.slug,
                "title": doc.front.title,
                "content": self.html(doc, lang),
                "lang": source.tag,
                "dir": source.direction,
                "fallback": fallback,
            });
            match groups.iter_mut().find(|g| g.0.is_some() && g.0 == category) {
                Some(group) => group.2.push(view),
                None => match groups.iter_mut().find(|g| g.0.is_none()) {
                    Some(other) => other.2.push(view),
                    None => groups.push((None, None, vec![view])),
                },
            }
        }
        let other = self.langs[lang].strings.get("faq_other");
        let named = !categories.is_empty();
        groups
            .into_iter()
            .filter(|g| !g.2.is_empty())
            .map(|(id, name, questions)| {
                serde_json::json!({
                    "id": id.unwrap_or_else(|| "other".into()),
                    "name": name.or_else(|| named.then(|| other.clone())),
                    "questions": questions,
                })
            })
            .collect()
    }
}

/// The address of a policy's version `i` (or of its redline) in a language.
pub fn version_address(config: &Config, lang: usize, p: &Policy, i: usize, changes: bool) -> String {
    let target = if changes { Target::Changes(p, i) } else { Target::Version(p, i) };
    config.page_address(lang, &target.rel())
}

/// The first version after the one in force, if any.
fn next_upcoming(p: &Policy, current: Option<usize>) -> Option<usize> {
    let next = current.map_or(0, |i| i + 1);
    (next < p.versions.len()).then_some(next)
}

/// The output file of an address: `/de/privacy/` → `de/privacy/index.html`.
pub fn file_of(config: &Config, address: &str) -> String {
    let rel = address.strip_prefix(&config.base_path).unwrap_or(address.trim_start_matches('/'));
    let rel = crate::content::percent_decode(rel);
    if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel }
}
