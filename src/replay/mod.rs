//! `facilitator replay <SESSION> [--print]`: a saved session played back
//! on its own timeline, read-only, showing what the moderator saw at each
//! moment; or, with `--print`, the timeline as text.
//!
//! - [`timeline`]: the replay clock, the fold at a moment, and which screen
//!   the moderator had (no terminal; unit-tested).
//! - [`words`]: events in words, and the `--print` lines.
//! - [`view`]: drawing (reads only).
//!
//! Nothing here writes: the session is read with [`SessionsDir::load`].

pub mod timeline;
pub mod view;
pub mod words;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::bail;
use ratatui::crossterm::event::KeyEvent;

use crate::domain::event::EventRecord;
use crate::domain::ideas::{Coverage, coverage_of_summaries};
use crate::domain::summary::Summary;
use crate::stimulus::Pack;
use crate::store::SessionsDir;
use crate::tui::keys::{self, Action, Context};
use crate::tui::term::{self, Next};
pub use timeline::{Replay, ReplayClock, Seen, Window};

/// Redraw this often while playing.
const PLAYING_TICK: Duration = Duration::from_millis(250);
/// Redraw this often while paused.
const PAUSED_TICK: Duration = Duration::from_secs(1);

/// Read a session (id, unique id prefix, or path) without writing anything.
/// Errors name the file (with line:col for JSON).
pub fn load_events(
    dir: &SessionsDir,
    which: &str,
) -> anyhow::Result<(SessionsDir, String, Vec<EventRecord>)> {
    let (d, id) = dir.resolve(which)?;
    let loaded = d.load(&id)?;
    if loaded.events.is_empty() {
        bail!("session \"{id}\" in {} has no events", d.path().display());
    }
    if let Some(note) = loaded.recovery.summary() {
        crate::eprintln_safe!("facilitator: note: {note}");
    }
    Ok((d, id, loaded.events))
}

/// The pack the session ran with (see `store::SessionsDir::pack_of`),
/// saying so when it is not `current`.
fn session_pack(dir: &SessionsDir, events: &[EventRecord], current: &Pack) -> Pack {
    let of = dir.pack_of_events(events, current);
    if let Some(note) = of.note {
        crate::eprintln_safe!("facilitator: note: {note}");
    }
    of.pack
}

/// `replay --print`: the timeline as text, a line per event.
pub fn print(
    dir: &SessionsDir,
    pack: &Pack,
    which: &str,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (d, _, events) = load_events(dir, which)?;
    let pack = &session_pack(&d, &events, pack);
    words::print_timeline(out, pack, &events)?;
    Ok(())
}

/// Coverage by the groups created before this one (what the picks screen
/// showed then). Sessions that cannot be read are left out.
fn earlier_coverage(dir: &SessionsDir, id: &str, events: &[EventRecord]) -> Coverage {
    let created = events.first().map(|e| e.at);
    // Every folder, each session once, from the folders' summary indexes
    // where they are fresh.
    let earlier: Vec<Summary> = dir
        .summaries()
        .sessions
        .into_iter()
        .filter(|s| s.id != id && created.is_some_and(|c| s.created < c))
        .collect();
    coverage_of_summaries(&earlier, Some(id))
}

/// Act on a key at real time `real`: the key table
/// ([`keys::Context::Replay`], [`keys::Context::ReplayJump`]) says what
/// it asks for.
pub fn on_key(r: &mut Replay, key: KeyEvent, real: Instant) {
    let main = keys::action(Context::Replay, &key);
    if main == Some(Action::QuitNow) {
        r.quit = true;
        return;
    }
    match r.window.clone() {
        Some(Window::Help) => {
            // Any key closes the help.
            r.window = None;
            return;
        }
        Some(Window::Jump(sel)) => {
            let n = r.marks.len();
            match keys::action(Context::ReplayJump, &key) {
                Some(Action::Down) if n > 0 => r.window = Some(Window::Jump((sel + 1) % n)),
                Some(Action::Up) if n > 0 => r.window = Some(Window::Jump((sel + n - 1) % n)),
                Some(Action::Home) => r.window = Some(Window::Jump(0)),
                Some(Action::Last) => r.window = Some(Window::Jump(n.saturating_sub(1))),
                Some(Action::Accept) => {
                    r.window = None;
                    r.jump_to_mark(sel, real);
                }
                Some(Action::Back) => r.window = None,
                _ => {}
            }
            return;
        }
        None => {}
    }
    match main {
        Some(Action::Pause) => r.toggle(real),
        Some(Action::Faster) => r.clock.faster(real),
        Some(Action::Slower) => r.clock.slower(real),
        Some(Action::Right) => r.next_event(real),
        Some(Action::Left) => r.prev_event(real),
        Some(Action::Home) => r.home(real),
        Some(Action::Last) => r.end(real),
        Some(Action::Jump) => r.window = Some(Window::Jump(r.current_mark().unwrap_or(0))),
        Some(Action::Help) => r.window = Some(Window::Help),
        Some(Action::Quit) => r.quit = true,
        _ => {}
    }
    r.tick(real);
}

/// Run `replay`. Returns the exit code.
pub fn run(dir: &SessionsDir, pack: &Pack, session: &str, print_only: bool) -> anyhow::Result<i32> {
    if print_only {
        let mut out = crate::safe_out::Out::stdout();
        print(dir, pack, session, &mut out)?;
        out.flush()?;
        return Ok(0);
    }
    let (d, id, events) = load_events(dir, session)?;
    let pack = &session_pack(&d, &events, pack);
    let hint = Some("replay: use --print for the timeline as text");
    if !term::have_terminal() {
        return Err(term::NoTerminal { hint }.into());
    }
    // The groups before it in every folder read, whichever holds it.
    let cov = earlier_coverage(dir, &id, &events);
    let Some(mut replay) = Replay::new(pack.clone(), events, cov) else {
        bail!("session \"{id}\" has no events");
    };
    let stop = crate::tui::term::stop_flag()?;
    let mut terminal = term::init(hint)?;
    let outcome = event_loop(&mut terminal, &mut replay, &stop);
    term::restore();
    outcome.map(|()| 0)
}

/// Redraw on input, 4 times a second while playing, once a second paused.
///
/// Keys are read on a thread of their own (as the app does): when the
/// terminal goes away, crossterm's reader spins on the dead terminal and
/// never returns, so the loop must not wait inside it. A hang-up is seen
/// by the signal, or by the terminal being gone, within a second.
fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    r: &mut Replay,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let keys = term::events("replay-keys")?;
    while !r.quit && !stop.load(Ordering::Relaxed) {
        r.tick(Instant::now());
        terminal.draw(|f| {
            view::draw(f, r);
            crate::tui::text::fit_buffer(f.buffer_mut());
        })?;
        let wait = if r.clock.playing() {
            PLAYING_TICK
        } else {
            PAUSED_TICK
        };
        match term::next(&keys, wait) {
            Next::Key(k) => on_key(r, k, Instant::now()),
            Next::Resized | Next::Tick | Next::Other | Next::Paste(_) => {}
            Next::Gone => break,
        }
    }
    Ok(())
}
