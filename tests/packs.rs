//! A session remembers its pack: the sessions folder keeps a copy of the
//! pack every session was created with, so replay and export show the texts
//! the group saw after the pack is edited, and say when it differs.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::moderator::H;
use facilitator::domain::event::Event;
use facilitator::stimulus::load::{EMBEDDED_FILES, parse_pack};
use facilitator::stimulus::{Pack, embedded};
use facilitator::store::{PACKS_DIR, SessionsDir};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_facilitator");
const OLD: &str = "Individuals with budgets";
const NEW: &str = "Money that follows the person";

/// The built-in pack with idea 1 renamed, as files and as a pack.
fn edited() -> (Vec<(&'static str, String)>, Pack) {
    let files: Vec<(&str, String)> = EMBEDDED_FILES
        .iter()
        .map(|(n, t)| {
            (
                *n,
                t.replace(&format!("title = \"{OLD}\""), &format!("title = \"{NEW}\"")),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let pack = parse_pack(&refs).unwrap();
    assert_eq!(pack.ideas[0].title, NEW);
    assert_ne!(pack.files.hash(), embedded().files.hash());
    (files, pack)
}

fn write_pack(dir: &Path, files: &[(&str, String)]) {
    fs::create_dir_all(dir).unwrap();
    for (n, t) in files {
        fs::write(dir.join(n), t).unwrap();
    }
}

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            fs::create_dir_all(&dest).unwrap();
            copy_dir(&p, &dest);
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}

fn kept_dir(sessions: &Path) -> PathBuf {
    sessions.join(PACKS_DIR).join(embedded().files.hash())
}

#[test]
fn a_new_session_records_its_packs_hash_and_the_folder_keeps_the_pack() {
    let mut h = H::new();
    h.create(false);
    let live = h.app.live.as_ref().unwrap();
    let Event::Created { pack_hash, .. } = &live.session.events()[0].event else {
        panic!()
    };
    let hash = embedded().files.hash();
    assert_eq!(pack_hash.as_deref(), Some(hash.as_str()));
    for (name, text) in EMBEDDED_FILES {
        let kept = fs::read_to_string(kept_dir(h.dir.path()).join(name)).unwrap();
        assert_eq!(kept, text, "{name} kept word for word");
    }
    // The copy is not a session.
    assert_eq!(SessionsDir::new(h.dir.path()).ids().unwrap().len(), 1);
}

#[test]
fn export_and_replay_show_the_texts_the_group_saw_after_the_pack_is_edited() {
    let tmp = TempDir::new().unwrap();
    let sessions = tmp.path().join("sessions");
    let s = sessions.to_str().unwrap();
    let (ok, _, err) = run(&["--sessions", s, "demo", "--count", "1", "--seed", "3"]);
    assert!(ok, "{err}");
    let id = SessionsDir::new(&sessions).ids().unwrap().remove(0);
    let (files, _) = edited();
    let pack_dir = tmp.path().join("edited");
    write_pack(&pack_dir, &files);
    let p = pack_dir.to_str().unwrap();

    let (ok, md, err) = run(&["--sessions", s, "--stimulus", p, "export", &id]);
    assert!(ok, "{err}");
    assert!(md.contains(OLD), "the title the group saw:\n{md}");
    assert!(!md.contains(NEW), "not the edited one");
    assert!(err.contains("another version of the pack"), "{err}");
    let (ok, timeline, _) = run(&["--sessions", s, "--stimulus", p, "replay", &id, "--print"]);
    assert!(ok);
    assert!(!timeline.contains(NEW), "{timeline}");

    // The same pack as the session's: nothing to say.
    let (ok, _, err) = run(&["--sessions", s, "export", &id]);
    assert!(ok && !err.contains("pack"), "{err}");

    // A damaged copy is not trusted: the current pack, and the reader is told.
    let kept = kept_dir(&sessions).join("ideas.toml");
    fs::write(
        &kept,
        fs::read_to_string(&kept)
            .unwrap()
            .replace(&format!("title = \"{OLD}\""), "title = \"Tampered\""),
    )
    .unwrap();
    let (ok, md, err) = run(&["--sessions", s, "--stimulus", p, "export", &id]);
    assert!(ok, "{err}");
    assert!(md.contains(NEW) && !md.contains("Tampered"), "{md}");
    assert!(err.contains("missing or damaged"), "{err}");
}

#[test]
fn resuming_with_another_pack_carries_on_with_the_sessions_own_and_says_so() {
    let mut a = H::new();
    a.create(false);
    a.app.shutdown(a.now);
    let (_, pack) = edited();
    let copy = TempDir::new().unwrap();
    copy_dir(a.dir.path(), copy.path());
    let mut b = H::in_dir(copy, pack);
    b.settle();
    // Resumed from the start screen's list (the one session).
    b.press(crossterm::event::KeyCode::Down);
    b.press(crossterm::event::KeyCode::Enter);
    assert!(b.app.live.is_some(), "{}", b.render(80, 24));
    assert_eq!(b.app.ctx.pack.ideas[0].title, OLD);
    assert!(
        b.flash().contains("another version of the pack"),
        "{}",
        b.flash()
    );
}

#[test]
fn a_session_saved_before_packs_were_kept_is_told_apart_by_title() {
    let dir = TempDir::new().unwrap();
    let sd = SessionsDir::new(dir.path());
    let mut state = facilitator::domain::state::SessionState {
        pack: embedded().title,
        ..Default::default()
    };
    assert!(sd.pack_of(&state, &embedded()).note.is_none());
    state.pack = "Another guide".into();
    let of = sd.pack_of(&state, &embedded());
    assert!(of.note.unwrap().contains("“Another guide”"));
    assert_eq!(of.pack, embedded());
}
