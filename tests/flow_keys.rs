//! The moderator's keys (issue 13): keys that panicked or did nothing,
//! idea numbers past 9, the words the picks use, help and hint bar saying
//! what the keys do, and no key waiting on the disk.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration as StdDuration;

use common::moderator::{H, LONG};
use facilitator::domain::ideas::Coverage;
use facilitator::stimulus::load::{EMBEDDED_FILES, parse_pack};
use facilitator::stimulus::{Pack, embedded};
use facilitator::tui::app::Screen;
use facilitator::tui::overlays::Overlay;
use facilitator::tui::pending::Pending;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The built-in pack with ideas 10, 11 and 12 added (theme C).
fn twelve_ideas() -> Pack {
    let [(g, guide), (i, ideas), (r, reference)] = EMBEDDED_FILES;
    let mut ideas = ideas.to_string();
    for n in 10..=12 {
        ideas.push_str(&format!(
            "\n[[idea]]\nnumber = {n}\ntheme = \"C\"\ntitle = \"Extra idea {n}\"\nsummary = \"the extra idea {n}.\"\ndescription = \"Idea number {n}.\"\nexamples = [\"An example of {n}.\"]\nprobes = []\n"
        ));
    }
    parse_pack(&[(g, guide), (i, &ideas), (r, reference)]).unwrap_or_else(|p| panic!("{p:?}"))
}

/// The built-in pack whose mini plan discusses one idea.
fn mini_of_one() -> Pack {
    let [(g, guide), (i, ideas), (r, reference)] = EMBEDDED_FILES;
    let guide = guide.replacen("ideas = 2", "ideas = 1", 1);
    parse_pack(&[(g, &guide), (i, ideas), (r, reference)]).unwrap_or_else(|p| panic!("{p:?}"))
}

fn started(pack: Pack) -> H {
    let mut h = H::with_pack(pack);
    h.create(false);
    h.add(LONG, "Female", "18-30", "Afro-Caribbean");
    h.add("Dev", "Male", "25-39", "");
    h.add("Sue", "Female", "40-64", "");
    h.typ("s");
    assert_eq!(h.step(), "arrival");
    h
}

// ---------------------------------------------------------------------------
// Keys that panicked or did nothing
// ---------------------------------------------------------------------------

/// `T` opened the recordings with the selection at usize::MAX: ↓ then
/// overflowed (a panic in a debug build).
#[test]
fn the_recordings_window_opens_on_the_last_recording_and_moves() {
    let mut h = started(embedded());
    h.typ("o");
    h.wait(60);
    h.typ("O");
    h.wait(5);
    h.typ("o");
    let n = h
        .app
        .live
        .as_ref()
        .unwrap()
        .session
        .state()
        .recordings
        .len();
    assert_eq!(n, 2, "{}", h.flash());
    h.typ("T");
    match &h.app.overlay {
        Some(Overlay::Recordings { sel, .. }) => assert_eq!(*sel, 1),
        other => panic!("{other:?}"),
    }
    h.press(KeyCode::Down);
    h.press(KeyCode::Up);
    match &h.app.overlay {
        Some(Overlay::Recordings { sel, .. }) => assert_eq!(*sel, 1),
        other => panic!("{other:?}"),
    }
    // Naming goes to the selected (last) recording.
    h.typ("n");
    h.typ("second.wav");
    h.press(KeyCode::Enter);
    let s = h.app.live.as_ref().unwrap().session.state();
    assert_eq!(s.recordings[1].name.as_deref(), Some("second.wav"));
    assert_eq!(s.recordings[0].name, None);
    // With no recording at all the window opens and moves too.
    let mut h = started(embedded());
    h.typ("T");
    h.press(KeyCode::Down);
    h.press(KeyCode::Up);
    assert!(h.render(80, 24).contains("No recording yet"));
}

#[test]
fn minus_and_plus_on_the_picks_say_what_they_did_and_stop_at_two() {
    let mut h = started(embedded());
    h.go("gallery");
    h.typ("K");
    assert!(
        h.render(80, 24)
            .contains("This group discusses 3 ideas (joker")
    );
    h.typ("-");
    assert_eq!(
        h.flash(),
        "This group now discusses 2 ideas: the most popular and the most contentious (no joker)."
    );
    assert!(
        h.render(80, 24)
            .contains("This group discusses 2 ideas (no joker)")
    );
    // A full group is not taken down to one idea.
    h.typ("-");
    assert_eq!(
        h.flash(),
        "A group discusses at least 2 ideas: the most popular and the most contentious."
    );
    let planned = |h: &H| {
        let live = h.app.live.as_ref().unwrap();
        facilitator::domain::ideas::slot_count(
            &h.app.ctx.pack,
            live.session.state(),
            live.session.plan(),
        )
    };
    assert_eq!(planned(&h), 2);
    h.typ("+");
    assert!(h.flash().contains("3 ideas"), "{}", h.flash());
    assert!(h.flash().contains("the joker is played"), "{}", h.flash());
    h.typ("+");
    assert_eq!(
        h.flash(),
        "A group discusses at most 3 ideas: the most popular, the most contentious and the joker."
    );
    assert_eq!(planned(&h), 3);
}

#[test]
fn a_group_of_one_idea_says_one_idea() {
    let mut h = H::with_pack(mini_of_one());
    h.create(true);
    h.add("Dev", "Male", "25-39", "");
    h.typ("s");
    h.go("gallery");
    h.typ("K");
    let text = h.render(80, 24);
    assert!(
        text.contains("This group discusses 1 idea (no joker)"),
        "{text}"
    );
    assert!(!text.contains("idea(s)"), "{text}");
    h.typ("-");
    assert!(h.flash().contains("at least 1 idea:"), "{}", h.flash());
}

// ---------------------------------------------------------------------------
// Idea numbers past 9
// ---------------------------------------------------------------------------

#[test]
fn posters_jump_to_an_idea_of_two_digits() {
    let mut h = started(twelve_ideas());
    h.typ("P");
    h.typ("1");
    let text = h.render(80, 24);
    assert!(text.contains("Idea 1 of 12 · idea 1▏ Enter"), "{text}");
    h.typ("2");
    let text = h.render(80, 24);
    assert!(text.contains("Idea 12 of 12: Extra idea 12"), "{text}");
    h.typ("1");
    h.press(KeyCode::Enter);
    assert!(h.render(80, 24).contains("Idea 1 of 12: Individuals"));
    // One digit that no longer number begins with: at once.
    h.typ("7");
    assert!(h.render(80, 24).contains("Idea 7 of 12"));
    // The wall, then 1 0: idea 10, single.
    h.typ("w");
    h.typ("10");
    assert!(h.render(80, 24).contains("Idea 10 of 12: Extra idea 10"));
}

#[test]
fn per_participant_stickers_take_idea_numbers_of_two_digits() {
    let mut h = started(twelve_ideas());
    h.go("gallery");
    h.typ("S");
    h.typ("M");
    h.typ("1");
    // The digit waits, shown in the cell.
    assert!(h.render(80, 24).contains("› 1▏‹"), "{}", h.render(80, 24));
    h.typ("1");
    h.press(KeyCode::Right);
    h.typ("1");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Right);
    h.typ("12");
    let s = h.app.live.as_ref().unwrap().session.state();
    let first = s.present().next().unwrap().id;
    assert_eq!(s.placements[&first].get("green"), [11, 1]);
    assert_eq!(s.placements[&first].get("red"), [12]);
    h.typ("9");
    assert!(h.flash().is_empty() || !h.flash().contains("no idea"));
    h.typ("13");
    assert_eq!(h.flash(), "There is no idea 13.");
}

#[test]
fn another_idea_for_a_pick_can_be_ten_or_more() {
    let mut h = started(twelve_ideas());
    h.go("gallery");
    h.typ("K");
    h.press(KeyCode::Down);
    h.typ("o");
    h.typ("1");
    let text = h.render(80, 24);
    assert!(
        text.contains("Another idea: type its number (1-12): 1▏"),
        "{text}"
    );
    h.typ("0");
    let text = h.render(80, 24);
    assert!(
        text.contains("Choose 10. Extra idea 10 instead. Why?"),
        "{text}"
    );
    h.typ("They asked for it");
    h.press(KeyCode::Enter);
    let s = h.app.live.as_ref().unwrap().session.state();
    assert_eq!(s.idea_in_slot(2), Some(10));
}

// ---------------------------------------------------------------------------
// Help, hint bar and behaviour agree
// ---------------------------------------------------------------------------

fn help_of(key: &str) -> String {
    facilitator::tui::keys::help_sections()
        .into_iter()
        .flat_map(|(_, keys)| keys)
        .find(|(k, _, _)| *k == key)
        .map(|(_, what, _)| what.to_string())
        .unwrap_or_else(|| panic!("no help for {key}"))
}

#[test]
fn stickers_picks_and_stage3_open_from_any_step_as_help_and_readme_say() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    for (k, screen) in [("S", "stickers"), ("K", "picks"), ("A", "stage 3")] {
        let mut h = started(embedded());
        assert_eq!(h.step(), "arrival");
        h.typ(k);
        let opened = match h.app.screen {
            Screen::Stickers(_) => "stickers",
            Screen::Picks(_) => "picks",
            Screen::Questionnaire(_) => "stage 3",
            _ => "nothing",
        };
        assert_eq!(opened, screen, "{k} on the first step");
        let help = help_of(k);
        assert!(help.contains("from any step"), "{k}: {help}");
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{k}` |")))
            .unwrap_or_else(|| panic!("README has no row for {k}"));
        assert!(row.contains("any step"), "{row}");
    }
}

#[test]
fn the_hint_bar_per_participant_names_idea_numbers_not_counts() {
    let mut h = started(embedded());
    h.go("gallery");
    h.typ("S");
    let bottom = |h: &H| {
        h.render(80, 24)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string()
    };
    assert!(bottom(&h).contains("0-9 count"), "{}", bottom(&h));
    h.typ("M");
    let hints = bottom(&h);
    assert!(!hints.contains("count"), "{hints}");
    assert!(hints.contains("1-9 idea"), "{hints}");
    assert!(hints.contains("0 clear"), "{hints}");
    // And with twelve ideas, the hint says so.
    let mut h = started(twelve_ideas());
    h.go("gallery");
    h.typ("S");
    h.typ("M");
    assert!(bottom(&h).contains("1-12 idea"), "{}", bottom(&h));
}

/// `▲` is the step's overrun only; ahead of plan reads "min early".
#[test]
fn the_overrun_glyph_means_over_time_only() {
    let mut h = started(embedded());
    // Arrival and the gallery left at once: 20 minutes back, 10 early.
    h.go("gallery");
    h.go("discuss-a-1");
    let text = h.render(80, 24);
    let clock = text
        .lines()
        .find(|l| l.contains("min early"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(!clock.contains('▲'), "{clock}");
    h.wait(16 * 60);
    let text = h.render(80, 24);
    let over = text
        .lines()
        .find(|l| l.contains('▲'))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(over.contains("over"), "{over}");
}

// ---------------------------------------------------------------------------
// No key waits on the disk
// ---------------------------------------------------------------------------

fn press_raw(h: &mut H, code: KeyCode, mods: KeyModifiers) {
    h.app.on_key(KeyEvent::new(code, mods), h.now);
}

#[test]
fn creating_a_session_does_not_hold_the_key() {
    let mut h = H::new();
    h.typ("Ashford, Kent");
    press_raw(&mut h, KeyCode::Char('s'), KeyModifiers::CONTROL);
    // The key came back before the files were made: the screen says so.
    assert!(h.app.live.is_none(), "created on the key path");
    let text = h.render(80, 24);
    assert!(text.contains("Creating the session…"), "{text}");
    h.app.settle_open(true);
    assert!(h.app.live.is_some());
    assert!(matches!(h.app.screen, Screen::Roster(_)));
    assert!(h.flash().starts_with("Session created."), "{}", h.flash());
}

#[test]
fn opening_a_session_does_not_hold_the_key() {
    let mut first = H::new();
    first.create(false);
    let id = first.app.live.as_ref().unwrap().session.state().id.clone();
    first.app.shutdown(first.now);
    // A second app on the same folder: the start screen lists the session.
    let ctx = facilitator::tui::app::Ctx {
        pack: embedded(),
        dir: facilitator::store::SessionsDir::new(first.dir.path()),
    };
    let mut app = facilitator::tui::app::App::new(ctx, first.now);
    app.settle_start(true);
    app.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), first.now);
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), first.now);
    assert!(app.live.is_none(), "opened on the key path");
    let text = common::moderator::render(&app, 80, 24, first.now);
    assert!(text.contains(&format!("Opening {id}…")), "{text}");
    app.settle_open(true);
    assert!(app.live.is_some());
    assert!(matches!(app.screen, Screen::Roster(_)));
    app.shutdown(first.now);
}

/// Every key on the picks screen used to wait for the other groups'
/// sessions to be read. Here the read is held until a watchdog lets it go
/// (after a long deadline): the keys must come back before that.
#[test]
fn no_key_on_the_picks_screen_waits_for_the_folder_read() {
    let mut h = started(embedded());
    h.go("gallery");
    h.typ("K");
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    h.app.pending_coverage = Pending::start("held", move || {
        let _ = rx.recv();
        (Coverage::default(), Vec::new())
    });
    let released = Arc::new(AtomicBool::new(false));
    let watchdog = {
        let released = Arc::clone(&released);
        let tx = tx.clone();
        std::thread::spawn(move || {
            // The sleep is the test: a watchdog that frees the held read
            // (and marks it) only if a key waited for it this long.
            std::thread::sleep(StdDuration::from_secs(20));
            released.store(true, Ordering::SeqCst);
            let _ = tx.send(());
        })
    };
    for code in [KeyCode::Down, KeyCode::Up, KeyCode::Char('C'), KeyCode::Esc] {
        press_raw(&mut h, code, KeyModifiers::NONE);
    }
    let text = h.render(80, 24);
    assert!(text.contains("Reading"), "{text}");
    press_raw(&mut h, KeyCode::Enter, KeyModifiers::NONE);
    assert!(
        !released.load(Ordering::SeqCst),
        "a key waited for the folder read"
    );
    assert!(h.flash().starts_with("Still reading"), "{}", h.flash());
    let s = h.app.live.as_ref().unwrap().session.state();
    assert!(
        s.picks.is_empty(),
        "a pick was made on coverage not yet read"
    );
    // Once read, Enter picks.
    tx.send(()).unwrap();
    h.app.settle_coverage(true);
    press_raw(&mut h, KeyCode::Enter, KeyModifiers::NONE);
    let s = h.app.live.as_ref().unwrap().session.state();
    assert_eq!(s.picks.len(), 1);
    drop(watchdog);
}

/// A key pressed while a session is still being opened is not lost
/// silently: the status line says to wait.
#[test]
fn a_key_while_a_session_opens_is_told_to_wait() {
    use facilitator::tui::app::Opening;
    let mut h = H::new();
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let dir = facilitator::store::SessionsDir::new(h.dir.path());
    h.app.opening = Some("Opening the test session…".into());
    h.app.pending_open = Pending::start("held", move || {
        let _ = rx.recv();
        (
            Opening::Resume(common::moderator::t0()),
            dir.open("nothing-here").map_err(|e| e.to_string()),
        )
    });
    press_raw(&mut h, KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(
        h.flash(),
        "Opening the test session… A moment: keys wait until it is open."
    );
    let text = h.render(80, 24);
    assert!(text.contains("Opening the test session…"), "{text}");
    tx.send(()).unwrap();
    h.app.settle_open(true);
    assert!(h.app.opening.is_none());
    assert!(h.flash().contains("nothing-here"), "{}", h.flash());
}

/// The start screen's keys act on what it shows while the folder is still
/// being looked through; none waits for the look to finish.
#[test]
fn no_key_on_the_start_screen_waits_for_the_folder_read() {
    use facilitator::tui::screens::start::StartState;
    let mut first = H::new();
    first.create(false);
    first.app.shutdown(first.now);
    let ctx = facilitator::tui::app::Ctx {
        pack: embedded(),
        dir: facilitator::store::SessionsDir::new(first.dir.path()),
    };
    let mut app = facilitator::tui::app::App::new(ctx, first.now);
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    app.pending_start = Pending::start("held", move || {
        let _ = rx.recv();
        StartState::default()
    });
    let released = Arc::new(AtomicBool::new(false));
    {
        let released = Arc::clone(&released);
        let tx = tx.clone();
        std::thread::spawn(move || {
            // The sleep is the test: a watchdog that frees the held read
            // (and marks it) only if a key waited for it this long.
            std::thread::sleep(StdDuration::from_secs(20));
            released.store(true, Ordering::SeqCst);
            let _ = tx.send(());
        });
    }
    app.on_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), first.now);
    assert!(
        !released.load(Ordering::SeqCst),
        "a key waited for the folder read"
    );
    // Only "+ New group" shows yet: Enter there opens the new-group form.
    app.on_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), first.now);
    assert!(matches!(app.screen, Screen::Setup(_)));
    tx.send(()).unwrap();
}
