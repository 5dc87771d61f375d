//! Drawing the whole app. Only reads the app.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Screen};
use super::keys::{self, Context, Hint, bars as bar};
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
    bool,
) {
    (
        std::mem::discriminant(&app.screen),
        app.overlay.as_ref().map(std::mem::discriminant),
        app.editor.as_ref().is_some_and(|e| e.visible),
        // A screen's own form (a participant's, a questionnaire's answers)
        // opening or closing is a new window too.
        match &app.screen {
            Screen::Roster(st) => st.form.is_some(),
            Screen::Questionnaire(st) => st.form.is_some(),
            _ => false,
        },
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
        (Screen::Questionnaire(st), Some(s)) => {
            let q = widgets::questionnaire::at_current(pack, s);
            widgets::questionnaire::draw(f, main, st, s.state(), q)
        }
        (Screen::Ended(st), Some(s)) => {
            // Where the session is saved: the folder it is in.
            let folder = app.live.as_ref().map(|l| l.open.folder.as_path());
            ended::draw(f, main, st, s, folder.unwrap_or(app.ctx.dir.path()))
        }
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
/// The guide's hint bar for the kind of step it is in.
fn guide_bar(app: &App) -> &'static [Hint] {
    let kind = app
        .live
        .as_ref()
        .and_then(|l| guide::step_kind(&app.ctx.pack, &l.session));
    match kind {
        Some(guide::StepKind::Gallery) => bar::GUIDE_GALLERY_BAR,
        Some(guide::StepKind::Discussion) => bar::GUIDE_DISCUSSION_BAR,
        Some(guide::StepKind::Stage3) => bar::GUIDE_STAGE3_BAR,
        _ => bar::GUIDE_BAR,
    }
}

/// Which key table the hint bar speaks for, and which of its bars.
fn hint_bar(app: &App) -> (Context, &'static [Hint]) {
    let per_participant = app.live.as_ref().is_some_and(|l| {
        l.session.state().sticker_mode == crate::domain::event::StickerMode::PerParticipant
    });
    if let Some(ov) = &app.overlay {
        return match ov {
            Overlay::ConfirmQuit => (Context::ConfirmQuit, bar::CONFIRM_BAR),
            Overlay::ConfirmFinish => (Context::Confirm, bar::CONFIRM_BAR),
            Overlay::Plan { .. } => (Context::Plan, bar::PLAN_BAR),
            Overlay::Posters { .. } => (Context::Posters, bar::POSTERS_BAR),
            Overlay::Coverage { .. } => (Context::Coverage, bar::COVERAGE_BAR),
            Overlay::Flipchart { .. } => (Context::Flipchart, bar::FLIPCHART_BAR),
            Overlay::Help { .. } => (Context::Help, bar::WINDOW_BAR),
            Overlay::Rate { sel, idea } => {
                let pack = &app.ctx.pack;
                let (with_scales, _) = crate::tui::widgets::rating::rows_of(pack, *idea);
                let allows = with_scales
                    && pack
                        .method
                        .ratings
                        .scales
                        .get(*sel)
                        .is_some_and(|s| s.dont_know);
                if allows {
                    (Context::Rate, bar::RATE_DONT_KNOW_BAR)
                } else {
                    (Context::Rate, bar::WINDOW_BAR)
                }
            }
            Overlay::Recordings { .. } => (Context::Recordings, bar::WINDOW_BAR),
            _ => (Context::Window, bar::WINDOW_BAR),
        };
    }
    if app.editor.as_ref().is_some_and(|e| e.visible) {
        return (Context::Editor, bar::EDITOR_BAR);
    }
    match &app.screen {
        Screen::Start(_) => (Context::Start, bar::START_BAR),
        Screen::Setup(_) => (Context::Forms, bar::SETUP_BAR),
        Screen::Roster(st) if st.form.is_some() => (Context::Forms, bar::ROSTER_FORM_BAR),
        Screen::Roster(_) => {
            let started = app
                .live
                .as_ref()
                .is_some_and(|l| l.session.state().started_at.is_some());
            if started {
                (Context::Roster, bar::ROSTER_STARTED_BAR)
            } else {
                (Context::Roster, bar::ROSTER_BAR)
            }
        }
        Screen::Guide(_) => (Context::Guide, guide_bar(app)),
        Screen::Stickers(st) if st.confirm_mode.is_some() => {
            (Context::Stickers, bar::STICKERS_CONFIRM_BAR)
        }
        // Per participant the digits are idea numbers, not counts.
        Screen::Stickers(_) if per_participant => (Context::Stickers, bar::STICKERS_PERSON_BAR),
        Screen::Stickers(_) => (Context::Stickers, bar::STICKERS_BAR),
        Screen::Picks(st) if st.other.is_some() => (Context::PicksOther, bar::PICKS_OTHER_BAR),
        Screen::Picks(_) => (Context::Picks, bar::PICKS_BAR),
        Screen::Questionnaire(st) if st.form.is_some() => (Context::Forms, bar::STAGE3_FORM_BAR),
        Screen::Ended(st) if st.confirm_reopen => (Context::Ended, bar::ENDED_CONFIRM_BAR),
        Screen::Ended(_) => (Context::Ended, bar::ENDED_BAR),
        Screen::Questionnaire(_) => (Context::Stage3, bar::STAGE3_BAR),
    }
}

fn draw_hints(f: &mut Frame, area: Rect, app: &App) {
    let numbers: Vec<u32> = app.ctx.pack.ideas.iter().map(|i| i.number).collect();
    let ideas = super::digits::range(&numbers);
    let (ctx, bar) = hint_bar(app);
    let owned = keys::hints(ctx, bar, &ideas);
    // The vote's hint in the pack's word for its tokens (built-in: stickers).
    let tokens = app.ctx.pack.method.wording.tokens.as_str();
    let pairs: Vec<(&str, &str)> = owned
        .iter()
        .zip(bar)
        .map(|((k, w), h)| {
            let w = if h.action == keys::Action::Stickers {
                tokens
            } else {
                *w
            };
            (k.as_str(), w)
        })
        .collect();
    f.render_widget(Paragraph::new(hint_line(&pairs)), area);
}
