//! Nesting that is deeper than privet's limit is an error with file and
//! line, never a crash: block quotes, lists, block quotes of lists, raw HTML
//! and emphasis, at depths up to 100,000, minified, for `build` and `check`.

use crate::common;

use common::Site;

const FILE: &str = "content/privacy/2025-06-15.md";

/// Markdown that nests about `depth` levels deep, by shape.
fn shapes(depth: usize) -> Vec<(&'static str, String)> {
    vec![
        ("block quotes", format!("{}deep", "> ".repeat(depth))),
        ("lists", format!("{}deep", "- ".repeat(depth))),
        ("block quotes of lists", format!("{}deep", "> - ".repeat(depth / 2))),
        ("raw HTML", format!("{}deep{}", "<div>".repeat(depth), "</div>".repeat(depth))),
        ("emphasis", format!("{}deep{}", "*".repeat(depth * 2), "*".repeat(depth * 2))),
    ]
}

#[test]
fn deep_nesting_is_an_error_with_file_and_line_never_a_crash() {
    let mut failures = Vec::new();
    for depth in [10, 1_000, 10_000, 100_000] {
        for (shape, deep) in shapes(depth) {
            let site = Site::fixture("site");
            let settings = std::fs::read_to_string(site.path("site.toml")).unwrap();
            site.write("site.toml", &settings.replace("minify = false", "minify = true"));
            let original = std::fs::read_to_string(site.path(FILE)).unwrap();
            let line = original.lines().count() + 2;
            site.write(FILE, &format!("{original}\n{deep}\n"));
            for command in ["check", "build"] {
                let started = std::time::Instant::now();
                let run = site.privet(&[command, "--date", "2026-01-01"]);
                let took = started.elapsed();
                let what = format!("{shape}, depth {depth}, {command}");
                if run.code == Some(101) || run.code.is_none() || run.stderr.contains("overflow") {
                    failures.push(format!("{what}: crashed ({:?})\n{}", run.code, run.stderr));
                } else if depth <= 10 {
                    if !run.ok {
                        failures.push(format!("{what}: failed\n{}", run.stderr));
                    }
                } else if run.code != Some(1)
                    || !run.stderr.contains(&format!("--> {FILE}:{line}"))
                    || !run.stderr.contains("nested too deep")
                {
                    failures.push(format!(
                        "{what}: exit {:?}, no error at {FILE}:{line}\n{}",
                        run.code, run.stderr
                    ));
                }
                if took > std::time::Duration::from_secs(20) {
                    failures.push(format!("{what}: took {took:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} problems:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn deep_nesting_in_a_template_or_a_stylesheet_does_not_crash_the_minifier() {
    let site = Site::fixture("site");
    let settings = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", &settings.replace("minify = false", "minify = true"));
    let deep = 100_000;
    site.write(
        "templates/page.html",
        &format!(
            "{{% extends \"base.html\" %}}{{% block main %}}{}x{}{{% endblock %}}",
            "<div>".repeat(deep),
            "</div>".repeat(deep)
        ),
    );
    site.write("themes/default/static/style.css", &format!("{}{}", "a{".repeat(deep), "}".repeat(deep)));
    for command in ["check", "build"] {
        let run = site.privet(&[command, "--date", "2026-01-01"]);
        assert!(run.code != Some(101) && run.code.is_some(), "{command}: {:?}\n{}", run.code, run.stderr);
    }
}
