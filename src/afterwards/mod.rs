//! Afterwards: everything that reads saved sessions and changes none of
//! them — the export of one group's notes, the report over every group,
//! and demo sessions to try them on.

pub mod anonymise;
pub mod common;
pub mod demo;
mod demo_bank;
pub mod export;
pub mod qdpx;
pub mod report;
mod rng;
pub mod tracks;
