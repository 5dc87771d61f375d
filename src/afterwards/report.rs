//! `facilitator report` (being written).
use std::path::Path;

use crate::cli::ReportFormat;
use crate::stimulus::Pack;
use crate::store::SessionsDir;

/// Run `report`. Returns the exit code.
pub fn run(
    _dir: &SessionsDir,
    _pack: &Pack,
    _format: ReportFormat,
    _output: Option<&Path>,
    _force: bool,
) -> anyhow::Result<i32> {
    anyhow::bail!("report is not available yet")
}
