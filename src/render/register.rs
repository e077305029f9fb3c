//! A register's pages: its rows as a table (cookies one per category, each
//! explained), the changes an upcoming version announces, and the row-level
//! redline of its changes and compare pages. Cells are written here, in
//! Rust, because a changed cell's marks come from the redline.

use serde::Serialize;

use super::Ctx;
use super::comparison::SectionView;
use crate::address::Page;
use crate::content::Policy;
use crate::countries::Names;
use crate::html::escape as esc;
use crate::redline::Change;
use crate::register::{CATEGORIES, Cell, Entry, Kind, Row, Snapshot, Value};
use crate::rows::{Changes, label, value_word};
use crate::timeline::Pair;

/// What a register's own page adds to a policy page.
#[derive(Serialize)]
pub(super) struct RegisterView {
    /// The register's `_index.md` text, above the table.
    pub(super) intro: String,
    pub(super) intro_lang: String,
    pub(super) feed_href: String,
    pub(super) json_href: String,
    /// The upcoming version's changes, on the register's current page.
    pub(super) upcoming: Option<UpcomingView>,
}

#[derive(Serialize)]
pub(super) struct UpcomingView {
    /// "Changes announced on …, taking effect on …:".
    pub(super) heading: String,
    pub(super) rows: Vec<RowChange>,
    pub(super) changes_href: String,
    pub(super) urgent: Option<String>,
}

#[derive(Serialize)]
pub(super) struct RowChange {
    /// `added`, `removed` or `changed`.
    pub(super) change: &'static str,
    pub(super) word: String,
    pub(super) name: String,
    pub(super) href: String,
    /// What about it: its purpose (added, removed) or the fields that changed.
    pub(super) detail: String,
    /// The detail's language and direction when it is not the reader's (a fallback).
    pub(super) detail_lang: Option<(String, &'static str)>,
}

/// One language's way of writing cells.
struct Cells<'c> {
    ctx: &'c Ctx<'c>,
    /// The reader's language.
    lang: usize,
    /// The language of the text around the cells (the page's `lang`).
    around: usize,
    names: Names,
    /// Whether a list of data is a `<ul>` (a table) or one line (a redline's card, diffed word by word).
    lists: bool,
}

impl Cells<'_> {
    /// A span in `of`'s language when it is not the text's around it.
    fn in_lang(&self, of: usize, html: String) -> String {
        if of == self.around {
            return html;
        }
        let l = &self.ctx.config.languages[of];
        let dir = l.direction.as_str();
        format!("<span lang=\"{}\" dir=\"{dir}\">{html}</span>", esc(&l.tag))
    }

    /// A cell's value as inline HTML: country codes as names and known
    /// values as words in the reader's language, texts as written.
    fn value(&self, cell: &Cell) -> String {
        let strings = &self.ctx.langs[self.lang].strings;
        let items = cell.value.items();
        let shown: Vec<String> = items
            .iter()
            .map(|item| {
                if cell.key == "location"
                    && let Some(name) = self.names.of(item)
                {
                    return self.in_lang(self.lang, esc(&name));
                }
                if let Some(word) = value_word(strings, cell.key, item) {
                    return self.in_lang(self.lang, esc(&word));
                }
                if cell.key == "website" {
                    let host = item.split("://").nth(1).unwrap_or(item).trim_end_matches('/');
                    return format!(
                        "<a href=\"{}\" rel=\"external\" dir=\"ltr\">{}</a>",
                        esc(item),
                        esc(host)
                    );
                }
                self.in_lang(cell.lang, esc(item))
            })
            .collect();
        let sep = esc(&strings.get("list_separator"));
        match cell.value {
            Value::List(_) if cell.key == "data" && self.lists => {
                format!(
                    "<ul class=\"register-list\">{}</ul>",
                    shown.iter().map(|s| format!("<li>{s}</li>")).collect::<String>()
                )
            }
            _ => shown.join(&sep),
        }
    }

    fn label(&self, key: &str) -> String {
        esc(&label(&self.ctx.langs[self.lang].strings, key))
    }
}

impl<'a> Ctx<'a> {
    fn cells(&'a self, lang: usize, around: usize, lists: bool) -> Cells<'a> {
        Cells { ctx: self, lang, around, names: Names::new(&self.config.languages[lang].tag), lists }
    }

    /// The rows of a register version as a reader of `lang` sees them, in
    /// a text whose language is `around`.
    pub(super) fn register_table(&self, kind: Kind, rows: &Snapshot, lang: usize, around: usize) -> String {
        let cells = self.cells(lang, around, true);
        let strings = &self.langs[lang].strings;
        let table = |entries: &[&Entry], keys: &[&str], caption: &str| {
            // A column no row fills (GitHub's cookies have no type) is left out.
            let keys: Vec<&str> = keys
                .iter()
                .copied()
                .filter(|k| *k == "name" || entries.iter().any(|e| e.get(k).is_some()))
                .collect();
            let mut html = format!(
                "<div class=\"table-scroll register\" role=\"region\" tabindex=\"0\" aria-label=\"{}\"><table class=\"register-table\"><caption>{caption}</caption><thead><tr>",
                esc(&strings.get("table_region"))
            );
            for key in &keys {
                html.push_str(&format!("<th scope=\"col\">{}</th>", cells.label(key)));
            }
            html.push_str("</tr></thead><tbody>");
            for e in entries {
                html.push_str(&format!("<tr id=\"{}\">", esc(&e.id)));
                for (n, key) in keys.iter().enumerate() {
                    let value = e.get(key).map(|c| cells.value(c)).unwrap_or_default();
                    let value = match (*key, e.get("website")) {
                        ("name", Some(site)) if kind == Kind::Subprocessors => format!(
                            "<a href=\"{}\" rel=\"external\">{value}</a>",
                            esc(&site.value.items().join(""))
                        ),
                        _ => value,
                    };
                    if n == 0 {
                        html.push_str(&format!("<th scope=\"row\"><a class=\"row-anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a> {value}</th>", esc(&e.id)));
                    } else {
                        html.push_str(&format!("<td data-label=\"{}\">{value}</td>", cells.label(key)));
                    }
                }
                html.push_str("</tr>");
            }
            html.push_str("</tbody></table></div>");
            html
        };
        let count = strings.get("register_count").replace("{count}", &rows.entries.len().to_string());
        match kind {
            Kind::Subprocessors => {
                let keys = ["name", "purpose", "data", "location", "transfer"];
                let all: Vec<&Entry> = rows.entries.iter().collect();
                table(&all, &keys, &esc(&count))
            }
            Kind::Cookies => {
                let keys = ["name", "provider", "purpose", "duration", "kind", "party"];
                let uncategorised: Vec<&Entry> =
                    rows.entries.iter().filter(|e| e.get("category").is_none()).collect();
                // A register that gives no categories is one table.
                if uncategorised.len() == rows.entries.len() {
                    return table(&uncategorised, &keys, &esc(&count));
                }
                let mut html = String::new();
                for category in CATEGORIES {
                    let group: Vec<&Entry> = rows
                        .entries
                        .iter()
                        .filter(|e| e.text("category").as_deref() == Some(*category))
                        .collect();
                    if group.is_empty() {
                        continue;
                    }
                    let name = strings.get(&format!("register_category_{category}"));
                    let about = strings.get(&format!("register_category_{category}_about"));
                    let id = format!("category-{category}");
                    html.push_str(&format!(
                        "<section class=\"register-group\" aria-labelledby=\"{id}\"><h2 id=\"{id}\">{}</h2><p>{}</p>{}</section>",
                        cells.in_lang(lang, esc(&name)),
                        cells.in_lang(lang, esc(&about)),
                        table(&group, &keys, &cells.in_lang(lang, esc(&name)))
                    ));
                }
                // Rows without a category come last, under their own heading.
                if !uncategorised.is_empty() {
                    let name = cells.in_lang(lang, esc(&strings.get("register_category_other")));
                    html.push_str(&format!(
                        "<section class=\"register-group\" aria-labelledby=\"category-other\"><h2 id=\"category-other\">{name}</h2>{}</section>",
                        table(&uncategorised, &keys, &name)
                    ));
                }
                html
            }
        }
    }

    /// What a register's current page shows besides its table.
    pub(super) fn register_view(
        &self,
        p: &'a Policy,
        shown: usize,
        announced: Option<usize>,
        lang: usize,
    ) -> RegisterView {
        let (index, _) = p.index.get(lang);
        let strings = &self.langs[lang].strings;
        let upcoming = announced.filter(|&next| next != shown).map(|next| {
            let changes = Changes::of_version(p, next, lang);
            let v = &p.versions[next];
            let date = strings.date(v.effective);
            let announced =
                self.lock.announced(&p.slug, &v.slug).map_or_else(|| date.clone(), |d| strings.date(d));
            let row_href = |version: usize, e: &Entry| {
                Page::Row(&p.slug, &p.versions[version].slug, &e.id).address(self.config, lang)
            };
            let purpose = |e: &Entry| e.text("purpose").unwrap_or_default();
            let purpose_lang = |e: &Entry| {
                let of = e.get("purpose").map_or(lang, |c| c.lang);
                (of != lang).then(|| {
                    let l = &self.config.languages[of];
                    (l.tag.clone(), l.direction.as_str())
                })
            };
            let item = |change: &'static str, e: &Entry, version: usize, detail, detail_lang| RowChange {
                change,
                word: strings.get(&format!("register_{change}")),
                name: e.name().to_string(),
                href: row_href(version, e),
                detail,
                detail_lang,
            };
            let mut rows = Vec::new();
            if let Some(c) = &changes {
                rows.extend(c.added.iter().map(|e| item("added", e, next, purpose(e), purpose_lang(e))));
                rows.extend(
                    c.removed.iter().map(|e| item("removed", e, next - 1, purpose(e), purpose_lang(e))),
                );
                rows.extend(c.changed.iter().map(|(e, keys)| {
                    let fields: Vec<String> = keys.iter().map(|k| label(strings, k)).collect();
                    item("changed", e, next, fields.join(&strings.get("list_separator")), None)
                }));
            }
            UpcomingView {
                heading: strings
                    .get("register_upcoming")
                    .replace("{announced}", &announced)
                    .replace("{date}", &date),
                rows,
                changes_href: Page::Changes(&p.slug, &v.slug).address(self.config, lang),
                urgent: v.docs.get(lang).0.front.urgent.as_ref().map(|(why, _)| why.clone()),
            }
        });
        RegisterView {
            intro: self.html(index, lang),
            intro_lang: self.config.languages[index.lang].tag.clone(),
            feed_href: Page::RegisterFeed(&p.slug).address(self.config, lang),
            json_href: Page::RegisterJson(&p.slug).address(self.config, lang),
            upcoming,
        }
    }

    /// The row-level redline of `pair`: a section per row, changed cells
    /// marked, unchanged rows folded by the template; and the number of
    /// rows that changed.
    pub(super) fn register_sections(
        &self,
        p: &Policy,
        kind: Kind,
        pair: Pair,
        src: usize,
        lang: usize,
    ) -> (Vec<SectionView>, usize) {
        let around = p.versions[pair.new].docs.get(src).0.lang;
        let cells = self.cells(lang, around, false);
        let strings = &self.langs[lang].strings;
        let reader = &self.config.languages[lang];
        // Always marked: a cell may be another language's text (a fallback).
        let reader = Some((reader.tag.as_str(), reader.direction.as_str()));
        let word = |key: &str| strings.get(key);
        let mut sections = Vec::new();
        let mut changed_rows = 0;
        for c in crate::rows::compare(p, Some(pair.old), pair.new, src).unwrap_or_default() {
            let change = match &c.row {
                Row::Same(_) => Change::Unchanged,
                Row::Added(_) => Change::Added,
                Row::Removed(_) => Change::Removed,
                Row::Changed { .. } => Change::Changed,
            };
            let (old_e, new_e) = (c.old, c.new);
            let mark = |key: &str| -> Option<String> {
                let before = old_e.and_then(|e| e.get(key)).map(|c| cells.value(c));
                let after = new_e.and_then(|e| e.get(key)).map(|c| cells.value(c));
                match (&before, &after) {
                    (None, None) => None,
                    (_, Some(a)) if !c.changed(key) => Some(a.clone()),
                    (Some(b), Some(a)) if b == a => Some(a.clone()),
                    _ => Some(crate::redline::localize_in(
                        &crate::redline::inline(before.as_deref(), after.as_deref()),
                        word,
                        reader,
                    )),
                }
            };
            let entry = new_e.or(old_e).unwrap_or(c.row.entry());
            let anchor = format!("row-{}", entry.id);
            let mut html = format!(
                "<h2 class=\"register-row-name\">{}</h2><dl class=\"register-card\">",
                mark("name").unwrap_or_default()
            );
            let mut cells_changed = 0;
            for key in kind.keys().iter().filter(|k| **k != "name") {
                let Some(value) = mark(key) else { continue };
                let differs = c.changed(key);
                cells_changed += usize::from(differs);
                html.push_str(&format!(
                    "<div class=\"register-cell{}\"><dt>{}</dt><dd>{value}</dd></div>",
                    if differs { " cell-changed" } else { "" },
                    cells.in_lang(lang, cells.label(key))
                ));
            }
            html.push_str("</dl>");
            if change != Change::Unchanged {
                changed_rows += 1;
            }
            sections.push(SectionView::row(
                anchor,
                entry.name().to_string(),
                change,
                cells_changed.max(1),
                html,
            ));
        }
        (sections, changed_rows)
    }
}
