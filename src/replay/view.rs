//! Drawing the replay: the screen the moderator saw at the moment shown
//! (the app's own screens, drawn at that moment), and a bar with the
//! timeline, the play state and the last event. Only reads.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::timeline::{Replay, Seen, Window};
use super::words::{describe, offset};
use crate::domain::session::Session;
use crate::tui::keys::{self, Context};
use crate::tui::text::truncate;
use crate::tui::theme;
use crate::tui::widgets::frame::{centered, too_small};
use crate::tui::widgets::guide::{self, GuideState};
use crate::tui::widgets::picks::{PickState, draw_picks};
use crate::tui::widgets::roster::{self, RosterState};
use crate::tui::widgets::stickers::{StickerState, draw_stickers};
use crate::tui::widgets::{flipchart, rating, timeline};

/// Lines the bar at the bottom takes.
const BAR_HEIGHT: u16 = 4;

/// Draw the replay at the moment it shows.
pub fn draw(f: &mut Frame, r: &Replay) {
    if too_small(f) {
        return;
    }
    let area = f.area();
    let [main, bar] =
        Layout::vertical([Constraint::Min(10), Constraint::Length(BAR_HEIGHT)]).areas(area);
    draw_seen(f, main, r);
    draw_bar(f, bar, r);
    match &r.window {
        Some(Window::Help) => draw_help(f, main),
        Some(Window::Jump(sel)) => draw_jump(f, main, r, *sel),
        None => {}
    }
}

fn draw_seen(f: &mut Frame, area: Rect, r: &Replay) {
    let s: &Session = r.session();
    let pack = r.pack();
    let t = r.t();
    let state = s.state();
    let seen = match r.seen() {
        // Started, but no step entered yet: the roster is still up.
        Seen::Guide if state.current_step.is_none() && state.is_live() => Seen::Roster,
        other => other,
    };
    match seen {
        Seen::Roster => roster::draw(f, area, &RosterState::default(), state, pack),
        Seen::Guide => guide::draw(f, area, &GuideState::default(), s, pack, t),
        Seen::Stickers => draw_stickers(f, area, &StickerState::default(), state, pack),
        Seen::Picks => draw_picks(f, area, &PickState::default(), s, pack, &r.coverage, false),
        Seen::Stage3 => {
            use crate::tui::widgets::questionnaire::{QuestionnaireState, at_current, draw};
            draw(
                f,
                area,
                &QuestionnaireState::default(),
                state,
                at_current(pack, s),
            )
        }
        Seen::Flipchart(step) => {
            guide::draw(f, area, &GuideState::default(), s, pack, t);
            flipchart::draw_flipchart(f, area, Some(s), &step, 0, "");
        }
        Seen::Rate(idea) => {
            guide::draw(f, area, &GuideState::default(), s, pack, t);
            rating::draw_rate(f, area, pack, Some(s), idea, 0);
        }
    }
}

/// Column of `at_secs` on a bar of `width` columns for a replay `length`
/// seconds long.
fn column(at_secs: i64, length: i64, width: usize) -> usize {
    if width < 2 || length <= 0 {
        return 0;
    }
    let x = (at_secs.clamp(0, length) as f64 / length as f64) * (width - 1) as f64;
    (x.round() as usize).min(width - 1)
}

/// The timeline bar and, under it, the stages' names at their starts.
pub fn bar_lines(r: &Replay, width: usize) -> (Line<'static>, Line<'static>) {
    let length = r.length();
    let start = r.clock.start();
    let here = if length > 0 {
        column(r.offset(), length, width)
    } else {
        // Every event at one moment: place by event.
        let n = r.events().len().max(2) - 1;
        ((r.applied().saturating_sub(1)) * width.saturating_sub(1)) / n
    };
    // Where each stage begins: the first step entered in a stage other
    // than the one before.
    let mut bounds: Vec<(usize, String)> = Vec::new();
    let mut stage = None;
    for m in &r.marks {
        if stage != Some(m.stage) {
            stage = Some(m.stage);
            let x = if length > 0 {
                column((m.at - start).num_seconds(), length, width)
            } else {
                (m.index * width.saturating_sub(1)) / r.events().len().max(2)
            };
            bounds.push((x, m.stage_title.clone()));
        }
    }
    timeline::bar(here, &bounds, width)
}

fn draw_bar(f: &mut Frame, area: Rect, r: &Replay) {
    let width = area.width as usize;
    let (bar, labels) = bar_lines(r, width);
    let state_words = if r.clock.playing() {
        Span::styled(" ▶ playing ", theme::ok())
    } else {
        Span::styled(" ⏸ paused ", theme::warn())
    };
    let mut status = vec![
        Span::styled("REPLAY", theme::heading()),
        state_words,
        Span::styled(format!("{}× ", r.clock.speed()), theme::heading()),
        Span::raw(format!(
            "{} / {}  #{}/{}  ",
            offset(r.offset()),
            offset(r.length()),
            r.applied(),
            r.events().len()
        )),
    ];
    let used: usize = status.iter().map(Span::width).sum();
    if let Some(last) = r.last_event() {
        // The words are read against the state before the event.
        let before = Session::from_events(r.pack(), r.events()[..r.applied() - 1].to_vec());
        let words = describe(r.pack(), before.state(), r.session().plan(), &last.event);
        let text = format!("{} {words}", last.at.format("%H:%M:%S"));
        status.push(Span::raw(truncate(&text, width.saturating_sub(used))));
    }
    let mut hints = Vec::new();
    for (k, what) in keys::hints(Context::Replay, keys::replay::REPLAY_BAR, "") {
        hints.push(Span::styled(k, theme::key()));
        hints.push(Span::raw(if what.is_empty() {
            "  ".to_string()
        } else {
            format!(" {what}  ")
        }));
    }
    let lines = vec![bar, labels, Line::from(status), Line::from(hints)];
    f.render_widget(Paragraph::new(lines), area);
}

fn draw_help(f: &mut Frame, area: Rect) {
    let mut lines = vec![Line::styled(
        "A saved session played back on its own clock. Nothing is written.",
        theme::dim(),
    )];
    let table = keys::context_sections(Context::Replay);
    for (k, what, _) in table.iter().flat_map(|(_, lines)| lines) {
        lines.push(Line::from(vec![
            Span::styled(format!("  {k:<12}"), theme::key()),
            Span::raw(what.to_string()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "The screen shown is the one the moderator most likely had open, read from the last actions.",
        theme::dim(),
    ));
    let h = (lines.len() as u16 + 4).min(area.height);
    let rect = centered(area, 70, h);
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Replay keys ")
                .title_bottom(" any key closes "),
        ),
        rect,
    );
}

fn draw_jump(f: &mut Frame, area: Rect, r: &Replay, sel: usize) {
    let rect = centered(area, 76, (r.marks.len().max(1) as u16).saturating_add(2));
    let inner_h = rect.height.saturating_sub(2) as usize;
    let width = rect.width.saturating_sub(2) as usize;
    let start = r.clock.start();
    let mut lines = Vec::new();
    if r.marks.is_empty() {
        lines.push(Line::styled(
            "No step was entered in this session.",
            theme::dim(),
        ));
    }
    let sel = sel.min(r.marks.len().saturating_sub(1));
    let current = r.current_mark();
    for (i, m) in r.marks.iter().enumerate() {
        let here = i == sel;
        let mark = if Some(i) == current { "▶" } else { " " };
        let text = format!(
            "{mark} {}  {}",
            offset((m.at - start).num_seconds()),
            m.title
        );
        lines.push(theme::row(
            truncate(&text, width.saturating_sub(2)),
            here,
            theme::text(),
        ));
    }
    let skip = (sel + 1).saturating_sub(inner_h);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" Jump to a step · ↑↓ Enter · Esc ")
                .title_bottom(" ▶ the step shown "),
        ),
        rect,
    );
}
