//! The GUIDs of a REFI-QDA project. Every one is a UUID v5 of what it
//! names, so exporting the same groups again gives the same GUIDs and an
//! analyst who imports twice gets no duplicate codes, cases or sources.

use uuid::Uuid;

/// The namespace of every GUID made here (itself a v5 of the app's URL name).
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:facilitator:qdpx")
}

fn v5(parts: &[&str]) -> Uuid {
    Uuid::new_v5(&namespace(), parts.join("\u{1f}").as_bytes())
}

/// A code of the pack's codebook: the pack (its title) and the code's id.
pub fn code(pack: &str, code_id: &str) -> Uuid {
    v5(&["code", pack, code_id])
}

/// A group's text source.
pub fn text_source(session: &str) -> Uuid {
    v5(&["text-source", session])
}

/// One of a group's recordings (1-based).
pub fn audio_source(session: &str, recording: u32) -> Uuid {
    v5(&["audio-source", session, &recording.to_string()])
}

/// A participant's case.
pub fn case(session: &str, participant: u32) -> Uuid {
    v5(&["case", session, &participant.to_string()])
}

/// A note's selection in the group's text.
pub fn text_selection(session: &str, note: u32) -> Uuid {
    v5(&["text-selection", session, &note.to_string()])
}

/// A note's selection on the tape.
pub fn audio_selection(session: &str, note: u32) -> Uuid {
    v5(&["audio-selection", session, &note.to_string()])
}

/// One code put on one selection.
pub fn coding(selection: Uuid, code: Uuid) -> Uuid {
    Uuid::new_v5(&selection, code.as_bytes())
}

/// A variable (gender, location...), by its name.
pub fn variable(name: &str) -> Uuid {
    v5(&["variable", name])
}

/// A user: a moderator, by name.
pub fn user(name: &str) -> Uuid {
    v5(&["user", name])
}
