//! The sealed index behind `facilitator list`: once a complete pass found
//! the folder unchanged, `list` takes the index without statting each
//! file, and still never shows stale data when this app appends to a
//! journal in place, a sync tool delivers a file by rename, a finished
//! session is reopened, or the seal, the index or the log of in-place
//! writes is damaged or replaced. Every check compares with a fresh read
//! of every file. A file another program edits in place (keeping the
//! folder as it was) is not seen by `list` until the folder changes; the
//! coverage the joker pick rests on and the start screen check every
//! file, and see it at once.

mod common;

use std::fs;
use std::path::Path;

use common::groups::{group, note, save};
use facilitator::domain::event::{Event, EventRecord};
use facilitator::domain::ideas::coverage_of_summaries;
use facilitator::domain::summary::{Summary, summarise};
use facilitator::store::{
    SessionsDir, Summaries, coverage_of_folder, index_path, seal_path, touched_path,
};

/// Every session read afresh and summed up.
fn fresh(dir: &SessionsDir) -> Vec<Summary> {
    dir.ids()
        .unwrap()
        .iter()
        .map(|id| summarise(&dir.load(id).unwrap().events))
        .collect()
}

/// `list`'s reading of the folder, checked against a fresh read (and
/// its printed lines with it).
#[track_caller]
fn listed(dir: &SessionsDir) -> Summaries {
    let got = dir.summaries_listed();
    assert!(got.problems.is_empty(), "{:?}", got.problems);
    assert_eq!(got.sessions, fresh(dir));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = facilitator::commands::list(dir, &mut out, &mut err).unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let want: Vec<String> = fresh(dir).iter().map(Summary::list_line).collect();
    assert_eq!(
        String::from_utf8(out).unwrap().lines().collect::<Vec<_>>(),
        want
    );
    got
}

/// Coverage, checked against a fresh read.
fn covered(dir: &SessionsDir) {
    let (cov, problems) = coverage_of_folder(dir, None);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(cov, coverage_of_summaries(&fresh(dir), None));
}

/// A folder of five groups, three finished, and its index sealed: `list`
/// takes it with no file statted.
fn sealed() -> (tempfile::TempDir, SessionsDir) {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    for (i, id) in ["one", "two", "three", "four", "five"].iter().enumerate() {
        let id = format!("2026-12-01-{id}");
        save(&a, &id, &group(&id, i as i64 * 10, &[i as u32 + 1], i < 3));
    }
    let dir = SessionsDir::new(&a);
    // The first pass writes the index; the seal is made by a complete
    // pass that finds nothing to change, a clock tick after the folder's
    // last change.
    listed(&dir);
    settle();
    listed(&dir);
    let warm = listed(&dir);
    assert_eq!((warm.reused, warm.read, warm.statted), (5, 0, 0));
    assert!(!warm.written);
    // And `list` prints what the seal kept of it, nothing else read.
    assert_eq!(
        sealed_text(&dir).as_deref(),
        Some(fresh_text(&dir).as_str())
    );
    (tmp, dir)
}

/// What the seal gives `list` to print, if it vouches for it.
fn sealed_text(dir: &SessionsDir) -> Option<String> {
    dir.sealed_listing()
        .map(|l| String::from_utf8(l.text).unwrap())
}

/// What `list` prints of a fresh read of every session.
fn fresh_text(dir: &SessionsDir) -> String {
    fresh(dir)
        .iter()
        .map(|s| format!("{}\n", s.list_line()))
        .collect()
}

/// Let the file system's clock move past the folder's last change.
fn settle() {
    std::thread::sleep(std::time::Duration::from_millis(20));
}

fn id(name: &str) -> String {
    format!("2026-12-01-{name}")
}

/// Session `id` open for writing, and the index sealed again after it
/// (opening makes the session's lock file: the folder changed).
fn opened(dir: &SessionsDir, id: &str) -> facilitator::store::OpenSession {
    let open = dir.open(id).unwrap();
    listed(dir);
    settle();
    listed(dir);
    assert_eq!(listed(dir).statted, 0);
    open
}

fn last_of(dir: &SessionsDir, id: &str) -> EventRecord {
    dir.load(id).unwrap().events.last().unwrap().clone()
}

#[test]
fn a_sealed_index_is_listed_without_a_stat_and_a_complete_pass_seals_it() {
    let (_tmp, dir) = sealed();
    let seal = fs::read_to_string(seal_path(dir.path())).unwrap();
    assert!(seal.contains("facilitator_seal"), "{seal}");
    // Coverage and the start screen's reading check every file anyway.
    let full = dir.summaries();
    assert_eq!((full.reused, full.statted), (5, 5));
    covered(&dir);
    // And leave the seal as it was.
    assert_eq!(listed(&dir).statted, 0);
}

#[test]
fn an_append_in_place_by_this_app_is_listed_at_once_and_only_it_is_statted() {
    let (_tmp, dir) = sealed();
    let live = id("four");
    let open = opened(&dir, &live);
    let last = last_of(&dir, &live);
    open.writer
        .append(&note(last.seq + 1, 60, "said while the list ran"));
    open.writer.flush();
    // The journal grew in place: the folder did not change, but what the
    // seal kept of `list` is not printed again.
    assert_eq!(sealed_text(&dir), None);
    let got = listed(&dir);
    assert_eq!((got.statted, got.read), (1, 1));
    assert!(!got.written, "the sealed index is left as it is");
    let s = got.sessions.iter().find(|s| s.id == live).unwrap();
    assert_eq!(s.newest, common::groups::t(60));
    // Again and again, while the session goes on.
    let last = last_of(&dir, &live);
    open.writer.append(&note(last.seq + 1, 61, "and more"));
    open.writer.flush();
    let got = listed(&dir);
    assert_eq!(got.statted, 1);
    covered(&dir);
    open.close().unwrap();
    listed(&dir);
    covered(&dir);
}

#[test]
fn a_finished_session_reopened_here_is_listed_live() {
    let (_tmp, dir) = sealed();
    let done = id("one");
    let before = listed(&dir);
    assert!(!before.sessions.iter().find(|s| s.id == done).unwrap().live);
    let open = opened(&dir, &done);
    let last = last_of(&dir, &done);
    open.writer.append(&EventRecord {
        seq: last.seq + 1,
        at: last.at + chrono::Duration::seconds(5),
        event: Event::Reopened,
    });
    open.writer.flush();
    let got = listed(&dir);
    let s = got.sessions.iter().find(|s| s.id == done).unwrap();
    assert!(s.live, "reopened");
    open.close().unwrap();
    listed(&dir);
}

/// Replace session `id`'s files by a new history as a sync tool does:
/// written elsewhere, then renamed in.
fn deliver(dir: &SessionsDir, id: &str, events: &[EventRecord]) {
    let tmp = tempfile::tempdir_in(dir.path().parent().unwrap()).unwrap();
    save(tmp.path(), id, events);
    for ext in ["json", "journal"] {
        let name = format!("{id}.{ext}");
        fs::rename(tmp.path().join(&name), dir.path().join(&name)).unwrap();
    }
}

#[test]
fn a_file_a_sync_tool_renames_in_is_listed_at_once() {
    let (_tmp, dir) = sealed();
    let two = id("two");
    for round in 0..3_i64 {
        let mut events = group(&two, 10, &[2], true);
        let seq = events.len() as u64 + 1;
        events.push(note(seq, 70 + round, "said on the other laptop"));
        deliver(&dir, &two, &events);
        assert_eq!(sealed_text(&dir), None, "round {round}");
        let got = listed(&dir);
        let s = got.sessions.iter().find(|s| s.id == two).unwrap();
        assert_eq!(s.newest, common::groups::t(70 + round), "round {round}");
        covered(&dir);
    }
    // A new session arriving, and one removed.
    let six = id("six");
    deliver(&dir, &six, &group(&six, 80, &[6], true));
    assert_eq!(listed(&dir).sessions.len(), 6);
    for ext in ["json", "journal"] {
        fs::remove_file(dir.path().join(format!("{}.{ext}", id("one")))).unwrap();
    }
    assert_eq!(listed(&dir).sessions.len(), 5);
}

/// Replace `from` by `to` (the same length) in `path` in place, as an
/// editor that does not rename would, keeping its modification time.
fn edit_in_place(path: &Path, from: &str, to: &str) {
    let mtime = fs::metadata(path).unwrap().modified().unwrap();
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from));
    fs::write(path, text.replace(from, to)).unwrap();
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
}

#[test]
fn a_file_another_program_edits_in_place_is_seen_by_coverage_at_once_and_by_list_once_the_folder_changes()
 {
    let (_tmp, dir) = sealed();
    let three = id("three");
    for ext in ["json", "journal"] {
        edit_in_place(
            &dir.path().join(format!("{three}.{ext}")),
            "\"idea\":3",
            "\"idea\":9",
        );
    }
    // The coverage the joker pick rests on, and the start screen's
    // reading, stat every file.
    covered(&dir);
    let full = dir.summaries();
    assert_eq!(full.sessions, fresh(&dir));
    let s = full.sessions.iter().find(|s| s.id == three).unwrap();
    assert_eq!(s.discussed[0].idea, 9);
    // `list` sees it once anything in the folder changes.
    let six = id("six");
    deliver(&dir, &six, &group(&six, 80, &[6], true));
    listed(&dir);
}

#[test]
fn a_damaged_or_foreign_seal_index_or_log_means_every_file_is_statted() {
    let (_tmp, dir) = sealed();
    let seal = seal_path(dir.path());
    let good = fs::read(&seal).unwrap();
    let header = good.iter().position(|b| *b == b'\n').unwrap() + 1;
    // A seal cut short, garbage, of another version.
    let other = String::from_utf8(good.clone())
        .unwrap()
        .replace(env!("CARGO_PKG_VERSION"), "99.0.0");
    for bad in [&good[..header / 2], b"{}".as_slice(), other.as_bytes()] {
        fs::write(&seal, bad).unwrap();
        assert_eq!(sealed_text(&dir), None);
        let got = listed(&dir);
        assert_eq!(got.statted, 5, "{}", String::from_utf8_lossy(bad));
    }
    // Its listing cut short, or changed at the same length: not printed
    // (the index it vouches for still is taken).
    let mut changed = good.clone();
    let last = changed.len() - 2;
    changed[last] = b'X';
    for bad in [&good[..header + 10], &changed[..]] {
        fs::write(&seal, bad).unwrap();
        assert_eq!(sealed_text(&dir), None);
        assert_eq!(listed(&dir).statted, 0);
    }
    fs::write(&seal, &good).unwrap();
    assert_eq!(
        sealed_text(&dir).as_deref(),
        Some(fresh_text(&dir).as_str())
    );
    // Sealed again by those passes.
    settle();
    listed(&dir);
    assert_eq!(listed(&dir).statted, 0);

    // The index rewritten in place under the seal: not the index the seal
    // was made for.
    let index = index_path(dir.path());
    let text = fs::read(&index).unwrap();
    fs::write(&index, &text).unwrap();
    assert_eq!(listed(&dir).statted, 5);
    settle();
    listed(&dir);
    assert_eq!(listed(&dir).statted, 0);

    // The log of in-place writes removed, cut or replaced while a seal
    // counts on it.
    let four = id("four");
    let open = dir.open(&four).unwrap();
    let last = last_of(&dir, &four);
    open.writer.append(&note(last.seq + 1, 60, "noted"));
    open.writer.flush();
    listed(&dir);
    settle();
    listed(&dir);
    let log = touched_path(dir.path());
    assert!(fs::read_to_string(&log).unwrap().contains(&four));
    let last = last_of(&dir, &four);
    open.writer.append(&note(last.seq + 1, 61, "noted again"));
    open.writer.flush();
    fs::write(&log, b"").unwrap();
    assert_eq!(listed(&dir).statted, 5, "a log cut short");
    settle();
    listed(&dir);
    assert_eq!(listed(&dir).statted, 0, "sealed again");
    // The group goes on: its writer tells the cut log again (it checks
    // at most once a second).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let last = last_of(&dir, &four);
    open.writer.append(&note(last.seq + 1, 62, "after the cut"));
    open.writer.flush();
    assert_eq!(listed(&dir).statted, 1, "told again");
    fs::remove_file(&log).unwrap();
    assert_eq!(listed(&dir).statted, 5, "a log removed");
    open.close().unwrap();
    listed(&dir);
    covered(&dir);
}

/// Session "four" of [`sealed`] open here, one note saved: the group
/// running, its writer having told the log (the session's id, the open
/// session, the log's path).
fn running(dir: &SessionsDir) -> (String, facilitator::store::OpenSession, std::path::PathBuf) {
    let live = id("four");
    let open = opened(dir, &live);
    let last = last_of(dir, &live);
    open.writer.append(&note(last.seq + 1, 60, "first"));
    open.writer.flush();
    (live, open, touched_path(dir.path()))
}

/// The seal removed and made again: a complete pass, then one that finds
/// nothing to change.
fn sealed_again(dir: &SessionsDir) {
    fs::remove_file(seal_path(dir.path())).unwrap();
    listed(dir);
    settle();
    listed(dir);
}

/// A group running on this machine is told open in the log once, before
/// its first save (synced), and its end once, after its last: no line and
/// no sync a save. A seal made while it runs counts it open, so every
/// listing stats it, and the listing is not printed as it was; once it
/// ends, the next seal vouches for it again. A writer that never told
/// its end (the machine went down) leaves the session statted.
#[test]
fn a_group_running_here_is_told_open_once_and_statted_under_every_seal_until_it_ends() {
    let (_tmp, dir) = sealed();
    let (live, open, log) = running(&dir);
    // Sealed again while the group runs.
    sealed_again(&dir);
    let told = fs::read_to_string(&log).unwrap();
    assert_eq!(told.matches(&format!("+{live}\n")).count(), 1, "{told}");
    assert_eq!(
        sealed_text(&dir),
        None,
        "a group open: not printed as it was"
    );
    for k in 0..3 {
        let last = last_of(&dir, &live);
        open.writer.append(&note(last.seq + 1, 61 + k, "and on"));
        open.writer.flush();
        assert_eq!(listed(&dir).statted, 1);
    }
    assert_eq!(fs::read_to_string(&log).unwrap(), told, "no line a save");
    open.close().unwrap();
    let ended = fs::read_to_string(&log).unwrap();
    assert!(ended.ends_with(&format!("-{live}\n")), "{ended}");
    listed(&dir);
    settle();
    listed(&dir);
    assert_eq!(listed(&dir).statted, 0);
    assert!(sealed_text(&dir).is_some());

    // Told open with no end after it, as a writer the machine lost.
    let mut f = fs::OpenOptions::new().append(true).open(&log).unwrap();
    std::io::Write::write_all(&mut f, format!("+{live}\n").as_bytes()).unwrap();
    assert_eq!(listed(&dir).statted, 1);
    sealed_again(&dir);
    assert_eq!(listed(&dir).statted, 1, "still open in the log");
    // Resumed and closed with nothing added: its end is told, and the
    // seal made at the folder's next change vouches for it again (until
    // then it is statted, the seal saying it was open).
    dir.open(&live).unwrap().close().unwrap();
    let ended = fs::read_to_string(&log).unwrap();
    assert!(ended.ends_with(&format!("-{live}\n")), "{ended}");
    assert_eq!(listed(&dir).statted, 1);
    let nudge = dir.path().join("nudge");
    fs::write(&nudge, b"").unwrap();
    fs::remove_file(&nudge).unwrap();
    listed(&dir);
    settle();
    listed(&dir);
    assert_eq!(listed(&dir).statted, 0);
    assert!(sealed_text(&dir).is_some());
}

/// The log cut back and grown again by other lines past where a running
/// group's writer told it (the same file, as long as before): the writer
/// reads its line back (at most once a second), finds it gone and tells
/// the log again, so a seal made after still counts the group open.
#[test]
fn a_writer_tells_the_log_again_when_its_line_is_gone_though_the_log_is_as_long() {
    let (_tmp, dir) = sealed();
    let (live, open, log) = running(&dir);
    let told = fs::read(&log).unwrap().len();
    let filler = format!("{}\n", "x".repeat(told + 8));
    fs::write(&log, filler.as_bytes()).unwrap();
    // Sealed on the log as it now is.
    sealed_again(&dir);
    // The writer checks its line at most once a second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let last = last_of(&dir, &live);
    open.writer.append(&note(last.seq + 1, 61, "after the cut"));
    open.writer.flush();
    let now = fs::read_to_string(&log).unwrap();
    assert!(now.ends_with(&format!("+{live}\n")), "told again: {now}");
    assert_eq!(listed(&dir).statted, 1);
    // And under the next seal, still open.
    sealed_again(&dir);
    let last = last_of(&dir, &live);
    open.writer.append(&note(last.seq + 1, 62, "and on"));
    open.writer.flush();
    assert_eq!(listed(&dir).statted, 1);
    open.close().unwrap();
}

/// A torn journal repaired in place on resuming (its torn tail cut back):
/// the repair tells the log the session is open before it writes, the
/// writer then goes on from that line (no second one), and `list` sees
/// the repaired session at once.
#[test]
fn a_journal_repaired_on_resuming_is_told_open_before_the_repair() {
    let (_tmp, dir) = sealed();
    let done = id("one");
    let journal = dir.path().join(format!("{done}.journal"));
    let mut f = fs::OpenOptions::new().append(true).open(&journal).unwrap();
    std::io::Write::write_all(&mut f, b"{\"seq\":99,\"at\":\"2026-").unwrap();
    drop(f);
    let open = dir.open(&done).unwrap();
    assert!(
        !open.loaded.recovery.set_aside.is_empty(),
        "the torn journal was repaired"
    );
    let log = touched_path(dir.path());
    let told = fs::read_to_string(&log).unwrap();
    assert_eq!(told.matches(&format!("+{done}\n")).count(), 1, "{told}");
    assert!(listed(&dir).statted >= 1);
    let last = last_of(&dir, &done);
    open.writer
        .append(&note(last.seq + 1, 70, "after the repair"));
    open.writer.flush();
    assert_eq!(fs::read_to_string(&log).unwrap(), told, "told once");
    listed(&dir);
    open.close().unwrap();
    assert!(
        fs::read_to_string(&log)
            .unwrap()
            .ends_with(&format!("-{done}\n"))
    );
    listed(&dir);
}
