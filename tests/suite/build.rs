//! `privet build` on fixture sites: pages, languages, versions, output safety.

use crate::common;

use common::{Site, attr, attr_values, tags};

const LANGS: [&str; 4] = ["", "de/", "zh-hant/", "ar/"];

/// Every address a policy with these versions makes, relative to a language root.
fn fixture_pages() -> Vec<&'static str> {
    vec![
        "",
        "privacy/",
        "privacy/changelog/",
        "privacy/2024-03-01/",
        "privacy/2025-06-15/",
        "privacy/2027-01-01/",
        "faq/",
        "contact/",
    ]
}

#[test]
fn every_page_exists_in_every_language() {
    let site = Site::fixture("site");
    let out = site.build("2026-01-01");
    for lang in LANGS {
        for page in fixture_pages() {
            assert!(out.exists(&format!("/{lang}{page}")), "/{lang}{page} is missing");
        }
    }
    for file in ["/404.html", "/sitemap.xml", "/robots.txt"] {
        assert!(out.exists(file), "{file} is missing");
    }
    assert!(out.page("/robots.txt").contains("Sitemap: https://privacy.example.com/sitemap.xml"));
}

#[test]
fn switcher_links_lead_to_the_same_page_in_each_language() {
    let site = Site::fixture("site");
    let out = site.build("2026-01-01");
    for lang in LANGS {
        for page in fixture_pages() {
            let address = format!("/{lang}{page}");
            let html = out.page(&address);
            let nav = &html[html.find("class=\"languages\"").unwrap()..];
            let nav = &nav[..nav.find("</nav>").unwrap()];
            let links: Vec<String> = attr_values(nav, "href");
            let expected: Vec<String> = LANGS.iter().map(|l| format!("/{l}{page}")).collect();
            assert_eq!(links, expected, "switcher on {address}");
            for link in &links {
                assert!(out.exists(link), "switcher on {address} leads to missing {link}");
            }
            let current: Vec<_> = tags(nav, "a")
                .into_iter()
                .filter(|t| attr(t, "aria-current").as_deref() == Some("page"))
                .collect();
            assert_eq!(current.len(), 1, "one current language on {address}");
            assert_eq!(attr(current[0], "href").unwrap(), address);
        }
    }
    let html = out.page("/de/");
    assert!(html.contains(">繁體中文</a>") && html.contains(">العربية</a>") && html.contains(">Deutsch</a>"));
}

#[test]
fn untranslated_text_falls_back_with_notice_and_lang() {
    let site = Site::fixture("site");
    let out = site.build("2026-01-01");
    // privacy/2024-03-01 has no Arabic translation.
    let html = out.page("/ar/privacy/2024-03-01/");
    assert!(html.contains("لم تُترجم هذه الصفحة إلى العربية بعد"), "Arabic notice missing");
    assert!(
        html.contains(r#"<div class="policy-text" lang="en" dir="ltr">"#),
        "fallback text must carry lang=en"
    );
    assert!(html.contains("We keep server logs for 30 days."));
    assert_eq!(attr(tags(&html, "html")[0], "lang").unwrap(), "ar");
    // The translated version has no notice.
    let html = out.page("/ar/privacy/2025-06-15/");
    assert!(!html.contains("لم تُترجم"));
    // A FAQ question without a Chinese translation falls back per question.
    let html = out.page("/zh-hant/faq/");
    assert!(html.contains("How do I delete my account?"));
    assert!(html.contains("本文尚未翻譯成繁體中文"));
    // Links inside fallback text stay in the reader's language.
    assert!(html.contains(r#"href="/zh-hant/privacy/#retention""#), "{html}");
}

#[test]
fn the_version_in_force_follows_the_build_date() {
    let site = Site::fixture("site");
    let text = |date: &str| site.build(date).page("/privacy/");
    let before = text("2025-06-14");
    assert!(before.contains("30 days") && before.contains("In force since 1 March 2024"));
    assert!(before.contains("An updated version takes effect on 15 June 2025."));
    let between = text("2025-06-15");
    assert!(between.contains("45 days") && between.contains("In force since 15 June 2025"));
    assert!(between.contains("An updated version takes effect on 1 January 2027."));
    assert!(between.contains(r#"href="/privacy/2027-01-01/""#));
    let after = text("2027-01-01");
    assert!(after.contains("60 days") && !after.contains("An updated version"));
    let german = site.build("2025-06-15").page("/de/privacy/");
    assert!(german.contains("Gültig seit 15. Juni 2025"));
    let chinese = site.build("2025-06-15").page("/zh-hant/privacy/");
    assert!(chinese.contains("自2025年6月15日起生效"));
    // An archived version says so and links to the current one.
    let archived = site.build("2026-01-01").page("/privacy/2024-03-01/");
    assert!(archived.contains("It applied from 1 March 2024 to 14 June 2025."));
    let changelog = site.build("2026-01-01").page("/privacy/changelog/");
    let order: Vec<_> = ["2027-01-01", "2025-06-15", "2024-03-01"]
        .iter()
        .map(|d| changelog.find(&format!("/privacy/{d}/")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "changelog newest first");
}

#[test]
fn same_input_and_date_give_identical_bytes() {
    let site = Site::fixture("site");
    site.write(
        "site.toml",
        &std::fs::read_to_string(site.path("site.toml")).unwrap().replace("minify = false", "minify = true"),
    );
    let first = site.build("2026-01-01").files();
    let second = site.build("2026-01-01").files();
    assert!(first.len() > 30);
    assert_eq!(first, second);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture("site");
    let before = site.build("2026-01-01").files();
    site.write("content/privacy/2025-06-15.de.md", "+++\ntitle = \"Datenschutz\nsummary = 1\n+++\nText\n");
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert!(!run.ok);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("content/privacy/2025-06-15.de.md:2:"),
        "error names file and line: {}",
        run.stderr
    );
    let after = common::Output { dir: site.path("public") }.files();
    assert_eq!(before, after, "the previous output must stay as it was");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("privet-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left: {leftovers:?}");
}

#[test]
fn the_site_root_and_foreign_folders_are_refused_and_kept() {
    let site = Site::fixture("site");
    let run = site.privet(&["build", "--output", site.root().to_str().unwrap(), "--force"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert!(site.path("site.toml").is_file() && site.path("content/privacy/2024-03-01.md").is_file());
    let parent = site.root().parent().unwrap().to_str().unwrap().to_string();
    assert!(!site.privet(&["build", "--output", &parent]).ok);

    site.write("docs/notes.txt", "keep me");
    let run = site.privet(&["build", "--output", site.path("docs").to_str().unwrap()]);
    assert!(!run.ok, "a non-empty folder privet did not create must be refused");
    assert_eq!(std::fs::read_to_string(site.path("docs/notes.txt")).unwrap(), "keep me");
}

#[test]
fn arabic_pages_are_right_to_left() {
    let site = Site::fixture("site");
    let out = site.build("2026-01-01");
    for page in fixture_pages() {
        let html = out.page(&format!("/ar/{page}"));
        let tag = tags(&html, "html")[0];
        assert_eq!(
            (attr(tag, "lang").unwrap(), attr(tag, "dir").unwrap()),
            ("ar".into(), "rtl".into()),
            "/ar/{page}"
        );
        let html = out.page(&format!("/zh-hant/{page}"));
        let tag = tags(&html, "html")[0];
        assert_eq!((attr(tag, "lang").unwrap(), attr(tag, "dir").unwrap()), ("zh-Hant".into(), "ltr".into()));
    }
}

#[test]
fn chinese_heading_anchors_are_stable_across_builds() {
    let site = Site::fixture("site");
    let first = site.build("2026-01-01").page("/zh-hant/privacy/");
    assert!(first.contains(r#"<h2 id="資料保存期間">資料保存期間</h2>"#), "{first}");
    assert!(first.contains(r##"<a href="#資料保存期間">"##), "the table of contents links the anchor");
    // Editing other text of a version not yet in force (those in force are
    // frozen), and adding a heading after it, keeps the anchor.
    let upcoming = "/zh-hant/privacy/2027-01-01/";
    assert!(site.build("2026-01-01").page(upcoming).contains(r#"<h2 id="資料保存期間">"#));
    site.write(
        "content/privacy/2027-01-01.zh-hant.md",
        &(std::fs::read_to_string(site.path("content/privacy/2027-01-01.zh-hant.md"))
            .unwrap()
            .replace("是資料控管者", "是本公司的資料控管者")
            + "\n## 其他\n\n文字。\n"),
    );
    let second = site.build("2026-01-01").page(upcoming);
    assert!(second.contains(r#"<h2 id="資料保存期間">"#) && second.contains("其他"));
}

#[test]
fn sitemap_lists_every_page_with_hreflang_alternates() {
    let site = Site::fixture("site");
    let sitemap = site.build("2026-01-01").page("/sitemap.xml");
    for lang in LANGS {
        assert!(
            sitemap.contains(&format!("<loc>https://privacy.example.com/{lang}privacy/changelog/</loc>"))
        );
    }
    assert!(sitemap.contains(r#"hreflang="zh-Hant" href="https://privacy.example.com/zh-hant/faq/""#));
    assert!(sitemap.contains(r#"hreflang="x-default" href="https://privacy.example.com/faq/""#));
    assert!(!sitemap.contains("404"));
}

#[test]
fn broken_internal_links_and_front_matter_name_file_and_line() {
    let site = Site::fixture("site");
    site.write("content/contact.md", "+++\ntitle = \"Contact\"\n+++\nSee\n[the FAQ](@/faq/no-such-question.md) and\n[retention](@/privacy/_index.md#nowhere).\n");
    site.write("content/faq/delete-my-account.de.md", "+++\ntitel = \"Konto\"\n+++\n");
    let run = site.privet(&["build"]);
    assert!(!run.ok);
    // Every error of the run is reported, each with its place and the line itself.
    for (place, message, line) in [
        (
            "content/contact.md:5:1",
            "the link `@/faq/no-such-question.md` leads to no page",
            "[the FAQ](@/faq/no-such-question.md) and",
        ),
        ("content/contact.md:6:1", "the anchor `#nowhere`", "[retention](@/privacy/_index.md#nowhere)."),
        ("content/faq/delete-my-account.de.md:2:1", "unknown field `titel`", "titel = \"Konto\""),
    ] {
        let at =
            run.stderr.find(&format!("--> {place}")).unwrap_or_else(|| panic!("no {place}:\n{}", run.stderr));
        let before = &run.stderr[..at];
        assert!(before[before.rfind("error: ").unwrap()..].contains(message), "{}", run.stderr);
        assert!(run.stderr[at..].lines().nth(2).unwrap().ends_with(line), "{}", run.stderr);
    }
    assert!(run.stderr.contains("3 errors"));
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn a_site_toml_error_names_the_line() {
    let site = Site::fixture("site");
    site.write(
        "site.toml",
        &std::fs::read_to_string(site.path("site.toml"))
            .unwrap()
            .replace("default_language = \"en\"", "default_language = \"fr\""),
    );
    let run = site.privet(&["build"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("error: the default language `fr` is not configured"), "{}", run.stderr);
    assert!(run.stderr.contains("--> site.toml:3:20"), "{}", run.stderr);
}

#[test]
fn site_templates_override_the_theme() {
    let site = Site::fixture("site");
    site.write("templates/page.html", "unused");
    site.write(
        "templates/contact.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }} / {{ org.email }}</p>{% endblock main %}",
    );
    let html = site.build("2026-01-01").page("/de/contact/");
    assert!(html.contains(r#"<p class="custom">Contact / privacy@example.com</p>"#), "{html}");
}

#[test]
fn editors_files_with_bom_and_crlf_build() {
    let site = Site::fixture("site");
    let text = "\u{feff}+++ \r\ntitle = \"Kontakt\"\r\n+++\r\nSchreiben Sie uns.\r\n";
    site.write("content/contact.de.md", text);
    let html = site.build("2026-01-01").page("/de/contact/");
    assert!(html.contains(">Kontakt</h1>") && html.contains("Schreiben Sie uns."));
}

#[test]
fn force_never_replaces_the_sites_git_its_other_folders_or_a_repository() {
    let site = Site::fixture("site");
    site.write(".git/HEAD", "ref: refs/heads/main\n");
    site.write("notes/todo.txt", "keep me");
    let elsewhere = tempfile::tempdir().unwrap();
    let repo = elsewhere.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(repo.join("README"), "mine").unwrap();
    for target in [site.path(".git"), site.path("notes"), site.path("dist"), repo.clone()] {
        let run = site.privet(&["build", "--output", target.to_str().unwrap(), "--force"]);
        assert_eq!(run.code, Some(1), "{}: {}", target.display(), run.stderr);
        assert!(run.stderr.contains("refusing"), "{}: {}", target.display(), run.stderr);
    }
    assert_eq!(std::fs::read_to_string(site.path(".git/HEAD")).unwrap(), "ref: refs/heads/main\n");
    assert_eq!(std::fs::read_to_string(site.path("notes/todo.txt")).unwrap(), "keep me");
    assert_eq!(std::fs::read_to_string(repo.join("README")).unwrap(), "mine");
    assert!(!site.path("dist").exists());
    // The configured output folder is still fine, with or without --force.
    assert!(site.privet(&["build", "--force"]).ok);
    assert!(site.path("public/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_left_out_of_every_folder_privet_reads() {
    use std::os::unix::fs::symlink;
    let site = Site::fixture("site");
    let elsewhere = tempfile::tempdir().unwrap();
    let secret = elsewhere.path().join("notes.md");
    std::fs::write(&secret, "+++\ntitle = \"Secret\"\n+++\nSECRET-OUTSIDE-THE-SITE\n").unwrap();
    let secret_template = elsewhere.path().join("404.html");
    std::fs::write(&secret_template, "SECRET-OUTSIDE-THE-SITE").unwrap();
    for dir in ["templates", "i18n", "static", "themes/default/templates"] {
        std::fs::create_dir_all(site.path(dir)).unwrap();
    }
    symlink("/proc/self/environ", site.path("templates/404.html")).unwrap();
    symlink(&secret_template, site.path("themes/default/templates/404.html")).unwrap();
    symlink(&secret, site.path("content/notes.md")).unwrap();
    symlink(&secret, site.path("i18n/de.toml")).unwrap();
    symlink(&secret, site.path("static/notes.txt")).unwrap();
    symlink(elsewhere.path(), site.path("static/elsewhere")).unwrap();
    // A link inside the site is followed.
    site.write("shared/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    symlink("../shared/logo.svg", site.path("static/logo.svg")).unwrap();
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert!(run.ok, "{}", run.stderr);
    for left_out in [
        "templates/404.html",
        "themes/default/templates/404.html",
        "content/notes.md",
        "i18n/de.toml",
        "static/notes.txt",
        "static/elsewhere",
    ] {
        assert!(
            run.stderr.contains(left_out) && run.stderr.contains("outside the site"),
            "{left_out}: {}",
            run.stderr
        );
    }
    let out = common::Output { dir: site.path("public") };
    let environ: String = std::env::vars().map(|(k, v)| format!("{k}={v}")).next().unwrap_or_default();
    for (file, bytes) in out.files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("SECRET-OUTSIDE-THE-SITE"), "{file} publishes a file from outside the site");
        assert!(environ.is_empty() || !text.contains(&environ), "{file} publishes the environment");
    }
    assert!(!out.exists("/notes/"));
    assert!(out.exists("/logo.svg"));
    assert!(out.page("/404.html").contains("<html"));
}

/// Runs privet and fails the test if it has not ended within a minute
/// (a build that waits on a named pipe never would).
#[cfg(unix)]
fn privet_within_a_minute(site: &Site, args: &[&str]) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_privet"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let text =
                String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
            return (status.code(), text);
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("privet {args:?} did not end within a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_content_static_or_templates_is_left_out_with_a_warning() {
    for place in ["content/faq/question.md", "static/feed-copy.xml", "templates/contact.html"] {
        let site = Site::fixture("site");
        let pipe = site.path(place);
        std::fs::create_dir_all(pipe.parent().unwrap()).unwrap();
        assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
        for command in ["build", "check"] {
            let (code, said) = privet_within_a_minute(&site, &[command, "--date", "2026-01-01"]);
            assert_eq!(code, Some(0), "{place} ({command}):\n{said}");
            assert!(
                said.contains(place) && said.contains("not a regular file"),
                "{place} ({command}) names it:\n{said}"
            );
        }
        if let Some(name) = place.strip_prefix("static/") {
            assert!(!site.path("public").join(name).exists(), "a pipe is not published");
        }
    }
}

#[test]
fn a_leftover_folder_of_a_killed_build_is_removed_by_the_next_build() {
    let site = Site::fixture("site");
    // A build that was killed: its process (a short-lived one here) is gone.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let leftover = site.path(&format!(".public.privet-new-{dead}"));
    std::fs::create_dir_all(leftover.join("privacy")).unwrap();
    std::fs::write(leftover.join("privacy/index.html"), "half a page").unwrap();
    site.build("2026-01-01");
    assert!(!leftover.exists(), "the next build removes it");
}
