//! The theme: templates, static assets and the theme's own words.
//!
//! The default theme is embedded in the binary, so a site without a theme
//! folder builds. Files on disk override it by name, in this order:
//! `themes/NAME/` of the site, then the site's own `templates/`, `static/`
//! and `i18n/`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)))),*]
    };
}

/// The default theme's files, relative to `themes/default/`.
pub const EMBEDDED: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/policy.html",
    "templates/changelog.html",
    "templates/changes.html",
    "templates/faq.html",
    "templates/contact.html",
    "templates/page.html",
    "templates/404.html",
    "static/style.css",
    "static/privet.js",
    "i18n/en.toml",
    "i18n/de.toml",
    "i18n/fr.toml",
    "i18n/es.toml",
    "i18n/zh-hant.toml",
    "i18n/zh-hans.toml",
    "i18n/ar.toml",
    "i18n/ja.toml",
    "i18n/ko.toml",
    "i18n/pt.toml",
    "i18n/it.toml",
    "i18n/nl.toml",
    "i18n/he.toml",
];

/// A theme's files, merged from the embedded theme and the site's overrides.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`policy.html`) → source and the file it came from.
    pub templates: BTreeMap<String, (String, String)>,
    /// Path below the output root (`style.css`) → bytes. Hashed when CSS or JS.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Language code → the text of its strings file, and where it came from.
    pub i18n: BTreeMap<String, (String, String)>,
    /// The site's `static/` files: copied as they are, names unchanged.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Files left out, and why.
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    pub fn load(config: &Config) -> Result<Theme> {
        let mut theme = Theme::default();
        for (path, bytes) in EMBEDDED {
            theme.add(path, bytes.to_vec(), &format!("(built-in theme) themes/default/{path}"))?;
        }
        let theme_dir = Path::new("themes").join(&config.theme);
        if config.root.join(&theme_dir).is_dir() {
            for sub in ["templates", "static", "i18n"] {
                theme.overlay(config, &theme_dir.join(sub), sub)?;
            }
        } else if config.theme != "default" {
            return Err(Diagnostic::new(
                crate::config::CONFIG_FILE,
                format!("the theme `{}` is not in themes/", config.theme),
            )
            .hint("use theme = \"default\" or create the theme's folder")
            .into());
        }
        theme.overlay(config, Path::new("templates"), "templates")?;
        theme.overlay(config, Path::new("i18n"), "i18n")?;
        let mut files = Vec::new();
        list_files(&config.root.join("static"), "", &mut files)?;
        let root = std::fs::canonicalize(&config.root).map_err(|e| Error::io(&config.root, e))?;
        for rel in files {
            let path = config.root.join("static").join(&rel);
            // A link that leads out of the site would publish (and serve) a file
            // that is not the site's, such as a key or a password file.
            if !std::fs::canonicalize(&path).is_ok_and(|real| real.starts_with(&root)) {
                theme.warnings.push(
                    Diagnostic::new(
                        Path::new("static").join(&rel),
                        "left out: a link to a file outside the site",
                    )
                    .hint("copy the file into static/ instead of linking to it"),
                );
                continue;
            }
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&Path::new("static").join(&rel), e))?;
            theme.static_files.insert(rel, bytes);
        }
        Ok(theme)
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>, shown: &str) -> Result<()> {
        let text = || {
            String::from_utf8(bytes.clone()).map_err(|_| {
                Diagnostic::new(shown, "this file is not valid UTF-8 text").hint("save it as UTF-8")
            })
        };
        if let Some(name) = path.strip_prefix("templates/") {
            self.templates.insert(name.to_string(), (text()?, shown.to_string()));
        } else if let Some(name) = path.strip_prefix("i18n/") {
            if let Some(code) = name.strip_suffix(".toml") {
                self.i18n.insert(code.to_ascii_lowercase(), (text()?, shown.to_string()));
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            self.assets.insert(name.to_string(), bytes);
        }
        Ok(())
    }

    /// Lays the files of `dir` (relative to the site root) over the theme's.
    fn overlay(&mut self, config: &Config, dir: &Path, prefix: &str) -> Result<()> {
        let mut files = Vec::new();
        list_files(&config.root.join(dir), "", &mut files)?;
        for rel in files {
            let shown = dir.join(&rel);
            let bytes = std::fs::read(config.root.join(&shown)).map_err(|e| Error::io(&shown, e))?;
            let shown = shown.to_string_lossy().replace('\\', "/");
            self.add(&format!("{prefix}/{rel}"), bytes, &shown)?;
        }
        Ok(())
    }
}

/// Files below `dir`, as `/`-separated paths relative to it, sorted; none if it does not exist.
pub fn list_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
            continue;
        }
        let rel = format!("{prefix}{name}");
        if entry.path().is_dir() {
            list_files(&entry.path(), &format!("{rel}/"), out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk = Vec::new();
        list_files(&dir, "", &mut on_disk).unwrap();
        let embedded: Vec<_> = EMBEDDED.iter().map(|(p, _)| p.to_string()).collect();
        for file in &on_disk {
            assert!(embedded.contains(file), "{file} is in themes/default but not embedded in theme.rs");
        }
    }
}
