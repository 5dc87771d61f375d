//! Windows over the screen: a centred rectangle, framed with a title.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::text::truncate;

/// The smallest screen the app (and the replay) draws on.
pub const MIN_WIDTH: u16 = 80;
/// The smallest screen height the app (and the replay) draws on.
pub const MIN_HEIGHT: u16 = 24;

/// On a screen smaller than [`MIN_WIDTH`]×[`MIN_HEIGHT`], say so (and
/// return true): nothing else is drawn.
pub fn too_small(f: &mut Frame) -> bool {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{})",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return true;
    }
    false
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A window with "Esc to close" at the bottom.
pub fn window(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>, w: u16, h: u16) {
    framed(f, area, title, " Esc to close ", lines, w, h);
}

/// A window with `footer` at the bottom.
pub fn framed(
    f: &mut Frame,
    area: Rect,
    title: &str,
    footer: &str,
    lines: Vec<Line<'static>>,
    w: u16,
    h: u16,
) {
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(format!(" {title} "))
                .title_bottom(footer.to_string()),
        ),
        r,
    );
}

/// A line centred `width` columns wide, cut with "…" when longer.
pub fn centre(text: impl Into<String>, style: Style, width: usize) -> Line<'static> {
    Line::styled(truncate(&text.into(), width), style).alignment(Alignment::Center)
}
