//! The terminal shell: a thin layer of keys → app → view over the domain.
//!
//! - [`app`]: the app state and key dispatch.
//! - [`screens`]: start, group profile, roster, guide, stickers, picks,
//!   Stage 3, the ended session.
//! - [`editor`]: the note and quote editor; [`editor_view`] draws its text.
//! - [`digits`]: idea numbers typed as digits (more than nine ideas).
//! - [`state`]: data only: the screens, the windows and the [`state::Outcome`]
//!   a screen, window or the editor returns; screens import it, never the app.
//! - [`outcome`]: [`App::apply`], the one place that records events and
//!   switches screens, and the glue from a key to a component.
//! - [`overlays`]: help, slides, plan, posters, flip chart, confirmations.
//! - [`keys`]: the key table: keys → actions, and the help, hint bar and
//!   README's words for them.
//! - [`paste`]: a paste goes into the focused text field, never read as keys.
//! - [`view`]: drawing (reads only), with [`widgets`] for what the live app,
//!   the replay and the projector all draw.
//! - [`text`] (widths as terminals draw them, wrapping), [`theme`], [`term`],
//!   [`pending`] (work off the key path), [`form`].
//!
//! Layers (tests/tui_layers.rs): text/theme/keys/form ← widgets ← state ←
//! screens, overlays, editor, paste ← app, outcome, view; no cycle.

pub mod app;
pub mod digits;
pub mod editor;
pub mod editor_view;
pub mod form;
pub mod keys;
pub mod outcome;
pub mod overlays;
pub mod paste;
pub mod pending;
pub mod screens;
pub mod state;
pub mod term;
pub mod text;
pub mod theme;
pub mod view;
pub mod widgets;

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::DefaultTerminal;

pub use app::App;

/// Run the app in the terminal until the moderator leaves (or SIGTERM /
/// SIGHUP). The session is flushed and closed on every way out, a panic
/// included. Returns a line to print after the terminal is restored.
pub fn run(mut app: App) -> anyhow::Result<Option<String>> {
    let stop = term::stop_flag()?;
    let mut terminal = match term::init(None) {
        Ok(t) => t,
        Err(no) => {
            // Nothing was changed: the session (if one was opened) is closed as it was.
            let _ = app.shutdown(crate::wallclock::now());
            return Err(no.into());
        }
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &stop)
    }));
    let message = app.shutdown(crate::wallclock::now());
    term::restore();
    match outcome {
        Ok(r) => r.map(|()| message),
        Err(panic) => {
            if let Some(m) = message {
                crate::eprintln_safe!("{m}");
            }
            resume_unwind(panic)
        }
    }
}

/// Redraw on input and once a second (for the clock); otherwise sleep.
/// Keys come over a channel ([`term::events`]); a hang-up is noticed
/// within a second and the session is saved.
fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let rx = term::events("keys")?;
    let mut dirty = true;
    let mut showing = None;
    while !app.quit && !stop.load(Ordering::Relaxed) {
        // Work read off the folder in the background, once it is ready.
        if app.settle_coverage(false) | app.settle_start(false) | app.settle_open(false) {
            dirty = true;
        }
        // A change of the computer's clock, noticed by any reading of it.
        let now = crate::wallclock::now();
        if let Some(by_s) = crate::wallclock::take_jump() {
            app.clock_jumped(by_s, now);
            dirty = true;
        }
        if dirty {
            // A new screen or window is written whole, every cell, so no
            // cell of the last one can stay behind (say, one the terminal
            // drew wider than ratatui thought).
            let shows = view::showing(app);
            let whole = showing.is_some_and(|s| s != shows);
            showing = Some(shows);
            terminal.draw(|f| {
                view::draw(f, app, now);
                if whole {
                    text::write_every_cell(f.buffer_mut());
                }
            })?;
            dirty = false;
        }
        // Wake at the next whole second so the clock ticks in step.
        // While work is under way off the key path, look again soon, so
        // that its result shows as soon as it is ready.
        let wait = if app.busy() {
            term::until_next_second().min(std::time::Duration::from_millis(50))
        } else {
            term::until_next_second()
        };
        match term::next(&rx, wait) {
            term::Next::Key(k) => {
                app.on_key(k, crate::wallclock::now());
                dirty = true;
            }
            term::Next::Paste(text) => {
                app.on_paste(&text, crate::wallclock::now());
                dirty = true;
            }
            term::Next::Resized | term::Next::Tick => dirty = true,
            term::Next::Other => {}
            term::Next::Gone => break,
        }
    }
    Ok(())
}
