//! The sessions folder's summary index: whatever state it is in (missing,
//! truncated, stale, from another version), `list`'s and coverage's
//! results equal a fresh read of every session; and a fresh index is used.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::Duration;
use facilitator::domain::event::{Event, EventRecord};
use facilitator::domain::ideas::coverage_of_summaries;
use facilitator::domain::summary::{Summary, summarise};
use facilitator::store::{INDEX_FORMAT, SessionsDir, coverage_of_folder, index_path};
use tempfile::TempDir;

/// A folder of `n` demo sessions.
fn demo(n: u32) -> (TempDir, SessionsDir) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    let pack = facilitator::stimulus::embedded();
    facilitator::afterwards::demo::run(&dir, &pack, n, 7).unwrap();
    (tmp, dir)
}

/// Every session read afresh and summed up, by id.
fn fresh(dir: &SessionsDir) -> Vec<Summary> {
    dir.ids()
        .unwrap()
        .iter()
        .map(|id| summarise(&dir.load(id).unwrap().events))
        .collect()
}

fn index_of(dir: &SessionsDir) -> PathBuf {
    index_path(dir.path())
}

/// The summaries as `list` and coverage get them, checked against a fresh read.
fn check(dir: &SessionsDir) -> facilitator::store::Summaries {
    let got = dir.summaries();
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    let want = fresh(dir);
    assert_eq!(got.sessions, want);
    let (cov, problems) = coverage_of_folder(dir, None);
    assert!(problems.is_empty());
    assert_eq!(cov, coverage_of_summaries(&want, None));
    got
}

/// `facilitator list`'s output.
fn list(dir: &SessionsDir) -> String {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = facilitator::commands::list(dir, &mut out, &mut err).unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    String::from_utf8(out).unwrap()
}

#[test]
fn a_warm_index_is_used_and_equals_a_fresh_read() {
    let (_tmp, dir) = demo(12);
    let first = check(&dir);
    assert_eq!((first.reused, first.read), (0, 12));
    assert!(first.written);
    assert!(index_of(&dir).is_file());
    let again = check(&dir);
    assert_eq!((again.reused, again.read), (12, 0));
    assert!(
        !again.written,
        "an index that is up to date is not rewritten"
    );
    // The index file is not a session.
    assert_eq!(dir.ids().unwrap().len(), 12);
    assert_eq!(list(&dir).lines().count(), 12);
}

#[test]
fn a_deleted_index_is_rebuilt() {
    let (_tmp, dir) = demo(6);
    let before = list(&dir);
    fs::remove_file(index_of(&dir)).unwrap();
    let got = check(&dir);
    assert_eq!(got.read, 6);
    assert!(index_of(&dir).is_file());
    assert_eq!(list(&dir), before);
}

#[test]
fn a_truncated_or_damaged_index_is_rebuilt() {
    let (_tmp, dir) = demo(8);
    check(&dir);
    let path = index_of(&dir);
    let full = fs::read(&path).unwrap();
    for cut in [0, 5, full.len() / 3, full.len() / 2, full.len() - 7] {
        fs::write(&path, &full[..cut]).unwrap();
        let got = check(&dir);
        assert!(got.written, "cut at {cut}: the index is written again");
        assert_eq!(got.reused + got.read, 8);
    }
    // Garbage in the middle costs only the lines it hits.
    let mut mangled = full.clone();
    let mid = full.len() / 2;
    mangled[mid..mid + 20].fill(b'#');
    fs::write(&path, &mangled).unwrap();
    let got = check(&dir);
    assert!(got.read >= 1 && got.read <= 2, "read {}", got.read);
    assert_eq!(fs::read(&path).unwrap(), full);
}

/// The id of the `i`th session.
fn nth(dir: &SessionsDir, i: usize) -> String {
    dir.ids().unwrap()[i].clone()
}

#[test]
fn a_session_changed_under_the_index_is_read_again() {
    let (_tmp, dir) = demo(5);
    check(&dir);
    let id = nth(&dir, 2);
    let loaded = dir.load(&id).unwrap();
    let last = loaded.events.last().unwrap().clone();
    let Event::Created { mut profile, .. } = loaded.events[0].event.clone() else {
        panic!("first event is not Created");
    };
    profile.location = "Somewhere Else, Devon".into();
    profile.moderator = "A New Moderator".into();
    let open = dir.open(&id).unwrap();
    open.writer.append(&EventRecord {
        seq: last.seq + 1,
        at: last.at + Duration::seconds(5),
        event: Event::ProfileChanged { profile },
    });
    open.close().unwrap();
    let got = check(&dir);
    assert_eq!((got.reused, got.read), (4, 1));
    let s = got.sessions.iter().find(|s| s.id == id).unwrap();
    assert_eq!(s.location, "Somewhere Else, Devon");
    assert!(list(&dir).contains("Somewhere Else, Devon"));
}

/// Replace `from` by `to` (the same length) in `path`, keeping its
/// modification time.
fn edit_in_place(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let mtime = fs::metadata(path).unwrap().modified().unwrap();
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from}", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    assert_eq!(fs::metadata(path).unwrap().modified().unwrap(), mtime);
}

#[test]
fn an_edit_that_keeps_size_and_mtime_is_still_seen() {
    let (_tmp, dir) = demo(4);
    let first = check(&dir);
    let id = nth(&dir, 1);
    let location = &first.sessions[1].location;
    let same_len: String = location
        .chars()
        .map(|c| if c.is_ascii_alphabetic() { 'Q' } else { c })
        .collect();
    let (from, to) = (
        format!("\"location\":\"{location}\""),
        format!("\"location\":\"{same_len}\""),
    );
    for ext in ["json", "journal"] {
        edit_in_place(&dir.path().join(format!("{id}.{ext}")), &from, &to);
    }
    let got = check(&dir);
    assert_eq!(got.read, 1);
    assert_eq!(got.sessions[1].location, same_len);
}

#[test]
fn a_session_removed_or_added_is_seen() {
    let (_tmp, dir) = demo(5);
    check(&dir);
    let id = nth(&dir, 0);
    for ext in ["json", "journal"] {
        fs::remove_file(dir.path().join(format!("{id}.{ext}"))).unwrap();
    }
    let got = check(&dir);
    assert_eq!((got.sessions.len(), got.read), (4, 0));
    assert!(got.written);
    // A session with only a journal (the snapshot lost) is read from it.
    let other = nth(&dir, 0);
    fs::remove_file(dir.path().join(format!("{other}.json"))).unwrap();
    let got = check(&dir);
    assert_eq!(got.read, 1);
}

/// The index with every summary's location replaced (the stamps kept, so
/// only the header decides whether it is trusted).
fn poisoned(full: &str, header: &str) -> String {
    let mut lines = full.lines();
    lines.next();
    let mut out = format!("{header}\n");
    for l in lines {
        let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
        // An entry is an array: stamps, length, then the summary's fields
        // (id, uuid, date, location, …).
        v[6] = "POISONED".into();
        out.push_str(&format!("{v}\n"));
    }
    out
}

#[test]
fn an_index_from_another_version_is_ignored_and_rebuilt() {
    let (_tmp, dir) = demo(6);
    check(&dir);
    let path = index_of(&dir);
    let full = fs::read_to_string(&path).unwrap();
    let app = env!("CARGO_PKG_VERSION");
    // The same version's index is trusted as it stands (so a poisoned one
    // shows: this is what proves the index is read at all).
    let ours = format!("{{\"facilitator_index\":{INDEX_FORMAT},\"app\":\"{app}\"}}");
    fs::write(&path, poisoned(&full, &ours)).unwrap();
    let trusted = dir.summaries();
    assert_eq!(trusted.reused, 6);
    assert!(trusted.sessions.iter().all(|s| s.location == "POISONED"));
    for header in [
        format!(
            "{{\"facilitator_index\":{},\"app\":\"{app}\"}}",
            INDEX_FORMAT + 1
        ),
        format!("{{\"facilitator_index\":{INDEX_FORMAT},\"app\":\"99.0.0\"}}"),
        "{\"something\":\"else\"}".to_string(),
    ] {
        fs::write(&path, poisoned(&full, &header)).unwrap();
        let got = check(&dir);
        assert_eq!(got.read, 6, "{header}");
        assert!(got.written);
        assert_eq!(fs::read_to_string(&path).unwrap(), full);
    }
}

#[test]
fn an_index_that_is_a_link_or_a_folder_is_not_followed() {
    let (tmp, dir) = demo(3);
    let path = index_of(&dir);
    let elsewhere = tmp.path().join("elsewhere");
    fs::write(&elsewhere, "keep me").unwrap();
    std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
    let got = check(&dir);
    assert_eq!(got.read, 3);
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "keep me");
    // The link was replaced by the index itself.
    assert!(
        !fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    fs::remove_file(&path).unwrap();
    fs::create_dir(&path).unwrap();
    check(&dir);
    check(&dir);
}

#[test]
fn a_folder_that_cannot_be_written_still_lists() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir) = demo(3);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).unwrap();
    let got = check(&dir);
    let writable = got.written;
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
    // (root can write anyway; a user cannot.)
    if !writable {
        assert!(!index_of(&dir).exists());
    }
    // No temporary file is left behind either way.
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn coverage_says_whose_groups_it_counts() {
    let (_tmp, dir) = demo(10);
    let want = fresh(&dir);
    let (cov, _) = coverage_of_folder(&dir, Some(&want[0].id));
    assert_eq!(cov.groups(), 9);
    let mut moderators: Vec<&str> = want[1..].iter().map(|s| s.moderator.as_str()).collect();
    moderators.sort_unstable();
    moderators.dedup();
    let mut named: Vec<&str> = cov.sources.iter().map(|s| s.moderator.as_str()).collect();
    named.sort_unstable();
    assert_eq!(named, moderators);
    for src in &cov.sources {
        let theirs: Vec<&Summary> = want[1..]
            .iter()
            .filter(|s| s.moderator == src.moderator)
            .collect();
        assert_eq!(src.groups, theirs.len());
        assert_eq!(src.newest, theirs.iter().map(|s| s.newest).max().unwrap());
    }
    // Newest first.
    assert!(cov.sources.windows(2).all(|w| w[0].newest >= w[1].newest));
}
