//! Data flows one way: files, model, pages, output. Each module may use
//! only modules of a lower layer (ARCHITECTURE.md draws them); this test
//! reads every `crate::` path in `src/` and fails on one that reaches up.

use std::collections::BTreeMap;
use std::path::Path;

/// Module → layer. The crate root's own items (`generate`, `today`,
/// `BuildOptions`, ...) are the pipeline, `lib`, used only by the commands.
const LAYERS: &[(&str, u32)] = &[
    ("error", 0),
    ("html", 2),
    ("files", 5),
    ("config", 10),
    ("walk", 10),
    ("minify", 10),
    ("frontmatter", 15),
    ("markdown", 20),
    ("address", 20),
    ("timeline", 25),
    ("content", 30),
    ("theme", 35),
    ("i18n", 40),
    ("structured", 40),
    ("headers", 40),
    ("redline", 45),
    ("lock", 45),
    ("translations", 45),
    ("render", 50),
    ("report", 55),
    ("feed", 60),
    ("manifest", 60),
    ("output", 60),
    ("search", 60),
    ("wellknown", 55),
    ("lib", 65),
    ("serve", 70),
    ("check", 70),
    ("scaffold", 70),
];

fn layer(module: &str) -> u32 {
    LAYERS.iter().find(|(m, _)| *m == module).map_or(65, |(_, l)| *l)
}

/// The modules a file names after `crate::` (in `use crate::{a, b::c}` too), outside comments.
fn used(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + 7..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String =
                        item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    out.push(name);
                }
                continue;
            }
            out.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out.into_iter()
        .filter(|n| !n.is_empty())
        // A type or constant re-exported at the root (`crate::Result`) is the module it comes from.
        .map(|n| match n.as_str() {
            "Result" | "Error" | "Diagnostic" => "error".to_string(),
            "Config" => "config".to_string(),
            n if LAYERS.iter().any(|(m, _)| *m == n) => n.to_string(),
            _ => "lib".to_string(),
        })
        .collect()
}

#[test]
fn no_module_reaches_up() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.path().is_dir() {
                walk(&e.path(), out);
            } else if e.path().extension().is_some_and(|x| x == "rs") {
                out.push(e.path());
            }
        }
    }
    walk(&src, &mut files);
    let mut upward: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let module = match rel.split('/').next().unwrap().trim_end_matches(".rs") {
            "lib" => "lib",
            "main" => continue, // the command line uses everything
            m => m,
        }
        .to_string();
        assert!(
            module == "lib" || LAYERS.iter().any(|(m, _)| *m == module),
            "{rel}: add its module to LAYERS"
        );
        let text = std::fs::read_to_string(file).unwrap();
        // Tests beside the code may use anything.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for target in used(code) {
            if target != module && layer(&target) >= layer(&module) && module != "lib" {
                upward.entry(rel.clone()).or_default().push(target);
            }
        }
    }
    for targets in upward.values_mut() {
        targets.sort();
        targets.dedup();
    }
    assert!(upward.is_empty(), "modules that use a module of their own or a higher layer: {upward:#?}");
}

/// Dependencies that privet does not name in its code on purpose, with why.
const UNNAMED: &[(&str, &str)] =
    &[("flate2", "switches pagefind's gzip to zlib-rs through its features (Cargo.toml says so)")];

#[test]
fn every_dependency_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml")).unwrap().parse().unwrap();
    let mut names: Vec<String> = manifest["dependencies"].as_table().unwrap().keys().cloned().collect();
    for target in manifest.get("target").and_then(|t| t.as_table()).into_iter().flat_map(|t| t.values()) {
        if let Some(deps) = target.get("dependencies").and_then(|d| d.as_table()) {
            names.extend(deps.keys().cloned());
        }
    }
    let mut code = String::new();
    fn read_all(dir: &Path, out: &mut String) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.path().is_dir() {
                read_all(&e.path(), out);
            } else if e.path().extension().is_some_and(|x| x == "rs") {
                out.push_str(&std::fs::read_to_string(e.path()).unwrap());
            }
        }
    }
    read_all(&root.join("src"), &mut code);
    let unused: Vec<&String> = names
        .iter()
        .filter(|name| !UNNAMED.iter().any(|(n, _)| n == name))
        .filter(|name| {
            let ident = name.replace('-', "_");
            !(code.contains(&format!("{ident}::")) || code.contains(&format!("use {ident}")))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "dependencies that no code in src/ names (remove them from Cargo.toml): {unused:?}"
    );
}
