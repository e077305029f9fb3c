//! Every integration test in one binary, so the suite links privet, Pagefind
//! and headless_chrome once (as mdBook does), not once per file.

mod common;

mod bad_sites;
mod browser_layout;
mod browser_redline;
mod browser_reload;
mod browser_search;
mod browser_theme;
mod build;
mod check;
mod deploy;
mod example_site;
mod html_valid;
mod incremental;
mod layers;
mod lock;
mod nesting;
mod no_panic;
mod pdf;
mod redline;
mod registers;
mod search;
mod serve;
mod signals;
mod structured_data;
mod theme;
mod translations;
mod versions;
