//! `privet check`: everything `build` checks, without writing, plus
//! editors' warnings: missing translations, stale or overdue versions, the
//! organization's contacts, and a GDPR Art. 13/14 coverage checklist.

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::config::Config;
use crate::content::{self, Doc, Kind, Localized, Policy, Site};
use crate::error::{Diagnostic, Error};
use crate::files::slash_path;
use crate::timeline::{Status, Timeline};
use crate::{BuildOptions, today};

/// The items of the GDPR Art. 13/14 checklist. A heading covers an item
/// when its id is one of the item's names, or it has the class `gdpr-ITEM`:
/// `## How long we keep data {#retention}` or `## Storage {#storage .gdpr-retention}`.
pub const GDPR: [(&str, &str, &[&str]); 10] = [
    ("controller", "the controller's identity and contact details", &["controller", "who-we-are"]),
    ("dpo", "the contact details of the data protection officer", &["dpo", "data-protection-officer"]),
    (
        "purposes",
        "the purposes and legal basis of processing",
        &["purposes", "data-and-purposes", "legal-basis"],
    ),
    ("recipients", "the recipients of personal data", &["recipients", "processors"]),
    ("transfers", "transfers to third countries", &["transfers", "international-transfers"]),
    ("retention", "how long data is kept", &["retention"]),
    ("rights", "the data subject's rights", &["rights", "your-rights"]),
    ("complaint", "the right to lodge a complaint with a supervisory authority", &["complaint"]),
    ("withdrawal", "the right to withdraw consent", &["withdrawal", "withdraw-consent"]),
    ("automated", "automated decision-making and profiling", &["automated", "automated-decisions"]),
];

/// What `privet check` found.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    /// The JSON format's version; fields are only ever added.
    pub format: u32,
    pub ok: bool,
    pub errors: Vec<Item>,
    pub warnings: Vec<Item>,
    pub translations: Translations,
    pub checklist: Vec<Gap>,
    /// Every upcoming version, with the day it was announced.
    pub upcoming: Vec<UpcomingRow>,
}

/// An upcoming version and its notice period.
#[derive(Debug, Serialize)]
pub struct UpcomingRow {
    pub policy: String,
    pub version: String,
    pub file: String,
    /// The day it was announced (`YYYY-MM-DD`): as `versions.lock` records
    /// it, or the check's date when no build has published it yet.
    pub announced: String,
    /// Whether `versions.lock` records the announcement already.
    pub recorded: bool,
    pub effective: String,
    /// Days from its announcement to the day it takes effect.
    pub notice: i64,
    /// The notice the policy requires (`notice_days`), if any.
    pub notice_days: Option<u32>,
    pub urgent: Option<String>,
}

/// One error or warning.
#[derive(Debug, Serialize)]
pub struct Item {
    pub code: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    #[serde(skip)]
    pub diagnostic: Diagnostic,
}

impl From<Diagnostic> for Item {
    fn from(d: Diagnostic) -> Item {
        Item {
            code: if d.code.is_empty() { "error".into() } else { d.code.into() },
            file: slash_path(&d.path),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
            hint: d.hint.clone(),
            diagnostic: d,
        }
    }
}

/// Which pages lack which translations.
#[derive(Debug, Default, Serialize)]
pub struct Translations {
    /// The site's languages, default first.
    pub languages: Vec<String>,
    pub missing: Vec<MissingRow>,
    /// Translations whose source changed since they were written.
    pub stale: Vec<StaleRow>,
}

#[derive(Debug, Serialize)]
pub struct StaleRow {
    pub language: String,
    /// The page's address in the default language.
    pub page: String,
    /// The translation's file.
    pub file: String,
    /// The default-language file that changed.
    pub source: String,
    /// The day a build first saw the change (`YYYY-MM-DD`).
    pub since: String,
    /// Days since then, on the check's date.
    pub days: i64,
}

#[derive(Debug, Serialize)]
pub struct MissingRow {
    /// The page's address in the default language.
    pub page: String,
    /// The file it is shown from.
    pub file: String,
    /// Languages that show another language's text instead.
    pub languages: Vec<String>,
}

/// Checklist items that a text of a version does not cover.
#[derive(Debug, Serialize)]
pub struct Gap {
    pub policy: String,
    pub version: String,
    pub language: String,
    pub file: String,
    pub missing: Vec<String>,
}

/// Runs the checks on the site at `opts.root`.
pub fn check(opts: &BuildOptions) -> Report {
    let mut report = Report { format: 1, ..Default::default() };
    let built = crate::dry_run(opts);
    let date = opts.date.unwrap_or_else(today);
    match built {
        Err(Error::Site(diagnostics)) => report.errors = diagnostics.into_iter().map(Item::from).collect(),
        Err(other) => report.errors.push(Item::from(Diagnostic::new("", other.to_string()))),
        Ok(built) => {
            let crate::Built { config, warnings, translations, lock, .. } = built;
            report.warnings = warnings.into_iter().map(|w| Item::from(w.code("build"))).collect();
            stale(&config, &translations.stale, date, &mut report);
            // The model again, with drafts, for the checks that look at them
            // (the build's own model and pages are gone by now).
            if let Ok(site) = content::load(&config, true, date) {
                warn(&config, &site, date, &mut report);
                report.upcoming = upcoming(&config, &site, &lock);
            }
        }
    }
    report.ok = report.errors.is_empty();
    report
}

fn warn(config: &Config, site: &Site, date: Date, report: &mut Report) {
    let mut warnings = Vec::new();
    report.translations.languages = config.languages.iter().map(|l| l.code.clone()).collect();
    organization(config, &mut warnings);
    placeholders(config, site, &mut warnings);
    gpc(config, site, &mut warnings);
    for (address, docs, status) in pages(config, site, date) {
        // Archived versions are history: their outline is left as it was.
        if status != Some(Status::Archived) {
            docs.docs().for_each(|doc| heading_skips(doc, &mut warnings));
        }
        let missing: Vec<usize> = (1..config.languages.len()).filter(|&l| docs.0[l].is_none()).collect();
        if missing.is_empty() {
            continue;
        }
        let primary = docs.primary();
        report.translations.missing.push(MissingRow {
            page: address.clone(),
            file: slash_path(&primary.path),
            languages: missing.iter().map(|&l| config.languages[l].code.clone()).collect(),
        });
        // Archived versions are history: their gaps are listed, not warned about.
        if status == Some(Status::Archived) {
            continue;
        }
        let what = match status {
            Some(Status::InForce) => "the version in force",
            Some(Status::Upcoming) => "the upcoming version",
            _ => "this page",
        };
        for l in missing {
            let lang = &config.languages[l];
            warnings.push(
                Diagnostic::new(&primary.path, format!("{what} ({address}) has no {} translation: {} readers see the text in another language", lang.code, lang.name))
                    .code("missing-translation")
                    .hint(format!("add {}", crate::translations::translation_path(&primary.path, &lang.code).display())),
            );
        }
    }
    for p in &site.policies {
        policy_warnings(config, p, date, &mut warnings, &mut report.checklist);
    }
    report.warnings.extend(warnings.into_iter().map(Item::from));
}

/// Translations behind their source: listed, and a warning once behind for
/// longer than `translation_grace_days`.
fn stale(config: &Config, set: &crate::translations::StaleSet, date: Date, report: &mut Report) {
    for (file, s) in &set.0 {
        let Some((kind, lang)) = content::kind_of(config, file) else { continue };
        let days = crate::translations::days_between(s.since, date);
        let row = StaleRow {
            language: config.languages[lang].code.clone(),
            page: crate::address::page_address(config, 0, &kind.address()),
            file: slash_path(file),
            source: slash_path(&s.source),
            since: s.since.to_string(),
            days,
        };
        if days > i64::from(config.translation_grace_days) {
            let warning = Diagnostic::new(
                file,
                format!(
                    "this translation is behind its source: {} changed on {} ({days} days ago, more than translation_grace_days = {})",
                    row.source, row.since, config.translation_grace_days
                ),
            )
            .code("stale-translation")
            .hint(format!(
                "bring it up to date with {}; if the change needs no translation (a typo), record it as current: privet translations accept {}",
                row.source, row.file
            ));
            report.warnings.push(Item::from(warning));
        }
        report.translations.stale.push(row);
    }
    // In site.toml's order of languages, as everywhere else.
    let order = |code: &str| config.languages.iter().position(|l| l.code == code);
    report
        .translations
        .stale
        .sort_by(|a, b| (order(&a.language), &a.file).cmp(&(order(&b.language), &b.file)));
}

/// `gpc = true` promises that the signal is honoured: the privacy policy
/// (or the cookie policy) in force should say how.
fn gpc(config: &Config, site: &Site, warnings: &mut Vec<Diagnostic>) {
    if !config.gpc || crate::wellknown::gpc_policy(site).is_some() {
        return;
    }
    let file = Path::new(crate::config::CONFIG_FILE);
    let settings = crate::files::read_to_string(&config.root.join(file)).unwrap_or_default();
    let line = settings.lines().position(|l| l.trim_start().starts_with("gpc")).map_or(0, |i| i + 1);
    warnings.push(
        Diagnostic::new(file, "gpc = true, but neither the privacy policy nor the cookie policy in force mentions Global Privacy Control")
            .at(line, 0)
            .code("gpc-not-described")
            .hint("say in the privacy policy how a Global Privacy Control (GPC) signal is honoured, e.g. as an opt-out of sale and sharing"),
    );
}

/// Headings that skip a level: shown one level below their parent, but the
/// editor meant something else, or the outline in the source is wrong.
fn heading_skips(doc: &Doc, warnings: &mut Vec<Diagnostic>) {
    for skip in &doc.body.skips {
        let (parent, written) = ("#".repeat(skip.parent.into()), "#".repeat(skip.written.into()));
        warnings.push(
            Diagnostic::new(
                &doc.path,
                format!("this heading skips a level: a `{written}` heading under a `{parent}` heading"),
            )
            .at(skip.line, skip.column)
            .code("heading-skip")
            .hint(format!(
                "privet shows it one level below its parent; write it as `{parent}#` so the source says the same"
            )),
        );
    }
}

/// Every page with its translations, its address and, for versions, status.
fn pages<'a>(config: &Config, site: &'a Site, date: Date) -> Vec<(String, &'a Localized, Option<Status>)> {
    // Statuses as published: among the versions that are not drafts.
    let published: Vec<_> = site.policies.iter().map(|p| (p.slug.as_str(), published(p, date))).collect();
    site.pages()
        .into_iter()
        .filter_map(|(kind, docs)| {
            let status = match &kind {
                Kind::Version(policy, slug) => {
                    let (_, (live, timeline)) = published.iter().find(|(p, _)| p == policy)?;
                    // A draft is not published: it has no page to check.
                    Some(timeline.status(live.iter().position(|v| v.slug == *slug)?))
                }
                _ => None,
            };
            Some((crate::address::page_address(config, 0, &kind.address()), docs, status))
        })
        .collect()
}

/// A policy's versions without its drafts, as a build without --drafts
/// publishes them, and their timeline on `date`. (`check` loads drafts to
/// warn about them; what is in force is decided among the published.)
fn published(p: &Policy, date: Date) -> (Vec<&content::Version>, Timeline) {
    let live: Vec<&content::Version> = p.versions.iter().filter(|v| !v.docs.primary().front.draft).collect();
    let dates: Vec<Date> = live.iter().map(|v| v.effective).collect();
    (live, Timeline::new(&dates, date))
}

fn policy_warnings(
    config: &Config,
    p: &Policy,
    date: Date,
    warnings: &mut Vec<Diagnostic>,
    gaps: &mut Vec<Gap>,
) {
    for (i, v) in p.versions.iter().enumerate() {
        let doc = v.docs.primary();
        if doc.front.draft && p.timeline.status(i) != Status::Upcoming {
            warnings.push(
                Diagnostic::new(
                    &doc.path,
                    format!(
                        "this draft's effective date, {}, has passed, and it is still a draft",
                        v.effective
                    ),
                )
                .at(line_of_key(&config.root, doc, "draft").unwrap_or(0), 0)
                .code("draft-past-due")
                .hint("publish it (remove `draft = true`) or give it a later date"),
            );
        }
    }
    for (i, v) in p.versions.iter().enumerate() {
        for doc in v.docs.docs() {
            if doc.front.summary.as_deref().is_none_or(|s| s.trim().is_empty()) && i > 0 {
                warnings.push(
                    Diagnostic::new(&doc.path, "this version has no summary: the changelog and the feed cannot say what changed")
                        .at(line_of_key(&config.root, doc, "summary").unwrap_or(1), 0)
                        .code("empty-summary")
                        .hint("write one line in the front matter, e.g. summary = \"Server logs are now kept for 45 days.\""),
                );
            }
            let previous =
                i.checked_sub(1).and_then(|k| p.versions[k].docs.0.get(doc.lang)).and_then(|d| d.as_ref());
            if let Some(prev) = previous.filter(|prev| doc.front.draft && prev.text_sha256 == doc.text_sha256)
            {
                warnings.push(
                    Diagnostic::new(
                        &doc.path,
                        format!(
                            "this draft's text is the same as {}: nothing has changed yet",
                            slash_path(&prev.path)
                        ),
                    )
                    .code("unchanged-draft")
                    .hint("make the changes of the new version, or delete the draft"),
                );
            }
        }
    }
    let (live, timeline) = published(p, date);
    let current = timeline.in_force();
    let upcoming: Vec<&content::Version> = timeline.upcoming().map(|i| live[i]).collect();
    if upcoming.len() > 1 {
        let dates: Vec<String> = upcoming.iter().map(|v| v.effective.to_string()).collect();
        warnings.push(
            Diagnostic::new(
                &upcoming[1].docs.primary().path,
                format!("{} versions of this policy are announced: {}", upcoming.len(), dates.join(", ")),
            )
            .code("two-upcoming")
            .hint(
                "readers see one announcement at a time: publish one change, or merge them into one version",
            ),
        );
    }
    // A policy with a newer version on its way has been reviewed.
    if let Some(i) = current.filter(|_| timeline.next_upcoming().is_none()) {
        let v = live[i];
        if let Ok(a_year_later) = v.effective.checked_add(jiff::Span::new().years(1))
            && a_year_later < date
        {
            warnings.push(
                Diagnostic::new(&v.docs.primary().path, format!("the version in force took effect on {}, more than 12 months ago", v.effective))
                    .code("stale-policy")
                    .hint(format!("review the policy at least once a year (CCPA asks for it); `privet new version {}` starts the next version", p.slug)),
            );
        }
    }
    let Some((checklist, line)) = p.index.primary().front.checklist.clone() else { return };
    if checklist != "gdpr" {
        warnings.push(
            Diagnostic::new(&p.index.primary().path, format!("unknown checklist `{checklist}`"))
                .at(line, 0)
                .code("checklist")
                .hint("the checklist privet knows is \"gdpr\" (Art. 13/14)"),
        );
        return;
    }
    // The version in force and those to come: archived versions are history.
    for v in live.iter().skip(timeline.shown()) {
        for doc in v.docs.docs() {
            let missing: Vec<&str> = GDPR
                .iter()
                .filter(|(item, _, ids)| !covers(doc, item, ids))
                .map(|(item, _, _)| *item)
                .collect();
            if missing.is_empty() {
                continue;
            }
            let described: Vec<String> = GDPR
                .iter()
                .filter(|(item, _, _)| missing.contains(item))
                .map(|(item, what, _)| format!("{item} ({what})"))
                .collect();
            warnings.push(
                Diagnostic::new(&doc.path, format!("GDPR checklist: not covered: {}", described.join("; ")))
                    .code("checklist")
                    .hint(format!(
                        "tag the heading that covers an item with its name, e.g. `## How long we keep your data {{#retention}}` or `{{#storage .gdpr-{}}}`",
                        missing[0]
                    )),
            );
            gaps.push(Gap {
                policy: p.slug.clone(),
                version: v.slug.clone(),
                language: config.languages[doc.lang].code.clone(),
                file: slash_path(&doc.path),
                missing: missing.iter().map(|m| m.to_string()).collect(),
            });
        }
    }
}

fn covers(doc: &Doc, item: &str, ids: &[&str]) -> bool {
    let class = format!("gdpr-{item}");
    doc.body.anchors.iter().any(|a| ids.contains(&a.as_str())) || doc.body.classes.contains(&class)
}

fn organization(config: &Config, warnings: &mut Vec<Diagnostic>) {
    let file = Path::new(crate::config::CONFIG_FILE);
    let hint = "add to [organization] in site.toml, e.g. email = \"privacy@example.com\", dpo = \"Jane Doe, dpo@example.com\"";
    match &config.organization {
        None => warnings.push(
            Diagnostic::new(
                file,
                "there is no [organization]: readers cannot tell who the controller is or how to reach them",
            )
            .code("organization")
            .hint("add [organization] with name, email and dpo"),
        ),
        Some(org) => {
            if org.email.as_deref().is_none_or(|e| e.trim().is_empty()) {
                warnings.push(
                    Diagnostic::new(file, "[organization] has no privacy contact (`email`)")
                        .code("organization")
                        .hint(hint),
                );
            }
            if org.dpo.as_deref().is_none_or(|d| d.trim().is_empty()) {
                warnings.push(
                    Diagnostic::new(file, "[organization] names no data protection officer (`dpo`)")
                        .code("organization")
                        .hint(hint),
                );
            }
        }
    }
}

/// The reserved example domains (RFC 2606): an address there reaches nobody.
const EXAMPLE_DOMAINS: [&str; 3] = ["example.com", "example.org", "example.net"];

/// Whether `text` names a host at an example domain (`privacy@example.com`,
/// `https://www.example.org/x`), not merely a longer name that ends alike.
fn at_example_domain(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    EXAMPLE_DOMAINS.iter().any(|d| {
        lower.match_indices(d).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + d.len()..].chars().next();
            before.is_none_or(|c| matches!(c, '@' | '.' | '/' | ' ' | ','))
                && after.is_none_or(|c| !c.is_ascii_alphanumeric() && c != '-')
        })
    })
}

/// What `init` wrote as an example and nobody has replaced yet: values at
/// example domains in site.toml, and files still marked as starter texts.
fn placeholders(config: &Config, site: &Site, warnings: &mut Vec<Diagnostic>) {
    let file = Path::new(crate::config::CONFIG_FILE);
    let settings = crate::files::read_to_string(&config.root.join(file)).unwrap_or_default();
    let line_of = |needle: &str| settings.lines().position(|l| l.contains(needle)).map_or(0, |i| i + 1);
    if at_example_domain(&config.base_url) {
        warnings.push(
            Diagnostic::new(file, format!("base_url is at a reserved example domain: {}", config.base_url))
                .at(line_of("base_url"), 0)
                .code("placeholder")
                .hint("set base_url to the address the privacy center will be published at"),
        );
    }
    if let Some(org) = &config.organization {
        let fields = [
            ("email", org.email.as_deref()),
            ("dpo", org.dpo.as_deref()),
            ("address", org.address.as_deref()),
            ("supervisory_authority_url", org.supervisory_authority_url.as_deref()),
        ];
        let reps = org.representatives.iter().map(|r| ("representatives", Some(r.as_str())));
        for (key, value) in fields.into_iter().chain(reps) {
            if let Some(v) = value.filter(|v| at_example_domain(v)) {
                warnings.push(
                    Diagnostic::new(
                        file,
                        format!("[organization] `{key}` is at a reserved example domain: {v}"),
                    )
                    .at(line_of(&format!("{key} =")), 0)
                    .code("placeholder")
                    .hint(
                        "readers would write to an address that reaches nobody: put your organization's own",
                    ),
                );
            }
        }
    }
    let mut marked = |path: &Path, text: &str| {
        if let Some(i) = text.lines().position(|l| l.trim_start().starts_with(crate::content::STARTER_MARK)) {
            warnings.push(
                Diagnostic::new(path, "this is still a starter text that `privet init` wrote")
                    .at(i + 1, 0)
                    .code("placeholder")
                    .hint("replace the example text with your own, then delete this line"),
            );
        }
    };
    marked(file, &settings);
    for doc in all_docs(site) {
        if let Ok(text) = crate::files::read_to_string(&config.root.join(&doc.path)) {
            marked(&doc.path, &text);
        }
    }
}

/// Every Markdown file of the site, in a stable order.
fn all_docs(site: &Site) -> Vec<&Doc> {
    site.pages().into_iter().flat_map(|(_, docs)| docs.docs()).collect()
}

/// The line of the first line starting with `key` in a file, if any.
fn line_of_key(root: &Path, doc: &Doc, key: &str) -> Option<usize> {
    crate::files::read_to_string(&root.join(&doc.path))
        .ok()
        .and_then(|t| t.lines().position(|l| l.trim_start().starts_with(key)))
        .map(|i| i + 1)
}

/// Each upcoming version that is not a draft, with its announcement.
fn upcoming(config: &Config, site: &Site, lock: &crate::lock::Update) -> Vec<UpcomingRow> {
    let mut out = Vec::new();
    for p in &site.policies {
        for i in p.timeline.upcoming() {
            let v = &p.versions[i];
            let doc = v.docs.primary();
            let Some(announced) = lock.after.announced(&p.slug, &v.slug).filter(|_| !doc.front.draft) else {
                continue;
            };
            out.push(UpcomingRow {
                policy: p.slug.clone(),
                version: v.slug.clone(),
                file: slash_path(&doc.path),
                announced: announced.to_string(),
                recorded: lock.before.as_ref().is_some_and(|b| b.announced(&p.slug, &v.slug).is_some()),
                effective: v.effective.to_string(),
                notice: announced.until(v.effective).map_or(0, |s| i64::from(s.get_days())),
                notice_days: p.notice_days(config.notice_days),
                urgent: doc.front.urgent.as_ref().map(|(why, _)| why.clone()),
            });
        }
    }
    out
}

/// The translation table as text: one row per page, one column per language;
/// then the stale translations per language; then the upcoming versions.
pub fn table(report: &Report) -> String {
    let t = &report.translations;
    let mut out = missing_table(t);
    if !report.upcoming.is_empty() {
        out.push_str("upcoming versions:\n");
    }
    for u in &report.upcoming {
        let required = u.notice_days.map(|d| format!(", {d} required")).unwrap_or_default();
        let recorded = if u.recorded { "" } else { " (the next build records it)" };
        let urgent = u.urgent.as_ref().map(|w| format!("; urgent: {w}")).unwrap_or_default();
        out.push_str(&format!(
            "  {} {}  announced {}{recorded}, takes effect {} ({} days of notice{required}{urgent})\n",
            u.policy, u.version, u.announced, u.effective, u.notice
        ));
    }
    let mut language = "";
    for row in &t.stale {
        if row.language != language {
            language = &row.language;
            out.push_str(&format!("stale translations in {language} (their source changed since):\n"));
        }
        out.push_str(&format!(
            "  {}  behind {} since {} ({} days)\n",
            row.file, row.source, row.since, row.days
        ));
    }
    out
}

fn missing_table(t: &Translations) -> String {
    if t.missing.is_empty() {
        return String::new();
    }
    let width = t.missing.iter().map(|r| r.page.chars().count()).max().unwrap_or(4).max(4);
    let mut out = format!("missing translations (— = shows another language's text):\n  {:<width$}", "page");
    for l in &t.languages[1..] {
        out.push_str(&format!("  {l:^7}"));
    }
    out.push('\n');
    for row in &t.missing {
        out.push_str(&format!("  {:<width$}", row.page));
        for l in &t.languages[1..] {
            let mark = if row.languages.contains(l) { "—" } else { "✓" };
            out.push_str(&format!("  {mark:^7}"));
        }
        out.push('\n');
    }
    out
}
