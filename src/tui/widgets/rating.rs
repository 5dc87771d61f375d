//! The rating window: the group's 1-10 ratings of an idea and the equity
//! dimensions raised.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::window;
use crate::domain::event::Scale;
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::tui::theme;

/// The three rating scales, in the guide's order.
pub const SCALES: [(&str, Scale); 3] = [
    ("Desirable", Scale::Desirable),
    ("Achievable", Scale::Achievable),
    ("Equitable", Scale::Equitable),
];

/// Draw the ratings of `idea` with row `sel` selected.
pub fn draw_rate(
    f: &mut Frame,
    area: Rect,
    pack: &Pack,
    session: Option<&Session>,
    idea: u32,
    sel: usize,
) {
    let Some(session) = session else { return };
    let s = session.state();
    let title = pack.idea(idea).map(|i| i.title.clone()).unwrap_or_default();
    let mut lines = vec![Line::styled(
        "The group decides together: 1 (not at all) to 10 (extremely).",
        theme::dim(),
    )];
    for (i, (name, scale)) in SCALES.iter().enumerate() {
        let here = i == sel;
        let v = s.ratings.get(&(idea, *scale)).copied();
        let bar: String = (1..=10)
            .map(|k| {
                if v.is_some_and(|v| k <= v) {
                    '■'
                } else {
                    '·'
                }
            })
            .collect();
        let rated = v.map_or("not rated".to_string(), |v| format!("{v}/10"));
        lines.push(Line::from(vec![
            Span::raw(if here {
                theme::CURSOR
            } else {
                theme::NO_CURSOR
            }),
            Span::styled(crate::tui::text::fill(name, 12), theme::heading()),
            Span::styled(
                format!("{bar} {rated}"),
                if here {
                    theme::selected()
                } else {
                    theme::text()
                },
            ),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Equity: would it depend on…",
        theme::heading(),
    ));
    for (j, d) in pack.equity_dimensions.iter().enumerate() {
        let here = SCALES.len() + j == sel;
        let on = s.equity.get(&idea).is_some_and(|e| e.contains(d));
        lines.push(theme::row(
            format!("[{}] {d}", if on { "x" } else { " " }),
            here,
            theme::text(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "1-9, 0 for 10, or ←/→ on a scale · space ticks a dimension · Enter closes",
        theme::dim(),
    ));
    window(f, area, &format!("Idea {idea}: {title}"), lines, 78, 18);
}
