//! privet builds a company's multilingual privacy center from Markdown.
//!
//! Data flows one way: files ([`config`], [`content`]) → model
//! ([`content::Site`]) → pages ([`render`]) → output ([`output`]).
//! `build`, `check` and `serve` share every step up to the last.

pub mod config;
pub mod content;
pub mod error;
pub mod feed;
pub mod frontmatter;
pub mod i18n;
pub mod manifest;
pub mod markdown;
pub mod output;
pub mod redline;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod theme;
pub mod versions;

use std::path::PathBuf;

use jiff::civil::Date;

pub use config::Config;
pub use error::{Diagnostic, Error, Result};

/// What `privet build` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// The output folder; default: `output_dir` of site.toml, relative to the root.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// The day treated as today; default: [`today`].
    pub date: Option<Date>,
    pub drafts: bool,
    pub force: bool,
}

/// A finished site, in memory.
#[derive(Debug)]
pub struct Built {
    pub config: Config,
    pub files: output::Files,
    /// HTML pages per language, in the order of site.toml.
    pub pages_per_language: Vec<(String, usize)>,
    pub warnings: Vec<Diagnostic>,
}

/// Loads, checks and renders the site without writing anything.
pub fn generate(opts: &BuildOptions) -> Result<Built> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url)?;
    }
    let date = opts.date.unwrap_or_else(today);
    let site = content::load(&config, opts.drafts)?;
    let theme = theme::Theme::load(&config)?;
    let tera = render::templates(&theme)?;
    let (asset_files, asset_addresses) = output::assets(&config, &theme.assets);
    let rendered = render::render(&config, &site, &theme, &tera, &asset_addresses, date)?;
    let pages_per_language = config
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| (l.code.clone(), rendered.pages.iter().filter(|p| p.lang == i).count()))
        .collect();
    let mut files = output::assemble(&config, rendered, asset_files, &theme.static_files);
    let manifest = manifest::versions_json(&config, &site, &files, date);
    files.insert(manifest::FILE.into(), manifest.into_bytes());
    Ok(Built { config, files, pages_per_language, warnings: site.warnings })
}

/// Builds the site and writes it atomically to its output folder.
pub fn build(opts: &BuildOptions) -> Result<(Built, PathBuf)> {
    let built = generate(opts)?;
    let out = output_dir(&built.config, opts);
    output::write(&opts.root, &out, &built.files, opts.force)?;
    Ok((built, out))
}

/// The output folder for these options.
pub fn output_dir(config: &Config, opts: &BuildOptions) -> PathBuf {
    match &opts.output {
        Some(out) => out.clone(),
        None => opts.root.join(&config.output_dir),
    }
}

/// Today's date for the build: `SOURCE_DATE_EPOCH` when set (reproducible
/// builds), else the current date in UTC.
pub fn today() -> Date {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// Parses a `YYYY-MM-DD` date given on the command line.
pub fn parse_date(text: &str) -> std::result::Result<Date, String> {
    text.parse::<Date>()
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2025-06-15"))
}
