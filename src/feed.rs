//! Atom feeds of policy changes, one per language: every version of every
//! policy, upcoming ones included, so subscribers get notice in advance.
//! Each register also has its own feed (`subprocessors/feed.xml`), its
//! versions dated the day they were announced and naming the rows they
//! add, remove and change, and its rows as data (`register.json`).

use jiff::civil::Date;

use crate::address::{Page, file_of};
use crate::config::Config;
use crate::content::Policy;
use crate::content::Site;
use crate::files::Files;
use crate::i18n::Strings;
use crate::lock::Lock;

/// Every language's feeds and register data, by output file.
pub fn all(config: &Config, site: &Site, strings: &[Strings], lock: &Lock) -> Files {
    use rayon::prelude::*;
    // A language's feeds on each core: on a large site they are lists of
    // hundreds of versions, each with its summary, in every language.
    let made: Vec<Vec<(String, String)>> = (0..config.languages.len())
        .into_par_iter()
        .map(|lang| of(config, site, &strings[lang], lang, lock))
        .collect();
    made.into_iter().flatten().map(|(file, text)| (file, text.into_bytes().into())).collect()
}

/// The feeds of one language (the site's, each register's) and its
/// registers' `register.json`: each file below the output root and its text.
pub fn of(
    config: &Config,
    site: &Site,
    strings: &Strings,
    lang: usize,
    lock: &Lock,
) -> Vec<(String, String)> {
    let mut out = vec![(
        file_of(config, &Page::Feed.address(config, lang)),
        atom(config, site, lang, strings, lock, None),
    )];
    for p in site.policies.iter().filter(|p| p.register().is_some()) {
        out.push((
            file_of(config, &Page::RegisterFeed(&p.slug).address(config, lang)),
            atom(config, site, lang, strings, lock, Some(p)),
        ));
        out.push((
            file_of(config, &Page::RegisterJson(&p.slug).address(config, lang)),
            crate::rows::json(config, p, lang, strings, lock),
        ));
    }
    out
}

/// The feed of `lang` (`feed.xml` below the language's root), or of one register's changes.
pub fn atom(
    config: &Config,
    site: &Site,
    lang: usize,
    strings: &Strings,
    lock: &Lock,
    only: Option<&Policy>,
) -> String {
    let l = &config.languages[lang];
    let site_title = l.title.as_deref().unwrap_or(&config.title);
    let feed = only.map_or(Page::Feed, |p| Page::RegisterFeed(&p.slug));
    let self_url = crate::address::absolute(config, &feed.address(config, lang));
    let mut entries: Vec<(Date, String)> = Vec::new();
    for p in site.policies.iter().filter(|p| only.is_none_or(|o| std::ptr::eq(*p, o))) {
        let policy_title = p.index.get(lang).0.front.title.clone().unwrap_or_else(|| p.slug.clone());
        for (i, v) in p.versions.iter().enumerate() {
            let (doc, fallback) = v.docs.get(lang);
            // An untranslated summary says which language it is in.
            let entry_lang = if fallback {
                format!(" xml:lang=\"{}\"", config.languages[doc.lang].tag)
            } else {
                String::new()
            };
            let url =
                crate::address::absolute(config, &Page::Version(&p.slug, &v.slug).address(config, lang));
            let date = v.effective;
            // A register's entry is news the day it was announced, not the day it applies.
            let published =
                lock.announced(&p.slug, &v.slug).filter(|_| p.register().is_some()).unwrap_or(date);
            // A correction updates the entry, so subscribers hear of it.
            let updated = doc.front.corrections.iter().map(|c| c.date).fold(published, Date::max);
            let mut entry = format!(
                "  <entry{entry_lang}>\n    <title>{}</title>\n    <id>{}</id>\n    <published>{published}T00:00:00Z</published>\n    <updated>{updated}T00:00:00Z</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                crate::html::escape_xml(&format!("{policy_title}: {}", strings.date(date))),
                crate::html::escape_xml(&url),
                crate::html::escape_xml(&url),
            );
            if i > 0 {
                let changes =
                    crate::address::absolute(config, &Page::Changes(&p.slug, &v.slug).address(config, lang));
                entry.push_str(&format!(
                    "    <link rel=\"related\" type=\"text/html\" title=\"{}\" href=\"{}\"/>\n",
                    crate::html::escape_xml(&strings.get("changes")),
                    crate::html::escape_xml(&changes)
                ));
            }
            let mut summary = crate::rows::summary_of(p, i, lang, strings)
                .unwrap_or_else(|| strings.get("effective_on").replace("{date}", &strings.date(date)));
            if let Some((why, _)) = &doc.front.urgent {
                summary.push_str(&format!(" {}", strings.get("register_urgent").replace("{reason}", why)));
            }
            for c in &doc.front.corrections {
                summary.push_str(&format!(
                    " {} {}",
                    strings.get("corrected_on").replace("{date}", &strings.date(c.date)),
                    c.note
                ));
            }
            entry.push_str(&format!("    <summary>{}</summary>\n", crate::html::escape_xml(&summary)));
            if let Some(list) = row_list(config, p, i, lang, strings) {
                entry.push_str(&format!(
                    "    <content type=\"html\">{}</content>\n",
                    crate::html::escape_xml(&list)
                ));
            }
            entry.push_str("  </entry>\n");
            entries.push((updated, entry));
        }
    }
    // Newest first; ties keep policy order (a stable sort), so output is deterministic.
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    let updated = entries.first().map_or_else(|| "1970-01-01".to_string(), |(d, _)| d.to_string());
    let author = config.organization.as_ref().map_or(site_title, |o| o.name.as_str());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        l.tag,
        crate::html::escape_xml(&match only {
            Some(p) => format!(
                "{site_title}: {}",
                p.index.get(lang).0.front.title.clone().unwrap_or_else(|| p.slug.clone())
            ),
            None => format!("{site_title}: {}", strings.get("feed_title")),
        }),
        crate::html::escape_xml(&self_url),
        crate::html::escape_xml(&self_url),
        crate::html::escape_xml(&crate::address::absolute(config, &Page::Home.address(config, lang))),
        crate::html::escape_xml(author),
    );
    for (_, entry) in entries {
        xml.push_str(&entry);
    }
    xml.push_str("</feed>\n");
    xml
}

/// A register version's changes as an HTML list, each row linked to its
/// anchor (a removed row to the version that still had it).
fn row_list(config: &Config, p: &Policy, i: usize, lang: usize, strings: &Strings) -> Option<String> {
    let changes = crate::rows::Changes::of_version(p, i, lang)?;
    let link = |v: usize, e: &crate::register::Entry| {
        let href = crate::address::absolute(
            config,
            &Page::Row(&p.slug, &p.versions[v].slug, &e.id).address(config, lang),
        );
        format!("<a href=\"{}\">{}</a>", crate::html::escape(&href), crate::html::escape(e.name()))
    };
    let mut items = Vec::new();
    for e in &changes.added {
        items.push(format!("{}: {}", crate::html::escape(&strings.get("register_added")), link(i, e)));
    }
    for e in &changes.removed {
        items.push(format!(
            "{}: {}",
            crate::html::escape(&strings.get("register_removed")),
            link(i.saturating_sub(1), e)
        ));
    }
    for (e, keys) in &changes.changed {
        let fields: Vec<String> = keys.iter().map(|k| crate::rows::label(strings, k)).collect();
        items.push(format!(
            "{}: {} ({})",
            crate::html::escape(&strings.get("register_changed")),
            link(i, e),
            crate::html::escape(&fields.join(&strings.get("list_separator")))
        ));
    }
    (!items.is_empty())
        .then(|| format!("<ul>{}</ul>", items.iter().map(|i| format!("<li>{i}</li>")).collect::<String>()))
}
