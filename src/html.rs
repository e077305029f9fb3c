//! HTML as text: the one place that escapes text for HTML and XML, and
//! that takes the text back out of HTML. Templates, views, redlines and
//! feeds escape with it; the lock's hashes, search, structured data and the
//! GPC check read text with it.

/// Escapes text for HTML. Tera's own escaper also encodes `/`, which would
/// turn every address into `&#x2F;de&#x2F;`; that is valid but unreadable.
pub fn escape(input: &str) -> String {
    // Every value a template prints passes here: the text between two
    // characters to escape is copied in one go, and most values (titles,
    // addresses) are copied whole.
    if !input.bytes().any(|b| ESCAPED[b as usize]) {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len() + 16);
    escaped_runs(input, |run| out.push_str(run));
    out
}

/// [`escape`] written into `out`: what a template prints goes straight
/// into the page, with no string of its own (vendor/README.md, tera item 10).
pub fn escape_into(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut written = Ok(());
    escaped_runs(input, |run| {
        if written.is_ok() {
            written = out.write_all(run.as_bytes());
        }
    });
    written
}

/// `input` escaped, as the runs of text between the characters to escape
/// and those characters' entities, in order: the one definition of
/// [`escape`] and [`escape_into`].
fn escaped_runs<'a>(input: &'a str, mut push: impl FnMut(&'a str)) {
    let mut copied = 0;
    for (i, &b) in input.as_bytes().iter().enumerate() {
        if !ESCAPED[b as usize] {
            continue;
        }
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        push(&input[copied..i]);
        push(entity);
        copied = i + 1;
    }
    push(&input[copied..]);
}

/// The bytes [`escape`] replaces.
static ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// Escapes text content (`&`, `<`, `>`): what the redline writes between tags.
pub fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Appends an attribute value taken from parsed HTML, whose entities are
/// still written (`&amp;` stays): only what would end the value is escaped.
pub fn push_attr(out: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Escapes text for XML. Characters XML 1.0 does not allow at all (C0
/// controls other than tab, line feed and carriage return; U+FFFE, U+FFFF)
/// are dropped, so the feed stays well-formed whatever a text holds (front
/// matter and site.toml refuse them with an error before this).
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // The text between two replacements is copied whole, not a character at a time.
    let mut copied = 0;
    for (at, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            c if !allowed_in_xml(c) => "",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        copied = at + c.len_utf8();
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether XML 1.0 allows `c` in a document (its `Char` production).
pub fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The text a reader reads in rendered HTML: tags dropped (and what
/// `script` and `style` hold), entities decoded, white space collapsed. It
/// does not depend on the theme or on the minifier, so its hash identifies
/// a document's words (`versions.lock`, `versions.json`).
pub fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    push_text_of_html(&mut out, html);
    out
}

/// [`text_of_html`] appended to `out`, a space before its first word when
/// `out` holds text already (search puts a page's title first).
pub fn push_text_of_html(out: &mut String, html: &str) {
    // One pass and no copy of the whole: each run of text between tags is
    // decoded and its words appended (a tag separates words, as a space would).
    // Every text passes here at least twice (its hash, the search index):
    // tags are found with memchr, not a searcher set up for each.
    let mut rest = html;
    while let Some(i) = memchr::memchr(b'<', rest.as_bytes()) {
        push_words(out, &decode_entities(&rest[..i]));
        rest = &rest[i..];
        let close: &[u8] = if starts_with_ignore_case(rest, "<script") {
            b"</script>"
        } else if starts_with_ignore_case(rest, "<style") {
            b"</style>"
        } else if rest.starts_with("<!--") {
            b"-->"
        } else {
            b">"
        };
        let end = match close {
            [byte] => memchr::memchr(*byte, rest.as_bytes()),
            _ => memchr::memmem::find(rest.as_bytes(), close),
        };
        let end = end.map(|e| e + close.len());
        rest = end.map_or("", |e| &rest[e..]);
    }
    push_words(out, &decode_entities(rest));
}

/// The words of `text` (split at white space, as `str::split_whitespace`)
/// appended to `out`, each after a space when `out` holds text already.
///
/// Runs of words that one plain space separates are copied whole: in most
/// text that is a line at a time, not a word.
fn push_words(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let space = white_space_at(&bytes[i..]);
        if space > 0 {
            i += space;
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let start = i;
        i = run_end(bytes, i);
        out.push_str(&text[start..i]);
    }
}

/// Where the run of words that starts at `i` ends: at white space other
/// than one plain space before a byte that cannot start white space.
///
/// Eight bytes are read at once while none of them may end the run: every
/// text is read here twice a build (its hash, the search index), and a
/// byte at a time this was a tenth of loading a site.
fn run_end(bytes: &[u8], mut i: usize) -> usize {
    loop {
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let stop = may_end_run(u64::from_le_bytes(word));
            if stop != 0 {
                i += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { return bytes.len() };
        let ends = MAY_START_SPACE[b as usize]
            && white_space_at(&bytes[i..]) > 0
            && !(b == b' ' && bytes.get(i + 1).is_some_and(|&c| !MAY_START_SPACE[c as usize]));
        if ends {
            return i;
        }
        i += 1;
    }
}

/// The high bit of each byte of `x` (eight bytes of text, the first the
/// lowest) that may end a run of words: each byte that may start white
/// space ([`MAY_START_SPACE`], and a few more: the other controls, `0xe0`),
/// but a space only before another such byte, and always in the last
/// place, whose next byte is not in `x`. Each test is exact per byte: no
/// carry crosses from one byte into the next.
const fn may_end_run(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const fn each(b: u8) -> u64 {
        u64::from_le_bytes([b; 8])
    }
    /// The high bit of each byte of `x` that is zero.
    const fn zero(x: u64) -> u64 {
        !(((x & LOW7) + LOW7) | x) & HIGH
    }
    // Below 0x21: the ASCII white space and the other controls.
    let low = !(((x & LOW7) + each(0x5f)) | x) & HIGH;
    // 0xc2, and 0xe0 to 0xe3.
    let lead = zero(x ^ each(0xc2)) | zero((x & each(0xfc)) ^ each(0xe0));
    let special = low | lead;
    let space = zero(x ^ each(b' '));
    (special & !space) | (space & ((special >> 8) | (0x80 << 56)))
}

/// The bytes that may start a white space character in UTF-8: ASCII's
/// and the lead bytes of [`white_space_at`]'s others.
static MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'\t'..=b'\r' | b' ' | 0xc2 | 0xe1 | 0xe2 | 0xe3);
        b += 1;
    }
    table
};

/// The length in bytes of the white space character `bytes` starts with
/// (as `char::is_whitespace` has it), or 0: read from the UTF-8, since
/// outside ASCII only four lead bytes can start one (U+0085, U+00A0,
/// U+1680, U+2000 to U+205F, U+3000).
fn white_space_at(bytes: &[u8]) -> usize {
    match bytes {
        [b'!'..=0x7f | 0x80..=0xc1 | 0xc3..=0xe0 | 0xe4..=0xff, ..] => 0,
        [b'\t'..=b'\r' | b' ', ..] => 1,
        [0xc2, 0x85 | 0xa0, ..] => 2,
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Where `needle` (ASCII) first occurs in `haystack`, in any case: `</SCRIPT`, `</h2`.
pub fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().saturating_sub(n.len()))
        .find(|&i| h.len() >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// `text` starts with `prefix` (ASCII), in any case: `<SCRIPT`, `<Style`.
fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|b| b.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Decodes the entities pulldown-cmark and editors write (`&amp;`, `&#39;`, `&#x2019;`, ...).
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    // The memchr crate's search: this runs for every text between two tags.
    if memchr::memchr(b'&', s.as_bytes()).is_none() {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name.strip_prefix('#').and_then(|num| {
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The text of rendered HTML for structured data: tags dropped (inline ones
/// join their words, `a<b>c</b>` is `ac`), block ends as spaces, entities
/// decoded. Unlike [`text_of_html`], whose hashes are on the record, it
/// reads as the page does.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        if tag.starts_with("</p")
            || tag.starts_with("</li")
            || tag.starts_with("<br")
            || tag.starts_with("</h")
        {
            text.push(' ');
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_is_well_formed_xml_whatever_it_holds() {
        assert_eq!(escape_xml("a\u{7}b\u{1b}c <&> \"\u{FFFF}\tok"), "abc &lt;&amp;&gt; &quot;\tok");
    }

    #[test]
    fn each_escaper_escapes_what_its_place_needs() {
        assert_eq!(escape("a/b <i> & \"q\" 'x'"), "a/b &lt;i&gt; &amp; &quot;q&quot; &#39;x&#39;");
        // Escapes first, last, beside other scripts, or none at all.
        for (text, escaped) in [
            ("'\u{4e2d}\u{6587} & \u{fc}>", "&#39;\u{4e2d}\u{6587} &amp; \u{fc}&gt;"),
            ("<<&&>>", "&lt;&lt;&amp;&amp;&gt;&gt;"),
            (
                "\u{627}\u{644}\u{62e}\u{635}\u{648}\u{635}\u{64a}\u{629}",
                "\u{627}\u{644}\u{62e}\u{635}\u{648}\u{635}\u{64a}\u{629}",
            ),
            ("", ""),
        ] {
            assert_eq!(escape(text), escaped, "{text:?}");
            let mut written = Vec::new();
            escape_into(text, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), escaped, "{text:?}");
        }
        assert_eq!(escape_text("<b> & \"q\""), "&lt;b&gt; &amp; \"q\"");
        let mut attr = String::new();
        push_attr(&mut attr, "a &amp; \"b\"");
        assert_eq!(attr, "a &amp; &quot;b&quot;");
    }

    #[test]
    fn text_comes_out_of_html_for_hashes_and_for_reading() {
        let html = "<p>Tom &amp; <strong>Jerry</strong>&#39;s</p><script>x()</script><li>Next</li>";
        assert_eq!(text_of_html(html), "Tom & Jerry 's Next");
        // Inline tags join their words for reading; each tag splits them for the record.
        assert_eq!(
            plain_text("<p>Tom &amp; <strong>Jerry</strong>&#39;s</p><p>Next</p>"),
            "Tom & Jerry's Next"
        );
    }

    /// The text as it was defined before the memchr pass (`split_whitespace`
    /// of each decoded run, `str::find` of each tag's end): the same words,
    /// or every `versions.lock` would see its texts as changed.
    fn text_as_first_defined(html: &str) -> String {
        let mut out = String::new();
        let mut words = |text: &str| {
            for word in decode_entities(text).split_whitespace() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
        };
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            words(&rest[..i]);
            rest = &rest[i..];
            let close = if starts_with_ignore_case(rest, "<script") {
                "</script>"
            } else if starts_with_ignore_case(rest, "<style") {
                "</style>"
            } else if rest.starts_with("<!--") {
                "-->"
            } else {
                ">"
            };
            rest = rest.find(close).map_or("", |e| &rest[e + close.len()..]);
        }
        words(rest);
        out
    }

    #[test]
    fn white_space_is_read_from_the_bytes_as_char_is_whitespace_has_it() {
        let mut buf = [0u8; 4];
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let expected = if c.is_whitespace() { bytes.len() } else { 0 };
            assert_eq!(white_space_at(bytes), expected, "{c:?}");
        }
    }

    #[test]
    fn words_are_split_as_before_at_every_place_of_an_eight_byte_word() {
        // Every sequence of up to four tricky pieces, behind 0 to 7 bytes of
        // plain text: each piece falls at every place of `run_end`'s words.
        let pieces = [
            "a", " ", "  ", "\t", "\u{a0}", "\u{3000}", "\u{2019}", "\u{e9}", "\u{1c}", "\n", "\u{4e2d}",
            "\u{e01}",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}"))).collect();
            texts.extend(longer);
        }
        for lead in 0..8 {
            for t in &texts {
                let text = format!("{}{t} end", "x".repeat(lead));
                assert_eq!(text_of_html(&text), text_as_first_defined(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn the_text_of_html_splits_words_at_every_white_space_as_before() {
        for html in [
            "<p>a\u{a0}b\u{3000}c\u{2028}d\u{85}e\u{1c}f\u{b}g\u{c}h\r\ni\tj</p>",
            "<p>&nbsp;x&#x3000;y&#160;z &amp;amp; &#12288;</p>",
            "  lead <b>bold</b>trail\u{200b}zero-width ",
            "<SCRIPT>x()</SCRIPT> after <STYLE>p{}</style> more",
            "<!-- a > b --> c <!-- unclosed",
            "<p>unclosed <a href=\"x\"",
            "數據保護\u{3000}條款 <h2 id=\"x\">الخصوصية</h2>\u{a0}",
            "one two  three \n four\u{a0} five\u{2003}six  ",
            " x y <b>z</b> w ",
            "",
        ] {
            assert_eq!(text_of_html(html), text_as_first_defined(html), "{html:?}");
        }
    }
}
