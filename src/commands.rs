//! The subcommands that do not open the terminal app.

use std::io::Write;
use std::path::Path;

use crate::domain::summary::write_listing;
use crate::stimulus;
use crate::store::SessionsDir;

pub mod sync;

/// `facilitator list`: one line per session; unreadable files are named on
/// stderr. Returns the exit code.
pub fn list(dir: &SessionsDir, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<i32> {
    if !dir.path().exists() {
        writeln!(err, "No sessions folder at {} yet.", dir.path().display())?;
        return Ok(0);
    }
    // A folder whose seal vouches for what `list` printed when nothing in
    // it had changed: those bytes again, nothing else read (see `index`).
    if let Some(sealed) = dir.sealed_listing() {
        out.write_all(&sealed.text)?;
        for why in &sealed.problems {
            writeln!(err, "{why}")?;
        }
        return Ok(if sealed.problems.is_empty() { 0 } else { 1 });
    }
    // Every folder, each session once (see `store::gather`), from each
    // folder's summary index where its files have not changed.
    let found = dir.summaries_listed();
    let mut text = Vec::with_capacity(found.sessions.len() * 100);
    for (s, flag) in found.sessions.iter().zip(&found.flags) {
        write_listing(&mut text, s, flag.as_deref());
    }
    out.write_all(&text)?;
    for (_, why) in &found.problems {
        writeln!(err, "{why}")?;
    }
    Ok(if found.problems.is_empty() { 0 } else { 1 })
}

/// `facilitator check-stimulus DIR`. Returns the exit code.
pub fn check_stimulus(dir: &Path, out: &mut dyn Write) -> std::io::Result<i32> {
    match stimulus::load_dir(dir) {
        Ok(pack) => {
            // The options in the pack's own word ("6 options", "9 ideas").
            let n = pack.ideas.len();
            writeln!(
                out,
                "{}: ok ({} plans, {} stages, {n} {})",
                dir.display(),
                pack.plans.len(),
                pack.stages.len(),
                pack.method
                    .options_word(u32::try_from(n).unwrap_or(u32::MAX))
            )?;
            Ok(0)
        }
        Err(problems) => {
            for p in problems {
                writeln!(out, "{}", p)?;
            }
            Ok(1)
        }
    }
}
