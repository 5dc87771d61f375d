//! The main screens, each with its own small state, key handling and drawing.

pub mod ended;
pub mod guide;
pub mod ideas;
pub mod roster;
pub mod setup;
pub mod start;

pub use super::state::Screen;
