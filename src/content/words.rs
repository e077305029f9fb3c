//! What a translator translates, hashed: whether a translation is behind
//! its source (`translations.lock`).

use crate::frontmatter::FrontMatter;

/// SHA-256 of a file's words: its texts in the front matter (title,
/// description, summary, highlights, category names, correction notes) and
/// its Markdown. Settings that are not translated (weight, draft, dates,
/// featured) are left out, so changing them leaves no translation behind.
pub fn words_sha256(front: &FrontMatter, body: &str) -> String {
    let mut words = String::with_capacity(body.len() + 256);
    let fields = [front.title.as_deref(), front.description.as_deref(), front.summary.as_deref()];
    for field in fields {
        words.push_str(field.unwrap_or_default());
        words.push('\u{1f}');
    }
    for text in front.highlights.iter().chain(front.categories.iter().map(|c| &c.name)) {
        words.push_str(text);
        words.push('\u{1f}');
    }
    for c in &front.corrections {
        words.push_str(&c.note);
        words.push('\u{1f}');
    }
    words.push('\u{1e}');
    spacing_as_read(body, &mut words);
    crate::files::sha256_hex(words.as_bytes())
}

/// `body` with the white space a reader does not see made one: runs of
/// spaces inside a line (Markdown shows one), trailing spaces (but a hard
/// break's two), blank lines in a row. Indentation stays (it makes lists
/// and code), so a real change is never lost; a double space removed is
/// not one.
fn spacing_as_read(body: &str, out: &mut String) {
    static TWO_SPACES: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("  "));
    let mut lines = body.trim().lines().peekable();
    let mut blank = true;
    while let Some(line) = lines.next() {
        let rest = line.trim_start();
        if rest.trim_end().is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push_str(&line[..line.len() - rest.len()]);
        // Runs of spaces and tabs made one space, the text between copied
        // whole (every file's body passes here). The line is trimmed, so a
        // run always stands between two words. Most lines have no tab and
        // no two spaces in a row: copied at once, not a word at a time.
        let mut text = rest.trim_end();
        if memchr::memchr(b'\t', text.as_bytes()).is_none() && TWO_SPACES.find(text.as_bytes()).is_none() {
            out.push_str(text);
            text = "";
        }
        while let Some(at) = memchr::memchr2(b' ', b'\t', text.as_bytes()) {
            out.push_str(&text[..at]);
            out.push(' ');
            text = text[at..].trim_start_matches([' ', '\t']);
        }
        out.push_str(text);
        // Two spaces break the line only before another line of the paragraph.
        if rest.ends_with("  ") && lines.peek().is_some_and(|next| !next.trim().is_empty()) {
            out.push_str("  ");
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod words_tests {
    use super::*;

    /// The inside of a line as it was first defined, a character at a time.
    fn collapsed_as_first_defined(text: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in text.chars() {
            if c == ' ' || c == '\t' {
                space = true;
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn spaces_inside_a_line_collapse_as_they_first_did() {
        for line in [
            "a  b\t\tc \t d",
            "數據  保護\u{3000} x",
            "x\u{a0} \u{a0}y",
            "one",
            "a \u{2003}\tb",
            "one two three, each after one space",
            "only a\ttab",
            "only two  spaces",
        ] {
            let mut out = String::new();
            spacing_as_read(line, &mut out);
            assert_eq!(out, format!("{}\n", collapsed_as_first_defined(line.trim())), "{line:?}");
        }
    }

    fn words(body: &str) -> String {
        words_sha256(&FrontMatter::default(), body)
    }

    #[test]
    fn white_space_a_reader_does_not_see_leaves_the_words_as_they_were() {
        let base = words("We keep logs for 45 days.\n\nSee [our FAQ](/faq/).\n");
        assert_eq!(base, words("We keep logs  for 45 days.   \n\n\n\nSee  [our FAQ](/faq/).\n\n"));
        assert_ne!(base, words("We keep logs for 40 days.\n\nSee [our FAQ](/faq/).\n"));
        // A hard break, a new paragraph and indentation change what is shown.
        assert_ne!(base, words("We keep logs for 45 days.  \nSee [our FAQ](/faq/).\n"));
        assert_ne!(base, words("We keep logs for 45 days.\nSee [our FAQ](/faq/).\n"));
        assert_ne!(words("- a\n  - b\n"), words("- a\n- b\n"));
    }

    #[test]
    fn settings_that_are_not_translated_leave_the_words_as_they_were() {
        let front = FrontMatter { weight: 3, draft: true, featured: true, ..FrontMatter::default() };
        assert_eq!(words_sha256(&front, "Text."), words("Text."));
        let titled = FrontMatter { title: Some("FAQ".into()), ..FrontMatter::default() };
        assert_ne!(words_sha256(&titled, "Text."), words("Text."));
    }
}
