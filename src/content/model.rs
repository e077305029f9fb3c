//! The model: a site's pages with their translations grouped, policies
//! with their versions and timeline, the FAQ. Made by the loader
//! ([`super::load`]); everything after it reads it.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

use super::Kind;
use crate::error::Diagnostic;
use crate::frontmatter::FrontMatter;
use crate::markdown::Rendered;
use crate::timeline::Timeline;

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
    /// A register version's rows (`DATE.toml`), a translation's merged over
    /// its original's once the site is assembled; `None` for Markdown.
    pub register: Option<Arc<crate::register::Snapshot>>,
}

impl Doc {
    /// Whether `other` shows as this one everywhere but where its text is
    /// read: the same front matter (title, summary, corrections, ...), and
    /// Markdown, since a register's rows make its summary and feed entries.
    pub fn same_card(&self, other: &Doc) -> bool {
        self.front == other.front && self.register.is_none() && other.register.is_none()
    }
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

    /// Every page that has a text, with its kind, in the site's order:
    /// home, each policy's index and versions, the FAQ's index and
    /// questions, contact, the other pages.
    pub fn pages(&self) -> Vec<(Kind, &Localized)> {
        let mut pages = Vec::new();
        if let Some(home) = &self.home {
            pages.push((Kind::Home, home));
        }
        for p in &self.policies {
            pages.push((Kind::PolicyIndex(p.slug.clone()), &p.index));
            for v in &p.versions {
                pages.push((Kind::Version(p.slug.clone(), v.slug.clone()), &v.docs));
            }
        }
        if let Some(faq) = &self.faq {
            if let Some(index) = &faq.index {
                pages.push((Kind::FaqIndex, index));
            }
            for q in &faq.questions {
                pages.push((Kind::Question(q.slug.clone()), &q.docs));
            }
        }
        if let Some(contact) = &self.contact {
            pages.push((Kind::Contact, contact));
        }
        for page in &self.pages {
            pages.push((Kind::Page(page.slug.clone()), &page.docs));
        }
        pages
    }
}

impl Policy {
    /// What its versions list, when it is a register (`register = "…"` in its `_index.md`).
    pub fn register(&self) -> Option<crate::register::Kind> {
        self.index.primary().front.register.as_ref().and_then(|(name, _)| crate::register::Kind::of(name))
    }

    /// How many days before it takes effect a version must be announced:
    /// its `_index.md`'s `notice_days`, else the site's.
    pub fn notice_days(&self, site_wide: Option<u32>) -> Option<u32> {
        self.index.primary().front.notice_days.map(|(d, _)| d).or(site_wide)
    }

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
