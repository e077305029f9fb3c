//! Live reload over Server-Sent Events, from a script served on the site's
//! own origin (so a strict `script-src 'self'` allows it).
//!
//! Events: `hello` (the build now served: a page from another build
//! reloads), `reload` (the addresses that changed, or all), `build-error`
//! (the overlay's text), `ok` (the error is gone).

use std::io::Write;
use std::time::Duration;

use super::State;

/// The browser side, injected into every page `serve` sends.
pub const SCRIPT: &str = include_str!("livereload.js");

/// How often a comment goes to every stream, to find tabs that closed.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// An open event stream to one tab: a queue to the thread that writes to it.
pub struct Client {
    queue: std::sync::mpsc::SyncSender<std::sync::Arc<str>>,
}

/// How many events may wait for a tab that does not read before it is dropped.
const QUEUE: usize = 32;

/// Takes over a request's connection as an event stream. A thread of its
/// own writes to it, so a tab that stops reading blocks only that thread
/// (until the socket's write timeout), never a worker or a broadcast.
pub fn subscribe(request: tiny_http::Request, state: &State) {
    let mut hello = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n",
    );
    hello.push_str(&event("hello", &serde_json::json!({ "build": state.build_id() }).to_string()));
    if let Some(error) = state.error() {
        hello.push_str(&event("build-error", &serde_json::json!({ "message": error }).to_string()));
    }
    let (queue, events) = std::sync::mpsc::sync_channel::<std::sync::Arc<str>>(QUEUE);
    if queue.try_send(hello.into()).is_err() {
        return;
    }
    let writer = std::thread::Builder::new().name("privet-events".into()).spawn(move || {
        let mut writer = request.into_writer();
        for text in events {
            if writer.write_all(text.as_bytes()).and_then(|_| writer.flush()).is_err() {
                break;
            }
        }
    });
    if writer.is_ok()
        && let Ok(mut clients) = state.clients.lock()
    {
        clients.push(Client { queue });
    }
}

/// One SSE event; `data` may span lines.
pub fn event(name: &str, data: &str) -> String {
    let mut out = format!("event: {name}\n");
    for line in data.lines() {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Queues `text` for every open stream and drops those that closed or
/// stopped reading (their queue is full). Never waits on a tab.
pub fn broadcast(state: &State, text: &str) {
    let text: std::sync::Arc<str> = text.into();
    if let Ok(mut clients) = state.clients.lock() {
        clients.retain(|c| c.queue.try_send(std::sync::Arc::clone(&text)).is_ok());
    }
}

/// Tells pages which addresses changed (`None`: all of them).
pub fn reload(state: &State, paths: Option<&[String]>) {
    let data = match paths {
        Some(paths) => serde_json::json!({ "build": state.build_id(), "paths": paths }),
        None => serde_json::json!({ "build": state.build_id(), "all": true }),
    };
    broadcast(state, &(event("ok", "{}") + &event("reload", &data.to_string())));
}

pub fn build_error(state: &State, message: &str) {
    broadcast(state, &event("build-error", &serde_json::json!({ "message": message }).to_string()));
}

/// Runs forever, keeping streams alive and pruning closed ones.
pub fn heartbeat(state: &State) {
    loop {
        std::thread::sleep(HEARTBEAT);
        broadcast(state, ": ping\n\n");
    }
}
