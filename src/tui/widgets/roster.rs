//! The roster as drawn: who is in the group, present or not, consent, and
//! the roster's size against the plan.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::domain::profile::Participant;
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::tui::form::Form;
use crate::tui::text::{fit, truncate, wrap};
use crate::tui::theme;

/// The roster screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RosterState {
    /// Selected row.
    pub sel: usize,
    /// The participant form, when adding (None id) or editing.
    pub form: Option<(Form, Option<u32>)>,
    /// Asking to confirm removing this participant.
    pub confirm_remove: Option<u32>,
}

/// The roster size against the plan's expectation, as a warning if outside.
pub fn size_warning(pack: &Pack, s: &SessionState) -> Option<String> {
    let plan = pack.plan(&s.plan)?;
    let n = s.roster().count() as u32;
    (n < plan.participants_min || n > plan.participants_max).then(|| {
        format!(
            "{} expects {}-{} people; {} on the roster.",
            plan.title
                .split(['(', ':'])
                .next()
                .unwrap_or(&plan.title)
                .trim(),
            plan.participants_min,
            plan.participants_max,
            n
        )
    })
}

/// The roster's label column: as wide as the longest label, at least 12
/// and at most 20 (a longer label is cut with "…").
pub fn label_width<'a>(labels: impl Iterator<Item = &'a str>) -> usize {
    labels
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(12, 20)
}

/// One participant as a roster row, the label in a column `label_w` wide.
pub fn participant_line(p: &Participant, label_w: usize) -> String {
    let mut parts: Vec<String> = [&p.gender, &p.age_band]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string())
        .collect();
    if let Some(e) = &p.ethnicity {
        parts.push(e.clone());
    }
    if !p.social_grade.is_empty() {
        parts.push(p.social_grade.clone());
    }
    parts.extend(p.descriptors.iter().cloned());
    let consent = match p.consent {
        None => "consent ?",
        Some(true) => "consent ✓",
        Some(false) => "consent ✗",
    };
    format!(
        "{} {:<11} {}",
        fit(&p.label, label_w),
        consent,
        parts.join(", ")
    )
}

/// Draw the roster.
pub fn draw(f: &mut Frame, area: Rect, st: &RosterState, s: &SessionState, pack: &Pack) {
    let [head, body] = Layout::vertical([Constraint::Length(4), Constraint::Min(3)]).areas(area);
    let plan = pack
        .plan(&s.plan)
        .map(|p| p.title.clone())
        .unwrap_or_else(|| s.plan.clone());
    let mut top = vec![Line::from(vec![
        Span::styled(s.profile.location.clone(), theme::heading()),
        Span::raw(format!(
            " · {} · {}",
            s.profile.date.map(|d| d.to_string()).unwrap_or_default(),
            plan
        )),
    ])];
    top.push(match size_warning(pack, s) {
        Some(w) => Line::styled(format!("! {w}"), theme::warn()),
        None => Line::styled(
            format!("{} on the roster.", s.roster().count()),
            theme::ok(),
        ),
    });
    f.render_widget(
        Paragraph::new(top).block(Block::bordered().title(format!(" Session {} ", s.id))),
        head,
    );
    if let Some((form, _)) = &st.form {
        let mut lines = vec![Line::styled(
            "Enter for the next field, Ctrl-S to save, Esc to cancel.",
            theme::dim(),
        )];
        lines.extend(form.lines(17));
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(Block::bordered().title(form.title.clone())),
            body,
        );
        return;
    }
    let roster: Vec<&Participant> = s.roster().collect();
    let width = body.width.saturating_sub(4) as usize;
    let mut lines = Vec::new();
    if roster.is_empty() {
        lines.push(Line::styled(
            "Nobody yet. Press a to add a participant.",
            theme::dim(),
        ));
    }
    // While anyone is out of the room, every row has a column saying so.
    let anyone_out = roster.iter().any(|p| s.absent.contains(&p.id));
    let label_w = label_width(roster.iter().map(|p| p.label.as_str()));
    for (i, p) in roster.iter().enumerate() {
        let sel = i == st.sel.min(roster.len().saturating_sub(1));
        let out = match (anyone_out, s.absent.contains(&p.id)) {
            (false, _) => "",
            (true, true) => "out  ",
            (true, false) => "     ",
        };
        lines.push(theme::row(
            truncate(
                &format!("{:>2}. {out}{}", i + 1, participant_line(p, label_w)),
                width,
            ),
            sel,
            theme::text(),
        ));
    }
    let out: Vec<String> = roster
        .iter()
        .filter_map(|p| {
            s.out_since(p.id)
                .map(|t| format!("{} since {}", p.label, t.format("%H:%M")))
        })
        .collect();
    if !out.is_empty() {
        lines.push(Line::raw(""));
        for w in wrap(
            &format!("Out of the room: {} (o: back)", out.join(", ")),
            width,
        ) {
            lines.push(Line::styled(w, theme::warn()));
        }
    }
    if let Some(id) = st.confirm_remove {
        let label = s
            .participants
            .get(&id)
            .map(|p| p.label.clone())
            .unwrap_or_default();
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("! Remove {label} from the roster? y to remove, any other key to keep."),
            theme::warn(),
        ));
    }
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Roster ")),
        body,
    );
}
