//! The folder's summary index: a [`Summary`] of every session, kept so
//! that `list`, and the coverage the app reads at start, cost what changed
//! and not the whole folder.
//!
//! The index is a cache, never the source of truth. Each entry names the
//! size, modification time, change time and inode of the session's
//! snapshot and journal as they were when the summary was computed; an
//! entry is used only while both files still stat the same, and otherwise
//! the session is read again. (The change time cannot be set back by
//! `touch -d` or a sync tool keeping modification times, and a file
//! replaced by rename has a new inode.) A summary is only stored when the
//! files stat the same after reading as before, so a session being written
//! meanwhile is read again next time.
//!
//! One file per machine, `.facilitator-index.<machine>`, in the sessions
//! folder: JSON lines, a header (`{"facilitator_index": 1, "app": …}`) then
//! one entry per session. Under a sync tool each laptop writes only its own
//! file, so two machines never write the same one (another laptop's file
//! is never read). A missing, truncated or damaged file, or one written by
//! another version of the app (newer or older), is ignored and rebuilt
//! from the sessions; a damaged line loses only its own entry. The file is
//! replaced by rename from `.~facilitator-index.<machine>.<pid>-<n>.tmp`
//! (names beginning `.~` and ending `.tmp` are what Dropbox and OneDrive
//! leave alone as temporary, and the rename is immediate); a folder that
//! cannot be written to simply gets no index.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::disk::{FILE_MODE, no_follow};
use super::{SessionsDir, StoreError};
use crate::domain::summary::{Summary, summarise};

/// The index format this build writes; an index of any other format (or
/// written by another version of the app) is ignored and rebuilt.
pub const INDEX_FORMAT: u32 = 1;

/// How a file stood when its session was summed up: its size, its
/// modification and change times (ns) and its inode (a JSON array).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp(u64, i64, i64, u64);

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let m = path.symlink_metadata().ok()?;
        if !m.is_file() {
            return None;
        }
        let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
        Some(Stamp(
            m.size(),
            ns(m.mtime(), m.mtime_nsec()),
            ns(m.ctime(), m.ctime_nsec()),
            m.ino(),
        ))
    }
}

/// One session's line in the index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    /// The snapshot's stamp, if it has one.
    snap: Option<Stamp>,
    /// The journal's stamp, if it has one.
    jour: Option<Stamp>,
    /// The summary computed from those files.
    sum: Summary,
}

#[derive(Serialize, Deserialize)]
struct Header {
    facilitator_index: u32,
    app: String,
}

/// What [`SessionsDir::summaries`] found.
#[derive(Debug, Default)]
pub struct Summaries {
    /// A summary of every session that could be read, by id.
    pub sessions: Vec<Summary>,
    /// The sessions that could not be read, with why.
    pub problems: Vec<(String, StoreError)>,
    /// How many summaries came from the index unread.
    pub reused: usize,
    /// How many sessions were read (the index had no good entry).
    pub read: usize,
    /// Whether the index file was (re)written.
    pub written: bool,
}

/// This machine's name as part of a file name: the host name (lowercase
/// letters, digits and `-`), and a short digest of `/etc/machine-id` so
/// that two laptops that kept the default host name still differ.
pub fn machine_name() -> String {
    let host = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|h| super::slugify(h.trim(), 40))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".to_string());
    match std::fs::read_to_string("/etc/machine-id") {
        Ok(id) if !id.trim().is_empty() => {
            format!("{host}-{:08x}", fnv1a(id.trim().as_bytes()) as u32)
        }
        _ => host,
    }
}

/// FNV-1a, 64 bits: a stable digest (std's hasher may change between
/// releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The index file of this machine in `dir`.
pub fn index_path(dir: &Path) -> PathBuf {
    dir.join(format!(".facilitator-index.{}", machine_name()))
}

/// The entries of the index at `path`; `false` with them if anything in
/// it was not usable (so it is worth writing again).
fn read_index(path: &Path) -> (HashMap<String, Entry>, bool) {
    let mut bytes = Vec::new();
    let opened = no_follow(OpenOptions::new().read(true)).open(path);
    match opened.and_then(|mut f| f.read_to_end(&mut bytes)) {
        Ok(_) => {}
        Err(_) => return (HashMap::new(), false),
    }
    let mut lines = bytes.split(|b| *b == b'\n');
    let header = lines
        .next()
        .and_then(|l| serde_json::from_slice::<Header>(l).ok());
    if !header
        .is_some_and(|h| h.facilitator_index == INDEX_FORMAT && h.app == env!("CARGO_PKG_VERSION"))
    {
        return (HashMap::new(), false);
    }
    let lines: Vec<&[u8]> = lines.filter(|l| !l.is_empty()).collect();
    // Parsed on every core: a folder of 10,000 sessions has 5 MB of index.
    let parsed = in_parallel(&lines, |l| serde_json::from_slice::<Entry>(l).ok());
    let mut clean = bytes.ends_with(b"\n") && parsed.iter().all(Option::is_some);
    let mut out = HashMap::with_capacity(parsed.len());
    for e in parsed.into_iter().flatten() {
        // The same session twice: the later line stands (its stamps are
        // checked like any other's) and the file is written again.
        if out.insert(e.sum.id.clone(), e).is_some() {
            clean = false;
        }
    }
    (out, clean)
}

/// `f` of every item, in order, the items split between the cores in
/// contiguous shares (for cheap work on many items: stat, parse).
fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if cores <= 1 || items.len() < 1000 {
        return items.iter().map(f).collect();
    }
    let share = items.len().div_ceil(cores);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(share)
            .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for (h, chunk) in handles.into_iter().zip(items.chunks(share)) {
            match h.join() {
                Ok(part) => out.extend(part),
                // A share that panicked is done again here.
                Err(_) => out.extend(chunk.iter().map(f)),
            }
        }
        out
    })
}

/// Replace the index at `path` with `entries` (by rename; errors are the
/// caller's to ignore: the index is only a cache).
fn write_index(path: &Path, entries: &[&Entry]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(".facilitator-index");
    // Unique to this process and call: two threads may write at once.
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let tmp = dir.join(format!(
        ".~{}.{}-{}.tmp",
        name.trim_start_matches('.'),
        std::process::id(),
        CALLS.fetch_add(1, Ordering::Relaxed)
    ));
    let mut text = serde_json::to_vec(&Header {
        facilitator_index: INDEX_FORMAT,
        app: env!("CARGO_PKG_VERSION").to_string(),
    })?;
    text.push(b'\n');
    for e in entries {
        serde_json::to_writer(&mut text, e)?;
        text.push(b'\n');
    }
    let result = (|| {
        let mut f: File = no_follow(
            OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(FILE_MODE),
        )
        .open(&tmp)?;
        f.write_all(&text)?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A session read and summed up, and whether its entry is worth keeping.
type Summed = Result<(Entry, bool), StoreError>;

/// The work of one session whose index entry is missing or stale.
struct ToRead {
    id: String,
    snap: Option<Stamp>,
    jour: Option<Stamp>,
}

impl SessionsDir {
    /// A summary of every session in the folder, from this machine's
    /// index where the files have not changed since, read from the
    /// sessions otherwise (on every core); then the index is rewritten if
    /// anything in it changed. The result is the same as reading every
    /// session afresh. Fails only if the folder cannot be listed (a missing
    /// folder has no sessions).
    pub fn summaries(&self) -> Result<Summaries, StoreError> {
        let ids = self.ids()?;
        let path = index_path(&self.path);
        let (mut index, clean) = if ids.is_empty() {
            (HashMap::new(), true)
        } else {
            read_index(&path)
        };
        let before = index.len();
        let stamps = in_parallel(&ids, |id| {
            (
                Stamp::of(&self.file(id, "json")),
                Stamp::of(&self.file(id, "journal")),
            )
        });
        let mut todo = Vec::new();
        for (slot, (id, (snap, jour))) in ids.iter().zip(stamps).enumerate() {
            let fresh = index.get(id).is_some_and(|e| {
                e.snap == snap && e.jour == jour && (snap.is_some() || jour.is_some())
            });
            if !fresh {
                index.remove(id);
                todo.push((
                    slot,
                    ToRead {
                        id: id.clone(),
                        snap,
                        jour,
                    },
                ));
            }
        }
        let reused = ids.len() - todo.len();
        let read = todo.len();
        let results = read_all(self, &todo);
        let mut problems = Vec::new();
        // Summaries of sessions that changed while read (not kept), by slot.
        let mut unkept = HashMap::new();
        let mut added = 0;
        for ((slot, job), result) in todo.iter().zip(results) {
            match result {
                Ok((entry, true)) => {
                    added += 1;
                    index.insert(job.id.clone(), entry);
                }
                Ok((entry, false)) => {
                    unkept.insert(*slot, entry.sum);
                }
                Err(e) => problems.push((job.id.clone(), e)),
            }
        }
        let mut written = false;
        let entries: Vec<&Entry> = ids.iter().filter_map(|id| index.get(id)).collect();
        // Worth writing when an entry was added, dropped or damaged (one
        // that stays unreadable is not written again and again).
        let changed = !clean || entries.len() != before || added > 0;
        if changed && !ids.is_empty() {
            written = write_index(&path, &entries).is_ok();
        }
        let sessions = ids
            .iter()
            .enumerate()
            .filter_map(|(slot, id)| {
                unkept
                    .remove(&slot)
                    .or_else(|| index.remove(id).map(|e| e.sum))
            })
            .collect();
        Ok(Summaries {
            sessions,
            problems,
            reused,
            read,
            written,
        })
    }

    /// Read and sum up one session; whether its files stood still while
    /// it was read (only then is the entry worth keeping).
    fn summarise(&self, job: &ToRead) -> Summed {
        let loaded = self.load(&job.id)?;
        let sum = summarise(&loaded.events);
        let snap = Stamp::of(&self.file(&job.id, "json"));
        let jour = Stamp::of(&self.file(&job.id, "journal"));
        let keep = snap == job.snap && jour == job.jour;
        Ok((
            Entry {
                snap: job.snap,
                jour: job.jour,
                sum,
            },
            keep,
        ))
    }
}

/// [`SessionsDir::summarise`] for each job, on every core, in order.
fn read_all(dir: &SessionsDir, todo: &[(usize, ToRead)]) -> Vec<Summed> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(todo.len() / 8 + 1);
    if workers <= 1 {
        return todo.iter().map(|(_, j)| dir.summarise(j)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut out: Vec<(usize, Summed)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((_, job)) = todo.get(i) else { break };
                        mine.push((i, dir.summarise(job)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    out.sort_by_key(|(i, _)| *i);
    if out.len() != todo.len() {
        // A worker panicked: do its share here.
        let done: std::collections::BTreeSet<usize> = out.iter().map(|(i, _)| *i).collect();
        for (i, (_, job)) in todo.iter().enumerate() {
            if !done.contains(&i) {
                out.push((i, dir.summarise(job)));
            }
        }
        out.sort_by_key(|(i, _)| *i);
    }
    out.into_iter().map(|(_, r)| r).collect()
}
