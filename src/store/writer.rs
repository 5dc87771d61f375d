//! The writer thread: the only code that writes an open session's files.
//!
//! The UI thread sends messages over a channel and never waits on the disk.
//! The thread:
//! - appends each event to the journal at once, one `write_all` of the
//!   whole line with its `\n`;
//! - `sync_data`s the journal within a second of the last write (it waits
//!   with `recv_timeout`), about once a second while actions keep coming,
//!   and before every change of the draft file (see below);
//! - rewrites the snapshot atomically when it has changed, at most every
//!   five seconds, and on close, from its own copy of the serialized lines;
//! - writes the draft atomically at most once a second, or removes it (at
//!   once: a note just sent must not come back as a draft), and only once
//!   every event handed over before the change is synced: the draft may be
//!   the only saved copy of a note just sent, so a power cut must leave the
//!   note or its draft, never neither. A draft written names the seq of the
//!   last event before it (`saved_after_seq`), so that recovery can tell a
//!   draft whose note was recorded after it (a kill between the note and
//!   the removal) and drop it;
//! - when the disk fails, keeps every line in memory, in order, reports the
//!   error in the shared status, retries every second and catches up.
//!
//! It owns the session lock, so the lock is held for as long as anything
//! may still be written, and released when the thread ends.

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::Line;
use super::disk::Disk;
use super::error::StoreError;
use super::load::{DRAFT_AFTER_KEY, snapshot_bytes};
use super::lock::SessionLock;
use crate::domain::event::EventRecord;

mod whole;

/// How often, at most, the journal is synced.
const SYNC_EVERY: Duration = Duration::from_secs(1);
/// How often, at most, the snapshot is rewritten.
const SNAPSHOT_EVERY: Duration = Duration::from_secs(5);
/// How often, at most, the draft is rewritten.
const DRAFT_EVERY: Duration = Duration::from_secs(1);
/// How long to wait before retrying after a failure.
const RETRY_EVERY: Duration = Duration::from_secs(1);
/// Messages handled in one go before writing.
const BATCH: usize = 1024;
/// How often a running writer checks that the log of in-place writes
/// still says its session is open (see `index::still_told`): a log
/// replaced or cut meanwhile is told again within this, and the check
/// stays off the path of every save.
const TOLD_EVERY: Duration = Duration::from_secs(1);

/// The writer's health, for the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriterStatus {
    /// The seq of the last event written to the journal.
    pub written_seq: u64,
    /// The seq of the last event synced to the disk.
    pub synced_seq: u64,
    /// Why saving is failing, in plain words (None when all is well).
    pub error: Option<String>,
    /// Events handed to the writer since the session was opened that are
    /// not yet synced to the disk.
    pub pending: usize,
}

/// What the thread publishes for [`Writer::status`].
#[derive(Debug, Default)]
struct Shared {
    written_seq: u64,
    synced_seq: u64,
    /// The thread's own error (cleared when the disk recovers).
    error: Option<String>,
    /// New events (since open) synced.
    synced_new: usize,
    /// An error raised outside the thread, which stays.
    fatal: Option<String>,
}

enum Msg {
    Append { seq: u64, line: String },
    Draft(Option<serde_json::Value>),
    Flush(Sender<()>),
    Close(Sender<Result<(), StoreError>>),
}

/// The handle the UI uses to save: cheap to clone, never blocks on disk
/// (except [`Writer::flush`], which waits on purpose).
#[derive(Debug, Clone)]
pub struct Writer {
    tx: Sender<Msg>,
    shared: Arc<Mutex<Shared>>,
    /// Events handed over since open.
    sent: Arc<AtomicUsize>,
}

fn lock_shared(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    shared.lock().unwrap_or_else(|p| p.into_inner())
}

fn saving_failed(e: &str) -> String {
    format!(
        "Saving is failing: {e}. Everything is kept in memory and will be saved when the disk allows."
    )
}

impl Writer {
    /// Queue an event to be saved. Never blocks on disk: it is serialized
    /// here and sent to the writer thread.
    pub fn append(&self, rec: &EventRecord) {
        let mut line = match serde_json::to_string(rec) {
            Ok(l) => l,
            Err(e) => {
                self.fatal(format!(
                    "Action {} could not be saved: it could not be encoded ({e}).",
                    rec.seq
                ));
                return;
            }
        };
        line.push('\n');
        self.sent.fetch_add(1, Ordering::SeqCst);
        if self.tx.send(Msg::Append { seq: rec.seq, line }).is_err() {
            self.stopped();
        }
    }

    /// Queue the current note draft (None: there is no draft; its file is removed).
    pub fn set_draft(&self, draft: Option<serde_json::Value>) {
        if self.tx.send(Msg::Draft(draft)).is_err() {
            self.stopped();
        }
    }

    /// The writer's health, cheaply.
    pub fn status(&self) -> WriterStatus {
        let sent = self.sent.load(Ordering::SeqCst);
        let s = lock_shared(&self.shared);
        WriterStatus {
            written_seq: s.written_seq,
            synced_seq: s.synced_seq,
            error: s.fatal.clone().or_else(|| s.error.clone()),
            pending: sent.saturating_sub(s.synced_new),
        }
    }

    /// Wait until everything queued so far is written and synced (or has
    /// failed once more, right now), and return the status after. For
    /// tests and for quitting.
    pub fn flush(&self) -> WriterStatus {
        let (tx, rx) = mpsc::channel();
        if self.tx.send(Msg::Flush(tx)).is_err() || rx.recv().is_err() {
            self.stopped();
        }
        self.status()
    }

    fn fatal(&self, msg: String) {
        lock_shared(&self.shared).fatal.get_or_insert(msg);
    }

    fn stopped(&self) {
        self.fatal(
            "Saving has stopped: the session was closed or its writer ended; new actions are not being saved."
                .to_string(),
        );
    }

    /// Ask the thread to finish and wait for its answer.
    pub(crate) fn close(&self, id: &str) -> Result<(), StoreError> {
        let stopped = || StoreError::WriterStopped { id: id.to_string() };
        let (tx, rx) = mpsc::channel();
        self.tx.send(Msg::Close(tx)).map_err(|_| stopped())?;
        rx.recv().map_err(|_| stopped())?
    }
}

/// Everything the thread needs to start.
pub(crate) struct Start {
    pub disk: Arc<dyn Disk>,
    pub id: String,
    pub snapshot_path: PathBuf,
    pub draft_path: PathBuf,
    pub rescue_dirs: Vec<PathBuf>,
    /// The journal, open for appending, ending at a line boundary.
    pub journal: File,
    /// Its length.
    pub journal_len: u64,
    /// The events already in the journal (and synced), as lines.
    pub lines: Vec<Line>,
    /// The snapshot still has to be written (and why it failed, if it did).
    pub snapshot_dirty: Option<Option<String>>,
    /// Where the log of in-place writes was told the session is open, if
    /// opening it already wrote the journal in place (a repair).
    pub told: Option<super::index::Told>,
    pub lock: SessionLock,
}

/// Start the writer thread.
pub(crate) fn spawn(start: Start) -> Result<(Writer, std::thread::JoinHandle<()>), StoreError> {
    let (tx, rx) = mpsc::channel();
    let shared = Arc::new(Mutex::new(Shared::default()));
    let lines = start.lines;
    let now = Instant::now();
    let n = lines.len();
    let (snapshot_dirty, snapshot_err) = match start.snapshot_dirty {
        None => (false, None),
        Some(err) => (true, err),
    };
    let worker = Worker {
        disk: start.disk,
        id: start.id,
        snapshot_path: start.snapshot_path,
        draft_path: start.draft_path,
        rescue_dirs: start.rescue_dirs,
        journal: start.journal,
        lines,
        base: n,
        written: n,
        synced: n,
        good_len: start.journal_len,
        synced_len: start.journal_len,
        need_truncate: false,
        journal_err: None,
        journal_retry: now,
        last_sync: None,
        snapshot_dirty,
        snapshot_err,
        snapshot_retry: now,
        last_snapshot: now,
        draft: None,
        draft_err: None,
        draft_retry: now,
        last_draft: None,
        told_checked: start.told.as_ref().map(|_| now),
        logged_open: start.told,
        shared: Arc::clone(&shared),
        _lock: start.lock,
    };
    worker.publish();
    let handle = std::thread::Builder::new()
        .name(format!("save {}", worker.id))
        .spawn(move || worker.run(rx))
        .map_err(|e| StoreError::io(PathBuf::from("(writer thread)"), e))?;
    Ok((
        Writer {
            tx,
            shared,
            sent: Arc::new(AtomicUsize::new(0)),
        },
        handle,
    ))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Force {
    /// Only what is due.
    No,
    /// Journal, sync and draft now (flush).
    Flush,
    /// Everything now, the snapshot too (close).
    All,
}

struct Worker {
    disk: Arc<dyn Disk>,
    id: String,
    snapshot_path: PathBuf,
    draft_path: PathBuf,
    rescue_dirs: Vec<PathBuf>,
    journal: File,
    /// Every event of the session, serialized, in order.
    lines: Vec<Line>,
    /// How many lines were already saved when the thread started.
    base: usize,
    /// Lines written to the journal (a prefix of `lines`).
    written: usize,
    /// Lines synced (a prefix of the written ones).
    synced: usize,
    /// Journal length at the end of the written lines: always a line boundary.
    good_len: u64,
    /// Journal length at the end of the synced lines.
    synced_len: u64,
    /// The file may extend past `good_len` (a failed write left part of a
    /// line): cut it back before appending again.
    need_truncate: bool,
    journal_err: Option<String>,
    journal_retry: Instant,
    last_sync: Option<Instant>,
    snapshot_dirty: bool,
    snapshot_err: Option<String>,
    snapshot_retry: Instant,
    last_snapshot: Instant,
    /// A draft change not yet written (Some(None): remove the file), and
    /// the seq of the last event handed over before it.
    draft: Option<(Option<serde_json::Value>, u64)>,
    draft_err: Option<String>,
    draft_retry: Instant,
    last_draft: Option<Instant>,
    /// Where this machine's log of in-place writes says the session is
    /// open for writing (see `index::note_open_for_writing`).
    logged_open: Option<super::index::Told>,
    /// When `logged_open` was last checked or told (none: never).
    told_checked: Option<Instant>,
    shared: Arc<Mutex<Shared>>,
    /// Held until the thread ends.
    _lock: SessionLock,
}

fn earliest(a: Option<Instant>, b: Instant) -> Option<Instant> {
    Some(a.map_or(b, |a| a.min(b)))
}

impl Worker {
    fn run(mut self, rx: Receiver<Msg>) {
        loop {
            let now = Instant::now();
            let got = match self.next_deadline(now) {
                Some(when) => match rx.recv_timeout(when.saturating_duration_since(now)) {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => break,
                },
                None => match rx.recv() {
                    Ok(m) => Some(m),
                    Err(_) => break,
                },
            };
            let mut next = got;
            let mut handled = 0;
            while let Some(msg) = next {
                match msg {
                    Msg::Append { seq, line } => {
                        self.lines.push(Line { seq, text: line });
                        self.snapshot_dirty = true;
                    }
                    Msg::Draft(d) => {
                        // The events before this change are the ones handed
                        // over so far.
                        let after = self.lines.last().map_or(0, |l| l.seq);
                        self.draft = Some((d, after));
                    }
                    Msg::Flush(reply) => {
                        self.work(Instant::now(), Force::Flush);
                        let _ = reply.send(());
                    }
                    Msg::Close(reply) => {
                        let result = self.finish();
                        let _ = reply.send(result);
                        return;
                    }
                }
                handled += 1;
                next = if handled < BATCH {
                    rx.try_recv().ok()
                } else {
                    None
                };
            }
            self.work(Instant::now(), Force::No);
        }
        // Every Writer is gone without a close (the app is ending): save
        // what is left as a close would.
        let _ = self.finish();
    }

    /// When something next falls due (None: nothing to do until a message).
    fn next_deadline(&self, now: Instant) -> Option<Instant> {
        let mut d = None;
        if self.written < self.lines.len() {
            d = earliest(
                d,
                self.journal_err
                    .as_ref()
                    .map_or(now, |_| self.journal_retry),
            );
        } else if self.synced < self.written {
            d = earliest(d, self.last_sync.map_or(now, |t| t + SYNC_EVERY));
        }
        if self.snapshot_dirty {
            let due = match self.snapshot_err {
                Some(_) => self.snapshot_retry,
                None => self.last_snapshot + SNAPSHOT_EVERY,
            };
            d = earliest(d, due);
        }
        if self.draft.is_some() {
            d = earliest(d, self.draft_due(now));
        }
        d
    }

    /// When the pending draft change falls due: a removal at once, a new
    /// text at most once a second; after a failure, at the retry.
    fn draft_due(&self, now: Instant) -> Instant {
        match (&self.draft_err, &self.draft) {
            (Some(_), _) => self.draft_retry,
            (None, Some((None, _))) => now,
            (None, _) => self.last_draft.map_or(now, |t| t + DRAFT_EVERY),
        }
    }

    fn work(&mut self, now: Instant, force: Force) {
        let forced = force != Force::No;
        self.pump_journal(now, forced);
        self.pump_sync(now, forced);
        self.pump_draft(now, forced);
        self.pump_snapshot(now, force == Force::All);
        self.publish();
    }

    /// Write every line not yet in the journal, in order.
    fn pump_journal(&mut self, now: Instant, force: bool) {
        if self.written == self.lines.len() {
            return;
        }
        if self.journal_err.is_some() && !force && now < self.journal_retry {
            return;
        }
        // About to be written in place: `list` must know (see `index`),
        // told before the first write, and again if the log was replaced
        // or cut since, or could not be told (checked at most once a
        // second).
        let check = self.told_checked.is_none_or(|t| now >= t + TOLD_EVERY);
        if check && let Some(dir) = self.snapshot_path.parent() {
            let told = self
                .logged_open
                .as_ref()
                .is_some_and(|told| super::index::still_told(dir, &self.id, told));
            if !told {
                self.logged_open = super::index::note_open_for_writing(dir, &self.id);
            }
            self.told_checked = Some(now);
        }
        match self.write_pending() {
            Ok(()) => self.journal_err = None,
            Err(e) => {
                self.journal_err = Some(e.to_string());
                self.journal_retry = now + RETRY_EVERY;
            }
        }
    }

    fn write_pending(&mut self) -> io::Result<()> {
        // A failed write may have left part of a line at the end of the
        // file. `good_len` is only advanced after a whole line was written,
        // so cutting the file back to it before appending again leaves the
        // journal ending at a line boundary: no torn line in the middle, and
        // no line twice (a line whose write "failed" after all its bytes
        // landed is cut and written once more). The journal is opened with
        // O_APPEND, so the next write lands at the new end.
        if self.need_truncate {
            self.disk.set_len(&self.journal, self.good_len)?;
            self.need_truncate = false;
        }
        while self.written < self.lines.len() {
            let text = self.lines[self.written].text.as_bytes();
            if let Err(e) = self.disk.write(&mut self.journal, text) {
                self.need_truncate = true;
                return Err(e);
            }
            self.good_len += text.len() as u64;
            self.written += 1;
        }
        Ok(())
    }

    /// Sync the journal if written lines are unsynced and a second has passed.
    fn pump_sync(&mut self, now: Instant, force: bool) {
        if self.synced == self.written || self.journal_err.is_some() {
            return;
        }
        if !force && self.last_sync.is_some_and(|t| now < t + SYNC_EVERY) {
            return;
        }
        self.last_sync = Some(now);
        match self.disk.sync(&self.journal) {
            Ok(()) => {
                self.synced = self.written;
                self.synced_len = self.good_len;
            }
            Err(e) => {
                // After a failed fsync the kernel may have dropped the dirty
                // pages and a later fsync may succeed without writing them,
                // so nothing since the last good sync can be trusted to be
                // on disk: cut back to it and write those lines again.
                self.written = self.synced;
                self.good_len = self.synced_len;
                self.need_truncate = true;
                self.journal_err = Some(e.to_string());
                self.journal_retry = now + RETRY_EVERY;
            }
        }
    }

    fn publish(&self) {
        let seq_at = |n: usize| n.checked_sub(1).map_or(0, |i| self.lines[i].seq);
        let error = self
            .journal_err
            .as_deref()
            .or(self.snapshot_err.as_deref())
            .or(self.draft_err.as_deref())
            .map(saving_failed);
        let mut s = lock_shared(&self.shared);
        s.written_seq = seq_at(self.written);
        s.synced_seq = seq_at(self.synced);
        s.error = error;
        s.synced_new = self.synced.saturating_sub(self.base);
    }

    /// Save everything, as a close does, then say in the log of in-place
    /// writes that this writer wrote its last (even if it wrote nothing: a
    /// `+` left by a crash before is ended by resuming and closing).
    fn finish(&mut self) -> Result<(), StoreError> {
        let saved = self.save_all();
        if let Some(dir) = self.snapshot_path.parent() {
            super::index::note_closed_for_writing(dir, &self.id);
        }
        saved
    }

    /// Save everything now; if something cannot be saved, write a complete
    /// copy somewhere else and say where.
    fn save_all(&mut self) -> Result<(), StoreError> {
        self.work(Instant::now(), Force::All);
        let journal_ok = self.written == self.lines.len() && self.synced == self.written;
        let mut problems = Vec::new();
        if !journal_ok {
            problems.push(format!(
                "{} actions are not in the journal ({})",
                self.lines.len() - self.synced,
                self.journal_err.as_deref().unwrap_or("not synced")
            ));
        }
        if self.snapshot_dirty {
            problems.push(format!(
                "the save file is not up to date ({})",
                self.snapshot_err.as_deref().unwrap_or("not written")
            ));
        }
        if self.draft.is_some() {
            problems.push(format!(
                "the note draft is not saved ({})",
                self.draft_err.as_deref().unwrap_or("not written")
            ));
        }
        if problems.is_empty() {
            return Ok(());
        }
        let message = problems.join("; ");
        // The journal alone is enough to recover a session; when it is
        // incomplete, put a whole copy where the disk may still allow it.
        let (rescue, tried) = if journal_ok {
            (None, Vec::new())
        } else {
            self.rescue()
        };
        Err(StoreError::Unsaved {
            id: self.id.clone(),
            message,
            journal_complete: journal_ok,
            rescue,
            tried,
        })
    }

    /// Write the whole session to the first rescue folder that takes it;
    /// gives where, and the folders tried. The name is a valid session file
    /// name, so it can be opened directly; resuming the session finds it
    /// (see `super::rescue`) and takes back what the journal lacks.
    fn rescue(&self) -> (Option<PathBuf>, Vec<PathBuf>) {
        let bytes = self.snapshot();
        let name = super::rescue::file_name(&self.id, crate::wallclock::now());
        let mut tried = Vec::new();
        for dir in &self.rescue_dirs {
            let path = dir.join(&name);
            tried.push(dir.clone());
            if self.disk.write_atomic(&path, &bytes).is_ok() {
                return (Some(path), tried);
            }
        }
        (None, tried)
    }
}
