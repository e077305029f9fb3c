//! What each version's PDF shows ([`crate::pdf::Document`]): the facts in
//! the text's own language and the text as its page shows it (a register's
//! rows as the same table).

use std::collections::BTreeMap;

use super::Ctx;
use crate::address::Page;
use crate::content::Policy;
use crate::pdf::{Body, Document, Facts};

impl Ctx<'_> {
    /// A document for every version in every language it is written in.
    pub(super) fn pdf_documents(&self) -> Vec<Document> {
        let mut docs = Vec::new();
        for p in &self.site.policies {
            for i in 0..p.versions.len() {
                for (lang, doc) in p.versions[i].docs.0.iter().enumerate() {
                    if let Some(doc) = doc {
                        docs.push(self.pdf_document(p, i, lang, doc));
                    }
                }
            }
        }
        docs
    }

    fn pdf_document(
        &self,
        p: &Policy,
        i: usize,
        lang: usize,
        doc: &std::sync::Arc<crate::content::Doc>,
    ) -> Document {
        let v = &p.versions[i];
        let language = &self.config.languages[lang];
        let strings = &self.langs[lang].strings;
        let address = super::version_address(self.config, lang, p, i, false);
        let body = match (p.register(), &doc.register) {
            (Some(kind), Some(rows)) => Body::Html(self.register_table(kind, rows, lang, lang)),
            _ => Body::Doc(std::sync::Arc::clone(doc)),
        };
        let made_from = match &body {
            Body::Html(html) => crate::files::sha256_hex(html.as_bytes()),
            // The HTML of a Markdown text is its source's, with links whose addresses follow these settings.
            Body::Doc(doc) => {
                let codes: Vec<&str> = self.config.languages.iter().map(|l| l.code.as_str()).collect();
                format!("{} {} {}", doc.text_source_sha256, self.config.ugly_urls, codes.join(","))
            }
        };
        let sha256 = self
            .lock
            .entry(&p.slug, &v.slug, &language.code)
            .map_or_else(|| doc.text_sha256.clone(), |e| e.text_sha256.clone());
        let labels: BTreeMap<&'static str, String> =
            [("address", "pdf_address"), ("sha256", "pdf_text_sha256"), ("corrections", "corrections")]
                .into_iter()
                .map(|(name, key)| (name, strings.get(key)))
                .collect();
        Document {
            file: crate::address::file_of(self.config, &pdf_address(self.config, p, i, lang)),
            source: doc.path.clone(),
            language_name: language.name.clone(),
            facts: Facts {
                title: doc.front.title.clone().unwrap_or_else(|| self.policy_title(p, lang)),
                organization: self
                    .config
                    .organization
                    .as_ref()
                    .map_or_else(|| self.langs[lang].site.title.clone(), |o| o.name.clone()),
                effective: strings.get("effective_on").replace("{date}", &strings.date(v.effective)),
                date: v.effective.to_string(),
                address: crate::address::absolute(self.config, &address),
                tag: language.tag.clone(),
                dir: language.direction.as_str(),
                sha256,
                corrections: doc
                    .front
                    .corrections
                    .iter()
                    .map(|c| (strings.date(c.date), c.note.clone()))
                    .collect(),
                labels,
            },
            body,
            made_from,
        }
    }
}

/// The address of version `i`'s PDF in language `lang`, which must have its own text.
pub fn pdf_address(config: &crate::Config, p: &Policy, i: usize, lang: usize) -> String {
    let v = &p.versions[i];
    Page::Pdf(&p.slug, &v.slug, &config.languages[lang].code).address(config, lang)
}
