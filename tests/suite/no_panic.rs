//! Whatever an editor types, privet answers with an error, never a panic:
//! arbitrary text as front matter, Markdown body and site.toml, and pairs
//! of arbitrary documents through the redline.

use crate::common;

use std::path::Path;

use privet::{BuildOptions, config::Config, frontmatter, markdown, redline};
use quickcheck::{QuickCheck, TestResult};

fn quickcheck<A: quickcheck::Testable>(tests: u64, property: A) {
    QuickCheck::new().tests(tests).max_tests(tests * 10).quickcheck(property);
}

#[test]
fn arbitrary_front_matter_never_panics() {
    fn property(front: String, body: String) -> TestResult {
        let text = format!("+++\n{front}\n+++\n{body}");
        let _ = frontmatter::parse(Path::new("a.md"), &text);
        let _ = frontmatter::parse(Path::new("a.md"), &front);
        TestResult::passed()
    }
    quickcheck(500, property as fn(String, String) -> TestResult);
}

#[test]
fn arbitrary_markdown_never_panics() {
    fn property(body: String, dir: String) -> TestResult {
        let resolve = |t: &str| Some(format!("{t}/"));
        let r = markdown::render(&body, &dir, &resolve);
        // Every heading gets a non-empty, unique id.
        let mut ids = r.anchors.clone();
        ids.sort();
        ids.dedup();
        TestResult::from_bool(ids.len() == r.anchors.len() && r.anchors.iter().all(|a| !a.is_empty()))
    }
    quickcheck(500, property as fn(String, String) -> TestResult);
    // Markdown-shaped input reaches the heading and link code paths more often.
    fn shaped(words: Vec<String>) -> TestResult {
        let body: String = words
            .iter()
            .enumerate()
            .map(|(i, w)| match i % 5 {
                0 => format!("## {w} {{#{w}}}\n"),
                1 => format!("[{w}](@/{w}.md#{w}) "),
                2 => format!("| {w} | {w} |\n|---|---|\n"),
                3 => format!("[^{w}]: {w}\n"),
                _ => format!("<{w}>{w}</{w}>\n"),
            })
            .collect();
        let _ = markdown::render(&body, "privacy", &|t: &str| Some(t.to_string()));
        TestResult::passed()
    }
    quickcheck(300, shaped as fn(Vec<String>) -> TestResult);
}

#[test]
fn arbitrary_site_toml_never_panics() {
    fn property(text: String, key: String, value: String) -> TestResult {
        let _ = Config::parse(Path::new("."), &text);
        let shaped = format!(
            "title = \"T\"\nbase_url = \"{value}\"\ndefault_language = \"{key}\"\n[languages.{key}]\nname = \"{value}\"\n[languages.en]\nname = \"E\"\n"
        );
        let _ = Config::parse(Path::new("."), &shaped);
        TestResult::passed()
    }
    quickcheck(500, property as fn(String, String, String) -> TestResult);
}

#[test]
fn arbitrary_documents_redline_without_panic() {
    fn property(old: String, new: String) -> TestResult {
        let resolve = |_: &str| None;
        let a = markdown::render(&old, "", &resolve).html;
        let b = markdown::render(&new, "", &resolve).html;
        let _ = redline::diff(&a, &b);
        let _ = redline::diff(&old, &new);
        TestResult::passed()
    }
    quickcheck(300, property as fn(String, String) -> TestResult);
}

/// The fixture site the whole-site property writes into (quickcheck takes plain functions).
static SITE: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
/// How many generated sites built, and how many were tried.
static BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static TRIED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A TOML basic string holding any text (quotes, backslashes and control characters escaped).
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {} // valid front matter holds none (an error of its own)
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Markdown made of the constructs editors use, filled with arbitrary words:
/// headings, lists in lists, quotes, tables, links, emphasis, code, raw HTML.
fn markdown_of(pieces: &[(u8, String)]) -> String {
    let mut md = String::new();
    for (kind, text) in pieces {
        let t: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        md.push_str(&match kind % 14 {
            0 => format!("## {t}\n\n"),
            1 => format!("### {t} {{#x{}}}\n\n", t.len()),
            2 => format!("- {t}\n- *{t}*\n  - **{t}**\n\n"),
            3 => format!("1. {t}\n2. [{t}](https://example.org/{})\n\n", t.len()),
            4 => format!("> {t}\n> - {t}\n\n"),
            5 => format!("| a | {t} |\n|---|---|\n| {t} | `{t}` |\n\n"),
            6 => format!("<div class=\"note\">{t}</div>\n\n"),
            7 => format!("<table><tr><td>{t}</td></tr></table>\n\n"),
            8 => format!("```\n{t}\n```\n\n"),
            9 => format!("[{t}](@/contact.md) and [x](#{t})\n\n"),
            10 => format!("{t}[^n]\n\n[^n]: {t}\n\n"),
            11 => format!("<{t}>\n\n"),
            12 => format!("---\n\n{t}\n\n"),
            _ => format!("{t}\n\n"),
        });
    }
    md
}

#[test]
fn valid_front_matter_with_arbitrary_markdown_renders_or_errs_never_panics() {
    let site = common::Site::fixture("site");
    SITE.set(site.root().to_path_buf()).unwrap();
    fn property(
        title: String,
        summary: String,
        weight: i8,
        highlights: Vec<String>,
        body: Vec<(u8, String)>,
    ) -> TestResult {
        let root = SITE.get().unwrap();
        let highlights: Vec<String> = highlights.iter().take(4).map(|h| toml_string(h)).collect();
        let front = format!(
            "title = {}\nsummary = {}\nweight = {weight}\nhighlights = [{}]",
            toml_string(&title),
            toml_string(&summary),
            highlights.join(", ")
        );
        let md = markdown_of(&body);
        std::fs::write(
            root.join("content/privacy/2025-06-15.zh-hant.md"),
            format!("+++\n{front}\n+++\n\n{md}"),
        )
        .unwrap();
        std::fs::write(
            root.join("content/faq/new-question.md"),
            format!("+++\ntitle = {}\n+++\n\n{md}", toml_string(&title)),
        )
        .unwrap();
        let opts = BuildOptions { root: root.clone(), ..Default::default() };
        TRIED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        match privet::generate(&opts) {
            Ok(_) => {
                BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            Err(e) if std::env::var_os("PRIVET_SHOW").is_some() => eprintln!("{e}"),
            Err(_) => {}
        }
        TestResult::passed()
    }
    quickcheck(500, property as fn(String, String, i8, Vec<String>, Vec<(u8, String)>) -> TestResult);
    // The generated sites are valid: most of them reach rendering, not a front matter error.
    let (built, tried) =
        (BUILT.load(std::sync::atomic::Ordering::Relaxed), TRIED.load(std::sync::atomic::Ordering::Relaxed));
    assert!(tried >= 500 && built * 10 >= tried * 8, "only {built} of {tried} generated sites built");
    drop(site);
}
