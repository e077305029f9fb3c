//! Search without a browser: the pages and files a build writes with search
//! on and off, the policy each needs, and what the index is made of.
//! (`browser_search.rs` searches in Chromium.)

use crate::common;

use common::Site;

const DATE: &str = "2026-11-28";

#[test]
fn search_has_a_page_per_language_a_field_on_every_page_and_the_policy_for_webassembly() {
    let site = Site::example();
    let out = site.build(DATE);
    for (root, lang, dir) in
        [("/", "en", "ltr"), ("/de/", "de", "ltr"), ("/zh-hant/", "zh-Hant", "ltr"), ("/ar/", "ar", "rtl")]
    {
        let page = out.page(&format!("{root}search/"));
        let html = common::tags(&page, "html")[0];
        assert_eq!(common::attr(html, "lang").as_deref(), Some(lang), "{root}search/");
        assert_eq!(common::attr(html, "dir").as_deref(), Some(dir), "{root}search/");
        // Without JavaScript the page is no dead end: every policy and the FAQ are linked.
        let fallback = page.split("search-fallback").nth(1).expect("the no-script text");
        let links = common::attr_values(fallback, "href");
        for target in ["privacy/", "cookies/", "terms/", "faq/", "contact/"] {
            assert!(links.contains(&format!("{root}{target}")), "{root}search/ links {target}: {links:?}");
        }
        assert!(page.contains("search-fallback"), "{root}search/ has the no-script text");
        assert!(!page.contains("<script>"), "no inline script");
        // Every other page of the language has a search field leading to its search page.
        for other in ["", "privacy/", "faq/", "privacy/2025-06-15/changes/"] {
            let html = out.page(&format!("{root}{other}"));
            assert!(
                common::attr_values(&html, "action").contains(&format!("{root}search/"))
                    && common::attr_values(&html, "name").contains(&"q".to_string()),
                "{root}{other} has no search field"
            );
            assert!(
                html.replace("&#39;", "'").contains("script-src 'self' 'wasm-unsafe-eval';"),
                "{root}{other}: the <meta> policy allows WebAssembly"
            );
        }
    }
    let de = out.page("/de/search/");
    assert!(de.contains("Die Suche braucht JavaScript"), "the search page speaks German");
    assert!(out.page("/ar/search/").contains("يحتاج البحث إلى JavaScript"));
    assert!(out.page("/zh-hant/search/").contains("搜尋功能需要 JavaScript"));

    // Pagefind's loader, its worker, an index per language (and no ready-made interface).
    for file in ["/pagefind/pagefind.js", "/pagefind/pagefind-worker.js", "/pagefind/pagefind-entry.json"] {
        assert!(out.exists(file), "{file}");
    }
    let entry: serde_json::Value = serde_json::from_str(&out.page("/pagefind/pagefind-entry.json")).unwrap();
    for lang in ["en", "de", "zh-hant", "ar"] {
        assert!(entry["languages"][lang]["page_count"].as_u64().unwrap() > 0, "{lang} has an index: {entry}");
    }
    let files = out.files();
    assert!(files.keys().all(|f| !f.starts_with("pagefind/pagefind-ui")), "no Pagefind UI files");
    assert!(files.keys().any(|f| f.starts_with("pagefind/wasm.") && f.ends_with(".pagefind")));

    let csp = out.csp();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"), "{csp}");
    assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{csp}");
    assert!(!out.page("/sitemap.xml").contains("search/"), "the search page stays out of the sitemap");
}

#[test]
fn search_off_writes_no_search_files_no_field_and_the_strict_policy() {
    let site = Site::example();
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    assert!(toml.contains("search = true"), "the example site asks for search");
    site.write("site.toml", &toml.replacen("search = true", "search = false", 1));
    let out = site.build(DATE);
    let files = out.files();
    let search: Vec<&String> = files
        .keys()
        .filter(|f| f.starts_with("pagefind/") || f.contains("search/") || f.contains("search."))
        .collect();
    assert!(search.is_empty(), "search files in a build without search: {search:?}");
    for (name, bytes) in &files {
        if name.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(!html.contains("site-search") && !html.contains("search/"), "{name} links search");
            assert!(!html.contains("wasm-unsafe-eval"), "{name}: the <meta> policy is the strict one");
        }
    }
    let csp = out.csp();
    assert!(csp.starts_with("default-src 'self'; script-src 'self'; style-src"), "{csp}");
}

/// Search is on unless turned off: a site.toml without the key has it.
#[test]
fn a_site_that_does_not_mention_search_has_it() {
    let site = Site::fixture("site");
    assert!(!std::fs::read_to_string(site.path("site.toml")).unwrap().contains("search"));
    let out = site.build(DATE);
    assert!(out.exists("/search/"), "no search page without a `search` key");
    assert!(out.files().keys().any(|f| f == "pagefind/pagefind.js"), "no index without a `search` key");
    assert!(out.page("/").contains("site-search"), "no search field without a `search` key");
}

/// What a build on DATE hands `serve`'s indexer (it makes no index itself).
fn records_of(site: &Site) -> Vec<privet::search::Record> {
    let opts = privet::BuildOptions {
        root: site.root().to_path_buf(),
        date: Some(DATE.parse().unwrap()),
        ..Default::default()
    };
    let config = privet::Config::load(site.root()).unwrap();
    let mut caches = privet::Caches::default();
    let built = privet::generate_with(
        config,
        &opts,
        privet::Mode::CHECK,
        &mut caches,
        None,
        &privet::render::Scope::All,
    )
    .unwrap();
    assert!(built.files.keys().all(|f| !f.starts_with("pagefind/")), "deferred: no index made");
    built.search.expect("records to index").0
}

/// What is indexed: the version in force and archived versions (marked), each
/// FAQ question at its anchor, contact and home; never a fallback, a redline,
/// a changelog or an upcoming version.
#[test]
fn the_index_holds_own_texts_only_and_marks_archived_versions() {
    let site = Site::example();
    let records = records_of(&site);
    let find = |url: &str| records.iter().find(|r| r.url == url);

    let current = find("/privacy/").expect("the privacy policy in force");
    assert!(!current.archived && current.status.starts_with("In force since"), "{}", current.status);
    assert_eq!(current.lang, "en");
    let archived = find("/privacy/2024-03-01/").expect("the archived version");
    assert!(archived.archived);
    assert_eq!(archived.status, "Archived, 1 March 2024");
    let de = find("/de/privacy/2024-03-01/").expect("the archived version in German");
    assert!(de.status.starts_with("Archiviert, "), "{}", de.status);
    let question = find("/zh-hant/faq/#how-long-do-you-keep-my-data").expect("a question at its anchor");
    assert_eq!(question.lang, "zh-hant");
    assert!(question.title.contains("保存"), "{}", question.title);
    for url in ["/", "/ar/", "/contact/", "/ar/contact/", "/ar/privacy/", "/faq/#delete-my-account"] {
        assert!(find(url).is_some(), "{url} is indexed");
    }
    // change-email-address has no Chinese text: its English fallback is not indexed under zh-hant.
    assert!(
        find("/zh-hant/faq/#change-email-address").is_none(),
        "a fallback is indexed under its own language only"
    );
    assert!(find("/faq/#change-email-address").is_some());
    // The Arabic privacy policy has no archived translation: nothing archived under ar.
    assert!(find("/ar/privacy/2024-03-01/").is_none(), "a fallback is indexed under its own language only");
    for r in &records {
        assert!(
            !r.url.contains("/changes/") && !r.url.contains("/compare/") && !r.url.contains("changelog"),
            "{} is not indexed",
            r.url
        );
        assert!(!r.url.contains("2027-04-01"), "an upcoming version is not indexed: {}", r.url);
        assert!(!r.doc.path.to_string_lossy().contains("2027"), "{}", r.url);
        // The text is the reader's language's own.
        let lang = r.url.split('/').nth(1).filter(|s| ["de", "zh-hant", "ar"].contains(s)).unwrap_or("en");
        assert_eq!(r.lang, lang, "{}", r.url);
        let own = ["en", "de", "zh-hant", "ar"].iter().position(|l| *l == lang).unwrap();
        assert_eq!(r.doc.lang, own, "{} shows a text of another language", r.url);
    }
}

/// Each passage a policy ever had is indexed once, at the newest version
/// that has it: a passage still in force finds the version in force, one
/// dropped later finds the last archived version that had it, never each
/// older copy too.
#[test]
fn an_archived_passage_is_indexed_once_at_the_newest_version_that_has_it() {
    let site = Site::fixture("site");
    site.write(
        "content/privacy/2023-01-01.md",
        "+++\ntitle = \"Privacy Policy\"\nsummary = \"Version of 2023-01-01.\"\n+++\n\
         ## Who we are {#controller}\n\nExample GmbH is the controller.\n\n\
         ## Retention {#retention}\n\nWe keep server logs for 30 days.\n\n\
         We printed every invoice on paper.\n",
    );
    let records = records_of(&site);
    let english: Vec<&privet::search::Record> = records.iter().filter(|r| r.lang == "en").collect();
    let texts = privet::search::texts(&english);
    let text = |url: &str| {
        let i = english.iter().position(|r| r.url == url).unwrap_or_else(|| panic!("{url} is not indexed"));
        texts[i].as_str()
    };
    // In force: the whole text.
    assert!(text("/privacy/").contains("45 days") && text("/privacy/").contains("controller"));
    // 30 days was said by 2024-03-01 and 2023-01-01: found at the newer one only.
    assert!(text("/privacy/2024-03-01/").contains("30 days"), "{}", text("/privacy/2024-03-01/"));
    assert!(!text("/privacy/2024-03-01/").contains("controller"), "a passage in force is found there");
    let oldest = text("/privacy/2023-01-01/");
    assert!(oldest.contains("invoice on paper"), "what only the oldest said is found there: {oldest}");
    assert!(!oldest.contains("30 days") && !oldest.contains("controller"), "{oldest}");
    // The records' order does not change what each is found by.
    let reversed: Vec<&privet::search::Record> = english.iter().rev().copied().collect();
    let mut again = privet::search::texts(&reversed);
    again.reverse();
    assert_eq!(again, texts);
}
