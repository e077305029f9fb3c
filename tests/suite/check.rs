//! `privet check`, `privet init`, and editors' files as they really are.

use crate::common;

use common::{Output, Site};

#[test]
fn check_json_lists_what_the_fixture_lacks() {
    let site = Site::fixture("site");
    let run = site.privet(&["check", "--format", "json", "--date", "2026-01-01"]);
    assert_eq!(run.code, Some(0), "warnings alone do not fail check: {}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["format"], 1);
    assert_eq!(report["ok"], true);
    assert_eq!(report["translations"]["languages"], serde_json::json!(["en", "de", "zh-hant", "ar"]));
    let missing = report["translations"]["missing"].as_array().unwrap();
    let row = |page: &str| {
        missing.iter().find(|r| r["page"] == page).unwrap_or_else(|| panic!("no row for {page}"))
    };
    assert_eq!(row("/privacy/2024-03-01/")["languages"], serde_json::json!(["ar"]));
    assert_eq!(row("/faq/#delete-my-account")["languages"], serde_json::json!(["zh-hant", "ar"]));
    let warnings = report["warnings"].as_array().unwrap();
    let codes: Vec<&str> = warnings.iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"missing-translation"));
    assert!(codes.contains(&"organization"), "the fixture's [organization] has no dpo");
    // An archived version's missing translation is listed, not warned about.
    assert!(!warnings.iter().any(|w| w["file"] == "content/privacy/2024-03-01.md"));
    // --strict turns warnings into a failure.
    assert_eq!(site.privet(&["check", "--strict", "--date", "2026-01-01"]).code, Some(1));
}

#[test]
fn check_warns_about_stale_and_overdue_versions_and_checklist_gaps() {
    let site = Site::fixture("site");
    site.write("content/privacy/_index.md", "+++\ntitle = \"Privacy Policy\"\nchecklist = \"gdpr\"\n+++\n");
    site.write(
        "content/privacy/2026-03-01.md",
        "+++\ntitle = \"Privacy\"\ndraft = true\n+++\n## Who we are {#controller}\n\nUs.\n",
    );
    let run = site.privet(&["check", "--format", "json", "--date", "2028-06-01"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    let has = |code: &str, file: &str| warnings.iter().any(|w| w["code"] == code && w["file"] == file);
    assert!(has("stale-policy", "content/privacy/2027-01-01.md"), "{warnings:#?}");
    assert!(has("draft-past-due", "content/privacy/2026-03-01.md"));
    let draft = warnings.iter().find(|w| w["code"] == "draft-past-due").unwrap();
    assert_eq!(draft["line"], 3, "the warning points at `draft = true`");
    // The fixture's policy has two tagged sections: the rest of the checklist is missing.
    let gaps = report["checklist"].as_array().unwrap();
    let en = gaps.iter().find(|g| g["file"] == "content/privacy/2027-01-01.md").unwrap();
    assert!(en["missing"].as_array().unwrap().contains(&serde_json::json!("dpo")));
    assert!(!en["missing"].as_array().unwrap().contains(&serde_json::json!("retention")));
    // A class tags a heading whose id is something else.
    site.write(
        "content/privacy/2027-01-01.md",
        "+++\ntitle = \"Privacy\"\n+++\n## Who we are {#controller}\n\n## Contact our DPO {#contact-dpo .gdpr-dpo}\n\n## Retention {#retention}\n",
    );
    let run = site.privet(&["check", "--format", "json", "--date", "2028-06-01"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let gaps = report["checklist"].as_array().unwrap();
    let en = gaps.iter().find(|g| g["file"] == "content/privacy/2027-01-01.md").unwrap();
    assert!(!en["missing"].as_array().unwrap().contains(&serde_json::json!("dpo")));
}

#[test]
fn the_example_site_check_reports_the_missing_translations() {
    let site = Site::example();
    let run = site.privet(&["check", "--date", "2026-11-28"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("has no ar translation"), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/terms/2024-03-01.md"));
    assert!(run.stdout.contains("/terms/2024-03-01/"), "the table lists it: {}", run.stdout);
}

#[test]
fn init_makes_a_site_that_builds_and_check_lists_its_placeholders_until_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_privet");
    for language in ["en", "de", "ar"] {
        let target = dir.path().join(format!("site-{language}"));
        let run = std::process::Command::new(exe)
            .args(["init"])
            .arg(&target)
            .args(["--language", language])
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        assert!(
            String::from_utf8_lossy(&run.stdout).contains("before you publish, replace"),
            "init says what to replace"
        );
        let build = std::process::Command::new(exe).arg("build").current_dir(&target).output().unwrap();
        assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
        // One language: nothing to record of translations, so no record.
        assert!(!target.join("translations.lock").exists(), "a one-language site gets no translations.lock");
        let home = std::fs::read_to_string(target.join("public/index.html")).unwrap();
        let html = common::tags(&home, "html")[0];
        assert_eq!(common::attr(html, "lang").as_deref(), Some(language));
        let dir = if language == "ar" { "rtl" } else { "ltr" };
        assert_eq!(common::attr(html, "dir").as_deref(), Some(dir));
        let again = std::process::Command::new(exe).arg("init").arg(&target).output().unwrap();
        assert_eq!(again.status.code(), Some(1), "init refuses a non-empty folder");
    }
    // A fresh site is not ready to publish: --strict fails on every placeholder.
    let target = dir.path().join("site-en");
    let check = |strict: bool| {
        let mut cmd = std::process::Command::new(exe);
        cmd.arg("check").current_dir(&target);
        if strict {
            cmd.arg("--strict");
        }
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (code, report) = check(true);
    assert_eq!(code, Some(1), "{report}");
    for needle in [
        "base_url is at a reserved example domain",
        "[organization] `email` is at a reserved example domain: privacy@example.com",
        "this is still a starter text",
        "--> site.toml:2",
        "--> content/privacy/_index.md:2",
        "--> content/contact.md:2",
    ] {
        assert!(report.contains(needle), "{needle:?} missing from:\n{report}");
    }
    // Replaced, as an editor would: the warnings go.
    let settings = std::fs::read_to_string(target.join("site.toml")).unwrap();
    let settings: String = settings
        .lines()
        .filter(|l| !l.starts_with("# privet init:"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("privacy.example.com", "privacy.acme-widgets.eu")
        .replace("privacy@example.com", "privacy@acme-widgets.eu")
        .replace("dpo@example.com", "dpo@acme-widgets.eu");
    std::fs::write(target.join("site.toml"), settings).unwrap();
    let mut files = Vec::new();
    common::collect_paths(&target.join("content"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let text: Vec<&str> = text.lines().filter(|l| !l.starts_with("# privet init:")).collect();
        std::fs::write(&f, text.join("\n").replace("@example.com", "@acme-widgets.eu") + "\n").unwrap();
    }
    let (code, report) = check(true);
    assert!(
        !report.contains("placeholder")
            && !report.contains("example domain")
            && !report.contains("starter text"),
        "{report}"
    );
    assert_eq!(code, Some(0), "{report}");
}

#[test]
fn an_impossible_version_date_is_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_privet");
    let target = dir.path().join("site");
    assert!(std::process::Command::new(exe).args(["init"]).arg(&target).output().unwrap().status.success());
    // The only version misnamed: the policy has no valid version, and other pages link to it.
    let privacy = target.join("content/privacy");
    let version = std::fs::read_dir(&privacy)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| !p.ends_with("_index.md"))
        .unwrap();
    std::fs::rename(&version, privacy.join("2026-13-02.md")).unwrap();
    let out = std::process::Command::new(exe).arg("build").current_dir(&target).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("`2026-13-02` is not a real date"), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "one cause, one error:\n{stderr}");
}

#[test]
fn crlf_and_bom_files_build_like_their_lf_twins() {
    let lf = Site::fixture("site");
    let crlf = Site::fixture("site");
    let mut files = Vec::new();
    common::collect_paths(&crlf.path("content"), &mut files);
    files.push(crlf.path("site.toml"));
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let windows = format!("\u{feff}{}", text.replace('\n', "\r\n").replace("+++\r\n", "+++  \r\n"));
        std::fs::write(&path, windows).unwrap();
    }
    let a = lf.build("2026-01-01").files();
    let b = crlf.build("2026-01-01").files();
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        // The manifest holds each source file's hash, which differs by design.
        if name != "versions.json" {
            assert!(bytes == &b[name], "{name} differs between LF and CRLF+BOM sources");
        }
    }
}

#[test]
fn relative_links_and_odd_file_names_work() {
    let site = Site::fixture("site");
    site.write(
        "content/faq/delete-my-account.de.md",
        "+++\ntitle = \"Wie lösche ich mein Konto?\"\ncategory = \"account\"\n+++\nSiehe [Speicherdauer](../privacy/_index.md#retention)\tund [Kontakt](../contact.md).   \n",
    );
    site.write("content/Impressum und Kontakt.md", "+++\ntitle = \"Impressum\"\n+++\nExample GmbH\n");
    site.write("content/données.md", "+++\ntitle = \"Données\"\n+++\nTexte.\n");
    let out: Output = site.build("2026-01-01");
    let faq = out.page("/de/faq/");
    assert!(
        faq.contains(r#"href="/de/privacy/#retention""#) && faq.contains(r#"href="/de/contact/""#),
        "{faq}"
    );
    assert!(out.page("/Impressum%20und%20Kontakt/").contains("Example GmbH"));
    assert!(out.page("/de/données/").contains("Texte."));
}

#[test]
fn check_points_at_a_heading_that_skips_a_level_and_the_page_does_not_skip() {
    let site = Site::fixture("site");
    // GitHub's statement of 2019: `####` under `##`, and `#####` under `###`.
    site.write(
        "content/privacy/2027-01-01.md",
        "+++\ntitle = \"Privacy\"\nsummary = \"Outline.\"\n+++\n## Who we are {#controller}\n\nUs.\n\n#### Registration\n\nName.\n\n## Use\n\n### Purposes\n\n##### Legal bases\n\nContract.\n",
    );
    let run = site.privet(&["check", "--format", "json", "--date", "2026-01-01"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let skips: Vec<(String, u64)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "heading-skip")
        .map(|w| (w["file"].as_str().unwrap_or_default().to_string(), w["line"].as_u64().unwrap_or(0)))
        .collect();
    let file = "content/privacy/2027-01-01.md".to_string();
    assert_eq!(skips, [(file.clone(), 9), (file, 17)], "{}", run.stdout);
    // The page itself descends without a skip: h2, h3, h2, h3, h4 under the h1.
    let out = site.build("2026-01-01");
    let page = out.page("/privacy/2027-01-01/");
    let prose = &page[page.find("class=\"prose").unwrap_or(0)..];
    assert!(prose.contains("<h3 id=registration>") || prose.contains("<h3 id=\"registration\">"), "{prose}");
    assert!(prose.contains("<h4 id=legal-bases>") || prose.contains("<h4 id=\"legal-bases\">"), "{prose}");
}
