//! `facilitator export` (being written).
use std::path::Path;

use crate::cli::ExportFormat;
use crate::stimulus::Pack;
use crate::store::SessionsDir;

/// Run `export`. Returns the exit code.
pub fn run(
    _dir: &SessionsDir,
    _pack: &Pack,
    _session: &str,
    _format: ExportFormat,
    _output: Option<&Path>,
    _anonymise: bool,
    _force: bool,
) -> anyhow::Result<i32> {
    anyhow::bail!("export is not available yet")
}
