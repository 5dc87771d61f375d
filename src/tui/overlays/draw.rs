//! Drawing the open overlay: each window is a widget (see
//! [`crate::tui::widgets`]); the help is drawn here, from the key table.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::domain::ideas::Coverage;
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::tui::state::Overlay;
use crate::tui::theme;
use crate::tui::widgets::frame::centered;
use crate::tui::widgets::{
    confirm, coverage as cov, flipchart, plan, poster, rating, recordings, slides,
};

/// Draw an overlay (`reading`: the other groups' coverage is still being
/// read).
#[allow(clippy::too_many_arguments)] // what one window may need to show
pub fn draw(
    f: &mut Frame,
    area: Rect,
    ov: &Overlay,
    pack: &Pack,
    session: Option<&Session>,
    coverage: &Coverage,
    reading: bool,
    now: DateTime<Utc>,
) {
    match ov {
        Overlay::Coverage { scroll } => {
            cov::draw_coverage(f, area, pack, session, coverage, reading, *scroll)
        }
        Overlay::Help { scroll, first } => draw_help(f, area, *scroll, first),
        Overlay::Values => slides::draw_values(f, area, pack),
        Overlay::Statement => slides::draw_statement(f, area, pack),
        Overlay::Plan { sel } => plan::draw_plan(f, area, pack, session, *sel, now),
        Overlay::Posters { idea, wall, typed } => {
            poster::draw_posters(f, area, pack, *idea, *wall, typed)
        }
        Overlay::Flipchart { step, sel, input } => {
            flipchart::draw_flipchart(f, area, session, step, *sel, input)
        }
        Overlay::Rate { idea, sel } => rating::draw_rate(f, area, pack, session, *idea, *sel),
        Overlay::Recordings { sel, naming } => {
            recordings::draw_recordings(f, area, session, *sel, naming.as_ref(), now)
        }
        Overlay::ConfirmQuit => confirm::draw_confirm_quit(f, area),
        Overlay::ConfirmFinish => confirm::draw_confirm_finish(f, area),
    }
}

/// The help window: every key, the section `first` first; two columns
/// when the screen is wide enough.
fn draw_help(f: &mut Frame, area: Rect, scroll: u16, first: &str) {
    let r = centered(area, area.width, area.height);
    f.render_widget(Clear, r);
    let block = Block::bordered().title(" Keys ");
    let inner = block.inner(r);
    let rows = inner.height as usize;
    // Two columns when the screen is wide enough.
    let cols: u16 = if inner.width >= 100 { 2 } else { 1 };
    let col_w = inner.width / cols;
    let lines = help_lines(first, col_w.saturating_sub(1) as usize);
    // Split the columns at the section heading nearest the middle.
    let split = if cols == 2 {
        let headings = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.spans.len() == 1)
            .map(|(i, _)| i);
        headings
            .min_by_key(|i| i.abs_diff(lines.len() / 2))
            .unwrap_or(lines.len())
    } else {
        lines.len()
    };
    let columns = [&lines[..split], &lines[split..]];
    let per_col = split.max(lines.len() - split);
    let max = per_col.saturating_sub(rows);
    let scroll = usize::from(scroll).min(max);
    let left = per_col.saturating_sub(scroll + rows);
    let footer = if left > 0 {
        format!(" ↓ {left} more (j) · Esc closes ")
    } else {
        " Esc closes ".to_string()
    };
    f.render_widget(block.title_bottom(footer), r);
    for c in 0..cols {
        let part: Vec<Line> = columns[c as usize]
            .iter()
            .skip(scroll)
            .take(rows)
            .cloned()
            .collect();
        let a = Rect {
            x: inner.x + c * col_w,
            y: inner.y,
            width: col_w,
            height: inner.height,
        };
        f.render_widget(Paragraph::new(part), a);
    }
}

/// The help text: the section `first` at the top, then the others; each
/// key in a column, its words wrapped beside it.
fn help_lines(first: &str, width: usize) -> Vec<Line<'static>> {
    let mut sections = crate::tui::keys::help_sections();
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
            let words = crate::tui::text::wrap(what, width.saturating_sub(key_w).max(10));
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
