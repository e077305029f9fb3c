//! Every page's address, in one place: the path below a language root
//! (`privacy/2024-03-01/changes/`), the file it is written to, and the
//! escaping of segments. `render`, the feeds, the manifest, `check` and
//! `serve` all ask here; [`Config::page_address`] adds the base path, the
//! language and the ugly-URL form.

use crate::config::Config;

/// A page of the site, by what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page<'a> {
    Home,
    /// A policy's version in force.
    Policy(&'a str),
    Changelog(&'a str),
    /// One version, by its file's date.
    Version(&'a str, &'a str),
    /// A version against the one before it.
    Changes(&'a str, &'a str),
    /// An archived version against the version in force (`None`) or an upcoming one.
    Compare(&'a str, &'a str, Option<&'a str>),
    Faq,
    /// A FAQ question: the FAQ page at the question's anchor.
    Question(&'a str),
    Contact,
    /// Any other page (`imprint`).
    Free(&'a str),
    /// Search across the language's texts.
    Search,
}

/// The folder of the search index and its loader (Pagefind's bundle), below the base path.
pub const SEARCH_BUNDLE: &str = "pagefind/";

impl Page<'_> {
    /// The address relative to a language root, in its pretty form.
    pub fn rel(&self) -> String {
        let e = encode_segment;
        match *self {
            Page::Home => String::new(),
            Page::Policy(p) => format!("{}/", e(p)),
            Page::Changelog(p) => format!("{}/changelog/", e(p)),
            Page::Version(p, v) => format!("{}/{}/", e(p), e(v)),
            Page::Changes(p, v) => format!("{}/{}/changes/", e(p), e(v)),
            Page::Compare(p, v, None) => format!("{}/{}/compare/", e(p), e(v)),
            Page::Compare(p, v, Some(u)) => format!("{}/{}/compare/{}/", e(p), e(v), e(u)),
            Page::Faq => "faq/".into(),
            Page::Question(q) => format!("faq/#{}", encode_fragment(q)),
            Page::Contact => "contact/".into(),
            Page::Free(p) => format!("{}/", e(p)),
            Page::Search => "search/".into(),
        }
    }

    /// The page's address in language `lang`, as the site links it.
    pub fn address(&self, config: &Config, lang: usize) -> String {
        config.page_address(lang, &self.rel())
    }
}

/// Percent-encodes what may not stand in a path segment as is (spaces, `#`, `?`, `%`).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for c in segment.chars() {
        match c {
            ' ' | '#' | '?' | '%' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes what may not stand in a fragment (a question's id from its file name).
pub fn encode_fragment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            ' ' | '"' | '<' | '>' | '`' | '%' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// `uri` with every byte that is not printable ASCII percent-encoded (a
/// sitemap's `<loc>` is a URI, not an IRI).
pub fn ascii_uri(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    for b in uri.bytes() {
        if b.is_ascii() && !b.is_ascii_control() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (the reverse of [`encode_segment`]).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The output file of an address: `/de/privacy/` → `de/privacy/index.html`.
/// The same rule `serve` answers requests by.
pub fn file_of(config: &Config, address: &str) -> String {
    let rel = address.strip_prefix(&config.base_path).unwrap_or(address.trim_start_matches('/'));
    index_file(&percent_decode(rel))
}

/// A folder's address is its `index.html`.
pub fn index_file(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_escape_what_a_url_cannot_hold() {
        assert_eq!(
            Page::Compare("privacy", "2024-03-01", Some("2027-04-01")).rel(),
            "privacy/2024-03-01/compare/2027-04-01/"
        );
        assert_eq!(Page::Policy("our terms").rel(), "our%20terms/");
        assert_eq!(Page::Question("why 100%?").rel(), "faq/#why%20100%25?");
        assert_eq!(percent_decode(&encode_segment("a b#c%d")), "a b#c%d");
        assert_eq!(index_file("de/privacy/"), "de/privacy/index.html");
        assert_eq!(index_file("feed.xml"), "feed.xml");
    }
}
