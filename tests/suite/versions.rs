//! Policy versions as a legal record: banners, changelog, redlines in
//! every script, feeds, the manifest, drafts and `privet new version`.

use crate::common;

use common::{Output, Site, attr, tags};
use sha2::{Digest, Sha256};

/// Drops the visually hidden words for screen readers, to compare what sighted readers see.
fn visible(html: &str) -> String {
    let mut s = html.to_string();
    while let Some(i) = s.find("<span class=\"visually-hidden\">") {
        // The hidden words may hold spans of their own (their language): drop to the matching end.
        let end = common::element_end(&s, i, "span");
        s.replace_range(i..end, "");
    }
    s
}

/// The HTML of the redline section with this anchor.
fn section<'a>(html: &'a str, anchor: &str) -> &'a str {
    let start = html.find(&format!("id=\"{anchor}\"")).unwrap_or_else(|| panic!("no section {anchor}"));
    let open = html[..start].rfind('<').unwrap();
    let name = html[open + 1..].split([' ', '>']).next().unwrap();
    let rest = &html[start..];
    &rest[..rest.find(&format!("</{name}>")).unwrap()]
}

#[test]
fn banners_follow_the_build_date_in_every_language() {
    let site = Site::fixture("versions");
    // Before the first version: nothing in force yet.
    let out = site.build("2023-12-01");
    assert!(out.page("/privacy/").contains("This policy takes effect on 1 January 2024."));
    assert!(out.page("/zh-hant/privacy/").contains("本政策將於2024年1月1日生效。"));
    assert!(out.page("/ar/privacy/").contains("تسري هذه السياسة اعتبارًا من 1 يناير 2024."));

    // Between versions: the current one is named, the next one announced with its redline.
    let out = site.build("2025-06-01");
    let en = out.page("/privacy/");
    assert!(en.contains("In force since 1 January 2025"), "{en}");
    assert!(en.contains("An updated version takes effect on 1 January 2026."));
    assert!(
        en.contains(r#"href="/privacy/2026-01-01/""#)
            && en.contains(r#"href="/privacy/2026-01-01/changes/""#)
    );
    let zh = out.page("/zh-hant/privacy/");
    assert!(zh.contains("自2025年1月1日起生效") && zh.contains("更新版本將於2026年1月1日生效。"));
    let ar = out.page("/ar/privacy/");
    assert!(ar.contains("سارية منذ 1 يناير 2025") && ar.contains("تسري نسخة محدَّثة اعتبارًا من 1 يناير 2026."));
    // An archived page says when it applied and links to the current one; an upcoming one says from when.
    let archived = out.page("/zh-hant/privacy/2024-01-01/");
    assert!(archived.contains("此版本已不再適用，適用期間為2024年1月1日至2024年12月31日。"));
    assert!(archived.contains(r#"<a href="/zh-hant/privacy/">閱讀現行版本</a>"#));
    let upcoming = out.page("/ar/privacy/2026-01-01/");
    assert!(upcoming.contains("تسري هذه النسخة اعتبارًا من 1 يناير 2026."));

    // After the last version: no announcement.
    let out = site.build("2026-06-01");
    let en = out.page("/privacy/");
    assert!(en.contains("In force since 1 January 2026") && !en.contains("An updated version"));
}

#[test]
fn the_changelog_lists_every_version_newest_first_with_status() {
    let site = Site::fixture("versions");
    let out = site.build("2025-06-01");
    for (lang, statuses) in
        [("", ["Upcoming", "In force", "Archived"]), ("zh-hant/", ["即將生效", "現行", "已封存"])]
    {
        let html = out.page(&format!("/{lang}privacy/changelog/"));
        let positions: Vec<usize> = ["2026-01-01", "2025-01-01", "2024-01-01"]
            .iter()
            .zip(statuses)
            .map(|(date, status)| {
                let at = html.find(&format!("datetime=\"{date}\"")).unwrap();
                assert!(html[at..].split("</li>").next().unwrap().contains(status), "{date} is {status}");
                at
            })
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "newest first");
        assert!(html.contains(&format!("href=\"/{lang}privacy/2025-01-01/changes/\"")));
    }
    let html = out.page("/privacy/changelog/");
    assert!(html.contains("Logs are kept for 45 days.") && html.contains("First version."));
}

#[test]
fn a_chinese_redline_marks_only_the_changed_characters() {
    let site = Site::fixture("versions");
    let out = site.build("2025-06-01");
    let html = out.page("/zh-hant/privacy/2025-01-01/changes/");
    let retention = visible(section(&html, "changes-retention"));
    assert!(
        retention.contains("我們保存伺服器紀錄<del>三十</del><ins>四十五</ins>日，之後即予刪除。"),
        "{retention}"
    );
    // Screen readers are told what was added and removed.
    assert!(html.contains("<ins><span class=\"visually-hidden\">[新增："));
    assert!(html.contains("<del><span class=\"visually-hidden\">[刪除："));
}

#[test]
fn english_and_arabic_redlines_mark_words_and_keep_unchanged_sections_whole() {
    let site = Site::fixture("versions");
    let out = site.build("2025-06-01");
    let html = out.page("/privacy/2025-01-01/changes/");
    let retention = visible(section(&html, "changes-retention"));
    assert!(retention.contains("for <del>30</del><ins>45</ins> days"), "{retention}");
    let controller = section(&html, "changes-controller");
    assert!(controller.starts_with("id=\"changes-controller\""));
    assert!(!controller.contains("<ins>") && !controller.contains("<del>"));
    assert!(controller.contains("Example Ltd, 1 Example Street, London, is the controller of your data."));
    // The table of changed sections lists the changed one only, and leads to its first change.
    let table = &html[html.find("class=\"changed-sections\"").unwrap()..];
    let table = &table[..table.find("</nav>").unwrap()];
    let first =
        attr(tags(&retention, "p").into_iter().find(|p| p.contains("change-nav")).unwrap(), "id").unwrap();
    assert!(table.contains(&format!("href=\"#{first}\"")), "{table}");
    assert_eq!(table.matches("<tr class=\"row-").count(), 1, "{table}");
    assert!(table.contains("<td>Changed</td><td>1</td>"), "{table}");

    let ar = out.page("/ar/privacy/2025-01-01/changes/");
    assert_eq!(attr(tags(&ar, "html")[0], "dir").unwrap(), "rtl");
    let retention = visible(section(&ar, "changes-retention"));
    assert!(retention.contains("<del>ثلاثين</del><ins>خمسة وأربعين</ins>"), "{retention}");

    // A new section is marked as added.
    let added = out.page("/privacy/2026-01-01/changes/");
    assert!(visible(section(&added, "changes-children")).contains(
        "<p class=\"redline-added\"><ins>We do not knowingly collect data from children.</ins></p>"
    ));
    assert!(!out.exists("/privacy/2024-01-01/changes/"), "the first version has no redline");
}

#[test]
fn a_redline_with_one_version_untranslated_says_which_and_links_the_other() {
    let site = Site::fixture("site");
    let out = site.build("2026-01-01");
    // The fixture has no Arabic text of privacy/2024-03-01, but one of 2025-06-15.
    let html = out.page("/ar/privacy/2025-06-15/changes/");
    assert!(
        html.contains("نسخة 1 مارس 2024 غير متوفرة بهذه اللغة، لذا تُعرض هذه المقارنة باللغة English."),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/ar/privacy/2025-06-15/">اقرأ نسخة 15 يونيو 2025 بهذه اللغة</a>"#),
        "{html}"
    );
    assert!(!html.contains("لم تُترجم هذه الصفحة إلى العربية بعد"), "not the generic notice");
    assert!(html.contains(r#"<div class="prose redline-text" lang="en" dir="ltr">"#));
    assert!(visible(&html).contains("<del>30</del><ins>45</ins>"));
    // Where both versions are in the reader's language, the comparison is in it, without a notice.
    let de = out.page("/de/privacy/2025-06-15/changes/");
    assert!(
        de.contains(r#"<div class="prose redline-text" lang="de" dir="ltr">"#)
            && !de.contains("notice-fallback")
    );
}

#[test]
fn an_archived_version_compares_with_the_version_in_force() {
    let site = Site::fixture("site");
    let out = site.build("2026-01-01");
    let html = out.page("/de/privacy/2024-03-01/compare/");
    assert!(html.contains("redline-text"));
    // Linked from the archived version's banner and from the changelog.
    assert!(out.page("/de/privacy/2024-03-01/").contains(r#"href="/de/privacy/2024-03-01/compare/""#));
    assert!(out.page("/de/privacy/changelog/").contains(r#"href="/de/privacy/2024-03-01/compare/""#));
    // With an upcoming version, the comparison with it too.
    assert!(html.contains(r#"href="/de/privacy/2024-03-01/compare/2027-01-01/""#));
    assert!(out.exists("/de/privacy/2024-03-01/compare/2027-01-01/"));
    // The version in force and upcoming ones are not archived: no comparison page of their own.
    assert!(!out.exists("/privacy/2025-06-15/compare/") && !out.exists("/privacy/2027-01-01/compare/"));
}

#[test]
fn feeds_are_atom_with_every_version() {
    let site = Site::fixture("versions");
    let out = site.build("2025-06-01");
    for lang in ["", "zh-hant/", "ar/"] {
        let xml = out.page(&format!("/{lang}feed.xml"));
        let feed = atom_syndication::Feed::read_from(xml.as_bytes())
            .unwrap_or_else(|e| panic!("/{lang}feed.xml: {e}"));
        assert_eq!(feed.entries().len(), 3, "/{lang}feed.xml holds every version, upcoming included");
        let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
        assert_eq!(
            ids,
            ["2026-01-01", "2025-01-01", "2024-01-01"]
                .map(|d| format!("https://privacy.example.org/{lang}privacy/{d}/"))
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        );
        let newest = &feed.entries()[0];
        assert_eq!(newest.updated().to_rfc3339(), "2026-01-01T00:00:00+00:00");
        assert!(
            newest.links().iter().any(|l| l.rel() == "related" && l.href().ends_with("/2026-01-01/changes/"))
        );
        assert!(newest.summary().is_some());
        // Every page links its language's feed.
        let page = out.page(&format!("/{lang}privacy/"));
        assert!(page.contains(r#"type="application/atom+xml""#));
        assert!(page.contains(&format!(r#"href="/{lang}feed.xml""#)));
    }
}

#[test]
fn the_manifest_hashes_match_the_files() {
    let site = Site::fixture("versions");
    let out = site.build("2025-06-01");
    let manifest: serde_json::Value = serde_json::from_str(&out.page("/versions.json")).unwrap();
    let versions = manifest["policies"][0]["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 3);
    let statuses: Vec<&str> = versions.iter().map(|v| v["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["archived", "in_force", "upcoming"]);
    let hex = |bytes: &[u8]| Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let mut checked = 0;
    for v in versions {
        for l in v["languages"].as_array().unwrap() {
            let source = std::fs::read(site.path(l["source"].as_str().unwrap())).unwrap();
            assert_eq!(l["source_sha256"].as_str().unwrap(), hex(&source));
            let address = l["address"].as_str().unwrap().trim_start_matches("https://privacy.example.org");
            let page = std::fs::read(out.dir.join(common::file_of(address))).unwrap();
            assert_eq!(l["html_sha256"].as_str().unwrap(), hex(&page), "{address}");
            checked += 1;
        }
    }
    assert_eq!(checked, 9);
}

#[test]
fn new_version_copies_the_newest_version_as_drafts_and_refuses_to_overwrite() {
    let site = Site::fixture("versions");
    let run = site.privet(&["new", "version", "privacy", "--effective", "2027-03-01"]);
    assert!(run.ok, "{}", run.stderr);
    for suffix in ["", ".zh-hant", ".ar"] {
        let file = format!("content/privacy/2027-03-01{suffix}.md");
        assert!(run.stdout.contains(&file), "{}", run.stdout);
        let text = std::fs::read_to_string(site.path(&file)).unwrap();
        assert!(text.contains("draft = true"));
    }
    // The copy is of the version in force today (the newest here), text and all.
    let text = std::fs::read_to_string(site.path("content/privacy/2027-03-01.md")).unwrap();
    assert!(text.contains("We do not knowingly collect data from children."));
    let before = std::fs::read(site.path("content/privacy/2027-03-01.md")).unwrap();
    let again = site.privet(&["new", "version", "privacy", "--effective", "2027-03-01"]);
    assert!(
        !again.ok && again.stderr.contains("would not come after the version of 2027-03-01"),
        "{}",
        again.stderr
    );
    assert_eq!(std::fs::read(site.path("content/privacy/2027-03-01.md")).unwrap(), before);

    // Drafts stay out of a build, and appear, marked, with --drafts.
    let out = site.build("2026-06-01");
    assert!(!out.exists("/privacy/2027-03-01/"));
    let run = site.privet(&["build", "--date", "2026-06-01", "--drafts"]);
    assert!(run.ok, "{}", run.stderr);
    let out = Output { dir: site.path("public") };
    assert!(out.page("/privacy/2027-03-01/").contains("Draft: this version is not published."));
    assert!(!site.privet(&["new", "version", "cookies"]).ok);

    // One rule for drafts: the preview leaves them out as the build does, and shows them with --drafts.
    let server = site.serve_on("2027-06-01");
    assert_eq!(server.get("/privacy/2027-03-01/").status, 404);
    assert!(!server.get("/privacy/").body.contains("Draft: this version is not published."));
    drop(server);
    let server = site.serve_args(&["--date", "2027-06-01", "--drafts"]);
    assert!(server.get("/privacy/2027-03-01/").body.contains("Draft: this version is not published."));
    // On that day the draft would be in force, in the preview as in `build --drafts`.
    let run = site.privet(&["build", "--date", "2027-06-01", "--drafts"]);
    assert!(run.ok, "{}", run.stderr);
    let built = Output { dir: site.path("public") }.page("/privacy/");
    assert!(built.contains("Draft: this version is not published."));
    assert!(server.get("/privacy/").body.contains("Draft: this version is not published."));
}

#[test]
fn theme_words_can_be_overridden_and_unknown_languages_use_english() {
    let site = Site::fixture("versions");
    let config = std::fs::read_to_string(site.path("site.toml")).unwrap().replace(
        "[organization]",
        "[languages.tlh]\nname = \"tlhIngan Hol\"\n\n[languages.en.strings]\nchangelog = \"Version history\"\n\n[organization]",
    );
    site.write("site.toml", &config);
    let out = site.build("2025-06-01");
    assert!(out.page("/privacy/").contains(">Version history</a>"));
    let klingon = out.page("/tlh/privacy/");
    assert!(klingon.contains("In force since 1 January 2025"), "English words, never blanks");
}

#[test]
fn new_version_starts_after_an_announced_version_and_leaves_summary_and_highlights_to_the_editor() {
    // The example site announces a privacy policy of 2027-04-01.
    let site = Site::example();
    let run = site.privet(&["new", "version", "privacy"]);
    assert!(run.ok, "{}", run.stderr);
    // The default date is the day after the newest version, since that is later than 30 days from now.
    let file = "content/privacy/2027-04-02.md";
    assert!(run.stdout.contains(file), "{}", run.stdout);
    let text = std::fs::read_to_string(site.path(file)).unwrap();
    let announced = std::fs::read_to_string(site.path("content/privacy/2027-04-01.md")).unwrap();
    // A copy of the announced version's text, not of the one in force.
    let body = |t: &str| t.splitn(3, "+++").nth(2).unwrap().trim().to_string();
    assert_eq!(body(&text), body(&announced));
    assert!(text.contains("summary = \"\"  # one line") && text.contains("highlights = []  #"), "{text}");
    assert!(!text.contains("Product analytics only with your consent."), "the old highlights stay behind");
    // A date on or before an existing version is refused, naming it.
    let early = site.privet(&["new", "version", "cookies", "--effective", "2024-03-01"]);
    assert_eq!(early.code, Some(1));
    assert!(
        early.stderr.contains("content/cookies/2025-09-01.md") && early.stderr.contains("2025-09-01"),
        "{}",
        early.stderr
    );
    // check sees the new draft: no summary yet, text unchanged, and two announced versions once published.
    let check = site.privet(&["check", "--date", "2026-12-03"]);
    let all = format!("{}{}", check.stdout, check.stderr);
    assert!(all.contains("this version has no summary") && all.contains(file), "{all}");
    assert!(all.contains("this draft's text is the same as content/privacy/2027-04-01.md"), "{all}");
    site.write(file, &text.replace("draft = true", "").replace("summary = \"\"", "summary = \"Next.\""));
    let check = site.privet(&["check", "--date", "2026-12-03"]);
    assert!(
        check.stderr.contains("2 versions of this policy are announced: 2027-04-01, 2027-04-02"),
        "{}",
        check.stderr
    );
}
