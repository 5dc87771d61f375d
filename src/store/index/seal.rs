//! The seal of a folder's index and this machine's log of in-place
//! writes: what lets `facilitator list` take an index without statting
//! every file (see [`super::Trust::Listing`]).
//!
//! Why a folder's times can stand in for its files' stamps: a name is
//! added, removed or replaced by rename only through its folder, which
//! moves the folder's modification and change times. Sync tools
//! (Syncthing, Dropbox, Nextcloud) and this app's snapshots deliver files
//! by rename (a temporary file renamed over the name). What does not
//! move the folder's times is a file written in place: this app appends
//! to its journals (and cuts a torn tail back when resuming), so it logs
//! here that a session is open for writing (`+name`, synced before its
//! first write in place: a torn tail's repair on resuming, or its
//! writer's first append) and that it is no longer (`-name`, after its
//! last); a listing stats the names logged since the seal and the names
//! the seal found open, so a running group costs two lines and one sync,
//! not a sync per save. A
//! file another program edits in place without renaming it (an editor
//! that writes in place, `cp` over a file, `cat >>`) cannot be seen this
//! way: `list` shows it once the folder changes; coverage and the start
//! screen stat every file and see it at once.
//!
//! The seal is written by a complete pass (every file statted) that found
//! nothing to change, only if the folder's last change is older than the
//! file system's clock read before the pass began (a change within the
//! same clock tick as the folder's last one would leave its times as they
//! were) and the folder stood the same after the pass. A pass that
//! rewrote the index (by rename, which moves the folder's times) leaves
//! the sealing to the next one. A damaged, foreign or out-of-date seal
//! only means a complete pass.

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Stamp, fnv1a, index_path, this_machine};
use crate::store::disk::{FILE_MODE, no_follow};

/// This machine's log of in-place writes in `dir`: one session name a
/// line, `+name` before this app first writes its journal in place (a
/// writer's first append, or the repair of a torn tail on resuming:
/// [`note_open_for_writing`]), `-name` once its writer has written its
/// last ([`note_closed_for_writing`]). (A bare `name` is a line of the
/// build before, which logged every write.)
pub fn touched_path(dir: &Path) -> PathBuf {
    dir.join(format!(".facilitator-touched.{}", this_machine()))
}

/// Where the log of in-place writes was told that a session is open (see
/// [`note_open_for_writing`]): the log, held open by the session's writer
/// (so that its inode is not given to another file while the session
/// runs), and its length after the line.
pub(crate) struct Told {
    log: std::fs::File,
    ino: u64,
    end: u64,
}

/// Say that session `id` in `dir` is open for writing in place from now
/// on (its journal repaired on resuming, then appended to as the group
/// goes on), before the first such write: a line `+id`, synced, in the
/// log (made if missing: a seal made later must find it). The writer
/// checks, at most once a second before an append, that the log still
/// holds the line ([`still_told`]): a log replaced, removed or cut
/// meanwhile is told again. Until [`note_closed_for_writing`] logs the
/// end, every seal counts the session as open and every listing stats
/// it; a session this machine was writing when it crashed (or that
/// failed to open after its repair) stays open in the log, statted,
/// until it is resumed and closed. None if the log could not be written
/// (see `log_line`).
pub(crate) fn note_open_for_writing(dir: &Path, id: &str) -> Option<Told> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true).mode(FILE_MODE);
    let log = log_line(dir, options, "+", id, true)?;
    let m = log.metadata().ok()?;
    Some(Told {
        log,
        ino: m.ino(),
        end: m.len(),
    })
}

/// Whether the log of in-place writes in `dir` still holds the line
/// `+id` that [`note_open_for_writing`] wrote (`told`): the same file, no
/// shorter, the line where it was written (a stat and a read of a line).
pub(crate) fn still_told(dir: &Path, id: &str, told: &Told) -> bool {
    use std::os::unix::fs::FileExt;
    let line = format!("+{id}\n");
    let Some(at) = told.end.checked_sub(line.len() as u64) else {
        return false;
    };
    let mut back = vec![0; line.len()];
    touched_state(dir).is_some_and(|m| m.0 == told.ino && m.1 >= told.end)
        && told.log.read_exact_at(&mut back, at).is_ok()
        && back == line.as_bytes()
}

/// Say that session `id` in `dir` is no longer written in place here (its
/// writer has written its last, or never wrote): a line `-id`, not synced
/// (lost, the session only stays statted until it is next resumed and
/// closed). Safe whatever the log said before: one writer at a time per
/// session (its lock sees to that), so this line never follows another
/// writer's `+id`.
pub(crate) fn note_closed_for_writing(dir: &Path, id: &str) {
    let mut options = OpenOptions::new();
    options.append(true);
    log_line(dir, options, "-", id, false);
}

/// Append a line `kind` `id` to the log (opened with `options`), synced
/// if `sync`; the log, open, if it was written. If it could not be (other
/// than by there being no log), this machine's index of `dir` is removed
/// (it is only a cache), so nothing is taken from it unchecked.
fn log_line(
    dir: &Path,
    mut options: OpenOptions,
    kind: &str,
    id: &str,
    sync: bool,
) -> Option<std::fs::File> {
    let path = touched_path(dir);
    let mut line = Vec::with_capacity(kind.len() + id.len() + 1);
    line.extend_from_slice(kind.as_bytes());
    line.extend_from_slice(id.as_bytes());
    line.push(b'\n');
    let written = no_follow(&mut options).open(&path).and_then(|mut f| {
        f.write_all(&line)?;
        if sync {
            f.sync_data()?;
        }
        Ok(f)
    });
    match written {
        Ok(f) => Some(f),
        Err(e) => {
            if e.kind() != std::io::ErrorKind::NotFound {
                let _ = std::fs::remove_file(index_path(dir));
            }
            None
        }
    }
}

/// How the log of in-place writes stood: its inode, length and change
/// time, and a digest of its last bytes up to that length (so that a log
/// cut and written again, even to the same length, is not taken for the
/// same log).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct LogMark(u64, u64, i64, u64);

/// How many bytes before a mark its digest covers.
const MARK_BYTES: u64 = 64;

/// The log of in-place writes in `dir` as it stands (none: there is none,
/// or it is not a plain file), its digest not yet taken.
pub(super) fn touched_state(dir: &Path) -> Option<LogMark> {
    let m = touched_path(dir).symlink_metadata().ok()?;
    m.is_file()
        .then(|| LogMark(m.ino(), m.len(), Stamp::from_meta(&m).2, 0))
}

/// The log's bytes from `from` to its end, if it is still the file `ino`.
fn log_from(dir: &Path, ino: u64, from: u64) -> Option<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let mut f = no_follow(OpenOptions::new().read(true))
        .open(touched_path(dir))
        .ok()?;
    if f.metadata().ok()?.ino() != ino {
        return None;
    }
    f.seek(SeekFrom::Start(from)).ok()?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The log's lines: each one's kind (`+` open, `-` closed, none for a
/// repair's) and the session's name.
fn log_lines(bytes: &[u8]) -> impl Iterator<Item = (Option<u8>, String)> + '_ {
    bytes.split(|b| *b == b'\n').filter_map(|l| {
        let (kind, name) = match l.first()? {
            k @ (b'+' | b'-') => (Some(*k), &l[1..]),
            _ => (None, l),
        };
        (!name.is_empty()).then(|| (kind, String::from_utf8_lossy(name).into_owned()))
    })
}

/// The sessions the log says were open for writing when it stood at
/// `mark` (each one's last `+` or `-` line a `+`: one writer at a time
/// per session, its lock sees to that), in name order; none if the log
/// cannot be read back to there.
fn open_at(dir: &Path, mark: LogMark) -> Option<Vec<String>> {
    let bytes = log_from(dir, mark.0, 0)?;
    let mut open = std::collections::BTreeMap::<String, bool>::new();
    for (kind, name) in log_lines(bytes.get(..usize::try_from(mark.1).ok()?)?) {
        if let Some(k) = kind {
            open.insert(name, k == b'+');
        }
    }
    Some(
        open.into_iter()
            .filter(|(_, is_open)| *is_open)
            .map(|(name, _)| name)
            .collect(),
    )
}

/// `mark` with the digest of the log's bytes before it (none if the log
/// cannot be read back to there).
pub(super) fn with_digest(dir: &Path, mark: LogMark) -> Option<LogMark> {
    let start = mark.1.saturating_sub(MARK_BYTES);
    let bytes = log_from(dir, mark.0, start)?;
    let before = bytes.get(..usize::try_from(mark.1 - start).ok()?)?;
    Some(LogMark(mark.0, mark.1, mark.2, fnv1a(before)))
}

/// The names written in place since the log stood at `since` (the seal's
/// mark), the log now standing at `now`; none if the log cannot be read
/// from there (replaced, cut, rewritten, removed, unreadable): then
/// nothing is taken unchecked.
fn touched_since(
    dir: &Path,
    since: Option<LogMark>,
    now: Option<LogMark>,
) -> Option<std::collections::HashSet<String>> {
    let names = |bytes: &[u8]| log_lines(bytes).map(|(_, name)| name).collect();
    match (since, now) {
        (None, None) => Some(Default::default()),
        (None, Some(now)) => log_from(dir, now.0, 0).map(|b| names(&b)),
        (Some(_), None) => None,
        (Some(seal), Some(now)) => {
            // Only ever appended to: the same file, as long or longer, the
            // same bytes before the mark, and if no longer, untouched.
            if seal.0 != now.0 || now.1 < seal.1 || (now.1 == seal.1 && now.2 != seal.2) {
                return None;
            }
            let start = seal.1.saturating_sub(MARK_BYTES);
            let bytes = log_from(dir, seal.0, start)?;
            let cut = usize::try_from(seal.1 - start).ok()?;
            let (before, after) = (bytes.get(..cut)?, bytes.get(cut..)?);
            (fnv1a(before) == seal.3).then(|| names(after))
        }
    }
}

/// This machine's seal of its index in `dir`: the folder's stamp when
/// the index was last found complete (see [`Seal`]).
pub fn seal_path(dir: &Path) -> PathBuf {
    dir.join(format!(".facilitator-seal.{}", this_machine()))
}

/// What a complete pass over a folder vouches for: while the folder still
/// stats as `dir` (no name added, removed or replaced by rename: a
/// folder's modification and change times move with each), the index
/// file that stats as `index` holds every session's own files as they
/// are, except the names this app has written in place since the log of
/// in-place writes stood at `touched`; and while nothing at all was
/// written in place since, `facilitator list` of this folder alone prints
/// what it printed then (`listing`). The sessions open for writing here
/// when the log stood at `touched` (`open`) are never taken unstatted,
/// and while there are any, the listing is not printed as it was.
///
/// The file is this header as one JSON line, then the listing's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Seal {
    facilitator_seal: u32,
    app: String,
    dir: Stamp,
    index: Stamp,
    touched: Option<LogMark>,
    open: Vec<String>,
    listing: Listed,
}

/// The seal's format this build writes and reads.
const SEAL_FORMAT: u32 = 3;

/// What `facilitator list` printed of the folder alone when it was sealed:
/// how many bytes on stdout and their digest (the seal is written in
/// place: a listing cut short or half written is not used), and the lines
/// it wrote on stderr (sessions that could not be read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Listed {
    bytes: u64,
    digest: u64,
    problems: Vec<String>,
}

/// What `facilitator list` prints of a folder whose seal vouches for it
/// (see [`sealed_listing`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedListing {
    /// The lines on stdout.
    pub text: Vec<u8>,
    /// The lines on stderr.
    pub problems: Vec<String>,
}

/// How a folder or a file stands (any kind of file, links not followed).
pub(super) fn stamp_any(path: &Path) -> Option<Stamp> {
    path.symlink_metadata().ok().map(|m| Stamp::from_meta(&m))
}

/// The seal in `dir`, if there is a readable one of this build, and the
/// bytes after its header (the listing, not yet checked).
fn read_seal(dir: &Path) -> Option<(Seal, Vec<u8>)> {
    let mut text = Vec::new();
    no_follow(OpenOptions::new().read(true))
        .open(seal_path(dir))
        .and_then(|mut f| f.read_to_end(&mut text))
        .ok()?;
    let end = memchr::memchr(b'\n', &text)?;
    let seal = serde_json::from_slice::<Seal>(&text[..end])
        .ok()
        .filter(|s| s.facilitator_seal == SEAL_FORMAT && s.app == env!("CARGO_PKG_VERSION"))?;
    text.drain(..=end);
    Some((seal, text))
}

/// Whether the seal in `dir` already says what a seal of this pass would:
/// the same folder, index and log (then it is not written again).
pub(super) fn is_sealed_as(dir: &Path, folder: Stamp, index: Stamp, touched: LogMark) -> bool {
    read_seal(dir).is_some_and(|(s, listing)| {
        s.dir == folder
            && s.index == index
            && s.touched == Some(touched)
            && is_listing(&s.listing, &listing)
    })
}

fn is_listing(listed: &Listed, bytes: &[u8]) -> bool {
    u64::try_from(bytes.len()).is_ok_and(|n| n == listed.bytes) && fnv1a(bytes) == listed.digest
}

/// What `facilitator list` prints of `dir` alone, if its seal vouches for
/// it: the folder and its index stand as sealed, nothing was written in
/// place since (the log of in-place writes stands exactly as it did), and
/// no session was open for writing here when it was sealed.
pub(super) fn sealed_listing(dir: &Path) -> Option<SealedListing> {
    let (seal, text) = read_seal(dir)?;
    let mark = seal.touched?;
    let now = touched_state(dir)?;
    let unmoved = (now.0, now.1, now.2) == (mark.0, mark.1, mark.2)
        && seal.open.is_empty()
        && stamp_any(dir) == Some(seal.dir)
        && stamp_any(&index_path(dir)) == Some(seal.index);
    (unmoved && is_listing(&seal.listing, &text)).then_some(SealedListing {
        text,
        problems: seal.listing.problems,
    })
}

/// Set the seal's modification time to the file system's now, creating
/// it (and the log of in-place writes) empty if missing; that time, read
/// back. Taken before a complete
/// pass looks at the folder: a folder whose last change is older than
/// this cannot change again without its times moving (a change within
/// the same clock tick as the folder's last one would not show).
pub(super) fn seal_clock(dir: &Path) -> Option<i64> {
    use std::os::fd::AsRawFd;
    let _ = no_follow(OpenOptions::new().append(true).create(true).mode(FILE_MODE))
        .open(touched_path(dir));
    let f = no_follow(
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(FILE_MODE),
    )
    .open(seal_path(dir))
    .ok()?;
    let now = [
        libc::timespec {
            tv_sec: 0,
            tv_nsec: libc::UTIME_NOW,
        },
        libc::timespec {
            tv_sec: 0,
            tv_nsec: libc::UTIME_NOW,
        },
    ];
    // SAFETY: `f` is an open file and `now` two valid timespecs.
    if unsafe { libc::futimens(f.as_raw_fd(), now.as_ptr()) } != 0 {
        return None;
    }
    let m = f.metadata().ok()?;
    Some(Stamp::from_meta(&m).1)
}

/// Write the seal in place: the folder `dir` standing as `folder` vouches
/// for the index file standing as `index`, this app's in-place writes
/// after the log's `touched` aside, and for `listing` (what `list` prints
/// of the folder alone: stdout, and the stderr lines). A reader that
/// finds the seal half written cannot parse its header or finds the
/// listing's digest wrong, and checks every file.
pub(super) fn write_seal(
    dir: &Path,
    folder: Stamp,
    index: Stamp,
    touched: LogMark,
    listing: (&[u8], Vec<String>),
) {
    let (text, problems) = listing;
    let Some(open) = open_at(dir, touched) else {
        return;
    };
    let seal = Seal {
        facilitator_seal: SEAL_FORMAT,
        app: env!("CARGO_PKG_VERSION").to_string(),
        dir: folder,
        index,
        touched: Some(touched),
        open,
        listing: Listed {
            bytes: u64::try_from(text.len()).unwrap_or(u64::MAX),
            digest: fnv1a(text),
            problems,
        },
    };
    let Ok(mut bytes) = serde_json::to_vec(&seal) else {
        return;
    };
    bytes.push(b'\n');
    bytes.extend_from_slice(text);
    let opened = no_follow(
        OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(FILE_MODE),
    )
    .open(seal_path(dir));
    if let Ok(mut f) = opened {
        let _ = f.write_all(&bytes);
    }
}

/// The names this app wrote in place since the seal in `dir` was made,
/// if the seal vouches for the index read (`index`, how it stood) and
/// the folder stands as the seal says.
pub(super) fn sealed_since(
    dir: &Path,
    index: Option<Stamp>,
) -> Option<std::collections::HashSet<String>> {
    let (seal, _) = read_seal(dir)?;
    if index != Some(seal.index) || stamp_any(dir) != Some(seal.dir) {
        return None;
    }
    let mut names = touched_since(dir, seal.touched, touched_state(dir))?;
    names.extend(seal.open);
    Some(names)
}
