//! Loading and validating a pack (placeholder, being written).
use super::Pack;
use std::path::Path;

/// One problem found in a pack, located as `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name relative to the pack folder.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.col, self.message)
    }
}

/// The pack compiled into the binary.
pub fn embedded() -> Pack {
    unimplemented!()
}

/// Load a pack from a folder.
pub fn load_dir(_dir: &Path) -> Result<Pack, Vec<Problem>> {
    unimplemented!()
}
