//! The moderator's unsent note: what the editor saves beside the session
//! (`<id>.draft.json`) so that a crash never loses a note being typed, and
//! how a draft read back is judged ([`judge`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::{Event, EventRecord, NoteId, NoteKind, NotePlace};

/// A note or quote being written, as saved beside the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteDraft {
    /// Note or quote.
    pub kind: NoteKind,
    /// The text typed so far.
    pub text: String,
    /// Who said it.
    #[serde(default)]
    pub participant: Option<u32>,
    /// Codes ticked.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Where the note belongs.
    pub place: NotePlace,
    /// The note being edited, if not a new one.
    #[serde(default)]
    pub editing: Option<NoteId>,
    /// When the moderator began typing it: it is also the `begun` of the
    /// note once sent, which is how a draft is matched with its note.
    #[serde(default)]
    pub begun: Option<DateTime<Utc>>,
}

/// What to do with a draft read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftVerdict {
    /// Offer it back: it is a note not yet sent.
    Keep,
    /// Its note is in the session already (sent just before a crash, before
    /// the draft file was removed): drop it, or it would be sent twice.
    Recorded,
    /// It is not a draft this version can read (why): keep a copy aside and
    /// say so.
    Unreadable(String),
}

/// Judge a draft read back with the session's `events`. `after_seq` is the
/// seq of the last event saved before the draft was written, when the file
/// says so (files written before it did lack it).
///
/// A draft of a new note is recorded if a note with the same `begun` was
/// added (after `after_seq`, when known); a draft of an edit, if that note
/// was edited after `after_seq`. A draft without a `begun` (none are
/// written so) is recorded if any note was added after `after_seq`.
pub fn judge(
    draft: &serde_json::Value,
    after_seq: Option<u64>,
    events: &[EventRecord],
) -> DraftVerdict {
    let d: NoteDraft = match serde_json::from_value(draft.clone()) {
        Ok(d) => d,
        // (What serde says is of no use to the moderator: the copy kept
        // aside holds it all.)
        Err(_) => return DraftVerdict::Unreadable("not a note draft".to_string()),
    };
    let later = |e: &&EventRecord| after_seq.is_none_or(|a| e.seq > a);
    let mut after = events.iter().filter(later);
    let recorded = match (d.editing, d.begun) {
        (Some(id), _) => {
            after_seq.is_some()
                && after.any(|e| matches!(&e.event, Event::NoteEdited { id: i, .. } if *i == id))
        }
        (None, Some(begun)) => after
            .any(|e| matches!(&e.event, Event::NoteAdded { begun: Some(b), .. } if *b == begun)),
        (None, None) => {
            after_seq.is_some() && after.any(|e| matches!(&e.event, Event::NoteAdded { .. }))
        }
    };
    if recorded {
        DraftVerdict::Recorded
    } else {
        DraftVerdict::Keep
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> NotePlace {
        NotePlace {
            step: "intro".into(),
            section: None,
            idea: None,
        }
    }

    fn added(seq: u64, begun: Option<DateTime<Utc>>) -> EventRecord {
        EventRecord {
            seq,
            at: DateTime::from_timestamp(1_800_000_000 + seq as i64, 0).unwrap(),
            event: Event::NoteAdded {
                id: 1,
                kind: NoteKind::Note,
                place: place(),
                text: "saved".into(),
                participant: None,
                codes: vec![],
                begun,
            },
        }
    }

    fn draft(editing: Option<NoteId>, begun: Option<DateTime<Utc>>) -> serde_json::Value {
        serde_json::to_value(NoteDraft {
            kind: NoteKind::Note,
            text: "sav".into(),
            participant: None,
            codes: vec![],
            place: place(),
            editing,
            begun,
        })
        .unwrap()
    }

    #[test]
    fn a_new_note_draft_is_recorded_by_its_begun() {
        let t = DateTime::from_timestamp(1_800_000_000, 123_456_789).unwrap();
        let other = DateTime::from_timestamp(1_800_000_001, 0).unwrap();
        let ev = [added(2, Some(t))];
        assert_eq!(
            judge(&draft(None, Some(t)), Some(1), &ev),
            DraftVerdict::Recorded
        );
        assert_eq!(
            judge(&draft(None, Some(t)), None, &ev),
            DraftVerdict::Recorded
        );
        assert_eq!(
            judge(&draft(None, Some(other)), Some(1), &ev),
            DraftVerdict::Keep
        );
        assert_eq!(
            judge(&draft(None, Some(t)), Some(2), &ev),
            DraftVerdict::Keep
        );
        assert_eq!(
            judge(&draft(None, None), Some(1), &ev),
            DraftVerdict::Recorded
        );
        assert_eq!(judge(&draft(None, None), None, &ev), DraftVerdict::Keep);
    }

    #[test]
    fn an_edit_draft_is_recorded_by_a_later_edit() {
        let edited = EventRecord {
            seq: 5,
            at: DateTime::from_timestamp(1_800_000_005, 0).unwrap(),
            event: Event::NoteEdited {
                id: 3,
                text: "x".into(),
                participant: None,
                codes: vec![],
            },
        };
        let ev = [edited];
        assert_eq!(
            judge(&draft(Some(3), None), Some(4), &ev),
            DraftVerdict::Recorded
        );
        assert_eq!(
            judge(&draft(Some(3), None), Some(5), &ev),
            DraftVerdict::Keep
        );
        assert_eq!(
            judge(&draft(Some(4), None), Some(4), &ev),
            DraftVerdict::Keep
        );
        assert_eq!(judge(&draft(Some(3), None), None, &ev), DraftVerdict::Keep);
    }

    #[test]
    fn something_else_is_unreadable() {
        let v = serde_json::json!({"hello": "important words"});
        assert!(matches!(judge(&v, None, &[]), DraftVerdict::Unreadable(_)));
    }
}
