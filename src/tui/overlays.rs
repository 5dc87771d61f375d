//! Windows over the screen: help, the values slide, the Commission's
//! statement, the plan and its timings, the posters, the flip chart and
//! the confirmations.

use ratatui::text::{Line, Span};

use crate::tui::theme;
pub use crate::tui::widgets::frame::centered;
pub use crate::tui::widgets::rating::SCALES;

pub mod act;
mod draw;
pub use act::{WindowView, on_key};
pub use draw::draw;

/// A window over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Every key, the ones for where the moderator is first.
    Help {
        /// Lines scrolled.
        scroll: u16,
        /// The help section (see [`crate::tui::keys::help_sections`]) to show first.
        first: &'static str,
    },
    /// The slide "Values: emerging findings".
    Values,
    /// The Commission's statement of values.
    Statement,
    /// The plan: every step, planned and actual minutes; Enter jumps.
    Plan {
        /// Selected step.
        sel: usize,
    },
    /// The posters, one at a time or the wall of nine.
    Posters {
        /// Index of the poster shown.
        idea: usize,
        /// Show all titles at once.
        wall: bool,
        /// Digits typed towards an idea number (see [`crate::tui::digits`]).
        typed: String,
    },
    /// The flip chart of a step.
    Flipchart {
        /// Plan step key.
        step: String,
        /// Selected entry.
        sel: usize,
        /// The entry being typed.
        input: String,
    },
    /// The group's 1-10 ratings of an idea and the equity dimensions raised.
    Rate {
        /// The idea.
        idea: u32,
        /// Selected row: the three scales, then the dimensions.
        sel: usize,
    },
    /// Which ideas earlier groups discussed, and how they were picked.
    Coverage {
        /// Lines scrolled.
        scroll: u16,
    },
    /// The audio recordings: start, stop, name, correct the start.
    Recordings {
        /// Selected recording (0-based).
        sel: usize,
        /// A file name being typed for the selected recording.
        naming: Option<String>,
    },
    /// "Leave now?" while a session is live.
    ConfirmQuit,
    /// "End the session?"
    ConfirmFinish,
}

impl Overlay {
    /// The posters: the one at index `idea`, or the wall.
    pub fn posters(idea: usize, wall: bool) -> Overlay {
        Overlay::Posters {
            idea,
            wall,
            typed: String::new(),
        }
    }

    /// The flip chart of a step, ready to type.
    pub fn flipchart(step: String) -> Overlay {
        Overlay::Flipchart {
            step,
            sel: 0,
            input: String::new(),
        }
    }
}

/// The help text: the section `first` at the top, then the others; each
/// key in a column, its words wrapped beside it.
fn help_lines(first: &str, width: usize) -> Vec<Line<'static>> {
    let mut sections = super::keys::help_sections();
    let key_w = sections
        .iter()
        .flat_map(|(_, keys)| keys.iter().map(|(k, _, _)| k.chars().count()))
        .max()
        .unwrap_or(8)
        + 3;
    sections.sort_by_key(|(name, _)| *name != first && *name != "Everywhere");
    let mut lines = Vec::new();
    for (name, keys) in sections {
        lines.push(Line::styled(name.to_string(), theme::heading()));
        for (k, what, _) in keys {
            let words = super::screens::guide::wrap(what, width.saturating_sub(key_w).max(10));
            for (i, w) in words.into_iter().enumerate() {
                let k = if i == 0 { k } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {k:<w$}", w = key_w - 2), theme::key()),
                    Span::raw(w),
                ]));
            }
        }
    }
    lines
}
