//! The tally chart: the stickers of each colour per idea as bars, hidden
//! until revealed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::domain::ideas::{self};
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::tui::text::{truncate, wrap};
use crate::tui::theme;

/// One idea's tally as a bar line: a bar per colour of the vote, in its
/// own glyph (green █, red ░: readable without colour), each count
/// marked with the colour's glyph (built-in: G, R).
pub fn bar_line(pack: &Pack, idea: u32, counts: &[u32], max: u32, width: usize) -> Line<'static> {
    let n = counts.len().max(2);
    let bar_w = width.saturating_sub(20 + 4 * n).max(4) / n;
    let scale = |v: u32| {
        if max == 0 {
            0
        } else {
            (v as usize * bar_w).div_ceil(max as usize)
        }
    };
    let title = truncate(&idea_title(pack, idea), 18);
    let mut spans = vec![Span::raw(format!(
        "{} ",
        crate::tui::text::fill(&title, 18)
    ))];
    for (i, v) in counts.iter().enumerate() {
        let (style, bar) = theme::vote_colour(ideas::colour_slot(pack, i));
        let glyph = ideas::colour(pack, i).map_or("", |c| c.glyph.as_str());
        // (As before: a space after every count but a second or later last.)
        let gap = if i > 0 && i + 1 == counts.len() {
            ""
        } else {
            " "
        };
        spans.push(Span::styled(
            format!("{:<w$}", bar.repeat(scale(*v)), w = bar_w),
            style,
        ));
        spans.push(Span::styled(format!("{v:>2}{glyph}{gap}"), style));
    }
    Line::from(spans)
}

/// The tally, hidden until revealed.
pub fn draw_tally(f: &mut Frame, area: Rect, s: &SessionState, pack: &Pack) {
    let t = ideas::tally(pack, s);
    let parts: Vec<String> = t
        .colours
        .iter()
        .map(|c| format!("{} of {} {}s", c.placed, t.max(c), c.label))
        .collect();
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
            .colours
            .iter()
            .flat_map(|c| c.per_idea.values())
            .copied()
            .max()
            .unwrap_or(0);
        for idea in &pack.ideas {
            let counts: Vec<u32> = t.colours.iter().map(|c| c.on(idea.number)).collect();
            lines.push(bar_line(
                pack,
                idea.number,
                &counts,
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
