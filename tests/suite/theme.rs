//! What the default theme writes, without a browser: a 404 page per
//! language, no language switcher on a one-language site, no "Updated"
//! badge for a policy's first version, labelled table regions.

use crate::common;

use common::Site;

#[test]
fn every_language_has_a_404_page_in_its_language_and_direction() {
    let site = Site::fixture("site");
    let out = site.build("2026-01-01");
    let ar = out.page("/ar/404.html");
    assert!(ar.contains(r#"<html lang="ar" dir="rtl">"#), "{ar}");
    assert!(ar.contains(r#"href="/ar/""#), "the Arabic 404 page leads to the Arabic home page");
    let en = out.page("/404.html");
    assert!(en.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(out.page("/zh-hant/404.html").contains(r#"lang="zh-Hant""#));
    assert!(!out.page("/sitemap.xml").contains("404"), "404 pages stay out of the sitemap");
}

#[test]
fn a_one_language_site_has_no_language_switcher() {
    let site = Site::fixture("site");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    let (head, _) = toml.split_once("[languages.de]").unwrap();
    let (_, org) = toml.split_once("[organization]").unwrap();
    site.write("site.toml", &format!("{head}[organization]{org}"));
    for f in std::fs::read_dir(site.path("content/privacy")).unwrap() {
        let path = f.unwrap().path();
        if path.file_name().unwrap().to_string_lossy().matches('.').count() > 1 {
            std::fs::remove_file(path).unwrap();
        }
    }
    site.remove("content/faq/delete-my-account.de.md");
    site.remove("content/_index.de.md");
    let out = site.build("2026-01-01");
    for page in ["/", "/privacy/", "/404.html"] {
        assert!(!out.page(page).contains(r#"class="languages""#), "{page} has a switcher");
    }
    let multi = Site::fixture("site");
    assert!(multi.build("2026-01-01").page("/privacy/").contains(r#"class="languages""#));
}

#[test]
fn only_a_version_that_replaced_another_is_marked_updated() {
    let site = Site::fixture("site");
    // Ten days after the first version took effect: new, but nothing was updated.
    assert!(!site.build("2024-03-10").page("/").contains("status-updated"));
    // Ten days after the second: updated.
    assert!(site.build("2025-06-25").page("/").contains("status-updated"));
}

#[test]
fn a_wide_table_scrolls_in_a_labelled_focusable_region() {
    let site = Site::fixture("site");
    site.write(
        "content/privacy/2024-03-01.ar.md",
        "+++\ntitle = \"سياسة\"\n+++\n| أ | ب |\n| --- | --- |\n| 1 | 2 |\n",
    );
    let out = site.build("2024-03-10");
    let ar = out.page("/ar/privacy/");
    assert!(
        ar.contains(
            r#"<div class="table-scroll" tabindex="0" role="region" aria-label="جدول، يمكن تمريره أفقيًا">"#
        ),
        "{ar}"
    );
    assert!(!out.page("/privacy/").contains("@@privet"), "no placeholder is left");
}

#[test]
fn a_template_compares_and_tests_a_title_with_an_ampersand_as_written() {
    // Tera compares and tests values without escaping them first (the
    // vendored change 8): both sides as written, so the answers are those
    // of escaping both, and a printed value is still escaped.
    let site = Site::fixture("site");
    site.write("content/_index.md", "+++\ntitle = \"Tom & Jerry's\"\n+++\nWelcome.\n");
    site.write(
        "templates/home.html",
        "{% if page.title == \"Tom & Jerry's\" %}equal{% else %}differs{% endif %}\
         {% if page.title != \"Tom &amp; Jerry&#39;s\" %} not escaped{% endif %}\
         {% if page.title %} set{% endif %}{% if not page.title %} empty{% endif %} {{ page.title }}",
    );
    let out = site.build("2026-01-01");
    assert_eq!(out.page("/").trim(), "equal not escaped set Tom &amp; Jerry&#39;s");
}
