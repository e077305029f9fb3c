//! The FAQ and contact pages carry schema.org JSON-LD that parses and says
//! what the page says; the contact page offers every right as an e-mail.

use crate::common;

use common::{Site, json_ld};

#[test]
fn the_faq_page_carries_faqpage_json_ld_with_every_question_in_its_language() {
    let site = Site::fixture("site");
    let out = site.build("2026-01-01");
    let data = json_ld(&out.page("/de/faq/"));
    assert_eq!(data.len(), 1);
    let faq = &data[0];
    assert_eq!(
        (faq["@context"].as_str(), faq["@type"].as_str()),
        (Some("https://schema.org"), Some("FAQPage"))
    );
    assert_eq!(faq["inLanguage"], "de");
    let question = &faq["mainEntity"][0];
    assert_eq!(question["@type"], "Question");
    assert_eq!(question["name"], "Wie lösche ich mein Konto?");
    assert_eq!(question["acceptedAnswer"]["text"], "In den Einstellungen.");
    // A question without a translation is there too, in the default language.
    let zh = &json_ld(&out.page("/zh-hant/faq/"))[0];
    assert_eq!(zh["mainEntity"][0]["name"], "How do I delete my account?");
    assert_eq!(zh["mainEntity"][0]["acceptedAnswer"]["text"], "Go to Settings. See retention.");
}

#[test]
fn the_contact_page_carries_the_organization_and_its_contact_points() {
    let site = Site::example();
    let out = site.build("2026-11-28");
    for lang in ["", "de/", "zh-hant/", "ar/"] {
        let html = out.page(&format!("/{lang}contact/"));
        let data = json_ld(&html);
        let org = data.iter().find(|d| d["@type"] == "Organization").expect("Organization JSON-LD");
        assert_eq!(org["name"], "Lumen Ledger GmbH");
        assert_eq!(org["email"], "privacy@lumenledger.example");
        let points = org["contactPoint"].as_array().unwrap();
        assert!(
            points
                .iter()
                .any(|p| p["contactType"] == "privacy" && p["email"] == "privacy@lumenledger.example")
        );
        assert!(points.iter().any(
            |p| p["contactType"] == "data protection officer" && p["email"] == "dpo@lumenledger.example"
        ));
        // The organization's data is on the page itself, in an <address>.
        assert!(html.contains("<address>") && html.contains("Friedrichstraße 123"), "/{lang}contact/");
    }
}

#[test]
fn every_right_is_a_ready_written_email_in_the_readers_language() {
    let site = Site::example();
    let out = site.build("2026-11-28");
    let html = out.page("/de/contact/");
    let mails: Vec<String> =
        common::attr_values(&html, "href").into_iter().filter(|h| h.contains("?subject=")).collect();
    assert_eq!(mails.len(), 6, "access, rectification, erasure, portability, objection, withdrawal");
    for mail in &mails {
        assert!(mail.starts_with("mailto:privacy@lumenledger.example?subject="), "{mail}");
        assert!(mail.contains("&body="), "{mail}");
    }
    // Subjects are in German: "Art. 15 DSGVO" percent-encoded.
    assert!(mails[0].contains("DSGVO"), "{}", mails[0]);
    assert!(html.contains("id=right-access") || html.contains("id=\"right-access\""));
    // The footer of every page names the controller and the privacy e-mail.
    let privacy = out.page("/ar/privacy/");
    assert!(privacy.contains("Lumen Ledger GmbH") && privacy.contains("mailto:privacy@lumenledger.example"));
}

#[test]
fn text_in_json_ld_cannot_open_a_comment_or_a_script_that_blanks_the_page() {
    let site = Site::fixture("site");
    site.write(
        "content/faq/comments.md",
        "+++\ntitle = \"Do you use <!-- comments & <script> tags?\"\n+++\nWrite `<!--` then `<script>` & `</script>` freely.\n",
    );
    let out = site.build("2026-01-01");
    let html = out.page("/faq/");
    let open = html.find("application/ld+json").expect("JSON-LD on the FAQ page");
    let start = open + html[open..].find('>').unwrap() + 1;
    let end = start + html[start..].find("</script>").unwrap();
    let json = &html[start..end];
    for c in ['<', '>', '&'] {
        assert!(!json.contains(c), "`{c}` in the JSON-LD: {json}");
    }
    let data = json_ld(&html);
    let names: Vec<_> = data[0]["mainEntity"].as_array().unwrap().iter().map(|q| q["name"].clone()).collect();
    assert!(names.contains(&serde_json::json!("Do you use <!-- comments & <script> tags?")), "{names:?}");
    // The rest of the page is still there after the script element.
    assert!(html[end..].contains("</footer>"), "the page after the JSON-LD is lost");
}
