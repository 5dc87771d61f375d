//! Idea testing: the vote, its checks, the tally, the picks with their
//! tie rules, and the coverage of ideas across groups.
//!
//! The method is the pack's (`stimulus::method`): its colours and budgets,
//! its pick slots and their rules, its scales. The built-in one: each
//! participant present has two green stickers (the two ideas they most
//! prefer, two different ideas) and one red (the idea they find most
//! contentious); anyone may abstain. The group then discusses the most
//! popular idea (slot 1: most green), the most contentious (slot 2: most
//! red, the most popular left out) and, if it plays one, a joker (slot 3:
//! the idea discussed by the fewest earlier groups, the two picks left
//! out). Ties are shown with a default from a stated rule; the group
//! decides, and an override needs a reason.
//!
//! The vote has the method's colours, any number, in its order; the
//! events record them by the colours' ids (see [`Counts`],
//! [`Placement`]), and [`colour_of_key`] says which colour a recorded id is.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::event::{Counts, Event, ParticipantId, PickKind, Placement, Scale, StickerMode};
use super::plan::Plan;
use super::session::Refused;
use super::state::SessionState;
use crate::stimulus::Pack;
use crate::stimulus::method::{PickRule, TieBreak};

fn refuse<T>(msg: impl Into<String>) -> Result<T, Refused> {
    Err(Refused(msg.into()))
}

/// The method's colour `i` (0: the first), if it has one.
pub fn colour(pack: &Pack, i: usize) -> Option<&crate::stimulus::method::Colour> {
    pack.method.votes.colours.get(i)
}

/// How many colours the vote has.
pub fn colour_count(pack: &Pack) -> usize {
    pack.method.votes.colours.len()
}

/// Tokens of colour `i` each participant has (0 if the method has no such colour).
pub fn each(pack: &Pack, i: usize) -> u32 {
    colour(pack, i).map_or(0, |c| c.each)
}

/// The most tokens of colour `i` one participant puts on one option.
pub fn per_option(pack: &Pack, i: usize) -> u32 {
    colour(pack, i).map_or(0, |c| pack.method.votes.per_option(c))
}

/// The name of colour `i` ("green").
pub fn colour_label(pack: &Pack, i: usize) -> &str {
    colour(pack, i).map_or("", |c| c.label.as_str())
}

/// Which colour has this id.
pub fn colour_index(pack: &Pack, id: &str) -> Option<usize> {
    pack.method.votes.colours.iter().position(|c| c.id == id)
}

/// Which colour a colour id recorded in an event is: the pack's colour of
/// that id; else, for `green` and `red`, the first and the second colour
/// (earlier builds recorded any pack's first two colours under those names).
pub fn colour_of_key(pack: &Pack, key: &str) -> Option<usize> {
    colour_index(pack, key).or_else(|| {
        let i = match key {
            "green" => 0,
            "red" => 1,
            _ => return None,
        };
        (i < colour_count(pack)).then_some(i)
    })
}

/// Where colour `k` stands among the ways screens and charts tell the
/// colours apart (0 the green look, 1 the red, then others): a colour
/// `green` or `red` has its own; the others take in turn those left, so
/// a one-colour vote looks as the green did.
pub fn colour_slot(pack: &Pack, k: usize) -> usize {
    let colours = &pack.method.votes.colours;
    match colours.get(k).map(|c| c.id.as_str()) {
        Some("green") => 0,
        Some("red") => 1,
        _ => {
            let claimed = |slot: usize| colour_index(pack, ["green", "red"][slot]).is_some();
            let before = colours
                .iter()
                .take(k)
                .filter(|c| c.id != "green" && c.id != "red")
                .count();
            (0..)
                .filter(|slot| *slot > 1 || !claimed(*slot))
                .nth(before)
                .unwrap_or(0)
        }
    }
}

/// A poster's counts by the pack's colours, in order (a colour id the
/// pack does not have is left out).
pub fn counts_by_colour(pack: &Pack, counts: &Counts) -> Vec<u32> {
    let mut out = vec![0u32; colour_count(pack)];
    for (key, n) in counts.iter() {
        if let Some(x) = colour_of_key(pack, key).and_then(|i| out.get_mut(i)) {
            *x = x.saturating_add(n);
        }
    }
    out
}

/// A participant's options by the pack's colours, in order (see
/// [`counts_by_colour`]).
pub fn places_by_colour(pack: &Pack, placed: &Placement) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); colour_count(pack)];
    for (key, ideas) in placed.iter() {
        if let Some(x) = colour_of_key(pack, key).and_then(|i| out.get_mut(i)) {
            x.extend_from_slice(ideas);
        }
    }
    out
}

/// The counts of one poster as recorded, from one count per colour of
/// the pack, in order.
pub fn counts_of(pack: &Pack, per_colour: &[u32]) -> Counts {
    pack.method
        .votes
        .colours
        .iter()
        .zip(per_colour)
        .map(|(c, n)| (c.id.clone(), *n))
        .collect()
}

/// One participant's options as recorded, from a list per colour of the
/// pack, in order.
pub fn placement_of(pack: &Pack, per_colour: &[Vec<u32>]) -> Placement {
    pack.method
        .votes
        .colours
        .iter()
        .zip(per_colour)
        .map(|(c, v)| (c.id.clone(), v.clone()))
        .collect()
}

pub use crate::stimulus::MAX_SLOTS;

mod rules;
pub use rules::*;
mod tally;
pub use tally::*;
mod picks;
pub use picks::*;
mod coverage;
pub use coverage::*;

/// The discussion slot a kind of pick goes to: its place in the method's
/// picks, 1-based (built-in: 1 most popular, 2 most contentious, 3 the
/// joker); 0 if the method has no such pick.
pub fn slot_of(pack: &Pack, kind: &PickKind) -> u32 {
    pack.method
        .picks
        .iter()
        .position(|p| p.id == kind.0)
        .map_or(0, |i| u32::try_from(i + 1).unwrap_or(u32::MAX))
}

/// The kind of pick a slot is for (None past the method's last slot).
pub fn kind_of_slot(pack: &Pack, slot: u32) -> Option<PickKind> {
    let i = usize::try_from(slot.checked_sub(1)?).ok()?;
    pack.method
        .picks
        .get(i)
        .map(|p| PickKind::new(p.id.clone()))
}

/// The words for a kind of pick ("most popular"), or its id if the method
/// has no such pick.
pub fn pick_label<'p>(pack: &'p Pack, kind: &'p PickKind) -> &'p str {
    pack.method
        .pick(kind.as_str())
        .map_or(kind.as_str(), |p| p.label.as_str())
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
pub fn rating(state: &SessionState, idea: u32, scale: &Scale) -> Option<u8> {
    state.ratings.get(&(Some(idea), scale.clone())).copied()
}

/// Whether the group rated `idea` (`None`: the group's one rating) on any
/// of the pack's scales, with a value or "don't know".
pub fn rated(pack: &Pack, state: &SessionState, idea: Option<u32>) -> bool {
    pack.method.ratings.scales.iter().any(|sc| {
        let key = (idea, Scale::new(sc.id.clone()));
        state.ratings.contains_key(&key) || state.dont_know.contains(&key)
    })
}

/// The scales of the method, as recorded ([`Scale`]) with their labels.
pub fn scales(pack: &Pack) -> Vec<(Scale, &str)> {
    pack.method
        .ratings
        .scales
        .iter()
        .map(|s| (Scale::new(s.id.clone()), s.label.as_str()))
        .collect()
}

/// "one", "two", ... "ten", then digits.
pub fn number_word(n: u32) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

#[cfg(test)]
mod tests;
