//! What a register version changed, in the reader's words and as data:
//! the rows it added, removed and changed against the version before it
//! ([`crate::register::diff`]). The changelog's and feed's summary of a
//! version that has none of its editor's, the feed entries' lists and
//! `register.json` are all made from here, so they always agree.

use serde_json::{Value as Json, json};

use crate::config::Config;
use crate::content::Policy;
use crate::i18n::Strings;
use crate::lock::Lock;
use crate::register::{Entry, Kind, Row, Snapshot, diff};

/// One row of a comparison: how it changed in the original (the default
/// language decides; a translation catching up is no change), and the row
/// as a reader reads it in each version (`None` where it is absent).
pub struct Compared<'a> {
    pub row: Row<'a>,
    pub old: Option<&'a Entry>,
    pub new: Option<&'a Entry>,
}

impl Compared<'_> {
    /// Whether `key`'s cell changed (every cell of an added or removed row).
    pub fn changed(&self, key: &str) -> bool {
        match &self.row {
            Row::Same(_) => false,
            Row::Added(_) | Row::Removed(_) => true,
            Row::Changed { keys, .. } => keys.contains(&key),
        }
    }
}

/// Version `new` of register `p` against version `old` (none: every row is
/// added), row by row, in the texts a reader of `lang` sees.
pub fn compare(p: &Policy, old: Option<usize>, new: usize, lang: usize) -> Option<Vec<Compared<'_>>> {
    let rows = |v: usize, l: usize| p.versions.get(v).and_then(|v| v.docs.get(l).0.register.as_deref());
    let empty: &'static Snapshot = &EMPTY;
    let (original_old, original_new) = (old.and_then(|o| rows(o, 0)).unwrap_or(empty), rows(new, 0)?);
    let (text_old, text_new) = (old.and_then(|o| rows(o, lang)).unwrap_or(empty), rows(new, lang)?);
    let rows = diff(original_old, original_new)
        .into_iter()
        .map(|row| {
            let id = &row.entry().id;
            let old = (!matches!(row, Row::Added(_))).then(|| text_old.get(id)).flatten();
            let new = (!matches!(row, Row::Removed(_))).then(|| text_new.get(id)).flatten();
            Compared { row, old, new }
        })
        .collect();
    Some(rows)
}

/// A version's changes against the version before it (the first: all added).
pub struct Changes<'a> {
    pub added: Vec<&'a Entry>,
    pub removed: Vec<&'a Entry>,
    /// Each changed row with the keys that changed.
    pub changed: Vec<(&'a Entry, Vec<&'static str>)>,
}

impl<'a> Changes<'a> {
    /// Version `i` of register `p` against the one before it ([`compare`]),
    /// each row as a reader of `lang` reads it.
    pub fn of_version(p: &'a Policy, i: usize, lang: usize) -> Option<Changes<'a>> {
        let mut out = Changes { added: Vec::new(), removed: Vec::new(), changed: Vec::new() };
        for c in compare(p, i.checked_sub(1), i, lang)? {
            let read = c.new.or(c.old).unwrap_or(c.row.entry());
            match c.row {
                Row::Added(_) => out.added.push(read),
                Row::Removed(_) => out.removed.push(read),
                Row::Changed { keys, .. } => out.changed.push((read, keys)),
                Row::Same(_) => {}
            }
        }
        Some(out)
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }

    /// One sentence of what changed, in the reader's words: "Added Postmark
    /// (E-mail delivery); Removed Mailgun; AWS: Location".
    pub fn summary(&self, strings: &Strings) -> String {
        if self.is_empty() {
            return strings.get("register_summary_none");
        }
        let sep = strings.get("list_separator");
        // A short purpose says what a new row is for; a sentence would bury the list.
        let named = |e: &Entry| match e.text("purpose") {
            Some(purpose) if purpose.chars().count() <= SHORT_PURPOSE => format!("{} ({purpose})", e.name()),
            _ => e.name().to_string(),
        };
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            let list: Vec<String> = self.added.iter().map(|e| named(e)).collect();
            parts.push(strings.get("register_summary_added").replace("{list}", &list.join(&sep)));
        }
        if !self.removed.is_empty() {
            let list: Vec<&str> = self.removed.iter().map(|e| e.name()).collect();
            parts.push(strings.get("register_summary_removed").replace("{list}", &list.join(&sep)));
        }
        for (e, keys) in &self.changed {
            let fields: Vec<String> = keys.iter().map(|k| label(strings, k)).collect();
            parts.push(
                strings
                    .get("register_summary_changed")
                    .replace("{name}", e.name())
                    .replace("{fields}", &fields.join(&sep)),
            );
        }
        parts.join(&strings.get("register_summary_join"))
    }
}

/// The longest purpose a summary names beside an added row (characters).
const SHORT_PURPOSE: usize = 48;

static EMPTY: Snapshot = Snapshot { entries: Vec::new() };

/// The reader's word for a row's key (`location` → "Location").
pub fn label(strings: &Strings, key: &str) -> String {
    strings.get(&format!("register_{key}"))
}

/// The reader's word for a known value (a cookie's category, kind, party), or `None`.
pub fn value_word(strings: &Strings, key: &str, value: &str) -> Option<String> {
    matches!(key, "category" | "kind" | "party")
        .then(|| strings.get(&format!("register_{key}_{}", value.replace(' ', "_"))))
}

/// The summary a reader of `lang` sees for version `i`: its editor's, else
/// one made from its changes (registers only).
pub fn summary_of(p: &Policy, i: usize, lang: usize, strings: &Strings) -> Option<String> {
    let doc = p.versions.get(i)?.docs.get(lang).0;
    if let Some(s) = &doc.front.summary {
        return Some(s.clone());
    }
    p.register()?;
    Changes::of_version(p, i, lang).map(|c| c.summary(strings))
}

/// `register.json` of register `p` in `lang`: the rows in force, the
/// upcoming version and every version's changes (schema in the README).
pub fn json(config: &Config, p: &Policy, lang: usize, strings: &Strings, lock: &Lock) -> String {
    let kind = p.register().unwrap_or(Kind::Subprocessors);
    let page = |i: usize| {
        crate::address::absolute(
            config,
            &crate::address::Page::Version(&p.slug, &p.versions[i].slug).address(config, lang),
        )
    };
    let rows_of = |i: usize| -> Json {
        let Some(rows) = p.versions[i].docs.get(lang).0.register.as_deref() else { return json!([]) };
        Json::Array(rows.entries.iter().map(|e| row(config, kind, e)).collect())
    };
    let version = |i: usize| -> Json {
        let v = &p.versions[i];
        let doc = v.docs.get(lang).0;
        let changes = Changes::of_version(p, i, lang);
        let ids = |list: &[&Entry]| list.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        json!({
            "effective": v.effective.to_string(),
            "announced": lock.announced(&p.slug, &v.slug).map(|d| d.to_string()),
            "status": p.timeline.status(i),
            "url": page(i),
            "summary": summary_of(p, i, lang, strings),
            "urgent": doc.front.urgent.as_ref().map(|(why, _)| why.clone()),
            "added": changes.as_ref().map(|c| ids(&c.added)).unwrap_or_default(),
            "removed": changes.as_ref().map(|c| ids(&c.removed)).unwrap_or_default(),
            "changed": changes.as_ref().map(|c| c.changed.iter().map(|(e, keys)| json!({"id": e.id, "fields": keys})).collect::<Vec<_>>()).unwrap_or_default(),
        })
    };
    let t = &p.timeline;
    let doc = json!({
        "register": kind.name(),
        "title": p.index.get(lang).0.front.title,
        "language": config.languages[lang].tag,
        "url": crate::address::absolute(config, &crate::address::Page::Policy(&p.slug).address(config, lang)),
        "notice_days": p.notice_days(config.notice_days),
        "in_force": t.in_force().map(|i| {
            let mut v = version(i);
            v["entries"] = rows_of(i);
            v
        }),
        "upcoming": t.next_upcoming().map(|i| {
            let mut v = version(i);
            v["entries"] = rows_of(i);
            v
        }),
        "history": (0..p.versions.len()).rev().map(version).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// One row as data: its id, each key's value (lists as arrays), with the
/// language of each text that is not the document's.
fn row(config: &Config, kind: Kind, e: &Entry) -> Json {
    let mut out = serde_json::Map::new();
    out.insert("id".into(), json!(e.id));
    for key in kind.keys() {
        if let Some(c) = e.get(key) {
            let value = match &c.value {
                crate::register::Value::Text(t) => json!(t),
                crate::register::Value::List(l) => json!(l),
            };
            out.insert((*key).to_string(), value);
            if crate::register::TEXTS.contains(key) {
                out.insert(format!("{key}_language"), json!(config.languages[c.lang].tag));
            }
        }
    }
    Json::Object(out)
}
