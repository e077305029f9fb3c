//! `privet serve`: pages from memory in every language, live reload after
//! a save, the error overlay, path safety, and many requests at once.

use crate::common;

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
    let server = site.serve_on("2026-01-01");
    let en = server.get("/privacy/");
    assert_eq!(en.status, 200);
    assert!(en.headers.contains("Content-Type: text/html; charset=utf-8"));
    // On that day the version of 2025-06-15 is in force: 45 days, not the 30 of 2024.
    assert!(en.body.contains("45 days") && !en.body.contains("30 days"), "{}", en.body);
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

    site.write("content/privacy/2027-01-01.md", "+++\ntitle = \"Privacy\nsummary = 1\n+++\n");
    let error = events.wait_for("event: build-error", Duration::from_secs(2)).expect("no error event");
    assert!(error.contains("content/privacy/2027-01-01.md:2:"), "the overlay names file and line: {error}");
    // The last good build is still served, and a new tab gets the error at once.
    assert_eq!(server.get("/privacy/").status, 200);
    let mut late = server.events();
    assert!(late.wait_for("event: build-error", Duration::from_secs(2)).is_some());

    site.write(
        "content/privacy/2027-01-01.md",
        "+++\ntitle = \"Privacy\"\n+++\n## Retention {#retention}\n\nWe keep logs for 40 days.\n",
    );
    assert!(
        events.wait_for("event: ok", Duration::from_secs(2)).is_some(),
        "the overlay clears on the next good save"
    );
    assert!(server.get("/privacy/2027-01-01/").body.contains("40 days"));
    // A version in force is frozen: the overlay says so, naming the file, until the edit is undone.
    let in_force = std::fs::read_to_string(site.path("content/privacy/2025-06-15.md")).unwrap();
    site.write("content/privacy/2025-06-15.md", &in_force.replace("45 days", "44 days"));
    let error = events.wait_for("event: build-error", Duration::from_secs(2)).expect("no error event");
    assert!(error.contains("content/privacy/2025-06-15.md:1:") && error.contains("frozen"), "{error}");
    site.write("content/privacy/2025-06-15.md", &in_force);
    assert!(
        events.wait_for("event: ok", Duration::from_secs(2)).is_some(),
        "undoing the edit clears the overlay"
    );
}

#[test]
fn editors_temporary_files_do_not_rebuild_and_atomic_saves_do() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let mut events = server.events();
    site.write("content/.contact.md.swp", "junk");
    site.write("content/contact.md~", "junk");
    // A real save right after: the rebuild it starts must be its alone.
    let question = std::fs::read_to_string(site.path("content/faq/delete-my-account.md")).unwrap();
    site.write("content/faq/delete-my-account.md", &format!("{question}\nSaved after the junk.\n"));
    let reload = events.wait_for("event: reload", Duration::from_secs(3)).expect("the real save reloads");
    assert!(reload.contains("/faq/") && !reload.contains("/contact/"), "{reload}");
    std::thread::sleep(Duration::from_millis(400));
    let log = server.log();
    let rebuilds: Vec<&str> = log.lines().filter(|l| l.starts_with("rebuilt")).collect();
    assert_eq!(rebuilds.len(), 1, "one rebuild, for the real save:\n{log}");
    assert!(!rebuilds[0].contains(".swp") && !rebuilds[0].contains('~'), "{log}");
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
                write!(s, "GET {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n")
                    .unwrap();
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
        "content/privacy/2027-01-01.md",
        "+++\ntitle = \"Privacy Policy\"\nsummary = \"Version of 2027-01-01.\"\n+++\n## Who we are {#controller}\n\nExample GmbH is the controller.\n\n## Retention {#retention}\n\nWe keep server logs for 46 days.\n",
    );
    let reload = events.wait_for("event: reload", Duration::from_secs(2)).expect("no reload event");
    assert!(reload.contains("\"/privacy/2027-01-01/\""), "{reload}");
    assert!(!reload.contains("/contact/") && !reload.contains("/faq/"), "{reload}");
    assert!(server.get("/privacy/2027-01-01/").body.contains("46 days"));
    assert!(server.get("/privacy/2027-01-01/changes/").body.contains("46"), "its redline follows");
    assert_eq!(faq(), faq_before, "pages not rendered again are still served");
    assert!(server.log().contains("rebuilt"));

    // A new version changes dates and links everywhere: everything is rendered.
    site.write("content/privacy/2026-02-01.md", "+++\ntitle = \"Privacy Policy\"\nsummary = \"Another.\"\n+++\n## Retention {#retention}\n\nSixty days.\n");
    events.wait_for("event: reload", Duration::from_secs(2)).expect("no reload event");
    assert_eq!(server.get("/de/privacy/2026-02-01/").status, 200);
    assert!(server.get("/privacy/changelog/").body.contains("/privacy/2026-02-01/"));
}

/// The README's `privet serve`, in the site's folder with no `--root`: the
/// watcher reports absolute paths, and a save must still be found below the
/// root, render only what shows it, and never rebuild for the lock files.
#[test]
fn a_save_in_a_site_served_from_its_own_folder_renders_only_what_it_changes() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve_in_its_folder(&["--date", "2026-06-01"]);
    let mut events = server.events();
    let file = site.path("content/privacy/2027-01-01.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nA sentence saved in the site's own folder.\n")).unwrap();
    let reload = events.wait_for("event: reload", Duration::from_secs(3));
    let reload = reload.unwrap_or_else(|| panic!("no reload event\n{}", server.log()));
    assert!(reload.contains("\"/privacy/2027-01-01/\""), "{reload}");
    assert!(
        !reload.contains("\"all\"") && !reload.contains("/contact/"),
        "only what shows the text: {reload}"
    );
    assert!(server.get("/privacy/2027-01-01/").body.contains("A sentence saved in the site's own folder."));
    std::thread::sleep(Duration::from_millis(500));
    let log = server.log();
    assert!(log.contains("after a change to content/privacy/2027-01-01.md"), "{log}");
    assert_eq!(log.matches("rebuilt in").count(), 1, "a lock file privet wrote rebuilt the site\n{log}");
}

/// Sends `head` (request line and headers, without the blank line) and reads the whole answer.
fn raw(port: u16, head: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = write!(s, "{head}\r\nConnection: close\r\n\r\n");
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn only_requests_for_its_own_host_are_answered() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let port = server.port;
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("LocalHost:{port}")] {
        let answer = raw(port, &format!("GET /privacy/ HTTP/1.1\r\nHost: {host}"));
        assert!(answer.starts_with("HTTP/1.1 200"), "Host: {host}\n{answer}");
        assert!(answer.contains("X-Content-Type-Options: nosniff"), "{answer}");
    }
    // A page of another site that reaches the preview through a name pointing at 127.0.0.1.
    for head in [
        format!("GET /privacy/ HTTP/1.1\r\nHost: rebind.example:{port}"),
        "GET /__privet/events HTTP/1.1\r\nHost: rebind.example".to_string(),
        format!("GET /privacy/ HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: http://rebind.example"),
        "GET /privacy/ HTTP/1.0".to_string(),
        // Another port is another server on this machine; no port is port 80.
        "GET /privacy/ HTTP/1.1\r\nHost: 127.0.0.1:1".to_string(),
        "GET /privacy/ HTTP/1.1\r\nHost: localhost".to_string(),
        format!("GET /privacy/ HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: http://localhost:1"),
    ] {
        let answer = raw(port, &head);
        let status = answer.lines().next().unwrap_or_default();
        assert!(status.ends_with(" 403 Forbidden"), "{head}\n{answer}");
        assert!(!answer.contains("Privacy"), "{head}: the page must not be sent\n{answer}");
    }
    let same_origin =
        raw(port, &format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: http://localhost:{port}"));
    assert!(same_origin.starts_with("HTTP/1.1 200"), "{same_origin}");
    // Two Host headers, the good one first: which one counts is anyone's guess.
    let two = raw(port, &format!("GET /privacy/ HTTP/1.1\r\nHost: localhost:{port}\r\nHost: rebind.example"));
    assert!(two.starts_with("HTTP/1.1 400"), "{two}");
    assert!(!two.contains("Privacy"), "{two}");
    // The request line and headers are capped.
    let big =
        raw(port, &format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nX-Big: {}", "a".repeat(20_000)));
    assert!(big.starts_with("HTTP/1.1 431"), "{}", &big[..big.len().min(200)]);
}

/// The resident memory of a process, in KiB (Linux).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_header_line_that_never_ends_is_cut_off_without_growing_the_server() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let port = server.port;
    use std::io::{Read, Write};
    let before = rss_kib(server.pid());
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nX-Endless: ").as_bytes()).unwrap();
    // 64 MB of one header line, never terminated: the server stops reading
    // long before, answers 431 and closes the connection.
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0usize;
    while sent < 64 << 20 {
        match s.write(&chunk) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    let mut answer = Vec::new();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 431"), "{}", &answer[..answer.len().min(200)]);
    let grew = rss_kib(server.pid()).saturating_sub(before);
    assert!(grew < 32 * 1024, "the server grew by {grew} KiB on one endless header line (sent {sent} bytes)");
    // And it still answers everyone else.
    assert_eq!(server.get("/privacy/").status, 200);
}

/// A large file, so that answers fill a client's socket buffers when it does not read.
fn with_big_file(site: &Site) {
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::fs::write(site.path("static/big.bin"), vec![b'x'; 4 << 20]).unwrap();
}

#[test]
fn a_client_that_pipelines_requests_and_never_reads_does_not_stall_the_others() {
    let _one = exclusive();
    let site = Site::fixture("site");
    with_big_file(&site);
    let server = site.serve();
    use std::io::Write;
    let mut stuck = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let port = server.port;
    let pipelined = format!("GET /big.bin HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").repeat(100);
    stuck.write_all(pipelined.as_bytes()).unwrap();
    // Also many connections that each ask and never read.
    let more: Vec<_> = (0..20)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            s.write_all(format!("GET /big.bin HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n").as_bytes())
                .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    for round in 0..3 {
        let started = Instant::now();
        let answer = raw(server.port, &format!("GET /privacy/ HTTP/1.1\r\nHost: localhost:{port}"));
        assert!(answer.starts_with("HTTP/1.1 200"), "round {round}: {}", &answer[..answer.len().min(200)]);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "round {round}: answered after {:?}",
            started.elapsed()
        );
    }
    drop((stuck, more));
}

#[test]
fn an_event_stream_that_never_reads_does_not_stop_rebuilds_or_other_tabs() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    use std::io::Write;
    let mut stuck = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stuck
        .write_all(
            format!("GET /__privet/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n", server.port).as_bytes(),
        )
        .unwrap();
    let mut tab = server.events();
    // Each broken save sends an error of about half a megabyte to every tab:
    // the stuck stream's buffers fill after a few.
    for i in 0..30 {
        let key = format!("k{i}{}", "x".repeat(256 * 1024));
        site.write("content/contact.md", &format!("+++\ntitle = \"Contact\"\n{key} = 1\n+++\nText {i}.\n"));
        let started = Instant::now();
        let error = tab.wait_for("event: build-error", Duration::from_secs(10));
        assert!(error.is_some(), "save {i}: no error event for the reading tab\n{}", server.log());
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "save {i}: error event after {:?}",
            started.elapsed()
        );
    }
    site.write("content/contact.md", "+++\ntitle = \"Contact\"\n+++\nFixed at last.\n");
    assert!(tab.wait_for("event: reload", Duration::from_secs(5)).is_some(), "{}", server.log());
    let started = Instant::now();
    assert!(server.get("/contact/").body.contains("Fixed at last."));
    assert!(started.elapsed() < Duration::from_secs(2));
    // A new tab is still let in.
    let mut late = server.events();
    assert!(late.wait_for("event: ping", Duration::from_millis(10)).is_none());
    drop(stuck);
}

#[test]
fn a_content_folder_made_anew_is_watched_again() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let mut events = server.events();
    // What `git stash` or `git checkout content/` does: the folder goes and comes back.
    std::fs::rename(site.path("content"), site.path("content-old")).unwrap();
    common::copy_dir(&site.path("content-old"), &site.path("content"));
    std::fs::remove_dir_all(site.path("content-old")).unwrap();
    let _ = events.wait_for("event: ", Duration::from_secs(3));
    std::thread::sleep(Duration::from_millis(400));
    site.write("content/contact.md", "+++\ntitle = \"Contact\"\n+++\nSeen in the new folder.\n");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !server.get("/contact/").body.contains("Seen in the new folder.") {
        assert!(Instant::now() < deadline, "a save in the new content/ was not seen\n{}", server.log());
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_file_missing_for_a_moment_during_a_save_is_not_a_deletion() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let mut events = server.events();
    // A version not yet in force: those in force are frozen by versions.lock.
    let page = "/de/privacy/2027-01-01/";
    assert!(server.get(page).body.contains("Wir speichern Server-Protokolle"));
    let file = site.path("content/privacy/2027-01-01.de.md");
    let text = std::fs::read_to_string(&file).unwrap();
    // vim with a backup copy: the old file is renamed away, a pause, the new one written.
    let watching = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let port = server.port;
    let poller = {
        let watching = std::sync::Arc::clone(&watching);
        std::thread::spawn(move || {
            let mut fallback = 0;
            while watching.load(std::sync::atomic::Ordering::SeqCst) {
                let answer = raw(port, &format!("GET {page} HTTP/1.1\r\nHost: localhost:{port}"));
                if !answer.contains("Wir speichern Server-Protokolle") {
                    fallback += 1;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            fallback
        })
    };
    std::fs::rename(&file, site.path("content/privacy/2027-01-01.de.md~")).unwrap();
    std::thread::sleep(Duration::from_millis(150));
    std::fs::write(&file, text.replace("60 Tage", "50 Tage")).unwrap();
    std::fs::remove_file(site.path("content/privacy/2027-01-01.de.md~")).unwrap();
    let reload = events.wait_for("event: reload", Duration::from_secs(3));
    assert!(reload.is_some(), "no reload after the save\n{}", server.log());
    std::thread::sleep(Duration::from_millis(300));
    watching.store(false, std::sync::atomic::Ordering::SeqCst);
    let fallback = poller.join().unwrap();
    assert_eq!(fallback, 0, "the page showed other text while the file was missing\n{}", server.log());
    assert!(server.get(page).body.contains("50 Tage"));
}

#[test]
fn a_template_that_recurses_shows_an_error_and_the_server_keeps_running() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let mut events = server.events();
    site.write("templates/contact-loop.html", "<p>again</p>{% include \"contact-loop.html\" %}");
    for (template, says) in [
        (
            "{% extends \"base.html\" %}{% macro again(n) %}{{ self::again(n=n+1) }}{% endmacro again %}{% block main %}{{ self::again(n=1) }}{% endblock main %}",
            "calls itself without end",
        ),
        (
            "{% extends \"base.html\" %}{% block main %}{% include \"contact-loop.html\" %}{% endblock main %}",
            "includes itself",
        ),
    ] {
        site.write("templates/contact.html", template);
        let error = events.wait_for("event: build-error", Duration::from_secs(10));
        let error = error.unwrap_or_else(|| panic!("no error event\n{}", server.log()));
        assert!(error.contains("contact.html") && error.contains(says), "{error}");
        assert_eq!(server.get("/privacy/").status, 200, "still serving the last good build");
        std::fs::remove_file(site.path("templates/contact.html")).unwrap();
        assert!(
            events.wait_for("event: ok", Duration::from_secs(10)).is_some(),
            "the overlay clears once the template is gone\n{}",
            server.log()
        );
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_saved_into_content_does_not_stop_rebuilds() {
    let _one = exclusive();
    let site = Site::fixture("site");
    let server = site.serve();
    let mut events = server.events();
    let pipe = site.path("content/faq/pipe.md");
    assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
    site.write("content/contact.md", "+++\ntitle = \"Contact\"\n+++\nWith a pipe beside me.\n");
    assert!(events.wait_for("event: reload", Duration::from_secs(10)).is_some(), "{}", server.log());
    assert!(server.get("/contact/").body.contains("With a pipe beside me"));
    std::fs::remove_file(&pipe).unwrap();
    site.write("content/contact.md", "+++\ntitle = \"Contact\"\n+++\nThe pipe is gone.\n");
    assert!(events.wait_for("event: reload", Duration::from_secs(10)).is_some(), "{}", server.log());
    assert!(server.get("/contact/").body.contains("The pipe is gone"));
}
