//! What machines look for at standard places: `/.well-known/gpc.json` (the
//! Global Privacy Control promise, when site.toml makes it) and
//! `/.well-known/privacy-policy`, a redirect to the privacy policy (a page
//! with a meta refresh and a canonical link, and a `_redirects` line for
//! hosts that read one).

use crate::config::Config;
use crate::content::{Policy, Site};
use crate::files::Files;

/// The folder of the standard files, below the base path.
const DIR: &str = ".well-known/";

/// The policy in force whose text says how the GPC signal is honoured: the
/// privacy policy, else the cookie policy, whichever mentions it first;
/// with the index of its version in force.
pub fn gpc_policy(site: &Site) -> Option<(&Policy, usize)> {
    ["privacy-policy", "cookie-policy"].iter().find_map(|role| {
        let p = site.policy_with_role(role)?;
        let i = p.timeline.in_force()?;
        mentions_gpc(&p.versions[i].docs.primary().body.html).then_some((p, i))
    })
}

/// Whether a text names Global Privacy Control (or GPC, as a word).
fn mentions_gpc(html: &str) -> bool {
    let text = crate::html::text_of_html(html);
    text.to_lowercase().contains("global privacy control")
        || text.split(|c: char| !c.is_alphanumeric()).any(|w| w == "GPC")
}

/// The files, by output name: `gpc.json` with `gpc = true`, the redirect
/// unless `well_known = false` (and only when there is a privacy policy).
pub fn files(config: &Config, site: &Site) -> Files {
    let mut out = Files::new();
    if config.gpc {
        // The date of the text that says how the signal is honoured; the
        // privacy policy in force when none says so (`check` warns).
        let dated = gpc_policy(site).map(|(p, i)| p.versions[i].effective).or_else(|| {
            let p = site.policy_with_role("privacy-policy")?;
            p.timeline.in_force().map(|i| p.versions[i].effective)
        });
        let mut gpc = serde_json::json!({ "gpc": true });
        if let Some(date) = dated {
            gpc["lastUpdate"] = date.to_string().into();
        }
        out.insert(format!("{DIR}gpc.json"), format!("{gpc}\n").into_bytes().into());
    }
    let privacy = site.policy_with_role("privacy-policy");
    if let (true, Some(p)) = (config.well_known, privacy) {
        let target = crate::address::Page::Policy(&p.slug).address(config, 0);
        let absolute = crate::address::absolute(config, &target);
        let title = p.index.primary().front.title.clone().unwrap_or_else(|| p.slug.clone());
        let (href, title) = (crate::html::escape(&absolute), crate::html::escape(&title));
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{href}\">\n<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p><a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n",
            config.languages[0].tag
        );
        let address = format!("{}{DIR}privacy-policy/", config.base_path);
        out.insert(crate::address::file_of(config, &address), page.into_bytes().into());
        let from = format!("{}{DIR}privacy-policy", config.base_path);
        out.insert(
            REDIRECTS.to_string(),
            format!("# Written by privet build.\n{from} {target} 301\n{from}/ {target} 301\n")
                .into_bytes()
                .into(),
        );
    }
    out
}

/// The redirect rules file of Netlify and Cloudflare Pages.
pub const REDIRECTS: &str = "_redirects";
