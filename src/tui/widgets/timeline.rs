//! The timeline bar: how far a replay has played, where each stage begins,
//! and the stages' names under it.

use ratatui::text::{Line, Span};

use crate::tui::text::{truncate, width as width_of};
use crate::tui::theme;

/// The bar `width` columns wide with the moment shown at column `here`
/// (━ played, ─ to come, ● here, ┃ where a stage begins), and under it
/// the stages' names at their columns (`bounds`: column, title).
pub fn bar(
    here: usize,
    bounds: &[(usize, String)],
    width: usize,
) -> (Line<'static>, Line<'static>) {
    let mut cells: Vec<char> = (0..width)
        .map(|x| if x < here { '━' } else { '─' })
        .collect();
    for (x, _) in bounds {
        if let Some(c) = cells.get_mut(*x) {
            *c = '┃';
        }
    }
    if let Some(c) = cells.get_mut(here) {
        *c = '●';
    }
    let played: String = cells[..here.min(width)].iter().collect();
    let rest: String = cells[here.min(width)..].iter().collect();
    let bar = Line::from(vec![
        Span::styled(played, theme::key()),
        Span::styled(rest, theme::dim()),
    ]);
    let mut labels = String::new();
    for (i, (x, title)) in bounds.iter().enumerate() {
        if *x < width_of(&labels) {
            continue;
        }
        let next = bounds.get(i + 1).map_or(width, |(nx, _)| *nx);
        let room = next.saturating_sub(*x).saturating_sub(1).min(width - x);
        if room < 3 {
            continue;
        }
        labels.push_str(&" ".repeat(x - width_of(&labels)));
        labels.push_str(&truncate(title, room));
    }
    (bar, Line::styled(labels, theme::dim()))
}
