//! Real Chromium for browser tests (Debian's `chromium`), driven with
//! headless_chrome. Where Chromium is missing, tests print a loud SKIPPED
//! line; with PRIVET_REQUIRE_BROWSER=1 (as in CI) they fail instead.

use std::ffi::OsStr;
use std::path::PathBuf;

use headless_chrome::{Browser, LaunchOptions};

fn chromium() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("PRIVET_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// A headless Chromium, or `None` (after saying SKIPPED) where there is none.
pub fn launch(test: &str) -> Option<Browser> {
    let Some(path) = chromium() else {
        if std::env::var("PRIVET_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!(
                "{test}: Chromium is required (PRIVET_REQUIRE_BROWSER=1) but not installed: apt-get install chromium"
            );
        }
        eprintln!(
            "\n======== SKIPPED: {test}: no Chromium found; `apt-get install chromium` enables this browser test ========\n"
        );
        return None;
    };
    // The flags keep Chromium from reaching out to the network: this machine has none.
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .args(args)
        .idle_browser_timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap();
    Some(Browser::new(options).unwrap())
}

/// Opens `url` in `tab` and waits for it to load.
pub fn open(tab: &headless_chrome::Tab, url: &str) {
    tab.navigate_to(url).unwrap().wait_until_navigated().unwrap();
}

/// The value of a JavaScript expression (`null` when it has none).
pub fn eval(tab: &headless_chrome::Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false).unwrap().value.unwrap_or(serde_json::Value::Null)
}

/// Whether `condition` becomes true within 5 s.
pub fn wait(tab: &headless_chrome::Tab, condition: &str) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_secs(5) {
        if eval(tab, condition) == serde_json::Value::Bool(true) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    false
}

/// Makes the tab's viewport `width` × `height` CSS pixels (a phone: 320 or 375 wide).
pub fn viewport(tab: &headless_chrome::Tab, width: u32, height: u32) {
    tab.call_method(headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        mobile: false,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
}

/// The value of a JavaScript expression passed through JSON, so arrays and
/// objects arrive whole (`null` when it has none).
pub fn eval_json(tab: &headless_chrome::Tab, js: &str) -> serde_json::Value {
    let json = tab.evaluate(&format!("JSON.stringify({js})"), false).unwrap().value;
    let json = json.as_ref().and_then(|v| v.as_str()).unwrap_or("null");
    serde_json::from_str(json).unwrap()
}

/// The example site built on a day, served on loopback, and a tab of
/// Chromium to read it in: what most browser tests start from.
pub struct Example {
    pub tab: std::sync::Arc<headless_chrome::Tab>,
    pub server: super::StaticServer,
    // Kept while the test reads the site: the folder it is served from, the browser.
    _site: super::Site,
    _browser: Browser,
}

/// [`Example`] on `date`; `None` where there is no Chromium (after the
/// SKIPPED line [`launch`] prints, or its failure where one is required).
pub fn example(test: &str, date: &str) -> Option<Example> {
    let browser = launch(test)?;
    let site = super::Site::example();
    let out = site.build(date);
    let server = super::StaticServer::start(out.dir.clone());
    let tab = browser.new_tab().unwrap();
    Some(Example { tab, server, _site: site, _browser: browser })
}
