//! Country names from ISO 3166-1 codes, in the reader's language, from
//! CLDR (ICU4X's compiled data): a register's `location` says `IE` and a
//! German reader reads "Irland". Nothing here is typed by hand.

use icu_experimental::displaynames::{DisplayNamesOptions, multi::RegionDisplayNames};
use icu_locale_core::{Locale, subtags::Region};

/// Country names in one language.
pub struct Names(Option<RegionDisplayNames>, Option<RegionDisplayNames>);

impl Names {
    /// The names in the language of `tag` (a BCP 47 tag such as `zh-Hant`),
    /// with English behind it for a language CLDR does not have.
    pub fn new(tag: &str) -> Names {
        let load = |tag: &str| {
            let locale: Locale = tag.parse().ok()?;
            RegionDisplayNames::try_new(locale.into(), DisplayNamesOptions::default()).ok()
        };
        Names(load(tag), load("en"))
    }

    /// The name of the country `code` (`IE`), if it is one.
    pub fn of(&self, code: &str) -> Option<String> {
        let region = region(code)?;
        self.0.as_ref().and_then(|n| n.of(region)).or_else(|| self.1.as_ref()?.of(region)).map(str::to_string)
    }
}

/// Whether `text` is written as a country code: two ASCII letters.
pub fn looks_like_code(text: &str) -> bool {
    text.len() == 2 && text.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether `code` is an ISO 3166-1 alpha-2 code CLDR names (upper case).
pub fn is_code(code: &str) -> bool {
    thread_local! {
        static ENGLISH: Names = Names::new("en");
    }
    code.bytes().all(|b| b.is_ascii_uppercase()) && ENGLISH.with(|n| n.of(code).is_some())
}

fn region(code: &str) -> Option<Region> {
    if !looks_like_code(code) {
        return None;
    }
    code.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_in_the_readers_language() {
        assert_eq!(Names::new("de").of("IE").as_deref(), Some("Irland"));
        assert_eq!(Names::new("zh-Hant").of("DE").as_deref(), Some("德國"));
        assert_eq!(Names::new("ar").of("US").as_deref(), Some("الولايات المتحدة"));
        // A language CLDR lacks falls back to English.
        assert_eq!(Names::new("tlh").of("IE").as_deref(), Some("Ireland"));
    }

    #[test]
    fn codes_are_checked() {
        assert!(is_code("IE") && is_code("US") && is_code("TW"));
        assert!(!is_code("XX") && !is_code("UK") && !is_code("ie") && !is_code("Worldwide"));
        assert!(looks_like_code("UK") && !looks_like_code("EU-wide"));
    }
}
