//! The questions asked before leaving or ending a session.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::frame::framed;
use crate::tui::theme;

/// Draw "Leave now?".
pub fn draw_confirm_quit(f: &mut Frame, area: Rect) {
    let lines = vec![
        Line::raw("Leave the app? The session stays live and everything is saved."),
        Line::raw("Resume it later with facilitator run --resume, or pick it at start."),
        Line::raw(""),
        Line::styled("y or q: leave    any other key: stay", theme::key()),
    ];
    framed(f, area, "Quit?", "", lines, 72, 7);
}

/// Draw "End the session?".
pub fn draw_confirm_finish(f: &mut Frame, area: Rect) {
    let lines = vec![
        Line::raw("End the session? The clock stops and the session is marked finished."),
        Line::raw("Nothing more is recorded; it can be exported, replayed or reopened."),
        Line::raw(""),
        Line::styled("y: end the session    any other key: go on", theme::key()),
    ];
    framed(f, area, "End the session?", "", lines, 74, 7);
}
