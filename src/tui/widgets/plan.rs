//! The plan window: every step, planned and actual minutes, the cuts.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::frame::window;
use crate::domain::clock::{Schedule, hms};
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::tui::theme;

/// Draw the plan with step `sel` selected.
pub fn draw_plan(
    f: &mut Frame,
    area: Rect,
    pack: &Pack,
    session: Option<&Session>,
    sel: usize,
    now: DateTime<Utc>,
) {
    let Some(session) = session else { return };
    let sched = Schedule::at(session.state(), session.plan(), now);
    let mut lines = vec![Line::styled(
        format!("{:<44} {:>7} {:>8}  {}", "step", "planned", "actual", "cut"),
        theme::heading(),
    )];
    for (i, (ps, t)) in session.plan().steps.iter().zip(&sched.steps).enumerate() {
        let here = i == sel;
        let cut = sched
            .cuts
            .iter()
            .find(|c| c.key == ps.key)
            .map(|c| format!("−{}m", c.minutes))
            .unwrap_or_default();
        let actual = if t.visited { hms(t.used) } else { "—".into() };
        let mark = if t.current {
            "▶"
        } else if t.visited {
            "✓"
        } else {
            " "
        };
        lines.push(theme::row(
            format!(
                "{mark} {} {:>7} {:>8}  {cut}",
                crate::tui::text::pad(&ps.title(pack), 40),
                format!("{}m", ps.minutes),
                actual
            ),
            here,
            theme::text(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "Plan {} min for a {}-min session · elapsed {} · projected finish {}",
            session.plan().total_minutes(),
            session.plan().target_minutes,
            hms(sched.elapsed),
            hms(sched.projected)
        ),
        theme::dim(),
    ));
    let h = (lines.len() as u16 + 2).min(area.height);
    window(f, area, "Plan · Enter to go to a step", lines, 80, h);
}
