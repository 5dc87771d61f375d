//! The state of a session: a fold of its events. The same fold serves the
//! live app, recovery after a crash, replay and export.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::event::{
    Answers, Event, EventRecord, NoteId, NoteKind, NotePlace, ParticipantId, PickKind, Scale,
    Shown, StickerMode,
};
use super::profile::{GroupProfile, Participant};

/// A stay in one step, from entering it to leaving it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    /// Plan step key.
    pub step: String,
    /// Entered.
    pub from: DateTime<Utc>,
    /// Left (None: still there).
    pub to: Option<DateTime<Utc>>,
}

/// A note or quote as it stands now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Its id.
    pub id: NoteId,
    /// Note or quote.
    pub kind: NoteKind,
    /// Where it was taken.
    pub place: NotePlace,
    /// Current text.
    pub text: String,
    /// Who said it.
    pub participant: Option<ParticipantId>,
    /// Codes.
    pub codes: Vec<String>,
    /// When it was added.
    pub at: DateTime<Utc>,
    /// When the moderator began typing it.
    pub begun: Option<DateTime<Utc>>,
    /// Starred as a key verbatim.
    pub starred: bool,
    /// Struck out.
    pub deleted: bool,
    /// Edited after adding.
    pub edited: bool,
}

/// One audio recording of the group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    /// Its file name, if given.
    pub name: Option<String>,
    /// When the start key was pressed.
    pub pressed: DateTime<Utc>,
    /// The correction to the start, in seconds (sum of every shift).
    pub shift: i64,
    /// When it was stopped (None: still running).
    pub stopped: Option<DateTime<Utc>>,
}

impl Recording {
    /// When the recorder really started: the key press plus the correction.
    pub fn start(&self) -> DateTime<Utc> {
        self.pressed + chrono::Duration::seconds(self.shift)
    }
}

/// A time a participant was out of the room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Away {
    /// Who.
    pub participant: ParticipantId,
    /// When they were marked out of the room.
    pub from: DateTime<Utc>,
    /// When they were marked back (None: still out).
    pub to: Option<DateTime<Utc>>,
}

/// An idea chosen for a discussion slot, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// The idea.
    pub idea: u32,
    /// Popular, contentious or joker.
    pub kind: PickKind,
    /// The rule, in words.
    pub rule: String,
    /// The counts it rested on.
    pub counts: String,
    /// What the rule suggested.
    pub suggested: u32,
    /// Why another was chosen, if it was.
    pub reason: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

impl SessionState {
    /// The session's identity: the recorded UUID, or one derived from its
    /// first event (see [`crate::domain::identity::derived_session_uuid`]).
    pub fn uuid(&self) -> uuid::Uuid {
        self.recorded_uuid.unwrap_or_else(|| {
            crate::domain::identity::derived_session_uuid(&self.id, self.created_at)
        })
    }
}

/// Everything known about a session at the end of its events so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SessionState {
    /// Session id.
    pub id: String,
    /// The UUID the first event records (none in sessions saved before
    /// there were UUIDs: see [`SessionState::uuid`]).
    pub recorded_uuid: Option<uuid::Uuid>,
    /// The computer the session was created on, if recorded.
    pub device: Option<String>,
    /// Plan id (`full`, `mini`).
    pub plan: String,
    /// The title of the pack used.
    pub pack: String,
    /// The hash of the pack's files, if recorded (see `Event::Created`).
    pub pack_hash: Option<String>,
    /// Group profile.
    pub profile: GroupProfile,
    /// Ideas this group discusses, if set for the group.
    pub ideas_planned: Option<u32>,
    /// Everyone ever on the roster, by id (removed ones stay for attribution).
    pub participants: BTreeMap<ParticipantId, Participant>,
    /// Ids taken off the roster.
    pub removed: BTreeSet<ParticipantId>,
    /// First event's time.
    pub created_at: DateTime<Utc>,
    /// When the guide was started.
    pub started_at: Option<DateTime<Utc>>,
    /// When the session was finished (None again once reopened).
    pub finished_at: Option<DateTime<Utc>>,
    /// When a finished session was reopened, each time.
    pub reopened: Vec<DateTime<Utc>>,
    /// The step the moderator is in.
    pub current_step: Option<String>,
    /// The section of the current step.
    pub current_section: Option<String>,
    /// Every stay in a step, in order.
    pub visits: Vec<Visit>,
    /// Pauses: (from, to) with to None while paused.
    pub pauses: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)>,
    /// Notes and quotes, in order of adding.
    pub notes: Vec<Note>,
    /// Flip-chart entries by plan step key.
    pub flipchart: BTreeMap<String, Vec<String>>,
    /// Probes ticked as covered: (step key, section, probe index).
    pub probes: BTreeSet<(String, Option<String>, usize)>,
    /// Participants who left the room.
    pub absent: BTreeSet<ParticipantId>,
    /// Every time someone was out of the room, in order of leaving.
    pub away: Vec<Away>,
    /// Participants who were in the room when poster counts were recorded:
    /// their stickers are on the posters even if they leave afterwards.
    pub poster_voters: BTreeSet<ParticipantId>,
    /// How stickers are being entered.
    pub sticker_mode: StickerMode,
    /// Per-poster counts: idea → the counts by colour id, as recorded
    /// (`domain::ideas` reads them by the pack's colours).
    pub poster_counts: BTreeMap<u32, super::event::Counts>,
    /// Per-participant stickers: who → the options by colour id, as
    /// recorded (see `poster_counts`).
    pub placements: BTreeMap<ParticipantId, super::event::Placement>,
    /// Whether the tally is shown.
    pub tally_shown: bool,
    /// Picks by slot.
    pub picks: BTreeMap<u32, Pick>,
    /// Equity dimensions raised, by idea.
    pub equity: BTreeMap<u32, BTreeSet<String>>,
    /// Ratings: (idea, scale) → a value of the scale; idea `None` is the
    /// group's one rating (a pack whose ratings are per group).
    pub ratings: BTreeMap<(Option<u32>, Scale), u8>,
    /// (idea, scale) pairs the group answered "don't know" (never also in
    /// `ratings`: the later answer replaces the earlier).
    pub dont_know: BTreeSet<(Option<u32>, Scale)>,
    /// The questionnaires' answers: questionnaire id → participant →
    /// answers (see [`Event::answers`]; the built-in `stage3` too).
    pub questionnaires: BTreeMap<String, BTreeMap<ParticipantId, Answers>>,
    /// What the moderator is showing the room in the current step.
    pub showing: Option<Shown>,
    /// Audio recordings, in order of starting.
    pub recordings: Vec<Recording>,
    /// Times the app opened the session.
    pub opened: Vec<DateTime<Utc>>,
    /// The last event's seq.
    pub last_seq: u64,
    /// The last event's time.
    pub last_at: Option<DateTime<Utc>>,
}

impl SessionState {
    /// Fold a whole timeline.
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a EventRecord>) -> SessionState {
        let mut s = SessionState::default();
        for e in events {
            s.apply(e);
        }
        s
    }

    /// Apply one event. Never fails: an event that does not fit (a note
    /// edit for an unknown note) changes nothing, so a damaged timeline
    /// still folds to everything it can show.
    pub fn apply(&mut self, rec: &EventRecord) {
        let at = rec.at;
        if self.last_seq == 0 {
            self.created_at = at;
        }
        self.last_seq = rec.seq;
        self.last_at = Some(at);
        match &rec.event {
            Event::Created {
                id,
                uuid,
                device,
                plan,
                pack,
                pack_hash,
                profile,
            } => {
                self.id = id.clone();
                self.pack_hash = pack_hash.clone();
                self.recorded_uuid = *uuid;
                self.device = device.clone();
                self.plan = plan.clone();
                self.pack = pack.clone();
                self.profile = profile.clone();
            }
            Event::ProfileChanged { profile } => self.profile = profile.clone(),
            Event::IdeasPlanned { count } => self.ideas_planned = Some(*count),
            Event::ParticipantAdded { participant } | Event::ParticipantChanged { participant } => {
                self.participants
                    .insert(participant.id, participant.clone());
            }
            Event::ParticipantRemoved { id } => {
                self.removed.insert(*id);
            }
            Event::Started => {
                if self.started_at.is_none() {
                    self.started_at = Some(at);
                }
            }
            Event::StepEntered { step } => {
                self.leave_step(at);
                self.showing = None;
                self.current_step = Some(step.clone());
                self.current_section = None;
                if self.finished_at.is_none() {
                    self.visits.push(Visit {
                        step: step.clone(),
                        from: at,
                        to: None,
                    });
                }
            }
            Event::SectionEntered { section } => self.current_section = Some(section.clone()),
            Event::Paused => {
                if !self.is_paused() {
                    self.pauses.push((at, None));
                }
            }
            Event::Resumed => {
                if let Some(p) = self.pauses.last_mut()
                    && p.1.is_none()
                {
                    p.1 = Some(at);
                }
            }
            Event::NoteAdded {
                id,
                kind,
                place,
                text,
                participant,
                codes,
                begun,
            } => self.notes.push(Note {
                id: *id,
                kind: *kind,
                place: place.clone(),
                text: text.clone(),
                participant: *participant,
                codes: codes.clone(),
                at,
                begun: begun.filter(|b| *b <= at),
                starred: false,
                deleted: false,
                edited: false,
            }),
            Event::NoteEdited {
                id,
                text,
                participant,
                codes,
            } => {
                if let Some(n) = self.notes.iter_mut().find(|n| n.id == *id) {
                    n.text = text.clone();
                    n.participant = *participant;
                    n.codes = codes.clone();
                    n.edited = true;
                }
            }
            Event::NoteDeleted { id } => {
                if let Some(n) = self.notes.iter_mut().find(|n| n.id == *id) {
                    n.deleted = true;
                }
            }
            Event::FlipchartAdded { step, text } => {
                self.flipchart
                    .entry(step.clone())
                    .or_default()
                    .push(text.clone());
            }
            Event::FlipchartRemoved { step, index } => {
                if let Some(list) = self.flipchart.get_mut(step)
                    && *index < list.len()
                {
                    list.remove(*index);
                }
            }
            Event::ProbeTicked {
                step,
                section,
                probe,
                covered,
            } => {
                let k = (step.clone(), section.clone(), *probe);
                if *covered {
                    self.probes.insert(k);
                } else {
                    self.probes.remove(&k);
                }
            }
            Event::ConsentGiven {
                participant,
                consent,
            } => {
                if let Some(p) = self.participants.get_mut(participant) {
                    p.consent = Some(*consent);
                }
            }
            Event::Presence {
                participant,
                present,
            } => {
                if *present {
                    if self.absent.remove(participant)
                        && let Some(a) = self
                            .away
                            .iter_mut()
                            .rev()
                            .find(|a| a.participant == *participant && a.to.is_none())
                    {
                        a.to = Some(at);
                    }
                } else if self.absent.insert(*participant) {
                    self.away.push(Away {
                        participant: *participant,
                        from: at,
                        to: None,
                    });
                }
            }
            Event::StickerModeSet { mode } => self.sticker_mode = *mode,
            Event::PosterCounted { idea, counts } => {
                self.poster_counts.insert(*idea, counts.clone());
                let here: Vec<ParticipantId> = self.present().map(|p| p.id).collect();
                self.poster_voters.extend(here);
            }
            Event::StickersPlaced { participant, votes } => {
                self.placements.insert(*participant, votes.clone());
            }
            Event::TallyRevealed { shown } => self.tally_shown = *shown,
            Event::IdeaPicked {
                slot,
                idea,
                kind,
                rule,
                counts,
                suggested,
                reason,
            } => {
                self.picks.insert(
                    *slot,
                    Pick {
                        idea: *idea,
                        kind: kind.clone(),
                        rule: rule.clone(),
                        counts: counts.clone(),
                        suggested: *suggested,
                        reason: reason.clone(),
                        at,
                    },
                );
            }
            Event::EquityTicked {
                idea,
                dimension,
                on,
            } => {
                let set = self.equity.entry(*idea).or_default();
                if *on {
                    set.insert(dimension.clone());
                } else {
                    set.remove(dimension);
                }
            }
            Event::Rated {
                idea, scale, value, ..
            } => {
                let key = (*idea, scale.clone());
                match value {
                    Some(v) => {
                        self.dont_know.remove(&key);
                        self.ratings.insert(key, *v);
                    }
                    None => {
                        self.ratings.remove(&key);
                        self.dont_know.insert(key);
                    }
                }
            }
            Event::Stage3Answered { .. } | Event::QuestionnaireAnswered { .. } => {
                if let Some(a) = rec.event.answers() {
                    self.questionnaires
                        .entry(a.questionnaire.to_string())
                        .or_default()
                        .insert(a.participant, a.answers.into_owned());
                }
            }
            Event::RecordingStarted { name } => {
                self.stop_recording(at);
                self.recordings.push(Recording {
                    name: name.clone(),
                    pressed: at,
                    shift: 0,
                    stopped: None,
                });
            }
            Event::RecordingStopped => self.stop_recording(at),
            Event::Showing { shown } => self.showing = *shown,
            Event::RecordingShifted { recording, seconds } => {
                if let Some(r) = (*recording as usize)
                    .checked_sub(1)
                    .and_then(|i| self.recordings.get_mut(i))
                {
                    r.shift += seconds;
                }
            }
            Event::RecordingNamed { recording, name } => {
                if let Some(r) = (*recording as usize)
                    .checked_sub(1)
                    .and_then(|i| self.recordings.get_mut(i))
                {
                    r.name = Some(name.clone());
                }
            }
            Event::NoteStarred { id, starred } => {
                if let Some(n) = self.notes.iter_mut().find(|n| n.id == *id) {
                    n.starred = *starred;
                }
            }
            Event::Opened { .. } => self.opened.push(at),
            Event::Closed | Event::ClockJumped { .. } => {}
            Event::Finished => {
                if self.finished_at.is_none() {
                    self.leave_step(at);
                    if let Some(p) = self.pauses.last_mut()
                        && p.1.is_none()
                    {
                        p.1 = Some(at);
                    }
                    self.finished_at = Some(at);
                }
            }
            Event::Reopened => {
                if let Some(ended) = self.finished_at.take() {
                    // The time the session stood ended is not session time.
                    self.pauses.push((ended, Some(at)));
                    self.reopened.push(at);
                    if let Some(step) = self.current_step.clone() {
                        self.visits.push(Visit {
                            step,
                            from: at,
                            to: None,
                        });
                    }
                }
            }
        }
    }

    fn stop_recording(&mut self, at: DateTime<Utc>) {
        if let Some(r) = self.recordings.last_mut()
            && r.stopped.is_none()
        {
            r.stopped = Some(at);
        }
    }

    /// Whether a recording is running.
    pub fn recording_now(&self) -> bool {
        self.recordings.last().is_some_and(|r| r.stopped.is_none())
    }

    /// Where a moment falls on the tape: the recording running then
    /// (1-based) and the offset into it in seconds. None when no recording
    /// was running: nothing is guessed. A recording runs on wall time (the
    /// recorder does not stop when the session clock is paused).
    pub fn tape_offset(&self, t: DateTime<Utc>) -> Option<(u32, i64)> {
        self.recordings.iter().enumerate().rev().find_map(|(i, r)| {
            let running = t >= r.pressed && r.stopped.is_none_or(|s| t <= s);
            running.then(|| (i as u32 + 1, (t - r.start()).num_seconds().max(0)))
        })
    }

    /// A note's place on the tape, from when its typing began.
    pub fn note_offset(&self, n: &Note) -> Option<(u32, i64)> {
        self.tape_offset(n.begun.unwrap_or(n.at))
    }

    fn leave_step(&mut self, at: DateTime<Utc>) {
        if let Some(v) = self.visits.last_mut()
            && v.to.is_none()
        {
            v.to = Some(at);
        }
    }

    /// Whether the clock is paused.
    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.1.is_none())
    }

    /// Whether the session is still live (not finished).
    pub fn is_live(&self) -> bool {
        self.finished_at.is_none()
    }

    /// Participants still on the roster, in id order.
    pub fn roster(&self) -> impl Iterator<Item = &Participant> {
        self.participants
            .values()
            .filter(|p| !self.removed.contains(&p.id))
    }

    /// Participants on the roster and in the room.
    pub fn present(&self) -> impl Iterator<Item = &Participant> {
        self.roster().filter(|p| !self.absent.contains(&p.id))
    }

    /// Participants who count at the sticker vote: those on the roster and
    /// in the room, and those who have left since their stickers were
    /// entered (per poster: present when a poster was counted; per
    /// participant: their stickers recorded), who keep their stickers.
    pub fn voters(&self) -> impl Iterator<Item = &Participant> {
        self.roster().filter(|p| {
            !self.absent.contains(&p.id)
                || match self.sticker_mode {
                    StickerMode::PerPoster => self.poster_voters.contains(&p.id),
                    StickerMode::PerParticipant => self.placements.contains_key(&p.id),
                }
        })
    }

    /// Participants a questionnaire's screen lists: those in the room, and
    /// those out of it who have answered it already.
    pub fn answering<'s>(&'s self, questionnaire: &str) -> impl Iterator<Item = &'s Participant> {
        let answered = self.questionnaires.get(questionnaire);
        self.roster().filter(move |p| {
            !self.absent.contains(&p.id) || answered.is_some_and(|a| a.contains_key(&p.id))
        })
    }

    /// When a participant still out of the room left it.
    pub fn out_since(&self, id: ParticipantId) -> Option<DateTime<Utc>> {
        if !self.absent.contains(&id) {
            return None;
        }
        self.away
            .iter()
            .rev()
            .find(|a| a.participant == id && a.to.is_none())
            .map(|a| a.from)
    }

    /// The idea discussed in a slot, if picked.
    pub fn idea_in_slot(&self, slot: u32) -> Option<u32> {
        self.picks.get(&slot).map(|p| p.idea)
    }

    /// Notes not struck out, taken in this step.
    pub fn notes_in<'a>(&'a self, step: &'a str) -> impl Iterator<Item = &'a Note> {
        self.notes
            .iter()
            .filter(move |n| !n.deleted && n.place.step == step)
    }

    /// Distinct plan steps entered at least once.
    pub fn steps_visited(&self) -> usize {
        self.visits
            .iter()
            .map(|v| v.step.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// The next participant id.
    pub fn next_participant_id(&self) -> ParticipantId {
        self.participants.keys().max().map_or(1, |m| m + 1)
    }

    /// The next note id.
    pub fn next_note_id(&self) -> NoteId {
        self.notes.iter().map(|n| n.id).max().map_or(1, |m| m + 1)
    }
}
