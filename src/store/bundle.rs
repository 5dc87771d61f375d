//! Sessions carried without a sync tool: `facilitator bundle` writes them
//! into one file to send by email or USB stick, `facilitator import` brings
//! bundles, session files and whole sessions folders in.
//!
//! A bundle is JSON Lines (UTF-8 text): the first line
//! `{"facilitator_bundle":1,"written_at":"…","sessions":N,"packs":M}`, then
//! one line per session, `{"id":"<name>","events":[…]}`, the events exactly
//! as in its journal, then one line per pack those sessions ran with (the
//! copy the folder keeps, see `packs`), `{"pack":"<hash>","files":[["<name>",
//! "<text>"],…]}`. Import keeps a pack only if its files hash to its name,
//! beside the sessions it brought in, so that they replay with the texts
//! their groups saw. (A build from before packs travelled refuses such a
//! bundle whole, at the pack line, and writes nothing.)
//!
//! Import checks each session (it begins with its creation, its actions
//! are numbered 1, 2, 3, ...) and compares it by identity (see
//! [`super::session_key`]) with every session in the folders read: the
//! same history or a shorter part of it is skipped; a longer one (more
//! actions of the same group) replaces the session's files, whose old
//! copies go to `reconciled/`; one that diverged is written beside it as a
//! conflict copy for `reconcile`. A new session keeps its name, or gets the
//! next free one (`-2`, ...) if the name is taken: nothing here is ever
//! overwritten by a different session. A session here that another
//! machine may still have open (its lock not closed, the rule resume
//! follows) is neither replaced nor given a conflict copy: it is refused,
//! and the import goes on with the other sessions.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::gather::{gather, is_prefix, read_one};
use super::names::{FileKind, conflict_copy, import_conflict_name, session_file};
use super::{SessionsDir, StoreError, encode_lines, join_lines, lock, sequence_problems};
use crate::domain::event::{Event, EventRecord};
use crate::domain::state::SessionState;
use crate::stimulus::PackFiles;

/// The format version of a bundle.
const BUNDLE_VERSION: u32 = 1;
/// The key of a bundle's first line.
const BUNDLE_KEY: &str = "facilitator_bundle";

#[derive(Serialize, Deserialize)]
struct SessionLine {
    id: String,
    events: Vec<EventRecord>,
}

/// A pack's copy in a bundle: its hash and its files, (name, text).
#[derive(Serialize, Deserialize)]
struct PackLine {
    pack: String,
    files: Vec<(String, String)>,
}

/// The pack hash a session's first event records, if any.
fn pack_hash_of(events: &[EventRecord]) -> Option<String> {
    match events.first().map(|e| &e.event) {
        Some(Event::Created { pack_hash, .. }) => pack_hash.clone(),
        _ => None,
    }
}

/// Which sessions `bundle` takes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these (ids or id prefixes); all if empty.
    pub sessions: Vec<String>,
    /// Only sessions held on or after this date.
    pub since: Option<NaiveDate>,
    /// Only finished sessions.
    pub finished: bool,
}

/// Write the sessions chosen (each once, over every folder read) into a
/// new bundle file `out` (0600; an existing file is refused). Returns the
/// ids written.
pub fn bundle_write(
    dir: &SessionsDir,
    select: &Selection,
    out: &Path,
) -> Result<Vec<String>, StoreError> {
    let found = gather(dir);
    let mut chosen = Vec::new();
    for f in found.sessions {
        let s = SessionState::fold(&f.session.events);
        let named = select.sessions.is_empty()
            || select.sessions.iter().any(|w| f.id.starts_with(w.as_str()));
        let recent = match (select.since, s.profile.date) {
            (None, _) => true,
            (Some(since), Some(d)) => d >= since,
            (Some(since), None) => f
                .session
                .events
                .first()
                .is_some_and(|e| e.at.date_naive() >= since),
        };
        if named && recent && (!select.finished || !s.is_live()) {
            chosen.push(f);
        }
    }
    // The packs the sessions ran with, each once, from the folder that
    // holds the session (a copy missing or damaged there is left out:
    // the session still travels).
    let mut packs: Vec<PackLine> = Vec::new();
    for f in &chosen {
        let Some(hash) = pack_hash_of(&f.session.events) else {
            continue;
        };
        if packs.iter().any(|p| p.pack == hash) {
            continue;
        }
        if let Some(pack) = f.dir.kept_pack(&hash) {
            packs.push(PackLine {
                pack: hash,
                files: pack
                    .files
                    .texts()
                    .map(|(n, t)| (n.to_string(), t.to_string()))
                    .collect(),
            });
        }
    }
    let mut text = serde_json::json!({
        BUNDLE_KEY: BUNDLE_VERSION,
        "written_at": crate::wallclock::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "sessions": chosen.len(),
        "packs": packs.len(),
    })
    .to_string();
    text.push('\n');
    let mut ids = Vec::new();
    for f in chosen {
        let line = serde_json::to_string(&SessionLine {
            id: f.id.clone(),
            events: f.session.events,
        })
        .map_err(|e| StoreError::Encode {
            id: f.id.clone(),
            seq: 0,
            message: e.to_string(),
        })?;
        text.push_str(&line);
        text.push('\n');
        ids.push(f.id);
    }
    for p in &packs {
        let line = serde_json::to_string(p).map_err(|e| StoreError::Encode {
            id: p.pack.clone(),
            seq: 0,
            message: e.to_string(),
        })?;
        text.push_str(&line);
        text.push('\n');
    }
    let io = |e| StoreError::io(out, e);
    let mut file = super::disk::no_follow(
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(super::disk::FILE_MODE),
    )
    .open(out)
    .map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(ids)
}

/// What import did with one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Where it came from (file, and the session's name).
    pub source: String,
    /// What was done, in words.
    pub said: String,
    /// It could not be imported.
    pub refused: bool,
}

/// One session to import.
struct Incoming {
    source: String,
    id: String,
    events: Vec<EventRecord>,
}

/// The packs the sessions to import ran with, by hash, each checked.
#[derive(Default)]
struct Packs {
    /// Copies whose files hash to their name.
    good: BTreeMap<String, PackFiles>,
    /// What was wrong with the others, in words.
    refused: Vec<Imported>,
}

impl Packs {
    /// Take `files` as the pack `hash` if they are it (they hash to its
    /// name and read as a pack); say why not otherwise.
    fn offer(&mut self, source: &str, hash: &str, files: PackFiles) {
        if self.good.contains_key(hash) {
            return;
        }
        let named: Vec<(&str, &str)> = files.texts().collect();
        let whole = files.hash() == hash && crate::stimulus::load::parse_pack(&named).is_ok();
        if whole {
            self.good.insert(hash.to_string(), files);
        } else {
            self.refused.push(Imported {
                source: source.to_string(),
                said: format!(
                    "the copy of the pack {hash} is not that pack (its files do not hash to its name, or do not read as a pack): not kept"
                ),
                refused: true,
            });
        }
    }

    /// The pack the sessions of folder `dir` ran with as `events` say,
    /// from the copy that folder keeps.
    fn kept_in(&mut self, dir: &SessionsDir, events: &[EventRecord]) {
        if let Some(hash) = pack_hash_of(events)
            && !self.good.contains_key(&hash)
            && let Some(pack) = dir.kept_pack(&hash)
        {
            self.good.insert(hash, pack.files);
        }
    }
}

fn read_bundle(path: &Path, out: &mut Vec<Incoming>, packs: &mut Packs) -> Result<(), StoreError> {
    let file = std::fs::File::open(path).map_err(|e| StoreError::io(path, e))?;
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| StoreError::io(path, e))?;
        if n == 0 || line.trim().is_empty() {
            continue;
        }
        let s: SessionLine = match serde_json::from_str(&line) {
            Ok(s) => s,
            Err(e) => match serde_json::from_str::<PackLine>(&line) {
                Ok(p) => {
                    let files =
                        PackFiles::of(p.files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
                    packs.offer(&format!("{}:{}", path.display(), n + 1), &p.pack, files);
                    continue;
                }
                Err(_) => {
                    return Err(StoreError::Parse {
                        path: path.to_path_buf(),
                        line: n + 1,
                        col: e.column(),
                        message: e.to_string(),
                    });
                }
            },
        };
        out.push(Incoming {
            source: format!("{}:{}", path.display(), n + 1),
            id: s.id,
            events: s.events,
        });
    }
    Ok(())
}

fn is_bundle(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut first = String::new();
    let _ = std::io::BufReader::new(file).read_line(&mut first);
    serde_json::from_str::<serde_json::Value>(&first).is_ok_and(|v| v.get(BUNDLE_KEY).is_some())
}

/// Read what `source` holds: a bundle, a session file (own or a conflict
/// copy), or a folder of sessions.
fn read_source(
    source: &Path,
    out: &mut Vec<Incoming>,
    bad: &mut Vec<Imported>,
    packs: &mut Packs,
) -> Result<(), StoreError> {
    if source.is_dir() {
        let found = gather(&SessionsDir::new(source));
        for p in found.problems {
            bad.push(Imported {
                source: source.display().to_string(),
                said: format!("not imported: {p}"),
                refused: true,
            });
        }
        for f in found.sessions {
            packs.kept_in(&f.dir, &f.session.events);
            out.push(Incoming {
                source: source.join(&f.id).display().to_string(),
                id: f.id,
                events: f.session.events,
            });
        }
        return Ok(());
    }
    if is_bundle(source) {
        return read_bundle(source, out, packs);
    }
    let not = || StoreError::NotASessionFile {
        path: source.to_path_buf(),
    };
    let name = source
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(not)?;
    let parent = match source.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let folder = SessionsDir::new(parent);
    let (id, loaded) = if let Some((id, _)) = session_file(name) {
        (id.to_string(), folder.load(id)?)
    } else if let Some(c) = conflict_copy(name) {
        let l = read_one(&folder, &c.id, source, c.kind)?;
        (c.id, l)
    } else {
        return Err(not());
    };
    packs.kept_in(&folder, &loaded.events);
    out.push(Incoming {
        source: source.display().to_string(),
        id,
        events: loaded.events,
    });
    Ok(())
}

/// Why a session cannot be imported, if it cannot.
fn check(inc: &Incoming) -> Option<String> {
    if !super::is_valid_id(&inc.id) {
        return Some(format!("\"{}\" is not a valid session name", inc.id));
    }
    match inc.events.first() {
        Some(EventRecord {
            event: Event::Created { .. },
            ..
        }) => {}
        _ => return Some("it does not begin with its creation".into()),
    }
    let bad = sequence_problems(&inc.events);
    (!bad.is_empty()).then(|| bad.join("; "))
}

/// Import every session `sources` hold into `dir` (new sessions go to
/// `dir` itself; see the module docs). A source that cannot be read at all
/// is an error; a session refused is said in its [`Imported`].
pub fn import(dir: &SessionsDir, sources: &[PathBuf]) -> Result<Vec<Imported>, StoreError> {
    let mut incoming = Vec::new();
    let mut said = Vec::new();
    let mut packs = Packs::default();
    for s in sources {
        read_source(s, &mut incoming, &mut said, &mut packs)?;
    }
    said.append(&mut packs.refused);
    dir.ensure()?;
    for inc in incoming {
        let source = format!("{} ({})", inc.source, inc.id);
        let result = match check(&inc) {
            Some(why) => Err(why),
            None => import_one(dir, &inc)
                .and_then(|(words, folder)| keep_pack_of(&folder, &inc, &packs, words))
                .map_err(|e| e.to_string()),
        };
        said.push(match result {
            Ok(s) => Imported {
                source,
                said: s,
                refused: false,
            },
            Err(why) => Imported {
                source,
                said: format!("not imported: {why}"),
                refused: true,
            },
        });
    }
    Ok(said)
}

/// Keep the pack `inc` ran with in `folder` (where the session now is),
/// if the import brought a good copy and the folder lacks one; `words`
/// say so.
fn keep_pack_of(
    folder: &SessionsDir,
    inc: &Incoming,
    packs: &Packs,
    words: String,
) -> Result<String, StoreError> {
    let Some(hash) = pack_hash_of(&inc.events) else {
        return Ok(words);
    };
    match packs.good.get(&hash) {
        Some(files) if folder.kept_pack(&hash).is_none() => {
            folder.keep_pack(files)?;
            Ok(format!(
                "{words}; its pack {} kept",
                super::packs::short(&hash)
            ))
        }
        _ => Ok(words),
    }
}

/// Import one session; says what was done, and the folder the session is
/// in now.
fn import_one(dir: &SessionsDir, inc: &Incoming) -> Result<(String, SessionsDir), StoreError> {
    let key = super::session_key(&inc.events);
    // Read again each time: an earlier session of this import is counted.
    let here = gather(dir);
    if let Some(f) = here.sessions.iter().find(|f| f.key == key) {
        let mine = &f.session.events;
        if is_prefix(&inc.events, mine) {
            return Ok((
                format!(
                    "already here as {} ({} actions; the import has {})",
                    f.id,
                    mine.len(),
                    inc.events.len()
                ),
                f.dir.within(f.dir.path()),
            ));
        }
        // Not beside a group another laptop may still be running: its
        // next actions would part from what is written here.
        lock::refuse_if_open_elsewhere(f.dir.path(), &f.id, "import")?;
        let _lock = lock::acquire(f.dir.path(), &f.id)?;
        if is_prefix(mine, &inc.events) && f.in_own_files() {
            for ext in ["json", "journal"] {
                let file = f.dir.file(&f.id, ext);
                if file.exists() {
                    f.dir.set_aside_file(&file, true)?;
                }
            }
            f.dir.write_whole(&f.id, &inc.events)?;
            return Ok((
                format!(
                    "{}: {} more actions taken in (old files copied to reconciled/)",
                    f.id,
                    inc.events.len() - mine.len()
                ),
                f.dir.within(f.dir.path()),
            ));
        }
        // Diverged: kept beside it for `reconcile`.
        let stamp = crate::wallclock::now().format("%Y%m%d-%H%M%S").to_string();
        let mut path = f
            .dir
            .path()
            .join(import_conflict_name(&f.id, FileKind::Journal, &stamp));
        let mut n = 2;
        while path.exists() {
            path = f.dir.path().join(import_conflict_name(
                &f.id,
                FileKind::Journal,
                &format!("{stamp}{n}"),
            ));
            n += 1;
        }
        let lines = encode_lines(&f.id, &inc.events)?;
        f.dir
            .disk
            .write_atomic(&path, &join_lines(&lines))
            .map_err(|e| StoreError::io(&path, e))?;
        return Ok((
            format!(
                "{}: its history diverged from the one here; kept as {} (see `facilitator reconcile {}`)",
                f.id,
                super::gather::names_of(&[path]),
                f.id
            ),
            f.dir.within(f.dir.path()),
        ));
    }
    let taken_elsewhere = here.sessions.iter().any(|f| f.id == inc.id);
    let id = if taken_elsewhere {
        let mut n = 2;
        loop {
            let c = format!("{}-{n}", inc.id);
            if !dir.is_taken(&c) && !here.sessions.iter().any(|f| f.id == c) {
                break c;
            }
            n += 1;
        }
    } else {
        dir.free_name(&inc.id, &[])
    };
    let open = dir.create(&id, &super::gather::renamed(&inc.events, &id))?;
    open.close()?;
    let words = if id == inc.id {
        format!("imported as {id} ({} actions)", inc.events.len())
    } else {
        format!(
            "imported as {id} ({} actions): another session is named {}",
            inc.events.len(),
            inc.id
        )
    };
    Ok((words, dir.within(dir.path())))
}
