//! Windows over the screen: help, the values slide, the Commission's
//! statement, the plan and its timings, the posters, the flip chart and
//! the confirmations.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::domain::clock::{Schedule, hms};
use crate::domain::event::{Event, Scale};
use crate::domain::ideas::Coverage;
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::tui::app::App;
use crate::tui::digits::{self, Typed};
use crate::tui::keys::{self, Action, Context};
use crate::tui::theme;

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

/// The three rating scales, in the guide's order.
pub const SCALES: [(&str, Scale); 3] = [
    ("Desirable", Scale::Desirable),
    ("Achievable", Scale::Achievable),
    ("Equitable", Scale::Equitable),
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

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn window(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>, w: u16, h: u16) {
    framed(f, area, title, " Esc to close ", lines, w, h);
}

fn framed(
    f: &mut Frame,
    area: Rect,
    title: &str,
    footer: &str,
    lines: Vec<Line<'static>>,
    w: u16,
    h: u16,
) {
    let r = centered(area, w, h);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(format!(" {title} "))
                .title_bottom(footer.to_string()),
        ),
        r,
    );
}

/// Draw an overlay (`reading`: the other groups' coverage is still being
/// read).
#[allow(clippy::too_many_arguments)] // what one window may need to show
pub fn draw(
    f: &mut Frame,
    area: Rect,
    ov: &Overlay,
    pack: &Pack,
    session: Option<&Session>,
    coverage: &Coverage,
    reading: bool,
    now: DateTime<Utc>,
) {
    match ov {
        Overlay::Coverage { scroll } => {
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
            let scroll = usize::from(*scroll).min(lines.len().saturating_sub(rows));
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
        Overlay::Help { scroll, first } => {
            let r = centered(area, area.width, area.height);
            f.render_widget(Clear, r);
            let block = Block::bordered().title(" Keys ");
            let inner = block.inner(r);
            let rows = inner.height as usize;
            // Two columns when the screen is wide enough.
            let cols: u16 = if inner.width >= 100 { 2 } else { 1 };
            let col_w = inner.width / cols;
            let lines = help_lines(first, col_w.saturating_sub(1) as usize);
            // Split the columns at the section heading nearest the middle.
            let split = if cols == 2 {
                let headings = lines
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.spans.len() == 1)
                    .map(|(i, _)| i);
                headings
                    .min_by_key(|i| i.abs_diff(lines.len() / 2))
                    .unwrap_or(lines.len())
            } else {
                lines.len()
            };
            let columns = [&lines[..split], &lines[split..]];
            let per_col = split.max(lines.len() - split);
            let max = per_col.saturating_sub(rows);
            let scroll = usize::from(*scroll).min(max);
            let left = per_col.saturating_sub(scroll + rows);
            let footer = if left > 0 {
                format!(" ↓ {left} more (j) · Esc closes ")
            } else {
                " Esc closes ".to_string()
            };
            f.render_widget(block.title_bottom(footer), r);
            for c in 0..cols {
                let part: Vec<Line> = columns[c as usize]
                    .iter()
                    .skip(scroll)
                    .take(rows)
                    .cloned()
                    .collect();
                let a = Rect {
                    x: inner.x + c * col_w,
                    y: inner.y,
                    width: col_w,
                    height: inner.height,
                };
                f.render_widget(Paragraph::new(part), a);
            }
        }
        Overlay::Values => {
            let s = &pack.values_slide;
            let mut lines = vec![
                Line::styled(s.intro.clone(), theme::moderator()),
                Line::raw(""),
            ];
            for v in &s.values {
                lines.push(Line::styled(format!("   {v}"), theme::heading()));
            }
            window(f, area, &s.title, lines, 70, 16);
        }
        Overlay::Statement => {
            let lines = vec![Line::raw(pack.statement.text.clone())];
            window(f, area, &pack.statement.title, lines, 70, 12);
        }
        Overlay::Plan { sel } => {
            let Some(session) = session else { return };
            let sched = Schedule::at(session.state(), session.plan(), now);
            let mut lines = vec![Line::styled(
                format!("{:<44} {:>7} {:>8}  {}", "step", "planned", "actual", "cut"),
                theme::heading(),
            )];
            for (i, (ps, t)) in session.plan().steps.iter().zip(&sched.steps).enumerate() {
                let here = i == *sel;
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
        Overlay::Posters { idea, wall, typed } => {
            // A number being typed shows in the title until it is complete.
            let going = if typed.is_empty() {
                String::new()
            } else {
                format!(" · idea {typed}▏ Enter")
            };
            if *wall {
                let mut lines = Vec::new();
                for t in &pack.themes {
                    lines.push(Line::styled(
                        format!("Theme {}: {}", t.id, t.title),
                        theme::heading(),
                    ));
                    for i in pack.ideas.iter().filter(|i| i.theme == t.id) {
                        let here =
                            pack.ideas.iter().position(|x| x.number == i.number) == Some(*idea);
                        lines.push(theme::row(
                            format!("{}. {}", i.number, i.title),
                            here,
                            theme::text(),
                        ));
                    }
                }
                window(
                    f,
                    area,
                    &format!(
                        "The {} ideas · Enter to open · w single{going}",
                        if pack.ideas.len() == 9 {
                            "nine".to_string()
                        } else {
                            pack.ideas.len().to_string()
                        }
                    ),
                    lines,
                    70,
                    area.height,
                );
            } else if let Some(i) = pack.ideas.get(*idea) {
                let theme_title = pack
                    .theme(&i.theme)
                    .map(|t| t.title.clone())
                    .unwrap_or_default();
                let mut lines = vec![
                    Line::styled(format!("Theme {}: {theme_title}", i.theme), theme::dim()),
                    Line::raw(""),
                    Line::styled("Description", theme::heading()),
                    Line::raw(i.description.clone()),
                    Line::raw(""),
                    Line::styled(
                        if i.examples.len() > 1 {
                            "Examples"
                        } else {
                            "Example"
                        },
                        theme::heading(),
                    ),
                ];
                for (k, e) in i.examples.iter().enumerate() {
                    let label = if i.examples.len() > 1 {
                        format!("({}) ", (b'a' + k as u8) as char)
                    } else {
                        String::new()
                    };
                    lines.push(Line::raw(format!("{label}{e}")));
                }
                window(
                    f,
                    area,
                    &format!(
                        "Idea {} of {}{going}: {} · ←/→ · w wall",
                        i.number,
                        pack.ideas.len(),
                        i.title
                    ),
                    lines,
                    area.width,
                    area.height,
                );
            }
        }
        Overlay::Flipchart { step, sel, input } => {
            let list = session
                .and_then(|s| s.state().flipchart.get(step.as_str()).cloned())
                .unwrap_or_default();
            let mut lines = Vec::new();
            if list.is_empty() {
                lines.push(Line::styled("Nothing on the chart yet.", theme::dim()));
            }
            for (i, v) in list.iter().enumerate() {
                let here = i == (*sel).min(list.len().saturating_sub(1));
                lines.push(theme::row(format!("{}. {v}", i + 1), here, theme::text()));
            }
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("Add: ", theme::heading()),
                Span::raw(input.clone()),
                Span::styled("▏", theme::key()),
            ]));
            lines.push(Line::styled(
                "Type and Enter to add · ↑/↓ select · Delete strikes out · Enter on empty or Esc closes",
                theme::dim(),
            ));
            window(f, area, "Flip chart", lines, 76, 18);
        }
        Overlay::Rate { idea, sel } => {
            let Some(session) = session else { return };
            let s = session.state();
            let title = pack
                .idea(*idea)
                .map(|i| i.title.clone())
                .unwrap_or_default();
            let mut lines = vec![Line::styled(
                "The group decides together: 1 (not at all) to 10 (extremely).",
                theme::dim(),
            )];
            for (i, (name, scale)) in SCALES.iter().enumerate() {
                let here = i == *sel;
                let v = s.ratings.get(&(*idea, *scale)).copied();
                let bar: String = (1..=10)
                    .map(|k| {
                        if v.is_some_and(|v| k <= v) {
                            '■'
                        } else {
                            '·'
                        }
                    })
                    .collect();
                let rated = v.map_or("not rated".to_string(), |v| format!("{v}/10"));
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
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Equity: would it depend on…",
                theme::heading(),
            ));
            for (j, d) in pack.equity_dimensions.iter().enumerate() {
                let here = SCALES.len() + j == *sel;
                let on = s.equity.get(idea).is_some_and(|e| e.contains(d));
                lines.push(theme::row(
                    format!("[{}] {d}", if on { "x" } else { " " }),
                    here,
                    theme::text(),
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "1-9, 0 for 10, or ←/→ on a scale · space ticks a dimension · Enter closes",
                theme::dim(),
            ));
            window(f, area, &format!("Idea {idea}: {title}"), lines, 78, 18);
        }
        Overlay::Recordings { sel, naming } => {
            let Some(session) = session else { return };
            let s = session.state();
            let mut lines = vec![Line::styled(
                "Notes and quotes carry their place on the tape (h:mm:ss) from when you began typing them.",
                theme::dim(),
            )];
            if s.recordings.is_empty() {
                lines.push(Line::styled(
                    "No recording yet: o marks the recorder started.",
                    theme::warn(),
                ));
            }
            for (i, r) in s.recordings.iter().enumerate() {
                let here = i == (*sel).min(s.recordings.len().saturating_sub(1));
                let state = match r.stopped {
                    None => format!("● running, {} so far", hms((now - r.start()).num_seconds())),
                    Some(stop) => {
                        format!("■ stopped, {} long", hms((stop - r.start()).num_seconds()))
                    }
                };
                let shift = match r.shift {
                    0 => String::new(),
                    s if s > 0 => format!(" · start corrected +{s}s"),
                    s => format!(" · start corrected {s}s"),
                };
                let name = r.name.clone().unwrap_or_else(|| "(no file name)".into());
                lines.push(theme::row(
                    format!(
                        "{}. {} · from {}{shift} · {state}",
                        i + 1,
                        name,
                        r.start().format("%H:%M:%S")
                    ),
                    here,
                    theme::text(),
                ));
            }
            if let Some(name) = naming {
                lines.push(Line::raw(""));
                lines.push(Line::from(vec![
                    Span::styled("File name: ", theme::heading()),
                    Span::raw(name.clone()),
                    Span::styled("▏", theme::key()),
                ]));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "o start · O stop · ←/→ start ±1 s, </> ±10 s (the recorder started later/earlier) · n name",
                theme::dim(),
            ));
            window(f, area, "Recordings", lines, 78, 16);
        }
        Overlay::ConfirmQuit => {
            let lines = vec![
                Line::raw("Leave the app? The session stays live and everything is saved."),
                Line::raw("Resume it later with facilitator run --resume, or pick it at start."),
                Line::raw(""),
                Line::styled("y or q: leave    any other key: stay", theme::key()),
            ];
            framed(f, area, "Quit?", "", lines, 72, 7);
        }
        Overlay::ConfirmFinish => {
            let lines = vec![
                Line::raw("End the session? The clock stops and the session is marked finished."),
                Line::raw("Nothing more is recorded; it can be exported, replayed or reopened."),
                Line::raw(""),
                Line::styled("y: end the session    any other key: go on", theme::key()),
            ];
            framed(f, area, "End the session?", "", lines, 74, 7);
        }
    }
}

/// The coverage window's lines at `width`: each idea, how many other
/// groups discussed it (and this group's pick), then those groups wrapped.
fn coverage_lines(
    pack: &Pack,
    session: Option<&Session>,
    coverage: &Coverage,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(
        "Ideas discussed by the other groups in the sessions folder:",
        theme::dim(),
    )];
    for idea in &pack.ideas {
        let by = coverage
            .by_idea
            .get(&idea.number)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mine = session
            .and_then(|s| s.state().picks.values().find(|p| p.idea == idea.number))
            .map(|p| format!(" · here: {}", super::screens::ideas::kind_words(p.kind)))
            .unwrap_or_default();
        let mark = if by.is_empty() { "○" } else { "●" };
        let groups = match by.len() {
            1 => "1 group".to_string(),
            n => format!("{n} groups"),
        };
        lines.push(Line::styled(
            super::screens::guide::truncate(
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
                    super::screens::ideas::kind_words(d.kind),
                    if d.overridden { ", chosen" } else { "" }
                )
            })
            .collect();
        if !groups.is_empty() {
            for w in super::screens::guide::wrap(&groups.join("; "), width.saturating_sub(4)) {
                lines.push(Line::styled(format!("    {w}"), theme::dim()));
            }
        }
    }
    lines
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
