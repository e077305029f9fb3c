//! The security and cache headers a privacy center should set an example
//! with: `_headers` for Netlify and Cloudflare Pages (and the same rules,
//! documented, for nginx and S3/CloudFront), and the policy as a `<meta>`
//! for hosts that cannot set headers.

/// Everything comes from the site itself; the theme has no inline script or
/// style (JSON-LD blocks are data, which `script-src` does not govern).
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// [`CSP`] for a site with search: Pagefind's index loader compiles its
/// WebAssembly (`'wasm-unsafe-eval'`, which allows compiling wasm and
/// nothing else: no `eval`, no inline script). Its worker is a file of the
/// site (`worker-src` falls back to `script-src 'self'`) and fetches the
/// index from the site (`connect-src 'self'`).
pub const CSP_SEARCH: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/// The policy of a site with or without search.
pub fn csp(search: bool) -> &'static str {
    if search { CSP_SEARCH } else { CSP }
}

/// What the header adds over the `<meta>` policy: browsers ignore
/// `frame-ancestors` in a `<meta>`, and upgrading requests would break the
/// plain-http preview of `privet serve` and a local copy of the output.
pub const CSP_HEADER_ONLY: &str = "frame-ancestors 'none'; upgrade-insecure-requests";

/// Hashed assets never change under their name.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Pages may change with every build: caches check back after five minutes.
pub const SHORT: &str = "public, max-age=300, must-revalidate";

/// The `_headers` file for the files named `names` below `base_path`. Cache rules never
/// overlap (hosts combine the headers of every rule that matches), so pages
/// get one rule per top-level folder and the assets their own.
pub fn netlify(names: &[String], base_path: &str, csp: &str, links: &[(String, String)]) -> String {
    let mut out = format!(
        "# Written by privet build: security headers for every file, long caching for\n# content-hashed assets, short caching for pages. Netlify and Cloudflare Pages read it.\n{base_path}*\n  Content-Security-Policy: {csp}; {CSP_HEADER_ONLY}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()\n  X-Frame-Options: DENY\n"
    );
    // The policies by role, as every page's `<link rel>` has them (the default language's).
    if let Some(value) = link_header(links) {
        out.push_str(&format!("  Link: {value}\n"));
    }
    out.push_str(&format!("\n{base_path}assets/*\n  Cache-Control: {IMMUTABLE}\n"));
    let mut tops: Vec<String> = Vec::new();
    for name in names {
        let top = match name.split_once('/') {
            Some((dir, _)) if dir != "assets" => format!("{base_path}{dir}/*"),
            Some(_) => continue,
            None if name == "index.html" => base_path.to_string(),
            None if name.starts_with('_') => continue,
            None => format!("{base_path}{name}"),
        };
        if !tops.contains(&top) {
            tops.push(top);
        }
    }
    for top in tops {
        out.push_str(&format!("\n{top}\n  Cache-Control: {SHORT}\n"));
    }
    out
}

/// A `Link:` header's value for (rel, address) pairs: `</privacy/>; rel="privacy-policy", …`.
pub fn link_header(links: &[(String, String)]) -> Option<String> {
    let parts: Vec<String> = links.iter().map(|(rel, href)| format!("<{href}>; rel=\"{rel}\"")).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_are_immutable_and_page_rules_do_not_overlap_them() {
        let files: Vec<String> = [
            "index.html",
            "404.html",
            "privacy/index.html",
            "de/privacy/index.html",
            "assets/style.1.css",
            "sitemap.xml",
        ]
        .map(String::from)
        .into();
        let links = [("privacy-policy".to_string(), "/center/privacy/".to_string())];
        let headers = netlify(&files, "/center/", CSP, &links);
        assert!(
            headers.contains("/center/*\n")
                && headers.contains("  Link: </center/privacy/>; rel=\"privacy-policy\"\n")
        );
        assert!(headers.contains("/center/assets/*\n  Cache-Control: public, max-age=31536000, immutable"));
        for rule in [
            "/center/\n",
            "/center/privacy/*\n",
            "/center/de/*\n",
            "/center/404.html\n",
            "/center/sitemap.xml\n",
        ] {
            assert!(headers.contains(&format!("\n{rule}  Cache-Control: {SHORT}")), "{rule}: {headers}");
        }
        assert!(!headers.contains("/center/assets/*\n  Cache-Control: public, max-age=300"));
        assert!(headers.contains("Content-Security-Policy: default-src 'self'"));
        assert!(!headers.contains("wasm-unsafe-eval"));
        assert!(netlify(&files, "/", csp(true), &[]).contains("script-src 'self' 'wasm-unsafe-eval';"));
        assert_eq!(CSP_SEARCH.replace(" 'wasm-unsafe-eval'", ""), CSP);
    }
}
