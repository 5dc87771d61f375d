//! End to end: the real binary in a pseudo-terminal of 80×24, driven by
//! keys and read back from the screen (through a vt100 parser), its raw
//! output, and the sessions folder it writes.
//!
//! Every wait polls for something (text on the screen, text in a file, the
//! process ending) with a generous timeout and fails with what it saw. Every
//! child is killed and reaped by a drop guard, and each test runs under a
//! hard time limit that kills its processes, so a failing test never hangs.

use std::io::{Read, Write};
use std::panic::resume_unwind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_facilitator");
/// How long any one wait may take (CI machines are slow).
const WAIT: Duration = Duration::from_secs(10);
/// The hard upper bound of a whole test.
const TEST_LIMIT: Duration = Duration::from_secs(60);
const ROWS: u16 = 24;
const COLS: u16 = 80;

const ENTER: &str = "\r";
const TAB: &str = "\t";
const CTRL_S: &str = "\x13";
const RIGHT: &str = "\x1b[C";

// Short enough to stay on one line of the notes pane (26 columns of text).
const NOTE: &str = "Keen on local libraries";
const QUOTE: &str = "Libraries keep me sane";

// ---------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Send a signal with the `kill` command (no libc needed).
fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// The pids a test has running, so the time limit can kill them.
#[derive(Clone, Default)]
struct Pids(Arc<Mutex<Vec<u32>>>);

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
fn bounded(name: &str, body: impl FnOnce(Pids) + Send + 'static) {
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

/// The binary running in a pseudo-terminal.
struct Term {
    name: String,
    child: Box<dyn Child + Send + Sync>,
    pid: u32,
    // Kept open so the reader gets every byte until the child is gone.
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// The reader saw the end of the output (the child and its terminal are gone).
    done: Arc<AtomicBool>,
    exit: Option<ExitStatus>,
    pids: Pids,
}

impl Term {
    /// Start `facilitator <args>` in an 80×24 pty, HOME and the working
    /// folder in `home`, NO_COLOR set or not.
    fn spawn(pids: &Pids, name: &str, home: &Path, args: &[&str], no_color: bool) -> Term {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(args);
        cmd.cwd(home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home);
        cmd.env_remove("FACILITATOR_SESSIONS");
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn facilitator");
        // Only the child holds the terminal's other end now, so reading ends
        // when it is gone.
        drop(pair.slave);
        let pid = child.process_id().expect("the child's pid");
        pids.add(pid);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let done = Arc::new(AtomicBool::new(false));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        {
            let (parser, raw, done) = (Arc::clone(&parser), Arc::clone(&raw), Arc::clone(&done));
            thread::spawn(move || {
                let mut buf = [0u8; 8192];
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
            name: name.to_string(),
            child,
            pid,
            _master: pair.master,
            writer,
            parser,
            raw,
            done,
            exit: None,
            pids: pids.clone(),
        }
    }

    /// The screen as text.
    fn screen(&self) -> String {
        lock(&self.parser).screen().contents()
    }

    /// Everything the program wrote to its terminal.
    fn raw(&self) -> Vec<u8> {
        lock(&self.raw).clone()
    }

    fn fail(&self, what: &str) -> ! {
        panic!(
            "[{}] {what}\n----- screen -----\n{}\n------------------",
            self.name,
            self.screen()
        );
    }

    /// Type: the bytes go to the program as they are.
    fn send(&mut self, keys: &str) {
        if let Err(e) = self
            .writer
            .write_all(keys.as_bytes())
            .and_then(|()| self.writer.flush())
        {
            self.fail(&format!("could not send {keys:?}: {e}"));
        }
    }

    /// Esc on its own, with a pause so the next key is not read as Alt-key.
    fn esc(&mut self) {
        self.send("\x1b");
        thread::sleep(Duration::from_millis(100));
    }

    /// Wait until the screen shows `text`; give back the screen.
    fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text))
    }

    /// Wait until the screen passes `ok` (`what` says what was awaited);
    /// give back the screen.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + WAIT;
        loop {
            // Whether the output had ended before this look at the screen.
            let ended = self.done.load(Ordering::SeqCst);
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if ended {
                self.fail(&format!("the program ended without showing {what}"));
            }
            if Instant::now() > end {
                self.fail(&format!("{what} did not appear within {WAIT:?}"));
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Wait for the program to end, and for the last of its output.
    fn wait_exit(&mut self) -> ExitStatus {
        let end = Instant::now() + WAIT;
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(s)) => break s,
                Ok(None) if Instant::now() < end => thread::sleep(Duration::from_millis(20)),
                Ok(None) => self.fail(&format!("the program did not end within {WAIT:?}")),
                Err(e) => self.fail(&format!("waiting for the program: {e}")),
            }
        };
        self.exit = Some(status.clone());
        self.pids.remove(self.pid);
        while !self.done.load(Ordering::SeqCst) {
            if Instant::now() > end {
                self.fail("the program ended but its terminal output did not");
            }
            thread::sleep(Duration::from_millis(10));
        }
        status
    }

    /// SIGKILL, and wait for the end.
    fn kill9(&mut self) -> ExitStatus {
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
        let end = Instant::now() + Duration::from_secs(5);
        while Instant::now() < end {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
        self.pids.remove(self.pid);
    }
}

/// Run `facilitator <args>` without a terminal; (status, stdout, stderr).
fn run_cmd(home: &Path, args: &[&str]) -> (std::process::ExitStatus, String, String) {
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
    let end = Instant::now() + WAIT;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for facilitator") {
            break s;
        }
        if Instant::now() > end {
            let _ = child.kill();
            let _ = child.wait();
            panic!("facilitator {args:?} did not end within {WAIT:?}");
        }
        thread::sleep(Duration::from_millis(20));
    };
    (
        status,
        out.join().expect("stdout reader"),
        err.join().expect("stderr reader"),
    )
}

/// A temporary home with an empty `sessions` folder in it.
struct Place {
    _tmp: tempfile::TempDir,
    home: PathBuf,
    sessions: PathBuf,
}

impl Place {
    fn new() -> Place {
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

    fn dir(&self) -> &str {
        self.sessions.to_str().expect("a UTF-8 temporary path")
    }

    /// Start the app with `args` followed by `--sessions DIR`.
    fn spawn(&self, pids: &Pids, name: &str, args: &[&str], no_color: bool) -> Term {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--sessions", self.dir()]);
        Term::spawn(pids, name, &self.home, &all, no_color)
    }

    fn file(&self, id: &str, ext: &str) -> PathBuf {
        self.sessions.join(format!("{id}.{ext}"))
    }

    /// The one session in the folder.
    fn only_id(&self) -> String {
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

    /// The saved snapshot, checked: schema 1, this id, seq 1..n without gaps.
    fn snapshot(&self, id: &str) -> Vec<Value> {
        let path = self.file(id, "json");
        let text = std::fs::read_to_string(&path).expect("read the snapshot");
        let v: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}\n{text}", path.display()));
        assert_eq!(v["schema"], 1, "schema of {text}");
        assert_eq!(v["id"], id, "id of {text}");
        let events = v["events"].as_array().expect("events").clone();
        assert_seq(&events);
        events
    }

    /// The journal's events, checked: seq 1..n without gaps.
    fn journal(&self, id: &str) -> Vec<Value> {
        let events = journal_events(&self.file(id, "journal"));
        assert_seq(&events);
        events
    }
}

fn journal_events(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).expect("read the journal");
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("journal line {l:?}: {e}")))
        .collect()
}

fn assert_seq(events: &[Value]) {
    for (i, e) in events.iter().enumerate() {
        assert_eq!(
            e["seq"],
            i as u64 + 1,
            "event {i} is out of sequence: {events:#?}"
        );
    }
}

fn of_type<'a>(events: &'a [Value], ty: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == ty).collect()
}

/// Wait until the file exists and holds `text`.
fn wait_file_contains(path: &Path, text: &str) {
    let end = Instant::now() + WAIT;
    loop {
        if std::fs::read_to_string(path).is_ok_and(|s| s.contains(text)) {
            return;
        }
        if Instant::now() > end {
            let now = std::fs::read_to_string(path).unwrap_or_else(|e| format!("({e})"));
            panic!(
                "{} did not come to hold {text:?}; it holds:\n{now}",
                path.display()
            );
        }
        thread::sleep(Duration::from_millis(20));
    }
}

/// Fill the new-group form (empty folder) and save it; wait for the roster.
fn new_group(t: &mut Term, location: &str) {
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

/// Start the guide from the roster; wait for the first step.
fn start_guide(t: &mut Term) {
    t.send("s");
    t.wait_for("› Arrival");
}

/// q, the confirmation, y: wait for a clean end.
fn quit(t: &mut Term) -> String {
    t.send("q");
    t.wait_for("Leave the app?");
    t.send("y");
    let status = t.wait_exit();
    assert!(status.success(), "exit status {status:?}\n{}", t.screen());
    t.screen()
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// A whole (compressed) session: profile, roster, consent, guide, a note
/// and an attributed quote, quit; the saved files; `list`; resume.
#[test]
fn compressed_session_saved_listed_and_resumed() {
    bounded("compressed_session", |pids| {
        let place = Place::new();
        let mut t = place.spawn(&pids, "first run", &[], false);
        new_group(&mut t, "Ashford, Kent");

        for (label, gender, age) in [("Alice", "Female", "40-64"), ("Bob", "Male", "18-39")] {
            t.send("a");
            t.wait_for("Add participant");
            t.send(label);
            t.send(TAB);
            t.send(gender);
            t.send(TAB);
            t.send(age);
            t.wait_for(&format!("{age}▏"));
            t.send(CTRL_S);
            t.wait_for(&format!(". {label} "));
        }
        t.wait_for("2 on the roster");
        // The first row is selected: Alice.
        t.send("c");
        t.wait_until("Alice's consent ✓", |s| {
            s.lines()
                .any(|l| l.contains("Alice") && l.contains("consent ✓"))
        });

        start_guide(&mut t);
        t.send(RIGHT);
        t.wait_for("› Capabilities");

        t.send("n");
        t.wait_for("New note");
        t.send(NOTE);
        t.wait_for(NOTE);
        t.send(ENTER);
        t.wait_for("Notes (1)");

        t.send("v");
        t.wait_for("New verbatim quote");
        t.send(QUOTE);
        t.wait_for(QUOTE);
        t.send(TAB);
        t.send("1");
        t.wait_for("Who: ‹ 1 Alice");
        t.send(ENTER);
        t.wait_for("Notes (2)");
        t.wait_for(&format!("“{QUOTE}”"));
        t.wait_for("— Alice");

        let screen = quit(&mut t);
        let id = place.only_id();
        assert!(
            screen.contains(&format!("Resume with: facilitator run --resume {id}")),
            "no resume hint after quitting:\n{screen}"
        );

        // The snapshot.
        let events = place.snapshot(&id);
        assert_eq!(events[0]["type"], "created");
        assert_eq!(events[0]["profile"]["location"], "Ashford, Kent");
        let added = of_type(&events, "participant_added");
        let labels: Vec<&Value> = added.iter().map(|e| &e["participant"]["label"]).collect();
        assert_eq!(labels, ["Alice", "Bob"], "participants in {events:#?}");
        assert_eq!(added[0]["participant"]["id"], 1);
        assert_eq!(added[0]["participant"]["gender"], "Female");
        let consent = of_type(&events, "consent_given");
        assert_eq!(consent.len(), 1, "{events:#?}");
        assert_eq!(consent[0]["participant"], 1);
        assert_eq!(consent[0]["consent"], true);
        let steps: Vec<&Value> = of_type(&events, "step_entered")
            .iter()
            .map(|e| &e["step"])
            .collect();
        assert_eq!(steps, ["arrival", "capabilities"], "steps in {events:#?}");
        let notes = of_type(&events, "note_added");
        assert_eq!(notes.len(), 2, "{events:#?}");
        let note = notes.iter().find(|e| e["kind"] == "note").expect("a note");
        assert_eq!(note["text"], NOTE);
        assert_eq!(note["step"], "capabilities");
        assert!(note.get("participant").is_none(), "{note}");
        let quote = notes
            .iter()
            .find(|e| e["kind"] == "quote")
            .expect("a quote");
        assert_eq!(quote["text"], QUOTE);
        assert_eq!(quote["step"], "capabilities");
        assert_eq!(quote["participant"], 1);
        assert_eq!(events.last().expect("events")["type"], "closed");
        assert_eq!(of_type(&events, "closed").len(), 1);

        // The journal holds the same events.
        assert_eq!(
            place.journal(&id),
            events,
            "the journal and the snapshot differ"
        );

        // `list`: one line, the id, the location, live.
        let (status, out, err) = run_cmd(&place.home, &["list", "--sessions", place.dir()]);
        assert!(status.success(), "list: {status:?}\n{out}\n{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "list printed:\n{out}\n(stderr: {err})");
        for want in [id.as_str(), "Ashford, Kent", "live"] {
            assert!(
                lines[0].contains(want),
                "{want:?} is not in the list line {:?}",
                lines[0]
            );
        }

        // Resume by an id prefix: back on Capabilities with the notes, the
        // step clock still going (wall-clock based).
        let prefix = &id[..id.len() - 4];
        let mut t = place.spawn(&pids, "resume", &["run", "--resume", prefix], false);
        t.wait_for(NOTE);
        t.wait_for(&format!("“{QUOTE}”"));
        let screen = t.wait_until("Capabilities with its step countdown", |s| {
            let line = header_line(s, "› Capabilities");
            line.contains(" left") || line.contains(" over")
        });
        let clock = header_line(&screen, "› Capabilities");
        // The clock runs on: the countdown changes within a second or so.
        t.wait_until("the step countdown ticking", |s| {
            let now = header_line(s, "› Capabilities");
            !now.is_empty() && now != clock
        });
        quit(&mut t);

        let events = place.snapshot(&id);
        assert_eq!(of_type(&events, "opened").len(), 2, "{events:#?}");
        assert_eq!(of_type(&events, "closed").len(), 2, "{events:#?}");
        assert_eq!(events.last().expect("events")["type"], "closed");
        assert_eq!(
            place.journal(&id),
            events,
            "the journal and the snapshot differ"
        );
    });
}

/// A second instance on the same session is refused, naming the holder;
/// once the first is killed (SIGKILL) the session opens again and holds
/// every action the first wrote.
#[test]
fn second_instance_refused_then_resumes_after_kill() {
    bounded("two_instances", |pids| {
        let place = Place::new();
        let mut first = place.spawn(&pids, "first", &[], false);
        new_group(&mut first, "Bury St Edmunds");
        start_guide(&mut first);
        first.send("n");
        first.wait_for("New note");
        first.send(NOTE);
        first.wait_for(NOTE);
        first.send(ENTER);
        first.wait_for("Notes (1)");
        let id = place.only_id();
        // The journal is written at once (the sync follows within a second);
        // a kill loses nothing the journal has.
        wait_file_contains(&place.file(&id, "journal"), NOTE);
        let before_kill = place.journal(&id);

        let (status, out, err) = run_cmd(
            &place.home,
            &["run", "--resume", &id, "--sessions", place.dir()],
        );
        assert!(
            !status.success(),
            "a second instance ran: {status:?}\n{out}\n{err}"
        );
        let said = format!("{out}{err}");
        assert!(
            said.contains("already open"),
            "the refusal does not say why:\n{said}"
        );
        assert!(
            said.contains(&format!("process {}", first.pid)),
            "the refusal does not name the holder (pid {}):\n{said}",
            first.pid
        );
        // The refused instance changed nothing.
        assert_eq!(place.journal(&id), before_kill);

        let status = first.kill9();
        assert!(!status.success(), "SIGKILL reported as success: {status:?}");
        // The snapshot is rewritten at most every five seconds, so it may be
        // behind the journal: then resuming says what it took from the journal.
        let behind = before_kill.len() - place.snapshot(&id).len();
        assert!(
            place.file(&id, "lock").exists(),
            "the lock file is left in place"
        );

        let mut again = place.spawn(&pids, "after the kill", &["run", "--resume", &id], false);
        again.wait_for("› Arrival");
        again.wait_for(NOTE);
        if behind > 0 {
            again.wait_for(&format!("Recovered {behind} action"));
        }
        quit(&mut again);

        let events = place.snapshot(&id);
        assert_eq!(
            place.journal(&id),
            events,
            "the journal and the snapshot differ"
        );
        assert!(
            events.len() > before_kill.len() && events[..before_kill.len()] == before_kill[..],
            "the events written before the kill are not all kept:\nbefore: {before_kill:#?}\nafter: {events:#?}"
        );
        let notes = of_type(&events, "note_added");
        assert_eq!(notes.len(), 1, "{events:#?}");
        assert_eq!(notes[0]["text"], NOTE);
        // No `closed` between the killed run and the resume, then a clean close.
        assert_eq!(of_type(&events, "closed").len(), 1, "{events:#?}");
        assert_eq!(events.last().expect("events")["type"], "closed");
    });
}

/// A note typed but not sent survives kill -9: on resume it is back in
/// the editor, and once saved it is a note and the draft file is gone.
#[test]
fn unsent_draft_survives_kill_9() {
    const DRAFT: &str = "Half a thought about buses";
    bounded("unsent_draft", |pids| {
        let place = Place::new();
        let mut t = place.spawn(&pids, "typing", &[], true);
        new_group(&mut t, "Ashford, Kent");
        start_guide(&mut t);
        t.send("n");
        t.wait_for("New note");
        t.send(DRAFT);
        t.wait_for(DRAFT);
        let id = place.only_id();
        // The draft is saved within a second of the last change.
        wait_file_contains(&place.file(&id, "draft.json"), DRAFT);
        t.kill9();

        let mut t = place.spawn(&pids, "resumed", &["run", "--resume", &id], true);
        t.wait_for("Your unsent note was kept");
        t.wait_for("New note");
        t.wait_for(DRAFT);
        // Esc hides it and keeps it; n brings it back.
        t.esc();
        t.wait_for("draft kept");
        t.send("n");
        t.wait_for("New note");
        t.wait_for(DRAFT);
        t.send(ENTER);
        t.wait_for("Notes (1)");
        quit(&mut t);

        let events = place.snapshot(&id);
        let notes = of_type(&events, "note_added");
        assert_eq!(notes.len(), 1, "{events:#?}");
        assert_eq!(notes[0]["text"], DRAFT);
        assert_eq!(notes[0]["kind"], "note");
        assert_eq!(notes[0]["step"], "arrival");
        assert!(
            !place.file(&id, "draft.json").exists(),
            "the draft file is still there after the note was saved"
        );
    });
}

/// SIGTERM: the app saves, closes the session, leaves the alternate screen
/// and ends.
#[test]
fn sigterm_restores_the_terminal() {
    bounded("sigterm", |pids| {
        let place = Place::new();
        let mut t = place.spawn(&pids, "sigterm", &[], true);
        new_group(&mut t, "Ashford, Kent");
        let id = place.only_id();
        let raw = t.raw();
        assert!(
            find_last(&raw, b"\x1b[?1049h").is_some(),
            "the app never entered the alternate screen"
        );

        signal(t.pid, "TERM");
        let status = t.wait_exit();
        let raw = t.raw();
        let enter = find_last(&raw, b"\x1b[?1049h").expect("enter the alternate screen");
        let leave = find_last(&raw, b"\x1b[?1049l").unwrap_or_else(|| {
            panic!(
                "the alternate screen was never left; output tail: {:?}",
                String::from_utf8_lossy(&raw[raw.len().saturating_sub(300)..])
            )
        });
        assert!(
            leave > enter,
            "the last thing done was entering the alternate screen"
        );
        let tail = String::from_utf8_lossy(&raw[leave..]);
        assert!(
            tail.contains(&format!("Resume with: facilitator run --resume {id}")),
            "no resume hint after the terminal was restored: {tail:?}"
        );
        assert!(
            status.success(),
            "SIGTERM ended the app with {status:?}; output after restore: {tail:?}"
        );

        let events = place.snapshot(&id);
        assert_eq!(
            events.last().expect("events")["type"],
            "closed",
            "{events:#?}"
        );
        assert_eq!(place.journal(&id), events);
    });
}

/// The first line of the screen that holds `marker` ("" if none).
fn header_line(screen: &str, marker: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_default()
        .to_string()
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Idea testing through the real binary: the gallery, stickers counted per
/// poster (with a refused count), the tally revealed, the picks (one
/// chosen over the suggestion, with its reason), one discussed idea with a
/// quote and its ratings; the saved JSON holds it all.
#[test]
fn voting_picks_and_one_discussed_idea() {
    bounded("voting_picks_discussion", |pids| {
        let place = Place::new();
        let mut t = place.spawn(&pids, "idea testing", &[], false);
        new_group(&mut t, "Stockport");
        for label in ["Alice", "Bob", "Carol"] {
            t.send("a");
            t.wait_for("Add participant");
            t.send(label);
            t.wait_for(&format!("{label}▏"));
            t.send(CTRL_S);
            t.wait_for(&format!(". {label} "));
        }
        start_guide(&mut t);
        // To the gallery through the plan window: the 7th step.
        t.send("g");
        t.wait_for("Plan · Enter");
        for _ in 0..6 {
            t.send("j");
        }
        t.wait_for("›   Gallery");
        t.send("\r");
        t.wait_for("Gallery and sticker vote");

        // Per poster: idea 2 gets 3 green and 1 red, idea 5 gets 2 green and 2 red.
        t.send("S");
        t.wait_for("Stickers · per poster");
        t.send("j");
        t.send("3");
        t.send(TAB);
        t.send("1");
        t.send("j");
        t.send("j");
        t.send("j");
        t.send("2");
        t.send("\r");
        t.send("h");
        t.send("2");
        t.send("\r");
        // 4 greens on one poster with 3 present is refused.
        t.send("j");
        t.send("4");
        t.send("\r");
        t.wait_for("cannot have 4 green");
        t.send("r");
        t.wait_for("Tally · r hides");

        // The picks: accept the most popular, choose another contentious idea.
        t.send("K");
        t.wait_for("1. most popular: not chosen yet");
        t.send("\r");
        t.wait_for("✓ 2. User Charging");
        t.send("j");
        t.send("o");
        t.wait_for("type its number");
        t.send("7");
        t.send("They wanted to talk about the parks");
        t.send("\r");
        t.wait_for("chosen over 5");
        t.esc();
        t.wait_for("Gallery and sticker vote");

        // The first discussion: a quote, then the ratings.
        t.send(RIGHT);
        t.wait_for("Idea 2: User Charging");
        t.send("v");
        t.wait_for("New verbatim quote");
        t.send("I already pay for it through my taxes.");
        t.send(TAB);
        t.send("2");
        t.send("\r");
        t.wait_for("Quote saved.");
        t.send("R");
        t.wait_for("The group decides together");
        t.send("3");
        t.send("j");
        t.send("6");
        t.send("j");
        t.send("2");
        t.send("\r");
        t.wait_until("the window closed", |s| {
            !s.contains("The group decides together")
        });
        let id = place.only_id();
        quit(&mut t);

        let events = place.snapshot(&id);
        assert_seq(&events);
        let counted = of_type(&events, "poster_counted");
        let last_for = |idea: u64| {
            counted
                .iter()
                .rev()
                .find(|e| e["idea"] == idea)
                .map(|e| (e["green"].as_u64().unwrap(), e["red"].as_u64().unwrap()))
        };
        assert_eq!(last_for(2), Some((3, 1)));
        assert_eq!(last_for(5), Some((2, 2)));
        // The refused count left no trace.
        assert!(
            counted.iter().all(|e| e["green"].as_u64().unwrap() <= 3),
            "{counted:?}"
        );
        assert!(!of_type(&events, "tally_revealed").is_empty());
        let picks = of_type(&events, "idea_picked");
        assert_eq!(picks.len(), 2, "{picks:?}");
        assert_eq!(picks[0]["slot"], 1);
        assert_eq!(picks[0]["idea"], 2);
        assert_eq!(picks[0]["kind"], "popular");
        assert!(picks[0]["reason"].is_null());
        assert_eq!(picks[1]["slot"], 2);
        assert_eq!(picks[1]["idea"], 7);
        assert_eq!(picks[1]["suggested"], 5);
        assert_eq!(picks[1]["reason"], "They wanted to talk about the parks");
        let quote = of_type(&events, "note_added")
            .into_iter()
            .find(|e| e["kind"] == "quote")
            .expect("the quote")
            .clone();
        assert_eq!(quote["text"], "I already pay for it through my taxes.");
        assert_eq!(quote["participant"], 2);
        assert_eq!(quote["idea"], 2);
        assert_eq!(quote["step"], "discuss-a-1");
        let rated: Vec<(String, u64)> = of_type(&events, "rated")
            .iter()
            .map(|e| {
                (
                    e["scale"].as_str().unwrap().to_string(),
                    e["value"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rated,
            [
                ("desirable".to_string(), 3),
                ("achievable".to_string(), 6),
                ("equitable".to_string(), 2)
            ]
        );
    });
}

/// Issue 13 in the real terminal: `o` on the roster marks someone out of
/// the room (the journal holds it); after "End the session" keys record
/// nothing and the screen says how to replay and export; `E` reopens it.
#[test]
fn presence_end_and_reopen_in_the_terminal() {
    bounded("presence_end_reopen", |pids| {
        let place = Place::new();
        let mut t = place.spawn(&pids, "presence end reopen", &[], false);
        new_group(&mut t, "Hull");
        for label in ["Alice", "Bob"] {
            t.send("a");
            t.wait_for("Add participant");
            t.send(label);
            t.wait_for(&format!("{label}▏"));
            t.send(CTRL_S);
            t.wait_for(&format!(". {label} "));
        }
        t.send("j");
        t.send("o");
        t.wait_for("Bob is out of the room");
        t.wait_for("Out of the room: Bob since");
        start_guide(&mut t);
        let id = place.only_id();
        wait_file_contains(&place.file(&id, "journal"), "\"presence\"");

        // End it: the ended screen, and a note cannot be started.
        t.send("E");
        t.wait_for("End the session?");
        t.send("y");
        t.wait_for("Session ended · read-only");
        t.wait_for(&format!("replay {id}"));
        t.send("n");
        t.send("Hello");
        t.send(ENTER);
        t.send(RIGHT);
        t.wait_for("nothing more is recorded. E reopens");
        wait_file_contains(&place.file(&id, "journal"), "\"finished\"");

        // Reopen: asked first, then recorded; the guide is back.
        t.send("E");
        t.wait_for("Reopen the session?");
        t.send("y");
        t.wait_for("Reopened (recorded)");
        t.wait_for("Arrival");
        wait_file_contains(&place.file(&id, "journal"), "\"reopened\"");
        quit(&mut t);
        let events = place.journal(&id);
        let finished = events
            .iter()
            .position(|e| e["type"] == "finished")
            .expect("a finished event");
        let reopened = events
            .iter()
            .position(|e| e["type"] == "reopened")
            .expect("a reopened event");
        let between: Vec<&Value> = events[finished + 1..reopened].iter().collect();
        assert!(
            between
                .iter()
                .all(|e| e["type"] == "opened" || e["type"] == "closed"),
            "recorded after the end: {between:#?}"
        );
        assert_eq!(of_type(&events, "presence").len(), 1);
        assert!(of_type(&events, "note_added").is_empty());
    });
}
