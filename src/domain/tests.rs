//! Unit tests of the domain core on the built-in pack, with a clock the
//! tests control.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::clock::{Level, Schedule, active_secs, hms};
use super::event::{Event, NoteKind, NotePlace};
use super::plan::Plan;
use super::profile::{GroupProfile, Participant};
use super::session::Session;
use super::state::SessionState;
use crate::stimulus::{Pack, embedded};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 18, 0, 0)
        .single()
        .unwrap_or_default()
}

fn mins(m: i64) -> Duration {
    Duration::seconds(m * 60)
}

fn profile() -> GroupProfile {
    GroupProfile {
        location: "Ashford, Kent".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
        ..Default::default()
    }
}

fn new_session(pack: &Pack, plan: &str) -> Session {
    let first = Session::created_event("g1", plan, pack, profile(), t0());
    Session::from_events(pack, vec![first])
}

fn started(pack: &Pack, plan: &str) -> Session {
    let mut s = new_session(pack, plan);
    s.record(pack, Event::Started, t0()).unwrap();
    let first = s.plan().steps[0].key.clone();
    s.record(pack, Event::StepEntered { step: first }, t0())
        .unwrap();
    s
}

fn person(id: u32, label: &str) -> Participant {
    Participant {
        id,
        label: label.into(),
        gender: "Female".into(),
        age_band: "40-64".into(),
        ..Default::default()
    }
}

#[test]
fn full_plan_follows_the_guide() {
    let pack = embedded();
    let plan = Plan::build(&pack, "full", None);
    let keys: Vec<&str> = plan.steps.iter().map(|s| s.key.as_str()).collect();
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
            "discuss-b-1",
            "discuss-a-2",
            "discuss-b-2",
            "discuss-a-3",
            "discuss-b-3",
            "change"
        ]
    );
    let minutes: Vec<u32> = plan.steps.iter().map(|s| s.minutes).collect();
    assert_eq!(minutes, [10, 5, 5, 5, 5, 5, 10, 15, 10, 15, 10, 15, 10, 10]);
    assert_eq!(plan.target_minutes, 120);
}

#[test]
fn mini_plan_discusses_two_ideas_in_105_minutes() {
    let pack = embedded();
    let plan = Plan::build(&pack, "mini", None);
    assert_eq!(plan.target_minutes, 105);
    assert_eq!(plan.total_minutes(), 105);
    assert_eq!(plan.steps.iter().filter_map(|s| s.slot).max(), Some(2));
    let two = Plan::build(&pack, "full", Some(2));
    assert_eq!(two.steps.len(), 12);
}

#[test]
fn active_time_leaves_out_pauses() {
    let a = t0();
    let pauses = vec![(a + mins(2), Some(a + mins(5))), (a + mins(8), None)];
    assert_eq!(active_secs(&pauses, a, a + mins(10)), 5 * 60);
    assert_eq!(active_secs(&pauses, a + mins(3), a + mins(4)), 0);
    assert_eq!(active_secs(&[], a + mins(4), a), 0);
}

#[test]
fn countdown_levels_and_overrun() {
    let pack = embedded();
    let s = started(&pack, "full");
    // Arrival is 10 minutes.
    let at = |m: i64, sec: i64| {
        let sched = Schedule::at(s.state(), s.plan(), t0() + mins(m) + Duration::seconds(sec));
        let cur = sched.current().cloned().unwrap();
        (cur.remaining(), cur.level())
    };
    assert_eq!(at(0, 0), (600, Level::Plenty));
    assert_eq!(at(7, 59), (121, Level::Plenty));
    assert_eq!(at(8, 0), (120, Level::Low));
    assert_eq!(at(9, 30), (30, Level::Critical));
    assert_eq!(at(11, 15), (-75, Level::Over));
    assert_eq!(hms(-75), "1:15");
    assert_eq!(hms(3725), "1:02:05");
}

#[test]
fn pause_stops_the_step_and_session_clocks() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    s.record(&pack, Event::Paused, t0() + mins(3)).unwrap();
    let sched = Schedule::at(s.state(), s.plan(), t0() + mins(20));
    assert!(sched.paused);
    assert_eq!(sched.elapsed, 180);
    assert_eq!(sched.wall, 1200);
    assert_eq!(sched.current().unwrap().remaining(), 420);
    assert!(s.record(&pack, Event::Paused, t0() + mins(21)).is_err());
    s.record(&pack, Event::Resumed, t0() + mins(20)).unwrap();
    let sched = Schedule::at(s.state(), s.plan(), t0() + mins(22));
    assert_eq!(sched.elapsed, 300);
    assert!(!sched.paused);
    assert!(s.record(&pack, Event::Resumed, t0() + mins(23)).is_err());
}

#[test]
fn revisiting_a_step_adds_to_its_time() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    let go = |s: &mut Session, step: &str, m: i64| {
        s.record(
            &pack,
            Event::StepEntered { step: step.into() },
            t0() + mins(m),
        )
        .unwrap();
    };
    go(&mut s, "capabilities", 4);
    go(&mut s, "arrival", 6);
    go(&mut s, "capabilities", 7);
    let sched = Schedule::at(s.state(), s.plan(), t0() + mins(9));
    let arrival = &sched.steps[0];
    assert_eq!(arrival.used, 5 * 60);
    let caps = &sched.steps[1];
    assert_eq!(caps.used, 4 * 60);
    assert!(caps.current);
}

#[test]
fn slip_and_suggested_cuts() {
    let pack = embedded();
    let mut s = started(&pack, "mini");
    // Mini plan: 105 minutes planned for 105. On plan at the start.
    let sched = Schedule::at(s.state(), s.plan(), t0());
    assert_eq!(sched.slip(), 0);
    assert!(sched.cuts.is_empty());
    // Arrival runs 18 minutes instead of 10: 8 minutes behind.
    s.record(
        &pack,
        Event::StepEntered {
            step: "capabilities".into(),
        },
        t0() + mins(18),
    )
    .unwrap();
    let sched = Schedule::at(s.state(), s.plan(), t0() + mins(18));
    assert_eq!(sched.slip(), 8 * 60);
    let total: i64 = sched.cuts.iter().map(|c| c.minutes).sum();
    assert!(total >= 8, "cuts cover the slip: {:?}", sched.cuts);
    for c in &sched.cuts {
        let planned = s.plan().get(&c.key).unwrap().minutes as i64;
        assert!(c.minutes * 2 <= planned, "never below half: {c:?}");
        assert_ne!(c.key, "capabilities", "the current step is not cut");
        assert_ne!(c.key, "arrival", "a step already done is not cut");
    }
    // Leaving capabilities early gives time back: ahead.
    s.record(
        &pack,
        Event::StepEntered {
            step: "life-stage".into(),
        },
        t0() + mins(18) + Duration::seconds(30),
    )
    .unwrap();
    let sched = Schedule::at(s.state(), s.plan(), t0() + mins(19));
    assert_eq!(sched.slip(), 8 * 60 - (5 * 60 - 30));
}

#[test]
fn full_plan_shows_its_overrun_from_the_start() {
    let pack = embedded();
    let s = started(&pack, "full");
    let sched = Schedule::at(s.state(), s.plan(), t0());
    assert_eq!(sched.projected, 130 * 60);
    assert_eq!(sched.slip(), 10 * 60);
    assert_eq!(sched.cuts.iter().map(|c| c.minutes).sum::<i64>(), 10);
}

#[test]
fn finishing_stops_the_clock() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    s.record(&pack, Event::Finished, t0() + mins(30)).unwrap();
    let sched = Schedule::at(s.state(), s.plan(), t0() + mins(90));
    assert_eq!(sched.elapsed, 30 * 60);
    assert!(sched.current().is_none());
    assert!(!s.state().is_live());
}

#[test]
fn folding_the_saved_events_gives_the_same_state() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    let t = |m| t0() + mins(m);
    s.record(
        &pack,
        Event::ParticipantAdded {
            participant: person(1, "Sue"),
        },
        t(1),
    )
    .unwrap();
    s.record(
        &pack,
        Event::ParticipantAdded {
            participant: person(2, "Ann"),
        },
        t(1),
    )
    .unwrap();
    s.record(
        &pack,
        Event::ConsentGiven {
            participant: 1,
            consent: true,
        },
        t(2),
    )
    .unwrap();
    let place = NotePlace {
        step: "arrival".into(),
        section: None,
        idea: None,
    };
    s.record(
        &pack,
        Event::NoteAdded {
            id: 1,
            kind: NoteKind::Quote,
            place: place.clone(),
            text: "You need help when you need it most.".into(),
            participant: Some(1),
            codes: vec!["security".into()],
            begun: None,
        },
        t(3),
    )
    .unwrap();
    s.record(
        &pack,
        Event::NoteEdited {
            id: 1,
            text: "You need to know the help is there.".into(),
            participant: Some(1),
            codes: vec![],
        },
        t(4),
    )
    .unwrap();
    s.record(
        &pack,
        Event::FlipchartAdded {
            step: "capabilities".into(),
            text: "Health".into(),
        },
        t(5),
    )
    .unwrap();
    s.record(
        &pack,
        Event::FlipchartAdded {
            step: "capabilities".into(),
            text: "Family".into(),
        },
        t(5),
    )
    .unwrap();
    s.record(
        &pack,
        Event::FlipchartRemoved {
            step: "capabilities".into(),
            index: 0,
        },
        t(6),
    )
    .unwrap();
    s.record(
        &pack,
        Event::ProbeTicked {
            step: "arrival".into(),
            section: None,
            probe: 0,
            covered: true,
        },
        t(6),
    )
    .unwrap();
    s.record(&pack, Event::ParticipantRemoved { id: 2 }, t(7))
        .unwrap();

    let json = serde_json::to_string(s.events()).unwrap();
    let back: Vec<super::event::EventRecord> = serde_json::from_str(&json).unwrap();
    let folded = SessionState::fold(&back);
    assert_eq!(&folded, s.state());
    assert_eq!(folded.notes[0].text, "You need to know the help is there.");
    assert!(folded.notes[0].edited);
    assert_eq!(folded.flipchart["capabilities"], vec!["Family".to_string()]);
    assert_eq!(folded.roster().count(), 1);
    assert_eq!(folded.participants[&1].consent, Some(true));
    let seqs: Vec<u64> = back.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
}

#[test]
fn bad_actions_are_refused_and_change_nothing() {
    let pack = embedded();
    let mut s = new_session(&pack, "full");
    let before = s.state().clone();
    let place = NotePlace {
        step: "arrival".into(),
        section: None,
        idea: None,
    };
    let refused = [
        Event::StepEntered {
            step: "arrival".into(),
        },
        Event::Paused,
        Event::ParticipantAdded {
            participant: person(1, "  "),
        },
        Event::ConsentGiven {
            participant: 9,
            consent: true,
        },
        Event::NoteDeleted { id: 1 },
        Event::IdeasPlanned { count: 0 },
        Event::IdeasPlanned { count: 4 },
        Event::FlipchartRemoved {
            step: "capabilities".into(),
            index: 0,
        },
        Event::NoteAdded {
            id: 1,
            kind: NoteKind::Note,
            place: place.clone(),
            text: "   ".into(),
            participant: None,
            codes: vec![],
            begun: None,
        },
        Event::NoteAdded {
            id: 1,
            kind: NoteKind::Quote,
            place: place.clone(),
            text: "x".into(),
            participant: Some(4),
            codes: vec![],
            begun: None,
        },
        Event::NoteAdded {
            id: 1,
            kind: NoteKind::Note,
            place: place.clone(),
            text: "x".into(),
            participant: None,
            codes: vec!["nonsense".into()],
            begun: None,
        },
        Event::NoteAdded {
            id: 1,
            kind: NoteKind::Note,
            place: NotePlace {
                step: "nowhere".into(),
                ..place.clone()
            },
            text: "x".into(),
            participant: None,
            codes: vec![],
            begun: None,
        },
        Event::Created {
            id: "x".into(),
            uuid: None,
            device: None,
            plan: "full".into(),
            pack: String::new(),
            pack_hash: None,
            profile: profile(),
        },
        Event::ProfileChanged {
            profile: GroupProfile::default(),
        },
    ];
    for ev in refused {
        let r = s.record(&pack, ev.clone(), t0());
        assert!(r.is_err(), "{ev:?} should be refused");
        assert!(!r.unwrap_err().0.is_empty());
    }
    assert_eq!(s.state(), &before);
    assert_eq!(s.events().len(), 1);
    s.record(
        &pack,
        Event::ParticipantAdded {
            participant: person(1, "Sue"),
        },
        t0(),
    )
    .unwrap();
    let dup = s.record(
        &pack,
        Event::ParticipantAdded {
            participant: person(2, "sue"),
        },
        t0(),
    );
    assert!(dup.unwrap_err().0.contains("already called"));
}

#[test]
fn the_timeline_never_goes_back_in_time() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    let rec = s.record(&pack, Event::Paused, t0() - mins(5)).unwrap();
    assert_eq!(rec.at, t0());
}

#[test]
fn ideas_planned_changes_the_plan() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    assert_eq!(s.plan().steps.len(), 14);
    s.record(&pack, Event::IdeasPlanned { count: 2 }, t0())
        .unwrap();
    assert_eq!(s.plan().steps.len(), 12);
    let again = Session::from_events(&pack, s.events().to_vec());
    assert_eq!(again.plan(), s.plan());
}

fn quote_at(
    s: &mut Session,
    pack: &Pack,
    id: u32,
    begun: Option<DateTime<Utc>>,
    at: DateTime<Utc>,
) {
    s.record(
        pack,
        Event::NoteAdded {
            id,
            kind: NoteKind::Quote,
            place: NotePlace {
                step: "arrival".into(),
                section: None,
                idea: None,
            },
            text: format!("quote {id}"),
            participant: None,
            codes: vec![],
            begun,
        },
        at,
    )
    .unwrap();
}

#[test]
fn tape_offsets_follow_recordings_pauses_and_shifts() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    let t = |m: i64, sec: i64| t0() + mins(m) + Duration::seconds(sec);
    // Before any recording: no offset, nothing guessed.
    quote_at(&mut s, &pack, 1, None, t(1, 0));
    s.record(
        &pack,
        Event::RecordingStarted {
            name: Some("group1.wav".into()),
        },
        t(2, 0),
    )
    .unwrap();
    // A pause of the session clock does not stop the recorder.
    s.record(&pack, Event::Paused, t(3, 0)).unwrap();
    s.record(&pack, Event::Resumed, t(8, 0)).unwrap();
    // Typed from 10:00 to 10:40: the offset is from when typing began.
    quote_at(&mut s, &pack, 2, Some(t(10, 0)), t(10, 40));
    s.record(&pack, Event::RecordingStopped, t(20, 0)).unwrap();
    quote_at(&mut s, &pack, 3, None, t(21, 0));
    s.record(&pack, Event::RecordingStarted { name: None }, t(30, 0))
        .unwrap();
    quote_at(&mut s, &pack, 4, None, t(45, 5));
    // The second recorder really started 12 s after the key press.
    s.record(
        &pack,
        Event::RecordingShifted {
            recording: 2,
            seconds: 15,
        },
        t(46, 0),
    )
    .unwrap();
    s.record(
        &pack,
        Event::RecordingShifted {
            recording: 2,
            seconds: -3,
        },
        t(46, 1),
    )
    .unwrap();
    let st = s.state();
    let off = |id: u32| st.note_offset(st.notes.iter().find(|n| n.id == id).unwrap());
    assert_eq!(off(1), None);
    assert_eq!(off(2), Some((1, 8 * 60)));
    assert_eq!(off(3), None);
    assert_eq!(off(4), Some((2, 15 * 60 + 5 - 12)));
    assert_eq!(st.recordings[0].name.as_deref(), Some("group1.wav"));
    assert_eq!(st.recordings[1].shift, 12);
    assert!(st.recording_now());
    // The shift is itself in the timeline, and folding gives the same.
    assert_eq!(&SessionState::fold(s.events()), s.state());
    // Refusals change nothing.
    assert!(
        s.record(
            &pack,
            Event::RecordingShifted {
                recording: 3,
                seconds: 1
            },
            t(47, 0)
        )
        .is_err()
    );
    assert!(
        s.record(
            &pack,
            Event::RecordingNamed {
                recording: 1,
                name: "  ".into()
            },
            t(47, 0)
        )
        .is_err()
    );
    s.record(&pack, Event::RecordingStopped, t(50, 0)).unwrap();
    assert!(s.record(&pack, Event::RecordingStopped, t(51, 0)).is_err());
}

#[test]
fn only_quotes_are_starred() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    quote_at(&mut s, &pack, 1, None, t0());
    s.record(
        &pack,
        Event::NoteStarred {
            id: 1,
            starred: true,
        },
        t0(),
    )
    .unwrap();
    assert!(s.state().notes[0].starred);
    s.record(
        &pack,
        Event::NoteStarred {
            id: 1,
            starred: false,
        },
        t0(),
    )
    .unwrap();
    assert!(!s.state().notes[0].starred);
    s.record(
        &pack,
        Event::NoteAdded {
            id: 2,
            kind: NoteKind::Note,
            place: NotePlace {
                step: "arrival".into(),
                section: None,
                idea: None,
            },
            text: "a note".into(),
            participant: None,
            codes: vec![],
            begun: None,
        },
        t0(),
    )
    .unwrap();
    assert!(
        s.record(
            &pack,
            Event::NoteStarred {
                id: 2,
                starred: true
            },
            t0()
        )
        .is_err()
    );
    assert!(
        s.record(
            &pack,
            Event::NoteStarred {
                id: 9,
                starred: true
            },
            t0()
        )
        .is_err()
    );
}

#[test]
fn an_ended_session_records_nothing_until_it_is_reopened() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    s.record(
        &pack,
        Event::ParticipantAdded {
            participant: person(1, "Sue"),
        },
        t0(),
    )
    .unwrap();
    s.record(&pack, Event::Finished, t0() + mins(30)).unwrap();
    let step = s.plan().steps[1].key.clone();
    let note = Event::NoteAdded {
        id: 1,
        kind: NoteKind::Note,
        place: NotePlace {
            step: step.clone(),
            ..Default::default()
        },
        text: "after the end".into(),
        participant: None,
        codes: vec![],
        begun: None,
    };
    let refused = [
        note.clone(),
        Event::StepEntered { step: step.clone() },
        Event::PosterCounted {
            idea: 1,
            counts: crate::domain::event::Counts::green_red(1, 0),
        },
        Event::Presence {
            participant: 1,
            present: false,
        },
    ];
    for ev in refused {
        let why = s
            .record(&pack, ev.clone(), t0() + mins(31))
            .expect_err("recorded after the end");
        assert!(why.0.contains("has ended"), "{ev:?}: {why}");
    }
    let n = s.events().len();
    // Opening and closing the app, and a change of the computer's clock
    // seen meanwhile, are still recorded.
    s.record(&pack, Event::Opened { recovered: None }, t0() + mins(40))
        .unwrap();
    s.record(&pack, Event::ClockJumped { by_s: 3600 }, t0() + mins(40))
        .unwrap();
    s.record(&pack, Event::Closed, t0() + mins(41)).unwrap();
    assert_eq!(s.events().len(), n + 3);
    // Reopened: recording works again, and the time it stood ended is no
    // session time.
    s.record(&pack, Event::Reopened, t0() + mins(50)).unwrap();
    assert!(s.state().is_live());
    s.record(&pack, note, t0() + mins(51)).unwrap();
    let sched = Schedule::at(s.state(), s.plan(), t0() + mins(60));
    assert_eq!(sched.elapsed, 40 * 60);
    let why = s
        .record(&pack, Event::Reopened, t0() + mins(61))
        .expect_err("reopened twice");
    assert!(why.0.contains("not ended"), "{why}");
    // Folding the saved events gives the same state.
    assert_eq!(&SessionState::fold(s.events()), s.state());
}

#[test]
fn presence_is_recorded_with_its_times() {
    let pack = embedded();
    let mut s = started(&pack, "full");
    s.record(
        &pack,
        Event::ParticipantAdded {
            participant: person(1, "Sue"),
        },
        t0(),
    )
    .unwrap();
    let out = Event::Presence {
        participant: 1,
        present: false,
    };
    let back = Event::Presence {
        participant: 1,
        present: true,
    };
    let why = s.record(&pack, back.clone(), t0()).expect_err("not out");
    assert_eq!(why.0, "Sue is already in the room.");
    s.record(&pack, out.clone(), t0() + mins(5)).unwrap();
    assert_eq!(s.state().out_since(1), Some(t0() + mins(5)));
    let why = s.record(&pack, out, t0() + mins(6)).expect_err("out twice");
    assert_eq!(why.0, "Sue is already out of the room.");
    s.record(&pack, back, t0() + mins(9)).unwrap();
    assert_eq!(s.state().out_since(1), None);
    let a = &s.state().away;
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0].participant, a[0].from, a[0].to),
        (1, t0() + mins(5), Some(t0() + mins(9)))
    );
}
