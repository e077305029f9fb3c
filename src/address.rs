//! Every address, in one place: each page's path below a language root
//! (`privacy/2024-03-01/changes/`, the feed, the 404 page, search), the
//! language root and base path in front of it, the ugly-URL form, absolute
//! URLs, the file an address is written to and, the other way, the address
//! of an output file and the files a request may name (`serve`), and the
//! escaping of segments. Nothing else builds an address.

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
    /// The language's Atom feed of policy changes (a file, in every URL form).
    Feed,
    /// A register's own feed of its changes (`subprocessors/feed.xml`).
    RegisterFeed(&'a str),
    /// A register as data (`subprocessors/register.json`).
    RegisterJson(&'a str),
    /// A row of a register's version page (`subprocessors/2025-06-01/#aws`).
    Row(&'a str, &'a str, &'a str),
    /// A row of a register's current page (`subprocessors/#aws`).
    CurrentRow(&'a str, &'a str),
    /// The language's 404 page: static hosts serve the nearest one up the path.
    NotFound,
    /// A version's PDF, beside its page (`privacy/2025-06-15/privacy-2025-06-15-en.pdf`),
    /// named with the code of the language it is written in.
    Pdf(&'a str, &'a str, &'a str),
}

/// The site-relative root of a language's pages: `/` or `/de/` (under the base path).
pub fn language_root(config: &Config, lang: usize) -> String {
    root_with_room(config, lang, 0)
}

/// [`language_root`], with room for `more` bytes after it.
fn root_with_room(config: &Config, lang: usize, more: usize) -> String {
    let code = if lang == 0 { "" } else { config.languages[lang].code.as_str() };
    let mut out = String::with_capacity(config.base_path.len() + code.len() + 1 + more);
    out.push_str(&config.base_path);
    if lang != 0 {
        out.push_str(code);
        out.push('/');
    }
    out
}

/// The address of a page, given relative to a language root the pretty
/// way (`privacy/`, `faq/#id`, `` for home): `/de/privacy/`, or
/// `/de/privacy.html` with ugly URLs. Every page address comes from here.
pub fn page_address(config: &Config, lang: usize, rel: &str) -> String {
    // Every link of every page comes here (the language switcher, the
    // alternates, the navigation): one allocation, no formatting machinery.
    let rel = if config.ugly_urls { std::borrow::Cow::Owned(page_rel(config, rel)) } else { rel.into() };
    let mut out = root_with_room(config, lang, rel.len());
    out.push_str(&rel);
    out
}

/// A pretty relative page path as this site writes it.
pub fn page_rel(config: &Config, rel: &str) -> String {
    if !config.ugly_urls {
        return rel.to_string();
    }
    let (path, anchor) = match rel.split_once('#') {
        Some((p, a)) => (p, format!("#{a}")),
        None => (rel, String::new()),
    };
    let path = match path.strip_suffix('/') {
        _ if path.is_empty() => "index.html".to_string(),
        Some(p) => format!("{p}.html"),
        None => path.to_string(),
    };
    format!("{path}{anchor}")
}

/// Turns a site-relative address (`/de/privacy/`) into an absolute URL.
pub fn absolute(config: &Config, address: &str) -> String {
    let origin = &config.base_url[..config.base_url.len() - config.base_path.len()];
    format!("{origin}{address}")
}

/// The folder of the search index and its loader (Pagefind's bundle), below the base path.
pub const SEARCH_BUNDLE: &str = "pagefind/";

impl Page<'_> {
    /// The address relative to a language root, in its pretty form.
    pub fn rel(&self) -> String {
        // Pushed into one string, not `format!`ed from encoded copies: every
        // page asks for its own address and for those of the versions it lists.
        let mut out = String::new();
        let mut path = |parts: &[&str], tail: &str| {
            for part in parts {
                push_segment(&mut out, part);
                out.push('/');
            }
            out.push_str(tail);
        };
        match *self {
            Page::Home => {}
            Page::Policy(p) | Page::Free(p) => path(&[p], ""),
            Page::Changelog(p) => path(&[p], "changelog/"),
            Page::Version(p, v) => path(&[p, v], ""),
            Page::Changes(p, v) => path(&[p, v], "changes/"),
            Page::Compare(p, v, None) => path(&[p, v], "compare/"),
            Page::Compare(p, v, Some(u)) => path(&[p, v, "compare", u], ""),
            Page::Faq => path(&[], "faq/"),
            Page::Question(q) => path(&[], &format!("faq/#{}", encode_fragment(q))),
            Page::Contact => path(&[], "contact/"),
            Page::Search => path(&[], "search/"),
            Page::Feed => path(&[], "feed.xml"),
            Page::RegisterFeed(p) => path(&[p], "feed.xml"),
            Page::RegisterJson(p) => path(&[p], "register.json"),
            Page::Row(p, v, id) => path(&[p, v], &format!("#{}", encode_fragment(id))),
            Page::CurrentRow(p, id) => path(&[p], &format!("#{}", encode_fragment(id))),
            Page::NotFound => path(&[], "404.html"),
            Page::Pdf(p, v, code) => path(&[p, v], &encode_segment(&format!("{p}-{v}-{code}.pdf"))),
        }
        out
    }

    /// The page's address in language `lang`, as the site links it.
    pub fn address(&self, config: &Config, lang: usize) -> String {
        page_address(config, lang, &self.rel())
    }
}

/// Percent-encodes what may not stand in a path segment as is (spaces, `#`, `?`, `%`).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    push_segment(&mut out, segment);
    out
}

/// [`encode_segment`] appended to `out`; a segment with nothing to encode
/// (a slug, a date) is copied whole.
fn push_segment(out: &mut String, segment: &str) {
    let encoded =
        |c: char| matches!(c, ' ' | '#' | '?' | '%' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}');
    if !segment.contains(encoded) {
        out.push_str(segment);
        return;
    }
    for c in segment.chars() {
        if encoded(c) {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
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

/// The other way: the address of the page an output file holds
/// (`de/privacy/index.html` → `/de/privacy/`); `None` for a file that is
/// not a page (a feed, a stylesheet). What `serve` tells open tabs.
pub fn of_file(base_path: &str, file: &str) -> Option<String> {
    if let Some(dir) = file.strip_suffix("index.html") {
        Some(format!("{base_path}{dir}"))
    } else if file.ends_with(".html") {
        Some(format!("{base_path}{file}"))
    } else {
        None
    }
}

/// The folder a request for `rel` (below the base path, no trailing `/`)
/// names when `rel/index.html` exists: the address to redirect to.
pub fn folder_of(base_path: &str, rel: &str) -> (String, String) {
    (format!("{rel}/index.html"), format!("{base_path}{}/", encode_segment(rel).replace("%2F", "/")))
}

/// The 404 pages that may answer for `rel`, nearest first (`ar/404.html`
/// below `/ar/`, then `404.html`), as static hosts look for them.
pub fn not_found_files(rel: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut dir = rel;
    loop {
        dir = dir.rsplit_once('/').map_or("", |(parent, _)| parent);
        let name = Page::NotFound.rel();
        out.push(if dir.is_empty() { name } else { format!("{dir}/{name}") });
        if dir.is_empty() {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_is_addressed_as_its_parts_formatted_and_encoded() {
        let e = encode_segment;
        for (p, v, u) in [
            ("privacy", "2024-01-01", "2025-02-03"),
            ("a b#?%", "v{1}|2", "x^`y"),
            ("\u{96b1}\u{79c1}", "", "\\"),
        ] {
            let q = "what's #1?";
            let cases = [
                (Page::Home, String::new()),
                (Page::Policy(p), format!("{}/", e(p))),
                (Page::Changelog(p), format!("{}/changelog/", e(p))),
                (Page::Version(p, v), format!("{}/{}/", e(p), e(v))),
                (Page::Changes(p, v), format!("{}/{}/changes/", e(p), e(v))),
                (Page::Compare(p, v, None), format!("{}/{}/compare/", e(p), e(v))),
                (Page::Compare(p, v, Some(u)), format!("{}/{}/compare/{}/", e(p), e(v), e(u))),
                (Page::Faq, "faq/".into()),
                (Page::Question(q), format!("faq/#{}", encode_fragment(q))),
                (Page::Contact, "contact/".into()),
                (Page::Free(p), format!("{}/", e(p))),
                (Page::Search, "search/".into()),
                (Page::Feed, "feed.xml".into()),
                (Page::RegisterFeed(p), format!("{}/feed.xml", e(p))),
                (Page::RegisterJson(p), format!("{}/register.json", e(p))),
                (Page::Row(p, v, q), format!("{}/{}/#{}", e(p), e(v), encode_fragment(q))),
                (Page::CurrentRow(p, q), format!("{}/#{}", e(p), encode_fragment(q))),
                (Page::NotFound, "404.html".into()),
                (Page::Pdf(p, v, "de"), format!("{}/{}/{}", e(p), e(v), e(&format!("{p}-{v}-de.pdf")))),
            ];
            for (page, address) in cases {
                assert_eq!(page.rel(), address, "{page:?}");
            }
        }
        assert_eq!(e("a b#?%\"^`{|}<>"), "a%20b%23%3F%25%22%5E%60%7B%7C%7D%3C%3E");
    }

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
        assert_eq!(of_file("/c/", "de/privacy/index.html").as_deref(), Some("/c/de/privacy/"));
        assert_eq!(of_file("/", "privacy.html").as_deref(), Some("/privacy.html"));
        assert_eq!(of_file("/", "de/feed.xml"), None);
        assert_eq!(not_found_files("ar/privacy/x"), ["ar/privacy/404.html", "ar/404.html", "404.html"]);
        assert_eq!(folder_of("/", "our terms").1, "/our%20terms/");
    }

    #[test]
    fn a_page_address_is_its_language_root_then_the_page() {
        let site = |extra: &str| {
            let text = format!(
                "title = \"T\"\ndefault_language = \"en\"\nbase_url = \"https://example.com/privacy/\"\n{extra}\n[languages.en]\nname = \"English\"\n[languages.zh-hant]\nname = \"中文\"\n"
            );
            Config::parse(std::path::Path::new("."), &text).unwrap()
        };
        let pretty = site("");
        assert_eq!(page_address(&pretty, 0, "privacy/"), "/privacy/privacy/");
        assert_eq!(page_address(&pretty, 1, "faq/#why"), "/privacy/zh-hant/faq/#why");
        assert_eq!(page_address(&pretty, 1, ""), language_root(&pretty, 1));
        let ugly = site("ugly_urls = true");
        assert_eq!(page_address(&ugly, 0, ""), "/privacy/index.html");
        assert_eq!(page_address(&ugly, 1, "faq/#why"), "/privacy/zh-hant/faq.html#why");
    }
}
