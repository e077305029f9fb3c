//! `privet serve`: pages from memory in every language, live reload after
//! a save, the error overlay, path safety, and many requests at once.

mod common;

use std::time::{Duration, Instant};

use common::Site;

/// One server at a time: the burst test would otherwise starve the others of
/// the machine's two cores and make their timings meaningless.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn exclusive() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn serves_pages_with_the_reload_script_that_build_never_writes() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let en = server.get("/privacy/");
    assert_eq!(en.status, 200);
    assert!(en.headers.contains("Content-Type: text/html; charset=utf-8"));
    assert!(en.body.contains("45 days") || en.body.contains("30 days"));
    let de = server.get("/de/contact/");
    assert_eq!(de.status, 200);
    assert!(de.body.contains("lang=\"de\""));
    assert!(de.body.contains("/__privet/livereload.js"), "the served page carries the reload script");
    let script = server.get("/__privet/livereload.js");
    assert_eq!(script.status, 200);
    assert!(script.headers.contains("text/javascript") && script.body.contains("EventSource"));
    let css = de.body.split("href=\"/assets/").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert!(server.get(&format!("/assets/{css}")).headers.contains("text/css"));
    assert!(server.get("/sitemap.xml").headers.contains("application/xml"));
    assert_eq!(server.get("/de/contact").status, 301);
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));

    let out = site.build("2026-01-01");
    for (file, bytes) in out.files() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__privet"),
            "{file} of build carries the dev server's script"
        );
    }
}

#[test]
fn paths_outside_the_site_are_never_served() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "secret outside the site").unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(secret.path(), site.path("static/leak.txt")).unwrap();
    let server = site.serve();
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/de/../../content/contact.md",
        "//etc/passwd",
        "/content/contact.md",
        "/site.toml",
        "/static/leak.txt",
        "/leak.txt",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("secret outside") && !r.body.contains("base_url"), "{path} leaked a file");
    }
}

#[test]
fn a_save_reloads_the_page_and_an_error_shows_until_fixed() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let mut events = server.events();

    let started = Instant::now();
    site.write(
        "content/contact.md",
        "+++\ntitle = \"Contact\"\n+++\nWrite to us, we answer within a week.\n",
    );
    let reload = events.wait_for("event: reload", Duration::from_secs(2));
    let reload = reload.unwrap_or_else(|| panic!("no reload event within 2 s\n{}", server.log()));
    assert!(reload.contains("\"/contact/\"") && reload.contains("\"/de/contact/\""), "{reload}");
    assert!(!reload.contains("\"/privacy/\""), "only the pages that changed reload: {reload}");
    eprintln!("reload event {} ms after the save", started.elapsed().as_millis());
    assert!(server.get("/contact/").body.contains("we answer within a week"));

    site.write("content/privacy/2025-06-15.md", "+++\ntitle = \"Privacy\nsummary = 1\n+++\n");
    let error = events.wait_for("event: build-error", Duration::from_secs(2)).expect("no error event");
    assert!(error.contains("content/privacy/2025-06-15.md:2:"), "the overlay names file and line: {error}");
    // The last good build is still served, and a new tab gets the error at once.
    assert_eq!(server.get("/privacy/").status, 200);
    let mut late = server.events();
    assert!(late.wait_for("event: build-error", Duration::from_secs(2)).is_some());

    site.write(
        "content/privacy/2025-06-15.md",
        "+++\ntitle = \"Privacy\"\n+++\n## Retention {#retention}\n\nWe keep logs for 40 days.\n",
    );
    assert!(
        events.wait_for("event: ok", Duration::from_secs(2)).is_some(),
        "the overlay clears on the next good save"
    );
    assert!(server.get("/privacy/2025-06-15/").body.contains("40 days"));
}

#[test]
fn editors_temporary_files_do_not_rebuild_and_atomic_saves_do() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let mut events = server.events();
    site.write("content/.contact.md.swp", "junk");
    site.write("content/contact.md~", "junk");
    assert!(events.wait_for("event: reload", Duration::from_millis(600)).is_none(), "{}", server.log());
    // vim and JetBrains save by writing a new file and renaming it over the old one.
    site.write("content/contact.md.tmp", "+++\ntitle = \"Contact\"\n+++\nAtomically saved.\n");
    std::fs::rename(site.path("content/contact.md.tmp"), site.path("content/contact.md")).unwrap();
    assert!(events.wait_for("event: reload", Duration::from_secs(2)).is_some(), "{}", server.log());
    assert!(server.get("/contact/").body.contains("Atomically saved."));
}

#[test]
fn twenty_tabs_and_a_burst_of_requests_do_not_stall() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let tabs: Vec<_> = (0..20).map(|_| server.events()).collect();
    let started = Instant::now();
    let port = server.port;
    let threads: Vec<_> = (0..200)
        .map(|i| {
            std::thread::spawn(move || {
                use std::io::{Read, Write};
                let path = ["/", "/de/privacy/", "/zh-hant/faq/", "/ar/contact/"][i % 4];
                let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
                let mut body = Vec::new();
                s.read_to_end(&mut body).unwrap();
                String::from_utf8_lossy(&body).starts_with("HTTP/1.1 200")
            })
        })
        .collect();
    let ok = threads.into_iter().filter_map(|t| t.join().ok()).filter(|ok| *ok).count();
    assert_eq!(ok, 200, "every request of the burst completes");
    assert!(started.elapsed() < Duration::from_secs(20));
    drop(tabs);
    assert_eq!(server.get("/").status, 200, "still answering after the tabs closed");
}

#[test]
fn an_edit_re_renders_only_what_shows_it_and_a_new_file_everything() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let mut events = server.events();
    // The page without the build id the dev server stamps into it.
    let faq = || {
        let body = server.get("/de/faq/").body;
        body[..body.find("<script src=\"/__privet/").unwrap()].to_string()
    };
    let faq_before = faq();

    site.write(
        "content/privacy/2025-06-15.md",
        "+++\ntitle = \"Privacy Policy\"\nsummary = \"Version of 2025-06-15.\"\n+++\n## Who we are {#controller}\n\nExample GmbH is the controller.\n\n## Retention {#retention}\n\nWe keep server logs for 46 days.\n",
    );
    let reload = events.wait_for("event: reload", Duration::from_secs(2)).expect("no reload event");
    assert!(reload.contains("\"/privacy/2025-06-15/\""), "{reload}");
    assert!(!reload.contains("/contact/") && !reload.contains("/faq/"), "{reload}");
    assert!(server.get("/privacy/2025-06-15/").body.contains("46 days"));
    assert!(
        server.get("/privacy/2027-01-01/changes/").body.contains("46"),
        "the next version's redline follows"
    );
    assert_eq!(faq(), faq_before, "pages not rendered again are still served");
    assert!(server.log().contains("rebuilt"));

    // A new version changes dates and links everywhere: everything is rendered.
    site.write("content/privacy/2026-02-01.md", "+++\ntitle = \"Privacy Policy\"\nsummary = \"Another.\"\n+++\n## Retention {#retention}\n\nSixty days.\n");
    events.wait_for("event: reload", Duration::from_secs(2)).expect("no reload event");
    assert_eq!(server.get("/de/privacy/2026-02-01/").status, 200);
    assert!(server.get("/privacy/changelog/").body.contains("/privacy/2026-02-01/"));
}
