//! The clock when the computer's clock is changed, and when the computer
//! sleeps: the app driven through its keys with an injected clock (wall
//! and steady time moved by hand), the way the event loop reads it.

mod common;

use std::cell::Cell;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use facilitator::afterwards::export;
use facilitator::domain::clock::Schedule;
use facilitator::domain::event::Event;
use facilitator::store::SessionsDir;
use facilitator::tui::app::{App, Ctx};
use facilitator::wallclock::{Clock, Source};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use common::moderator::{render, t0};

/// Clocks the test moves by hand.
struct Fake {
    wall: Cell<DateTime<Utc>>,
    steady: Cell<Duration>,
}

impl Source for Fake {
    fn wall(&self) -> DateTime<Utc> {
        self.wall.get()
    }
    fn steady(&self) -> Duration {
        self.steady.get()
    }
}

/// The app and the clock it reads, as the event loop has them.
struct H {
    _dir: TempDir,
    app: App,
    clock: Clock<Fake>,
}

impl H {
    fn new() -> H {
        let dir = TempDir::new().unwrap();
        let mut clock = Clock::new(Fake {
            wall: Cell::new(t0()),
            steady: Cell::new(Duration::from_secs(5_000)),
        });
        let ctx = Ctx {
            pack: facilitator::stimulus::embedded(),
            dir: SessionsDir::new(dir.path()),
        };
        let app = App::new(ctx, clock.now());
        H {
            _dir: dir,
            app,
            clock,
        }
    }

    /// Move the wall clock by `wall` seconds and the time that passes by
    /// `passed`, then let the app look at the clock (as each turn of the
    /// event loop does).
    fn step(&mut self, wall: i64, passed: u64) -> DateTime<Utc> {
        let f = self.clock.source();
        f.wall.set(f.wall.get() + TimeDelta::seconds(wall));
        f.steady.set(f.steady.get() + Duration::from_secs(passed));
        let now = self.clock.now();
        if let Some(by_s) = self.clock.take_jump() {
            self.app.clock_jumped(by_s, now);
        }
        now
    }

    fn key(&mut self, code: KeyCode, mods: KeyModifiers) {
        let now = self.clock.now();
        self.app.on_key(KeyEvent::new(code, mods), now);
        // Creating and opening run off the key path: take them as done.
        self.app.settle_open(true);
    }

    fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c), KeyModifiers::NONE);
        }
    }

    /// Seconds left in the current step, as the guide's countdown shows it.
    fn left(&mut self) -> i64 {
        let now = self.clock.now();
        let live = self.app.live.as_ref().unwrap();
        let s = live.session.state();
        let sched = Schedule::at(s, live.session.plan(), now);
        sched.steps.iter().find(|t| t.current).unwrap().remaining()
    }

    fn events(&self) -> Vec<facilitator::domain::event::EventRecord> {
        self.app.live.as_ref().unwrap().session.events().to_vec()
    }

    fn screen(&mut self) -> String {
        let now = self.clock.now();
        render(&self.app, 80, 24, now)
    }

    /// A new group, the guide started on its first step.
    fn started() -> H {
        let mut h = H::new();
        h.typ("Leeds");
        for _ in 0..3 {
            h.key(KeyCode::Tab, KeyModifiers::NONE);
        }
        h.typ("40-64");
        h.key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert!(h.app.live.is_some(), "the session was not created");
        h.typ("s");
        let live = h.app.live.as_ref().unwrap();
        assert!(live.session.state().started_at.is_some(), "not started");
        h
    }
}

impl Drop for H {
    fn drop(&mut self) {
        let now = self.clock.now();
        self.app.shutdown(now);
    }
}

#[test]
fn a_wall_clock_jump_is_recorded_once_and_changes_no_time() {
    let mut h = H::started();
    let planned = h.left();
    assert!(planned > 200, "{planned}");

    // A minute passes, and the computer's clock is put two hours ahead.
    h.step(60 + 7_200, 60);
    assert_eq!(
        h.left(),
        planned - 60,
        "the countdown moves on by the minute"
    );
    let screen = h.screen();
    assert!(
        screen.contains("Computer clock jumped 2:00:00 ahead; the session keeps real time."),
        "{screen}"
    );
    let jumps: Vec<_> = h
        .events()
        .into_iter()
        .filter(|e| matches!(e.event, Event::ClockJumped { .. }))
        .collect();
    assert_eq!(jumps.len(), 1);
    assert_eq!(jumps[0].event, Event::ClockJumped { by_s: 7_200 });
    assert_eq!(jumps[0].at, t0() + TimeDelta::seconds(60));

    // Said once: a later look at the clock records nothing more.
    h.step(5, 5);
    assert_eq!(h.left(), planned - 65);
    // The next step is stamped with the time that passed.
    h.key(KeyCode::Right, KeyModifiers::NONE);
    let last = h.events().last().unwrap().clone();
    assert!(matches!(last.event, Event::StepEntered { .. }), "{last:?}");
    assert_eq!(last.at, t0() + TimeDelta::seconds(65));
    let planned2 = h.left();

    // Put back, and an hour further: the countdown does not stop.
    h.step(30 - 7_200 - 3_600, 30);
    assert_eq!(h.left(), planned2 - 30);
    let events = h.events();
    let jumps: Vec<&Event> = events
        .iter()
        .map(|e| &e.event)
        .filter(|e| matches!(e, Event::ClockJumped { .. }))
        .collect();
    assert_eq!(
        jumps,
        [
            &Event::ClockJumped { by_s: 7_200 },
            &Event::ClockJumped { by_s: -10_800 }
        ]
    );
    assert!(h.screen().contains("clock jumped 3:00:00 back"));
    // Every stamp is within the 95 s that passed.
    for e in &events {
        assert!(e.at <= t0() + TimeDelta::seconds(95), "{e:?}");
    }
    // The export's timing is the time that passed; the jumps are only noted.
    let md = export::markdown(&facilitator::stimulus::embedded(), events, false);
    assert!(md.contains("| Arrival | "), "{md}");
    assert!(
        md.contains("> The computer's clock was changed during the session (2:00:00 ahead at 18:01 UTC, 3:00:00 back at 18:01 UTC)"),
        "{md}"
    );
    let arrival = md.lines().find(|l| l.starts_with("| Arrival |")).unwrap();
    assert!(arrival.contains("| 1:05 |"), "{arrival}");
}

#[test]
fn a_suspend_of_two_minutes_is_time_passing() {
    // SIGSTOP, or the lid closed, for 120 s: the wall clock and the clock
    // that counts suspend both move on, so nothing jumped and the group
    // waited two minutes.
    let mut h = H::started();
    let planned = h.left();
    let before = h.events().len();
    h.step(120, 120);
    assert_eq!(h.left(), planned - 120);
    assert_eq!(h.events().len(), before, "nothing recorded");
    assert!(!h.screen().contains("clock jumped"));
    h.typ("p");
    assert_eq!(
        h.events().last().unwrap().at,
        t0() + TimeDelta::seconds(120)
    );
}
