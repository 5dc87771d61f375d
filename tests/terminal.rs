//! The terminal around the app: no terminal at all (exit 2 with words, no
//! panic) and `TERM=dumb` (no colours, like NO_COLOR).

mod term_pty;

use term_pty::{BIN, Place, Term, run_cmd};

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A session to replay, made by `demo`.
fn one_session(place: &Place) -> String {
    let (status, out, err) = run_cmd(
        &place.home,
        &["demo", "--count", "1", "--sessions", place.dir()],
    );
    assert!(status.success(), "demo: {out}\n{err}");
    place.only_id()
}

#[test]
fn without_a_terminal_run_replay_and_present_say_so_and_exit_2() {
    let place = Place::new();
    let id = one_session(&place);
    for args in [
        vec!["run"],
        vec!["replay", id.as_str()],
        vec!["present", id.as_str()],
    ] {
        let mut all = args.clone();
        all.extend(["--sessions", place.dir()]);
        let (status, out, err) = run_cmd(&place.home, &all);
        assert_eq!(status.code(), Some(2), "{args:?}: {status:?}\n{out}\n{err}");
        assert!(
            err.contains("facilitator needs a terminal"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
    // `run --resume` without a terminal leaves the session as it was.
    let journal = place.sessions.join(format!("{id}.journal"));
    let before = std::fs::read(&journal).unwrap();
    let (status, _, err) = run_cmd(
        &place.home,
        &["run", "--resume", &id, "--sessions", place.dir()],
    );
    assert_eq!(status.code(), Some(2), "{err}");
    assert_eq!(
        std::fs::read(&journal).unwrap(),
        before,
        "the journal changed"
    );
    // `replay --print` needs none.
    let (status, out, err) = run_cmd(
        &place.home,
        &["replay", &id, "--print", "--sessions", place.dir()],
    );
    assert!(status.success(), "{out}\n{err}");
}

/// `setsid facilitator run </dev/null` from a terminal: stdout is a
/// terminal, but there is no controlling terminal to read keys from.
#[test]
fn setsid_run_with_stdin_from_dev_null_says_so_and_exits_2() {
    if std::process::Command::new("setsid")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("setsid is not installed: skipped");
        return;
    }
    let place = Place::new();
    let script = format!(
        "exec setsid -w '{BIN}' run --sessions '{}' </dev/null",
        place.dir()
    );
    let mut t = Term::spawn_program("sh", &["-c", &script], &place.home, (80, 24), &[]);
    let status = t.wait_exit();
    let screen = t.screen();
    assert!(screen.contains("facilitator needs a terminal"), "{screen}");
    assert!(!screen.contains("panicked"), "{screen}");
    assert_eq!(status.exit_code(), 2, "{screen}");
}

#[test]
fn term_dumb_gets_no_colour() {
    let place = Place::new();
    // With a colour terminal, colours are written...
    let t = place.spawn(&[], &[]);
    t.wait_for("New group");
    t.wait_for("Ashford, Kent");
    let raw = t.raw();
    assert!(
        find(&raw, b"\x1b[38;5;") || find(&raw, b"\x1b[48;5;"),
        "no colour at all"
    );
    drop(t);
    // ...and with TERM=dumb none, as with NO_COLOR.
    let t = place.spawn(&[], &[("TERM", Some("dumb"))]);
    t.wait_for("New group");
    t.wait_for("Ashford, Kent");
    let raw = t.raw();
    assert!(
        !find(&raw, b"\x1b[38;5;") && !find(&raw, b"\x1b[48;5;"),
        "colours written with TERM=dumb: {:?}",
        String::from_utf8_lossy(&raw)
    );
}
