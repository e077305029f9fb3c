//! `privet serve`: builds the site in memory and serves it on 127.0.0.1.
//!
//! The site is served from the in-memory map of output files, never from
//! the disk, so no path outside the site can be reached.

use std::io::Cursor;

use tiny_http::{Header, Response, Server};

use crate::output::Files;
use crate::{BuildOptions, Error, Result};

/// Where and what `privet serve` serves.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: String,
    pub port: u16,
}

/// A running server and the address it listens on.
pub struct Running {
    pub server: Server,
    pub port: u16,
}

/// Binds the first free port from `port` on (trying ten).
pub fn bind(bind: &str, port: u16) -> Result<Running> {
    let mut last = None;
    for p in port..port.saturating_add(10) {
        match Server::http((bind, p)) {
            Ok(server) => return Ok(Running { server, port: p }),
            Err(e) => last = Some(e.to_string()),
        }
    }
    Err(Error::Output(format!(
        "cannot listen on {bind}:{port} or the nine ports after it: {}\n  hint: pass another --port",
        last.unwrap_or_default()
    )))
}

/// Answers requests from `files` until the process ends.
pub fn run(server: &Server, files: &Files, base_path: &str) {
    for request in server.incoming_requests() {
        let (status, body, content_type, location) = answer(files, base_path, request.url());
        let mut response = Response::new(
            status.into(),
            vec![header("Content-Type", content_type), header("Cache-Control", "no-store")],
            Cursor::new(body.clone()),
            Some(body.len()),
            None,
        );
        if let Some(location) = location {
            response.add_header(header("Location", &location));
        }
        let _ = request.respond(response);
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).unwrap_or_else(|_| unreachable!())
    })
}

/// Status, body, content type and redirect target for a request path.
pub fn answer(files: &Files, base_path: &str, url: &str) -> (u16, Vec<u8>, &'static str, Option<String>) {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = crate::content::percent_decode(path);
    let Some(rel) =
        path.strip_prefix(base_path).or_else(|| (path.clone() + "/").strip_prefix(base_path).map(|_| ""))
    else {
        return not_found(files);
    };
    let rel = rel.to_string();
    let key = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.clone() };
    if let Some(body) = files.get(&key) {
        return (200, body.clone(), content_type(&key), None);
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        return (301, Vec::new(), "text/plain", Some(format!("{base_path}{rel}/")));
    }
    not_found(files)
}

fn not_found(files: &Files) -> (u16, Vec<u8>, &'static str, Option<String>) {
    let body = files.get("404.html").cloned().unwrap_or_else(|| b"Not found".to_vec());
    (404, body, "text/html; charset=utf-8", None)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("json") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        let mut f = Files::new();
        f.insert("index.html".into(), b"home".to_vec());
        f.insert("de/privacy/index.html".into(), b"de".to_vec());
        f.insert("404.html".into(), b"missing".to_vec());
        f
    }

    #[test]
    fn serves_pages_redirects_folders_and_404s() {
        let f = files();
        assert_eq!(answer(&f, "/", "/").1, b"home");
        assert_eq!(answer(&f, "/", "/de/privacy/?x=1").1, b"de");
        let (status, _, _, location) = answer(&f, "/", "/de/privacy");
        assert_eq!((status, location.as_deref()), (301, Some("/de/privacy/")));
        assert_eq!(answer(&f, "/", "/../etc/passwd").0, 404);
        assert_eq!(answer(&f, "/", "/%2e%2e/Cargo.toml").0, 404);
    }

    #[test]
    fn serves_under_a_sub_path() {
        let f = files();
        assert_eq!(answer(&f, "/center/", "/center/").1, b"home");
        assert_eq!(answer(&f, "/center/", "/center").1, b"home");
        assert_eq!(answer(&f, "/center/", "/").0, 404);
    }
}
