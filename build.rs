//! Links the `privet` binary as a position-dependent executable on Linux.
//!
//! A position-independent one is relocated by the dynamic loader on every
//! start: about 147,000 relocations (Typst's and Pagefind's tables), 8 ms
//! of a build's wall time before `main`, a twentieth of the GitHub corpus's
//! build. Go links Hugo the same way. The library, tests and other targets
//! keep their defaults. See docs/performance.md,
//! *Second round of #30*.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
