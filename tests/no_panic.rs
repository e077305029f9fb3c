//! Whatever an editor types, privet answers with an error, never a panic:
//! arbitrary text as front matter, Markdown body and site.toml, and pairs
//! of arbitrary documents through the redline.

mod common;

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

#[test]
fn arbitrary_files_in_a_whole_site_never_panic() {
    let site = common::Site::fixture("site");
    SITE.set(site.root().to_path_buf()).unwrap();
    fn property(front: String, body: String) -> TestResult {
        let root = SITE.get().unwrap();
        std::fs::write(root.join("content/contact.md"), format!("+++\n{front}\n+++\n{body}")).unwrap();
        std::fs::write(
            root.join("content/privacy/2025-06-15.zh-hant.md"),
            format!("+++\ntitle = \"x\"\n+++\n{body}"),
        )
        .unwrap();
        let opts = BuildOptions { root: root.clone(), ..Default::default() };
        let _ = privet::generate(&opts);
        TestResult::passed()
    }
    quickcheck(40, property as fn(String, String) -> TestResult);
    drop(site);
}
