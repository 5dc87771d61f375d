//! The countdown: the guide's header with where the group is, the step's
//! time left (never cut) and the session clock with the slip; and the
//! step's countdown as the projector shows it, in large digits
//! ([`super::bigfont`]) when there is room.

use ratatui::layout::Alignment;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::bigfont;
use super::frame::centre;
use crate::domain::clock::{Level, Schedule, hms};
use crate::domain::plan::PlanStep;
use crate::domain::session::Session;
use crate::stimulus::{Pack, Step};
use crate::tui::text::truncate;
use crate::tui::theme;

/// The header: where we are (line 1, left), the step's countdown (line 1,
/// right, never cut), and the session clock with the slip (line 2).
pub struct Header {
    /// Stage › step (n/N).
    pub title: Line<'static>,
    /// "● 4:12 left" or "▲ +1:05 over".
    pub countdown: Line<'static>,
    /// Session clock, slip, pause.
    pub clock: Line<'static>,
}

/// Work out the header for a line `width` characters wide.
pub fn header(pack: &Pack, session: &Session, sched: &Schedule, width: usize) -> Header {
    let state = session.state();
    let plan = session.plan();
    let mut countdown = Line::raw("");
    if let Some(cur) = sched.current() {
        let (style, glyph) = theme::level(cur.level());
        let rem = cur.remaining();
        let text = match (sched.paused, rem < 0) {
            (true, _) => format!(" ⏸ {} PAUSED ", hms(rem.max(0))),
            (false, true) => format!(" {glyph} +{} over ", hms(rem)),
            (false, false) => format!(" {glyph} {} left ", hms(rem)),
        };
        countdown = Line::styled(text, if sched.paused { theme::error() } else { style });
    }
    let room = width.saturating_sub(countdown.width() + 1);
    let title = if let Some((ps, _)) = current(pack, session) {
        let i = plan.index_of(&ps.key).unwrap_or(0);
        let pos = format!("{}/{} ", i + 1, plan.steps.len());
        // In a discussion, the idea under discussion is what matters.
        let step = match ps
            .slot
            .and_then(|slot| state.picks.get(&slot))
            .and_then(|p| pack.idea(p.idea))
        {
            Some(idea) => {
                let part = ps
                    .guide(pack)
                    .map(|(_, s)| s.title.clone())
                    .unwrap_or_default();
                format!(
                    "{} {}: {} · {part}",
                    pack.method.option_title(),
                    idea.number,
                    idea.title
                )
            }
            None => ps.title(pack),
        };
        let stage = format!("{} › ", ps.stage_title(pack));
        // Drop the stage before cutting the step's own title.
        let w = crate::tui::text::width;
        let stage = if w(&pos) + w(&stage) + w(&step) <= room {
            stage
        } else {
            String::new()
        };
        let step = truncate(&step, room.saturating_sub(w(&pos) + w(&stage)));
        Line::from(vec![
            Span::styled(pos, theme::dim()),
            Span::styled(stage, theme::dim()),
            Span::styled(step, theme::heading()),
        ])
    } else if !state.is_live() {
        Line::styled("Session finished", theme::heading())
    } else {
        Line::raw("")
    };
    let mut clock = Vec::new();
    if sched.paused {
        clock.push(Span::styled("⏸ PAUSED (p resumes) · ", theme::error()));
    }
    clock.push(Span::raw(format!(
        "Session {} of {}",
        hms(sched.elapsed),
        hms(sched.target)
    )));
    if state.started_at.is_some() && state.is_live() {
        let slip = sched.slip();
        if slip.abs() < 60 {
            clock.push(Span::styled(" · on plan", theme::ok()));
        } else if slip > 0 {
            clock.push(Span::styled(
                format!(
                    " · ends ~{} ▼ {} min late · g: where to cut",
                    hms(sched.projected),
                    (slip + 30) / 60
                ),
                theme::warn(),
            ));
        } else {
            clock.push(Span::styled(
                format!(
                    " · ends ~{}, {} min early",
                    hms(sched.projected),
                    (-slip + 30) / 60
                ),
                theme::ok(),
            ));
        }
    }
    Header {
        title,
        countdown,
        clock: Line::from(clock),
    }
}

/// The step's countdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countdown {
    /// Seconds left (negative: over time).
    pub remaining: i64,
    /// Planned seconds of the step.
    pub planned: i64,
    /// How close to the end.
    pub level: Level,
    /// The clock is paused.
    pub paused: bool,
}

/// The countdown as text: "4:12".
fn clock_text(c: &Countdown) -> String {
    hms(c.remaining)
}

/// The widest the countdown gets in this step, so the digits keep their
/// size as it runs down: "00:00" for a step of ten minutes or more.
pub fn clock_template(c: &Countdown) -> &'static str {
    let longest = c.planned.max(c.remaining.abs());
    if longest >= 3600 {
        "0:00:00"
    } else if longest >= 600 {
        "00:00"
    } else {
        "0:00"
    }
}

/// "left", "over time", with a glyph so it reads without colour.
fn clock_words(c: &Countdown) -> String {
    let (_, glyph) = theme::level(c.level);
    let mut s = if c.remaining < 0 {
        format!("{glyph} over time")
    } else {
        format!("{glyph} left")
    };
    if c.paused {
        s.push_str(" · ⏸ paused");
    }
    s
}

fn clock_style(level: Level) -> Style {
    theme::level(level).0.remove_modifier(Modifier::REVERSED)
}

/// The countdown as the projector shows it `width` columns wide: in large
/// digits at `scale` with the words under them, or as one line of text
/// when there is no scale (no room).
pub fn projected(c: &Countdown, scale: Option<u16>, width: usize) -> Vec<Line<'static>> {
    let mut top = Vec::new();
    let style = clock_style(c.level);
    match scale.and_then(|s| bigfont::render(&clock_text(c), s)) {
        Some(digits) => {
            for d in digits {
                top.push(Line::styled(d, style).alignment(Alignment::Center));
            }
            top.push(centre(clock_words(c), style, width));
        }
        None => {
            top.push(
                Line::from(vec![
                    Span::styled(clock_text(c), style.add_modifier(Modifier::BOLD)),
                    Span::styled(format!(" {}", clock_words(c)), style),
                ])
                .alignment(Alignment::Center),
            );
        }
    }
    top
}

/// The current plan step and its guide text.
pub fn current<'a>(pack: &'a Pack, session: &'a Session) -> Option<(&'a PlanStep, &'a Step)> {
    let key = session.state().current_step.as_deref()?;
    let ps = session.plan().get(key)?;
    let (_, step) = ps.guide(pack)?;
    Some((ps, step))
}
