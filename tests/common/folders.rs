//! Several sessions folders in a temporary home, the command line run
//! there, and another laptop's lock as a sync tool brings it.

use std::path::{Path, PathBuf};

use super::pty::run_cmd;

/// The command line run in `home`: exit code, stdout, stderr.
pub fn cli(home: &Path, args: &[&str]) -> (i32, String, String) {
    let (status, out, err) = run_cmd(home, args);
    (status.code().unwrap_or(-1), out, err)
}

/// A path as an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Two folders `a` (first) and `b` in a temporary home.
pub fn two() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    (tmp, a, b)
}

/// Another laptop's lock of session `id` in `dir`, as the sync tool
/// brought it: written when laptop-b opened the group, marked closed
/// when it closed.
pub fn foreign_lock(dir: &Path, id: &str, closed: bool) -> PathBuf {
    let lock = dir.join(format!("{id}.laptop-b.lock"));
    let end = if closed {
        ",\"closed\":\"2026-12-01T12:00:00Z\""
    } else {
        ""
    };
    std::fs::write(
        &lock,
        format!(
            "{{\"pid\":4242,\"host\":\"laptop-b\",\"machine\":\"host:laptop-b\",\"since\":\"2026-12-01T10:00:00Z\"{end}}}\n"
        ),
    )
    .unwrap();
    lock
}
