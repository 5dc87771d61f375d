//! `reconcile` and `import` beside another laptop's open group, and
//! `reconcile` over several `--sessions` folders: a session whose folder
//! holds another machine's lock not marked closed is neither rewritten by
//! import nor reconciled (nothing of it changes, the message names the
//! laptop and says to wait), and is taken once the lock says closed;
//! conflict copies in the second folder are settled there; a session
//! carried on apart in two folders is said, both kept, until `--keep`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::folders::{cli, foreign_lock, s, two};
use common::groups::{group, note, save};
use facilitator::domain::event::EventRecord;
use facilitator::store::SessionsDir;

const ID: &str = "2026-12-01-ashford-kent";
const LEEDS: &str = "2026-11-20-leeds";

/// Every file under `dir` (relative name -> bytes), subfolders too.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut walk = vec![dir.to_path_buf()];
    while let Some(d) = walk.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// The files of sessions under `dir` (its locks and index files left out:
/// this machine's lock is written whenever a session is taken).
fn session_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = files(dir);
    m.retain(|k, _| !k.ends_with(".lock") && !k.starts_with(".facilitator"));
    m
}

/// Every file's text under `dir`, run together.
fn all_text(dir: &Path) -> String {
    files(dir)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect()
}

/// The history a group at Ashford has after `notes` more notes.
fn history(notes: &[&str]) -> Vec<EventRecord> {
    let mut events = group(ID, 0, &[3], false);
    for text in notes {
        let seq = events.len() as u64 + 1;
        events.push(note(seq, 30 + seq as i64, text));
    }
    events
}

/// `events` as a journal's bytes.
fn journal(events: &[EventRecord]) -> String {
    events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap() + "\n")
        .collect()
}

/// A Syncthing conflict copy of `ID`'s journal in `dir` holding `events`.
fn conflict_copy(dir: &Path, device: &str, events: &[EventRecord]) -> PathBuf {
    let path = dir.join(format!(
        "{ID}.sync-conflict-20261201-193000-{device}.journal"
    ));
    std::fs::write(&path, journal(events)).unwrap();
    path
}

fn events_of(dir: &Path) -> usize {
    SessionsDir::new(dir).load(ID).unwrap().events.len()
}

/// A moderator on laptop B is still running the group (its lock, synced
/// here, is not closed); a colleague imports a longer copy of it, and a
/// diverged one: both are refused, nothing of the session changes, the
/// other session of the import is taken in; once laptop B closed the group
/// and the folder synced, the same import takes it in.
#[test]
fn import_refuses_a_session_open_on_another_laptop_and_takes_it_once_closed() {
    let (tmp, a, _) = two();
    let home = tmp.path();
    save(&a, ID, &history(&["said here"]));
    let lock = foreign_lock(&a, ID, false);
    let src = home.join("src");
    save(
        &src,
        ID,
        &history(&["said here", "said later, on laptop B"]),
    );
    save(&src, LEEDS, &group(LEEDS, 0, &[1], true));
    let diverged = home.join("diverged");
    save(&diverged, ID, &history(&["said on a third laptop"]));
    let before = files(&a);

    let (code, out, err) = cli(home, &["import", s(&src), "--sessions", s(&a)]);
    assert_eq!(code, 1, "refused: {out}{err}");
    let line = out
        .lines()
        .find(|l| l.contains(&format!("({ID})")))
        .unwrap();
    for words in [
        "not imported: session \"2026-12-01-ashford-kent\" may still be open on laptop-b",
        "its lock was written 2026-12-01T10:00:00Z",
        "nothing of it changed",
        "Wait until that group is closed on laptop-b and the folder has synced",
        "run `facilitator import` again",
    ] {
        assert!(line.contains(words), "{words}: {line}");
    }
    assert!(line.contains(s(&lock)), "names the lock: {line}");
    assert!(out.contains("imported as 2026-11-20-leeds"), "{out}");
    let mut now = files(&a);
    assert!(now.keys().any(|k| k.starts_with(LEEDS)), "{:?}", now.keys());
    now.retain(|k, _| !k.starts_with(LEEDS) && !k.starts_with(".facilitator"));
    let mut was = before.clone();
    was.retain(|k, _| !k.starts_with(".facilitator"));
    assert_eq!(now, was, "nothing of the session changed, its locks too");

    // A diverged history is not written beside it either.
    let (code, out, _) = cli(home, &["import", s(&diverged), "--sessions", s(&a)]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("may still be open on laptop-b"), "{out}");
    assert!(
        !files(&a).keys().any(|k| k.contains("sync-conflict")),
        "no conflict copy: {:?}",
        files(&a).keys()
    );
    assert_eq!(events_of(&a), 3);

    // Closed on laptop B and synced: taken in.
    foreign_lock(&a, ID, true);
    let (code, out, err) = cli(home, &["import", s(&src), "--sessions", s(&a)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 more actions taken in"), "{out}");
    assert_eq!(events_of(&a), 4);
    assert!(all_text(&a).contains("said later, on laptop B"));
}

/// Reconcile would take in a longer conflict copy, but laptop B may be
/// running the group: refused, nothing changed in any folder, whichever
/// folder holds the lock; taken once the lock says closed.
#[test]
fn reconcile_refuses_a_session_open_on_another_laptop_in_any_folder() {
    let (tmp, a, b) = two();
    let home = tmp.path();
    save(&a, ID, &history(&[]));
    conflict_copy(&a, "LAPTOPB", &history(&["said on laptop B"]));
    save(&b, ID, &history(&[]));
    let lock = foreign_lock(&b, ID, false);
    let (before_a, before_b) = (files(&a), files(&b));
    for args in [
        vec!["reconcile", ID, "--sessions", s(&b)],
        vec!["reconcile", ID, "--sessions", s(&a), "--sessions", s(&b)],
    ] {
        let (code, out, err) = cli(home, &args);
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        for words in [
            "session \"2026-12-01-ashford-kent\" may still be open on laptop-b (its lock was written 2026-12-01T10:00:00Z)",
            "`reconcile` leaves it alone",
            "Wait until that group is closed on laptop-b",
        ] {
            assert!(err.contains(words), "{words}: {err}");
        }
        assert!(err.contains(s(&lock)), "{err}");
        assert_eq!(files(&a), before_a, "{args:?}");
        assert_eq!(files(&b), before_b, "{args:?}");
    }
    foreign_lock(&b, ID, true);
    let (code, out, err) = cli(
        home,
        &["reconcile", ID, "--sessions", s(&a), "--sessions", s(&b)],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(events_of(&a), 3);
    assert!(a.join("reconciled").is_dir());
}

/// The session is only in the second folder, with a longer conflict copy
/// there; and in both folders, each with copies of its own: each folder's
/// copies are settled in that folder, into its own reconciled/, and no
/// folder the session is not in is written.
#[test]
fn reconcile_settles_the_copies_in_every_folder_the_session_is_in() {
    let (tmp, a, b) = two();
    let home = tmp.path();
    save(&a, LEEDS, &group(LEEDS, 0, &[1], true));
    save(&b, ID, &history(&[]));
    let copy = conflict_copy(&b, "LAPTOPB", &history(&["said on laptop B"]));
    let a_before = files(&a);
    let both = ["--sessions", s(&a), "--sessions", s(&b)];
    let mut args = vec!["reconcile", ID];
    args.extend(both);
    let (code, out, err) = cli(home, &args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("kept the history of"), "{out}");
    assert!(out.starts_with(&format!("{}: ", b.display())), "{out}");
    assert_eq!(events_of(&b), 3);
    assert!(!copy.exists());
    assert!(
        b.join("reconciled")
            .join(copy.file_name().unwrap())
            .exists(),
        "{:?}",
        files(&b).keys()
    );
    assert_eq!(files(&a), a_before, "the first folder is not written");

    // Now in both folders, each with a copy of its own: a's own files
    // behind its copy, b's copy behind its own files.
    let (tmp, a, b) = home_pair_with_copies();
    let home = tmp.path();
    let mut args = vec!["reconcile", ID, "--sessions", s(&a), "--sessions", s(&b)];
    let (code, out, err) = cli(home, &args);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(events_of(&a), 3);
    assert_eq!(events_of(&b), 3);
    for d in [&a, &b] {
        let names: Vec<String> = files(d).into_keys().collect();
        assert!(
            !names
                .iter()
                .any(|n| n.contains("sync-conflict") && !n.starts_with("reconciled")),
            "settled: {names:?}"
        );
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("reconciled/") && n.contains("sync-conflict")),
            "moved to its own reconciled/: {names:?}"
        );
        assert!(out.contains(&format!("{}: ", d.display())), "{out}");
    }
    assert!(out.contains("is also in"), "{out}");
    args[0] = "list";
    args.remove(1);
    let (code, out, _) = cli(home, &args);
    assert_eq!(code, 0);
    assert!(!out.contains(" ! "), "nothing left to reconcile: {out}");
}

fn home_pair_with_copies() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (tmp, a, b) = two();
    save(&a, ID, &history(&[]));
    conflict_copy(&a, "LAPTOPB", &history(&["said on laptop B"]));
    save(&b, ID, &history(&["said on laptop B"]));
    conflict_copy(&b, "LAPTOPA", &history(&[]));
    (tmp, a, b)
}

/// The same group carried on apart in two folders (no conflict copy in
/// either): reconcile says which folders and where they part, keeps both,
/// exits 1; `--keep` with a name both folders hold asks for the path;
/// `--keep` with a's journal makes a's history the session's in b too,
/// b's own files copied to b's reconciled/ first; nothing is lost.
#[test]
fn a_session_diverged_across_two_folders_is_said_then_kept() {
    let (tmp, a, b) = two();
    let home = tmp.path();
    save(&a, ID, &history(&["said on laptop A"]));
    save(
        &b,
        ID,
        &history(&["said on laptop B, later", "and more on laptop B"]),
    );
    let (before_a, before_b) = (session_files(&a), session_files(&b));
    let both = ["--sessions", s(&a), "--sessions", s(&b)];
    let run = |extra: &[&str]| {
        let mut args = vec!["reconcile", ID];
        args.extend(extra);
        args.extend(both);
        cli(home, &args)
    };
    let (code, out, err) = run(&[]);
    assert_eq!(code, 1, "still diverged: {out}{err}");
    for words in [
        "was carried on apart in two sessions folders",
        "share the first 2 actions, then differ",
        &format!("{} has 2 more", b.display()),
        &format!("{} has 1 more", a.display()),
        "Both are kept",
        &format!("--keep {}", a.join(format!("{ID}.journal")).display()),
    ] {
        assert!(out.contains(words), "{words}: {out}");
    }
    assert_eq!(session_files(&a), before_a);
    assert_eq!(session_files(&b), before_b);

    // A name both folders hold: which is meant is not guessed, and
    // nothing is written, not even a lock.
    let (locks_a, locks_b) = (files(&a), files(&b));
    let (code, _, err) = run(&["--keep", &format!("{ID}.journal")]);
    assert_eq!(code, 1);
    assert!(err.contains("is in more than one sessions folder"), "{err}");
    assert_eq!(files(&a), locks_a);
    assert_eq!(files(&b), locks_b);

    let keep = a.join(format!("{ID}.journal"));
    let (code, out, err) = run(&["--keep", s(&keep)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("replaced by the history kept (3 actions)"),
        "{out}"
    );
    assert_eq!(events_of(&a), 3);
    assert_eq!(events_of(&b), 3);
    assert_eq!(
        std::fs::read(b.join(format!("{ID}.journal"))).unwrap(),
        std::fs::read(&keep).unwrap()
    );
    let aside = files(&b.join("reconciled"));
    assert_eq!(
        aside.get(&format!("{ID}.journal")),
        before_b.get(&format!("{ID}.journal")),
        "b's own journal copied aside: {:?}",
        aside.keys()
    );
    assert!(all_text(&b).contains("and more on laptop B"));
    assert!(!a.join("reconciled").exists(), "a is not written");
    let mut args = vec!["list"];
    args.extend(both);
    let (_, out, _) = cli(home, &args);
    assert!(!out.contains(" ! "), "nothing left to reconcile: {out}");
}

/// The real thing: two laptops' folders kept in sync the Syncthing way;
/// on laptop B (`FACILITATOR_HOST`) the moderator resumes the group in the
/// app. Synced, its lock on laptop A says the group is open there: on A,
/// import and reconcile refuse and change nothing; once B quits the app
/// and the folders sync, A's import takes the copy in.
#[test]
fn beside_a_group_running_on_the_other_laptop_import_and_reconcile_wait_for_it() {
    use common::pty::{Term, bounded};
    use common::synctool::{Pair, Tool};
    bounded("running on laptop B", |pids| {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().to_path_buf();
        let mut pair = Pair::new(Tool::Syncthing, &home.join("a"), &home.join("b"));
        let (a, b) = (pair.a.clone(), pair.b.clone());
        save(&a, ID, &history(&["said here"]));
        pair.sync();
        let mut on_b = Term::spawn(
            &["run", "--resume", ID, "--sessions", s(&b)],
            &home,
            &[
                ("FACILITATOR_HOST", Some("laptop-b")),
                ("NO_COLOR", Some("1")),
            ],
        )
        .tracked(&pids, "laptop B");
        let lock = b.join(format!("{ID}.laptop-b.lock"));
        let open = common::wait::within(std::time::Duration::from_secs(20), || {
            std::fs::read_to_string(&lock).is_ok_and(|t| t.contains("laptop-b"))
        });
        assert!(open, "laptop B's lock: {}", on_b.screen());
        pair.sync();
        assert!(a.join(format!("{ID}.laptop-b.lock")).exists());
        let src = home.join("src");
        save(&src, ID, &history(&["said here", "said on a third laptop"]));
        let before = session_files(&a);
        let (code, out, err) = cli(&home, &["import", s(&src), "--sessions", s(&a)]);
        assert_eq!(code, 1, "{out}{err}");
        assert!(out.contains("may still be open on laptop-b"), "{out}");
        let (code, out, err) = cli(&home, &["reconcile", ID, "--sessions", s(&a)]);
        assert_eq!(code, 1, "{out}{err}");
        assert!(err.contains("may still be open on laptop-b"), "{err}");
        assert_eq!(session_files(&a), before, "nothing changed on laptop A");

        on_b.send("q");
        on_b.wait_for("Leave the app?");
        on_b.send("y");
        assert!(on_b.wait_exit().success(), "{}", on_b.screen());
        pair.sync();
        let (code, out, err) = cli(&home, &["import", s(&src), "--sessions", s(&a)]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(!out.contains("may still be open"), "{out}");
        assert!(all_text(&a).contains("said on a third laptop"), "{out}");
    });
}

/// A folder that cannot be reconciled (its `reconciled` is a file, so
/// nothing can be set aside there) stops there, said with the folder;
/// the other folder is still settled; exit 1; nothing of the stopped
/// folder is lost.
#[test]
fn a_folder_that_cannot_be_reconciled_is_said_and_the_others_are_settled() {
    let (tmp, a, b) = two();
    let home = tmp.path();
    for d in [&a, &b] {
        save(d, ID, &history(&[]));
        conflict_copy(d, "LAPTOPB", &history(&["said on laptop B"]));
    }
    std::fs::write(b.join("reconciled"), "not a folder").unwrap();
    let before_b = session_files(&b);
    let (code, out, err) = cli(
        home,
        &["reconcile", ID, "--sessions", s(&a), "--sessions", s(&b)],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains(&format!("{}: stopped, not reconciled further", b.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!("{}: moved to reconciled/", a.display())),
        "{out}"
    );
    assert_eq!(events_of(&a), 3);
    assert_eq!(session_files(&b), before_b);

    // Carried on apart in the two folders, a's history kept: b's files
    // cannot be set aside, so they are not replaced.
    let (tmp, a, b) = two();
    let home = tmp.path();
    save(&a, ID, &history(&["said on laptop A"]));
    save(&b, ID, &history(&["said on laptop B"]));
    std::fs::write(b.join("reconciled"), "not a folder").unwrap();
    let before_b = session_files(&b);
    let keep = a.join(format!("{ID}.journal"));
    let (code, out, err) = cli(
        home,
        &[
            "reconcile",
            ID,
            "--keep",
            s(&keep),
            "--sessions",
            s(&a),
            "--sessions",
            s(&b),
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("stopped, not reconciled further"), "{out}");
    assert_eq!(session_files(&b), before_b);
}

/// A session in none of the folders: reconcile says so, naming every
/// folder it looked in (as replay and export do), and writes nothing.
#[test]
fn reconcile_of_a_session_in_no_folder_names_every_folder() {
    let (tmp, a, b) = two();
    let (code, out, err) = cli(
        tmp.path(),
        &[
            "--sessions",
            s(&a),
            "--sessions",
            s(&b),
            "reconcile",
            "2026-01-01-nowhere",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains(&format!(
            "no session \"2026-01-01-nowhere\" in {}, {}",
            a.display(),
            b.display()
        )),
        "{err}"
    );
    for d in [&a, &b] {
        assert_eq!(std::fs::read_dir(d).unwrap().count(), 0, "{}", d.display());
    }
}
