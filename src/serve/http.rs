//! Answers requests from the in-memory site: never from the disk, so no
//! path outside the site can be reached, whatever the URL says.

use std::io::Cursor;

use tiny_http::{Header, Request, Response};

use super::{State, reload};
use crate::files::Files;

/// The reserved prefix (below the base path) for the dev server's own files.
pub const PREFIX: &str = "__privet/";

/// What to send back for a request.
#[derive(Debug, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub body: crate::files::Bytes,
    pub content_type: &'static str,
    pub location: Option<String>,
}

/// The most a request's line and headers may take together; more is answered 431.
pub const MAX_HEAD: usize = 16 * 1024;

/// Why a request is refused before it is looked at, if it is.
pub fn refusal(request: &Request, bind: (&str, u16)) -> Option<Answer> {
    let head = request.method().as_str().len()
        + request.url().len()
        + request
            .headers()
            .iter()
            .map(|h| h.field.as_str().as_str().len() + h.value.as_str().len() + 4)
            .sum::<usize>();
    if head > MAX_HEAD {
        return Some(plain(
            431,
            "Request Header Fields Too Large: the request line and headers may take 16 KB\n",
        ));
    }
    let values = |name: &str| {
        request
            .headers()
            .iter()
            .filter(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str().to_string())
            .collect::<Vec<_>>()
    };
    let value = |name: &str| values(name).into_iter().next();
    // Two Host headers: which one a proxy in front believed is anyone's guess.
    let hosts = values("Host");
    if hosts.len() > 1 {
        return Some(plain(400, "Bad Request: more than one Host header\n"));
    }
    let host_ok = hosts.first().is_some_and(|h| super::host_allowed(h, bind));
    // An Origin other than this server's own is a page of another site.
    let origin_ok = value("Origin").is_none_or(|o| {
        o.strip_prefix("http://").is_some_and(|rest| super::host_allowed(rest.trim_end_matches('/'), bind))
    });
    if !host_ok || !origin_ok {
        return Some(plain(
            403,
            "Forbidden: privet serve answers only requests for its own address and port (localhost, 127.0.0.1 or the --bind address)\n",
        ));
    }
    None
}

fn plain(status: u16, text: &str) -> Answer {
    Answer {
        status,
        body: text.as_bytes().to_vec().into(),
        content_type: "text/plain; charset=utf-8",
        location: None,
    }
}

/// Handles one request; live-reload streams are handed to the broadcast list.
pub fn handle(request: Request, state: &State) {
    if let Some(answer) = refusal(&request, state.bind()) {
        return respond(request, answer);
    }
    let site = state.site();
    let path = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    let own = path
        .strip_prefix(&site.base_path)
        .and_then(|p| p.strip_prefix(PREFIX))
        .or_else(|| path.strip_prefix(&format!("/{PREFIX}")));
    if let Some(own) = own {
        match own {
            "events" => return reload::subscribe(request, state),
            "livereload.js" => {
                let answer = Answer {
                    status: 200,
                    body: reload::SCRIPT.as_bytes().to_vec().into(),
                    content_type: "text/javascript; charset=utf-8",
                    location: None,
                };
                return respond(request, answer);
            }
            _ => {}
        }
    }
    let mut answer = match state.error() {
        // Nothing has built yet: a page that shows the error and reloads when fixed.
        Some(_) if site.files.is_empty() => Answer {
            status: 500,
            body: b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>privet: the site does not build</title></head><body><main><h1>The site does not build yet</h1><p>The error is shown over this page; save a fix and it reloads.</p></main></body></html>".to_vec().into(),
            content_type: "text/html; charset=utf-8",
            location: None,
        },
        // The search index may still be made for the newest build: wait for it.
        _ if is_search_file(&path, &site.base_path) => {
            answer(&state.search.files(), &site.base_path, request.url())
        }
        _ => answer(&site.files, &site.base_path, request.url()),
    };
    if answer.content_type.starts_with("text/html") {
        answer.body = inject(&answer.body, &site.base_path, &state.build_id()).into();
    }
    respond(request, answer);
}

/// Whether `path` names a file of the search index's bundle.
fn is_search_file(path: &str, base_path: &str) -> bool {
    path.strip_prefix(base_path).is_some_and(|rel| rel.starts_with(crate::address::SEARCH_BUNDLE))
}

/// Sends the answer from a thread of its own: a client that does not read
/// (or pipelines requests and never reads the answers) blocks that thread
/// until the socket's write timeout, never the worker that called this.
fn respond(request: Request, answer: Answer) {
    let len = answer.body.len();
    let mut headers = vec![
        header("Content-Type", answer.content_type),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ];
    if let Some(location) = &answer.location {
        headers.push(header("Location", location));
    }
    let response = Response::new(answer.status.into(), headers, Cursor::new(answer.body), Some(len), None);
    let spawned = std::thread::Builder::new().name("privet-respond".into()).spawn(move || {
        let _ = request.respond(response);
    });
    // No thread to be had (the machine is out of them): the request is
    // dropped, which closes its connection.
    drop(spawned);
}

fn header(name: &str, value: &str) -> Header {
    // Values come from this module and from site addresses; a value a
    // header cannot carry is replaced rather than trusted.
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .or_else(|_| Header::from_bytes(name.as_bytes(), &b"invalid"[..]))
        .unwrap_or_else(|_| {
            Header::from_bytes(&b"X-Privet"[..], &b"1"[..]).unwrap_or_else(|_| unreachable!())
        })
}

/// Adds the live-reload script before `</body>`: served pages only, never `build` output.
pub fn inject(html: &[u8], base_path: &str, build: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{base_path}{PREFIX}livereload.js\" data-build=\"{build}\" data-events=\"{base_path}{PREFIX}events\" defer></script>"
    );
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The answer for a request path: the file, a redirect to add a missing `/`, or the 404 page.
pub fn answer(files: &Files, base_path: &str, url: &str) -> Answer {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let path = crate::address::percent_decode(path);
    let rel = match path.strip_prefix(base_path) {
        Some(rel) => rel.to_string(),
        None if format!("{path}/") == base_path => String::new(),
        None => return not_found(files, ""),
    };
    // The files are a map of the site's own output: `..` or an absolute path
    // cannot name anything in it, so they end in the 404 page.
    let key = crate::address::index_file(&rel);
    if let Some(body) = files.get(&key) {
        return Answer { status: 200, body: body.clone(), content_type: content_type(&key), location: None };
    }
    let (folder, location) = crate::address::folder_of(base_path, &rel);
    if files.contains_key(&folder) {
        return Answer {
            status: 301,
            body: Vec::new().into(),
            content_type: "text/plain; charset=utf-8",
            location: Some(location),
        };
    }
    not_found(files, &rel)
}

/// The 404 page nearest to `rel` (`ar/404.html` below `/ar/`), as static hosts serve it.
fn not_found(files: &Files, rel: &str) -> Answer {
    let found = crate::address::not_found_files(rel).into_iter().find_map(|key| files.get(&key).cloned());
    let body = found.unwrap_or_else(|| b"Not found".to_vec().into());
    Answer { status: 404, body, content_type: "text/html; charset=utf-8", location: None }
}

/// The type of every kind of file a site can hold.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        let mut f = Files::new();
        f.insert("index.html".into(), b"home".to_vec().into());
        f.insert("de/privacy/index.html".into(), b"de".to_vec().into());
        f.insert("404.html".into(), b"missing".to_vec().into());
        f
    }

    #[test]
    fn a_missing_page_gets_the_nearest_404_page() {
        let mut f = files();
        f.insert("ar/404.html".into(), b"ar missing".to_vec().into());
        assert_eq!(answer(&f, "/", "/ar/privacy/nothing/").body.as_ref(), b"ar missing");
        assert_eq!(answer(&f, "/", "/ar/nothing").body.as_ref(), b"ar missing");
        assert_eq!(answer(&f, "/", "/de/nothing/").body.as_ref(), b"missing");
        assert_eq!(answer(&f, "/", "/nothing").body.as_ref(), b"missing");
    }

    #[test]
    fn serves_pages_redirects_folders_and_404s() {
        let f = files();
        assert_eq!(answer(&f, "/", "/").body.as_ref(), b"home");
        assert_eq!(answer(&f, "/", "/de/privacy/?x=1").body.as_ref(), b"de");
        let a = answer(&f, "/", "/de/privacy");
        assert_eq!((a.status, a.location.as_deref()), (301, Some("/de/privacy/")));
        for attack in
            ["/../etc/passwd", "/%2e%2e/Cargo.toml", "/%2E%2E%2Fsite.toml", "//etc/passwd", "/de/../../x"]
        {
            let a = answer(&f, "/", attack);
            assert_eq!((a.status, &*a.body), (404, &b"missing"[..]), "{attack}");
        }
    }

    #[test]
    fn serves_under_a_sub_path() {
        let f = files();
        assert_eq!(answer(&f, "/center/", "/center/").body.as_ref(), b"home");
        assert_eq!(answer(&f, "/center/", "/center").body.as_ref(), b"home");
        assert_eq!(answer(&f, "/center/", "/").status, 404);
    }

    #[test]
    fn the_script_goes_before_the_end_of_body() {
        let html = inject(b"<html><body><p>x</p></body></html>", "/", "1-2");
        let html = String::from_utf8(html).unwrap();
        assert!(html.ends_with(r#"<script src="/__privet/livereload.js" data-build="1-2" data-events="/__privet/events" defer></script></body></html>"#), "{html}");
    }
}
