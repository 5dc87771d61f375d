//! The summary index under a sync tool and with several sessions folders:
//! a fresh index entry stands in only for a name that is the session's own
//! files alone; conflict copies are read every time (and flagged), each
//! folder has its own index, and a session in two folders counts once.
//! Whatever the index holds, the summaries equal `gather`'s reading.

mod common;

use std::fs;

use common::groups::{group, note, save, t};
use facilitator::domain::state::SessionState;
use facilitator::domain::summary::Summary;
use facilitator::store::{SessionsDir, Summaries, gather, index_path};

fn check(dir: &SessionsDir) -> Summaries {
    let got = dir.summaries();
    let g = gather(dir);
    let want: Vec<(Summary, Option<String>)> = g
        .sessions
        .iter()
        .map(|f| {
            (
                Summary::of(&SessionState::fold(&f.session.events)),
                f.flag(),
            )
        })
        .collect();
    let have: Vec<(Summary, Option<String>)> = got
        .sessions
        .iter()
        .cloned()
        .zip(got.flags.iter().cloned())
        .collect();
    assert_eq!(have, want);
    assert_eq!(got.problems.len(), g.problems.len(), "{:?}", got.problems);
    got
}

#[test]
fn a_conflict_copy_arriving_after_the_index_is_warm_is_read_and_flagged() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    for (i, id) in ["2026-12-01-one", "2026-12-01-two", "2026-12-01-three"]
        .iter()
        .enumerate()
    {
        save(&a, id, &group(id, i as i64 * 10, &[i as u32 + 1], false));
    }
    let dir = SessionsDir::new(&a);
    let cold = check(&dir);
    assert_eq!((cold.reused, cold.read), (0, 3));
    let warm = check(&dir);
    assert_eq!((warm.reused, warm.read), (3, 0));
    assert!(!warm.written);

    // The same session on another laptop, which noted something else:
    // its snapshot arrives as a conflict copy. The session's own files
    // have not changed, so their index entry is still fresh.
    let other = tmp.path().join("other");
    let mut events = group("2026-12-01-two", 10, &[2], false);
    events.push(note(3, 40, "said on the other laptop"));
    save(&other, "2026-12-01-two", &events);
    fs::copy(
        other.join("2026-12-01-two.json"),
        a.join("2026-12-01-two.sync-conflict-20261201-184000-ABCDEFG.json"),
    )
    .unwrap();
    for _ in 0..2 {
        let got = check(&dir);
        assert_eq!(got.sessions.len(), 3, "counted once");
        assert_eq!((got.reused, got.read), (2, 1), "the copy is read each time");
        let flagged: Vec<&String> = got.flags.iter().flatten().collect();
        assert_eq!(flagged.len(), 1, "{flagged:?}");
        assert!(flagged[0].contains("newest copy"), "{}", flagged[0]);
    }
    // The name with a copy has no entry: the index was written without it.
    let index = fs::read_to_string(index_path(&a)).unwrap();
    assert_eq!(index.lines().count(), 1 + 2, "{index}");
    assert!(!index.contains("2026-12-01-two"));

    // `list` says it too, the session once.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = facilitator::commands::list(&dir, &mut out, &mut err).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("2026-12-01-two "))
            .count(),
        1
    );
    assert!(out.contains("  ! newest copy is"), "{out}");
}

#[test]
fn each_folder_has_its_own_index_and_a_session_in_both_counts_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    save(
        &a,
        "2026-12-01-both",
        &group("2026-12-01-both", 0, &[1], false),
    );
    save(
        &a,
        "2026-12-01-here",
        &group("2026-12-01-here", 5, &[2], false),
    );
    fs::create_dir_all(&b).unwrap();
    for ext in ["json", "journal"] {
        let name = format!("2026-12-01-both.{ext}");
        fs::copy(a.join(&name), b.join(&name)).unwrap();
    }
    save(
        &b,
        "2026-12-01-there",
        &group("2026-12-01-there", 9, &[3], false),
    );
    let dir = SessionsDir::new(&a).with_also(vec![b.clone()]);
    let cold = check(&dir);
    assert_eq!(cold.sessions.len(), 3);
    assert_eq!((cold.reused, cold.read), (0, 4));
    assert!(index_path(&a).is_file() && index_path(&b).is_file());
    let warm = check(&dir);
    assert_eq!((warm.reused, warm.read), (4, 0));
    assert!(!warm.written);

    // The copy in the second folder goes on: it is the longer, and counts.
    let s = SessionsDir::new(&b).open("2026-12-01-both").unwrap();
    s.writer.append(&note(3, 30, "later, on b"));
    s.close().unwrap();
    let got = check(&dir);
    assert_eq!((got.reused, got.read), (3, 1));
    assert_eq!(got.sessions.len(), 3);
    let both = got
        .sessions
        .iter()
        .find(|s| s.id == "2026-12-01-both")
        .unwrap();
    assert_eq!(both.newest, t(30));
    let again = check(&dir);
    assert_eq!((again.reused, again.read), (4, 0));

    // Neither folder's index holds the other's sessions.
    let of_a = fs::read_to_string(index_path(&a)).unwrap();
    let of_b = fs::read_to_string(index_path(&b)).unwrap();
    assert!(!of_a.contains("2026-12-01-there") && !of_b.contains("2026-12-01-here"));
}

/// A folder `a` in a temporary home holding one saved session.
fn one_session() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    save(
        &a,
        "2026-12-01-one",
        &group("2026-12-01-one", 0, &[1], false),
    );
    (tmp, a)
}

#[test]
fn the_index_leaves_no_temporary_file_and_is_not_a_session() {
    let (_tmp, a) = one_session();
    let dir = SessionsDir::new(&a);
    assert!(check(&dir).written);
    let names: Vec<String> = fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !facilitator::store::names::is_temporary(n)),
        "{names:?}"
    );
    assert_eq!(gather(&dir).sessions.len(), 1);
    assert!(gather(&dir).problems.is_empty());
}

#[test]
fn a_journal_disagreeing_with_its_snapshot_is_never_taken_from_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, mixed) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("mixed"),
    );
    let id = "2026-12-01-mixed";
    for (side, text) in [(&a, "said on laptop A"), (&b, "said on laptop B")] {
        save(side, id, &group(id, 0, &[3], false));
        let s = SessionsDir::new(side).open(id).unwrap();
        s.writer.append(&note(3, 30, text));
        s.close().unwrap();
    }
    fs::create_dir_all(&mixed).unwrap();
    fs::copy(
        a.join(format!("{id}.json")),
        mixed.join(format!("{id}.json")),
    )
    .unwrap();
    fs::copy(
        b.join(format!("{id}.journal")),
        mixed.join(format!("{id}.journal")),
    )
    .unwrap();
    save(
        &mixed,
        "2026-12-01-plain",
        &group("2026-12-01-plain", 5, &[1], false),
    );
    let dir = SessionsDir::new(&mixed);
    for round in 0..3 {
        let got = check(&dir);
        assert_eq!(got.sessions.len(), 2);
        assert_eq!(got.read, if round == 0 { 2 } else { 1 }, "round {round}");
        let flags: Vec<&String> = got.flags.iter().flatten().collect();
        assert_eq!(flags.len(), 1, "round {round}");
        assert!(flags[0].contains("diverged"), "{}", flags[0]);
    }
}

/// Two "laptops" on one machine (`FACILITATOR_HOST`, as in the sync
/// check) keep index files of their own: synced, neither overwrites the
/// other's, and neither becomes a sync tool's conflict copy.
#[test]
fn two_laptops_on_one_machine_keep_their_own_index_files() {
    let (tmp, a) = one_session();
    let list_as = |host: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_facilitator"))
            .args(["--sessions", a.to_str().unwrap(), "list"])
            .env("HOME", tmp.path())
            .env("FACILITATOR_HOST", host)
            .env_remove("FACILITATOR_SESSIONS")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    let index_of = |host: &str| {
        let mut found: Vec<std::path::PathBuf> = fs::read_dir(&a)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_string_lossy().into_owned();
                n.starts_with(&format!(".facilitator-index.{host}-"))
            })
            .collect();
        assert_eq!(found.len(), 1, "{host}: {found:?}");
        found.pop().unwrap()
    };
    list_as("laptop-a");
    let of_a = index_of("laptop-a");
    let before = fs::read(&of_a).unwrap();
    list_as("laptop-b");
    list_as("laptop-b");
    assert_ne!(index_of("laptop-b"), of_a);
    assert_eq!(
        fs::read(&of_a).unwrap(),
        before,
        "laptop-a's index was rewritten"
    );
}
