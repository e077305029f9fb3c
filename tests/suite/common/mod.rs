//! One helper to build fixture sites with the real `privet` binary and read
//! what it wrote, so each test reads like a user's story.

#![allow(dead_code)]

pub mod browser;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A copy of a fixture site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

/// What a `privet` run printed and returned.
pub struct Run {
    pub ok: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Site {
    /// An empty folder, to write a site into file by file.
    pub fn empty() -> Site {
        Site { dir: tempfile::tempdir().unwrap() }
    }

    /// Copies `tests/fixtures/NAME` into a temporary folder.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), dir.path());
        Site { dir }
    }

    /// The repository's own example site (site.toml, content/, static/, i18n/).
    pub fn example() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(root.join("site.toml"), dir.path().join("site.toml")).unwrap();
        // The committed record: every test of the example site checks the content against it.
        std::fs::copy(root.join("versions.lock"), dir.path().join("versions.lock")).unwrap();
        // And which text each translation was brought up to date with.
        std::fs::copy(root.join("translations.lock"), dir.path().join("translations.lock")).unwrap();
        for sub in ["content", "static", "templates", "i18n"] {
            if root.join(sub).is_dir() {
                copy_dir(&root.join(sub), &dir.path().join(sub));
            }
        }
        Site { dir }
    }

    /// Changes the English home page, contact page and a FAQ answer of the
    /// example site, so every translation of them is behind and shows its
    /// notice (for the checks that look at every kind of notice).
    pub fn with_stale_translations(self) -> Site {
        for rel in ["content/_index.md", "content/contact.md", "content/faq/delete-my-account.md"] {
            let text = std::fs::read_to_string(self.path(rel)).unwrap();
            self.write(rel, &format!("{text}\nA sentence added in English only.\n"));
        }
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file of the site, creating its folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.path(rel)).unwrap();
        self
    }

    /// Runs `privet ARGS --root SITE` (the subcommand first).
    pub fn privet(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_privet"));
        cmd.args(args).arg("--root").arg(self.root()).env_remove("SOURCE_DATE_EPOCH");
        let out = cmd.output().unwrap();
        Run {
            ok: out.status.success(),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Builds into `public/` on `date`, and panics with privet's message if it fails.
    pub fn build(&self, date: &str) -> Output {
        let run = self.privet(&["build", "--date", date]);
        assert!(run.ok, "build failed:\n{}\n{}", run.stdout, run.stderr);
        Output { dir: self.path("public") }
    }
}

/// A built site's output folder.
pub struct Output {
    pub dir: PathBuf,
}

impl Output {
    /// The Content-Security-Policy that the build's `_headers` has hosts send.
    pub fn csp(&self) -> String {
        let headers = self.page("/_headers");
        let csp = headers.lines().find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "));
        csp.expect("_headers sets a Content-Security-Policy").to_string()
    }

    /// A local host for the build that sends its policy as a real header on every file.
    pub fn host_with_csp(&self) -> StaticServer {
        StaticServer::with_headers(self.dir.clone(), format!("Content-Security-Policy: {}\r\n", self.csp()))
    }

    /// The text of an output file, by its address (`/de/privacy/` or `/sitemap.xml`).
    pub fn page(&self, address: &str) -> String {
        let file = file_of(address);
        std::fs::read_to_string(self.dir.join(&file))
            .unwrap_or_else(|e| panic!("{address} ({file}) was not written: {e}"))
    }

    pub fn exists(&self, address: &str) -> bool {
        self.dir.join(file_of(address)).is_file()
    }

    /// Every file below the output folder with its bytes.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        collect(&self.dir, "", &mut out);
        out
    }
}

/// `/de/privacy/` → `de/privacy/index.html`; anchors and queries dropped.
pub fn file_of(address: &str) -> String {
    let path = address.split(['#', '?']).next().unwrap().trim_start_matches('/');
    let path = percent_decode(path);
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn collect(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            collect(&entry.path(), &format!("{name}/"), out);
        } else {
            out.insert(name, std::fs::read(entry.path()).unwrap());
        }
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Where the element whose start tag begins at `start` ends: the offset
/// just past its matching `</name>`, elements of the same name nested in it
/// counted.
pub fn element_end(html: &str, start: usize, name: &str) -> usize {
    let (open_tag, close_tag) = (format!("<{name}"), format!("</{name}>"));
    let (mut depth, mut at) = (1, start + 1);
    loop {
        let open = html[at..].find(&open_tag).map(|o| o + at);
        let close = html[at..].find(&close_tag).map(|c| c + at).unwrap_or_else(|| panic!("no {close_tag}"));
        match open {
            Some(o) if o < close => {
                depth += 1;
                at = o + 1;
            }
            _ => {
                depth -= 1;
                at = close + 1;
                if depth == 0 {
                    return close + close_tag.len();
                }
            }
        }
    }
}

/// The values of an attribute in HTML, quoted or not (minified output drops quotes).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let mut values = Vec::new();
    let needle = format!(" {attr}=");
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split([' ', '>', '\n']).next().unwrap_or(""),
        };
        values.push(value.replace("&amp;", "&"));
    }
    values
}

/// The opening tags of elements with `name` (`<html ...>`), for attribute checks.
pub fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    html.match_indices(&open)
        .filter(|(i, _)| html[i + open.len()..].starts_with([' ', '>']))
        .map(|(i, _)| {
            let end = html[i..].find('>').map_or(html.len(), |e| i + e + 1);
            &html[i..end]
        })
        .collect()
}

/// The value of `attr` in one opening tag, quoted or not.
pub fn attr(tag: &str, attr: &str) -> Option<String> {
    attr_values(&tag.replace('<', " <"), attr).into_iter().next()
}

/// A running `privet serve` on a free port; stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
    pub output: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Site {
    /// Starts `privet serve --port 0` and waits until it listens.
    pub fn serve(&self) -> Server {
        self.serve_args(&[])
    }

    /// `privet serve` treating `date` as today, so what is in force is known.
    pub fn serve_on(&self, date: &str) -> Server {
        self.serve_args(&["--date", date])
    }

    /// `privet serve --port 0` with more arguments.
    pub fn serve_args(&self, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_privet"));
        command.args(["serve", "--port", "0"]).args(extra).arg("--root").arg(self.root());
        Self::start(command)
    }

    /// `privet serve --port 0` as the README runs it: in the site's folder, no `--root`.
    pub fn serve_in_its_folder(&self, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_privet"));
        command.args(["serve", "--port", "0"]).args(extra).current_dir(self.root());
        Self::start(command)
    }

    fn start(mut command: Command) -> Server {
        use std::io::BufRead;
        let mut child = command
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let output = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let log = std::sync::Arc::clone(&output);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(port) = line.split("http://127.0.0.1:").nth(1).and_then(|r| r.split('/').next()) {
                    let _ = tx.send(port.parse::<u16>().unwrap());
                }
                log.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let stderr = child.stderr.take().unwrap();
        let log = std::sync::Arc::clone(&output);
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let port = rx.recv_timeout(std::time::Duration::from_secs(30)).expect("privet serve did not start");
        Server { child, port, output }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response, read with nothing but the standard library.
pub struct Response {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Server {
    /// The server's process id, to read its memory.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// GETs `path` exactly as written (no normalization of `..`).
    pub fn get(&self, path: &str) -> Response {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n", self.port)
            .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Response { status, headers: head.to_string(), body: body.to_string() }
    }

    /// Opens the live-reload event stream.
    pub fn events(&self) -> Events {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "GET /__privet/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n", self.port).unwrap();
        stream.set_read_timeout(Some(std::time::Duration::from_millis(100))).unwrap();
        let mut events = Events { stream, buffer: String::new() };
        events.wait_for("event: hello", std::time::Duration::from_secs(10)).expect("no hello event");
        events
    }

    pub fn log(&self) -> String {
        self.output.lock().unwrap().clone()
    }
}

/// A live-reload event stream.
pub struct Events {
    stream: std::net::TcpStream,
    buffer: String,
}

impl Events {
    /// Waits until an event containing `needle` arrives; returns that event's text.
    pub fn wait_for(&mut self, needle: &str, timeout: std::time::Duration) -> Option<String> {
        use std::io::Read;
        let deadline = std::time::Instant::now() + timeout;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                if event.contains(needle) {
                    return Some(event);
                }
            }
            if std::time::Instant::now() > deadline {
                return None;
            }
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self.buffer.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(_) => {}
            }
        }
    }
}

/// Every file below `dir`.
pub fn collect_paths(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_paths(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// A plain static file server for built output, as a CDN would serve it
/// (no live-reload script); stops with the test process.
pub struct StaticServer {
    pub port: u16,
    /// The paths asked for that are not files of the output (answered 404).
    missed: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl StaticServer {
    pub fn start(dir: PathBuf) -> StaticServer {
        Self::with_headers(dir, String::new())
    }

    /// Also sends `headers` (`Name: value\r\n` lines) with every response, as a host would from `_headers`.
    pub fn with_headers(dir: PathBuf, headers: String) -> StaticServer {
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let missed = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = missed.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let dir = dir.clone();
                let headers = headers.clone();
                let log = log.clone();
                std::thread::spawn(move || {
                    if let Some(path) = serve_file(stream, &dir, &headers) {
                        log.lock().unwrap().push(path);
                    }
                });
            }
        });
        StaticServer { port, missed }
    }

    /// The paths asked for so far that the output does not have.
    pub fn missed(&self) -> Vec<String> {
        self.missed.lock().unwrap().clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

/// Answers one request; returns its path when the output has no such file.
fn serve_file(mut stream: std::net::TcpStream, dir: &Path, headers: &str) -> Option<String> {
    use std::io::{BufRead, Write};
    let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return None;
    }
    let path = request.split(' ').nth(1).unwrap_or("/").to_string();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let file = dir.join(file_of(&path));
    let (status, body, file) = match std::fs::read(&file) {
        Ok(body) => ("200 OK", body, file),
        Err(_) => {
            ("404 Not Found", std::fs::read(dir.join("404.html")).unwrap_or_default(), dir.join("404.html"))
        }
    };
    let missed = (status != "200 OK").then(|| path.clone());
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("xml") => "application/xml",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{headers}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(&body));
    missed
}

/// The Nu HTML checker's jar, the newest: npm's `vnu-jar`, which `.ci/run`
/// installs into `target/test-deps` (or PRIVET_VNU_JAR), with Java to run it.
/// Without them: a loud SKIPPED line and `None`, or a failure when
/// PRIVET_REQUIRE_VNU=1 (CI sets it).
pub fn vnu_jar() -> Option<PathBuf> {
    let npm = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-deps/node_modules/vnu-jar/build/dist/vnu.jar");
    let found = std::env::var("PRIVET_VNU_JAR")
        .ok()
        .map(PathBuf::from)
        .or_else(|| npm.is_file().then_some(npm))
        .filter(|_| Command::new("java").arg("-version").output().is_ok());
    if found.is_none() {
        if std::env::var("PRIVET_REQUIRE_VNU").as_deref() == Ok("1") {
            panic!(
                "the Nu HTML checker is required (PRIVET_REQUIRE_VNU=1) but not installed: npm install --prefix target/test-deps vnu-jar, and Java"
            );
        }
        eprintln!(
            "\n======== SKIPPED: Nu HTML checker (vnu) not found; `npm install --prefix target/test-deps vnu-jar` and a Java runtime enable this test ========\n"
        );
    }
    found
}

/// What vnu reports as errors for these files (empty when they are valid);
/// `None` when vnu is not installed (see [`vnu_jar`]).
pub fn vnu_errors(files: &[PathBuf]) -> Option<String> {
    let jar = vnu_jar()?;
    without_wasm_keyword(files);
    let out =
        Command::new("java").arg("-jar").arg(&jar).args(["--errors-only"]).args(files).output().unwrap();
    Some(String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout))
}

/// vnu's CSP grammar predates CSP Level 3 and rejects its
/// `'wasm-unsafe-eval'` keyword, which search needs in the `<meta>` policy:
/// the HTML files are checked without that one word (rewritten in place),
/// so every other part of the policy still is.
pub fn without_wasm_keyword(files: &[PathBuf]) {
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "html")) {
        let html = std::fs::read_to_string(file).unwrap();
        if html.contains("wasm-unsafe-eval") {
            let html = html.replace(" &#39;wasm-unsafe-eval&#39;", "").replace(" 'wasm-unsafe-eval'", "");
            std::fs::write(file, html).unwrap();
        }
    }
}

/// The JSON of every `<script type="application/ld+json">` in a page.
pub fn json_ld(html: &str) -> Vec<serde_json::Value> {
    // Minified pages drop the quotes around the attribute.
    html.replace("<script type=application/ld+json>", "<script type=\"application/ld+json\">")
        .split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|rest| serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).unwrap())
        .collect()
}

/// One redline page read from outside (tests/tools/redline_check.py, with
/// Python's own HTML parser): its accept-all and reject-all texts against
/// the two versions' pages, duplicate ids, marks and changed-sections rows.
#[derive(Debug, serde::Deserialize)]
pub struct RedlineReport {
    pub page: String,
    pub accept_ok: bool,
    pub reject_ok: bool,
    pub duplicate_ids: Vec<String>,
    pub accept: String,
    pub new: String,
    pub reject: String,
    pub old: String,
    pub marks: BTreeMap<String, Vec<String>>,
    pub rows: Vec<(String, String)>,
    /// `#id` links in the text that lead nowhere on this page but somewhere on a version page.
    pub broken_links: Vec<String>,
    /// Unchanged words shown removed and added again (`<del>X</del><ins>X</ins>`).
    pub struck_and_readded: Vec<String>,
    /// Links and images marked as changed: their text and their new address.
    pub changed_links: Vec<(String, Option<String>)>,
}

/// Checks (redline, older version page, newer version page) triples.
pub fn redline_reports(triples: &[(PathBuf, PathBuf, PathBuf)]) -> Vec<RedlineReport> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/redline_check.py");
    let mut cmd = Command::new("python3");
    cmd.arg(script);
    for (r, o, n) in triples {
        cmd.arg(r).arg(o).arg(n);
    }
    let out = cmd.output().expect("python3 runs the redline checker");
    assert!(out.status.success(), "redline_check.py failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// Where two texts first differ, with some context, for a failure message.
pub fn first_difference(a: &str, b: &str) -> String {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let i = (0..a.len().min(b.len())).find(|&i| a[i] != b[i]).unwrap_or(a.len().min(b.len()));
    let around = |s: &[char]| s[i.saturating_sub(40)..(i + 60).min(s.len())].iter().collect::<String>();
    format!("at char {i}:\n  got:      {}\n  expected: {}", around(&a), around(&b))
}
