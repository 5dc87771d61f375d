//! A small harness shared by the terminal tests (paste, widths, colours,
//! escapes): the real binary in a pseudo-terminal, read back through a
//! vt100 parser and as raw bytes. Every wait has a deadline and fails with
//! what it saw; a child still running is killed and reaped on drop.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_facilitator");
/// How long any one wait may take (CI machines are slow).
pub const WAIT: Duration = Duration::from_secs(20);

pub const ENTER: &str = "\r";
pub const TAB: &str = "\t";
pub const CTRL_S: &str = "\x13";
pub const RIGHT: &str = "\x1b[C";

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The binary (or another program) running in a pseudo-terminal.
pub struct Term {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    done: Arc<AtomicBool>,
    exited: bool,
}

impl Term {
    /// Start `program args` in a `cols`×`rows` pty in `cwd`, with HOME
    /// there, TERM=xterm-256color, NO_COLOR unset, then `env` applied.
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
        drop(pair.slave);
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
            child,
            _master: pair.master,
            writer,
            parser,
            raw,
            done,
            exited: false,
        }
    }

    /// `facilitator args` at 80×24.
    pub fn spawn(args: &[&str], cwd: &Path, env: &[(&str, Option<&str>)]) -> Term {
        Term::spawn_program(BIN, args, cwd, (80, 24), env)
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        lock(&self.parser).screen().contents()
    }

    /// Everything written to the terminal.
    pub fn raw(&self) -> Vec<u8> {
        lock(&self.raw).clone()
    }

    pub fn fail(&self, what: &str) -> ! {
        panic!(
            "{what}\n----- screen -----\n{}\n------------------",
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

    /// Esc on its own, with a pause so the next key is not read as Alt-key.
    pub fn esc(&mut self) {
        self.send("\x1b");
        thread::sleep(Duration::from_millis(100));
    }

    /// Wait until the screen shows `text`; give back the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Wait until the screen passes `ok`; give back the screen.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let end = Instant::now() + WAIT;
        loop {
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

    /// Wait for the program to end and for the last of its output.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let end = Instant::now() + WAIT;
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(s)) => break s,
                Ok(None) if Instant::now() < end => thread::sleep(Duration::from_millis(20)),
                Ok(None) => self.fail("the program did not end in time"),
                Err(e) => self.fail(&format!("waiting for the program: {e}")),
            }
        };
        self.exited = true;
        while !self.done.load(Ordering::SeqCst) {
            if Instant::now() > end {
                self.fail("the program ended but its output did not");
            }
            thread::sleep(Duration::from_millis(10));
        }
        status
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if !self.exited {
            let _ = self.child.kill();
            let end = Instant::now() + Duration::from_secs(5);
            while Instant::now() < end {
                if let Ok(Some(_)) = self.child.try_wait() {
                    break;
                }
                thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

/// A temporary home with an empty `sessions` folder.
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

    /// The journal's events (each line one JSON event).
    pub fn journal(&self, id: &str) -> Vec<Value> {
        let path = self.sessions.join(format!("{id}.journal"));
        let text = std::fs::read_to_string(&path).expect("read the journal");
        text.lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    }

    /// Wait until the journal's events pass `ok`; give them back.
    pub fn wait_journal(&self, id: &str, what: &str, ok: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let end = Instant::now() + WAIT;
        loop {
            let events = self.journal(id);
            if ok(&events) {
                return events;
            }
            if Instant::now() > end {
                panic!("the journal did not come to hold {what}: {events:#?}");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The events of one type.
pub fn of_type<'a>(events: &'a [Value], ty: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == ty).collect()
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

/// Fill the new-group form (empty folder) with `location` and save it;
/// wait for the roster.
pub fn new_group(t: &mut Term, location: &str) {
    t.wait_for("New group");
    t.send(location);
    t.wait_for(&format!("{location}▏"));
    t.send(TAB);
    t.send(TAB);
    t.send(TAB);
    t.send("40-64");
    t.wait_for("40-64▏");
    t.send(CTRL_S);
    t.wait_for("Nobody yet");
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
