//! The Stage 3 screen as drawn: each participant's answers.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::domain::event::{Gut, Reach};
use crate::domain::state::SessionState;
use crate::tui::form::Form;
use crate::tui::text::truncate;
use crate::tui::theme;

/// The Stage 3 screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stage3State {
    /// Selected participant row.
    pub sel: usize,
    /// The answer form for a participant.
    pub form: Option<(Form, u32)>,
}

/// Gut reactions, as the form and the screen word them.
pub const GUTS: [(&str, Option<Gut>); 5] = [
    ("—", None),
    ("in favour", Some(Gut::InFavour)),
    ("opposed", Some(Gut::Opposed)),
    ("undecided", Some(Gut::Undecided)),
    ("apathetic", Some(Gut::Apathetic)),
];
/// Whether reform is needed, as worded.
pub const REFORM: [(&str, Option<bool>); 3] =
    [("—", None), ("yes", Some(true)), ("no", Some(false))];
/// How far the ideas go, as worded.
pub const REACH: [(&str, Option<Reach>); 4] = [
    ("—", None),
    ("too far", Some(Reach::TooFar)),
    ("about right", Some(Reach::AboutRight)),
    ("not far enough", Some(Reach::NotFarEnough)),
];

/// The word for a value in one of the tables above.
pub fn word<T: PartialEq + Copy>(
    table: &[(&'static str, Option<T>)],
    v: Option<T>,
) -> &'static str {
    table.iter().find(|(_, x)| *x == v).map_or("—", |(w, _)| w)
}

/// Draw the Stage 3 screen.
pub fn draw_stage3(f: &mut Frame, area: Rect, st: &Stage3State, s: &SessionState) {
    if let Some((form, id)) = &st.form {
        let who = s
            .participants
            .get(id)
            .map(|p| p.label.clone())
            .unwrap_or_default();
        let mut lines = vec![Line::styled(
            format!("{who}: all optional. Ctrl-S to save, Esc to cancel."),
            theme::dim(),
        )];
        lines.extend(form.lines(15));
        f.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(form.title.clone())),
            area,
        );
        return;
    }
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(
        format!(
            "  {:<14}{:<11}{:<7}{:<15}{}",
            "who", "gut", "reform", "the ideas go", "top tip"
        ),
        theme::heading(),
    )];
    for (i, p) in s.stage3_people().enumerate() {
        let here = i == st.sel;
        let a = s.stage3.get(&p.id).cloned().unwrap_or_default();
        let label = if s.absent.contains(&p.id) {
            format!("{} (out)", truncate(&p.label, 7))
        } else {
            truncate(&p.label, 13)
        };
        let row = format!(
            "{}{:<11}{:<7}{:<15}{}",
            crate::tui::text::fill(&label, 14),
            word(&GUTS, a.gut),
            word(&REFORM, a.reform_needed),
            word(&REACH, a.reach),
            a.top_tip
        );
        lines.push(theme::row(truncate(&row, width - 2), here, theme::text()));
    }
    f.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" Stage 3 · Enter to record a participant's answers ")),
        area,
    );
}
