//! The coverage window: which ideas the other groups discussed, and how
//! they were picked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::frame::centered;
use crate::domain::ideas::Coverage;
use crate::domain::summary::Source;
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
    let mut lines: Vec<Line<'static>> = whose_lines(coverage)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == 0 { theme::heading() } else { theme::dim() };
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
            .map(|p| format!(" · here: {}", super::picks::kind_words(p.kind)))
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
                    super::picks::kind_words(d.kind),
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

/// "1 group", "12 groups".
fn groups_words(n: usize) -> String {
    if n == 1 {
        "1 group".to_string()
    } else {
        format!("{n} groups")
    }
}

/// When a source was last seen: "2 Dec 14:03 UTC".
fn seen(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %b %H:%M UTC").to_string()
}

/// Who a source is: "Anna Smith on laptop-a".
fn who(src: &Source) -> String {
    let name = if src.moderator.is_empty() {
        "moderator not given"
    } else {
        src.moderator.as_str()
    };
    match &src.device {
        Some(d) => format!("{name} on {d}"),
        None => name.to_string(),
    }
}

/// Whose data the coverage is, for the coverage window: how many groups,
/// then one line per moderator and laptop with how many groups and when
/// the newest of them was seen (a copy that stopped syncing shows as old).
pub fn whose_lines(coverage: &Coverage) -> Vec<String> {
    let n = coverage.groups();
    if n == 0 {
        return vec!["No other group's session is in the sessions folder yet.".to_string()];
    }
    let laptops: std::collections::BTreeSet<_> =
        coverage.sources.iter().filter_map(|s| s.device.as_ref()).collect();
    let moderators: std::collections::BTreeSet<_> =
        coverage.sources.iter().map(|s| s.moderator.as_str()).collect();
    let mut head = format!(
        "Counts from {} other {}: {} {}",
        n,
        if n == 1 { "group" } else { "groups" },
        moderators.len(),
        if moderators.len() == 1 { "moderator" } else { "moderators" },
    );
    if !laptops.is_empty() {
        head.push_str(&format!(
            " on {} {}",
            laptops.len(),
            if laptops.len() == 1 { "laptop" } else { "laptops" }
        ));
    }
    head.push(':');
    let mut out = vec![head];
    for src in &coverage.sources {
        out.push(format!(
            "  {}: {}, newest {}",
            who(src),
            groups_words(src.groups),
            seen(src.newest)
        ));
    }
    out
}

/// Whose data the coverage is, in one line of `width` for the picks
/// screen: "Counts from 7 other groups: Anna (2, 7 Feb), Ben (5, 29 Nov),
/// +2 more" (each moderator and laptop, newest first, with how many groups
/// and the day of the newest; the coverage window has the rest).
pub fn whose_line(coverage: &Coverage, width: usize) -> String {
    let n = coverage.groups();
    if n == 0 {
        return crate::tui::text::truncate(
            "The joker counts no other group: none is in the sessions folder yet.",
            width,
        );
    }
    let mut line = format!(
        "Counts from {} other {}:",
        n,
        if n == 1 { "group" } else { "groups" }
    );
    let all = &coverage.sources;
    for (k, src) in all.iter().enumerate() {
        let item = format!(
            "{}{} ({}, {})",
            if k == 0 { " " } else { ", " },
            who(src),
            src.groups,
            src.newest.format("%-d %b")
        );
        let left = all.len() - k - 1;
        let more = if left > 0 {
            format!(", +{left} more")
        } else {
            String::new()
        };
        if crate::tui::text::width(&line) + crate::tui::text::width(&item) + crate::tui::text::width(&more) > width
            && k > 0
        {
            line.push_str(&format!(", +{} more", all.len() - k));
            break;
        }
        line.push_str(&item);
    }
    crate::tui::text::truncate(&line, width)
}
