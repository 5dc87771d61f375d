//! Sessions folders kept by a sync tool, and carried without one: two
//! "laptops" (two folders) synced the way Syncthing and Dropbox do, with the
//! same location and date on both sides; conflict copies counted once,
//! diverged journals flagged and reconciled, nothing deleted; temporary
//! and lock files; import and bundle; several sessions folders.

mod common;

use common::folders::cli;
use std::path::{Path, PathBuf};

use common::groups::{group, note, save, t};
use common::synctool::{Pair, Tool};
use facilitator::domain::event::{Event, EventRecord, PickKind};
use facilitator::store::{SessionsDir, StoreError, coverage_of_folder};

const ID: &str = "2026-12-01-ashford-kent";

/// Open a session for writing. A lock just released can still be held for
/// a moment by a child another test is starting (a fork holds the parent's
/// open files until it execs), so a refusal is tried again for a while.
fn open(dir: &Path, id: &str) -> facilitator::store::OpenSession {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match SessionsDir::new(dir).open(id) {
            Err(StoreError::Locked { .. }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other.unwrap(),
        }
    }
}

fn list(home: &Path, dir: &Path) -> (i32, String, String) {
    cli(home, &["list", "--sessions", dir.to_str().unwrap()])
}

/// Lines of `list` naming session `id` (the session lines, not the flags).
fn lines_of(out: &str, id: &str) -> usize {
    out.lines()
        .filter(|l| l.split_whitespace().next() == Some(id))
        .count()
}

/// How many groups coverage counts for each idea.
fn counts(dir: &Path) -> Vec<(u32, usize)> {
    let (cov, problems) = coverage_of_folder(&SessionsDir::new(dir), None);
    assert!(problems.is_empty(), "{problems:?}");
    cov.by_idea.iter().map(|(i, d)| (*i, d.len())).collect()
}

fn report(home: &Path, dir: &Path) -> String {
    let (code, out, err) = cli(home, &["report", "--sessions", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    out
}

fn every_file(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walk(dir) {
        out.push(e.strip_prefix(dir).unwrap().display().to_string());
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

struct Laptops {
    _tmp: tempfile::TempDir,
    home: PathBuf,
    pair: Pair,
}

fn laptops(tool: Tool) -> Laptops {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().to_path_buf();
    let pair = Pair::new(tool, &home.join("a"), &home.join("b"));
    Laptops {
        _tmp: tmp,
        home,
        pair,
    }
}

/// Two moderators run a group in the same town on the same day, each on
/// their laptop: the same name. Synced, each laptop sees both groups
/// (never one counted twice, never one lost), flagged as a name clash;
/// reconcile gives the second its own name, and both laptops agree.
#[test]
fn same_place_same_day_on_two_laptops_both_count_then_get_their_own_names() {
    for tool in [Tool::Syncthing, Tool::Dropbox] {
        let mut l = laptops(tool);
        let (a, b) = (l.pair.a.clone(), l.pair.b.clone());
        save(&a, ID, &group(ID, 0, &[2, 4, 7], true));
        save(&b, ID, &group(ID, 5, &[2, 5, 8], true));
        l.pair.sync();
        let copies = l
            .pair
            .conflicts
            .iter()
            .filter(|c| !c.ends_with(".lock"))
            .count();
        assert_eq!(copies, 2, "{tool:?}: {:?}", l.pair.conflicts);
        for side in [&a, &b] {
            let (code, out, err) = list(&l.home, side);
            assert_eq!(code, 0, "{tool:?}: {err}");
            assert_eq!(lines_of(&out, ID), 2, "{tool:?}:\n{out}");
            assert!(out.contains("another session has the name"), "{out}");
            // Idea 2 by both groups, every other idea by one.
            assert_eq!(
                counts(side),
                vec![(2, 2), (4, 1), (5, 1), (7, 1), (8, 1)],
                "{tool:?}"
            );
            let r = report(&l.home, side);
            assert!(r.contains("2 sessions"), "{tool:?}: {r}");
            assert!(r.contains("## Sessions with copies to reconcile"), "{r}");
            assert!(r.contains("2 sessions with copies to reconcile"), "{r}");
        }
        let (code, out, err) = cli(
            &l.home,
            &["reconcile", ID, "--sessions", a.to_str().unwrap()],
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(&format!("the session {ID}-2")), "{out}");
        l.pair.sync();
        for side in [&a, &b] {
            let (_, out, _) = list(&l.home, side);
            assert_eq!(lines_of(&out, ID), 1, "{tool:?}:\n{out}");
            assert_eq!(lines_of(&out, &format!("{ID}-2")), 1, "{out}");
            assert!(!out.contains(" ! "), "{out}");
            assert_eq!(counts(side), vec![(2, 2), (4, 1), (5, 1), (7, 1), (8, 1)]);
            // Nothing deleted: every conflict copy is in reconciled/ (with
            // a copy of each session file rewritten, when the sync left a
            // snapshot of one group beside the journal of the other).
            let files = every_file(side);
            // (Lock files, the seal and the log of in-place writes are per
            // machine; the two "laptops" here share this machine's name.)
            for copy in l
                .pair
                .conflicts
                .iter()
                .filter(|c| !c.ends_with(".lock") && !c.starts_with(".facilitator-"))
            {
                assert!(
                    files.contains(&format!("reconciled/{copy}")),
                    "{tool:?}: {copy}: {files:?}"
                );
            }
        }
    }
}

/// One session opened on both laptops before a sync, each adding a note:
/// the journal (and snapshot) edited on two machines. Counted once,
/// flagged as diverged in list and report; reconcile keeps both and says
/// where they part, then `--keep` takes one, the other set aside.
#[test]
fn a_journal_edited_on_two_machines_is_flagged_then_reconciled() {
    for tool in [Tool::Syncthing, Tool::Dropbox] {
        let mut l = laptops(tool);
        let (a, b) = (l.pair.a.clone(), l.pair.b.clone());
        save(&a, ID, &group(ID, 0, &[3], false));
        l.pair.sync();
        for (side, text) in [(&a, "said on laptop A"), (&b, "said on laptop B")] {
            let s = open(side, ID);
            s.writer.append(&note(3, 30, text));
            s.close().unwrap();
        }
        l.pair.sync();
        assert!(!l.pair.conflicts.is_empty(), "{tool:?}");
        for side in [&a, &b] {
            let (code, out, err) = list(&l.home, side);
            assert_eq!(code, 0, "{err}");
            assert_eq!(lines_of(&out, ID), 1, "{tool:?}:\n{out}");
            assert!(out.contains("diverged"), "{tool:?}:\n{out}");
            assert_eq!(counts(side), vec![(3, 1)]);
            let r = report(&l.home, side);
            assert!(r.contains("1 session"), "{r}");
            assert!(r.contains("diverged"), "{r}");
        }
        let (code, out, _) = cli(
            &l.home,
            &["reconcile", ID, "--sessions", b.to_str().unwrap()],
        );
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("share the first 2 actions"), "{out}");
        assert!(out.contains("Both are kept"), "{out}");
        let before = every_file(&b);
        let copy = before
            .iter()
            .find(|f| f.ends_with(".journal") && f.contains("conflict"))
            .or_else(|| before.iter().find(|f| f.contains("conflict")))
            .unwrap()
            .clone();
        let (code, out, err) = cli(
            &l.home,
            &[
                "reconcile",
                ID,
                "--keep",
                &copy,
                "--sessions",
                b.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        let (_, out, _) = list(&l.home, &b);
        assert!(!out.contains(" ! "), "{out}");
        let kept = SessionsDir::new(&b).load(ID).unwrap();
        assert_eq!(kept.events.len(), 3);
        // Both notes still exist on disk: one in the session, one aside.
        let all: String = walk(&b)
            .iter()
            .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned())
            .collect();
        assert!(all.contains("said on laptop A") && all.contains("said on laptop B"));
        l.pair.sync();
        let (_, out, _) = list(&l.home, &a);
        assert!(!out.contains(" ! "), "{tool:?}: {out}");
    }
}

/// A copy that is only behind (the same history, fewer actions) merges
/// silently: one line, no flag, the longer history counted.
#[test]
fn a_copy_that_is_behind_merges_silently() {
    let mut l = laptops(Tool::Dropbox);
    let (a, b) = (l.pair.a.clone(), l.pair.b.clone());
    save(&a, ID, &group(ID, 0, &[3], false));
    l.pair.sync();
    // B's snapshot is saved again without a new action; A adds a pick
    // meanwhile.
    let snap = b.join(format!("{ID}.json"));
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&snap).unwrap()).unwrap();
    v["saved_at"] = "2026-12-01T18:20:00Z".into();
    std::fs::write(&snap, v.to_string()).unwrap();
    let s = open(&a, ID);
    s.writer.append(&EventRecord {
        seq: 3,
        at: t(40),
        event: Event::IdeaPicked {
            slot: 2,
            idea: 6,
            kind: PickKind::Contentious,
            rule: "r".into(),
            counts: "c".into(),
            suggested: 6,
            reason: None,
        },
    });
    s.close().unwrap();
    l.pair.sync();
    assert!(
        l.pair.conflicts.iter().any(|c| c.ends_with(".json")),
        "{:?}",
        l.pair.conflicts
    );
    for side in [&a, &b] {
        let (_, out, _) = list(&l.home, side);
        assert_eq!(lines_of(&out, ID), 1, "{out}");
        assert!(!out.contains(" ! "), "{out}");
        assert_eq!(counts(side), vec![(3, 1), (6, 1)]);
    }
}

/// What a reader sees in the middle of a sync: the tool's half-written
/// temporary file, and a journal caught half way through a line. Neither
/// is a session of its own; nothing is counted twice.
#[test]
fn half_copied_files_are_never_sessions() {
    for tool in [Tool::Syncthing, Tool::Dropbox] {
        let mut l = laptops(tool);
        let (a, b) = (l.pair.a.clone(), l.pair.b.clone());
        save(&a, ID, &group(ID, 0, &[3], true));
        save(
            &a,
            "2026-12-01-other",
            &group("2026-12-01-other", 9, &[4], true),
        );
        l.pair.sync();
        let s = open(&a, ID);
        s.writer.append(&note(4, 50, "more"));
        s.close().unwrap();
        let tmp = l.pair.half_copied(&format!("{ID}.journal"));
        assert!(tmp.exists());
        // A copy tool that writes in place: the journal cut mid-line.
        let whole = std::fs::read(a.join(format!("{ID}.journal"))).unwrap();
        std::fs::write(b.join(format!("{ID}.journal")), &whole[..whole.len() - 7]).unwrap();
        // And a temporary file of the app's own, left by a crash.
        std::fs::write(b.join(format!("~syncthing~{ID}.json.999-0.tmp")), b"{\"sch").unwrap();
        let (code, out, err) = list(&l.home, &b);
        assert_eq!(code, 0, "{tool:?}: {err}");
        assert_eq!(lines_of(&out, ID), 1, "{out}");
        assert_eq!(out.lines().count(), 2, "{out}");
        assert_eq!(counts(&b), vec![(3, 1), (4, 1)]);
    }
}

/// The app's own temporary files are named so sync tools skip them, and
/// its lock files are per machine.
#[test]
fn temporary_and_lock_names_suit_sync_tools() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = SessionsDir::new(tmp.path());
    let created = dir.create(ID, &group(ID, 0, &[1], false)).unwrap();
    let host = facilitator::store::names::host_part();
    let lock = tmp.path().join(format!("{ID}.{host}.lock"));
    assert!(lock.exists(), "{:?}", every_file(tmp.path()));
    // Another laptop's lock, arrived by sync, is never opened here: one
    // it closed never blocks (one still open there does, see
    // tests/fieldwork.rs); this machine's live lock does.
    drop(created);
    std::fs::write(
        tmp.path().join(format!("{ID}.laptop-b.lock")),
        "{\"pid\":1,\"host\":\"laptop-b\",\"closed\":\"2026-12-01T12:00:00Z\"}\n",
    )
    .unwrap();
    let held = open(tmp.path(), ID);
    match dir.open(ID) {
        Err(StoreError::Locked { host, .. }) => assert!(host.is_some()),
        other => panic!("{other:?}"),
    }
    drop(held);
    // Every file the app wrote is a session file or this machine's lock.
    for f in every_file(tmp.path()) {
        assert!(
            f.ends_with(".json") || f.ends_with(".journal") || f.ends_with(".lock"),
            "{f}"
        );
    }
    assert!(facilitator::store::names::is_temporary(
        &facilitator::store::names::temp_name("x.json")
    ));
}

/// Bundle on laptop A, import on laptop B: the sessions arrive; a second
/// import finds them already here; a longer history of one is taken in;
/// a different session with a taken name gets a suffix; one that diverged
/// is kept beside it as a conflict copy for reconcile.
#[test]
fn bundle_then_import_round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let (a, b) = (home.join("a"), home.join("b"));
    save(&a, ID, &group(ID, 0, &[1, 2], true));
    save(
        &a,
        "2026-11-20-leeds",
        &group("2026-11-20-leeds", 3, &[5], true),
    );
    save(
        &a,
        "2026-12-01-live",
        &group("2026-12-01-live", 6, &[6], false),
    );
    let bundle = home.join("a.fbundle");
    let sa = a.to_str().unwrap();
    let (code, out, err) = cli(
        home,
        &[
            "bundle",
            "--finished",
            "--since",
            "2026-11-25",
            "-o",
            bundle.to_str().unwrap(),
            "--sessions",
            sa,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("wrote 1 session to {}: {ID}", bundle.display())),
        "{out}"
    );
    let (code, _, err) = cli(
        home,
        &["bundle", "-o", bundle.to_str().unwrap(), "--sessions", sa],
    );
    assert_ne!(code, 0, "an existing bundle is never overwritten");
    assert!(err.contains("exists"), "{err}");
    std::fs::remove_file(&bundle).unwrap();
    let (code, out, err) = cli(
        home,
        &["bundle", "-o", bundle.to_str().unwrap(), "--sessions", sa],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote 3 sessions"), "{out}");
    let text = std::fs::read_to_string(&bundle).unwrap();
    assert!(text.starts_with("{\"facilitator_bundle\":1"), "{text}");
    assert_eq!(text.lines().count(), 4);

    // B already has another group under the same name.
    save(&b, ID, &group(ID, 30, &[9], true));
    let sb = b.to_str().unwrap();
    let (code, out, err) = cli(
        home,
        &["import", bundle.to_str().unwrap(), "--sessions", sb],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(&format!("imported as {ID}-2")), "{out}");
    assert!(out.contains("imported as 2026-11-20-leeds"), "{out}");
    let (_, listed, _) = list(home, &b);
    assert_eq!(listed.lines().count(), 4, "{listed}");
    assert!(!listed.contains(" ! "), "{listed}");
    let renamed = SessionsDir::new(&b).load(&format!("{ID}-2")).unwrap();
    assert_eq!(renamed.events[1..], group(ID, 0, &[1, 2], true)[1..]);
    assert_eq!(counts(&b), vec![(1, 1), (2, 1), (5, 1), (6, 1), (9, 1)]);

    // Again: already here, nothing written.
    let before = every_file(&b);
    let (code, out, _) = cli(
        home,
        &["import", bundle.to_str().unwrap(), "--sessions", sb],
    );
    assert_eq!(code, 0);
    assert_eq!(out.matches("already here").count(), 3, "{out}");
    assert_eq!(every_file(&b), before);

    // The live group carried on at A: importing A's folder takes it in.
    let s = open(&a, "2026-12-01-live");
    s.writer.append(&note(3, 50, "later"));
    s.close().unwrap();
    let (_, out, _) = cli(home, &["import", sa, "--sessions", sb]);
    assert!(out.contains("1 more actions taken in"), "{out}");
    assert_eq!(
        SessionsDir::new(&b)
            .load("2026-12-01-live")
            .unwrap()
            .events
            .len(),
        3
    );

    // Diverged: B carries it on differently, then imports A's again.
    let s = open(&b, "2026-12-01-live");
    s.writer.append(&note(4, 55, "on B"));
    s.close().unwrap();
    let s = open(&a, "2026-12-01-live");
    s.writer.append(&note(4, 56, "on A"));
    s.close().unwrap();
    let (_, out, _) = cli(home, &["import", sa, "--sessions", sb]);
    assert!(out.contains("diverged"), "{out}");
    let (_, listed, _) = list(home, &b);
    assert!(listed.contains("! diverged"), "{listed}");

    // Broken input is refused, not imported.
    let bad = home.join("bad.journal");
    std::fs::write(&bad, "").unwrap();
    let (code, _, _) = cli(home, &["import", bad.to_str().unwrap(), "--sessions", sb]);
    assert_ne!(code, 0);
}

/// `--sessions` several times, or FACILITATOR_SESSIONS as a list: every
/// folder is read, each session once; new sessions go to the first.
#[test]
fn several_sessions_folders_are_read_together() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let (a, b, c) = (home.join("a"), home.join("b"), home.join("c"));
    save(
        &a,
        "2026-11-20-leeds",
        &group("2026-11-20-leeds", 0, &[1], true),
    );
    save(&b, ID, &group(ID, 1, &[2], true));
    // The same session in two folders counts once.
    std::fs::create_dir_all(&c).unwrap();
    for ext in ["json", "journal"] {
        std::fs::copy(b.join(format!("{ID}.{ext}")), c.join(format!("{ID}.{ext}"))).unwrap();
    }
    let (sa, sb, sc) = (
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        c.to_str().unwrap(),
    );
    let (code, out, err) = cli(
        home,
        &["list", "--sessions", sa, "--sessions", sb, "--sessions", sc],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}");
    let (status, out, _) = {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_facilitator"));
        cmd.args(["report"])
            .current_dir(home)
            .env("HOME", home)
            .env("FACILITATOR_SESSIONS", format!("{sa}:{sb}:{sc}"));
        let o = cmd.output().unwrap();
        (
            o.status,
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::new(),
        )
    };
    assert!(status.success());
    assert!(out.contains("2 sessions"), "{out}");
    let cov = coverage_of_folder(
        &SessionsDir::new(&a).with_also(vec![b.clone(), c.clone()]),
        None,
    )
    .0;
    assert_eq!(cov.by_idea.len(), 2);
    // New sessions go to the first folder.
    let other = home.join("other");
    save(
        &other,
        "2026-10-01-york",
        &group("2026-10-01-york", 9, &[3], true),
    );
    let (_, out, _) = cli(
        home,
        &[
            "import",
            other.to_str().unwrap(),
            "--sessions",
            sb,
            "--sessions",
            sa,
        ],
    );
    assert!(out.contains("imported as 2026-10-01-york"), "{out}");
    assert!(b.join("2026-10-01-york.journal").exists());
    assert!(!a.join("2026-10-01-york.journal").exists());
}

/// Moderator A and moderator B each ran a group at Ashford on the same
/// day (the same name); after a sync, B starts a new group on their laptop
/// and the picks, the joker's included, count A's group as well as B's:
/// ideas 1-6 were discussed once each, so 7 and 8 are the popular and
/// contentious suggestions and 9 the joker (counting only one laptop's
/// group would suggest 1, or 4, first).
#[test]
fn after_a_sync_the_joker_counts_the_other_moderators_groups() {
    common::pty::bounded("joker after sync", |pids| {
        let place = common::pty::Place::new();
        let a = place.home.join("laptop-a");
        let mut pair = Pair::new(Tool::Syncthing, &a, &place.sessions);
        save(&a, ID, &group(ID, 0, &[1, 2, 3], true));
        save(&place.sessions, ID, &group(ID, 5, &[4, 5, 6], true));
        pair.sync();
        assert!(!pair.conflicts.is_empty());
        let mut t = place.spawn_named(&pids, "laptop B", &[], true);
        t.wait_for("+ New group");
        t.send(common::pty::ENTER);
        common::pty::new_group(&mut t, "Leeds");
        common::pty::start_guide(&mut t);
        t.send("g");
        t.wait_for("Plan · Enter");
        for _ in 0..6 {
            t.send("j");
        }
        t.wait_for("›   Gallery");
        t.send(common::pty::ENTER);
        t.wait_for("Gallery and sticker vote");
        t.send("K");
        t.wait_for("3. joker: not chosen yet");
        let screen = t.wait_until("the joker suggestion", |s| {
            s.split("3. joker")
                .nth(1)
                .is_some_and(|j| j.contains("suggested: 9."))
        });
        let popular = screen
            .split("2. most contentious")
            .next()
            .unwrap_or_default();
        assert!(popular.contains("suggested: 7."), "{screen}");
        for both in ["1→1", "4→1"] {
            assert!(screen.contains(both), "{both}: {screen}");
        }
    });
}

/// A sync can leave one machine's snapshot beside the other machine's
/// journal (each file's newest copy won on its own): the journal is a
/// history of its own, flagged as diverged; `--keep` the journal rewrites
/// the snapshot from it, a copy of the old snapshot set aside.
#[test]
fn a_snapshot_from_one_machine_beside_the_journal_of_the_other() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let (a, b, mixed) = (home.join("a"), home.join("b"), home.join("mixed"));
    let start = group(ID, 0, &[3], false);
    save(&a, ID, &start);
    save(&b, ID, &start);
    for (side, text) in [(&a, "said on laptop A"), (&b, "said on laptop B")] {
        let s = open(side, ID);
        s.writer.append(&note(3, 30, text));
        s.close().unwrap();
    }
    std::fs::create_dir_all(&mixed).unwrap();
    std::fs::copy(
        a.join(format!("{ID}.json")),
        mixed.join(format!("{ID}.json")),
    )
    .unwrap();
    std::fs::copy(
        b.join(format!("{ID}.journal")),
        mixed.join(format!("{ID}.journal")),
    )
    .unwrap();
    let (_, out, _) = list(home, &mixed);
    assert_eq!(lines_of(&out, ID), 1, "{out}");
    assert!(
        out.contains(&format!("diverged: 1 other history kept ({ID}.journal)")),
        "{out}"
    );
    assert_eq!(counts(&mixed), vec![(3, 1)]);
    let sm = mixed.to_str().unwrap();
    let (code, out, _) = cli(home, &["reconcile", ID, "--sessions", sm]);
    assert_eq!(code, 1, "{out}");
    let journal = format!("{ID}.journal");
    let (code, out, err) = cli(
        home,
        &["reconcile", ID, "--keep", &journal, "--sessions", sm],
    );
    assert_eq!(code, 0, "{out}{err}");
    let kept = SessionsDir::new(&mixed).load(ID).unwrap();
    assert!(kept.recovery.is_clean(), "{:?}", kept.recovery);
    assert!(format!("{:?}", kept.events[2]).contains("said on laptop B"));
    let aside =
        std::fs::read_to_string(mixed.join("reconciled").join(format!("{ID}.json"))).unwrap();
    assert!(aside.contains("said on laptop A"));
    let (_, out, _) = list(home, &mixed);
    assert!(!out.contains(" ! "), "{out}");
}
