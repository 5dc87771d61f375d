//! The tally chart: green and red stickers per idea as bars, hidden until
//! revealed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::domain::ideas::{self};
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::tui::text::{truncate, wrap};
use crate::tui::theme;

/// One idea's tally as a bar line: green as █, red as ░ (readable without colour).
pub fn bar_line(
    pack: &Pack,
    idea: u32,
    green: u32,
    red: u32,
    max: u32,
    width: usize,
) -> Line<'static> {
    let bar_w = width.saturating_sub(28).max(4) / 2;
    let scale = |v: u32| {
        if max == 0 {
            0
        } else {
            (v as usize * bar_w).div_ceil(max as usize)
        }
    };
    let title = truncate(&idea_title(pack, idea), 18);
    // Each colour's count is marked with its glyph (built-in: G, R).
    let glyph = |i: usize| ideas::colour(pack, i).map_or("", |c| c.glyph.as_str());
    let mut spans = vec![
        Span::raw(format!("{} ", crate::tui::text::fill(&title, 18))),
        Span::styled(
            format!("{:<w$}", "█".repeat(scale(green)), w = bar_w),
            theme::ok(),
        ),
        Span::styled(format!("{green:>2}{} ", glyph(0)), theme::ok()),
    ];
    if ideas::colour(pack, 1).is_some() {
        spans.push(Span::styled(
            format!("{:<w$}", "░".repeat(scale(red)), w = bar_w),
            theme::error(),
        ));
        spans.push(Span::styled(
            format!("{red:>2}{}", glyph(1)),
            theme::error(),
        ));
    }
    Line::from(spans)
}

/// The tally, hidden until revealed.
pub fn draw_tally(f: &mut Frame, area: Rect, s: &SessionState, pack: &Pack) {
    let t = ideas::tally(pack, s);
    let mut parts = vec![format!(
        "{} of {} {}s",
        t.placed_green,
        t.max_green(),
        t.labels[0]
    )];
    if ideas::colour(pack, 1).is_some() {
        parts.push(format!(
            "{} of {} {}s",
            t.placed_red,
            t.max_red(),
            t.labels[1]
        ));
    }
    let placed = format!("placed: {}", parts.join(", "));
    // Wrapped, not cut: "9 of 9 reds" must read whole in a narrow pane.
    let mut lines: Vec<Line> =
        crate::tui::text::wrap(&placed, area.width.saturating_sub(2) as usize)
            .into_iter()
            .map(|l| Line::styled(l, theme::dim()))
            .collect();
    if let Some(w) = over_limit_line(&t) {
        for l in wrap(&w, area.width.saturating_sub(2) as usize) {
            lines.push(Line::styled(l, theme::warn()));
        }
    }
    if s.tally_shown {
        let max = t
            .green
            .values()
            .chain(t.red.values())
            .copied()
            .max()
            .unwrap_or(0);
        for idea in &pack.ideas {
            let g = t.green.get(&idea.number).copied().unwrap_or(0);
            let r = t.red.get(&idea.number).copied().unwrap_or(0);
            lines.push(bar_line(
                pack,
                idea.number,
                g,
                r,
                max,
                area.width.saturating_sub(2) as usize,
            ));
        }
    } else {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Hidden. r to reveal the tally.", theme::dim()));
    }
    let title = if s.tally_shown {
        " Tally · r hides "
    } else {
        " Tally (hidden) "
    };
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
}

/// The warning line when the counts are over what those at the vote could
/// place (after someone was taken off the roster).
pub fn over_limit_line(t: &ideas::Tally) -> Option<String> {
    let over = t.over_limit();
    (!over.is_empty()).then(|| {
        format!(
            "! Over the limit for {} at the vote: {}. Correct the counts.",
            t.voters,
            over.join(", ")
        )
    })
}

/// "3. Title" for an idea, or "idea 3" when the pack has none.
pub fn idea_title(pack: &Pack, n: u32) -> String {
    pack.idea(n)
        .map(|i| format!("{n}. {}", i.title))
        .unwrap_or_else(|| format!("idea {n}"))
}
