//! What a REFI-QDA project holds, as plain data: the codebook, the
//! variables, one case per participant, and per group a text source (with
//! a selection per note and quote) and an audio source per recording.
//! [`xml`](super::xml) writes it out.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// A code of the codebook, with the codes under it.
#[derive(Debug, Clone)]
pub struct Code {
    /// Stable GUID.
    pub guid: Uuid,
    /// What the analyst sees.
    pub name: String,
    /// What the code is for.
    pub description: String,
    /// False for a heading that only groups codes.
    pub codable: bool,
    /// The codes under this one.
    pub children: Vec<Code>,
}

/// The type of a variable (the schema's `typeOfVariable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VarType {
    /// Free text.
    Text,
    /// A whole number.
    Integer,
    /// A calendar date.
    Date,
}

impl VarType {
    /// The schema's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            VarType::Text => "Text",
            VarType::Integer => "Integer",
            VarType::Date => "Date",
        }
    }
}

/// A variable: an attribute of cases or sources.
#[derive(Debug, Clone)]
pub struct Variable {
    /// Stable GUID.
    pub guid: Uuid,
    /// "Gender", "Location".
    pub name: String,
    /// Its type.
    pub ty: VarType,
    /// What it holds.
    pub description: String,
}

/// A variable's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Free text.
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A calendar date.
    Date(NaiveDate),
}

/// A stretch of a group's text: a note or a quote.
#[derive(Debug, Clone)]
pub struct TextSelection {
    /// Stable GUID.
    pub guid: Uuid,
    /// "Note 12" / "Quote 7".
    pub name: String,
    /// First code point (from 0).
    pub start: usize,
    /// The code point after the last.
    pub end: usize,
    /// Codes put on it.
    pub codes: Vec<Uuid>,
    /// When the note was entered.
    pub at: DateTime<Utc>,
}

/// A stretch of a recording, for a note taken while it ran.
#[derive(Debug, Clone)]
pub struct AudioSelection {
    /// Stable GUID.
    pub guid: Uuid,
    /// As the text selection.
    pub name: String,
    /// Milliseconds into the recording.
    pub begin_ms: i64,
    /// Milliseconds into the recording (after `begin_ms`).
    pub end_ms: i64,
    /// The words of the note, for the analyst listening.
    pub description: String,
    /// Codes put on it.
    pub codes: Vec<Uuid>,
    /// When the note was entered.
    pub at: DateTime<Utc>,
}

/// A group's notes and quotes as text (in `sources/<guid>.txt`).
#[derive(Debug, Clone)]
pub struct TextSource {
    /// Stable GUID (also the file's name).
    pub guid: Uuid,
    /// "Ashford, Kent, 2010-02-12 (demo-7-0001-ashford-kent)".
    pub name: String,
    /// The text, UTF-8.
    pub text: String,
    /// One per note and quote.
    pub selections: Vec<TextSelection>,
    /// The group's variables.
    pub values: Vec<(Uuid, Value)>,
    /// The moderator's user GUID.
    pub user: Uuid,
    /// When the session was created.
    pub created: DateTime<Utc>,
}

/// One recording of a group.
#[derive(Debug, Clone)]
pub struct AudioSource {
    /// Stable GUID.
    pub guid: Uuid,
    /// The recording's file name.
    pub name: String,
    /// `relative://` and the file name.
    pub path: String,
    /// One per note taken while it ran.
    pub selections: Vec<AudioSelection>,
    /// The group's variables.
    pub values: Vec<(Uuid, Value)>,
    /// The moderator's user GUID.
    pub user: Uuid,
    /// When the recording started.
    pub created: DateTime<Utc>,
}

/// A participant.
#[derive(Debug, Clone)]
pub struct Case {
    /// Stable GUID.
    pub guid: Uuid,
    /// The label, or P1... anonymised.
    pub name: String,
    /// The group they were in.
    pub description: String,
    /// Their variables.
    pub values: Vec<(Uuid, Value)>,
    /// The selections of what they said (quotes and notes about them).
    pub selections: Vec<Uuid>,
}

/// A whole project.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project's name.
    pub name: String,
    /// What wrote it ("facilitator 0.1.0").
    pub origin: String,
    /// When the newest group's last thing happened.
    pub created: DateTime<Utc>,
    /// The moderators, (GUID, name), no two alike.
    pub users: Vec<(Uuid, String)>,
    /// The codebook, top level.
    pub codes: Vec<Code>,
    /// Every variable used.
    pub variables: Vec<Variable>,
    /// One per participant.
    pub cases: Vec<Case>,
    /// One per group.
    pub texts: Vec<TextSource>,
    /// One per recording.
    pub audios: Vec<AudioSource>,
    /// Said about the project as a whole.
    pub description: String,
}
