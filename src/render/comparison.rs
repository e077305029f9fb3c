//! The redline pages: a version against the one before it (`changes/`), an
//! archived version against the version in force or the upcoming one
//! (`compare/`). One template, `changes.html`, shows all three.

use serde::Serialize;

use super::views::{Body, Link};
use super::{Ctx, Target, version_address};
use crate::content::Policy;
use crate::redline::{self, Change};
use crate::timeline::Pair;

/// Which comparison a redline page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Comparison {
    /// A version against the one before it.
    Changes,
    /// An archived version against the version in force.
    InForce,
    /// An archived version against the upcoming version.
    Upcoming,
}

/// One section of a redline as the template shows it (a register's: one row).
#[derive(Serialize)]
pub(super) struct SectionView {
    anchor: String,
    title: String,
    change: Change,
    passages: usize,
    first_passage: Option<String>,
    moved_to: Option<String>,
    moved_here: bool,
    html: String,
}

impl SectionView {
    /// A register row's section: its anchor, name, change, changed cells and card.
    pub(super) fn row(
        anchor: String,
        title: String,
        change: Change,
        cells: usize,
        html: String,
    ) -> SectionView {
        SectionView {
            anchor,
            title,
            change,
            passages: cells,
            first_passage: None,
            moved_to: None,
            moved_here: false,
            html,
        }
    }
}

/// When one of the two versions is not written in the reader's language.
#[derive(Serialize)]
struct Missing {
    notice: String,
    /// The reader's-language text of the version that exists in it.
    read: Option<Link>,
}

/// Words of a redline page's header, filled in.
#[derive(Serialize)]
struct Heading {
    intro: String,
    /// A further comparison (an archived version against the upcoming one).
    also: Option<Link>,
}

impl<'a> Ctx<'a> {
    /// Fills the context of a redline page comparing `pair` of `p` for a reader of `lang`.
    pub(super) fn comparison(
        &self,
        ctx: &mut tera::Context,
        p: &'a Policy,
        pair: Pair,
        kind: Comparison,
        lang: usize,
    ) {
        let strings = &self.langs[lang].strings;
        let src = super::redlines::source_language(p, pair, lang);
        let (new_doc, _) = p.versions[pair.new].docs.get(src);
        let source = &self.config.languages[new_doc.lang];
        let date = |v: usize| strings.date(p.versions[v].effective);
        let fill = |key: &str, pairs: &[(&str, String)]| {
            pairs.iter().fold(strings.get(key), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
        };
        let (title, intro) = match kind {
            Comparison::Changes => (
                fill("changes_title", &[("date", date(pair.new))]),
                fill("changes_compared", &[("date", date(pair.new)), ("previous", date(pair.old))]),
            ),
            Comparison::InForce => (
                fill("compare_title", &[("date", date(pair.old))]),
                fill("compare_intro", &[("date", date(pair.old)), ("current", date(pair.new))]),
            ),
            Comparison::Upcoming => (
                fill("compare_upcoming_title", &[("date", date(pair.old)), ("upcoming", date(pair.new))]),
                fill("changes_compared", &[("date", date(pair.old)), ("previous", date(pair.new))]),
            ),
        };
        // An archived version compared with the version in force also links its comparison with the announced one.
        let next = p.timeline.next_upcoming().filter(|_| kind == Comparison::InForce);
        let also = next.map(|new| {
            let upcoming = Pair { old: pair.old, new };
            Link {
                title: fill("compare_upcoming", &[("date", date(upcoming.new))]),
                href: crate::address::page_address(
                    self.config,
                    lang,
                    &Target::Compare(p, upcoming, true).rel(),
                ),
            }
        });

        let has = |v: usize| matches!(p.versions[v].docs.0.get(lang), Some(Some(_)));
        let missing = (src != lang && (has(pair.old) || has(pair.new))).then(|| {
            let (absent, present) = if has(pair.old) { (pair.new, pair.old) } else { (pair.old, pair.new) };
            Missing {
                notice: fill("version_missing", &[("date", date(absent)), ("language", source.name.clone())]),
                read: Some(Link {
                    title: fill("read_in_language", &[("date", date(present))]),
                    href: version_address(self.config, lang, p, present, false),
                }),
            }
        });
        let body = Body {
            title,
            description: (kind == Comparison::Changes).then_some(new_doc.front.summary.as_deref()).flatten(),
            lang: source.tag.clone(),
            dir: source.direction,
            fallback: src != lang && missing.is_none(),
            content: String::new(),
            toc: &[],
            highlights: &[],
            highlights_lang: source.tag.clone(),
            highlights_dir: source.direction,
            // Either text compared may be a translation behind its source.
            stale: [pair.new, pair.old].into_iter().find_map(|v| {
                let (doc, fallback) = p.versions[v].docs.get(src);
                (!fallback).then(|| self.stale_view(doc, lang, "stale_translation")).flatten()
            }),
        };
        let (sections, passages) = match p.register() {
            Some(kind) => self.register_sections(p, kind, pair, src, lang),
            None => self.text_sections(p, pair, lang, &source.tag),
        };
        ctx.insert("page", &body);
        ctx.insert("policy", &self.policy_view(p, lang));
        ctx.insert("version", &self.version_view(p, pair.new, lang));
        ctx.insert("previous", &self.version_view(p, pair.old, lang));
        ctx.insert("comparison", &kind);
        ctx.insert("heading", &Heading { intro, also });
        ctx.insert("missing", &missing);
        ctx.insert("sections", &sections);
        ctx.insert("passages", &passages);
        ctx.insert("register", &p.register().map(|k| k.name()));
    }

    /// A text redline's sections for a reader of `lang` (the text in `source`), and its passages.
    fn text_sections(&self, p: &Policy, pair: Pair, lang: usize, source: &str) -> (Vec<SectionView>, usize) {
        let strings = &self.langs[lang].strings;
        let computed = self.redlines.get(super::redline_key(self.site, p, pair, lang));
        let word = |key: &str| strings.get(key);
        let reader_lang = &self.config.languages[lang];
        let reader_dir = reader_lang.direction.as_str();
        let reader = (reader_lang.tag != source).then_some((reader_lang.tag.as_str(), reader_dir));
        let sections = computed
            .sections
            .iter()
            .map(|s| SectionView {
                anchor: s.anchor.clone(),
                title: s.title.clone(),
                change: s.change,
                passages: s.passages,
                first_passage: s.first_passage.clone(),
                moved_to: s.moved_to.clone(),
                moved_here: s.moved_here,
                html: redline::localize_in(&self.localize(&s.html, lang), word, reader),
            })
            .collect();
        (sections, computed.passages)
    }
}
