//! Coverage says whose data it is: the picks screen and the coverage
//! window name how many other groups the counts come from, which
//! moderators (and laptops) ran them, and when the newest of each was
//! seen, at 80×24.

mod common;

use common::moderator::{H, terminal_rows};
use facilitator::domain::summary::summarise;
use facilitator::stimulus::embedded;
use facilitator::store::SessionsDir;
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

/// The moderators of the sessions in `dir`, each with how many groups and
/// the newest event of them, as the screens should say it.
fn expected(dir: &SessionsDir) -> Vec<(String, usize, String)> {
    let mut by = std::collections::BTreeMap::new();
    for id in dir.ids().unwrap() {
        let s = summarise(&dir.load(&id).unwrap().events);
        let e = by.entry(s.moderator.clone()).or_insert((0, s.newest));
        e.0 += 1;
        e.1 = e.1.max(s.newest);
    }
    by.into_iter()
        .map(|(m, (n, t))| (m, n, t.format("%-d %b %H:%M UTC").to_string()))
        .collect()
}

/// An app on a folder of 7 other groups, on the picks screen of its own.
fn on_picks() -> (H, Vec<(String, usize, String)>) {
    let dir = TempDir::new().unwrap();
    let folder = SessionsDir::new(dir.path());
    facilitator::afterwards::demo::run(&folder, &embedded(), 7, 11).unwrap();
    let want = expected(&folder);
    let mut h = H::in_dir(dir, embedded());
    h.settle();
    h.create(false);
    for name in ["Dev", "Sue", "Gary"] {
        h.add(name, "Male", "40-64", "");
    }
    h.typ("s");
    h.go("gallery");
    h.typ("S");
    h.typ("K");
    (h, want)
}

#[test]
fn the_picks_screen_says_whose_groups_the_joker_counts() {
    let (h, want) = on_picks();
    let rows = terminal_rows(&h.app, 80, 24, h.now);
    let screen = rows.join("\n");
    if std::env::var_os("WHOSE_SHOW").is_some() {
        eprintln!("{screen}");
    }
    let line = rows
        .iter()
        .find(|r| r.contains("Counts from 7 other groups:"))
        .unwrap_or_else(|| panic!("no whose-data line\n{screen}"));
    // The newest source comes first, with its count and when it was seen.
    let newest = want.iter().max_by_key(|w| w.2.clone()).unwrap();
    assert!(line.contains(&newest.0), "{line}");
    assert!(rows.iter().all(|r| r.chars().count() <= 80));
}

#[test]
fn the_coverage_window_names_every_moderator_and_when_they_were_seen() {
    let (mut h, want) = on_picks();
    h.typ("C");
    let rows = terminal_rows(&h.app, 80, 24, h.now);
    let screen = rows.join("\n");
    if std::env::var_os("WHOSE_SHOW").is_some() {
        eprintln!("{screen}");
    }
    assert!(
        screen.contains(&format!(
            "Counts from 7 other groups ({} moderators):",
            want.len()
        )),
        "{screen}"
    );
    for (moderator, n, seen) in &want {
        let groups = if *n == 1 {
            "1 group".to_string()
        } else {
            format!("{n} groups")
        };
        let line = format!("{moderator}: {groups}, newest {seen}");
        assert!(screen.contains(&line), "no {line:?}\n{screen}");
    }
}

#[test]
fn an_empty_folder_says_the_counts_are_of_no_one() {
    let mut h = H::new();
    h.create(false);
    for name in ["Dev", "Sue", "Gary"] {
        h.add(name, "Male", "40-64", "");
    }
    h.typ("s");
    h.go("gallery");
    h.typ("S");
    h.typ("K");
    let screen = terminal_rows(&h.app, 80, 24, h.now).join("\n");
    assert!(
        screen.contains("The joker counts no other group"),
        "{screen}"
    );
    h.press(KeyCode::Esc);
    h.typ("C");
    let screen = terminal_rows(&h.app, 80, 24, h.now).join("\n");
    assert!(
        screen.contains("No other group's session is in the sessions folder yet."),
        "{screen}"
    );
}
