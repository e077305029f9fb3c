//! Registers: a policy folder whose versions are data, not prose. Each
//! version is a TOML snapshot of rows (`[[entry]]`): the subprocessors a
//! company uses, or the cookies its app sets. A translation overrides the
//! texts of rows by `id`. This module reads and checks snapshots, merges a
//! translation over its original, and compares two snapshots row by row;
//! the loader makes each snapshot a policy version ([`crate::content`]), so
//! the timeline, lock, archive and compare pages treat it as one.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::countries;
use crate::error::{Diagnostic, control_character, toml_diagnostic};
use crate::frontmatter::{FrontMatter, RawCorrection, version_keys};

/// What a register lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Subprocessors,
    Cookies,
}

impl Kind {
    /// The kind `register = "…"` names.
    pub fn of(name: &str) -> Option<Kind> {
        match name {
            "subprocessors" => Some(Kind::Subprocessors),
            "cookies" => Some(Kind::Cookies),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Subprocessors => "subprocessors",
            Kind::Cookies => "cookies",
        }
    }

    /// A row's keys besides `id`, in the order a reader reads them.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Subprocessors => &["name", "purpose", "data", "location", "transfer", "website"],
            Kind::Cookies => &["name", "provider", "purpose", "category", "duration", "kind", "party"],
        }
    }
}

/// The keys a translation may give a row: its texts.
pub const TEXTS: &[&str] = &["purpose", "data", "transfer", "duration"];
/// A cookie's `category`, in the order a cookie register groups them.
pub const CATEGORIES: &[&str] = &["necessary", "preferences", "statistics", "marketing"];
/// A cookie's `kind`.
pub const STORAGE: &[&str] = &["cookie", "local storage", "session storage", "pixel"];
/// A cookie's `party`.
pub const PARTIES: &[&str] = &["first", "third"];
/// Every key a row of either kind may have.
const ALL_KEYS: &[&str] = &[
    "id", "name", "purpose", "data", "location", "transfer", "website", "provider", "category", "duration",
    "kind", "party",
];
/// Keys whose value may be a list.
const LISTS: &[&str] = &["data", "location"];

/// A cell's value: one text or a list of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    List(Vec<String>),
}

impl Value {
    pub fn items(&self) -> Vec<&str> {
        match self {
            Value::Text(t) => vec![t.as_str()],
            Value::List(l) => l.iter().map(String::as_str).collect(),
        }
    }
}

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub key: &'static str,
    pub value: Value,
    /// The line of its key in the file that gave it.
    pub line: usize,
    /// The language (index) its text is written in: a translation's, or its
    /// original's where the translation leaves it out.
    pub lang: usize,
}

/// One row: a vendor or a cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its anchor, kept across versions (`aws`).
    pub id: String,
    /// The line of its `[[entry]]`.
    pub line: usize,
    /// Whether the file gave the id (a translation must).
    pub id_given: bool,
    /// Its cells in the order of [`Kind::keys`] (of the file, until checked).
    pub cells: Vec<Cell>,
}

impl Entry {
    pub fn get(&self, key: &str) -> Option<&Cell> {
        self.cells.iter().find(|c| c.key == key)
    }

    /// Its `name`, or its id.
    pub fn name(&self) -> &str {
        match self.get("name").map(|c| &c.value) {
            Some(Value::Text(t)) => t,
            _ => &self.id,
        }
    }

    /// Its value for `key` as one line of text (a list joined by ", ").
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(|c| c.value.items().join(", "))
    }
}

/// A register's version: its rows in the order of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub entries: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    summary: Option<String>,
    #[serde(default)]
    draft: bool,
    effective: Option<toml::Spanned<toml::Value>>,
    urgent: Option<toml::Spanned<String>>,
    #[serde(default)]
    corrections: Vec<RawCorrection>,
    #[serde(default)]
    entry: Vec<toml::Spanned<toml::Table>>,
}

/// Reads a snapshot file in language `lang`: the version's settings (as a
/// front matter has them) and its rows. Keys are checked against every
/// kind here; against the register's own kind by [`check`].
pub fn parse(path: &Path, text: &str, lang: usize) -> Result<(FrontMatter, Snapshot), Diagnostic> {
    if let Some(d) = control_character(path, text, 1) {
        return Err(d);
    }
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let d = toml_diagnostic(path, text, 1, &e);
        if d.message.starts_with("unknown field") {
            d.hint("a register version has summary, urgent, draft, effective, [[corrections]] and its rows as [[entry]] tables")
        } else {
            d
        }
    })?;
    // Where each line starts: a line is looked up, never counted from the top
    // (a register of thousands of rows has tens of thousands of keys).
    let starts: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset);
    let (effective, corrections, urgent) =
        version_keys(path, raw.effective, raw.corrections, raw.urgent, &line_of)?;
    let mut entries = Vec::new();
    // Each entry's text runs to the next entry's start.
    let ends: Vec<usize> = raw.entry.iter().skip(1).map(|t| t.span().start).chain([text.len()]).collect();
    for (table, end) in raw.entry.into_iter().zip(ends) {
        let line = line_of(table.span().start);
        let region = table.span().start..end.max(table.span().start);
        let key_line = |key: &str| entry_key_line(text, region.clone(), key).map_or(line, line_of);
        let mut id = None;
        let mut cells = Vec::new();
        for (key, value) in table.into_inner() {
            let Some(&key) = ALL_KEYS.iter().find(|k| **k == key) else {
                return Err(Diagnostic::new(path, format!("`{key}` is not a key of a register entry"))
                    .at(key_line(&key), 0)
                    .hint(format!("an entry has: {}", ALL_KEYS.join(", "))));
            };
            let at = key_line(key);
            let value = match value {
                toml::Value::String(s) if !s.trim().is_empty() => Value::Text(s.trim().to_string()),
                toml::Value::Array(items) if LISTS.contains(&key) => {
                    let texts: Option<Vec<String>> = items
                        .into_iter()
                        .map(|v| match v {
                            toml::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                            _ => None,
                        })
                        .collect();
                    match texts {
                        Some(t) if !t.is_empty() => Value::List(t),
                        _ => {
                            return Err(Diagnostic::new(
                                path,
                                format!("`{key}` must list texts, none of them empty"),
                            )
                            .at(at, 0)
                            .hint(format!("e.g. {key} = [\"first\", \"second\"], or one text in quotes")));
                        }
                    }
                }
                _ => {
                    let what = if LISTS.contains(&key) { "a text or a list of texts" } else { "a text" };
                    return Err(Diagnostic::new(path, format!("`{key}` must be {what}, not empty"))
                        .at(at, 0)
                        .hint(format!("write it in double quotes, e.g. {key} = \"…\"")));
                }
            };
            if key == "id" {
                match value {
                    Value::Text(t) if is_id(&t) => id = Some(t),
                    _ => {
                        return Err(Diagnostic::new(
                            path,
                            "`id` must be a short name of letters, digits and `-`",
                        )
                        .at(at, 0)
                        .hint("e.g. id = \"aws\": the row's anchor, the same in every version"));
                    }
                }
                continue;
            }
            cells.push(Cell { key, value, line: at, lang });
        }
        let id_given = id.is_some();
        let id = id.unwrap_or_else(|| {
            let name = cells.iter().find(|c| c.key == "name").map(|c| c.value.items().join(" "));
            slug(name.as_deref().unwrap_or_default())
        });
        entries.push(Entry { id, line, id_given, cells });
    }
    let front = FrontMatter {
        draft: raw.draft,
        summary: raw.summary,
        effective,
        corrections,
        urgent,
        ..FrontMatter::default()
    };
    Ok((front, Snapshot { entries }))
}

/// Where `key = …` is written in the entry whose text is `region` of `text`.
fn entry_key_line(text: &str, region: std::ops::Range<usize>, key: &str) -> Option<usize> {
    let body = text.get(region.clone())?;
    let mut offset = region.start;
    for l in body.split_inclusive('\n') {
        let t = l.trim_start();
        let rest = t.strip_prefix(key).or_else(|| t.strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return Some(offset + (l.len() - t.len()));
        }
        offset += l.len();
    }
    None
}

fn is_id(text: &str) -> bool {
    !text.is_empty() && text.len() <= 100 && text.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// A row's default id: its name in lower case, other characters runs of `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() { "entry".to_string() } else { out.to_string() }
}

/// Checks a snapshot against its register's kind: the original (`translation`
/// false) needs every row named and its values known; a translation may give
/// only texts, by id. Rows are put in the kind's key order.
pub fn check(kind: Kind, snapshot: &mut Snapshot, path: &Path, translation: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if snapshot.entries.is_empty() && !translation {
        out.push(
            Diagnostic::new(path, format!("this {} version lists no rows", kind.name()))
                .at(1, 0)
                .hint("add one [[entry]] table per row, or delete the file if the version is a mistake"),
        );
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for e in &mut snapshot.entries {
        if let Some(first) = seen.get(&e.id) {
            out.push(
                Diagnostic::new(
                    path,
                    format!("two entries have the id `{}`: lines {first} and {}", e.id, e.line),
                )
                .at(e.line, 0)
                .hint("give each row its own id (id = \"…\"); an id names one row in every version"),
            );
        } else {
            seen.insert(e.id.clone(), e.line);
        }
        if translation {
            if !e.id_given {
                out.push(
                    Diagnostic::new(
                        path,
                        "an entry of a translation needs the `id` of the row it translates",
                    )
                    .at(e.line, 0)
                    .hint("add id = \"…\" as the original version gives it (or its name as a slug)"),
                );
            }
            for c in e.cells.iter().filter(|c| !TEXTS.contains(&c.key)) {
                out.push(
                    Diagnostic::new(
                        path,
                        format!("`{}` is not translated: a translation gives only texts", c.key),
                    )
                    .at(c.line, 0)
                    .hint(format!(
                        "a translated entry has id and any of: {}; the rest comes from the original",
                        TEXTS.join(", ")
                    )),
                );
            }
            continue;
        }
        let keys = kind.keys();
        for c in &e.cells {
            if !keys.contains(&c.key) {
                out.push(
                    Diagnostic::new(path, format!("`{}` is not a key of a {} register", c.key, kind.name()))
                        .at(c.line, 0)
                        .hint(format!("an entry has: id, {}", keys.join(", "))),
                );
            }
            out.extend(check_value(kind, c, path));
        }
        if e.get("name").is_none() {
            out.push(Diagnostic::new(path, "this entry has no `name`").at(e.line, 0).hint(match kind {
                Kind::Subprocessors => "add the vendor's name, e.g. name = \"Amazon Web Services EMEA SARL\"",
                Kind::Cookies => "add the cookie's own name, e.g. name = \"session_id\"",
            }));
        }
        e.cells.sort_by_key(|c| keys.iter().position(|k| *k == c.key).unwrap_or(keys.len()));
    }
    out
}

/// A value privet knows the meaning of: country codes, a cookie's category,
/// kind and party, a website's address.
fn check_value(kind: Kind, c: &Cell, path: &Path) -> Option<Diagnostic> {
    let one_of = |allowed: &[&str]| -> Option<Diagnostic> {
        let v = c.value.items().join(", ");
        (!allowed.contains(&v.as_str())).then(|| {
            Diagnostic::new(path, format!("`{v}` is not a {} privet knows", c.key))
                .at(c.line, 0)
                .hint(format!("{} is one of: {}", c.key, allowed.join(", ")))
        })
    };
    match (kind, c.key) {
        (_, "location") => c.value.items().into_iter().find_map(|code| {
            (countries::looks_like_code(code) && !countries::is_code(code)).then(|| {
                let hint = match code.to_ascii_uppercase().as_str() {
                    "UK" => "the United Kingdom's ISO 3166-1 code is GB".to_string(),
                    upper if countries::is_code(upper) => format!("write country codes in capitals: {upper}"),
                    _ => "write an ISO 3166-1 alpha-2 code (IE, DE, US), or the place in words".to_string(),
                };
                Diagnostic::new(path, format!("`{code}` is not an ISO 3166-1 country code"))
                    .at(c.line, 0)
                    .hint(hint)
            })
        }),
        (Kind::Cookies, "category") => one_of(CATEGORIES),
        (Kind::Cookies, "kind") => one_of(STORAGE),
        (Kind::Cookies, "party") => one_of(PARTIES),
        (_, "website") => c.value.items().into_iter().find_map(|url| {
            (!(url.starts_with("https://") || url.starts_with("http://"))).then(|| {
                Diagnostic::new(path, format!("`{url}` is not a web address"))
                    .at(c.line, 0)
                    .hint("write the full address, e.g. website = \"https://aws.amazon.com\"")
            })
        }),
        _ => None,
    }
}

/// `original` with the texts of `translation` put in (each cell keeps its language);
/// an error for each translated row the original does not have.
pub fn merge(original: &Snapshot, translation: &Snapshot, path: &Path) -> Result<Snapshot, Vec<Diagnostic>> {
    let mut merged = original.clone();
    let mut errors = Vec::new();
    for t in &translation.entries {
        let Some(row) = merged.entries.iter_mut().find(|e| e.id == t.id) else {
            errors.push(
                Diagnostic::new(path, format!("the original version has no row with the id `{}`", t.id))
                    .at(t.line, 0)
                    .hint("translate rows by the id of the original version's file; remove rows it no longer has"),
            );
            continue;
        };
        for cell in &t.cells {
            match row.cells.iter_mut().find(|c| c.key == cell.key) {
                Some(c) => {
                    c.value = cell.value.clone();
                    c.lang = cell.lang;
                }
                None => errors.push(
                    Diagnostic::new(
                        path,
                        format!("`{}` translates a text the original row `{}` does not have", cell.key, t.id),
                    )
                    .at(cell.line, 0)
                    .hint("translate only what the original gives, or add it there first"),
                ),
            }
        }
    }
    if errors.is_empty() { Ok(merged) } else { Err(errors) }
}

impl Snapshot {
    /// The rows as text, one line per cell, ids and codes as written: what
    /// `versions.lock` hashes (independent of the theme and of CLDR's names).
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        for e in &self.entries {
            for c in &e.cells {
                out.push_str(&format!("{}\t{}\t{}\n", e.id, c.key, c.value.items().join("\t")));
            }
        }
        out
    }

    /// The texts a translator translates, one line each with its row's id,
    /// sorted: the same however the file orders its rows and keys.
    pub fn words(&self) -> String {
        let mut lines: Vec<String> = self
            .entries
            .iter()
            .flat_map(|e| {
                e.cells
                    .iter()
                    .filter(|c| TEXTS.contains(&c.key))
                    .map(move |c| format!("{}\t{}\t{}\n", e.id, c.key, c.value.items().join("\t")))
            })
            .collect();
        lines.sort();
        lines.concat()
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }
}

/// How a row changed from one version to the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row<'a> {
    Same(&'a Entry),
    Added(&'a Entry),
    Removed(&'a Entry),
    /// The keys whose values differ (in the newer row's key order).
    Changed {
        old: &'a Entry,
        new: &'a Entry,
        keys: Vec<&'static str>,
    },
}

impl<'a> Row<'a> {
    /// The row as the newer version has it (the older one for a removed row).
    pub fn entry(&self) -> &'a Entry {
        match *self {
            Row::Same(e) | Row::Added(e) | Row::Removed(e) => e,
            Row::Changed { new, .. } => new,
        }
    }
}

/// `new` against `old`, row by row, matched by id: a row moved to another
/// place is not a change, a renamed vendor with the same id is a changed
/// name. Rows come in the newer order, each removed row before the row that
/// followed it in the older version.
pub fn diff<'a>(old: &'a Snapshot, new: &'a Snapshot) -> Vec<Row<'a>> {
    let new_ids: HashMap<&str, usize> =
        new.entries.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let mut before: Vec<Vec<&Entry>> = vec![Vec::new(); new.entries.len() + 1];
    let mut pending = Vec::new();
    for e in &old.entries {
        match new_ids.get(e.id.as_str()) {
            Some(&j) => before[j].append(&mut pending),
            None => pending.push(e),
        }
    }
    before[new.entries.len()].append(&mut pending);
    let mut out = Vec::new();
    for (j, e) in new.entries.iter().enumerate() {
        out.extend(before[j].iter().map(|r| Row::Removed(r)));
        out.push(match old.get(&e.id) {
            None => Row::Added(e),
            Some(o) => {
                let mut keys: Vec<&'static str> = e
                    .cells
                    .iter()
                    .filter(|c| o.get(c.key).map(|oc| &oc.value) != Some(&c.value))
                    .map(|c| c.key)
                    .collect();
                keys.extend(o.cells.iter().filter(|c| e.get(c.key).is_none()).map(|c| c.key));
                if keys.is_empty() { Row::Same(e) } else { Row::Changed { old: o, new: e, keys } }
            }
        });
    }
    out.extend(before[new.entries.len()].iter().map(|r| Row::Removed(r)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(text: &str) -> Snapshot {
        let mut s = parse(Path::new("r.toml"), text, 0).unwrap().1;
        assert!(check(Kind::Subprocessors, &mut s, Path::new("r.toml"), false).is_empty());
        s
    }

    #[test]
    fn reads_rows_and_version_keys() {
        let text = "summary = \"Added Postmark.\"\nurgent = \"Mailgun closed.\"\n\n[[entry]]\nid = \"aws\"\nname = \"AWS\"\nlocation = [\"IE\", \"DE\"]\n\n[[entry]]\nname = \"Postmark Inc.\"\npurpose = \"E-mail\"\n";
        let (front, s) = parse(Path::new("r.toml"), text, 0).unwrap();
        assert_eq!(front.summary.as_deref(), Some("Added Postmark."));
        assert_eq!(front.urgent, Some(("Mailgun closed.".into(), 2)));
        assert_eq!(s.entries.len(), 2);
        assert_eq!((s.entries[0].id.as_str(), s.entries[0].line), ("aws", 4));
        assert_eq!(s.entries[1].id, "postmark-inc");
        assert_eq!(s.entries[0].get("location").unwrap().line, 7);
        assert_eq!(s.entries[0].get("location").unwrap().value, Value::List(vec!["IE".into(), "DE".into()]));
    }

    #[test]
    fn bad_rows_are_errors_at_their_line() {
        let p = Path::new("r.toml");
        let err = parse(p, "[[entry]]\nname = \"A\"\ncolour = \"red\"\n", 0).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("`colour`"), "{err}");
        let mut s =
            parse(p, "[[entry]]\nid = \"a\"\nname = \"A\"\n\n[[entry]]\nid = \"a\"\nname = \"B\"\n", 0)
                .unwrap()
                .1;
        let errs = check(Kind::Subprocessors, &mut s, p, false);
        assert_eq!(errs.len(), 1);
        assert!(errs[0].message.contains("lines 1 and 5"), "{}", errs[0]);
        let mut s = parse(p, "[[entry]]\npurpose = \"x\"\nlocation = \"UK\"\n", 0).unwrap().1;
        let errs = check(Kind::Subprocessors, &mut s, p, false);
        let messages: Vec<String> = errs.iter().map(|d| format!("{}:{}", d.line, d.message)).collect();
        assert!(messages.contains(&"3:`UK` is not an ISO 3166-1 country code".to_string()), "{messages:?}");
        assert!(messages.contains(&"1:this entry has no `name`".to_string()), "{messages:?}");
        let mut s = parse(p, "[[entry]]\nname = \"_ga\"\ncategory = \"tracking\"\n", 0).unwrap().1;
        let errs = check(Kind::Cookies, &mut s, p, false);
        assert_eq!(
            (errs[0].line, errs[0].message.as_str()),
            (3, "`tracking` is not a category privet knows")
        );
        let mut s = parse(p, "[[entry]]\nname = \"_ga\"\ncategory = \"statistics\"\n", 0).unwrap().1;
        assert_eq!(check(Kind::Subprocessors, &mut s, p, false)[0].line, 3);
    }

    #[test]
    fn a_translation_gives_texts_by_id() {
        let original =
            snap("[[entry]]\nid = \"aws\"\nname = \"AWS\"\npurpose = \"Hosting\"\ntransfer = \"None\"\n");
        let p = Path::new("r.de.toml");
        let mut t = parse(p, "[[entry]]\nid = \"aws\"\npurpose = \"Hosting der App\"\n", 2).unwrap().1;
        assert!(check(Kind::Subprocessors, &mut t, p, true).is_empty());
        let merged = merge(&original, &t, p).unwrap();
        let aws = &merged.entries[0];
        assert_eq!(
            (aws.text("purpose").unwrap().as_str(), aws.get("purpose").unwrap().lang),
            ("Hosting der App", 2)
        );
        assert_eq!(aws.get("transfer").unwrap().lang, 0);
        let mut t = parse(p, "[[entry]]\nid = \"gcp\"\nname = \"G\"\n", 2).unwrap().1;
        assert_eq!(check(Kind::Subprocessors, &mut t, p, true)[0].line, 3);
        assert_eq!(merge(&original, &t, p).unwrap_err()[0].line, 1);
    }

    #[test]
    fn rows_are_matched_by_id() {
        let old = snap(
            "[[entry]]\nid = \"a\"\nname = \"A\"\n[[entry]]\nid = \"m\"\nname = \"Mailgun\"\n[[entry]]\nid = \"b\"\nname = \"B\"\npurpose = \"x\"\n",
        );
        // Reordered, one renamed with its id, one removed, one added, one purpose changed.
        let new = snap(
            "[[entry]]\nid = \"b\"\nname = \"B\"\npurpose = \"y\"\n[[entry]]\nid = \"a\"\nname = \"A2\"\n[[entry]]\nid = \"p\"\nname = \"Postmark\"\n",
        );
        let rows = diff(&old, &new);
        let shape: Vec<String> = rows
            .iter()
            .map(|r| match r {
                Row::Same(e) => format!("={}", e.id),
                Row::Added(e) => format!("+{}", e.id),
                Row::Removed(e) => format!("-{}", e.id),
                Row::Changed { new, keys, .. } => format!("~{}:{}", new.id, keys.join(",")),
            })
            .collect();
        // Mailgun was followed by B in the older order: it shows before B.
        assert_eq!(shape, ["-m", "~b:purpose", "~a:name", "+p"]);
        let reordered = snap(
            "[[entry]]\nid = \"b\"\nname = \"B\"\npurpose = \"x\"\n[[entry]]\nid = \"m\"\nname = \"Mailgun\"\n[[entry]]\nid = \"a\"\nname = \"A\"\n",
        );
        assert!(diff(&old, &reordered).iter().all(|r| matches!(r, Row::Same(_))));
    }
}
