//! `facilitator present` (being written).
use crate::stimulus::Pack;
use crate::store::SessionsDir;

/// Run `present`. Returns the exit code.
pub fn run(_dir: &SessionsDir, _pack: &Pack, _session: Option<&str>) -> anyhow::Result<i32> {
    anyhow::bail!("present is not available yet")
}
