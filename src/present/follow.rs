//! Following a session through its files: each poll looks at the files'
//! sizes and modification times and reads a session again only when they
//! changed. Reading goes through [`SessionsDir::load`], which never writes.

use std::collections::BTreeMap;
use std::path::Path;
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
    id: String,
    stamp: Stamp,
    session: Session,
}

/// Follows one session, or the most recent live one in the folder.
#[derive(Debug)]
pub struct Follower {
    dir: SessionsDir,
    pack: Pack,
    /// The session asked for; None: the most recent live one.
    fixed: Option<String>,
    known: BTreeMap<String, Known>,
    current: Option<Current>,
    problem: Option<String>,
    /// The packs sessions ran with, by hash, as read from the folder.
    kept: std::cell::RefCell<BTreeMap<String, Pack>>,
}

impl Follower {
    /// Follow `which` (id, unique id prefix or path), or with None the most
    /// recent live session in `dir`. A session asked for must exist.
    pub fn new(dir: &SessionsDir, pack: &Pack, which: Option<&str>) -> anyhow::Result<Follower> {
        let (dir, fixed) = match which {
            Some(w) => {
                let (d, id) = dir.resolve(w)?;
                (d, Some(id))
            }
            None => (dir.clone(), None),
        };
        Ok(Follower {
            dir,
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

    fn read(&self, id: &str) -> Result<Session, String> {
        self.dir
            .load(id)
            .map(|l| Session::from_events(&self.pack_for(l.events.first()), l.events))
            .map_err(|e| e.to_string())
    }

    /// The pack the session ran with (the folder keeps a copy; see
    /// `store::SessionsDir::pack_of`), else the one `present` was started
    /// with. Read from disk once per pack, and only when they differ.
    pub fn pack_for(&self, first: Option<&EventRecord>) -> Pack {
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
                self.dir
                    .pack_of_events(std::slice::from_ref(rec), &self.pack)
                    .pack
            })
            .clone()
    }

    /// Look at the files at `now` (sessions unchanged since `now - RECENT`
    /// are not picked up in the default mode).
    pub fn poll_at(&mut self, now: SystemTime) -> bool {
        match self.fixed.clone() {
            Some(id) => self.poll_one(&id),
            None => self.poll_folder(now),
        }
    }

    /// Follow one session: read it again when its files changed.
    fn poll_one(&mut self, id: &str) -> bool {
        let stamp = Stamp::of(self.dir.path(), id);
        if self.current.as_ref().is_some_and(|c| c.stamp == stamp) && self.problem.is_none() {
            return false;
        }
        self.take(id, stamp, None)
    }

    /// Read `id` (unless `already` holds it) and follow it; a session that
    /// cannot be read keeps the last good reading and records the problem.
    fn take(&mut self, id: &str, stamp: Stamp, already: Option<Session>) -> bool {
        let read = match already {
            Some(s) => Ok(s),
            None if stamp.exists() => self.read(id),
            None => Err(format!(
                "the session \"{id}\" is not in {}",
                self.dir.path().display()
            )),
        };
        match read {
            Ok(session) => {
                let changed = self
                    .current
                    .as_ref()
                    .is_none_or(|c| c.session.events() != session.events());
                self.current = Some(Current {
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
        let ids = match self.dir.ids() {
            Ok(ids) => ids,
            Err(e) => {
                let e = e.to_string();
                let changed = self.problem.as_deref() != Some(e.as_str());
                self.problem = Some(e);
                return changed;
            }
        };
        self.known.retain(|id, _| ids.contains(id));
        let mut fresh: BTreeMap<String, Session> = BTreeMap::new();
        for id in &ids {
            let stamp = Stamp::of(self.dir.path(), id);
            if self.known.get(id).is_some_and(|k| k.stamp == stamp) {
                continue;
            }
            let live = match self.read(id) {
                Ok(s) => {
                    let live = s.state().is_live();
                    fresh.insert(id.clone(), s);
                    live
                }
                Err(_) => false,
            };
            self.known.insert(id.clone(), Known { stamp, live });
        }
        let since = now.checked_sub(RECENT).unwrap_or(SystemTime::UNIX_EPOCH);
        let best = self
            .known
            .iter()
            .filter(|(_, k)| k.live && k.stamp.changed() >= since)
            .max_by_key(|(id, k)| (k.stamp.changed(), (*id).clone()))
            .map(|(id, k)| (id.clone(), k.stamp));
        let cur = self
            .current
            .as_ref()
            .map(|c| (c.id.clone(), Stamp::of(self.dir.path(), &c.id)));
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
            Some((id, stamp)) => {
                let same = self
                    .current
                    .as_ref()
                    .is_some_and(|c| c.id == id && c.stamp == stamp);
                if same && self.problem.is_none() {
                    return false;
                }
                let already = fresh.remove(&id);
                self.take(&id, stamp, already)
            }
        }
    }
}
