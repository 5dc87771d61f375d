//! Every screen the moderator visits in a full group fits 80×24 with a
//! 20-character participant label and a Bengali one: both plans (full, 9 people; mini, 5),
//! snapshot per screen and window, with checks that what used to be cut
//! (the tally's header, a pick's reason, the Who keys, the roster's
//! columns, the coverage of the ninth idea) is there whole.
//!
//! Regenerate with `INSTA_UPDATE=always cargo test --test fit80`.

mod common;

use common::moderator::{BENGALI, H, LONG, terminal_rows};
use facilitator::stimulus::embedded;
use facilitator::store::SessionsDir;
use facilitator::tui::text;
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

const REASON: &str = "The group wanted to talk about their own estate and the new community centre";

/// A group with other groups' sessions in its folder (for coverage), its
/// 20-character participant first on the roster, a Bengali one second.
fn group(mini: bool) -> H {
    let dir = TempDir::new().unwrap();
    facilitator::afterwards::demo::run(&SessionsDir::new(dir.path()), &embedded(), 6, 7).unwrap();
    let mut h = H::in_dir(dir, embedded());
    h.settle();
    h.create(mini);
    h.add(LONG, "Female", "18-30", "Afro-Caribbean");
    let names = [
        BENGALI, "Sue", "Gary", "Linda", "Ian", "Marcia", "Steve", "Karen",
    ];
    let n = if mini { 5 } else { 9 };
    for name in names.iter().take(n - 1) {
        h.add(name, "Male", "40-64", "");
    }
    h
}

/// Snapshot the screen at 80×24 as `fit_{plan}_{name}`, its rows as a
/// terminal draws them (the Bengali label's vowel signs take a column):
/// every row is 80 columns, nothing drawn past the edge.
fn snap(h: &H, plan: &str, name: &str) -> String {
    let rows = terminal_rows(&h.app, 80, 24, h.now);
    let text = rows.join("\n");
    for row in &rows {
        assert_eq!(text::width(row), 80, "{name}: on a terminal:\n{text}");
    }
    insta::assert_snapshot!(format!("fit_{plan}_{name}"), text);
    text
}

/// The screen's words with the frames taken off, lines joined by a space
/// (so that text wrapped over lines reads whole).
fn joined(text: &str) -> String {
    text.lines()
        .flat_map(|l| l.trim_matches('"').split('│'))
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn walk(mini: bool) {
    let plan = if mini { "mini" } else { "full" };
    let people = if mini { 5 } else { 9 };
    let mut h = group(mini);
    let text = snap(&h, plan, "roster");
    // The label column is as wide as the longest label: every row lines up.
    assert!(text.contains(&format!("1. {LONG} consent ✓")), "{text}");
    // Measured as a terminal draws them: the Bengali label's row too.
    let rows = terminal_rows(&h.app, 80, 24, h.now);
    let columns: Vec<usize> = rows
        .iter()
        .filter_map(|r| r.find("consent ✓").map(|at| text::width(&r[..at])))
        .collect();
    assert_eq!(columns.len(), people, "{}", rows.join("\n"));
    assert!(
        columns.iter().all(|c| *c == columns[0]),
        "{columns:?}\n{}",
        rows.join("\n")
    );
    h.typ("s");
    h.wait(60);
    snap(&h, plan, "guide_arrival");
    h.typ("g");
    snap(&h, plan, "plan");
    h.press(KeyCode::Esc);

    // A quote from the 20-character participant: the Who line and its keys.
    h.typ("v");
    h.typ("You need to know the help is there when you need it most.");
    h.press(KeyCode::Tab);
    h.typ("1");
    let text = snap(&h, plan, "quote_who");
    assert!(text.contains(&format!("Who: ‹ 1 {LONG}")), "{text}");
    assert!(text.contains("- nobody"), "{text}");
    h.press(KeyCode::Enter);

    // The gallery: stickers per poster, the tally, per participant.
    h.go("gallery");
    h.typ("S");
    for (idea, green, red) in [(1, 6, 1), (3, 5, 2), (4, 4, 3), (7, 3, 3)] {
        let counts = [green, red];
        let _ = idea;
        h.typ(&counts[0].min(people).to_string());
        h.press(KeyCode::Right);
        h.typ(&counts[1].min(people).to_string());
        h.press(KeyCode::Down);
        h.press(KeyCode::Left);
        h.press(KeyCode::Down);
    }
    snap(&h, plan, "stickers_per_poster");
    h.typ("r");
    let text = snap(&h, plan, "tally");
    // The tally pane's words only (the right of the two panes).
    let right: String = text
        .lines()
        .filter_map(|l| l.split("││").nth(1))
        .collect::<Vec<_>>()
        .join("\n");
    let words = joined(&right);
    assert!(
        words.contains(&format!("of {} greens", 2 * people))
            && words.contains(&format!("of {people} reds")),
        "the tally header is cut\n{text}"
    );
    h.typ("r");
    h.typ("My"); // the mode switch asks first: counts were entered per poster
    h.typ("4");
    h.press(KeyCode::Right);
    h.typ("6");
    h.press(KeyCode::Right);
    h.typ("2");
    let text = snap(&h, plan, "stickers_per_participant");
    // Cut where it must be, and said so with "…".
    assert!(text.contains("Margaret-Ann…"), "{text}");
    h.typ("My");

    // The picks, the second chosen over its suggestion with a long reason.
    h.typ("K");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Down);
    h.typ("o9");
    h.typ(REASON);
    snap(&h, plan, "picks_typing_reason");
    h.press(KeyCode::Enter);
    let text = snap(&h, plan, "picks_override");
    // The reason reads whole (wrapped, not cut).
    assert!(joined(&text).contains(REASON), "the reason is cut\n{text}");

    // Coverage: more than a screenful, scrolled to the end.
    h.typ("C");
    let text = snap(&h, plan, "coverage");
    assert!(text.contains("more (j, PgDn)"), "{text}");
    h.typ("x");
    assert!(h.app.overlay.is_some(), "another key closed coverage");
    assert!(h.flash().contains("Esc to close"), "{}", h.flash());
    h.press(KeyCode::PageDown);
    h.press(KeyCode::PageDown);
    h.press(KeyCode::PageDown);
    let text = snap(&h, plan, "coverage_scrolled");
    assert!(text.contains("9. Local elections"), "{text}");
    h.press(KeyCode::Esc);
    assert!(h.app.overlay.is_none());
    h.press(KeyCode::Esc);

    // A discussion, its quote, its ratings.
    h.go("discuss-a-1");
    h.typ("]");
    h.typ("v");
    h.typ("It depends on whether you can read the forms.");
    h.press(KeyCode::Tab);
    h.typ("1");
    h.press(KeyCode::Enter);
    snap(&h, plan, "discussion");
    h.typ("R");
    h.typ("7");
    h.press(KeyCode::Down);
    h.typ("4");
    snap(&h, plan, "ratings");
    h.press(KeyCode::Enter);

    // The recordings window, a long file name.
    h.typ("o");
    h.wait(90);
    h.typ("T");
    h.typ("n");
    h.typ("ashford-kent-2026-11-29-full-group-recording-1.wav");
    h.press(KeyCode::Enter);
    snap(&h, plan, "recordings");
    h.press(KeyCode::Esc);

    // Stage 3: the list and one participant's answers.
    h.go("change");
    h.typ("A");
    snap(&h, plan, "stage3");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Right);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Right);
    h.press(KeyCode::Tab);
    h.typ("the NHS and the council's housing office");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Right);
    h.press(KeyCode::Tab);
    h.typ("Ask the people who use the services before changing them");
    snap(&h, plan, "stage3_form");
    h.ctrl('s');
    let text = snap(&h, plan, "stage3_answered");
    assert!(text.contains("Margaret-Ann…"), "{text}");
}

#[test]
fn a_full_group_fits_80x24() {
    walk(false);
}

#[test]
fn a_mini_group_fits_80x24() {
    walk(true);
}

/// A long status message is cut with "…" before the save indicator, on
/// one line, never wrapped round it.
#[test]
fn a_long_status_message_stays_on_its_line() {
    let mut h = group(true);
    h.typ("s");
    h.go("gallery");
    h.typ("S");
    h.press(KeyCode::Down);
    h.press(KeyCode::Right);
    h.typ("9");
    h.press(KeyCode::Enter);
    assert!(h.app.flash.as_ref().is_some_and(|f| f.error));
    let text = h.render(80, 24);
    let lines: Vec<&str> = text.lines().collect();
    let status = lines[22];
    assert!(status.contains("…"), "{status}");
    assert!(
        status.trim_end_matches('"').ends_with("✓ saved "),
        "{status}"
    );
    // The line above is the screen's frame, not a second line of words.
    assert!(lines[21].contains('└'), "{}", lines[21]);
}
