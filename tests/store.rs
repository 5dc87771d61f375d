//! The sessions folder: saving, recovery, locks and failing disks.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use facilitator::domain::event::{EventRecord, NoteKind};
use facilitator::store::disk::{DiskOp, FaultyDisk};
use facilitator::store::{SessionsDir, SnapshotProblem, StoreError};
use serde_json::json;
use tempfile::TempDir;

use common::fixtures::{created_record, note_record};
use common::wait::{until, until_some, within};

fn created(id: &str) -> EventRecord {
    created_record(id, "Ashford, Kent")
}

fn note(seq: u64) -> EventRecord {
    let text = format!("quote number {seq}, with \"quotes\" and ünïcode\\");
    note_record(seq, NoteKind::Quote, text, Some(2))
}

/// Events 1..=n of a session.
fn events(id: &str, n: u64) -> Vec<EventRecord> {
    let mut v = vec![created(id)];
    v.extend((2..=n).map(note));
    v
}

fn folder() -> (TempDir, SessionsDir) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions")).with_rescue_dir(tmp.path());
    (tmp, dir)
}

fn faulty() -> (TempDir, SessionsDir, Arc<FaultyDisk>) {
    let (tmp, dir) = folder();
    let disk = Arc::new(FaultyDisk::new());
    let dir = dir.with_disk(disk.clone());
    (tmp, dir, disk)
}

/// A session of `n` events, closed cleanly.
fn closed_session(dir: &SessionsDir, id: &str, n: u64) {
    let s = dir.create(id, &events(id, 1)).unwrap();
    for e in events(id, n).iter().skip(1) {
        s.writer.append(e);
    }
    s.close().unwrap();
}

fn journal(dir: &SessionsDir, id: &str) -> PathBuf {
    dir.path().join(format!("{id}.journal"))
}

fn snapshot(dir: &SessionsDir, id: &str) -> PathBuf {
    dir.path().join(format!("{id}.json"))
}

/// The seqs of the journal's lines, every line parsed (panics on a bad one).
fn journal_seqs(path: &Path) -> Vec<u64> {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "journal ends mid-line"
    );
    text.lines()
        .map(|l| serde_json::from_str::<EventRecord>(l).unwrap().seq)
        .collect()
}

fn snapshot_seqs(path: &Path) -> Vec<u64> {
    let v: serde_json::Value = serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
    assert_eq!(v["schema"], 1);
    v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_u64().unwrap())
        .collect()
}

/// Every file in a folder with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn upto(n: u64) -> Vec<u64> {
    (1..=n).collect()
}

#[test]
fn create_append_flush_close_reopen_round_trip() {
    let (_tmp, dir) = folder();
    let id = "2026-11-29-ashford-kent";
    let all = events(id, 20);
    let s = dir.create(id, &all[..1]).unwrap();
    // Durable before create returns.
    assert_eq!(journal_seqs(&journal(&dir, id)), vec![1]);
    assert_eq!(snapshot_seqs(&snapshot(&dir, id)), vec![1]);
    assert!(s.loaded.recovery.is_clean());

    for e in &all[1..] {
        s.writer.append(e);
    }
    let st = s.writer.flush();
    assert_eq!(st.written_seq, 20);
    assert_eq!(st.synced_seq, 20);
    assert_eq!(st.pending, 0);
    assert_eq!(st.error, None);
    assert_eq!(journal_seqs(&journal(&dir, id)), upto(20));
    s.close().unwrap();
    assert_eq!(snapshot_seqs(&snapshot(&dir, id)), upto(20));

    let loaded = dir.load(id).unwrap();
    assert_eq!(loaded.events, all);
    assert!(loaded.recovery.is_clean(), "{:?}", loaded.recovery);
    assert_eq!(loaded.recovery.summary(), None);

    let s = dir.open(id).unwrap();
    assert_eq!(s.loaded.events, all);
    assert!(s.loaded.recovery.is_clean());
    s.writer.append(&note(21));
    s.close().unwrap();
    assert_eq!(dir.load(id).unwrap().events.len(), 21);
    assert_eq!(journal_seqs(&journal(&dir, id)), upto(21));
}

#[test]
fn an_open_session_reads_whole_from_the_journal_as_after_a_crash() {
    let (_tmp, dir) = folder();
    let s = dir.create("live", &events("live", 1)).unwrap();
    for e in events("live", 12).iter().skip(1) {
        s.writer.append(e);
    }
    s.writer.flush();
    // What a kill -9 now would leave: the snapshot holds 1, the journal 12.
    let loaded = dir.load("live").unwrap();
    assert_eq!(loaded.events, events("live", 12));
    assert_eq!(loaded.recovery.from_journal, 11);
    assert_eq!(
        loaded.recovery.summary().unwrap(),
        "Recovered 11 actions from the journal that the last save did not hold."
    );
    s.close().unwrap();
}

#[test]
fn journal_is_synced_within_a_second_without_flush() {
    let (_tmp, dir) = folder();
    let s = dir.create("sync", &events("sync", 1)).unwrap();
    s.writer.append(&note(2));
    s.writer.append(&note(3));
    // (3 s: more than the one-second beat, less than a flush at close.)
    until("synced to 3", Duration::from_secs(3), || {
        s.writer.status().synced_seq >= 3
    });
    // Written to the file at once, not at close.
    assert_eq!(journal_seqs(&journal(&dir, "sync")), upto(3));
    // A second burst right after a sync is synced within about a second
    // with no further message arriving.
    s.writer.append(&note(4));
    until("synced to 4", Duration::from_secs(3), || {
        s.writer.status().synced_seq >= 4
    });
    assert_eq!(s.writer.status().pending, 0);
    s.close().unwrap();
}

#[test]
fn torn_last_line_is_dropped_and_reported_then_repaired_on_open() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "torn", 5);
    let jp = journal(&dir, "torn");
    let mut bytes = fs::read(&jp).unwrap();
    let extra = serde_json::to_string(&note(6)).unwrap();
    bytes.extend_from_slice(&extra.as_bytes()[..37]);
    fs::write(&jp, &bytes).unwrap();

    let loaded = dir.load("torn").unwrap();
    assert_eq!(loaded.events, events("torn", 5));
    assert_eq!(loaded.recovery.torn_tail, Some(37));
    assert_eq!(
        loaded.recovery.summary().unwrap(),
        "Dropped a half-written last line (37 bytes)."
    );

    let s = dir.open("torn").unwrap();
    assert_eq!(s.loaded.recovery.torn_tail, Some(37));
    // The original was copied aside, whole, before the journal was cut.
    let kept = &s.loaded.recovery.set_aside;
    assert_eq!(kept.len(), 1);
    assert!(
        kept[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("torn.journal.broken-")
    );
    assert_eq!(fs::read(&kept[0]).unwrap(), bytes);
    assert!(
        s.loaded
            .recovery
            .summary()
            .unwrap()
            .contains("torn.journal.broken-")
    );
    assert_eq!(journal_seqs(&jp), upto(5));
    s.writer.append(&note(6));
    s.close().unwrap();
    assert_eq!(journal_seqs(&jp), upto(6));
    let again = dir.load("torn").unwrap();
    assert!(again.recovery.is_clean(), "{:?}", again.recovery);
    assert_eq!(again.events.len(), 6);
}

#[test]
fn corrupt_middle_line_is_an_error_naming_line_and_column() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "mid", 4);
    let jp = journal(&dir, "mid");
    let text = fs::read_to_string(&jp).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1] = r#"{"seq":2,"at":oops}"#;
    fs::write(&jp, lines.join("\n") + "\n").unwrap();
    let before = files(dir.path());

    for result in [dir.load("mid").map(|_| ()), dir.open("mid").map(|_| ())] {
        match result {
            Err(StoreError::Parse {
                path, line, col, ..
            }) => {
                assert_eq!(path, jp);
                assert_eq!((line, col), (2, 15));
                let e = StoreError::Parse {
                    path,
                    line,
                    col,
                    message: "x".into(),
                };
                assert!(e.to_string().contains("mid.journal:2:15"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }
    // Nothing was changed (the lock file aside).
    let mut after = files(dir.path());
    let lock = facilitator::store::names::lock_name("mid");
    after.remove(&lock);
    let mut before = before;
    before.remove(&lock);
    assert_eq!(before, after);
}

#[test]
fn missing_snapshot_is_rebuilt_from_the_journal() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "nosnap", 6);
    fs::remove_file(snapshot(&dir, "nosnap")).unwrap();
    let loaded = dir.load("nosnap").unwrap();
    assert_eq!(loaded.events, events("nosnap", 6));
    assert_eq!(loaded.recovery.snapshot, Some(SnapshotProblem::Missing));
    assert!(
        loaded
            .recovery
            .summary()
            .unwrap()
            .contains("6 actions were rebuilt from the journal")
    );
    let s = dir.open("nosnap").unwrap();
    assert_eq!(snapshot_seqs(&snapshot(&dir, "nosnap")), upto(6));
    s.close().unwrap();
    assert!(dir.load("nosnap").unwrap().recovery.is_clean());
}

#[test]
fn corrupt_snapshot_is_copied_aside_and_recovered_from_the_journal() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "badsnap", 6);
    let sp = snapshot(&dir, "badsnap");
    let broken = b"{\"schema\":1,\"id\":\"badsnap\",\n\"events\":[{\"seq\":1,\x00".to_vec();
    fs::write(&sp, &broken).unwrap();

    let loaded = dir.load("badsnap").unwrap();
    assert_eq!(loaded.events, events("badsnap", 6));
    match &loaded.recovery.snapshot {
        Some(SnapshotProblem::Damaged { message }) => {
            assert!(message.contains("badsnap.json:2:"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fs::read(&sp).unwrap(), broken, "load must not touch it");

    let s = dir.open("badsnap").unwrap();
    let kept = s.loaded.recovery.set_aside.clone();
    assert_eq!(kept.len(), 1);
    assert!(
        kept[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("badsnap.json.broken-")
    );
    assert_eq!(fs::read(&kept[0]).unwrap(), broken);
    assert_eq!(snapshot_seqs(&sp), upto(6));
    s.close().unwrap();
    // The copy is not mistaken for a session.
    assert_eq!(dir.ids().unwrap(), vec!["badsnap"]);
}

#[test]
fn corrupt_snapshot_without_journal_is_an_error() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "alone", 2);
    fs::remove_file(journal(&dir, "alone")).unwrap();
    fs::write(snapshot(&dir, "alone"), "{\"schema\":1,\n  \"events\": [}").unwrap();
    match dir.load("alone") {
        Err(StoreError::Parse { line, col, .. }) => assert_eq!((line, col), (2, 14)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn missing_or_short_journal_is_completed_from_the_snapshot() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "short", 5);
    let jp = journal(&dir, "short");
    let text = fs::read_to_string(&jp).unwrap();
    let first_two: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    fs::write(&jp, first_two).unwrap();
    let loaded = dir.load("short").unwrap();
    assert_eq!(loaded.events.len(), 5);
    assert_eq!(loaded.recovery.journal_behind, 3);
    let s = dir.open("short").unwrap();
    assert_eq!(journal_seqs(&jp), upto(5));
    s.close().unwrap();

    fs::remove_file(&jp).unwrap();
    let loaded = dir.load("short").unwrap();
    assert!(loaded.recovery.journal_missing);
    let s = dir.open("short").unwrap();
    assert_eq!(journal_seqs(&jp), upto(5));
    assert_eq!(mode(&jp), 0o600);
    s.close().unwrap();
    assert!(dir.load("short").unwrap().recovery.is_clean());
}

#[test]
fn newer_schema_is_refused_with_the_version() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "future", 2);
    let sp = snapshot(&dir, "future");
    fs::write(
        &sp,
        r#"{"schema": 3, "id": "future", "events": [], "new_thing": true}"#,
    )
    .unwrap();
    for result in [
        dir.load("future").map(|_| ()),
        dir.open("future").map(|_| ()),
    ] {
        match result {
            Err(e @ StoreError::NewerSchema { .. }) => {
                let StoreError::NewerSchema {
                    found, supported, ..
                } = &e
                else {
                    unreachable!()
                };
                assert_eq!((*found, *supported), (3, 2));
                assert!(e.to_string().contains("session format 3"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }
    // Unknown fields are fine at our own version.
    fs::write(
        &sp,
        r#"{"schema": 1, "id": "future", "events": [], "new_thing": true}"#,
    )
    .unwrap();
    assert_eq!(dir.load("future").unwrap().events.len(), 2);
}

#[test]
fn lock_refuses_a_second_open_and_frees_on_close() {
    let (_tmp, dir) = folder();
    let s = dir.create("locked", &events("locked", 1)).unwrap();
    let other = SessionsDir::new(dir.path());
    match other.open("locked") {
        Err(e @ StoreError::Locked { .. }) => {
            let StoreError::Locked { pid, host, .. } = &e else {
                unreachable!()
            };
            assert_eq!(*pid, Some(std::process::id()));
            assert!(host.is_some());
            assert!(
                e.to_string().contains(&std::process::id().to_string()),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        other.create("locked", &events("locked", 1)),
        Err(StoreError::Locked { .. })
    ));
    // Reading is always allowed.
    assert_eq!(other.load("locked").unwrap().events.len(), 1);
    s.close().unwrap();
    let s = other.open("locked").unwrap();
    s.close().unwrap();
}

#[test]
fn dropping_every_handle_saves_and_frees_the_lock() {
    let (_tmp, dir) = folder();
    let s = dir.create("dropped", &events("dropped", 1)).unwrap();
    s.writer.append(&note(2));
    drop(s);
    let s = until_some("the lock freed", Duration::from_secs(3), || {
        match dir.open("dropped") {
            Ok(s) => Some(s),
            Err(StoreError::Locked { .. }) => None,
            Err(e) => panic!("{e}"),
        }
    });
    assert_eq!(s.loaded.events.len(), 2);
    assert!(s.loaded.recovery.is_clean(), "{:?}", s.loaded.recovery);
    s.close().unwrap();
}

#[test]
fn permissions_are_private() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = SessionsDir::new(tmp.path().join("a").join("sessions"));
    dir.ensure().unwrap();
    assert_eq!(mode(dir.path()), 0o700);
    let s = dir.create("perm", &events("perm", 1)).unwrap();
    s.writer.set_draft(Some(json!({"text": "half a thought"})));
    s.writer.flush();
    for name in [
        "perm.json".to_string(),
        "perm.journal".to_string(),
        facilitator::store::names::lock_name("perm"),
        "perm.draft.json".to_string(),
    ] {
        let p = dir.path().join(name);
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
    s.writer.append(&note(2));
    s.close().unwrap();
    // Rewritten snapshot stays private.
    assert_eq!(mode(&snapshot(&dir, "perm")), 0o600);
}

#[test]
fn bad_ids_are_refused() {
    let (tmp, dir) = folder();
    dir.ensure().unwrap();
    for bad in ["../x", "A", "", "x/y", "a.b", "-x"] {
        assert!(
            matches!(dir.load(bad), Err(StoreError::BadId { .. })),
            "load {bad}"
        );
        assert!(
            matches!(dir.open(bad), Err(StoreError::BadId { .. })),
            "open {bad}"
        );
        assert!(
            matches!(
                dir.create(bad, &events("x", 1)),
                Err(StoreError::BadId { .. })
            ),
            "create {bad}"
        );
    }
    // Nothing escaped the folder.
    assert!(!tmp.path().join("x.json").exists());
    assert!(files(dir.path()).is_empty());
}

#[test]
fn create_refuses_existing_and_badly_numbered() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "dup", 2);
    assert!(matches!(
        dir.create("dup", &events("dup", 1)),
        Err(StoreError::AlreadyExists { .. })
    ));
    assert!(matches!(
        dir.create("gap", &[created("gap"), note(3)]),
        Err(StoreError::BadSequence { .. })
    ));
    assert!(matches!(
        dir.open("nothing"),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        dir.load("nothing"),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn ids_and_resolve() {
    let (tmp, dir) = folder();
    assert!(dir.ids().unwrap().is_empty());
    closed_session(&dir, "2026-11-29-ashford-kent", 1);
    closed_session(&dir, "2026-11-29-ashford-kent-2", 1);
    closed_session(&dir, "2026-12-01-leeds", 1);
    s_with_draft(&dir, "2027-01-05-york");
    fs::remove_file(snapshot(&dir, "2027-01-05-york")).unwrap();
    fs::write(dir.path().join("README.txt"), "x").unwrap();
    assert_eq!(
        dir.ids().unwrap(),
        vec![
            "2026-11-29-ashford-kent",
            "2026-11-29-ashford-kent-2",
            "2026-12-01-leeds",
            "2027-01-05-york",
        ]
    );

    let r = |q: &str| dir.resolve(q).map(|(d, id)| (d.path().to_path_buf(), id));
    assert_eq!(r("2026-12").unwrap().1, "2026-12-01-leeds");
    assert_eq!(r("2027").unwrap().1, "2027-01-05-york");
    // An exact id wins over being a prefix of another.
    assert_eq!(
        r("2026-11-29-ashford-kent").unwrap().1,
        "2026-11-29-ashford-kent"
    );
    match r("2026-11") {
        Err(StoreError::Ambiguous { candidates, .. }) => assert_eq!(
            candidates,
            vec!["2026-11-29-ashford-kent", "2026-11-29-ashford-kent-2"]
        ),
        other => panic!("{other:?}"),
    }
    assert!(matches!(r("2025"), Err(StoreError::NotFound { .. })));

    // A path to a file in another folder gives that folder.
    let elsewhere = SessionsDir::new(tmp.path().join("other"));
    closed_session(&elsewhere, "far-away", 1);
    let p = elsewhere.path().join("far-away.json");
    let (d, id) = dir.resolve(p.to_str().unwrap()).unwrap();
    assert_eq!((d.path(), id.as_str()), (elsewhere.path(), "far-away"));
    assert_eq!(d.load(&id).unwrap().events.len(), 1);
    let p = elsewhere.path().join("far-away.journal");
    assert_eq!(dir.resolve(p.to_str().unwrap()).unwrap().1, "far-away");
    let p = elsewhere.path().join("nope.json");
    assert!(matches!(
        dir.resolve(p.to_str().unwrap()),
        Err(StoreError::NotFound { .. })
    ));
    let p = elsewhere.path().join("far-away.lock");
    assert!(matches!(
        dir.resolve(p.to_str().unwrap()),
        Err(StoreError::NotASessionFile { .. })
    ));
}

fn s_with_draft(dir: &SessionsDir, id: &str) {
    let s = dir.create(id, &events(id, 1)).unwrap();
    s.writer.set_draft(Some(json!("draft")));
    s.close().unwrap();
}

#[test]
fn new_id_slugifies_and_suffixes() {
    let (_tmp, dir) = folder();
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    assert_eq!(dir.new_id(day, "Ashford, Kent"), "2026-11-29-ashford-kent");
    assert_eq!(
        dir.new_id(day, "  St. Mary's -- Hall!! "),
        "2026-11-29-st-mary-s-hall"
    );
    assert_eq!(dir.new_id(day, "***"), "2026-11-29");
    let long = dir.new_id(day, &"Llanfairpwllgwyngyll ".repeat(5));
    assert_eq!(long.len(), 11 + 40);
    assert!(long.starts_with("2026-11-29-llanfairpwllgwyngyll-llan"));

    closed_session(&dir, "2026-11-29-ashford-kent", 1);
    assert_eq!(
        dir.new_id(day, "Ashford, Kent"),
        "2026-11-29-ashford-kent-2"
    );
    closed_session(&dir, "2026-11-29-ashford-kent-2", 1);
    assert_eq!(
        dir.new_id(day, "Ashford, Kent"),
        "2026-11-29-ashford-kent-3"
    );
    // Every id it makes is accepted.
    let id = dir.new_id(day, "Ashford, Kent");
    dir.create(&id, &events(&id, 1)).unwrap().close().unwrap();
}

#[test]
fn draft_is_written_and_removed() {
    let (_tmp, dir) = folder();
    let s = dir.create("draft", &events("draft", 1)).unwrap();
    let dp = dir.path().join("draft.draft.json");
    s.writer
        .set_draft(Some(json!({"kind": "quote", "text": "We should"})));
    s.writer.flush();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&fs::read(&dp).unwrap()).unwrap(),
        // The file names the last action before the draft (issue 12, item 8).
        json!({"kind": "quote", "text": "We should", "saved_after_seq": 1})
    );
    // Several changes in quick succession end with the last one.
    for i in 0..5 {
        s.writer.set_draft(Some(json!({"text": i})));
    }
    s.writer.flush();
    assert_eq!(dir.load("draft").unwrap().draft, Some(json!({"text": 4})));
    s.writer.set_draft(None);
    s.writer.flush();
    assert!(!dp.exists());
    s.writer.set_draft(Some(json!("kept over close")));
    s.close().unwrap();
    let s = dir.open("draft").unwrap();
    assert_eq!(s.loaded.draft, Some(json!("kept over close")));
    s.close().unwrap();
}

#[test]
fn load_changes_nothing_on_disk() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "clean", 3);
    closed_session(&dir, "torn", 3);
    closed_session(&dir, "broken", 3);
    closed_session(&dir, "behind", 3);
    s_with_draft(&dir, "drafty");
    let jp = journal(&dir, "torn");
    let mut b = fs::read(&jp).unwrap();
    b.extend_from_slice(b"{\"seq\":4,\"at\"");
    fs::write(&jp, b).unwrap();
    fs::write(snapshot(&dir, "broken"), "{\"schema\":1,").unwrap();
    fs::write(
        snapshot(&dir, "behind"),
        r#"{"schema":1,"id":"behind","events":[]}"#,
    )
    .unwrap();
    fs::write(dir.path().join("drafty.draft.json"), "{not json").unwrap();
    let before = files(dir.path());
    for id in dir.ids().unwrap() {
        let loaded = dir.load(&id).unwrap();
        assert_eq!(
            loaded.events.len(),
            if id == "drafty" { 1 } else { 3 },
            "{id}"
        );
        assert_eq!(loaded.recovery.is_clean(), id == "clean", "{id}");
    }
    assert_eq!(files(dir.path()), before);
}

#[test]
fn failing_disk_shows_the_error_and_catches_up_in_order() {
    let (_tmp, dir, disk) = faulty();
    let s = dir.create("flaky", &events("flaky", 1)).unwrap();
    disk.partial_writes(true);
    disk.fail_until_healed();
    for e in events("flaky", 10).iter().skip(1) {
        s.writer.append(e);
    }
    let st = s.writer.flush();
    let err = st.error.clone().expect("error shown");
    assert!(
        err.starts_with("Saving is failing: No space left on device (os error 28)."),
        "{err}"
    );
    assert!(err.contains("kept in memory"), "{err}");
    assert_eq!(st.written_seq, 1);
    assert_eq!(st.synced_seq, 1);
    assert_eq!(st.pending, 9);
    // The torn write is in the file right now (what a crash would leave).
    assert!(
        !fs::read_to_string(journal(&dir, "flaky"))
            .unwrap()
            .ends_with('\n')
    );

    // More events while the disk is full.
    for e in events("flaky", 15).iter().skip(10) {
        s.writer.append(e);
    }
    disk.heal();
    let st = s.writer.flush();
    assert_eq!(st.error, None);
    assert_eq!((st.written_seq, st.synced_seq, st.pending), (15, 15, 0));
    assert_eq!(journal_seqs(&journal(&dir, "flaky")), upto(15));
    s.close().unwrap();
    let loaded = dir.load("flaky").unwrap();
    assert_eq!(loaded.events, events("flaky", 15));
    assert!(loaded.recovery.is_clean());
}

#[test]
fn writer_retries_by_itself_within_about_a_second() {
    let (_tmp, dir, disk) = faulty();
    let s = dir.create("retry", &events("retry", 1)).unwrap();
    disk.only(&[DiskOp::Write]);
    disk.partial_writes(true);
    disk.fail_once();
    s.writer.append(&note(2));
    s.writer.append(&note(3));
    let mut saw_error = false;
    let mut last = s.writer.status();
    let caught_up = within(Duration::from_secs(4), || {
        last = s.writer.status();
        saw_error |= last.error.is_some();
        last.synced_seq == 3 && last.error.is_none()
    });
    assert!(caught_up, "no catch-up: {last:?}");
    assert!(saw_error);
    assert_eq!(disk.failures(), 1);
    assert_eq!(journal_seqs(&journal(&dir, "retry")), upto(3));
    s.close().unwrap();
}

#[test]
fn failed_sync_rewrites_unsynced_lines_once() {
    let (_tmp, dir, disk) = faulty();
    let s = dir.create("fsync", &events("fsync", 1)).unwrap();
    disk.only(&[DiskOp::Sync]);
    disk.errno(5);
    disk.fail_until_healed();
    for e in events("fsync", 6).iter().skip(1) {
        s.writer.append(e);
    }
    let st = s.writer.flush();
    assert!(
        st.error.as_deref().unwrap().contains("Input/output error"),
        "{st:?}"
    );
    // Nothing since the last good sync counts as saved.
    assert_eq!(st.synced_seq, 1);
    let st = s.writer.flush();
    assert!(st.error.is_some());
    disk.heal();
    let st = s.writer.flush();
    assert_eq!(st.error, None);
    assert_eq!(st.synced_seq, 6);
    assert_eq!(journal_seqs(&journal(&dir, "fsync")), upto(6));
    s.close().unwrap();
}

#[test]
fn repeated_failures_at_every_point_never_lose_or_duplicate() {
    // Fail after 0, 1, 2, ... operations, with torn writes, then heal.
    for n in 0..12 {
        let (_tmp, dir, disk) = faulty();
        let s = dir.create("every", &events("every", 1)).unwrap();
        disk.partial_writes(true);
        disk.fail_after(n);
        for e in events("every", 8).iter().skip(1) {
            s.writer.append(e);
        }
        s.writer.flush();
        for e in events("every", 12).iter().skip(8) {
            s.writer.append(e);
        }
        s.writer.flush();
        assert!(disk.failures() > 0, "n={n}");
        disk.heal();
        let st = s.writer.flush();
        assert_eq!(st.error, None, "n={n}");
        assert_eq!(journal_seqs(&journal(&dir, "every")), upto(12), "n={n}");
        s.close().unwrap();
        assert_eq!(snapshot_seqs(&snapshot(&dir, "every")), upto(12), "n={n}");
    }
}

#[test]
fn failed_snapshot_keeps_the_last_good_one() {
    let (_tmp, dir, disk) = faulty();
    let s = dir.create("snapfail", &events("snapfail", 1)).unwrap();
    disk.only(&[DiskOp::WriteAtomic]);
    disk.fail_until_healed();
    for e in events("snapfail", 4).iter().skip(1) {
        s.writer.append(e);
    }
    let err = s.close().unwrap_err();
    // The journal has everything, so no rescue copy is needed.
    match &err {
        StoreError::Unsaved {
            rescue, message, ..
        } => {
            assert!(rescue.is_none());
            assert!(message.contains("save file is not up to date"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(snapshot_seqs(&snapshot(&dir, "snapfail")), vec![1]);
    disk.heal();
    let s = dir.open("snapfail").unwrap();
    assert_eq!(s.loaded.recovery.from_journal, 3);
    assert_eq!(snapshot_seqs(&snapshot(&dir, "snapfail")), upto(4));
    s.close().unwrap();
}

#[test]
fn close_on_a_dead_disk_writes_a_rescue_copy() {
    let (tmp, dir, disk) = faulty();
    let rescue_dir = tmp.path().join("rescue");
    fs::create_dir(&rescue_dir).unwrap();
    let dir = dir.with_rescue_dir(&rescue_dir);
    let s = dir.create("dead", &events("dead", 1)).unwrap();
    disk.only(&[DiskOp::Write, DiskOp::Sync, DiskOp::SetLen]);
    disk.fail_until_healed();
    for e in events("dead", 5).iter().skip(1) {
        s.writer.append(e);
    }
    let writer = s.writer.clone();
    let err = s.close().unwrap_err();
    let StoreError::Unsaved {
        rescue: Some(path), ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(err.to_string().contains(&path.display().to_string()));
    let (rdir, rid) = dir.resolve(path.to_str().unwrap()).unwrap();
    assert_eq!(rdir.load(&rid).unwrap().events, events("dead", 5));
    // A stale handle now says saving has stopped.
    writer.append(&note(6));
    assert!(writer.status().error.unwrap().contains("stopped"));
}

#[test]
fn complete_last_line_without_newline_is_kept() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "nonl", 3);
    let jp = journal(&dir, "nonl");
    let text = fs::read_to_string(&jp).unwrap();
    fs::write(&jp, text.trim_end()).unwrap();
    let loaded = dir.load("nonl").unwrap();
    assert_eq!(loaded.events, events("nonl", 3));
    assert!(loaded.recovery.unterminated_kept);
    assert_eq!(loaded.recovery.torn_tail, None);
    let s = dir.open("nonl").unwrap();
    s.writer.append(&note(4));
    s.close().unwrap();
    assert_eq!(journal_seqs(&jp), upto(4));
}

#[test]
fn journal_disagreeing_with_snapshot_is_set_aside_and_rewritten() {
    let (_tmp, dir) = folder();
    closed_session(&dir, "differ", 4);
    let jp = journal(&dir, "differ");
    let text = fs::read_to_string(&jp).unwrap();
    let changed = text.replace("quote number 3,", "quote number three,");
    assert_ne!(changed, text);
    fs::write(&jp, &changed).unwrap();
    let loaded = dir.load("differ").unwrap();
    assert_eq!(loaded.recovery.journal_disagrees, 1);
    assert_eq!(
        loaded.events,
        events("differ", 4),
        "the snapshot's version wins"
    );
    let s = dir.open("differ").unwrap();
    let kept = &s.loaded.recovery.set_aside;
    assert_eq!(kept.len(), 1);
    assert_eq!(fs::read_to_string(&kept[0]).unwrap(), changed);
    assert_eq!(fs::read_to_string(&jp).unwrap(), text);
    s.close().unwrap();
    assert!(dir.load("differ").unwrap().recovery.is_clean());
}

mod props {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Step {
        Append(u8),
        FailNext(u8),
        FailUntilHealed,
        Heal,
        Flush,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (1u8..6).prop_map(Step::Append),
            2 => (1u8..4).prop_map(Step::FailNext),
            1 => Just(Step::FailUntilHealed),
            2 => Just(Step::Heal),
            2 => Just(Step::Flush),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 16, .. ProptestConfig::default() })]

        /// Whatever the disk does, once it works again the journal and the
        /// snapshot hold every event once, in order.
        #[test]
        fn nothing_lost_duplicated_or_reordered(
            steps in proptest::collection::vec(step(), 1..25),
            partial in any::<bool>(),
            errno in prop_oneof![Just(28), Just(5)],
        ) {
            let (_tmp, dir, disk) = faulty();
            let s = dir.create("prop", &events("prop", 1)).unwrap();
            disk.partial_writes(partial);
            disk.errno(errno);
            let mut n = 1u64;
            for st in steps {
                match st {
                    Step::Append(k) => for _ in 0..k {
                        n += 1;
                        s.writer.append(&note(n));
                    },
                    Step::FailNext(k) => disk.fail_next(u64::from(k)),
                    Step::FailUntilHealed => disk.fail_until_healed(),
                    Step::Heal => disk.heal(),
                    Step::Flush => {
                        let st = s.writer.flush();
                        prop_assert!(st.written_seq <= n);
                        prop_assert!(st.synced_seq <= st.written_seq);
                    }
                }
            }
            disk.heal();
            let st = s.writer.flush();
            prop_assert_eq!(st.error, None);
            prop_assert_eq!((st.written_seq, st.synced_seq, st.pending), (n, n, 0));
            prop_assert_eq!(journal_seqs(&journal(&dir, "prop")), upto(n));
            s.close().unwrap();
            prop_assert_eq!(snapshot_seqs(&snapshot(&dir, "prop")), upto(n));
            let loaded = dir.load("prop").unwrap();
            prop_assert!(loaded.recovery.is_clean());
        }
    }
}
