//! The real binary in a pseudo-terminal while the computer's clock is
//! changed under it by libfaketime (two hours ahead, then back): the app
//! says so once each time, and every action stays stamped with the time
//! that really passed. Skipped, saying so, where libfaketime is not
//! installed (`.ci/run` installs it with apt-get when it can).
//!
//! Also, `#[ignore]`d for its length: SIGSTOP for 120 s, then SIGCONT:
//! time passed, nothing jumped.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use serde_json::Value;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_facilitator");
const WAIT: Duration = Duration::from_secs(15);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

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

/// The binary in an 80×24 pty; killed if still running when dropped.
struct Term {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    done: Arc<AtomicBool>,
}

impl Term {
    fn spawn(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env("NO_COLOR", "1");
        cmd.env_remove("FACILITATOR_SESSIONS");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn facilitator");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let done = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        {
            let (parser, done) = (Arc::clone(&parser), Arc::clone(&done));
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => lock(&parser).process(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => break,
                    }
                }
                done.store(true, Ordering::SeqCst);
            });
        }
        let writer = pair.master.take_writer().expect("pty writer");
        Term {
            child,
            _master: pair.master,
            writer,
            parser,
            done,
        }
    }

    fn screen(&self) -> String {
        lock(&self.parser).screen().contents()
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait until the screen shows `text` (within [`WAIT`]).
    fn wait_for(&self, text: &str) -> String {
        let end = Instant::now() + WAIT;
        loop {
            let ended = self.done.load(Ordering::SeqCst);
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                !ended,
                "the program ended without showing {text:?}:\n{screen}"
            );
            assert!(
                Instant::now() < end,
                "{text:?} did not appear within {WAIT:?}:\n{screen}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_exit(&mut self) {
        let end = Instant::now() + WAIT;
        loop {
            match self.child.try_wait() {
                Ok(Some(s)) => {
                    assert!(s.success(), "exit status {s:?}\n{}", self.screen());
                    return;
                }
                Ok(None) if Instant::now() < end => thread::sleep(Duration::from_millis(20)),
                other => panic!("the program did not end: {other:?}\n{}", self.screen()),
            }
        }
    }

    fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "kill -{sig} {pid}");
}

/// A new group in Leeds, the guide started.
fn start(t: &mut Term) {
    t.wait_for("New group");
    t.send("Leeds");
    t.wait_for("Leeds▏");
    t.send("\t\t\t40-64");
    t.wait_for("40-64▏");
    t.send("\x13");
    t.wait_for("Nobody yet");
    t.send("s");
    t.wait_for("› Arrival");
}

fn quit(t: &mut Term) {
    t.send("q");
    t.wait_for("Leave the app?");
    t.send("y");
    t.wait_exit();
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
    let mut t = Term::spawn(
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
    let mut t = Term::spawn(
        home.path(),
        &["--sessions", sessions.to_str().unwrap()],
        &[],
    );
    start(&mut t);
    signal(t.pid(), "STOP");
    thread::sleep(Duration::from_secs(120));
    signal(t.pid(), "CONT");
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
