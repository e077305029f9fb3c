//! The repository's own example site: builds without warnings, and every
//! internal link in every page leads to an existing file and anchor.

use crate::common;

use common::{Output, Site, attr_values, file_of};

/// Checks every `href` and `src` on every HTML page that stays on the site.
fn check_links(out: &Output, base_path: &str) -> usize {
    let files = out.files();
    let mut checked = 0;
    let mut broken = Vec::new();
    for (file, bytes) in &files {
        if !file.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        for link in attr_values(&html, "href").into_iter().chain(attr_values(&html, "src")) {
            if link.starts_with("http") || link.starts_with("mailto:") || link.starts_with("tel:") {
                continue;
            }
            checked += 1;
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let target = if path.is_empty() {
                file.clone()
            } else {
                let Some(rel) = path.strip_prefix(base_path) else {
                    broken.push(format!("{file}: {link} is outside {base_path}"));
                    continue;
                };
                file_of(&format!("/{rel}"))
            };
            let Some(bytes) = files.get(&target) else {
                broken.push(format!("{file}: {link} leads to missing {target}"));
                continue;
            };
            if let Some(fragment) = fragment {
                let fragment = common::file_of(&format!("/{fragment}"));
                let fragment = fragment.trim_end_matches("index.html");
                let page = String::from_utf8_lossy(bytes);
                if !page.contains(&format!("id={fragment}>"))
                    && !page.contains(&format!("id=\"{fragment}\""))
                    && !page.contains(&format!("id={fragment} "))
                {
                    broken.push(format!("{file}: {link}: no id `{fragment}` in {target}"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    checked
}

#[test]
fn the_example_site_builds_cleanly_and_no_link_is_broken() {
    let site = Site::example();
    let run = site.privet(&["build", "--date", "2026-11-28"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "the example site builds with warnings:\n{}", run.stderr);
    let out = Output { dir: site.path("public") };
    let checked = check_links(&out, "/");
    assert!(checked > 1000, "only {checked} links checked");
    // The upcoming privacy version is announced in every language.
    for lang in ["", "de/", "zh-hant/", "ar/"] {
        let html = out.page(&format!("/{lang}privacy/"));
        assert!(
            html.contains(&format!("/{lang}privacy/2027-04-01/")),
            "/{lang}privacy/ does not announce the upcoming version"
        );
    }
}

#[test]
fn the_example_site_works_under_a_sub_path() {
    let site = Site::example();
    let run =
        site.privet(&["build", "--date", "2026-11-28", "--base-url", "https://example.com/privacy-center/"]);
    assert!(run.ok, "{}", run.stderr);
    let out = Output { dir: site.path("public") };
    check_links(&out, "/privacy-center/");
    let sitemap = out.page("/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.com/privacy-center/de/privacy/</loc>"));
}

#[test]
fn the_example_site_works_without_directory_indexes() {
    let site = Site::example();
    let run = site.privet(&["build", "--date", "2026-11-28", "--ugly-urls"]);
    assert!(run.ok, "{}", run.stderr);
    let out = Output { dir: site.path("public") };
    for file in [
        "/index.html",
        "/privacy.html",
        "/de/privacy/changelog.html",
        "/ar/privacy/2027-04-01/changes.html",
        "/zh-hant/faq.html",
    ] {
        assert!(out.exists(file), "{file} is missing");
    }
    assert!(!out.exists("/privacy/index.html"));
    check_links(&out, "/");
    let home = out.page("/de/index.html");
    assert!(home.contains("href=/de/privacy.html") || home.contains("href=\"/de/privacy.html\""));
    assert!(
        out.page("/sitemap.xml").contains("<loc>https://privacy.lumenledger.example/de/privacy.html</loc>")
    );
}
