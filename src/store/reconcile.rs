//! `facilitator reconcile SESSION`: settle the copies sync tools left of
//! one session. Nothing is deleted: a conflict copy that is settled is
//! moved into the folder's `reconciled/` subfolder, and a session file
//! about to be rewritten is copied there first.
//!
//! - Every history a prefix of the longest (events are only appended): the
//!   longest becomes the session's own files, the copies are moved aside.
//! - Histories that differ after a common start: both are kept and the
//!   answer says where they part; `--keep FILE` makes that file's history
//!   the session's and moves the others aside.
//! - Two different sessions under one name: the one in the session's own
//!   files keeps the name, each other becomes a session of its own under
//!   the next free name (`-2`, `-3`, ...), its copy moved aside.
//!
//! With several sessions folders this is done in each folder that holds
//! the name, within that folder (its own `reconciled/`), and then the
//! folders' histories are compared (`reconcile_across`). No folder the
//! session is not in is written. Nothing at all is done while the session
//! is open on this machine, or another machine's lock of it in one of
//! those folders is not closed (the rule resume follows: `lock`).

use std::path::{Path, PathBuf};

use super::gather::{Found, Unit, UnitRead, names_of, scan};
use super::load::Loaded;
use super::{SessionsDir, StoreError, encode_lines, join_lines, lock, snapshot_of};

/// The name of the subfolder settled copies are moved into.
pub const RECONCILED_DIR: &str = "reconciled";

/// What reconcile did, one sentence a line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// What was done or found, in words.
    pub said: Vec<String>,
    /// Histories are still diverged (both kept): the exit code is 1.
    pub still_diverged: bool,
    /// With several folders, one could not be reconciled (said in
    /// `said`; the others were): the exit code is 1.
    pub failed: bool,
}

impl SessionsDir {
    /// Write `events` as session `id`'s own journal and snapshot, each
    /// replaced atomically (the caller holds the lock).
    pub(crate) fn write_whole(
        &self,
        id: &str,
        events: &[super::EventRecord],
    ) -> Result<(), StoreError> {
        let lines = encode_lines(id, events)?;
        let p = self.paths(id);
        self.disk
            .write_atomic(&p.journal, &join_lines(&lines))
            .map_err(|e| StoreError::io(&p.journal, e))?;
        self.disk
            .write_atomic(&p.snapshot, &snapshot_of(id, &lines))
            .map_err(|e| StoreError::io(&p.snapshot, e))
    }

    /// Move `file` into `reconciled/` (a free name there), or with `copy`
    /// copy it (for a file about to be rewritten). Returns where it went.
    pub(crate) fn set_aside_file(&self, file: &Path, copy: bool) -> Result<PathBuf, StoreError> {
        let aside = self.path.join(RECONCILED_DIR);
        SessionsDir::new(&aside).ensure()?;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut to = aside.join(&name);
        let mut n = 2;
        while to.symlink_metadata().is_ok() {
            to = aside.join(format!("{name}.{n}"));
            n += 1;
        }
        let done = if copy {
            std::fs::copy(file, &to).map(|_| ())
        } else {
            std::fs::rename(file, &to)
        };
        done.map_err(|e| StoreError::io(file, e))?;
        Ok(to)
    }

    /// `id` if it is free in this folder, else the next name `<id>-2`,
    /// `<id>-3`, ... free in this folder and in each of `also` (the
    /// folders read with it, so that no two sessions share a name there).
    pub(crate) fn free_name(&self, id: &str, also: &[SessionsDir]) -> String {
        if !self.is_taken(id)
            && super::gather::conflict_files(self).is_ok_and(|c| !c.contains_key(id))
        {
            return id.to_string();
        }
        let base = id.chars().take(super::MAX_ID - 4).collect::<String>();
        let mut n = 2u32;
        loop {
            let candidate = format!("{base}-{n}");
            if !self.is_taken(&candidate) && !also.iter().any(|d| d.is_taken(&candidate)) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Where the histories of `a` and `b` part: the number of first events
/// they share.
pub(super) fn shared(a: &Loaded, b: &Loaded) -> usize {
    a.events
        .iter()
        .zip(&b.events)
        .take_while(|(x, y)| x == y)
        .count()
}

fn name(p: &Path) -> String {
    names_of(&[p.to_path_buf()])
}

/// One sessions folder where the session's name has files.
struct Place {
    dir: SessionsDir,
    unit: Unit,
    /// The other names in that folder.
    others: Vec<Unit>,
}

impl Place {
    /// The name's files read, with its copies under other names.
    fn read(&self) -> UnitRead<Loaded> {
        let more = copies_by_identity(&self.unit, &self.others);
        self.unit.clone().with_copies(more).read(|l| l)
    }
}

/// Reconcile session `id` in every folder of `dir` (the first and those
/// read with it) where its name has files: each folder's copies are
/// settled within that folder (see the module docs), then the session's
/// histories in the folders are compared (see `across`). `keep`: the file
/// whose history to keep when they diverged (a path, or a name only one
/// folder holds). Refused, nothing changed, while the session is open on
/// this machine or another machine's lock of it in any of those folders
/// is unclosed. No folder the name is not in is written.
pub fn reconcile(
    dir: &SessionsDir,
    id: &str,
    keep: Option<&Path>,
) -> Result<Reconciled, StoreError> {
    super::check_id(id)?;
    let folders = dir.folders();
    let (units, _) = scan(dir);
    let mut places = Vec::new();
    for (i, d) in folders.iter().enumerate() {
        let (mine, others): (Vec<Unit>, Vec<Unit>) = units
            .iter()
            .filter(|u| u.folder() == i)
            .cloned()
            .partition(|u| u.id() == id);
        if let Some(unit) = mine.into_iter().next() {
            places.push(Place {
                dir: d.clone(),
                unit,
                others,
            });
        }
    }
    if places.is_empty() {
        return Err(dir.not_found(id));
    }
    // Before anything is written anywhere: the group may be running on
    // another laptop (the rule resume follows), or on this one.
    for p in &places {
        lock::refuse_if_open_elsewhere(p.dir.path(), id, "reconcile")?;
    }
    // A file to keep that is not one of the session's is refused before
    // any lock file is written.
    let keep_at = keep.map(|k| keep_place(&places, k)).transpose()?;
    let mut locks = Vec::new();
    for p in &places {
        locks.push(lock::acquire(p.dir.path(), id)?);
    }
    // With several folders each line says which folder it is about.
    let several = folders.len() > 1;
    let settled = format!("{id}: nothing to reconcile");
    let mut out = Reconciled::default();
    for (i, p) in places.iter().enumerate() {
        let k = keep_at
            .as_ref()
            .filter(|(j, _)| *j == i)
            .map(|(_, f)| f.as_path());
        let mut here = Reconciled::default();
        match reconcile_in(p, &folders, id, k, &mut here) {
            Ok(()) => {}
            Err(e) if several => {
                // What was done there is said, and the other folders
                // are still settled; what was done is safe to redo.
                here.said
                    .push(format!("stopped, not reconciled further: {e}"));
                out.failed = true;
            }
            Err(e) => return Err(e),
        }
        out.still_diverged |= here.still_diverged;
        for line in here.said {
            if !several {
                out.said.push(line);
            } else if line != settled {
                out.said.push(format!("{}: {line}", p.dir.path().display()));
            }
        }
    }
    if places.len() > 1 && !out.failed {
        let dirs: Vec<SessionsDir> = places.iter().map(|p| p.dir.clone()).collect();
        let keep_in = keep_at.as_ref().map(|(i, _)| *i);
        if let Err(e) = super::reconcile_across::across(&dirs, id, keep_in, &mut out) {
            out.said
                .push(format!("stopped, not reconciled further: {e}"));
            out.failed = true;
        }
    }
    if several && out.said.is_empty() {
        let at: Vec<String> = places
            .iter()
            .map(|p| p.dir.path().display().to_string())
            .collect();
        out.said.push(format!("{settled} (in {})", at.join(", ")));
    }
    drop(locks);
    Ok(out)
}

/// Which place the file `keep` is in, and its path there; refused unless
/// it holds a history of the session that keeps the name there.
fn keep_place(places: &[Place], keep: &Path) -> Result<(usize, PathBuf), StoreError> {
    let not = || StoreError::NotASessionFile {
        path: keep.to_path_buf(),
    };
    let file = keep.file_name().ok_or_else(not)?;
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let at: Vec<usize> = match keep.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => {
            let parent = real(parent);
            (0..places.len())
                .filter(|&i| real(places[i].dir.path()) == parent)
                .collect()
        }
        None => (0..places.len())
            .filter(|&i| places[i].dir.path().join(file).symlink_metadata().is_ok())
            .collect(),
    };
    let i = match at.as_slice() {
        [] => return Err(not()),
        [i] => *i,
        _ => {
            return Err(StoreError::KeepWhich {
                file: file.to_string_lossy().into_owned(),
                folders: at
                    .iter()
                    .map(|&i| places[i].dir.path().to_path_buf())
                    .collect(),
            });
        }
    };
    let path = places[i].dir.path().join(file);
    let sessions = places[i].read().sessions;
    let main = sessions
        .iter()
        .find(|f| f.in_own_files())
        .or(sessions.first());
    let holds = main.is_some_and(|m| {
        m.files
            .iter()
            .chain(&m.copies)
            .chain(&m.diverged)
            .any(|f| *f == path)
    });
    if holds { Ok((i, path)) } else { Err(not()) }
}

/// Reconcile the session's name within one folder (`folders`: every
/// folder read, so that a new name is free in all of them).
fn reconcile_in(
    place: &Place,
    folders: &[SessionsDir],
    id: &str,
    keep: Option<&Path>,
    out: &mut Reconciled,
) -> Result<(), StoreError> {
    let dir = &place.dir;
    let read = place.read();
    for (file, why) in &read.problems {
        out.said.push(format!(
            "{} could not be read (left as it is): {why}",
            name(file)
        ));
    }
    let mut sessions = read.sessions;
    // The session that keeps the name: the one in its own files.
    let stays = sessions.iter().position(Found::in_own_files).unwrap_or(0);
    if sessions.is_empty() {
        return Ok(());
    }
    let main = sessions.remove(stays);
    for other in sessions {
        let new_id = dir.free_name(id, folders);
        let open = dir.create(
            &new_id,
            &super::gather::renamed(&other.session.events, &new_id),
        )?;
        open.close()?;
        let mut moved = Vec::new();
        for f in other
            .files
            .iter()
            .chain(&other.copies)
            .chain(&other.diverged)
        {
            moved.push(name(&dir.set_aside_file(f, false)?));
        }
        out.said.push(format!(
            "{} holds another session with the same name: it is now the session {new_id} ({} actions); moved to {RECONCILED_DIR}/: {}",
            names_of(&other.files),
            other.len,
            moved.join(", ")
        ));
        if !other.diverged.is_empty() {
            out.said.push(format!(
                "{new_id} also had diverged copies (moved aside with it); reconcile {new_id} after looking at them"
            ));
        }
    }
    settle_main(dir, id, main, keep, out)
}

/// Files under other names that hold this session (the same identity):
/// OneDrive's `<id>-<computer>` copies whose computer name is lowercase
/// look like sessions of their own name. Only names `<id>-…` are looked
/// at, and only histories with the identity of a history of `<id>` are
/// taken (a session renamed `<id>-2` is another session).
fn copies_by_identity(unit: &Unit, others: &[Unit]) -> Vec<PathBuf> {
    let prefix = format!("{}-", unit.id());
    let candidates: Vec<&Unit> = others
        .iter()
        .filter(|u| u.id().starts_with(&prefix))
        .collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let keys: Vec<String> = unit
        .read(|_| ())
        .sessions
        .into_iter()
        .map(|f| f.key)
        .collect();
    let mut out = Vec::new();
    for c in candidates {
        for f in c.read(|_| ()).sessions {
            if keys.contains(&f.key) {
                out.extend(f.files);
                out.extend(f.copies);
                out.extend(f.diverged);
            }
        }
    }
    // A name's own pair is named whether both files are there or not.
    out.retain(|f| f.exists());
    out
}

fn own(dir: &SessionsDir, id: &str, f: &Path) -> bool {
    f == dir.file(id, "json") || f == dir.file(id, "journal")
}

fn read_file(dir: &SessionsDir, id: &str, f: &Path) -> Result<Loaded, StoreError> {
    super::gather::read_one(dir, id, f, super::gather::kind_of(f))
}

fn settle_main(
    dir: &SessionsDir,
    id: &str,
    main: Found,
    keep: Option<&Path>,
    out: &mut Reconciled,
) -> Result<(), StoreError> {
    let mut counted = main.session.clone();
    let mut counted_files = main.files.clone();
    let mut others: Vec<PathBuf> = main.copies.clone();
    if !main.diverged.is_empty() {
        match keep {
            None => {
                for d in &main.diverged {
                    let theirs = read_file(dir, id, d)?;
                    let n = shared(&counted, &theirs);
                    out.said.push(format!(
                        "{} and {} share the first {n} actions, then differ: {} has {} more, {} has {} more. Both are kept; `facilitator reconcile {id} --keep FILE` keeps one (the others are moved to {RECONCILED_DIR}/)",
                        names_of(&counted_files),
                        name(d),
                        names_of(&counted_files),
                        counted.events.len() - n,
                        name(d),
                        theirs.events.len() - n,
                    ));
                }
                out.still_diverged = true;
                return Ok(());
            }
            Some(k) => {
                // A path, or just the file's name in the folder.
                let same = |f: &PathBuf| {
                    f.as_path() == k
                        || (k.parent().is_none_or(|p| p.as_os_str().is_empty())
                            && f.file_name() == k.file_name())
                };
                let in_counted = main.files.iter().chain(&main.copies).any(same);
                match main.diverged.iter().find(|f| same(f)).cloned() {
                    Some(chosen) => {
                        counted = read_file(dir, id, &chosen)?;
                        others.extend(main.files.iter().cloned());
                        others.extend(main.diverged.iter().filter(|f| **f != chosen).cloned());
                        counted_files = vec![chosen];
                    }
                    None if in_counted => others.extend(main.diverged.iter().cloned()),
                    None => {
                        return Err(StoreError::NotASessionFile {
                            path: k.to_path_buf(),
                        });
                    }
                }
            }
        }
    }
    let own_holds_it = counted_files.len() == 2 && counted_files.iter().all(|f| own(dir, id, f));
    let mut moved = Vec::new();
    if !own_holds_it {
        // The session's own files are rewritten from the history kept:
        // copies of them go aside first.
        for ext in ["json", "journal"] {
            let f = dir.file(id, ext);
            if f.exists() {
                moved.push(name(&dir.set_aside_file(&f, true)?));
            }
        }
        dir.write_whole(id, &counted.events)?;
        // The copy it came from is now a copy of the session's own files.
        others.extend(counted_files.iter().filter(|f| !own(dir, id, f)).cloned());
        out.said.push(format!(
            "{id}: kept the history of {} ({} actions) as the session's own files",
            names_of(&counted_files),
            counted.events.len()
        ));
    }
    for f in others {
        if own(dir, id, &f) {
            continue;
        }
        if f.exists() {
            moved.push(name(&dir.set_aside_file(&f, false)?));
        }
    }
    if moved.is_empty() && own_holds_it {
        out.said.push(format!("{id}: nothing to reconcile"));
    } else if !moved.is_empty() {
        out.said.push(format!(
            "moved to {RECONCILED_DIR}/ (kept, no longer counted): {}",
            moved.join(", ")
        ));
    }
    Ok(())
}
