//! `facilitator present [SESSION]`: the participant-facing view for a
//! projector, in a second terminal window. It follows the live session
//! through its saved files (by default the most recent live session in the
//! sessions folder), reads only, and shows only what may go on a wall.
//!
//! - [`projection`]: what is shown, worked out from the session (no terminal).
//! - [`follow`]: following a session's files, reading again only on change.
//! - [`view`]: drawing a projection, with [`crate::tui::widgets`] (the
//!   countdown in large digits is [`crate::tui::widgets::countdown`]).
//!
//! Posters in the gallery: the app does not record which poster the
//! moderator is browsing, so the gallery shows the wall of nine, and a
//! discussion shows the poster of the idea picked for it.

pub mod follow;
pub mod projection;
pub mod view;

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};

use crate::stimulus::Pack;
use crate::store::SessionsDir;
use crate::tui::keys::{self, Action, Context};
use crate::tui::term::{self, Next};
pub use follow::Follower;
pub use projection::{Body, Projection, project};

/// What the projector shows now: the session followed, or why there is none.
pub fn projection_of(follower: &Follower, pack: &Pack, now: DateTime<Utc>) -> Projection {
    match (follower.session(), follower.problem()) {
        // The problem itself (a file name, a line) is not for the wall;
        // `present` says it on leaving.
        (None, Some(_)) => {
            Projection::waiting("The session cannot be read just now; trying again every second.")
        }
        // The texts of the pack the session ran with.
        (Some(session), _) => project(
            &follower.pack_for(session.events().first()),
            Some(session),
            now,
        ),
        (None, _) => project(pack, None, now),
    }
}

/// Run `present`. Returns the exit code.
pub fn run(dir: &SessionsDir, pack: &Pack, session: Option<&str>) -> anyhow::Result<i32> {
    let mut follower = Follower::new(dir, pack, session)?;
    let hint = Some("present: open it in the window on the projector");
    if !term::have_terminal() {
        return Err(term::NoTerminal { hint }.into());
    }
    let stop = crate::tui::term::stop_flag()?;
    let mut terminal = term::init(hint)?;
    let outcome = event_loop(&mut terminal, &mut follower, pack, &stop);
    term::restore();
    if let Some(problem) = follower.problem() {
        crate::eprintln_safe!("facilitator: the session could not be read: {problem}");
    }
    outcome.map(|()| 0)
}

/// Once a second (at the turn of the second, so the countdown ticks in
/// step): look at the files, redraw. Keys ([`Context::Present`]): q, Esc or
/// Ctrl-C to leave.
///
/// Keys are read on a thread of their own: when the window is closed,
/// crossterm's reader spins on the dead terminal and never returns, so the
/// loop must not wait inside it. A hang-up is seen by the signal, or by
/// the terminal being gone, within a second.
fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    follower: &mut Follower,
    pack: &Pack,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let keys = term::events("present-keys")?;
    while !stop.load(Ordering::Relaxed) {
        follower.poll();
        let p = projection_of(follower, pack, crate::wallclock::now());
        terminal.draw(|f| {
            view::draw(f, &p);
            crate::tui::text::fit_buffer(f.buffer_mut());
        })?;
        match term::next(&keys, term::until_next_second()) {
            Next::Key(k) => {
                if matches!(
                    keys::action(Context::Present, &k),
                    Some(Action::Quit | Action::QuitNow)
                ) {
                    break;
                }
            }
            Next::Resized | Next::Tick | Next::Other | Next::Paste(_) => {}
            Next::Gone => break,
        }
    }
    Ok(())
}
