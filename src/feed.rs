//! Atom feeds of policy changes, one per language: every version of every
//! policy, upcoming ones included, so subscribers get notice in advance.

use jiff::civil::Date;

use crate::address::{Page, file_of};
use crate::config::Config;
use crate::content::Site;
use crate::files::Files;
use crate::i18n::Strings;

/// Every language's feed, by output file.
pub fn all(config: &Config, site: &Site, strings: &[Strings]) -> Files {
    (0..config.languages.len())
        .map(|lang| {
            let (file, feed) = of(config, site, &strings[lang], lang);
            (file, feed.into_bytes().into())
        })
        .collect()
}

/// The feed of one language: its file below the output root and its text.
pub fn of(config: &Config, site: &Site, strings: &Strings, lang: usize) -> (String, String) {
    let file = file_of(config, &Page::Feed.address(config, lang));
    (file, atom(config, site, lang, strings))
}

/// The feed of `lang` (`feed.xml` below the language's root).
pub fn atom(config: &Config, site: &Site, lang: usize, strings: &Strings) -> String {
    let l = &config.languages[lang];
    let site_title = l.title.as_deref().unwrap_or(&config.title);
    let self_url = crate::address::absolute(config, &Page::Feed.address(config, lang));
    let mut entries: Vec<(Date, String)> = Vec::new();
    for p in &site.policies {
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
            // A correction updates the entry, so subscribers hear of it.
            let updated = doc.front.corrections.iter().map(|c| c.date).fold(date, Date::max);
            let mut entry = format!(
                "  <entry{entry_lang}>\n    <title>{}</title>\n    <id>{}</id>\n    <published>{date}T00:00:00Z</published>\n    <updated>{updated}T00:00:00Z</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
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
            let mut summary = doc
                .front
                .summary
                .clone()
                .unwrap_or_else(|| strings.get("effective_on").replace("{date}", &strings.date(date)));
            for c in &doc.front.corrections {
                summary.push_str(&format!(
                    " {} {}",
                    strings.get("corrected_on").replace("{date}", &strings.date(c.date)),
                    c.note
                ));
            }
            entry.push_str(&format!(
                "    <summary>{}</summary>\n  </entry>\n",
                crate::html::escape_xml(&summary)
            ));
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
        crate::html::escape_xml(&format!("{site_title}: {}", strings.get("feed_title"))),
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
