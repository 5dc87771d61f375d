//! `facilitator replay`: the replay's fold checked against the live state,
//! its clock, `--print` as a snapshot, errors that name the file, and the
//! replay screen at 80×24.
//!
//! Regenerate snapshots with `INSTA_UPDATE=always cargo test --test replay`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration as StdDuration, Instant};

mod common;

use chrono::NaiveDate;
use facilitator::domain::event::{Event, EventRecord, NoteKind, PickKind, Scale};
use facilitator::domain::ideas::Coverage;
use facilitator::domain::profile::GroupProfile;
use facilitator::domain::session::Session;
use facilitator::domain::state::SessionState;
use facilitator::replay::timeline::{Seen, fold_at};
use facilitator::replay::{self, Replay, Window};
use facilitator::stimulus::{Pack, embedded};
use facilitator::store::SessionsDir;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

use common::fixtures::{
    at, consent, gallery_votes, joined as person, note, pick, record_script, step,
};

const ID: &str = "2026-11-29-ashford-kent";

/// A whole group with fixed timestamps: the events, and the live state
/// after each one was recorded (what the moderator's app held then).
fn group(pack: &Pack) -> (Vec<EventRecord>, Vec<SessionState>) {
    let profile = GroupProfile {
        location: "Ashford, Kent".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
        age_band: "40-64".into(),
        social_grade: "C2DE".into(),
        moderator: "Jo".into(),
        ..Default::default()
    };
    let mut s = Session::from_events(
        pack,
        vec![Session::created_event(ID, "full", pack, profile, at(0))],
    );
    let mut states = vec![s.state().clone()];
    let mut script: Vec<(i64, Event)> = vec![
        (60, person(1, "Sarah", "Female", "40-64")),
        (70, person(2, "Dev", "Male", "25-39")),
        (80, person(3, "Margaret", "Female", "65+")),
        (90, consent(1, true)),
        (95, consent(2, true)),
        (100, consent(3, false)),
        (300, Event::Started),
        (300, step("arrival")),
        (
            420,
            note(
                1,
                NoteKind::Note,
                "arrival",
                None,
                None,
                "Two arrived late;\nstarted at 18:05.",
                &[],
            ),
        ),
        (900, step("capabilities")),
        (
            930,
            Event::FlipchartAdded {
                step: "capabilities".into(),
                text: "Health".into(),
            },
        ),
        (
            960,
            Event::FlipchartAdded {
                step: "capabilities".into(),
                text: "Family and friends".into(),
            },
        ),
        (
            990,
            Event::FlipchartAdded {
                step: "capabilities".into(),
                text: "Security".into(),
            },
        ),
        (
            1020,
            note(
                2,
                NoteKind::Note,
                "capabilities",
                None,
                None,
                "Security in old age came up first.",
                &["security"],
            ),
        ),
        (
            1060,
            note(
                3,
                NoteKind::Quote,
                "capabilities",
                None,
                Some(1),
                "You need to feel safe in your own home, that's the main thing.",
                &[],
            ),
        ),
        (
            1080,
            Event::ProbeTicked {
                step: "capabilities".into(),
                section: None,
                probe: 0,
                covered: true,
            },
        ),
        (1200, step("life-stage")),
        (1260, Event::Paused),
        (1380, Event::Resumed),
        (1500, step("assistance")),
        (1800, step("why-public-services")),
        (2100, step("are-they-important")),
        (2400, step("gallery")),
    ];
    script.extend(gallery_votes());
    script.extend(vec![
        (
            2840,
            pick(
                3,
                8,
                PickKind::Joker,
                6,
                Some("The group wanted a local idea."),
            ),
        ),
        (3000, step("discuss-a-1")),
        (
            3100,
            note(
                4,
                NoteKind::Quote,
                "discuss-a-1",
                Some("desirability"),
                Some(2),
                "If I had the budget myself I'd spend it better.",
                &[],
            ),
        ),
        (
            3200,
            Event::SectionEntered {
                section: "equity".into(),
            },
        ),
        (
            3250,
            Event::EquityTicked {
                idea: 4,
                dimension: "Age".into(),
                on: true,
            },
        ),
        (
            3300,
            Event::Rated {
                idea: Some(4),
                scale: Scale::Desirable,
                value: Some(7),
                dont_know: false,
            },
        ),
        (3600, Event::Closed),
        (5400, Event::Opened { recovered: None }),
        (5460, step("discuss-b-1")),
        (6000, Event::Finished),
    ]);
    record_script(pack, &mut s, script, |s| states.push(s.state().clone()));
    (s.events().to_vec(), states)
}

/// The group saved in a fresh sessions folder.
fn saved(pack: &Pack) -> (TempDir, SessionsDir, Vec<EventRecord>) {
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    let (events, _) = group(pack);
    dir.create(ID, &events).unwrap().close().unwrap();
    (tmp, dir, events)
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn replay_of(pack: &Pack, events: Vec<EventRecord>) -> Replay {
    Replay::new(pack.clone(), events, Coverage::default()).unwrap()
}

#[test]
fn fold_at_any_moment_is_the_live_state_then() {
    let pack = embedded();
    let (events, live) = group(&pack);
    for (i, e) in events.iter().enumerate() {
        // Every event at or before this one's moment (several share one).
        let k = events.iter().take_while(|x| x.at <= e.at).count();
        assert!(k > i);
        let folded = fold_at(&pack, &events, e.at);
        assert_eq!(
            folded.state(),
            &live[k - 1],
            "at event {} ({:?})",
            i + 1,
            e.event
        );
    }
    // Between events: the state of the last one before.
    let folded = fold_at(&pack, &events, at(1100));
    assert_eq!(folded.state().current_step.as_deref(), Some("capabilities"));
    assert_eq!(folded.state(), &live[16]);
    assert_eq!(folded.state().notes.len(), 3);
    // Before the first event: nothing.
    assert_eq!(fold_at(&pack, &events, at(-1)).events().len(), 0);
}

#[test]
fn stepping_event_by_event_matches_the_live_state_forwards_and_back() {
    let pack = embedded();
    let (events, live) = group(&pack);
    let n = events.len();
    let mut r = replay_of(&pack, events.clone());
    let real = Instant::now();
    assert_eq!(r.session().state(), &live[0]);
    for k in 2..=n {
        r.next_event(real);
        assert_eq!(r.applied(), k);
        assert_eq!(r.session().state(), &live[k - 1], "after event {k}");
        assert_eq!(r.t(), events[k - 1].at);
    }
    // Past the end: stays.
    r.next_event(real);
    assert_eq!(r.applied(), n);
    for k in (1..n).rev().step_by(7) {
        while r.applied() > k {
            r.prev_event(real);
        }
        assert_eq!(r.session().state(), &live[k - 1], "back at event {k}");
    }
    r.end(real);
    assert_eq!(r.session().state(), &live[n - 1]);
    r.home(real);
    assert_eq!(r.session().state(), &live[0]);
    assert!(!r.clock.playing(), "stepping pauses");
}

#[test]
fn jumping_to_a_step_shows_the_moment_it_was_entered() {
    let pack = embedded();
    let (events, live) = group(&pack);
    let mut r = replay_of(&pack, events);
    let real = Instant::now();
    let keys: Vec<&str> = r.marks.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "arrival",
            "capabilities",
            "life-stage",
            "assistance",
            "why-public-services",
            "are-they-important",
            "gallery",
            "discuss-a-1",
            "discuss-b-1"
        ]
    );
    let gallery = r.marks.iter().position(|m| m.key == "gallery").unwrap();
    r.jump_to_mark(gallery, real);
    assert_eq!(r.session().state().current_step.as_deref(), Some("gallery"));
    assert_eq!(r.session().state(), &live[r.applied() - 1]);
    assert_eq!(r.current_mark(), Some(gallery));
    // Back to the start of the guide: refolded from scratch.
    r.jump_to_mark(0, real);
    assert_eq!(r.session().state(), &live[r.applied() - 1]);
    assert!(r.session().state().notes.is_empty());
}

#[test]
fn playing_runs_the_timeline_at_the_speed_chosen() {
    let pack = embedded();
    let (events, live) = group(&pack);
    let mut r = replay_of(&pack, events);
    let real = Instant::now();
    r.toggle(real);
    assert!(r.clock.playing());
    for _ in 0..5 {
        r.clock.faster(real);
    }
    assert_eq!(r.clock.speed(), 60);
    // 15 real seconds at 60×: 15 minutes in, just after Capabilities began.
    r.tick(real + StdDuration::from_secs(15));
    assert_eq!(r.t(), at(900));
    assert_eq!(
        r.session().state().current_step.as_deref(),
        Some("capabilities")
    );
    assert_eq!(r.session().state(), &live[r.applied() - 1]);
    r.clock.slower(real + StdDuration::from_secs(15)); // 30×
    r.tick(real + StdDuration::from_secs(17));
    assert_eq!(r.t(), at(960));
    assert_eq!(
        r.session().state().flipchart["capabilities"],
        ["Health", "Family and friends"]
    );
    // Paused: time stands still.
    r.toggle(real + StdDuration::from_secs(17));
    r.tick(real + StdDuration::from_secs(100));
    assert_eq!(r.t(), at(960));
}

#[test]
fn playing_skips_the_time_the_app_was_closed_and_stops_at_the_end() {
    let pack = embedded();
    let (events, _) = group(&pack);
    let mut r = replay_of(&pack, events.clone());
    let real = Instant::now();
    let discuss = r.marks.iter().position(|m| m.key == "discuss-a-1").unwrap();
    r.jump_to_mark(discuss, real);
    r.toggle(real);
    for _ in 0..5 {
        r.clock.faster(real);
    }
    // 11 real seconds at 60× reach the Closed event at 1:00:00; the half
    // hour with the app closed is skipped to the moment it reopened.
    r.tick(real + StdDuration::from_secs(11));
    assert_eq!(r.t(), at(5400));
    assert!(matches!(
        r.last_event().unwrap().event,
        Event::Opened { .. }
    ));
    assert!(r.clock.playing());
    r.tick(real + StdDuration::from_secs(1000));
    assert_eq!(r.applied(), events.len());
    assert!(!r.clock.playing(), "at the end it pauses");
    assert!(!r.session().state().is_live());
    // Play again: from the start.
    r.toggle(real + StdDuration::from_secs(1001));
    assert!(r.clock.playing());
    assert_eq!(r.applied(), 1);
}

#[test]
fn the_screen_follows_what_the_moderator_was_doing() {
    let pack = embedded();
    let (events, _) = group(&pack);
    let mut r = replay_of(&pack, events);
    let real = Instant::now();
    assert_eq!(r.seen(), Seen::Roster);
    let cap = r
        .marks
        .iter()
        .position(|m| m.key == "capabilities")
        .unwrap();
    r.jump_to_mark(cap, real);
    assert_eq!(r.seen(), Seen::Guide);
    r.next_event(real);
    assert_eq!(r.seen(), Seen::Flipchart("capabilities".into()));
    let gallery = r.marks.iter().position(|m| m.key == "gallery").unwrap();
    r.jump_to_mark(gallery, real);
    r.next_event(real);
    assert_eq!(r.seen(), Seen::Stickers);
    while !matches!(r.last_event().unwrap().event, Event::IdeaPicked { .. }) {
        r.next_event(real);
    }
    assert_eq!(r.seen(), Seen::Picks);
    while !matches!(r.last_event().unwrap().event, Event::Rated { .. }) {
        r.next_event(real);
    }
    assert_eq!(r.seen(), Seen::Rate(Some(4)));
}

#[test]
fn keys_drive_the_replay() {
    let pack = embedded();
    let (events, _) = group(&pack);
    let mut r = replay_of(&pack, events);
    let real = Instant::now();
    let press = |r: &mut Replay, code: KeyCode| {
        replay::on_key(r, KeyEvent::new(code, KeyModifiers::NONE), real)
    };
    press(&mut r, KeyCode::Right);
    press(&mut r, KeyCode::Char('l'));
    assert_eq!(r.applied(), 3);
    press(&mut r, KeyCode::Left);
    assert_eq!(r.applied(), 2);
    press(&mut r, KeyCode::Char('>'));
    press(&mut r, KeyCode::Char('+'));
    assert_eq!(r.clock.speed(), 5);
    press(&mut r, KeyCode::Char('<'));
    assert_eq!(r.clock.speed(), 2);
    press(&mut r, KeyCode::Char(' '));
    assert!(r.clock.playing());
    press(&mut r, KeyCode::Char(' '));
    assert!(!r.clock.playing());
    press(&mut r, KeyCode::Char('g'));
    assert_eq!(r.window, Some(Window::Jump(0)));
    press(&mut r, KeyCode::Down);
    press(&mut r, KeyCode::Enter);
    assert_eq!(r.window, None);
    assert_eq!(
        r.session().state().current_step.as_deref(),
        Some("capabilities")
    );
    press(&mut r, KeyCode::End);
    assert!(!r.session().state().is_live());
    press(&mut r, KeyCode::Home);
    assert_eq!(r.applied(), 1);
    press(&mut r, KeyCode::Char('?'));
    assert_eq!(r.window, Some(Window::Help));
    press(&mut r, KeyCode::Char('x'));
    assert_eq!(r.window, None);
    assert!(!r.quit);
    press(&mut r, KeyCode::Char('q'));
    assert!(r.quit);
}

#[test]
fn print_writes_a_line_per_event() {
    let pack = embedded();
    let (_tmp, dir, events) = saved(&pack);
    let before = files(dir.path());
    let mut out = Vec::new();
    // A unique id prefix is enough.
    replay::print(&dir, &pack, "2026-11-29-ash", &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), events.len());
    insta::assert_snapshot!("print_timeline", text);
    // By path too, and nothing in the folder changed.
    let path = dir.path().join(format!("{ID}.json"));
    let mut again = Vec::new();
    replay::print(
        &SessionsDir::new("elsewhere"),
        &pack,
        path.to_str().unwrap(),
        &mut again,
    )
    .unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), text);
    assert_eq!(
        files(dir.path()),
        before,
        "replay wrote to the sessions folder"
    );
}

#[test]
fn a_bad_file_is_named_with_line_and_column() {
    let pack = embedded();
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path());
    std::fs::write(
        tmp.path().join("broken.json"),
        "{\"schema\": 1,\n  \"events\": [oops]}\n",
    )
    .unwrap();
    let err = replay::print(&dir, &pack, "broken", &mut Vec::new()).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("broken.json:2:"), "{msg}");

    let err = replay::print(&dir, &pack, "nothing-here", &mut Vec::new()).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("nothing-here"), "{msg}");

    let err = replay::run(&dir, &pack, "notes.txt", true).unwrap_err();
    assert!(format!("{err:#}").contains("notes.txt"), "{err:#}");
}

fn render(r: &Replay, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| replay::view::draw(f, r)).unwrap();
    terminal.backend().to_string()
}

#[test]
fn replay_screen_at_two_moments() {
    let pack = embedded();
    let (events, _) = group(&pack);
    let mut r = replay_of(&pack, events);
    let real = Instant::now();

    // Capabilities, after Sarah's quote: the guide as the moderator saw it,
    // the quote in the notes, the clock at 2:40 into the step.
    while !matches!(
        r.last_event().unwrap().event,
        Event::NoteAdded { id: 3, .. }
    ) {
        r.next_event(real);
    }
    let text = render(&r, 80, 24);
    assert!(text.contains("REPLAY"), "{text}");
    assert!(text.contains("⏸ paused"), "{text}");
    assert!(text.contains("quote from Sarah"), "{text}");
    assert!(text.contains("Capabilities"), "{text}");
    insta::assert_snapshot!("screen_capabilities_quote_80x24", text);

    // The picks, playing at 10×.
    while !matches!(
        r.last_event().unwrap().event,
        Event::IdeaPicked { slot: 3, .. }
    ) {
        r.next_event(real);
    }
    r.toggle(real);
    for _ in 0..3 {
        r.clock.faster(real);
    }
    r.tick(real + StdDuration::from_secs(3));
    let text = render(&r, 80, 24);
    assert!(text.contains("▶ playing"), "{text}");
    assert!(text.contains("10×"), "{text}");
    insta::assert_snapshot!("screen_gallery_picks_80x24", text);

    // The jump list and the help, over the screen.
    r.window = Some(Window::Jump(2));
    insta::assert_snapshot!("screen_jump_list_80x24", render(&r, 80, 24));

    let small = render(&r, 70, 20);
    assert!(small.contains("terminal too small"), "{small}");
}

/// The replay draws the app's own flip chart and rating windows (the shared
/// widgets), cell for cell what the live app draws for the same moment.
#[test]
fn replay_windows_are_the_apps_own_windows() {
    use facilitator::tui::overlays::{self, Overlay};
    use facilitator::tui::screens::guide::{self, GuideState};

    let pack = embedded();
    let (events, _) = group(&pack);
    let mut r = replay_of(&pack, events);
    let real = Instant::now();
    // Every moment of the session, from the first event to the last.
    r.home(real);
    let mut checked = 0;
    loop {
        let window = match r.seen() {
            Seen::Flipchart(step) => Some(Overlay::flipchart(step)),
            Seen::Rate(idea) => Some(Overlay::Rate { idea, sel: 0 }),
            _ => None,
        };
        if let Some(ov) = window {
            let mut replayed = Terminal::new(TestBackend::new(80, 24)).unwrap();
            replayed.draw(|f| replay::view::draw(f, &r)).unwrap();
            // The live app at the same moment, in the rows above the replay's bar.
            let mut live = Terminal::new(TestBackend::new(80, 20)).unwrap();
            live.draw(|f| {
                let area = f.area();
                let s = r.session();
                guide::draw(f, area, &GuideState::default(), s, &pack, r.t());
                overlays::draw(f, area, &ov, &pack, Some(s), &r.coverage, false, r.t());
            })
            .unwrap();
            let (a, b) = (replayed.backend().buffer(), live.backend().buffer());
            for y in 0..20 {
                for x in 0..80 {
                    assert_eq!(a.cell((x, y)), b.cell((x, y)), "{ov:?} at {x},{y}");
                }
            }
            checked += 1;
        }
        if r.applied() == r.events().len() {
            break;
        }
        r.next_event(real);
    }
    assert!(checked >= 2, "saw {checked} windows");
}
