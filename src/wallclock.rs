//! The app's "now": the wall clock read once, at start, then moved on by a
//! clock that counts the time that really passes, suspend included.
//!
//! A change of the computer's clock (by hand, NTP stepping it, a time zone
//! slip) is not time passing; a laptop lid closed for ten minutes is (the
//! group waited). So the app keeps a pair — the wall time at start and a
//! steady clock's reading then — and its now is the first plus what the
//! second has counted since: `CLOCK_BOOTTIME` on Linux and
//! `mach_continuous_time` on macOS, which both keep counting while the
//! computer sleeps; elsewhere `Instant` (which may not). When the wall
//! clock and that now come apart by more than [`JUMP_MS`], the wall clock
//! was changed: [`Clock::take_jump`] says by how much, once, and events
//! keep being stamped with the time that passed, so the timeline, the
//! countdowns and the exports stay truthful.
//!
//! A resumed session is anchored afresh at the wall clock when the app
//! starts (the time it was closed is real time for the group). Every part
//! of the app takes its now from [`now`] (one clock per process); the
//! domain takes `now` as an argument and is tested with a [`Clock`] over a
//! [`Source`] the test moves by hand.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

/// How far (milliseconds) the wall clock may drift from the time that
/// passed before it is taken as changed.
pub const JUMP_MS: i64 = 2_000;

/// Where a [`Clock`] reads the time.
pub trait Source {
    /// The wall clock (UTC) as the computer has it.
    fn wall(&self) -> DateTime<Utc>;
    /// A clock that only moves forward, counting suspend, from any origin.
    fn steady(&self) -> Duration;
}

/// The computer's clocks.
#[derive(Debug, Clone, Copy, Default)]
pub struct System;

impl Source for System {
    fn wall(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn steady(&self) -> Duration {
        steady()
    }
}

/// `CLOCK_BOOTTIME`: monotonic, and counts the time suspended.
#[cfg(target_os = "linux")]
fn steady() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::Boottime);
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

/// `mach_continuous_time`: monotonic, and counts the time asleep.
#[cfg(target_vendor = "apple")]
fn steady() -> Duration {
    #[repr(C)]
    struct Timebase {
        numer: u32,
        denom: u32,
    }
    unsafe extern "C" {
        fn mach_continuous_time() -> u64;
        fn mach_timebase_info(info: *mut Timebase) -> i32;
    }
    let mut tb = Timebase { numer: 0, denom: 0 };
    // SAFETY: both are plain system calls; `tb` is a valid, writable
    // mach_timebase_info_data_t for the duration of the call.
    let (ticks, ok) = unsafe { (mach_continuous_time(), mach_timebase_info(&mut tb) == 0) };
    if !ok || tb.denom == 0 {
        return instant();
    }
    let nanos = u128::from(ticks) * u128::from(tb.numer) / u128::from(tb.denom);
    Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
}

#[cfg(not(any(target_os = "linux", target_vendor = "apple")))]
fn steady() -> Duration {
    instant()
}

/// Time since the first call, by `Instant` (may stop during suspend).
#[cfg(not(target_os = "linux"))]
fn instant() -> Duration {
    static ORIGIN: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    ORIGIN.get_or_init(std::time::Instant::now).elapsed()
}

/// Wall time anchored once, moved on by the steady clock.
#[derive(Debug)]
pub struct Clock<S> {
    source: S,
    anchor_wall: DateTime<Utc>,
    anchor_steady: Duration,
    /// Wall clock minus now (ms) when last looked at or last changed.
    offset_ms: i64,
    /// Seconds the wall clock moved since [`Clock::take_jump`] last said.
    jumped_s: Option<i64>,
}

impl<S: Source> Clock<S> {
    /// A clock anchored at the source's wall time now.
    pub fn new(source: S) -> Clock<S> {
        let anchor_wall = source.wall();
        let anchor_steady = source.steady();
        Clock {
            source,
            anchor_wall,
            anchor_steady,
            offset_ms: 0,
            jumped_s: None,
        }
    }

    /// The time now: the wall time at the anchor plus the time passed since.
    /// Notes a change of the wall clock (see [`Clock::take_jump`]).
    pub fn now(&mut self) -> DateTime<Utc> {
        let passed = self.source.steady().saturating_sub(self.anchor_steady);
        let now = TimeDelta::from_std(passed)
            .ok()
            .and_then(|d| self.anchor_wall.checked_add_signed(d))
            .unwrap_or(self.anchor_wall);
        let offset_ms = (self.source.wall() - now).num_milliseconds();
        let moved = offset_ms - self.offset_ms;
        if moved.abs() > JUMP_MS {
            let s = (moved as f64 / 1000.0).round() as i64;
            self.jumped_s = Some(self.jumped_s.unwrap_or(0) + s);
            self.offset_ms = offset_ms;
        }
        now
    }

    /// How many seconds the wall clock moved (ahead: positive) beyond the
    /// time that passed, if it moved since this was last asked; once.
    pub fn take_jump(&mut self) -> Option<i64> {
        self.jumped_s.take().filter(|s| *s != 0)
    }

    /// The source, to move a test's clocks.
    pub fn source(&self) -> &S {
        &self.source
    }
}

static CLOCK: Mutex<Option<Clock<System>>> = Mutex::new(None);

fn the_clock() -> MutexGuard<'static, Option<Clock<System>>> {
    CLOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The process's now (anchored at the wall clock the first time it is
/// asked). Use this, never `Utc::now()`, for anything the session records.
pub fn now() -> DateTime<Utc> {
    the_clock().get_or_insert_with(|| Clock::new(System)).now()
}

/// Whether the computer's clock was changed since this was last asked: by
/// how many seconds (see [`Clock::take_jump`]).
pub fn take_jump() -> Option<i64> {
    the_clock().as_mut().and_then(Clock::take_jump)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// Clocks a test moves by hand.
    struct Fake {
        wall: Cell<DateTime<Utc>>,
        steady: Cell<Duration>,
    }

    impl Source for Fake {
        fn wall(&self) -> DateTime<Utc> {
            self.wall.get()
        }
        fn steady(&self) -> Duration {
            self.steady.get()
        }
    }

    impl Fake {
        /// Move the wall clock by `wall` seconds and the steady one by `steady`.
        fn step(&self, wall: i64, steady: u64) {
            self.wall.set(self.wall.get() + TimeDelta::seconds(wall));
            self.steady
                .set(self.steady.get() + Duration::from_secs(steady));
        }
    }

    fn clock() -> (Clock<Fake>, DateTime<Utc>) {
        let start = DateTime::parse_from_rfc3339("2026-11-29T18:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let fake = Fake {
            wall: Cell::new(start),
            steady: Cell::new(Duration::from_secs(1_000)),
        };
        (Clock::new(fake), start)
    }

    #[test]
    fn a_change_of_the_wall_clock_is_said_once_and_does_not_move_now() {
        let (mut c, start) = clock();
        assert_eq!(c.now(), start);
        c.source().step(60 + 7_200, 60);
        assert_eq!(c.now(), start + TimeDelta::seconds(60));
        assert_eq!(c.take_jump(), Some(7_200));
        assert_eq!(c.take_jump(), None, "said once");
        c.source().step(1, 1);
        assert_eq!(c.now(), start + TimeDelta::seconds(61));
        assert_eq!(c.take_jump(), None, "the new offset is not a new jump");
        // And back, an hour further than it was at the start.
        c.source().step(-7_200 - 3_600 + 10, 10);
        assert_eq!(c.now(), start + TimeDelta::seconds(71));
        assert_eq!(c.take_jump(), Some(-10_800));
    }

    #[test]
    fn a_suspend_is_time_passing_not_a_jump() {
        // SIGSTOP or a closed lid for 120 s: both clocks move on.
        let (mut c, start) = clock();
        c.source().step(120, 120);
        assert_eq!(c.now(), start + TimeDelta::seconds(120));
        assert_eq!(c.take_jump(), None);
    }

    #[test]
    fn drift_within_two_seconds_is_not_a_jump_and_two_jumps_add_up() {
        let (mut c, _) = clock();
        c.source().step(2, 0);
        c.now();
        assert_eq!(c.take_jump(), None);
        c.source().step(100, 0);
        c.now();
        c.source().step(50, 0);
        c.now();
        assert_eq!(c.take_jump(), Some(152), "both, since last asked");
    }

    #[test]
    fn the_system_clock_starts_at_the_wall_clock_and_moves_forward() {
        let before = Utc::now();
        let a = now();
        let b = now();
        assert!(b >= a);
        assert!((a - before).num_seconds().abs() < 5, "{a} vs {before}");
        let s1 = steady();
        let s2 = steady();
        assert!(s2 >= s1);
    }
}
