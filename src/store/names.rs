//! File names in a sessions folder kept by a sync tool: the app's own
//! temporary and lock files, and the conflict copies sync tools make.
//!
//! - Temporary files (an atomic replace writes one, then renames it over
//!   the real name) are `~syncthing~<name>.<pid>-<n>.tmp`. Syncthing never
//!   syncs a name starting `~syncthing~` (and removes one left for a day);
//!   Dropbox and Nextcloud skip names starting `~` and ending `.tmp`. A
//!   temporary file lives a few milliseconds, so a tool that did pick one
//!   up would find it gone.
//! - Lock files are per machine: `<id>.<host>.lock`. Only this machine ever
//!   opens its own; another laptop's lock arrives as an inert copy, read
//!   only to see whether it was closed (one that was not says the session
//!   may be open there, see `lock`), while a live lock from this machine
//!   still refuses a second writer.
//! - Conflict copies: Syncthing's `<name>.sync-conflict-YYYYMMDD-HHMMSS-<device>.<ext>`,
//!   Dropbox's `<name> (<host>'s conflicted copy YYYY-MM-DD).<ext>` and
//!   Nextcloud's `<name> (conflicted copy YYYY-MM-DD HHMMSS).<ext>` are
//!   recognised as copies of session `<name>`; `import` writes its own in
//!   Syncthing's form with the device `import`.
//! - OneDrive keeps both sides of a conflict by adding the computer's name:
//!   `<name>-<COMPUTER>.<ext>`. A Windows computer name has capitals
//!   (`DESKTOP-AB12CDE`), so such a file is no session id: it is taken as a
//!   copy of `<name>` (the id before the first `-` followed by a capital).
//!   One whose computer name is all lowercase looks like a session of its
//!   own name; it is still counted once by identity, and `reconcile
//!   <name>` finds it by its identity (see `reconcile`).

use std::sync::atomic::{AtomicU64, Ordering};

use super::{is_valid_id, slugify};

/// The prefix of the app's temporary files (Syncthing's own, on Windows).
pub const TEMP_PREFIX: &str = "~syncthing~";

/// The temporary name for an atomic replace of file `name`.
pub fn temp_name(name: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    format!("{TEMP_PREFIX}{name}.{}-{n}.tmp", std::process::id())
}

/// Whether `name` is a temporary file (the app's, or a sync tool's partial
/// download): never a session.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX)
        || name.starts_with(".syncthing.")
        || name.starts_with(".~")
        || name.starts_with("~$")
        || (name.starts_with('~') && name.ends_with(".tmp"))
        || name.ends_with(".part")
}

/// This machine's name as a lock-file part: lowercase letters, digits, `-`
/// (`unknown-host` if it cannot be found).
pub fn host_part() -> String {
    let host = super::lock::host_name().unwrap_or_default();
    let slug = slugify(&host, 40);
    if slug.is_empty() {
        "unknown-host".to_string()
    } else {
        slug
    }
}

/// The lock file name of session `id` on this machine.
pub fn lock_name(id: &str) -> String {
    format!("{id}.{}.lock", host_part())
}

/// A session file's kind, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// `<id>.json`.
    Snapshot,
    /// `<id>.journal`.
    Journal,
}

/// A conflict copy of a session file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictName {
    /// The session it is a copy of.
    pub id: String,
    /// Snapshot or journal.
    pub kind: FileKind,
    /// The tool's own words: `sync-conflict-20261201-101500-ABCDEFG`,
    /// `laptop-b's conflicted copy 2026-12-01`.
    pub tag: String,
}

/// The session file `name` is (`<id>.json` or `<id>.journal`), if any.
pub fn session_file(name: &str) -> Option<(&str, FileKind)> {
    if let Some(id) = name.strip_suffix(".journal") {
        return is_valid_id(id).then_some((id, FileKind::Journal));
    }
    let id = name.strip_suffix(".json")?;
    is_valid_id(id).then_some((id, FileKind::Snapshot))
}

/// The conflict copy `name` is, if it is one of a session's snapshot or
/// journal (a conflict copy of a draft or a lock is not).
pub fn conflict_copy(name: &str) -> Option<ConflictName> {
    if is_temporary(name) {
        return None;
    }
    let (stem, ext) = name.rsplit_once('.')?;
    let kind = match ext {
        "json" => FileKind::Snapshot,
        "journal" => FileKind::Journal,
        _ => return None,
    };
    // Syncthing: `<stem>.sync-conflict-YYYYMMDD-HHMMSS-<device>`.
    if let Some(i) = stem.find(".sync-conflict-") {
        let (id, rest) = (&stem[..i], &stem[i + 1..]);
        let stamp = &rest["sync-conflict-".len()..];
        let ok = stamp.len() > 16
            && stamp.as_bytes()[8] == b'-'
            && stamp.as_bytes()[15] == b'-'
            && stamp[..8].bytes().all(|b| b.is_ascii_digit())
            && stamp[9..15].bytes().all(|b| b.is_ascii_digit());
        return (ok && is_valid_id(id)).then(|| ConflictName {
            id: id.to_string(),
            kind,
            tag: rest.to_string(),
        });
    }
    if let Some(c) = onedrive_copy(stem, kind) {
        return Some(c);
    }
    // Dropbox and Nextcloud: `<stem> (... conflicted copy ...)`.
    let open = stem.rfind(" (")?;
    let inner = stem[open + 2..].strip_suffix(')')?;
    let id = &stem[..open];
    (inner.contains("conflicted copy") && is_valid_id(id)).then(|| ConflictName {
        id: id.to_string(),
        kind,
        tag: inner.to_string(),
    })
}

/// OneDrive's `<id>-<COMPUTER>`: no session id itself, a session id then
/// `-` and a computer name (letters, digits, `-`) starting with a capital.
fn onedrive_copy(stem: &str, kind: FileKind) -> Option<ConflictName> {
    if is_valid_id(stem) {
        return None;
    }
    let b = stem.as_bytes();
    let cut = (1..b.len()).find(|&i| b[i - 1] == b'-' && b[i].is_ascii_uppercase())?;
    let (id, computer) = (&stem[..cut - 1], &stem[cut..]);
    let name_like = computer.len() <= 63
        && computer
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
    (name_like && is_valid_id(id)).then(|| ConflictName {
        id: id.to_string(),
        kind,
        tag: format!("OneDrive copy from {computer}"),
    })
}

/// The name `import` gives a copy of session `id` whose history diverged
/// from the one here: a Syncthing-style conflict copy from device `import`.
pub fn import_conflict_name(id: &str, kind: FileKind, stamp: &str) -> String {
    let ext = match kind {
        FileKind::Snapshot => "json",
        FileKind::Journal => "journal",
    };
    format!("{id}.sync-conflict-{stamp}-import.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_copies_of_every_tool_are_recognised() {
        let c = conflict_copy("2026-12-01-ashford.sync-conflict-20261201-101500-ABCDEFG.journal")
            .unwrap();
        assert_eq!(c.id, "2026-12-01-ashford");
        assert_eq!(c.kind, FileKind::Journal);
        assert_eq!(c.tag, "sync-conflict-20261201-101500-ABCDEFG");
        let d = conflict_copy("2026-12-01-ashford (laptop-b's conflicted copy 2026-12-01).json")
            .unwrap();
        assert_eq!(d.id, "2026-12-01-ashford");
        assert_eq!(d.kind, FileKind::Snapshot);
        let n = conflict_copy("abc (conflicted copy 2026-12-01 101500).journal").unwrap();
        assert_eq!(n.id, "abc");
        // A draft's or a lock's conflict copy is no session file.
        assert!(conflict_copy("abc.draft.sync-conflict-20261201-101500-ABCDEFG.json").is_none());
        assert!(conflict_copy("abc.sync-conflict-20261201-101500-ABCDEFG.lock").is_none());
        assert!(conflict_copy("abc.sync-conflict-2026120-101500-X.json").is_none());
        assert!(conflict_copy("abc (copy).json").is_none());
        assert!(conflict_copy("abc.json").is_none());
        let o = conflict_copy("2026-12-01-ashford-kent-DESKTOP-AB12CDE.journal").unwrap();
        assert_eq!(o.id, "2026-12-01-ashford-kent");
        assert_eq!(o.kind, FileKind::Journal);
        assert_eq!(o.tag, "OneDrive copy from DESKTOP-AB12CDE");
        assert_eq!(conflict_copy("abc-Laptop-b.json").unwrap().id, "abc");
        // A session's own name, or no id before the computer, is none.
        assert!(conflict_copy("abc-laptop-b.json").is_none());
        assert!(conflict_copy("Notes-Final.json").is_none());
        assert!(conflict_copy("abc-DESK TOP.json").is_none());
        let own = import_conflict_name("abc", FileKind::Journal, "20261201-101500");
        assert_eq!(conflict_copy(&own).unwrap().id, "abc");
    }

    #[test]
    fn temporary_names_are_what_sync_tools_skip() {
        let t = temp_name("abc.json");
        assert!(
            t.starts_with("~syncthing~abc.json.") && t.ends_with(".tmp"),
            "{t}"
        );
        assert!(is_temporary(&t));
        assert_ne!(temp_name("abc.json"), t);
        assert!(is_temporary(".syncthing.abc.json.tmp"));
        assert!(session_file(&t).is_none() && conflict_copy(&t).is_none());
        assert!(!is_temporary("abc.json"));
        assert_eq!(
            session_file("abc.journal"),
            Some(("abc", FileKind::Journal))
        );
        assert_eq!(session_file("abc.draft.json"), None);
    }

    #[test]
    fn the_lock_names_this_machine() {
        let n = lock_name("abc");
        assert!(n.starts_with("abc.") && n.ends_with(".lock"), "{n}");
        assert!(!n[4..n.len() - 5].contains('.'));
    }
}
