//! The subcommands that do not open the terminal app.

use std::io::Write;
use std::path::Path;

use crate::domain::state::SessionState;
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
    // Every folder, each session once (see `store::gather`).
    let found = crate::store::gather(dir);
    let mut bad = 0;
    for f in &found.sessions {
        let s = SessionState::fold(&f.session.events);
        writeln!(out, "{}", list_line(&s))?;
        if let Some(flag) = f.flag() {
            writeln!(out, "  ! {flag}")?;
        }
    }
    for p in &found.problems {
        bad += 1;
        writeln!(err, "{p}")?;
    }
    Ok(if bad > 0 { 1 } else { 0 })
}

/// One session as a line of `facilitator list`.
pub fn list_line(s: &SessionState) -> String {
    format!(
        "{:<32} {:<10} {:<24} {:<5} {:<8} {} steps",
        s.id,
        s.profile
            .date
            .map(|d| d.to_string())
            .unwrap_or_else(|| "-".into()),
        s.profile.location,
        s.plan,
        if s.is_live() { "live" } else { "finished" },
        s.steps_visited()
    )
}

/// `facilitator check-stimulus DIR`. Returns the exit code.
pub fn check_stimulus(dir: &Path, out: &mut dyn Write) -> std::io::Result<i32> {
    match stimulus::load_dir(dir) {
        Ok(pack) => {
            writeln!(
                out,
                "{}: ok ({} plans, {} stages, {} ideas)",
                dir.display(),
                pack.plans.len(),
                pack.stages.len(),
                pack.ideas.len()
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
