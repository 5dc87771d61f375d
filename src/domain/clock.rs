//! The clock: everything about time is computed from the timeline's
//! timestamps and a `now` passed in, never from a running counter, so the
//! clock stays truthful across pauses, steps revisited, quits and resumes.

use chrono::{DateTime, Utc};

use super::plan::Plan;
use super::state::SessionState;

/// How close the current step is to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// More than 20 % of the step's time left.
    Plenty,
    /// 20 % or less left.
    Low,
    /// 5 % or less left.
    Critical,
    /// Past the planned time.
    Over,
}

/// Seconds of `[from, to)` not covered by a pause.
///
/// Every moment is taken at its whole second (the seconds a clock shows)
/// before subtracting, so that the seconds of back-to-back stretches add
/// up to the seconds of the whole: two steps of 31.5 s each make 63 s, as
/// the session's own clock says, not 31 + 31.
pub fn active_secs(
    pauses: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> i64 {
    let (from, to) = (whole_second(from), whole_second(to));
    if to <= from {
        return 0;
    }
    let mut paused = 0;
    for &(p0, p1) in pauses {
        let p1 = p1.map_or(to, whole_second);
        let a = whole_second(p0).max(from);
        let b = p1.min(to);
        if b > a {
            paused += b - a;
        }
    }
    (to - from - paused).max(0)
}

/// The second a moment falls in (seconds since the epoch, rounded down).
fn whole_second(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

/// Timing of one step of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepTiming {
    /// The plan step key.
    pub key: String,
    /// Planned seconds.
    pub planned: i64,
    /// Seconds spent in the step so far (all visits, pauses excluded).
    pub used: i64,
    /// Whether the step was entered at some point.
    pub visited: bool,
    /// Whether it is the current step.
    pub current: bool,
}

impl StepTiming {
    /// Seconds left (negative: overrun).
    pub fn remaining(&self) -> i64 {
        self.planned - self.used
    }

    /// How close to the end.
    pub fn level(&self) -> Level {
        let rem = self.remaining();
        if rem < 0 {
            Level::Over
        } else if self.planned == 0 || rem * 100 <= self.planned * 5 {
            if rem == 0 && self.used > 0 {
                Level::Over
            } else {
                Level::Critical
            }
        } else if rem * 100 <= self.planned * 20 {
            Level::Low
        } else {
            Level::Plenty
        }
    }

    /// Seconds still expected to be spent here: nothing for a step already
    /// left, what is left of the plan for the current step, all of it for a
    /// step not yet reached.
    fn still_to_spend(&self) -> i64 {
        if self.current {
            self.remaining().max(0)
        } else if self.visited {
            0
        } else {
            self.planned
        }
    }
}

/// A proposal to cut minutes from a step still to come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// Plan step key.
    pub key: String,
    /// Whole minutes to take off.
    pub minutes: i64,
}

/// The whole session's timing at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// Every step of the plan, in order.
    pub steps: Vec<StepTiming>,
    /// Seconds since the guide started, pauses excluded.
    pub elapsed: i64,
    /// Seconds since the guide started, wall clock.
    pub wall: i64,
    /// Whether the clock is paused now.
    pub paused: bool,
    /// The session's target length in seconds.
    pub target: i64,
    /// Elapsed plus what the plan still expects.
    pub projected: i64,
    /// How to shorten the steps to come to finish on time (empty when on time).
    pub cuts: Vec<Cut>,
}

impl Schedule {
    /// Seconds behind plan (positive) or ahead (negative): the projected
    /// finish against the target.
    pub fn slip(&self) -> i64 {
        self.projected - self.target
    }

    /// The current step's timing.
    pub fn current(&self) -> Option<&StepTiming> {
        self.steps.iter().find(|s| s.current)
    }

    /// Work out the schedule of `state` on `plan` at `now`.
    pub fn at(state: &SessionState, plan: &Plan, now: DateTime<Utc>) -> Schedule {
        let end = state.finished_at.unwrap_or(now).max(state.created_at);
        let pauses = &state.pauses;
        let steps: Vec<StepTiming> = plan
            .steps
            .iter()
            .map(|ps| {
                let mut used = 0;
                let mut visited = false;
                for v in state.visits.iter().filter(|v| v.step == ps.key) {
                    visited = true;
                    used += active_secs(pauses, v.from, v.to.unwrap_or(end));
                }
                StepTiming {
                    key: ps.key.clone(),
                    planned: i64::from(ps.minutes) * 60,
                    used,
                    visited,
                    current: state.finished_at.is_none()
                        && state.current_step.as_deref() == Some(ps.key.as_str()),
                }
            })
            .collect();
        let (elapsed, wall) = match state.started_at {
            Some(s) => (
                active_secs(pauses, s, end),
                (whole_second(end) - whole_second(s)).max(0),
            ),
            None => (0, 0),
        };
        let projected = elapsed + steps.iter().map(StepTiming::still_to_spend).sum::<i64>();
        let target = i64::from(plan.target_minutes) * 60;
        let mut sched = Schedule {
            steps,
            elapsed,
            wall,
            paused: state.is_paused(),
            target,
            projected,
            cuts: Vec::new(),
        };
        sched.cuts = sched.shorten();
        sched
    }

    /// Spread the slip over the steps not yet reached, in proportion to
    /// their planned time, never taking a step below half its plan; whole
    /// minutes, rounded up so the cuts cover the slip where possible.
    fn shorten(&self) -> Vec<Cut> {
        let slip = self.slip();
        if slip < 60 {
            return Vec::new();
        }
        let future: Vec<&StepTiming> = self
            .steps
            .iter()
            .filter(|s| !s.visited && !s.current && s.planned >= 120)
            .collect();
        let pool: i64 = future.iter().map(|s| s.planned).sum();
        if pool == 0 {
            return Vec::new();
        }
        let mut need = (slip + 59) / 60;
        let mut cuts = Vec::new();
        for s in &future {
            if need <= 0 {
                break;
            }
            let max = s.planned / 60 / 2;
            let share = ((slip * s.planned + pool - 1) / pool + 59) / 60;
            let m = share.min(max).min(need);
            if m > 0 {
                need -= m;
                cuts.push(Cut {
                    key: s.key.clone(),
                    minutes: m,
                });
            }
        }
        cuts
    }
}

/// A place on a recording, as a recorder shows it: `h:mm:ss` always with
/// the hours (`0:47:12`).
pub fn tape(secs: i64) -> String {
    let s = secs.max(0);
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// `m:ss` or `h:mm:ss` for a number of seconds (absolute value).
pub fn hms(secs: i64) -> String {
    let s = secs.unsigned_abs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}
