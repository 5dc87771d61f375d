//! Events: every moderator action is one timestamped event; the session's
//! state is a fold of them (see [`super::state`]).

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::profile::{GroupProfile, Participant};

/// Participant ids are small numbers given in order of adding (P1, P2, ...).
pub type ParticipantId = u32;
/// Note ids are given in order of adding.
pub type NoteId = u32;

#[macro_use]
mod macros;
pub mod schema1;
pub(crate) mod time;
pub mod vote;
pub use vote::{Counts, Placement};

use schema1::Stage3Answer;

/// One event as stored: its place in the session, when it happened, what it was.
/// (Read by hand, in one pass: see store/decode.rs.)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    /// 1, 2, 3, ... with no gaps within a session.
    pub seq: u64,
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
    /// What happened.
    #[serde(flatten)]
    pub event: Event,
}

/// Whether a note is the moderator's own words or a participant's verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// The moderator's note.
    Note,
    /// A participant's words, word for word.
    Quote,
}

/// Where a note was taken: the plan step, and the guide section within it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NotePlace {
    /// The plan step key (e.g. `capabilities`, `discuss-2a`).
    pub step: String,
    /// The guide section id within the step, if the step has sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The idea under discussion, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idea: Option<u32>,
}

/// How the sticker vote is entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StickerMode {
    /// The moderator counts the dots on each poster (fast).
    #[default]
    PerPoster,
    /// Each participant's two greens and one red (analysis by who voted).
    PerParticipant,
}

/// Why an idea is discussed: the id of its pick slot in the pack's method
/// (`popular`, `contentious`, `joker` in the built-in one; recorded as the
/// plain string, as the schema-1 enum was).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PickKind(pub Cow<'static, str>);

/// A rating scale: the id of a scale of the pack's method (`desirable`,
/// `achievable`, `equitable` in the built-in one; recorded as the plain
/// string, as the schema-1 enum was).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Scale(pub Cow<'static, str>);

/// The ids of the built-in pack's picks, by their schema-1 names (for the
/// tests and for reading old sessions; the app itself asks the pack).
#[allow(non_upper_case_globals)]
impl PickKind {
    /// The built-in pack's "most popular" slot.
    pub const Popular: PickKind = PickKind(Cow::Borrowed("popular"));
    /// The built-in pack's "most contentious" slot.
    pub const Contentious: PickKind = PickKind(Cow::Borrowed("contentious"));
    /// The built-in pack's "joker" slot.
    pub const Joker: PickKind = PickKind(Cow::Borrowed("joker"));

    /// The pick slot with this id.
    pub fn new(id: impl Into<String>) -> PickKind {
        PickKind(Cow::Owned(id.into()))
    }

    /// The pick slot id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The ids of the built-in pack's scales, by their schema-1 names (for the
/// tests and for reading old sessions; the app itself asks the pack).
#[allow(non_upper_case_globals)]
impl Scale {
    /// The built-in pack's "Desirable".
    pub const Desirable: Scale = Scale(Cow::Borrowed("desirable"));
    /// The built-in pack's "Achievable".
    pub const Achievable: Scale = Scale(Cow::Borrowed("achievable"));
    /// The built-in pack's "Equitable".
    pub const Equitable: Scale = Scale(Cow::Borrowed("equitable"));

    /// The scale with this id.
    pub fn new(id: impl Into<String>) -> Scale {
        Scale(Cow::Owned(id.into()))
    }

    /// The scale id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One answer to a question of a pack's questionnaire (see
/// [`Event::QuestionnaireAnswered`]). In the journal it is a plain JSON
/// value: `true`/`false` (yes/no), a number (scale), a string (a choice's
/// option id or a short text); `null` in the answer map means "don't know"
/// or skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerValue {
    /// Yes (true) or no (false).
    Yes(bool),
    /// A point on a scale.
    Number(i64),
    /// A choice's option id, or a short text.
    Text(String),
}

/// A participant's answers to one questionnaire: question id → answer
/// (`None`: don't know or skipped).
pub type Answers = std::collections::BTreeMap<String, Option<AnswerValue>>;

/// Something the moderator shows the room (on the wall or a projector).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Shown {
    /// One poster.
    Poster {
        /// The idea.
        idea: u32,
    },
    /// The wall of nine posters.
    Wall,
    /// The slide "Values: emerging findings".
    ValuesSlide,
}

// `event_enum!` writes the enum out as it stands here, and beside it what
// the one-pass reader of `EventRecord` needs (see `macros`). To add a kind
// of event, add a variant here and a line for it to
// tests/fixtures/every-event.jsonl.
event_enum! {
    /// A moderator action.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    pub enum Event {
        /// The session was created. Always the first event.
        Created {
            /// Session id (also the file name).
            id: String,
            /// The session's identity, unique across laptops (UUID v7);
            /// absent in sessions saved before there were UUIDs (see
            /// [`super::identity`]).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            uuid: Option<uuid::Uuid>,
            /// The computer it was created on (its host name), to tell
            /// whose data a count comes from.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            device: Option<String>,
            /// The plan id (`full`, `mini`).
            plan: String,
            /// The pack's title, to tell later which guide was used.
            pack: String,
            /// The pack's content hash ([`crate::stimulus::PackFiles::hash`]):
            /// the sessions folder keeps a copy of the pack under it, so the
            /// session is shown later with the texts the group saw. Absent
            /// in sessions saved before.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pack_hash: Option<String>,
            /// The group profile as entered.
            profile: GroupProfile,
        },
        /// The group profile was changed.
        ProfileChanged {
            /// The whole new profile.
            profile: GroupProfile,
        },
        /// The number of ideas this group will discuss changed.
        IdeasPlanned {
            /// How many.
            count: u32,
        },
        /// A participant joined the roster.
        ParticipantAdded {
            /// The participant, with their id.
            participant: Participant,
        },
        /// A participant's details were changed.
        ParticipantChanged {
            /// The participant, whole.
            participant: Participant,
        },
        /// A participant was taken off the roster (their earlier quotes keep their attribution).
        ParticipantRemoved {
            /// Who.
            id: ParticipantId,
        },
        /// The guide was started: the clock runs from here.
        Started,
        /// The moderator went to a step (and so left the one before).
        StepEntered {
            /// The plan step key.
            step: String,
        },
        /// The moderator moved to another section of the current step.
        SectionEntered {
            /// Section id.
            section: String,
        },
        /// The clock was paused.
        Paused,
        /// The clock was resumed.
        Resumed,
        /// A note or quote was added.
        NoteAdded {
            /// Its id.
            id: NoteId,
            /// Note or quote.
            kind: NoteKind,
            /// Where it was taken.
            #[serde(flatten)]
            place: NotePlace,
            /// The text as typed.
            text: String,
            /// Who said it (quotes; optional on notes).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            participant: Option<ParticipantId>,
            /// Codes from the pack's list.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            codes: Vec<String>,
            /// When the moderator began typing it (closer to when it was said
            /// than the time it was saved).
            #[serde(
                default,
                skip_serializing_if = "Option::is_none",
                deserialize_with = "time::opt_at"
            )]
            begun: Option<DateTime<Utc>>,
        },
        /// A note was edited (the old text stays in the timeline).
        NoteEdited {
            /// Which note.
            id: NoteId,
            /// The new text.
            text: String,
            /// The new attribution.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            participant: Option<ParticipantId>,
            /// The new codes.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            codes: Vec<String>,
        },
        /// A note was struck out (it stays in the timeline).
        NoteDeleted {
            /// Which note.
            id: NoteId,
        },
        /// A value the group named, on the flip chart.
        FlipchartAdded {
            /// The plan step it was written in.
            step: String,
            /// The words on the chart.
            text: String,
        },
        /// A flip-chart entry was struck out.
        FlipchartRemoved {
            /// The plan step.
            step: String,
            /// Its index in that step's list as it stood.
            index: usize,
        },
        /// A probe was ticked as covered (or unticked).
        ProbeTicked {
            /// The plan step key.
            step: String,
            /// Section id, if the probe belongs to a section.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            section: Option<String>,
            /// Index of the probe in its list.
            probe: usize,
            /// Covered or not.
            covered: bool,
        },
        /// Consent to record, asked at Arrival.
        ConsentGiven {
            /// Who.
            participant: ParticipantId,
            /// Yes or no.
            consent: bool,
        },
        /// A participant left the room (or came back): only those present vote.
        Presence {
            /// Who.
            participant: ParticipantId,
            /// In the room or not.
            present: bool,
        },
        /// The way stickers are entered was switched.
        StickerModeSet {
            /// The new way.
            mode: StickerMode,
        },
        /// The dots on one poster, counted (per-poster entry).
        PosterCounted {
            /// The idea.
            idea: u32,
            /// How many of each colour (written `green`/`red`, or
            /// `counts`: see [`vote`]).
            #[serde(flatten)]
            counts: Counts,
        },
        /// One participant's stickers (per-participant entry); replaces what
        /// was recorded for them before. None at all: abstained.
        StickersPlaced {
            /// Who.
            participant: ParticipantId,
            /// The options each colour went on (written `green`/`red`, or
            /// `votes`: see [`vote`]).
            #[serde(flatten)]
            votes: Placement,
        },
        /// The tally was shown (or hidden) on screen.
        TallyRevealed {
            /// Shown or hidden.
            shown: bool,
        },
        /// An idea was chosen for a discussion slot (replaces an earlier pick
        /// for that slot).
        IdeaPicked {
            /// Discussion slot, 1-based.
            slot: u32,
            /// The idea.
            idea: u32,
            /// Why it is discussed: the pick slot's id.
            kind: PickKind,
            /// The rule that gave the suggestion, in words.
            rule: String,
            /// The counts it rested on, in words.
            counts: String,
            /// The idea the rule suggested.
            suggested: u32,
            /// Why the group chose another, if it did.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            reason: Option<String>,
        },
        /// An equity dimension raised (or unticked) for an idea.
        EquityTicked {
            /// The idea.
            idea: u32,
            /// The dimension (from the pack: Age, SEG, ...).
            dimension: String,
            /// Raised or not.
            on: bool,
        },
        /// The group's rating of an idea on one scale, or of the whole
        /// discussion once (a pack whose ratings are per group).
        Rated {
            /// The idea rated; absent when the group rates once
            /// (`[ratings] per = "group"`). Written when present, so a
            /// per-idea rating reads and writes as before.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            idea: Option<u32>,
            /// Which scale (its id in the pack's method).
            scale: Scale,
            /// From the scale's min to its max; absent when the group said
            /// "don't know" (`dont_know`).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            value: Option<u8>,
            /// The group said "don't know" (only on a scale that allows it;
            /// then `value` is absent). Not written when false, so ordinary
            /// ratings read and write as before.
            #[serde(default, skip_serializing_if = "std::ops::Not::not")]
            dont_know: bool,
        },
        /// A participant's answers to the questionnaire `stage3`, in
        /// schema 1's spelling (see [`schema1`]): read as
        /// [`Event::answers`]; made only by [`Event::answered`].
        Stage3Answered {
            /// Who.
            participant: ParticipantId,
            /// What they said.
            answer: Stage3Answer,
        },
        /// A participant's answers to one of the pack's questionnaires
        /// (replaces their earlier answers to it). Made by
        /// [`Event::answered`], which spells the answers to `stage3` as
        /// `Stage3Answered` when they fit it.
        QuestionnaireAnswered {
            /// The questionnaire's id in the pack's method.
            questionnaire: String,
            /// Who.
            participant: ParticipantId,
            /// Question id → answer (null: don't know or skipped).
            answers: Answers,
        },
        /// The audio recorder was started (a group may have several recordings).
        RecordingStarted {
            /// The recording's file name, if the moderator gave one.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            name: Option<String>,
        },
        /// The running recording was stopped.
        RecordingStopped,
        /// The start of a recording was corrected: the recorder really started
        /// `seconds` later (positive) or earlier (negative) than the key press.
        RecordingShifted {
            /// Which recording, 1-based, in order of starting.
            recording: u32,
            /// The correction, added to any earlier one.
            seconds: i64,
        },
        /// A recording's file name was set.
        RecordingNamed {
            /// Which recording, 1-based.
            recording: u32,
            /// Its file name.
            name: String,
        },
        /// A quote was starred as a key verbatim (or unstarred).
        NoteStarred {
            /// Which note.
            id: NoteId,
            /// Starred or not.
            starred: bool,
        },
        /// The moderator put a poster or the values slide up (or took it down:
        /// None), so the projector view can follow.
        Showing {
            /// What is up now.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            shown: Option<Shown>,
        },
        /// The app was opened on this session (start or resume).
        Opened {
            /// What the journal recovery said, if anything was recovered or dropped.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            recovered: Option<String>,
        },
        /// The app was closed while the session goes on.
        Closed,
        /// The computer's wall clock was changed (by hand, NTP, a time zone
        /// slip) while the app ran: it now reads `by_s` seconds later
        /// (negative: earlier) than the time that really passed. Information
        /// only: the events keep being stamped with the time that passed
        /// (see `wallclock`), so the timeline, the countdowns and the
        /// exports stay truthful; nothing folds it.
        ClockJumped {
            /// How far the wall clock moved, in seconds, beyond the time
            /// that passed.
            by_s: i64,
        },
        /// The session was finished.
        Finished,
        /// A finished session was opened again for recording (the time
        /// between the end and this counts as a pause).
        Reopened,
    }
}

/// The snapshot format (`"schema"`) a session holding only events of
/// schema 1 is written in: the one every earlier build reads.
pub const SCHEMA_1: u32 = 1;
/// The format once a session holds a form of event schema 1 readers do
/// not know: a pack's questionnaire answers, a "don't know" rating, a
/// rating of the group as a whole (no idea), a vote in colours other than
/// green and red (see [`vote`]).
pub const SCHEMA_2: u32 = 2;

/// What marks a journal line as schema 2: the text serde writes for those
/// forms. In a line the app wrote, such a key and value can only appear
/// unescaped as the event's own field, never inside a string (whose quotes
/// are escaped), so a store that keeps lines can tell without parsing.
/// (`schema_marks_agree_with_event_schema` holds the two together.)
/// (The vote's generic forms are the only objects under `counts` and
/// `votes`: `idea_picked`'s `counts` is a string.) A rating without an
/// idea is marked by `scale` following the type (an idea, when there is
/// one, is always written between them).
pub const SCHEMA_2_MARKS: [&str; 5] = [
    "\"type\":\"questionnaire_answered\"",
    "\"dont_know\":true",
    "\"counts\":{",
    "\"votes\":{",
    "\"type\":\"rated\",\"scale\":",
];

/// A participant's answers to one questionnaire, however the event
/// spells them (see [`Event::answers`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Answered<'a> {
    /// The questionnaire's id.
    pub questionnaire: &'a str,
    /// Who.
    pub participant: ParticipantId,
    /// Question id → answer.
    pub answers: Cow<'a, Answers>,
}

impl Event {
    /// The event recording `participant`'s `answers` to `questionnaire`:
    /// `QuestionnaireAnswered`, or, for answers to `stage3` that fit
    /// schema 1's `stage3_answered` exactly, that (so a built-in session
    /// stays schema 1, byte for byte as before). The one place either is
    /// made.
    pub fn answered(questionnaire: &str, participant: ParticipantId, answers: Answers) -> Event {
        match Stage3Answer::spelling(questionnaire, &answers) {
            Some(answer) => Event::Stage3Answered {
                participant,
                answer,
            },
            None => Event::QuestionnaireAnswered {
                questionnaire: questionnaire.to_string(),
                participant,
                answers,
            },
        }
    }

    /// The questionnaire answers this event records, whichever spelling
    /// it has; None for any other event.
    pub fn answers(&self) -> Option<Answered<'_>> {
        match self {
            Event::Stage3Answered {
                participant,
                answer,
            } => Some(Answered {
                questionnaire: schema1::STAGE3,
                participant: *participant,
                answers: Cow::Owned(answer.answers()),
            }),
            Event::QuestionnaireAnswered {
                questionnaire,
                participant,
                answers,
            } => Some(Answered {
                questionnaire,
                participant: *participant,
                answers: Cow::Borrowed(answers),
            }),
            _ => None,
        }
    }

    /// The oldest snapshot format that can hold this event.
    pub fn schema(&self) -> u32 {
        match self {
            Event::QuestionnaireAnswered { .. } => SCHEMA_2,
            Event::Rated {
                dont_know: true, ..
            }
            | Event::Rated { idea: None, .. } => SCHEMA_2,
            Event::PosterCounted { counts, .. } if !counts.is_schema_1() => SCHEMA_2,
            Event::StickersPlaced { votes, .. } if !votes.is_schema_1() => SCHEMA_2,
            _ => SCHEMA_1,
        }
    }
}
