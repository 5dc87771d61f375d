//! `facilitator replay` (being written).
use crate::stimulus::Pack;
use crate::store::SessionsDir;

/// Run `replay`. Returns the exit code.
pub fn run(_dir: &SessionsDir, _pack: &Pack, _session: &str, _print: bool) -> anyhow::Result<i32> {
    anyhow::bail!("replay is not available yet")
}
