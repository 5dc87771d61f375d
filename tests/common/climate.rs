//! The climate panel (stimulus/examples/climate-panel) and two of its
//! groups as events: the dot vote, both picks (most dots, the moderator's
//! choice), a note in the first discussion and 1-5 ratings. For the tests
//! of what the exports and the report take from a pack other than the
//! built-in one.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use facilitator::domain::event::{Event, NoteKind, NotePlace, PickKind, Scale};
use facilitator::domain::profile::{GroupProfile, Participant};
use facilitator::domain::session::Session;
use facilitator::stimulus::Pack;
use facilitator::stimulus::load::load_dir;
use facilitator::store::SessionsDir;
use tempfile::TempDir;

/// The climate panel's folder.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("stimulus/examples/climate-panel")
}

/// The climate panel, loaded.
pub fn pack() -> Pack {
    load_dir(&dir()).unwrap_or_else(|p| panic!("{p:?}"))
}

/// The instant the groups of these tests are recorded at.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A new group `id` on `plan` in Hackney with `people` on its roster
/// (R1, R2, …), recorded with any pack.
pub fn roster(pack: &Pack, id: &str, plan: &str, people: u32) -> Session {
    let profile = GroupProfile {
        location: "Hackney, London".into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 1),
        ..Default::default()
    };
    let first = Session::created_event(id, plan, pack, profile, t0());
    let mut s = Session::from_events(pack, vec![first]);
    for i in 1..=people {
        let participant = Participant {
            id: i,
            label: format!("R{i}"),
            ..Default::default()
        };
        ok(&mut s, pack, Event::ParticipantAdded { participant });
    }
    s
}

/// Record `ev`, which must be taken.
pub fn ok(s: &mut Session, pack: &Pack, ev: Event) {
    if let Err(e) = s.record(pack, ev.clone(), t0()) {
        panic!("{ev:?} was refused: {e}");
    }
}

/// Record `ev`, which must be refused: the refusal's words.
pub fn refused(s: &mut Session, pack: &Pack, ev: Event) -> String {
    match s.record(pack, ev.clone(), t0()) {
        Ok(_) => panic!("{ev:?} should be refused"),
        Err(e) => e.0,
    }
}

/// One group: three residents, the dots on options 1-3, option 1 picked
/// for the most dots and `second` as the moderator's choice, a note on
/// option 1, and option 1 rated `support` and 2 for feasibility.
pub fn group(pack: &Pack, id: &str, second: u32, support: u8) -> Session {
    let profile = GroupProfile {
        location: "Hackney, London".into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 1),
        ..Default::default()
    };
    let first = Session::created_event(id, "panel", pack, profile, t0());
    let mut s = Session::from_events(pack, vec![first]);
    let mut events: Vec<Event> = (1..=3)
        .map(|i| Event::ParticipantAdded {
            participant: Participant {
                id: i,
                label: format!("R{i}"),
                ..Default::default()
            },
        })
        .collect();
    events.push(Event::Started);
    for (idea, dots) in [(1, 3), (2, 3), (3, 3)] {
        events.push(Event::PosterCounted {
            idea,
            counts: [("dot", dots)].into_iter().collect(),
        });
    }
    for (slot, idea, kind) in [(1, 1, "most-dots"), (2, second, "moderator")] {
        events.push(Event::IdeaPicked {
            slot,
            idea,
            kind: PickKind::new(kind),
            rule: String::new(),
            counts: String::new(),
            suggested: idea,
            reason: None,
        });
    }
    events.push(Event::StepEntered {
        step: "deliberate-1".into(),
    });
    events.push(Event::NoteAdded {
        id: 1,
        kind: NoteKind::Quote,
        place: NotePlace {
            step: "deliberate-1".into(),
            section: Some("pros-cons".into()),
            idea: Some(1),
        },
        text: "The buses would have to run after nine.".into(),
        participant: Some(2),
        codes: Vec::new(),
        begun: None,
    });
    for (scale, value) in [("support", support), ("feasible", 2)] {
        events.push(Event::Rated {
            idea: Some(1),
            scale: Scale::new(scale),
            value: Some(value),
            dont_know: false,
        });
    }
    for (k, e) in events.into_iter().enumerate() {
        let at = t0() + Duration::seconds(10 * k as i64);
        if let Err(why) = s.record(pack, e.clone(), at) {
            panic!("{e:?} was refused: {why}");
        }
    }
    s
}

/// Two climate groups saved in a sessions folder of their own: the second
/// picks option 6 and rates support 5, the first option 4 and 3.
pub fn folder(pack: &Pack) -> (TempDir, SessionsDir) {
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    for (id, second, support) in [("c1", 4, 3), ("c2", 6, 5)] {
        let s = group(pack, id, second, support);
        dir.create(id, s.events()).unwrap().close().unwrap();
    }
    (tmp, dir)
}
