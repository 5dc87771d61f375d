//! The raw file operations the store uses, behind a trait so tests can make
//! the disk fail ([`FaultyDisk`]).
//!
//! The real operations are the trait's default methods; [`RealDisk`] uses
//! them as they are.

use std::fmt::Debug;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// Permissions of every file the store creates.
pub const FILE_MODE: u32 = 0o600;
/// Permissions of a sessions folder the store creates.
pub const DIR_MODE: u32 = 0o700;

/// Make `options` refuse to open a symbolic link (`O_NOFOLLOW`): opening
/// a link then fails (ELOOP) instead of writing to the file it points to,
/// which may be anywhere. Every session file the store opens goes through
/// this.
pub fn no_follow(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options
}

/// Whether `e`, from opening `path` with [`no_follow`], means `path` is a
/// symbolic link.
pub fn is_link_refusal(path: &Path, e: &io::Error) -> bool {
    #[cfg(unix)]
    let loop_error = e.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    let loop_error = true;
    loop_error
        && path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
}

/// The file operations the store performs. Every method has the real
/// implementation as its default; a test double overrides them to fail.
pub trait Disk: Send + Sync + Debug {
    /// Open `path` for appending, creating it (0600) if missing. A
    /// symbolic link is refused (see [`no_follow`]).
    fn open_append(&self, path: &Path) -> io::Result<File> {
        no_follow(OpenOptions::new().append(true).create(true).mode(FILE_MODE)).open(path)
    }

    /// The current length of an open file.
    fn len(&self, file: &File) -> io::Result<u64> {
        Ok(file.metadata()?.len())
    }

    /// Write all of `bytes` (one `write_all`).
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    /// `fdatasync` the file.
    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_data()
    }

    /// Cut (or extend) the file to `len` bytes.
    fn set_len(&self, file: &File, len: u64) -> io::Result<()> {
        file.set_len(len)
    }

    /// Replace `path` with `bytes` atomically (0600): temporary file in the
    /// same folder, write, fsync, rename, fsync the folder. Either the old
    /// content or the new one is there afterwards, never a mix.
    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
        // Named so that sync tools skip it (see `names`).
        let tmp = dir.join(super::names::temp_name(name));
        let written = (|| {
            let mut file = no_follow(
                OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(FILE_MODE),
            )
            .open(&tmp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        self.sync_dir(dir)
    }

    /// Remove a file (a missing file is not an error) and sync its folder.
    fn remove(&self, path: &Path) -> io::Result<()> {
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        }
        self.sync_dir(path.parent().unwrap_or(Path::new(".")))
    }

    /// fsync a folder, so that a file created in it survives a power cut.
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        File::open(dir)?.sync_all()
    }
}

/// The real disk.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealDisk;

impl Disk for RealDisk {}

/// One kind of operation, for [`FaultyDisk::only`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskOp {
    /// [`Disk::open_append`].
    OpenAppend,
    /// [`Disk::len`].
    Len,
    /// [`Disk::write`].
    Write,
    /// [`Disk::sync`].
    Sync,
    /// [`Disk::set_len`].
    SetLen,
    /// [`Disk::write_atomic`].
    WriteAtomic,
    /// [`Disk::remove`].
    Remove,
    /// [`Disk::sync_dir`].
    SyncDir,
}

/// A disk that fails when told to, for tests (of this crate and of the
/// app: it shows what the moderator sees when saving fails). Failures
/// return ENOSPC ("No space left on device") unless [`FaultyDisk::errno`]
/// says otherwise. Until told, every operation succeeds.
#[derive(Debug, Default)]
pub struct FaultyDisk {
    state: Mutex<FaultState>,
}

#[derive(Debug, Default)]
struct FaultState {
    /// Operations seen (of the kinds that may fail).
    ops: u64,
    /// Failures returned.
    failures: u64,
    /// Succeed this many more operations, then fail until healed.
    ok_left: Option<u64>,
    /// Fail this many of the next operations, then succeed.
    fail_next: u64,
    /// Fail everything until healed.
    failing: bool,
    /// Fail the operation with this (0-based) index only.
    fail_at: Option<u64>,
    /// A failing write writes the first half of its bytes first.
    partial: bool,
    /// Only these kinds may fail (all if None).
    only: Option<Vec<DiskOp>>,
    /// The error number to fail with (0: ENOSPC).
    errno: i32,
}

const ENOSPC: i32 = 28;

impl FaultyDisk {
    /// A disk that works until told otherwise.
    pub fn new() -> FaultyDisk {
        FaultyDisk::default()
    }

    fn state(&self) -> MutexGuard<'_, FaultState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Let `n` more operations succeed, then fail every one until [`heal`](Self::heal).
    pub fn fail_after(&self, n: u64) {
        self.state().ok_left = Some(n);
    }

    /// Fail the next operation only.
    pub fn fail_once(&self) {
        self.fail_next(1);
    }

    /// Fail the next `n` operations, then succeed.
    pub fn fail_next(&self, n: u64) {
        self.state().fail_next = n;
    }

    /// Let `n` operations succeed, fail the next one only, then succeed
    /// again (a single failure at a chosen point).
    pub fn fail_op(&self, n: u64) {
        let mut s = self.state();
        s.fail_at = Some(s.ops + n);
    }

    /// Fail every operation until [`heal`](Self::heal).
    pub fn fail_until_healed(&self) {
        self.state().failing = true;
    }

    /// Stop failing.
    pub fn heal(&self) {
        let mut s = self.state();
        s.failing = false;
        s.fail_at = None;
        s.ok_left = None;
        s.fail_next = 0;
    }

    /// When a write fails, write the first half of its bytes first (a torn write).
    pub fn partial_writes(&self, on: bool) {
        self.state().partial = on;
    }

    /// Only operations of these kinds count and may fail.
    pub fn only(&self, ops: &[DiskOp]) {
        self.state().only = Some(ops.to_vec());
    }

    /// Fail with this OS error number instead of ENOSPC (5 is EIO).
    pub fn errno(&self, errno: i32) {
        self.state().errno = errno;
    }

    /// Operations seen so far (of the kinds that may fail).
    pub fn ops(&self) -> u64 {
        self.state().ops
    }

    /// Failures returned so far.
    pub fn failures(&self) -> u64 {
        self.state().failures
    }

    /// Whether this operation fails; counts it.
    fn check(&self, op: DiskOp) -> Result<(), (io::Error, bool)> {
        let mut s = self.state();
        if let Some(only) = &s.only
            && !only.contains(&op)
        {
            return Ok(());
        }
        let index = s.ops;
        s.ops += 1;
        let fail = if s.fail_at == Some(index) {
            s.fail_at = None;
            true
        } else if s.failing {
            true
        } else if s.fail_next > 0 {
            s.fail_next -= 1;
            true
        } else if let Some(left) = s.ok_left {
            if left == 0 {
                true
            } else {
                s.ok_left = Some(left - 1);
                false
            }
        } else {
            false
        };
        if fail {
            s.failures += 1;
            let errno = if s.errno == 0 { ENOSPC } else { s.errno };
            Err((io::Error::from_raw_os_error(errno), s.partial))
        } else {
            Ok(())
        }
    }

    fn gate(&self, op: DiskOp) -> io::Result<()> {
        self.check(op).map_err(|(e, _)| e)
    }
}

impl Disk for FaultyDisk {
    fn open_append(&self, path: &Path) -> io::Result<File> {
        self.gate(DiskOp::OpenAppend)?;
        RealDisk.open_append(path)
    }

    fn len(&self, file: &File) -> io::Result<u64> {
        self.gate(DiskOp::Len)?;
        RealDisk.len(file)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        match self.check(DiskOp::Write) {
            Ok(()) => RealDisk.write(file, bytes),
            Err((e, partial)) => {
                if partial {
                    // A torn write: part of the line reaches the file.
                    let half = bytes.len() / 2;
                    RealDisk.write(file, &bytes[..half])?;
                }
                Err(e)
            }
        }
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        self.gate(DiskOp::Sync)?;
        RealDisk.sync(file)
    }

    fn set_len(&self, file: &File, len: u64) -> io::Result<()> {
        self.gate(DiskOp::SetLen)?;
        RealDisk.set_len(file, len)
    }

    fn write_atomic(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.gate(DiskOp::WriteAtomic)?;
        RealDisk.write_atomic(path, bytes)
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        self.gate(DiskOp::Remove)?;
        RealDisk.remove(path)
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.gate(DiskOp::SyncDir)?;
        RealDisk.sync_dir(dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn fail_after_counts_then_fails_until_healed() {
        let d = FaultyDisk::new();
        d.fail_after(2);
        assert!(d.gate(DiskOp::Write).is_ok());
        assert!(d.gate(DiskOp::Sync).is_ok());
        let e = d.gate(DiskOp::Write).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(28));
        assert!(d.gate(DiskOp::Write).is_err());
        d.heal();
        assert!(d.gate(DiskOp::Write).is_ok());
        assert_eq!(d.ops(), 5);
        assert_eq!(d.failures(), 2);
    }

    #[test]
    fn fail_once_and_only() {
        let d = FaultyDisk::new();
        d.only(&[DiskOp::Sync]);
        d.fail_once();
        assert!(d.gate(DiskOp::Write).is_ok());
        assert!(d.gate(DiskOp::Sync).is_err());
        assert!(d.gate(DiskOp::Sync).is_ok());
        d.errno(5);
        d.fail_until_healed();
        assert_eq!(d.gate(DiskOp::Sync).unwrap_err().raw_os_error(), Some(5));
        assert!(d.gate(DiskOp::OpenAppend).is_ok());
    }

    #[test]
    fn partial_write_writes_half() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let d = FaultyDisk::new();
        let mut f = d.open_append(&p).unwrap();
        d.partial_writes(true);
        d.fail_once();
        assert!(d.write(&mut f, b"0123456789").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"01234");
    }

    #[test]
    fn real_files_are_0600() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        RealDisk.open_append(&a).unwrap();
        RealDisk.write_atomic(&b, b"x").unwrap();
        for p in [a, b] {
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", p.display());
        }
        RealDisk.remove(&dir.path().join("b")).unwrap();
        RealDisk.remove(&dir.path().join("b")).unwrap();
    }
}
