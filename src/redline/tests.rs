use super::*;

/// The redline's HTML without the screen-reader words and interface parts.
fn visible(r: &Redline) -> String {
    let mut s: String = r.sections.iter().map(|s| s.html.as_str()).collect();
    for (open, close) in [
        ("<span class=\"visually-hidden\">", "</span>"),
        ("<p class=\"redline-ui change-nav\"", "</p>"),
        ("<summary class=\"redline-ui\">", "</summary>"),
        ("<span class=\"redline-ui redline-was\">", "]</span>"),
    ] {
        while let Some(i) = s.find(open) {
            let end = s[i..].find(close).unwrap() + i + close.len();
            s.replace_range(i..end, "");
        }
    }
    s.replace("<details class=\"redline-context\">", "").replace("</details>", "")
}

/// The text with every element of `drop` removed, tags stripped, white
/// space collapsed as a browser shows it (a block's edges are a space).
fn text_without(html: &str, drop: &str) -> String {
    let nodes = html::parse(html);
    fn walk(nodes: &[html::Node], drop: &str, out: &mut String) {
        for n in nodes {
            match n {
                html::Node::Text(t) => out.push_str(&html::decode_entities(t)),
                html::Node::Element(e) if e.name == drop => {}
                html::Node::Element(e) if e.is_inline() => walk(&e.children, drop, out),
                html::Node::Element(e) => {
                    out.push('\n');
                    walk(&e.children, drop, out);
                    out.push('\n');
                }
                html::Node::Other(_) => {}
            }
        }
    }
    let mut out = String::new();
    walk(&nodes, drop, &mut out);
    out.split([' ', '\t', '\n', '\r', '\x0c']).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn plain(html: &str) -> String {
    text_without(html, "#none")
}

fn lossless(old: &str, new: &str) -> Redline {
    let r = diff(old, new);
    let v = visible(&r);
    assert_eq!(text_without(&v, "del"), plain(new), "accept-all is the new text:\n{v}");
    assert_eq!(text_without(&v, "ins"), plain(old), "reject-all is the old text:\n{v}");
    r
}

fn kinds(r: &Redline) -> Vec<(String, Change)> {
    r.sections.iter().map(|s| (s.title.clone(), s.change)).collect()
}

#[test]
fn chinese_numbers_change_as_whole_numbers() {
    let old = "<h2 id=\"retention\">保存</h2><p>我們保存伺服器紀錄三十日。</p>";
    let new = "<h2 id=\"retention\">保存</h2><p>我們保存伺服器紀錄四十五日。</p>";
    let r = lossless(old, new);
    assert_eq!(kinds(&r), [("保存".to_string(), Change::Changed)]);
    assert!(visible(&r).contains("紀錄<del>三十</del><ins>四十五</ins>日"), "{}", visible(&r));
}

#[test]
fn a_changed_link_is_one_changed_link_with_its_old_address() {
    let old = "<p>See <a href=\"https://old.example\">our partners</a> for details.</p>";
    let new = "<p>See <a href=\"https://new.example\">our partners</a> for details.</p>";
    let r = lossless(old, new);
    let html: String = r.sections.iter().map(|s| s.html.as_str()).collect();
    assert!(
        html.contains("<a href=\"https://new.example\" class=\"redline-changed\">our partners</a><span class=\"redline-ui redline-was\">[@@privet:link_changed@@ <a href=\"https://old.example\" class=\"redline-was-link\">https://old.example</a>]</span> for details."),
        "{html}"
    );
    assert!(!html.contains("<del>") && !html.contains("<ins>"), "{html}");
    assert_eq!(r.passages, 1, "a changed link is a change");
    // Words and address both changed: the words are marked inside the new link.
    let new = "<p>See <a href=\"https://new.example\">our many partners</a> for details.</p>";
    let v = visible(&lossless(old, new));
    assert!(
        v.contains(
            "<a href=\"https://new.example\" class=\"redline-changed\">our <ins>many </ins>partners</a>"
        ),
        "{v}"
    );
}

#[test]
fn a_changed_image_source_is_one_changed_image() {
    let old = "<p>Logo: <img src=\"/a.png\" alt=\"Logo\"> here.</p>";
    let new = "<p>Logo: <img src=\"/b.png\" alt=\"Logo\"> here.</p>";
    let r = lossless(old, new);
    let html: String = r.sections.iter().map(|s| s.html.as_str()).collect();
    assert!(html.contains("<img src=\"/b.png\" alt=\"Logo\" class=\"redline-changed\">"), "{html}");
    assert!(html.contains("@@privet:image_changed@@ <a href=\"/a.png\""), "{html}");
    assert_eq!(r.passages, 1);
}

#[test]
fn a_linked_image_whose_source_changed_gets_a_note_without_a_nested_link() {
    let old = "<p><a href=\"/home\"><img src=\"/a.png\" alt=\"Logo\"></a> here.</p>";
    let new = "<p><a href=\"/home\"><img src=\"/b.png\" alt=\"Logo\"></a> here.</p>";
    let r = lossless(old, new);
    let html: String = r.sections.iter().map(|s| s.html.as_str()).collect();
    assert!(html.contains("class=\"redline-changed\""), "{html}");
    assert_eq!(html.matches("<a ").count(), 1, "no link inside the link: {html}");
    assert!(html.contains("<span class=\"redline-was-link\">/a.png</span>"), "{html}");
}

#[test]
fn a_space_added_or_removed_between_words_is_marked() {
    // GitHub's statement: `download.[Learn more]` became `download. [Learn more]`.
    let old = "<p>Start the download.<a href=\"/x\">Learn more</a> now.</p>";
    let new = "<p>Start the download. <a href=\"/x\">Learn more</a> now.</p>";
    let r = lossless(old, new);
    let html: String = r.sections.iter().map(|s| s.html.as_str()).collect();
    assert!(html.contains("download.<ins>"), "{html}");
    assert!(html.contains("@@privet:space@@"), "said to screen readers: {html}");
    // `account related` → `account-related`: the space is removed, the hyphen added.
    let r = lossless("<p>Your account related data.</p>", "<p>Your account-related data.</p>");
    let v = visible(&r);
    assert!(v.contains("<del> </del>") || v.contains("<del> -"), "{v}");
    // A no-break space that became a plain one is a change (Automattic's policy, 2018).
    let r = lossless("<p>WordPress.com\u{a0}account</p>", "<p>WordPress.com account</p>");
    assert_eq!(r.passages, 1);
    // A reflowed paragraph (line breaks and double spaces) is no change.
    let r = diff("<p>One two\nthree  four.</p>", "<p>One two three four.</p>");
    assert_eq!(r.passages, 0);
}

#[test]
fn a_removed_heading_keeps_its_id_for_links_unless_the_newer_text_has_it() {
    let old = "<h2 id=\"searches\">Searches</h2><p>We log searches.</p><h2 id=\"kept\">Kept</h2><p>See <a href=\"#searches\">above</a>.</p>";
    let new = "<h2 id=\"kept\">Kept</h2><p>See nothing.</p>";
    let r = lossless(old, new);
    let html: String = r.sections.iter().map(|s| s.html.as_str()).collect();
    assert!(html.contains("id=\"searches\""), "{html}");
    assert_eq!(html.matches("id=\"kept\"").count(), 1, "{html}");
}

#[test]
fn a_removed_list_item_is_marked_on_the_item() {
    let old = "<ul><li>Alpha</li><li>Beta gamma</li><li>Delta</li></ul>";
    let new = "<ul><li>Alpha</li><li>Delta</li><li>Epsilon</li></ul>";
    let v = visible(&lossless(old, new));
    assert!(v.contains("<li class=\"redline-removed\"><del>Beta gamma</del></li>"), "{v}");
    assert!(v.contains("<li class=\"redline-added\"><ins>Epsilon</ins></li>"), "{v}");
    assert!(!v.contains("<ul><del>") && !v.contains("</li><del>"), "{v}");
}

#[test]
fn a_reworded_heading_is_one_changed_section() {
    let old = "<h2 id=\"keep\">How long we keep your data</h2><p>Thirty days.</p><h2 id=\"b\">B</h2><p>b</p>";
    let new = "<h2 id=\"store\">How long we store data</h2><p>Thirty days.</p><h2 id=\"b\">B</h2><p>b</p>";
    let r = lossless(old, new);
    assert_eq!(
        kinds(&r),
        [("How long we store data".to_string(), Change::Changed), ("B".to_string(), Change::Unchanged)]
    );
}

#[test]
fn a_heading_whose_id_changed_is_unchanged() {
    let old = "<h2 id=\"cookies\">Cookies</h2><p>We use cookies.</p>";
    let new = "<h2 id=\"cookie-use\">Cookies</h2><p>We use cookies.</p>";
    let r = lossless(old, new);
    assert_eq!(kinds(&r), [("Cookies".to_string(), Change::Unchanged)]);
    assert!(r.sections[0].html.contains("id=\"cookie-use\""));
}

#[test]
fn a_moved_section_is_moved_with_distinct_ids() {
    let a = "<h2 id=\"a\">Alpha</h2><p>The alpha section text is long enough to be found again.</p>";
    let b = "<h2 id=\"b\">Beta</h2><p>The beta section text, also with enough words in it.</p>";
    let c = "<h2 id=\"c\">Gamma</h2><p>Gamma stays here and has its own words too.</p>";
    let r = lossless(&format!("{a}{b}{c}"), &format!("{b}{c}{a}"));
    let moved: Vec<_> = r.sections.iter().filter(|s| s.change == Change::Moved).collect();
    assert_eq!(moved.len(), 2, "{:?}", kinds(&r));
    assert_ne!(moved[0].anchor, moved[1].anchor);
    assert_eq!(moved[0].moved_to.as_deref(), Some(moved[1].anchor.as_str()));
    let html: String = r.sections.iter().map(|s| s.html.as_str()).collect();
    assert_eq!(html.matches("id=\"a\"").count(), 1, "{html}");
}

#[test]
fn unchanged_paragraphs_fold_away_from_changes() {
    let paras = |changed: &str| {
        let mut s = "<h2 id=\"s\">S</h2>".to_string();
        for k in 0..6 {
            s.push_str(&format!("<p>Paragraph {k} says something.</p>"));
        }
        s.push_str(&format!("<p>{changed}</p>"));
        s
    };
    let r = lossless(&paras("Old ending here."), &paras("New ending here."));
    let html = &r.sections[0].html;
    assert!(html.contains("<details class=\"redline-context\"><summary class=\"redline-ui\">@@privet:unchanged_text@@ (5)</summary><p>Paragraph 0"), "{html}");
    assert_eq!(r.passages, 1);
    assert!(html.contains("id=\"change-1\""));
}

#[test]
fn a_removed_table_row_keeps_the_table_valid() {
    let old = "<table><thead><tr><th>Who</th><th>Why</th></tr></thead><tbody><tr><td>Acme</td><td>Hosting</td></tr><tr><td>Mailco</td><td>E-mail</td></tr></tbody></table>";
    let new = "<table><thead><tr><th>Who</th><th>Why</th></tr></thead><tbody><tr><td>Acme</td><td>Hosting and backups</td></tr></tbody></table>";
    let v = visible(&lossless(old, new));
    assert!(
        v.contains("<tr class=\"redline-removed\"><td><del>Mailco</del></td><td><del>E-mail</del></td></tr>"),
        "{v}"
    );
    assert!(v.contains("<td>Hosting<ins> and backups</ins></td>"), "{v}");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let old = "<p>a b c d e f g</p><ul><li>x</li></ul>";
    let new = "<p>a c d x f g h</p><ul><li>y</li><li>x</li></ul>";
    assert_eq!(diff(old, new), diff(old, new));
}

#[test]
fn interface_words_are_filled_in() {
    let html = "<p>@@privet:change_of|n=2|total=5@@ @@privet:next_change@@</p>";
    let out = localize(html, |k| match k {
        "change_of" => "Change {n} of {total}".into(),
        _ => "Next <change>".into(),
    });
    assert_eq!(out, "<p>Change 2 of 5 Next &lt;change&gt;</p>");
}

#[test]
fn words_keep_entities_and_numbers_whole() {
    assert_eq!(inline::words("Tom &amp; Jerry 1,000"), ["Tom", " ", "&amp;", " ", "Jerry", " ", "1,000"]);
    assert_eq!(inline::words("四十五日"), ["四十五", "日"]);
}

#[test]
fn a_memo_of_word_diffs_gives_the_same_redlines_and_is_used() {
    // Two older versions share a paragraph the newer one rewords: the
    // second redline takes that paragraph's word diff from the memo.
    let v1 = "<h2 id=\"a\">Data</h2><p>We keep logs for thirty days.</p><p>First text.</p><ul><li>Mail us at one place.</li></ul>";
    let v2 = "<h2 id=\"a\">Data</h2><p>We keep logs for thirty days.</p><p>Second text.</p><ul><li>Mail us at one place.</li></ul>";
    // A footnote reference carries an id: never memoized, still the same.
    let v3 = "<h2 id=\"a\">Data</h2><p>We keep logs for forty-five days.<sup id=\"r1\"><a href=\"#f1\">1</a></sup></p><p>Third text.</p><ul><li>Mail us at another place.</li></ul>";
    let memo = std::sync::Arc::new(Memo::default());
    for old in [v1, v2, v1] {
        assert_eq!(diff_memo(old, v3, Some(memo.clone())), diff(old, v3));
    }
    let kept = memo.diffs.lock().unwrap().len();
    assert!(kept >= 2, "the reworded paragraph and list item are kept ({kept})");
    let hidden = "<p>We keep logs for thirty days.</p><p>A.</p>";
    let plain = "<p>We keep logs for forty-five days.</p><p>A.</p>";
    // The memo hands back what it holds for the pair: here, planted.
    let planted = std::sync::Arc::new(Memo::default());
    let first = diff_memo(hidden, plain, Some(planted.clone()));
    let keys: Vec<(u64, u64)> = planted.diffs.lock().unwrap().keys().copied().collect();
    assert_eq!(keys.len(), 1);
    planted.put(keys[0], "PLANTED", true);
    let second = diff_memo(hidden, plain, Some(planted));
    assert!(second.sections[0].html.contains("PLANTED"), "{:?}", second.sections[0].html);
    assert!(!first.sections[0].html.contains("PLANTED"));
}

#[test]
fn a_memo_parses_each_text_once_and_drops_it_after_its_last_redline() {
    let v1 = "<h2 id=\"a\">Data</h2><p>We keep logs for thirty days.</p>";
    let v2 = "<h2 id=\"a\">Data</h2><p>We keep logs for forty days.</p><p>New.</p>";
    let v3 = "<h2 id=\"a\">Data</h2><p>We keep logs for forty-five days.</p>";
    let text = |id, html| Text { id, html };
    // v3 (the version in force, say) is in both redlines, v1 and v2 in one each.
    let memo = std::sync::Arc::new(Memo::for_texts([(1, 1), (2, 1), (3, 2)]));
    assert_eq!(diff_texts(text(1, v1), text(3, v3), memo.clone()), diff(v1, v3));
    {
        let trees = memo.trees.lock().unwrap();
        assert!(!trees.contains_key(&1), "v1 has no redline left");
        assert!(trees[&3].nodes.is_some() && trees[&2].nodes.is_none(), "v3 is kept, v2 not parsed yet");
    }
    assert_eq!(diff_texts(text(2, v2), text(3, v3), memo.clone()), diff(v2, v3));
    assert!(memo.trees.lock().unwrap().is_empty(), "every parse dropped after its last redline");
    // A text the memo was not told of is parsed for its redline alone.
    assert_eq!(diff_texts(text(7, v2), text(3, v1), memo.clone()), diff(v2, v1));
    assert!(memo.trees.lock().unwrap().is_empty());
}

#[test]
fn a_memo_writes_a_block_added_in_several_redlines_once_and_the_same() {
    let new = "<p>Kept.</p><p>An added paragraph with <a href=\"/x\">a link</a>.</p><h2 id=\"new\">New</h2>";
    let memo = std::sync::Arc::new(Memo::default());
    for old in ["<p>Kept.</p>", "<p>Kept.</p><p>Gone.</p>", "<p>Kept.</p>"] {
        assert_eq!(diff_memo(old, new, Some(memo.clone())), diff(old, new));
    }
    let diffs = memo.diffs.lock().unwrap();
    // The added paragraph and the removed one, each kept once; the heading has an id.
    assert_eq!(diffs.keys().filter(|(_, k)| *k == blocks::MARKED_INS).count(), 1);
    assert_eq!(diffs.keys().filter(|(_, k)| *k == blocks::MARKED_DEL).count(), 1);
}

#[test]
fn blocks_of_very_different_lengths_never_pair() {
    // A one-word paragraph against a long one: not alike enough to diff inside.
    let old = "<p>Short.</p>";
    let new = "<p>Short text that goes on for many more words than the old one had in it.</p>";
    let r = diff(old, new);
    let html: String = r.sections.iter().map(|s| s.html.as_str()).collect();
    assert!(html.contains("redline-added") && html.contains("redline-removed"), "{html}");
}

#[test]
fn the_bag_of_words_is_the_same_with_its_ascii_path() {
    // The definition before ASCII took a path of its own.
    fn bag_as_first_defined(text: &str) -> Vec<u64> {
        const FNV: u64 = 0xcbf2_9ce4_8422_2325;
        let mix =
            |h: u64, c: char| (h ^ c.to_lowercase().next().unwrap_or(c) as u64).wrapping_mul(0x100_0000_01b3);
        let (mut out, mut word) = (Vec::new(), FNV);
        for c in text.chars() {
            let ideograph =
                matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF);
            if c.is_alphanumeric() && !ideograph {
                word = mix(word, c);
                continue;
            }
            if word != FNV {
                out.push(word);
                word = FNV;
            }
            if ideograph {
                out.push(mix(FNV, c));
            }
        }
        if word != FNV {
            out.push(word);
        }
        out.sort_unstable();
        out
    }
    for text in [
        "We KEEP logs for 45 days; e-mail us at privacy@example.com.",
        "Ärger über ÉTÉ İstanbul Σίσυφος ΣΊΣΥΦΟΣ",
        "個人資料保護法第 8 條，ユーザーのデータ",
        "سياسة الخصوصية ١٢٣ 2024",
        "",
        "\u{a0}mixed\u{3000}ＦＵＬＬ width",
    ] {
        assert_eq!(blocks::bag(text), bag_as_first_defined(text), "{text:?}");
    }
}

#[test]
fn dice_with_a_floor_is_dice_at_or_above_the_floor_and_below_it_under() {
    // Dice's coefficient counted plainly: each word of `a` takes one equal
    // word of `b` not yet taken (a multiset intersection).
    fn reference(a: &[u64], b: &[u64]) -> u32 {
        if a.is_empty() && b.is_empty() {
            return 1000;
        }
        let mut left = b.to_vec();
        let common = a
            .iter()
            .filter(|x| left.iter().position(|y| y == *x).map(|p| left.swap_remove(p)).is_some())
            .count();
        (2000 * common / (a.len() + b.len())) as u32
    }
    // Small alphabets, so that bags share words, repeat them and differ in size.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut checked = [0usize; 2];
    for _ in 0..4000 {
        let alphabet = 1 + next(12);
        let mut a: Vec<u64> = (0..next(30)).map(|_| next(alphabet)).collect();
        let mut b: Vec<u64> = (0..next(30)).map(|_| next(alphabet)).collect();
        a.sort_unstable();
        b.sort_unstable();
        let exact = reference(&a, &b);
        assert_eq!(blocks::dice_at_least(&a, &b, 0), exact, "{a:?} {b:?}");
        for floor in [1, 400, 800, 1000] {
            let got = blocks::dice_at_least(&a, &b, floor);
            if exact >= floor {
                assert_eq!(got, exact, "floor {floor}: {a:?} {b:?}");
                checked[0] += 1;
            } else {
                assert!(got < floor, "floor {floor}: {got} for {exact}: {a:?} {b:?}");
                checked[1] += 1;
            }
        }
    }
    // Both sides of the floor were tried many times.
    assert!(checked.iter().all(|&n| n > 1000), "{checked:?}");
}
