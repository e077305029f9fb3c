//! What a host needs: `_headers`, and the README's deployment rules saying
//! the same as what the build writes.

use crate::common;

use common::Site;

fn header(headers: &str, name: &str) -> String {
    headers
        .lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in _headers"))
        .to_string()
}

#[test]
fn headers_are_written_and_the_readme_matches_them() {
    let site = Site::example();
    let out = site.build("2026-11-28");
    let headers = out.page("/_headers");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for name in ["Content-Security-Policy", "Permissions-Policy", "Referrer-Policy", "X-Content-Type-Options"]
    {
        let value = header(&headers, name);
        assert!(
            readme.contains(&format!("add_header {name} \"{value}\" always;")),
            "the README's nginx {name} is not {value}"
        );
    }
    assert!(headers.contains("/assets/*\n  Cache-Control: public, max-age=31536000, immutable"));
    // Every asset the pages load is under /assets/ with a content hash in its name.
    let home = out.page("/");
    for asset in common::attr_values(&home, "href").into_iter().chain(common::attr_values(&home, "src")) {
        if asset.ends_with(".css") || asset.ends_with(".js") {
            let name = asset.rsplit('/').next().unwrap();
            let hash = name.split('.').nth(1).unwrap();
            assert!(
                asset.starts_with("/assets/")
                    && hash.len() == 10
                    && hash.chars().all(|c| c.is_ascii_hexdigit()),
                "{asset}"
            );
        }
    }
    // The pages carry the policy themselves, for hosts that cannot set headers.
    assert!(
        home.contains("http-equiv=Content-Security-Policy")
            || home.contains("http-equiv=\"Content-Security-Policy\"")
    );
    // A site may bring its own _headers: privet keeps it.
    site.write("static/_headers", "/*\n  X-Custom: yes\n");
    assert_eq!(site.build("2026-11-28").page("/_headers"), "/*\n  X-Custom: yes\n");
}
