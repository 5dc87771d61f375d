//! Fieldwork over several laptops' folders: a session in any `--sessions`
//! folder is found by replay, present and resume (and written where it
//! is); a session another machine may have open is not opened for writing;
//! the CSV report lists flagged sessions; the same session diverged over
//! two folders is flagged; bundles carry the packs their sessions ran with.

mod common;

use std::path::{Path, PathBuf};

use common::folders::{cli, foreign_lock, s, two};
use common::groups::{group, note, save};
use common::moderator::H;
use crossterm::event::KeyCode;
use facilitator::present::Follower;
use facilitator::store::{PACKS_DIR, SessionsDir, StoreError};
use facilitator::tui::app::{App, Ctx};

const ID: &str = "2026-12-01-ashford-kent";

fn this_machines_lock(dir: &Path) -> PathBuf {
    dir.join(facilitator::store::names::lock_name(ID))
}

#[test]
fn replay_export_and_present_find_a_session_in_any_folder() {
    let (tmp, a, b) = two();
    save(
        &a,
        "2026-11-20-leeds",
        &group("2026-11-20-leeds", 0, &[1], true),
    );
    save(&b, ID, &group(ID, 5, &[2], false));
    let home = tmp.path();
    let both = ["--sessions", s(&a), "--sessions", s(&b)];
    for cmd in [
        vec!["replay", ID, "--print"],
        vec!["export", ID],
        vec!["replay", "2026-12-01", "--print"],
    ] {
        let mut args = cmd.clone();
        args.extend(both);
        let (code, out, err) = cli(home, &args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("Ashford"), "{args:?}: {out}");
    }
    // Asked for by name, and in the default mode (the live one).
    let dir = SessionsDir::new(&a).with_also(vec![b.clone()]);
    let pack = facilitator::stimulus::embedded();
    for which in [Some(ID), None] {
        let mut f = Follower::new(&dir, &pack, which).unwrap();
        f.poll();
        assert_eq!(f.id(), Some(ID), "{which:?}: {:?}", f.problem());
    }
    // A name in neither says where it looked.
    let mut args = vec!["replay", "2026-10", "--print"];
    args.extend(both);
    let (code, _, err) = cli(home, &args);
    assert_ne!(code, 0);
    assert!(err.contains(s(&a)) && err.contains(s(&b)), "{err}");
}

/// The app started on folders a and b, on the start screen.
fn app_on(a: &Path, b: &Path, tmp: tempfile::TempDir) -> H {
    let now = common::groups::t(120);
    let ctx = Ctx {
        pack: facilitator::stimulus::embedded(),
        dir: SessionsDir::new(a).with_also(vec![b.to_path_buf()]),
    };
    let mut h = H {
        dir: tmp,
        app: App::new(ctx, now),
        now,
    };
    h.settle();
    h
}

#[test]
fn the_start_screen_lists_every_folders_sessions_and_resumes_where_the_session_is() {
    let (tmp, a, b) = two();
    save(
        &a,
        "2026-11-20-leeds",
        &group("2026-11-20-leeds", 0, &[1], false),
    );
    save(&b, ID, &group(ID, 5, &[2], false));
    let mut h = app_on(&a, &b, tmp);
    let screen = h.render(80, 24);
    let (in_a, in_b) = (
        format!("in {}:", a.display()),
        format!("in {}:", b.display()),
    );
    let (at_a, at_b) = (screen.find(&in_a), screen.find(&in_b));
    assert!(
        at_a.is_some() && at_b.is_some() && at_a < at_b,
        "each folder named above its sessions:\n{screen}"
    );
    assert!(
        screen.contains("2026-11-20") && screen.contains("2026-12-01"),
        "{screen}"
    );
    // The second session listed is b's.
    h.press(KeyCode::Down);
    h.press(KeyCode::Down);
    h.press(KeyCode::Enter);
    let live = h.app.live.as_ref().expect("resumed");
    assert_eq!(live.open.folder, b);
    assert!(
        std::fs::read_to_string(this_machines_lock(&b))
            .unwrap()
            .contains(&format!("\"pid\":{}", std::process::id())),
        "opened where it is"
    );
    assert!(!a.join(format!("{ID}.journal")).exists());
}

#[test]
fn a_session_another_machine_has_open_is_not_opened_for_writing() {
    let (tmp, a, b) = two();
    save(&b, ID, &group(ID, 5, &[2], false));
    let lock = foreign_lock(&b, ID, false);
    let before = std::fs::read(b.join(format!("{ID}.journal"))).unwrap();
    let mine_before = std::fs::read(this_machines_lock(&b)).unwrap();
    let home = tmp.path();
    let (code, _, err) = cli(
        home,
        &[
            "run",
            "--resume",
            ID,
            "--sessions",
            s(&a),
            "--sessions",
            s(&b),
        ],
    );
    assert_eq!(code, 1, "{err}");
    for words in [
        "is open on laptop-b since 2026-12-01T10:00:00Z: not opened",
        "process 4242",
        "not opened for writing here",
        "facilitator replay",
    ] {
        assert!(err.contains(words), "{words}: {err}");
    }
    assert!(err.contains(s(&lock)), "names the lock: {err}");
    assert_eq!(
        std::fs::read(b.join(format!("{ID}.journal"))).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read(this_machines_lock(&b)).unwrap(),
        mine_before,
        "this machine's lock not taken"
    );
    // From the start screen: refused the same way, said on the screen.
    let mut h = app_on(&a, &b, tmp);
    h.press(KeyCode::Down);
    h.press(KeyCode::Enter);
    assert!(h.app.live.is_none());
    assert!(h.flash().contains("is open on laptop-b"), "{}", h.flash());
    // Closed there: it may be carried on here.
    foreign_lock(&b, ID, true);
    let open = SessionsDir::new(&b).open(ID).unwrap();
    open.close().unwrap();
    let mine = std::fs::read_to_string(this_machines_lock(&b)).unwrap();
    assert!(
        mine.contains("\"closed\""),
        "closing marks the lock: {mine}"
    );
    match SessionsDir::new(&b).open(ID) {
        Ok(o) => o.close().unwrap(),
        Err(e @ StoreError::OpenElsewhere { .. }) => panic!("{e}"),
        Err(e) => panic!("{e}"),
    }
}

/// The same session carried on apart in two folders (no conflict copy in
/// either): flagged in list, in the report, and in the CSV report's
/// flagged.csv.
#[test]
fn a_session_diverged_over_two_folders_is_flagged_in_list_and_every_report() {
    let (tmp, a, b) = two();
    let start = group(ID, 0, &[3], false);
    save(&a, ID, &start);
    save(&b, ID, &start);
    for (side, text) in [(&a, "said on laptop A"), (&b, "said on laptop B, later")] {
        let o = SessionsDir::new(side).open(ID).unwrap();
        o.writer.append(&note(3, 30, text));
        if side == &b {
            o.writer.append(&note(4, 31, "and more"));
        }
        o.close().unwrap();
    }
    let home = tmp.path();
    let both = ["--sessions", s(&a), "--sessions", s(&b)];
    let with = |cmd: &[&str]| {
        let mut v = cmd.to_vec();
        v.extend(both);
        cli(home, &v)
    };
    let (code, out, err) = with(&["list"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with(ID)).collect();
    assert_eq!(lines.len(), 1, "counted once: {out}");
    assert!(
        out.contains("diverged from the copy in another sessions folder"),
        "{out}"
    );
    // The longer history (b's) counts; a's is the one that parted.
    let a_files = format!("{}", a.join(format!("{ID}.json")).display());
    assert!(out.contains(&a_files), "{out}");
    let (code, md, err) = with(&["report"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("## Sessions with copies to reconcile"), "{md}");
    assert!(md.contains("1 session with copies to reconcile"), "{md}");
    let csv_dir = home.join("csv");
    let (code, _, err) = with(&["report", "--format", "csv", "-o", s(&csv_dir)]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("flagged.csv"), "{err}");
    let text = std::fs::read_to_string(csv_dir.join("flagged.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "session",
            "folder",
            "diverged",
            "name_clash",
            "newer_copy",
            "what_to_do"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert_eq!(&rows[0][0], ID);
    assert_eq!(&rows[0][1], s(&b));
    assert!(rows[0][2].contains(&a_files), "{text}");
    assert_eq!(&rows[0][3], "no");
    assert!(rows[0][5].contains("diverged"), "{text}");

    // The same history in both: a copy, nothing flagged.
    std::fs::remove_dir_all(&a).unwrap();
    std::fs::create_dir_all(&a).unwrap();
    for ext in ["json", "journal"] {
        std::fs::copy(b.join(format!("{ID}.{ext}")), a.join(format!("{ID}.{ext}"))).unwrap();
    }
    let (_, out, _) = with(&["list"]);
    assert!(!out.contains(" ! "), "{out}");
    let csv2 = home.join("csv2");
    with(&["report", "--format", "csv", "-o", s(&csv2)]);
    let text = std::fs::read_to_string(csv2.join("flagged.csv")).unwrap();
    assert_eq!(text.lines().count(), 1, "the header alone: {text}");
}

/// A copy of the built-in pack that differs from it (one comment more),
/// so sessions run with it need their own copy to be shown as they ran.
fn edited_pack(home: &Path) -> PathBuf {
    let dir = home.join("edited-pack");
    std::fs::create_dir_all(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("stimulus");
    for e in std::fs::read_dir(&src).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "toml") {
            std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
        }
    }
    let ideas = dir.join("ideas.toml");
    let text = std::fs::read_to_string(&ideas).unwrap();
    std::fs::write(&ideas, format!("{text}\n# edited for the field\n")).unwrap();
    dir
}

#[test]
fn a_bundle_carries_the_packs_its_sessions_ran_with() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let (a, c) = (home.join("a"), home.join("c"));
    let pack = edited_pack(home);
    let (code, _, err) = cli(
        home,
        &[
            "demo",
            "--count",
            "1",
            "--seed",
            "5",
            "--stimulus",
            s(&pack),
            "--sessions",
            s(&a),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let id = SessionsDir::new(&a).ids().unwrap().remove(0);
    let kept: Vec<PathBuf> = std::fs::read_dir(a.join(PACKS_DIR))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let hash = kept[0].file_name().unwrap().to_str().unwrap().to_string();
    let bundle = home.join("a.fbundle");
    let (code, out, err) = cli(home, &["bundle", "-o", s(&bundle), "--sessions", s(&a)]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(&bundle).unwrap();
    assert!(
        text.lines().next().unwrap().contains("\"packs\":1"),
        "{}",
        &text[..200]
    );
    assert_eq!(text.lines().count(), 3, "header, the session, its pack");

    let (code, out, err) = cli(home, &["import", s(&bundle), "--sessions", s(&c)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("its pack {} kept", &hash[..8])),
        "{out}"
    );
    let (code, timeline, err) = cli(home, &["replay", &id, "--print", "--sessions", s(&c)]);
    assert_eq!(code, 0, "{err}");
    assert!(!timeline.is_empty());
    assert!(
        err.contains("Using the pack this session ran with") && !err.contains("missing"),
        "{err}"
    );
    // Again: already here, and so is its pack: nothing written.
    let (_, out, _) = cli(home, &["import", s(&bundle), "--sessions", s(&c)]);
    assert!(
        out.contains("already here") && !out.contains("kept"),
        "{out}"
    );

    // A pack whose files do not hash to its name is refused, the
    // session still imported.
    let tampered = home.join("tampered.fbundle");
    std::fs::write(&tampered, text.replace("edited for the field", "tampered")).unwrap();
    let d = home.join("d");
    let (code, out, err) = cli(home, &["import", s(&tampered), "--sessions", s(&d)]);
    assert_eq!(code, 1, "something was refused: {out}{err}");
    assert!(out.contains("is not that pack"), "{out}");
    assert!(out.contains(&format!("imported as {id}")), "{out}");
    assert!(!d.join(PACKS_DIR).join(&hash).exists());
}

/// OneDrive's conflict copies `<id>-<COMPUTER>.<ext>`: counted once, and
/// `reconcile` settles them like any sync tool's copies: the longest
/// history becomes the session's own files, the copies move aside. A
/// session named `<id>-2` (another session) is left alone.
#[test]
fn reconcile_knows_onedrives_copies() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let dir = home.join("onedrive");
    let start = group(ID, 0, &[3], false);
    save(&dir, ID, &start);
    let other = format!("{ID}-2");
    save(&dir, &other, &group(&other, 9, &[4], false));
    // The other laptop carried the group on; OneDrive kept its journal
    // under the computer's name, and an older snapshot under another.
    let longer = home.join("longer");
    save(&longer, ID, &start);
    let o = SessionsDir::new(&longer).open(ID).unwrap();
    o.writer.append(&note(3, 30, "said on the other laptop"));
    o.close().unwrap();
    std::fs::copy(
        longer.join(format!("{ID}.journal")),
        dir.join(format!("{ID}-DESKTOP-AB12CDE.journal")),
    )
    .unwrap();
    std::fs::copy(
        dir.join(format!("{ID}.json")),
        dir.join(format!("{ID}-laptop-c.json")),
    )
    .unwrap();
    let sd = s(&dir);
    let (code, out, err) = cli(home, &["list", "--sessions", sd]);
    assert_eq!(code, 0, "{err}");
    let ours = |out: &str| {
        out.lines()
            .filter(|l| l.starts_with(&format!("{ID} ")))
            .count()
    };
    assert_eq!(ours(&out), 1, "{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with(&other)).count(),
        1,
        "{out}"
    );
    assert!(out.contains("newest copy"), "{out}");

    let (code, out, err) = cli(home, &["reconcile", ID, "--sessions", sd]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains(&format!("{ID}-DESKTOP-AB12CDE.journal")),
        "{out}"
    );
    let kept = SessionsDir::new(&dir).load(ID).unwrap();
    assert_eq!(kept.events.len(), 3);
    assert!(format!("{:?}", kept.events[2]).contains("said on the other laptop"));
    for copy in [
        format!("{ID}-DESKTOP-AB12CDE.journal"),
        format!("{ID}-laptop-c.json"),
    ] {
        assert!(!dir.join(&copy).exists(), "{copy} moved");
        assert!(dir.join("reconciled").join(&copy).exists(), "{copy} kept");
    }
    assert!(dir.join(format!("{other}.journal")).exists());
    let (_, out, _) = cli(home, &["list", "--sessions", sd]);
    assert!(!out.contains(" ! "), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
}
