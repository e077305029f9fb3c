//! The privacy center speaks to machines: every page links its privacy
//! policy and terms by their role (and `_headers` says the same), the
//! Global Privacy Control promise is at `/.well-known/gpc.json`, the privacy
//! policy is reachable at `/.well-known/privacy-policy`, and every version
//! page describes its text as a schema.org `DigitalDocument` with the
//! SHA-256 that `versions.lock` records.

use crate::common;

use common::{Site, json_ld};

/// `<link rel=REL href=…>`'s address on a page (minified or not).
fn link(html: &str, rel: &str) -> Option<String> {
    html.split("<link ").skip(1).map(|tag| &tag[..tag.find('>').unwrap_or(tag.len())]).find_map(|tag| {
        let has = tag.contains(&format!("rel={rel}")) || tag.contains(&format!("rel=\"{rel}\""));
        let href = common::attr_values(&format!("<link {tag}>"), "href").into_iter().next();
        if has { href } else { None }
    })
}

#[test]
fn every_page_links_the_policies_in_force_by_their_role_in_its_language() {
    let site = Site::example();
    let out = site.build("2026-11-28");
    for (page, root) in [
        ("/", "/"),
        ("/de/faq/", "/de/"),
        ("/ar/privacy/2025-06-15/changes/", "/ar/"),
        ("/zh-hant/404.html", "/zh-hant/"),
    ] {
        let html = out.page(page);
        assert_eq!(
            link(&html, "privacy-policy").as_deref(),
            Some(format!("{root}privacy/").as_str()),
            "{page}"
        );
        assert_eq!(
            link(&html, "terms-of-service").as_deref(),
            Some(format!("{root}terms/").as_str()),
            "{page}"
        );
    }
    let headers = std::fs::read_to_string(out.dir.join("_headers")).unwrap();
    assert!(
        headers
            .contains("\n  Link: </privacy/>; rel=\"privacy-policy\", </terms/>; rel=\"terms-of-service\"\n"),
        "{headers}"
    );
    // A role names the policy, whatever its folder: a `legal/` folder with role = "terms-of-service".
    let site = Site::fixture("site");
    site.write("content/legal/_index.md", "+++\ntitle = \"Terms\"\nrole = \"terms-of-service\"\n+++\n")
        .write("content/legal/2024-01-01.md", "+++\ntitle = \"Terms\"\n+++\nThe terms.\n");
    let out = site.build("2026-01-01");
    assert_eq!(link(&out.page("/faq/"), "terms-of-service").as_deref(), Some("/legal/"));
    // An unknown role is an error at its line.
    site.write("content/legal/_index.md", "+++\ntitle = \"Terms\"\nrole = \"terms\"\n+++\n");
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("content/legal/_index.md:3") && run.stderr.contains("terms-of-service"),
        "{}",
        run.stderr
    );
}

#[test]
fn gpc_json_says_the_promise_and_the_date_of_the_text_that_explains_it() {
    let site = Site::example();
    let out = site.build("2026-11-28");
    let gpc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.dir.join(".well-known/gpc.json")).unwrap())
            .unwrap();
    // In force on that day, only the cookie policy (2025-09-01) says how GPC is honoured.
    assert_eq!(gpc, serde_json::json!({ "gpc": true, "lastUpdate": "2025-09-01" }));
    // From April 2027 the privacy policy says it too, and is the one named.
    let out = site.build("2027-05-01");
    let gpc = std::fs::read_to_string(out.dir.join(".well-known/gpc.json")).unwrap();
    assert!(gpc.contains("\"lastUpdate\":\"2027-04-01\""), "{gpc}");
    // No promise, no file; a promise no policy explains is a warning of check.
    let site = Site::fixture("site");
    assert!(!site.build("2026-01-01").dir.join(".well-known/gpc.json").exists());
    let settings = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", &settings.replacen("\n[", "\ngpc = true\n\n[", 1));
    let run = site.privet(&["check", "--format", "json", "--date", "2026-01-01"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let warning = report["warnings"].as_array().unwrap().iter().find(|w| w["code"] == "gpc-not-described");
    let warning = warning.unwrap_or_else(|| panic!("no gpc warning: {}", run.stdout));
    assert_eq!(warning["file"], "site.toml");
    assert!(warning["line"].as_u64().unwrap_or(0) > 0, "{warning}");
}

#[test]
fn the_well_known_privacy_policy_address_leads_to_the_privacy_policy() {
    let site = Site::example();
    let out = site.build("2026-11-28");
    let page = std::fs::read_to_string(out.dir.join(".well-known/privacy-policy/index.html")).unwrap();
    let target = "https://privacy.lumenledger.example/privacy/";
    assert!(page.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")), "{page}");
    assert!(page.contains(&format!("<meta http-equiv=\"refresh\" content=\"0; url={target}\">")), "{page}");
    let redirects = std::fs::read_to_string(out.dir.join("_redirects")).unwrap();
    assert!(redirects.contains("\n/.well-known/privacy-policy /privacy/ 301\n"), "{redirects}");
    assert!(!std::fs::read_to_string(out.dir.join("sitemap.xml")).unwrap().contains(".well-known"));
    // Valid HTML to the newest checker.
    if let Some(errors) = common::vnu_errors(&[out.dir.join(".well-known/privacy-policy/index.html")]) {
        assert!(errors.trim().is_empty(), "{errors}");
    }
    // `well_known = false` turns it off.
    let settings = std::fs::read_to_string(site.path("site.toml")).unwrap();
    site.write("site.toml", &settings.replacen("\n[", "\nwell_known = false\n\n[", 1));
    let out = site.build("2026-11-28");
    assert!(!out.dir.join(".well-known/privacy-policy").exists() && !out.dir.join("_redirects").exists());
}

#[test]
fn every_version_page_describes_its_text_with_the_hash_the_lock_records() {
    let site = Site::example();
    let out = site.build("2026-11-28");
    let lock = std::fs::read_to_string(site.path("versions.lock")).unwrap();
    let data = json_ld(&out.page("/de/privacy/2025-06-15/"));
    let doc = data.iter().find(|d| d["@type"] == "DigitalDocument").expect("DigitalDocument JSON-LD");
    assert_eq!(doc["@context"], "https://schema.org");
    assert_eq!(doc["name"], "Datenschutzerklärung");
    assert_eq!(doc["inLanguage"], "de");
    assert_eq!(doc["version"], "2025-06-15");
    assert_eq!(doc["datePublished"], "2025-06-15");
    assert_eq!(doc["url"], "https://privacy.lumenledger.example/de/privacy/2025-06-15/");
    assert_eq!(doc["isBasedOn"]["url"], "https://privacy.lumenledger.example/de/privacy/2024-03-01/");
    assert_eq!(doc["translationOfWork"]["url"], "https://privacy.lumenledger.example/privacy/2025-06-15/");
    let languages: Vec<&str> =
        doc["workTranslation"].as_array().unwrap().iter().filter_map(|w| w["inLanguage"].as_str()).collect();
    assert_eq!(languages, ["en", "zh-Hant", "ar"]);
    assert_eq!(doc["identifier"]["propertyID"], "sha256");
    let hash = doc["identifier"]["value"].as_str().unwrap();
    let entry = &lock[lock.find("[privacy.2025-06-15.de]").unwrap()..];
    assert!(
        entry[..entry[1..].find("\n[").unwrap_or(entry.len())].contains(&format!("text_sha256 = \"{hash}\""))
    );
    // The page of the version in force says the same of the same text.
    let current = json_ld(&out.page("/de/privacy/"));
    assert!(current.iter().any(|d| d["@type"] == "DigitalDocument" && d["identifier"]["value"] == hash));
}
