//! Work that reads the sessions folder, done on a thread of its own so that
//! no frame and no key waits on the disk: the other groups' coverage, and
//! the unfinished sessions of the start screen.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// A result being worked out on its own thread.
#[derive(Default)]
pub enum Pending<T> {
    /// Nothing asked for, or the result already taken.
    #[default]
    Idle,
    /// Under way (None if the work panicked).
    Running(JoinHandle<Option<T>>),
    /// Worked out at once, because no thread could be had.
    Done(T),
}

impl<T: Send + 'static> Pending<T> {
    /// Start `work` on a thread named `name`, or do it now if no thread can
    /// be had.
    pub fn start<F>(name: &str, work: F) -> Pending<T>
    where
        F: FnOnce() -> T + Send + 'static,
    {
        // Shared, so that the work is still here if the thread is refused.
        let slot = Arc::new(Mutex::new(Some(work)));
        let theirs = Arc::clone(&slot);
        let spawned = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || theirs.lock().ok()?.take().map(|work| work()));
        match spawned {
            Ok(h) => Pending::Running(h),
            Err(_) => match slot.lock().ok().and_then(|mut w| w.take()) {
                Some(work) => Pending::Done(work()),
                None => Pending::Idle,
            },
        }
    }

    /// Whether the work is still under way.
    pub fn is_running(&self) -> bool {
        matches!(self, Pending::Running(h) if !h.is_finished())
    }

    /// The result once it is ready (with `wait`, waiting for it). None while
    /// it is under way, when nothing was asked for, or if the work panicked.
    pub fn take(&mut self, wait: bool) -> Option<T> {
        match std::mem::take(self) {
            Pending::Running(h) if wait || h.is_finished() => h.join().ok().flatten(),
            Pending::Done(t) => Some(t),
            Pending::Idle => None,
            still @ Pending::Running(_) => {
                *self = still;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_taken_once_and_waited_for_only_when_asked() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let mut p = Pending::start("test", move || {
            let _ = rx.recv();
            7
        });
        assert!(p.is_running());
        assert_eq!(p.take(false), None, "not ready: nothing taken");
        assert!(p.is_running(), "still pending after a look");
        tx.send(()).unwrap();
        assert_eq!(p.take(true), Some(7));
        assert!(!p.is_running());
        assert_eq!(p.take(true), None, "taken once");
    }

    #[test]
    fn a_panic_in_the_work_gives_nothing() {
        let mut p: Pending<u32> = Pending::start("test", || panic!("on purpose"));
        assert_eq!(p.take(true), None);
    }
}
