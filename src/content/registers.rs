//! Register versions in the model: a `DATE.toml` snapshot is read into a
//! [`Doc`] like a Markdown version (its settings as front matter, its rows
//! in `Doc::register`), and once the site is assembled each register's
//! versions are checked against its kind and each translation is merged
//! over its original ([`crate::register`]).

use std::sync::Arc;

use super::{Doc, Found, Site};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::register::{self, Snapshot};

/// Reads a snapshot file (its rows not yet checked against the register's kind).
pub(super) fn read(f: &Found, text: &str, source_sha256: String, text_source_sha256: String) -> Result<Doc> {
    let (front, snapshot) = register::parse(&f.shown, text, f.lang).map_err(Error::from)?;
    Ok(Doc {
        path: f.shown.clone(),
        lang: f.lang,
        front,
        body: Default::default(),
        source_sha256,
        text_source_sha256,
        text_sha256: String::new(),
        words_sha256: String::new(),
        starter: false,
        register: Some(Arc::new(snapshot)),
    })
}

/// Checks every policy's versions against what its `_index.md` says it is,
/// and puts each register translation's texts over its original's.
pub(super) fn resolve(config: &Config, site: &mut Site, errors: &mut Vec<Diagnostic>) {
    for p in &mut site.policies {
        let kind = p.register();
        let index = p.index.primary().path.clone();
        for v in &mut p.versions {
            let Some(kind) = kind else {
                for doc in v.docs.docs().filter(|d| d.register.is_some()) {
                    errors.push(
                        Diagnostic::new(&doc.path, format!("a data version (.toml) in `{}`, which is not a register", p.slug))
                            .hint(format!("add register = \"subprocessors\" or register = \"cookies\" to {}, or write the version as Markdown (.md)", index.display())),
                    );
                }
                continue;
            };
            for doc in v.docs.docs().filter(|d| d.register.is_none()) {
                errors.push(
                    Diagnostic::new(
                        &doc.path,
                        format!("`{}` is a register of {}: its versions are data files", p.slug, kind.name()),
                    )
                    .hint(format!(
                        "write this version as {}.toml with one [[entry]] per row; prose belongs in {}",
                        v.slug,
                        index.display()
                    )),
                );
            }
            let Some(Some(original)) = v.docs.0.first().cloned() else {
                if let Some(doc) = v.docs.docs().next() {
                    errors.push(
                        Diagnostic::new(&doc.path, "a register translation needs its original version").hint(
                            format!(
                                "add content/{}/{}.toml in {}, the default language",
                                p.slug, v.slug, config.languages[0].code
                            ),
                        ),
                    );
                }
                continue;
            };
            let Some(rows) = &original.register else { continue };
            let mut rows = Snapshot::clone(rows);
            let found = register::check(kind, &mut rows, &original.path, false);
            if !found.is_empty() {
                errors.extend(found);
                continue;
            }
            let rows = Arc::new(rows);
            for slot in v.docs.0.iter_mut().skip(1) {
                let Some(doc) = slot else { continue };
                let Some(own) = &doc.register else { continue };
                let mut own = Snapshot::clone(own);
                let found = register::check(kind, &mut own, &doc.path, true);
                if !found.is_empty() {
                    errors.extend(found);
                    continue;
                }
                match register::merge(&rows, &own, &doc.path) {
                    Ok(merged) => *doc = Arc::new(finish(doc, Arc::new(merged), &own)),
                    Err(found) => errors.extend(found),
                }
            }
            v.docs.0[0] = Some(Arc::new(finish(&original, Arc::clone(&rows), &rows)));
        }
    }
}

/// A register version's document with its rows resolved: the hashes of
/// what a reader reads (the rows) and of what a translator translated (the
/// file's own texts).
fn finish(doc: &Doc, rows: Arc<Snapshot>, own: &Snapshot) -> Doc {
    Doc {
        text_sha256: crate::files::sha256_hex(rows.canonical().as_bytes()),
        words_sha256: super::words_sha256(&doc.front, &own.words()),
        register: Some(rows),
        ..doc.clone()
    }
}
