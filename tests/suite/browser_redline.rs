//! The redline in a real browser: the "next change" and "previous change"
//! links move keyboard focus from change to change, and printing shows
//! every folded part (unchanged sections, folded context) while the
//! change navigation stays off paper.

use crate::common;

use common::browser;
use common::browser::{eval, wait};
use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;

#[test]
fn next_and_previous_change_links_move_focus_and_print_shows_everything() {
    let Some(example) = browser::example(
        "next_and_previous_change_links_move_focus_and_print_shows_everything",
        "2026-11-28",
    ) else {
        return;
    };
    let (tab, server) = (&example.tab, &example.server);
    tab.navigate_to(&server.url("/privacy/2027-04-01/changes/")).unwrap().wait_until_navigated().unwrap();

    let total = eval(tab, "document.querySelectorAll('.change-nav').length").as_u64().unwrap_or(0);
    assert!(total >= 3, "the example's upcoming privacy policy has several changes, found {total}");
    tab.find_element("#change-1 a[rel=next]").unwrap().click().unwrap();
    assert!(wait(tab, "document.activeElement.id === 'change-2'"), "next change focuses change 2");
    tab.find_element("#change-2 a[rel=next]").unwrap().click().unwrap();
    assert!(wait(tab, "document.activeElement.id === 'change-3'"), "next change focuses change 3");
    tab.find_element("#change-3 a[rel=prev]").unwrap().click().unwrap();
    assert!(wait(tab, "document.activeElement.id === 'change-2'"), "previous change focuses change 2");
    // The focused change is on screen.
    let visible = "(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })()";
    assert!(wait(tab, visible), "the focused change is scrolled into view");

    // On screen, unchanged sections and far context are folded away.
    let folded = "[...document.querySelectorAll('details.section-unchanged > :not(summary), details.redline-context > :not(summary)')]";
    // checkVisibility() is false inside a closed <details>; a size alone is not (layout may still be computed).
    let shown = |tab: &Tab| {
        eval(
            tab,
            &format!(
                "{folded}.filter(e => e.checkVisibility() && e.getBoundingClientRect().height > 0).length"
            ),
        )
    };
    let count = eval(tab, &format!("{folded}.length")).as_u64().unwrap_or(0);
    assert!(count > 3, "the redline folds unchanged text away, found {count} folded parts");
    assert_eq!(shown(tab).as_u64(), Some(0), "folded text is hidden on screen");
    tab.call_method(Emulation::SetEmulatedMedia { media: Some("print".into()), features: None }).unwrap();
    assert_eq!(shown(tab).as_u64(), Some(count), "every folded part is visible, with a size, in print");
    assert_eq!(
        eval(tab, "getComputedStyle(document.querySelector('.change-nav')).display"),
        serde_json::json!("none"),
        "the change navigation is not printed"
    );
}
