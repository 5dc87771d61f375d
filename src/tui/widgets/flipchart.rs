//! The flip chart of a step: its entries and the one being typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::window;
use crate::domain::session::Session;
use crate::tui::theme;

/// Draw the flip chart of `step` with entry `sel` selected.
pub fn draw_flipchart(
    f: &mut Frame,
    area: Rect,
    session: Option<&Session>,
    step: &str,
    sel: usize,
    input: &str,
) {
    let list = session
        .and_then(|s| s.state().flipchart.get(step).cloned())
        .unwrap_or_default();
    let mut lines = Vec::new();
    if list.is_empty() {
        lines.push(Line::styled("Nothing on the chart yet.", theme::dim()));
    }
    for (i, v) in list.iter().enumerate() {
        let here = i == sel.min(list.len().saturating_sub(1));
        lines.push(theme::row(format!("{}. {v}", i + 1), here, theme::text()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Add: ", theme::heading()),
        Span::raw(input.to_string()),
        Span::styled("▏", theme::key()),
    ]));
    lines.push(Line::styled(
        "Type and Enter to add · ↑/↓ select · Delete strikes out · Enter on empty or Esc closes",
        theme::dim(),
    ));
    window(f, area, "Flip chart", lines, 76, 18);
}
