//! One policy's versions on the build date, decided once: which version is
//! in force, which are upcoming and archived, the day each stops applying,
//! and which pairs of versions get a comparison page. The model resolves a
//! timeline per policy when it is loaded ([`crate::content::load`]); render,
//! the redline cache, search, the manifest, the feeds, `check` and `serve`
//! read it and decide nothing again.
//!
//! A version is in force from its effective date until the next version's;
//! one dated after the build date is upcoming. The versions a timeline
//! covers are those in the model: drafts only when the build shows drafts
//! (`--drafts`, in `build` and `serve` alike).

use jiff::civil::Date;
use serde::Serialize;

/// A version's standing on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Upcoming,
    InForce,
    Archived,
}

/// Which two versions a comparison shows: `old` against `new` (indexes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pair {
    pub old: usize,
    pub new: usize,
}

/// A policy's versions on one day. Indexes are those of the policy's
/// versions, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// The newest version whose effective date is on or before the day.
    in_force: Option<usize>,
    /// Each version's last day: the day before the next one takes effect.
    last_days: Vec<Option<Date>>,
}

impl Timeline {
    /// The timeline of versions taking effect on `effective` (oldest first) on `today`.
    pub fn new(effective: &[Date], today: Date) -> Timeline {
        Timeline {
            in_force: effective.iter().rposition(|d| *d <= today),
            last_days: (0..effective.len())
                .map(|i| effective.get(i + 1).and_then(|next| next.yesterday().ok()))
                .collect(),
        }
    }

    /// How many versions it covers.
    pub fn len(&self) -> usize {
        self.last_days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.last_days.is_empty()
    }

    /// The version in force, if one has taken effect.
    pub fn in_force(&self) -> Option<usize> {
        self.in_force
    }

    /// The version a policy's own page shows: the one in force, else the
    /// first (a policy announced but not yet in force).
    pub fn shown(&self) -> usize {
        self.in_force.unwrap_or(0)
    }

    pub fn status(&self, i: usize) -> Status {
        match self.in_force {
            Some(current) if current == i => Status::InForce,
            Some(current) if i < current => Status::Archived,
            _ => Status::Upcoming,
        }
    }

    /// The last day version `i` applied or will apply; `None` for the newest.
    pub fn last_day(&self, i: usize) -> Option<Date> {
        self.last_days.get(i).copied().flatten()
    }

    /// The versions after the one in force, oldest first.
    pub fn upcoming(&self) -> std::ops::Range<usize> {
        self.in_force.map_or(0, |i| i + 1)..self.len()
    }

    /// The first version after the one in force: the one announced.
    pub fn next_upcoming(&self) -> Option<usize> {
        self.upcoming().next()
    }

    /// The versions before the one in force.
    pub fn archived(&self) -> std::ops::Range<usize> {
        0..self.in_force.unwrap_or(0)
    }

    /// The redlines of each version against the one before it.
    pub fn changes(&self) -> impl Iterator<Item = Pair> {
        (1..self.len()).map(|i| Pair { old: i - 1, new: i })
    }

    /// The compare pages: each archived version against the version in
    /// force (`false`), then each against the next upcoming one (`true`).
    pub fn compares(&self) -> Vec<(Pair, bool)> {
        let Some(current) = self.in_force else { return Vec::new() };
        let mut out = Vec::new();
        for old in self.archived() {
            out.push((Pair { old, new: current }, false));
            if let Some(next) = self.next_upcoming() {
                out.push((Pair { old, new: next }, true));
            }
        }
        out
    }

    /// An archived version's comparison with the version in force, if it is archived.
    pub fn compare_with_in_force(&self, old: usize) -> Option<Pair> {
        self.in_force.filter(|&current| old < current).map(|new| Pair { old, new })
    }

    /// Every pair a page compares, sorted, each once.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut out: Vec<Pair> = self.changes().chain(self.compares().into_iter().map(|(p, _)| p)).collect();
        out.sort();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline(dates: &[&str], today: &str) -> Timeline {
        let dates: Vec<Date> = dates.iter().map(|d| d.parse().unwrap()).collect();
        Timeline::new(&dates, today.parse().unwrap())
    }

    const DATES: [&str; 3] = ["2024-03-01", "2025-06-15", "2027-01-01"];

    #[test]
    fn the_newest_version_on_or_before_the_date_is_in_force() {
        let on = |d: &str| timeline(&DATES, d).in_force();
        assert_eq!(on("2024-02-29"), None);
        assert_eq!(on("2024-03-01"), Some(0));
        assert_eq!(on("2025-06-14"), Some(0));
        assert_eq!(on("2025-06-15"), Some(1));
        assert_eq!(on("2030-01-01"), Some(2));
    }

    #[test]
    fn statuses_last_days_and_the_announced_version() {
        let t = timeline(&DATES, "2026-01-01");
        let s: Vec<_> = (0..3).map(|i| t.status(i)).collect();
        assert_eq!(s, [Status::Archived, Status::InForce, Status::Upcoming]);
        assert_eq!(t.last_day(0).unwrap().to_string(), "2025-06-14");
        assert_eq!(t.last_day(2), None);
        assert_eq!(t.next_upcoming(), Some(2));
        assert_eq!(t.shown(), 1);
        let before = timeline(&DATES, "2020-01-01");
        assert_eq!((before.shown(), before.next_upcoming()), (0, Some(0)));
        assert_eq!(before.status(0), Status::Upcoming);
    }

    #[test]
    fn comparisons_are_the_redlines_and_each_archived_version_against_in_force_and_upcoming() {
        let t = timeline(&["2023-01-01", "2024-03-01", "2025-06-15", "2027-01-01"], "2026-01-01");
        let pair = |old, new| Pair { old, new };
        assert_eq!(t.changes().collect::<Vec<_>>(), [pair(0, 1), pair(1, 2), pair(2, 3)]);
        assert_eq!(
            t.compares(),
            [(pair(0, 2), false), (pair(0, 3), true), (pair(1, 2), false), (pair(1, 3), true)]
        );
        assert_eq!(t.pairs(), [pair(0, 1), pair(0, 2), pair(0, 3), pair(1, 2), pair(1, 3), pair(2, 3)]);
        assert_eq!(t.compare_with_in_force(0), Some(pair(0, 2)));
        assert_eq!(t.compare_with_in_force(2), None);
        // Nothing in force yet: nothing to compare with.
        assert!(timeline(&["2027-01-01", "2028-01-01"], "2026-01-01").compares().is_empty());
    }
}
