//! `versions.lock`: versions that have taken effect are frozen, corrections
//! go on the record, and the record never loses a version. Each test builds
//! a copy of the fixture site as an editor would, step by step.

use crate::common;

use common::Site;

fn lock(site: &Site) -> String {
    std::fs::read_to_string(site.path("versions.lock")).expect("versions.lock was written")
}

/// The `[POLICY.VERSION.LANG]` table of the lock, up to the next table.
fn entry(lock: &str, key: &str) -> String {
    let start = lock.find(&format!("[{key}]")).unwrap_or_else(|| panic!("no [{key}] in the lock:\n{lock}"));
    let rest = &lock[start + key.len() + 2..];
    let end = rest.find("\n[privacy").or_else(|| rest.find("\n[faq")).unwrap_or(rest.len());
    rest[..end].to_string()
}

#[test]
fn the_first_build_locks_every_version_in_effect_and_says_so() {
    let site = Site::fixture("site");
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("wrote versions.lock:"), "{}", run.stdout);
    let lock = lock(&site);
    // In force and archived versions, in every language they are written in; not the upcoming one.
    for key in [
        "privacy.2024-03-01.en",
        "privacy.2024-03-01.de",
        "privacy.2025-06-15.ar",
        "privacy.2025-06-15.zh-hant",
    ] {
        let e = entry(&lock, key);
        assert!(
            e.contains("source_sha256 = \"")
                && e.contains("text_sha256 = \"")
                && e.contains("locked = \"2026-01-01\""),
            "{e}"
        );
    }
    assert!(!lock.contains("[privacy.2024-03-01.ar]"), "no Arabic text of that version exists");
    assert!(!lock.contains("[privacy.2027-01-01.en]"), "an upcoming version is not locked yet");
    assert!(
        lock.contains("[privacy.2027-01-01]\nannounced = \"2026-01-01\""),
        "but its announcement is recorded: {lock}"
    );
    // A second build changes nothing and says nothing about the lock.
    let run = site.privet(&["build", "--date", "2026-01-01", "--locked"]);
    assert!(run.ok && !run.stdout.contains("versions.lock"), "{}{}", run.stdout, run.stderr);
    // When the upcoming version takes effect, it is added; nothing is removed.
    let run = site.privet(&["build", "--date", "2027-02-01"]);
    assert!(run.stdout.contains("updated versions.lock: locked privacy 2027-01-01"), "{}", run.stdout);
    let later = self::lock(&site);
    assert!(
        later.contains("[privacy.2027-01-01.en]") && later.contains(&entry(&lock, "privacy.2024-03-01.en"))
    );
}

#[test]
fn an_edited_archived_version_fails_the_build_and_the_output_stays() {
    let site = Site::fixture("site");
    let out = site.build("2026-01-01");
    let before = out.page("/privacy/2024-03-01/");
    let file = "content/privacy/2024-03-01.md";
    let text = std::fs::read_to_string(site.path(file)).unwrap();
    site.write(file, &text.replace("30 days", "31 days"));
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/privacy/2024-03-01.md:1:1"),
        "names the file and line 1: {}",
        run.stderr
    );
    assert!(run.stderr.contains("took effect on 2024-03-01 and is frozen"), "{}", run.stderr);
    assert!(run.stderr.contains("[[corrections]]"), "says how to record a correction: {}", run.stderr);
    assert_eq!(out.page("/privacy/2024-03-01/"), before, "the previous output is untouched");
    // check, the pre-flight, finds the same.
    let check = site.privet(&["check", "--date", "2026-01-01"]);
    assert_eq!(check.code, Some(1));
    assert!(
        check.stdout.contains("frozen") || check.stderr.contains("frozen"),
        "{}{}",
        check.stdout,
        check.stderr
    );
    // Line endings and a byte-order mark are not edits.
    site.write(file, &format!("\u{feff}{}", text.replace('\n', "\r\n")));
    assert!(site.privet(&["build", "--date", "2026-01-01", "--locked"]).ok);
}

#[test]
fn a_recorded_correction_is_accepted_shown_and_kept_in_the_lock() {
    let site = Site::fixture("site");
    site.build("2026-01-01");
    let old_entry = entry(&lock(&site), "privacy.2024-03-01.en");
    let file = "content/privacy/2024-03-01.md";
    let text = std::fs::read_to_string(site.path(file)).unwrap();
    let corrected = text.replace("30 days", "31 days").replacen(
        "+++\n",
        "+++\n[[corrections]]\ndate = 2026-01-01\nnote = \"The retention period was misprinted as 30 days.\"\n",
        1,
    );
    // The correction goes below the other keys, before the closing +++.
    let corrected = {
        let (front, body) = corrected.split_once("\n+++\n").unwrap();
        let (first, rest) = front.split_once('\n').unwrap();
        let (corr, keys) = rest.split_at(rest.find("title").unwrap());
        format!("{first}\n{keys}\n{corr}+++\n{body}").replace("\n\n[[", "\n[[")
    };
    site.write(file, &corrected);
    // --locked refuses, since the lock would change.
    let locked = site.privet(&["build", "--date", "2026-01-01", "--locked"]);
    assert_eq!(locked.code, Some(1), "{}", locked.stderr);
    assert!(locked.stderr.contains("versions.lock is out of date"), "{}", locked.stderr);
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("recorded corrections of privacy 2024-03-01 en"), "{}", run.stdout);
    let out = common::Output { dir: site.path("public") };
    let page = out.page("/privacy/2024-03-01/");
    assert!(
        page.contains("Corrected on 1 January 2026:")
            && page.contains("The retention period was misprinted as 30 days."),
        "{page}"
    );
    assert!(out.page("/privacy/changelog/").contains("The retention period was misprinted"));
    assert!(out.page("/feed.xml").contains("The retention period was misprinted"));
    let new_entry = entry(&lock(&site), "privacy.2024-03-01.en");
    assert!(new_entry.contains("corrections = [\"2026-01-01\"]"), "{new_entry}");
    let old_hash = old_entry
        .lines()
        .find(|l| l.starts_with("source_sha256"))
        .unwrap()
        .replace("source_sha256", "")
        .trim()
        .to_string();
    assert!(
        new_entry.contains(&format!("[[privacy.2024-03-01.en.history]]\nsource_sha256 {old_hash}")),
        "{new_entry}"
    );
    let manifest = out.page("/versions.json");
    assert!(
        manifest.contains("\"source_sha256_before\"") && manifest.contains("misprinted"),
        "versions.json lists the hashes before"
    );
    // The same correction does not cover a further edit.
    site.write(file, &corrected.replace("31 days", "32 days"));
    assert_eq!(site.privet(&["build", "--date", "2026-01-01"]).code, Some(1));
}

#[test]
fn a_new_translation_of_an_old_version_is_locked_and_a_deleted_version_is_an_error() {
    let site = Site::fixture("site");
    site.build("2026-01-01");
    site.write("content/privacy/2024-03-01.ar.md", "+++\ntitle = \"سياسة الخصوصية\"\n+++\n## مدة الاحتفاظ {#retention}\n\nنحتفظ بسجلات الخادم ثلاثين يومًا.\n");
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert!(run.ok && run.stdout.contains("locked privacy 2024-03-01 ar"), "{}{}", run.stdout, run.stderr);
    assert!(lock(&site).contains("[privacy.2024-03-01.ar]"));
    site.remove("content/privacy/2024-03-01.de.md");
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("content/privacy/2024-03-01.de.md is gone"), "{}", run.stderr);
}

#[test]
fn a_theme_change_leaves_every_text_hash_and_archived_pages_show_their_own_key_points() {
    let site = Site::fixture("site");
    site.write("content/privacy/_index.md", "+++\ntitle = \"Privacy Policy\"\nweight = 1\nhighlights = [\"The summary of the policy as of today.\"]\n+++\n");
    let out = site.build("2026-01-01");
    let text_hashes = |json: &str| -> Vec<String> {
        json.lines().filter(|l| l.contains("\"text_sha256\"")).map(str::to_string).collect()
    };
    let html_hashes = |json: &str| -> Vec<String> {
        json.lines().filter(|l| l.contains("\"html_sha256\"")).map(str::to_string).collect()
    };
    let before = out.page("/versions.json");
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    let footer = base.find("</footer>").expect("the theme has a footer");
    site.write(
        "templates/base.html",
        &format!("{}<p>A new footer line.</p>{}", &base[..footer], &base[footer..]),
    );
    let after = site.build("2026-01-01").page("/versions.json");
    assert!(!text_hashes(&before).is_empty());
    assert_eq!(text_hashes(&before), text_hashes(&after), "the document text did not change");
    assert_ne!(html_hashes(&before), html_hashes(&after), "the pages did change");
    // Today's key points are on the current page only, not on a 2024 page.
    assert!(out.page("/privacy/").contains("The summary of the policy as of today."));
    assert!(!out.page("/privacy/2024-03-01/").contains("The summary of the policy"));
    assert!(
        !out.page("/privacy/2025-06-15/").contains("The summary of the policy"),
        "nor on the version's own page"
    );
}

#[test]
fn the_correction_hint_of_a_build_dated_before_the_lock_gives_a_date_the_next_build_takes() {
    let site = Site::fixture("site");
    site.build("2026-03-01");
    let file = "content/privacy/2024-03-01.md";
    let text = std::fs::read_to_string(site.path(file)).unwrap();
    site.write(file, &text.replace("30 days", "31 days"));
    // A build dated before the lock was written (SOURCE_DATE_EPOCH of an older commit).
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let hinted =
        run.stderr.split("date = ").nth(1).map(|d| &d[..10]).unwrap_or_else(|| panic!("{}", run.stderr));
    assert_eq!(hinted, "2026-03-01", "the first day a correction can have: {}", run.stderr);
    // Doing what the hint says builds, on that same date.
    let (front, body) = text
        .replace("30 days", "31 days")
        .split_once("\n+++\n")
        .map(|(f, b)| (f.to_string(), b.to_string()))
        .unwrap();
    let corrected = format!("{front}\n[[corrections]]\ndate = {hinted}\nnote = \"Misprint.\"\n+++\n{body}");
    site.write(file, &corrected);
    let run = site.privet(&["build", "--date", "2026-01-01"]);
    assert!(run.ok, "{}", run.stderr);
}
