//! The files the app writes, hardened (issue 12, items 7-11): session files
//! that are symbolic links are refused, a draft never outlives its note, a
//! draft the app cannot read is copied aside, the words on a full disk are
//! true and a rescue copy is merged back on resume, exports are private.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use facilitator::domain::event::{Event, EventRecord, NoteKind, NotePlace};
use facilitator::domain::profile::GroupProfile;
use facilitator::store::disk::{Disk, RealDisk};
use facilitator::store::{SessionsDir, StoreError};
use tempfile::TempDir;

fn at(seq: u64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + seq as i64 * 7, 0).expect("time")
}

fn created(id: &str) -> EventRecord {
    EventRecord {
        seq: 1,
        at: at(1),
        event: Event::Created {
            id: id.to_string(),
            plan: "full".into(),
            pack: "Test pack".into(),
            profile: GroupProfile {
                location: "Ashford, Kent".into(),
                ..GroupProfile::default()
            },
        },
    }
}

fn place() -> NotePlace {
    NotePlace {
        step: "capabilities".into(),
        section: None,
        idea: None,
    }
}

fn note(seq: u64) -> EventRecord {
    EventRecord {
        seq,
        at: at(seq),
        event: Event::NoteAdded {
            id: seq as u32,
            kind: NoteKind::Note,
            place: place(),
            text: format!("note number {seq}"),
            participant: None,
            codes: vec![],
            begun: None,
        },
    }
}

/// Events 1..=n of a session.
fn events(id: &str, n: u64) -> Vec<EventRecord> {
    let mut v = vec![created(id)];
    v.extend((2..=n).map(note));
    v
}

/// A sessions folder in a temporary place; rescue copies go to `rescue/`.
fn folder() -> (TempDir, SessionsDir) {
    let tmp = tempfile::tempdir().expect("tmp");
    let rescue = tmp.path().join("rescue");
    fs::create_dir(&rescue).expect("mkdir");
    let dir = SessionsDir::new(tmp.path().join("sessions")).with_rescue_dir(rescue);
    (tmp, dir)
}

/// A session of `n` events, closed cleanly.
fn closed_session(dir: &SessionsDir, id: &str, n: u64) {
    let s = dir.create(id, &events(id, 1)).expect("create");
    for e in events(id, n).iter().skip(1) {
        s.writer.append(e);
    }
    s.close().expect("close");
}

fn file(dir: &SessionsDir, id: &str, ext: &str) -> PathBuf {
    dir.path().join(format!("{id}.{ext}"))
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

// ===========================================================================
// 7. Session files that are symbolic links are refused
// ===========================================================================

/// Replace `path` by a link to a file outside the folder holding `bytes`;
/// gives the target.
fn link_outside(tmp: &Path, path: &Path, bytes: &[u8]) -> PathBuf {
    let target = tmp.join(format!(
        "outside-{}",
        path.file_name().expect("name").to_string_lossy()
    ));
    fs::write(&target, bytes).expect("write target");
    let _ = fs::remove_file(path);
    symlink(&target, path).expect("symlink");
    target
}

fn assert_refused_naming(result: Result<impl std::fmt::Debug, StoreError>, link: &Path) {
    match result {
        Err(e @ StoreError::Link { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains(&link.display().to_string()) && msg.contains("symbolic link"),
                "{msg}"
            );
        }
        other => panic!("expected a refusal naming {}: {other:?}", link.display()),
    }
}

/// A lock file that is a link is refused when resuming, with a message
/// naming it, and what it points to is left as it was (it used to be
/// truncated and overwritten with the lock holder's pid).
#[test]
fn a_lock_that_is_a_symlink_is_refused_and_its_target_untouched() {
    let (tmp, dir) = folder();
    closed_session(&dir, "linked", 3);
    let lock = file(&dir, "linked", "lock");
    let target = link_outside(tmp.path(), &lock, b"precious words\n");
    assert_refused_naming(dir.open("linked"), &lock);
    assert_eq!(fs::read(&target).expect("target"), b"precious words\n");
    // A new session whose lock name is already a link: refused too.
    let lock2 = file(&dir, "fresh", "lock");
    let target2 = link_outside(tmp.path(), &lock2, b"other words\n");
    assert_refused_naming(dir.create("fresh", &events("fresh", 1)), &lock2);
    assert_eq!(fs::read(&target2).expect("target"), b"other words\n");
    assert!(!file(&dir, "fresh", "journal").exists());
}

/// A journal that is a link is neither read nor appended to on resume: the
/// session is refused naming the journal, and the target keeps its bytes.
#[test]
fn a_journal_that_is_a_symlink_is_refused_and_its_target_untouched() {
    let (tmp, dir) = folder();
    closed_session(&dir, "jlink", 3);
    let journal = file(&dir, "jlink", "journal");
    let bytes = fs::read(&journal).expect("journal");
    let target = link_outside(tmp.path(), &journal, &bytes);
    assert_refused_naming(dir.open("jlink"), &journal);
    assert_eq!(fs::read(&target).expect("target"), bytes);
    // The same when the journal link points at something that is not a
    // session at all (a file the app would have appended actions to).
    fs::write(&target, b"my diary\n").expect("w");
    assert_refused_naming(dir.open("jlink"), &journal);
    assert_eq!(fs::read(&target).expect("target"), b"my diary\n");
}

/// The snapshot and the draft, when links, are refused too (they are read
/// on resume).
#[test]
fn a_snapshot_or_draft_that_is_a_symlink_is_refused() {
    let (tmp, dir) = folder();
    closed_session(&dir, "slink", 2);
    let snap = file(&dir, "slink", "json");
    let bytes = fs::read(&snap).expect("snapshot");
    let target = link_outside(tmp.path(), &snap, &bytes);
    assert_refused_naming(dir.open("slink"), &snap);
    assert_eq!(fs::read(&target).expect("target"), bytes);
    fs::remove_file(&snap).expect("rm");
    fs::write(&snap, &bytes).expect("w");
    let draft = file(&dir, "slink", "draft.json");
    let target = link_outside(tmp.path(), &draft, b"{\"text\":\"x\"}");
    assert_refused_naming(dir.open("slink"), &draft);
    assert_eq!(fs::read(&target).expect("target"), b"{\"text\":\"x\"}");
}

/// The journal is opened with O_NOFOLLOW, so a link that appears after the
/// check is refused by the open itself and nothing reaches its target.
#[test]
fn appending_through_a_symlink_is_refused_by_the_open_itself() {
    let tmp = tempfile::tempdir().expect("tmp");
    let target = tmp.path().join("target");
    fs::write(&target, b"keep").expect("w");
    let link = tmp.path().join("x.journal");
    symlink(&target, &link).expect("symlink");
    let e = RealDisk.open_append(&link).expect_err("refused");
    assert!(facilitator::store::disk::is_link_refusal(&link, &e), "{e}");
    assert_eq!(fs::read(&target).expect("target"), b"keep");
}
