//! The real binary (or another program) in a pseudo-terminal, read back
//! through a vt100 parser and as raw bytes; shared by every pty test
//! (e2e, paste, widths, colours, escapes, clock jumps, kill after Enter).
//!
//! Every wait polls for something (text on the screen, text in a file, the
//! process ending) with a generous deadline and fails with what it saw.
//! A child still running is killed and reaped on drop; [`bounded`] runs a
//! test body under a hard time limit that kills its processes.

use std::io::{Read, Write};
use std::panic::resume_unwind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use serde_json::Value;

use super::wait;
pub use super::wait::WAIT;

pub const BIN: &str = env!("CARGO_BIN_EXE_facilitator");
/// The hard upper bound of a whole [`bounded`] test.
pub const TEST_LIMIT: Duration = Duration::from_secs(90);

pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const CTRL_S: &str = "\x13";
pub const RIGHT: &str = "\x1b[C";

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Send a signal with the `kill` command (no libc needed); whether it was sent.
pub fn signal(pid: u32, sig: &str) -> bool {
    Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The pids a test has running, so the time limit can kill them.
#[derive(Clone, Default)]
pub struct Pids(Arc<Mutex<Vec<u32>>>);

impl Pids {
    fn add(&self, pid: u32) {
        lock(&self.0).push(pid);
    }

    fn remove(&self, pid: u32) {
        lock(&self.0).retain(|p| *p != pid);
    }

    fn kill_all(&self) {
        for pid in lock(&self.0).iter() {
            signal(*pid, "KILL");
        }
    }
}

/// Run a test body under [`TEST_LIMIT`]: past it, every process the body
/// started is killed and the test fails.
pub fn bounded(name: &str, body: impl FnOnce(Pids) + Send + 'static) {
    let pids = Pids::default();
    let (tx, rx) = mpsc::channel::<()>();
    let p = pids.clone();
    let handle = thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            body(p);
            let _ = tx.send(());
        })
        .expect("spawn the test thread");
    match rx.recv_timeout(TEST_LIMIT) {
        Ok(()) => handle.join().expect("the test thread"),
        Err(RecvTimeoutError::Disconnected) => match handle.join() {
            Err(panic) => resume_unwind(panic),
            Ok(()) => unreachable!("the test thread ended without reporting"),
        },
        Err(RecvTimeoutError::Timeout) => {
            pids.kill_all();
            panic!("{name} took longer than {TEST_LIMIT:?}: its processes were killed");
        }
    }
}

/// The binary (or another program) running in a pseudo-terminal.
pub struct Term {
    /// Named in every failure (empty: no name).
    pub name: String,
    pub pid: u32,
    child: Box<dyn Child + Send + Sync>,
    // Kept open so the reader gets every byte until the child is gone.
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// The reader saw the end of the output (the child and its terminal are gone).
    done: Arc<AtomicBool>,
    exit: Option<ExitStatus>,
    pids: Option<Pids>,
}

impl Term {
    /// Start `program args` in a `cols`×`rows` pty in `cwd`, with HOME
    /// there, TERM=xterm-256color, NO_COLOR and FACILITATOR_SESSIONS
    /// unset, then `env` applied (`None` unsets).
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        cwd: &Path,
        size: (u16, u16),
        env: &[(&str, Option<&str>)],
    ) -> Term {
        let (cols, rows) = size;
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", cwd);
        cmd.env_remove("FACILITATOR_SESSIONS");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            }
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn in the pty");
        // Only the child holds the terminal's other end now, so reading ends
        // when it is gone.
        drop(pair.slave);
        let pid = child.process_id().expect("the child's pid");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let done = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        {
            let (parser, raw, done) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&done));
            thread::spawn(move || {
                let mut buf = [0u8; 16384];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            lock(&raw).extend_from_slice(&buf[..n]);
                            lock(&parser).process(&buf[..n]);
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => break,
                    }
                }
                done.store(true, Ordering::SeqCst);
            });
        }
        let writer = pair.master.take_writer().expect("pty writer");
        Term {
            name: String::new(),
            pid,
            child,
            _master: pair.master,
            writer,
            parser,
            raw,
            done,
            exit: None,
            pids: None,
        }
    }

    /// `facilitator args` at 80×24.
    pub fn spawn(args: &[&str], cwd: &Path, env: &[(&str, Option<&str>)]) -> Term {
        Term::spawn_program(BIN, args, cwd, (80, 24), env)
    }

    /// Named `name` in its failures, and killed by `pids`' time limit.
    pub fn tracked(mut self, pids: &Pids, name: &str) -> Term {
        pids.add(self.pid);
        self.pids = Some(pids.clone());
        self.name = name.to_string();
        self
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        lock(&self.parser).screen().contents()
    }

    /// Everything the program wrote to its terminal.
    pub fn raw(&self) -> Vec<u8> {
        lock(&self.raw).clone()
    }

    pub fn fail(&self, what: &str) -> ! {
        let name = if self.name.is_empty() {
            String::new()
        } else {
            format!("[{}] ", self.name)
        };
        panic!(
            "{name}{what}\n----- screen -----\n{}\n------------------",
            self.screen()
        );
    }

    /// Type: the bytes go to the program as they are.
    pub fn send(&mut self, keys: &str) {
        if let Err(e) = self
            .writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
        {
            self.fail(&format!("could not send {} bytes: {e}", keys.len()));
        }
    }

    /// A bracketed paste of `text`, as a terminal sends it.
    pub fn paste(&mut self, text: &str) {
        self.send(&format!("\x1b[200~{text}\x1b[201~"));
    }

    /// Esc on its own, then a pause so the next key is not read as Alt-key.
    pub fn esc(&mut self) {
        self.send("\x1b");
        // Not a wait for the app: a terminal's lone Esc is told from an
        // Alt-key only by the time before the next byte, so this pause is
        // part of what a person's key press is.
        thread::sleep(Duration::from_millis(100));
    }

    /// Wait until the screen shows `text`; give back the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Wait until the screen passes `ok` (`what` says what was awaited);
    /// give back the screen.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        // (whether the output had ended before this look, the screen)
        let (ended, screen) = wait::until_shown(
            what,
            WAIT,
            || (self.done.load(Ordering::SeqCst), self.screen()),
            |(ended, screen)| *ended || ok(screen),
            |(_, screen)| screen.clone(),
        );
        if !ok(&screen) && ended {
            self.fail(&format!("the program ended without showing {what}"));
        }
        screen
    }

    /// Wait for the program to end, and for the last of its output.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let mut ended = None;
        wait::within(WAIT, || {
            ended = Some(self.child.try_wait());
            !matches!(ended, Some(Ok(None)))
        });
        let status = match ended {
            Some(Ok(Some(s))) => s,
            Some(Err(e)) => self.fail(&format!("waiting for the program: {e}")),
            _ => self.fail(&format!("the program did not end within {WAIT:?}")),
        };
        self.exit = Some(status.clone());
        if let Some(p) = &self.pids {
            p.remove(self.pid);
        }
        if !wait::within(WAIT, || self.done.load(Ordering::SeqCst)) {
            self.fail("the program ended but its terminal output did not");
        }
        status
    }

    /// SIGKILL, and wait for the end.
    pub fn kill9(&mut self) -> ExitStatus {
        signal(self.pid, "KILL");
        self.wait_exit()
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if self.exit.is_some() {
            return;
        }
        // Still running (a failed test): kill it and reap it, never hang.
        // It is not reaped yet, so its pid cannot have been reused.
        signal(self.pid, "KILL");
        wait::within(Duration::from_secs(5), || {
            matches!(self.child.try_wait(), Ok(Some(_)))
        });
        if let Some(p) = &self.pids {
            p.remove(self.pid);
        }
    }
}

/// Run `facilitator args` with stdin from /dev/null and the output piped
/// (no terminal at all); (status, stdout, stderr).
pub fn run_cmd(home: &Path, args: &[&str]) -> (std::process::ExitStatus, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(home)
        .env("HOME", home)
        .env_remove("FACILITATOR_SESSIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run facilitator");
    let read_all = |mut r: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut s = String::new();
            let _ = r.read_to_string(&mut s);
            s
        })
    };
    let out = read_all(Box::new(child.stdout.take().expect("stdout")));
    let err = read_all(Box::new(child.stderr.take().expect("stderr")));
    let mut ended = None;
    wait::within(WAIT, || {
        ended = child.try_wait().expect("wait for facilitator");
        ended.is_some()
    });
    let Some(status) = ended else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("facilitator {args:?} did not end within {WAIT:?}");
    };
    (
        status,
        out.join().expect("stdout reader"),
        err.join().expect("stderr reader"),
    )
}

/// A temporary home with an empty `sessions` folder in it.
pub struct Place {
    _tmp: tempfile::TempDir,
    pub home: PathBuf,
    pub sessions: PathBuf,
}

impl Place {
    pub fn new() -> Place {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let home = tmp.path().to_path_buf();
        let sessions = home.join("sessions");
        std::fs::create_dir(&sessions).expect("sessions folder");
        Place {
            _tmp: tmp,
            home,
            sessions,
        }
    }

    pub fn dir(&self) -> &str {
        self.sessions.to_str().expect("a UTF-8 temporary path")
    }

    /// The app with `args` then `--sessions DIR`, at 80×24.
    pub fn spawn(&self, args: &[&str], env: &[(&str, Option<&str>)]) -> Term {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--sessions", self.dir()]);
        Term::spawn(&all, &self.home, env)
    }

    /// [`Place::spawn`], named and under `pids`' time limit, NO_COLOR set or not.
    pub fn spawn_named(&self, pids: &Pids, name: &str, args: &[&str], no_color: bool) -> Term {
        let env: &[(&str, Option<&str>)] = if no_color {
            &[("NO_COLOR", Some("1"))]
        } else {
            &[]
        };
        self.spawn(args, env).tracked(pids, name)
    }

    pub fn file(&self, id: &str, ext: &str) -> PathBuf {
        self.sessions.join(format!("{id}.{ext}"))
    }

    /// The one session in the folder.
    pub fn only_id(&self) -> String {
        let mut ids: Vec<String> = std::fs::read_dir(&self.sessions)
            .expect("read the sessions folder")
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                let id = name.strip_suffix(".json")?;
                (!id.ends_with(".draft")).then(|| id.to_string())
            })
            .collect();
        assert_eq!(ids.len(), 1, "expected one session, found {ids:?}");
        ids.remove(0)
    }

    /// The saved snapshot, checked: the schema its events need (1, or 2
    /// with a questionnaire's answers, a "don't know" rating or a vote in
    /// the generic form), this id, seq 1..n without gaps.
    pub fn snapshot(&self, id: &str) -> Vec<Value> {
        let path = self.file(id, "json");
        let text = std::fs::read_to_string(&path).expect("read the snapshot");
        let v: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}\n{text}", path.display()));
        let events = v["events"].as_array().expect("events").clone();
        let needs_2 = events.iter().any(|e| {
            e["type"] == "questionnaire_answered"
                || e["dont_know"] == true
                || e["counts"].is_object()
                || e["votes"].is_object()
        });
        assert_eq!(v["schema"], if needs_2 { 2 } else { 1 }, "schema of {text}");
        assert_eq!(v["id"], id, "id of {text}");
        assert_seq(&events);
        events
    }

    /// The journal's events, checked: every line JSON, seq 1..n without gaps.
    pub fn journal(&self, id: &str) -> Vec<Value> {
        let events = journal_events(&self.file(id, "journal"));
        assert_seq(&events);
        events
    }

    /// The journal's events so far (a line being written is left out).
    pub fn journal_so_far(&self, id: &str) -> Vec<Value> {
        let text = std::fs::read_to_string(self.file(id, "journal")).expect("read the journal");
        text.lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Wait until the journal's events pass `ok`; give them back.
    pub fn wait_journal(&self, id: &str, what: &str, ok: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        wait::until_shown(
            &format!("the journal holding {what}"),
            WAIT,
            || self.journal_so_far(id),
            |e| ok(e),
            |e| format!("{e:#?}"),
        )
    }
}

/// Every line of a journal, as JSON (a line that is not: a failure).
pub fn journal_events(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("read the journal");
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("journal line {l:?}: {e}")))
        .collect()
}

/// seq runs 1..n without gaps.
pub fn assert_seq(events: &[Value]) {
    for (i, e) in events.iter().enumerate() {
        assert_eq!(
            e["seq"],
            i as u64 + 1,
            "event {i} is out of sequence: {events:#?}"
        );
    }
}

/// The events of one type.
pub fn of_type<'a>(events: &'a [Value], ty: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == ty).collect()
}

pub use super::wait::file_contains as wait_file_contains;

/// Fill the new-group form (empty folder) with `location` and save it;
/// wait for the roster.
pub fn new_group(t: &mut Term, location: &str) {
    t.wait_for("New group");
    t.send(location);
    // (The field's hint already names "Ashford, Kent": wait for the cursor after it.)
    t.wait_for(&format!("{location}▏"));
    // Location, Date, Group, then Age band.
    t.send(TAB);
    t.send(TAB);
    t.send(TAB);
    t.send("40-64");
    t.wait_for("40-64▏");
    t.send(CTRL_S);
    // The roster of the new session, empty.
    t.wait_for("Nobody yet");
}

/// Add `labels` to the roster one by one (the label alone), each seen on
/// the roster before the next.
pub fn add_people(t: &mut Term, labels: &[&str]) {
    for label in labels {
        t.send("a");
        t.wait_for("Add participant");
        t.send(label);
        t.wait_for(&format!("{label}▏"));
        t.send(CTRL_S);
        t.wait_for(&format!(". {label} "));
    }
}

/// Start the guide from the roster; wait for the first step.
pub fn start_guide(t: &mut Term) {
    t.send("s");
    t.wait_for("› Arrival");
}

/// Add a participant from the roster (label, gender, age band).
pub fn add_participant(t: &mut Term, label: &str, gender: &str, age: &str) {
    t.send("a");
    t.wait_for("Add participant");
    t.send(label);
    t.send(TAB);
    t.send(gender);
    t.send(TAB);
    t.send(age);
    t.wait_for(&format!("{age}▏"));
    t.send(CTRL_S);
    t.wait_for("on the roster");
}
