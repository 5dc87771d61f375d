//! The start screen: a new group, or one of the unfinished sessions.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::domain::state::SessionState;
use crate::store::SessionsDir;
use crate::tui::app::{App, Opening, Screen};
use crate::tui::pending::Pending;
use crate::tui::theme;

use super::setup;

/// An unfinished session that can be resumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumable {
    /// Its id.
    pub id: String,
    /// One line about it.
    pub line: String,
}

/// The start screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartState {
    /// Unfinished sessions, newest first.
    pub sessions: Vec<Resumable>,
    /// Files that could not be read, with why.
    pub problems: Vec<String>,
    /// Selected row: 0 is "new group", then the sessions.
    pub sel: usize,
    /// While the folder is still being read: how many sessions it holds.
    pub looking: Option<usize>,
}

impl StartState {
    /// Look through the sessions `ids` of `dir` (newest last) for the
    /// unfinished ones.
    pub fn scan(dir: &SessionsDir, ids: &[String]) -> StartState {
        let mut st = StartState::default();
        for id in ids.iter().rev() {
            match dir.load(id) {
                Ok(l) => {
                    let s = SessionState::fold(&l.events);
                    if s.is_live() {
                        st.sessions.push(Resumable {
                            id: id.clone(),
                            line: summary_line(&s),
                        });
                    }
                }
                Err(e) => st.problems.push(e.to_string()),
            }
        }
        st
    }
}

/// "Ashford, Kent · 2026-11-29 · full · 5 steps done".
pub fn summary_line(s: &SessionState) -> String {
    let date = s.profile.date.map(|d| d.to_string()).unwrap_or_default();
    let last = s
        .last_at
        .map(|t| t.format("last %H:%M UTC").to_string())
        .unwrap_or_default();
    format!(
        "{} · {} · {} group · {} steps · {}",
        s.profile.location,
        date,
        s.plan,
        s.steps_visited(),
        last
    )
}

impl App {
    /// Show the start screen, if the folder holds any session: at once,
    /// with the unfinished sessions filled in when the folder has been read
    /// (on a thread: a folder of a whole fieldwork takes a moment). Returns
    /// false, changing nothing, when the folder holds no session.
    pub(crate) fn show_start(&mut self) -> bool {
        let ids = match self.ctx.dir.ids() {
            Ok(ids) if ids.is_empty() => return false,
            Ok(ids) => ids,
            Err(e) => {
                self.screen = Screen::Start(StartState {
                    problems: vec![e.to_string()],
                    ..StartState::default()
                });
                return true;
            }
        };
        self.screen = Screen::Start(StartState {
            looking: Some(ids.len()),
            ..StartState::default()
        });
        let dir = self.ctx.dir.clone();
        self.pending_start = Pending::start("start", move || StartState::scan(&dir, &ids));
        true
    }

    /// Put the unfinished sessions on the start screen once they have been
    /// found (or, with `wait`, now). Returns whether anything changed.
    pub fn settle_start(&mut self, wait: bool) -> bool {
        let Some(found) = self.pending_start.take(wait) else {
            return false;
        };
        let Screen::Start(st) = &mut self.screen else {
            // The moderator has moved on.
            return false;
        };
        st.sel = st.sel.min(found.sessions.len());
        st.sessions = found.sessions;
        st.problems = found.problems;
        st.looking = None;
        true
    }

    pub(crate) fn start_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Screen::Start(st) = &mut self.screen else {
            return;
        };
        let n = st.sessions.len() + 1;
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => st.sel = (st.sel + n - 1) % n,
            KeyCode::Down | KeyCode::Char('j') => st.sel = (st.sel + 1) % n,
            KeyCode::Char('n') => self.go_new_group(now),
            KeyCode::Enter => {
                if st.sel == 0 {
                    self.go_new_group(now);
                } else if let Some(r) = st.sessions.get(st.sel - 1) {
                    // Read, repaired and synced on a thread: the key does
                    // not wait on the disk.
                    let id = r.id.clone();
                    let dir = self.ctx.dir.clone();
                    self.open_in_background(
                        format!("Opening {id}…"),
                        Opening::Resume(now),
                        move || dir.open(&id).map_err(|e| e.to_string()),
                    );
                }
            }
            KeyCode::Esc | KeyCode::Char('q') => self.quit = true,
            KeyCode::Char('?') => self.overlay = Some(self.help()),
            _ => {}
        }
    }

    fn go_new_group(&mut self, now: DateTime<Utc>) {
        self.screen = Screen::Setup(setup::profile_form(&self.ctx.pack, None, now.date_naive()));
    }
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
