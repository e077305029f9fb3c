//! Search in Chromium, as a reader uses it: on the example site served with
//! its `_headers` policy enforced, a query in each script lists the page
//! that holds it; in `serve`, a word saved a moment ago is found.

use crate::common;

use std::time::{Duration, Instant};

use common::Site;
use common::browser::{self, eval, open};
use headless_chrome::Tab;

/// Records what a page must not do: break the policy, log an error or a
/// warning (Pagefind warns when its worker fails and it falls back).
fn watch(tab: &Tab) {
    let source = "window.problems = [];\
        document.addEventListener('securitypolicyviolation', e => window.problems.push('CSP ' + e.violatedDirective + ' blocked ' + e.blockedURI));\
        window.addEventListener('error', e => window.problems.push('error ' + e.message));\
        window.addEventListener('unhandledrejection', e => window.problems.push('rejection ' + e.reason));\
        for (const level of ['error', 'warn']) { const f = console[level]; console[level] = (...a) => { window.problems.push(level + ' ' + a.join(' ')); f.apply(console, a); }; }";
    tab.call_method(headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument {
        source: source.into(),
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
}

/// Waits up to `timeout` for the search page to list results (or say there are none).
/// Each result as (address, status, archived, the section it names).
fn results(tab: &Tab, timeout: Duration) -> Vec<(String, String, bool, String)> {
    let started = Instant::now();
    loop {
        let listed = eval(
            tab,
            "(() => { const s = document.querySelector('.search-status'); \
              const items = [...document.querySelectorAll('.search-result')]; \
              if (!items.length && !(s && s.textContent && !s.textContent.endsWith('…'))) return null; \
              return JSON.stringify(items.map(i => [i.querySelector('a').getAttribute('href'), \
                (i.querySelector('.search-result-status') || {}).textContent || '', i.classList.contains('archived'), \
                (i.querySelector('.search-result-section') || {}).textContent || ''])); })()",
        );
        if let Some(text) = listed.as_str() {
            return serde_json::from_str(text).unwrap();
        }
        if started.elapsed() > timeout {
            return Vec::new();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The marked words of the first result's excerpt.
fn marked(tab: &Tab) -> String {
    eval(
        tab,
        "[...document.querySelectorAll('.search-result:first-child mark')].map(m => m.textContent).join(' ')",
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

fn problems(tab: &Tab) -> String {
    eval(tab, "JSON.stringify(window.problems)").as_str().unwrap_or("[]").to_string()
}

#[test]
fn a_query_in_each_script_finds_its_page_under_the_hosts_policy() {
    let Some(browser) = browser::launch("a_query_in_each_script_finds_its_page_under_the_hosts_policy")
    else {
        return;
    };
    let site = Site::example();
    let out = site.build("2026-11-28");
    let csp = out.csp();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    // As a host serves it: the policy as a real header on every file, the worker's too.
    let host = out.host_with_csp();
    let tab = browser.new_tab().unwrap();
    watch(&tab);
    let mut failures = Vec::new();

    // Typing into the field: a vendor's name, which the privacy policy and
    // the subprocessor register have; the register's result leads to its row.
    open(&tab, &host.url("/search/"));
    tab.find_element("#search-q").unwrap().type_into("Parsewell").unwrap();
    let found = results(&tab, Duration::from_secs(10));
    if !found.iter().any(|r| r.0 == "/subprocessors/#parsewell" && r.1 == "Subprocessors") {
        failures.push(format!("Parsewell: no result at its row: {found:?}"));
    }
    if !marked(&tab).to_lowercase().contains("parsewell") {
        failures.push(format!("Parsewell is not highlighted: {}", marked(&tab)));
    }
    assert!(
        eval(&tab, "location.search").as_str() == Some("?q=Parsewell"),
        "the query stands in the address, so a reload or a link keeps it"
    );
    // The policy's result leads to the section that names the vendor most, and says which.
    match found.iter().find(|r| r.0.starts_with("/privacy/")) {
        Some((href, status, false, section)) if status.starts_with("In force since") => {
            let anchor = href.strip_prefix("/privacy/#").unwrap_or_default();
            if anchor.is_empty() || section.is_empty() {
                failures.push(format!("Parsewell: the policy's result names no section: {href} {section:?}"));
            } else {
                open(&tab, &host.url(href));
                let heading = eval(
                    &tab,
                    &format!(
                        "(e => e && /^H[1-6]$/.test(e.tagName) ? e.textContent : null)(document.getElementById({anchor:?}))"
                    ),
                );
                if heading.as_str() != Some(section.as_str()) {
                    failures.push(format!("Parsewell: {href} is not the heading {section:?}: {heading}"));
                }
            }
        }
        _ => failures.push(format!("Parsewell: the policy or its status is not shown: {found:?}")),
    }

    // A vendor found by what it does, in German: its row.
    open(&tab, &host.url("/de/search/?q=Telefonanlage"));
    let found = results(&tab, Duration::from_secs(10));
    if !found.iter().any(|r| r.0 == "/de/subprocessors/#rufwerk") {
        failures.push(format!("Telefonanlage: {found:?}"));
    }

    // Two characters from a Traditional Chinese FAQ answer (「伺服器日誌：四十五日」).
    open(&tab, &host.url("/zh-hant/search/?q=日誌"));
    let found = results(&tab, Duration::from_secs(10));
    if !found.iter().any(|r| r.0 == "/zh-hant/faq/#how-long-do-you-keep-my-data") {
        failures.push(format!("日誌: {found:?}"));
    }
    if !marked(&tab).contains("日誌") {
        failures.push(format!("日誌 is not highlighted: {}", marked(&tab)));
    }

    // An Arabic query on the Arabic search page, which runs right to left.
    open(&tab, &host.url("/ar/search/?q=الاحتفاظ"));
    let found = results(&tab, Duration::from_secs(10));
    if found.is_empty() || !found.iter().all(|r| r.0.starts_with("/ar/")) {
        failures.push(format!("الاحتفاظ: {found:?}"));
    }
    let dir = eval(&tab, "getComputedStyle(document.querySelector('.search-results')).direction");
    if dir.as_str() != Some("rtl") {
        failures.push(format!("the Arabic results run {dir}"));
    }

    // A phrase only the archived version has: listed, and marked as archived.
    open(&tab, &host.url("/search/?q=interviews"));
    let found = results(&tab, Duration::from_secs(10));
    match found.first() {
        Some((href, status, true, _))
            if href == "/privacy/2024-03-01/" && status == "Archived, 1 March 2024" => {}
        _ => failures.push(format!("interviews: {found:?}")),
    }

    // The header's field on another page leads to the search page of its language.
    open(&tab, &host.url("/de/faq/"));
    tab.find_element("#site-search-q").unwrap().type_into("Konto").unwrap();
    tab.press_key("Enter").unwrap();
    tab.wait_until_navigated().unwrap();
    let found = results(&tab, Duration::from_secs(10));
    let at = eval(&tab, "location.pathname + location.search");
    if at.as_str() != Some("/de/search/?q=Konto")
        || !found.iter().all(|r| r.0.starts_with("/de/"))
        || found.is_empty()
    {
        failures.push(format!("the header field: {at} {found:?}"));
    }

    // Nothing left the site, nothing broke the policy, nothing was logged.
    let elsewhere = eval(
        &tab,
        "JSON.stringify(performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin)))",
    );
    if elsewhere.as_str() != Some("[]") {
        failures.push(format!("requests to another host: {elsewhere}"));
    }
    if problems(&tab) != "[]" {
        failures.push(format!("problems: {}", problems(&tab)));
    }
    // Nor did the browser ask for a file the site lacks (a 404 is an error in its console).
    if !host.missed().is_empty() {
        failures.push(format!("asked for files the site does not have: {:?}", host.missed()));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn in_serve_a_word_saved_a_moment_ago_is_found() {
    let Some(browser) = browser::launch("in_serve_a_word_saved_a_moment_ago_is_found") else { return };
    let site = Site::example();
    let server = site.serve_on("2026-11-28");
    let tab = browser.new_tab().unwrap();
    watch(&tab);
    open(&tab, &server.url("/search/?q=Quokkaformular"));
    let before = results(&tab, Duration::from_secs(10));
    assert!(before.is_empty(), "the word is not on the site yet: {before:?}");
    assert!(
        eval(&tab, "document.querySelector('.search-status').textContent.includes('No results')") == true
    );

    let answer = std::fs::read_to_string(site.path("content/faq/delete-my-account.md")).unwrap();
    let mut events = server.events();
    site.write("content/faq/delete-my-account.md", &format!("{answer}\nAsk for the Quokkaformular.\n"));
    events.wait_for("event: reload", Duration::from_secs(20)).expect("no reload after the save");
    // Reloading the search page as the live reload does: the index of the new build answers.
    tab.reload(false, None).unwrap().wait_until_navigated().unwrap();
    let found = results(&tab, Duration::from_secs(20));
    assert_eq!(
        found.first().map(|r| r.0.as_str()),
        Some("/faq/#delete-my-account"),
        "{found:?}\n{}",
        server.log()
    );
    assert_eq!(problems(&tab), "[]");
}
