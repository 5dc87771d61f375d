//! The rating window: the group's ratings of an idea on the pack's scales
//! (built-in: three, 1-10) and the checklist (the equity dimensions raised).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::window;
use crate::domain::event::Scale;
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::tui::theme;

/// The pack's rating scales, in its order: (label, scale, min, max).
pub fn scales(pack: &Pack) -> Vec<(String, Scale, u8, u8)> {
    pack.method
        .ratings
        .scales
        .iter()
        .map(|s| (s.label.clone(), Scale::new(s.id.clone()), s.min, s.max))
        .collect()
}

/// "The group decides together: 1 (not at all) to 10 (extremely)."
fn how(pack: &Pack) -> String {
    let Some(first) = pack.method.ratings.scales.first() else {
        return "The group decides together.".to_string();
    };
    let end = |v: u8| {
        first
            .points
            .iter()
            .find(|(p, _)| *p == v)
            .map_or(v.to_string(), |(_, w)| format!("{v} ({w})"))
    };
    let mut out = format!(
        "The group decides together: {} to {}.",
        end(first.min),
        end(first.max)
    );
    if first.dont_know {
        out.push_str(" d: don't know.");
    }
    out
}

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
    let mut lines = vec![Line::styled(how(pack), theme::dim())];
    let list = scales(pack);
    for (i, (name, scale, min, max)) in list.iter().enumerate() {
        let here = i == sel;
        let v = s.ratings.get(&(idea, scale.clone())).copied();
        let bar: String = (*min..=*max)
            .map(|k| {
                if v.is_some_and(|v| k <= v) {
                    '■'
                } else {
                    '·'
                }
            })
            .collect();
        let rated = if s.dont_know.contains(&(idea, scale.clone())) {
            "don't know".to_string()
        } else {
            v.map_or("not rated".to_string(), |v| format!("{v}/{max}"))
        };
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
    if !pack.equity_dimensions.is_empty() {
        lines.push(Line::styled(
            pack.method.ratings.checklist.clone(),
            theme::heading(),
        ));
    }
    for (j, d) in pack.equity_dimensions.iter().enumerate() {
        let here = list.len() + j == sel;
        let on = s.equity.get(&idea).is_some_and(|e| e.contains(d));
        lines.push(theme::row(
            format!("[{}] {d}", if on { "x" } else { " " }),
            here,
            theme::text(),
        ));
    }
    lines.push(Line::raw(""));
    let top = list.iter().map(|(_, _, _, max)| *max).max().unwrap_or(10);
    let low = list.iter().map(|(_, _, min, _)| *min).min().unwrap_or(1);
    let digits = if top >= 10 {
        format!("{low}-9, 0 for 10")
    } else {
        format!("{low}-{top}")
    };
    let ticks = if pack.equity_dimensions.is_empty() {
        String::new()
    } else {
        " · space ticks a dimension".to_string()
    };
    lines.push(Line::styled(
        format!("{digits}, or ←/→ on a scale{ticks} · Enter closes"),
        theme::dim(),
    ));
    let option = crate::tui::text::capitalise_first(&pack.method.wording.option);
    window(f, area, &format!("{option} {idea}: {title}"), lines, 78, 18);
}
