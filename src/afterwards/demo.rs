//! `facilitator demo` (being written).
use crate::stimulus::Pack;
use crate::store::SessionsDir;

/// Run `demo`. Returns the exit code.
pub fn run(_dir: &SessionsDir, _pack: &Pack, _count: u32, _seed: u64) -> anyhow::Result<i32> {
    anyhow::bail!("demo is not available yet")
}
