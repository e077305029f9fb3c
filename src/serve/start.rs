//! `privet serve` from start to the running server: the first build, the
//! port, the watcher, and what the terminal says. `main.rs` only parses
//! the command line.

use super::{Site, State, watch};
use crate::report::{self, Severity};
use crate::{BuildOptions, Result};

/// `privet serve`: the first build, the server and the watcher, and what
/// the person who started it reads. A site that does not build yet is still
/// served: the error shows in the browser and the next good save replaces it.
pub fn run(opts: BuildOptions, bind: &str, port: u16, open: bool, color: bool) -> Result<()> {
    let root = opts.root.clone();
    let builder_drafts = opts.drafts;
    let mut builder = watch::Builder::new(opts);
    let mut search = None;
    let (site, error, config) = match builder.build(&[]) {
        Ok(mut built) => {
            for w in &built.warnings {
                eprintln!("{}", report::render(w, Severity::Warning, &root, color));
            }
            search = Some(built.search.clone());
            let site = builder.take_site(&mut built);
            (site, None, Some(built.config))
        }
        Err(e) => {
            eprintln!("{}", report::describe(&e, &root, color));
            let site = Site { base_path: "/".into(), ..Default::default() };
            (site, Some(report::describe(&e, &root, false)), None)
        }
    };
    let bound = super::bind(bind, port)?;
    let state = std::sync::Arc::new(State::new(site.clone()).bound_to(bind, bound.port));
    if let Some(error) = error {
        state.fail(error);
    }
    if let Some(search) = search {
        state.search.submit(search);
    }
    // Watch before telling the user where to look: no save gets lost.
    if let Err(e) = watch::spawn(builder, std::sync::Arc::clone(&state)) {
        eprintln!(
            "{}\n(the preview goes on, but does not rebuild on changes)",
            report::describe(&e, &root, color)
        );
    }
    if port != 0 && bound.port != port {
        println!("port {port} is busy; using {} instead", bound.port);
    }
    if let Some(warning) = super::exposure_warning(bind) {
        eprintln!("{warning}");
    }
    let origin = format!("http://{}:{}", super::host_for_url(bind), bound.port);
    let pages = site.files.keys().filter(|f| f.ends_with(".html")).count();
    let drafts = if builder_drafts { "drafts included" } else { "drafts left out: --drafts shows them" };
    println!("serving {pages} pages from memory ({drafts}); open:");
    match &config {
        Some(config) => {
            for (i, lang) in config.languages.iter().enumerate() {
                println!("  {:<8} {origin}{}", lang.code, crate::address::page_address(config, i, ""));
            }
        }
        None => println!("  {origin}/"),
    }
    println!("watching for changes; every open page reloads when a save changes it (Ctrl+C stops)");
    if open {
        let _ = std::process::Command::new("xdg-open").arg(format!("{origin}{}", site.base_path)).spawn();
    }
    super::run(bound, state);
    Ok(())
}
