//! The corpus of broken sites in `tests/bad/`: each case lays a few broken
//! files over the fixture site; `privet check` and `privet build` must
//! name the file, the line and what is wrong, exit with 1, and never panic.
//!
//! A case is a folder with `site/` (files laid over tests/fixtures/site) and
//! `expect.toml`: `file`, `line` (0 when the whole file is meant),
//! `message` (a part of the message), optional `links` ([path, target] pairs).

use crate::common;

use std::path::Path;

use common::{Site, copy_dir};

#[derive(serde::Deserialize)]
struct Expect {
    file: String,
    line: usize,
    message: String,
    #[serde(default)]
    links: Vec<(String, String)>,
}

#[test]
fn every_broken_site_gets_a_clear_error_with_file_and_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad");
    let mut cases: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 30, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(case.join("expect.toml")).unwrap()).unwrap();
        let site = Site::fixture("site");
        if case.join("site").is_dir() {
            copy_dir(&case.join("site"), site.root());
        }
        #[cfg(unix)]
        for (link, target) in &expect.links {
            std::fs::create_dir_all(site.path(link).parent().unwrap()).unwrap();
            std::os::unix::fs::symlink(target, site.path(link)).unwrap();
        }
        for command in ["check", "build"] {
            let run = site.privet(&[command]);
            let place = if expect.line > 0 {
                format!("{}:{}", expect.file, expect.line)
            } else {
                expect.file.clone()
            };
            let problems = [
                (run.code == Some(101) || run.stderr.contains("panicked"), "panicked".to_string()),
                (run.code != Some(1), format!("exit code {:?}, not 1", run.code)),
                (!run.stderr.contains(&format!("--> {place}")), format!("does not point at {place}")),
                (!run.stderr.contains(&expect.message), format!("does not say `{}`", expect.message)),
            ];
            for (failed, why) in problems {
                if failed {
                    failures.push(format!("{name} ({command}): {why}\n{}", run.stderr));
                }
            }
        }
        assert!(!site.path("public").exists(), "{name}: a failed build wrote output");
    }
    assert!(failures.is_empty(), "{} problems:\n\n{}", failures.len(), failures.join("\n\n"));
}
