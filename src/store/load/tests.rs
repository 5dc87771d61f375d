//! Tests of reading a session back.

use super::*;
use crate::domain::event::Event;

fn rec(seq: u64) -> EventRecord {
    EventRecord {
        seq,
        at: DateTime::from_timestamp(1_800_000_000 + seq as i64, 0).unwrap(),
        event: Event::Paused,
    }
}

fn line(seq: u64) -> String {
    let mut s = serde_json::to_string(&rec(seq)).unwrap();
    s.push('\n');
    s
}

#[test]
fn scan_good_journal() {
    let text = format!("{}{}", line(1), line(2));
    let s = scan_journal(Path::new("j"), text.as_bytes()).unwrap();
    assert_eq!(s.events, vec![rec(1), rec(2)]);
    assert_eq!(s.good_len, text.len() as u64);
    assert_eq!(s.torn, None);
    assert!(!s.unterminated);
}

#[test]
fn scan_torn_tail_is_dropped() {
    let l2 = line(2);
    let text = format!("{}{}", line(1), &l2[..10]);
    let s = scan_journal(Path::new("j"), text.as_bytes()).unwrap();
    assert_eq!(s.events, vec![rec(1)]);
    assert_eq!(s.good_len, line(1).len() as u64);
    assert_eq!(s.torn, Some(10));
}

#[test]
fn scan_nul_tail_is_torn() {
    let mut bytes = line(1).into_bytes();
    bytes.extend_from_slice(&[0u8; 64]);
    bytes.push(b'\n');
    let s = scan_journal(Path::new("j"), &bytes).unwrap();
    assert_eq!(s.events.len(), 1);
    assert_eq!(s.torn, Some(65));
}

#[test]
fn scan_zeros_mid_journal_drop_the_rest_from_that_line() {
    // A power cut: zeros where unsynced lines were, then a line that did
    // reach the disk. Keeping it would leave a gap.
    let mut bytes = format!("{}{}", line(1), line(2)).into_bytes();
    let good = bytes.len() as u64;
    bytes.extend_from_slice(&[0u8; 40]);
    bytes.extend_from_slice(line(3).as_bytes());
    bytes.extend_from_slice(line(4).as_bytes());
    let s = scan_journal(Path::new("j"), &bytes).unwrap();
    assert_eq!(s.events, vec![rec(1), rec(2)]);
    assert_eq!(s.good_len, good);
    assert_eq!(s.torn, Some(bytes.len() as u64 - good));
    assert_eq!(s.torn_from_line, Some(3));
    let r = Recovery {
        torn_tail: s.torn,
        torn_from_line: s.torn_from_line,
        ..Recovery::default()
    };
    assert!(
        r.summary()
            .unwrap()
            .starts_with("Dropped the damaged end of the journal from line 3 ("),
        "{:?}",
        r.summary()
    );
    // Garbage without a NUL in the middle is still an error.
    let text = format!("{}xx\n{}", line(1), line(2));
    assert!(scan_journal(Path::new("j"), text.as_bytes()).is_err());
}

#[test]
fn scan_complete_unterminated_last_line_is_kept() {
    let l2 = line(2);
    let text = format!("{}{}", line(1), l2.trim_end());
    let s = scan_journal(Path::new("j"), text.as_bytes()).unwrap();
    assert_eq!(s.events, vec![rec(1), rec(2)]);
    assert!(s.unterminated);
    assert_eq!(s.good_len, text.len() as u64);
}

#[test]
fn scan_middle_garbage_is_an_error_with_position() {
    let text = format!("{}{{\"seq\":2,oops}}\n{}", line(1), line(3));
    match scan_journal(Path::new("j.journal"), text.as_bytes()) {
        Err(StoreError::Parse { line, col, .. }) => {
            assert_eq!(line, 2);
            assert_eq!(col, 10);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn scan_last_line_wrong_shape_is_an_error() {
    let text = format!("{}{{\"seq\":2}}\n", line(1));
    assert!(matches!(
        scan_journal(Path::new("j"), text.as_bytes()),
        Err(StoreError::Parse { line: 2, .. })
    ));
}

#[test]
fn snapshot_bytes_round_trip() {
    let lines = [line(1), line(2)];
    let bytes = snapshot_bytes(
        "abc",
        DateTime::from_timestamp(0, 0).unwrap(),
        lines.iter().map(String::as_str),
    );
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["id"], "abc");
    match read_snapshot(Path::new("s"), &bytes).unwrap() {
        SnapshotRead::Good(ev) => assert_eq!(ev, vec![rec(1), rec(2)]),
        SnapshotRead::Damaged(e) => panic!("{e}"),
    }
    let empty = snapshot_bytes("abc", DateTime::from_timestamp(0, 0).unwrap(), []);
    assert!(matches!(
        read_snapshot(Path::new("s"), &empty).unwrap(),
        SnapshotRead::Good(ev) if ev.is_empty()
    ));
}

#[test]
fn snapshot_unknown_fields_tolerated_newer_refused() {
    let ok = br#"{"schema":1,"id":"x","extra":{"a":[1,2]},"events":[]}"#;
    assert!(matches!(
        read_snapshot(Path::new("s"), ok).unwrap(),
        SnapshotRead::Good(_)
    ));
    let newer = br#"{"schema":7,"id":"x","events":"whatever"}"#;
    match read_snapshot(Path::new("s"), newer) {
        Err(StoreError::NewerSchema {
            found, supported, ..
        }) => {
            assert_eq!((found, supported), (7, crate::store::SCHEMA_VERSION));
        }
        _ => panic!("expected NewerSchema"),
    }
}

#[test]
fn sequence_problems_found() {
    let ev = |s: &[u64]| s.iter().map(|&n| rec(n)).collect::<Vec<_>>();
    assert!(sequence_problems(&ev(&[1, 2, 3])).is_empty());
    assert_eq!(
        sequence_problems(&ev(&[1, 2, 5, 6])),
        vec!["numbers 3 to 4 are missing"]
    );
    assert_eq!(
        sequence_problems(&ev(&[1, 2, 2, 3])),
        vec!["number 2 appears again after 2"]
    );
    assert_eq!(sequence_problems(&ev(&[2])), vec!["number 1 is missing"]);
}

#[test]
fn summary_reads_well() {
    let r = Recovery {
        from_journal: 12,
        torn_tail: Some(37),
        ..Recovery::default()
    };
    assert_eq!(
        r.summary().unwrap(),
        "Recovered 12 actions from the journal that the last save did not hold; dropped a half-written last line (37 bytes)."
    );
    assert!(Recovery::default().summary().is_none());
    assert!(Recovery::default().is_clean());
}
