//! The rating window: the group's ratings of an idea on the pack's scales
//! (built-in: three, 1-10) and the checklist (the equity dimensions raised);
//! for a pack whose group rates once, its one rating at the step the pack
//! names, and the checklist alone in each discussion.

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

/// What the ratings window of `idea` holds: (the scales, the checklist).
/// Per option: both, for the idea. When the group rates once: its scales
/// for the group (`None`), the checklist alone for an idea discussed.
pub fn rows_of(pack: &Pack, idea: Option<u32>) -> (bool, bool) {
    let per_group = pack.method.ratings.per_group();
    (idea.is_none() == per_group, idea.is_some())
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

/// Draw the ratings of `idea` (`None`: the group's one rating) with row
/// `sel` selected.
pub fn draw_rate(
    f: &mut Frame,
    area: Rect,
    pack: &Pack,
    session: Option<&Session>,
    idea: Option<u32>,
    sel: usize,
) {
    let Some(session) = session else { return };
    let s = session.state();
    let (with_scales, with_dims) = rows_of(pack, idea);
    let mut lines = Vec::new();
    if with_scales {
        lines.push(Line::styled(how(pack), theme::dim()));
    }
    let list = if with_scales {
        scales(pack)
    } else {
        Vec::new()
    };
    let dims: &[String] = if with_dims {
        &pack.equity_dimensions
    } else {
        &[]
    };
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
    // A blank line between the scales and the checklist, when both show.
    if with_scales && !dims.is_empty() {
        lines.push(Line::raw(""));
    }
    if !dims.is_empty() {
        lines.push(Line::styled(
            pack.method.ratings.checklist.clone(),
            theme::heading(),
        ));
    }
    for (j, d) in dims.iter().enumerate() {
        let here = list.len() + j == sel;
        let on = idea
            .and_then(|i| s.equity.get(&i))
            .is_some_and(|e| e.contains(d));
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
    let ticks = if dims.is_empty() {
        String::new()
    } else {
        " · space ticks a dimension".to_string()
    };
    let keys = if with_scales {
        format!("{digits}, or ←/→ on a scale{ticks} · Enter closes")
    } else {
        format!("{} · Enter closes", ticks.trim_start_matches(" · "))
    };
    lines.push(Line::styled(keys, theme::dim()));
    let heading = match idea {
        Some(idea) => {
            let title = pack.idea(idea).map(|i| i.title.clone()).unwrap_or_default();
            let option = crate::tui::text::capitalise_first(&pack.method.wording.option);
            format!("{option} {idea}: {title}")
        }
        None => "The group's rating".to_string(),
    };
    window(f, area, &heading, lines, 78, 18);
}
