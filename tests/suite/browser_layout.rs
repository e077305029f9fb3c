//! The theme's layout in a real browser: no page scrolls sideways on a
//! phone, the text starts on the first screen, every block of another
//! language than the page runs in its own direction, printing shows all the
//! text and none of the navigation, and each language has its own 404 page.

use crate::common;

use common::browser::{self, eval_json as eval, open, viewport};
use common::{Site, StaticServer};
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;
use serde_json::json;

/// Every page type, relative to a language root.
const PAGES: [&str; 13] = [
    "",
    "search/?q=Lumen",
    "privacy/",
    "privacy/changelog/",
    "privacy/2024-03-01/",
    "privacy/2027-04-01/changes/",
    "privacy/2024-03-01/compare/",
    "faq/",
    "contact/",
    "404.html",
    "subprocessors/",
    "subprocessors/2025-09-01/changes/",
    "cookie-list/",
];

fn media(tab: &Tab, media: &str) {
    tab.call_method(Emulation::SetEmulatedMedia { media: Some(media.into()), features: None }).unwrap();
}

/// Text nodes in a script other than the language their element is marked
/// with, or running in the wrong direction: Arabic text must sit in an
/// element of lang `ar` and compute `rtl`; a run of five or more Latin
/// words without Arabic, on an Arabic page, in an element that is not `ar`
/// and computes `ltr` (editors' own Arabic text may quote Latin lines).
const MISMARKED: &str = r#"(() => {
  const bad = [];
  const rtlPage = document.documentElement.dir === 'rtl';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode());) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, code') || !el.checkVisibility()) continue;
    const prose = el.closest('.prose');
    const text = n.textContent.trim();
    const lang = (el.closest('[lang]') || document.documentElement).lang.toLowerCase();
    const dir = getComputedStyle(el).direction;
    if (/[\u0600-\u06ff]/.test(text)) {
      if (!lang.startsWith('ar') || dir !== 'rtl') bad.push(`${lang}/${dir} <${el.tagName}>: ${text.slice(0, 50)}`);
    } else if (rtlPage && !(prose && prose.lang.startsWith('ar')) && (text.match(/[A-Za-z]{2,}/g) || []).length >= 5) {
      if (lang.startsWith('ar') || dir !== 'ltr') bad.push(`${lang}/${dir} <${el.tagName}>: ${text.slice(0, 50)}`);
    }
  }
  return bad;
})()"#;

/// The elements that stick out of the viewport and are not inside a box that scrolls.
const OVERFLOWING: &str = r#"(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let n; (n = walker.nextNode()) && out.length < 4;) {
    let r;
    if (n.nodeType === 3) { const range = document.createRange(); range.selectNodeContents(n); r = range.getBoundingClientRect(); }
    else r = n.getBoundingClientRect();
    if (r.width === 0 || (r.right <= innerWidth + 1 && r.left >= -1)) continue;
    let clipped = false;
    for (let a = n.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
    }
    const el = n.nodeType === 3 ? n.parentElement : n;
    if (!clipped) out.push(`<${el.tagName} class="${el.className}"> ${Math.round(r.left)}..${Math.round(r.right)}: ${n.textContent.slice(0, 40)}`);
  }
  return out.join(' | ');
})()"#;

#[test]
fn no_page_scrolls_sideways_on_a_phone_and_every_block_has_its_direction() {
    let Some(example) = browser::example(
        "no_page_scrolls_sideways_on_a_phone_and_every_block_has_its_direction",
        "2026-11-28",
    ) else {
        return;
    };
    let (tab, server) = (&example.tab, &example.server);
    let mut problems = Vec::new();
    for width in [320, 375] {
        viewport(tab, width, 800);
        for lang in ["", "ar/", "zh-hant/"] {
            for page in PAGES {
                let address = format!("/{lang}{page}");
                open(tab, &server.url(&address));
                if page.starts_with("search/") {
                    assert!(
                        browser::wait(tab, "document.querySelector('.search-result') !== null"),
                        "{address}: no results"
                    );
                }
                // Folded parts count too: open every question, section and table of contents.
                eval(tab, "document.querySelectorAll('details').forEach(d => d.open = true)");
                let widths = eval(tab, "[document.documentElement.scrollWidth, window.innerWidth]");
                if widths[0].as_u64() > widths[1].as_u64() {
                    let wide = eval(tab, OVERFLOWING);
                    problems.push(format!("{address} at {width} px: {} px wide: {wide}", widths[0]));
                }
                if width == 375 {
                    let seen = eval(tab, MISMARKED);
                    if seen != json!([]) {
                        problems.push(format!("{address}: {seen}"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn on_a_phone_the_text_starts_on_the_first_screen() {
    let Some(example) = browser::example("on_a_phone_the_text_starts_on_the_first_screen", "2026-11-28")
    else {
        return;
    };
    let (tab, server) = (&example.tab, &example.server);
    viewport(tab, 375, 800);
    for address in ["/privacy/", "/ar/privacy/", "/zh-hant/terms/", "/ar/terms/"] {
        open(tab, &server.url(address));
        let header = eval(tab, "document.querySelector('.site-header').getBoundingClientRect().height");
        // Three rows; the name and the first two navigation items may take two lines each
        // (an Arabic name, "سياسة ملفات تعريف الارتباط") rather than be cut.
        assert!(header.as_f64().unwrap() < 200.0, "{address}: the header is {header} px high");
        let toc = eval(tab, "document.querySelector('.toc details').open");
        assert_eq!(toc, json!(false), "{address}: the table of contents is folded on a phone");
        let start = eval(tab, "document.querySelector('.policy-text').getBoundingClientRect().top");
        assert!(start.as_f64().unwrap() < 800.0, "{address}: the text starts at {start} px");
    }
    // On a wide screen the table of contents is open beside the text.
    viewport(tab, 1280, 800);
    open(tab, &server.url("/privacy/"));
    let toc = eval(
        tab,
        "document.querySelector('.toc a').checkVisibility() && document.querySelector('.toc details').open",
    );
    assert_eq!(toc, json!(true), "the table of contents is open on a wide screen");
    // The reading column is centred: as much room on its left as on its right.
    open(tab, &server.url("/faq/"));
    let margins = eval(
        tab,
        "(r => [r.left, innerWidth - r.right])(document.querySelector('main .wrap').getBoundingClientRect())",
    );
    let (left, right) = (margins[0].as_f64().unwrap(), margins[1].as_f64().unwrap());
    assert!((left - right).abs() < 20.0 && left > 100.0, "the FAQ column is centred: {margins}");
    // The footer stays at the bottom of a short page.
    open(tab, &server.url("/ar/404.html"));
    let bottom =
        eval(tab, "innerHeight - document.querySelector('.site-footer').getBoundingClientRect().bottom");
    assert!(bottom.as_f64().unwrap().abs() < 2.0, "the footer ends {bottom} px above the bottom");
}

#[test]
fn on_a_phone_the_first_two_navigation_items_read_in_full_and_the_strip_scrolls() {
    let Some(browser) =
        browser::launch("on_a_phone_the_first_two_navigation_items_read_in_full_and_the_strip_scrolls")
    else {
        return;
    };
    // The example site in three scripts, and GitHub's real titles
    // ("GitHub Privacy Statement", "GitHub Subprocessors").
    let example = Site::example();
    let github = Site::fixture("github");
    let tab = browser.new_tab().unwrap();
    for (site, date, addresses) in [
        (&example, "2026-11-28", &["/privacy/", "/ar/privacy/", "/zh-hant/faq/", "/de/contact/"][..]),
        (&github, "2026-12-01", &["/privacy/2020-12-19/changes/"][..]),
    ] {
        let out = site.build(date);
        let server = StaticServer::start(out.dir.clone());
        for width in [375, 320] {
            viewport(&tab, width, 800);
            for address in addresses {
                open(&tab, &server.url(address));
                let items = eval(
                    &tab,
                    "(() => { const ul = document.querySelector('.site-nav ul'); const box = ul.getBoundingClientRect();
                       return [...ul.querySelectorAll('li')].slice(0, 2).map(li => { const r = li.getBoundingClientRect();
                         return r.left >= box.left - 1 && r.right <= box.right + 1 || [li.textContent, r.left, r.right, box.left, box.right]; }); })()",
                );
                if width == 375 {
                    assert_eq!(
                        items,
                        json!([true, true]),
                        "{address} at {width} px: the first two items are cut"
                    );
                }
                let scrolls = eval(
                    &tab,
                    "(ul => ul.scrollWidth > ul.clientWidth && getComputedStyle(ul).overflowX)(document.querySelector('.site-nav ul'))",
                );
                if address.contains("privacy/") && !address.contains("changes") {
                    assert_eq!(scrolls, json!("auto"), "{address} at {width} px: the strip scrolls");
                }
                let header =
                    eval(&tab, "document.querySelector('.site-header').getBoundingClientRect().height");
                // At 320 px the name and the first two items wrap more often.
                let most = if width == 375 { 200.0 } else { 240.0 };
                assert!(
                    header.as_f64().unwrap() < most,
                    "{address} at {width} px: the header is {header} px high"
                );
                let link = eval(&tab, "document.querySelector('.search-link').checkVisibility()");
                assert_eq!(link, json!(true), "{address}: search is a link on a phone");
            }
        }
    }
}

#[test]
fn english_fallback_on_an_arabic_page_runs_left_to_right() {
    let Some(example) =
        browser::example("english_fallback_on_an_arabic_page_runs_left_to_right", "2026-11-28")
    else {
        return;
    };
    let (tab, server) = (&example.tab, &example.server);
    viewport(tab, 1280, 800);
    for address in ["/ar/privacy/2024-03-01/", "/ar/terms/"] {
        open(tab, &server.url(address));
        assert_eq!(eval(tab, "document.documentElement.dir"), json!("rtl"));
        // The fallback text, its title and its table of contents are English, left to right.
        let blocks = eval(
            tab,
            "['.policy-text', '.policy-text .prose', 'h1', '.toc ol'].map(s => { const e = document.querySelector(s); return [s, e.closest('[lang]').lang, getComputedStyle(e).direction]; })",
        );
        let blocks: Vec<(String, String, String)> = serde_json::from_value(blocks).unwrap();
        for (selector, lang, dir) in blocks {
            assert_eq!((lang.as_str(), dir.as_str()), ("en", "ltr"), "{address} {selector}");
        }
        // Key points follow their own language, whichever file they come from
        // (on /ar/terms/ the policy's Arabic ones stand above the English text).
        let points = eval(
            tab,
            "(e => e && [e.closest('[lang]').lang, getComputedStyle(e).direction])(document.querySelector('.highlights li'))",
        );
        if address == "/ar/terms/" {
            assert_eq!(points, json!(["ar", "rtl"]), "{address}: the key points");
        } else if !points.is_null() {
            let expected = if points[0] == json!("ar") { json!(["ar", "rtl"]) } else { json!(["en", "ltr"]) };
            assert_eq!(points, expected, "{address}: the key points");
        }
        // The title lines up with the text, not with the page.
        let edges = eval(
            tab,
            "[document.querySelector('h1').getBoundingClientRect().left, document.querySelector('.policy-text .prose p').getBoundingClientRect().left]",
        );
        let (title, text) = (edges[0].as_f64().unwrap(), edges[1].as_f64().unwrap());
        let h1_text = eval(
            tab,
            "(r => { r.selectNodeContents(document.querySelector('h1')); return r.getBoundingClientRect().left; })(document.createRange())",
        );
        assert!(
            h1_text.as_f64().unwrap() <= text + 1.0 && title <= text + 1.0,
            "{address}: title at {h1_text}, text at {text}"
        );
        let seen = eval(tab, MISMARKED);
        assert_eq!(seen, json!([]), "{address}");
    }
}

#[test]
fn printing_shows_all_the_text_and_none_of_the_navigation() {
    let Some(example) =
        browser::example("printing_shows_all_the_text_and_none_of_the_navigation", "2026-11-28")
    else {
        return;
    };
    let (tab, server) = (&example.tab, &example.server);
    viewport(tab, 800, 1000);
    media(tab, "print");
    let visible = "(s => [...document.querySelectorAll(s)].map(e => e.checkVisibility() && e.getBoundingClientRect().height > 0))";
    let hidden = "['.site-nav', '.languages', '.skip-link', '.meta-links', '.notice-links', '.version-links', '.site-footer', '.change-nav', '.redline-links'].filter(s => document.querySelector(s) && document.querySelector(s).checkVisibility())";

    for lang in ["", "ar/"] {
        open(tab, &server.url(&format!("/{lang}faq/")));
        let answers = eval(tab, &format!("{visible}('.question .answer')"));
        let answers = answers.as_array().unwrap();
        assert!(answers.len() >= 5 && answers.iter().all(|a| a == &json!(true)), "/{lang}faq/: {answers:?}");
        assert_eq!(eval(tab, hidden), json!([]), "/{lang}faq/ prints no navigation");

        // A policy prints its table of contents, title, date, status and permanent address.
        open(tab, &server.url(&format!("/{lang}privacy/")));
        let toc = eval(tab, &format!("{visible}('.toc li a')"));
        assert!(
            toc.as_array().unwrap().iter().all(|a| a == &json!(true)),
            "/{lang}privacy/ prints its contents"
        );
        assert_eq!(eval(tab, hidden), json!([]), "/{lang}privacy/ prints no navigation");
        let stamp = eval(
            tab,
            "document.querySelector('.print-only').checkVisibility() && document.querySelector('.print-only').textContent",
        );
        let stamp = stamp.as_str().unwrap_or_default();
        assert!(
            stamp.contains(&format!("https://privacy.lumenledger.example/{lang}privacy/2025-06-15/"))
                && eval(tab, "!!document.querySelector('.print-only .status-in_force')") == json!(true),
            "/{lang}privacy/ prints its version's status and address: {stamp}"
        );

        // A changelog prints its versions, not the links between pages.
        open(tab, &server.url(&format!("/{lang}privacy/changelog/")));
        assert_eq!(eval(tab, hidden), json!([]), "/{lang}privacy/changelog/ prints no navigation");
        assert_eq!(
            eval(tab, &format!("{visible}('.version h2')")).as_array().map(|v| v.len() >= 3),
            Some(true)
        );

        // A redline prints its folded sections.
        open(tab, &server.url(&format!("/{lang}privacy/2027-04-01/changes/")));
        let folded = eval(tab, &format!("{visible}('details.section-unchanged > :not(summary)')"));
        let folded = folded.as_array().unwrap();
        assert!(!folded.is_empty() && folded.iter().all(|a| a == &json!(true)), "{folded:?}");
        assert_eq!(eval(tab, hidden), json!([]), "the redline prints no navigation");
    }
    // On screen the answers stay folded.
    media(tab, "screen");
    open(tab, &server.url("/faq/"));
    assert_eq!(eval(tab, "document.querySelector('.question .answer').checkVisibility()"), json!(false));
}

#[test]
fn each_language_has_its_own_404_page() {
    let Some(example) = browser::example("each_language_has_its_own_404_page", "2026-11-28") else { return };
    let (tab, server) = (&example.tab, &example.server);
    open(tab, &server.url("/ar/404.html"));
    let page = eval(
        tab,
        "[document.documentElement.lang, document.documentElement.dir, getComputedStyle(document.querySelector('h1')).direction, document.querySelector('h1').textContent, document.querySelector('.home-link').getAttribute('href')]",
    );
    assert_eq!(page.as_array().unwrap()[0..3], [json!("ar"), json!("rtl"), json!("rtl")], "{page}");
    assert!(page[3].as_str().unwrap().chars().any(|c| ('\u{600}'..='\u{6ff}').contains(&c)), "{page}");
    assert_eq!(page[4], json!("/ar/"), "the Arabic 404 page leads to the Arabic home page");
    open(tab, &server.url("/404.html"));
    assert_eq!(
        eval(tab, "[document.documentElement.lang, document.documentElement.dir]"),
        json!(["en", "ltr"])
    );
}

#[test]
fn each_script_gets_its_own_font_stack() {
    let Some(example) = browser::example("each_script_gets_its_own_font_stack", "2026-11-28") else { return };
    let (tab, server) = (&example.tab, &example.server);
    open(tab, &server.url("/"));
    // The first font of each stack that is the script's own, for an element marked with the language.
    let fonts = eval(
        tab,
        "Object.fromEntries(['en', 'zh-Hant', 'zh-TW', 'zh-Hans', 'zh', 'ja', 'ko', 'ar', 'he'].map(l => { const p = document.createElement('p'); p.lang = l; document.body.append(p); return [l, getComputedStyle(p).fontFamily]; }))",
    );
    let stack = |l: &str| fonts[l].as_str().unwrap_or_default().to_string();
    let own = [
        ("zh-Hant", "Noto Sans CJK TC"),
        ("zh-TW", "Noto Sans CJK TC"),
        ("zh-Hans", "Noto Sans CJK SC"),
        ("zh", "Noto Sans CJK SC"),
        ("ja", "Noto Sans CJK JP"),
        ("ko", "Noto Sans CJK KR"),
        ("ar", "Noto Sans Arabic"),
        ("he", "Noto Sans Hebrew"),
    ];
    for (lang, font) in own {
        assert!(stack(lang).contains(font), "{lang}: {}", stack(lang));
        for (other, other_font) in own {
            if other_font != font {
                assert!(
                    !stack(lang).contains(other_font),
                    "{lang} lists {other}'s {other_font}: {}",
                    stack(lang)
                );
            }
        }
    }
    assert!(!stack("en").contains("CJK"), "{}", stack("en"));
    // The Traditional Chinese page itself uses the Traditional stack.
    open(tab, &server.url("/zh-hant/"));
    let page = eval(tab, "getComputedStyle(document.querySelector('main p')).fontFamily");
    assert!(page.as_str().unwrap().contains("Noto Sans CJK TC"), "{page}");
}

#[test]
fn arabic_fallback_on_an_english_page_runs_right_to_left() {
    let Some(browser) = browser::launch("arabic_fallback_on_an_english_page_runs_right_to_left") else {
        return;
    };
    let site = Site::fixture("site");
    // A notice written only in Arabic: every language shows the Arabic text.
    site.write("content/notice/_index.md", "+++\ntitle = \"Notice\"\nweight = 5\n+++\n");
    site.write(
        "content/notice/2024-01-01.ar.md",
        "+++\ntitle = \"إشعار\"\nsummary = \"النسخة الأولى.\"\nhighlights = [\"لا نبيع بياناتك.\"]\n+++\n## من نحن {#who}\n\nشركة Example GmbH هي المسؤولة عن معالجة البيانات.\n\n## مدة الاحتفاظ {#retention}\n\n- نحتفظ بسجلات الخادم ثلاثين يومًا.\n",
    );
    let out = site.build("2026-01-01");
    let server = StaticServer::start(out.dir.clone());
    let tab = browser.new_tab().unwrap();
    viewport(&tab, 1280, 800);
    open(&tab, &server.url("/notice/"));
    assert_eq!(
        eval(&tab, "[document.documentElement.lang, document.documentElement.dir]"),
        json!(["en", "ltr"])
    );
    let blocks = eval(
        &tab,
        "['.policy-text', '.policy-text .prose', '.policy-text .prose li', '.highlights ul', 'h1', '.toc ol'].map(s => { const e = document.querySelector(s); return [s, e.closest('[lang]').lang, getComputedStyle(e).direction]; })",
    );
    let blocks: Vec<(String, String, String)> = serde_json::from_value(blocks).unwrap();
    for (selector, lang, dir) in blocks {
        assert_eq!((lang.as_str(), dir.as_str()), ("ar", "rtl"), "/notice/ {selector}");
    }
    // The title lines up with its right-to-left text, on the right.
    let edges = eval(
        &tab,
        "(r => { r.selectNodeContents(document.querySelector('h1')); return [r.getBoundingClientRect().right, document.querySelector('.policy-text .prose p').getBoundingClientRect().right]; })(document.createRange())",
    );
    let (title, text) = (edges[0].as_f64().unwrap(), edges[1].as_f64().unwrap());
    assert!(title >= text - 1.0, "the title ends at {title}, the text at {text}");
    assert_eq!(eval(&tab, MISMARKED), json!([]));
    // The changelog's summary is Arabic too.
    open(&tab, &server.url("/notice/changelog/"));
    assert_eq!(eval(&tab, MISMARKED), json!([]));
}
