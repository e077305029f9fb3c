//! Every page of the example site, the fixture site, GitHub's real policy
//! history (tests/fixtures/github) and its subprocessor register
//! (tests/fixtures/github-register) is valid HTML,
//! according to the Nu HTML checker (vnu), as the outside world judges it.
//!
//! vnu is the newest, npm's `vnu-jar`, and needs Java; `.ci/run` installs
//! both. Without them this test prints a loud SKIPPED line, and
//! fails instead when PRIVET_REQUIRE_VNU=1 (CI sets it).

use crate::common;

use std::process::Command;

use common::Site;

#[test]
fn every_page_is_valid_html() {
    let Some(jar) = common::vnu_jar() else { return };
    // Translations behind their source, so the notices are checked too.
    let example = Site::example().with_stale_translations();
    let out = example.build("2026-11-28");
    for lang in ["de", "zh-hant", "ar"] {
        assert!(out.page(&format!("/{lang}/contact/")).contains("notice-stale"), "{lang}: no stale notice");
    }
    let fixture = Site::fixture("site");
    fixture.build("2026-01-01");
    // GitHub's real statement: sections at `###`, levels skipped everywhere.
    let github = Site::fixture("github");
    github.build("2026-12-01");
    let register = Site::fixture("github-register");
    register.build("2026-12-01");
    for root in
        [example.path("public"), fixture.path("public"), github.path("public"), register.path("public")]
    {
        let mut files = Vec::new();
        common::collect_paths(&root, &mut files);
        common::without_wasm_keyword(&files);
    }
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(example.path("public"))
        .arg(fixture.path("public"))
        .arg(github.path("public"))
        .arg(register.path("public"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && report.trim().is_empty(), "vnu found errors:\n{report}");
}
