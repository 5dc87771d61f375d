//! Windows over the screen: help, the values slide, the Commission's
//! statement, the plan and its timings, the posters, the flip chart and
//! the confirmations.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};

use crate::domain::event::Event;
use crate::tui::app::App;
use crate::tui::digits::{self, Typed};
use crate::tui::keys::{self, Action, Context};
use crate::tui::theme;
use crate::tui::widgets::coverage::coverage_lines;
pub use crate::tui::widgets::frame::centered;
pub use crate::tui::widgets::rating::SCALES;

mod draw;
pub use draw::draw;

/// A window over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Every key, the ones for where the moderator is first.
    Help {
        /// Lines scrolled.
        scroll: u16,
        /// The help section (see [`crate::tui::keys::help_sections`]) to show first.
        first: &'static str,
    },
    /// The slide "Values: emerging findings".
    Values,
    /// The Commission's statement of values.
    Statement,
    /// The plan: every step, planned and actual minutes; Enter jumps.
    Plan {
        /// Selected step.
        sel: usize,
    },
    /// The posters, one at a time or the wall of nine.
    Posters {
        /// Index of the poster shown.
        idea: usize,
        /// Show all titles at once.
        wall: bool,
        /// Digits typed towards an idea number (see [`crate::tui::digits`]).
        typed: String,
    },
    /// The flip chart of a step.
    Flipchart {
        /// Plan step key.
        step: String,
        /// Selected entry.
        sel: usize,
        /// The entry being typed.
        input: String,
    },
    /// The group's 1-10 ratings of an idea and the equity dimensions raised.
    Rate {
        /// The idea.
        idea: u32,
        /// Selected row: the three scales, then the dimensions.
        sel: usize,
    },
    /// Which ideas earlier groups discussed, and how they were picked.
    Coverage {
        /// Lines scrolled.
        scroll: u16,
    },
    /// The audio recordings: start, stop, name, correct the start.
    Recordings {
        /// Selected recording (0-based).
        sel: usize,
        /// A file name being typed for the selected recording.
        naming: Option<String>,
    },
    /// "Leave now?" while a session is live.
    ConfirmQuit,
    /// "End the session?"
    ConfirmFinish,
}

impl Overlay {
    /// The posters: the one at index `idea`, or the wall.
    pub fn posters(idea: usize, wall: bool) -> Overlay {
        Overlay::Posters {
            idea,
            wall,
            typed: String::new(),
        }
    }

    /// The flip chart of a step, ready to type.
    pub fn flipchart(step: String) -> Overlay {
        Overlay::Flipchart {
            step,
            sel: 0,
            input: String::new(),
        }
    }
}

impl App {
    pub(crate) fn overlay_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(ov) = self.overlay.as_mut() else {
            return;
        };
        let n_ideas = self.ctx.pack.ideas.len().max(1);
        match ov {
            Overlay::ConfirmQuit => {
                self.overlay = None;
                if keys::action(Context::ConfirmQuit, &key) == Some(Action::Yes) {
                    self.quit = true;
                }
            }
            Overlay::ConfirmFinish => {
                self.overlay = None;
                if keys::action(Context::Confirm, &key) == Some(Action::Yes)
                    && self.record(Event::Finished, now)
                {
                    self.show_ended_if_over();
                    self.flash("Session ended and saved. E reopens it; q leaves.", false);
                }
            }
            Overlay::Plan { sel } => {
                let n = self
                    .live
                    .as_ref()
                    .map_or(0, |l| l.session.plan().steps.len());
                match keys::action(Context::Plan, &key) {
                    Some(Action::Down) if n > 0 => *sel = (*sel + 1) % n,
                    Some(Action::Up) if n > 0 => *sel = (*sel + n - 1) % n,
                    Some(Action::Accept) => {
                        let sel = *sel;
                        self.overlay = None;
                        let key = self
                            .live
                            .as_ref()
                            .and_then(|l| l.session.plan().steps.get(sel).map(|s| s.key.clone()));
                        let cur = self
                            .live
                            .as_ref()
                            .and_then(|l| l.session.state().current_step.clone());
                        if let Some(k) = key
                            && cur.as_deref() != Some(k.as_str())
                        {
                            self.go_step(k, now);
                        }
                    }
                    Some(Action::Back) => self.overlay = None,
                    _ => {}
                }
            }
            Overlay::Posters { idea, wall, typed } => {
                let numbers: Vec<u32> = self.ctx.pack.ideas.iter().map(|i| i.number).collect();
                let index = |n: u32| numbers.iter().position(|x| *x == n);
                let action = keys::action(Context::Posters, &key);
                // Any key but a digit, Enter or Backspace ends a number being typed.
                if !matches!(action, Some(Action::Digit | Action::Accept | Action::Erase)) {
                    typed.clear();
                }
                match action {
                    Some(Action::Right) => *idea = (*idea + 1) % n_ideas,
                    Some(Action::Left) => *idea = (*idea + n_ideas - 1) % n_ideas,
                    Some(Action::Wall) => *wall = !*wall,
                    Some(Action::Digit) => {
                        if let KeyCode::Char(c) = key.code {
                            typed.push(c);
                        }
                        match digits::typed(typed, &numbers) {
                            Typed::Idea(n) => {
                                *idea = index(n).unwrap_or(*idea);
                                *wall = false;
                                typed.clear();
                            }
                            Typed::More(_) => {}
                            Typed::NoSuch => {
                                let what = std::mem::take(typed);
                                self.flash(format!("There is no idea {what}."), true);
                            }
                        }
                    }
                    Some(Action::Erase) => {
                        typed.pop();
                    }
                    Some(Action::Accept) if !typed.is_empty() => {
                        match digits::entered(typed, &numbers).and_then(index) {
                            Some(i) => {
                                *idea = i;
                                *wall = false;
                            }
                            None => {
                                let what = typed.clone();
                                self.flash(format!("There is no idea {what}."), true);
                            }
                        }
                        if let Some(Overlay::Posters { typed, .. }) = self.overlay.as_mut() {
                            typed.clear();
                        }
                    }
                    Some(Action::Accept) if *wall => *wall = false,
                    Some(Action::Back) => self.overlay = None,
                    _ => {}
                }
            }
            Overlay::Flipchart { step, sel, input } => {
                let list_len = self
                    .live
                    .as_ref()
                    .and_then(|l| l.session.state().flipchart.get(step.as_str()).map(Vec::len))
                    .unwrap_or(0);
                // The table binds no character: what is typed is the entry.
                match keys::action(Context::Flipchart, &key) {
                    Some(Action::Back) => self.overlay = None,
                    Some(Action::Add) => {
                        if input.trim().is_empty() {
                            self.overlay = None;
                        } else {
                            let ev = Event::FlipchartAdded {
                                step: step.clone(),
                                text: input.trim().to_string(),
                            };
                            input.clear();
                            *sel = list_len;
                            self.record(ev, now);
                        }
                    }
                    Some(Action::Erase) => {
                        input.pop();
                    }
                    Some(Action::Up) if list_len > 0 => *sel = (*sel + list_len - 1) % list_len,
                    Some(Action::Down) if list_len > 0 => *sel = (*sel + 1) % list_len,
                    Some(Action::Remove) if list_len > 0 => {
                        let ev = Event::FlipchartRemoved {
                            step: step.clone(),
                            index: (*sel).min(list_len - 1),
                        };
                        *sel = sel.saturating_sub(1);
                        self.record(ev, now);
                    }
                    None => {
                        if let KeyCode::Char(c) = key.code
                            && input.chars().count() < 200
                        {
                            input.push(c)
                        }
                    }
                    _ => {}
                }
            }
            Overlay::Help { scroll, .. } => match keys::action(Context::Help, &key) {
                Some(Action::Down) => *scroll = scroll.saturating_add(1),
                Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                Some(Action::PageDown) => *scroll = scroll.saturating_add(10),
                Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
                // Any other key closes it.
                _ => self.overlay = None,
            },
            Overlay::Coverage { scroll } => {
                // Scrolled no further than the last line at the narrowest
                // screen (the drawing stops at the last screenful).
                let session = self.live.as_ref().map(|l| &l.session);
                let most = coverage_lines(&self.ctx.pack, session, &self.coverage, 76).len();
                let most = u16::try_from(most).unwrap_or(u16::MAX);
                match keys::action(Context::Coverage, &key) {
                    Some(Action::Down) => *scroll = (*scroll + 1).min(most),
                    Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                    Some(Action::PageDown) => *scroll = (*scroll + 10).min(most),
                    Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
                    Some(Action::Home) => *scroll = 0,
                    Some(Action::Last) => *scroll = most,
                    Some(Action::Back) => self.overlay = None,
                    _ => self.flash("Coverage: ↑↓ or PgUp/PgDn to scroll, Esc to close.", false),
                }
            }
            Overlay::Values | Overlay::Statement => self.overlay = None,
            Overlay::Recordings { sel, naming } => {
                let n = self
                    .live
                    .as_ref()
                    .map_or(0, |l| l.session.state().recordings.len());
                // A selection past the end (a refused start) means the last.
                *sel = (*sel).min(n.saturating_sub(1));
                let recording = *sel as u32 + 1;
                if let Some(name) = naming {
                    match key.code {
                        KeyCode::Esc => *naming = None,
                        KeyCode::Enter => {
                            let name = name.trim().to_string();
                            *naming = None;
                            self.record(Event::RecordingNamed { recording, name }, now);
                        }
                        KeyCode::Backspace => {
                            name.pop();
                        }
                        KeyCode::Char(c) if name.chars().count() < 120 => name.push(c),
                        _ => {}
                    }
                    return;
                }
                let shift = |s: i64| Event::RecordingShifted {
                    recording,
                    seconds: s,
                };
                match keys::action(Context::Recordings, &key) {
                    Some(Action::Down) if n > 0 => *sel = (*sel + 1) % n,
                    Some(Action::Up) if n > 0 => *sel = (*sel + n - 1) % n,
                    Some(Action::Right) if n > 0 => {
                        self.record(shift(1), now);
                    }
                    Some(Action::Left) if n > 0 => {
                        self.record(shift(-1), now);
                    }
                    Some(Action::FarRight) if n > 0 => {
                        self.record(shift(10), now);
                    }
                    Some(Action::FarLeft) if n > 0 => {
                        self.record(shift(-10), now);
                    }
                    Some(Action::Edit) if n > 0 => *naming = Some(String::new()),
                    Some(Action::RecordStart) => {
                        *sel = n;
                        self.record(Event::RecordingStarted { name: None }, now);
                    }
                    Some(Action::RecordStop) => {
                        self.record(Event::RecordingStopped, now);
                    }
                    Some(Action::Back) => self.overlay = None,
                    _ => {}
                }
            }
            Overlay::Rate { idea, sel } => {
                let idea = *idea;
                let dims = self.ctx.pack.equity_dimensions.clone();
                let rows = SCALES.len() + dims.len();
                let state = self.live.as_ref().map(|l| l.session.state());
                let current = |scale| state.and_then(|s| s.ratings.get(&(idea, scale)).copied());
                let action = keys::action(Context::Rate, &key);
                match action {
                    Some(Action::Down) => *sel = (*sel + 1) % rows,
                    Some(Action::Up) => *sel = (*sel + rows - 1) % rows,
                    Some(Action::Back) => self.overlay = None,
                    action if *sel < SCALES.len() => {
                        let (_, scale) = SCALES[*sel];
                        let now_v = current(scale);
                        let v = match (action, key.code) {
                            // 1-9, and 0 for 10.
                            (Some(Action::Digit), KeyCode::Char(c)) => Some(
                                c.to_digit(10)
                                    .map_or(10, |d| if d == 0 { 10 } else { d as u8 }),
                            ),
                            (Some(Action::Right), _) => Some(now_v.map_or(5, |v| (v + 1).min(10))),
                            (Some(Action::Left), _) => {
                                Some(now_v.map_or(5, |v| v.saturating_sub(1).max(1)))
                            }
                            _ => None,
                        };
                        if let Some(value) = v
                            && Some(value) != now_v
                        {
                            self.record(Event::Rated { idea, scale, value }, now);
                        }
                    }
                    Some(Action::Tick) => {
                        if let Some(d) = dims.get(*sel - SCALES.len()) {
                            let on = !state.is_some_and(|s| {
                                s.equity.get(&idea).is_some_and(|e| e.contains(d))
                            });
                            self.record(
                                Event::EquityTicked {
                                    idea,
                                    dimension: d.clone(),
                                    on,
                                },
                                now,
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The help text: the section `first` at the top, then the others; each
/// key in a column, its words wrapped beside it.
fn help_lines(first: &str, width: usize) -> Vec<Line<'static>> {
    let mut sections = super::keys::help_sections();
    let key_w = sections
        .iter()
        .flat_map(|(_, keys)| keys.iter().map(|(k, _, _)| k.chars().count()))
        .max()
        .unwrap_or(8)
        + 3;
    sections.sort_by_key(|(name, _)| *name != first && *name != "Everywhere");
    let mut lines = Vec::new();
    for (name, keys) in sections {
        lines.push(Line::styled(name.to_string(), theme::heading()));
        for (k, what, _) in keys {
            let words = super::screens::guide::wrap(what, width.saturating_sub(key_w).max(10));
            for (i, w) in words.into_iter().enumerate() {
                let k = if i == 0 { k } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {k:<w$}", w = key_w - 2), theme::key()),
                    Span::raw(w),
                ]));
            }
        }
    }
    lines
}
