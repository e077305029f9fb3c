//! `privet serve`: builds the site in memory, serves it on 127.0.0.1,
//! rebuilds on every save and reloads the open pages.
//!
//! One thread watches the site and rebuilds; a few threads answer HTTP
//! requests from the last good build; live-reload clients are kept in a
//! broadcast list. A failed build keeps the last good pages and shows the
//! error in every open tab.

pub mod http;
pub mod index;
pub mod reload;
pub mod start;
pub mod watch;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::files::Files;
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
    /// The address `serve` listens on (`--bind`): a request must name it,
    /// `localhost` or a loopback address as its Host (see [`host_allowed`]).
    bind: String,
    /// The port it listens on, which the Host must name too.
    port: u16,
    /// The search index, made after each good build in the background.
    pub search: index::Indexer,
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
            bind: "127.0.0.1".into(),
            port: 80,
            search: index::Indexer::default(),
        }
    }

    /// The address and port the server listens on, which requests must name as their Host.
    pub fn bound_to(mut self, bind: &str, port: u16) -> State {
        self.bind = bind.trim_start_matches('[').trim_end_matches(']').to_string();
        self.port = port;
        self
    }

    pub fn bind(&self) -> (&str, u16) {
        (&self.bind, self.port)
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
        self.replace(site);
        if let Ok(mut e) = self.error.write() {
            *e = None;
        }
        self.build.fetch_add(1, Ordering::SeqCst);
    }

    /// Puts the rest of a build in place whose pages are already published
    /// ([`State::publish`]): the same pages, so open tabs need not reload.
    pub fn replace(&self, site: Site) {
        if let Ok(mut s) = self.site.write() {
            *s = site;
        }
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
    let host = bind.trim_start_matches('[').trim_end_matches(']');
    let mut last = None;
    for p in port..port.saturating_add(10) {
        let listener = std::net::TcpListener::bind((host, p)).map_err(|e| e.to_string());
        let server = listener.and_then(|listener| {
            set_timeouts(&listener);
            tiny_http::Server::from_listener(listener, None).map_err(|e| e.to_string())
        });
        match server {
            Ok(server) => {
                let port = server.server_addr().to_ip().map_or(p, |a| a.port());
                return Ok(Bound { server, port });
            }
            Err(e) => last = Some(e),
        }
        if port == 0 {
            break;
        }
    }
    Err(Error::system(
        format!("cannot listen on {}:{port} or the nine ports after it", host_for_url(host)),
        last.unwrap_or_default(),
        "pass another --port, or --port 0 for any free one",
    ))
}

/// How long a connection may take to send a request's head, and a write
/// may wait on a client that does not read, before the connection is given up.
pub const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
pub const WRITE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// tiny_http gives no access to the sockets it accepts; on Linux (and the
/// BSDs) an accepted socket inherits the listening socket's send and receive
/// timeouts, so they are set there. Without them a client that stops reading
/// still holds only its own writer thread (see [`run`]), never a worker.
fn set_timeouts(listener: &std::net::TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        for (option, timeout) in [(libc::SO_RCVTIMEO, READ_TIMEOUT), (libc::SO_SNDTIMEO, WRITE_TIMEOUT)] {
            let value = libc::timeval { tv_sec: timeout.as_secs() as libc::time_t, tv_usec: 0 };
            // SAFETY: a valid socket, a timeval that lives across the call, and its size.
            unsafe {
                libc::setsockopt(
                    listener.as_raw_fd(),
                    libc::SOL_SOCKET,
                    option,
                    (&value as *const libc::timeval).cast(),
                    std::mem::size_of::<libc::timeval>() as libc::socklen_t,
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = listener;
}

/// `host` as it stands in a URL: IPv6 addresses in brackets (`[::1]`).
pub fn host_for_url(host: &str) -> String {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.parse::<std::net::Ipv6Addr>().is_ok() { format!("[{host}]") } else { host.to_string() }
}

/// The one-line warning for a `--bind` address that other machines can reach.
pub fn exposure_warning(bind: &str) -> Option<String> {
    let host = bind.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    (!loopback).then(|| {
        format!(
            "warning: --bind {bind} is not a loopback address: other machines on the network can read the preview, drafts included"
        )
    })
}

/// Whether a request naming `host` (a Host header's value, or an Origin's
/// host and port) is for this server: the address it listens on, `localhost`
/// or a loopback address, with the port it listens on (none only for port
/// 80, as browsers write it). Anything else is a page on another site
/// reaching the preview through a name that points here (DNS rebinding), or
/// another server on this machine. When listening on every interface
/// (`0.0.0.0`, `::`), any IP address is allowed too: a rebinding page always
/// sends its own host name, never an address.
pub fn host_allowed(host: &str, (bind, port): (&str, u16)) -> bool {
    let (name, named_port) = split_port(host.trim());
    if name.is_empty() || named_port.unwrap_or(80) != port {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") || name.eq_ignore_ascii_case(bind) {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => {
            ip.is_loopback() || bind.parse::<std::net::IpAddr>().is_ok_and(|b| b == ip || b.is_unspecified())
        }
        Err(_) => false,
    }
}

/// `host[:port]` or `[v6][:port]` as the name without brackets and the
/// port; a port that is not a number is none at all (`Some(0)`, never ours).
fn split_port(host: &str) -> (&str, Option<u16>) {
    let port = |p: &str| Some(p.parse::<u16>().unwrap_or(0));
    if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']').unwrap_or((rest, ""));
        return (name, after.strip_prefix(':').and_then(port));
    }
    match host.rsplit_once(':') {
        Some((name, p)) if !name.contains(':') => (name, port(p)),
        _ => (host, None),
    }
}

/// How many threads answer requests; live-reload streams do not hold one.
const WORKERS: usize = 8;

/// Serves `state` from `bound` until the process ends. Workers only find
/// the answer (from memory, at once); each response is written by a thread
/// of its own, so a client that stops reading holds that thread until the
/// write times out, never a worker (see [`http::handle`]).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_requests_for_this_server_are_answered() {
        let at = ("127.0.0.1", 1111);
        for ok in ["localhost:1111", "127.0.0.1:1111", "[::1]:1111", "LOCALHOST:1111"] {
            assert!(host_allowed(ok, at), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example:1111",
            "",
            "localhost.evil:1111",
            "[::2]:1111",
            // Another port is another server on this machine; no port is port 80.
            "127.0.0.1:1",
            "localhost:80",
            "localhost",
            "127.0.0.1:1111x",
            "[::1]",
        ] {
            assert!(!host_allowed(bad, at), "{bad}");
        }
        assert!(host_allowed("localhost", ("127.0.0.1", 80)));
        assert!(host_allowed("192.168.1.5:1111", ("192.168.1.5", 1111)));
        assert!(host_allowed("192.168.1.5:1111", ("0.0.0.0", 1111)));
        assert!(!host_allowed("preview.example:1111", ("0.0.0.0", 1111)));
        assert!(host_allowed("devbox:1111", ("devbox", 1111)));
    }

    #[test]
    fn ipv6_addresses_are_bracketed_and_non_loopback_binds_warned() {
        assert_eq!(host_for_url("::1"), "[::1]");
        assert_eq!(host_for_url("[::1]"), "[::1]");
        assert_eq!(host_for_url("127.0.0.1"), "127.0.0.1");
        assert!(exposure_warning("127.0.0.1").is_none() && exposure_warning("::1").is_none());
        assert!(exposure_warning("localhost").is_none());
        assert!(exposure_warning("0.0.0.0").is_some_and(|w| !w.contains('\n')));
    }
}
