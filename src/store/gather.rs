//! Every session over one or more sessions folders, each counted once
//! however many copies of it sync tools left: the reading behind `list`,
//! coverage, the report, `bundle`, `import` and `reconcile` (`list` and
//! coverage through each folder's summary index, see `index`, which stands
//! in for a name only when it is the session's own files, unchanged).
//!
//! A session's histories are the events of its own files (`<id>.json` with
//! `<id>.journal`), of its journal alone when the two disagree (a journal
//! written on another machine than the snapshot), and of each conflict copy
//! (see `names`), in every folder. Histories of the same session (the same
//! first event: same identity) are one session. Events are only ever
//! appended, so when every history is a prefix of the longest, the longest
//! is the session and the others merge silently; when two differ after a
//! common start, the session is counted once (the longest) and flagged as
//! diverged, every file kept, until `reconcile` decides. Two different
//! sessions under one name (two laptops, same place, same day) are both
//! counted and flagged as a name clash.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::load::{Loaded, Paths, read_session};
use super::names::FileKind;
use super::{SessionsDir, StoreError};
use crate::domain::event::{Event, EventRecord};
use crate::domain::state::SessionState;

/// One session as found, and the files that hold it. `T` is what was
/// kept of its history: the [`Loaded`] session for [`gather`], or what a
/// caller folded it into with [`Unit::read`].
#[derive(Debug, Clone)]
pub struct Found<T = Loaded> {
    /// The folder of the history counted.
    pub dir: SessionsDir,
    /// Its name (the id in the file names).
    pub id: String,
    /// The history counted (the longest of the session's histories), as kept.
    pub session: T,
    /// How many events the history counted has.
    pub len: usize,
    /// The session's identity ([`session_key`]).
    pub key: String,
    /// The files that hold the history counted.
    pub files: Vec<PathBuf>,
    /// Other files holding the same history or a shorter part of it
    /// (merged silently: nothing to decide).
    pub copies: Vec<PathBuf>,
    /// Files holding a history that differs from the one counted after a
    /// common start: kept, flagged, for `reconcile`.
    pub diverged: Vec<PathBuf>,
    /// The history counted is in conflict copies only, longer than the
    /// session's own files (`reconcile` takes it in).
    pub in_copy: bool,
    /// Another session has the same name in the same folder.
    pub clash: bool,
    folder: usize,
}

impl<T> Found<T> {
    /// Whether the history counted is in the session's own files (not only
    /// in conflict copies).
    pub fn in_own_files(&self) -> bool {
        let own = [
            self.dir.file(&self.id, "json"),
            self.dir.file(&self.id, "journal"),
        ];
        self.files.iter().any(|f| own.contains(f))
    }

    /// Whether this is the one clean history of a name: the session's own
    /// snapshot and journal agreeing, no copy, nothing diverged or
    /// clashing (what a folder's summary index may keep).
    pub(crate) fn is_clean_own(&self) -> bool {
        self.copies.is_empty()
            && self.diverged.is_empty()
            && !self.in_copy
            && !self.clash
            && self.files
                == [
                    self.dir.file(&self.id, "json"),
                    self.dir.file(&self.id, "journal"),
                ]
    }

    /// What `list` and the report say about the copies, if anything needs
    /// the moderator: diverged histories, a clash of names, a newer copy.
    pub fn flag(&self) -> Option<String> {
        let mut parts = Vec::new();
        let (here, elsewhere): (Vec<PathBuf>, Vec<PathBuf>) = self
            .diverged
            .iter()
            .cloned()
            .partition(|f| f.parent() == Some(self.dir.path()));
        if !here.is_empty() {
            parts.push(format!(
                "diverged: {} other histor{} kept ({}); run `facilitator reconcile {}`",
                here.len(),
                if here.len() == 1 { "y" } else { "ies" },
                names_of(&here),
                self.id
            ));
        }
        if !elsewhere.is_empty() {
            let paths: Vec<String> = elsewhere.iter().map(|f| f.display().to_string()).collect();
            parts.push(format!(
                "diverged from the copy in another sessions folder ({}); `facilitator reconcile {}` with the same --sessions folders says where they part, and with --keep keeps one (the others copied to reconciled/ first)",
                paths.join(", "),
                self.id
            ));
        }
        if self.clash {
            parts.push(format!(
                "another session has the name {}; `facilitator reconcile {}` gives each its own",
                self.id, self.id
            ));
        } else if self.in_copy {
            parts.push(format!(
                "newest copy is {}; `facilitator reconcile {}` takes it in",
                names_of(&self.files),
                self.id
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

pub(crate) fn names_of(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| {
            f.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every session found, and what could not be read (in words).
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    /// One per session, in folder order then name order.
    pub sessions: Vec<Found>,
    /// Files or folders that could not be read.
    pub problems: Vec<String>,
}

/// The identity of a session, from its events: two histories with the same
/// key are the same session. It is the session's UUID (recorded in its
/// first event, or for a session saved before there were UUIDs the one
/// derived from that event: see [`crate::domain::state::SessionState::uuid`]).
pub fn session_key(events: &[EventRecord]) -> String {
    match events.first() {
        Some(first) => SessionState::fold(std::slice::from_ref(first))
            .uuid()
            .to_string(),
        None => String::new(),
    }
}

/// `events` under the name `id`: its creation says the new name, and
/// records the identity the session had (a UUID derived from the old name
/// would change with it).
pub(crate) fn renamed(events: &[EventRecord], new_id: &str) -> Vec<EventRecord> {
    let was = session_key(events).parse::<uuid::Uuid>().ok();
    let mut out = events.to_vec();
    if let Some(EventRecord {
        event: Event::Created { id, uuid, .. },
        ..
    }) = out.first_mut()
    {
        *id = new_id.to_string();
        if uuid.is_none() {
            *uuid = was;
        }
    }
    out
}

/// One history: which files, and what they hold.
struct History {
    files: Vec<PathBuf>,
    own: bool,
    loaded: Loaded,
}

/// Whether `short` is `long`'s first events (the name in the creation
/// left out: a session renamed by `import` or `reconcile` is the same).
pub(crate) fn is_prefix(short: &[EventRecord], long: &[EventRecord]) -> bool {
    if short.len() > long.len() {
        return false;
    }
    match (short.split_first(), long.split_first()) {
        (Some((s0, s_rest)), Some((l0, l_rest))) => {
            (s0 == l0
                || session_key(std::slice::from_ref(s0)) == session_key(std::slice::from_ref(l0)))
                && l_rest[..s_rest.len()] == *s_rest
        }
        _ => true,
    }
}

/// The conflict copies in `dir`, by the session they are copies of.
pub(crate) fn conflict_files(
    dir: &SessionsDir,
) -> Result<BTreeMap<String, Vec<(PathBuf, FileKind)>>, StoreError> {
    dir.listing().map(|l| l.conflicts)
}

/// Read one file alone as a history of session `id`.
pub(crate) fn read_one(
    dir: &SessionsDir,
    id: &str,
    file: &std::path::Path,
    kind: FileKind,
) -> Result<Loaded, StoreError> {
    let none = PathBuf::new();
    let paths = match kind {
        FileKind::Snapshot => Paths {
            snapshot: file.to_path_buf(),
            journal: none.clone(),
            draft: none,
        },
        FileKind::Journal => Paths {
            snapshot: none.clone(),
            journal: file.to_path_buf(),
            draft: none,
        },
    };
    Ok(read_session(dir.path(), id, &paths, None)?.loaded)
}

/// The files of one name in one folder: the session's own and its
/// conflict copies (read with [`Unit::read`]).
#[derive(Debug, Clone)]
pub struct Unit {
    folder: usize,
    dir: SessionsDir,
    id: String,
    own: bool,
    conflicts: Vec<(PathBuf, FileKind)>,
}

/// What [`Unit::read`] found: the sessions under the name (one, unless
/// two sessions share it), and what could not be read.
#[derive(Debug, Clone)]
pub struct UnitRead<T> {
    /// The sessions.
    pub sessions: Vec<Found<T>>,
    /// Files that could not be read, with why.
    pub problems: Vec<(PathBuf, String)>,
}

impl Unit {
    /// The name.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The folder.
    pub fn dir_path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The session's own snapshot file (which may be missing).
    pub fn snapshot_path(&self) -> PathBuf {
        self.dir.file(&self.id, "json")
    }

    /// Whether the name is only the session's own files (no conflict
    /// copies): what a folder's summary index may stand in for.
    pub(crate) fn is_own_only(&self) -> bool {
        self.own && self.conflicts.is_empty()
    }

    /// This name with more `files` read as its conflict copies (copies
    /// found by identity under another name: see `reconcile`).
    pub(crate) fn with_copies(mut self, files: impl IntoIterator<Item = PathBuf>) -> Unit {
        for f in files {
            let kind = kind_of(&f);
            if !self.conflicts.iter().any(|(c, _)| *c == f) {
                self.conflicts.push((f, kind));
            }
        }
        self
    }

    /// Which of the folders read together this name is in (0: the first).
    pub(crate) fn folder(&self) -> usize {
        self.folder
    }

    /// The folder's handle.
    pub(crate) fn dir(&self) -> &SessionsDir {
        &self.dir
    }

    /// The session as [`Unit::read`] finds a clean one in its own files
    /// ([`Found::is_clean_own`]), from what was kept of it earlier (a
    /// summary index): `len` events, identity `key`.
    pub(crate) fn found_clean<T>(&self, session: T, len: usize, key: String) -> Found<T> {
        Found {
            dir: self.dir.clone(),
            id: self.id.clone(),
            files: vec![
                self.dir.file(&self.id, "json"),
                self.dir.file(&self.id, "journal"),
            ],
            len,
            key,
            copies: Vec::new(),
            diverged: Vec::new(),
            in_copy: false,
            clash: false,
            folder: self.folder,
            session,
        }
    }

    /// Read every history under this name, count each session once, and
    /// keep of the history counted what `fold` makes of it.
    pub fn read<T>(&self, fold: impl Fn(Loaded) -> T) -> UnitRead<T> {
        let d = &self.dir;
        let id = &self.id;
        let mut problems = Vec::new();
        let mut all = Vec::new();
        if self.own {
            match d.load(id) {
                Ok(loaded) if loaded.recovery.journal_disagrees > 0 => {
                    // The journal holds a history of its own (written on
                    // another machine than the snapshot).
                    all.push(History {
                        files: vec![d.file(id, "json")],
                        own: true,
                        loaded,
                    });
                    let journal = d.file(id, "journal");
                    match read_one(d, id, &journal, FileKind::Journal) {
                        Ok(loaded) => all.push(History {
                            files: vec![journal],
                            own: true,
                            loaded,
                        }),
                        Err(e) => problems.push((journal, e.to_string())),
                    }
                }
                Ok(loaded) => all.push(History {
                    files: vec![d.file(id, "json"), d.file(id, "journal")],
                    own: true,
                    loaded,
                }),
                Err(e) => problems.push((self.snapshot_path(), e.to_string())),
            }
        }
        for (file, kind) in &self.conflicts {
            match read_one(d, id, file, *kind) {
                Ok(loaded) => all.push(History {
                    files: vec![file.clone()],
                    own: false,
                    loaded,
                }),
                Err(e) => problems.push((file.clone(), e.to_string())),
            }
        }
        // Group by identity, in the order first seen.
        let mut groups: Vec<(String, Vec<History>)> = Vec::new();
        for h in all {
            let key = session_key(&h.loaded.events);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, g)) => g.push(h),
                None => groups.push((key, vec![h])),
            }
        }
        let clash = groups.len() > 1;
        let mut sessions = Vec::new();
        for (key, mut group) in groups {
            // The longest first; of equals, the session's own files.
            group.sort_by(|a, b| {
                b.loaded
                    .events
                    .len()
                    .cmp(&a.loaded.events.len())
                    .then(b.own.cmp(&a.own))
            });
            let mut rest = group.into_iter();
            let Some(counted) = rest.next() else { continue };
            let mut copies = Vec::new();
            let mut diverged = Vec::new();
            let mut own_too = false;
            for h in rest {
                own_too |= h.own;
                if is_prefix(&h.loaded.events, &counted.loaded.events) {
                    copies.extend(h.files);
                } else {
                    diverged.extend(h.files);
                }
            }
            sessions.push(Found {
                dir: d.clone(),
                id: id.clone(),
                len: counted.loaded.events.len(),
                key,
                files: counted.files,
                copies,
                diverged,
                in_copy: !counted.own && own_too,
                clash,
                folder: self.folder,
                session: fold(counted.loaded),
            });
        }
        UnitRead { sessions, problems }
    }
}

/// Every name in `dir` and the folders read with it (no session is read
/// yet), and the folders that could not be listed.
pub fn scan(dir: &SessionsDir) -> (Vec<Unit>, Vec<String>) {
    let mut units = Vec::new();
    let mut problems = Vec::new();
    for (folder, d) in dir.folders().into_iter().enumerate() {
        // One listing gives both the names and the conflict copies.
        let (ids, mut conflicts) = match d.listing() {
            Ok(l) => (l.ids, l.conflicts),
            Err(e) => {
                problems.push(format!("The sessions folder could not be read: {e}"));
                continue;
            }
        };
        // A name listed has its own files (it was listed from them): only
        // a name of conflict copies alone needs a look. (`ids` is sorted.)
        let mut names: Vec<(String, bool)> = conflicts
            .keys()
            .filter(|id| ids.binary_search(id).is_err())
            .map(|id| (id.clone(), false))
            .collect();
        names.extend(ids.into_iter().map(|id| (id, true)));
        names.sort_unstable();
        for (id, listed) in names {
            let own = listed || d.is_taken_by_files(&id);
            units.push(Unit {
                folder,
                dir: d.clone(),
                conflicts: conflicts.remove(&id).unwrap_or_default(),
                id,
                own,
            });
        }
    }
    (units, problems)
}

/// Count each session once over all units read: the same session found
/// in several folders is kept where its history is longest (then the
/// first folder), its other places listed as copies when they hold a part
/// of that history, as diverged when they part from it (each such place
/// is read again: only sessions found in several folders are).
pub fn settle<T>(read: Vec<Found<T>>) -> Vec<Found<T>> {
    // Each session found in one place only (the commonest case, and a
    // folder of 10,000 is settled at every start): nothing to settle.
    let mut keys = std::collections::HashSet::with_capacity(read.len());
    if read.iter().all(|f| keys.insert(f.key.as_str())) {
        return read;
    }
    drop(keys);
    let mut best: BTreeMap<String, usize> = BTreeMap::new();
    for (i, f) in read.iter().enumerate() {
        match best.get(&f.key) {
            Some(&j) => {
                let b = &read[j];
                if (f.len, std::cmp::Reverse(f.folder)) > (b.len, std::cmp::Reverse(b.folder)) {
                    best.insert(f.key.clone(), i);
                }
            }
            None => {
                best.insert(f.key.clone(), i);
            }
        }
    }
    // What the other places hold: (copies, diverged) by identity.
    let mut extra: BTreeMap<String, (Vec<PathBuf>, Vec<PathBuf>)> = BTreeMap::new();
    let mut counted: BTreeMap<String, Option<Vec<EventRecord>>> = BTreeMap::new();
    for (i, f) in read.iter().enumerate() {
        let Some(&b) = best.get(&f.key) else { continue };
        if b == i {
            continue;
        }
        let (copies, diverged) = extra.entry(f.key.clone()).or_default();
        // The commonest case, a copy of the same files (a synced or backup
        // folder), is told by the journals' bytes, without reading an event.
        if journal_is_prefix(&f.files, f.len, &read[b].files) {
            copies.extend(f.files.iter().cloned());
            copies.extend(f.copies.iter().cloned());
            diverged.extend(f.diverged.iter().cloned());
            continue;
        }
        let long = counted
            .entry(f.key.clone())
            .or_insert_with(|| history_of(&read[b].dir, &read[b].id, &read[b].files));
        let places = std::iter::once(f.files.clone())
            .chain(f.copies.iter().chain(&f.diverged).map(|c| vec![c.clone()]));
        for files in places {
            // What cannot be read again is kept as a copy (as it was
            // counted before).
            let parts = match (history_of(&f.dir, &f.id, &files), long.as_deref()) {
                (Some(short), Some(long)) => is_prefix(&short, long),
                _ => true,
            };
            if parts {
                copies.extend(files);
            } else {
                diverged.extend(files);
            }
        }
    }
    let mut out = Vec::new();
    for (i, mut f) in read.into_iter().enumerate() {
        if best.get(&f.key) == Some(&i) {
            if let Some((copies, diverged)) = extra.remove(&f.key) {
                f.copies.extend(copies);
                f.diverged.extend(diverged);
            }
            out.push(f);
        }
    }
    out
}

/// Whether the journal among `short` holds its whole history (`len`
/// lines) and is, byte for byte, the start of the journal among `long`:
/// the same events are written as the same lines, so its history is then
/// a part of the other's.
fn journal_is_prefix(short: &[PathBuf], len: usize, long: &[PathBuf]) -> bool {
    let journal = |files: &[PathBuf]| {
        files
            .iter()
            .find(|f| kind_of(f) == FileKind::Journal)
            .and_then(|f| std::fs::read(f).ok())
    };
    match (journal(short), journal(long)) {
        (Some(s), Some(l)) => {
            len > 0 && s.iter().filter(|&&c| c == b'\n').count() == len && l.starts_with(&s)
        }
        _ => false,
    }
}

/// The history the files of session `id` in `dir` hold: its own snapshot
/// with its journal, or one file alone (None if it cannot be read).
fn history_of(dir: &SessionsDir, id: &str, files: &[PathBuf]) -> Option<Vec<EventRecord>> {
    let loaded = match files {
        [one] => read_one(dir, id, one, kind_of(one)),
        _ => dir.load(id),
    };
    loaded.ok().map(|l| l.events)
}

/// A session file's kind by its extension (`.journal`, else a snapshot).
pub(crate) fn kind_of(file: &std::path::Path) -> FileKind {
    if file.extension().is_some_and(|e| e == "journal") {
        FileKind::Journal
    } else {
        FileKind::Snapshot
    }
}

/// Every session in `dir` and the folders read with it, each once.
pub fn gather(dir: &SessionsDir) -> Gathered {
    let (units, mut problems) = scan(dir);
    let mut found = Vec::new();
    for u in &units {
        let r = u.read(|l| l);
        found.extend(r.sessions);
        problems.extend(r.problems.into_iter().map(|(_, why)| why));
    }
    Gathered {
        sessions: settle(found),
        problems,
    }
}
