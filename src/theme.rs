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
use crate::files::Bytes;

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
    "templates/search.html",
    "templates/pdf.typ",
    "static/style.css",
    "static/privet.js",
    "static/search.js",
    "static/favicon.svg",
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
    /// Typst templates (`pdf.typ`, [`crate::pdf::TEMPLATE`]), kept apart from Tera's.
    pub typst: BTreeMap<String, (String, String)>,
    /// Path below the output root (`style.css`) → bytes. Hashed when CSS or JS.
    pub assets: BTreeMap<String, Bytes>,
    /// Language code → the text of its strings file, and where it came from.
    pub i18n: BTreeMap<String, (String, String)>,
    /// The site's `static/` files: copied as they are, names unchanged.
    pub static_files: BTreeMap<String, Bytes>,
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
        let listing = crate::walk::list(&config.root, Path::new("static"), &skipped)?;
        if !listing.errors.is_empty() {
            return Err(Error::Site(listing.errors));
        }
        theme.warnings.extend(listing.warnings);
        for file in listing.files {
            let bytes = crate::files::read(&file.path).map_err(|e| Error::io(&file.shown, e))?;
            theme.static_files.insert(file.rel, bytes.into());
        }
        Ok(theme)
    }

    fn add(&mut self, path: &str, bytes: Vec<u8>, shown: &str) -> Result<()> {
        let text = || {
            String::from_utf8(bytes.clone()).map_err(|_| {
                Diagnostic::new(shown, "this file is not valid UTF-8 text").hint("save it as UTF-8")
            })
        };
        if let Some(name) = path.strip_prefix("templates/").filter(|n| n.ends_with(".typ")) {
            self.typst.insert(name.to_string(), (text()?, shown.to_string()));
        } else if let Some(name) = path.strip_prefix("templates/") {
            self.templates.insert(name.to_string(), (text()?, shown.to_string()));
        } else if let Some(name) = path.strip_prefix("i18n/") {
            if let Some(code) = name.strip_suffix(".toml") {
                self.i18n.insert(code.to_ascii_lowercase(), (text()?, shown.to_string()));
            }
        } else if let Some(name) = path.strip_prefix("static/") {
            self.assets.insert(name.to_string(), bytes.into());
        }
        Ok(())
    }

    /// Lays the files of `dir` (relative to the site root) over the theme's.
    /// Links are followed as everywhere (see [`crate::walk`]): one that
    /// leads outside the site is left out, so `templates/404.html` linked to
    /// `/proc/self/environ` never publishes the build machine's environment.
    fn overlay(&mut self, config: &Config, dir: &Path, prefix: &str) -> Result<()> {
        let listing = crate::walk::list(&config.root, dir, &skipped)?;
        if !listing.errors.is_empty() {
            return Err(Error::Site(listing.errors));
        }
        self.warnings.extend(listing.warnings);
        for file in listing.files {
            let bytes = crate::files::read(&file.path).map_err(|e| Error::io(&file.shown, e))?;
            let shown = crate::files::slash_path(&file.shown);
            self.add(&format!("{prefix}/{}", file.rel), bytes, &shown)?;
        }
        Ok(())
    }
}

/// Hidden files and editors' backups, never part of a theme.
fn skipped(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let on_disk = crate::walk::list(root, Path::new("themes/default"), &skipped).unwrap();
        let embedded: Vec<_> = EMBEDDED.iter().map(|(p, _)| p.to_string()).collect();
        for file in &on_disk.files {
            assert!(
                embedded.contains(&file.rel),
                "{} is in themes/default but not embedded in theme.rs",
                file.rel
            );
        }
    }
}
