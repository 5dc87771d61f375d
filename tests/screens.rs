//! Snapshots of every screen at 80×24 (the smallest the app draws on) and
//! 120×40, drawn on ratatui's `TestBackend` with a fixed clock.
//!
//! Regenerate with `INSTA_UPDATE=always cargo test --test screens`, then
//! read the `.snap` files in `tests/snapshots/` as a moderator would.
//!
//! `TestBackend`'s text ignores styles, so every snapshot is what a
//! NO_COLOR terminal shows; on screens with a selection the test also
//! checks that the selected row carries the `›` cursor glyph.

mod common;

use chrono::Duration;
use common::moderator::{H, render, t0};
use facilitator::store::SessionsDir;
use facilitator::tui::app::{App, Ctx, Screen};
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

/// The two sizes every screen is drawn at.
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn ctx(dir: &TempDir) -> Ctx {
    Ctx {
        pack: facilitator::stimulus::embedded(),
        dir: SessionsDir::new(dir.path()),
    }
}

/// The selection must show without colour: some row reads `› <what>`
/// (spaces allowed between the glyph and the text).
fn assert_selected(text: &str, what: &str, name: &str) {
    let found = text.lines().any(|l| {
        l.match_indices("› ")
            .any(|(i, m)| l[i + m.len()..].trim_start().starts_with(what))
    });
    assert!(
        found,
        "{name}: no `›` cursor before {what:?}: the selection is invisible without colour\n{text}"
    );
}

/// The moderator's harness ([`H`]) with what these tests add to it.
impl H {
    /// Snapshot the screen at both sizes as `{name}_{w}x{h}`; with `sel`,
    /// also check the selected row is marked with `›`.
    fn snap(&self, name: &str, sel: Option<&str>) {
        for (w, h) in SIZES {
            let full = format!("{name}_{w}x{h}");
            let text = render(&self.app, w, h, self.now);
            if let Some(what) = sel {
                assert_selected(&text, what, &full);
            }
            insta::assert_snapshot!(full, text);
        }
    }

    /// Fill the profile: Ashford, Kent; 40-64; C2DE (Location has focus).
    fn fill_profile(&mut self) {
        self.typ("Ashford, Kent");
        for _ in 0..3 {
            self.press(KeyCode::Tab);
        }
        self.typ("40-64");
        self.press(KeyCode::Tab);
        self.typ("C2DE");
    }

    /// Add a participant through the roster's form. `consent`: how many
    /// times to press → on the consent field (0 not asked, 1 yes, 2 no).
    fn add_row(&mut self, fields: [&str; 6], consent: usize) {
        self.typ("a");
        for (i, v) in fields.iter().enumerate() {
            if i > 0 {
                self.press(KeyCode::Tab);
            }
            self.typ(v);
        }
        self.press(KeyCode::Tab);
        for _ in 0..consent {
            self.press(KeyCode::Right);
        }
        self.ctrl('s');
    }

    /// Three participants: one with ethnicity and descriptors; consent
    /// yes, no and not asked.
    fn add_three(&mut self) {
        let sarah = [
            "Sarah",
            "Female",
            "40-64",
            "White British",
            "C2DE",
            "parent of young children, net contributor",
        ];
        self.add_row(sarah, 1);
        self.add_row(["Dev", "Male", "25-39", "", "C1", ""], 2);
        self.add_row(["Margaret", "Female", "65+", "", "DE", "retired"], 0);
    }

    /// Profile, three participants, and `s`: the clock runs at Arrival.
    fn started() -> H {
        let mut h = H::new();
        h.create(false);
        h.add_three();
        h.typ("s");
        assert_eq!(h.step(), "arrival");
        h
    }
}

#[test]
fn profile_form_empty_refused_and_filled() {
    let mut h = H::new();
    assert!(h.dir.path().read_dir().unwrap().next().is_none());
    h.snap("profile_empty", Some("Location*"));

    h.ctrl('s');
    assert!(
        h.app.live.is_none(),
        "a profile without a location was saved"
    );
    h.snap("profile_refused_no_location", Some("Location*"));

    h.fill_profile();
    h.snap("profile_filled", Some("Social grade"));
}

#[test]
fn roster_empty_three_and_form() {
    let mut h = H::new();
    h.create(false);
    h.snap("roster_empty", None);

    h.add_three();
    let live = h.app.live.as_ref().unwrap();
    assert_eq!(live.session.state().roster().count(), 3);
    h.snap("roster_three_size_warning", Some("1. Sarah"));

    h.typ("a");
    h.typ("Tom");
    h.snap("roster_participant_form", Some("Label*"));
    h.press(KeyCode::Esc);
}

#[test]
fn start_screen_lists_an_unfinished_session() {
    let mut first = H::new();
    first.create(false);
    first.app.shutdown(first.now);
    let later = first.now + Duration::minutes(5);
    let mut app = App::new(ctx(&first.dir), later);
    // The first frame does not wait for the folder to be read.
    let text = render(&app, 80, 24, later);
    assert!(
        text.contains("Looking at the session in the folder…"),
        "{text}"
    );
    app.settle_start(true);
    let h = H {
        dir: TempDir::new().unwrap(),
        app,
        now: later,
    };
    h.snap("start_unfinished_session", Some("+ New group"));
    let text = render(&h.app, 120, 40, h.now);
    assert!(text.contains("2026-11-29-ashford-kent"), "{text}");
}

#[test]
fn start_screen_with_only_finished_sessions_says_so() {
    let dir = TempDir::new().unwrap();
    let sessions = SessionsDir::new(dir.path());
    facilitator::afterwards::demo::run(&sessions, &facilitator::stimulus::embedded(), 2, 1)
        .unwrap();
    let mut app = App::new(ctx(&dir), t0());
    assert!(
        matches!(app.screen, Screen::Start(_)),
        "sessions in the folder: the start screen"
    );
    app.settle_start(true);
    let text = render(&app, 80, 24, t0());
    assert!(text.contains("No unfinished sessions."), "{text}");
    assert!(text.contains("+ New group"), "{text}");
}

#[test]
fn guide_arrival_capabilities_and_clock() {
    let mut h = H::started();
    h.snap("guide_arrival_start", None);

    h.wait(3 * 60);
    h.snap("guide_arrival_7min_left", None);

    // Capabilities, on plan: a tick, two notes, a quote from Sarah, two
    // entries on the flip chart.
    h.wait(7 * 60);
    h.press(KeyCode::Right);
    assert_eq!(h.step(), "capabilities");
    let entered = h.now;
    h.press(KeyCode::Char(' '));
    h.wait(20);
    h.typ("n");
    h.typ("Security in old age came up first, then family and friends.");
    h.press(KeyCode::Enter);
    h.wait(30);
    h.typ("n");
    h.typ("Health named by nearly everyone; Dev disagreed about money.");
    h.press(KeyCode::Enter);
    h.wait(25);
    h.typ("v");
    h.typ("You need to feel safe in your own home, that's the main thing.");
    h.press(KeyCode::Tab);
    h.typ("1");
    h.press(KeyCode::Enter);
    h.typ("f");
    h.typ("Health");
    h.press(KeyCode::Enter);
    h.typ("Family and friends");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    let live = h.app.live.as_ref().unwrap();
    assert_eq!(live.session.state().notes_in("capabilities").count(), 3);
    h.wait(25);
    h.snap("guide_capabilities", Some("[x] Is there anything missing"));

    h.press(KeyCode::Tab);
    h.snap("guide_capabilities_notes_pane", Some("18:10"));
    h.press(KeyCode::Tab);

    // The clock: Low (≤20 % left), Critical (≤5 %), overrun.
    h.now = entered + Duration::seconds(250);
    h.snap("guide_clock_low", None);
    h.now = entered + Duration::seconds(290);
    h.snap("guide_clock_critical", None);
    h.now = entered + Duration::seconds(330);
    h.snap("guide_clock_overrun", None);

    h.typ("p");
    h.wait(60);
    h.snap("guide_paused", None);
    h.typ("p");
}

#[test]
fn note_editor_with_who_and_codes() {
    let mut h = H::started();
    h.wait(10 * 60);
    h.press(KeyCode::Right);
    h.wait(60);
    h.typ("n");
    h.typ("Feeling secure matters more than money, said twice.");
    h.press(KeyCode::Tab);
    h.typ("2");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Char(' '));
    h.press(KeyCode::Right);
    h.press(KeyCode::Right);
    h.press(KeyCode::Char(' '));
    h.snap("editor_who_and_codes", Some("Codes:"));
    h.ctrl('x');
}

#[test]
fn overlays() {
    let mut h = H::started();
    h.wait(10 * 60);
    h.press(KeyCode::Right);
    h.typ("f");
    h.typ("Health");
    h.press(KeyCode::Enter);
    h.typ("Family and friends");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    h.wait(90);

    let windows: [(&str, &str, Option<&str>); 5] = [
        ("?", "overlay_help", None),
        ("w", "overlay_values_slide", None),
        ("m", "overlay_statement", None),
        ("g", "overlay_plan", Some("▶ Capabilities")),
        ("f", "overlay_flipchart", Some("1. Health")),
    ];
    for (k, name, sel) in windows {
        h.typ(k);
        assert!(h.app.overlay.is_some(), "{k} opened no window");
        h.snap(name, sel);
        h.press(KeyCode::Esc);
        assert!(h.app.overlay.is_none(), "Esc did not close {name}");
    }

    h.typ("P");
    h.snap("overlay_poster_single", None);
    h.typ("w");
    h.snap("overlay_poster_wall", Some("1. Individuals with budgets"));
    h.press(KeyCode::Esc);

    h.typ("q");
    h.snap("overlay_confirm_quit", None);
    h.press(KeyCode::Esc);
    assert!(!h.app.quit, "any key but y must stay");

    h.typ("E");
    h.snap("overlay_confirm_finish", None);
    h.press(KeyCode::Esc);
    assert!(h.app.is_live(), "any key but y must go on");
}

#[test]
fn discussion_sections_and_gallery() {
    let mut h = H::started();
    h.wait(10 * 60);
    h.press(KeyCode::Right);
    h.wait(60);
    h.go("discuss-a-1");
    h.wait(2 * 60);
    h.snap(
        "guide_discuss_a_1_desirability",
        Some("[ ] What do you see as the benefits"),
    );

    h.typ("]");
    h.wait(30);
    h.snap("guide_discuss_a_1_equity", Some("[ ] (Where appropriate)"));

    h.go("gallery");
    h.wait(60);
    let text = render(&h.app, 120, 40, h.now);
    assert!(
        text.contains("9. Local elections, local standards"),
        "{text}"
    );
    h.snap("guide_gallery", Some("[ ] most popular"));

    // ↓ to the last probe, then on past it: the pane scrolls to the ideas
    // below the probes.
    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    h.snap("guide_gallery_last_probe", Some("[ ] joker"));
    for _ in 0..8 {
        h.press(KeyCode::Down);
    }
    let text = render(&h.app, 80, 24, h.now);
    assert!(text.contains("9. Local elections"), "{text}");
    assert!(!text.contains("more (j)"), "{text}");
}

#[test]
fn terminal_too_small() {
    let h = H::new();
    for (w, ht) in [(79, 24), (60, 20)] {
        let text = render(&h.app, w, ht, h.now);
        assert!(text.contains("terminal too small"), "{text}");
        insta::assert_snapshot!(format!("too_small_{w}x{ht}"), text);
    }
}

/// The whole guide, step by step, at 80×24: each step as the moderator
/// first sees it, entered on time.
#[test]
fn every_step_of_the_full_plan_at_80x24() {
    let mut h = H::started();
    let steps: Vec<(String, u32)> = {
        let plan = h.app.live.as_ref().unwrap().session.plan();
        plan.steps
            .iter()
            .map(|s| (s.key.clone(), s.minutes))
            .collect()
    };
    assert!(steps.len() > 10, "the full plan has {} steps", steps.len());
    for (i, (step, minutes)) in steps.iter().enumerate() {
        assert_eq!(&h.step(), step);
        // Where we are in the plan shows in the header (at 120 columns).
        let wide = render(&h.app, 120, 40, h.now);
        assert!(
            wide.contains(&format!("{}/{} ", i + 1, steps.len())),
            "{wide}"
        );
        let text = render(&h.app, 80, 24, h.now);
        insta::assert_snapshot!(format!("walk_{:02}_{step}_80x24", i + 1), text);
        h.wait(i64::from(*minutes) * 60);
        h.press(KeyCode::Right);
    }
    let flash = h
        .app
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default();
    assert!(flash.contains("last step"), "{flash}");
}

/// Idea testing: the sticker vote in both modes, the tally hidden and
/// revealed, the picks with a tie, a discussion with its rating window,
/// and Stage 3 answers.
#[test]
fn idea_testing_screens() {
    let mut h = H::started();
    h.go("gallery");
    h.typ("S");
    h.snap("stickers_per_poster_empty", Some("0 ‹"));
    // Poster 1: 2 green, 1 red; poster 3: 2 green; poster 4: 2 red.
    h.typ("2");
    h.press(KeyCode::Tab);
    h.typ("1");
    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    h.press(KeyCode::Left);
    h.typ("2");
    h.press(KeyCode::Down);
    h.press(KeyCode::Right);
    h.typ("2");
    h.press(KeyCode::Enter);
    // More reds than people present is refused and changes nothing.
    h.press(KeyCode::Down);
    h.typ("9");
    h.press(KeyCode::Enter);
    let flash = h.app.flash.clone().expect("a refusal");
    assert!(flash.error, "{flash:?}");
    h.snap("stickers_refused", None);
    h.typ("r");
    h.snap("stickers_tally_revealed", None);

    // Per participant: Sarah's two greens and her red. The poster counts
    // would stop counting, so the switch asks first.
    h.typ("My");
    h.typ("4");
    h.press(KeyCode::Right);
    h.typ("6");
    h.press(KeyCode::Right);
    h.typ("2");
    h.snap("stickers_per_participant", Some("Sarah"));
    h.typ("My");

    // The picks: 1 and 3 tie on green.
    h.typ("K");
    let text = render(&h.app, 80, 24, h.now);
    assert!(text.contains("TIE: 1, 3"), "{text}");
    h.snap("picks_with_tie", Some("1. most popular"));
    h.press(KeyCode::Enter);
    h.press(KeyCode::Down);
    // Choose another idea than the suggestion: a reason is asked for.
    h.typ("o5");
    h.snap("picks_other_idea", None);
    h.typ("The group wanted to talk about their estate");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Down);
    h.press(KeyCode::Enter);
    h.snap("picks_done", Some("3. joker"));
    {
        let s = h.app.live.as_ref().unwrap().session.state();
        assert_eq!(s.idea_in_slot(1), Some(1));
        assert_eq!(s.idea_in_slot(2), Some(5));
        let p = &s.picks[&2];
        assert_eq!(
            p.reason.as_deref(),
            Some("The group wanted to talk about their estate")
        );
    }
    h.press(KeyCode::Esc);
    h.typ("C");
    h.snap("coverage", None);
    h.press(KeyCode::Esc);

    // The first discussion: the idea on top, a quote in the equity section.
    h.press(KeyCode::Right);
    assert_eq!(h.step(), "discuss-a-1");
    h.typ("]");
    h.typ("v");
    h.typ("It depends on whether you can read the forms.");
    h.press(KeyCode::Tab);
    h.typ("3");
    h.press(KeyCode::Enter);
    h.snap("discussion_equity_with_quote", None);
    h.typ("R");
    h.typ("7");
    h.press(KeyCode::Down);
    h.typ("4");
    h.press(KeyCode::Down);
    h.typ("0");
    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    h.press(KeyCode::Char(' '));
    h.snap("rating_window", Some("[x] SEG"));
    h.press(KeyCode::Enter);
    {
        use facilitator::domain::event::Scale;
        let s = h.app.live.as_ref().unwrap().session.state();
        assert_eq!(s.ratings.get(&(Some(1), Scale::Desirable)), Some(&7));
        assert_eq!(s.ratings.get(&(Some(1), Scale::Achievable)), Some(&4));
        assert_eq!(s.ratings.get(&(Some(1), Scale::Equitable)), Some(&10));
        assert!(s.equity[&1].contains("SEG"));
        let q = s.notes.last().unwrap();
        assert_eq!(q.place.idea, Some(1));
        assert_eq!(q.place.section.as_deref(), Some("equity"));
    }

    // Stage 3.
    h.go("change");
    h.typ("A");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Right);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Right);
    h.press(KeyCode::Tab);
    h.typ("the NHS");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Right);
    h.press(KeyCode::Tab);
    h.typ("Ask the people who use the services");
    h.snap("stage3_form", None);
    h.ctrl('s');
    h.snap("stage3_answers", Some("Sarah"));
}

/// Recording sync: notes carry their place on the tape, quotes can be
/// starred, the recordings window corrects a start.
#[test]
fn recording_offsets_and_stars() {
    let mut h = H::started();
    h.typ("n");
    h.typ("Before the recorder: no place on the tape.");
    h.press(KeyCode::Enter);
    h.wait(30);
    h.typ("o");
    h.wait(47 * 60 + 12);
    h.typ("v");
    h.wait(20);
    h.typ("You need to know the help is there when you need it most.");
    h.press(KeyCode::Tab);
    h.typ("1");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Down);
    h.typ("*");
    h.snap("recording_offsets_and_star", Some("18:48"));
    h.typ("T");
    h.typ("n");
    h.typ("ashford-1.wav");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Right);
    h.press(KeyCode::Right);
    h.snap("recordings_window", Some("1. ashford-1.wav"));
    let s = h.app.live.as_ref().unwrap().session.state();
    let q = s.notes.iter().find(|n| n.starred).expect("a starred quote");
    // Typing began 47:12 after the recorder; its start was corrected by +2 s.
    assert_eq!(s.note_offset(q), Some((1, 47 * 60 + 12 - 2)));
    assert_eq!(s.note_offset(&s.notes[0]), None);
}

/// What the moderator puts up (a poster, the wall, the values slide) is
/// recorded, so the projector view can follow it; closing takes it down.
#[test]
fn showing_posters_and_the_slide_is_recorded() {
    use facilitator::domain::event::Shown;
    let mut h = H::started();
    let showing = |h: &H| h.app.live.as_ref().unwrap().session.state().showing;
    h.go("gallery");
    h.typ("P");
    assert_eq!(showing(&h), Some(Shown::Poster { idea: 1 }));
    h.press(KeyCode::Right);
    assert_eq!(showing(&h), Some(Shown::Poster { idea: 2 }));
    h.typ("w");
    assert_eq!(showing(&h), Some(Shown::Wall));
    h.press(KeyCode::Esc);
    assert_eq!(showing(&h), None);
    h.go("capabilities");
    h.typ("w");
    assert_eq!(showing(&h), Some(Shown::ValuesSlide));
    // Leaving the step takes anything shown down.
    h.press(KeyCode::Esc);
    h.typ("w");
    h.press(KeyCode::Esc);
    h.press(KeyCode::Right);
    assert_eq!(showing(&h), None);
    let events = h.app.live.as_ref().unwrap().session.events();
    let shown = events
        .iter()
        .filter(|e| matches!(e.event, facilitator::domain::event::Event::Showing { .. }))
        .count();
    assert_eq!(shown, 8, "one event per change, none when nothing changed");
}

/// Opening or closing the participant form is a new window: the main loop
/// writes the next frame whole, so no cell of the form (a Bengali word the
/// terminal drew wider than counted) stays behind on the roster.
#[test]
fn the_participant_form_opening_and_closing_is_a_new_window() {
    use facilitator::tui::view::showing;
    let mut h = H::new();
    h.create(false);
    let roster = showing(&h.app);
    h.typ("a");
    let form = showing(&h.app);
    assert_ne!(roster, form, "the form opening");
    h.typ("Ayesha (আয়েশা)");
    h.ctrl('s');
    assert_eq!(
        h.app
            .live
            .as_ref()
            .unwrap()
            .session
            .state()
            .roster()
            .count(),
        1
    );
    assert_ne!(showing(&h.app), form, "the form closing");
    assert_eq!(showing(&h.app), roster);
}
