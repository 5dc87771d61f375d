//! `import`, `bundle` and `reconcile`: sessions carried between laptops
//! (the work is in `store`; here the words printed and the exit codes).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::{self, SessionsDir};

/// `facilitator import SOURCE…`: one line per session. Exit code 1 if
/// any was refused.
pub fn import(dir: &SessionsDir, sources: &[PathBuf], out: &mut dyn Write) -> anyhow::Result<i32> {
    let done = store::import(dir, sources)?;
    let mut refused = 0;
    for d in &done {
        refused += usize::from(d.refused);
        writeln!(out, "{}: {}", d.source, d.said)?;
    }
    if done.is_empty() {
        writeln!(out, "no sessions found to import")?;
    }
    Ok(if refused > 0 { 1 } else { 0 })
}

/// `facilitator bundle [SESSION…] [--since DATE] [--finished] -o FILE`.
pub fn bundle(
    dir: &SessionsDir,
    select: &store::Selection,
    output: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let ids = store::bundle_write(dir, select, output)?;
    writeln!(
        out,
        "wrote {} session{} to {}{}",
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        output.display(),
        if ids.is_empty() {
            String::new()
        } else {
            format!(": {}", ids.join(", "))
        }
    )?;
    Ok(0)
}

/// `facilitator reconcile SESSION [--keep FILE]`: exit code 1 while
/// histories stay diverged, or when a folder could not be reconciled.
pub fn reconcile(
    dir: &SessionsDir,
    session: &str,
    keep: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<i32> {
    let r = store::reconcile(dir, session, keep)?;
    for line in &r.said {
        writeln!(out, "{line}")?;
    }
    Ok(if r.still_diverged || r.failed { 1 } else { 0 })
}
