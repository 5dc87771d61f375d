//! Following a session through its files: each poll looks at the files'
//! sizes and modification times and reads a session again only when they
//! changed. Reading goes through [`SessionsDir::load`], which never writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::domain::event::{Event, EventRecord};
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::store::SessionsDir;

/// In the default mode, a live session whose files have not changed for
/// this long is taken as abandoned and not followed.
pub const RECENT: Duration = Duration::from_secs(12 * 3600);

/// Size and modification time of one file (None: missing).
type FileStamp = Option<(u64, SystemTime)>;

/// What a session's files looked like: the snapshot and the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    snapshot: FileStamp,
    journal: FileStamp,
}

impl Stamp {
    fn of(dir: &Path, id: &str) -> Stamp {
        let file = |ext: &str| {
            let m = std::fs::metadata(dir.join(format!("{id}.{ext}"))).ok()?;
            Some((m.len(), m.modified().ok()?))
        };
        Stamp {
            snapshot: file("json"),
            journal: file("journal"),
        }
    }

    fn exists(&self) -> bool {
        self.snapshot.is_some() || self.journal.is_some()
    }

    /// When the files last changed.
    fn changed(&self) -> SystemTime {
        [self.snapshot, self.journal]
            .iter()
            .flatten()
            .map(|(_, t)| *t)
            .max()
            .unwrap_or(SystemTime::UNIX_EPOCH)
    }
}

/// What is known of a session in the folder (default mode).
#[derive(Debug, Clone)]
struct Known {
    stamp: Stamp,
    /// Readable and not finished.
    live: bool,
}

/// The session being followed.
#[derive(Debug, Clone)]
struct Current {
    folder: PathBuf,
    id: String,
    stamp: Stamp,
    session: Session,
}

/// Follows one session, or the most recent live one in the folders.
#[derive(Debug)]
pub struct Follower {
    dir: SessionsDir,
    pack: Pack,
    /// The session asked for (and its folder); None: the most recent live
    /// one in any of the folders.
    fixed: Option<(PathBuf, String)>,
    /// Default mode: every session of every folder, by folder and id.
    known: BTreeMap<(PathBuf, String), Known>,
    current: Option<Current>,
    problem: Option<String>,
    /// The packs sessions ran with, by hash, as read from the folder.
    kept: std::cell::RefCell<BTreeMap<String, Pack>>,
}

impl Follower {
    /// Follow `which` (id, unique id prefix or path), or with None the most
    /// recent live session in `dir`. A session asked for must exist.
    pub fn new(dir: &SessionsDir, pack: &Pack, which: Option<&str>) -> anyhow::Result<Follower> {
        let fixed = match which {
            Some(w) => {
                let (d, id) = dir.resolve(w)?;
                Some((d.path().to_path_buf(), id))
            }
            None => None,
        };
        Ok(Follower {
            dir: dir.clone(),
            pack: pack.clone(),
            fixed,
            known: BTreeMap::new(),
            current: None,
            problem: None,
            kept: Default::default(),
        })
    }

    /// The session followed, as last read.
    pub fn session(&self) -> Option<&Session> {
        self.current.as_ref().map(|c| &c.session)
    }

    /// Why the session followed could not be read, if it could not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The id of the session followed.
    pub fn id(&self) -> Option<&str> {
        self.current.as_ref().map(|c| c.id.as_str())
    }

    /// Look at the files now; true when what is followed changed.
    pub fn poll(&mut self) -> bool {
        self.poll_at(SystemTime::now())
    }

    fn read(&self, folder: &Path, id: &str) -> Result<Session, String> {
        let dir = self.dir.within(folder);
        dir.load(id)
            .map(|l| Session::from_events(&self.pack_in(&dir, l.events.first()), l.events))
            .map_err(|e| e.to_string())
    }

    /// The pack the session ran with (the folder keeps a copy; see
    /// `store::SessionsDir::pack_of`), else the one `present` was started
    /// with. Read from disk once per pack, and only when they differ.
    pub fn pack_for(&self, first: Option<&EventRecord>) -> Pack {
        let dir = match &self.current {
            Some(c) => self.dir.within(&c.folder),
            None => self.dir.clone(),
        };
        self.pack_in(&dir, first)
    }

    /// [`Follower::pack_for`], the copy looked for in `dir`.
    fn pack_in(&self, dir: &SessionsDir, first: Option<&EventRecord>) -> Pack {
        let Some(rec) = first else {
            return self.pack.clone();
        };
        let Event::Created {
            pack_hash: Some(hash),
            ..
        } = &rec.event
        else {
            return self.pack.clone();
        };
        if *hash == self.pack.files.hash() {
            return self.pack.clone();
        }
        let mut kept = self.kept.borrow_mut();
        kept.entry(hash.clone())
            .or_insert_with(|| {
                dir.pack_of_events(std::slice::from_ref(rec), &self.pack)
                    .pack
            })
            .clone()
    }

    /// Look at the files at `now` (sessions unchanged since `now - RECENT`
    /// are not picked up in the default mode).
    pub fn poll_at(&mut self, now: SystemTime) -> bool {
        match self.fixed.clone() {
            Some((folder, id)) => self.poll_one(&folder, &id),
            None => self.poll_folder(now),
        }
    }

    /// Follow one session: read it again when its files changed.
    fn poll_one(&mut self, folder: &Path, id: &str) -> bool {
        let stamp = Stamp::of(folder, id);
        if self.current.as_ref().is_some_and(|c| c.stamp == stamp) && self.problem.is_none() {
            return false;
        }
        self.take(folder, id, stamp, None)
    }

    /// Read `id` (unless `already` holds it) and follow it; a session that
    /// cannot be read keeps the last good reading and records the problem.
    fn take(&mut self, folder: &Path, id: &str, stamp: Stamp, already: Option<Session>) -> bool {
        let read = match already {
            Some(s) => Ok(s),
            None if stamp.exists() => self.read(folder, id),
            None => Err(format!(
                "the session \"{id}\" is not in {}",
                folder.display()
            )),
        };
        match read {
            Ok(session) => {
                let changed = self
                    .current
                    .as_ref()
                    .is_none_or(|c| c.session.events() != session.events());
                self.current = Some(Current {
                    folder: folder.to_path_buf(),
                    id: id.to_string(),
                    stamp,
                    session,
                });
                let had_problem = self.problem.take().is_some();
                changed || had_problem
            }
            Err(e) => {
                let changed = self.problem.as_deref() != Some(e.as_str());
                self.problem = Some(e);
                changed
            }
        }
    }

    /// The default mode: keep an eye on every session in the folder and
    /// follow the one most recently changed among those still live (and
    /// changed within [`RECENT`]). A session followed stays followed after
    /// it finishes (the wall thanks the group) until another live session
    /// changes after it.
    fn poll_folder(&mut self, now: SystemTime) -> bool {
        let mut places = Vec::new();
        for d in self.dir.folders() {
            match d.ids() {
                Ok(ids) => places.extend(ids.into_iter().map(|id| (d.path().to_path_buf(), id))),
                Err(e) => {
                    let e = e.to_string();
                    let changed = self.problem.as_deref() != Some(e.as_str());
                    self.problem = Some(e);
                    return changed;
                }
            }
        }
        let listed: std::collections::BTreeSet<&(PathBuf, String)> = places.iter().collect();
        self.known.retain(|place, _| listed.contains(place));
        let mut fresh: BTreeMap<(PathBuf, String), Session> = BTreeMap::new();
        for place in places.iter().cloned() {
            let stamp = Stamp::of(&place.0, &place.1);
            if self.known.get(&place).is_some_and(|k| k.stamp == stamp) {
                continue;
            }
            let live = match self.read(&place.0, &place.1) {
                Ok(s) => {
                    let live = s.state().is_live();
                    fresh.insert(place.clone(), s);
                    live
                }
                Err(_) => false,
            };
            self.known.insert(place, Known { stamp, live });
        }
        let since = now.checked_sub(RECENT).unwrap_or(SystemTime::UNIX_EPOCH);
        let best = self
            .known
            .iter()
            .filter(|(_, k)| k.live && k.stamp.changed() >= since)
            .max_by_key(|(place, k)| (k.stamp.changed(), (*place).clone()))
            .map(|(place, k)| (place.clone(), k.stamp));
        let cur = self.current.as_ref().map(|c| {
            (
                (c.folder.clone(), c.id.clone()),
                Stamp::of(&c.folder, &c.id),
            )
        });
        let target = match (best, cur) {
            (None, None) => None,
            (None, Some((id, stamp))) => stamp.exists().then_some((id, stamp)),
            (Some(b), None) => Some(b),
            (Some(b), Some((id, stamp))) => {
                if b.0 == id || !stamp.exists() || b.1.changed() > stamp.changed() {
                    Some(b)
                } else {
                    Some((id, stamp))
                }
            }
        };
        match target {
            None => {
                let changed = self.current.is_some() || self.problem.is_some();
                self.current = None;
                self.problem = None;
                changed
            }
            Some((place, stamp)) => {
                let same = self
                    .current
                    .as_ref()
                    .is_some_and(|c| c.folder == place.0 && c.id == place.1 && c.stamp == stamp);
                if same && self.problem.is_none() {
                    return false;
                }
                let already = fresh.remove(&place);
                self.take(&place.0, &place.1, stamp, already)
            }
        }
    }
}
