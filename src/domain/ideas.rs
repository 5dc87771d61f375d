//! Idea testing: sticker votes, their checks, the tally, the three picks
//! with their tie rules, and the coverage of ideas across groups.
//!
//! The method: each participant present has two green stickers (the two
//! ideas they most prefer, two different ideas) and one red (the idea they
//! find most contentious); anyone may abstain. The group then discusses
//! the most popular idea (slot 1: most green), the most contentious (slot 2:
//! most red, the most popular left out) and, if it plays one, a joker
//! (slot 3: the idea discussed by the fewest earlier groups, the two picks
//! left out). Ties are shown with a default from a stated rule; the group
//! decides, and an override needs a reason.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::event::{Event, ParticipantId, PickKind, Scale, StickerMode};
use super::plan::Plan;
use super::session::Refused;
use super::state::SessionState;
use crate::stimulus::Pack;

fn refuse<T>(msg: impl Into<String>) -> Result<T, Refused> {
    Err(Refused(msg.into()))
}

/// Green stickers each participant has.
pub const GREENS_EACH: u32 = 2;
/// Red stickers each participant has.
pub const REDS_EACH: u32 = 1;

pub use crate::stimulus::MAX_SLOTS;

mod rules;
pub use rules::*;
mod tally;
pub use tally::*;
mod picks;
pub use picks::*;
mod coverage;
pub use coverage::*;

/// The discussion slot a kind of pick goes to: 1 most popular, 2 most
/// contentious, 3 the joker.
pub fn slot_of(kind: PickKind) -> u32 {
    match kind {
        PickKind::Popular => 1,
        PickKind::Contentious => 2,
        PickKind::Joker => 3,
    }
}

/// The kind of pick a slot is for (None past slot 3).
pub fn kind_of_slot(slot: u32) -> Option<PickKind> {
    match slot {
        1 => Some(PickKind::Popular),
        2 => Some(PickKind::Contentious),
        3 => Some(PickKind::Joker),
        _ => None,
    }
}

/// How many ideas this group discusses: the slots of its plan, or if the
/// plan has no per-idea steps, the number set for the group or the plan's
/// default.
pub fn slot_count(pack: &Pack, state: &SessionState, plan: &Plan) -> u32 {
    plan.steps
        .iter()
        .filter_map(|s| s.slot)
        .max()
        .unwrap_or_else(|| {
            state.ideas_planned.unwrap_or_else(|| {
                pack.plan(&plan.id)
                    .or_else(|| pack.plans.first())
                    .map_or(0, |p| p.ideas)
            })
        })
}

// ---------------------------------------------------------------------------
// Ratings
// ---------------------------------------------------------------------------

/// The group's rating of an idea on one scale, if given.
pub fn rating(state: &SessionState, idea: u32, scale: Scale) -> Option<u8> {
    state.ratings.get(&(idea, scale)).copied()
}

#[cfg(test)]
mod tests;
