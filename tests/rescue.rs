//! Closing on a full disk (issue 12, item 10): the words say exactly what
//! is where, and the next resume finds the rescue copy (in the sessions
//! folder, the home folder or the temporary folder) and takes back what the
//! journal lacks, nothing lost and nothing doubled. Full disks are the
//! kernel's own ENOSPC from /dev/full where there is one, else injected.

mod common;

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{NaiveDate, Utc};
use facilitator::domain::event::{Event, EventRecord, NoteKind};
use facilitator::domain::profile::{GroupProfile, Participant};
use facilitator::domain::session::Session;
use facilitator::stimulus::embedded;
use facilitator::store::disk::{Disk, DiskOp, FaultyDisk, RealDisk};
use facilitator::store::{RescueOutcome, SessionsDir, StoreError};
use facilitator::tui::app::{App, Ctx};

use common::fixtures::{created_record, note_record};

const ID: &str = "2026-11-29-ashford-kent";

fn created(id: &str) -> EventRecord {
    created_record(id, "")
}

fn note(seq: u64) -> EventRecord {
    note_record(seq, NoteKind::Note, format!("note number {seq}"), None)
}

fn events(n: u64) -> Vec<EventRecord> {
    let mut v = vec![created(ID)];
    v.extend((2..=n).map(note));
    v
}

fn seqs(events: &[EventRecord]) -> Vec<u64> {
    events.iter().map(|e| e.seq).collect()
}

fn journal_seqs(path: &Path) -> Vec<u64> {
    fs::read_to_string(path)
        .expect("journal")
        .lines()
        .map(|l| serde_json::from_str::<EventRecord>(l).expect("line").seq)
        .collect()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A disk that is full (the kernel's ENOSPC from /dev/full, or an injected
/// one where there is no /dev/full) for the journal, and for atomic writes
/// under `full_under`, once armed.
#[derive(Debug)]
struct FullUnder {
    full_under: PathBuf,
    armed: AtomicBool,
}

impl FullUnder {
    fn refuse(bytes: &[u8]) -> io::Result<()> {
        if !Path::new("/dev/full").exists() {
            return Err(io::Error::from_raw_os_error(28));
        }
        let mut f = fs::OpenOptions::new().write(true).open("/dev/full")?;
        f.write_all(bytes)?;
        f.sync_data()
    }
    fn full(&self) -> bool {
        self.armed.load(Ordering::SeqCst)
    }
}

impl Disk for FullUnder {
    fn write(&self, file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
        if self.full() {
            return Self::refuse(bytes);
        }
        RealDisk.write(file, bytes)
    }
    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if self.full() && path.starts_with(&self.full_under) {
            return Self::refuse(bytes);
        }
        RealDisk.write_atomic(path, bytes)
    }
}

/// The case: 40 notes, the disk full after 4 of them reached the
/// journal, the whole folder full too, so the copy goes to the home folder.
/// The words at close say the actions are not in the journal and where the
/// copy is; the next resume takes the 36 back from it, says so, renames the
/// copy so it is not taken again, and a resume after that finds nothing:
/// seq 1..41 once each.
#[test]
fn a_rescue_copy_in_the_home_folder_is_taken_back_on_resume() {
    let tmp = tempfile::tempdir().expect("tmp");
    let sessions = tmp.path().join("sessions");
    let home = tmp.path().join("home");
    fs::create_dir(&home).expect("mkdir");
    let disk = Arc::new(FullUnder {
        full_under: sessions.clone(),
        armed: AtomicBool::new(false),
    });
    let dir = SessionsDir::new(&sessions)
        .with_disk(disk.clone())
        .with_rescue_dir(&home);
    let all = {
        let mut v = events(1);
        v.extend((2..=41).map(note));
        v
    };
    let s = dir.create(ID, &all[..1]).expect("create");
    for e in &all[1..5] {
        s.writer.append(e);
    }
    s.writer.flush();
    disk.armed.store(true, Ordering::SeqCst);
    for e in &all[5..] {
        s.writer.append(e);
    }
    let err = s.close().expect_err("the disk is full");
    let StoreError::Unsaved {
        rescue: Some(copy),
        journal_complete: false,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(copy.parent(), Some(home.as_path()));
    let said = err.to_string();
    assert!(said.contains("36 actions are not in the journal"), "{said}");
    assert!(said.contains(&copy.display().to_string()), "{said}");
    assert!(
        said.contains("resuming the session takes the missing actions back"),
        "{said}"
    );
    assert!(!said.contains("holds every action"), "{said}");
    assert!(!said.contains("no complete copy"), "{said}");
    assert_eq!(
        journal_seqs(&sessions.join(format!("{ID}.journal"))),
        vec![1, 2, 3, 4, 5]
    );

    // The disk has room again; the session is resumed.
    disk.armed.store(false, Ordering::SeqCst);
    let open = dir.open(ID).expect("open");
    assert_eq!(open.loaded.events, all);
    let r = &open.loaded.recovery;
    assert_eq!(r.rescues.len(), 1, "{r:?}");
    assert_eq!(r.rescues[0].outcome, RescueOutcome::Merged(36));
    let summary = r.summary().expect("said");
    assert!(summary.starts_with("Took back 36 actions"), "{summary}");
    assert!(summary.contains(&copy.display().to_string()), "{summary}");
    open.close().expect("close");
    assert_eq!(
        journal_seqs(&sessions.join(format!("{ID}.journal"))),
        seqs(&all)
    );
    assert!(!copy.exists());
    let merged = home.join(format!(
        "{}.merged",
        copy.file_name().expect("name").to_string_lossy()
    ));
    assert!(merged.exists(), "{:?}", names(&home));
    // Once only.
    let open = dir.open(ID).expect("open");
    assert_eq!(open.loaded.events, all);
    assert!(open.loaded.recovery.rescues.is_empty());
    open.close().expect("close");
    assert_eq!(
        journal_seqs(&sessions.join(format!("{ID}.journal"))),
        seqs(&all)
    );
}

/// The copy in the sessions folder (the first place tried) is not listed as
/// a session of its own, and is taken back the same way on resume.
#[test]
fn a_rescue_copy_in_the_sessions_folder_is_taken_back_and_no_longer_listed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let disk = Arc::new(FaultyDisk::new());
    let dir = SessionsDir::new(tmp.path().join("sessions"))
        .with_disk(disk.clone())
        .with_rescue_dir(tmp.path().join("nowhere"));
    let s = dir.create(ID, &events(1)).expect("create");
    disk.only(&[DiskOp::Write, DiskOp::Sync, DiskOp::SetLen]);
    disk.fail_until_healed();
    for e in &events(6)[1..] {
        s.writer.append(e);
    }
    let err = s.close().expect_err("full");
    let StoreError::Unsaved {
        rescue: Some(copy), ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(copy.parent(), Some(dir.path()));
    // The copy is not listed as a session of its own (resuming it instead
    // would fork the session), but it opens by its path.
    assert_eq!(dir.ids().expect("ids"), vec![ID.to_string()]);
    let (d, cid) = dir.resolve(copy.to_str().expect("utf-8")).expect("by path");
    assert_eq!(d.load(&cid).expect("load").events, events(6));
    disk.heal();
    let open = dir.open(ID).expect("open");
    assert_eq!(open.loaded.events, events(6));
    open.close().expect("close");
    assert_eq!(dir.ids().expect("ids"), vec![ID.to_string()]);
}

/// A copy that does not match the session (another session of that id, or
/// one that went on without the copy's actions) is left as it is and
/// reported, never merged; so is one others may write to.
#[test]
fn a_rescue_copy_that_does_not_match_is_left_and_reported() {
    let tmp = tempfile::tempdir().expect("tmp");
    let rescue = tmp.path().join("rescue");
    fs::create_dir(&rescue).expect("mkdir");
    let dir = SessionsDir::new(tmp.path().join("sessions")).with_rescue_dir(&rescue);
    let s = dir.create(ID, &events(1)).expect("create");
    for e in &events(3)[1..] {
        s.writer.append(e);
    }
    s.close().expect("close");
    // A copy whose second action differs.
    let mut other = events(6);
    if let Event::NoteAdded { text, .. } = &mut other[1].event {
        *text = "something else".into();
    }
    let lines: Vec<String> = other
        .iter()
        .map(|e| serde_json::to_string(e).expect("json"))
        .collect();
    let body = format!(
        "{{\"schema\":1,\"id\":\"{ID}\",\"saved_at\":\"2026-11-29T12:00:00Z\",\"events\":[\n{}\n]}}\n",
        lines.join(",\n")
    );
    let differs = rescue.join(format!("{ID}-rescue-20261129-120000.json"));
    fs::write(&differs, &body).expect("w");
    fs::set_permissions(&differs, fs::Permissions::from_mode(0o600)).expect("chmod");
    // A copy that would match, but anyone may write to it.
    let good: Vec<String> = events(6)
        .iter()
        .map(|e| serde_json::to_string(e).expect("json"))
        .collect();
    let open_to_all = rescue.join(format!("{ID}-rescue-20261129-130000.json"));
    fs::write(
        &open_to_all,
        format!(
            "{{\"schema\":1,\"id\":\"{ID}\",\"saved_at\":\"2026-11-29T13:00:00Z\",\"events\":[\n{}\n]}}\n",
            good.join(",\n")
        ),
    )
    .expect("w");
    fs::set_permissions(&open_to_all, fs::Permissions::from_mode(0o666)).expect("chmod");
    let open = dir.open(ID).expect("open");
    assert_eq!(open.loaded.events, events(3));
    let r = open.loaded.recovery.clone();
    open.close().expect("close");
    assert_eq!(r.rescues.len(), 2, "{r:?}");
    assert!(
        r.rescues
            .iter()
            .all(|f| matches!(f.outcome, RescueOutcome::Left(_))),
        "{r:?}"
    );
    let said = r.summary().expect("said");
    assert!(said.contains("differ"), "{said}");
    assert!(said.contains("others may write to it"), "{said}");
    assert!(differs.exists() && open_to_all.exists());
}

fn app_with(dir: &SessionsDir) -> App {
    let pack = embedded();
    let now = Utc::now();
    let profile = GroupProfile {
        location: "Ashford, Kent".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
        ..GroupProfile::default()
    };
    let first = Session::created_event(ID, "full", &pack, profile, now);
    let open = dir.create(ID, &[first]).expect("create");
    App::resumed(
        Ctx {
            pack,
            dir: dir.clone(),
        },
        open,
        now,
    )
}

fn add_people(app: &mut App) {
    for (i, label) in ["Ann", "Bob", "Cai"].iter().enumerate() {
        let participant = Participant {
            id: i as u32 + 1,
            label: (*label).into(),
            ..Participant::default()
        };
        assert!(app.record(Event::ParticipantAdded { participant }, Utc::now()));
    }
}

/// The words when leaving the app. With the journal incomplete and no copy
/// possible anywhere: they say so and never claim the journal holds every
/// action (they used to). With only the save file failing: the journal
/// holds every action, and no "no copy could be written" is claimed for a
/// copy never tried (it used to be).
#[test]
fn the_words_on_leaving_with_a_full_disk_say_what_is_where() {
    let tmp = tempfile::tempdir().expect("tmp");
    let sessions = tmp.path().join("sessions");
    let rescue = tmp.path().join("rescue");
    fs::create_dir(&rescue).expect("mkdir");
    // Everything full: the journal, the sessions folder and the rescue folder.
    let disk = Arc::new(FullUnder {
        full_under: tmp.path().to_path_buf(),
        armed: AtomicBool::new(false),
    });
    let dir = SessionsDir::new(&sessions)
        .with_disk(disk.clone())
        .with_rescue_dir(&rescue);
    let mut app = app_with(&dir);
    disk.armed.store(true, Ordering::SeqCst);
    add_people(&mut app);
    let said = app.shutdown(Utc::now()).expect("words");
    assert!(!said.contains("holds every action"), "{said}");
    assert!(said.contains("not in the journal"), "{said}");
    assert!(
        said.contains("no complete copy could be written either"),
        "{said}"
    );
    assert!(said.contains(&rescue.display().to_string()), "{said}");
    assert!(said.contains(&sessions.display().to_string()), "{said}");
    assert!(names(&rescue).is_empty());

    // Only the save file fails (atomic writes refused; the journal works).
    let tmp = tempfile::tempdir().expect("tmp");
    let disk = Arc::new(FaultyDisk::new());
    let dir = SessionsDir::new(tmp.path().join("sessions"))
        .with_disk(disk.clone())
        .with_rescue_dir(tmp.path());
    let mut app = app_with(&dir);
    disk.only(&[DiskOp::WriteAtomic]);
    disk.fail_until_healed();
    add_people(&mut app);
    let said = app.shutdown(Utc::now()).expect("words");
    assert!(said.contains("the journal holds every action"), "{said}");
    assert!(!said.contains("no copy could be written"), "{said}");
    assert!(!said.contains("no complete copy"), "{said}");
    assert!(
        said.contains(&format!("facilitator run --resume {ID}")),
        "{said}"
    );
}
