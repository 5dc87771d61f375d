//! Reading a session from its files, and what recovery found.
//!
//! Nothing here writes: [`read_session`] only reads, and describes what
//! [`super::SessionsDir::open`] would have to repair.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::error::Category;

use super::SCHEMA_VERSION;
use super::error::StoreError;
use crate::domain::draft::DraftVerdict;
use crate::domain::event::EventRecord;

mod recovery;
pub use recovery::*;

/// How a draft read back is judged (see [`super::SessionsDir::with_draft_check`]):
/// the draft, the seq of the last event saved before it was written (if
/// the file says), and the session's events.
pub type DraftCheck = fn(&serde_json::Value, Option<u64>, &[EventRecord]) -> DraftVerdict;

/// The key the writer adds to a draft object: the seq of the last event
/// saved before the draft was written. It is taken out again on reading.
pub(crate) const DRAFT_AFTER_KEY: &str = "saved_after_seq";

/// A session as read from its files.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The session id.
    pub id: String,
    /// Every event, in order (the snapshot's, then the journal's newer ones).
    pub events: Vec<EventRecord>,
    /// The moderator's unsent note draft, if one was saved.
    pub draft: Option<serde_json::Value>,
    /// What reading found and (for `open`) repaired.
    pub recovery: Recovery,
}

/// What was wrong with the snapshot (`<id>.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotProblem {
    /// There was none: everything came from the journal.
    Missing,
    /// It could not be read; everything came from the journal.
    Damaged {
        /// What was wrong, with line:col.
        message: String,
    },
}

/// The journal as scanned.
#[derive(Debug, Clone)]
pub(crate) struct JournalScan {
    /// How many first lines are, byte for byte, the snapshot's first events
    /// (see [`shared_prefix`]): not parsed again, and not in `events`.
    pub shared: usize,
    /// The events of its good lines after the shared ones, in file order.
    pub events: Vec<EventRecord>,
    /// Bytes up to the end of the last good line (the torn tail excluded).
    pub good_len: u64,
    /// Bytes of a torn end that was dropped.
    pub torn: Option<u64>,
    /// The line a torn end starts at, when it is not just the last line.
    pub torn_from_line: Option<usize>,
    /// The last line was complete but had no `\n`.
    pub unterminated: bool,
}

impl JournalScan {
    /// How many good lines the journal has, the shared ones included.
    pub fn count(&self) -> usize {
        self.shared + self.events.len()
    }
}

/// Scan a journal: one event per line. A torn last line (what an
/// interrupted append leaves: no `\n`, or not even syntactically JSON) is
/// dropped and reported. So is everything from a line holding a NUL byte:
/// the journal never contains one (JSON escapes it), but a power cut can
/// leave zeros where unsynced lines were, with later lines after them;
/// keeping those later lines would leave a gap, so the session is recovered
/// up to the damage (and `open` keeps the whole original aside). Anything
/// else that does not parse is an error naming `path:line:col`, because
/// skipping it would silently lose an event.
pub(crate) fn scan_journal(path: &Path, bytes: &[u8]) -> Result<JournalScan, StoreError> {
    scan_journal_from(path, bytes, 0, 0)
}

/// [`scan_journal`] from byte `pos`, the `known` lines before it being the
/// snapshot's first events (one event a line, already read from it).
fn scan_journal_from(
    path: &Path,
    bytes: &[u8],
    pos: usize,
    known: usize,
) -> Result<JournalScan, StoreError> {
    let mut lineno = known;
    let mut scan = JournalScan {
        shared: known,
        events: Vec::new(),
        good_len: pos as u64,
        torn: None,
        torn_from_line: None,
        unterminated: false,
    };
    let mut pos = pos;
    while pos < bytes.len() {
        lineno += 1;
        let rest = &bytes[pos..];
        let (line, next, terminated) = match memchr::memchr(b'\n', rest) {
            Some(i) => (&rest[..i], pos + i + 1, true),
            None => (rest, bytes.len(), false),
        };
        let is_last = next >= bytes.len();
        if line.iter().all(u8::is_ascii_whitespace) {
            // A blank line carries no event.
            if terminated {
                scan.good_len = next as u64;
            } else {
                scan.torn = Some((bytes.len() - pos) as u64);
            }
            pos = next;
            continue;
        }
        match serde_json::from_slice::<EventRecord>(line) {
            Ok(rec) => {
                scan.events.push(rec);
                scan.good_len = next as u64;
                scan.unterminated = !terminated;
            }
            Err(e) => {
                // An interrupted append leaves a strict prefix of a JSON
                // object (an EOF error) or garbage such as NULs after a power
                // cut (a syntax error). A complete JSON value that is not an
                // event (a data error) is not a torn write: refuse it rather
                // than drop a whole line.
                let torn = is_last && matches!(e.classify(), Category::Eof | Category::Syntax);
                let debris = line.contains(&0);
                if torn || debris {
                    scan.torn = Some((bytes.len() - pos) as u64);
                    if !is_last {
                        scan.torn_from_line = Some(lineno);
                    }
                    break;
                } else {
                    return Err(StoreError::Parse {
                        path: path.to_path_buf(),
                        line: lineno,
                        col: e.column(),
                        message: e.to_string(),
                    });
                }
            }
        }
        pos = next;
    }
    Ok(scan)
}

/// How many of the journal's first lines are, byte for byte, the
/// snapshot's first events (the writer builds the snapshot from the very
/// same lines, see [`snapshot_bytes`]), and the journal offset after them.
/// Those lines need not be parsed a second time.
fn shared_prefix(snapshot: &[u8], journal: &[u8]) -> (usize, usize) {
    const OPEN: &[u8] = b"\"events\":[\n";
    let head = &snapshot[..snapshot.len().min(1024)];
    let Some(start) = head.windows(OPEN.len()).position(|w| w == OPEN) else {
        return (0, 0);
    };
    let mut snap = &snapshot[start + OPEN.len()..];
    let (mut n, mut at) = (0, 0);
    while let Some(end) = memchr::memchr(b'\n', snap) {
        let item = &snap[..end];
        let item = item.strip_suffix(b",").unwrap_or(item);
        // The journal's next line is `item` if it starts with it and ends
        // right after (`item` holds no newline).
        let rest = &journal[at..];
        if item.first() != Some(&b'{')
            || !rest.starts_with(item)
            || rest.get(item.len()) != Some(&b'\n')
        {
            break;
        }
        n += 1;
        at += item.len() + 1;
        snap = &snap[end + 1..];
    }
    (n, at)
}

#[derive(Deserialize)]
struct SchemaProbe {
    schema: u32,
}

#[derive(Deserialize)]
struct SnapshotFile {
    schema: u32,
    #[allow(dead_code)]
    #[serde(default)]
    id: Option<String>,
    events: Vec<EventRecord>,
}

/// A snapshot's events, or why it could not be read. Unknown fields are
/// tolerated; a newer schema is an error of its own.
pub(crate) enum SnapshotRead {
    Good(Vec<EventRecord>),
    Damaged(StoreError),
}

pub(crate) fn read_snapshot(path: &Path, bytes: &[u8]) -> Result<SnapshotRead, StoreError> {
    let parse_err = |e: serde_json::Error| StoreError::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        col: e.column(),
        message: e.to_string(),
    };
    let newer = |found: u32| StoreError::NewerSchema {
        path: path.to_path_buf(),
        found,
        supported: SCHEMA_VERSION,
    };
    // One pass when all is well; the probe only to explain a failure (the
    // same answers as probing first).
    // Checked as UTF-8 once, the text is not checked again string by
    // string; bytes that are not UTF-8 get the parser's own message.
    let first = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str::<SnapshotFile>(text),
        Err(_) => serde_json::from_slice::<SnapshotFile>(bytes),
    };
    match first {
        Ok(s) if s.schema > SCHEMA_VERSION => Err(newer(s.schema)),
        Ok(s) => Ok(SnapshotRead::Good(s.events)),
        Err(full) => match serde_json::from_slice::<SchemaProbe>(bytes) {
            Err(e) => Ok(SnapshotRead::Damaged(parse_err(e))),
            Ok(p) if p.schema > SCHEMA_VERSION => Err(newer(p.schema)),
            Ok(_) => Ok(SnapshotRead::Damaged(parse_err(full))),
        },
    }
}

/// Build a snapshot from already-serialized event lines (with or without
/// their `\n`), without re-serializing them.
/// The oldest snapshot format that holds these journal lines (see
/// [`crate::domain::event::SCHEMA_2_MARKS`]): a session that uses no newer
/// form is written as before, so earlier builds keep reading it, and one
/// that does says so, so an earlier build refuses it with the version
/// rather than misreading it.
pub(crate) fn schema_of<'a>(lines: impl IntoIterator<Item = &'a str>) -> u32 {
    use crate::domain::event::{SCHEMA_1, SCHEMA_2, SCHEMA_2_MARKS};
    let mut schema = SCHEMA_1;
    for line in lines {
        if SCHEMA_2_MARKS.iter().any(|m| line.contains(m)) {
            schema = SCHEMA_2;
        }
    }
    schema
}

pub(crate) fn snapshot_bytes<'a>(
    id: &str,
    saved_at: DateTime<Utc>,
    lines: impl IntoIterator<Item = &'a str>,
) -> Vec<u8> {
    let lines: Vec<&str> = lines.into_iter().collect();
    let id = serde_json::Value::String(id.to_string()).to_string();
    let saved = serde_json::Value::String(saved_at.to_rfc3339()).to_string();
    let schema = schema_of(lines.iter().copied());
    let mut out =
        format!("{{\"schema\":{schema},\"id\":{id},\"saved_at\":{saved},\"events\":[").into_bytes();
    let mut first = true;
    for line in lines {
        out.extend_from_slice(if first { b"\n" } else { b",\n" });
        first = false;
        out.extend_from_slice(line.trim_end_matches('\n').as_bytes());
    }
    out.extend_from_slice(b"\n]}\n");
    out
}

/// Everything read from a session's files, for `load` and `open`.
pub(crate) struct Detail {
    pub loaded: Loaded,
    /// The raw snapshot, when it was damaged (to copy aside).
    pub snapshot_damaged: Option<Vec<u8>>,
    /// The raw journal and its scan, if there is one.
    pub journal: Option<(Vec<u8>, JournalScan)>,
    /// The raw draft, when it could not be read (to copy aside).
    pub draft_damaged: Option<Vec<u8>>,
    /// The draft file holds a note already recorded (to remove).
    pub draft_stale: bool,
}

/// A file's bytes, None if it does not exist. Only a regular file is read
/// (after following a symlink): a FIFO would block and a device such as
/// `/dev/zero` never ends.
fn read_opt(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            return Err(StoreError::io(
                path,
                io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"),
            ));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io(path, e)),
    }
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// Paths of one session's files.
pub(crate) struct Paths {
    pub snapshot: PathBuf,
    pub journal: PathBuf,
    pub draft: PathBuf,
}

/// Read a session's files. Writes nothing.
pub(crate) fn read_session(
    dir: &Path,
    id: &str,
    paths: &Paths,
    check: Option<DraftCheck>,
) -> Result<Detail, StoreError> {
    let snap_raw = read_opt(&paths.snapshot)?;
    let journal_raw = read_opt(&paths.journal)?;
    if snap_raw.is_none() && journal_raw.is_none() {
        return Err(StoreError::NotFound {
            id: id.to_string(),
            dir: dir.to_path_buf(),
        });
    }
    // The save file first: a session from a newer facilitator is refused
    // by its format version before its journal is judged (it may hold kinds
    // of action this build does not know).
    let snap_read = match &snap_raw {
        Some(raw) => Some(read_snapshot(&paths.snapshot, raw)?),
        None => None,
    };
    let mut recovery = Recovery::default();
    let journal = match journal_raw {
        Some(raw) => {
            let scan = match (&snap_read, &snap_raw) {
                // The lines the snapshot holds verbatim are not parsed again.
                (Some(SnapshotRead::Good(events)), Some(snap)) => {
                    let (n, at) = shared_prefix(snap, &raw);
                    scan_journal_from(&paths.journal, &raw, at, n.min(events.len()))?
                }
                _ => scan_journal(&paths.journal, &raw)?,
            };
            Some((raw, scan))
        }
        None => None,
    };
    let mut snapshot_damaged = None;
    let snap_events: Option<Vec<EventRecord>> = match snap_read {
        None => {
            recovery.snapshot = Some(SnapshotProblem::Missing);
            None
        }
        Some(SnapshotRead::Good(events)) => Some(events),
        Some(SnapshotRead::Damaged(err)) => {
            if journal.is_none() {
                // Nothing to recover from: say exactly where it is broken.
                return Err(err);
            }
            recovery.snapshot = Some(SnapshotProblem::Damaged {
                message: err.to_string(),
            });
            snapshot_damaged = snap_raw;
            None
        }
    };

    let events = match (snap_events, &journal) {
        (Some(snap), None) => {
            recovery.journal_missing = true;
            snap
        }
        (None, Some((_, scan))) => {
            recovery.from_journal = scan.events.len();
            scan.events.clone()
        }
        (Some(snap), Some((_, scan))) => {
            let last = snap.last().map_or(0, |e| e.seq);
            // The shared lines are the snapshot's first events, as read
            // from it.
            let newer: Vec<EventRecord> = snap[..scan.shared]
                .iter()
                .chain(&scan.events)
                .filter(|e| e.seq > last)
                .cloned()
                .collect();
            let mut events = snap;
            recovery.from_journal = newer.len();
            events.extend(newer);
            // The journal should be a prefix of the result.
            // (The shared lines agree: they are the same events.)
            let disagree = scan
                .events
                .iter()
                .enumerate()
                .filter(|(i, e)| events.get(scan.shared + *i) != Some(*e))
                .count();
            recovery.journal_disagrees = disagree;
            if disagree == 0 {
                recovery.journal_behind = events.len() - scan.count();
            }
            events
        }
        (None, None) => Vec::new(),
    };
    if let Some((_, scan)) = &journal {
        recovery.torn_tail = scan.torn;
        recovery.torn_from_line = scan.torn_from_line;
        recovery.unterminated_kept = scan.unterminated;
    }
    if events.is_empty() {
        // Not a session: its creation was cut short (or the files were
        // emptied). Nothing to show or resume.
        return Err(StoreError::Empty {
            id: id.to_string(),
            dir: dir.to_path_buf(),
        });
    }
    recovery.sequence = sequence_problems(&events);

    let mut draft = None;
    let mut draft_damaged = None;
    let mut draft_stale = false;
    match read_opt(&paths.draft) {
        Ok(None) => {}
        Ok(Some(raw)) => match serde_json::from_slice::<serde_json::Value>(&raw) {
            Ok(mut v) => {
                let after = v
                    .as_object_mut()
                    .and_then(|o| o.remove(DRAFT_AFTER_KEY))
                    .and_then(|a| a.as_u64());
                match check.map_or(DraftVerdict::Keep, |c| c(&v, after, &events)) {
                    DraftVerdict::Keep => draft = Some(v),
                    DraftVerdict::Recorded => {
                        recovery.draft_recorded = true;
                        draft_stale = true;
                    }
                    DraftVerdict::Unreadable(why) => {
                        // Short: it goes on the status line, and the copy
                        // kept aside names the file.
                        recovery.draft_unreadable = Some(why);
                        draft_damaged = Some(raw);
                    }
                }
            }
            Err(e) => {
                recovery.draft_unreadable = Some(format!(
                    "{}:{}:{}: {e}",
                    paths.draft.display(),
                    e.line(),
                    e.column()
                ));
                draft_damaged = Some(raw);
            }
        },
        Err(e) => recovery.draft_unreadable = Some(e.to_string()),
    }

    Ok(Detail {
        loaded: Loaded {
            id: id.to_string(),
            events,
            draft,
            recovery,
        },
        snapshot_damaged,
        journal,
        draft_damaged,
        draft_stale,
    })
}

/// Gaps and repeats in the numbering 1, 2, 3, ..., in words.
pub(crate) fn sequence_problems(events: &[EventRecord]) -> Vec<String> {
    let mut out = Vec::new();
    let mut expected = 1u64;
    for e in events {
        if e.seq != expected {
            if out.len() == 5 {
                out.push("and more".to_string());
                break;
            }
            if e.seq < expected {
                out.push(format!(
                    "number {} appears again after {}",
                    e.seq,
                    expected - 1
                ));
            } else if e.seq - 1 == expected {
                out.push(format!("number {expected} is missing"));
            } else {
                out.push(format!("numbers {} to {} are missing", expected, e.seq - 1));
            }
        }
        expected = e.seq.max(expected.saturating_sub(1)) + 1;
    }
    out
}

#[cfg(test)]
mod tests;
