//! The snapshot's `"schema"` says what a reader must know: 1 while a
//! session holds only the forms every earlier build reads, 2 once it holds
//! a questionnaire's answers, a "don't know" rating or a group's one
//! rating (no idea).

mod common;

use std::fs;
use std::path::Path;

use common::fixtures::{created_record, seq_at};
use facilitator::domain::event::{Event, EventRecord, SCHEMA_2_MARKS, Scale};
use facilitator::store::SessionsDir;

#[test]
fn schema_marks_agree_with_event_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/every-event.jsonl");
    let text = fs::read_to_string(path).unwrap();
    let mut twos = 0;
    for line in text.lines() {
        let rec: EventRecord = serde_json::from_str(line).unwrap();
        let written = serde_json::to_string(&rec).unwrap();
        let marked = SCHEMA_2_MARKS.iter().any(|m| written.contains(m));
        assert_eq!(marked, rec.event.schema() == 2, "{line}");
        twos += usize::from(marked);
    }
    assert!(
        twos >= 3,
        "every-event.jsonl holds the three schema-2 forms"
    );
}

fn saved_schema(events: &[EventRecord]) -> serde_json::Value {
    let tmp = tempfile::tempdir().unwrap();
    let dir = SessionsDir::new(tmp.path());
    dir.create("g1", events).unwrap().close().unwrap();
    let snap: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("g1.json")).unwrap()).unwrap();
    // And this build reads it back.
    assert_eq!(dir.load("g1").unwrap().events.len(), events.len());
    snap["schema"].clone()
}

fn rated(seq: u64, value: Option<u8>) -> EventRecord {
    EventRecord {
        seq,
        at: seq_at(seq),
        event: Event::Rated {
            idea: Some(1),
            scale: Scale::new("support"),
            value,
            dont_know: value.is_none(),
        },
    }
}

#[test]
fn a_session_is_written_in_the_oldest_schema_that_holds_it() {
    let first = created_record("g1", "Lewes");
    assert_eq!(saved_schema(&[first.clone(), rated(2, Some(4))]), 1);
    assert_eq!(saved_schema(&[first, rated(2, Some(4)), rated(3, None)]), 2);
}
