//! Redlines on real-looking policies: every pair of the corpus in
//! `tests/redline/cases/` (English, German, Chinese, Japanese, Arabic), and
//! the real history of GitHub's privacy statement (`tests/fixtures/github`,
//! CC0). Each redline and comparison page is valid HTML (vnu), has unique
//! ids, and is lossless: read from outside with Python's HTML parser,
//! without its `<del>` it is the newer version's text as its own page shows
//! it, without its `<ins>` the older one's.

use crate::common;

use std::path::{Path, PathBuf};

use common::{Output, RedlineReport, Site};

#[derive(serde::Deserialize)]
struct Case {
    lang: String,
    #[serde(default)]
    identical: bool,
    #[serde(default)]
    ins: Vec<String>,
    #[serde(default)]
    del: Vec<String>,
    #[serde(default)]
    changed: Vec<String>,
    #[serde(default)]
    added: Vec<String>,
    #[serde(default)]
    removed: Vec<String>,
    #[serde(default)]
    moved: Vec<String>,
    #[serde(default)]
    not_split: Vec<String>,
    /// Links whose words stay and whose address changed, by their words.
    #[serde(default)]
    changed_links: Vec<String>,
}

fn cases() -> Vec<(String, Case, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/redline/cases");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let read = |f: &str| std::fs::read_to_string(dir.join(&name).join(f)).unwrap();
            let case: Case = toml::from_str(&read("case.toml")).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name.clone(), case, read("old.md"), read("new.md"))
        })
        .collect()
}

/// A one-policy site in the case's language: the old text in force from
/// 2024, the new one from 2025.
fn site_for(case: &Case, old: &str, new: &str) -> Site {
    let site = Site::empty();
    let dir = if case.lang == "ar" { "direction = \"rtl\"\n" } else { "" };
    site.write(
        "site.toml",
        &format!(
            "title = \"Corpus\"\nbase_url = \"https://privacy.example.org\"\ndefault_language = \"{0}\"\n\n[languages.{0}]\nname = \"{0}\"\n{dir}",
            case.lang
        ),
    )
    .write("content/_index.md", "+++\ntitle = \"Privacy center\"\n+++\n")
    .write("content/policy/_index.md", "+++\ntitle = \"Privacy notice\"\n+++\n")
    .write("content/policy/2024-01-01.md", &format!("+++\ntitle = \"Privacy notice\"\nsummary = \"First.\"\n+++\n\n{old}"))
    .write("content/policy/2025-01-01.md", &format!("+++\ntitle = \"Privacy notice\"\nsummary = \"Second.\"\n+++\n\n{new}"));
    site
}

fn assert_lossless(report: &RedlineReport) {
    assert!(
        report.accept_ok,
        "{}: accept-all is not the newer text {}",
        report.page,
        common::first_difference(&report.accept, &report.new)
    );
    assert!(
        report.reject_ok,
        "{}: reject-all is not the older text {}",
        report.page,
        common::first_difference(&report.reject, &report.old)
    );
    assert!(report.duplicate_ids.is_empty(), "{}: duplicate ids {:?}", report.page, report.duplicate_ids);
    assert!(
        report.broken_links.is_empty(),
        "{}: links that work on the version pages lead nowhere here: {:?}",
        report.page,
        report.broken_links
    );
    assert!(
        report.struck_and_readded.is_empty(),
        "{}: unchanged words shown removed and added again: {:?}",
        report.page,
        report.struck_and_readded
    );
}

fn file(out: &Output, address: &str) -> PathBuf {
    out.dir.join(common::file_of(address))
}

#[test]
fn every_corpus_pair_is_valid_lossless_and_reads_as_a_reader_expects() {
    let mut pages = Vec::new();
    let mut sites = Vec::new();
    for (name, case, old, new) in cases() {
        let site = site_for(&case, &old, &new);
        let out = site.build("2025-06-01");
        let old_page = file(&out, "/policy/2024-01-01/");
        let new_page = file(&out, "/policy/2025-01-01/");
        let triples = vec![
            (file(&out, "/policy/2025-01-01/changes/"), old_page.clone(), new_page.clone()),
            (file(&out, "/policy/2024-01-01/compare/"), old_page, new_page),
        ];
        let reports = common::redline_reports(&triples);
        for r in &reports {
            assert_lossless(r);
        }
        let r = &reports[0];
        let marks = |kind: &str| r.marks.get(kind).cloned().unwrap_or_default();
        for (kind, expected) in [("ins", &case.ins), ("del", &case.del)] {
            for want in expected {
                let want: String = want.split_whitespace().collect();
                assert!(
                    marks(kind).contains(&want),
                    "{name}: no <{kind}> reads exactly {want:?}; the marks are {:?}",
                    marks(kind)
                );
            }
        }
        for want in &case.changed_links {
            assert!(
                r.changed_links.iter().any(|(words, _)| words == want),
                "{name}: the link {want:?} is not marked as changed; changed: {:?}",
                r.changed_links
            );
        }
        let rows_of = |kind: &str| -> Vec<&str> {
            r.rows.iter().filter(|(k, _)| k == kind).map(|(_, t)| t.as_str()).collect()
        };
        for (kind, titles) in [
            ("changed", &case.changed),
            ("added", &case.added),
            ("removed", &case.removed),
            ("moved", &case.moved),
        ] {
            for t in titles {
                assert!(
                    rows_of(kind).contains(&t.as_str()),
                    "{name}: {t:?} is not listed as {kind}; the table is {:?}",
                    r.rows
                );
            }
        }
        for t in &case.not_split {
            for kind in ["added", "removed"] {
                assert!(
                    !rows_of(kind).contains(&t.as_str()),
                    "{name}: {t:?} shows as {kind}, split in two; the table is {:?}",
                    r.rows
                );
            }
        }
        if case.identical {
            assert!(
                r.rows.is_empty() && marks("ins").is_empty() && marks("del").is_empty(),
                "{name}: identical texts show changes: {:?} {:?}",
                r.rows,
                r.marks
            );
        }
        pages.extend(triples.into_iter().map(|t| t.0));
        sites.push(site);
    }
    if let Some(report) = common::vnu_errors(&pages) {
        assert!(report.trim().is_empty(), "vnu found errors in redline pages:\n{report}");
    }
}

#[test]
fn a_real_policy_history_redlines_valid_and_lossless() {
    let site = Site::fixture("github");
    let out = site.build("2026-12-01");
    let mut triples = Vec::new();
    for policy in ["privacy", "subprocessors"] {
        let mut dates: Vec<String> = std::fs::read_dir(site.path(&format!("content/{policy}")))
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".md").map(str::to_string))
            .filter(|n| n != "_index")
            .collect();
        dates.sort();
        let current = dates.last().unwrap().clone();
        for pair in dates.windows(2) {
            let page = |d: &str| file(&out, &format!("/{policy}/{d}/"));
            triples.push((
                file(&out, &format!("/{policy}/{}/changes/", pair[1])),
                page(&pair[0]),
                page(&pair[1]),
            ));
            triples.push((
                file(&out, &format!("/{policy}/{}/compare/", pair[0])),
                page(&pair[0]),
                page(&current),
            ));
        }
    }
    assert_eq!(triples.len(), 2 * (18 + 13));
    for r in common::redline_reports(&triples) {
        assert_lossless(&r);
        // Sections at the statement's own top level (`###` until 2020, a
        // lone `## GitHub Privacy Statement` above them): a row each, never
        // one row holding the whole text.
        if r.page.contains("/privacy/") {
            assert!(r.rows.len() >= 3, "{}: the changed-sections table has {:?}", r.page, r.rows);
        }
    }
    let pages: Vec<PathBuf> = triples.into_iter().map(|t| t.0).collect();
    if let Some(report) = common::vnu_errors(&pages) {
        assert!(report.trim().is_empty(), "vnu found errors in redline pages:\n{report}");
    }
}

/// A small deterministic random source: every run makes the same edits.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// The body of a Markdown file, without its front matter.
fn body(path: &str) -> String {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    text.splitn(3, "+++").nth(2).unwrap_or(&text).trim().to_string()
}

const WORDS: [&str; 10] = [
    "data",
    "processor",
    "Auftragsverarbeiter",
    "個人資料",
    "四十五",
    "البيانات",
    "個人情報",
    "90",
    "consent",
    "Cookies",
];

/// One random edit of the kinds editors make: words replaced, added or
/// removed, blocks removed, copied or split, a section moved, a link's
/// address changed, a list item added.
fn edit(md: &str, rng: &mut Lcg) -> String {
    let mut blocks: Vec<String> = md.split("\n\n").map(str::to_string).collect();
    let b = rng.below(blocks.len());
    match rng.below(9) {
        0..=2 => {
            // A word replaced, added or removed (in text without spaces, a few characters).
            let line_no = rng.below(blocks[b].lines().count());
            let mut lines: Vec<String> = blocks[b].lines().map(str::to_string).collect();
            let line = &mut lines[line_no];
            if line.starts_with('|') && line.contains("--") {
                return md.to_string();
            }
            let mut words: Vec<String> = line.split(' ').map(str::to_string).collect();
            let w = rng.below(words.len());
            let safe = !words[w].contains(['<', '>', '[', ']', '(', ')', '{', '}', '|', '#', '*', '`']);
            if safe && words.len() > 1 {
                match rng.below(3) {
                    0 => words[w] = WORDS[rng.below(WORDS.len())].to_string(),
                    1 => words.insert(w, WORDS[rng.below(WORDS.len())].to_string()),
                    _ => {
                        words.remove(w);
                    }
                }
            } else if safe {
                let chars: Vec<char> = words[w].chars().collect();
                let at = rng.below(chars.len());
                let word = WORDS[rng.below(WORDS.len())];
                words[w] = chars[..at].iter().collect::<String>()
                    + word
                    + &chars[(at + 2).min(chars.len())..].iter().collect::<String>();
            }
            *line = words.join(" ");
            blocks[b] = lines.join("\n");
        }
        3 => {
            blocks.remove(b);
        }
        4 => {
            let copy = blocks[b].clone();
            let to = rng.below(blocks.len());
            blocks.insert(to, copy);
        }
        5 => {
            // A section moved: from one `## ` heading to the next.
            let starts: Vec<usize> = (0..blocks.len()).filter(|&i| blocks[i].starts_with("## ")).collect();
            if starts.len() > 2 {
                let k = rng.below(starts.len() - 1);
                let section: Vec<String> = blocks.drain(starts[k]..starts[k + 1]).collect();
                let remaining: Vec<usize> =
                    (0..blocks.len()).filter(|&i| blocks[i].starts_with("## ")).collect();
                let to = remaining[rng.below(remaining.len())];
                for (n, s) in section.into_iter().enumerate() {
                    blocks.insert(to + n, s);
                }
            }
        }
        6 => {
            if let Some(at) = blocks[b].find("](") {
                blocks[b].insert_str(at + 2, "https://changed.example/");
            }
        }
        7 => {
            if blocks[b].starts_with("- ") {
                blocks[b].push_str(&format!("\n- A new item about {}.", WORDS[rng.below(WORDS.len())]));
            }
        }
        _ => {
            // A paragraph split in two.
            if !blocks[b].starts_with(['#', '-', '|', '>', '<']) {
                if let Some(at) = blocks[b].char_indices().map(|(i, _)| i).nth(blocks[b].chars().count() / 2)
                {
                    blocks[b].insert_str(at, "\n\n");
                }
            }
        }
    }
    blocks.join("\n\n")
}

#[test]
fn random_edits_of_real_policies_keep_redlines_valid_lossless_and_deterministic() {
    let bases = [
        ("lumen-en", body("content/privacy/2027-04-01.md")),
        ("lumen-zh", body("content/privacy/2027-04-01.zh-hant.md")),
        ("lumen-ar", body("content/privacy/2027-04-01.ar.md")),
        ("github", body("tests/fixtures/github/content/privacy/2024-02-01.md")),
    ];
    let site = Site::empty();
    site.write("site.toml", "title = \"Edits\"\nbase_url = \"https://privacy.example.org\"\ndefault_language = \"en\"\n\n[languages.en]\nname = \"English\"\n")
        .write("content/_index.md", "+++\ntitle = \"Edits\"\n+++\n")
        .write("content/contact.md", "+++\ntitle = \"Contact\"\n+++\n")
        .write("content/cookies/_index.md", "+++\ntitle = \"Cookies\"\n+++\n")
        .write("content/cookies/2010-01-01.md", "+++\ntitle = \"Cookies\"\n+++\n\nNone.\n");
    let mut rng = Lcg(2026);
    let versions = 9;
    for (name, base) in &bases {
        site.write(&format!("content/{name}/_index.md"), &format!("+++\ntitle = \"{name}\"\n+++\n"));
        let mut text = base.clone();
        for v in 0..versions {
            site.write(
                &format!("content/{name}/20{:02}-01-01.md", 10 + v),
                &format!("+++\ntitle = \"{name}\"\nsummary = \"Edit {v}.\"\n+++\n\n{text}\n"),
            );
            for _ in 0..1 + rng.below(6) {
                text = edit(&text, &mut rng);
            }
        }
    }
    let first = site.build("2030-01-01");
    let mut triples = Vec::new();
    for (name, _) in &bases {
        let page = |v: usize| file(&first, &format!("/{name}/20{:02}-01-01/", 10 + v));
        for v in 1..versions {
            triples.push((
                file(&first, &format!("/{name}/20{:02}-01-01/changes/", 10 + v)),
                page(v - 1),
                page(v),
            ));
        }
        for v in 0..versions - 1 {
            triples.push((
                file(&first, &format!("/{name}/20{:02}-01-01/compare/", 10 + v)),
                page(v),
                page(versions - 1),
            ));
        }
    }
    let reports = common::redline_reports(&triples);
    for r in &reports {
        assert_lossless(r);
    }
    // The edits reached every kind of change a reader can be shown.
    for kind in ["changed", "added", "removed", "moved"] {
        assert!(
            reports.iter().any(|r| r.rows.iter().any(|(k, _)| k == kind)),
            "no redline shows a section {kind}"
        );
    }
    // The same input on another run gives the same bytes.
    let again = tempfile::tempdir().unwrap();
    let run = site.privet(&["build", "--date", "2030-01-01", "--output", again.path().to_str().unwrap()]);
    assert!(run.ok, "{}", run.stderr);
    for (page, _, _) in &triples {
        let rel = page.strip_prefix(&first.dir).unwrap();
        assert_eq!(
            std::fs::read(page).unwrap(),
            std::fs::read(again.path().join(rel)).unwrap(),
            "{rel:?} differs between two runs"
        );
    }
    let pages: Vec<PathBuf> = triples.into_iter().map(|t| t.0).collect();
    if let Some(report) = common::vnu_errors(&pages) {
        assert!(report.trim().is_empty(), "vnu found errors in redline pages:\n{report}");
    }
}
