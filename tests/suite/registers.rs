//! Registers: subprocessors and cookies as versioned data. What a reader
//! sees (rows with anchors, country names in their language, translations
//! with their fallback marked), the row-level redline, the notice period,
//! the feed and `register.json` a customer subscribes to, and GitHub's real
//! subprocessor history.

use crate::common;

use common::{Output, Site};

const INDEX: &str = "+++\ntitle = \"Subprocessors\"\nregister = \"subprocessors\"\nnotice_days = 30\n+++\nWe tell customers 30 days ahead.\n";
const INDEX_DE: &str = "+++\ntitle = \"Unterauftragsverarbeiter\"\n+++\nWir informieren 30 Tage im Voraus.\n";

const V1: &str = r#"[[entry]]
id = "aws"
name = "Amazon Web Services EMEA SARL"
purpose = "Hosting of the app"
data = ["Account data", "Bookkeeping content"]
location = ["IE", "DE"]
transfer = "Not applicable (EU)"
website = "https://aws.amazon.com"

[[entry]]
id = "mailgun"
name = "Mailgun Technologies, Inc."
purpose = "E-mail delivery"
location = "US"

[[entry]]
id = "sentry"
name = "Functional Software, Inc."
purpose = "Error monitoring"
location = "Worldwide"
"#;

/// The next version: Sentry first (moved, renamed with its id), AWS in
/// Ireland only, Mailgun replaced by Postmark.
const V2: &str = r#"summary = "Replaced Mailgun by Postmark."

[[entry]]
id = "sentry"
name = "Sentry (Functional Software, Inc.)"
purpose = "Error monitoring"
location = "Worldwide"

[[entry]]
id = "aws"
name = "Amazon Web Services EMEA SARL"
purpose = "Hosting of the app"
data = ["Account data", "Bookkeeping content"]
location = ["IE"]
transfer = "Not applicable (EU)"
website = "https://aws.amazon.com"

[[entry]]
id = "postmark"
name = "Postmark (ActiveCampaign, LLC)"
purpose = "E-mail delivery"
location = "US"
"#;

const V1_DE: &str = "[[entry]]\nid = \"aws\"\npurpose = \"Hosting der App\"\n\n[[entry]]\nid = \"mailgun\"\npurpose = \"E-Mail-Versand\"\n";

/// The fixture site with a subprocessor register of two versions, the
/// second upcoming on 2026-03-01, and German texts for the first.
fn register_site() -> Site {
    let site = Site::fixture("site");
    site.write("content/subprocessors/_index.md", INDEX)
        .write("content/subprocessors/_index.de.md", INDEX_DE)
        .write("content/subprocessors/2025-06-01.toml", V1)
        .write("content/subprocessors/2025-06-01.de.toml", V1_DE)
        .write("content/subprocessors/2026-03-01.toml", V2);
    site
}

/// The text of an element's HTML without tags and the screen-reader words of marks.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    // Inside a visually hidden span: how many spans deep.
    let mut hidden = 0;
    while let Some(at) = rest.find('<') {
        if hidden == 0 {
            out.push_str(&rest[..at]);
        }
        rest = &rest[at..];
        let tag = &rest[..rest.find('>').unwrap() + 1];
        if tag.starts_with("<span") && (hidden > 0 || tag.contains("visually-hidden")) {
            hidden += 1;
        } else if hidden > 0 && tag == "</span>" {
            hidden -= 1;
        }
        rest = &rest[tag.len()..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sections of a register's changes page: (class, row anchor, name, HTML).
fn sections(html: &str) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for part in html.split("<section class=").skip(1) {
        let class = part.trim_start_matches('"').split(['"', ' ', '>']).next().unwrap().to_string();
        let Some(id) = part.split("id=").nth(1) else { continue };
        let id = id.trim_start_matches('"').split(['"', '>', ' ']).next().unwrap().to_string();
        if !id.starts_with("row-") {
            continue;
        }
        let body = part.split("</section>").next().unwrap().to_string();
        let name =
            body.split("register-row-name").nth(1).and_then(|h| h.split_once('>')).map(|(_, h)| h).unwrap();
        let name = text(name.split("</h2>").next().unwrap());
        out.push((class, id, name, body));
    }
    // Unchanged rows are folded: <details class="section-unchanged" id="row-…">.
    for part in html.split("<details class=").skip(1) {
        if let Some(id) = part.split("id=").nth(1) {
            let id = id.trim_start_matches('"').split(['"', '>', ' ']).next().unwrap().to_string();
            if id.starts_with("row-") {
                out.push(("section-unchanged".into(), id, String::new(), String::new()));
            }
        }
    }
    out
}

#[test]
fn a_register_page_shows_its_rows_with_anchors_country_names_and_marked_fallbacks() {
    let site = register_site();
    let out = site.build("2025-07-01");
    let en = out.page("/subprocessors/");
    assert!(common::attr_values(&en, "id").contains(&"aws".to_string()), "each row has its anchor");
    assert!(
        en.contains("Ireland") && en.contains("Germany") && en.contains("Worldwide"),
        "codes become names, free text stays"
    );
    assert!(en.contains("Amazon Web Services EMEA SARL") && en.contains("Mailgun"));

    let de = out.page("/de/subprocessors/");
    assert!(de.contains("Irland") && de.contains("Deutschland"), "country names in German");
    assert!(de.contains("Hosting der App"), "the German purpose");
    // Sentry has no German text: its purpose is shown in English, marked so.
    let sentry = de.split("id=\"sentry\"").nth(1).or_else(|| de.split("id=sentry").nth(1)).unwrap();
    let sentry = sentry.split("</tr>").next().unwrap();
    assert!(
        sentry.contains("lang=\"en\"") || sentry.contains("lang=en"),
        "an English fallback carries lang=en: {sentry}"
    );
    assert!(sentry.contains("Error monitoring"));
    let ar = out.page("/ar/subprocessors/");
    assert!(ar.contains("أيرلندا"), "country names in Arabic");

    // The upcoming version, as what it changes, with when it was announced.
    assert!(en.contains("Changes announced on 1 July 2025, taking effect on 1 March 2026"), "{}", text(&en));
    let upcoming = en.split("register-changes").nth(1).unwrap().split("</ul>").next().unwrap();
    let upcoming = text(upcoming);
    for expected in [
        "Added: Postmark (ActiveCampaign, LLC)",
        "Removed: Mailgun Technologies, Inc.",
        "Changed: Sentry (Functional Software, Inc.) (Name)",
        "Changed: Amazon Web Services EMEA SARL (Location)",
    ] {
        assert!(upcoming.contains(expected), "{expected} in {upcoming}");
    }
    assert!(en.contains("/subprocessors/2026-03-01/#postmark"), "an added row links to its anchor");
}

#[test]
fn the_changes_page_marks_added_and_removed_rows_and_only_the_changed_cells() {
    let site = register_site();
    let out = site.build("2026-03-01");
    let html = out.page("/subprocessors/2026-03-01/changes/");
    let found = sections(&html);
    let kind = |id: &str| found.iter().find(|s| s.1 == id).map(|s| s.0.as_str()).unwrap_or("missing");
    assert_eq!(kind("row-postmark"), "section-added");
    assert_eq!(kind("row-mailgun"), "section-removed");
    assert_eq!(kind("row-aws"), "section-changed");
    assert_eq!(
        kind("row-sentry"),
        "section-changed",
        "renamed with the same id: a changed row, not a new one"
    );

    let aws = &found.iter().find(|s| s.1 == "row-aws").unwrap().3;
    let cells: Vec<&str> = aws.split("<div class=").skip(1).collect();
    let location = cells.iter().find(|c| c.contains("Location")).unwrap();
    let location = location.split("<dd>").nth(1).unwrap().split("</dd>").next().unwrap();
    assert!(
        location.contains("<del>") && text(location).contains("Germany"),
        "the dropped country is struck: {location}"
    );
    for other in cells.iter().filter(|c| !c.contains("Location")) {
        assert!(
            !other.contains("<del>") && !other.contains("<ins>"),
            "an unchanged cell is not marked: {other}"
        );
    }
    // Lossless: without its marks the newer cell, without the others the older.
    let strip = |html: &str, mark: &str| {
        let mut s = html.to_string();
        while let Some(a) = s.find(&format!("<{mark}>")) {
            let b = s[a..].find(&format!("</{mark}>")).unwrap() + a + mark.len() + 3;
            s.replace_range(a..b, "");
        }
        text(&s)
    };
    assert_eq!(strip(location, "del"), "Ireland");
    assert_eq!(strip(location, "ins"), "Ireland, Germany");
    // The newer version has no German text: the German page compares the
    // English ones, only the location is marked.
    let de = sections(&out.page("/de/subprocessors/2026-03-01/changes/"));
    let aws_de = &de.iter().find(|s| s.1 == "row-aws").unwrap().3;
    let marked: Vec<&str> =
        aws_de.split("<div class=").skip(1).filter(|c| c.contains("<del>") || c.contains("<ins>")).collect();
    assert!(marked.len() == 1 && marked[0].contains("Standort"), "only the location: {marked:?}");
    assert_eq!(de.iter().filter(|s| s.0 == "section-changed").count(), 2, "aws and sentry, as in English");
    // Both in German, Sentry's purpose translated only in the newer: a
    // translation catching up is no change, neither marked nor flagged.
    site.write(
        "content/subprocessors/2026-03-01.de.toml",
        "[[entry]]\nid = \"aws\"\npurpose = \"Hosting der App\"\n\n[[entry]]\nid = \"sentry\"\npurpose = \"Fehlerüberwachung\"\n",
    );
    let de = sections(&site.build("2026-03-01").page("/de/subprocessors/2026-03-01/changes/"));
    let sentry_de = &de.iter().find(|s| s.1 == "row-sentry").unwrap().3;
    assert!(sentry_de.contains("Fehlerüberwachung"), "{sentry_de}");
    let cells_marked =
        sentry_de.split("<div class=").skip(1).filter(|c| c.contains("<del>") || c.contains("<ins>")).count();
    assert_eq!((cells_marked, sentry_de.matches("cell-changed").count()), (0, 0), "{sentry_de}");
    let aws_de = &de.iter().find(|s| s.1 == "row-aws").unwrap().3;
    assert_eq!(aws_de.matches("cell-changed").count(), 1, "only the location is flagged changed");
    let sentry = &found.iter().find(|s| s.1 == "row-sentry").unwrap();
    assert_eq!(sentry.2, "Sentry (Functional Software, Inc.)", "the name as it is now, its change marked");
    assert!(
        sentry.3.contains("<ins>") && sentry.3.contains("visually-hidden") && sentry.3.contains("added:"),
        "screen readers hear what was added"
    );

    // Reordering alone is no change: every row folded, the page says so.
    let body = V2.replace("summary = \"Replaced Mailgun by Postmark.\"\n\n", "");
    let mut rows: Vec<&str> = body.split("[[entry]]").filter(|r| !r.trim().is_empty()).collect();
    rows.rotate_left(1);
    site.write(
        "content/subprocessors/2026-09-01.toml",
        &rows.iter().map(|r| format!("[[entry]]{r}")).collect::<String>(),
    );
    let out = site.build("2026-09-01");
    let html = out.page("/subprocessors/2026-09-01/changes/");
    let found = sections(&html);
    assert!(found.len() == 3 && found.iter().all(|s| s.0 == "section-unchanged"), "{found:?}");
    assert!(html.contains("No entries changed."), "the summary says nothing changed");
    let changelog = out.page("/subprocessors/changelog/");
    assert!(changelog.contains("Replaced Mailgun by Postmark."), "an editor's summary wins");
    assert!(changelog.contains("No entries changed."));
}

#[test]
fn a_version_without_a_summary_gets_one_made_from_its_changes_in_each_language() {
    let site = register_site();
    site.write(
        "content/subprocessors/2026-03-01.toml",
        &V2.replace("summary = \"Replaced Mailgun by Postmark.\"\n", ""),
    );
    let out = site.build("2026-03-02");
    let changelog = text(&out.page("/subprocessors/changelog/"));
    assert!(
        changelog.contains("Added Postmark (ActiveCampaign, LLC) (E-mail delivery); Removed Mailgun Technologies, Inc.; Sentry (Functional Software, Inc.): Name; Amazon Web Services EMEA SARL: Location"),
        "{changelog}"
    );
    let de = text(&out.page("/de/subprocessors/changelog/"));
    assert!(de.contains("Standort"), "in German: {de}");
}

#[test]
fn the_notice_period_is_recorded_once_and_a_short_one_is_an_error_unless_urgent() {
    let site = register_site();
    site.build("2026-01-01");
    let lock = std::fs::read_to_string(site.path("versions.lock")).unwrap();
    assert!(lock.contains("[subprocessors.2026-03-01]\nannounced = \"2026-01-01\""), "{lock}");
    // A later build does not move the announcement.
    site.build("2026-01-20");
    assert_eq!(std::fs::read_to_string(site.path("versions.lock")).unwrap(), lock);
    let check = site.privet(&["check", "--date", "2026-01-20"]);
    assert!(
        check.stdout.contains("subprocessors 2026-03-01  announced 2026-01-01, takes effect 2026-03-01 (59 days of notice, 30 required)"),
        "{}",
        check.stdout
    );

    // A new version 20 days ahead: 10 days short.
    site.write("content/subprocessors/2026-03-21.toml", V2);
    let run = site.privet(&["build", "--date", "2026-03-01"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("--> content/subprocessors/2026-03-21.toml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("takes effect on 2026-03-21, 20 days after it was announced on 2026-03-01: 30 days of notice are required, 10 short"),
        "{}",
        run.stderr
    );
    assert!(
        !std::fs::read_to_string(site.path("versions.lock")).unwrap().contains("2026-03-21"),
        "a failed build records nothing"
    );

    site.write(
        "content/subprocessors/2026-03-21.toml",
        &format!(
            "urgent = \"Our e-mail provider closed at short notice.\"\n{}",
            V2.replace("summary", "# summary")
        ),
    );
    let out = site.build("2026-03-01");
    assert!(
        out.page("/subprocessors/")
            .contains("Takes effect at short notice: Our e-mail provider closed at short notice.")
    );
    assert!(out.page("/subprocessors/2026-03-21/").contains("Our e-mail provider closed at short notice."));
    assert!(out.page("/subprocessors/feed.xml").contains("Our e-mail provider closed at short notice."));

    // The notice period applies to policies too (site-wide in site.toml).
    let config = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", &format!("notice_days = 14\n{config}"));
    let policy = std::fs::read_to_string(site.path("content/privacy/2025-06-15.md")).unwrap();
    site.write("content/privacy/2026-03-05.md", &policy);
    let run = site.privet(&["build", "--date", "2026-03-01"]);
    assert!(
        run.stderr.contains("--> content/privacy/2026-03-05.md")
            && run.stderr.contains("14 days of notice are required, 10 short"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_feed_and_register_json_name_each_versions_rows_for_subscribers() {
    let site = register_site();
    let out = site.build("2026-01-01");
    let feed = out.page("/subprocessors/feed.xml");
    let parsed = atom_syndication::Feed::read_from(feed.as_bytes()).unwrap();
    assert_eq!(parsed.entries().len(), 2, "one entry per version");
    let upcoming = &parsed.entries()[0];
    assert_eq!(
        upcoming.published().unwrap().date_naive().to_string(),
        "2026-01-01",
        "dated the day it was announced"
    );
    let content = upcoming.content().and_then(|c| c.value()).unwrap();
    assert!(
        content.contains("https://privacy.example.com/subprocessors/2026-03-01/#postmark")
            || content.contains("/subprocessors/2026-03-01/#postmark"),
        "{content}"
    );
    assert!(
        content.contains("/subprocessors/2025-06-01/#mailgun"),
        "a removed row links where it still is: {content}"
    );
    let site_feed = out.page("/feed.xml");
    assert!(site_feed.contains("2026-03-01/#postmark"), "the site-wide feed carries it too");

    let json: serde_json::Value = serde_json::from_str(&out.page("/de/subprocessors/register.json")).unwrap();
    assert_eq!(json["register"], "subprocessors");
    assert_eq!(json["language"], "de");
    assert_eq!(json["notice_days"], 30);
    let rows = json["in_force"]["entries"].as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["aws", "mailgun", "sentry"]);
    assert_eq!(rows[0]["purpose"], "Hosting der App");
    assert_eq!(rows[0]["purpose_language"], "de");
    assert_eq!(rows[2]["purpose_language"], "en", "a fallback says its language");
    assert_eq!(rows[0]["location"], serde_json::json!(["IE", "DE"]));
    assert_eq!(json["upcoming"]["effective"], "2026-03-01");
    assert_eq!(json["upcoming"]["announced"], "2026-01-01");
    assert_eq!(json["upcoming"]["added"], serde_json::json!(["postmark"]));
    assert_eq!(json["upcoming"]["removed"], serde_json::json!(["mailgun"]));
    let changed: Vec<&str> =
        json["upcoming"]["changed"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(changed, ["sentry", "aws"]);
    assert_eq!(json["history"].as_array().unwrap().len(), 2);
}

/// The names in one table of each version of GitHub's subprocessor
/// statement, read from its Markdown: `column` finds, in a header row, the
/// column of the names of the table wanted.
fn github_names(column: fn(&[String]) -> Option<usize>) -> Vec<(String, Vec<String>)> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/github/content/subprocessors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with("_index.md"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let date = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let mut names = Vec::new();
        let mut at = None;
        for line in text.lines() {
            let line = line.trim();
            if !line.starts_with('|') {
                at = None;
                continue;
            }
            let cells: Vec<String> =
                line.trim_matches('|').split('|').map(|c| c.trim().to_lowercase()).collect();
            if at.is_none() && names.is_empty() {
                at = column(&cells);
                continue;
            }
            let Some(i) = at else { continue };
            let cell = line.trim_matches('|').split('|').nth(i).unwrap_or_default().trim();
            if cell.trim_start_matches(':').starts_with("---") || cell.is_empty() {
                continue;
            }
            // Links, emphasis and code marks are not part of a name.
            let name = cell.replace("**", "").replace('`', "");
            let name = match (name.find('['), name.find("](")) {
                (Some(a), Some(b)) => format!("{}{}", &name[..a], &name[a + 1..b]),
                _ => name,
            };
            names.push(name.trim().to_string());
        }
        if !names.is_empty() {
            out.push((date, names));
        }
    }
    out
}

/// The subprocessor table: its first column names a subprocessor.
fn vendor_column(header: &[String]) -> Option<usize> {
    header.first().filter(|h| h.contains("subprocessor")).map(|_| 0)
}

/// The cookie table: "Name of Cookie" or "Cookie Name".
fn cookie_column(header: &[String]) -> Option<usize> {
    header.iter().position(|h| h.contains("cookie") && h.contains("name"))
}

/// For each version after the first: the names added and removed (by
/// `key`), against the rows the changes page marks added and removed.
fn compare_history(out: &Output, register: &str, history: &[(String, Vec<String>)], key: fn(&str) -> String) {
    for pair in history.windows(2) {
        let (old, new) = (&pair[0].1, &pair[1].1);
        let old_keys: Vec<String> = old.iter().map(|n| key(n)).collect();
        let new_keys: Vec<String> = new.iter().map(|n| key(n)).collect();
        let mut added: Vec<String> =
            new.iter().filter(|n| !old_keys.contains(&key(n))).map(|n| key(n)).collect();
        let mut removed: Vec<String> =
            old.iter().filter(|n| !new_keys.contains(&key(n))).map(|n| key(n)).collect();
        let page = out.page(&format!("/{register}/{}/changes/", pair[1].0));
        let found = sections(&page);
        let marked = |class: &str| -> Vec<String> {
            found.iter().filter(|s| s.0 == class).map(|s| key(&s.2)).collect()
        };
        let (mut shown_added, mut shown_removed) = (marked("section-added"), marked("section-removed"));
        for list in [&mut added, &mut removed, &mut shown_added, &mut shown_removed] {
            list.sort();
        }
        assert_eq!((&shown_added, &shown_removed), (&added, &removed), "{register} {}", pair[1].0);
        // Every row of the newer table is on the page once.
        assert_eq!(
            found.iter().filter(|s| s.0 != "section-removed").count(),
            new.len(),
            "{register} {}",
            pair[1].0
        );
    }
}

#[test]
fn githubs_real_subprocessor_history_marks_exactly_the_vendors_added_and_removed() {
    let history = github_names(vendor_column);
    assert!(history.len() >= 12, "{} versions with a table", history.len());
    let site = Site::fixture("github-register");
    let out = site.build("2026-01-01");
    // "DropBox" became "Dropbox": one vendor, renamed.
    compare_history(&out, "subprocessors", &history, |n| n.to_lowercase());
    // The newest table is the register in force, a row per vendor, each with its anchor.
    let (_, newest) = history.last().unwrap();
    let current = out.page("/subprocessors/");
    for name in newest {
        assert!(current.contains(&name.replace('&', "&amp;")), "{name} on the current page");
    }
}

#[test]
fn githubs_real_cookie_history_marks_exactly_the_cookies_set_and_dropped() {
    let history = github_names(cookie_column);
    assert!(history.len() >= 12, "{} versions with a cookie table", history.len());
    let site = Site::fixture("github-register");
    let out = site.build("2026-01-01");
    // Early tables write a cookie `:user_session` or `:"__Host-…"`, later ones
    // `user_session`: one cookie.
    compare_history(&out, "cookies", &history, |n| n.trim_start_matches(':').trim_matches('"').to_string());
    // No categories in GitHub's tables: one table, every cookie in it.
    let current = out.page("/cookies/");
    assert!(!current.contains("category-other"), "a register without categories is one table");
    assert!(
        current.contains(">Duration</th>")
            && !current.contains(">Type</th>")
            && !current.contains(">Set by</th>"),
        "a column no cookie fills is left out"
    );
    for name in &history.last().unwrap().1 {
        assert!(
            current.contains(name.trim_start_matches(':').trim_matches('"')),
            "{name} on the current page"
        );
    }
}

#[test]
fn on_a_phone_each_row_is_a_card_whose_cells_say_what_they_are() {
    let Some(example) =
        common::browser::example("on_a_phone_each_row_is_a_card_whose_cells_say_what_they_are", "2026-12-05")
    else {
        return;
    };
    let (tab, server) = (&example.tab, &example.server);
    common::browser::viewport(tab, 320, 700);
    for (address, label) in
        [("/subprocessors/", "Purpose"), ("/de/subprocessors/", "Zweck"), ("/ar/cookie-list/", "")]
    {
        common::browser::open(tab, &server.url(address));
        let js = r#"(() => {
            const td = document.querySelector('.register-table td');
            const row = td.closest('tr');
            const box = row.getBoundingClientRect();
            return [getComputedStyle(row).display, getComputedStyle(td, '::before').content, document.documentElement.scrollWidth, innerWidth, box.left >= 0 && box.right <= innerWidth];
        })()"#;
        let v = common::browser::eval_json(tab, js);
        assert_eq!(v[0], "block", "{address}: a row is a card");
        let before = v[1].as_str().unwrap();
        assert!(before.len() > 2 && before.contains(label), "{address}: the cell is labelled: {before}");
        assert!(v[2].as_u64() <= v[3].as_u64(), "{address}: nothing scrolls sideways: {v}");
        assert_eq!(v[4], true, "{address}: the card fits the screen");
    }
}

#[test]
fn new_version_copies_the_newest_snapshot_as_a_draft_with_the_notice_period_ahead() {
    let site = register_site();
    site.write("content/subprocessors/2026-03-01.de.toml", "summary = \"Mailgun durch Postmark ersetzt.\"\n\n[[entry]]\nid = \"aws\"\npurpose = \"Hosting der App\"\n");
    let run = site.privet(&["new", "version", "subprocessors", "--effective", "2026-06-01"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("a `summary` is optional"), "{}", run.stdout);
    let copy = std::fs::read_to_string(site.path("content/subprocessors/2026-06-01.toml")).unwrap();
    assert!(copy.starts_with("draft = true\n"), "{copy}");
    assert!(!copy.contains("summary = \"Replaced"), "the old summary is not this version's: {copy}");
    assert_eq!(copy.matches("[[entry]]").count(), 3, "every row is copied");
    let de = std::fs::read_to_string(site.path("content/subprocessors/2026-06-01.de.toml")).unwrap();
    assert!(de.contains("Hosting der App") && !de.contains("Mailgun durch"), "{de}");
    // A draft is not published, nor announced; with --drafts it is previewed.
    let out = site.build("2026-03-02");
    assert!(!out.exists("/subprocessors/2026-06-01/"));
    assert!(!std::fs::read_to_string(site.path("versions.lock")).unwrap().contains("2026-06-01"));
    let run = site.privet(&["build", "--date", "2026-03-02", "--drafts"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(Output { dir: site.path("public") }.exists("/subprocessors/2026-06-01/"));
}

#[test]
fn a_summary_names_what_an_added_row_is_for_only_when_that_is_short() {
    let site = register_site();
    let long = "Error monitoring of the web app, the iOS app and the Android app, with traces of the requests that failed";
    site.write(
        "content/subprocessors/2026-03-01.toml",
        &V2.replace("summary = \"Replaced Mailgun by Postmark.\"\n", "").replace(
            "purpose = \"E-mail delivery\"\nlocation = \"US\"\n",
            &format!("purpose = \"{long}\"\nlocation = \"US\"\n"),
        ),
    );
    let out = site.build("2026-03-02");
    let changelog = text(&out.page("/subprocessors/changelog/"));
    assert!(changelog.contains("Added Postmark (ActiveCampaign, LLC); Removed Mailgun"), "{changelog}");
    assert!(!changelog.contains(long), "a long purpose stays on the page, not in the summary");
}
