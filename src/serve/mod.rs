//! `privet serve`: builds the site in memory, serves it on 127.0.0.1,
//! rebuilds on every save and reloads the open pages.
//!
//! One thread watches the site and rebuilds; a few threads answer HTTP
//! requests from the last good build; live-reload clients are kept in a
//! broadcast list. A failed build keeps the last good pages and shows the
//! error in every open tab.

pub mod http;
pub mod reload;
pub mod watch;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::output::Files;
use crate::{BuildOptions, Error, Result};

/// Where and what `privet serve` serves.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: String,
    pub port: u16,
}

/// The last good build and what open pages need to know about it.
pub struct State {
    site: RwLock<Site>,
    /// The message of the last build, when it failed.
    error: RwLock<Option<String>>,
    /// Changes with every good build; pages carry it to notice a restart.
    build: AtomicU64,
    /// Unique per server start, so a page served by an earlier run reloads.
    run: u64,
    clients: Mutex<Vec<reload::Client>>,
}

/// A built site as served.
#[derive(Clone, Default)]
pub struct Site {
    pub files: Arc<Files>,
    pub base_path: String,
}

impl State {
    pub fn new(site: Site) -> State {
        let run = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        State {
            site: RwLock::new(site),
            error: RwLock::new(None),
            build: AtomicU64::new(1),
            run,
            clients: Mutex::new(Vec::new()),
        }
    }

    /// The site to answer from.
    pub fn site(&self) -> Site {
        self.site.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// The id of the build now served (`RUN-N`).
    pub fn build_id(&self) -> String {
        format!("{}-{}", self.run, self.build.load(Ordering::SeqCst))
    }

    pub fn error(&self) -> Option<String> {
        self.error.read().ok().and_then(|e| e.clone())
    }

    /// Puts a good build in place; only then are pages told to reload.
    pub fn publish(&self, site: Site) {
        if let Ok(mut s) = self.site.write() {
            *s = site;
        }
        if let Ok(mut e) = self.error.write() {
            *e = None;
        }
        self.build.fetch_add(1, Ordering::SeqCst);
    }

    pub fn fail(&self, message: String) {
        if let Ok(mut e) = self.error.write() {
            *e = Some(message);
        }
    }
}

/// A server bound to its port, before it runs.
pub struct Bound {
    pub server: tiny_http::Server,
    pub port: u16,
}

/// Binds the first free port from `port` on (trying ten); port 0 takes any free one.
pub fn bind(bind: &str, port: u16) -> Result<Bound> {
    let mut last = None;
    for p in port..port.saturating_add(10) {
        match tiny_http::Server::http((bind, p)) {
            Ok(server) => {
                let port = server.server_addr().to_ip().map_or(p, |a| a.port());
                return Ok(Bound { server, port });
            }
            Err(e) => last = Some(e.to_string()),
        }
        if port == 0 {
            break;
        }
    }
    Err(Error::Output(format!(
        "cannot listen on {bind}:{port} or the nine ports after it: {}\n  hint: pass another --port",
        last.unwrap_or_default()
    )))
}

/// How many threads answer requests; live-reload streams do not hold one.
const WORKERS: usize = 8;

/// Serves `state` from `bound` until the process ends.
pub fn run(bound: Bound, state: Arc<State>) {
    let server = Arc::new(bound.server);
    let heartbeat = Arc::clone(&state);
    std::thread::spawn(move || reload::heartbeat(&heartbeat));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    http::handle(request, &state);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
}
