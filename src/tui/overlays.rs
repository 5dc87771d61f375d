//! Windows over the screen: help, the values slide, the Commission's
//! statement, the plan and its timings, the posters, the flip chart and
//! the confirmations.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};

use crate::domain::event::Event;
use crate::tui::app::App;
use crate::tui::digits::{self, Typed};
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
        /// The section of [`KEYS`] to show first.
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

/// The keys, by where they work. The help window and the README show this.
pub const KEYS: &[(&str, &[(&str, &str)])] = &[
    (
        "Everywhere",
        &[
            ("?", "this help"),
            (
                "q",
                "quit (asks first while a session is live; the session stays live)",
            ),
            ("Ctrl-C", "quit at once (nothing is lost)"),
            ("Esc", "back / close a window"),
            ("↑↓ or j k", "move"),
            ("m", "the Commission's statement of values"),
        ],
    ),
    (
        "Guide",
        &[
            ("→ or l", "next step"),
            ("← or h", "previous step"),
            (
                "g or t",
                "the plan: every step, planned vs actual; Enter jumps",
            ),
            ("n", "new note"),
            ("v or \"", "new verbatim quote"),
            ("Tab", "switch between the guide and the notes"),
            ("space or x", "tick a probe as covered"),
            ("[ ]", "previous / next section of the step"),
            ("e / d", "edit / strike out the selected note (notes side)"),
            ("f", "the flip chart of this step"),
            ("w", "the slide \"Values: emerging findings\""),
            ("P", "the posters (←/→ browse, a number jumps, w the wall)"),
            ("p", "pause / resume the clock"),
            ("r", "the roster (consent: c)"),
            ("o / O", "the audio recorder started / stopped"),
            ("T", "the recordings: names, correct a start"),
            (
                "*",
                "star the selected quote as a key verbatim (notes side)",
            ),
            (
                "C",
                "coverage: which ideas earlier groups discussed (↑↓ PgUp PgDn scroll)",
            ),
            (
                "E",
                "end the session (read-only after; on an ended one: reopen it, asks first)",
            ),
        ],
    ),
    (
        "Idea testing",
        &[
            (
                "S",
                "stickers (from any step; the guide has the vote in the gallery)",
            ),
            (
                "K",
                "the picks (from any step; the guide has them in the gallery)",
            ),
            ("R", "rate the idea 1-10 and tick equity (in a discussion)"),
            (
                "A",
                "Stage 3 answers per participant (from any step; the guide asks them last)",
            ),
            (
                "M (stickers)",
                "switch per poster / per participant (asks first if stickers were entered the other way)",
            ),
            (
                "0-9 (stickers)",
                "per poster: a count (Enter or a move records it)",
            ),
            (
                "number (stickers)",
                "per participant: an idea number (Enter ends one that a longer number begins with); 0 clears",
            ),
            ("r (stickers)", "reveal / hide the tally"),
            (
                "Esc (stickers)",
                "drop a count typed but not recorded (says so); any other key records it first",
            ),
            ("Enter (picks)", "accept the suggestion for the slot"),
            (
                "o (picks)",
                "choose another idea: its number, then the reason (needed)",
            ),
            (
                "+ - (picks)",
                "discuss more / fewer ideas: 2 or 3 (3 = the joker is played)",
            ),
        ],
    ),
    (
        "Note editor",
        &[
            ("Enter", "save"),
            ("Alt-Enter or Ctrl-J", "new line"),
            ("Tab", "move to Who, then Codes"),
            ("1-9, 0", "who said it (on Who), ←/→ to step, - for nobody"),
            ("space", "tick a code (on Codes)"),
            ("Ctrl-T", "switch note / quote"),
            ("Esc", "hide, keeping the draft"),
            ("Ctrl-X", "throw the draft away"),
        ],
    ),
    (
        "Roster",
        &[
            ("a", "add a participant"),
            ("e or Enter", "edit the selected participant"),
            ("d", "remove (asks first)"),
            ("c", "consent to record: yes / no"),
            (
                "o",
                "out of the room / back in it (recorded with the time; the vote counts who was there)",
            ),
            ("p", "edit the group profile"),
            ("s", "start the guide (the clock starts)"),
        ],
    ),
    (
        "Forms",
        &[
            ("Tab or ↓ / ↑", "next / previous field"),
            ("←/→", "change a choice"),
            ("Enter", "next field; on the last, save"),
            ("Ctrl-S", "save"),
            ("Ctrl-U", "clear the field"),
        ],
    ),
];

impl App {
    pub(crate) fn overlay_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(ov) = self.overlay.as_mut() else {
            return;
        };
        let n_ideas = self.ctx.pack.ideas.len().max(1);
        match ov {
            Overlay::ConfirmQuit => {
                self.overlay = None;
                if matches!(
                    key.code,
                    KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Char('q')
                ) {
                    self.quit = true;
                }
            }
            Overlay::ConfirmFinish => {
                self.overlay = None;
                if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'))
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
                match key.code {
                    KeyCode::Down | KeyCode::Char('j') if n > 0 => *sel = (*sel + 1) % n,
                    KeyCode::Up | KeyCode::Char('k') if n > 0 => *sel = (*sel + n - 1) % n,
                    KeyCode::Enter => {
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
                    KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('g') | KeyCode::Char('t') => {
                        self.overlay = None
                    }
                    _ => {}
                }
            }
            Overlay::Posters { idea, wall, typed } => {
                let numbers: Vec<u32> = self.ctx.pack.ideas.iter().map(|i| i.number).collect();
                let index = |n: u32| numbers.iter().position(|x| *x == n);
                // Any key but a digit, Enter or Backspace ends a number being typed.
                if !matches!(
                    key.code,
                    KeyCode::Char('0'..='9') | KeyCode::Enter | KeyCode::Backspace
                ) {
                    typed.clear();
                }
                match key.code {
                    KeyCode::Right | KeyCode::Char('l') | KeyCode::Down | KeyCode::Char('j') => {
                        *idea = (*idea + 1) % n_ideas
                    }
                    KeyCode::Left | KeyCode::Char('h') | KeyCode::Up | KeyCode::Char('k') => {
                        *idea = (*idea + n_ideas - 1) % n_ideas
                    }
                    KeyCode::Char('w') => *wall = !*wall,
                    KeyCode::Char(c @ '0'..='9') => {
                        typed.push(c);
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
                    KeyCode::Backspace => {
                        typed.pop();
                    }
                    KeyCode::Enter if !typed.is_empty() => {
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
                    KeyCode::Enter if *wall => *wall = false,
                    KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('P') => self.overlay = None,
                    _ => {}
                }
            }
            Overlay::Flipchart { step, sel, input } => {
                let list_len = self
                    .live
                    .as_ref()
                    .and_then(|l| l.session.state().flipchart.get(step.as_str()).map(Vec::len))
                    .unwrap_or(0);
                match key.code {
                    KeyCode::Esc => self.overlay = None,
                    KeyCode::Enter => {
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
                    KeyCode::Backspace => {
                        input.pop();
                    }
                    KeyCode::Up if list_len > 0 => *sel = (*sel + list_len - 1) % list_len,
                    KeyCode::Down if list_len > 0 => *sel = (*sel + 1) % list_len,
                    KeyCode::Delete if list_len > 0 => {
                        let ev = Event::FlipchartRemoved {
                            step: step.clone(),
                            index: (*sel).min(list_len - 1),
                        };
                        *sel = sel.saturating_sub(1);
                        self.record(ev, now);
                    }
                    KeyCode::Char(c) if input.chars().count() < 200 => input.push(c),
                    _ => {}
                }
            }
            Overlay::Help { scroll, .. } => match key.code {
                KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown | KeyCode::Char(' ') => *scroll = scroll.saturating_add(10),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                _ => self.overlay = None,
            },
            Overlay::Coverage { scroll } => {
                // Scrolled no further than the last line at the narrowest
                // screen (the drawing stops at the last screenful).
                let session = self.live.as_ref().map(|l| &l.session);
                let most = coverage_lines(&self.ctx.pack, session, &self.coverage, 76).len();
                let most = u16::try_from(most).unwrap_or(u16::MAX);
                match key.code {
                    KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(most),
                    KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                    KeyCode::PageDown | KeyCode::Char(' ') => *scroll = (*scroll + 10).min(most),
                    KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                    KeyCode::Home => *scroll = 0,
                    KeyCode::End => *scroll = most,
                    KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('C') | KeyCode::Enter => {
                        self.overlay = None
                    }
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
                match key.code {
                    KeyCode::Down | KeyCode::Char('j') if n > 0 => *sel = (*sel + 1) % n,
                    KeyCode::Up | KeyCode::Char('k') if n > 0 => *sel = (*sel + n - 1) % n,
                    KeyCode::Right | KeyCode::Char('l') if n > 0 => {
                        self.record(shift(1), now);
                    }
                    KeyCode::Left | KeyCode::Char('h') if n > 0 => {
                        self.record(shift(-1), now);
                    }
                    KeyCode::Char('>') if n > 0 => {
                        self.record(shift(10), now);
                    }
                    KeyCode::Char('<') if n > 0 => {
                        self.record(shift(-10), now);
                    }
                    KeyCode::Char('n') if n > 0 => *naming = Some(String::new()),
                    KeyCode::Char('o') => {
                        *sel = n;
                        self.record(Event::RecordingStarted { name: None }, now);
                    }
                    KeyCode::Char('O') => {
                        self.record(Event::RecordingStopped, now);
                    }
                    KeyCode::Esc | KeyCode::Char('T') | KeyCode::Char('q') => self.overlay = None,
                    _ => {}
                }
            }
            Overlay::Rate { idea, sel } => {
                let idea = *idea;
                let dims = self.ctx.pack.equity_dimensions.clone();
                let rows = SCALES.len() + dims.len();
                let state = self.live.as_ref().map(|l| l.session.state());
                let current = |scale| state.and_then(|s| s.ratings.get(&(idea, scale)).copied());
                match key.code {
                    KeyCode::Down | KeyCode::Char('j') => *sel = (*sel + 1) % rows,
                    KeyCode::Up | KeyCode::Char('k') => *sel = (*sel + rows - 1) % rows,
                    KeyCode::Esc | KeyCode::Enter | KeyCode::Char('R') => self.overlay = None,
                    code if *sel < SCALES.len() => {
                        let (_, scale) = SCALES[*sel];
                        let now_v = current(scale);
                        let v = match code {
                            KeyCode::Char(c @ '1'..='9') => Some(c as u8 - b'0'),
                            KeyCode::Char('0') => Some(10),
                            KeyCode::Right | KeyCode::Char('l') => {
                                Some(now_v.map_or(5, |v| (v + 1).min(10)))
                            }
                            KeyCode::Left | KeyCode::Char('h') => {
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
                    KeyCode::Char(' ') | KeyCode::Char('x') => {
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
    let key_w = KEYS
        .iter()
        .flat_map(|(_, keys)| keys.iter().map(|(k, _)| k.chars().count()))
        .max()
        .unwrap_or(8)
        + 3;
    let mut sections: Vec<&(&str, &[(&str, &str)])> = KEYS.iter().collect();
    sections.sort_by_key(|(name, _)| *name != first && *name != "Everywhere");
    let mut lines = Vec::new();
    for (name, keys) in sections {
        lines.push(Line::styled(name.to_string(), theme::heading()));
        for (k, what) in *keys {
            let words = super::screens::guide::wrap(what, width.saturating_sub(key_w).max(10));
            for (i, w) in words.into_iter().enumerate() {
                let k = if i == 0 { *k } else { "" };
                lines.push(Line::from(vec![
                    Span::styled(format!("  {k:<w$}", w = key_w - 2), theme::key()),
                    Span::raw(w),
                ]));
            }
        }
    }
    lines
}
