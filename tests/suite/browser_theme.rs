//! The theme in a real browser: axe-core finds no WCAG 2.1 A/AA violation
//! on any page type in every language of the example site, light and dark; no request
//! leaves the site; a FAQ link opens its question; the switcher leads to
//! the same page in another language.
//!
//! axe-core comes from npm (`.ci/run` installs it into target/test-deps);
//! PRIVET_AXE may point at another axe.min.js.

use crate::common;

use std::path::PathBuf;
use std::time::Duration;

use common::{Site, StaticServer, browser};
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;

const PAGES: [&str; 14] = [
    "",
    "search/?q=Lumen",
    "privacy/",
    "privacy/changelog/",
    "privacy/2025-06-15/",
    "privacy/2027-04-01/changes/",
    "privacy/2024-03-01/compare/",
    "privacy/2024-03-01/compare/2027-04-01/",
    "faq/",
    "contact/",
    "subprocessors/",
    "subprocessors/2025-09-01/changes/",
    "subprocessors/2025-01-15/compare/",
    "cookie-list/",
];

/// axe-core's script; without it a loud SKIPPED line, or a failure where
/// browser tests are required (PRIVET_REQUIRE_BROWSER=1, as in CI).
fn axe() -> Option<String> {
    let path = std::env::var("PRIVET_AXE").map(PathBuf::from).unwrap_or_else(|_| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-deps/node_modules/axe-core/axe.min.js")
    });
    let found = std::fs::read_to_string(path).ok();
    if found.is_none() {
        if std::env::var("PRIVET_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("axe-core is required: npm install --prefix target/test-deps axe-core@4");
        }
        eprintln!(
            "\n======== SKIPPED: axe-core not found; `npm install --prefix target/test-deps axe-core@4` enables this test ========\n"
        );
    }
    found
}

use common::browser::{open, wait};

fn eval(tab: &Tab, js: &str, promise: bool) -> serde_json::Value {
    tab.evaluate(js, promise).unwrap().value.unwrap_or(serde_json::Value::Null)
}

/// The WCAG 2.1 A/AA violations axe finds on the open page, one line each.
fn violations(tab: &Tab, axe: &str) -> Vec<String> {
    tab.evaluate(axe, false).unwrap();
    let run = "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then(r => JSON.stringify(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' :: '
            + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))";
    let json = eval(tab, run, true);
    let json = json.as_str().unwrap_or_else(|| panic!("axe did not run: {json}"));
    serde_json::from_str(json).unwrap()
}

#[test]
fn axe_finds_a_violation_when_there_is_one() {
    let Some(browser) = browser::launch("axe_finds_a_violation_when_there_is_one") else { return };
    let Some(axe) = axe() else { return };
    let site = Site::fixture("site");
    // A template that forgets the image's text alternative and the page's language.
    site.write("templates/contact.html", "<!DOCTYPE html><html><head><title>x</title></head><body><main><img src=\"x.png\"></main></body></html>");
    let out = site.build("2026-01-01");
    let server = StaticServer::start(out.dir.clone());
    let tab = browser.new_tab().unwrap();
    open(&tab, &server.url("/contact/"));
    let found = violations(&tab, &axe).join("\n");
    assert!(found.contains("image-alt") && found.contains("html-has-lang"), "{found}");
}

#[test]
fn every_page_type_is_accessible_and_self_contained_in_every_language() {
    let Some(browser) = browser::launch("every_page_type_is_accessible_and_self_contained_in_every_language")
    else {
        return;
    };
    let Some(axe) = axe() else { return };
    // Translations behind their source, so the notices are checked too.
    let site = Site::example().with_stale_translations();
    let out = site.build("2026-11-28");
    let server = StaticServer::start(out.dir.clone());
    let tab = browser.new_tab().unwrap();
    let mut problems = Vec::new();
    // Every language in the light scheme; the dark scheme in a left-to-right and a right-to-left one.
    for (scheme, langs) in [("light", &["", "de/", "zh-hant/", "ar/"][..]), ("dark", &["", "ar/"][..])] {
        let features =
            vec![Emulation::MediaFeature { name: "prefers-color-scheme".into(), value: scheme.into() }];
        tab.call_method(Emulation::SetEmulatedMedia { media: None, features: Some(features) }).unwrap();
        for lang in langs {
            for page in PAGES {
                let address = format!("/{lang}{page}");
                open(&tab, &server.url(&address));
                if page.starts_with("search/") {
                    assert!(
                        wait(&tab, "document.querySelector('.search-result') !== null"),
                        "{address}: no results"
                    );
                }
                for v in violations(&tab, &axe) {
                    problems.push(format!("{address} ({scheme}): {v}"));
                }
                let foreign = eval(
                    &tab,
                    "JSON.stringify(performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin)))",
                    false,
                );
                if foreign.as_str() != Some("[]") {
                    problems.push(format!("{address}: requests to other hosts: {foreign}"));
                }
                let cookies = eval(&tab, "document.cookie", false);
                if cookies.as_str() != Some("") {
                    problems.push(format!("{address}: sets cookies: {cookies}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn a_faq_link_opens_its_question_and_the_switcher_keeps_the_page() {
    let Some(example) =
        browser::example("a_faq_link_opens_its_question_and_the_switcher_keeps_the_page", "2026-11-28")
    else {
        return;
    };
    let (tab, server) = (&example.tab, &example.server);

    open(tab, &server.url("/de/faq/#delete-my-account"));
    let opened = wait(tab, "document.getElementById('delete-my-account').open === true");
    assert!(opened, "the linked question is expanded");
    let others =
        eval(tab, "[...document.querySelectorAll('details.question')].filter(d => d.open).length", false);
    assert_eq!(others, serde_json::json!(1), "only the linked question is open");

    open(tab, &server.url("/privacy/changelog/"));
    tab.find_element("nav.languages a[hreflang='ar']").unwrap().click().unwrap();
    assert!(
        wait(tab, "location.pathname === '/ar/privacy/changelog/'"),
        "the switcher leads to the same page in Arabic"
    );
    assert_eq!(eval(tab, "document.documentElement.dir", false), serde_json::json!("rtl"));
    // The layout mirrors: the table of contents stands right of the text in Arabic.
    open(tab, &server.url("/ar/privacy/"));
    let mirrored = "document.querySelector('.toc').getBoundingClientRect().left > document.querySelector('.prose').getBoundingClientRect().left";
    tab.set_bounds(headless_chrome::types::Bounds::Normal {
        left: None,
        top: None,
        width: Some(1280.0),
        height: Some(900.0),
    })
    .ok();
    assert!(wait(tab, mirrored), "the Arabic layout is mirrored");
    // The skip link is the first thing a keyboard reaches, and it is visible when focused.
    tab.press_key("Tab").unwrap();
    let skip = "document.activeElement.classList.contains('skip-link') && document.activeElement.getBoundingClientRect().top >= 0";
    assert!(wait(tab, skip), "Tab focuses a visible skip link first");
}

/// Records every Content-Security-Policy violation of the pages the tab opens.
fn watch_csp(tab: &Tab) {
    let source = "window.cspViolations = []; document.addEventListener('securitypolicyviolation', \
        e => window.cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI));";
    tab.call_method(headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument {
        source: source.into(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
}

#[test]
fn the_content_security_policy_holds_on_the_host_and_in_the_preview() {
    let Some(browser) = browser::launch("the_content_security_policy_holds_on_the_host_and_in_the_preview")
    else {
        return;
    };
    let site = Site::example();
    let out = site.build("2026-11-28");
    // As a host serves it: the policy from _headers as a real header.
    let host = out.host_with_csp();
    // As the preview serves it: the <meta> policy, with the live-reload script.
    let preview = site.serve();
    let tab = browser.new_tab().unwrap();
    watch_csp(&tab);
    let mut problems = Vec::new();
    for (origin, url) in [("host", host.url("")), ("serve", preview.url(""))] {
        for page in ["/", "/ar/privacy/", "/faq/", "/de/contact/", "/privacy/2027-04-01/changes/"] {
            open(&tab, &format!("{url}{page}"));
            std::thread::sleep(Duration::from_millis(300));
            let seen = eval(&tab, "JSON.stringify(window.cspViolations)", false);
            if seen.as_str() != Some("[]") {
                problems.push(format!("{origin} {page}: {seen}"));
            }
            // The stylesheet applied: the policy did not block it.
            let styled = eval(&tab, "getComputedStyle(document.querySelector('.skip-link')).position", false);
            if styled != serde_json::json!("absolute") {
                problems.push(format!("{origin} {page}: the stylesheet did not apply"));
            }
        }
    }
    let live = eval(&tab, "document.documentElement.getAttribute('data-privet-live')", false);
    assert_eq!(live, serde_json::json!("connected"), "the live-reload script runs under the policy");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // A control: an inline script is blocked and reported.
    site.write("templates/page.html", "<!DOCTYPE html><html lang=\"en\"><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self'\"><title>x</title></head><body><script>document.title = 'ran'</script></body></html>");
    site.write("content/imprint.md", "+++\ntitle = \"Imprint\"\n+++\n");
    let out = site.build("2026-11-28");
    let control = StaticServer::start(out.dir.clone());
    open(&tab, &control.url("/imprint/"));
    std::thread::sleep(Duration::from_millis(300));
    let seen = eval(&tab, "JSON.stringify(window.cspViolations)", false);
    assert!(seen.as_str().unwrap().contains("script-src"), "{seen}");
}
