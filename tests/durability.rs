//! Durability: what a kill -9, a power cut, a full disk, damaged or hostile
//! files, a second instance, signals and panics do to a saved session.
//!
//! Each test states the promise it checks in its name. Knobs for longer runs:
//! - `FACILITATOR_CRASH_TRIALS` (default 5): kill -9 trials; 100 or more is
//!   the long run, which also makes the power-cut sweep use every way of
//!   losing unsynced data at every operation index.
//! - `FACILITATOR_CRASH_SEED`: the seed of the kill -9 trials (each failing
//!   trial prints its own seed; set it with `FACILITATOR_CRASH_TRIALS=1` to
//!   replay that trial).
//! - `FACILITATOR_POWER_FULL=1`: the long power-cut sweep on its own.
//! - `PROPTEST_CASES` (default 64).
//!
//! Child processes: the test binary runs itself with `child_entry` (an
//! ignored test that does nothing unless `FACILITATOR_DURABILITY_CHILD`
//! names a scenario). A child reports on stderr, one `FAC ...` line each,
//! written with a single `write` so a kill never leaves half a report.
//!
//! Run the long figures with:
//! `FACILITATOR_CRASH_TRIALS=100 cargo test --test durability -- --nocapture`

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate, Utc};
use facilitator::domain::event::schema1::{Gut, Reach, Stage3Answer};
use facilitator::domain::event::{
    Event, EventRecord, NoteKind, NotePlace, PickKind, Scale, StickerMode,
};
use facilitator::domain::profile::{GroupProfile, Participant};
use facilitator::domain::session::Session;
use facilitator::domain::state::SessionState;
use facilitator::stimulus::load::{EMBEDDED_FILES, FILES, parse_pack};
use facilitator::stimulus::{embedded, load_dir};
use facilitator::store::disk::{Disk, DiskOp, FaultyDisk, RealDisk};
use facilitator::store::{OpenSession, SessionsDir, SnapshotProblem, StoreError, is_valid_id};
use proptest::prelude::*;
use serde_json::{Value, json};
use tempfile::TempDir;

// ===========================================================================
// Shared helpers
// ===========================================================================

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

fn crash_trials() -> u64 {
    env_u64("FACILITATOR_CRASH_TRIALS").unwrap_or(5)
}

/// The long run: every power-cut variant at every operation index.
fn long_run() -> bool {
    crash_trials() >= 100 || std::env::var_os("FACILITATOR_POWER_FULL").is_some()
}

fn proptest_cases() -> u32 {
    env_u64("PROPTEST_CASES")
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(64)
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// A small, seedable random number generator (splitmix64), so that a
/// failing run can be replayed from its seed.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n (0 when n is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// The id of the scripted sessions.
const ID: &str = "2026-11-29-ashford-kent";

fn at(seq: u64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + seq as i64 * 3, 0).expect("a valid time")
}

/// Every ninth action is a long quote (about 16 KB): several pages, so a
/// kill or a power cut can tear it.
fn is_big(seq: u64) -> bool {
    seq.is_multiple_of(9)
}

fn note_text(seq: u64) -> String {
    let line = format!(
        "Quote {seq}: \"we pay twice\" — ünïcode ✓, a back\\slash,\ta tab and\na new line. "
    );
    if is_big(seq) { line.repeat(180) } else { line }
}

/// Action `seq` of session `id`: the same every time it is asked for, so a
/// parent can check what a child wrote without being told.
fn event(id: &str, seq: u64) -> EventRecord {
    let event = if seq == 1 {
        Event::Created {
            id: id.to_string(),
            uuid: None,
            device: None,
            plan: "full".into(),
            pack: "Test pack".into(),
            pack_hash: None,
            profile: GroupProfile {
                location: "Ashford, Kent".into(),
                date: NaiveDate::from_ymd_opt(2026, 11, 29),
                ..GroupProfile::default()
            },
        }
    } else if is_big(seq) || seq % 6 >= 3 {
        Event::NoteAdded {
            id: seq as u32,
            kind: if seq.is_multiple_of(2) {
                NoteKind::Quote
            } else {
                NoteKind::Note
            },
            place: NotePlace {
                step: "capabilities".into(),
                section: Some("health".into()),
                idea: None,
            },
            text: note_text(seq),
            participant: Some((seq % 6) as u32 + 1),
            codes: vec!["trust".into()],
            begun: None,
        }
    } else {
        match seq % 6 {
            0 => Event::Paused,
            1 => Event::Resumed,
            _ => Event::FlipchartAdded {
                step: "capabilities".into(),
                text: format!("value {seq}: fairness"),
            },
        }
    };
    EventRecord {
        seq,
        at: at(seq),
        event,
    }
}

fn events(id: &str, n: u64) -> Vec<EventRecord> {
    (1..=n).map(|s| event(id, s)).collect()
}

/// A temporary folder with a `sessions` folder path in it (not created);
/// rescue copies go to the temporary folder.
fn folder() -> (TempDir, SessionsDir) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = SessionsDir::new(tmp.path().join("sessions")).with_rescue_dir(tmp.path());
    (tmp, dir)
}

/// A temporary folder for the tests that only parse files (truncations,
/// hostile input): in memory (`/dev/shm`) where there is one, as creating
/// thousands of small files on a real disk is slow. The crash tests use the
/// real disk.
fn scratch() -> TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(t) = tempfile::Builder::new().prefix("fac-").tempdir_in(shm)
    {
        return t;
    }
    tempfile::tempdir().expect("a temporary folder")
}

/// [`folder`] in [`scratch`].
fn scratch_folder() -> (TempDir, SessionsDir) {
    let tmp = scratch();
    let dir = SessionsDir::new(tmp.path().join("sessions")).with_rescue_dir(tmp.path());
    (tmp, dir)
}

/// Every file in a folder (not below) with its bytes, lock files and this
/// machine's caches (`.facilitator-*`: the index, its seal, the log of
/// in-place writes, all safe to delete) left out.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".lock") || name.starts_with(".facilitator-") || !e.path().is_file() {
                return None;
            }
            Some((name, fs::read(e.path()).ok()?))
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create a folder");
    for (name, bytes) in files(from) {
        fs::write(to.join(name), bytes).expect("copy a file");
    }
}

fn mode(p: &Path) -> u32 {
    fs::symlink_metadata(p).expect("stat").permissions().mode() & 0o777
}

/// Whether `text` names `file` with a line and a column: `...file:L:C...`.
fn names_line_col(text: &str, file: &str) -> bool {
    text.match_indices(file).any(|(i, _)| {
        let rest = &text[i + file.len()..];
        let mut parts = rest.splitn(4, ':');
        let (Some(""), Some(l), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        !l.is_empty()
            && !c.is_empty()
            && l.bytes().all(|b| b.is_ascii_digit())
            && c.bytes().all(|b| b.is_ascii_digit())
    })
}

// Wait until `ok` or `limit`; whether it became true.
use common::wait::within as wait_until;

/// A session closed cleanly with `n` actions.
fn closed_session(dir: &SessionsDir, id: &str, n: u64) {
    let s = dir.create(id, &events(id, 1)).expect("create");
    for seq in 2..=n {
        s.writer.append(&event(id, seq));
    }
    s.close().expect("close");
}

/// A loaded session checked against what happened: its actions are the
/// first `m` of `expected(1..)`, at least `at_least` of them, none damaged,
/// repeated or out of order; its draft is one that was set. Then it is
/// opened (the lock of whoever wrote it does not block), one more action is
/// saved, and it reads back clean. Gives `m`; `Ok(0)` when no session was
/// created and none is there.
fn check_recovers(
    path: &Path,
    id: &str,
    at_least: u64,
    drafts: &dyn Fn(&Value) -> bool,
) -> Result<usize, String> {
    let dir = SessionsDir::new(path).with_rescue_dir(path);
    let loaded = match dir.load(id) {
        Err(StoreError::NotFound { .. }) if at_least == 0 => return Ok(0),
        Err(e) => return Err(format!("does not load: {e}")),
        Ok(l) => l,
    };
    let m = loaded.events.len();
    if m == 0 {
        return Err("a session with no actions at all".into());
    }
    if let Some(i) = (0..m).find(|&i| loaded.events[i] != event(id, i as u64 + 1)) {
        return Err(format!(
            "action {} is not what was saved (duplicated, reordered or changed): {:?}",
            i + 1,
            loaded.events[i].seq
        ));
    }
    if (m as u64) < at_least {
        return Err(format!(
            "lost actions: {m} recovered, {at_least} were reported saved"
        ));
    }
    let r = &loaded.recovery;
    if let Some(SnapshotProblem::Damaged { message }) = &r.snapshot {
        return Err(format!("the save file is damaged: {message}"));
    }
    if r.journal_disagrees > 0 || !r.sequence.is_empty() {
        return Err(format!("the files disagree: {r:?}"));
    }
    if let Some(why) = &r.draft_unreadable {
        return Err(format!("the draft is damaged: {why}"));
    }
    if let Some(d) = &loaded.draft
        && !drafts(d)
    {
        return Err(format!("a draft that was never set: {d}"));
    }
    let s = dir
        .open(id)
        .map_err(|e| format!("does not open after loading: {e}"))?;
    if s.loaded.events != loaded.events {
        return Err("open and load disagree".into());
    }
    s.writer.append(&event(id, m as u64 + 1));
    s.close()
        .map_err(|e| format!("cannot save after reopening: {e}"))?;
    let again = dir
        .load(id)
        .map_err(|e| format!("does not load after repair: {e}"))?;
    if !again.recovery.is_clean() || again.events.len() != m + 1 {
        return Err(format!(
            "not clean after repair and close: {} actions, {:?}",
            again.events.len(),
            again.recovery
        ));
    }
    Ok(m)
}

// ---------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------

const CHILD_ENV: &str = "FACILITATOR_DURABILITY_CHILD";

/// One report line from a child, in one `write`.
fn say(msg: &str) {
    let line = format!("FAC {msg}\n");
    let _ = io::stderr().lock().write_all(line.as_bytes());
}

fn child_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("FAC_DIR").expect("FAC_DIR"))
}

/// The test binary, run as a child in `scenario`.
fn child(scenario: &str) -> Command {
    let exe = std::env::current_exe().expect("the test binary");
    let mut c = Command::new(exe);
    c.args(child_args());
    c.env(CHILD_ENV, scenario).env("RUST_BACKTRACE", "0");
    c
}

fn child_args() -> [&'static str; 6] {
    [
        "child_entry",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
        "-q",
    ]
}

/// A running child and what it has said.
struct Kid {
    child: std::process::Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<thread::JoinHandle<()>>,
    status: Option<ExitStatus>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Kid {
    fn spawn(mut cmd: Command) -> Kid {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn the child");
        let err = child.stderr.take().expect("the child's stderr");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        let reader = thread::spawn(move || {
            let mut r = BufReader::new(err);
            let mut buf = Vec::new();
            // Only whole lines count: a kill may leave a partial one.
            while matches!(r.read_until(b'\n', &mut buf), Ok(n) if n > 0) {
                if buf.ends_with(b"\n") {
                    lock(&sink).push(String::from_utf8_lossy(&buf).trim_end().to_string());
                }
                buf.clear();
            }
        });
        Kid {
            child,
            lines,
            reader: Some(reader),
            status: None,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The `FAC` reports so far, without the prefix.
    fn said(&self) -> Vec<String> {
        lock(&self.lines)
            .iter()
            .filter_map(|l| l.strip_prefix("FAC ").map(str::to_string))
            .collect()
    }

    fn all_output(&self) -> String {
        lock(&self.lines).join("\n")
    }

    /// Wait for a report starting with `prefix`.
    fn wait_for(&self, prefix: &str, limit: Duration) -> Option<String> {
        let mut found = None;
        wait_until(limit, || {
            found = self.said().into_iter().find(|l| l.starts_with(prefix));
            found.is_some()
        });
        found
    }

    fn kill9(&mut self) -> ExitStatus {
        let _ = self.child.kill();
        self.wait(Duration::from_secs(20))
    }

    /// Wait for the end (killing it past `limit`), and for its last words.
    fn wait(&mut self, limit: Duration) -> ExitStatus {
        if let Some(s) = self.status {
            return s;
        }
        let mut ended = None;
        wait_until(limit, || {
            ended = self.child.try_wait().ok().flatten();
            ended.is_some()
        });
        let status = match ended {
            Some(s) => s,
            None => {
                let _ = self.child.kill();
                self.child.wait().expect("reap the child")
            }
        };
        self.status = Some(status);
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
        status
    }
}

impl Drop for Kid {
    fn drop(&mut self) {
        if self.status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The child side of every scenario. On its own (no scenario named) it
/// does nothing: it is not a test.
#[test]
#[ignore = "the child process of the durability tests; does nothing on its own"]
fn child_entry() {
    let Ok(scenario) = std::env::var(CHILD_ENV) else {
        return;
    };
    match scenario.as_str() {
        "kill9" => child_kill9(),
        "hold" => child_hold(),
        "panic" => child_panic(),
        "paths" => child_paths(),
        other => panic!("unknown child scenario {other}"),
    }
}

// ===========================================================================
// 1. kill -9 at random moments
// ===========================================================================

/// The scripted session of a kill -9 trial: bursts of actions, a draft
/// being typed, sent and cleared, now and then a close and reopen (which
/// rewrites the save file), short pauses. Reports `written N` once the
/// writer has written action N to the journal, and `draft K` / `draft none`
/// (with the time) just before changing the draft. Runs until killed.
fn child_kill9() {
    let seed = env_u64("FAC_SEED").expect("FAC_SEED");
    let mut rng = Rng::new(seed ^ 0xC41D);
    let dir = SessionsDir::new(child_dir()).with_rescue_dir(child_dir());
    say(&format!("start {}", now_ms()));
    let mut open = dir.create(ID, &[event(ID, 1)]).expect("create");
    say(&format!("created {}", now_ms()));
    let (mut n, mut said, mut k) = (1u64, 0u64, 0u64);
    let mut draft: Option<Value> = None;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match rng.below(100) {
            0..=59 => {
                for _ in 0..=rng.below(6) {
                    n += 1;
                    open.writer.append(&event(ID, n));
                }
            }
            60..=79 => {
                k += 1;
                say(&format!("draft {k} {}", now_ms()));
                let d = json!({"k": k, "text": format!("Half a thought, typed {k} times")});
                open.writer.set_draft(Some(d.clone()));
                draft = Some(d);
            }
            80..=84 => {
                say(&format!("draft none {}", now_ms()));
                open.writer.set_draft(None);
                draft = None;
            }
            // About every 2 s at this pace: long stretches for the
            // once-a-second draft and sync, and some rewrites of the save file.
            85 if rng.below(8) == 0 => {
                open.close().expect("close");
                open = dir.open(ID).expect("reopen");
                if open.loaded.events != events(ID, n) || open.loaded.draft != draft {
                    say("error: reopening did not give back what was saved");
                    std::process::exit(2);
                }
            }
            // The sleep is the test: actions come at random moments.
            _ => thread::sleep(Duration::from_millis(rng.below(15))),
        }
        let st = open.writer.status();
        while said < st.written_seq {
            said += 1;
            say(&format!("written {said}"));
        }
        if let Some(e) = st.error {
            say(&format!("error: {e}"));
            std::process::exit(2);
        }
        if Instant::now() > deadline {
            say("error: never killed");
            std::process::exit(3);
        }
    }
}

/// A draft age is allowed this much beyond the second the writer may wait:
/// the time one save takes on a loaded CI machine.
const DRAFT_SLACK_MS: u64 = 300;

#[derive(Debug, Default)]
struct Trial {
    created: bool,
    written: u64,
    recovered: usize,
    /// How old the recovered draft was at the kill (None: no draft checks).
    draft_age_ms: Option<u64>,
    torn_tail: bool,
}

fn kill9_trial(seed: u64) -> Result<Trial, String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let sessions = tmp.path().join("sessions");
    let mut rng = Rng::new(seed);
    // One trial in ten in the first 10 ms (the child starts in about 5 ms
    // here, `create` takes about 2), the others up to well past the first
    // second (the draft and the journal sync run on a one-second beat).
    let limit = if rng.below(10) == 0 { 10 } else { 1500 };
    let delay = Duration::from_millis(rng.below(limit));
    let mut cmd = child("kill9");
    cmd.env("FAC_DIR", &sessions)
        .env("FAC_SEED", seed.to_string());
    let mut kid = Kid::spawn(cmd);
    // The sleep is the test: the kill lands at a random moment.
    thread::sleep(delay);
    let kill_ms = now_ms();
    let status = kid.kill9();
    let said = kid.said();
    if status.signal() != Some(9) || said.iter().any(|l| l.starts_with("error")) {
        return Err(format!(
            "the child ended by itself ({status:?}):\n{}",
            kid.all_output()
        ));
    }

    let mut t = Trial::default();
    // The draft's history: (when it changed, to what); None is no draft.
    let mut history: Vec<(u64, Option<u64>)> = Vec::new();
    for line in &said {
        let w: Vec<&str> = line.split(' ').collect();
        let num = |s: &str| s.parse::<u64>().map_err(|e| format!("{line:?}: {e}"));
        match w.as_slice() {
            ["start", _] => {}
            ["created", ms] => {
                t.created = true;
                history.push((num(ms)?, None));
            }
            ["written", seq] => {
                let seq = num(seq)?;
                if seq != t.written + 1 {
                    return Err(format!("reports out of order: {line}"));
                }
                t.written = seq;
            }
            ["draft", "none", ms] => history.push((num(ms)?, None)),
            ["draft", k, ms] => history.push((num(ms)?, Some(num(k)?))),
            _ => return Err(format!("unexpected report {line:?}")),
        }
    }

    // The draft as the kill left it (check_recovers then reopens and
    // carries on).
    let recovered = SessionsDir::new(&sessions)
        .load(ID)
        .ok()
        .and_then(|l| l.draft)
        .and_then(|d| d["k"].as_u64());
    let drafts_ok = |d: &Value| d["k"].as_u64().is_some();
    let m = check_recovers(&sessions, ID, t.written, &drafts_ok)?;
    t.recovered = m;
    if t.created && m == 0 {
        return Err("the session was created but is not there".into());
    }
    if t.created {
        let newest_k = history.iter().filter_map(|(_, k)| *k).max().unwrap_or(0);
        let age = match recovered {
            Some(k) if k > newest_k => 0,
            _ => {
                let Some(i) = history.iter().rposition(|(_, s)| *s == recovered) else {
                    return Err(format!("draft {recovered:?} was never set"));
                };
                let ended = history.get(i + 1).map_or(kill_ms, |(ms, _)| *ms);
                kill_ms.saturating_sub(ended)
            }
        };
        if age > 1000 + DRAFT_SLACK_MS {
            return Err(format!(
                "the saved draft {recovered:?} was {age} ms old at the kill (history {history:?}, kill at {kill_ms})"
            ));
        }
        t.draft_age_ms = Some(age);
    }
    t.torn_tail = fs::read_dir(&sessions)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .any(|e| e.file_name().to_string_lossy().contains(".journal.broken-"))
        })
        .unwrap_or(false);
    Ok(t)
}

/// kill -9 at random moments: every action the program reported as
/// written is there exactly once, in order, the files parse, and the unsent
/// draft is at most a second old. The session then opens (the dead
/// process's lock does not block) and carries on.
#[test]
fn kill_9_at_random_moments_loses_nothing_that_was_written() {
    let trials = crash_trials();
    let base = env_u64("FACILITATOR_CRASH_SEED").unwrap_or_else(|| now_ms() ^ 0xD1CE);
    let start = Instant::now();
    let mut outcomes = Vec::new();
    for i in 0..trials {
        let seed = base.wrapping_add(i);
        match kill9_trial(seed) {
            Ok(t) => outcomes.push(t),
            Err(e) => panic!(
                "kill -9 trial {i} of {trials} failed; replay it with \
                 FACILITATOR_CRASH_SEED={seed} FACILITATOR_CRASH_TRIALS=1:\n{e}"
            ),
        }
    }
    let written: u64 = outcomes.iter().map(|t| t.written).sum();
    let created = outcomes.iter().filter(|t| t.created).count();
    let torn = outcomes.iter().filter(|t| t.torn_tail).count();
    let max_age = outcomes.iter().filter_map(|t| t.draft_age_ms).max();
    eprintln!(
        "kill -9: {trials} trials ({created} after create), {written} actions reported written, \
         0 lost, {torn} torn journal tails dropped, oldest saved draft {max_age:?} ms, \
         base seed {base}, {:.1?}",
        start.elapsed()
    );
}

// ===========================================================================
// 2. Power loss: a simulated disk that forgets what was not synced
// ===========================================================================

/// A disk that does every operation for real and also keeps a model of
/// what a power cut would leave: per file, the bytes synced and the bytes
/// written since; per folder, the names made durable by an fsync of the
/// folder. An atomic replace is its three steps (temporary file written
/// and synced; rename; folder synced), as the real disk
/// does them. At the crash (before operation `crash_at`, or on
/// [`SimDisk::crash_now`]) the model is frozen and every later operation
/// fails with EIO, doing nothing: the program carries on against a dead
/// disk.
#[derive(Debug, Default)]
struct SimDisk {
    st: Mutex<Sim>,
}

#[derive(Debug, Default)]
struct Sim {
    nodes: Vec<Node>,
    by_ino: HashMap<u64, usize>,
    cur: BTreeMap<PathBuf, usize>,
    dur: BTreeMap<PathBuf, usize>,
    ops: u64,
    crash_at: Option<u64>,
    frozen: Option<Frozen>,
}

#[derive(Debug, Clone, Default)]
struct Node {
    cur: Vec<u8>,
    dur: Vec<u8>,
    /// Only appends since the last sync.
    appended_only: bool,
}

/// The state at the crash.
#[derive(Debug, Clone, Default)]
struct Frozen {
    /// What a kill -9 leaves: every file as last written.
    kill: BTreeMap<PathBuf, Vec<u8>>,
    /// What a power cut leaves: each durably named file's synced bytes,
    /// and the bytes appended since (which may or may not reach the disk).
    power: BTreeMap<PathBuf, (Vec<u8>, Vec<u8>)>,
}

fn eio() -> io::Error {
    io::Error::from_raw_os_error(5)
}

impl Sim {
    fn freeze(&mut self) {
        let kill = self
            .cur
            .iter()
            .map(|(p, &id)| (p.clone(), self.nodes[id].cur.clone()))
            .collect();
        let power = self
            .dur
            .iter()
            .map(|(p, &id)| {
                let n = &self.nodes[id];
                let extra = if n.appended_only && n.cur.starts_with(&n.dur) {
                    n.cur[n.dur.len()..].to_vec()
                } else {
                    Vec::new()
                };
                (p.clone(), (n.dur.clone(), extra))
            })
            .collect();
        self.frozen = Some(Frozen { kill, power });
    }

    fn new_node(&mut self, cur: Vec<u8>, dur: Vec<u8>) -> usize {
        self.nodes.push(Node {
            cur,
            dur,
            appended_only: true,
        });
        self.nodes.len() - 1
    }

    /// A file the model has not seen (made before it was used) is durable as it is.
    fn import(&mut self, path: &Path) {
        if self.cur.contains_key(path) {
            return;
        }
        let (Ok(meta), Ok(bytes)) = (fs::metadata(path), fs::read(path)) else {
            return;
        };
        let id = self.new_node(bytes.clone(), bytes);
        self.cur.insert(path.to_path_buf(), id);
        self.dur.insert(path.to_path_buf(), id);
        self.by_ino.insert(meta.ino(), id);
    }

    fn node_of(&self, file: &fs::File) -> io::Result<usize> {
        let ino = file.metadata()?.ino();
        self.by_ino
            .get(&ino)
            .copied()
            .ok_or_else(|| io::Error::other("a file the simulated disk did not open"))
    }

    /// fsync of a folder: its names as they are now become durable.
    fn dir_synced(&mut self, dir: &Path) {
        let in_dir = |p: &Path| p.parent() == Some(dir);
        let gone: Vec<PathBuf> = self
            .dur
            .keys()
            .filter(|p| in_dir(p) && !self.cur.contains_key(*p))
            .cloned()
            .collect();
        for p in gone {
            self.dur.remove(&p);
        }
        let now: Vec<(PathBuf, usize)> = self
            .cur
            .iter()
            .filter(|(p, id)| in_dir(p) && self.dur.get(*p) != Some(id))
            .map(|(p, id)| (p.clone(), *id))
            .collect();
        for (p, id) in now {
            self.dur.insert(p, id);
        }
    }
}

impl SimDisk {
    fn crashing_at(op: Option<u64>) -> SimDisk {
        let d = SimDisk::default();
        lock(&d.st).crash_at = op;
        d
    }

    /// Take the next operation, or fail: the disk is dead after the crash.
    fn gate(&self) -> io::Result<MutexGuard<'_, Sim>> {
        let mut s = lock(&self.st);
        if s.frozen.is_some() {
            return Err(eio());
        }
        if s.crash_at == Some(s.ops) {
            s.freeze();
            return Err(eio());
        }
        s.ops += 1;
        Ok(s)
    }

    fn crash_now(&self) {
        let mut s = lock(&self.st);
        if s.frozen.is_none() {
            s.freeze();
        }
    }

    fn ops(&self) -> u64 {
        lock(&self.st).ops
    }

    fn frozen(&self) -> Frozen {
        lock(&self.st).frozen.clone().expect("crashed")
    }
}

impl Disk for SimDisk {
    fn open_append(&self, path: &Path) -> io::Result<fs::File> {
        let mut s = self.gate()?;
        s.import(path);
        let f = RealDisk.open_append(path)?;
        let ino = f.metadata()?.ino();
        let id = match s.cur.get(path) {
            Some(&id) => id,
            None => {
                let id = s.new_node(Vec::new(), Vec::new());
                s.cur.insert(path.to_path_buf(), id);
                id
            }
        };
        s.by_ino.insert(ino, id);
        Ok(f)
    }

    fn len(&self, file: &fs::File) -> io::Result<u64> {
        let _s = self.gate()?;
        RealDisk.len(file)
    }

    fn write(&self, file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
        let mut s = self.gate()?;
        let id = s.node_of(file)?;
        RealDisk.write(file, bytes)?;
        s.nodes[id].cur.extend_from_slice(bytes);
        Ok(())
    }

    fn sync(&self, file: &fs::File) -> io::Result<()> {
        let mut s = self.gate()?;
        let id = s.node_of(file)?;
        RealDisk.sync(file)?;
        let n = &mut s.nodes[id];
        n.dur = n.cur.clone();
        n.appended_only = true;
        Ok(())
    }

    fn set_len(&self, file: &fs::File, len: u64) -> io::Result<()> {
        let mut s = self.gate()?;
        let id = s.node_of(file)?;
        RealDisk.set_len(file, len)?;
        let n = &mut s.nodes[id];
        n.cur.resize(len as usize, 0);
        n.appended_only = false;
        Ok(())
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        // 1. The temporary file, written and synced, not yet named.
        let id = {
            let mut s = self.gate()?;
            s.import(path);
            s.new_node(bytes.to_vec(), bytes.to_vec())
        };
        // 2. Renamed over the old name.
        {
            let mut s = self.gate()?;
            RealDisk.write_atomic(path, bytes)?;
            let ino = fs::metadata(path)?.ino();
            s.by_ino.insert(ino, id);
            s.cur.insert(path.to_path_buf(), id);
        }
        // 3. The folder synced.
        let mut s = self.gate()?;
        s.dir_synced(path.parent().unwrap_or(Path::new(".")));
        Ok(())
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        {
            let mut s = self.gate()?;
            s.import(path);
            match fs::remove_file(path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(e),
            }
            s.cur.remove(path);
        }
        self.sync_dir(path.parent().unwrap_or(Path::new(".")))
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        let mut s = self.gate()?;
        RealDisk.sync_dir(dir)?;
        s.dir_synced(dir);
        Ok(())
    }
}

/// How a crash treats data not yet synced.
#[derive(Debug, Clone, Copy)]
enum Loss {
    /// kill -9: the page cache survives, everything written is there.
    Kill,
    /// Power cut: everything not synced is gone.
    Drop,
    /// Power cut: part of the unsynced appends reached the disk, in order.
    Prefix(u64),
    /// Power cut: the file grew, but some of its unsynced pages are zeros.
    Pages(u64),
    /// Power cut: the first unsynced page is zeros, the rest reached the
    /// disk (a hole, then valid lines).
    Hole,
}

/// The files a crash leaves in `dir`, under `loss`.
fn image(f: &Frozen, loss: Loss, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let in_dir = |p: &Path| p.parent() == Some(dir);
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    if let Loss::Kill = loss {
        return f
            .kill
            .iter()
            .filter(|(p, _)| in_dir(p))
            .filter_map(|(p, b)| Some((name(p)?, b.clone())))
            .collect();
    }
    f.power
        .iter()
        .filter(|(p, _)| in_dir(p))
        .filter_map(|(p, (dur, extra))| {
            let mut b = dur.clone();
            match loss {
                Loss::Kill | Loss::Drop => {}
                Loss::Prefix(seed) => {
                    let n = Rng::new(seed).below(extra.len() as u64 + 1) as usize;
                    b.extend_from_slice(&extra[..n]);
                }
                Loss::Pages(_) | Loss::Hole => {
                    let mut rng = Rng::new(match loss {
                        Loss::Pages(seed) => seed,
                        _ => 0,
                    });
                    let start = b.len();
                    b.extend_from_slice(extra);
                    let mut page = start / 4096 * 4096;
                    while page < b.len() {
                        let zero = match loss {
                            Loss::Hole => page <= start,
                            _ => rng.below(2) == 0,
                        };
                        if zero {
                            let from = page.max(start);
                            let to = (page + 4096).min(b.len());
                            b[from..to].fill(0);
                        }
                        page += 4096;
                    }
                }
            }
            Some((name(p)?, b))
        })
        .collect()
}

fn materialize(files: &BTreeMap<String, Vec<u8>>, to: &Path) {
    fs::create_dir_all(to).expect("image folder");
    for (name, bytes) in files {
        fs::write(to.join(name), bytes).expect("image file");
    }
}

/// What the scripted session saw the writer report.
#[derive(Debug, Default, Clone)]
struct Seen {
    /// Highest action reported written to the journal.
    written: u64,
    /// Highest action reported synced.
    synced: u64,
    drafts: Vec<Value>,
}

impl Seen {
    fn look(&mut self, s: &OpenSession) {
        let st = s.writer.status();
        self.written = self.written.max(st.written_seq);
        self.synced = self.synced.max(st.synced_seq);
    }

    fn all_saved(&mut self, n: u64) {
        self.written = self.written.max(n);
        self.synced = self.synced.max(n);
    }
}

/// A short session through every path of the store: create with two
/// actions, a draft, appends (one long), flushes, a draft cleared, close,
/// reopen, more, close. Stops at the first error (after the crash).
fn power_script(dir: &SessionsDir, seen: &mut Seen) -> Result<(), StoreError> {
    let ev = |n| event(ID, n);
    let s = dir.create(ID, &[ev(1), ev(2)])?;
    seen.look(&s);
    let d1 = json!({"text": "Half a th"});
    seen.drafts.push(d1.clone());
    s.writer.set_draft(Some(d1));
    for n in 3..=6 {
        s.writer.append(&ev(n));
    }
    s.writer.flush();
    seen.look(&s);
    let d2 = json!({"text": "Half a thought"});
    seen.drafts.push(d2.clone());
    s.writer.set_draft(Some(d2));
    for n in 7..=10 {
        s.writer.append(&ev(n));
    }
    s.writer.set_draft(None);
    s.writer.flush();
    seen.look(&s);
    s.close()?;
    seen.all_saved(10);
    let s = dir.open(ID)?;
    if s.loaded.events != events(ID, 10) {
        panic!("reopening before any crash lost actions");
    }
    for n in 11..=13 {
        s.writer.append(&ev(n));
    }
    let d3 = json!({"text": "Another"});
    seen.drafts.push(d3.clone());
    s.writer.set_draft(Some(d3));
    s.writer.flush();
    seen.look(&s);
    s.writer.append(&ev(14));
    s.close()?;
    seen.all_saved(14);
    Ok(())
}

/// One crash point of the sweep: run the script crashing before operation
/// `k`, then check every image a crash there can leave.
fn power_point(k: u64, losses: &[Loss]) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let sessions = tmp.path().join("sessions");
    let disk = Arc::new(SimDisk::crashing_at(Some(k)));
    let dir = SessionsDir::new(&sessions)
        .with_disk(disk.clone())
        .with_rescue_dir(tmp.path().join("rescue"));
    let mut seen = Seen::default();
    let _ = power_script(&dir, &mut seen);
    disk.crash_now();
    let frozen = disk.frozen();
    for (i, &loss) in losses.iter().enumerate() {
        let img = image(&frozen, loss, &sessions);
        let to = tmp.path().join(format!("image-{i}"));
        materialize(&img, &to);
        let at_least = match loss {
            Loss::Kill => seen.written,
            _ => seen.synced,
        };
        let drafts = seen.drafts.clone();
        let ok_draft = move |d: &Value| drafts.contains(d);
        check_recovers(&to, ID, at_least, &ok_draft)
            .map_err(|e| format!("crash before operation {k} ({loss:?}): {e}"))?;
    }
    Ok(())
}

/// A power cut (or a kill) before any operation of a scripted session —
/// create, appends, syncs, atomic replaces, draft removal, close, reopen —
/// leaves a session that loads, holds a prefix of what happened with at
/// least every action reported synced (written, for a kill), and carries on.
#[test]
fn power_cut_at_every_operation_recovers_a_prefix_with_everything_synced() {
    let start = Instant::now();
    let dry = Arc::new(SimDisk::crashing_at(None));
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = SessionsDir::new(tmp.path().join("s")).with_disk(dry.clone());
    power_script(&dir, &mut Seen::default()).expect("the script runs on a healthy disk");
    let total = dry.ops();
    assert!(
        total >= 30,
        "the script should do many operations, did {total}"
    );
    let full = long_run();
    let points: Vec<u64> = (0..=total + 1).collect();
    let failures = Mutex::new(Vec::new());
    let checked = Mutex::new(0usize);
    // Two workers: the points are independent.
    thread::scope(|sc| {
        for w in 0..2u64 {
            let (points, failures, checked) = (&points, &failures, &checked);
            sc.spawn(move || {
                for &k in points.iter().filter(|k| *k % 2 == w) {
                    let mut losses = vec![
                        Loss::Kill,
                        Loss::Drop,
                        Loss::Hole,
                        Loss::Prefix(k * 31 + 7),
                        Loss::Pages(k * 17 + 3),
                    ];
                    // More random ways on every point in the long run.
                    if full {
                        losses.extend((1..4).map(|r| Loss::Prefix(k * 53 + r)));
                        losses.extend((1..8).map(|r| Loss::Pages(k * 101 + r)));
                    }
                    *lock(checked) += losses.len();
                    if let Err(e) = power_point(k, &losses) {
                        lock(failures).push(e);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|p| p.into_inner());
    assert!(
        failures.is_empty(),
        "{} of {} crash points failed; first ones:\n{}",
        failures.len(),
        points.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!(
        "power cut sweep: {} operation indices, {} crash images checked, 0 losses, {:.1?}",
        points.len(),
        checked.into_inner().unwrap_or_else(|p| p.into_inner()),
        start.elapsed()
    );
}

/// A power cut loses at most the last second: with actions arriving every
/// 20 ms, every action missing after the cut was handed over less than a
/// second (plus the time a sync takes) before it; a kill at the same moment
/// loses nothing written. The unsent draft is no older than a second either.
#[test]
fn power_cut_loses_at_most_the_last_second() {
    const SLACK: Duration = Duration::from_millis(300);
    let cuts: Vec<u64> = if long_run() {
        vec![1100, 1300, 1500, 1700, 1900, 2100, 2300, 2500]
    } else {
        vec![1250, 1650, 2150]
    };
    let results: Vec<Result<(usize, Duration), String>> = thread::scope(|sc| {
        let handles: Vec<_> = cuts
            .iter()
            .map(|&cut_ms| {
                sc.spawn(move || -> Result<(usize, Duration), String> {
                    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
                    let sessions = tmp.path().join("s");
                    let disk = Arc::new(SimDisk::crashing_at(None));
                    let dir = SessionsDir::new(&sessions).with_disk(disk.clone());
                    let s = dir.create(ID, &[event(ID, 1)]).map_err(|e| e.to_string())?;
                    let start = Instant::now();
                    let mut handed: Vec<Instant> = vec![start];
                    let mut drafts: Vec<(Instant, Value)> = Vec::new();
                    let mut n = 1;
                    while start.elapsed() < Duration::from_millis(cut_ms) {
                        n += 1;
                        s.writer.append(&event(ID, n));
                        handed.push(Instant::now());
                        if n % 3 == 0 {
                            let d = json!({"n": n});
                            drafts.push((Instant::now(), d.clone()));
                            s.writer.set_draft(Some(d));
                        }
                        // The sleep is the test: actions keep coming
                        // until the timed power cut.
                        thread::sleep(Duration::from_millis(20));
                    }
                    let written = s.writer.status().written_seq;
                    disk.crash_now();
                    let cut = Instant::now();
                    let frozen = disk.frozen();
                    drop(s);
                    // Kill image: everything written.
                    let kill_dir = tmp.path().join("kill");
                    materialize(&image(&frozen, Loss::Kill, &sessions), &kill_dir);
                    let k = SessionsDir::new(&kill_dir)
                        .load(ID)
                        .map_err(|e| e.to_string())?;
                    if (k.events.len() as u64) < written {
                        return Err(format!(
                            "a kill lost written actions: {} < {written}",
                            k.events.len()
                        ));
                    }
                    // Power image.
                    let power_dir = tmp.path().join("power");
                    materialize(&image(&frozen, Loss::Drop, &sessions), &power_dir);
                    let p = SessionsDir::new(&power_dir)
                        .load(ID)
                        .map_err(|e| e.to_string())?;
                    let m = p.events.len();
                    if p.events[..] != events(ID, m as u64)[..] {
                        return Err("not a prefix".into());
                    }
                    let oldest_lost = handed.get(m).map(|t| cut.duration_since(*t));
                    if let Some(age) = oldest_lost
                        && age > Duration::from_secs(1) + SLACK
                    {
                        return Err(format!(
                            "cut at {cut_ms} ms lost action {} handed over {age:?} before the cut",
                            m + 1
                        ));
                    }
                    // The draft on disk was current less than a second ago.
                    if let Some(d) = &p.draft {
                        let i = drafts
                            .iter()
                            .position(|(_, v)| v == d)
                            .ok_or("unknown draft")?;
                        if let Some((replaced, _)) = drafts.get(i + 1) {
                            let age = cut.duration_since(*replaced);
                            if age > Duration::from_secs(1) + SLACK {
                                return Err(format!("the saved draft was {age:?} old"));
                            }
                        }
                    }
                    Ok((n as usize - m, oldest_lost.unwrap_or_default()))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("panicked".into())))
            .collect()
    });
    let mut report = Vec::new();
    for (cut, r) in cuts.iter().zip(results) {
        match r {
            Ok((lost, age)) => report.push(format!(
                "cut at {cut} ms: {lost} unsynced actions lost, oldest {age:.0?}"
            )),
            Err(e) => panic!("{e}"),
        }
    }
    eprintln!("power cut timing: {}", report.join("; "));
}

/// A note sent just before a power cut is never lost with its draft: the
/// draft file is changed (here: removed on sending) only once the actions
/// before the change are synced, so either the note or its draft survives.
#[test]
fn a_sent_note_survives_a_power_cut_as_a_note_or_as_its_draft() {
    let tmp = tempfile::tempdir().expect("tmp");
    let sessions = tmp.path().join("s");
    let disk = Arc::new(SimDisk::crashing_at(None));
    let dir = SessionsDir::new(&sessions).with_disk(disk.clone());
    let s = dir.create(ID, &[event(ID, 1)]).expect("create");
    let typed = json!({"text": note_text(3)});
    s.writer.set_draft(Some(typed.clone()));
    s.writer.flush();
    assert!(sessions.join(format!("{ID}.draft.json")).exists());
    // More than a second later the draft may be rewritten at once...
    // The sleep is the test: more than the one-second beat passes.
    thread::sleep(Duration::from_millis(1100));
    s.writer.append(&event(ID, 2));
    assert!(wait_until(Duration::from_secs(3), || s
        .writer
        .status()
        .synced_seq
        >= 2));
    // ...while the journal was synced just now. The note is sent.
    s.writer.append(&event(ID, 3));
    s.writer.set_draft(None);
    let gone = wait_until(Duration::from_secs(3), || {
        !sessions.join(format!("{ID}.draft.json")).exists()
    });
    assert!(gone, "the draft was never removed");
    disk.crash_now();
    let frozen = disk.frozen();
    let to = tmp.path().join("after");
    materialize(&image(&frozen, Loss::Drop, &sessions), &to);
    let loaded = SessionsDir::new(&to).load(ID).expect("loads");
    let note_kept = loaded.events.len() >= 3;
    let draft_kept = loaded.draft.as_ref() == Some(&typed);
    assert!(
        note_kept || draft_kept,
        "the note was lost with its draft: {} actions, draft {:?}",
        loaded.events.len(),
        loaded.draft
    );
}

/// What a power cut leaves in the middle of a journal on some file
/// systems (pages of zeros where unsynced lines were, valid lines after
/// them) is dropped from the first damaged line, reported, and kept aside;
/// the session opens with everything before it.
#[test]
fn zeroed_pages_in_the_journal_are_dropped_from_there_and_kept_aside() {
    let (_tmp, dir) = folder();
    closed_session(&dir, ID, 12);
    let jp = dir.path().join(format!("{ID}.journal"));
    let sp = dir.path().join(format!("{ID}.json"));
    let text = fs::read(&jp).expect("journal");
    // A stale save file, as before the last lines were written.
    let stale = dir.path().join("stale");
    fs::create_dir(&stale).expect("stale");
    let s5 = SessionsDir::new(&stale);
    closed_session(&s5, ID, 5);
    fs::copy(stale.join(format!("{ID}.json")), &sp).expect("stale save");
    // Zero the bytes of line 8 (and the start of 9); lines 10.. stay valid.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            text.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let mut damaged = text.clone();
    damaged[starts[7]..starts[8] + 10].fill(0);
    fs::write(&jp, &damaged).expect("damage");
    let loaded = dir.load(ID).expect("loads despite the damage");
    assert_eq!(loaded.events, events(ID, 7));
    assert_eq!(
        loaded.recovery.torn_tail,
        Some((damaged.len() - starts[7]) as u64)
    );
    let summary = loaded.recovery.summary().expect("reported");
    assert!(summary.contains("line 8"), "{summary}");
    let s = dir.open(ID).expect("opens");
    let kept = &s.loaded.recovery.set_aside;
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(fs::read(&kept[0]).expect("copy"), damaged);
    s.close().expect("close");
    let again = dir.load(ID).expect("loads");
    assert!(again.recovery.is_clean(), "{:?}", again.recovery);
    assert_eq!(again.events, events(ID, 7));
}

// ===========================================================================
// 3. Full disk, write errors, failure during recovery
// ===========================================================================

/// A disk whose writes go to /dev/full while it is "full": the errors are
/// the kernel's own ENOSPC.
#[derive(Debug, Default)]
struct DevFull {
    full: AtomicBool,
}

impl DevFull {
    fn refuse(bytes: &[u8]) -> io::Result<()> {
        let mut f = fs::OpenOptions::new().write(true).open("/dev/full")?;
        f.write_all(bytes)?;
        f.sync_data()
    }
}

impl Disk for DevFull {
    fn write(&self, file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
        if self.full.load(Ordering::SeqCst) {
            return Self::refuse(bytes);
        }
        RealDisk.write(file, bytes)
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        if self.full.load(Ordering::SeqCst) {
            return Self::refuse(bytes);
        }
        RealDisk.write_atomic(path, bytes)
    }
}

/// Disk full (ENOSPC from /dev/full) in the running app: it keeps running,
/// says plainly on its status line that saving is failing, keeps every
/// action in memory, leaves the last good files as they were, and catches
/// up by itself once the disk has room again.
#[test]
fn a_full_disk_is_reported_and_caught_up_without_losing_an_action() {
    use facilitator::tui::app::{App, Ctx};
    if !Path::new("/dev/full").exists() {
        eprintln!("no /dev/full here: skipped (tests/store.rs injects ENOSPC instead)");
        return;
    }
    let pack = embedded();
    let tmp = tempfile::tempdir().expect("tmp");
    let disk = Arc::new(DevFull::default());
    let dir = SessionsDir::new(tmp.path().join("sessions"))
        .with_disk(disk.clone())
        .with_rescue_dir(tmp.path());
    let now = Utc::now();
    let profile = GroupProfile {
        location: "Ashford, Kent".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
        ..GroupProfile::default()
    };
    let first = Session::created_event(ID, "full", &pack, profile, now);
    let open = dir.create(ID, &[first]).expect("create");
    let mut app = App::resumed(
        Ctx {
            pack,
            dir: dir.clone(),
        },
        open,
        now,
    );
    let flush = |app: &App| app.live.as_ref().expect("live").open.writer.flush();
    assert_eq!(flush(&app).error, None);
    let snapshot = tmp.path().join("sessions").join(format!("{ID}.json"));
    let journal = tmp.path().join("sessions").join(format!("{ID}.journal"));
    let (snap_before, journal_before) = (
        fs::read(&snapshot).expect("s"),
        fs::read(&journal).expect("j"),
    );

    disk.full.store(true, Ordering::SeqCst);
    for (i, label) in ["Ann", "Bob", "Cai"].iter().enumerate() {
        let participant = Participant {
            id: i as u32 + 1,
            label: (*label).into(),
            ..Participant::default()
        };
        assert!(app.record(Event::ParticipantAdded { participant }, now));
    }
    assert!(app.record(Event::Started, now));
    let st = flush(&app);
    let err = st.error.clone().expect("the failure is reported");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("kept in memory"), "{err}");
    // The moderator sees it on the status line.
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut term = ratatui::Terminal::new(backend).expect("terminal");
    term.draw(|f| facilitator::tui::view::draw(f, &app, now))
        .expect("draw");
    let screen: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(screen.contains("NOT SAVED"), "{screen}");
    assert!(screen.contains("Saving is failing"), "{screen}");
    // Every action is in memory; the files are the last good ones.
    let live = app.live.as_ref().expect("live");
    let in_memory = live.session.events().len();
    assert_eq!(in_memory, 6, "created, opened, 3 participants, started");
    assert_eq!(fs::read(&snapshot).expect("s"), snap_before);
    let j = fs::read(&journal).expect("j");
    assert!(j.starts_with(&journal_before) && j.ends_with(b"\n"));
    assert!(dir.load(ID).is_ok(), "the files on disk still load");

    // Room again: it catches up by itself (it retries every second).
    disk.full.store(false, Ordering::SeqCst);
    let caught_up = wait_until(Duration::from_secs(5), || {
        let st = app.live.as_ref().expect("live").open.writer.status();
        st.error.is_none() && st.synced_seq == in_memory as u64
    });
    assert!(
        caught_up,
        "{:?}",
        app.live.as_ref().expect("live").open.writer.status()
    );
    let msg = app.shutdown(now).expect("a closing message");
    assert!(msg.contains("saved"), "{msg}");
    let loaded = dir.load(ID).expect("loads");
    assert!(loaded.recovery.is_clean(), "{:?}", loaded.recovery);
    assert_eq!(loaded.events.len(), in_memory + 1, "and the closing action");
}

/// Opening a session that needs repairs while the disk fails — at any
/// operation, once or for good, with torn writes — gives a clear error
/// naming the file, or opens; either way nothing is destroyed: every
/// original file is still there or safely copied aside, and the session
/// opens whole once the disk works.
#[test]
fn open_on_a_failing_disk_says_why_and_destroys_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let template = tmp.path().join("template");
    let t = SessionsDir::new(&template);
    let s = t.create(ID, &events(ID, 1)).expect("create");
    for seq in 2..=6 {
        s.writer.append(&event(ID, seq));
    }
    s.writer.set_draft(Some(json!({"text": "draft"})));
    s.close().expect("close");
    // Everything needs repair: damaged save file, torn journal, damaged draft.
    fs::write(
        template.join(format!("{ID}.json")),
        b"{\"schema\":1,\"events\":[{\"seq\":1,",
    )
    .expect("damage");
    let jp = template.join(format!("{ID}.journal"));
    let mut j = fs::read(&jp).expect("journal");
    j.extend_from_slice(b"{\"seq\":7,\"at\":\"2026-");
    fs::write(&jp, &j).expect("tear");
    fs::write(
        template.join(format!("{ID}.draft.json")),
        b"{\"text\": \"dra",
    )
    .expect("damage");
    let originals = files(&template);

    // How many operations a healthy open does.
    let probe = tmp.path().join("probe");
    copy_dir(&template, &probe);
    let counter = Arc::new(FaultyDisk::new());
    let s = SessionsDir::new(&probe)
        .with_disk(counter.clone())
        .open(ID)
        .expect("a healthy open");
    let ops = counter.ops();
    drop(s);
    assert!(ops >= 5, "{ops}");

    let mut refusals = 0;
    for k in 0..=ops {
        for once in [false, true] {
            let here = tmp.path().join(format!("k{k}-{once}"));
            copy_dir(&template, &here);
            let disk = Arc::new(FaultyDisk::new());
            disk.partial_writes(true);
            if once {
                disk.fail_op(k);
            } else {
                disk.fail_after(k);
            }
            let dir = SessionsDir::new(&here)
                .with_disk(disk.clone())
                .with_rescue_dir(&here);
            match dir.open(ID) {
                Err(e) => {
                    refusals += 1;
                    let msg = e.to_string();
                    assert!(
                        msg.contains(&here.display().to_string()) && msg.contains("No space left"),
                        "k={k} once={once}: the error should name the file and the cause: {msg}"
                    );
                }
                Ok(s) => {
                    disk.heal();
                    let _ = s.close();
                }
            }
            let now = files(&here);
            for (name, bytes) in &originals {
                assert!(
                    now.values().any(|b| b == bytes),
                    "k={k} once={once}: the original {name} is gone; files: {:?}",
                    now.keys().collect::<Vec<_>>()
                );
            }
            let healthy = SessionsDir::new(&here);
            let s = healthy
                .open(ID)
                .unwrap_or_else(|e| panic!("k={k} once={once}: {e}"));
            assert_eq!(s.loaded.events, events(ID, 6), "k={k} once={once}");
            s.close().expect("close");
            assert!(
                healthy.load(ID).expect("load").recovery.is_clean(),
                "k={k} once={once}"
            );
        }
    }
    assert!(refusals > 0, "the failures never reached open");
}

/// A session file that is not a regular file (a FIFO, a device) is refused
/// with a message naming it, instead of blocking or reading forever.
#[test]
fn a_session_file_that_is_not_a_regular_file_is_refused() {
    let (_tmp, dir) = folder();
    closed_session(&dir, ID, 3);
    let jp = dir.path().join(format!("{ID}.journal"));
    fs::remove_file(&jp).expect("rm");
    let made = Command::new("mkfifo")
        .arg(&jp)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !made {
        eprintln!("mkfifo is not available: skipped");
        return;
    }
    let loader = dir.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(loader.load(ID).map(|l| l.events.len()));
    });
    let result = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("loading a session whose journal is a FIFO blocked");
    match result {
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains(&jp.display().to_string()), "{msg}");
            assert!(msg.contains("not a regular file"), "{msg}");
        }
        Ok(n) => panic!("read {n} actions from a FIFO"),
    }
    // A symlink to a device that never ends (reading it would fill memory).
    fs::remove_file(&jp).expect("rm");
    std::os::unix::fs::symlink("/dev/zero", &jp).expect("symlink");
    let err = dir.load(ID).expect_err("a device is refused");
    assert!(err.to_string().contains("not a regular file"), "{err}");
    // Opening it for writing is refused as a link (issue 12, item 7).
    assert!(matches!(dir.open(ID), Err(StoreError::Link { .. })));
}

/// A create cut short never leaves a session without its first action:
/// after a kill at any operation of `create` there is no session, or one
/// that starts with `created`.
#[test]
fn an_interrupted_create_leaves_no_empty_session() {
    let (_tmp, dir) = folder();
    dir.ensure().expect("folder");
    // What the old create left after a kill between creating the journal
    // and writing to it: an empty journal and no save file.
    fs::write(dir.path().join("empty.journal"), b"").expect("empty");
    match dir.load("empty") {
        Err(e @ StoreError::Empty { .. }) => {
            assert!(e.to_string().contains("empty"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    assert!(dir.open("empty").is_err());
}

// ===========================================================================
// 4. Corrupt and hostile input
// ===========================================================================

fn small_event(id: &str, seq: u64) -> EventRecord {
    // The same as `event` but never long: every truncation is tried.
    let mut e = event(id, seq);
    if let Event::NoteAdded { text, .. } = &mut e.event {
        let mut cut = text.len().min(40);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    e
}

/// A closed session of small actions: (snapshot bytes, journal bytes).
fn small_session(dir: &SessionsDir, id: &str, n: u64) -> (Vec<u8>, Vec<u8>) {
    let s = dir.create(id, &[small_event(id, 1)]).expect("create");
    for seq in 2..=n {
        s.writer.append(&small_event(id, seq));
    }
    s.close().expect("close");
    (
        fs::read(dir.path().join(format!("{id}.json"))).expect("s"),
        fs::read(dir.path().join(format!("{id}.journal"))).expect("j"),
    )
}

/// Every truncation of a valid save file: alone, a clear error with
/// file:line:col (or the same session when only the trailing newline went);
/// with its journal beside it, every action recovered.
#[test]
fn every_truncation_of_a_save_file_is_located_or_recovered() {
    let (tmp, dir) = scratch_folder();
    let (snap, journal) = small_session(&dir, "cut", 8);
    let all: Vec<EventRecord> = (1..=8).map(|s| small_event("cut", s)).collect();
    let alone = SessionsDir::new(tmp.path().join("alone"));
    let with = SessionsDir::new(tmp.path().join("with"));
    for d in [&alone, &with] {
        d.ensure().expect("folder");
    }
    for cut in 0..snap.len() {
        let part = &snap[..cut];
        // A new name for each (see the journal truncations).
        let id = format!("c{cut}");
        fs::write(alone.path().join(format!("{id}.json")), part).expect("w");
        fs::write(with.path().join(format!("{id}.json")), part).expect("w");
        fs::write(with.path().join(format!("{id}.journal")), &journal).expect("journal");
        match alone.load(&id) {
            Ok(l) => assert!(
                snap[cut..].iter().all(u8::is_ascii_whitespace) && l.events == all,
                "cut {cut}: a truncated save file loaded"
            ),
            Err(e @ StoreError::Parse { .. }) => {
                assert!(
                    names_line_col(&e.to_string(), &format!("{id}.json")),
                    "cut {cut}: {e}"
                )
            }
            Err(e) => panic!("cut {cut}: {e}"),
        }
        let l = with.load(&id).unwrap_or_else(|e| panic!("cut {cut}: {e}"));
        assert_eq!(l.events, all, "cut {cut}");
    }
}

/// Every truncation of a valid journal loads: the complete lines are kept
/// (a complete last line without its newline too), a torn last line is
/// dropped and reported with its length; open (tried on a sample of cuts,
/// on all in the long run) keeps the original aside and repairs.
#[test]
fn every_truncation_of_a_journal_keeps_the_complete_lines() {
    let (tmp, dir) = scratch_folder();
    let (snap, journal) = small_session(&dir, "cut", 8);
    let stale = {
        let s = SessionsDir::new(tmp.path().join("stale"));
        small_session(&s, "cut", 3).0
    };
    let here = SessionsDir::new(tmp.path().join("here"));
    here.ensure().expect("folder");
    let _ = snap;
    assert!(journal.len() > 24);
    for cut in 0..=journal.len() {
        let part = &journal[..cut];
        let last_nl = part.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let complete = part[..last_nl].iter().filter(|b| **b == b'\n').count();
        let tail = &part[last_nl..];
        let tail_ok = serde_json::from_slice::<EventRecord>(tail).is_ok();
        let expect_n = complete + usize::from(tail_ok);
        let expect_torn = (!tail.is_empty() && !tail_ok).then_some(tail.len() as u64);
        for with_stale in [false, true] {
            // A new name for each (rewriting one file would make ext4 flush
            // it on every close, and the test slow).
            let id = format!("{}{cut}", if with_stale { "s" } else { "j" });
            if with_stale {
                fs::write(here.path().join(format!("{id}.json")), &stale).expect("stale");
            }
            fs::write(here.path().join(format!("{id}.journal")), part).expect("w");
            let result = here.load(&id);
            if expect_n == 0 && !with_stale {
                assert!(
                    matches!(result, Err(StoreError::Empty { .. })),
                    "cut {cut}: {result:?}"
                );
                continue;
            }
            let l = result.unwrap_or_else(|e| panic!("cut {cut}: {e}"));
            let n = if with_stale {
                expect_n.max(3)
            } else {
                expect_n
            };
            let want: Vec<EventRecord> = (1..=n as u64).map(|s| small_event("cut", s)).collect();
            assert_eq!(l.events, want, "cut {cut} stale {with_stale}");
            assert_eq!(l.recovery.torn_tail, expect_torn, "cut {cut}");
            assert_eq!(l.recovery.unterminated_kept, tail_ok, "cut {cut}");
            // Opening repairs, keeping a torn original aside (a sample of cuts).
            if long_run() || cut % (journal.len() / 12) == 7 {
                let s = here.open(&id).unwrap_or_else(|e| panic!("cut {cut}: {e}"));
                if expect_torn.is_some() {
                    let kept = &s.loaded.recovery.set_aside;
                    assert!(
                        kept.iter()
                            .any(|p| fs::read(p).ok().as_deref() == Some(part)),
                        "cut {cut}: the torn journal was not kept aside"
                    );
                }
                s.close().expect("close");
                let again = here.load(&id).expect("load");
                assert!(again.recovery.is_clean(), "cut {cut}: {:?}", again.recovery);
                assert_eq!(again.events, want);
            }
        }
    }
}

/// Hostile JSON: random bytes, a valid file with bytes changed, deep
/// nesting, huge strings, wrong types, unknown fields, non-UTF-8, a newer
/// schema number.
fn hostile_json() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "\\PC{0,20}".prop_map(Value::from),
    ];
    let tree = leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    let valid = {
        let mut events = Vec::new();
        for seq in 1..=3 {
            events.push(serde_json::to_value(small_event("p", seq)).expect("json"));
        }
        json!({"schema": 1, "id": "p", "saved_at": "2026-11-29T18:00:00Z", "events": events})
            .to_string()
            .into_bytes()
    };
    let v2 = valid.clone();
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        (prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)).prop_map(
            move |edits| {
                let mut b = v2.clone();
                for (i, byte) in edits {
                    let at = i.index(b.len());
                    b[at] = byte;
                }
                b
            }
        ),
        tree.clone().prop_map(|v| v.to_string().into_bytes()),
        tree.clone()
            .prop_map(|v| json!({"schema": 1, "id": "p", "events": [v]})
                .to_string()
                .into_bytes()),
        (tree, "[a-z]{1,8}").prop_map(|(v, k)| {
            let mut o = json!({"schema": 1, "id": "p", "events": []});
            o[k] = v;
            o.to_string().into_bytes()
        }),
        (1usize..3000).prop_map(|n| format!("{}{}", "[".repeat(n), "]".repeat(n)).into_bytes()),
        (1usize..3000).prop_map(|n| {
            format!(
                "{{\"schema\":1,\"events\":[{}{}]}}",
                "{\"a\":".repeat(n),
                "}".repeat(n - 1) + "1}"
            )
            .into_bytes()
        }),
        (0usize..300_000).prop_map(|n| {
            format!(
                "{{\"schema\":1,\"id\":\"{}\",\"events\":[]}}",
                "x".repeat(n)
            )
            .into_bytes()
        }),
        Just(b"{\"schema\":1,\"id\":\"\xff\xfe\",\"events\":[]}".to_vec()),
        prop_oneof![
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "\\PC{0,5}".prop_map(Value::from),
            Just(json!(1.5)),
        ]
        .prop_map(|schema| json!({"schema": schema, "id": "p", "events": []})
            .to_string()
            .into_bytes()),
    ]
}

/// The files of a closed session `p` of four small actions (made once),
/// written into a new folder: (temporary folder, sessions folder).
fn template_session() -> (TempDir, SessionsDir) {
    static FILES: std::sync::OnceLock<BTreeMap<String, Vec<u8>>> = std::sync::OnceLock::new();
    let made = FILES.get_or_init(|| {
        let (_tmp, dir) = scratch_folder();
        small_session(&dir, "p", 4);
        files(dir.path())
    });
    let (tmp, dir) = scratch_folder();
    dir.ensure().expect("folder");
    for (name, bytes) in made {
        fs::write(dir.path().join(name), bytes).expect("template");
    }
    (tmp, dir)
}

/// Some file of `dir` holds exactly `bytes`, or starts with them (a journal appended to).
fn kept_somewhere(dir: &Path, bytes: &[u8], prefix_ok: bool) -> bool {
    files(dir)
        .values()
        .any(|b| b == bytes || prefix_ok && b.starts_with(bytes))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: proptest_cases(),
        // The failing input is printed; no regression file in the source tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A hostile save file never panics: alone it loads or gives a clear
    /// error with file:line:col (or names the newer version it needs);
    /// with a journal beside it every action is recovered; the original is
    /// never overwritten (it stays, or is copied aside first).
    #[test]
    fn a_hostile_save_file_is_reported_or_recovered(bytes in hostile_json()) {
        let (tmp, dir) = template_session();
        let sp = dir.path().join("p.json");
        fs::write(&sp, &bytes).expect("w");
        match dir.load("p") {
            Ok(l) => {
                let damaged = matches!(l.recovery.snapshot, Some(SnapshotProblem::Damaged { .. }));
                if let Some(SnapshotProblem::Damaged { message }) = &l.recovery.snapshot {
                    prop_assert!(names_line_col(message, "p.json"), "{}", message);
                    prop_assert_eq!(l.events.len(), 4);
                }
                let s = dir.open("p").expect("opens what loads");
                prop_assert_eq!(&s.loaded.events, &l.events);
                s.close().expect("close");
                // A damaged file is kept as it was; a valid one (stale, or
                // with other events) may be rewritten: every action it held
                // is in the session.
                if damaged {
                    prop_assert!(kept_somewhere(dir.path(), &bytes, false));
                }
                prop_assert_eq!(dir.load("p").expect("reload").events, l.events);
            }
            Err(StoreError::NewerSchema { found, supported, .. }) => {
                prop_assert!(found > supported);
                prop_assert_eq!(fs::read(&sp).expect("r"), bytes.clone());
            }
            Err(e) => prop_assert!(false, "with a journal: {}", e),
        }
        // Alone.
        let alone = SessionsDir::new(tmp.path().join("alone"));
        alone.ensure().expect("folder");
        fs::write(alone.path().join("p.json"), &bytes).expect("w");
        match alone.load("p") {
            Ok(_) | Err(StoreError::NewerSchema { .. }) => {}
            Err(e @ StoreError::Parse { .. }) => {
                prop_assert!(names_line_col(&e.to_string(), "p.json"), "{}", e)
            }
            Err(StoreError::Empty { .. }) => {}
            Err(e) => prop_assert!(false, "alone: {}", e),
        }
    }

    /// A hostile journal never panics: it loads, or gives a clear error
    /// with file:line:col; opening keeps the original (as it was, as the
    /// start of the repaired file, or copied aside).
    #[test]
    fn a_hostile_journal_is_reported_or_recovered(
        garbage in prop::collection::vec(any::<u8>(), 0..300),
        at in any::<prop::sample::Index>(),
        replace in any::<bool>(),
        snapshot in any::<bool>(),
    ) {
        let (_tmp, dir) = template_session();
        let journal = fs::read(dir.path().join("p.journal")).expect("journal");
        if !snapshot {
            fs::remove_file(dir.path().join("p.json")).expect("rm");
        }
        let mut bytes = journal.clone();
        let i = at.index(bytes.len() + 1);
        if replace {
            let end = (i + garbage.len()).min(bytes.len());
            bytes.splice(i..end, garbage.iter().copied());
        } else {
            bytes.splice(i..i, garbage.iter().copied());
        }
        let jp = dir.path().join("p.journal");
        fs::write(&jp, &bytes).expect("w");
        match dir.load("p") {
            Ok(_) => {
                match dir.open("p") {
                    Ok(s) => { s.close().expect("close"); }
                    Err(e) => prop_assert!(false, "loads but does not open: {}", e),
                }
                prop_assert!(kept_somewhere(dir.path(), &bytes, true));
            }
            Err(e @ StoreError::Parse { .. }) => {
                prop_assert!(names_line_col(&e.to_string(), "p.journal"), "{}", e);
                prop_assert!(dir.open("p").is_err());
                prop_assert_eq!(fs::read(&jp).expect("r"), bytes);
            }
            Err(StoreError::Empty { .. }) if !snapshot => {}
            Err(e) => prop_assert!(false, "{}", e),
        }
    }

    /// A hostile draft never stops a session from opening: it is reported
    /// with file:line:col, copied aside, and not reported again.
    #[test]
    fn a_hostile_draft_is_set_aside_once(bytes in hostile_json()) {
        let (_tmp, dir) = template_session();
        fs::write(dir.path().join("p.draft.json"), &bytes).expect("w");
        let l = dir.load("p").expect("loads");
        let valid = serde_json::from_slice::<Value>(&bytes).is_ok();
        prop_assert_eq!(l.draft.is_some(), valid);
        if let Some(why) = &l.recovery.draft_unreadable {
            prop_assert!(names_line_col(why, "p.draft.json"), "{}", why);
        }
        let s = dir.open("p").expect("opens");
        s.close().expect("close");
        prop_assert!(kept_somewhere(dir.path(), &bytes, false));
        let again = dir.load("p").expect("loads");
        prop_assert!(again.recovery.draft_unreadable.is_none());
        let s = dir.open("p").expect("opens");
        let copies = files(dir.path()).keys().filter(|n| n.contains(".broken-")).count();
        prop_assert!(copies <= 1, "{} copies", copies);
        s.close().expect("close");
    }

    /// Any session id, however hostile, is refused or stays in the folder:
    /// nothing is created outside it, and what is created is named by the id.
    #[test]
    fn no_session_id_reaches_outside_the_folder(
        id in prop_oneof![
            "\\PC{0,16}",
            "(\\.\\./|/|\\.|~|[a-z0-9-]|\u{0}){1,8}",
            Just("../outside".to_string()),
            Just("/tmp/x".to_string()),
            Just("a/../../b".to_string()),
        ]
    ) {
        let tmp = scratch();
        let inner = tmp.path().join("in");
        let dir = SessionsDir::new(inner.join("sessions")).with_rescue_dir(inner.join("sessions"));
        if let Ok(s) = dir.create(&id, &events(&id, 1)) {
            prop_assert!(is_valid_id(&id));
            s.close().expect("close");
        }
        let _ = dir.load(&id);
        if let Ok(s) = dir.open(&id) { s.close().expect("close"); }
        let outside: Vec<_> = fs::read_dir(tmp.path()).expect("rd")
            .filter_map(Result::ok).map(|e| e.file_name()).collect();
        prop_assert!(outside.is_empty() || outside.len() == 1 && outside[0] == "in", "{:?}", outside);
        let inside: Vec<_> = fs::read_dir(&inner).into_iter().flatten()
            .filter_map(Result::ok).map(|e| e.file_name()).collect();
        prop_assert!(inside.len() <= 1, "{:?}", inside);
        for name in files(&inner.join("sessions")).keys() {
            prop_assert!(name.starts_with(&format!("{id}.")), "{} for id {:?}", name, id);
        }
    }

    /// A damaged stimulus pack never panics: every problem names one of the
    /// pack's files with a line and column inside it.
    #[test]
    fn a_damaged_stimulus_pack_is_reported_with_file_line_col(
        which in 0usize..3,
        edit in prop_oneof![
            (any::<prop::sample::Index>(), "\\PC{0,40}").prop_map(|(i, s)| (0u8, i, s)),
            (any::<prop::sample::Index>(), "\\PC{0,40}").prop_map(|(i, s)| (1u8, i, s)),
            (any::<prop::sample::Index>(), Just(String::new())).prop_map(|(i, s)| (2u8, i, s)),
            (any::<prop::sample::Index>(), "\\PC{0,400}").prop_map(|(i, s)| (3u8, i, s)),
            (any::<prop::sample::Index>(), 1usize..2000)
                .prop_map(|(i, n)| (3u8, i, format!("a = {}1{}", "[".repeat(n), "]".repeat(n)))),
            (any::<prop::sample::Index>(), 0usize..200_000)
                .prop_map(|(i, n)| (3u8, i, format!("title = \"{}\"", "x".repeat(n)))),
        ],
    ) {
        let mut texts: Vec<String> = EMBEDDED_FILES.iter().map(|(_, t)| t.to_string()).collect();
        let t = &mut texts[which];
        let (kind, i, s) = edit;
        let mut pos = i.index(t.len() + 1);
        while !t.is_char_boundary(pos) { pos -= 1; }
        match kind {
            0 => t.insert_str(pos, &s),
            1 => { let end = (pos + s.len()).min(t.len()); let mut end = end; while !t.is_char_boundary(end) { end += 1; } t.replace_range(pos..end, &s) }
            2 => t.truncate(pos),
            _ => *t = s,
        }
        let files: Vec<(&str, &str)> = FILES.iter().zip(&texts).map(|(n, t)| (*n, t.as_str())).collect();
        if let Err(problems) = parse_pack(&files) {
            prop_assert!(!problems.is_empty());
            for p in problems {
                let idx = FILES.iter().position(|f| *f == p.file);
                prop_assert!(idx.is_some(), "{}", p);
                let lines = texts[idx.unwrap_or(0)].split('\n').count();
                prop_assert!(p.line >= 1 && p.line <= lines && p.col >= 1, "{} ({} lines)", p, lines);
                prop_assert!(!p.message.is_empty());
                let head = format!("{}:{}:{}: ", p.file, p.line, p.col);
                prop_assert!(p.to_string().starts_with(&head), "{}", p);
            }
        }
    }
}

/// Every line-by-line truncation of each stimulus file (every byte in the
/// long run) is reported with a location, never a panic; a non-UTF-8 file
/// is named.
#[test]
fn every_truncation_of_the_stimulus_pack_is_reported() {
    let mut checked = 0;
    for (which, (_, full)) in EMBEDDED_FILES.iter().enumerate() {
        let cuts: Vec<usize> = if long_run() {
            (0..full.len())
                .filter(|c| full.is_char_boundary(*c))
                .collect()
        } else {
            std::iter::once(0)
                .chain(full.match_indices('\n').map(|(i, _)| i))
                .collect()
        };
        for cut in cuts {
            let texts: Vec<&str> = EMBEDDED_FILES
                .iter()
                .enumerate()
                .map(|(i, (_, t))| if i == which { &full[..cut] } else { *t })
                .collect();
            let files: Vec<(&str, &str)> =
                FILES.iter().copied().zip(texts.iter().copied()).collect();
            checked += 1;
            if let Err(problems) = parse_pack(&files) {
                for p in &problems {
                    let i = FILES
                        .iter()
                        .position(|f| *f == p.file)
                        .expect("a pack file");
                    assert!(
                        p.line >= 1 && p.line <= texts[i].split('\n').count() && p.col >= 1,
                        "{} cut {cut}: {p}",
                        FILES[which]
                    );
                }
            }
        }
    }
    assert!(checked > 100);
    // Non-UTF-8.
    let tmp = tempfile::tempdir().expect("tmp");
    for (name, text) in EMBEDDED_FILES {
        fs::write(tmp.path().join(name), text).expect("w");
    }
    let mut bytes = EMBEDDED_FILES[0].1.as_bytes().to_vec();
    bytes.splice(10..10, [0xff, 0xfe]);
    fs::write(tmp.path().join(FILES[0]), bytes).expect("w");
    let problems = load_dir(tmp.path()).expect_err("refused");
    assert!(
        problems
            .iter()
            .any(|p| p.file == FILES[0] && p.message.contains("UTF-8")),
        "{problems:?}"
    );
}

// ===========================================================================
// 5. Two instances
// ===========================================================================

fn child_hold() {
    let dir = SessionsDir::new(child_dir());
    let s = dir.create(ID, &events(ID, 1)).expect("create");
    for seq in 2..=5 {
        s.writer.append(&event(ID, seq));
    }
    let st = s.writer.flush();
    say(&format!("holding {}", st.synced_seq));
    // The sleep is the test: the child holds the session until it is killed.
    thread::sleep(Duration::from_secs(30));
    say("error: never killed");
}

/// A second instance is refused with a message naming the process that
/// has the session open (its pid and host); once that process is killed
/// with SIGKILL its lock does not block reopening, not even for a moment.
#[test]
fn a_second_instance_is_refused_by_pid_and_a_killed_holder_does_not_block() {
    let tmp = tempfile::tempdir().expect("tmp");
    let sessions = tmp.path().join("sessions");
    let mut cmd = child("hold");
    cmd.env("FAC_DIR", &sessions);
    let mut kid = Kid::spawn(cmd);
    let Some(holding) = kid.wait_for("holding", Duration::from_secs(20)) else {
        panic!("the child never opened the session:\n{}", kid.all_output());
    };
    assert_eq!(holding, "holding 5");
    let pid = kid.pid();
    let dir = SessionsDir::new(&sessions);
    match dir.open(ID) {
        Err(e @ StoreError::Locked { .. }) => {
            let StoreError::Locked {
                pid: p,
                host,
                since,
                ..
            } = &e
            else {
                unreachable!()
            };
            assert_eq!(*p, Some(pid));
            assert!(host.is_some() && since.is_some(), "{e:?}");
            let msg = e.to_string();
            assert!(msg.contains(&format!("process {pid}")), "{msg}");
            assert!(msg.contains("already open"), "{msg}");
        }
        other => panic!("a second open was not refused: {other:?}"),
    }
    assert!(matches!(
        dir.create(ID, &events(ID, 1)),
        Err(StoreError::Locked { .. })
    ));
    // Reading is allowed while it is open elsewhere.
    assert_eq!(dir.load(ID).expect("load").events, events(ID, 5));

    let status = kid.kill9();
    assert_eq!(status.signal(), Some(9));
    let s = dir.open(ID).expect("a dead process's lock does not block");
    assert_eq!(s.loaded.events, events(ID, 5));
    s.close().expect("close");
}

// ===========================================================================
// 6. Signals and panics
// ===========================================================================

const PANIC_EVENTS: u64 = 400;

fn child_panic() {
    let dir = SessionsDir::new(child_dir());
    let s = dir.create(ID, &events(ID, 1)).expect("create");
    for seq in 2..=PANIC_EVENTS {
        s.writer.append(&event(ID, seq));
    }
    s.writer
        .set_draft(Some(json!({"text": "kept through a panic"})));
    say("appended");
    panic!("a deliberate panic with actions still queued for the writer");
}

/// A process that panics right after handing actions to the writer (the
/// session dropped while unwinding, the process ending at once) leaves
/// every action and the draft on disk, the files clean, the lock free.
#[test]
fn a_panic_after_appending_keeps_every_action() {
    let tmp = tempfile::tempdir().expect("tmp");
    let sessions = tmp.path().join("sessions");
    let mut cmd = child("panic");
    cmd.env("FAC_DIR", &sessions);
    let mut kid = Kid::spawn(cmd);
    let status = kid.wait(Duration::from_secs(30));
    assert!(!status.success(), "the child should have panicked");
    assert!(
        kid.said().iter().any(|l| l == "appended"),
        "{}",
        kid.all_output()
    );
    assert!(kid.all_output().contains("a deliberate panic"));
    let dir = SessionsDir::new(&sessions);
    let loaded = dir.load(ID).expect("loads");
    assert_eq!(
        loaded.events.len() as u64,
        PANIC_EVENTS,
        "actions lost in the panic"
    );
    assert_eq!(loaded.events, events(ID, PANIC_EVENTS));
    assert_eq!(loaded.draft, Some(json!({"text": "kept through a panic"})));
    assert!(loaded.recovery.is_clean(), "{:?}", loaded.recovery);
    dir.open(ID)
        .expect("the lock is free")
        .close()
        .expect("close");
}

/// In one process: an open session dropped while a thread unwinds has
/// saved everything and released its lock by the time the drop returns.
#[test]
fn an_open_session_dropped_by_a_panic_is_saved_before_the_drop_returns() {
    let (_tmp, dir) = folder();
    let d = dir.clone();
    let r = thread::spawn(move || {
        let s = d.create(ID, &events(ID, 1)).expect("create");
        for seq in 2..=200 {
            s.writer.append(&event(ID, seq));
        }
        panic!("a deliberate panic in a thread holding the session");
    })
    .join();
    assert!(r.is_err());
    // No waiting: the drop finished the save and freed the lock.
    let s = dir.open(ID).expect("the lock was released");
    assert_eq!(s.loaded.events, events(ID, 200));
    assert!(s.loaded.recovery.is_clean(), "{:?}", s.loaded.recovery);
    s.close().expect("close");
}

/// SIGHUP (the terminal going away) to the real app in a pseudo-terminal:
/// it saves and closes the session (the `closed` action is in the journal
/// and the save file, the lock is free) and restores the terminal (leaves
/// the alternate screen, cooked mode back) before ending.
#[test]
fn sighup_saves_the_session_and_restores_the_terminal() {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    let tmp = tempfile::tempdir().expect("tmp");
    let sessions = tmp.path().join("sessions");
    let pack = embedded();
    let profile = GroupProfile {
        location: "Ashford, Kent".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
        ..GroupProfile::default()
    };
    let first = Session::created_event(ID, "full", &pack, profile, Utc::now());
    let dir = SessionsDir::new(&sessions);
    dir.create(ID, &[first])
        .expect("create")
        .close()
        .expect("close");

    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_facilitator"));
    cmd.args([
        "--sessions",
        &sessions.display().to_string(),
        "run",
        "--resume",
        ID,
    ]);
    cmd.cwd(tmp.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("HOME", tmp.path());
    cmd.env("NO_COLOR", "1");
    let mut child = pair.slave.spawn_command(cmd).expect("spawn");
    drop(pair.slave);
    let pid = child.process_id().expect("pid");
    struct Reap<'a>(&'a mut Box<dyn portable_pty::Child + Send + Sync>, bool);
    impl Drop for Reap<'_> {
        fn drop(&mut self) {
            if !self.1 {
                let _ = self.0.kill();
                let _ = self.0.wait();
            }
        }
    }
    let raw = Arc::new(Mutex::new(Vec::new()));
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let sink = Arc::clone(&raw);
    thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            lock(&sink).extend_from_slice(&buf[..n]);
        }
    });
    let mut reap = Reap(&mut child, false);
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).rposition(|w| w == needle);
    let journal = sessions.join(format!("{ID}.journal"));
    let running = wait_until(Duration::from_secs(15), || {
        find(&lock(&raw), b"\x1b[?1049h").is_some()
            && fs::read_to_string(&journal).is_ok_and(|j| j.contains("\"opened\""))
    });
    assert!(
        running,
        "the app did not start: {:?}",
        String::from_utf8_lossy(&lock(&raw))
    );
    // Raw mode is on while it runs (so the check after the end means something).
    wait_until(common::wait::WAIT, || {
        pair.master
            .get_termios()
            .is_none_or(|t| !format!("{:?}", t.local_flags).contains("ICANON"))
    });
    if let Some(t) = pair.master.get_termios() {
        let flags = format!("{:?}", t.local_flags);
        assert!(!flags.contains("ICANON"), "not in raw mode: {flags}");
    }
    let sent = Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let status =
        common::wait::until_some("the app ending on SIGHUP", Duration::from_secs(10), || {
            reap.0.try_wait().ok().flatten()
        });
    reap.1 = true;
    assert!(status.success(), "{status:?}");
    wait_until(Duration::from_secs(2), || {
        find(&lock(&raw), b"\x1b[?1049l").is_some()
    });
    let out = lock(&raw).clone();
    let enter = find(&out, b"\x1b[?1049h").expect("entered the alternate screen");
    let leave = find(&out, b"\x1b[?1049l").expect("left the alternate screen");
    assert!(leave > enter, "the alternate screen was not left last");
    if let Some(t) = pair.master.get_termios() {
        let flags = format!("{:?}", t.local_flags);
        assert!(flags.contains("ICANON"), "raw mode was left on: {flags}");
    }
    let loaded = dir.load(ID).expect("loads");
    assert!(loaded.recovery.is_clean(), "{:?}", loaded.recovery);
    let kinds: Vec<&Event> = loaded.events.iter().map(|e| &e.event).collect();
    assert!(matches!(kinds.last(), Some(Event::Closed)), "{kinds:?}");
    assert!(kinds.iter().any(|e| matches!(e, Event::Opened { .. })));
    dir.open(ID)
        .expect("the lock is free")
        .close()
        .expect("close");
}

// ===========================================================================
// 7. Privacy and paths
// ===========================================================================

/// Everything a session goes through, with HOME and TMPDIR pointed at
/// folders the parent watches, under umask 000.
fn child_paths() {
    let sessions = child_dir().join("a").join("b").join("sessions");
    let dir = SessionsDir::new(&sessions);
    // A session with a draft.
    let s = dir.create("alpha", &events("alpha", 1)).expect("create");
    for seq in 2..=6 {
        s.writer.append(&event("alpha", seq));
    }
    s.writer.set_draft(Some(json!({"text": "private words"})));
    s.close().expect("close");
    // Damaged: every file is copied aside when opened.
    fs::write(sessions.join("alpha.json"), b"{\"schema\":1,").expect("w");
    let jp = sessions.join("alpha.journal");
    let mut j = fs::read(&jp).expect("r");
    j.extend_from_slice(b"{\"seq\":7,");
    fs::write(&jp, j).expect("w");
    fs::write(sessions.join("alpha.draft.json"), b"{").expect("w");
    let s = dir.open("alpha").expect("open");
    assert_eq!(s.loaded.recovery.set_aside.len(), 3);
    s.close().expect("close");
    // A journal that cannot be written: the rescue copy at close.
    let disk = Arc::new(FaultyDisk::new());
    let failing = SessionsDir::new(&sessions).with_disk(disk.clone());
    let s = failing.create("beta", &events("beta", 1)).expect("create");
    disk.only(&[DiskOp::Write, DiskOp::Sync, DiskOp::SetLen]);
    disk.fail_until_healed();
    for seq in 2..=4 {
        s.writer.append(&event("beta", seq));
    }
    match s.close() {
        Err(StoreError::Unsaved {
            rescue: Some(p), ..
        }) => say(&format!("rescue {}", p.display())),
        other => say(&format!("error: no rescue copy: {other:?}")),
    }
    say("done");
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).expect("read_dir").filter_map(Result::ok) {
        let p = e.path();
        out.push(p.clone());
        if p.is_dir() {
            walk(&p, out);
        }
    }
}

/// Session files, journals, drafts, locks, copies set aside and rescue
/// copies are created 0600 and new folders 0700, even under umask 000;
/// nothing is written outside the sessions folder (not in HOME, not in
/// TMPDIR): the rescue copy goes into the sessions folder when it can.
#[test]
fn files_are_private_and_nothing_is_written_outside_the_sessions_folder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (root, home, tmpdir) = (
        tmp.path().join("root"),
        tmp.path().join("home"),
        tmp.path().join("tmp"),
    );
    for d in [&root, &home, &tmpdir] {
        fs::create_dir(d).expect("mkdir");
    }
    let exe = std::env::current_exe().expect("exe");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("umask 000 && exec \"$0\" \"$@\"")
        .arg(exe)
        .args(child_args())
        .env(CHILD_ENV, "paths")
        .env("RUST_BACKTRACE", "0")
        .env("FAC_DIR", &root)
        .env("HOME", &home)
        .env("TMPDIR", &tmpdir);
    let mut kid = Kid::spawn(cmd);
    let status = kid.wait(Duration::from_secs(30));
    let said = kid.said();
    assert!(
        status.success() && said.iter().any(|l| l == "done"),
        "{}",
        kid.all_output()
    );
    let sessions = root.join("a").join("b").join("sessions");
    let rescue = said
        .iter()
        .find_map(|l| l.strip_prefix("rescue "))
        .unwrap_or_else(|| panic!("{said:?}"));
    assert_eq!(Path::new(rescue).parent(), Some(sessions.as_path()));
    for d in [&home, &tmpdir] {
        let mut found = Vec::new();
        walk(d, &mut found);
        assert!(
            found.is_empty(),
            "written outside the sessions folder: {found:?}"
        );
    }
    let mut all = Vec::new();
    walk(&root, &mut all);
    let names: Vec<String> = all
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    // (The lock names the machine: `alpha.<host>.lock`.)
    let lock = facilitator::store::names::lock_name("alpha");
    for want in [
        "alpha.json.broken-",
        "alpha.journal.broken-",
        "alpha.draft.json.broken-",
        "beta-rescue-",
        lock.as_str(),
    ] {
        assert!(
            names.iter().any(|n| n.starts_with(want)),
            "{want}: {names:?}"
        );
    }
    for p in &all {
        let m = mode(p);
        if p.is_dir() {
            assert_eq!(m, 0o700, "{}", p.display());
        } else {
            assert_eq!(m, 0o600, "{}", p.display());
            assert!(p.starts_with(&sessions), "{}", p.display());
        }
    }
}

/// A disk that refuses every write under one folder once armed.
#[derive(Debug)]
struct RefuseUnder {
    dir: PathBuf,
    armed: AtomicBool,
}

impl RefuseUnder {
    fn refused(&self, path: Option<&Path>) -> io::Result<()> {
        let here = path.is_none_or(|p| p.starts_with(&self.dir));
        if self.armed.load(Ordering::SeqCst) && here {
            return Err(io::Error::from_raw_os_error(30)); // EROFS
        }
        Ok(())
    }
}

impl Disk for RefuseUnder {
    fn write(&self, file: &mut fs::File, bytes: &[u8]) -> io::Result<()> {
        self.refused(None)?;
        RealDisk.write(file, bytes)
    }
    fn sync(&self, file: &fs::File) -> io::Result<()> {
        self.refused(None)?;
        RealDisk.sync(file)
    }
    fn set_len(&self, file: &fs::File, len: u64) -> io::Result<()> {
        self.refused(None)?;
        RealDisk.set_len(file, len)
    }
    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.refused(Some(path))?;
        RealDisk.write_atomic(path, bytes)
    }
}

/// Only when the sessions folder itself refuses the rescue copy does it go
/// to the fallback folder, and the error says where.
#[test]
fn the_rescue_copy_goes_elsewhere_only_when_the_sessions_folder_refuses_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let sessions = tmp.path().join("sessions");
    let fallback = tmp.path().join("fallback");
    fs::create_dir(&fallback).expect("mkdir");
    let disk = Arc::new(RefuseUnder {
        dir: sessions.clone(),
        armed: AtomicBool::new(false),
    });
    let dir = SessionsDir::new(&sessions)
        .with_disk(disk.clone())
        .with_rescue_dir(&fallback);
    let s = dir.create(ID, &events(ID, 1)).expect("create");
    disk.armed.store(true, Ordering::SeqCst);
    for seq in 2..=5 {
        s.writer.append(&event(ID, seq));
    }
    let err = s.close().expect_err("nothing could be saved");
    let StoreError::Unsaved {
        rescue: Some(p), ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(p.parent(), Some(fallback.as_path()));
    assert!(err.to_string().contains(&p.display().to_string()), "{err}");
    assert_eq!(mode(p), 0o600);
    let (d, id) = SessionsDir::new(&sessions)
        .resolve(&p.display().to_string())
        .expect("the copy opens as a session");
    assert_eq!(d.load(&id).expect("load").events, events(ID, 5));
}

// ===========================================================================
// 8. Schema: a saved session of this version loads forever
// ===========================================================================

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/session-v1.json"
);

/// The kept session of schema 1 (a whole group, every kind of action)
/// still loads, folds and opens.
#[test]
fn a_session_saved_by_schema_1_still_loads() {
    let bytes = fs::read(FIXTURE).expect("tests/fixtures/session-v1.json");
    let v: Value = serde_json::from_slice(&bytes).expect("the fixture is JSON");
    assert_eq!(v["schema"], 1);
    let id = v["id"].as_str().expect("id").to_string();
    assert_eq!(id, "2026-11-29-ashford-kent");
    let (_tmp, dir) = folder();
    dir.ensure().expect("folder");
    fs::write(dir.path().join(format!("{id}.json")), &bytes).expect("copy");
    let loaded = dir.load(&id).expect("schema 1 loads");
    assert!(loaded.recovery.journal_missing);
    assert!(loaded.recovery.sequence.is_empty());
    let n = loaded.events.len();
    assert_eq!(n, 62, "actions in the fixture");
    let count = |f: fn(&Event) -> bool| loaded.events.iter().filter(|e| f(&e.event)).count();
    assert_eq!(count(|e| matches!(e, Event::NoteAdded { .. })), 6);
    assert_eq!(count(|e| matches!(e, Event::ParticipantAdded { .. })), 6);
    assert_eq!(count(|e| matches!(e, Event::IdeaPicked { .. })), 3);
    assert!(matches!(
        &loaded.events[0].event,
        Event::Created { id: i, .. } if *i == id
    ));
    assert!(matches!(loaded.events[n - 1].event, Event::Finished));
    let state = SessionState::fold(&loaded.events);
    assert!(!state.is_live());
    assert_eq!(state.profile.location, "Ashford, Kent");
    let s = dir.open(&id).expect("opens");
    s.close().expect("close");
    assert!(dir.load(&id).expect("load").recovery.is_clean());
}

/// A session from a newer facilitator is refused with the version it
/// needs, even when its journal holds kinds of action this one does not
/// know; nothing is changed.
#[test]
fn a_newer_session_is_refused_by_version_even_with_new_kinds_of_action() {
    let (_tmp, dir) = folder();
    closed_session(&dir, ID, 3);
    fs::write(
        dir.path().join(format!("{ID}.json")),
        r#"{"schema":3,"id":"x","events":[],"layout":"v3"}"#,
    )
    .expect("w");
    let jp = dir.path().join(format!("{ID}.journal"));
    let mut j = fs::read(&jp).expect("r");
    j.extend_from_slice(
        b"{\"seq\":4,\"at\":\"2026-11-29T18:00:00Z\",\"type\":\"hologram_shown\"}\n",
    );
    fs::write(&jp, &j).expect("w");
    let before = files(dir.path());
    for result in [dir.load(ID).map(|_| ()), dir.open(ID).map(|_| ())] {
        match result {
            Err(e @ StoreError::NewerSchema { found: 3, .. }) => {
                let msg = e.to_string();
                assert!(msg.contains("session format 3"), "{msg}");
                assert!(msg.contains("update facilitator"), "{msg}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(files(dir.path()), before);
}

/// A whole group, through the real domain rules: every kind of action.
fn realistic_session() -> Vec<EventRecord> {
    let pack = embedded();
    let t0 = DateTime::parse_from_rfc3339("2026-11-29T18:00:00Z")
        .expect("t0")
        .with_timezone(&Utc);
    let mut clock = 0i64;
    let mut now = || {
        clock += 47;
        t0 + chrono::Duration::seconds(clock)
    };
    let profile = GroupProfile {
        location: "Ashford, Kent".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
        age_band: "40-64".into(),
        social_grade: "C2DE".into(),
        moderator: "Sam".into(),
        ..GroupProfile::default()
    };
    let first = Session::created_event(ID, "full", &pack, profile.clone(), t0);
    let mut s = Session::from_events(&pack, vec![first]);
    let mut rec = |s: &mut Session, e: Event| {
        let t = now();
        s.record(&pack, e.clone(), t)
            .unwrap_or_else(|r| panic!("{e:?} refused: {r}"));
    };
    rec(
        &mut s,
        Event::ProfileChanged {
            profile: GroupProfile {
                notes: "Two arrived late.".into(),
                ..profile
            },
        },
    );
    rec(&mut s, Event::IdeasPlanned { count: 3 });
    let names = ["Ann", "Bob", "Cai", "Dee", "Eve", "Fin"];
    for (i, name) in names.iter().enumerate() {
        let participant = Participant {
            id: i as u32 + 1,
            label: (*name).into(),
            gender: if i % 2 == 0 { "Female" } else { "Male" }.into(),
            age_band: "40-64".into(),
            social_grade: "C2DE".into(),
            descriptors: vec!["parent of young children".into()],
            ..Participant::default()
        };
        rec(&mut s, Event::ParticipantAdded { participant });
    }
    rec(
        &mut s,
        Event::ParticipantChanged {
            participant: Participant {
                id: 2,
                label: "Bobby".into(),
                ..Participant::default()
            },
        },
    );
    for p in 1..=6 {
        rec(
            &mut s,
            Event::ConsentGiven {
                participant: p,
                consent: p != 4,
            },
        );
    }
    rec(&mut s, Event::ParticipantRemoved { id: 6 });
    rec(&mut s, Event::Started);
    let steps: Vec<String> = s.plan().steps.iter().map(|p| p.key.clone()).collect();
    let with_sections = steps.iter().find_map(|k| {
        let step = s.plan().get(k)?;
        let (_, g) = step.guide(&pack)?;
        Some((k.clone(), g.sections.first()?.id.clone()))
    });
    let first_step = steps[0].clone();
    rec(
        &mut s,
        Event::StepEntered {
            step: first_step.clone(),
        },
    );
    let place = |step: &str| NotePlace {
        step: step.to_string(),
        section: None,
        idea: None,
    };
    rec(
        &mut s,
        Event::NoteAdded {
            id: 1,
            kind: NoteKind::Note,
            place: place(&first_step),
            text: "Warm room, tea on arrival.".into(),
            participant: None,
            codes: vec![],
            begun: None,
        },
    );
    rec(
        &mut s,
        Event::NoteAdded {
            id: 2,
            kind: NoteKind::Quote,
            place: place(&first_step),
            text: "I came because the bus stopped coming — \"twice a day\" now.".into(),
            participant: Some(1),
            codes: pack.codes.iter().take(2).cloned().collect(),
            begun: Some(t0),
        },
    );
    rec(
        &mut s,
        Event::NoteEdited {
            id: 2,
            text: "I came because the bus stopped coming: \"twice a day\" now.".into(),
            participant: Some(1),
            codes: pack.codes.iter().take(1).cloned().collect(),
        },
    );
    rec(&mut s, Event::Paused);
    rec(&mut s, Event::Resumed);
    rec(
        &mut s,
        Event::Presence {
            participant: 3,
            present: false,
        },
    );
    rec(
        &mut s,
        Event::Presence {
            participant: 3,
            present: true,
        },
    );
    if let Some((step, section)) = &with_sections {
        rec(&mut s, Event::StepEntered { step: step.clone() });
        rec(
            &mut s,
            Event::SectionEntered {
                section: section.clone(),
            },
        );
        rec(
            &mut s,
            Event::ProbeTicked {
                step: step.clone(),
                section: Some(section.clone()),
                probe: 0,
                covered: true,
            },
        );
        rec(
            &mut s,
            Event::NoteAdded {
                id: 3,
                kind: NoteKind::Quote,
                place: NotePlace {
                    step: step.clone(),
                    section: Some(section.clone()),
                    idea: None,
                },
                text: "Health first, then everything else.".into(),
                participant: Some(2),
                codes: vec![],
                begun: None,
            },
        );
    }
    let step2 = steps[1].clone();
    rec(
        &mut s,
        Event::StepEntered {
            step: step2.clone(),
        },
    );
    rec(
        &mut s,
        Event::FlipchartAdded {
            step: step2.clone(),
            text: "Fairness".into(),
        },
    );
    rec(
        &mut s,
        Event::FlipchartAdded {
            step: step2.clone(),
            text: "Dignity".into(),
        },
    );
    rec(
        &mut s,
        Event::FlipchartRemoved {
            step: step2.clone(),
            index: 1,
        },
    );
    rec(
        &mut s,
        Event::ProbeTicked {
            step: step2.clone(),
            section: None,
            probe: 1,
            covered: true,
        },
    );
    rec(
        &mut s,
        Event::NoteAdded {
            id: 4,
            kind: NoteKind::Note,
            place: place(&step2),
            text: "A side remark to strike out.".into(),
            participant: None,
            codes: vec![],
            begun: None,
        },
    );
    rec(&mut s, Event::NoteDeleted { id: 4 });
    rec(
        &mut s,
        Event::StickerModeSet {
            mode: StickerMode::PerPoster,
        },
    );
    for idea in 1..=3u32 {
        rec(
            &mut s,
            Event::PosterCounted {
                idea,
                counts: facilitator::domain::event::Counts::green_red(4 - idea, idea - 1),
            },
        );
    }
    rec(
        &mut s,
        Event::StickerModeSet {
            mode: StickerMode::PerParticipant,
        },
    );
    rec(
        &mut s,
        Event::StickersPlaced {
            participant: 1,
            votes: facilitator::domain::event::Placement::green_red(vec![1, 2], Some(3)),
        },
    );
    rec(
        &mut s,
        Event::StickersPlaced {
            participant: 2,
            votes: facilitator::domain::event::Placement::green_red(vec![], None),
        },
    );
    rec(&mut s, Event::TallyRevealed { shown: true });
    let kinds = [PickKind::Popular, PickKind::Contentious, PickKind::Joker];
    for (slot, kind) in (1..=3u32).zip(kinds) {
        rec(
            &mut s,
            Event::IdeaPicked {
                slot,
                idea: slot,
                kind,
                rule: "most green stickers".into(),
                counts: "3 green, 0 red".into(),
                suggested: if slot == 3 { 4 } else { slot },
                reason: (slot == 3).then(|| "The group asked for it.".to_string()),
            },
        );
    }
    let dim = pack.equity_dimensions.first().cloned().unwrap_or_default();
    rec(
        &mut s,
        Event::EquityTicked {
            idea: 1,
            dimension: dim,
            on: true,
        },
    );
    for (scale, value) in [
        (Scale::Desirable, 8u8),
        (Scale::Achievable, 5),
        (Scale::Equitable, 6),
    ] {
        rec(
            &mut s,
            Event::Rated {
                idea: Some(1),
                scale,
                value: Some(value),
                dont_know: false,
            },
        );
    }
    let idea_step = steps
        .iter()
        .find(|k| s.plan().get(k).is_some_and(|p| p.slot.is_some()))
        .cloned()
        .unwrap_or_else(|| steps[2].clone());
    rec(
        &mut s,
        Event::StepEntered {
            step: idea_step.clone(),
        },
    );
    rec(
        &mut s,
        Event::NoteAdded {
            id: 5,
            kind: NoteKind::Quote,
            place: NotePlace {
                step: idea_step.clone(),
                section: None,
                idea: Some(1),
            },
            text: "It would help my mum.\nShe can't drive now.".into(),
            participant: Some(3),
            codes: vec![],
            begun: None,
        },
    );
    rec(
        &mut s,
        Event::Stage3Answered {
            participant: 1,
            answer: Stage3Answer {
                gut: Some(Gut::InFavour),
                reform_needed: Some(true),
                services: "buses, GPs".into(),
                reach: Some(Reach::NotFarEnough),
                top_tip: "Ask people first.".into(),
            },
        },
    );
    rec(
        &mut s,
        Event::Stage3Answered {
            participant: 2,
            answer: Stage3Answer {
                gut: Some(Gut::Undecided),
                ..Stage3Answer::default()
            },
        },
    );
    rec(&mut s, Event::Closed);
    rec(
        &mut s,
        Event::Opened {
            recovered: Some(
                "Recovered 2 actions from the journal that the last save did not hold.".into(),
            ),
        },
    );
    let last = steps.last().cloned().unwrap_or_default();
    rec(&mut s, Event::StepEntered { step: last.clone() });
    rec(
        &mut s,
        Event::NoteAdded {
            id: 6,
            kind: NoteKind::Note,
            place: place(&last),
            text: "Ended on time. Thanks all round.".into(),
            participant: None,
            codes: vec![],
            begun: None,
        },
    );
    rec(&mut s, Event::Opened { recovered: None });
    rec(&mut s, Event::Finished);
    s.events().to_vec()
}

/// Writes `tests/fixtures/session-v1.json` (once; it is then kept as it is
/// forever). `FACILITATOR_WRITE_FIXTURE=1 cargo test --test durability --
/// --ignored write_session_v1_fixture`
#[test]
#[ignore = "writes the schema-1 fixture; run once with FACILITATOR_WRITE_FIXTURE=1"]
fn write_session_v1_fixture() {
    if std::env::var_os("FACILITATOR_WRITE_FIXTURE").is_none() {
        return;
    }
    assert!(
        !Path::new(FIXTURE).exists(),
        "the fixture exists and is kept forever: remove it by hand to regenerate"
    );
    let all = realistic_session();
    let (_tmp, dir) = folder();
    let s = dir.create(ID, &all[..1]).expect("create");
    for e in &all[1..] {
        s.writer.append(e);
    }
    s.close().expect("close");
    fs::create_dir_all(Path::new(FIXTURE).parent().expect("parent")).expect("fixtures");
    fs::copy(dir.path().join(format!("{ID}.json")), FIXTURE).expect("copy");
}
