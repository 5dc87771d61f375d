//! Saving sessions (being written).
