//! Which version of a policy is in force on a date, and what each version's
//! status is. A version is in force from its effective date until the next
//! version's; one dated after the build date is upcoming.

use jiff::civil::Date;
use serde::Serialize;

use crate::content::Version;

/// A version's standing on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Upcoming,
    InForce,
    Archived,
}

/// The index of the version in force on `date`: the newest one whose
/// effective date is on or before it. `versions` are ordered oldest first.
pub fn in_force(versions: &[Version], date: Date) -> Option<usize> {
    versions.iter().rposition(|v| v.effective <= date)
}

/// The status of `versions[i]` on `date`.
pub fn status(versions: &[Version], i: usize, date: Date) -> Status {
    match in_force(versions, date) {
        Some(current) if current == i => Status::InForce,
        Some(current) if i < current => Status::Archived,
        _ => Status::Upcoming,
    }
}

/// The last day `versions[i]` applied or will apply: the day before the next version takes effect.
pub fn last_day(versions: &[Version], i: usize) -> Option<Date> {
    versions.get(i + 1).and_then(|next| next.effective.yesterday().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Localized;

    fn versions(dates: &[&str]) -> Vec<Version> {
        dates
            .iter()
            .map(|d| Version {
                slug: d.to_string(),
                effective: d.parse().unwrap(),
                docs: Localized(Vec::new()),
            })
            .collect()
    }

    #[test]
    fn the_newest_version_on_or_before_the_date_is_in_force() {
        let v = versions(&["2024-03-01", "2025-06-15", "2027-01-01"]);
        let on = |d: &str| in_force(&v, d.parse().unwrap());
        assert_eq!(on("2024-02-29"), None);
        assert_eq!(on("2024-03-01"), Some(0));
        assert_eq!(on("2025-06-14"), Some(0));
        assert_eq!(on("2025-06-15"), Some(1));
        assert_eq!(on("2030-01-01"), Some(2));
    }

    #[test]
    fn statuses_and_last_days() {
        let v = versions(&["2024-03-01", "2025-06-15", "2027-01-01"]);
        let date = "2026-01-01".parse().unwrap();
        let s: Vec<_> = (0..3).map(|i| status(&v, i, date)).collect();
        assert_eq!(s, [Status::Archived, Status::InForce, Status::Upcoming]);
        assert_eq!(last_day(&v, 0).unwrap().to_string(), "2025-06-14");
        assert_eq!(last_day(&v, 2), None);
    }
}
