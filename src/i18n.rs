//! The theme's own words (banners, labels, dates) in the reader's language.
//!
//! Each language's strings are the English ones overlaid with the
//! language's file, key by key, so a missing key shows English, never a blank.
//! A language without a file uses its base language's (`de-at` → `de`).

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;

use crate::config::Language;
use crate::error::{Diagnostic, Result};
use crate::theme::Theme;

/// The theme's words in one language.
#[derive(Debug, Clone)]
pub struct Strings {
    pub words: BTreeMap<String, String>,
    months: Vec<String>,
    date_format: String,
}

impl Strings {
    /// The strings for `lang`, from the theme's files.
    pub fn load(theme: &Theme, lang: &Language) -> Result<Strings> {
        let mut strings = Strings {
            words: BTreeMap::new(),
            months: Vec::new(),
            date_format: "{year}-{month_number}-{day}".into(),
        };
        strings.overlay(theme, "en")?;
        let mut code = lang.code.as_str();
        loop {
            if theme.i18n.contains_key(code) {
                if code != "en" {
                    strings.overlay(theme, code)?;
                }
                break;
            }
            match code.rsplit_once('-') {
                Some((base, _)) => code = base,
                None => break,
            }
        }
        strings.words.extend(lang.strings.clone());
        Ok(strings)
    }

    fn overlay(&mut self, theme: &Theme, code: &str) -> Result<()> {
        let Some((text, shown)) = theme.i18n.get(code) else {
            return Ok(());
        };
        let file = Path::new(shown);
        let table: toml::Table =
            toml::from_str(text).map_err(|e| crate::error::toml_diagnostic(file, text, 1, &e))?;
        for (key, value) in table {
            match (key.as_str(), value) {
                ("months", toml::Value::Array(months)) => {
                    let months: Vec<String> =
                        months.iter().filter_map(|m| m.as_str().map(String::from)).collect();
                    if months.len() != 12 {
                        return Err(Diagnostic::new(file, "`months` must list the 12 month names").into());
                    }
                    self.months = months;
                }
                ("date_format", toml::Value::String(f)) => self.date_format = f,
                (_, toml::Value::String(s)) => {
                    self.words.insert(key, s);
                }
                (key, _) => {
                    return Err(Diagnostic::new(file, format!("`{key}` must be a text in quotes")).into());
                }
            }
        }
        Ok(())
    }

    /// A word of the theme; the key itself if no file has it (a site's
    /// override of en.toml may drop keys), never a blank or a panic.
    pub fn get(&self, key: &str) -> String {
        self.words.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// A date as the language writes it (`1. März 2025`, `2025年3月1日`).
    pub fn date(&self, date: Date) -> String {
        use std::fmt::Write;
        // One pass over the format: a page writes a date for each version it
        // lists, and four replacements each were a percent of a build.
        let month = date.month() as usize;
        let mut out = String::with_capacity(self.date_format.len() + 16);
        let mut rest = self.date_format.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            rest = &rest[open..];
            if let Some(after) = rest.strip_prefix("{day}") {
                let _ = write!(out, "{}", date.day());
                rest = after;
            } else if let Some(after) = rest.strip_prefix("{month_number}") {
                let _ = write!(out, "{month}");
                rest = after;
            } else if let Some(after) = rest.strip_prefix("{month}") {
                out.push_str(self.months.get(month - 1).map_or("", String::as_str));
                rest = after;
            } else if let Some(after) = rest.strip_prefix("{year}") {
                let _ = write!(out, "{}", date.year());
                rest = after;
            } else {
                out.push('{');
                rest = &rest[1..];
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Direction;

    fn lang(code: &str) -> Language {
        Language {
            code: code.into(),
            tag: code.into(),
            name: code.into(),
            direction: Direction::Ltr,
            title: None,
            description: None,
            strings: Default::default(),
        }
    }

    fn theme() -> Theme {
        let mut theme = Theme::default();
        for (path, bytes) in crate::theme::EMBEDDED {
            if let Some(name) = path.strip_prefix("i18n/").and_then(|n| n.strip_suffix(".toml")) {
                let text = String::from_utf8(bytes.to_vec()).unwrap();
                theme.i18n.insert(name.into(), (text, path.to_string()));
            }
        }
        theme
    }

    #[test]
    fn a_date_is_written_as_four_replacements_wrote_it_whatever_the_format() {
        let months: Vec<String> = (1..=12).map(|m| format!("M{m}")).collect();
        for format in [
            "{day}.{month_number}.{year}",
            "{month} {day}, {year} {x} {",
            "{{day}}{year}{year}",
            "",
            "no date",
        ] {
            let strings =
                Strings { words: BTreeMap::new(), months: months.clone(), date_format: format.into() };
            for day in ["2025-03-01", "1999-12-31", "0987-01-09"] {
                let date: Date = day.parse().unwrap();
                let replaced = format
                    .replace("{day}", &date.day().to_string())
                    .replace("{month_number}", &date.month().to_string())
                    .replace("{month}", &months[date.month() as usize - 1])
                    .replace("{year}", &date.year().to_string());
                assert_eq!(strings.date(date), replaced, "{format:?} {day}");
            }
        }
    }

    #[test]
    fn dates_in_each_language() {
        let theme = theme();
        let date: Date = "2025-03-01".parse().unwrap();
        let fmt = |code| Strings::load(&theme, &lang(code)).unwrap().date(date);
        assert_eq!(fmt("en"), "1 March 2025");
        assert_eq!(fmt("de"), "1. März 2025");
        assert_eq!(fmt("de-at"), "1. März 2025");
        assert_eq!(fmt("zh-hant"), "2025年3月1日");
        assert_eq!(fmt("ar"), "1 مارس 2025");
        assert_eq!(fmt("ja"), "2025年3月1日");
        assert_eq!(fmt("ko"), "2025년 3월 1일");
        assert_eq!(fmt("pt-br"), "1 de março de 2025");
        assert_eq!(fmt("he"), "1 במרץ 2025");
    }

    #[test]
    fn unknown_languages_and_missing_keys_fall_back_to_english() {
        let theme = theme();
        let en = Strings::load(&theme, &lang("en")).unwrap();
        let xx = Strings::load(&theme, &lang("tlh")).unwrap();
        assert_eq!(xx.words, en.words);
        for code in ["de", "fr", "es", "zh-hant", "zh-hans", "ar", "ja", "ko", "pt", "it", "nl", "he"] {
            let (text, _) = &theme.i18n[code];
            let table: toml::Table = toml::from_str(text).unwrap();
            for key in en.words.keys() {
                assert!(table.contains_key(key), "i18n/{code}.toml lacks `{key}`");
            }
        }
    }
}
