//! `serve` re-renders only the pages a save can change and takes the rest
//! from the last build. These tests hold it to its promise: after every
//! save, every file it serves is byte for byte what a clean build of the
//! same content makes (pages in every language, redlines, feeds, sitemap,
//! manifest), on the example site (four languages, missing translations
//! that fall back) and on GitHub's real policy history.

use crate::common;

use std::path::PathBuf;
use std::sync::Arc;

use common::Site;
use privet::serve::watch::Builder;
use privet::{BuildOptions, Caches, Config, Mode};

/// Edits each file of `edits` in turn (appending a paragraph, as an editor
/// would) and compares the rebuilt site with a clean build after each.
fn every_rebuild_matches_a_clean_build(site: &Site, date: &str, edits: &[&str]) {
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        date: Some(date.parse().unwrap()),
        drafts: true,
        ..Default::default()
    };
    let mut builder = Builder::new(opts.clone());
    let mut first = builder.build(&[]).unwrap();
    builder.take_site(&mut first);
    for (n, rel) in edits.iter().enumerate() {
        let path = site.path(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        // A register's snapshot is data: the edit goes into a row's text.
        let text = if rel.ends_with(".toml") {
            text.replacen("purpose = \"", &format!("purpose = \"Paragraph {n} added: "), 1)
        } else {
            format!("{text}\n\nParagraph {n} added while serving.\n")
        };
        // The text alone, which shows on fewer pages (its own, its
        // redlines), and which the first time puts its translations behind;
        // then title and summary, which show on more (changelog, banners,
        // home, feeds); then the text alone again.
        let card = text.replacen("title = \"", &format!("title = \"Edit {n}: "), 1).replacen(
            "summary = \"",
            &format!("summary = \"Edit {n}: "),
            1,
        );
        let again = if rel.ends_with(".toml") {
            card.replacen("purpose = \"", "purpose = \"And again: ", 1)
        } else {
            format!("{card}\nAnd a sentence more.\n")
        };
        let mut rendered = Vec::new();
        let saves = [("its text", text), ("its title and summary", card), ("its text again", again)];
        for (what, text) in saves {
            std::fs::write(&path, text).unwrap();
            let mut rebuilt = builder
                .build(std::slice::from_ref(&path))
                .unwrap_or_else(|e| panic!("rebuild after {rel}: {e}"));
            let partial = rebuilt.pages_per_language.iter().map(|(_, n)| n).sum::<usize>();
            let clean = clean_build(&opts);
            let all = clean.pages_per_language.iter().map(|(_, n)| n).sum::<usize>();
            assert!(
                partial < all,
                "after {rel}: the rebuild rendered every page ({partial}), so this tests nothing"
            );
            rendered.push(partial);
            let wrong: Vec<&String> = clean
                .files
                .keys()
                .chain(rebuilt.files.keys())
                .filter(|name| clean.files.get(*name) != rebuilt.files.get(*name))
                .collect();
            if let Some(name) = wrong.first() {
                let text = |f: Option<&Arc<[u8]>>| {
                    f.map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default()
                };
                panic!(
                    "after saving {what} in {rel} on {date}, {} file(s) differ from a clean build, first {name}: {}",
                    wrong.len(),
                    common::first_difference(&text(rebuilt.files.get(*name)), &text(clean.files.get(*name)))
                );
            }
            assert!(
                String::from_utf8_lossy(&rebuilt.files[&page_of(&clean, rel)])
                    .contains(&format!("Paragraph {n} added")),
                "the saved text is served"
            );
            builder.take_site(&mut rebuilt);
        }
        // A version's text alone is not on its changelog, banners or cards.
        let version = rel.rsplit('/').next().is_some_and(|f| f.starts_with("20") && f.ends_with(".md"));
        assert!(
            !version || rendered[2] < rendered[1],
            "{rel}: a save of the text alone rendered {} pages, of title and summary {}",
            rendered[2],
            rendered[1]
        );
    }
}

/// A build from nothing, as `serve` makes it (not minified, the search
/// index left to the background: `browser_search.rs` searches it).
fn clean_build(opts: &BuildOptions) -> privet::Built {
    let mut config = Config::load(&opts.root).unwrap();
    config.minify = false;
    // As `check` builds, but with the PDFs: a rebuild's must be a clean build's too.
    privet::generate_with(
        config,
        opts,
        Mode { pdf: true, ..Mode::CHECK },
        &mut Caches::default(),
        None,
        &privet::render::Scope::All,
    )
    .unwrap()
}

/// The page that shows the text of `rel` in its language.
fn page_of(built: &privet::Built, rel: &str) -> String {
    let rel = rel.strip_prefix("content/").unwrap();
    let stem = rel.strip_suffix(".md").or_else(|| rel.strip_suffix(".toml")).unwrap();
    let (stem, lang) = match stem.rsplit_once('.') {
        Some((s, l)) => (s.to_string(), format!("{l}/")),
        None => (stem.to_string(), String::new()),
    };
    let file = match stem.as_str() {
        "_index" => format!("{lang}index.html"),
        s if s.starts_with("faq/") => format!("{lang}faq/index.html"),
        s => format!("{lang}{s}/index.html"),
    };
    assert!(built.files.contains_key(&file), "no {file} in the build");
    file
}

#[test]
fn register_rows_saved_in_any_language_show_on_every_page_that_lists_them() {
    let site = Site::example();
    // Before the versions of 2025-09-01 take effect (in force, they would
    // be frozen), without the record of a later day, with 30 days' notice.
    site.remove("versions.lock");
    every_rebuild_matches_a_clean_build(
        &site,
        "2025-07-01",
        &[
            "content/subprocessors/2025-09-01.de.toml",
            "content/subprocessors/2025-09-01.toml",
            "content/subprocessors/2027-01-01.toml",
            "content/cookie-list/2025-09-01.ar.toml",
        ],
    );
}

#[test]
fn a_policy_not_yet_in_force_announces_its_second_version_and_an_edit_of_it_shows() {
    let site = Site::example();
    // Before anything takes effect: /privacy/ shows the first version and
    // announces the second, whose title and date it shows in its banner.
    site.remove("versions.lock");
    every_rebuild_matches_a_clean_build(&site, "2024-01-01", &["content/privacy/2025-06-15.md"]);
}

#[test]
fn upcoming_versions_in_every_language_before_either_takes_effect() {
    let site = Site::example();
    // The committed record locks what is in effect today; this is an earlier
    // day, with at least 30 days' notice of the subprocessors of 2025-01-15.
    site.remove("versions.lock");
    every_rebuild_matches_a_clean_build(
        &site,
        "2024-12-01",
        &[
            "content/privacy/2025-06-15.md",
            "content/privacy/2025-06-15.ar.md",
            "content/privacy/2027-04-01.zh-hant.md",
            "content/cookies/2025-09-01.de.md",
        ],
    );
}

#[test]
fn the_next_version_faq_and_home_while_archived_ones_compare_against_it() {
    let site = Site::example();
    let faq = first_existing(&site, "content/faq", ".de.md");
    every_rebuild_matches_a_clean_build(
        &site,
        "2027-03-31",
        &[
            "content/privacy/2027-04-01.md",
            "content/privacy/2027-04-01.de.md",
            "content/privacy/2027-04-01.ar.md",
            &faq,
            "content/_index.zh-hant.md",
        ],
    );
}

/// A site's own templates may show anything a page's context holds, not
/// only what the default theme shows: with templates that print the whole
/// context, a rebuild must still match a clean build.
#[test]
fn templates_that_show_their_whole_context() {
    let site = Site::example();
    for name in ["home", "policy", "changelog", "changes", "faq", "contact", "page", "404"] {
        site.write(&format!("templates/{name}.html"), "<!doctype html><pre>{{ __tera_context }}</pre>");
    }
    let faq = first_existing(&site, "content/faq", ".zh-hant.md");
    every_rebuild_matches_a_clean_build(
        &site,
        "2027-03-31",
        &["content/privacy/2027-04-01.md", "content/privacy/2027-04-01.ar.md", &faq, "content/_index.md"],
    );
}

#[test]
fn githubs_real_history_with_nineteen_versions() {
    let site = Site::fixture("github");
    every_rebuild_matches_a_clean_build(
        &site,
        "2023-10-09",
        &["content/privacy/2024-02-01.md", "content/privacy/2023-10-10.md"],
    );
}

/// The first file of `dir` (relative to the site) whose name ends in `suffix`.
fn first_existing(site: &Site, dir: &str, suffix: &str) -> String {
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(site.path(dir)).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let name = names
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .find(|n| n.ends_with(suffix) && !n.starts_with('_'))
        .unwrap();
    format!("{dir}/{name}")
}
