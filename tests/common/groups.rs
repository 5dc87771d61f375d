//! Groups of a fieldwork as events, for the tests of sync tools, several
//! folders and the summary index: Ashford, Kent groups with picks, notes,
//! saved into a folder.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use facilitator::domain::event::{Event, EventRecord, NoteKind, NotePlace, PickKind};
use facilitator::domain::profile::GroupProfile;
use facilitator::store::SessionsDir;

pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

pub fn t(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 18, 0, 0).unwrap() + Duration::minutes(minute)
}

/// A group at Ashford, Kent on the date its id begins with (else
/// 2026-12-01), created at `minute`, that picked `picks` (slot 1, 2, ...),
/// finished or still live.
pub fn group(id: &str, minute: i64, picks: &[u32], finished: bool) -> Vec<EventRecord> {
    let date = id
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_else(day);
    let mut events = vec![Event::Created {
        id: id.into(),
        uuid: None,
        device: None,
        plan: "full".into(),
        pack: "Test pack".into(),
        pack_hash: None,
        profile: GroupProfile {
            location: "Ashford, Kent".into(),
            date: Some(date),
            ..GroupProfile::default()
        },
    }];
    for (i, idea) in picks.iter().enumerate() {
        events.push(Event::IdeaPicked {
            slot: i as u32 + 1,
            idea: *idea,
            kind: [PickKind::Popular, PickKind::Contentious, PickKind::Joker][i % 3].clone(),
            rule: "the rule".into(),
            counts: "the counts".into(),
            suggested: *idea,
            reason: None,
        });
    }
    if finished {
        events.push(Event::Finished);
    }
    events
        .into_iter()
        .enumerate()
        .map(|(i, event)| EventRecord {
            seq: i as u64 + 1,
            at: t(minute) + Duration::seconds(i as i64),
            event,
        })
        .collect()
}

pub fn note(seq: u64, minute: i64, text: &str) -> EventRecord {
    EventRecord {
        seq,
        at: t(minute),
        event: Event::NoteAdded {
            id: seq as u32,
            kind: NoteKind::Note,
            place: NotePlace {
                step: "capabilities".into(),
                section: None,
                idea: None,
            },
            text: text.into(),
            participant: None,
            codes: vec![],
            begun: None,
        },
    }
}

pub fn save(dir: &Path, id: &str, events: &[EventRecord]) {
    SessionsDir::new(dir)
        .create(id, events)
        .unwrap()
        .close()
        .unwrap();
}
