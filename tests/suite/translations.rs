//! Translations that fall behind their source: the record in
//! `translations.lock`, the notice readers see, what `check` and
//! `privet translations` tell editors, `accept`, and `serve`.

use crate::common;

use std::time::Duration;

use common::Site;

/// Appends a sentence to a file of the site.
fn append(site: &Site, rel: &str, text: &str) {
    let before = std::fs::read_to_string(site.path(rel)).unwrap();
    site.write(rel, &format!("{before}\n{text}\n"));
}

/// `privet translations --format json`, parsed.
fn survey(site: &Site, date: &str) -> serde_json::Value {
    let run = site.privet(&["translations", "--date", date, "--format", "json"]);
    assert!(run.ok, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The stale files of one language in the survey, with the day they fell behind.
fn stale_in(survey: &serde_json::Value, code: &str) -> Vec<(String, String)> {
    let languages = survey["languages"].as_array().unwrap();
    let lang = languages.iter().find(|l| l["code"] == code).unwrap_or_else(|| panic!("no {code}"));
    lang["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["file"].as_str().unwrap().to_string(), s["since"].as_str().unwrap().to_string()))
        .collect()
}

/// The stale notices of a page: (its text, the link's address and hreflang).
fn notices(html: &str) -> Vec<String> {
    html.match_indices("notice-stale")
        .map(|(at, _)| html[at..].split("</div>").next().unwrap().to_string())
        .collect()
}

#[test]
fn a_changed_english_answer_leaves_the_german_one_behind_until_it_is_edited_or_accepted() {
    let site = Site::fixture("site");
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert!(run.stdout.contains("wrote translations.lock"), "{}", run.stdout);
    let out = common::Output { dir: site.path("public") };
    assert!(notices(&out.page("/de/faq/")).is_empty(), "nothing is stale at first");

    append(&site, "content/faq/delete-my-account.md", "We delete your data within 30 days.");
    let run = site.privet(&["build", "--date", "2026-01-10"]);
    assert!(
        run.stdout.contains(
            "updated translations.lock: behind their source now: content/faq/delete-my-account.de.md"
        ),
        "the build says which translation fell behind: {}",
        run.stdout
    );
    let out = common::Output { dir: site.path("public") };
    let faq = out.page("/de/faq/");
    let found = notices(&faq);
    assert_eq!(found.len(), 1, "one stale answer: {found:?}");
    let notice = &found[0];
    assert!(notice.contains("Das Original dieser Antwort"), "in the reader's language: {notice}");
    assert!(notice.contains(r#"<time datetime="2026-01-10">10. Januar 2026</time>"#), "{notice}");
    assert!(notice.contains(r#"<span lang="en" dir="ltr">English</span>"#), "{notice}");
    assert!(notice.contains(r##"href="/faq/#delete-my-account" hreflang="en""##), "{notice}");
    // The question itself is marked, so a reader sees it before opening it.
    let question = faq.split(r#"id="delete-my-account""#).nth(1).unwrap().split("</summary>").next().unwrap();
    assert!(question.contains("Übersetzung möglicherweise veraltet"), "{question}");
    assert!(notices(&out.page("/faq/")).is_empty(), "the English page is the original");

    // The record keeps the day it first saw the change; check and the table list it.
    let stale = stale_in(&survey(&site, "2026-01-20"), "de");
    assert_eq!(stale, [("content/faq/delete-my-account.de.md".to_string(), "2026-01-10".to_string())]);
    let check = site.privet(&["check", "--date", "2026-01-20"]);
    assert!(
        check.stdout.contains("content/faq/delete-my-account.de.md  behind content/faq/delete-my-account.md since 2026-01-10 (10 days)"),
        "{}",
        check.stdout
    );
    let table = site.privet(&["translations", "--date", "2026-01-20"]);
    assert!(table.stdout.contains("stale in de (Deutsch)"), "{}", table.stdout);
    site.build("2026-01-15");
    let record = std::fs::read_to_string(site.path("translations.lock")).unwrap();
    assert!(record.contains(r#"stale_since = "2026-01-10""#), "a later build keeps the first day: {record}");

    // The translator brings it up to date: the notice goes.
    append(&site, "content/faq/delete-my-account.de.md", "Wir löschen Ihre Daten innerhalb von 30 Tagen.");
    let out = site.build("2026-01-16");
    assert!(notices(&out.page("/de/faq/")).is_empty());
    assert!(stale_in(&survey(&site, "2026-01-16"), "de").is_empty());

    // A typo fixed in English needs no translation: accept records it as current, unchanged.
    let english = std::fs::read_to_string(site.path("content/faq/delete-my-account.md")).unwrap();
    site.write("content/faq/delete-my-account.md", &english.replace("Go to Settings.", "Go to Settings!"));
    let out = site.build("2026-01-17");
    assert_eq!(notices(&out.page("/de/faq/")).len(), 1);
    let german = std::fs::read(site.path("content/faq/delete-my-account.de.md")).unwrap();
    let accepted = site.privet(&["translations", "accept", "content/faq/delete-my-account.de.md"]);
    assert!(accepted.ok, "{}", accepted.stderr);
    assert_eq!(std::fs::read(site.path("content/faq/delete-my-account.de.md")).unwrap(), german);
    let out = site.build("2026-01-18");
    assert!(notices(&out.page("/de/faq/")).is_empty(), "accepted: no notice");
}

#[test]
fn accept_names_what_is_wrong_with_a_file_that_is_not_a_translation() {
    let site = Site::fixture("site");
    site.build("2026-01-01");
    let run = site.privet(&["translations", "accept", "content/faq/delete-my-account.md"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("is in the default language (en)"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/faq/delete-my-account.de.md"),
        "the hint names a translation: {}",
        run.stderr
    );
    let run = site.privet(&["translations", "accept", "content/faq/nothing.de.md"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("there is no file content/faq/nothing.de.md"), "{}", run.stderr);
}

#[test]
fn a_correction_to_a_frozen_english_version_leaves_its_translations_behind() {
    let site = Site::fixture("site");
    site.build("2026-01-01");
    // 2025-06-15 is in force and locked: it changes only by a correction.
    let rel = "content/privacy/2025-06-15.md";
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    // The correction goes at the end of the front matter, before its closing +++.
    let end = text[3..].find("+++").unwrap() + 3;
    let correction = "[[corrections]]\ndate = 2026-02-01\nnote = \"Log retention stated correctly.\"\n";
    let corrected = format!("{}{correction}{}", &text[..end], &text[end..]).replace("45 days", "40 days");
    site.write(rel, &corrected);
    let out = site.build("2026-02-01");
    let arabic = out.page("/ar/privacy/2025-06-15/");
    let found = notices(&arabic);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("تغيّر النص الأصلي لهذه الصفحة"), "{}", found[0]);
    assert!(found[0].contains(r#"href="/privacy/2025-06-15/" hreflang="en""#), "{}", found[0]);
    // The page of the policy in force shows the same text, and the same notice.
    assert_eq!(notices(&out.page("/ar/privacy/")).len(), 1);
    let stale = stale_in(&survey(&site, "2026-02-01"), "ar");
    assert_eq!(stale, [("content/privacy/2025-06-15.ar.md".to_string(), "2026-02-01".to_string())]);
    assert!(
        stale_in(&survey(&site, "2026-02-01"), "de")
            .iter()
            .any(|(f, _)| f == "content/privacy/2025-06-15.de.md")
    );
}

#[test]
fn a_translation_behind_for_longer_than_the_grace_period_fails_check_strict() {
    let site = Site::fixture("site");
    let settings = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write(
        "site.toml",
        &settings.replacen("minify = false\n", "minify = false\ntranslation_grace_days = 10\n", 1),
    );
    site.build("2026-01-01");
    append(&site, "content/_index.md", "A new sentence on the home page.");
    site.build("2026-01-02");
    let warned = |date: &str| {
        let run = site.privet(&["check", "--date", date, "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let stale: Vec<String> = report["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["code"] == "stale-translation")
            .map(|w| format!("{}: {}", w["file"], w["message"]))
            .collect();
        assert_eq!(report["translations"]["stale"][0]["file"], "content/_index.de.md", "listed either way");
        stale
    };
    assert!(warned("2026-01-12").is_empty(), "10 days is within the grace period");
    let late = warned("2026-01-13");
    assert_eq!(late.len(), 1, "{late:?}");
    assert!(late[0].contains("content/_index.de.md") && late[0].contains("11 days ago"), "{late:?}");
    let strict = site.privet(&["check", "--date", "2026-01-13", "--strict"]);
    assert_eq!(strict.code, Some(1));
    assert!(strict.stderr.contains("privet translations accept content/_index.de.md"), "{}", strict.stderr);
}

#[test]
fn nothing_is_stale_in_a_fresh_clone_of_the_example_site() {
    let site = Site::example();
    let survey = survey(&site, "2026-12-05");
    for lang in survey["languages"].as_array().unwrap() {
        assert_eq!(lang["stale"], serde_json::json!([]), "{lang}");
    }
    // The committed record is what a build leaves: a deploy with --locked does not fail on it.
    let run = site.privet(&["build", "--date", "2026-12-05", "--locked"]);
    assert!(run.ok, "{}", run.stderr);
}

#[test]
fn a_new_version_leaves_its_translations_behind_once_the_english_text_changes() {
    let site = Site::fixture("site");
    site.build("2026-01-01");
    let run = site.privet(&["new", "version", "privacy", "--effective", "2027-06-01"]);
    assert!(run.ok, "{}", run.stderr);
    // The copies are what the old version's texts were: the German is as current as before.
    let published = |rel: &str| {
        let text = std::fs::read_to_string(site.path(rel)).unwrap().replace("draft = true\n", "");
        site.write(rel, &text);
    };
    for code in ["", ".de", ".ar", ".zh-hant"] {
        published(&format!("content/privacy/2027-06-01{code}.md"));
    }
    let survey_now = survey(&site, "2026-01-02");
    assert!(stale_in(&survey_now, "de").is_empty(), "{survey_now}");
    append(&site, "content/privacy/2027-06-01.md", "We now also keep payment records for ten years.");
    let out = site.build("2026-01-03");
    assert_eq!(notices(&out.page("/de/privacy/2027-06-01/")).len(), 1);
    assert_eq!(
        stale_in(&survey(&site, "2026-01-03"), "de"),
        [("content/privacy/2027-06-01.de.md".to_string(), "2026-01-03".to_string())]
    );
}

#[test]
fn serve_shows_the_notice_as_soon_as_the_source_is_saved() {
    let site = Site::fixture("site");
    let server = site.serve_on("2026-01-01");
    let mut events = server.events();
    let page = "/de/privacy/2027-01-01/";
    assert!(notices(&server.get(page).body).is_empty());
    // The upcoming English version, not yet frozen: its German translation falls behind.
    append(&site, "content/privacy/2027-01-01.md", "A sentence the German text does not have.");
    let reload = events.wait_for("event: reload", Duration::from_secs(5));
    assert!(reload.is_some(), "no reload after the save\n{}", server.log());
    let body = server.get(page).body;
    assert_eq!(notices(&body).len(), 1, "{body}");
    assert!(!notices(&server.get("/ar/privacy/2027-01-01/").body).is_empty(), "every translation of it");
}
