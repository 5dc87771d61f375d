//! Identity that never collides across laptops: a session's UUID (v7,
//! time-ordered, written in its first event; for a session saved before
//! there were UUIDs, a v5 derived from its first event, so reading it again
//! gives the same id), and stable v5 ids for its participants and notes and
//! for a pack's codes (what exports such as REFI-QDA need).
//!
//! Making a new v7 needs the clock and randomness, so it is done where the
//! session is created (the shell, the demo); the domain only names them.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

use super::event::{NoteId, ParticipantId};

/// The namespace of every v5 id the app derives (itself a fixed v4).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_3c0a_58b2_4e7c_9a41_0f6e_2b8d_7c15);

/// The stable id of a session saved without one: derived from what its
/// first event says (its name and the instant it was created), which no
/// later version of the app rewrites.
pub fn derived_session_uuid(name: &str, created_at: DateTime<Utc>) -> Uuid {
    let key = format!(
        "session:{name}:{}",
        created_at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    );
    Uuid::new_v5(&NAMESPACE, key.as_bytes())
}

/// A participant's stable id within their session.
pub fn participant_uuid(session: Uuid, participant: ParticipantId) -> Uuid {
    Uuid::new_v5(&session, format!("participant:{participant}").as_bytes())
}

/// A note's (or quote's) stable id within its session.
pub fn note_uuid(session: Uuid, note: NoteId) -> Uuid {
    Uuid::new_v5(&session, format!("note:{note}").as_bytes())
}

/// A code's stable id: the same pack (by title) and code id give the same
/// id in every export, so re-exporting never duplicates a code.
pub fn code_uuid(pack: &str, code: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("code:{pack}:{code}").as_bytes())
}

/// A v7 id from a time and ten bytes of randomness (the caller supplies
/// both: the system's randomness for a real session, a seed for the demo).
pub fn v7_from(at: DateTime<Utc>, random: [u8; 10]) -> Uuid {
    let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(ms, &random).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 18, 0, s).unwrap()
    }

    #[test]
    fn derived_ids_are_stable_and_tell_sessions_apart() {
        let a = derived_session_uuid("2026-12-02-ashford-kent", t(0));
        assert_eq!(a, derived_session_uuid("2026-12-02-ashford-kent", t(0)));
        assert_eq!(a.get_version_num(), 5);
        // Same name, same day, another instant: another session.
        assert_ne!(a, derived_session_uuid("2026-12-02-ashford-kent", t(1)));
        assert_ne!(a, derived_session_uuid("2026-12-02-ashford-kent-2", t(0)));
    }

    #[test]
    fn v7_is_time_ordered_and_carries_the_time() {
        let a = v7_from(t(0), [1; 10]);
        let b = v7_from(t(1), [0; 10]);
        assert_eq!(a.get_version_num(), 7);
        assert!(a < b, "later sessions sort later");
        let (secs, _) = a.get_timestamp().unwrap().to_unix();
        assert_eq!(secs as i64, t(0).timestamp());
    }

    #[test]
    fn child_ids_depend_on_their_parent() {
        let s1 = v7_from(t(0), [1; 10]);
        let s2 = v7_from(t(0), [2; 10]);
        assert_eq!(participant_uuid(s1, 1), participant_uuid(s1, 1));
        assert_ne!(participant_uuid(s1, 1), participant_uuid(s2, 1));
        assert_ne!(participant_uuid(s1, 1), note_uuid(s1, 1));
        assert_eq!(code_uuid("Pack", "trust"), code_uuid("Pack", "trust"));
        assert_ne!(code_uuid("Pack", "trust"), code_uuid("Other", "trust"));
    }
}
