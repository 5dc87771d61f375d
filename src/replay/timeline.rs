//! The replay's core, with no terminal: the replay clock (virtual time run
//! at a chosen speed), the session folded up to a moment, and which screen
//! the moderator most likely had in front of them then.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

use crate::domain::event::{Event, EventRecord};
use crate::domain::ideas::Coverage;
use crate::domain::session::Session;
use crate::stimulus::Pack;

/// The playback speeds, slowest first.
pub const SPEEDS: [u32; 6] = [1, 2, 5, 10, 30, 60];

/// Virtual time within `[start, end]`, run at a speed while playing.
/// Every method takes the real time (`Instant`) it is called at, so the
/// clock is tested without waiting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplayClock {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    /// Virtual time at `anchor` (or now, when paused).
    t: DateTime<Utc>,
    /// The real time `t` was taken at; Some while playing.
    anchor: Option<Instant>,
    /// Index into [`SPEEDS`].
    speed: usize,
}

impl ReplayClock {
    /// A paused clock at `start`, at 1×.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> ReplayClock {
        let end = end.max(start);
        ReplayClock {
            start,
            end,
            t: start,
            anchor: None,
            speed: 0,
        }
    }

    /// The first moment.
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The last moment.
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// Virtual time at real time `real`.
    pub fn at(&self, real: Instant) -> DateTime<Utc> {
        match self.anchor {
            None => self.t,
            Some(a) => {
                let real_elapsed = real.saturating_duration_since(a);
                let virt = real_elapsed.saturating_mul(self.speed());
                let virt = Duration::from_std(virt).unwrap_or(Duration::MAX);
                self.t
                    .checked_add_signed(virt)
                    .map_or(self.end, |t| t.min(self.end))
            }
        }
    }

    /// Whether it is running.
    pub fn playing(&self) -> bool {
        self.anchor.is_some()
    }

    /// The speed (1, 2, 5, 10, 30 or 60).
    pub fn speed(&self) -> u32 {
        SPEEDS[self.speed.min(SPEEDS.len() - 1)]
    }

    /// Take the virtual time now as the new anchor.
    fn settle(&mut self, real: Instant) {
        self.t = self.at(real);
        if self.anchor.is_some() {
            self.anchor = Some(real);
        }
    }

    /// Run (from the start again if at the end).
    pub fn play(&mut self, real: Instant) {
        self.settle(real);
        if self.t >= self.end {
            self.t = self.start;
        }
        self.anchor = Some(real);
    }

    /// Stop where it is.
    pub fn pause(&mut self, real: Instant) {
        self.settle(real);
        self.anchor = None;
    }

    /// Play or pause.
    pub fn toggle(&mut self, real: Instant) {
        if self.playing() {
            self.pause(real)
        } else {
            self.play(real)
        }
    }

    /// The next speed up (stays at the fastest).
    pub fn faster(&mut self, real: Instant) {
        self.settle(real);
        self.speed = (self.speed + 1).min(SPEEDS.len() - 1);
    }

    /// The next speed down (stays at 1×).
    pub fn slower(&mut self, real: Instant) {
        self.settle(real);
        self.speed = self.speed.saturating_sub(1);
    }

    /// Go to `t` (clamped), playing or not as before.
    pub fn seek(&mut self, t: DateTime<Utc>, real: Instant) {
        self.t = t.clamp(self.start, self.end);
        if self.anchor.is_some() {
            self.anchor = Some(real);
        }
    }

    /// Whether it stands at the end.
    pub fn at_end(&self, real: Instant) -> bool {
        self.at(real) >= self.end
    }
}

/// The session folded from every event at or before `t`.
pub fn fold_at(pack: &Pack, events: &[EventRecord], t: DateTime<Utc>) -> Session {
    let k = events.iter().take_while(|e| e.at <= t).count();
    Session::from_events(pack, events[..k].to_vec())
}

/// Which screen the moderator most likely had in front of them. The app
/// does not record its screens, so this is read from the last actions: a
/// sticker count means the sticker screen, a pick the picks screen, a
/// flip-chart entry the flip chart (for a minute), and so on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    /// The roster (before the guide starts, or while changing it).
    Roster,
    /// The guide.
    Guide,
    /// The sticker screen with its tally.
    Stickers,
    /// The picks screen.
    Picks,
    /// The Stage 3 answers, or a pack's questionnaire at its step.
    Stage3,
    /// The guide with the flip chart of this step open over it.
    Flipchart(String),
    /// The guide with the ratings of this idea (`None`: the group's one
    /// rating) open over it.
    Rate(Option<u32>),
}

/// How long a window over the guide (flip chart, ratings) is taken to stay
/// open after its last entry.
pub const WINDOW_SECS: i64 = 60;

/// What the moderator saw after `applied` (the events so far) at `t`.
pub fn seen(applied: &[EventRecord], t: DateTime<Utc>) -> Seen {
    let started = applied.iter().any(|e| matches!(e.event, Event::Started));
    if !started {
        return Seen::Roster;
    }
    let current_step = applied.iter().rev().find_map(|e| match &e.event {
        Event::StepEntered { step } => Some(step.as_str()),
        _ => None,
    });
    for rec in applied.iter().rev() {
        let recent = t - rec.at <= Duration::seconds(WINDOW_SECS);
        let seen = match &rec.event {
            Event::Created { .. }
            | Event::ProfileChanged { .. }
            | Event::ParticipantAdded { .. }
            | Event::ParticipantChanged { .. }
            | Event::ParticipantRemoved { .. }
            | Event::ConsentGiven { .. }
            | Event::Presence { .. } => Seen::Roster,
            Event::StickerModeSet { .. }
            | Event::PosterCounted { .. }
            | Event::StickersPlaced { .. }
            | Event::TallyRevealed { .. } => Seen::Stickers,
            Event::IdeaPicked { .. } | Event::IdeasPlanned { .. } => Seen::Picks,
            Event::Stage3Answered { .. } | Event::QuestionnaireAnswered { .. } => Seen::Stage3,
            Event::FlipchartAdded { step, .. } | Event::FlipchartRemoved { step, .. } => {
                if recent && Some(step.as_str()) == current_step {
                    Seen::Flipchart(step.clone())
                } else {
                    Seen::Guide
                }
            }
            Event::Rated { .. } | Event::EquityTicked { .. } if !recent => Seen::Guide,
            Event::Rated { idea, .. } => Seen::Rate(*idea),
            Event::EquityTicked { idea, .. } => Seen::Rate(Some(*idea)),
            // Leaving and coming back: the app reopens on the guide. A clock
            // change is information only.
            Event::Closed | Event::ClockJumped { .. } => continue,
            Event::Opened { .. }
            | Event::Started
            | Event::StepEntered { .. }
            | Event::SectionEntered { .. }
            | Event::Paused
            | Event::Resumed
            | Event::NoteAdded { .. }
            | Event::NoteEdited { .. }
            | Event::NoteDeleted { .. }
            | Event::ProbeTicked { .. }
            | Event::Finished => Seen::Guide,
            // Anything else is done from the guide.
            _ => Seen::Guide,
        };
        return seen;
    }
    Seen::Guide
}

/// A step entered, for the jump list and the timeline bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepMark {
    /// Index of the `StepEntered` event.
    pub index: usize,
    /// When.
    pub at: DateTime<Utc>,
    /// The plan step key.
    pub key: String,
    /// The step's title.
    pub title: String,
    /// The stage's index in the pack.
    pub stage: usize,
    /// The stage's title.
    pub stage_title: String,
}

/// Every step entered, in order.
pub fn step_marks(pack: &Pack, events: &[EventRecord]) -> Vec<StepMark> {
    let whole = Session::from_events(pack, events.to_vec());
    let plan = whole.plan();
    events
        .iter()
        .enumerate()
        .filter_map(|(index, e)| match &e.event {
            Event::StepEntered { step } => {
                let ps = plan.get(step);
                Some(StepMark {
                    index,
                    at: e.at,
                    key: step.clone(),
                    title: ps.map_or_else(|| step.clone(), |p| p.title(pack)),
                    stage: ps.map_or(usize::MAX, |p| p.stage),
                    stage_title: ps.map(|p| p.stage_title(pack)).unwrap_or_default(),
                })
            }
            _ => None,
        })
        .collect()
}

/// A window over the replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Window {
    /// The keys.
    Help,
    /// Jump to a step: the selected entry of [`Replay::marks`].
    Jump(usize),
}

/// A saved session being played back: its events, how far it has got, and
/// the session folded that far.
#[derive(Debug, Clone)]
pub struct Replay {
    pack: Pack,
    events: Vec<EventRecord>,
    /// Events applied: `events[..k]`.
    k: usize,
    session: Session,
    /// The virtual time shown.
    t: DateTime<Utc>,
    /// The clock.
    pub clock: ReplayClock,
    /// Steps entered.
    pub marks: Vec<StepMark>,
    /// Coverage by the groups saved before this one (for the picks screen).
    pub coverage: Coverage,
    /// A window open over the replay.
    pub window: Option<Window>,
    /// Set by `q`.
    pub quit: bool,
}

impl Replay {
    /// A replay of `events`, paused at the first. None when there are none.
    pub fn new(pack: Pack, events: Vec<EventRecord>, coverage: Coverage) -> Option<Replay> {
        let first = events.first()?.at;
        let last = events.iter().map(|e| e.at).max().unwrap_or(first);
        let session = Session::from_events(&pack, events[..1].to_vec());
        let marks = step_marks(&pack, &events);
        Some(Replay {
            pack,
            events,
            k: 1,
            session,
            t: first,
            clock: ReplayClock::new(first, last),
            marks,
            coverage,
            window: None,
            quit: false,
        })
    }

    /// The pack.
    pub fn pack(&self) -> &Pack {
        &self.pack
    }

    /// Every event.
    pub fn events(&self) -> &[EventRecord] {
        &self.events
    }

    /// How many events are applied.
    pub fn applied(&self) -> usize {
        self.k
    }

    /// The session as it stood at the moment shown.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The moment shown.
    pub fn t(&self) -> DateTime<Utc> {
        self.t
    }

    /// The last event applied.
    pub fn last_event(&self) -> Option<&EventRecord> {
        self.k.checked_sub(1).and_then(|i| self.events.get(i))
    }

    /// What the moderator saw at the moment shown.
    pub fn seen(&self) -> Seen {
        seen(&self.events[..self.k], self.t)
    }

    /// Apply events up to `k` (at least the first): forward by recording
    /// each one on the session, from scratch when going back (or if an
    /// event does not record as it was saved, as a damaged file may).
    fn set_k(&mut self, k: usize) {
        let k = k.clamp(1, self.events.len());
        if k > self.k {
            let mut ok = true;
            for rec in &self.events[self.k..k] {
                match self.session.record(&self.pack, rec.event.clone(), rec.at) {
                    Ok(r) if r == *rec => {}
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                self.session = Session::from_events(&self.pack, self.events[..k].to_vec());
            }
        } else if k < self.k {
            self.session = Session::from_events(&self.pack, self.events[..k].to_vec());
        }
        self.k = k;
    }

    /// Events at or before `t`.
    fn count_at(&self, t: DateTime<Utc>) -> usize {
        self.events.iter().take_while(|e| e.at <= t).count()
    }

    /// Bring the replay to real time `real`: the clock's time, and every
    /// event up to it. While playing, a stretch with the app closed (from
    /// `Closed` to the next event) is skipped; at the end it pauses.
    pub fn tick(&mut self, real: Instant) {
        let mut t = self.clock.at(real);
        if self.clock.playing() {
            let k = self.count_at(t).max(self.k);
            self.set_k(k);
            if matches!(self.last_event().map(|e| &e.event), Some(Event::Closed))
                && let Some(next) = self.events.get(self.k)
            {
                t = next.at;
                self.clock.seek(t, real);
                let k = self.count_at(t).max(self.k);
                self.set_k(k);
            }
            if self.clock.at_end(real) {
                self.clock.pause(real);
            }
        }
        self.t = t;
    }

    fn go_to_event(&mut self, k: usize, real: Instant) {
        self.clock.pause(real);
        self.set_k(k);
        let t = self.last_event().map_or(self.clock.start(), |e| e.at);
        self.clock.seek(t, real);
        self.t = t;
    }

    /// The next event (pauses).
    pub fn next_event(&mut self, real: Instant) {
        self.go_to_event(self.k + 1, real);
    }

    /// The previous event (pauses).
    pub fn prev_event(&mut self, real: Instant) {
        self.go_to_event(self.k.saturating_sub(1), real);
    }

    /// The first event (pauses).
    pub fn home(&mut self, real: Instant) {
        self.go_to_event(1, real);
    }

    /// The last event (pauses).
    pub fn end(&mut self, real: Instant) {
        self.go_to_event(self.events.len(), real);
    }

    /// The moment a step was entered (pauses).
    pub fn jump_to_mark(&mut self, i: usize, real: Instant) {
        if let Some(m) = self.marks.get(i) {
            self.go_to_event(m.index + 1, real);
        }
    }

    /// The mark of the step shown (the last entered so far).
    pub fn current_mark(&self) -> Option<usize> {
        self.marks.iter().rposition(|m| m.index < self.k)
    }

    /// Play or pause.
    pub fn toggle(&mut self, real: Instant) {
        self.clock.toggle(real);
        if self.clock.playing() && self.t >= self.clock.end() {
            // Playing again from the start.
            self.go_to_event(1, real);
            self.clock.play(real);
        }
        self.tick(real);
    }

    /// Seconds from the first event to the moment shown.
    pub fn offset(&self) -> i64 {
        (self.t - self.clock.start()).num_seconds()
    }

    /// Seconds from the first event to the last.
    pub fn length(&self) -> i64 {
        (self.clock.end() - self.clock.start()).num_seconds()
    }
}

#[cfg(test)]
mod tests;
