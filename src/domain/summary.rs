//! What one saved session amounts to for `list` and for the coverage of
//! the ideas: a few fields folded from its timeline, small enough to keep
//! for every session of a folder in the store's summary index. A summary
//! is always computed from the session itself ([`Summary::of`]); it is
//! never the source of truth.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::event::{EventRecord, PickKind};
use super::state::SessionState;

/// One idea a group discussed (a pick that counts for coverage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picked {
    /// The idea.
    pub idea: u32,
    /// Why it was discussed.
    pub kind: PickKind,
    /// Whether the group chose it over the rule's suggestion.
    pub overridden: bool,
}

/// A session, summed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The session id.
    pub id: String,
    /// Its identity (recorded, or derived for a session from before UUIDs).
    pub uuid: uuid::Uuid,
    /// The group's date.
    pub date: Option<NaiveDate>,
    /// The group's location.
    pub location: String,
    /// The plan id.
    pub plan: String,
    /// The moderator, as entered in the group profile ("" if not given).
    pub moderator: String,
    /// The laptop the session was created on, if its first event says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// Not finished yet.
    pub live: bool,
    /// How many different steps were visited.
    pub steps: usize,
    /// When the session was created.
    pub created: DateTime<Utc>,
    /// The time of its newest event.
    pub newest: DateTime<Utc>,
    /// The ideas it discussed, in slot order, each once: a pick left in a
    /// slot past the number of ideas the group discusses does not count.
    pub discussed: Vec<Picked>,
}

/// The summary of a session's timeline (folded here).
pub fn summarise(events: &[EventRecord]) -> Summary {
    Summary::of(&SessionState::fold(events))
}

impl Summary {
    /// The summary of a folded session.
    pub fn of(s: &SessionState) -> Summary {
        let mut seen = std::collections::BTreeSet::new();
        let discussed = s
            .picks
            .iter()
            .filter(|(slot, pick)| {
                s.ideas_planned.is_none_or(|n| **slot <= n) && seen.insert(pick.idea)
            })
            .map(|(_, pick)| Picked {
                idea: pick.idea,
                kind: pick.kind.clone(),
                overridden: pick.idea != pick.suggested,
            })
            .collect();
        Summary {
            id: s.id.clone(),
            date: s.profile.date,
            location: s.profile.location.clone(),
            plan: s.plan.clone(),
            moderator: s.profile.moderator.clone(),
            device: s.device.clone(),
            uuid: s.uuid(),
            live: s.is_live(),
            steps: s.steps_visited(),
            created: s.created_at,
            newest: s.last_at.unwrap_or(s.created_at).max(s.created_at),
            discussed,
        }
    }
}

/// Where a set of coverage counts comes from: one moderator on one laptop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The moderator named in the group profiles ("" if none was given).
    pub moderator: String,
    /// The laptop the sessions were created on, if they say.
    pub device: Option<String>,
    /// How many groups.
    pub groups: usize,
    /// The newest event of any of those groups: how fresh this copy of
    /// their work is.
    pub newest: DateTime<Utc>,
}

/// The sources of these summaries, newest first (then by moderator and
/// laptop): one per moderator and laptop.
pub fn sources<'a>(summaries: impl IntoIterator<Item = &'a Summary>) -> Vec<Source> {
    let mut by: std::collections::BTreeMap<(String, Option<String>), Source> = Default::default();
    for s in summaries {
        let key = (s.moderator.trim().to_string(), s.device.clone());
        let e = by.entry(key.clone()).or_insert_with(|| Source {
            moderator: key.0,
            device: key.1,
            groups: 0,
            newest: s.newest,
        });
        e.groups += 1;
        e.newest = e.newest.max(s.newest);
    }
    let mut out: Vec<Source> = by.into_values().collect();
    out.sort_by(|a, b| {
        b.newest
            .cmp(&a.newest)
            .then_with(|| (&a.moderator, &a.device).cmp(&(&b.moderator, &b.device)))
    });
    out
}

impl Summary {
    /// This session as a line of `facilitator list` (no line ending).
    pub fn list_line(&self) -> String {
        format!(
            "{:<32} {:<10} {:<24} {:<5} {:<8} {} steps",
            self.id,
            self.date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            self.location,
            self.plan,
            if self.live { "live" } else { "finished" },
            self.steps
        )
    }
}

/// Append `s` to `out` as `facilitator list` prints it: its line, and
/// under it, indented, what needs the moderator about its copies (`flag`).
pub fn write_listing(out: &mut Vec<u8>, s: &Summary, flag: Option<&str>) {
    out.extend_from_slice(s.list_line().as_bytes());
    out.push(b'\n');
    if let Some(flag) = flag {
        out.extend_from_slice(b"  ! ");
        out.extend_from_slice(flag.as_bytes());
        out.push(b'\n');
    }
}
