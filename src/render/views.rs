//! The view models templates receive, and how they are made from the model.

use std::collections::BTreeMap;

use serde::Serialize;

use super::templates::template_error;
use super::{Ctx, Target, version_address};
use crate::address::Page;
use crate::config::{Config, Direction, Organization};
use crate::content::{Doc, Faq, Localized, Policy, Site};
use crate::error::{Error, Result};
use crate::html::escape as escape_html;
use crate::i18n::Strings;
use crate::markdown::{LANG_ROOT, TABLE_LABEL, TocEntry};
use crate::structured;
use crate::theme::Theme;
use crate::timeline::Status;

/// What every page of one language shares, computed once.
#[derive(Serialize)]
pub(super) struct Common {
    pub(super) lang: LangView,
    pub(super) site: SiteView,
    pub(super) t: BTreeMap<String, String>,
    pub(super) nav: Vec<Link>,
    /// `<link rel="privacy-policy">` and `rel="terms-of-service"` of every page.
    pub(super) signals: Vec<Signal>,
    pub(super) org: Option<Organization>,
    pub(super) assets: BTreeMap<String, String>,
    /// The Content-Security-Policy, also sent as a header where the host can.
    pub(super) csp: &'static str,
    #[serde(skip)]
    pub(super) strings: Strings,
    /// The fields above as a template context, which each page's context
    /// looks through to (`Context::with_base`, vendor/tera.patch 6): 180
    /// theme words and the navigation are not copied for every page.
    #[serde(skip)]
    pub(super) base: std::sync::Arc<tera::Context>,
}

#[derive(Serialize, Clone)]
pub(super) struct LangView {
    pub(super) code: String,
    pub(super) tag: String,
    pub(super) dir: Direction,
    pub(super) name: String,
}

#[derive(Serialize)]
pub(super) struct SiteView {
    pub(super) title: String,
    pub(super) description: Option<String>,
    pub(super) home: String,
    pub(super) base_url: String,
    /// This language's Atom feed of policy changes.
    pub(super) feed: String,
    pub(super) contact: String,
    /// The language site.toml's own texts (the organization's address, its
    /// authority) are written in: the default language's.
    pub(super) org_lang: String,
    pub(super) org_dir: Direction,
    /// The search page and Pagefind's bundle, when the site has search.
    pub(super) search: Option<SearchView>,
}

#[derive(Serialize)]
pub(super) struct SearchView {
    /// This language's search page, which the header's field submits to.
    pub(super) href: String,
    /// The folder of `pagefind.js` (the same for every language).
    pub(super) bundle: String,
}

#[derive(Serialize)]
pub(super) struct Signal {
    pub(super) rel: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) href: String,
}

impl Common {
    pub(super) fn new(
        config: &Config,
        site: &Site,
        theme: &Theme,
        assets: &BTreeMap<String, String>,
        strings: Strings,
        lang: usize,
    ) -> Result<Common> {
        let l = &config.languages[lang];
        let page = |rel: &str| crate::address::page_address(config, lang, rel);
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
            nav.push(Link { title, href: Page::Faq.address(config, lang) });
        }
        for p in &site.pages {
            nav.push(Link { title: title_of(&p.docs, &p.slug), href: page(&Target::Page(p).rel()) });
        }
        let contact = site
            .contact
            .as_ref()
            .map_or_else(|| strings.get("contact"), |c| title_of(c, &strings.get("contact")));
        nav.push(Link { title: contact, href: Page::Contact.address(config, lang) });
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
                feed: Page::Feed.address(config, lang),
                home: Page::Home.address(config, lang),
                contact: Page::Contact.address(config, lang),
                base_url: config.base_url.clone(),
                org_lang: config.languages[0].tag.clone(),
                org_dir: config.languages[0].direction,
                search: config.search.then(|| SearchView {
                    href: page(&crate::address::Page::Search.rel()),
                    bundle: format!("{}{}", config.base_path, crate::address::SEARCH_BUNDLE),
                }),
            },
            t,
            nav,
            signals: super::signals(config, site, lang)
                .into_iter()
                .map(|(rel, href)| Signal { rel, href })
                .collect(),
            org: config.organization.clone(),
            assets: assets.clone(),
            csp: crate::headers::csp(config.search),
            strings,
            base: Default::default(),
        };
        // Serialized once per language; each page's context looks it up.
        common.base = std::sync::Arc::new(
            tera::Context::from_serialize(&common).map_err(|e| template_error(theme, &e))?,
        );
        Ok(common)
    }
}

/// The text of a page in the reader's language, or the fallback's.
#[derive(Serialize)]
pub(super) struct Body<'a> {
    pub(super) title: String,
    pub(super) description: Option<&'a str>,
    /// `lang` and `dir` of the text, which differ from the page's on a fallback.
    pub(super) lang: String,
    pub(super) dir: Direction,
    pub(super) fallback: bool,
    pub(super) content: String,
    pub(super) toc: &'a [TocEntry],
    pub(super) highlights: &'a [String],
    /// `lang` and `dir` of the highlights, which may come from another file than the text.
    pub(super) highlights_lang: String,
    pub(super) highlights_dir: Direction,
    /// Set when the text is a translation behind its source.
    pub(super) stale: Option<StaleView>,
}

/// The notice on a translation whose source changed since it was written.
#[derive(Serialize)]
pub(super) struct StaleView {
    /// HTML: the theme's words with the date and the default language's name filled in.
    pub(super) notice: String,
    /// HTML: the words of the link to the default-language text.
    pub(super) read: String,
    pub(super) href: String,
    /// The default language's tag, which the linked page is in.
    pub(super) hreflang: String,
}

#[derive(Serialize)]
pub(super) struct SwitcherItem {
    pub(super) tag: String,
    pub(super) name: String,
    pub(super) href: String,
    pub(super) dir: Direction,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) hreflang: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct VersionView<'a> {
    pub(super) slug: &'a str,
    pub(super) href: String,
    /// The version's own address, absolute: what a printed copy cites.
    pub(super) permalink: String,
    pub(super) title: String,
    /// Its editor's summary, or for a register one made from its changes.
    pub(super) summary: Option<String>,
    /// Why it takes effect at short notice (`urgent`), in the text's language.
    pub(super) urgent: Option<&'a str>,
    /// The day a build first published it as upcoming.
    pub(super) announced: Option<String>,
    /// `lang` and `dir` of the summary and title, which differ from the page's on a fallback.
    pub(super) lang: String,
    pub(super) dir: Direction,
    pub(super) fallback: bool,
    pub(super) effective: String,
    pub(super) effective_iso: String,
    pub(super) last_day: Option<String>,
    pub(super) status: Status,
    pub(super) draft: bool,
    /// The redline against the version before, for all but the first version.
    pub(super) changes_href: Option<String>,
    /// For an archived version: its comparison with the version in force.
    pub(super) compare_href: Option<String>,
    /// Corrections on the record, oldest first, in the text's language.
    pub(super) corrections: Vec<CorrectionView<'a>>,
    /// Whether it is the policy's first version (no "Updated" badge, no redline).
    pub(super) first: bool,
    /// Its PDF in the language of the text shown (`pdf = true`).
    pub(super) pdf: Option<String>,
}

#[derive(Serialize)]
pub(super) struct CorrectionView<'a> {
    pub(super) date: String,
    pub(super) date_iso: String,
    pub(super) note: &'a str,
}

#[derive(Serialize)]
pub(super) struct PolicyView {
    pub(super) slug: String,
    pub(super) title: String,
    pub(super) href: String,
    pub(super) changelog_href: String,
}

impl<'a> Ctx<'a> {
    /// The language switcher: the page at `rel` in every language, the reader's marked.
    pub(super) fn switcher(&self, lang: usize, rel: &str) -> Vec<SwitcherItem> {
        self.config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| SwitcherItem {
                tag: l.tag.clone(),
                name: l.name.clone(),
                href: crate::address::page_address(self.config, i, rel),
                dir: l.direction,
                current: i == lang,
            })
            .collect()
    }

    /// The rights the contact page offers, each as a ready-written e-mail in the reader's language.
    pub(super) fn rights(&self, lang: usize) -> Vec<RightView> {
        let Some(org) = &self.config.organization else { return Vec::new() };
        let Some(email) = org.email.as_deref().filter(|e| !e.trim().is_empty()) else { return Vec::new() };
        let strings = &self.langs[lang].strings;
        org.rights
            .iter()
            .map(|right| {
                let word = |suffix: &str| strings.get(&format!("right_{right}{suffix}"));
                RightView {
                    id: right.clone(),
                    name: word(""),
                    text: word("_text"),
                    href: structured::mailto(email, &word("_subject"), &word("_body")),
                }
            })
            .collect()
    }

    pub(super) fn tera_error(&self, e: &tera::Error) -> Error {
        template_error(self.theme, e)
    }

    pub(super) fn body<'d>(&self, docs: &'d Localized, lang: usize, default_title: &str) -> Body<'d> {
        let (doc, _) = docs.get(lang);
        let title = doc.front.title.clone().unwrap_or_else(|| default_title.to_string());
        self.body_with_title(docs, lang, title, doc.front.description.as_deref())
    }

    pub(super) fn body_with_title<'d>(
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
            highlights_lang: source.tag.clone(),
            highlights_dir: source.direction,
            stale: if fallback { None } else { self.stale_view(doc, lang, "stale_translation") },
        }
    }

    /// The notice for `doc` shown to a reader of `lang`, when it is a
    /// translation behind its source; `words` is the theme's key of the
    /// notice (a page's, or a FAQ answer's).
    pub(super) fn stale_view(&self, doc: &Doc, lang: usize, words: &str) -> Option<StaleView> {
        let stale = self.stale.of(doc)?;
        let strings = &self.langs[lang].strings;
        let original = &self.config.languages[0];
        let name = format!(
            "<span lang=\"{}\" dir=\"{}\">{}</span>",
            escape_html(&original.tag),
            original.direction.as_str(),
            escape_html(&original.name)
        );
        let date =
            format!("<time datetime=\"{}\">{}</time>", stale.since, escape_html(&strings.date(stale.since)));
        let fill =
            |key: &str| escape_html(&strings.get(key)).replace("{language}", &name).replace("{date}", &date);
        let rel = crate::content::kind_of(self.config, &stale.source).map(|(kind, _)| kind.address())?;
        Some(StaleView {
            notice: fill(words),
            read: fill("stale_read"),
            href: crate::address::page_address(self.config, 0, &rel),
            hreflang: original.tag.clone(),
        })
    }

    pub(super) fn empty_body(&self, lang: usize, title: String) -> Body<'static> {
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
            highlights_lang: l.tag.clone(),
            highlights_dir: l.direction,
            stale: None,
        }
    }

    /// A document's HTML with its internal links pointing into the reader's language.
    pub(super) fn html(&self, doc: &Doc, lang: usize) -> String {
        self.localize(&doc.body.html, lang)
    }

    /// Fills in the placeholders of one parse (`LANG_ROOT`, `TABLE_LABEL`) for
    /// `lang`, in one pass and one allocation: a policy's text can be large.
    pub(super) fn localize(&self, html: &str, lang: usize) -> String {
        // Every page's text passes here: a prebuilt SIMD searcher (see
        // `redline::localize_in`), and nothing more for a text without
        // placeholders (most redline sections).
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new("@@privet-"));
        if FINDER.find(html.as_bytes()).is_none() {
            return html.to_string();
        }
        let root = crate::address::language_root(self.config, lang);
        // The minifier may have dropped the attribute's quotes; the label has spaces.
        let label = escape_html(&self.langs[lang].strings.get("table_region"));
        let quoted = format!("=\"{label}\"");
        let mut out = String::with_capacity(html.len() + html.len() / 16);
        let mut rest = html;
        while let Some(at) = FINDER.find(rest.as_bytes()) {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            if let Some(after) = tail.strip_prefix(LANG_ROOT) {
                out.push_str(&root);
                rest = after;
            } else if let Some(after) = tail.strip_prefix(TABLE_LABEL) {
                // `="@@…@@"` or `=@@…@@`: the `=` (and quote) are already out.
                if out.ends_with("=\"") && after.starts_with('"') {
                    out.truncate(out.len() - 2);
                    out.push_str(&quoted);
                    rest = &after[1..];
                } else if out.ends_with('=') {
                    out.truncate(out.len() - 1);
                    out.push_str(&quoted);
                    rest = after;
                } else {
                    out.push_str(&label);
                    rest = after;
                }
            } else {
                out.push_str("@@privet-");
                rest = &tail["@@privet-".len()..];
            }
        }
        out.push_str(rest);
        out
    }

    pub(super) fn policy_title(&self, p: &Policy, lang: usize) -> String {
        p.index.get(lang).0.front.title.clone().unwrap_or_else(|| p.slug.clone())
    }

    pub(super) fn policy_view(&self, p: &Policy, lang: usize) -> PolicyView {
        PolicyView {
            slug: p.slug.clone(),
            title: self.policy_title(p, lang),
            href: crate::address::page_address(self.config, lang, &Target::Policy(p).rel()),
            changelog_href: crate::address::page_address(self.config, lang, &Target::Changelog(p).rel()),
        }
    }

    pub(super) fn version_view<'p>(&self, p: &'p Policy, i: usize, lang: usize) -> VersionView<'p> {
        let v = &p.versions[i];
        let (doc, fallback) = v.docs.get(lang);
        let strings = &self.langs[lang].strings;
        let href = version_address(self.config, lang, p, i, false);
        VersionView {
            slug: &v.slug,
            permalink: crate::address::absolute(self.config, &href),
            href,
            title: doc.front.title.clone().unwrap_or_else(|| self.policy_title(p, lang)),
            summary: crate::rows::summary_of(p, i, lang, strings),
            urgent: doc.front.urgent.as_ref().map(|(why, _)| why.as_str()),
            announced: self.lock.announced(&p.slug, &v.slug).map(|d| strings.date(d)),
            lang: self.config.languages[doc.lang].tag.clone(),
            dir: self.config.languages[doc.lang].direction,
            fallback,
            effective: strings.date(v.effective),
            effective_iso: v.effective.to_string(),
            last_day: p.timeline.last_day(i).map(|d| strings.date(d)),
            status: p.timeline.status(i),
            draft: doc.front.draft,
            changes_href: (i > 0).then(|| version_address(self.config, lang, p, i, true)),
            corrections: doc
                .front
                .corrections
                .iter()
                .map(|c| CorrectionView {
                    date: strings.date(c.date),
                    date_iso: c.date.to_string(),
                    note: &c.note,
                })
                .collect(),
            first: i == 0,
            pdf: self.config.pdf.then(|| super::pdf_address(self.config, p, i, doc.lang)),
            compare_href: p.timeline.compare_with_in_force(i).map(|pair| {
                crate::address::page_address(self.config, lang, &Target::Compare(p, pair, false).rel())
            }),
        }
    }

    /// The home page's cards: each policy with the date of its version in force.
    pub(super) fn policy_cards(&self, lang: usize) -> Vec<PolicyCard<'a>> {
        self.site
            .policies
            .iter()
            .map(|p| {
                let current = p.timeline.in_force();
                let (index, fallback) = p.index.get(lang);
                // "Updated" means a version replaced another: never the first one.
                let recent = current.is_some_and(|i| {
                    i > 0
                        && self
                            .today
                            .since(p.versions[i].effective)
                            .map(|s| s.get_days() <= 30)
                            .unwrap_or(false)
                });
                let source = &self.config.languages[index.lang];
                PolicyCard {
                    policy: self.policy_view(p, lang),
                    description: index.front.description.as_deref(),
                    lang: source.tag.clone(),
                    dir: source.direction,
                    fallback,
                    current: current.map(|i| self.version_view(p, i, lang)),
                    upcoming: p.timeline.next_upcoming().map(|i| self.version_view(p, i, lang)),
                    recently_updated: recent,
                }
            })
            .collect()
    }

    /// The FAQ questions marked `featured` (in the default language's file), for the home page.
    pub(super) fn featured(&self, lang: usize) -> Vec<FeaturedView<'a>> {
        let Some(faq) = &self.site.faq else {
            return Vec::new();
        };
        faq.questions
            .iter()
            .filter(|q| q.docs.primary().front.featured)
            .map(|q| {
                let (doc, fallback) = q.docs.get(lang);
                let source = &self.config.languages[doc.lang];
                FeaturedView {
                    title: doc.front.title.as_deref(),
                    href: crate::address::Page::Question(&q.slug).address(self.config, lang),
                    lang: source.tag.clone(),
                    dir: source.direction,
                    fallback,
                }
            })
            .collect()
    }

    /// The FAQ's questions grouped by category, in the order the FAQ's `_index` lists them.
    pub(super) fn faq_groups(&self, faq: &'a Faq, lang: usize) -> Vec<FaqGroup<'a>> {
        let (categories, names_lang) = faq.index.as_ref().map_or((&[][..], lang), |i| {
            let own = i.get(lang).0;
            if own.front.categories.is_empty() {
                (&i.primary().front.categories[..], i.primary().lang)
            } else {
                (&own.front.categories[..], own.lang)
            }
        });
        let names = &self.config.languages[names_lang];
        let reader = &self.config.languages[lang];
        let mut groups: Vec<(Option<&str>, Option<String>, Vec<QuestionView>)> =
            categories.iter().map(|c| (Some(c.id.as_str()), Some(c.name.clone()), Vec::new())).collect();
        for q in &faq.questions {
            let (doc, fallback) = q.docs.get(lang);
            let category = q.docs.primary().front.category.as_ref().map(|(c, _)| c.as_str());
            let source = &self.config.languages[doc.lang];
            let view = QuestionView {
                id: &q.slug,
                title: doc.front.title.as_deref(),
                content: self.html(doc, lang),
                lang: source.tag.clone(),
                dir: source.direction,
                fallback,
                stale: if fallback { None } else { self.stale_view(doc, lang, "stale_answer") },
            };
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
                // A category's name is in the language of the file that lists it; "Other" in the reader's.
                let source = if id.is_some() { names } else { reader };
                FaqGroup {
                    lang: source.tag.clone(),
                    dir: source.direction,
                    id: id.unwrap_or("other"),
                    name: name.or_else(|| named.then(|| other.clone())),
                    questions,
                }
            })
            .collect()
    }
}

/// One right of the contact page: a ready-written e-mail.
#[derive(Serialize)]
pub(super) struct RightView {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) text: String,
    pub(super) href: String,
}

/// A policy on the home page.
#[derive(Serialize)]
pub(super) struct PolicyCard<'a> {
    pub(super) policy: PolicyView,
    pub(super) description: Option<&'a str>,
    /// `lang` and `dir` of the description, which differ from the page's on a fallback.
    pub(super) lang: String,
    pub(super) dir: Direction,
    pub(super) fallback: bool,
    pub(super) current: Option<VersionView<'a>>,
    pub(super) upcoming: Option<VersionView<'a>>,
    /// The version in force replaced another within the last 30 days.
    pub(super) recently_updated: bool,
}

/// A featured FAQ question, linked from the home page.
#[derive(Serialize)]
pub(super) struct FeaturedView<'a> {
    pub(super) title: Option<&'a str>,
    pub(super) href: String,
    pub(super) lang: String,
    pub(super) dir: Direction,
    pub(super) fallback: bool,
}

/// A category of the FAQ with its questions.
#[derive(Serialize)]
pub(super) struct FaqGroup<'a> {
    /// `lang` and `dir` of the category's name.
    pub(super) lang: String,
    pub(super) dir: Direction,
    pub(super) id: &'a str,
    pub(super) name: Option<String>,
    pub(super) questions: Vec<QuestionView<'a>>,
}

/// One FAQ question with its answer.
#[derive(Serialize)]
pub(super) struct QuestionView<'a> {
    /// The question's anchor on the FAQ page.
    pub(super) id: &'a str,
    pub(super) title: Option<&'a str>,
    pub(super) content: String,
    pub(super) lang: String,
    pub(super) dir: Direction,
    pub(super) fallback: bool,
    /// Set when the answer is a translation behind its source.
    pub(super) stale: Option<StaleView>,
}
