//! The GUIDs of a REFI-QDA project. Every one is stable, so exporting the
//! same groups again gives the same GUIDs and an analyst who imports twice
//! gets no duplicate codes, cases or sources: codes, participants and
//! notes take the app's own ids ([`crate::domain::identity`]); the rest
//! are UUID v5 of what they name, under the session's UUID or the app's
//! namespace.

use uuid::Uuid;

use crate::domain::identity::{NAMESPACE, code_uuid, note_uuid, participant_uuid};

/// A code of the pack's codebook: the pack (its title) and the code's id.
pub fn code(pack: &str, code_id: &str) -> Uuid {
    code_uuid(pack, code_id)
}

/// A group's text source: the session's own UUID.
pub fn text_source(session: Uuid) -> Uuid {
    session
}

/// One of a group's recordings (1-based).
pub fn audio_source(session: Uuid, recording: u32) -> Uuid {
    Uuid::new_v5(&session, format!("recording:{recording}").as_bytes())
}

/// A participant's case: the participant's own UUID.
pub fn case(session: Uuid, participant: u32) -> Uuid {
    participant_uuid(session, participant)
}

/// A note's selection in the group's text: the note's own UUID.
pub fn text_selection(session: Uuid, note: u32) -> Uuid {
    note_uuid(session, note)
}

/// A note's selection on the tape.
pub fn audio_selection(session: Uuid, note: u32) -> Uuid {
    Uuid::new_v5(&note_uuid(session, note), b"audio-selection")
}

/// One code put on one selection.
pub fn coding(selection: Uuid, code: Uuid) -> Uuid {
    Uuid::new_v5(&selection, code.as_bytes())
}

/// A variable (gender, location...), by its name.
pub fn variable(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("qdpx-variable:{name}").as_bytes())
}

/// A user: a moderator, by name.
pub fn user(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("qdpx-user:{name}").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let s = Uuid::new_v5(&NAMESPACE, b"a session");
        let t = Uuid::new_v5(&NAMESPACE, b"another session");
        assert_eq!(case(s, 1), case(s, 1));
        assert_ne!(case(s, 1), case(t, 1));
        let all = [
            text_source(s),
            audio_source(s, 1),
            audio_source(s, 2),
            case(s, 1),
            text_selection(s, 1),
            audio_selection(s, 1),
            variable("Gender"),
            user("Moderator"),
            code("Pack", "idea:1"),
        ];
        let unique: std::collections::BTreeSet<_> = all.iter().collect();
        assert_eq!(unique.len(), all.len());
    }
}
