//! Structured data for search engines and assistants (schema.org JSON-LD)
//! and `mailto:` links that open a ready-written request.

use serde_json::{Value, json};

use crate::config::Config;

/// A JSON value as the text of a `<script>` element (JSON-LD): `<`, `>` and
/// `&` are written as `\u003c`, `\u003e`, `\u0026`, which JSON reads as the
/// same characters. So no text can end the element early (`</script`) or put
/// the HTML parser into its "escaped" script states (`<!--` followed by
/// `<script`, which run the element to the end of the file and blank the
/// page). U+2028 and U+2029 are escaped too, for readers that take the text
/// as JavaScript.
pub fn script_text(value: &Value) -> String {
    json_in_html(&value.to_string())
}

/// Serialized JSON made safe to embed in HTML (see [`script_text`]). The
/// characters replaced can only stand inside JSON strings, where the
/// `\uXXXX` escapes mean the same.
pub fn json_in_html(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// schema.org `FAQPage`: every question with its answer as plain text.
pub fn faq_page(language: &str, questions: &[(&str, &str)]) -> Value {
    let entities: Vec<Value> = questions
        .iter()
        .map(|(question, answer_html)| {
            json!({
                "@type": "Question",
                "name": question,
                "acceptedAnswer": { "@type": "Answer", "text": crate::html::plain_text(answer_html) },
            })
        })
        .collect();
    json!({ "@context": "https://schema.org", "@type": "FAQPage", "inLanguage": language, "mainEntity": entities })
}

/// What [`policy_version`] says of one version of a policy in one language.
pub struct VersionFacts {
    pub name: String,
    /// The version page's absolute address in this language.
    pub url: String,
    /// The language tag of the text (`de`, `zh-Hant`).
    pub language: String,
    /// The effective date, `YYYY-MM-DD`: the version's name.
    pub effective: String,
    /// The date of its last recorded correction, if any.
    pub modified: Option<String>,
    /// The SHA-256 of its text (`versions.lock`'s `text_sha256`).
    pub text_sha256: String,
    /// The page of the version before it, in the same language.
    pub based_on: Option<String>,
    /// The same version's pages in its other languages: (url, language tag).
    pub translations: Vec<(String, String)>,
    /// For a translation: the default language's page it translates.
    pub original: Option<(String, String)>,
}

/// schema.org `DigitalDocument` of a policy version.
pub fn policy_version(f: &VersionFacts) -> Value {
    let work = |(url, language): &(String, String)| json!({ "@type": "DigitalDocument", "url": url, "inLanguage": language });
    let mut doc = json!({
        "@context": "https://schema.org",
        "@type": "DigitalDocument",
        "name": f.name,
        "url": f.url,
        "inLanguage": f.language,
        "version": f.effective,
        "datePublished": f.effective,
        "dateModified": f.modified.as_deref().unwrap_or(&f.effective),
        "identifier": { "@type": "PropertyValue", "propertyID": "sha256", "value": f.text_sha256 },
    });
    if let Some(based_on) = &f.based_on {
        doc["isBasedOn"] = json!({ "@type": "DigitalDocument", "url": based_on });
    }
    if !f.translations.is_empty() {
        doc["workTranslation"] = f.translations.iter().map(work).collect();
    }
    if let Some(original) = &f.original {
        doc["translationOfWork"] = work(original);
    }
    doc
}

/// schema.org `Organization` of the controller, with its privacy contact
/// points; `None` without an `[organization]`.
pub fn organization(config: &Config) -> Option<Value> {
    let org = config.organization.as_ref()?;
    let languages: Vec<&str> = config.languages.iter().map(|l| l.tag.as_str()).collect();
    let mut points = Vec::new();
    if let Some(email) = &org.email {
        points.push(json!({ "@type": "ContactPoint", "contactType": "privacy", "email": email, "availableLanguage": languages }));
    }
    if let Some(dpo) = &org.dpo {
        let mut point = json!({ "@type": "ContactPoint", "contactType": "data protection officer", "name": dpo, "availableLanguage": languages });
        if let Some(email) = dpo.split([' ', ',', ';', '<', '>', '(', ')']).find(|w| w.contains('@')) {
            point["email"] = json!(email);
        }
        points.push(point);
    }
    let mut value = json!({ "@context": "https://schema.org", "@type": "Organization", "name": org.name, "url": config.base_url, "contactPoint": points });
    if let Some(email) = &org.email {
        value["email"] = json!(email);
    }
    if let Some(address) = &org.address {
        value["address"] = json!(address);
    }
    if let Some(phone) = &org.phone {
        value["telephone"] = json!(phone);
    }
    Some(value)
}

/// A `mailto:` address with subject and body (RFC 6068): line breaks as
/// CRLF, everything but unreserved characters percent-encoded.
pub fn mailto(email: &str, subject: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    format!("mailto:{}?subject={}&body={}", email.trim(), encode(subject), encode(&body))
}

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_encodes_subject_and_body() {
        assert_eq!(
            mailto("privacy@example.com", "Auskunft (Art. 15)", "Hallo,\nName: Jörg"),
            "mailto:privacy@example.com?subject=Auskunft%20%28Art.%2015%29&body=Hallo%2C%0D%0AName%3A%20J%C3%B6rg"
        );
    }

    #[test]
    fn answers_become_plain_text_and_scripts_cannot_be_closed() {
        assert_eq!(
            crate::html::plain_text(
                "<p>Go to <strong>Settings</strong> &amp; delete.</p>\n<ul>\n<li>A</li><li>B</li></ul>"
            ),
            "Go to Settings & delete. A B"
        );
        let v = json!({ "text": "</script><script>alert(1)</script>" });
        assert!(!script_text(&v).contains("</script"));
    }

    #[test]
    fn json_in_html_holds_no_angle_brackets_or_ampersands_and_reads_back_the_same() {
        let v = json!({ "text": "a <!-- b <script> c </script> & d --> \u{2028}", "<k>": ["&amp;"] });
        let text = script_text(&v);
        for c in ['<', '>', '&', '\u{2028}'] {
            assert!(!text.contains(c), "{c:?} in {text}");
        }
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), v);
    }
}
