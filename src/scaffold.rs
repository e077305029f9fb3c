//! Commands that write content for editors: `privet new version`.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::Config;
use crate::content::{self, CONTENT_DIR};
use crate::error::{Diagnostic, Error, Result};
use crate::versions;

/// How many days of notice a new version gets by default: the period most
/// policies promise before a change takes effect.
pub const NOTICE_DAYS: i32 = 30;

/// Copies the version of `policy` in force on `today`, in every language it
/// is written in, to new draft files dated `effective` (default: 30 days
/// after `today`). Refuses, writing nothing, if any of them exists.
/// Returns the files created, relative to the site root.
pub fn new_version(root: &Path, policy: &str, effective: Option<Date>, today: Date) -> Result<Vec<PathBuf>> {
    let config = Config::load(root)?;
    let site = content::load(&config, true)?;
    let Some(p) = site.policies.iter().find(|p| p.slug == policy) else {
        let known: Vec<_> = site.policies.iter().map(|p| p.slug.as_str()).collect();
        return Err(Diagnostic::new(
            Path::new(CONTENT_DIR).join(policy),
            format!("there is no policy `{policy}`"),
        )
        .hint(format!("policies of this site: {}", known.join(", ")))
        .into());
    };
    let effective = match effective {
        Some(date) => date,
        None => today
            .checked_add(jiff::Span::new().days(NOTICE_DAYS))
            .map_err(|e| Error::Output(format!("cannot compute the date 30 days after {today}: {e}")))?,
    };
    let source = &p.versions[versions::in_force(&p.versions, today).unwrap_or(p.versions.len() - 1)];
    let mut plan = Vec::new();
    for doc in source.docs.docs() {
        let name = doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let new_name = name.replacen(&source.slug, &effective.to_string(), 1);
        let target = doc.path.with_file_name(new_name);
        let text = std::fs::read_to_string(root.join(&doc.path)).map_err(|e| Error::io(&doc.path, e))?;
        plan.push((target, as_draft(&text)));
    }
    let existing: Vec<String> =
        plan.iter().filter(|(t, _)| root.join(t).exists()).map(|(t, _)| t.display().to_string()).collect();
    if !existing.is_empty() {
        return Err(Error::Output(format!(
            "refusing to overwrite {}\n  hint: a version dated {effective} exists already; choose another date with --effective",
            existing.join(", ")
        )));
    }
    let mut created = Vec::new();
    for (target, text) in plan {
        let path = root.join(&target);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(&target, e))?;
        std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|e| Error::io(&target, e))?;
        created.push(target);
    }
    Ok(created)
}

/// The text of a version file made into the next draft: `draft = true`, no
/// `effective` (the file name gives it), and a summary to write.
fn as_draft(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<&str> = text.lines().collect();
    let has_front = lines.first().is_some_and(|l| l.trim() == "+++");
    let end =
        if has_front { lines.iter().skip(1).position(|l| l.trim() == "+++").map(|p| p + 1) } else { None };
    let Some(end) = end else {
        return format!("+++\ndraft = true\nsummary = \"\"\n+++\n{text}");
    };
    let mut front: Vec<String> = Vec::new();
    for line in &lines[1..end] {
        let key = line.split('=').next().unwrap_or_default().trim();
        match key {
            "draft" | "effective" => {}
            "summary" => front.push("summary = \"\"  # one line: what changed in this version".into()),
            _ => front.push(line.to_string()),
        }
    }
    if !front.iter().any(|l| l.starts_with("summary")) {
        front.push("summary = \"\"  # one line: what changed in this version".into());
    }
    front.push("draft = true".into());
    let body = lines.split_off(end + 1).join("\n");
    format!("+++\n{}\n+++\n{body}\n", front.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_becomes_a_draft_without_effective() {
        let text =
            "+++\ntitle = \"Privacy\"\nsummary = \"Old change\"\neffective = 2024-03-01\n+++\n## Text\n";
        let draft = as_draft(text);
        assert_eq!(
            draft,
            "+++\ntitle = \"Privacy\"\nsummary = \"\"  # one line: what changed in this version\ndraft = true\n+++\n## Text\n"
        );
    }
}
