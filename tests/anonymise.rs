//! `export --anonymise` with names that are hard to take out: a name inside
//! a word ("Ann" in "Annual"), "O'Brien", "Jean-Luc", a Bengali name,
//! names typed in upper or lower case, possessives, the moderator named in
//! a note; in Markdown, CSV and JSON alike, through the real binary.

use std::fs;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use facilitator::afterwards::export;
use facilitator::domain::event::schema1::{Gut, Stage3Answer};
use facilitator::domain::event::{Event, EventRecord, NoteKind, NotePlace, PickKind};
use facilitator::domain::ideas::{Coverage, suggest};
use facilitator::domain::profile::{GroupProfile, Participant};
use facilitator::domain::session::Session;
use facilitator::stimulus::{Pack, embedded};
use facilitator::store::SessionsDir;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_facilitator");
const ID: &str = "2011-05-06-leicester";

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2011, 5, 6, h, m, 0).single().unwrap()
}

/// Every name, and every part of one, that must not be in an anonymised
/// export (matched case-insensitively as whole words).
const NAMES: [&str; 14] = [
    "Alice",
    "Smith",
    "Ann",
    "Mary",
    "O'Brien",
    "Brien",
    "Jean",
    "Luc",
    "Ayesha",
    "আয়েশা",
    "Bob",
    "Priya",
    "Sharma",
    "Jean-Luc",
];

fn record(pack: &Pack, s: &mut Session, h: u32, m: u32, e: Event) {
    if let Err(r) = s.record(pack, e.clone(), at(h, m)) {
        panic!("{e:?} was refused: {r}");
    }
}

fn note(id: u32, kind: NoteKind, step: &str, text: &str, who: Option<u32>) -> Event {
    Event::NoteAdded {
        id,
        kind,
        place: NotePlace {
            step: step.into(),
            ..Default::default()
        },
        text: text.into(),
        participant: who,
        codes: Vec::new(),
        begun: None,
    }
}

/// A small group in Leicester with hard names, named everywhere free text goes.
fn group() -> (Pack, Vec<EventRecord>) {
    let pack = embedded();
    let profile = GroupProfile {
        location: "Leicester".into(),
        date: NaiveDate::from_ymd_opt(2011, 5, 6),
        age_band: "18-30".into(),
        ethnicity_mix: "mixed".into(),
        moderator: "Priya Sharma".into(),
        notes: "Priya recruited them; Bob is married to Alice Smith.".into(),
        ..Default::default()
    };
    let first = Session::created_event(ID, "mini", &pack, profile, at(18, 0));
    let mut s = Session::from_events(&pack, vec![first]);
    let people = [
        (
            "Alice Smith",
            "Female",
            Some("Afro-Caribbean"),
            "married to Bob",
        ),
        ("Ann", "Female", None, "carer for her mother"),
        ("Mary O'Brien", "Female", None, ""),
        ("Jean-Luc", "Male", None, ""),
        ("Ayesha (আয়েশা)", "Female", Some("Bangladeshi"), ""),
        ("Bob", "Male", None, "works at the bakery"),
    ];
    for (k, (label, gender, ethnicity, desc)) in people.into_iter().enumerate() {
        let participant = Participant {
            id: k as u32 + 1,
            label: label.into(),
            gender: gender.into(),
            age_band: "18-30".into(),
            ethnicity: ethnicity.map(str::to_string),
            social_grade: "C1".into(),
            descriptors: if desc.is_empty() {
                Vec::new()
            } else {
                vec![desc.into()]
            },
            consent: None,
        };
        record(
            &pack,
            &mut s,
            18,
            1,
            Event::ParticipantAdded { participant },
        );
    }
    record(&pack, &mut s, 18, 5, Event::Started);
    record(
        &pack,
        &mut s,
        18,
        5,
        Event::StepEntered {
            step: "arrival".into(),
        },
    );
    record(
        &pack,
        &mut s,
        18,
        6,
        Event::RecordingStarted {
            name: Some("leicester-priya.wav".into()),
        },
    );
    let texts = [
        (
            NoteKind::Note,
            "alice smith said the Annual review came late",
            Some(1),
        ),
        (
            NoteKind::Note,
            "ALICE and Smith's neighbour; o’brien agreed",
            Some(3),
        ),
        (
            NoteKind::Quote,
            "Ann's view: ANN is not the annual budget",
            Some(2),
        ),
        (
            NoteKind::Note,
            "Priya forgot the stickers, so sharma improvised",
            None,
        ),
        (
            NoteKind::Quote,
            "jean-luc and Jean both said আয়েশা was right",
            Some(4),
        ),
    ];
    for (k, (kind, text, who)) in texts.into_iter().enumerate() {
        record(
            &pack,
            &mut s,
            18,
            7,
            note(k as u32 + 1, kind, "arrival", text, who),
        );
    }
    record(
        &pack,
        &mut s,
        18,
        10,
        Event::StepEntered {
            step: "capabilities".into(),
        },
    );
    record(
        &pack,
        &mut s,
        18,
        12,
        Event::FlipchartAdded {
            step: "capabilities".into(),
            text: "Brien's fairness; Bob's trust".into(),
        },
    );
    record(
        &pack,
        &mut s,
        18,
        20,
        Event::StepEntered {
            step: "gallery".into(),
        },
    );
    for (idea, green, red) in [(5, 3, 0), (4, 2, 1), (2, 1, 3), (9, 2, 1)] {
        record(
            &pack,
            &mut s,
            18,
            25,
            Event::PosterCounted {
                idea,
                counts: facilitator::domain::event::Counts::green_red(green, red),
            },
        );
    }
    let sug = suggest(&pack, s.state(), &Coverage::default(), PickKind::Popular);
    let e = sug.pick_event(1, 9, Some("Ayesha and BOB pushed for it".into()));
    record(&pack, &mut s, 18, 26, e);
    let last = s.plan().steps.last().unwrap().key.clone();
    record(&pack, &mut s, 18, 40, Event::StepEntered { step: last });
    record(
        &pack,
        &mut s,
        18,
        45,
        Event::Stage3Answered {
            participant: 1,
            answer: Stage3Answer {
                gut: Some(Gut::InFavour),
                services: "what Mary O'Brien said: GPs".into(),
                top_tip: "Ask Smith's mum, not Priya".into(),
                ..Default::default()
            },
        },
    );
    (pack, s.events().to_vec())
}

/// The names (from [`NAMES`]) found in `text` as whole words, any case.
fn names_in(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase().replace('’', "'");
    NAMES
        .into_iter()
        .filter(|name| {
            let name = name.to_lowercase();
            lower.match_indices(&name).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + name.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        })
        .collect()
}

fn run(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The three formats, anonymised through the binary: [md, json, notes.csv,
/// stickers.csv, ratings.csv, timeline.csv].
fn exports(tmp: &Path, extra: &[&str]) -> Vec<String> {
    let sessions = tmp.join("sessions");
    let dir = SessionsDir::new(&sessions);
    let (_, events) = group();
    dir.create(ID, &events).unwrap().close().unwrap();
    let s = sessions.to_str().unwrap();
    let mut out = Vec::new();
    for format in ["md", "json"] {
        let mut args = vec![
            "--sessions",
            s,
            "export",
            ID,
            "--format",
            format,
            "--anonymise",
        ];
        args.extend(extra);
        out.push(run(&args));
    }
    let csv = tmp.join(format!("csv{}", extra.len()));
    let csv_s = csv.to_str().unwrap();
    let mut args = vec![
        "--sessions",
        s,
        "export",
        ID,
        "--format",
        "csv",
        "-o",
        csv_s,
        "--anonymise",
    ];
    args.extend(extra);
    run(&args);
    for f in export::CSV_FILES {
        out.push(fs::read_to_string(csv.join(f)).unwrap());
    }
    out
}

#[test]
fn anonymised_exports_hold_no_part_of_any_name_in_any_format() {
    // The fixture does hold every name, as typed.
    let (pack, events) = group();
    let plain = export::markdown(&pack, events.clone(), false);
    let json = String::from_utf8(export::json(ID, &pack, events, false).unwrap()).unwrap();
    assert_eq!(names_in(&format!("{plain}{json}")).len(), NAMES.len());

    let tmp = TempDir::new().unwrap();
    let all = exports(tmp.path(), &[]);
    for (k, text) in all.iter().enumerate() {
        assert_eq!(names_in(text), Vec::<&str>::new(), "export {k}:\n{text}");
        for gone in [
            "married to",
            "carer for",
            "bakery",
            "Afro-Caribbean",
            "Bangladeshi",
        ] {
            assert!(!text.contains(gone), "{gone} in export {k}:\n{text}");
        }
    }
    let [md, json, notes, ..] = &all[..] else {
        unreachable!()
    };
    // Replaced by who it was, possessives kept; words that hold a name stay.
    for (want, text) in [
        ("P1 said the Annual review came late", md),
        ("P1 and P1's neighbour; P3 agreed", md),
        ("P2's view: P2 is not the annual budget", md),
        ("Moderator forgot the stickers, so Moderator improvised", md),
        ("P4 and P4 both said P5 was right", md),
        ("P3's fairness; P6's trust", md),
        ("P5 and P6 pushed for it", md),
        ("Ask P1's mum, not Moderator", md),
        ("what P3 said: GPs", md),
        ("leicester-Moderator.wav", json),
        ("P1 said the Annual review came late", json),
        ("P4 and P4 both said P5 was right", notes),
    ] {
        assert!(text.contains(want), "{want:?} not in:\n{text}");
    }
    assert!(md.contains("| Moderator | Moderator |"), "{md}");
    // The quote's attribution has no ethnicity; the group's mix stays.
    assert!(md.contains("Female, 18-30, Leicester"), "{md}");
    assert!(md.contains("| Ethnicity | mixed |"), "{md}");
    // The JSON still reads back, with P-labels.
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let events: Vec<EventRecord> = serde_json::from_value(v["events"].clone()).unwrap();
    let labels: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.event {
            Event::ParticipantAdded { participant } => Some(participant.label.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["P1", "P2", "P3", "P4", "P5", "P6"]);
}

#[test]
fn keep_descriptors_keeps_them_with_the_names_still_taken_out() {
    let tmp = TempDir::new().unwrap();
    let all = exports(tmp.path(), &["--keep-descriptors"]);
    for (k, text) in all.iter().enumerate() {
        assert_eq!(names_in(text), Vec::<&str>::new(), "export {k}:\n{text}");
    }
    let [md, json, notes, ..] = &all[..] else {
        unreachable!()
    };
    assert!(md.contains("married to P6"), "{md}");
    assert!(
        md.contains("Moderator recruited them; P6 is married to P1."),
        "{md}"
    );
    assert!(
        md.contains("Female, 18-30, Afro-Caribbean, Leicester"),
        "{md}"
    );
    assert!(json.contains("\"married to P6\""), "{json}");
    assert!(json.contains("Bangladeshi"), "{json}");
    assert!(
        notes.contains("Female, 18-30, Afro-Caribbean, Leicester"),
        "{notes}"
    );
    assert!(md.contains("Bangladeshi"), "{md}");
}

#[test]
fn keep_descriptors_needs_anonymise() {
    let out = Command::new(BIN)
        .args(["export", ID, "--keep-descriptors"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--anonymise"));
}

/// A questionnaire's text answers are free text like notes: the names in
/// them are replaced; a choice's option id and the other answers stay.
#[test]
fn questionnaire_text_answers_are_anonymised_like_notes() {
    use facilitator::afterwards::anonymise::{self, Privacy};
    use facilitator::domain::event::{AnswerValue, Answers};
    let (_, mut events) = group();
    let last = events.last().unwrap().clone();
    let answers = Answers::from([
        (
            "why".to_string(),
            Some(AnswerValue::Text("Bob and Mary O'Brien's bus".into())),
        ),
        ("mode".to_string(), Some(AnswerValue::Text("bus".into()))),
        ("mood".to_string(), None),
    ]);
    events.push(EventRecord {
        seq: last.seq + 1,
        at: last.at,
        event: Event::QuestionnaireAnswered {
            questionnaire: "before".into(),
            participant: 3,
            answers,
        },
    });
    let out = anonymise::events(events, Privacy::from_flags(true, false));
    let Some(Event::QuestionnaireAnswered { answers, .. }) = out.last().map(|r| &r.event) else {
        panic!("the answers are kept");
    };
    let Some(Some(AnswerValue::Text(why))) = answers.get("why") else {
        panic!("{answers:?}");
    };
    assert!(names_in(why).is_empty(), "{why}");
    assert_eq!(why, "P6 and P3's bus");
    assert_eq!(answers["mode"], Some(AnswerValue::Text("bus".into())));
    assert_eq!(answers["mood"], None);
    // The old spelling (stage3_answered) is anonymised the same way.
    let Some(Event::Stage3Answered { answer, .. }) = out.iter().rev().nth(1).map(|r| &r.event)
    else {
        panic!("the group's Stage 3 answer");
    };
    assert!(names_in(&answer.services).is_empty(), "{}", answer.services);
    assert!(names_in(&answer.top_tip).is_empty(), "{}", answer.top_tip);
}
