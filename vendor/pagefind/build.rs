//! Minifies Pagefind's two scripts (`pagefind.js`, `pagefind-worker.js`)
//! once, when the crate is compiled: they are the same for every index,
//! and minifying them at run time cost every build a few milliseconds of
//! CPU and memory (privet's vendor/README.md, item 10).

use std::path::Path;

fn main() {
    // Read when the script runs, not compiled in (`env!`): a build script
    // compiled for one copy of the sources may be run for another that
    // shares its target folder.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let version = std::env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    let read = |name: &str| {
        let relative = format!("vendor/{name}.{version}.js");
        println!("cargo:rerun-if-changed={relative}");
        let path = Path::new(&root).join(&relative);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let js_version = format!("const pagefind_version = \"{version}\";");
    let web = read("pagefind_web");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (file, script) in [
        ("pagefind.js", read("pagefind_public_search_api")),
        ("pagefind-worker.js", read("pagefind_worker")),
    ] {
        let mut minified = vec![];
        minifier::js::minify(&format!("{js_version}\n{web}\n{script}"))
            .unwrap_or_else(|e| panic!("minifying {file}: {e}"))
            .write(&mut minified)
            .unwrap_or_else(|e| panic!("writing {file}: {e}"));
        std::fs::write(out.join(file), minified).unwrap_or_else(|e| panic!("writing {file}: {e}"));
    }
    println!("cargo:rerun-if-changed=build.rs");
}
