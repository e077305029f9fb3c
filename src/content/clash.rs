//! Two files that would be written to one address: an error naming both.

use std::collections::BTreeMap;
use std::path::Path;

use super::Kind;
use crate::error::Diagnostic;

/// The names at the top of the site that privet writes itself (or `serve`
/// answers itself): a page or policy of that name would replace them or be
/// replaced.
/// `search` and `pagefind` are reserved whether or not a site has search
/// on, so turning it on never breaks a site.
const RESERVED: [&str; 10] = [
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
    "versions.json",
    "_headers",
    "assets",
    "__privet",
    "search",
    "pagefind",
];

/// What claims a name at the top of the site's addresses (`/privacy/...`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Contact,
    Faq,
    Page(String),
    Policy(String),
}

impl Owner {
    fn of(kind: &Kind) -> Option<(Owner, String)> {
        match kind {
            Kind::Home => None,
            Kind::Contact => Some((Owner::Contact, "contact".into())),
            Kind::FaqIndex | Kind::Question(_) => Some((Owner::Faq, "faq".into())),
            Kind::Page(slug) => Some((Owner::Page(slug.clone()), slug.clone())),
            Kind::PolicyIndex(slug) | Kind::Version(slug, _) => {
                Some((Owner::Policy(slug.clone()), slug.clone()))
            }
        }
    }

    fn describe(&self, path: &Path) -> String {
        let path = path.display();
        match self {
            Owner::Contact => format!("the contact page ({path})"),
            Owner::Faq => format!("the FAQ ({path})"),
            Owner::Page(_) => format!("the page {path}"),
            Owner::Policy(slug) => format!("the policy in content/{slug}/ ({path})"),
        }
    }
}

/// Two files that would be written to the same address (`content/privacy.md`
/// and the policy in `content/privacy/`, `faq.md` and the FAQ, a policy
/// folder named `contact/`) are an error naming both: otherwise one would
/// silently replace the other in every language.
pub(super) fn same_address(found: &[(&Kind, &Path)], errors: &mut Vec<Diagnostic>) {
    // Per top-level name, every owner with its first file (a policy's _index when it has one).
    let mut owners: BTreeMap<String, BTreeMap<Owner, &Path>> = BTreeMap::new();
    for &(kind, shown) in found {
        let Some((owner, name)) = Owner::of(kind) else { continue };
        // Name a policy by its _index.md, in the default language when there is one.
        let rank = |path: &Path| match path.file_name().map(|n| n.to_string_lossy().into_owned()) {
            Some(n) if n == "_index.md" => 0,
            Some(n) if n.starts_with("_index.") => 1,
            _ => 2,
        };
        let first = owners.entry(name).or_default().entry(owner).or_insert(shown);
        if rank(shown) < rank(first) {
            *first = shown;
        }
    }
    for (name, claims) in owners {
        if let Some((owner, path)) =
            claims.iter().find(|(o, _)| matches!(o, Owner::Page(_) | Owner::Policy(_)))
            && RESERVED.contains(&name.as_str())
        {
            errors.push(
                Diagnostic::new(
                    *path,
                    format!(
                        "the address /{name} is one privet writes itself, so {} would clash with it",
                        owner.describe(path)
                    ),
                )
                .hint(format!("rename it: {} are made by privet", RESERVED.join(", "))),
            );
            continue;
        }
        if claims.len() < 2 {
            continue;
        }
        // Blame the odd one: a free page before a policy, a policy before the contact page or FAQ.
        let rank = |o: &Owner| match o {
            Owner::Page(_) => 0,
            Owner::Policy(_) => 1,
            Owner::Contact | Owner::Faq => 2,
        };
        let mut claims: Vec<_> = claims.into_iter().collect();
        claims.sort_by_key(|(o, _)| rank(o));
        let (blamed, path) = &claims[0];
        let others: Vec<String> = claims[1..].iter().map(|(o, p)| o.describe(p)).collect();
        errors.push(
            Diagnostic::new(*path, format!(
                "{} has the address /{name}/, which is also the address of {}; one would replace the other in every language",
                blamed.describe(path),
                others.join(" and ")
            ))
            .hint("rename the file or folder, so each page has an address of its own"),
        );
    }
}
