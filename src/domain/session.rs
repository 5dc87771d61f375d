//! A session being run: the timeline, its folded state and the group's
//! plan. Every change goes through [`Session::record`], which checks the
//! action against the state and the pack and refuses it with a plain
//! message if it does not fit, changing nothing.

use chrono::{DateTime, Utc};

use super::event::{Event, EventRecord, NoteKind, Shown};
use super::plan::Plan;
use super::profile::{GroupProfile, Participant};
use super::state::SessionState;
use crate::stimulus::Pack;

/// An action refused, with the reason in plain words for the moderator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

fn refuse<T>(msg: impl Into<String>) -> Result<T, Refused> {
    Err(Refused(msg.into()))
}

/// A session: its events, the state they fold to, and its plan.
#[derive(Debug, Clone)]
pub struct Session {
    events: Vec<EventRecord>,
    state: SessionState,
    plan: Plan,
}

impl Session {
    /// The first event of a new session.
    pub fn created_event(
        id: &str,
        plan: &str,
        pack: &Pack,
        profile: GroupProfile,
        now: DateTime<Utc>,
    ) -> EventRecord {
        EventRecord {
            seq: 1,
            at: now,
            event: Event::Created {
                id: id.to_string(),
                uuid: None,
                device: None,
                plan: plan.to_string(),
                pack: pack.title.clone(),
                pack_hash: None,
                profile,
            },
        }
    }

    /// The first event of a new session, with its identity: its UUID
    /// (see [`super::identity::v7_from`]), the computer it is made on, and
    /// the hash of the pack's files (which the sessions folder keeps).
    pub fn created_event_with_identity(
        id: &str,
        plan: &str,
        pack: &Pack,
        profile: GroupProfile,
        now: DateTime<Utc>,
        uuid: uuid::Uuid,
        device: Option<String>,
    ) -> EventRecord {
        let mut rec = Session::created_event(id, plan, pack, profile, now);
        if let Event::Created {
            uuid: u,
            device: d,
            pack_hash,
            ..
        } = &mut rec.event
        {
            *u = Some(uuid);
            *d = device;
            *pack_hash = (!pack.files.is_empty()).then(|| pack.files.hash());
        }
        rec
    }

    /// The session's identity: the UUID its first event records, or for a
    /// session saved before there were UUIDs one derived from that event
    /// (the same every time it is read).
    pub fn uuid(&self) -> uuid::Uuid {
        self.state.uuid()
    }

    /// The computer the session was created on, if it was recorded.
    pub fn device(&self) -> Option<&str> {
        self.state.device.as_deref()
    }

    /// A session from its saved events.
    pub fn from_events(pack: &Pack, events: Vec<EventRecord>) -> Session {
        let state = SessionState::fold(&events);
        let plan = Plan::build(pack, &state.plan, state.ideas_planned);
        Session {
            events,
            state,
            plan,
        }
    }

    /// Let go of the timeline, keeping the state and the plan: for readers
    /// that look at many sessions' states only (the report), so that
    /// memory is given back as each session is read. `events()` then holds
    /// only what is recorded afterwards (numbered on from the state), so a
    /// session that is to be saved again must keep its timeline.
    pub fn drop_timeline(&mut self) {
        self.events = Vec::new();
    }

    /// The timeline.
    pub fn events(&self) -> &[EventRecord] {
        &self.events
    }

    /// The state now.
    pub fn state(&self) -> &SessionState {
        &self.state
    }

    /// The group's plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Check `event` and, if it fits, append it at `now` (never before the
    /// previous event, so the timeline stays ordered even if the system
    /// clock steps back) and return the record to be saved.
    pub fn record(
        &mut self,
        pack: &Pack,
        event: Event,
        now: DateTime<Utc>,
    ) -> Result<EventRecord, Refused> {
        self.check(pack, &event)?;
        let at = match self.state.last_at {
            Some(last) if now < last => last,
            _ => now,
        };
        let rec = EventRecord {
            seq: self.state.last_seq + 1,
            at,
            event,
        };
        self.state.apply(&rec);
        if matches!(rec.event, Event::IdeasPlanned { .. }) {
            self.plan = Plan::build(pack, &self.state.plan, self.state.ideas_planned);
        }
        self.events.push(rec.clone());
        Ok(rec)
    }

    fn check(&self, pack: &Pack, event: &Event) -> Result<(), Refused> {
        let s = &self.state;
        // An ended session is read-only: only opening and closing it, a
        // change of the computer's clock seen meanwhile, facts about the tape (a recorder stopped late, a start corrected
        // afterwards, as `export --recording-shift` does) and reopening it
        // are still recorded.
        if s.finished_at.is_some()
            && !matches!(
                event,
                Event::Opened { .. }
                    | Event::Closed
                    | Event::ClockJumped { .. }
                    | Event::RecordingStopped
                    | Event::RecordingShifted { .. }
                    | Event::RecordingNamed { .. }
                    | Event::Finished
                    | Event::Reopened
            )
        {
            return refuse(
                "This session has ended, so nothing more is recorded: replay or export it, or reopen it first.",
            );
        }
        match event {
            Event::Created { .. } => refuse("This session already exists."),
            Event::ProfileChanged { profile } => check_profile(profile),
            Event::IdeasPlanned { count } => {
                // Slot 1: most popular, 2: most contentious, 3: the joker.
                let max = (pack.ideas.len() as u32).min(super::ideas::MAX_SLOTS);
                if *count == 0 || *count > max {
                    return refuse(format!("A group discusses 1 to {max} ideas, not {count}."));
                }
                Ok(())
            }
            Event::ParticipantAdded { participant } => {
                if s.participants.contains_key(&participant.id) {
                    return refuse(format!("Participant {} already exists.", participant.id));
                }
                self.check_participant(participant)
            }
            Event::ParticipantChanged { participant } => {
                self.known_participant(participant.id)?;
                self.check_participant(participant)
            }
            Event::ParticipantRemoved { id } => self.known_participant(*id),
            Event::Started => {
                if s.started_at.is_some() {
                    return refuse("The guide has already started.");
                }
                Ok(())
            }
            Event::StepEntered { step } => {
                if s.started_at.is_none() {
                    return refuse("Start the guide first.");
                }
                if self.plan.get(step).is_none() {
                    return refuse(format!("There is no step \"{step}\" in this group's plan."));
                }
                Ok(())
            }
            Event::SectionEntered { section } => {
                let Some(step) = s.current_step.as_deref().and_then(|k| self.plan.get(k)) else {
                    return refuse("No step is open.");
                };
                let ok = step
                    .guide(pack)
                    .is_some_and(|(_, g)| g.sections.iter().any(|x| &x.id == section));
                if !ok {
                    return refuse(format!("This step has no section \"{section}\"."));
                }
                Ok(())
            }
            Event::Paused => {
                if s.started_at.is_none() || s.finished_at.is_some() {
                    return refuse("The clock is not running.");
                }
                if s.is_paused() {
                    return refuse("The clock is already paused.");
                }
                Ok(())
            }
            Event::Resumed => {
                if !s.is_paused() {
                    return refuse("The clock is not paused.");
                }
                Ok(())
            }
            Event::NoteAdded {
                id,
                kind,
                place,
                text,
                participant,
                codes,
                ..
            } => {
                if s.notes.iter().any(|n| n.id == *id) {
                    return refuse(format!("Note {id} already exists."));
                }
                if self.plan.get(&place.step).is_none() {
                    return refuse(format!("There is no step \"{}\" in this plan.", place.step));
                }
                self.check_note(pack, *kind, text, *participant, codes)
            }
            Event::NoteEdited {
                id,
                text,
                participant,
                codes,
            } => {
                let Some(n) = s.notes.iter().find(|n| n.id == *id && !n.deleted) else {
                    return refuse(format!("There is no note {id}."));
                };
                self.check_note(pack, n.kind, text, *participant, codes)
            }
            Event::NoteDeleted { id } => {
                if !s.notes.iter().any(|n| n.id == *id && !n.deleted) {
                    return refuse(format!("There is no note {id}."));
                }
                Ok(())
            }
            Event::FlipchartAdded { step, text } => {
                if text.trim().is_empty() {
                    return refuse("Type the words for the flip chart first.");
                }
                if self.plan.get(step).is_none() {
                    return refuse(format!("There is no step \"{step}\" in this plan."));
                }
                Ok(())
            }
            Event::FlipchartRemoved { step, index } => {
                if s.flipchart.get(step).is_none_or(|l| *index >= l.len()) {
                    return refuse("That flip-chart entry is not there.");
                }
                Ok(())
            }
            Event::ProbeTicked { step, .. } => {
                if self.plan.get(step).is_none() {
                    return refuse(format!("There is no step \"{step}\" in this plan."));
                }
                Ok(())
            }
            Event::ConsentGiven { participant, .. } => self.known_participant(*participant),
            Event::Opened { .. } | Event::Closed | Event::ClockJumped { .. } => Ok(()),
            Event::RecordingStarted { .. } => Ok(()),
            Event::Showing { shown } => match shown {
                Some(Shown::Poster { idea }) if pack.idea(*idea).is_none() => {
                    refuse(format!("There is no idea {idea}."))
                }
                _ => Ok(()),
            },
            Event::RecordingStopped => {
                if !s.recording_now() {
                    return refuse("No recording is running.");
                }
                Ok(())
            }
            Event::RecordingShifted { recording, seconds } => {
                self.known_recording(*recording)?;
                if seconds.abs() > 6 * 3600 {
                    return refuse("A correction of more than six hours cannot be right.");
                }
                Ok(())
            }
            Event::RecordingNamed { recording, name } => {
                self.known_recording(*recording)?;
                if name.trim().is_empty() {
                    return refuse("Type the recording's file name first.");
                }
                Ok(())
            }
            Event::NoteStarred { id, .. } => {
                match s.notes.iter().find(|n| n.id == *id && !n.deleted) {
                    Some(n) if n.kind == NoteKind::Quote => Ok(()),
                    Some(_) => refuse("Only a verbatim quote can be starred as a key verbatim."),
                    None => refuse(format!("There is no note {id}.")),
                }
            }
            Event::Presence {
                participant,
                present,
            } => {
                self.known_participant(*participant)?;
                let label = s
                    .participants
                    .get(participant)
                    .map_or_else(|| participant.to_string(), |p| p.label.clone());
                match (s.absent.contains(participant), *present) {
                    (true, false) => refuse(format!("{label} is already out of the room.")),
                    (false, true) => refuse(format!("{label} is already in the room.")),
                    _ => Ok(()),
                }
            }
            Event::StickerModeSet { .. }
            | Event::PosterCounted { .. }
            | Event::StickersPlaced { .. }
            | Event::TallyRevealed { .. }
            | Event::IdeaPicked { .. }
            | Event::EquityTicked { .. }
            | Event::Rated { .. }
            | Event::Stage3Answered { .. }
            | Event::QuestionnaireAnswered { .. } => {
                super::ideas::check(pack, s, &self.plan, event)
            }
            Event::Finished => {
                if s.finished_at.is_some() {
                    return refuse("The session is already finished.");
                }
                Ok(())
            }
            Event::Reopened => {
                if s.finished_at.is_none() {
                    return refuse("The session has not ended, so there is nothing to reopen.");
                }
                Ok(())
            }
        }
    }

    fn known_recording(&self, n: u32) -> Result<(), Refused> {
        if n >= 1 && (n as usize) <= self.state.recordings.len() {
            Ok(())
        } else {
            refuse(format!("There is no recording {n}."))
        }
    }

    fn known_participant(&self, id: u32) -> Result<(), Refused> {
        if self.state.participants.contains_key(&id) && !self.state.removed.contains(&id) {
            Ok(())
        } else {
            refuse(format!("There is no participant {id} on the roster."))
        }
    }

    fn check_participant(&self, p: &Participant) -> Result<(), Refused> {
        let label = p.label.trim();
        if label.is_empty() {
            return refuse("A participant needs a label (a first name or a number).");
        }
        if self
            .state
            .roster()
            .any(|o| o.id != p.id && o.label.trim().eq_ignore_ascii_case(label))
        {
            return refuse(format!(
                "Someone on the roster is already called \"{label}\"."
            ));
        }
        Ok(())
    }

    fn check_note(
        &self,
        pack: &Pack,
        kind: NoteKind,
        text: &str,
        participant: Option<u32>,
        codes: &[String],
    ) -> Result<(), Refused> {
        if text.trim().is_empty() {
            return refuse(match kind {
                NoteKind::Note => "The note is empty.",
                NoteKind::Quote => "The quote is empty.",
            });
        }
        if let Some(p) = participant
            && !self.state.participants.contains_key(&p)
        {
            return refuse(format!("There is no participant {p}."));
        }
        if let Some(c) = codes.iter().find(|c| !pack.codes.contains(c)) {
            return refuse(format!("\"{c}\" is not one of the pack's codes."));
        }
        Ok(())
    }
}

/// Check a group profile's required fields.
pub fn check_profile(p: &GroupProfile) -> Result<(), Refused> {
    if p.location.trim().is_empty() {
        return refuse("The group needs a location (e.g. \"Ashford, Kent\").");
    }
    if p.date.is_none() {
        return refuse("The group needs a date (YYYY-MM-DD).");
    }
    Ok(())
}
