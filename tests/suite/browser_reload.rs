//! In a real browser: a save reloads the open page by itself.

use crate::common;

use std::time::{Duration, Instant};

use common::Site;
use common::browser;

#[test]
fn a_save_reloads_an_open_page_by_itself() {
    let Some(browser) = browser::launch("a_save_reloads_an_open_page_by_itself") else { return };
    let site = Site::fixture("site");
    let server = site.serve();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&server.url("/de/contact/")).unwrap().wait_until_navigated().unwrap();
    // A mark that only lives as long as this page: a reload wipes it.
    tab.evaluate("window.privetTestMark = 1", false).unwrap();
    let connected = "document.documentElement.getAttribute('data-privet-live') === 'connected'";
    wait(&tab, connected, Duration::from_secs(5)).expect("the page did not open the live-reload stream");

    site.write(
        "content/contact.de.md",
        "+++\ntitle = \"Kontakt\"\n+++\nSchreiben Sie uns, wir antworten binnen einer Woche.\n",
    );
    let reloaded =
        "window.privetTestMark === undefined && document.body.innerText.includes('binnen einer Woche')";
    let took = wait(&tab, reloaded, Duration::from_secs(5));
    assert!(took.is_some(), "the page did not reload by itself after the save\n{}", server.log());
    eprintln!("the page showed the new text {} ms after the save", took.unwrap().as_millis());

    // A broken save shows the overlay over the page, and a good save removes it.
    site.write("content/contact.de.md", "+++\ntitle = \"Kontakt\n+++\n");
    let overlay =
        "document.getElementById('privet-error-overlay')?.innerText.includes('content/contact.de.md:2:')";
    assert!(wait(&tab, overlay, Duration::from_secs(5)).is_some(), "no error overlay\n{}", server.log());
    site.write("content/contact.de.md", "+++\ntitle = \"Kontakt\"\n+++\nWieder gut.\n");
    let fixed =
        "!document.getElementById('privet-error-overlay') && document.body.innerText.includes('Wieder gut.')";
    assert!(
        wait(&tab, fixed, Duration::from_secs(5)).is_some(),
        "the overlay did not clear\n{}",
        server.log()
    );
}

/// Polls a JavaScript condition; how long it took to hold, or `None` on timeout.
fn wait(tab: &headless_chrome::Tab, condition: &str, timeout: Duration) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < timeout {
        if let Ok(result) = tab.evaluate(condition, false)
            && result.value == Some(serde_json::Value::Bool(true))
        {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}
