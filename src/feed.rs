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
    let file = file_of(config, &format!("{}feed.xml", config.language_root(lang)));
    (file, atom(config, site, lang, strings))
}

/// The feed of `lang` (`feed.xml` below the language's root).
pub fn atom(config: &Config, site: &Site, lang: usize, strings: &Strings) -> String {
    let l = &config.languages[lang];
    let root = config.language_root(lang);
    let site_title = l.title.as_deref().unwrap_or(&config.title);
    let self_url = config.absolute(&format!("{root}feed.xml"));
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
            let url = config.absolute(&Page::Version(&p.slug, &v.slug).address(config, lang));
            let date = v.effective;
            // A correction updates the entry, so subscribers hear of it.
            let updated = doc.front.corrections.iter().map(|c| c.date).fold(date, Date::max);
            let mut entry = format!(
                "  <entry{entry_lang}>\n    <title>{}</title>\n    <id>{}</id>\n    <published>{date}T00:00:00Z</published>\n    <updated>{updated}T00:00:00Z</updated>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape(&format!("{policy_title}: {}", strings.date(date))),
                escape(&url),
                escape(&url),
            );
            if i > 0 {
                let changes = config.absolute(&Page::Changes(&p.slug, &v.slug).address(config, lang));
                entry.push_str(&format!(
                    "    <link rel=\"related\" type=\"text/html\" title=\"{}\" href=\"{}\"/>\n",
                    escape(&strings.get("changes")),
                    escape(&changes)
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
            entry.push_str(&format!("    <summary>{}</summary>\n  </entry>\n", escape(&summary)));
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
        escape(&format!("{site_title}: {}", strings.get("feed_title"))),
        escape(&self_url),
        escape(&self_url),
        escape(&config.absolute(&config.page_address(lang, ""))),
        escape(author),
    );
    for (_, entry) in entries {
        xml.push_str(&entry);
    }
    xml.push_str("</feed>\n");
    xml
}

/// Escapes text for XML. Characters XML 1.0 does not allow at all (C0
/// controls other than tab, line feed and carriage return; U+FFFE, U+FFFF)
/// are dropped, so the feed stays well-formed whatever a text holds (front
/// matter and site.toml refuse them with an error before this).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if !allowed_in_xml(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
pub fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_is_well_formed_xml_whatever_it_holds() {
        assert_eq!(escape("a\u{7}b\u{1b}c <&> \"\u{FFFF}\tok"), "abc &lt;&amp;&gt; &quot;\tok");
    }
}
