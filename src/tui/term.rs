//! The terminal's lifecycle, shared by the app, replay and the projector
//! view: the signals that end a program cleanly, keys read on a thread of
//! their own, and telling whether the terminal is still there.
//!
//! Keys are read on their own thread because when the terminal goes away
//! (window closed, SSH dropped) crossterm's reader spins on the dead
//! terminal and never returns: a loop waiting inside it would never see the
//! hang-up and would burn a core. The loops wait on the channel instead and
//! notice a hang-up by the signal, or by [`alive`], within a second.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};

/// A flag set by SIGTERM, SIGHUP (the window closed) or SIGINT: the loop
/// then leaves, saving and restoring the terminal on the way out.
pub fn stop_flag() -> std::io::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    Ok(stop)
}

/// Terminal events, read on a thread named `name`.
pub fn events(name: &str) -> std::io::Result<Receiver<Event>> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            while let Ok(ev) = event::read() {
                if tx.send(ev).is_err() {
                    break;
                }
            }
        })?;
    Ok(rx)
}

/// Whether this process still has its terminal (after a hang-up,
/// `/dev/tty` can no longer be opened).
pub fn alive() -> bool {
    std::fs::File::open("/dev/tty").is_ok()
}

/// What waiting on the terminal gave.
pub enum Next {
    /// A key was pressed (not released or repeated).
    Key(KeyEvent),
    /// Text was pasted (bracketed paste): data, never keys.
    Paste(String),
    /// The window changed size.
    Resized,
    /// The wait ran out (and the terminal is still there).
    Tick,
    /// An event of no interest (a key released, the mouse, focus).
    Other,
    /// The terminal is gone: leave.
    Gone,
}

/// Wait up to `wait` for the next event from [`events`]. When the wait runs
/// out the terminal is checked ([`alive`]), so a loop that calls this at
/// least once a second notices a hang-up within a second.
pub fn next(events: &Receiver<Event>, wait: Duration) -> Next {
    match events.recv_timeout(wait) {
        Ok(Event::Key(k)) if k.kind == KeyEventKind::Press => Next::Key(k),
        Ok(Event::Paste(text)) => Next::Paste(text),
        Ok(Event::Resize(..)) => Next::Resized,
        Ok(_) => Next::Other,
        Err(RecvTimeoutError::Timeout) if alive() => Next::Tick,
        Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Next::Gone,
    }
}

/// The time to the next whole second of the clock (at least 5 ms), so a
/// countdown redrawn then ticks in step with it.
pub fn until_next_second() -> Duration {
    let ms = 1000 - u64::from(crate::wallclock::now().timestamp_subsec_millis().min(999));
    Duration::from_millis(ms.max(5))
}

/// The terminal is not there: stdin or stdout is not a terminal (a pipe,
/// `/dev/null`, a session with no controlling terminal). The binary says
/// so and exits with status 2 instead of panicking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoTerminal {
    /// What to do instead, if there is something (e.g. "use --print").
    pub hint: Option<&'static str>,
}

impl std::fmt::Display for NoTerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("facilitator needs a terminal")?;
        if let Some(h) = self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

impl std::error::Error for NoTerminal {}

/// The exit status when there is no terminal.
pub const NO_TERMINAL_EXIT: u8 = 2;

/// Whether keys can be read and screens drawn here: stdout is a terminal,
/// and so is stdin or the controlling terminal (`/dev/tty`, where crossterm
/// reads keys when stdin is not a terminal).
pub fn have_terminal() -> bool {
    std::io::stdout().is_terminal() && (std::io::stdin().is_terminal() || alive())
}

/// Take the terminal over: raw mode, the alternate screen and bracketed
/// paste (a paste then comes as one [`Event::Paste`], never as keys), with
/// `TERM=dumb` honoured like `NO_COLOR` ([`crate::tui::theme::honour_terminal`]).
/// A panic restores all of it, bracketed paste included. Without a
/// terminal, [`NoTerminal`] (nothing is changed).
pub fn init(hint: Option<&'static str>) -> Result<DefaultTerminal, NoTerminal> {
    if !have_terminal() {
        return Err(NoTerminal { hint });
    }
    crate::tui::theme::honour_terminal();
    let terminal = ratatui::try_init().map_err(|_| {
        // Raw mode may be half set: put back what can be put back.
        let _ = ratatui::try_restore();
        NoTerminal { hint }
    })?;
    // After ratatui's hook (which leaves raw mode and the alternate
    // screen), so this one runs first on a panic.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        paste_mode(false);
        previous(info);
    }));
    paste_mode(true);
    Ok(terminal)
}

/// Give the terminal back: bracketed paste off, raw mode off, the main
/// screen. Errors are ignored: after a hang-up there is nothing to write to.
pub fn restore() {
    paste_mode(false);
    let _ = ratatui::try_restore();
}

/// Bracketed paste on or off (errors ignored: the terminal may be gone).
fn paste_mode(on: bool) {
    use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
    let mut out = std::io::stdout();
    let _ = if on {
        ratatui::crossterm::execute!(out, EnableBracketedPaste)
    } else {
        ratatui::crossterm::execute!(out, DisableBracketedPaste)
    };
}
