//! The cost of one redline: a policy of 20,000 words in 40 sections, with
//! 5% of its words changed, rendered from Markdown and diffed.
//! Run with `cargo bench --bench redline`.

use std::time::Instant;

use privet::markdown;
use privet::redline;

/// A small deterministic random source, so every run diffs the same text.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const WORDS: [&str; 16] = [
    "personal",
    "data",
    "we",
    "process",
    "your",
    "account",
    "retention",
    "consent",
    "processor",
    "transfer",
    "rights",
    "request",
    "contract",
    "legitimate",
    "interest",
    "delete",
];

fn policy(words: &[String]) -> String {
    let mut md = String::new();
    for (s, section) in words.chunks(500).enumerate() {
        md.push_str(&format!("## Section {s} {{#s{s}}}\n\n"));
        for paragraph in section.chunks(50) {
            md.push_str(&paragraph.join(" "));
            md.push_str(".\n\n");
        }
    }
    md
}

fn main() {
    let mut rng = Lcg(7);
    let old: Vec<String> =
        (0..20_000).map(|_| WORDS[rng.next() as usize % WORDS.len()].to_string()).collect();
    let mut new = old.clone();
    for _ in 0..1_000 {
        let i = rng.next() as usize % new.len();
        new[i] = format!("changed{}", rng.next() % 100);
    }
    let none = |_: &str| None;
    let mut times = Vec::new();
    let mut sections = 0;
    let mut passages = 0;
    for _ in 0..7 {
        let start = Instant::now();
        let a = markdown::render(&policy(&old), "", &none);
        let b = markdown::render(&policy(&new), "", &none);
        let diff = redline::diff(&a.html, &b.html);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        passages = diff.passages;
        sections = diff.sections.iter().filter(|s| s.change != redline::Change::Unchanged).count();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "redline of a 20,000-word policy with 5% of words changed ({sections} of 40 sections changed, {passages} passages): median {:.1} ms, min {:.1} ms over {} runs",
        times[times.len() / 2],
        times[0],
        times.len()
    );
}
