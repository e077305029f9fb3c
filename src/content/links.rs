//! Links between content files (`@/privacy/_index.md#retention`, or a
//! relative `../faq/question.md`) must lead to a page that exists, and
//! their anchors to a heading on it.

use std::collections::{BTreeMap, HashSet};

use super::kind::split_language;
use super::{Doc, Kind, Localized, Site};
use crate::config::Config;
use crate::error::Diagnostic;

/// Every `@/` link must lead to a page that exists, and its anchor to a heading there.
/// Links into a policy folder that already has an error (`broken`) are not
/// judged: whatever is wrong with them follows from that error.
pub(super) fn check<'a>(
    config: &Config,
    site: &'a Site,
    all_kinds: &HashSet<Kind>,
    broken: &HashSet<String>,
    errors: &mut Vec<Diagnostic>,
) {
    let mut docs: Vec<&Doc> = Vec::new();
    for policy in &site.policies {
        docs.extend(policy.index.docs());
        docs.extend(policy.versions.iter().flat_map(|v| v.docs.docs()));
    }
    if let Some(faq) = &site.faq {
        docs.extend(faq.index.iter().flat_map(Localized::docs));
        for q in &faq.questions {
            docs.extend(q.docs.docs());
        }
    }
    for l in site.home.iter().chain(&site.contact) {
        docs.extend(l.docs());
    }
    for p in &site.pages {
        docs.extend(p.docs.docs());
    }
    let target = |link: &crate::markdown::InternalLink| {
        split_language(config, &link.target).ok().and_then(|(rel, _)| Kind::of(&rel).ok())
    };
    // The headings of only the pages a link with an anchor leads to: most
    // links have none, and `serve` checks every link again on each save.
    let wanted: HashSet<Kind> =
        docs.iter().flat_map(|d| &d.body.links).filter(|l| l.anchor.is_some()).filter_map(target).collect();
    let mut anchors: BTreeMap<Kind, HashSet<&str>> = BTreeMap::new();
    let mut add = |kind: Kind, docs: &'a Localized| {
        if !wanted.contains(&kind) {
            return;
        }
        let set = anchors.entry(kind).or_default();
        for doc in docs.docs() {
            set.extend(doc.body.anchors.iter().map(String::as_str));
        }
    };
    for policy in &site.policies {
        for v in &policy.versions {
            add(Kind::PolicyIndex(policy.slug.clone()), &v.docs);
            add(Kind::Version(policy.slug.clone(), v.slug.clone()), &v.docs);
        }
    }
    if let Some(faq) = &site.faq {
        for q in &faq.questions {
            add(Kind::Question(q.slug.clone()), &q.docs);
        }
    }
    for doc in docs {
        for link in &doc.body.links {
            let at = |d: Diagnostic| d.at(link.line, link.column);
            let kind = target(link);
            if let Some(Kind::PolicyIndex(slug) | Kind::Version(slug, _)) = &kind
                && broken.contains(slug)
            {
                continue;
            }
            let exists = kind.as_ref().is_some_and(|k| match k {
                // A policy's own page exists once it has a version.
                Kind::PolicyIndex(slug) => site.policies.iter().any(|p| &p.slug == slug),
                Kind::Home => true,
                Kind::FaqIndex => site.faq.is_some(),
                k => all_kinds.contains(k),
            });
            if !exists {
                errors.push(at(Diagnostic::new(&doc.path, format!("the link `{}` leads to no page: there is no content/{}", link.written, link.target))
                    .hint("link to a content file by its path below content/, e.g. @/privacy/_index.md or @/faq/delete-my-account.md")));
                continue;
            }
            if let (Some(anchor), Some(kind)) = (&link.anchor, kind)
                && let Some(known) = anchors.get(&kind)
                && !known.contains(anchor.as_str())
            {
                errors.push(at(Diagnostic::new(&doc.path, format!("the anchor `#{anchor}` is not a heading of content/{}", link.target))
                    .hint("use the id of a heading there; give headings fixed ids with {#id}, e.g. ## Retention {#retention}")));
            }
        }
    }
}
