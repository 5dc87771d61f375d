//! Waiting for a condition with a deadline instead of sleeping a fixed
//! time: the tests run on loaded machines, where "long enough" is never
//! known. A wait that runs out fails with what was last seen.

use std::thread;
use std::time::{Duration, Instant};

/// How long any one wait may take (a loaded 2-core machine is slow).
pub const WAIT: Duration = Duration::from_secs(20);

/// How often a wait looks again.
pub const POLL: Duration = Duration::from_millis(10);

/// Look at `look` until `ok` passes on what it gives, for at most
/// `deadline`; give back what passed. Past the deadline, panic naming
/// `what` and showing the last thing seen (as `show` writes it).
pub fn until_shown<T>(
    what: &str,
    deadline: Duration,
    mut look: impl FnMut() -> T,
    ok: impl Fn(&T) -> bool,
    show: impl Fn(&T) -> String,
) -> T {
    let mut seen = None;
    let passed = within(deadline, || {
        let now = look();
        let good = ok(&now);
        seen = Some(now);
        good
    });
    let seen = seen.expect("looked at least once");
    if !passed {
        panic!(
            "{what} did not happen within {deadline:?}; last seen:\n{}",
            show(&seen)
        );
    }
    seen
}

/// Wait until `ok()` holds, for at most `deadline`; panic naming `what`.
pub fn until(what: &str, deadline: Duration, mut ok: impl FnMut() -> bool) {
    until_shown(what, deadline, &mut ok, |b| *b, |_| "(false)".to_string());
}

/// Wait until the file exists and holds `text` (within [`WAIT`]).
pub fn file_contains(path: &std::path::Path, text: &str) {
    let _ = until_shown(
        &format!("{} holding {text:?}", path.display()),
        WAIT,
        || std::fs::read_to_string(path),
        |r| r.as_ref().is_ok_and(|s| s.contains(text)),
        |r| match r {
            Ok(s) => s.clone(),
            Err(e) => format!("({e})"),
        },
    );
}

/// Whether `ok()` came to hold within `limit` (looking every [`POLL`]).
pub fn within(limit: Duration, mut ok: impl FnMut() -> bool) -> bool {
    let end = Instant::now() + limit;
    loop {
        if ok() {
            return true;
        }
        if Instant::now() > end {
            return false;
        }
        // The poll interval of a deadline wait, not a wait for the app.
        thread::sleep(POLL);
    }
}

/// Wait until `look()` gives `Some`, for at most `deadline`; give it
/// back. Past the deadline, panic naming `what`.
pub fn until_some<T>(what: &str, deadline: Duration, mut look: impl FnMut() -> Option<T>) -> T {
    let mut found = None;
    if !within(deadline, || {
        found = look();
        found.is_some()
    }) {
        panic!("{what} did not happen within {deadline:?}");
    }
    found.expect("found")
}
