//! The session lock: `<id>.<host>.lock` (one per machine, see `names`), held with `File::try_lock` while a
//! session is open for writing. It holds the holder's pid, host and start
//! time so a refusal can say who has it. The operating system releases the
//! lock when the process ends, however it ends, so a lock left by a killed
//! process never blocks reopening. The file itself is left in place: removing
//! it would let two processes lock two different files of the same name.
//!
//! Closing the session marks its lock file `"closed"`. Another machine's
//! lock arrives with a synced folder as an inert copy, which this machine
//! never opens; one not marked closed says the session may be open on that
//! laptop, and opening it for writing here is refused
//! ([`StoreError::OpenElsewhere`], see [`open_elsewhere`]) so that the two
//! never carry on the same session apart; `reconcile` and `import` do not
//! rewrite it either ([`StoreError::BusyElsewhere`], see
//! [`refuse_if_open_elsewhere`]).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Read;
use std::os::unix::fs::{FileExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::disk::{FILE_MODE, no_follow};
use super::error::StoreError;

/// A held session lock; released when dropped, its file marked closed.
#[derive(Debug)]
pub(crate) struct SessionLock {
    file: File,
    info: serde_json::Value,
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Still held: the file says the session was closed, for the
        // other laptops its folder is synced to (a process killed never
        // gets here, and its lock rightly says "may be open").
        self.info["closed"] = serde_json::Value::String(
            crate::wallclock::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        );
        let _ = write_info(&self.file, &self.info);
    }
}

fn write_info(file: &File, info: &serde_json::Value) -> std::io::Result<()> {
    file.set_len(0)?;
    file.write_all_at(format!("{info}\n").as_bytes(), 0)
}

/// Take the lock of session `id` in `dir`, or say who holds it.
pub(crate) fn acquire(dir: &Path, id: &str) -> Result<SessionLock, StoreError> {
    let path = dir.join(super::names::lock_name(id));
    // Never through a link: the lock file is truncated and written below.
    let mut file = no_follow(
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(FILE_MODE),
    )
    .open(&path)
    .map_err(|e| StoreError::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap_or_default();
            return Err(StoreError::Locked {
                id: id.to_string(),
                pid: v["pid"].as_u64().and_then(|p| u32::try_from(p).ok()),
                host: v["host"].as_str().map(str::to_string),
                since: v["since"].as_str().map(str::to_string),
            });
        }
        Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
    }
    let info = serde_json::json!({
        "pid": std::process::id(),
        "host": host_name(),
        "machine": machine_id(),
        "since": crate::wallclock::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    });
    // Who holds the lock is information for a refusal message only; the lock
    // itself is what protects the session, so failing to write it (a full
    // disk) does not stop the session from opening.
    let _ = write_info(&file, &info);
    Ok(SessionLock { file, info })
}

/// Another machine's lock of session `id` in `dir` that was never marked
/// closed, if there is one: the session may be open on that laptop.
pub(crate) fn open_elsewhere(dir: &Path, id: &str) -> Option<StoreError> {
    let mine = super::names::lock_name(id);
    let prefix = format!("{id}.");
    let entries = std::fs::read_dir(dir).ok()?;
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let host = name.strip_prefix(&prefix)?.strip_suffix(".lock")?;
            let other = name != mine && !host.is_empty() && !host.contains('.');
            other.then(|| e.path())
        })
        .collect();
    found.sort();
    found.into_iter().find_map(|path| {
        // Read only, never through a link, never locked: the file is
        // the other machine's.
        let mut text = String::new();
        no_follow(OpenOptions::new().read(true))
            .open(&path)
            .ok()?
            .take(4096)
            .read_to_string(&mut text)
            .ok()?;
        let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap_or_default();
        if v.get("closed").is_some() {
            return None;
        }
        // This very machine under a host name it had before (a laptop's
        // name changes with its network): a lock no process holds is one
        // left by a crash here, and resuming after it must not be refused.
        if let (Some(then), Some(now)) = (v["machine"].as_str(), machine_id())
            && then == now
            && no_follow(OpenOptions::new().read(true))
                .open(&path)
                .is_ok_and(|f| f.try_lock().is_ok())
        {
            return None;
        }
        let name = path.file_name()?.to_str()?;
        let host_part = name.strip_prefix(&prefix)?.strip_suffix(".lock")?;
        Some(StoreError::OpenElsewhere {
            id: id.to_string(),
            pid: v["pid"].as_u64().and_then(|p| u32::try_from(p).ok()),
            host: Some(v["host"].as_str().unwrap_or(host_part).to_string()),
            since: v["since"].as_str().map(str::to_string),
            lock: path.clone(),
        })
    })
}

/// Refuse to rewrite session `id` in `dir` for `command` (`reconcile`,
/// `import`) while another machine's lock of it is unclosed: the rule
/// resume follows ([`open_elsewhere`]), with words for a command that
/// should wait for that laptop rather than carry the group on there.
pub(crate) fn refuse_if_open_elsewhere(
    dir: &Path,
    id: &str,
    command: &'static str,
) -> Result<(), StoreError> {
    match open_elsewhere(dir, id) {
        None => Ok(()),
        Some(StoreError::OpenElsewhere {
            id,
            host,
            since,
            lock,
            ..
        }) => {
            // The lock is written when the session opens and again when
            // it closes: an unclosed one was last written at its `since`,
            // or, if it does not say, when the file was modified.
            let written = since.or_else(|| {
                let at = std::fs::symlink_metadata(&lock).ok()?.modified().ok()?;
                let at: chrono::DateTime<chrono::Utc> = at.into();
                Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            });
            Err(StoreError::BusyElsewhere {
                id,
                host: host.unwrap_or_else(|| "another machine".to_string()),
                written,
                lock,
                doing: command,
            })
        }
        Some(other) => Err(other),
    }
}

/// What tells this machine from others whatever its host name: a digest
/// of the system's machine id (Linux `/etc/machine-id`, macOS's platform
/// UUID), or `FACILITATOR_HOST` when set (two test "laptops" on one
/// machine); None when neither can be found.
pub(crate) fn machine_id() -> Option<String> {
    if let Ok(h) = std::env::var("FACILITATOR_HOST")
        && !h.trim().is_empty()
    {
        return Some(format!("host:{}", h.trim()));
    }
    let id = ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|p| {
            let s = std::fs::read_to_string(p).ok()?;
            let s = s.trim().to_string();
            (!s.is_empty()).then_some(s)
        })
        .or_else(|| {
            // macOS: `ioreg -rd1 -c IOPlatformExpertDevice` names it.
            let out = std::process::Command::new("ioreg")
                .args(["-rd1", "-c", "IOPlatformExpertDevice"])
                .output()
                .ok()?;
            let text = String::from_utf8(out.stdout).ok()?;
            let line = text.lines().find(|l| l.contains("IOPlatformUUID"))?;
            let uuid = line.rsplit('"').nth(1)?.trim().to_string();
            (!uuid.is_empty()).then_some(uuid)
        })?;
    // Not the id itself: it is meant to stay on the machine.
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("facilitator lock {id}").as_bytes());
    Some(digest[..8].iter().map(|b| format!("{b:02x}")).collect())
}

/// This machine's name, as well as it can be found without extra crates
/// (`FACILITATOR_HOST` stands in for it: two test "laptops" on one machine).
pub(crate) fn host_name() -> Option<String> {
    if let Ok(h) = std::env::var("FACILITATOR_HOST")
        && !h.trim().is_empty()
    {
        return Some(h.trim().to_string());
    }
    for p in ["/proc/sys/kernel/hostname", "/etc/hostname"] {
        if let Ok(s) = std::fs::read_to_string(p) {
            let s = s.trim();
            if !s.is_empty() {
                return Some(s.to_string());
            }
        }
    }
    let out = std::process::Command::new("hostname").output().ok()?;
    let s = String::from_utf8(out.stdout).ok()?;
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_with_pid_then_free() {
        let dir = tempfile::tempdir().unwrap();
        let held = acquire(dir.path(), "abc").unwrap();
        match acquire(dir.path(), "abc") {
            Err(StoreError::Locked { pid, host, .. }) => {
                assert_eq!(pid, Some(std::process::id()));
                assert!(host.is_some());
            }
            other => panic!("{other:?}"),
        }
        drop(held);
        assert!(acquire(dir.path(), "abc").is_ok());
    }

    #[test]
    fn closing_marks_the_lock_closed_and_only_an_unclosed_other_lock_counts() {
        let dir = tempfile::tempdir().unwrap();
        let held = acquire(dir.path(), "abc").unwrap();
        let mine = dir.path().join(super::super::names::lock_name("abc"));
        assert!(!std::fs::read_to_string(&mine).unwrap().contains("closed"));
        drop(held);
        let text = std::fs::read_to_string(&mine).unwrap();
        assert!(text.contains("\"closed\""), "{text}");
        // This machine's own lock never counts, open or closed.
        assert!(open_elsewhere(dir.path(), "abc").is_none());
        let other = dir.path().join("abc.laptop-b.lock");
        std::fs::write(
            &other,
            "{\"pid\":7,\"host\":\"Laptop B\",\"since\":\"2026-12-01T10:00:00Z\"}\n",
        )
        .unwrap();
        // Another session's lock is not this one's.
        std::fs::write(dir.path().join("abc-2.laptop-c.lock"), "{}").unwrap();
        match open_elsewhere(dir.path(), "abc") {
            Some(StoreError::OpenElsewhere {
                host, pid, lock, ..
            }) => {
                assert_eq!(host.as_deref(), Some("Laptop B"));
                assert_eq!(pid, Some(7));
                assert_eq!(lock, other);
            }
            other => panic!("{other:?}"),
        }
        assert!(open_elsewhere(dir.path(), "abc-2").is_some());
        std::fs::write(&other, "{\"pid\":7,\"closed\":\"2026-12-01T11:00:00Z\"}\n").unwrap();
        assert!(open_elsewhere(dir.path(), "abc").is_none());
    }

    #[test]
    fn this_machines_lock_under_an_old_host_name_blocks_only_while_held() {
        let Some(me) = machine_id() else {
            eprintln!("no machine id here: the check by machine is not exercised");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("abc.old-name.lock");
        std::fs::write(
            &old,
            format!("{{\"pid\":7,\"host\":\"old-name\",\"machine\":\"{me}\"}}\n"),
        )
        .unwrap();
        // Left by a crash on this machine when it had another name: no
        // process holds it, resuming goes on.
        assert!(open_elsewhere(dir.path(), "abc").is_none());
        // Held by a process here: still refused.
        let held = File::open(&old).unwrap();
        held.try_lock().unwrap();
        assert!(open_elsewhere(dir.path(), "abc").is_some());
        drop(held);
        // Another machine's, with the same host name part: refused.
        std::fs::write(&old, "{\"pid\":7,\"machine\":\"0000000000000000\"}\n").unwrap();
        assert!(open_elsewhere(dir.path(), "abc").is_some());
    }

    #[test]
    fn a_lock_that_is_a_link_is_refused_by_the_open_itself() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        std::fs::write(&target, b"keep me").unwrap();
        let lock = dir.path().join(super::super::names::lock_name("abc"));
        std::os::unix::fs::symlink(&target, &lock).unwrap();
        match acquire(dir.path(), "abc") {
            Err(StoreError::Link { path }) => assert_eq!(path, lock),
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    }
}
