//! The coverage window: which ideas the other groups discussed, and how
//! they were picked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::frame::centered;
use crate::domain::ideas::Coverage;
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::tui::theme;

/// Draw the coverage window (`reading`: the other groups' sessions are
/// still being read).
pub fn draw_coverage(
    f: &mut Frame,
    area: Rect,
    pack: &Pack,
    session: Option<&Session>,
    coverage: &Coverage,
    reading: bool,
    scroll: u16,
) {
    let width = area.width.saturating_sub(4) as usize;
    let mut lines = Vec::new();
    if reading {
        lines.push(Line::styled(
            "Reading the other groups' sessions… (this fills in by itself)",
            theme::warn(),
        ));
    }
    lines.extend(coverage_lines(pack, session, coverage, width));
    let r = centered(area, area.width, area.height);
    let rows = r.height.saturating_sub(2) as usize;
    let scroll = usize::from(scroll).min(lines.len().saturating_sub(rows));
    let below = lines.len().saturating_sub(scroll + rows);
    let footer = match (scroll, below) {
        (0, 0) => " Esc to close ".to_string(),
        (0, n) => format!(" ↓ {n} more (j, PgDn) · Esc to close "),
        (up, 0) => format!(" ↑ {up} above (k, PgUp) · Esc to close "),
        (up, n) => format!(" ↑ {up} above · ↓ {n} more · Esc to close "),
    };
    let shown: Vec<Line<'static>> = lines.into_iter().skip(scroll).take(rows).collect();
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(shown).block(
            Block::bordered()
                .title(" Coverage: ● discussed ○ not yet ")
                .title_bottom(footer),
        ),
        r,
    );
}

/// The coverage window's lines at `width`: each idea, how many other
/// groups discussed it (and this group's pick), then those groups wrapped.
pub fn coverage_lines(
    pack: &Pack,
    session: Option<&Session>,
    coverage: &Coverage,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = super::whose::whose_lines(coverage)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == 0 {
                theme::heading()
            } else {
                theme::dim()
            };
            Line::styled(crate::tui::text::truncate(&l, width), style)
        })
        .collect();
    lines.push(Line::styled(
        "Ideas discussed by the other groups in the sessions folder:",
        theme::dim(),
    ));
    for idea in &pack.ideas {
        let by = coverage
            .by_idea
            .get(&idea.number)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mine = session
            .and_then(|s| s.state().picks.values().find(|p| p.idea == idea.number))
            .map(|p| format!(" · here: {}", super::picks::kind_words(pack, &p.kind)))
            .unwrap_or_default();
        let mark = if by.is_empty() { "○" } else { "●" };
        let groups = match by.len() {
            1 => "1 group".to_string(),
            n => format!("{n} groups"),
        };
        lines.push(Line::styled(
            crate::tui::text::truncate(
                &format!("{mark} {}. {} — {groups}{mine}", idea.number, idea.title),
                width,
            ),
            if by.is_empty() {
                theme::warn()
            } else {
                theme::heading()
            },
        ));
        let groups: Vec<String> = by
            .iter()
            .map(|d| {
                format!(
                    "{} {} ({}{})",
                    d.location,
                    d.date.map(|x| x.to_string()).unwrap_or_default(),
                    super::picks::kind_words(pack, &d.kind),
                    if d.overridden { ", chosen" } else { "" }
                )
            })
            .collect();
        if !groups.is_empty() {
            for w in crate::tui::text::wrap(&groups.join("; "), width.saturating_sub(4)) {
                lines.push(Line::styled(format!("    {w}"), theme::dim()));
            }
        }
    }
    lines
}
