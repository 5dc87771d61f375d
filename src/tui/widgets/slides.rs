//! The slides: "Values: emerging findings" and the Commission's statement.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::frame::window;
use crate::stimulus::Pack;
use crate::tui::theme;

/// Draw the slide "Values: emerging findings".
pub fn draw_values(f: &mut Frame, area: Rect, pack: &Pack) {
    let s = &pack.values_slide;
    let mut lines = vec![
        Line::styled(s.intro.clone(), theme::moderator()),
        Line::raw(""),
    ];
    for v in &s.values {
        lines.push(Line::styled(format!("   {v}"), theme::heading()));
    }
    window(f, area, &s.title, lines, 70, 16);
}

/// Draw the Commission's statement of values.
pub fn draw_statement(f: &mut Frame, area: Rect, pack: &Pack) {
    let lines = vec![Line::raw(pack.statement.text.clone())];
    window(f, area, &pack.statement.title, lines, 70, 12);
}
