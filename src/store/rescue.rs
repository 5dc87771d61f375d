//! Rescue copies: when closing cannot save a session's journal, the writer
//! writes a complete copy (a snapshot) as `<id>-rescue-<YYYYMMDD-HHMMSS>.json`
//! in the sessions folder, else the home folder, else the temporary folder.
//! Opening the session looks in those folders and takes back from a copy
//! the actions the journal lacks: the copy's events must begin with every
//! event the session has (same seq, same content), and those after are
//! appended, so nothing is lost and nothing is doubled. A copy used (or
//! holding nothing new) is renamed `<name>.merged` beside where it was, so
//! it is neither listed as a session nor taken again; a copy that does not
//! match is left as it is and reported.
//!
//! Only a regular file (not a link) with the same owner as the session's
//! files and writable by its owner alone is read: the temporary folder is
//! shared, and a copy planted there by someone else must not become part
//! of the session.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::load::{SnapshotRead, read_snapshot};
use crate::domain::event::EventRecord;

/// The name of a rescue copy of session `id` written at `now`.
pub(crate) fn file_name(id: &str, now: DateTime<Utc>) -> String {
    format!("{id}-rescue-{}.json", now.format("%Y%m%d-%H%M%S"))
}

/// The id of the session that `copy` (an id) is a rescue copy of, if it
/// is named like one.
pub(crate) fn rescued_id(copy: &str) -> Option<&str> {
    // "-rescue-" and "YYYYMMDD-HHMMSS".
    let cut = copy.len().checked_sub(8 + 15)?;
    let of = copy.get(..cut)?;
    is_rescue_of(&format!("{copy}.json"), of).then_some(of)
}

/// Whether `name` is the name of a rescue copy of session `id` (not yet merged).
fn is_rescue_of(name: &str, id: &str) -> bool {
    let Some(rest) = name
        .strip_prefix(id)
        .and_then(|r| r.strip_prefix("-rescue-"))
        .and_then(|r| r.strip_suffix(".json"))
    else {
        return false;
    };
    let b = rest.as_bytes();
    b.len() == 15
        && b[8] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 8 || c.is_ascii_digit())
}

/// What was done with one rescue copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RescueOutcome {
    /// This many actions were taken back from it.
    Merged(usize),
    /// It held nothing the session lacks.
    NothingNew,
    /// It was left as it is (why).
    Left(String),
}

/// A rescue copy found on opening, and what was done with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RescueFound {
    /// Where it was.
    pub path: PathBuf,
    /// What was done.
    pub outcome: RescueOutcome,
    /// Its new name, once used (`<name>.merged`).
    pub kept_as: Option<PathBuf>,
}

/// Whether the file at `path` may be read as a rescue copy of a session
/// whose files are owned by `owner`.
#[cfg(unix)]
fn trusted(path: &Path, owner: Option<u32>) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt as _;
    let m = path.symlink_metadata().map_err(|e| e.to_string())?;
    if !m.file_type().is_file() {
        return Err("it is not a regular file".to_string());
    }
    if owner.is_some_and(|o| o != m.uid()) {
        return Err("it belongs to another user".to_string());
    }
    if m.mode() & 0o022 != 0 {
        return Err("others may write to it".to_string());
    }
    Ok(())
}

#[cfg(not(unix))]
fn trusted(path: &Path, _owner: Option<u32>) -> Result<(), String> {
    let m = path.symlink_metadata().map_err(|e| e.to_string())?;
    if !m.file_type().is_file() {
        return Err("it is not a regular file".to_string());
    }
    Ok(())
}

/// The owner of a session file, to compare rescue copies with.
#[cfg(unix)]
pub(crate) fn owner_of(path: &Path) -> Option<u32> {
    use std::os::unix::fs::MetadataExt as _;
    path.symlink_metadata().ok().map(|m| m.uid())
}

#[cfg(not(unix))]
pub(crate) fn owner_of(_path: &Path) -> Option<u32> {
    None
}

/// Every rescue copy of session `id` in `dirs` (each folder once), oldest
/// name first.
pub(crate) fn find(id: &str, dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut seen: Vec<&PathBuf> = Vec::new();
    let mut found = Vec::new();
    for dir in dirs {
        if seen.contains(&dir) {
            continue;
        }
        seen.push(dir);
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut here: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_str().is_some_and(|n| is_rescue_of(n, id)))
            .map(|e| e.path())
            .collect();
        here.sort();
        found.extend(here);
    }
    found
}

/// Take back into `events` (the session as read) what the rescue copy at
/// `path` holds beyond them. Gives what was done.
pub(crate) fn merge_one(
    path: &Path,
    owner: Option<u32>,
    events: &mut Vec<EventRecord>,
) -> RescueOutcome {
    if let Err(why) = trusted(path, owner) {
        return RescueOutcome::Left(why);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return RescueOutcome::Left(format!("it could not be read: {e}")),
    };
    let copy = match read_snapshot(path, &bytes) {
        Ok(SnapshotRead::Good(ev)) => ev,
        Ok(SnapshotRead::Damaged(e)) | Err(e) => {
            return RescueOutcome::Left(format!("it could not be read: {e}"));
        }
    };
    let n = events.len();
    if copy.len() <= n {
        return if copy[..] == events[..copy.len()] {
            RescueOutcome::NothingNew
        } else {
            RescueOutcome::Left("its actions differ from the session's".to_string())
        };
    }
    if copy[..n] != events[..] {
        return RescueOutcome::Left(
            "its actions differ from the session's (the session went on without them)".to_string(),
        );
    }
    let more = copy.len() - n;
    events.extend(copy.into_iter().skip(n));
    RescueOutcome::Merged(more)
}

/// Rename a copy that was used, so it is not taken again or listed.
pub(crate) fn retire(path: &Path) -> std::io::Result<PathBuf> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".merged");
    let to = path.with_file_name(name);
    std::fs::rename(path, &to)?;
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let n = file_name("abc", t);
        assert_eq!(n, "abc-rescue-20270115-080000.json");
        assert!(is_rescue_of(&n, "abc"));
        assert!(!is_rescue_of(&n, "ab"));
        assert!(!is_rescue_of(
            "abc-rescue-20270115-080000.json.merged",
            "abc"
        ));
        assert!(!is_rescue_of("abc-rescue-2027011x-080000.json", "abc"));
        assert!(!is_rescue_of("abc.json", "abc"));
        assert_eq!(rescued_id("abc-rescue-20270115-080000"), Some("abc"));
        assert_eq!(rescued_id("abc-rescue-2027011-080000"), None);
        assert_eq!(rescued_id("rescue-20270115-080000"), None);
    }
}
