//! Data flows one way: files, model, pages, output. Each module may use
//! only modules of a lower layer. [`LAYERS`] is the one list of them: this
//! test reads every path into the crate in `src/` (`crate::…`, `super::…`,
//! `use` groups over several lines, the crate root's own file included) and
//! fails on one that reaches up, and the picture in ARCHITECTURE.md is made
//! from the same list (`PRIVET_BLESS=1 cargo test --test suite layers::`
//! writes it), so the two cannot disagree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom to top, each with its modules. A module may use the
/// modules of the layers below its own, never its own layer's or above.
/// `lib` is the crate root (`lib.rs`: the pipeline, `generate`, `build`).
const LAYERS: &[(&str, &[&str])] = &[
    ("base", &["error"]),
    ("bytes", &["files", "html"]),
    ("settings", &["config", "walk", "minify", "countries"]),
    ("front matter", &["frontmatter"]),
    ("text", &["markdown", "address", "register"]),
    ("time", &["timeline"]),
    ("model", &["content"]),
    ("theme", &["theme"]),
    ("words", &["i18n", "structured", "headers"]),
    ("record/diff", &["redline", "lock", "translations"]),
    ("changes", &["rows"]),
    ("print", &["pdf"]),
    ("pages", &["render"]),
    ("reports", &["report", "wellknown"]),
    ("output", &["feed", "manifest", "output", "search"]),
    ("pipeline", &["lib"]),
    ("commands", &["serve", "check", "scaffold"]),
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file below `src/`: `render/views.rs` → [render,
/// views], `render/mod.rs` → [render], `lib.rs` → [].
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.trim_end_matches(".rs").split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// Code without comments, string literals and what follows `#[cfg(test)]`
/// (tests beside the code may use anything).
fn code_of(text: &str) -> String {
    let tests = ["#[cfg(test)]", "#[cfg(all(test"].iter().filter_map(|m| text.find(m)).min();
    let text = &text[..tests.unwrap_or(text.len())];
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i += b[i..].windows(2).position(|w| w == b"*/").map_or(b.len() - i, |e| e + 2);
        } else if b[i] == b'r' && (b[i + 1..].starts_with(b"\"") || b[i + 1..].starts_with(b"#\"")) {
            // A raw string: r"…" or r#"…"#, as many #s as it opens with.
            let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            let start = i + 2 + hashes;
            i = b[start..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(b.len(), |e| start + e + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// The first names of a path's items after `crate::` or a resolved
/// `super::`: `a::x` → [a]; `{a, b::{c, d}}` → [a, b].
fn heads(rest: &str) -> Vec<String> {
    let ident =
        |s: &str| s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let Some(group) = rest.trim_start().strip_prefix('{') else {
        // `use super::*` names no module: the file's own parent is used, nothing more.
        return [ident(rest)].into_iter().filter(|n| !n.is_empty()).collect();
    };
    let mut out = Vec::new();
    let (mut depth, mut item) = (0, String::new());
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(ident(&item));
                item.clear();
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            item.push(c);
        }
    }
    out.push(ident(&item));
    out.into_iter().filter(|n| !n.is_empty()).collect()
}

/// The top-level modules a file uses, from its `crate::` and `super::` paths.
fn used(code: &str, module: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let word_start =
            i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b':');
        if word_start && (code[i..].starts_with("crate::") || code[i..].starts_with("super::")) {
            let mut path: Vec<String> = if code[i..].starts_with("crate::") {
                i += 7;
                Vec::new()
            } else {
                // `super` of a file's module; `super::super::` climbs further.
                let mut up = module.to_vec();
                while code[i..].starts_with("super::") {
                    up.pop();
                    i += 7;
                }
                up
            };
            if path.is_empty() {
                out.extend(heads(&code[i..]).into_iter().map(|name| root_item(&name)));
            } else {
                out.insert(path.remove(0));
            }
        } else {
            i += 1;
        }
    }
    out
}

/// What a name at the crate root is: a module, or an item of a module
/// re-exported there (`crate::Result`), or the root's own (`lib`).
fn root_item(name: &str) -> String {
    match name {
        "Result" | "Error" | "Diagnostic" => "error".into(),
        "Config" => "config".into(),
        n if layer(n).is_some() => n.into(),
        _ => "lib".into(),
    }
}

#[test]
fn no_module_reaches_up() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    // The binary's files: main.rs and the modules it declares (the
    // allocator); the command line uses everything.
    let main = std::fs::read_to_string(src().join("main.rs")).unwrap();
    let mut binary: BTreeSet<String> = main
        .lines()
        .filter_map(|l| l.trim().strip_prefix("mod ")?.strip_suffix(';').map(|m| format!("{m}.rs")))
        .collect();
    binary.insert("main.rs".into());
    let mut upward: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let rel = file.strip_prefix(src()).unwrap().to_string_lossy().replace('\\', "/");
        if binary.contains(&rel) {
            continue;
        }
        let path = module_path(&rel);
        let module = path.first().cloned().unwrap_or_else(|| "lib".into());
        let Some(own) = layer(&module) else { panic!("{rel}: add its module `{module}` to LAYERS") };
        for target in used(&code_of(&std::fs::read_to_string(file).unwrap()), &path) {
            if target != module && layer(&target).is_none_or(|l| l >= own) {
                upward.entry(rel.clone()).or_default().insert(target);
            }
        }
    }
    assert!(upward.is_empty(), "modules that use a module of their own layer or a higher one: {upward:#?}");
}

#[test]
fn the_check_reads_every_kind_of_path() {
    let code = code_of(
        "use crate::{\n    config::Config,\n    content::{Kind, Site},\n};\nuse super::views::X; // crate::nothing\nlet s = \"crate::nor_this\";\nsuper::super::lock::read();\n#[cfg(test)]\nuse crate::serve;",
    );
    let found = used(&code, &["render".into(), "views".into()]);
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    // `super::views` from render/views.rs is render itself; two `super`s reach the root.
    assert_eq!(found, ["config", "content", "lock", "render"]);
}

/// The picture of the layers, top to bottom, with each module's files.
fn picture() -> String {
    let width = LAYERS.iter().map(|(name, _)| name.len()).max().unwrap_or(0) + 2;
    let mut out = String::new();
    for (name, modules) in LAYERS.iter().rev() {
        let shown: Vec<String> = modules
            .iter()
            .map(|m| {
                let dir = src().join(m);
                if !dir.is_dir() {
                    return m.to_string();
                }
                let mut parts: Vec<String> = std::fs::read_dir(&dir)
                    .unwrap()
                    .flatten()
                    .filter_map(|e| e.file_name().to_str()?.strip_suffix(".rs").map(str::to_string))
                    .filter(|n| n != "mod" && n != "tests")
                    .collect();
                parts.sort();
                format!("{m} ({})", parts.join(", "))
            })
            .collect();
        out.push_str(&format!("{name:<width$}{}\n", shown.join("  ")));
    }
    out
}

const BEGIN: &str = "<!-- layers: made by tests/suite/layers.rs from LAYERS; PRIVET_BLESS=1 cargo test --test suite layers:: rewrites it -->\n```\n";
const END: &str = "```\n<!-- /layers -->";

#[test]
fn the_picture_in_architecture_md_is_made_from_the_layers() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find(BEGIN).expect("ARCHITECTURE.md has the layers' markers") + BEGIN.len();
    let end = start + text[start..].find(END).expect("the picture ends with its marker");
    let expected = picture();
    if text[start..end] != expected && std::env::var_os("PRIVET_BLESS").is_some() {
        std::fs::write(&path, format!("{}{expected}{}", &text[..start], &text[end..])).unwrap();
        return;
    }
    assert_eq!(
        text[start..end],
        expected,
        "ARCHITECTURE.md draws other layers than LAYERS: PRIVET_BLESS=1 cargo test --test suite layers:: rewrites it"
    );
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
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let code: String = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
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
