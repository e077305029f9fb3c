//! The PDF of every version (`pdf = true`): read back with poppler's
//! `pdftotext` and `pdfinfo`, as a legal team or an archive would.

use std::process::Command;

use crate::common;

use common::{Output, Site, attr_values};
use sha2::{Digest, Sha256};

/// Whether poppler's tools are here; a loud SKIPPED line when not, a
/// failure when CI requires them (`PRIVET_REQUIRE_PDF_TOOLS=1`).
fn poppler() -> bool {
    let here = Command::new("pdftotext").arg("-v").output().is_ok_and(|o| o.status.success());
    if !here {
        assert!(
            std::env::var_os("PRIVET_REQUIRE_PDF_TOOLS").is_none(),
            "pdftotext is missing and PRIVET_REQUIRE_PDF_TOOLS is set: install poppler-utils"
        );
        eprintln!("SKIPPED: PDF test, pdftotext is not installed (Debian: poppler-utils)");
    }
    here
}

fn pdftotext(path: &std::path::Path) -> String {
    let out = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(path).arg("-").output().unwrap();
    assert!(out.status.success(), "pdftotext failed on {}", path.display());
    String::from_utf8(out.stdout).unwrap()
}

fn pdfinfo(path: &std::path::Path, meta: bool) -> String {
    let mut cmd = Command::new("pdfinfo");
    if meta {
        cmd.arg("-meta");
    }
    let out = cmd.arg(path).output().unwrap();
    assert!(out.status.success(), "pdfinfo failed on {}", path.display());
    String::from_utf8(out.stdout).unwrap()
}

/// The document's text on its page outside its tables, one block
/// (paragraph, heading, list item) a line, as a reader reads it.
fn blocks_of_page(html: &str) -> Vec<String> {
    let (blocks, _) = blocks_and_cells(html);
    blocks
}

/// The same, and apart from them the tables' cells: pdftotext reads a
/// row's cells line by line across, so a cell of several lines is not whole
/// in its output.
fn blocks_and_cells(html: &str) -> (Vec<String>, Vec<String>) {
    let start = html.find("<div class=prose>").or_else(|| html.find("<div class=\"prose\">")).unwrap();
    // To the `</div>` that closes it.
    let end = common::element_end(html, start, "div") - "</div>".len();
    let mut prose = html[start..end].to_string();
    let mut cells = Vec::new();
    while let Some(open) = prose.find("<table") {
        let close = prose[open..].find("</table>").map_or(prose.len(), |c| open + c + "</table>".len());
        let table = prose[open..close].to_string();
        for cell in table.split("<td").chain(table.split("<th")).skip(1) {
            let cell = &cell[cell.find('>').map_or(0, |g| g + 1)..];
            let cell = cell.split("</t").next().unwrap_or("");
            cells.push(strip_tags(cell));
        }
        prose.replace_range(open..close, "");
    }
    let mut text = String::new();
    let mut rest = prose.as_str();
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let gt = rest[lt..].find('>').unwrap() + lt;
        let name = rest[lt + 1..gt].trim_start_matches('/').split([' ', '>']).next().unwrap_or("");
        #[rustfmt::skip]
        let block = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "td", "th", "br", "div", "blockquote", "pre", "caption"];
        if block.contains(&name) {
            text.push('\n');
        }
        rest = &rest[gt + 1..];
    }
    text.push_str(rest);
    let text = decode(&text);
    (text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(), cells)
}

fn decode(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    decode(&out)
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The fixture site with `pdf = true`.
fn fixture_with_pdfs() -> Site {
    let site = Site::fixture("site");
    let toml = std::fs::read_to_string(site.path("site.toml")).unwrap();
    // Before the first table, where a top-level setting belongs.
    site.write("site.toml", &format!("pdf = true\n{toml}"));
    site
}

/// Text without white space, and without hyphens: pdftotext joins a word
/// broken at its hyphen at the end of a line (`sub-` `processors`) into one,
/// and gives a word Typst hyphenated (`pseudo-` `nymised`) with a soft hyphen.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}').collect()
}

/// The Arabic letters of a text, as poppler can give them back: without
/// the marks (harakat) and the tatweel, and a letter written twice in a row
/// once. A letter that carries a mark is one cluster of two glyphs in the
/// PDF, and both glyphs map to the cluster's text: readers that follow the
/// PDF's `ActualText` (Acrobat, Chromium) read it once, poppler twice.
fn arabic_letters(s: &str) -> Vec<char> {
    let mut letters: Vec<char> = s
        .chars()
        .filter(|c| c.is_alphabetic() && ('\u{0600}'..='\u{06FF}').contains(c))
        .filter(|c| !matches!(*c as u32, 0x0640 | 0x064B..=0x065F | 0x0670))
        .collect();
    letters.dedup();
    letters
}

fn pdf_path(out: &Output, address: &str) -> std::path::PathBuf {
    out.dir.join(common::file_of(address))
}

#[test]
fn each_version_pdf_holds_its_text_in_reading_order_in_every_script() {
    if !poppler() {
        return;
    }
    let site = Site::example();
    let out = site.build("2026-01-15");
    for (lang, prefix) in [("en", ""), ("de", "/de"), ("zh-hant", "/zh-hant"), ("ar", "/ar")] {
        let page = out.page(&format!("{prefix}/privacy/2025-06-15/"));
        let address = format!("{prefix}/privacy/2025-06-15/privacy-2025-06-15-{lang}.pdf");
        // The version page links its PDF.
        assert!(
            attr_values(&page, "href").contains(&address),
            "{prefix}/privacy/2025-06-15/ does not link {address}"
        );
        let text = pdftotext(&pdf_path(&out, &address));
        let (blocks, cells) = blocks_and_cells(&page);
        // Every word of every cell is there (a word broken at a line's end comes back whole;
        // Arabic words by their letters, see `arabic_letters`).
        let flat = squeeze(&text);
        let letters: String = arabic_letters(&text).into_iter().collect();
        for cell in &cells {
            for word in cell
                .split_whitespace()
                .filter(|w| !w.chars().any(|c| matches!(c as u32, 0x064B..=0x065F | 0x0670)))
            {
                let arabic: String = arabic_letters(word).into_iter().collect();
                let found = if arabic.is_empty() {
                    // Punctuation around a word may stand elsewhere in a right-to-left line.
                    flat.contains(&squeeze(word.trim_matches(|c: char| !c.is_alphanumeric())))
                } else {
                    letters.contains(&arabic)
                };
                assert!(found, "{lang}: the PDF lacks the word {word:?} of the table cell {cell:?}");
            }
        }
        assert!(blocks.len() > 20, "{lang}: too few blocks on the page to compare: {blocks:?}");
        if lang == "ar" {
            // The example's Arabic carries marks (harakat); poppler cannot give such text
            // back in order (see `arabic_letters`), so this checks that every word without
            // a mark is there, and `an_arabic_pdf_reads_in_order` checks the order on a
            // text without marks.
            let pdf = arabic_letters(&text).into_iter().collect::<String>();
            for block in &blocks {
                let unmarked = block
                    .split_whitespace()
                    .filter(|w| !w.chars().any(|c| matches!(c as u32, 0x064B..=0x065F | 0x0670)));
                for word in unmarked {
                    let word: String = arabic_letters(word).into_iter().collect();
                    assert!(
                        word.chars().count() < 3 || pdf.contains(&word),
                        "{lang}: the PDF lacks the word {word:?} of the block {block:?}"
                    );
                }
            }
            continue;
        }
        // The text, blocks in the page's order, each whole: what a reader reads, in that
        // order, once each page's footer (the organization, "2 / 5") is taken out.
        let mut pdf = squeeze(&text);
        let pages = text.matches('\u{c}').count();
        for page in 1..=pages {
            pdf = pdf.replacen(&squeeze(&format!("Lumen Ledger GmbH {page} / {pages}")), "", 1);
        }
        let mut at = 0;
        for block in &blocks {
            let want = squeeze(block);
            match pdf[at..].find(&want) {
                Some(i) => at += i + want.len(),
                None => panic!("{lang}: the PDF lacks, after what came before, the block {block:?}"),
            }
        }
        // What the template adds around the text: the title, the date and the permanent address.
        assert!(
            text.contains("https://privacy.lumenledger.example"),
            "{lang}: no permanent address in the PDF"
        );
    }
    let en = pdftotext(&pdf_path(&out, "/privacy/2025-06-15/privacy-2025-06-15-en.pdf"));
    assert!(en.contains("Effective 15 June 2025"), "the English PDF does not say when it took effect:\n{en}");
    let de = pdftotext(&pdf_path(&out, "/de/privacy/2025-06-15/privacy-2025-06-15-de.pdf"));
    assert!(de.contains("Lumen Ledger GmbH"), "the German PDF does not name the organization");
}

#[test]
fn an_arabic_pdf_reads_in_order() {
    if !poppler() {
        return;
    }
    let site = fixture_with_pdfs();
    site.write(
        "content/privacy/2025-06-15.ar.md",
        "+++\ntitle = \"سياسة الخصوصية\"\n+++\n\
## من نحن {#controller}\n\n\
شركة Example GmbH في برلين هي الجهة المسؤولة عن معالجة بياناتك الشخصية. يمكنك التواصل معنا عبر البريد الإلكتروني في أي وقت.\n\n\
## البيانات التي نجمعها {#data}\n\n\
عند إنشاء حساب نجمع اسمك وعنوان بريدك الإلكتروني واسم شركتك. نستخدم هذه البيانات لتقديم الخدمة وإرسال الفواتير إليك.\n\n\
- بيانات الحساب: الاسم والبريد الإلكتروني\n\
- بيانات الفوترة: العنوان ورقم ضريبة القيمة المضافة\n\
- سجلات الخادم: عنوان IP ووقت الطلب\n\n\
## مدة الاحتفاظ {#retention}\n\n\
نحتفظ بسجلات الخادم لمدة أربعة عشر يوما ثم نحذفها. ونحتفظ بالفواتير عشر سنوات كما يقتضي القانون التجاري الألماني.\n\n\
## حقوقك {#rights}\n\n\
لك الحق في الاطلاع على بياناتك وتصحيحها وحذفها ونقلها، ولك الحق في الاعتراض على معالجتها وفي تقديم شكوى إلى سلطة حماية البيانات المختصة.\n",
    );
    let out = site.build("2026-01-15");
    let page = out.page("/ar/privacy/2025-06-15/");
    let text = pdftotext(&pdf_path(&out, "/ar/privacy/2025-06-15/privacy-2025-06-15-ar.pdf"));
    // Every Arabic letter in order: shaped, right to left, lines and blocks in reading order.
    let want: Vec<char> = blocks_of_page(&page).iter().flat_map(|b| arabic_letters(b)).collect();
    let got = arabic_letters(&text);
    let start = got.windows(want.len().min(12)).position(|w| w == &want[..want.len().min(12)]);
    let start = start.unwrap_or_else(|| panic!("the Arabic text does not begin as the page does:\n{text}"));
    assert_eq!(
        &got[start..start + want.len()],
        &want[..],
        "the Arabic PDF's letters are not the page's, in order:\n{text}"
    );
    // The Latin name inside a right-to-left line is there, whole.
    assert!(text.contains("Example GmbH"), "{text}");
}

#[test]
fn a_pdf_is_tagged_archival_and_names_its_title_and_language() {
    if !poppler() {
        return;
    }
    let site = Site::example();
    let out = site.build("2026-01-15");
    let manifest: serde_json::Value = serde_json::from_str(&out.page("/versions.json")).unwrap();
    for (address, title, language) in [
        ("/privacy/2025-06-15/privacy-2025-06-15-en.pdf", "Privacy Policy", "en"),
        // Typst names a language by language and region: Traditional Chinese as written in Taiwan.
        ("/zh-hant/privacy/2025-06-15/privacy-2025-06-15-zh-hant.pdf", "隱私權政策", "zh-TW"),
        ("/ar/privacy/2025-06-15/privacy-2025-06-15-ar.pdf", "سياسة الخصوصية", "ar"),
    ] {
        let path = pdf_path(&out, address);
        let info = pdfinfo(&path, false);
        assert!(
            info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
            "{address} is not tagged:\n{info}"
        );
        let title_line = info.lines().find(|l| l.starts_with("Title:")).unwrap_or_default();
        assert_eq!(title_line.trim_start_matches("Title:").trim(), title, "{address}");
        let meta = pdfinfo(&path, true);
        assert!(
            meta.contains(&format!("<dc:language><rdf:Bag><rdf:li>{language}</rdf:li>")),
            "{address}: language is not {language}:\n{meta}"
        );
        assert!(
            meta.contains("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance>"),
            "{address} is not PDF/A-2a"
        );
        assert!(meta.contains("<pdfuaid:part>1</pdfuaid:part>"), "{address} is not PDF/UA-1");
        // Nothing that changes after publication: its date is the day it took effect.
        assert!(
            meta.contains("<xmp:CreateDate>2025-06-15T00:00:00Z</xmp:CreateDate>"),
            "{address}: date is not the effective date"
        );

        // versions.json lists it with the SHA-256 of the file.
        let bytes = std::fs::read(&path).unwrap();
        let sha = sha256_hex(&bytes);
        let listed = manifest["policies"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["versions"].as_array().unwrap())
            .flat_map(|v| v["languages"].as_array().unwrap())
            .filter_map(|l| l["pdf"].as_object())
            .any(|pdf| pdf["address"].as_str().unwrap().ends_with(address) && pdf["sha256"] == sha.as_str());
        assert!(listed, "versions.json does not list {address} with its SHA-256 {sha}");
    }
    // The changelog links every version's PDF.
    let changelog = out.page("/de/privacy/changelog/");
    for date in ["2024-03-01", "2025-06-15", "2027-04-01"] {
        let address = format!("/de/privacy/{date}/privacy-{date}-de.pdf");
        assert!(
            attr_values(&changelog, "href").contains(&address),
            "the German changelog does not link {address}"
        );
        assert!(out.exists(&address), "{address} is linked but missing");
    }
}

#[test]
fn the_same_site_gives_the_same_pdfs_and_a_rebuild_takes_the_unchanged_ones() {
    if !poppler() {
        return;
    }
    let (one, two) = (fixture_with_pdfs(), fixture_with_pdfs());
    let (a, b) = (one.build("2026-01-15"), two.build("2026-01-15"));
    let pdfs = |out: &Output| -> Vec<(String, Vec<u8>)> {
        out.files().into_iter().filter(|(name, _)| name.ends_with(".pdf")).collect()
    };
    let (first, second) = (pdfs(&a), pdfs(&b));
    assert!(
        first.len() >= 4,
        "the fixture's versions have PDFs: {:?}",
        first.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_eq!(first, second, "two builds of the same site gave different PDFs");

    // A rebuild takes a PDF from the last output when what it is made from is
    // unchanged: mark one (and its listed hash) and see the mark survive.
    let name = "privacy/2024-03-01/privacy-2024-03-01-en.pdf";
    let upcoming = "privacy/2027-01-01/privacy-2027-01-01-en.pdf";
    let old = std::fs::read(a.dir.join(name)).unwrap();
    let mut marked = old.clone();
    marked.extend_from_slice(b"\n% kept from the last build\n");
    std::fs::write(a.dir.join(name), &marked).unwrap();
    let manifest = a.dir.join("versions.json");
    let listed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, listed.replace(&sha256_hex(&old), &sha256_hex(&marked))).unwrap();
    // And the upcoming version's text changes: its PDF must be typeset again.
    let before = std::fs::read(a.dir.join(upcoming)).unwrap();
    let source = one.path("content/privacy/2027-01-01.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("{text}\nA sentence added before it takes effect.\n")).unwrap();
    let again = one.build("2026-01-15");
    assert_eq!(
        std::fs::read(again.dir.join(name)).unwrap(),
        marked,
        "an unchanged version's PDF was typeset again"
    );
    let after = std::fs::read(again.dir.join(upcoming)).unwrap();
    assert_ne!(after, before, "the changed version's PDF was not typeset again");
    assert!(pdftotext(&again.dir.join(upcoming)).contains("A sentence added before it takes effect."));
}

#[test]
fn a_missing_font_names_the_language_and_what_to_install_and_keeps_the_last_output() {
    let site = fixture_with_pdfs();
    let out = site.build("2026-01-15");
    // The upcoming version's Chinese text changes, so its PDF is to be typeset
    // (the others are taken from the last output, and need no font).
    let source = site.path("content/privacy/2027-01-01.zh-hant.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, format!("{text}\n新增一句話。\n")).unwrap();
    let before = out.files();
    // Typst's own fonts alone have no Chinese.
    let run = Command::new(env!("CARGO_BIN_EXE_privet"))
        .args(["build", "--date", "2026-01-15", "--root"])
        .arg(site.root())
        .env("PRIVET_IGNORE_SYSTEM_FONTS", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("繁體中文 (zh-Hant)"), "the error does not name the language:\n{stderr}");
    assert!(stderr.contains("fonts-noto-cjk"), "the error does not say what to install:\n{stderr}");
    assert!(stderr.contains(".zh-hant.md"), "the error does not name a file with such text:\n{stderr}");
    assert_eq!(out.files(), before, "a failed build changed the last output");
}
