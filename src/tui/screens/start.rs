//! The start screen: a new group, or one of the unfinished sessions.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::domain::summary::Summary;
use crate::stimulus::Pack;
use crate::store::SessionsDir;
use crate::tui::keys::Action;
use crate::tui::state::{Outcome, Screen};
pub use crate::tui::state::{Resumable, StartState};
use crate::tui::theme;

use super::setup;

impl StartState {
    /// Look through the sessions `ids` (every name in `dir` and the
    /// folders read with it, sorted; newest last) for the unfinished ones
    /// (from each folder's summary index where it is fresh). With several
    /// folders the sessions are grouped by folder, each under its name.
    pub fn scan(dir: &SessionsDir, ids: &[String]) -> StartState {
        let mut st = StartState::default();
        // Every folder read: a session in any of them may be carried on,
        // written where it is (see `SessionsDir::resolve`).
        let found = dir.summaries();
        // A folder that could not be listed.
        st.problems.extend(
            found
                .problems
                .iter()
                .filter(|(id, _)| id.is_none())
                .map(|(_, why)| why.clone()),
        );
        let folders: Vec<std::path::PathBuf> = dir
            .folders()
            .iter()
            .map(|d| d.path().to_path_buf())
            .collect();
        let mut by: std::collections::HashMap<&str, Vec<(usize, &Summary)>> =
            std::collections::HashMap::new();
        for (s, folder) in found.sessions.iter().zip(&found.folders) {
            let at = folders.iter().position(|f| f == folder).unwrap_or(0);
            by.entry(s.id.as_str()).or_default().push((at, s));
        }
        let mut live = Vec::new();
        for id in ids.iter().rev() {
            match by.get(id.as_str()) {
                Some(here) => live.extend(here.iter().filter(|(_, s)| s.live).map(|(at, s)| {
                    (
                        *at,
                        Resumable {
                            id: id.clone(),
                            line: summary_line(s),
                        },
                    )
                })),
                None => {
                    if let Some((_, why)) = found
                        .problems
                        .iter()
                        .find(|(p, _)| p.as_deref() == Some(id.as_str()))
                    {
                        st.problems.push(why.clone());
                    }
                }
            }
        }
        if folders.len() > 1 {
            live.sort_by_key(|(at, _)| *at);
            let mut last = None;
            for (i, (at, _)) in live.iter().enumerate() {
                if last != Some(*at) {
                    let name = folders.get(*at).map(|f| f.display().to_string());
                    st.headings.push((i, name.unwrap_or_default()));
                    last = Some(*at);
                }
            }
        }
        st.sessions = live.into_iter().map(|(_, r)| r).collect();
        st
    }
}

/// "Ashford, Kent · 2026-11-29 · full · 5 steps done".
pub fn summary_line(s: &Summary) -> String {
    let date = s.date.map(|d| d.to_string()).unwrap_or_default();
    format!(
        "{} · {} · {} group · {} steps · {}",
        s.location,
        date,
        s.plan,
        s.steps,
        s.newest.format("last %H:%M UTC")
    )
}

/// The start screen's answer to an action: move, a new group (the profile
/// form), or carry on with the selected session.
pub fn on_action(
    st: &mut StartState,
    action: Option<Action>,
    pack: &Pack,
    now: DateTime<Utc>,
) -> Outcome {
    let n = st.sessions.len() + 1;
    let new_group = || {
        Outcome::Goto(Screen::Setup(setup::profile_form(
            pack,
            None,
            now.date_naive(),
        )))
    };
    match action {
        Some(Action::Up) => st.sel = (st.sel + n - 1) % n,
        Some(Action::Down) => st.sel = (st.sel + 1) % n,
        Some(Action::Add) => return new_group(),
        Some(Action::Accept) if st.sel == 0 => return new_group(),
        Some(Action::Accept) => {
            if let Some(r) = st.sessions.get(st.sel - 1) {
                return Outcome::Resume(r.id.clone());
            }
        }
        Some(Action::QuitNow) => return Outcome::QuitNow,
        Some(Action::Help) => return Outcome::Help,
        _ => {}
    }
    Outcome::Nothing
}

/// Draw the start screen.
pub fn draw(f: &mut Frame, area: Rect, st: &StartState) {
    let mut lines = vec![
        Line::styled(
            "Welcome. Start a new group, or carry on with one that is still live.",
            theme::text(),
        ),
        Line::raw(""),
    ];
    let width = area.width.saturating_sub(4) as usize;
    let row = |i: usize, text: String| {
        let sel = i == st.sel;
        theme::row(crate::tui::text::truncate(&text, width), sel, theme::text())
    };
    lines.push(row(0, "+ New group".into()));
    lines.push(Line::raw(""));
    if let Some(n) = st.looking {
        lines.push(Line::styled(
            if n == 1 {
                "Looking at the session in the folder…".to_string()
            } else {
                format!("Looking through the {n} sessions in the folder for unfinished ones…")
            },
            theme::dim(),
        ));
    } else if st.sessions.is_empty() {
        lines.push(Line::styled("No unfinished sessions.", theme::dim()));
    } else {
        lines.push(Line::styled("Unfinished sessions", theme::heading()));
        for (i, r) in st.sessions.iter().enumerate() {
            if let Some((_, folder)) = st.headings.iter().find(|(at, _)| *at == i) {
                let words = format!("in {folder}:");
                lines.push(Line::styled(
                    crate::tui::text::truncate(&words, width),
                    theme::dim(),
                ));
            }
            lines.push(row(i + 1, format!("{} · {}", r.line, r.id)));
        }
    }
    if !st.problems.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "! Some files could not be read (left untouched):",
            theme::error(),
        ));
        for p in &st.problems {
            lines.push(Line::styled(format!("  {p}"), theme::warn()));
        }
    }
    let p = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(" facilitator "));
    f.render_widget(p, area);
}
