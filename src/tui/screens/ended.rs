//! An ended session: read-only. The screen says so, how to replay and
//! export it, and offers to reopen it (asked first, and recorded).

use std::path::Path;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::domain::clock::{Schedule, tape};
use crate::domain::event::Event;
use crate::domain::session::Session;
use crate::tui::keys::Action;
pub use crate::tui::state::EndedState;
use crate::tui::state::{Outcome, Overlay, Screen};
use crate::tui::text::{truncate, wrap};
use crate::tui::theme;
use crate::tui::widgets::guide::GuideState;

/// The ended screen's answer to an action (`None`: a key the table does
/// not bind). `E` reopens (asks first), `q` leaves, help, the statement
/// and coverage open; anything else says the session ended.
pub fn on_action(st: &mut EndedState, action: Option<Action>) -> Outcome {
    if st.confirm_reopen {
        st.confirm_reopen = false;
        return if action == Some(Action::Yes) {
            Outcome::Chain(vec![
                Outcome::Record {
                    event: Event::Reopened,
                    said: None,
                },
                Outcome::Goto(Screen::Guide(GuideState::default())),
                Outcome::Flash(
                    "Reopened (recorded); the clock runs on from where it ended.".into(),
                ),
            ])
        } else {
            Outcome::Flash("The session stays ended.".into())
        };
    }
    match action {
        Some(Action::End) => {
            st.confirm_reopen = true;
            Outcome::Nothing
        }
        Some(Action::Help) => Outcome::Help,
        Some(Action::Statement) => Outcome::Open(Overlay::Statement),
        Some(Action::Coverage) => Outcome::Open(Overlay::Coverage { scroll: 0 }),
        Some(Action::Quit) => Outcome::Quit,
        _ => Outcome::Flash("Session ended: nothing more is recorded. E reopens; q leaves.".into()),
    }
}

/// "no notes", "1 note", "3 notes".
fn count(n: usize, one: &str, many: &str) -> String {
    match n {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// Draw the ended screen; `sessions` is the sessions folder, named in
/// the commands when it is not the default.
pub fn draw(f: &mut Frame, area: Rect, st: &EndedState, session: &Session, sessions: &Path) {
    let s = session.state();
    let app = if sessions == Path::new("sessions") {
        "facilitator".to_string()
    } else {
        format!("facilitator --sessions {}", sessions.display())
    };
    let width = area.width.saturating_sub(2) as usize;
    let id = s.id.as_str();
    let ended = s
        .finished_at
        .map(|t| t.format("%H:%M UTC").to_string())
        .unwrap_or_default();
    let sched = Schedule::at(s, session.plan(), s.finished_at.unwrap_or(s.created_at));
    let notes = s.notes.iter().filter(|n| !n.deleted).count();
    let mut lines = vec![
        Line::styled(
            truncate(&format!("{} · session {id}", s.profile.location), width),
            theme::heading(),
        ),
        Line::raw(truncate(
            &format!(
                "Ended at {ended} after {} of session time · {} · {} visited",
                tape(sched.elapsed),
                count(notes, "note", "notes"),
                count(s.steps_visited(), "step", "steps"),
            ),
            width,
        )),
        Line::raw(""),
    ];
    for w in wrap(
        "The session has ended, so it is read-only: nothing more is recorded (notes, stickers, steps). Everything is saved.",
        width,
    ) {
        lines.push(Line::raw(w));
    }
    lines.push(Line::raw(""));
    let mut cmd = |what: &str, c: String| {
        lines.push(Line::raw(what.to_string()));
        for w in wrap(&c, width.saturating_sub(2)) {
            lines.push(Line::styled(format!("  {w}"), theme::key()));
        }
    };
    cmd("Replay it:", format!("{app} replay {id}"));
    cmd(
        "Export it (Markdown, or CSV files into a folder):",
        format!("{app} export {id} -o {id}.md"),
    );
    for w in wrap(
        &format!("{app} export {id} --format csv -o {id}-csv"),
        width.saturating_sub(2),
    ) {
        lines.push(Line::styled(format!("  {w}"), theme::key()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("E ", theme::key()),
        Span::raw("reopen it to record more (asks first; the reopening is recorded)"),
    ]));
    lines.push(Line::from(vec![
        Span::styled("q ", theme::key()),
        Span::raw("leave the app"),
    ]));
    if st.confirm_reopen {
        lines.push(Line::raw(""));
        for w in wrap(
            "! Reopen the session? Notes, stickers and steps are recorded again, and the time it stood ended is not counted. y: reopen, any other key: keep it ended.",
            width,
        ) {
            lines.push(Line::styled(w, theme::warn()));
        }
    }
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Session ended · read-only ")),
        area,
    );
}
