//! The sessions folder: where sessions are saved so that nothing is lost.
//!
//! One session `<id>` is these files in the folder:
//! - `<id>.json`: the snapshot, `{"schema": 1, "id", "saved_at", "events": [...]}`,
//!   always replaced atomically (temporary file, fsync, rename, fsync folder).
//! - `<id>.journal`: every event from seq 1, one JSON line each, appended the
//!   moment it happens and synced at least once a second.
//! - `<id>.draft.json`: the moderator's unsent note draft, if any, naming
//!   the last action before it (a draft whose note was recorded after that
//!   is dropped on reading, see [`SessionsDir::with_draft_check`]).
//! - `<id>.<host>.lock`: held while the session is open for writing on
//!   machine `<host>`; it names the holder's pid and host. One per machine,
//!   so that a sync tool's copy of another laptop's lock never blocks.
//!
//! A folder kept by a sync tool (Syncthing, Dropbox, Nextcloud, git) also
//! holds the tools' conflict copies; [`gather`] reads every session once
//! over one or more folders, however many copies it has (see `names`).
//!
//! Reading ([`SessionsDir::load`]) takes the snapshot, then the journal's
//! newer events, drops a torn end of the journal and says what it found in a
//! [`Recovery`]; it never writes. Opening ([`SessionsDir::open`]) takes the
//! lock, repairs what reading found (always copying a damaged file aside
//! first) and starts the [`Writer`] thread, which alone writes the files
//! from then on. New files are 0600 and a new folder 0700. A session file
//! that is a symbolic link is refused ([`StoreError::Link`]): the lock and
//! the journal are opened with `O_NOFOLLOW`, the snapshot and the draft are
//! replaced by rename (which replaces a link, not what it points to).
//!
//! What survives what (each shown by `tests/durability.rs`):
//! - kill -9: every action the writer has written (it writes each at once,
//!   so in practice all but the last few milliseconds).
//! - a panic, or any way out that drops the [`OpenSession`]: everything
//!   handed over is saved before the drop returns.
//! - a power cut: every action synced; the journal is synced within a second
//!   of a write, so at most the last second is lost. The draft file is only
//!   changed once the actions before the change are synced, so a note just
//!   sent survives as the note or as its draft.
//! - a full or failing disk: everything stays in memory and is written in
//!   order when the disk works again; the files keep their last good state.
//! - a session on disk always starts with its first action: `create` writes
//!   the journal and the snapshot atomically.
//!
//! Writes stay in the sessions folder. The one exception: when closing
//! cannot save a session and the sessions folder refuses a complete copy
//! too, the copy goes to the home folder, then the temporary folder.
//! Opening the session looks for such copies there and takes back what the
//! journal lacks (see `rescue`).
//!
//! Module map: [`disk`] (the file operations, and a failing disk for
//! tests), `load` (reading and recovery), `writer` (the writer thread),
//! `lock` (the session lock), `rescue` (finding and merging rescue
//! copies), `gather` (every session over the folders, each once),
//! `names` (temporary, lock and conflict-copy names), `reconcile` and
//! `reconcile_across` (settling the copies of one session, in each folder
//! and over the folders), `index` (each
//! folder's summary index behind [`SessionsDir::summaries`]: `list`,
//! coverage, the start screen, replay's earlier coverage; read as `gather`
//! counts), `error` ([`StoreError`]).

mod bundle;
mod coverage;
mod decode;
pub mod disk;
mod error;
mod gather;
mod index;
mod load;
mod lock;
pub mod names;
mod open;
mod packs;
mod reconcile;
mod reconcile_across;
mod rescue;
mod writer;

use std::collections::BTreeSet;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use chrono::NaiveDate;

use crate::domain::event::EventRecord;
pub use bundle::{Imported, Selection, bundle_write, import};
pub use coverage::coverage_of_folder;
use disk::{DIR_MODE, Disk, RealDisk};
pub use error::StoreError;
pub use gather::{Found, Gathered, Unit, UnitRead, gather, scan, session_key, settle};
pub use index::{INDEX_FORMAT, Summaries, index_path, machine_name, seal_path, touched_path};
pub use load::{DraftCheck, Loaded, Recovery, SnapshotProblem};
use load::{Paths, read_session, sequence_problems};
pub use packs::{PACKS_DIR, PackOf};
pub use reconcile::{Reconciled, reconcile};
pub use rescue::{RescueFound, RescueOutcome};
pub use writer::{Writer, WriterStatus};

/// A new session's identity: a UUID v7 for `now` (with the system's
/// randomness, so two laptops never make the same one) and this
/// computer's host name.
pub fn new_identity(now: chrono::DateTime<chrono::Utc>) -> (uuid::Uuid, Option<String>) {
    let secs = u64::try_from(now.timestamp()).unwrap_or(0);
    let ts = uuid::Timestamp::from_unix(uuid::NoContext, secs, now.timestamp_subsec_nanos());
    (uuid::Uuid::new_v7(ts), lock::host_name())
}

/// The newest snapshot format this build reads (and writes, for a session
/// that holds an event of that form: see `load::schema_of`).
pub const SCHEMA_VERSION: u32 = crate::domain::event::SCHEMA_2;

/// Longest session id.
const MAX_ID: usize = 80;
/// Longest location part of a new id.
const MAX_SLUG: usize = 40;

/// Whether `id` is a valid session id: `^[a-z0-9][a-z0-9-]{0,79}$`. Such an
/// id can only name a file inside the folder.
pub fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_ID
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

fn check_id(id: &str) -> Result<(), StoreError> {
    if is_valid_id(id) {
        Ok(())
    } else {
        Err(StoreError::BadId { id: id.to_string() })
    }
}

/// `text` as an id part: lowercase ASCII letters and digits, every other
/// run of characters one `-`, no `-` at either end, at most `max` chars.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out.truncate(max);
    out.trim_end_matches('-').to_string()
}

/// One event as a journal line.
pub(crate) struct Line {
    /// Its seq.
    pub seq: u64,
    /// The JSON with its `\n`.
    pub text: String,
}

/// Events as journal lines.
fn encode_lines(id: &str, events: &[EventRecord]) -> Result<Vec<Line>, StoreError> {
    events
        .iter()
        .map(|e| {
            let mut text = serde_json::to_string(e).map_err(|err| StoreError::Encode {
                id: id.to_string(),
                seq: e.seq,
                message: err.to_string(),
            })?;
            text.push('\n');
            Ok(Line { seq: e.seq, text })
        })
        .collect()
}

/// A snapshot of these lines, saved now.
fn snapshot_of(id: &str, lines: &[Line]) -> Vec<u8> {
    load::snapshot_bytes(
        id,
        crate::wallclock::now(),
        lines.iter().map(|l| l.text.as_str()),
    )
}

/// One listing of a sessions folder ([`SessionsDir::listing`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Listing {
    /// The sessions' ids, as [`SessionsDir::ids`] gives them.
    pub ids: Vec<String>,
    /// The conflict copies, by the session they are copies of.
    pub conflicts: std::collections::BTreeMap<String, Vec<(PathBuf, names::FileKind)>>,
}

/// A sessions folder, and the disk it is written through.
#[derive(Debug, Clone)]
pub struct SessionsDir {
    path: PathBuf,
    disk: Arc<dyn Disk>,
    rescue_dirs: Vec<PathBuf>,
    draft_check: Option<DraftCheck>,
    also: Vec<PathBuf>,
}

/// A session open for writing: what was read, and the writer. The writer
/// thread holds the session lock until [`OpenSession::close`]. Dropping an
/// `OpenSession` without closing it (an early return, a panic unwinding)
/// closes it: the drop waits until everything handed over is saved and the
/// lock released, so a process that ends right after loses nothing. Writer
/// clones kept beyond that report that saving has stopped.
#[derive(Debug)]
pub struct OpenSession {
    /// The session as read (and repaired) on opening.
    pub loaded: Loaded,
    /// The handle to save with.
    pub writer: Writer,
    /// The sessions folder the session is in (and written to).
    pub folder: PathBuf,
    thread: Option<JoinHandle<()>>,
}

impl OpenSession {
    /// Save everything (journal, sync, final snapshot, draft), stop the
    /// writer thread and release the lock. If something could not be saved
    /// the error says what, and where a complete rescue copy was written
    /// (see [`StoreError::Unsaved`]); call [`Writer::flush`] first to find
    /// out while the session can still be kept open.
    pub fn close(mut self) -> Result<(), StoreError> {
        let result = self.writer.close(&self.loaded.id);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        result
    }
}

impl Drop for OpenSession {
    fn drop(&mut self) {
        if let Some(thread) = self.thread.take() {
            // What close does, its result unseen: an error is in the
            // writer's status, and a rescue copy was written if needed.
            let _ = self.writer.close(&self.loaded.id);
            let _ = thread.join();
        }
    }
}

/// Lines as one block of bytes.
fn join_lines(lines: &[Line]) -> Vec<u8> {
    lines
        .iter()
        .flat_map(|l| l.text.as_bytes())
        .copied()
        .collect()
}

impl SessionsDir {
    /// A sessions folder at `path` (not created until [`ensure`](Self::ensure) or
    /// [`create`](Self::create)).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let mut rescue_dirs = Vec::new();
        if let Some(home) = std::env::var_os("HOME") {
            rescue_dirs.push(PathBuf::from(home));
        }
        rescue_dirs.push(std::env::temp_dir());
        SessionsDir {
            path: path.into(),
            disk: Arc::new(RealDisk),
            rescue_dirs,
            draft_check: None,
            also: Vec::new(),
        }
    }

    /// More sessions folders read together with this one by [`gather`]
    /// (list, coverage, report, bundle); new sessions still go to this one.
    pub fn with_also(mut self, folders: Vec<PathBuf>) -> Self {
        self.also = folders.into_iter().filter(|f| *f != self.path).collect();
        self
    }

    /// This folder, then every folder given with [`with_also`](Self::with_also).
    pub fn folders(&self) -> Vec<SessionsDir> {
        let mut out = vec![self.clone()];
        out.extend(self.also.iter().map(|p| {
            let mut d = self.at(p.clone());
            d.also = Vec::new();
            d
        }));
        out
    }

    /// The same folder written through another disk (tests inject failures
    /// with [`disk::FaultyDisk`]).
    pub fn with_disk(mut self, disk: Arc<dyn Disk>) -> Self {
        self.disk = disk;
        self
    }

    /// Where a complete copy of a session goes if closing cannot save it and
    /// the sessions folder itself refuses the copy (by default the home
    /// folder, then the temporary folder). The sessions folder is always
    /// tried first.
    pub fn with_rescue_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.rescue_dirs = vec![dir.into()];
        self
    }

    /// Judge every draft read back with `check` (the app uses
    /// [`crate::domain::draft::judge`]): a draft whose note is recorded
    /// already is dropped and its file removed, one the check cannot read
    /// is copied aside and reported like any damaged file. Without a check
    /// any JSON draft is offered back as it is.
    pub fn with_draft_check(mut self, check: DraftCheck) -> Self {
        self.draft_check = Some(check);
        self
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn at(&self, path: PathBuf) -> SessionsDir {
        SessionsDir {
            path,
            disk: Arc::clone(&self.disk),
            rescue_dirs: self.rescue_dirs.clone(),
            draft_check: self.draft_check,
            also: Vec::new(),
        }
    }

    fn file(&self, id: &str, ext: &str) -> PathBuf {
        self.path.join(format!("{id}.{ext}"))
    }

    fn paths(&self, id: &str) -> Paths {
        Paths {
            snapshot: self.file(id, "json"),
            journal: self.file(id, "journal"),
            draft: self.file(id, "draft.json"),
        }
    }

    fn exists(path: &Path) -> bool {
        path.symlink_metadata().is_ok()
    }

    /// Refuse a session any of whose files is a symbolic link, naming it:
    /// it would be read or written through, wherever it points. (Opening
    /// the journal and the lock also refuses links, with `O_NOFOLLOW`, in
    /// case one appears after this check; the snapshot and the draft are
    /// replaced by rename, which replaces a link and not what it points to.)
    fn refuse_links(&self, id: &str) -> Result<(), StoreError> {
        for path in [
            self.path.join(names::lock_name(id)),
            self.file(id, "journal"),
            self.file(id, "json"),
            self.file(id, "draft.json"),
        ] {
            if path
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(StoreError::Link { path });
            }
        }
        Ok(())
    }

    /// Create the folder (0700) if missing. An existing folder is left as it is.
    pub fn ensure(&self) -> Result<(), StoreError> {
        if self.path.is_dir() {
            return Ok(());
        }
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(&self.path)
            .map_err(|e| StoreError::io(&self.path, e))
    }

    /// Ids of every session in the folder (from `*.json` and `*.journal`
    /// names), sorted, leaving out rescue copies of sessions that are in
    /// it. A missing folder has none.
    pub fn ids(&self) -> Result<Vec<String>, StoreError> {
        self.listing().map(|l| l.ids)
    }

    /// The folder listed once: the ids [`SessionsDir::ids`] gives and the
    /// conflict copies, by the session they are copies of (each session's
    /// sorted). A missing folder has none of either.
    pub(crate) fn listing(&self) -> Result<Listing, StoreError> {
        let mut conflicts = std::collections::BTreeMap::new();
        let entries = match std::fs::read_dir(&self.path) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Listing {
                    ids: Vec::new(),
                    conflicts,
                });
            }
            Err(e) => return Err(StoreError::io(&self.path, e)),
        };
        let mut ids = BTreeSet::new();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io(&self.path, e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let id = name
                .strip_suffix(".json")
                .or_else(|| name.strip_suffix(".journal"));
            if let Some(id) = id
                && is_valid_id(id)
            {
                ids.insert(id.to_string());
            }
            if let Some(c) = names::conflict_copy(name) {
                let files: &mut Vec<(PathBuf, names::FileKind)> =
                    conflicts.entry(c.id).or_default();
                files.push((entry.path(), c.kind));
            }
        }
        for files in conflicts.values_mut() {
            files.sort();
        }
        // A rescue copy of a session in this folder is not a session of its
        // own: resuming the session takes it back (see `rescue`). Listing it
        // would invite resuming the copy instead, and fork the session.
        let copies: Vec<String> = ids
            .iter()
            .filter(|c| {
                rescue::rescued_id(c).is_some_and(|of| ids.contains(of))
                    && !Self::exists(&self.file(c, "journal"))
            })
            .cloned()
            .collect();
        for c in copies {
            ids.remove(&c);
        }
        Ok(Listing {
            ids: ids.into_iter().collect(),
            conflicts,
        })
    }

    /// [`SessionsDir::ids`] of this folder and every folder read with it,
    /// each name once, sorted.
    pub fn all_ids(&self) -> Result<Vec<String>, StoreError> {
        let mut ids = BTreeSet::new();
        for d in self.folders() {
            ids.extend(d.ids()?);
        }
        Ok(ids.into_iter().collect())
    }

    /// A session by id, unique id prefix, or path to its `.json` or
    /// `.journal` file (anything with a `/` or `.` is taken as a path), in
    /// this folder or any read with it. Gives the folder it is in (alone:
    /// this one, another read with it, or the path's) and its id. A name in
    /// several folders is taken where its history is longest.
    pub fn resolve(&self, id_or_path: &str) -> Result<(SessionsDir, String), StoreError> {
        if id_or_path.contains('/') || id_or_path.contains('.') {
            let path = Path::new(id_or_path);
            let not_session = || StoreError::NotASessionFile {
                path: path.to_path_buf(),
            };
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(not_session)?;
            let id = name
                .strip_suffix(".journal")
                .or_else(|| name.strip_suffix(".json"))
                .ok_or_else(not_session)?;
            if id.ends_with(".draft") {
                return Err(not_session());
            }
            check_id(id)?;
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if !path.is_file() {
                return Err(StoreError::NotFound {
                    id: id.to_string(),
                    dir: parent,
                });
            }
            return Ok((self.at(parent), id.to_string()));
        }
        if id_or_path.is_empty() {
            return Err(StoreError::BadId { id: String::new() });
        }
        // Every folder read together, each name where it is.
        let folders = self.folders();
        let mut places: Vec<(String, usize)> = Vec::new();
        for (i, d) in folders.iter().enumerate() {
            places.extend(d.ids()?.into_iter().map(|id| (id, i)));
        }
        let exact = places.iter().any(|(i, _)| i == id_or_path);
        let mut matches: Vec<String> = places
            .iter()
            .filter(|(i, _)| {
                if exact {
                    i == id_or_path
                } else {
                    i.starts_with(id_or_path)
                }
            })
            .map(|(i, _)| i.clone())
            .collect();
        matches.sort();
        matches.dedup();
        match matches.len() {
            0 => Err(self.not_found(id_or_path)),
            1 => {
                let id = matches.into_iter().next().unwrap_or_default();
                let mut here: Vec<&SessionsDir> = places
                    .iter()
                    .filter(|(i, _)| *i == id)
                    .filter_map(|(_, f)| folders.get(*f))
                    .collect();
                // In several folders: where its history is longest (then
                // the first folder), as `gather` counts it.
                if here.len() > 1 {
                    let len = |d: &SessionsDir| d.load(&id).map_or(0, |l| l.events.len());
                    let longest = here.iter().map(|d| len(d)).max().unwrap_or(0);
                    here.retain(|d| len(d) == longest);
                }
                let dir = here.first().map_or_else(|| self.clone(), |d| (*d).clone());
                Ok((dir, id))
            }
            _ => Err(StoreError::Ambiguous {
                prefix: id_or_path.to_string(),
                candidates: matches,
            }),
        }
    }

    /// No session `id` in any of the folders read with this one: the error
    /// names them all.
    pub(crate) fn not_found(&self, id: &str) -> StoreError {
        StoreError::NotFound {
            id: id.to_string(),
            dir: PathBuf::from(
                self.folders()
                    .iter()
                    .map(|d| d.path.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        }
    }

    /// The handle of `folder`, one of the folders read with this one (or
    /// any other), alone: where a session found there is read and written.
    pub fn within(&self, folder: &Path) -> SessionsDir {
        if folder == self.path {
            let mut d = self.clone();
            d.also = Vec::new();
            return d;
        }
        self.at(folder.to_path_buf())
    }

    /// Read a session without locking or writing anything (for list,
    /// export, replay, present). A session open elsewhere reads as it
    /// stands on disk.
    pub fn load(&self, id: &str) -> Result<Loaded, StoreError> {
        check_id(id)?;
        Ok(read_session(&self.path, id, &self.paths(id), self.draft_check)?.loaded)
    }

    /// Whether any file of session `id` (or this machine's lock of it) is
    /// in the folder.
    pub(crate) fn is_taken(&self, id: &str) -> bool {
        ["json", "journal", "draft.json", "lock"]
            .iter()
            .any(|ext| Self::exists(&self.file(id, ext)))
            || Self::exists(&self.path.join(names::lock_name(id)))
    }

    /// Whether the session's own snapshot or journal is in the folder.
    pub(crate) fn is_taken_by_files(&self, id: &str) -> bool {
        Self::exists(&self.file(id, "json")) || Self::exists(&self.file(id, "journal"))
    }

    /// A fresh unused id from a date and a location: `2026-11-29-ashford-kent`,
    /// then `-2`, `-3`, ... if taken. The location is slugified (lowercase
    /// ASCII letters and digits, other runs `-`, at most 40 characters).
    pub fn new_id(&self, date: NaiveDate, location: &str) -> String {
        let slug = slugify(location, MAX_SLUG);
        let base = if slug.is_empty() {
            date.format("%Y-%m-%d").to_string()
        } else {
            format!("{}-{slug}", date.format("%Y-%m-%d"))
        };
        let taken = |id: &str| self.is_taken(id);
        if !taken(&base) {
            return base;
        }
        let mut n = 2u32;
        loop {
            let id = format!("{base}-{n}");
            if !taken(&id) {
                return id;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests;
