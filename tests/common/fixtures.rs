//! Fixtures of events and sessions that several test files build alike:
//! the moment every test starts at, participants, notes, picks, steps,
//! the gallery's votes of the scripted group (present and replay), and
//! the numbered records of the store tests.

use chrono::{DateTime, Duration, TimeZone, Utc};
use facilitator::domain::event::{Event, EventRecord, NoteKind, NotePlace, PickKind};
use facilitator::domain::profile::{GroupProfile, Participant};
use facilitator::domain::session::Session;
use facilitator::stimulus::Pack;

/// 2026-11-29 18:00:00 UTC: the tests' groups meet then.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 18, 0, 0).unwrap()
}

/// 2026-11-29 18:00:00 UTC plus `secs`.
pub fn at(secs: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(secs)
}

/// A participant with a label, gender and age band, the rest default.
pub fn participant(id: u32, label: &str, gender: &str, age: &str) -> Participant {
    Participant {
        id,
        label: label.into(),
        gender: gender.into(),
        age_band: age.into(),
        ..Default::default()
    }
}

/// [`participant`] added to the roster.
pub fn joined(id: u32, label: &str, gender: &str, age: &str) -> Event {
    Event::ParticipantAdded {
        participant: participant(id, label, gender, age),
    }
}

/// A participant's consent, given or not.
pub fn consent(participant: u32, consent: bool) -> Event {
    Event::ConsentGiven {
        participant,
        consent,
    }
}

/// A note (or quote) at `step` (and `section`), by `who`, with `codes`.
pub fn note(
    id: u32,
    kind: NoteKind,
    step: &str,
    section: Option<&str>,
    who: Option<u32>,
    text: &str,
    codes: &[&str],
) -> Event {
    Event::NoteAdded {
        id,
        kind,
        place: NotePlace {
            step: step.into(),
            section: section.map(Into::into),
            idea: None,
        },
        text: text.into(),
        participant: who,
        codes: codes.iter().map(|c| c.to_string()).collect(),
        begun: None,
    }
}

/// An idea picked for a slot, with fixed rule and counts words.
pub fn pick(slot: u32, idea: u32, kind: PickKind, suggested: u32, reason: Option<&str>) -> Event {
    Event::IdeaPicked {
        slot,
        idea,
        kind,
        rule: "the rule".into(),
        counts: "the counts".into(),
        suggested,
        reason: reason.map(Into::into),
    }
}

/// A plan step entered.
pub fn step(key: &str) -> Event {
    Event::StepEntered { step: key.into() }
}

/// A flip-chart entry at `step`.
pub fn flip(step: &str, text: &str) -> Event {
    Event::FlipchartAdded {
        step: step.into(),
        text: text.into(),
    }
}

/// The scripted group's gallery (seconds in, event): five posters
/// counted from 2700 s, the tally revealed, the popular and contentious
/// picks (ideas 4 and 2); the joker is each script's own.
pub fn gallery_votes() -> Vec<(i64, Event)> {
    let poster = |idea, green, red| Event::PosterCounted {
        idea,
        counts: facilitator::domain::event::Counts::green_red(green, red),
    };
    vec![
        (2700, poster(4, 3, 0)),
        (2710, poster(1, 2, 0)),
        (2720, poster(7, 1, 0)),
        (2730, poster(2, 0, 2)),
        (2740, poster(9, 0, 1)),
        (2760, Event::TallyRevealed { shown: true }),
        (2820, pick(1, 4, PickKind::Popular, 4, None)),
        (2830, pick(2, 2, PickKind::Contentious, 2, None)),
    ]
}

/// Record each (seconds in, event) of `script` at [`at`] its seconds,
/// failing on a refused one; `after` sees the session after each.
pub fn record_script(
    pack: &Pack,
    s: &mut Session,
    script: Vec<(i64, Event)>,
    mut after: impl FnMut(&Session),
) {
    for (secs, ev) in script {
        let what = format!("{ev:?}");
        s.record(pack, ev, at(secs))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        after(s);
    }
}

/// The time of the store tests' record `seq` (7 s apart).
pub fn seq_at(seq: u64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + seq as i64 * 7, 0).expect("a valid time")
}

/// Record 1 of a store test's session: created, full plan, "Test pack",
/// the group meeting at `location` ("" for none).
pub fn created_record(id: &str, location: &str) -> EventRecord {
    EventRecord {
        seq: 1,
        at: seq_at(1),
        event: Event::Created {
            id: id.to_string(),
            uuid: None,
            device: None,
            plan: "full".into(),
            pack: "Test pack".into(),
            pack_hash: None,
            profile: GroupProfile {
                location: location.into(),
                ..GroupProfile::default()
            },
        },
    }
}

/// Record `seq` of a store test's session: note `seq` at capabilities.
pub fn note_record(seq: u64, kind: NoteKind, text: String, who: Option<u32>) -> EventRecord {
    EventRecord {
        seq,
        at: seq_at(seq),
        event: Event::NoteAdded {
            id: seq as u32,
            kind,
            place: NotePlace {
                step: "capabilities".into(),
                section: None,
                idea: None,
            },
            text,
            participant: who,
            codes: vec![],
            begun: None,
        },
    }
}
