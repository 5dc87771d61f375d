//! The moderator's flow (issue 13): presence in and out of the room, sticker
//! counts typed but not confirmed, counts over the limit after a removal,
//! the sticker mode switch, and an ended session that stays ended. Drawn
//! on ratatui's `TestBackend` at 80×24 with a fixed clock.

mod common;

use chrono::Duration;
use common::moderator::{H, t0};
use facilitator::domain::event::{Event, StickerMode};
use facilitator::domain::ideas::tally;
use facilitator::tui::app::{App, Ctx, Screen};
use facilitator::tui::overlays::Overlay;
use ratatui::crossterm::event::KeyCode;

/// The moderator's harness ([`H`]) with what these tests add to it.
impl H {
    /// A group on `plan` ("full" or "mini") with these participants, the
    /// guide started and the gallery step open.
    fn at_gallery(plan: &str, people: &[&str]) -> H {
        let mut h = H::new();
        h.typ("Ashford, Kent");
        h.press(KeyCode::Tab);
        h.press(KeyCode::Tab);
        if plan == "mini" {
            h.press(KeyCode::Right);
        }
        h.ctrl('s');
        assert_eq!(h.state().plan, plan);
        for p in people {
            h.typ("a");
            h.typ(p);
            h.ctrl('s');
        }
        h.typ("s");
        h.go("gallery");
        h
    }

    fn state(&self) -> &facilitator::domain::state::SessionState {
        self.app
            .live
            .as_ref()
            .expect("a live session")
            .session
            .state()
    }

    fn events(&self) -> usize {
        self.app.live.as_ref().unwrap().session.events().len()
    }

    /// The screen at 80×24 as text.
    fn screen(&self) -> String {
        self.render(80, 24)
    }

    /// Snapshot the screen at 80×24.
    fn snap(&self, name: &str) {
        insta::assert_snapshot!(format!("{name}_80x24"), self.screen());
    }
}

/// Whether some line of the screen holds `what` (the screen's text has its
/// rows quoted, one a line).
fn shows(screen: &str, what: &str) -> bool {
    screen.lines().any(|l| l.contains(what))
}

/// Issue 13.1: `o` on the roster marks someone out of the room and back,
/// with the time; the sticker limits and the tally count who was in the
/// room when the stickers were entered; Stage 3 lists who is there.
#[test]
fn out_of_the_room_and_back() {
    let mut h = H::at_gallery("full", &["Sue", "Dave", "Karen", "Gary"]);
    h.wait(5 * 60);
    h.typ("r");
    h.press(KeyCode::Down);
    h.typ("o");
    assert_eq!(
        h.flash(),
        "Dave is out of the room (18:05): o marks them back."
    );
    assert!(h.state().absent.contains(&2));
    assert_eq!(h.state().out_since(2), Some(h.now));
    h.snap("flow_roster_one_out");
    let s = h.screen();
    assert!(shows(&s, "2. out  Dave"), "{s}");
    assert!(
        shows(&s, "Out of the room: Dave since 18:05 (o: back)"),
        "{s}"
    );

    // On the stickers: three at the vote, and a fourth green on one
    // poster is refused.
    h.press(KeyCode::Esc);
    h.typ("S");
    let s = h.screen();
    assert!(shows(&s, "3 at the vote · 6 green, 3 red to place"), "{s}");
    assert!(shows(&s, "out of the room: Dave"), "{s}");
    h.typ("4");
    h.press(KeyCode::Enter);
    assert!(
        h.app.flash.as_ref().is_some_and(|f| f.error),
        "{}",
        h.flash()
    );
    assert!(
        h.flash().contains("3 participants are present"),
        "{}",
        h.flash()
    );
    h.typ("3");
    h.press(KeyCode::Enter);
    assert_eq!(
        h.state().poster_counts.get(&1),
        Some(&facilitator::domain::event::Counts::green_red(3, 0))
    );

    // Back in the room: four at the vote; the next poster's count is
    // entered with him there.
    h.press(KeyCode::Esc);
    h.typ("r");
    h.wait(60);
    h.press(KeyCode::Down);
    h.typ("o");
    assert_eq!(h.flash(), "Dave is back in the room (18:06).");
    h.press(KeyCode::Esc);
    h.typ("S");
    h.press(KeyCode::Down);
    h.typ("4");
    h.press(KeyCode::Enter);
    assert_eq!(
        h.state().poster_counts.get(&2),
        Some(&facilitator::domain::event::Counts::green_red(4, 0))
    );

    // He leaves again after the count: his stickers stay on the posters,
    // so he still counts at the vote and nothing is over the limit.
    h.press(KeyCode::Esc);
    h.typ("r");
    h.wait(60);
    h.press(KeyCode::Down);
    h.typ("o");
    h.press(KeyCode::Esc);
    h.typ("S");
    let t = tally(&h.app.ctx.pack, h.state());
    assert_eq!((t.voters, t.colours[0].placed), (4, 7));
    h.snap("flow_stickers_one_out_after_voting");
    let s = h.screen();
    assert!(shows(&s, "4 at the vote · 8 green, 4 red to place"), "{s}");
    assert!(shows(&s, "out of the room: Dave (voted)"), "{s}");
    assert!(shows(&s, "placed: 7 of 8 greens"), "{s}");

    // Stage 3 lists those in the room (Dave is out and has not answered).
    h.press(KeyCode::Esc);
    h.go("change");
    h.typ("A");
    let s = h.screen();
    assert!(shows(&s, "Sue") && shows(&s, "Gary"), "{s}");
    assert!(!shows(&s, "Dave"), "{s}");
    // Sue answers, then leaves: her answers stay in the table, marked.
    h.press(KeyCode::Enter);
    h.ctrl('s');
    assert!(h.state().questionnaires["stage3"].contains_key(&1));
    h.press(KeyCode::Esc);
    h.typ("r");
    h.typ("o");
    assert!(h.state().absent.contains(&1), "{}", h.flash());
    h.press(KeyCode::Esc);
    h.typ("A");
    let s = h.screen();
    assert!(shows(&s, "Sue (out)"), "{s}");
    assert!(!shows(&s, "Dave"), "{s}");
    // The timeline keeps every time he was out.
    let away: Vec<_> = h
        .state()
        .away
        .iter()
        .filter(|a| a.participant == 2)
        .collect();
    assert_eq!(away.len(), 2);
    assert_eq!(away[0].to, Some(t0() + Duration::seconds(6 * 60)));
    assert_eq!(away[1].to, None);
}

/// Issue 13.2: a count typed into a sticker cell is recorded by any key
/// that leaves the cell, or said to be dropped (Esc); never lost silently.
#[test]
fn a_typed_sticker_count_is_recorded_or_said_dropped() {
    let mut h = H::at_gallery("full", &["Sue", "Dave", "Karen"]);
    h.typ("S");
    // Esc drops it and says so; the screen stays.
    h.typ("3");
    h.press(KeyCode::Esc);
    assert!(h.state().poster_counts.is_empty());
    assert!(
        h.flash()
            .starts_with("3 for idea 1 (green) dropped, not recorded"),
        "{}",
        h.flash()
    );
    assert!(matches!(h.app.screen, Screen::Stickers(_)));
    h.snap("flow_stickers_typed_count_dropped");
    // `r` records it first: the tally revealed holds it, and the cell no
    // longer shows the typing mark.
    h.typ("2");
    h.typ("r");
    assert_eq!(
        h.state().poster_counts.get(&1),
        Some(&facilitator::domain::event::Counts::green_red(2, 0))
    );
    assert!(h.state().tally_shown);
    let s = h.screen();
    assert!(!s.contains('▏'), "{s}");
    assert!(shows(&s, "placed: 2 of 6 greens"), "{s}");
    // `K` records it first too.
    h.press(KeyCode::Down);
    h.typ("1");
    h.typ("K");
    assert_eq!(
        h.state().poster_counts.get(&2),
        Some(&facilitator::domain::event::Counts::green_red(1, 0))
    );
    assert!(matches!(h.app.screen, Screen::Picks(_)));
    // A count refused on the way out says why, and the key does nothing
    // more (the tally stays as it was).
    h.typ("S");
    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    h.typ("9");
    h.typ("r");
    assert!(
        h.app.flash.as_ref().is_some_and(|f| f.error),
        "{}",
        h.flash()
    );
    assert!(h.state().tally_shown);
    assert!(!h.state().poster_counts.contains_key(&3));
    // Leaving the app with a count typed records it.
    h.typ("1");
    let id = h.state().id.clone();
    let said = h.app.shutdown(h.now).unwrap_or_default();
    assert!(said.starts_with("Session"), "{said}");
    let saved = h.app.ctx.dir.load(&id).unwrap().events;
    let s = facilitator::domain::state::SessionState::fold(&saved);
    assert_eq!(
        s.poster_counts.get(&3),
        Some(&facilitator::domain::event::Counts::green_red(1, 0))
    );
}

/// Issue 13.3: a mini group of 4 counts 8 greens and 4 reds; one person is
/// taken off the roster: the stickers and picks screens say the counts are
/// over the limit.
#[test]
fn counts_over_the_limit_after_a_removal_are_said() {
    let mut h = H::at_gallery("mini", &["Sue", "Dave", "Karen", "Gary"]);
    h.typ("S");
    // Idea 1: 4 green 2 red; idea 2: 4 green 2 red.
    h.typ("4");
    h.press(KeyCode::Tab);
    h.typ("2");
    h.press(KeyCode::Down);
    h.typ("2");
    h.press(KeyCode::Left);
    h.typ("4");
    h.press(KeyCode::Enter);
    let s = h.screen();
    assert!(shows(&s, "placed: 8 of 8 greens, 4 of 4 reds"), "{s}");
    assert!(!s.contains("Over the limit"), "{s}");
    // Take Gary off the roster.
    h.press(KeyCode::Esc);
    h.typ("r");
    for _ in 0..3 {
        h.press(KeyCode::Down);
    }
    h.typ("dy");
    assert_eq!(h.state().roster().count(), 3);
    h.press(KeyCode::Esc);
    h.typ("S");
    h.snap("flow_stickers_over_the_limit");
    let s = h.screen();
    assert!(shows(&s, "placed: 8 of 6 greens, 4 of 3 reds"), "{s}");
    assert!(shows(&s, "! Over the limit for 3 at the"), "{s}");
    assert!(shows(&s, "vote: 8 of 6 greens, 4 of 3 reds,"), "{s}");
    h.typ("K");
    h.snap("flow_picks_over_the_limit");
    let s = h.screen();
    assert!(
        shows(
            &s,
            "! Over the limit for 3 at the vote: 8 of 6 greens, 4 of 3 reds"
        ),
        "{s}"
    );
}

/// Issue 13.4: `m` is the statement everywhere, the stickers screen
/// included; `M` switches the sticker mode, asking first when stickers were
/// entered the other way; the picks say which counts they use.
#[test]
fn the_sticker_mode_switch_asks_and_the_picks_say_which_counts() {
    let mut h = H::at_gallery("full", &["Sue", "Dave", "Karen"]);
    h.typ("S");
    // Nothing entered yet: M switches at once, and back.
    h.typ("M");
    assert_eq!(h.state().sticker_mode, StickerMode::PerParticipant);
    h.typ("M");
    assert_eq!(h.state().sticker_mode, StickerMode::PerPoster);
    h.typ("2");
    h.press(KeyCode::Enter);
    // `m` opens the statement, as everywhere else; the mode stays.
    h.typ("m");
    assert!(matches!(h.app.overlay, Some(Overlay::Statement)));
    assert_eq!(h.state().sticker_mode, StickerMode::PerPoster);
    h.press(KeyCode::Esc);
    // M with poster counts entered asks; any other key keeps the mode.
    let n = h.events();
    h.typ("M");
    h.snap("flow_stickers_mode_switch_asks");
    let s = h.screen();
    assert!(shows(&s, "! Enter per participant?"), "{s}");
    h.typ("n");
    assert_eq!(h.state().sticker_mode, StickerMode::PerPoster);
    assert_eq!(h.events(), n);
    assert_eq!(h.flash(), "The stickers stay entered per poster.");
    // The picks use the poster counts and say so.
    h.typ("K");
    let s = h.screen();
    assert!(
        shows(&s, "Counts used: per poster (1 posters with stickers)."),
        "{s}"
    );
    // Switched after all: the picks say the poster counts are not used.
    h.typ("S");
    h.typ("My");
    assert_eq!(h.state().sticker_mode, StickerMode::PerParticipant);
    h.typ("K");
    let s = h.screen();
    assert!(
        shows(
            &s,
            "Counts used: per participant (0 of 3 recorded); per poster not used."
        ),
        "{s}"
    );
}

/// Issue 13.8: after "End the session" nothing more is recorded: the
/// screen says it ended, how to replay and export it, and `E` reopens it
/// (asking first, and recorded). Resuming an ended session shows the same.
#[test]
fn an_ended_session_is_read_only_until_reopened() {
    let mut h = H::at_gallery("full", &["Sue", "Dave", "Karen"]);
    h.wait(20 * 60);
    h.typ("E");
    h.typ("y");
    assert!(!h.state().is_live());
    assert!(matches!(h.app.screen, Screen::Ended(_)));
    // (No snapshot: the commands name the temporary sessions folder.)
    let s = h.screen();
    assert!(shows(&s, "Session ended · read-only"), "{s}");
    assert!(
        shows(&s, "Ended at 18:20 UTC after 0:20:00 of session time"),
        "{s}"
    );
    let dir = h.app.ctx.dir.path().display().to_string();
    let flat: String = s
        .lines()
        .map(|l| l.trim_matches('"').trim_matches('│').trim())
        .collect::<Vec<_>>()
        .join(" ");
    for cmd in [
        format!("facilitator --sessions {dir} replay 2026-11-29-ashford-kent"),
        format!("facilitator --sessions {dir} export 2026-11-29-ashford-kent -o"),
    ] {
        assert!(flat.contains(&cmd), "{cmd}\n{s}");
    }
    assert!(shows(&s, "E reopen it to record more"), "{s}");
    assert!(!s.contains('…'), "cut: {s}");
    // Notes, steps, stickers, ticks, pauses: none is recorded.
    let n = h.events();
    for k in ["n", "v", "S", "p", " ", "r", "o"] {
        h.typ(k);
        assert!(h.app.editor.as_ref().is_none_or(|e| !e.visible), "{k}");
    }
    h.press(KeyCode::Right);
    h.typ("Hello");
    h.press(KeyCode::Enter);
    assert_eq!(h.events(), n, "an ended session recorded something");
    assert!(
        h.flash().contains("nothing more is recorded"),
        "{}",
        h.flash()
    );
    // E asks first; any other key keeps it ended.
    h.typ("E");
    let s = h.screen();
    assert!(shows(&s, "! Reopen the session?"), "{s}");
    h.typ("x");
    assert!(!h.state().is_live());
    assert_eq!(h.flash(), "The session stays ended.");
    // Leave, and resume it: still ended, on the same screen.
    let id = h.state().id.clone();
    h.app.shutdown(h.now);
    // (Another test's snapshot check runs `cargo`: the forked child holds
    // every open file, this lock included, until it execs. Retry until a
    // deadline.)
    let mut last = None;
    common::wait::within(common::wait::WAIT, || {
        last = Some(h.app.ctx.dir.open(&id));
        matches!(last, Some(Ok(_)))
    });
    let open = match last {
        Some(Ok(open)) => open,
        Some(Err(e)) => panic!("reopening {id}: {e:?}"),
        None => unreachable!("looked at least once"),
    };
    let ctx = Ctx {
        pack: facilitator::stimulus::embedded(),
        dir: h.app.ctx.dir.clone(),
    };
    h.app = App::resumed(ctx, open, h.now);
    assert!(matches!(h.app.screen, Screen::Ended(_)));
    // Reopened: recorded, and recording works again.
    h.wait(60);
    h.typ("Ey");
    assert!(h.state().is_live());
    assert!(matches!(h.app.screen, Screen::Guide(_)));
    assert!(matches!(
        h.app
            .live
            .as_ref()
            .unwrap()
            .session
            .events()
            .last()
            .unwrap()
            .event,
        Event::Reopened
    ));
    h.press(KeyCode::Right);
    assert_ne!(h.state().current_step.as_deref(), Some("gallery"));
}
