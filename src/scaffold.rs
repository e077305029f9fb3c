//! Commands that write content for editors: `privet init` and
//! `privet new version`.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::Config;
use crate::content::{self, CONTENT_DIR};
use crate::error::{Diagnostic, Error, Result};

/// How many days of notice a new version gets by default: the period most
/// policies promise before a change takes effect.
pub const NOTICE_DAYS: i32 = 30;

pub use crate::content::STARTER_MARK;

/// Copies the newest version of `policy` (an upcoming one included), in
/// every language it is written in, to new draft files dated `effective`
/// (default: 30 days after `today`, or the day after the newest version if
/// that is later). The copies leave `summary` and `highlights` empty for the
/// editor to write. Refuses, writing nothing, a date on or before an
/// existing version's, or files that exist. Returns the files created,
/// relative to the site root.
pub fn new_version(root: &Path, policy: &str, effective: Option<Date>, today: Date) -> Result<Vec<PathBuf>> {
    let config = Config::load(root)?;
    let site = content::load(&config, true, today)?;
    let folder = Path::new(CONTENT_DIR).join(policy);
    let Some(p) = site.policies.iter().find(|p| p.slug == policy) else {
        let known: Vec<_> = site.policies.iter().map(|p| p.slug.as_str()).collect();
        return Err(Diagnostic::new(&folder, format!("there is no policy `{policy}`"))
            .hint(format!("policies of this site: {}", known.join(", ")))
            .into());
    };
    let Some(source) = p.versions.last() else {
        return Err(Diagnostic::new(&folder, format!("the policy `{policy}` has no version to start from"))
            .hint(format!("write its first version as {}/{today}.md", folder.display()))
            .into());
    };
    let effective = match effective {
        Some(date) => date,
        None => {
            let days = p.notice_days(config.notice_days).map_or(NOTICE_DAYS, |d| d as i32);
            let notice = today.checked_add(jiff::Span::new().days(days)).unwrap_or(today);
            notice.max(source.effective.tomorrow().unwrap_or(source.effective))
        }
    };
    if let Some(later) = p.versions.iter().rev().find(|v| v.effective >= effective) {
        return Err(Diagnostic::new(
            &later.docs.primary().path,
            format!(
                "a new version dated {effective} would not come after the version of {}",
                later.effective
            ),
        )
        .hint(format!(
            "a new version takes effect after the newest one: choose --effective after {} (or leave it out)",
            later.effective
        ))
        .into());
    }
    let mut plan = Vec::new();
    for doc in source.docs.docs() {
        let name = doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let new_name = name.replacen(&source.slug, &effective.to_string(), 1);
        let target = doc.path.with_file_name(new_name);
        let text = std::fs::read_to_string(root.join(&doc.path)).map_err(|e| Error::io(&doc.path, e))?;
        let text = if doc.register.is_some() { as_data_draft(&text) } else { as_draft(&text) };
        plan.push((target, text, doc.lang));
    }
    if let Some((target, ..)) = plan.iter().find(|(t, ..)| root.join(t).exists()) {
        return Err(Diagnostic::new(target, "this file exists already: privet new version never overwrites")
            .hint("choose another date with --effective")
            .into());
    }
    let mut created = Vec::new();
    let mut words = Vec::new();
    for (target, text, lang) in plan {
        let path = root.join(&target);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(&target, e))?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| Error::io(&target, e))?;
        if target.extension().is_some_and(|x| x == "toml") {
            if let Ok((front, rows)) = crate::register::parse(&target, &text, lang) {
                words.push((target.clone(), lang, content::words_sha256(&front, &rows.words())));
            }
        } else if let Ok((front, body, _)) = crate::frontmatter::parse(&target, &text) {
            words.push((target.clone(), lang, content::words_sha256(&front, body)));
        }
        created.push(target);
    }
    record_copies(root, &words)?;
    Ok(created)
}

/// Records the new translations as current with the new default-language
/// text: each is a copy of a translation of the same text. Once the editor
/// changes the default-language copy, they are behind it, as they are.
fn record_copies(root: &Path, words: &[(PathBuf, usize, String)]) -> Result<()> {
    use crate::translations::{Entry, read, write};
    let Some((source, _, source_words)) = words.iter().find(|(_, lang, _)| *lang == 0) else { return Ok(()) };
    let mut record = read(root)?.unwrap_or_default();
    for (target, _, own) in words.iter().filter(|(_, lang, _)| *lang != 0) {
        let entry = Entry {
            source: crate::files::slash_path(source),
            source_sha256: source_words.clone(),
            sha256: own.clone(),
            stale_since: None,
        };
        record.0.insert(crate::files::slash_path(target), entry);
    }
    if words.len() > 1 {
        write(root, &record)?;
    }
    Ok(())
}

/// The text of a version file made into the next draft: `draft = true`, no
/// `effective` (the file name gives it), and a summary to write.
/// A register snapshot's copy as the next version's draft: its rows as
/// they are, the old version's summary, urgency and corrections left out.
fn as_data_draft(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::from(
        "draft = true\n# summary = \"\"  # what changed in this version; without one, privet says which rows were added, removed or changed\n",
    );
    let mut in_rows = false;
    let mut skipping = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_rows = true;
            // [[corrections]] belong to the old version.
            skipping = trimmed.starts_with("[[corrections]]");
        }
        let key = trimmed.split('=').next().unwrap_or_default().trim();
        let old_setting = !in_rows && matches!(key, "draft" | "effective" | "summary" | "urgent");
        if skipping || old_setting {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn as_draft(text: &str) -> String {
    const SUMMARY: &str = "summary = \"\"  # one line: what changed in this version (fill in)";
    const HIGHLIGHTS: &str = "highlights = []  # this version's key points for readers, e.g. [\"We now keep logs for 45 days.\"] (fill in or delete)";
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<&str> = text.lines().collect();
    let has_front = lines.first().is_some_and(|l| l.trim() == "+++");
    let end =
        if has_front { lines.iter().skip(1).position(|l| l.trim() == "+++").map(|p| p + 1) } else { None };
    let Some(end) = end else {
        return format!("+++\n{SUMMARY}\n{HIGHLIGHTS}\ndraft = true\n+++\n{text}");
    };
    let mut front: Vec<String> = Vec::new();
    // A multi-line array (highlights) is skipped to its closing bracket.
    let mut open_brackets = 0i32;
    for line in &lines[1..end] {
        if open_brackets > 0 {
            open_brackets += line.matches('[').count() as i32 - line.matches(']').count() as i32;
            continue;
        }
        let trimmed = line.trim_start();
        // Tables ([[corrections]]) come last in front matter and belong to the old version.
        if trimmed.starts_with('[') {
            break;
        }
        let key = line.split('=').next().unwrap_or_default().trim();
        match key {
            "draft" | "effective" => {}
            "summary" | "highlights" => {
                let value = line.split_once('=').map_or("", |(_, v)| v);
                open_brackets = value.matches('[').count() as i32 - value.matches(']').count() as i32;
            }
            _ => front.push(line.to_string()),
        }
    }
    front.push(SUMMARY.into());
    front.push(HIGHLIGHTS.into());
    front.push("draft = true".into());
    let body = lines.split_off(end + 1).join("\n");
    format!("+++\n{}\n+++\n{body}\n", front.join("\n"))
}

/// Creates a new site in `dir` (which must not exist or be empty) whose
/// default language is `language`: site.toml, a privacy policy with one
/// version in force from `today`, a FAQ with two questions and a contact
/// page. It builds, and `privet check` finds nothing to warn about.
pub fn init(dir: &Path, language: &str, today: Date) -> Result<Vec<PathBuf>> {
    let code = language.to_ascii_lowercase();
    if !crate::config::is_language_tag(&code) {
        return Err(Diagnostic::new("--language", format!("`{language}` is not a BCP 47 language code"))
            .hint("e.g. --language en, --language de, --language zh-hant")
            .into());
    }
    if dir.exists() {
        let empty = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.next().is_none();
        if !empty {
            return Err(Error::refused(
                dir,
                "the folder is not empty",
                "choose a new folder name for the site",
            ));
        }
    }
    let (name, rtl) = language_name(&code);
    let words = if code == "de" || code.starts_with("de-") { &GERMAN } else { &ENGLISH };
    let direction = if rtl { "\ndirection = \"rtl\"" } else { "" };
    let files = [
        (
            "site.toml".to_string(),
            format!(
                "# The settings of your privacy center. See the README for every key.\n{STARTER_MARK} replace base_url and every [organization] value below with your own, then delete this line\ntitle = \"{title}\"\nbase_url = \"https://privacy.example.com\"\ndefault_language = \"{code}\"\n\n[languages.{code}]\nname = \"{name}\"{direction}\n\n[organization]\nname = \"Example Company Ltd\"\nemail = \"privacy@example.com\"\naddress = \"1 Example Street, 10115 Berlin, Germany\"\ndpo = \"Data Protection Officer, dpo@example.com\"\nsupervisory_authority = \"Berliner Beauftragte für Datenschutz und Informationsfreiheit\"\nsupervisory_authority_url = \"https://www.datenschutz-berlin.de\"\n",
                title = words.site_title
            ),
        ),
        ("content/_index.md".into(), words.home.to_string()),
        ("content/privacy/_index.md".into(), words.policy_index.to_string()),
        (format!("content/privacy/{today}.md"), words.policy.to_string()),
        ("content/faq/_index.md".into(), words.faq_index.to_string()),
        ("content/faq/delete-my-account.md".into(), words.question_delete.to_string()),
        ("content/faq/get-a-copy-of-my-data.md".into(), words.question_copy.to_string()),
        ("content/contact.md".into(), words.contact.to_string()),
    ];
    let mut created = Vec::new();
    for (rel, text) in files {
        // Each starter file says it is one, until the editor makes it their own.
        let text = if rel.starts_with("content/") {
            text.replacen(
                "+++\n",
                &format!("+++\n{STARTER_MARK} a starter text: write your own, then delete this line\n"),
                1,
            )
        } else {
            text
        };
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        created.push(PathBuf::from(rel));
    }
    Ok(created)
}

/// A language's name in its own script, and whether it is written right to left.
fn language_name(code: &str) -> (String, bool) {
    let base = code.split('-').next().unwrap_or(code);
    let name = match code {
        "zh-hant" | "zh-tw" | "zh-hk" => "繁體中文",
        "zh-hans" | "zh-cn" | "zh" => "简体中文",
        _ => match base {
            "en" => "English",
            "de" => "Deutsch",
            "fr" => "Français",
            "es" => "Español",
            "it" => "Italiano",
            "nl" => "Nederlands",
            "pt" => "Português",
            "pl" => "Polski",
            "sv" => "Svenska",
            "da" => "Dansk",
            "fi" => "Suomi",
            "ja" => "日本語",
            "ko" => "한국어",
            "ar" => "العربية",
            "he" => "עברית",
            "fa" => "فارسی",
            "ur" => "اردو",
            "tr" => "Türkçe",
            "ru" => "Русский",
            "uk" => "Українська",
            _ => code,
        },
    };
    (name.to_string(), matches!(base, "ar" | "he" | "fa" | "ur" | "ps" | "yi"))
}

/// The starter texts of a new site.
struct Starter {
    site_title: &'static str,
    home: &'static str,
    policy_index: &'static str,
    policy: &'static str,
    faq_index: &'static str,
    question_delete: &'static str,
    question_copy: &'static str,
    contact: &'static str,
}

const ENGLISH: Starter = Starter {
    site_title: "Example Privacy Center",
    home: "+++\ntitle = \"Privacy Center\"\ndescription = \"How we handle your personal data.\"\n+++\nHere you find our privacy policy, answers to common questions and how to reach our privacy team. Start with the [privacy policy](@/privacy/_index.md) or the [FAQ](@/faq/_index.md).\n",
    policy_index: "+++\ntitle = \"Privacy Policy\"\ndescription = \"What personal data we process, why, and your rights.\"\nweight = 1\n# privet check lists the GDPR Art. 13/14 items a version does not cover.\nchecklist = \"gdpr\"\n+++\n",
    policy: "+++\ntitle = \"Privacy Policy\"\nsummary = \"First published version.\"\nhighlights = [\"We never sell your personal data.\", \"You can ask for a copy of your data at any time.\"]\n+++\n## Who we are {#controller}\n\nExample Company Ltd, 1 Example Street, 10115 Berlin, Germany, is the controller of your personal data. Write to privacy@example.com.\n\n## Data protection officer {#dpo}\n\nYou can reach our data protection officer at dpo@example.com.\n\n## What data we process and why {#purposes}\n\nWe process your account data to provide our service (Art. 6(1)(b) GDPR) and server logs to keep it secure (Art. 6(1)(f) GDPR).\n\n## Recipients {#recipients}\n\nOur hosting provider processes data on our behalf under a data processing agreement.\n\n## Transfers outside the EU {#transfers}\n\nWe do not transfer personal data outside the European Economic Area.\n\n## How long we keep data {#retention}\n\nWe keep account data while your account exists and server logs for 30 days.\n\n## Your rights {#rights}\n\nYou have the right to access, rectify and erase your data, to restrict and object to processing, and to data portability.\n\n## Complaints {#complaint}\n\nYou can lodge a complaint with a supervisory authority, in particular in the country where you live.\n\n## Withdrawing consent {#withdrawal}\n\nWhere we rely on your consent, you can withdraw it at any time, without affecting what we did before.\n\n## Automated decisions {#automated}\n\nWe do not make decisions based solely on automated processing.\n",
    faq_index: "+++\ntitle = \"Frequently asked questions\"\n\n[[categories]]\nid = \"account\"\nname = \"Your account\"\n\n[[categories]]\nid = \"data\"\nname = \"Your data\"\n+++\n",
    question_delete: "+++\ntitle = \"How do I delete my account?\"\ncategory = \"account\"\nfeatured = true\n+++\nOpen **Settings › Account › Delete account**. We delete your data within 30 days; see [how long we keep data](@/privacy/_index.md#retention).\n",
    question_copy: "+++\ntitle = \"How do I get a copy of my data?\"\ncategory = \"data\"\nfeatured = true\n+++\nWrite to privacy@example.com. We answer within one month, as the GDPR requires.\n",
    contact: "+++\ntitle = \"Contact\"\ndescription = \"How to reach our privacy team.\"\n+++\nWrite to our privacy team at privacy@example.com. We answer within one month.\n",
};

const GERMAN: Starter = Starter {
    site_title: "Datenschutzzentrum",
    home: "+++\ntitle = \"Datenschutzzentrum\"\ndescription = \"Wie wir mit Ihren personenbezogenen Daten umgehen.\"\n+++\nHier finden Sie unsere Datenschutzerklärung, Antworten auf häufige Fragen und den Weg zu unserem Datenschutzteam. Beginnen Sie mit der [Datenschutzerklärung](@/privacy/_index.md) oder den [häufigen Fragen](@/faq/_index.md).\n",
    policy_index: "+++\ntitle = \"Datenschutzerklärung\"\ndescription = \"Welche Daten wir verarbeiten, warum, und Ihre Rechte.\"\nweight = 1\n# privet check nennt die Punkte nach Art. 13/14 DSGVO, die eine Fassung nicht abdeckt.\nchecklist = \"gdpr\"\n+++\n",
    policy: "+++\ntitle = \"Datenschutzerklärung\"\nsummary = \"Erste veröffentlichte Fassung.\"\nhighlights = [\"Wir verkaufen Ihre Daten nie.\", \"Sie können jederzeit eine Kopie Ihrer Daten verlangen.\"]\n+++\n## Wer wir sind {#controller}\n\nVerantwortlich ist die Example Company Ltd, Example Street 1, 10115 Berlin. Schreiben Sie an privacy@example.com.\n\n## Datenschutzbeauftragte {#dpo}\n\nUnsere Datenschutzbeauftragte erreichen Sie unter dpo@example.com.\n\n## Welche Daten wir verarbeiten und warum {#purposes}\n\nWir verarbeiten Ihre Kontodaten, um unseren Dienst zu erbringen (Art. 6 Abs. 1 lit. b DSGVO), und Server-Protokolle, um ihn zu schützen (Art. 6 Abs. 1 lit. f DSGVO).\n\n## Empfänger {#recipients}\n\nUnser Hosting-Anbieter verarbeitet Daten in unserem Auftrag auf Grundlage eines Auftragsverarbeitungsvertrags.\n\n## Übermittlung in Drittländer {#transfers}\n\nWir übermitteln keine personenbezogenen Daten außerhalb des Europäischen Wirtschaftsraums.\n\n## Speicherdauer {#retention}\n\nKontodaten speichern wir, solange Ihr Konto besteht, Server-Protokolle 30 Tage.\n\n## Ihre Rechte {#rights}\n\nSie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, Widerspruch und Datenübertragbarkeit.\n\n## Beschwerde {#complaint}\n\nSie können sich bei einer Aufsichtsbehörde beschweren, insbesondere in dem Land, in dem Sie leben.\n\n## Widerruf der Einwilligung {#withdrawal}\n\nEine Einwilligung können Sie jederzeit widerrufen; die bis dahin erfolgte Verarbeitung bleibt rechtmäßig.\n\n## Automatisierte Entscheidungen {#automated}\n\nWir treffen keine ausschließlich automatisierten Entscheidungen.\n",
    faq_index: "+++\ntitle = \"Häufige Fragen\"\n\n[[categories]]\nid = \"account\"\nname = \"Ihr Konto\"\n\n[[categories]]\nid = \"data\"\nname = \"Ihre Daten\"\n+++\n",
    question_delete: "+++\ntitle = \"Wie lösche ich mein Konto?\"\ncategory = \"account\"\nfeatured = true\n+++\nÖffnen Sie **Einstellungen › Konto › Konto löschen**. Wir löschen Ihre Daten innerhalb von 30 Tagen; siehe [Speicherdauer](@/privacy/_index.md#retention).\n",
    question_copy: "+++\ntitle = \"Wie erhalte ich eine Kopie meiner Daten?\"\ncategory = \"data\"\nfeatured = true\n+++\nSchreiben Sie an privacy@example.com. Wir antworten innerhalb eines Monats, wie es die DSGVO verlangt.\n",
    contact: "+++\ntitle = \"Kontakt\"\ndescription = \"So erreichen Sie unser Datenschutzteam.\"\n+++\nSchreiben Sie unserem Datenschutzteam an privacy@example.com. Wir antworten innerhalb eines Monats.\n",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_becomes_a_draft_without_effective() {
        let text =
            "+++\ntitle = \"Privacy\"\nsummary = \"Old change\"\neffective = 2024-03-01\n+++\n## Text\n";
        let draft = as_draft(text);
        assert!(draft.starts_with("+++\ntitle = \"Privacy\"\nsummary = \"\"  # one line"), "{draft}");
        assert!(draft.ends_with("draft = true\n+++\n## Text\n") && !draft.contains("effective"), "{draft}");
    }

    #[test]
    fn a_copy_leaves_highlights_and_corrections_behind() {
        let text = "+++\ntitle = \"P\"\nhighlights = [\n  \"Old point.\",\n  \"Another.\",\n]\nweight = 2\n[[corrections]]\ndate = 2024-05-01\nnote = \"Typo.\"\n+++\nText\n";
        let draft = as_draft(text);
        assert!(
            !draft.contains("Old point") && !draft.contains("Another") && !draft.contains("Typo"),
            "{draft}"
        );
        assert!(draft.contains("weight = 2") && draft.contains("highlights = []"), "{draft}");
        let (front, _, _) = crate::frontmatter::parse(Path::new("x.md"), &draft).unwrap();
        assert!(front.draft && front.highlights.is_empty() && front.summary.as_deref() == Some(""));
    }
}
