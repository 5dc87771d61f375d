//! Drawing the whole app. Only reads the app.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Screen};
use super::overlays::Overlay;
use super::screens::{ended, guide, setup, start};
use super::widgets::frame::too_small;
pub use super::widgets::frame::{MIN_HEIGHT, MIN_WIDTH};
use super::widgets::status::{Saving, Status};
use super::{editor, theme, widgets};

/// What is showing, coarsely: the screen, the window over it and whether
/// the editor is open. When it changes, the terminal is cleared before the
/// next frame (see [`super::run`]).
pub fn showing(
    app: &App,
) -> (
    std::mem::Discriminant<Screen>,
    Option<std::mem::Discriminant<Overlay>>,
    bool,
) {
    (
        std::mem::discriminant(&app.screen),
        app.overlay.as_ref().map(std::mem::discriminant),
        app.editor.as_ref().is_some_and(|e| e.visible),
    )
}

/// Draw the app at `now`.
pub fn draw(f: &mut Frame, app: &App, now: DateTime<Utc>) {
    draw_all(f, app, now);
    // Cells the terminal draws wider than ratatui counts (see text::fit_buffer).
    super::text::fit_buffer(f.buffer_mut());
}

fn draw_all(f: &mut Frame, app: &App, now: DateTime<Utc>) {
    if too_small(f) {
        return;
    }
    let area = f.area();
    // The status line is one line: a long message is cut with "…" before
    // the save indicator (see `draw_status`), never wrapped round it.
    let [main, status, hints] = Layout::vertical([
        Constraint::Min(10),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let pack = &app.ctx.pack;
    let session = app.live.as_ref().map(|l| &l.session);
    match (&app.screen, session) {
        (Screen::Start(st), _) => start::draw(f, main, st),
        (Screen::Setup(form), _) => setup::draw(f, main, form),
        (Screen::Roster(st), Some(s)) => widgets::roster::draw(f, main, st, s.state(), pack),
        (Screen::Guide(st), Some(s)) => widgets::guide::draw(f, main, st, s, pack, now),
        (Screen::Stickers(st), Some(s)) => {
            widgets::stickers::draw_stickers(f, main, st, s.state(), pack)
        }
        (Screen::Picks(st), Some(s)) => widgets::picks::draw_picks(
            f,
            main,
            st,
            s,
            pack,
            &app.coverage,
            app.pending_coverage.is_running(),
        ),
        (Screen::Stage3(st), Some(s)) => widgets::stage3::draw_stage3(f, main, st, s.state()),
        (Screen::Ended(st), Some(s)) => ended::draw(f, main, st, s, app.ctx.dir.path()),
        _ => {}
    }
    if let (Some(ed), Some(s)) = (app.editor.as_ref().filter(|e| e.visible), session) {
        let title = s
            .plan()
            .get(&ed.place.step)
            .map(|p| p.title(pack))
            .unwrap_or_default();
        editor::draw(f, main, ed, s.state(), pack, &title);
    }
    if let Some(ov) = &app.overlay {
        super::overlays::draw(
            f,
            main,
            ov,
            pack,
            session,
            &app.coverage,
            app.pending_coverage.is_running(),
            now,
        );
    }
    draw_status(f, status, app);
    draw_hints(f, hints, app);
}

fn draw_status(f: &mut Frame, area: Rect, app: &App) {
    let save = app
        .live
        .as_ref()
        .map(|l| (l.save_status(), l.session.state().last_seq));
    let saving = match &save {
        Some((s, _)) if s.error.is_some() => Saving::Failed,
        Some((s, last)) if s.written_seq >= *last => Saving::Saved,
        Some(_) => Saving::Pending,
        None => Saving::NoSession,
    };
    let error = save.as_ref().is_some_and(|(s, _)| s.error.is_some())
        || app.flash.as_ref().is_some_and(|f| f.error);
    let st = Status {
        text: status_text(app),
        error,
        draft: app.editor.as_ref().is_some_and(|e| !e.visible),
        saving,
    };
    widgets::status::draw(f, area, &st);
}

/// The status line's words: a save failure first (it stays until saving
/// works again), else the last message.
fn status_text(app: &App) -> String {
    let save_error = app.live.as_ref().and_then(|l| l.save_status().error);
    match (save_error, &app.flash) {
        (Some(e), _) => format!("! {e}"),
        (None, Some(fl)) if fl.error => format!("! {}", fl.text),
        (None, Some(fl)) => fl.text.clone(),
        (None, None) => app.opening.clone().unwrap_or_default(),
    }
}

fn hint_line(pairs: &[(&str, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (k, what) in pairs {
        spans.push(Span::styled(k.to_string(), theme::key()));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    Line::from(spans)
}

/// The guide's hints: the step's own keys first.
fn guide_hints(app: &App) -> &'static [(&'static str, &'static str)] {
    let kind = app
        .live
        .as_ref()
        .and_then(|l| guide::step_kind(&app.ctx.pack, &l.session));
    match kind {
        Some(guide::StepKind::Gallery) => &[
            ("←→", "step"),
            ("P", "posters"),
            ("S", "stickers"),
            ("K", "picks"),
            ("C", "coverage"),
            ("g", "plan"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Some(guide::StepKind::Discussion) => &[
            ("←→", "step"),
            ("n", "note"),
            ("v", "quote"),
            ("[ ]", "section"),
            ("R", "rate"),
            ("P", "poster"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Some(guide::StepKind::Stage3) => &[
            ("←→", "step"),
            ("A", "answers"),
            ("n", "note"),
            ("v", "quote"),
            ("E", "end"),
            ("g", "plan"),
            ("?", "help"),
            ("q", "quit"),
        ],
        _ => &[
            ("←→", "step"),
            ("n", "note"),
            ("v", "quote"),
            ("space", "tick"),
            ("p", "pause"),
            ("g", "plan"),
            ("?", "help"),
            ("q", "quit"),
        ],
    }
}

fn draw_hints(f: &mut Frame, area: Rect, app: &App) {
    let numbers: Vec<u32> = app.ctx.pack.ideas.iter().map(|i| i.number).collect();
    let ideas = super::digits::range(&numbers);
    let per_participant = app.live.as_ref().is_some_and(|l| {
        l.session.state().sticker_mode == crate::domain::event::StickerMode::PerParticipant
    });
    let pairs: Vec<(&str, &str)> = if let Some(ov) = &app.overlay {
        match ov {
            Overlay::ConfirmQuit | Overlay::ConfirmFinish => vec![("y", "yes"), ("any key", "no")],
            Overlay::Plan { .. } => vec![("↑↓", "step"), ("Enter", "go there"), ("Esc", "close")],
            Overlay::Posters { .. } => vec![
                ("←→", "poster"),
                (ideas.as_str(), "idea"),
                ("w", "wall/single"),
                ("Esc", "close"),
            ],
            Overlay::Coverage { .. } => {
                vec![("↑↓ jk", "scroll"), ("PgUp/PgDn", "page"), ("Esc", "close")]
            }
            Overlay::Flipchart { .. } => vec![
                ("type", "entry"),
                ("Enter", "add"),
                ("Del", "strike out"),
                ("Esc", "close"),
            ],
            _ => vec![("Esc", "close")],
        }
    } else if app.editor.as_ref().is_some_and(|e| e.visible) {
        vec![
            ("Enter", "save"),
            ("Tab", "who/codes"),
            ("Esc", "keep draft"),
            ("^X", "discard"),
        ]
    } else {
        match &app.screen {
            Screen::Start(_) => vec![
                ("↑↓", "choose"),
                ("Enter", "open"),
                ("n", "new group"),
                ("?", "help"),
                ("q", "quit"),
            ],
            Screen::Setup(_) => vec![
                ("Tab/↓", "next field"),
                ("←→", "choice"),
                ("^S", "save"),
                ("Esc", "back"),
            ],
            Screen::Roster(st) if st.form.is_some() => {
                vec![("Tab/↓", "next field"), ("^S", "save"), ("Esc", "cancel")]
            }
            Screen::Roster(_) => {
                let started = app
                    .live
                    .as_ref()
                    .is_some_and(|l| l.session.state().started_at.is_some());
                if started {
                    vec![
                        ("a", "add"),
                        ("e", "edit"),
                        ("d", "remove"),
                        ("c", "consent"),
                        ("o", "out/back"),
                        ("p", "profile"),
                        ("Esc", "guide"),
                        ("?", "help"),
                    ]
                } else {
                    vec![
                        ("a", "add"),
                        ("e", "edit"),
                        ("d", "remove"),
                        ("c", "consent"),
                        ("o", "out/back"),
                        ("p", "profile"),
                        ("s", "start guide"),
                        ("?", "help"),
                    ]
                }
            }
            Screen::Guide(_) => guide_hints(app).to_vec(),
            Screen::Stickers(st) if st.confirm_mode.is_some() => {
                vec![("y", "switch"), ("any key", "stay")]
            }
            // Per participant the digits are idea numbers, not counts.
            Screen::Stickers(_) if per_participant => vec![
                (ideas.as_str(), "idea"),
                ("0", "clear"),
                ("←→↑↓", "cell"),
                ("M", "mode"),
                ("r", "reveal"),
                ("K", "picks"),
                ("Esc", "guide"),
            ],
            Screen::Stickers(_) => vec![
                ("0-9", "count"),
                ("←→↑↓", "cell"),
                ("M", "mode"),
                ("r", "reveal"),
                ("K", "picks"),
                ("Esc", "guide"),
            ],
            Screen::Picks(st) if st.other.is_some() => vec![
                (ideas.as_str(), "idea"),
                ("type", "reason"),
                ("Enter", "choose"),
                ("Esc", "cancel"),
            ],
            Screen::Picks(_) => vec![
                ("↑↓", "slot"),
                ("Enter", "accept"),
                ("o", "other idea"),
                ("+/-", "ideas"),
                ("C", "coverage"),
                ("Esc", "guide"),
            ],
            Screen::Stage3(st) if st.form.is_some() => vec![
                ("Tab/↓", "next field"),
                ("←→", "choice"),
                ("^S", "save"),
                ("Esc", "cancel"),
            ],
            Screen::Ended(st) if st.confirm_reopen => vec![("y", "reopen"), ("any key", "no")],
            Screen::Ended(_) => vec![
                ("E", "reopen"),
                ("q", "quit"),
                ("m", "statement"),
                ("?", "help"),
            ],
            Screen::Stage3(_) => vec![
                ("↑↓", "who"),
                ("Enter", "answers"),
                ("Esc", "guide"),
                ("?", "help"),
            ],
        }
    };
    f.render_widget(Paragraph::new(hint_line(&pairs)), area);
}
