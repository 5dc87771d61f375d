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
//! folder: JSON lines, a header (`{"facilitator_index": 3, "app": …}`) then
//! one entry per session (an array of fields, see `entry`). Under a sync tool each laptop writes only its own
//! file, so two machines never write the same one (another laptop's file
//! is never read). A missing, truncated or damaged file, or one written by
//! another version of the app (newer or older), is ignored and rebuilt
//! from the sessions; a damaged line loses only its own entry. The file is
//! replaced by rename from a temporary file named by [`super::names::temp_name`]
//! (a name sync tools skip, and the rename is immediate); a folder that
//! cannot be written to simply gets no index.
//!
//! With several `--sessions` folders, each folder has its own index.
//! Sessions are counted as `gather` counts them (each once, over every
//! folder and conflict copy): a name that is only the session's own files
//! and has a fresh entry is taken from the index unread; any other name
//! (conflict copies, a journal that disagrees with its snapshot, a stale
//! or missing entry) is read with [`super::Unit::read`], and its summary
//! is stored when it is one clean history.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::SessionsDir;
use super::disk::{FILE_MODE, no_follow};
use super::gather::{Found, Unit, scan, settle};
use super::names::temp_name;
use crate::domain::summary::{Summary, write_listing};

mod entry;
mod seal;
use entry::{Entry, Folder, Stamp, read_entry, write_entry};
pub use seal::{SealedListing, seal_path, touched_path};
pub(crate) use seal::{Told, note_closed_for_writing, note_open_for_writing, still_told};
use seal::{
    is_sealed_as, seal_clock, sealed_listing, sealed_since, stamp_any, touched_state, with_digest,
    write_seal,
};

/// The index format this build writes; an index of any other format (or
/// written by another version of the app) is ignored and rebuilt.
pub const INDEX_FORMAT: u32 = 3;

#[derive(Serialize, Deserialize)]
struct Header {
    facilitator_index: u32,
    app: String,
}

/// How far [`SessionsDir::summaries`] trusts an index entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trust {
    /// Each file is statted and its stamp compared: an edit in place by
    /// any program is seen (coverage, the start screen, replay).
    Stamps,
    /// While the folder's seal vouches for the index (see [`Seal`]), a
    /// name this app has not written in place since, and was not writing
    /// when the seal was made ([`note_open_for_writing`]), is taken
    /// unread and unstatted
    /// (`facilitator list`). Sync tools deliver by rename, which moves
    /// the folder's times; a file another program edits in place does
    /// not, and is not seen until the folder changes.
    Listing,
}

/// What [`SessionsDir::summaries`] found.
#[derive(Debug, Default)]
pub struct Summaries {
    /// A summary of every session that could be read, each once over
    /// every folder and conflict copy, in folder order then name order.
    pub sessions: Vec<Summary>,
    /// For each of `sessions`, what `list` says about its copies, if
    /// anything needs the moderator ([`super::Found::flag`]).
    pub flags: Vec<Option<String>>,
    /// For each of `sessions`, the folder of the history counted (where
    /// it is resumed).
    pub folders: Vec<PathBuf>,
    /// What could not be read: the session's name (none for a folder that
    /// could not be listed) and why.
    pub problems: Vec<(Option<String>, String)>,
    /// How many summaries came from an index unread.
    pub reused: usize,
    /// How many names were read (no good index entry, or conflict copies).
    pub read: usize,
    /// How many names had their files statted (none, where a seal vouched
    /// for the index, no session was open for writing here when it was
    /// made, and this app wrote nothing in place since).
    pub statted: usize,
    /// Whether an index file was (re)written.
    pub written: bool,
}

/// This machine's name as part of a file name: the host name (lowercase
/// letters, digits and `-`), and a short digest of `/etc/machine-id` so
/// that two laptops that kept the default host name still differ.
/// `FACILITATOR_HOST` stands in for the host name, as it does in locks:
/// two test "laptops" on one machine keep files of their own.
pub fn machine_name() -> String {
    let named = std::env::var("FACILITATOR_HOST").ok();
    let host = named
        .into_iter()
        .chain(
            ["/proc/sys/kernel/hostname", "/etc/hostname"]
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok()),
        )
        .map(|h| super::slugify(h.trim(), 40))
        .find(|h| !h.is_empty())
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

/// This machine's name, worked out once per process.
fn this_machine() -> &'static str {
    static NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    NAME.get_or_init(machine_name)
}

/// The index file of this machine in `dir`.
pub fn index_path(dir: &Path) -> PathBuf {
    dir.join(format!(".facilitator-index.{}", this_machine()))
}

/// The entries of the index at `path`; `false` with them if anything in
/// it was not usable (so it is worth writing again); and how the file
/// read stood (the index is only ever replaced by rename, so what was
/// read is what that stamp names).
fn read_index(path: &Path) -> IndexRead {
    let mut bytes = Vec::new();
    let opened = no_follow(OpenOptions::new().read(true)).open(path);
    let stamp = match opened.and_then(|mut f| {
        let m = f.metadata()?;
        f.read_to_end(&mut bytes)?;
        Ok(m)
    }) {
        Ok(m) => m.is_file().then(|| Stamp::from_meta(&m)),
        Err(_) => return (HashMap::new(), false, None),
    };
    let mut lines = bytes.split(|b| *b == b'\n');
    let header = lines
        .next()
        .and_then(|l| serde_json::from_slice::<Header>(l).ok());
    if !header
        .is_some_and(|h| h.facilitator_index == INDEX_FORMAT && h.app == env!("CARGO_PKG_VERSION"))
    {
        return (HashMap::new(), false, stamp);
    }
    let lines: Vec<&[u8]> = lines.filter(|l| !l.is_empty()).collect();
    // Parsed on every core: a folder of 10,000 sessions has 5 MB of index.
    let parsed = in_parallel(&lines, |l| read_entry(l));
    let mut clean = bytes.ends_with(b"\n") && parsed.iter().all(Option::is_some);
    let mut out = HashMap::with_capacity(parsed.len());
    for e in parsed.into_iter().flatten() {
        // The same session twice: the later line stands (its stamps are
        // checked like any other's) and the file is written again.
        if out.insert(e.sum.id.clone(), e).is_some() {
            clean = false;
        }
    }
    (out, clean, stamp)
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
    // Unique to this process and call (two threads may write at once), and
    // a name sync tools skip.
    let tmp = dir.join(temp_name(name));
    let mut text = serde_json::to_vec(&Header {
        facilitator_index: INDEX_FORMAT,
        app: env!("CARGO_PKG_VERSION").to_string(),
    })?;
    text.push(b'\n');
    for e in entries {
        write_entry(&mut text, e)?;
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

/// What [`read_index`] gives.
type IndexRead = (HashMap<String, Entry>, bool, Option<Stamp>);

/// The file system's clock, the folder's stamp and the log of in-place
/// writes, taken before a pass looks at the folder (see [`seal_clock`]).
type Start = (Option<i64>, Option<Stamp>, Option<seal::LogMark>);

/// A pass over `dir` begins: its [`Start`]. The log is made here if
/// missing (a writer's first append makes it too, which changes the
/// folder: no seal made before counts then).
fn start_of(dir: &Path) -> Start {
    let clock = seal_clock(dir);
    (clock, stamp_any(dir), touched_state(dir))
}

/// One folder's names, as far as its index goes.
struct FolderRead {
    /// Each name's sessions (by the name's place in the folder's units).
    found: Vec<(usize, Found<Summary>)>,
    problems: Vec<(Option<String>, String)>,
    reused: usize,
    read: usize,
    statted: usize,
    written: bool,
}

/// A name read with [`Unit::read`]: what it holds, and the index entry
/// worth keeping for it (a clean history whose files stood still).
struct NameRead {
    found: Vec<Found<Summary>>,
    problems: Vec<(PathBuf, String)>,
    entry: Option<Entry>,
}

/// The stamps of a name's own files, if the index may stand in for it.
type Stamps = Option<(Option<Stamp>, Option<Stamp>)>;

impl SessionsDir {
    /// A summary of every session in this folder and the folders read with
    /// it, each once (as [`super::gather`] counts them), from each folder's
    /// index where a name is only the session's own files and they have not
    /// changed, read otherwise (on every core); then each folder's index is
    /// rewritten if anything in it changed. The result is the same as
    /// reading every session afresh.
    pub fn summaries(&self) -> Summaries {
        self.summaries_kept(Trust::Stamps, |_, _| true)
    }

    /// [`SessionsDir::summaries`] for `facilitator list`: where a folder's
    /// seal vouches for its index, a name's files are not even statted
    /// unless this app wrote them in place since ([`Trust::Listing`]): a
    /// file another program edited in place without renaming it is not
    /// seen until the folder changes.
    pub fn summaries_listed(&self) -> Summaries {
        self.summaries_kept(Trust::Listing, |_, _| true)
    }

    /// What `facilitator list` prints, if this is one folder whose seal
    /// vouches for what it printed when last sealed: the folder and its
    /// index stand as they did, no session was open for writing here when
    /// it was sealed, and this app wrote nothing in place since (see
    /// [`Trust::Listing`] for what is not seen this way). Nothing
    /// else is read.
    pub fn sealed_listing(&self) -> Option<SealedListing> {
        if self.folders().len() != 1 {
            return None;
        }
        sealed_listing(self.path())
    }

    /// [`SessionsDir::summaries`], counting only the sessions `keep` keeps
    /// (asked before sessions in several places are settled).
    pub(crate) fn summaries_kept(
        &self,
        trust: Trust,
        keep: impl Fn(&Unit, &Found<Summary>) -> bool,
    ) -> Summaries {
        // Each folder's clock, stamp and log, taken before its names are
        // listed (what a seal made by this pass vouches for: see
        // `folder_summaries`); its index read meanwhile.
        let folders = self.folders();
        let starts: Vec<Start> = folders.iter().map(|d| start_of(d.path())).collect();
        let (indexes, (units, unlisted)) = std::thread::scope(|scope| {
            let reading: Vec<_> = folders
                .iter()
                .map(|d| scope.spawn(|| read_index(&index_path(d.path()))))
                .collect();
            let scanned = scan(self);
            let indexes: Vec<IndexRead> = reading
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| (HashMap::new(), false, None)))
                .collect();
            (indexes, scanned)
        });
        let mut indexes: Vec<Option<IndexRead>> = indexes.into_iter().map(Some).collect();
        let mut out = Summaries {
            problems: unlisted.into_iter().map(|p| (None, p)).collect(),
            ..Summaries::default()
        };
        let mut found = Vec::new();
        // `scan` gives each folder's names together.
        let mut start = 0;
        while start < units.len() {
            let here = units[start].folder();
            let len = units[start..]
                .iter()
                .take_while(|u| u.folder() == here)
                .count();
            let part = &units[start..start + len];
            let index = indexes.get_mut(here).and_then(Option::take);
            let index = index.unwrap_or_else(|| (HashMap::new(), false, None));
            let begun = starts.get(here).copied().unwrap_or((None, None, None));
            let r = folder_summaries(part, trust, index, begun);
            out.problems.extend(r.problems);
            out.reused += r.reused;
            out.read += r.read;
            out.statted += r.statted;
            out.written |= r.written;
            found.extend(r.found.into_iter().filter(|(i, f)| keep(&part[*i], f)));
            start += len;
        }
        for f in settle(found.into_iter().map(|(_, f)| f).collect()) {
            out.flags.push(f.flag());
            out.folders.push(f.dir.path().to_path_buf());
            out.sessions.push(f.session);
        }
        out
    }
}

/// The sessions of one folder's names (`units`, all of one folder), from
/// the folder's index where it may stand in (`trust`), and the index
/// written again if anything in it changed.
///
/// With [`Trust::Listing`] and a seal that vouches for the index (the
/// folder and the index file stat as the seal says, the log of in-place
/// writes readable from where the seal saw it), a name is taken unread
/// and unstatted unless this app wrote it in place since or had it open
/// for writing when the seal was made: those few are
/// statted, and read if they changed, and nothing is written (the index
/// keeps their old entries, which the log keeps flagging). Otherwise
/// every name's files are statted (a complete pass): the index is
/// rewritten if anything changed, and if nothing did and the folder
/// stood still meanwhile, the seal is written.
fn folder_summaries(units: &[Unit], trust: Trust, index: IndexRead, begun: Start) -> FolderRead {
    let mut out = FolderRead {
        found: Vec::new(),
        problems: Vec::new(),
        reused: 0,
        read: 0,
        statted: 0,
        written: false,
    };
    let Some(first) = units.first() else {
        return out;
    };
    let dir = first.dir();
    let dirp = dir.path();
    let path = index_path(dirp);
    let (mut index, clean, index_stamp) = index;
    let sealed = match trust {
        Trust::Listing => sealed_since(dirp, index_stamp),
        Trust::Stamps => None,
    };
    // A complete pass: the file system's clock, the folder and the log as
    // they were before the folder was listed.
    let start = sealed.is_none().then_some(begun);
    let before = index.len();
    let folder = Folder::open(dirp);
    let trusted: Vec<bool> = units
        .iter()
        .map(|u| {
            sealed.as_ref().is_some_and(|touched| {
                u.is_own_only() && !touched.contains(u.id()) && index.contains_key(u.id())
            })
        })
        .collect();
    let stamps: Vec<Stamps> =
        in_parallel(&units.iter().zip(&trusted).collect::<Vec<_>>(), |(u, t)| {
            (u.is_own_only() && !**t).then(|| {
                (
                    folder.stamp(&format!("{}.json", u.id())),
                    folder.stamp(&format!("{}.journal", u.id())),
                )
            })
        });
    let mut reused: Vec<(usize, Entry)> = Vec::new();
    let mut todo = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let entry = index.remove(u.id());
        match (trusted[i], stamps[i], entry) {
            (true, _, Some(e)) => reused.push((i, e)),
            (_, Some((snap, jour)), Some(e))
                if e.snap == snap && e.jour == jour && (snap.is_some() || jour.is_some()) =>
            {
                reused.push((i, e));
            }
            _ => todo.push(i),
        }
    }
    out.reused = reused.len();
    out.read = todo.len();
    out.statted = stamps.iter().filter(|s| s.is_some()).count();
    let reads = par_map(&todo, |&i| read_name(&units[i], stamps[i], &folder));
    let mut added = Vec::new();
    let mut read_found = Vec::new();
    for (&i, r) in todo.iter().zip(reads) {
        let id = units[i].id();
        out.problems.extend(
            r.problems
                .into_iter()
                .map(|(_, why)| (Some(id.to_string()), why)),
        );
        read_found.extend(r.found.into_iter().map(|f| (i, f)));
        added.extend(r.entry);
    }
    let mut seal = None;
    if let Some((clock, dir_before, touched)) = start {
        // Worth writing when an entry was added, dropped or damaged (one
        // that stays unreadable is not written again and again).
        let changed = !clean || reused.len() + added.len() != before || !added.is_empty();
        if changed {
            let mut entries: Vec<&Entry> =
                reused.iter().map(|(_, e)| e).chain(added.iter()).collect();
            entries.sort_by(|a, b| a.sum.id.cmp(&b.sum.id));
            out.written = write_index(&path, &entries).is_ok();
        } else if let (Some(clock), Some(d), Some(index)) = (clock, dir_before, index_stamp)
            && d.1 < clock
            && d.2 < clock
            && stamp_any(dirp) == Some(d)
            && let Some(touched) = touched.and_then(|m| with_digest(dirp, m))
            && !is_sealed_as(dirp, d, index, touched)
        {
            seal = Some((d, index, touched));
        }
    }
    // In the folder's order, as `scan` gives it: both lists are in it
    // already, merged (not sorted: each `Found` is moved once).
    out.found.reserve(reused.len() + read_found.len());
    let mut read_found = read_found.into_iter().peekable();
    for (i, e) in reused {
        while let Some(f) = read_found.next_if(|(j, _)| *j < i) {
            out.found.push(f);
        }
        let key = e.sum.uuid.to_string();
        out.found.push((i, units[i].found_clean(e.sum, e.len, key)));
    }
    out.found.extend(read_found);
    if let Some((d, index, touched)) = seal {
        // What `list` prints of this folder alone, as it stands.
        let mut text = Vec::with_capacity(out.found.len() * 100);
        for f in settle(out.found.iter().map(|(_, f)| f.clone()).collect()) {
            write_listing(&mut text, &f.session, f.flag().as_deref());
        }
        let problems = out.problems.iter().map(|(_, why)| why.clone()).collect();
        write_seal(dirp, d, index, touched, (&text, problems));
    }
    out
}

/// Read one name with [`Unit::read`]; its entry is kept when it is only
/// the session's own files, one clean history, and they stat the same
/// after reading as before (`stamps`).
fn read_name(u: &Unit, stamps: Stamps, folder: &Folder) -> NameRead {
    let r = u.read(|l| Summary::of(&crate::domain::state::SessionState::fold(&l.events)));
    let mut entry = None;
    if let (Some((snap, jour)), [f], true) = (stamps, r.sessions.as_slice(), r.problems.is_empty())
    {
        let still = folder.stamp(&format!("{}.json", u.id())) == snap
            && folder.stamp(&format!("{}.journal", u.id())) == jour;
        if still && f.is_clean_own() && f.key == f.session.uuid.to_string() {
            entry = Some(Entry {
                snap,
                jour,
                len: f.len,
                sum: f.session.clone(),
            });
        }
    }
    NameRead {
        found: r.sessions,
        problems: r.problems,
        entry,
    }
}

/// `f` of each item, on every core, in order (for work of uneven cost:
/// each worker takes the next item when done with one).
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len() / 8 + 1);
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let f = &f;
    let mut out: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
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
    if out.len() != items.len() {
        // A worker panicked: do its share here.
        let done: std::collections::BTreeSet<usize> = out.iter().map(|(i, _)| *i).collect();
        for (i, item) in items.iter().enumerate() {
            if !done.contains(&i) {
                out.push((i, f(item)));
            }
        }
        out.sort_by_key(|(i, _)| *i);
    }
    out.into_iter().map(|(_, r)| r).collect()
}
