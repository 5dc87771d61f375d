//! The real binary in a pseudo-terminal while the computer's clock is
//! changed under it by libfaketime (two hours ahead, then back): the app
//! says so once each time, and every action stays stamped with the time
//! that really passed. Skipped, saying so, where libfaketime is not
//! installed (`.ci/run` installs it with apt-get when it can).
//!
//! Also, `#[ignore]`d for its length: SIGSTOP for 120 s, then SIGCONT:
//! time passed, nothing jumped.

mod common;

use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::pty::{Term, new_group, start_guide};
use serde_json::Value;
use tempfile::TempDir;

/// libfaketime, if installed.
fn libfaketime() -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("FACILITATOR_LIBFAKETIME")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    for dir in [
        "/usr/lib/x86_64-linux-gnu/faketime",
        "/usr/lib/aarch64-linux-gnu/faketime",
        "/usr/lib/faketime",
        "/usr/local/lib/faketime",
    ] {
        candidates.push(Path::new(dir).join("libfaketime.so.1"));
    }
    candidates.into_iter().find(|p| p.exists())
}

/// The binary in an 80×24 pty, NO_COLOR set, then `env`.
fn spawn(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Term {
    let mut all = vec![("NO_COLOR", Some("1"))];
    all.extend(env.iter().map(|(k, v)| (*k, Some(*v))));
    Term::spawn(args, home, &all)
}

fn signal(pid: u32, sig: &str) {
    assert!(common::pty::signal(pid, sig), "kill -{sig} {pid}");
}

/// A new group in Leeds, the guide started.
fn start(t: &mut Term) {
    new_group(t, "Leeds");
    start_guide(t);
}

fn quit(t: &mut Term) {
    t.send("q");
    t.wait_for("Leave the app?");
    t.send("y");
    let s = t.wait_exit();
    assert!(s.success(), "exit status {s:?}\n{}", t.screen());
}

/// The events of the one session in `sessions`, from its journal.
fn journal(sessions: &Path) -> Vec<Value> {
    let file = std::fs::read_dir(sessions)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "journal"))
        .expect("a journal");
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn at(e: &Value) -> DateTime<Utc> {
    e["at"].as_str().unwrap().parse().unwrap()
}

#[test]
fn a_wall_clock_jump_under_faketime_is_noted_and_skews_nothing() {
    let Some(lib) = libfaketime() else {
        eprintln!("skipped: libfaketime is not installed (apt-get install faketime)");
        return;
    };
    let home = TempDir::new().unwrap();
    let sessions = home.path().join("sessions");
    let offset = home.path().join("faketime");
    std::fs::write(&offset, "+0\n").unwrap();
    let began = Utc::now();
    let env = [
        ("LD_PRELOAD", lib.to_str().unwrap()),
        ("FAKETIME_TIMESTAMP_FILE", offset.to_str().unwrap()),
        ("FAKETIME_NO_CACHE", "1"),
        ("FAKETIME_DONT_FAKE_MONOTONIC", "1"),
    ];
    let mut t = spawn(
        home.path(),
        &["--sessions", sessions.to_str().unwrap()],
        &env,
    );
    start(&mut t);

    std::fs::write(&offset, "+7200\n").unwrap();
    t.wait_for("clock jumped 2:00:00 ahead");
    t.send("\x1b[C");
    t.wait_for("› Capabilities");
    std::fs::write(&offset, "+0\n").unwrap();
    t.wait_for("clock jumped 2:00:00 back");
    t.send("\x1b[C");
    t.wait_for("› Life stage");
    quit(&mut t);

    // This test runs on the real clock: nothing the app stamped is ahead
    // of it (a minute's grace for a slow machine), none before it began.
    let done = Utc::now();
    let events = journal(&sessions);
    for e in &events {
        let t = at(e);
        assert!(
            t >= began - chrono::TimeDelta::seconds(2)
                && t <= done + chrono::TimeDelta::seconds(60),
            "{e} is stamped outside {began}..{done}"
        );
    }
    let jumps: Vec<i64> = events
        .iter()
        .filter(|e| e["type"] == "clock_jumped")
        .map(|e| e["by_s"].as_i64().unwrap())
        .collect();
    assert_eq!(jumps.len(), 2, "{events:#?}");
    assert!((jumps[0] - 7_200).abs() <= 1, "{jumps:?}");
    assert!((jumps[1] + 7_200).abs() <= 1, "{jumps:?}");
    // The steps follow each other in order.
    let steps: Vec<DateTime<Utc>> = events
        .iter()
        .filter(|e| e["type"] == "step_entered")
        .map(at)
        .collect();
    assert_eq!(steps.len(), 3, "{events:#?}");
    assert!(steps.windows(2).all(|w| w[0] <= w[1]), "{steps:?}");
}

/// SIGSTOP for 120 s (as a closed lid would), then SIGCONT: the app goes
/// on, nothing jumped, and the two minutes count.
#[test]
#[ignore = "takes two minutes: cargo test --test clock_e2e -- --ignored"]
fn a_stop_of_two_minutes_is_time_passing() {
    let home = TempDir::new().unwrap();
    let sessions = home.path().join("sessions");
    let mut t = spawn(
        home.path(),
        &["--sessions", sessions.to_str().unwrap()],
        &[],
    );
    start(&mut t);
    signal(t.pid, "STOP");
    // The sleep is the test: two minutes of real time pass while stopped.
    thread::sleep(Duration::from_secs(120));
    signal(t.pid, "CONT");
    t.send("\x1b[C");
    t.wait_for("› Capabilities");
    let screen = t.screen();
    assert!(!screen.contains("clock jumped"), "{screen}");
    quit(&mut t);
    let events = journal(&sessions);
    assert!(
        events.iter().all(|e| e["type"] != "clock_jumped"),
        "{events:#?}"
    );
    let steps: Vec<DateTime<Utc>> = events
        .iter()
        .filter(|e| e["type"] == "step_entered")
        .map(at)
        .collect();
    assert!((steps[1] - steps[0]).num_seconds() >= 120, "{steps:?}");
}
