//! `privet check`, `privet init`, and editors' files as they really are.

mod common;

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
fn init_makes_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    for language in ["en", "de", "ar"] {
        let target = dir.path().join(format!("site-{language}"));
        let exe = env!("CARGO_BIN_EXE_privet");
        let run = std::process::Command::new(exe)
            .args(["init"])
            .arg(&target)
            .args(["--language", language])
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let build = std::process::Command::new(exe).arg("build").current_dir(&target).output().unwrap();
        assert!(
            build.status.success() && build.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&build.stderr)
        );
        let check = std::process::Command::new(exe)
            .args(["check", "--strict"])
            .current_dir(&target)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}{}",
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
        let home = std::fs::read_to_string(target.join("public/index.html")).unwrap();
        let html = common::tags(&home, "html")[0];
        assert_eq!(common::attr(html, "lang").as_deref(), Some(language));
        let dir = if language == "ar" { "rtl" } else { "ltr" };
        assert_eq!(common::attr(html, "dir").as_deref(), Some(dir));
        let again = std::process::Command::new(exe).arg("init").arg(&target).output().unwrap();
        assert_eq!(again.status.code(), Some(1), "init refuses a non-empty folder");
    }
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
