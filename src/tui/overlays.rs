//! Windows over the screen: help, the values slide, the Commission's
//! statement, the plan and its timings, the posters, the flip chart and
//! the confirmations.

pub use crate::tui::widgets::frame::centered;
pub use crate::tui::widgets::rating::scales;

pub mod act;
mod draw;
pub use act::{WindowView, on_key};
pub use draw::draw;

pub use crate::tui::state::Overlay;
