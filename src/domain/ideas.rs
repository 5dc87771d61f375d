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

use std::collections::{BTreeMap, BTreeSet};

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
// Checks
// ---------------------------------------------------------------------------

/// Check an idea-testing event against the state; `Ok` if it may be recorded.
///
/// Stickers may still be corrected after picks were made (the picks keep
/// the rule and counts they were made on).
pub fn check(pack: &Pack, state: &SessionState, plan: &Plan, event: &Event) -> Result<(), Refused> {
    match event {
        Event::PosterCounted { idea, green, red } => check_poster(pack, state, *idea, *green, *red),
        Event::StickersPlaced {
            participant,
            green,
            red,
        } => check_placed(pack, state, *participant, green, *red),
        Event::IdeaPicked {
            slot,
            idea,
            suggested,
            reason,
            ..
        } => check_pick(
            pack,
            state,
            plan,
            *slot,
            *idea,
            *suggested,
            reason.as_deref(),
        ),
        Event::Rated { idea, value, .. } => {
            if !(1..=10).contains(value) {
                return refuse("Ratings go from 1 to 10.");
            }
            known_idea(pack, *idea)
        }
        Event::EquityTicked {
            idea, dimension, ..
        } => {
            known_idea(pack, *idea)?;
            if !pack.equity_dimensions.iter().any(|d| d == dimension) {
                return refuse(format!(
                    "\"{dimension}\" is not one of the pack's equity dimensions ({}).",
                    pack.equity_dimensions.join(", ")
                ));
            }
            Ok(())
        }
        Event::Stage3Answered { participant, .. } => on_roster(state, *participant),
        _ => Ok(()),
    }
}

fn known_idea(pack: &Pack, idea: u32) -> Result<(), Refused> {
    if pack.ideas.iter().any(|i| i.number == idea) {
        Ok(())
    } else {
        refuse(format!("There is no idea {idea} in the pack."))
    }
}

fn on_roster(state: &SessionState, id: ParticipantId) -> Result<(), Refused> {
    if state.participants.contains_key(&id) && !state.removed.contains(&id) {
        Ok(())
    } else {
        refuse(format!("There is no participant {id} on the roster."))
    }
}

/// "participant 3 (Sue)".
fn who(state: &SessionState, id: ParticipantId) -> String {
    match state.participants.get(&id) {
        Some(p) if !p.label.trim().is_empty() => format!("participant {id} ({})", p.label.trim()),
        _ => format!("participant {id}"),
    }
}

/// "1 participant is present" / "6 participants are present".
fn present_words(n: u32) -> String {
    if n == 1 {
        "1 participant is present".to_string()
    } else {
        format!("{n} participants are present")
    }
}

fn stickers(n: u32, colour: &str) -> String {
    if n == 1 {
        format!("1 {colour} sticker")
    } else {
        format!("{n} {colour} stickers")
    }
}

/// How many count at the vote (see [`SessionState::voters`]).
fn present_count(state: &SessionState) -> u32 {
    u32::try_from(state.voters().count()).unwrap_or(u32::MAX)
}

fn check_poster(
    pack: &Pack,
    state: &SessionState,
    idea: u32,
    green: u32,
    red: u32,
) -> Result<(), Refused> {
    known_idea(pack, idea)?;
    let present = present_count(state);
    if present == 0 {
        if green == 0 && red == 0 {
            return Ok(());
        }
        return refuse(
            "Nobody is marked present, so no stickers can be counted: add the group to the roster first.",
        );
    }
    if green > present {
        return refuse(format!(
            "Idea {idea} cannot have {}: {}, and nobody puts both greens on one idea.",
            stickers(green, "green"),
            present_words(present)
        ));
    }
    if red > present {
        return refuse(format!(
            "Idea {idea} cannot have {}: {}, with one red each.",
            stickers(red, "red"),
            present_words(present)
        ));
    }
    let (old_green, old_red) = state.poster_counts.get(&idea).copied().unwrap_or((0, 0));
    let (all_green, all_red) = state
        .poster_counts
        .values()
        .fold((0u64, 0u64), |(g, r), (a, b)| {
            (g + u64::from(*a), r + u64::from(*b))
        });
    let new_green = all_green - u64::from(old_green) + u64::from(green);
    let new_red = all_red - u64::from(old_red) + u64::from(red);
    // A correction that lowers a count is always let through, so counts
    // taken before someone left can be brought down step by step.
    let max_green = u64::from(present) * u64::from(GREENS_EACH);
    if new_green > max_green && green > old_green {
        return refuse(format!(
            "That makes {new_green} green stickers on all the posters, but {} with two greens each ({max_green} at most).",
            present_words(present)
        ));
    }
    let max_red = u64::from(present) * u64::from(REDS_EACH);
    if new_red > max_red && red > old_red {
        return refuse(format!(
            "That makes {new_red} red stickers on all the posters, but {} with one red each ({max_red} at most).",
            present_words(present)
        ));
    }
    Ok(())
}

fn check_placed(
    pack: &Pack,
    state: &SessionState,
    participant: ParticipantId,
    green: &[u32],
    red: Option<u32>,
) -> Result<(), Refused> {
    on_roster(state, participant)?;
    if state.absent.contains(&participant) {
        return refuse(format!(
            "{} is marked as out of the room: only those present place stickers.",
            capitalise(&who(state, participant))
        ));
    }
    if green.len() > GREENS_EACH as usize {
        return refuse(format!(
            "Each participant has two green stickers, not {}.",
            green.len()
        ));
    }
    for idea in green.iter().chain(red.iter()) {
        known_idea(pack, *idea)?;
    }
    if let [a, b] = green
        && a == b
    {
        return refuse(format!(
            "Both green stickers of {} are on idea {a}: the two greens go on two different ideas.",
            who(state, participant)
        ));
    }
    Ok(())
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn check_pick(
    pack: &Pack,
    state: &SessionState,
    plan: &Plan,
    slot: u32,
    idea: u32,
    suggested: u32,
    reason: Option<&str>,
) -> Result<(), Refused> {
    let n = slot_count(pack, state, plan);
    if n == 0 {
        return refuse("This group's plan has no idea discussions.");
    }
    if slot == 0 || slot > n {
        return refuse(format!(
            "This group discusses {n} {}, so there is no slot {slot}.",
            if n == 1 { "idea" } else { "ideas" }
        ));
    }
    known_idea(pack, idea)?;
    if let Some((other, _)) = state
        .picks
        .iter()
        .find(|(s, p)| **s != slot && **s <= n && p.idea == idea)
    {
        return refuse(format!("Idea {idea} is already picked for slot {other}."));
    }
    if idea != suggested && reason.is_none_or(|r| r.trim().is_empty()) {
        return refuse(format!(
            "Idea {suggested} was suggested: say why the group chose idea {idea} instead."
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Tally
// ---------------------------------------------------------------------------

/// The stickers as they stand, from the current entry mode's data only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// Green stickers per idea (every idea of the pack, 0 if none).
    pub green: BTreeMap<u32, u32>,
    /// Red stickers per idea (every idea of the pack, 0 if none).
    pub red: BTreeMap<u32, u32>,
    /// Participants present (who could vote).
    pub voters: u32,
    /// Green stickers placed in all.
    pub placed_green: u32,
    /// Red stickers placed in all.
    pub placed_red: u32,
}

impl Tally {
    /// Green stickers the voters have between them.
    pub fn max_green(&self) -> u32 {
        self.voters.saturating_mul(GREENS_EACH)
    }

    /// Red stickers the voters have between them.
    pub fn max_red(&self) -> u32 {
        self.voters.saturating_mul(REDS_EACH)
    }

    /// Counts the voters present could not have placed (possible when
    /// posters were counted before someone left the room), in plain words.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (colour, counts) in [("green", &self.green), ("red", &self.red)] {
            for (idea, n) in counts {
                if *n > self.voters {
                    out.push(format!(
                        "Idea {idea} has {} but only {}.",
                        stickers(*n, colour),
                        present_words(self.voters)
                    ));
                }
            }
        }
        if self.placed_green > self.max_green() {
            out.push(format!(
                "{} are counted in all, more than the {} the participants present have.",
                stickers(self.placed_green, "green"),
                self.max_green()
            ));
        }
        if self.placed_red > self.max_red() {
            out.push(format!(
                "{} are counted in all, more than the {} the participants present have.",
                stickers(self.placed_red, "red"),
                self.max_red()
            ));
        }
        out
    }
}

impl Tally {
    /// The counts over the limit, in few words for a screen line ("8 of 6
    /// greens", "idea 2: 4 reds for 3"); empty when everything fits. Counts
    /// can go over when someone is taken off the roster after the count.
    pub fn over_limit(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.placed_green > self.max_green() {
            out.push(format!(
                "{} of {} greens",
                self.placed_green,
                self.max_green()
            ));
        }
        if self.placed_red > self.max_red() {
            out.push(format!("{} of {} reds", self.placed_red, self.max_red()));
        }
        for (colour, counts) in [("greens", &self.green), ("reds", &self.red)] {
            for (idea, n) in counts {
                if *n > self.voters {
                    out.push(format!("idea {idea}: {n} {colour} for {}", self.voters));
                }
            }
        }
        out
    }
}

/// A participant's green ideas as counted: distinct, at most two.
fn greens_of(greens: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for g in greens {
        if !out.contains(g) && out.len() < GREENS_EACH as usize {
            out.push(*g);
        }
    }
    out
}

/// The tally of the stickers in the current entry mode. Per participant,
/// the stickers of those present count, and of those who left after their
/// stickers were recorded (see [`SessionState::voters`]).
pub fn tally(pack: &Pack, state: &SessionState) -> Tally {
    let mut green: BTreeMap<u32, u32> = pack.ideas.iter().map(|i| (i.number, 0)).collect();
    let mut red = green.clone();
    match state.sticker_mode {
        StickerMode::PerPoster => {
            for (idea, (g, r)) in &state.poster_counts {
                if let Some(x) = green.get_mut(idea) {
                    *x = *g;
                }
                if let Some(x) = red.get_mut(idea) {
                    *x = *r;
                }
            }
        }
        StickerMode::PerParticipant => {
            for p in state.voters() {
                let Some((gs, r)) = state.placements.get(&p.id) else {
                    continue;
                };
                for g in greens_of(gs) {
                    if let Some(x) = green.get_mut(&g) {
                        *x += 1;
                    }
                }
                if let Some(x) = r.and_then(|r| red.get_mut(&r)) {
                    *x += 1;
                }
            }
        }
    }
    Tally {
        placed_green: green.values().sum(),
        placed_red: red.values().sum(),
        green,
        red,
        voters: present_count(state),
    }
}

/// Per participant entry: the participants present who still have
/// stickers left, as (who, greens left, reds left), in id order. Someone
/// recorded as abstaining (fewer stickers, or none) is listed too.
pub fn stickers_left(state: &SessionState) -> Vec<(ParticipantId, u32, u32)> {
    state
        .present()
        .filter_map(|p| {
            let (g, r) = match state.placements.get(&p.id) {
                Some((gs, r)) => (greens_of(gs).len() as u32, u32::from(r.is_some())),
                None => (0, 0),
            };
            let left = (GREENS_EACH - g, REDS_EACH - r);
            (left != (0, 0)).then_some((p.id, left.0, left.1))
        })
        .collect()
}

/// Per participant entry: the participants present whose stickers have
/// not been recorded at all yet, in id order.
pub fn not_yet_recorded(state: &SessionState) -> Vec<ParticipantId> {
    state
        .present()
        .filter(|p| !state.placements.contains_key(&p.id))
        .map(|p| p.id)
        .collect()
}

// ---------------------------------------------------------------------------
// Picks
// ---------------------------------------------------------------------------

/// What the rule suggests for one pick, with the ties and the counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Which pick.
    pub kind: PickKind,
    /// The idea suggested (None if no idea is left to choose from).
    pub idea: Option<u32>,
    /// Every idea sharing the top value, sorted (one if there is no tie).
    pub tied: Vec<u32>,
    /// The rule in words, with the tie rule if there is a tie.
    pub rule: String,
    /// The counts it rests on, in words.
    pub counts: String,
}

impl Suggestion {
    /// Whether several ideas share the top value.
    pub fn is_tie(&self) -> bool {
        self.tied.len() > 1
    }

    /// The event recording the group's pick of `idea` for `slot`, with this
    /// suggestion's rule and counts. With no suggestion, the idea chosen
    /// stands as its own suggestion.
    pub fn pick_event(&self, slot: u32, idea: u32, reason: Option<String>) -> Event {
        Event::IdeaPicked {
            slot,
            idea,
            kind: self.kind,
            rule: self.rule.clone(),
            counts: self.counts.clone(),
            suggested: self.idea.unwrap_or(idea),
            reason: reason.filter(|r| !r.trim().is_empty()),
        }
    }
}

/// "4", "4 and 7", "1, 2 and 3".
fn and_list(items: &[u32]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => {
            let head: Vec<String> = init.iter().map(u32::to_string).collect();
            format!("{} and {last}", head.join(", "))
        }
    }
}

/// "4→6, 7→6, 1→3".
fn arrows(items: &[(u32, u32)]) -> String {
    items
        .iter()
        .map(|(i, n)| format!("{i}→{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "earlier discussions: 4→0, 7→1", or, when every one has the same
/// count, that count once ("none discussed earlier").
fn earlier_words(items: &[(u32, u32)]) -> String {
    match items {
        [(_, first), rest @ ..] if !rest.is_empty() && rest.iter().all(|(_, c)| c == first) => {
            match first {
                0 => "none discussed earlier".to_string(),
                1 => "each discussed by 1 earlier group".to_string(),
                c => format!("each discussed by {c} earlier groups"),
            }
        }
        _ => format!("earlier discussions: {}", arrows(items)),
    }
}

/// How many entries of a sorted count list to show: every tied one and at
/// least one more, three at least.
fn shown(tied: usize, len: usize) -> usize {
    (tied + 1).max(3).min(len)
}

/// The suggestion for one pick. `coverage` is over the earlier groups (the
/// current session excluded).
///
/// - Most popular: most green; a tie goes to the idea fewer earlier groups
///   discussed, then to the lower number.
/// - Most contentious: most red, leaving out the most popular idea (the
///   one picked for slot 1, or if none is yet, the one suggested); ties as
///   for the most popular.
/// - Joker: the idea discussed by the fewest earlier groups, leaving out
///   the ideas picked (or suggested) for slots 1 and 2; a tie goes to the
///   lower number.
pub fn suggest(
    pack: &Pack,
    state: &SessionState,
    coverage: &Coverage,
    kind: PickKind,
) -> Suggestion {
    let t = tally(pack, state);
    suggest_with(pack, state, coverage, &t, kind)
}

fn suggest_with(
    pack: &Pack,
    state: &SessionState,
    coverage: &Coverage,
    t: &Tally,
    kind: PickKind,
) -> Suggestion {
    match kind {
        PickKind::Popular => by_most(kind, &t.green, &[], coverage),
        PickKind::Contentious => {
            let popular = state
                .idea_in_slot(1)
                .or_else(|| by_most(PickKind::Popular, &t.green, &[], coverage).idea);
            by_most(kind, &t.red, popular.as_slice(), coverage)
        }
        PickKind::Joker => {
            let first = state
                .idea_in_slot(1)
                .or_else(|| suggest_with(pack, state, coverage, t, PickKind::Popular).idea);
            let second = state
                .idea_in_slot(2)
                .or_else(|| suggest_with(pack, state, coverage, t, PickKind::Contentious).idea);
            let mut out: Vec<u32> = first.into_iter().chain(second).collect();
            out.sort_unstable();
            out.dedup();
            joker(pack, &out, coverage)
        }
    }
}

/// Most green (or red), `excluded` left out; ties by fewer earlier
/// discussions, then the lower number.
fn by_most(
    kind: PickKind,
    values: &BTreeMap<u32, u32>,
    excluded: &[u32],
    coverage: &Coverage,
) -> Suggestion {
    let colour = if kind == PickKind::Popular {
        "green"
    } else {
        "red"
    };
    let mut rule = format!("most {colour} stickers");
    if let [one] = excluded {
        rule.push_str(&format!(", leaving out the most popular, idea {one}"));
    }
    let mut candidates: Vec<(u32, u32)> = values
        .iter()
        .filter(|(i, _)| !excluded.contains(i))
        .map(|(i, n)| (*i, *n))
        .collect();
    let Some(top) = candidates.iter().map(|(_, n)| *n).max() else {
        return nothing_left(kind, format!("{rule} (no idea left to choose from)"));
    };
    let tied = with_count(&candidates, top);
    let idea = tied
        .iter()
        .copied()
        .min_by_key(|i| (coverage.count(*i), *i));
    if tied.len() > 1 {
        let tie = if top == 0 {
            format!("no {colour} stickers yet, so all {} are tied", tied.len())
        } else {
            format!("tie between {}", and_list(&tied))
        };
        rule.push_str(&format!(
            " ({tie}: fewer earlier discussions first, then the lower number)"
        ));
    }
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let n = shown(tied.len(), candidates.len());
    // An idea with none is not a count to show (unless none has any).
    let listed: Vec<(u32, u32)> = candidates[..n]
        .iter()
        .copied()
        .filter(|(_, c)| *c > 0 || top == 0)
        .collect();
    let mut counts = if top == 0 {
        format!("{colour}: none placed yet")
    } else {
        format!("{colour}: {}", arrows(&listed))
    };
    // The idea left out keeps its count in view: the group sees why.
    for i in excluded {
        let c = values.get(i).copied().unwrap_or(0);
        if c > 0 {
            counts.push_str(&format!(" (left out: {i}→{c}, the most popular)"));
        }
    }
    if tied.len() > 1 {
        let earlier: Vec<(u32, u32)> = tied
            .iter()
            .map(|i| (*i, u32::try_from(coverage.count(*i)).unwrap_or(u32::MAX)))
            .collect();
        counts.push_str(&format!("; {}", earlier_words(&earlier)));
    }
    Suggestion {
        kind,
        idea,
        tied,
        rule,
        counts,
    }
}

/// A suggestion with no idea: every candidate was left out.
fn nothing_left(kind: PickKind, rule: String) -> Suggestion {
    Suggestion {
        kind,
        idea: None,
        tied: Vec::new(),
        rule,
        counts: String::new(),
    }
}

/// The ideas among `candidates` (idea, count) whose count is `n`.
fn with_count(candidates: &[(u32, u32)], n: u32) -> Vec<u32> {
    candidates
        .iter()
        .filter(|(_, c)| *c == n)
        .map(|(i, _)| *i)
        .collect()
}

/// Fewest earlier discussions, `excluded` left out; ties by the lower number.
fn joker(pack: &Pack, excluded: &[u32], coverage: &Coverage) -> Suggestion {
    let kind = PickKind::Joker;
    let mut rule = "fewest earlier discussions".to_string();
    match excluded {
        [] => {}
        [one] => rule.push_str(&format!(", leaving out the pick {one}")),
        more => rule.push_str(&format!(", leaving out the two picks {}", and_list(more))),
    }
    let mut numbers: Vec<u32> = pack.ideas.iter().map(|i| i.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let mut candidates: Vec<(u32, u32)> = numbers
        .into_iter()
        .filter(|i| !excluded.contains(i))
        .map(|i| (i, u32::try_from(coverage.count(i)).unwrap_or(u32::MAX)))
        .collect();
    let Some(least) = candidates.iter().map(|(_, n)| *n).min() else {
        return nothing_left(kind, format!("{rule} (no idea left to play as the joker)"));
    };
    let tied = with_count(&candidates, least);
    if tied.len() > 1 {
        let tie = if tied.len() == candidates.len() {
            format!("all {} discussed equally often", tied.len())
        } else {
            format!("tie between {}", and_list(&tied))
        };
        rule.push_str(&format!(" ({tie}: the lower number)"));
    }
    candidates.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let n = shown(tied.len(), candidates.len());
    Suggestion {
        kind,
        idea: tied.first().copied(),
        counts: earlier_words(&candidates[..n]),
        tied,
        rule,
    }
}

// ---------------------------------------------------------------------------
// Coverage across groups
// ---------------------------------------------------------------------------

/// One group that discussed an idea.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discussed {
    /// The session id.
    pub session: String,
    /// The group's location.
    pub location: String,
    /// The group's date.
    pub date: Option<NaiveDate>,
    /// Why it was discussed.
    pub kind: PickKind,
    /// Whether the group chose it over the rule's suggestion.
    pub overridden: bool,
}

/// Which groups discussed which idea: the list the moderators of the
/// original study kept on paper.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Idea → the groups that discussed it, one entry per group.
    pub by_idea: BTreeMap<u32, Vec<Discussed>>,
}

impl Coverage {
    /// How many groups discussed this idea.
    pub fn count(&self, idea: u32) -> usize {
        self.by_idea.get(&idea).map_or(0, Vec::len)
    }

    /// The pack's ideas no group has discussed yet, in number order.
    pub fn not_discussed(&self, pack: &Pack) -> Vec<u32> {
        let mut out: Vec<u32> = pack
            .ideas
            .iter()
            .map(|i| i.number)
            .filter(|i| self.count(*i) == 0)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Coverage over these sessions: an idea counts as discussed by a group if
/// it was picked for one of the group's slots (a pick left in a slot past
/// the number of ideas the group discusses does not count). The session
/// `exclude_id` (the current one) is left out, so the counts are of the
/// other groups.
pub fn coverage<'a>(
    sessions: impl IntoIterator<Item = &'a SessionState>,
    exclude_id: Option<&str>,
) -> Coverage {
    let mut cov = Coverage::default();
    for s in sessions {
        if exclude_id == Some(s.id.as_str()) {
            continue;
        }
        let mut seen = BTreeSet::new();
        for (slot, pick) in &s.picks {
            if s.ideas_planned.is_some_and(|n| *slot > n) || !seen.insert(pick.idea) {
                continue;
            }
            cov.by_idea.entry(pick.idea).or_default().push(Discussed {
                session: s.id.clone(),
                location: s.profile.location.clone(),
                date: s.profile.date,
                kind: pick.kind,
                overridden: pick.idea != pick.suggested,
            });
        }
    }
    cov
}

// ---------------------------------------------------------------------------
// Ratings
// ---------------------------------------------------------------------------

/// The group's rating of an idea on one scale, if given.
pub fn rating(state: &SessionState, idea: u32, scale: Scale) -> Option<u8> {
    state.ratings.get(&(idea, scale)).copied()
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::domain::event::Stage3Answer;
    use crate::domain::profile::{GroupProfile, Participant};
    use crate::domain::session::Session;
    use crate::stimulus::embedded;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 18, 0, 0)
            .single()
            .unwrap()
    }

    /// A session of plan `plan` with participants 1..=people.
    fn group(pack: &Pack, id: &str, plan: &str, people: u32) -> Session {
        let profile = GroupProfile {
            location: "Ashford, Kent".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 29),
            ..Default::default()
        };
        let first = Session::created_event(id, plan, pack, profile, t0());
        let mut s = Session::from_events(pack, vec![first]);
        for i in 1..=people {
            let participant = Participant {
                id: i,
                label: format!("P{i}"),
                ..Default::default()
            };
            ok(&mut s, pack, Event::ParticipantAdded { participant });
        }
        s
    }

    fn ok(s: &mut Session, pack: &Pack, ev: Event) {
        if let Err(e) = s.record(pack, ev.clone(), t0()) {
            panic!("{ev:?} was refused: {e}");
        }
    }

    /// The refusal message; the state is checked to be unchanged.
    fn refused(s: &mut Session, pack: &Pack, ev: Event) -> String {
        let before = s.state().clone();
        let msg = match s.record(pack, ev.clone(), t0()) {
            Ok(_) => panic!("{ev:?} should be refused"),
            Err(e) => e.0,
        };
        assert_eq!(s.state(), &before);
        assert!(msg.ends_with('.'), "a sentence: {msg}");
        msg
    }

    fn poster(idea: u32, green: u32, red: u32) -> Event {
        Event::PosterCounted { idea, green, red }
    }

    fn placed(participant: u32, green: &[u32], red: Option<u32>) -> Event {
        Event::StickersPlaced {
            participant,
            green: green.to_vec(),
            red,
        }
    }

    fn pick(slot: u32, idea: u32, suggested: u32, reason: Option<&str>) -> Event {
        Event::IdeaPicked {
            slot,
            idea,
            kind: kind_of_slot(slot).unwrap_or(PickKind::Joker),
            rule: "rule".into(),
            counts: "counts".into(),
            suggested,
            reason: reason.map(str::to_string),
        }
    }

    fn away(participant: u32) -> Event {
        Event::Presence {
            participant,
            present: false,
        }
    }

    /// Coverage where idea i was discussed by n[i] earlier groups.
    fn cov(counts: &[(u32, usize)]) -> Coverage {
        let mut c = Coverage::default();
        for (idea, n) in counts {
            let list = (0..*n)
                .map(|k| Discussed {
                    session: format!("g{k}"),
                    location: "Oxford".into(),
                    date: None,
                    kind: PickKind::Popular,
                    overridden: false,
                })
                .collect();
            c.by_idea.insert(*idea, list);
        }
        c
    }

    // -- checks: per poster ------------------------------------------------

    #[test]
    fn poster_counts_beyond_one_sticker_each_per_idea_are_refused() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 4);
        ok(&mut s, &pack, poster(1, 4, 4));
        let m = refused(&mut s, &pack, poster(2, 5, 0));
        assert_eq!(
            m,
            "Idea 2 cannot have 5 green stickers: 4 participants are present, and nobody puts both greens on one idea."
        );
        let m = refused(&mut s, &pack, poster(2, 0, 5));
        assert!(
            m.contains("5 red stickers") && m.contains("4 participants"),
            "{m}"
        );
        let m = refused(&mut s, &pack, poster(10, 1, 0));
        assert_eq!(m, "There is no idea 10 in the pack.");
        let m = refused(&mut s, &pack, poster(0, 1, 0));
        assert!(m.contains("no idea 0"), "{m}");
    }

    #[test]
    fn poster_totals_beyond_the_stickers_of_those_present_are_refused() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 4);
        ok(&mut s, &pack, poster(1, 4, 2));
        ok(&mut s, &pack, poster(2, 4, 2));
        // Greens: 8 of 8 placed; one more anywhere is too many.
        let m = refused(&mut s, &pack, poster(3, 1, 0));
        assert!(
            m.contains("9 green stickers") && m.contains("8 at most"),
            "{m}"
        );
        // Reds: 4 of 4 placed.
        let m = refused(&mut s, &pack, poster(3, 0, 1));
        assert!(
            m.contains("5 red stickers") && m.contains("4 at most"),
            "{m}"
        );
        // Re-counting a poster replaces its count: 4 → 3 → 4 stays within.
        ok(&mut s, &pack, poster(1, 3, 1));
        ok(&mut s, &pack, poster(3, 1, 1));
        ok(&mut s, &pack, poster(3, 0, 0));
        ok(&mut s, &pack, poster(1, 4, 2));
        let t = tally(&pack, s.state());
        assert_eq!((t.placed_green, t.placed_red, t.voters), (8, 4, 4));
        assert!(t.problems().is_empty());
    }

    #[test]
    fn nobody_present_means_no_stickers() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 0);
        let m = refused(&mut s, &pack, poster(1, 1, 0));
        assert!(m.contains("Nobody is marked present"), "{m}");
        ok(&mut s, &pack, poster(1, 0, 0));
    }

    #[test]
    fn someone_who_left_before_voting_lowers_the_limits() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 4);
        ok(&mut s, &pack, away(4));
        let m = refused(&mut s, &pack, poster(1, 4, 0));
        assert!(m.contains("3 participants are present"), "{m}");
        ok(&mut s, &pack, poster(1, 3, 3));
        ok(&mut s, &pack, poster(2, 3, 0));
        let m = refused(&mut s, &pack, poster(3, 1, 0));
        assert!(
            m.contains("7 green stickers") && m.contains("6 at most"),
            "{m}"
        );
        // Back in the room: the limits rise again.
        ok(
            &mut s,
            &pack,
            Event::Presence {
                participant: 4,
                present: true,
            },
        );
        ok(&mut s, &pack, poster(3, 2, 1));
        // Leaving after the count: their stickers are on the posters, so
        // they still count at the vote and nothing is over the limit.
        ok(&mut s, &pack, away(4));
        let t = tally(&pack, s.state());
        assert_eq!(t.voters, 4);
        assert!(t.problems().is_empty(), "{:?}", t.problems());
        // A recount while they are out is checked against them too.
        ok(&mut s, &pack, poster(3, 2, 1));
        // Taken off the roster: the tally says what no longer fits, and
        // lowering counts is still allowed.
        ok(&mut s, &pack, Event::ParticipantRemoved { id: 4 });
        let t = tally(&pack, s.state());
        assert_eq!(t.voters, 3);
        assert_eq!(t.problems().len(), 2, "{:?}", t.problems());
        ok(&mut s, &pack, poster(3, 1, 0));
        ok(&mut s, &pack, poster(3, 0, 0));
        assert!(tally(&pack, s.state()).problems().is_empty());
    }

    // -- checks: per participant -------------------------------------------

    #[test]
    fn per_participant_stickers_are_checked() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 3);
        ok(
            &mut s,
            &pack,
            Event::StickerModeSet {
                mode: StickerMode::PerParticipant,
            },
        );
        let m = refused(&mut s, &pack, placed(9, &[1], None));
        assert_eq!(m, "There is no participant 9 on the roster.");
        let m = refused(&mut s, &pack, placed(1, &[1, 2, 3], None));
        assert_eq!(m, "Each participant has two green stickers, not 3.");
        let m = refused(&mut s, &pack, placed(1, &[4, 4], Some(2)));
        assert_eq!(
            m,
            "Both green stickers of participant 1 (P1) are on idea 4: the two greens go on two different ideas."
        );
        let m = refused(&mut s, &pack, placed(1, &[4, 12], None));
        assert_eq!(m, "There is no idea 12 in the pack.");
        let m = refused(&mut s, &pack, placed(1, &[4], Some(0)));
        assert_eq!(m, "There is no idea 0 in the pack.");
        ok(&mut s, &pack, Event::ParticipantRemoved { id: 3 });
        let m = refused(&mut s, &pack, placed(3, &[1], None));
        assert_eq!(m, "There is no participant 3 on the roster.");
        ok(&mut s, &pack, away(2));
        let m = refused(&mut s, &pack, placed(2, &[1], None));
        assert_eq!(
            m,
            "Participant 2 (P2) is marked as out of the room: only those present place stickers."
        );
        // Abstaining, in part or whole, is fine; a red on a green idea too.
        ok(&mut s, &pack, placed(1, &[], None));
        ok(&mut s, &pack, placed(1, &[5], None));
        ok(&mut s, &pack, placed(1, &[5, 6], Some(5)));
    }

    #[test]
    fn per_participant_tally_counts_only_those_present() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 4);
        ok(
            &mut s,
            &pack,
            Event::StickerModeSet {
                mode: StickerMode::PerParticipant,
            },
        );
        ok(&mut s, &pack, placed(1, &[1, 2], Some(3)));
        ok(&mut s, &pack, placed(2, &[1, 3], Some(3)));
        ok(&mut s, &pack, placed(4, &[2, 9], Some(1)));
        // Placing again replaces.
        ok(&mut s, &pack, placed(2, &[1, 4], Some(3)));
        let t = tally(&pack, s.state());
        assert_eq!(t.green.len(), 9);
        assert_eq!(
            (
                t.green[&1],
                t.green[&2],
                t.green[&3],
                t.green[&4],
                t.green[&9]
            ),
            (2, 2, 0, 1, 1)
        );
        assert_eq!((t.red[&3], t.red[&1]), (2, 1));
        assert_eq!((t.placed_green, t.placed_red, t.voters), (6, 3, 4));
        assert_eq!(stickers_left(s.state()), vec![(3, 2, 1)]);
        assert_eq!(not_yet_recorded(s.state()), vec![3]);
        // Participant 4 leaves after voting: their stickers still count.
        ok(&mut s, &pack, away(4));
        let t = tally(&pack, s.state());
        assert_eq!((t.green[&2], t.green[&9], t.red[&1]), (2, 1, 1));
        assert_eq!((t.placed_green, t.placed_red, t.voters), (6, 3, 4));
        // Participant 3 leaves before voting: not counted at the vote.
        ok(&mut s, &pack, away(3));
        assert_eq!(tally(&pack, s.state()).voters, 3);
        assert!(stickers_left(s.state()).is_empty());
        ok(
            &mut s,
            &pack,
            Event::Presence {
                participant: 3,
                present: true,
            },
        );
        ok(&mut s, &pack, placed(3, &[7], None));
        assert_eq!(stickers_left(s.state()), vec![(3, 1, 1)]);
        assert!(not_yet_recorded(s.state()).is_empty());
    }

    #[test]
    fn the_tally_uses_the_current_mode_only() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 3);
        ok(&mut s, &pack, poster(5, 3, 1));
        ok(
            &mut s,
            &pack,
            Event::StickerModeSet {
                mode: StickerMode::PerParticipant,
            },
        );
        ok(&mut s, &pack, placed(1, &[2], Some(8)));
        let t = tally(&pack, s.state());
        assert_eq!((t.green[&5], t.green[&2], t.red[&8]), (0, 1, 1));
        ok(
            &mut s,
            &pack,
            Event::StickerModeSet {
                mode: StickerMode::PerPoster,
            },
        );
        let t = tally(&pack, s.state());
        assert_eq!(
            (t.green[&5], t.green[&2], t.red[&8], t.red[&5]),
            (3, 0, 0, 1)
        );
        assert_eq!(
            t.green.keys().copied().collect::<Vec<_>>(),
            (1..=9).collect::<Vec<_>>()
        );
    }

    #[test]
    fn tally_and_mode_switches_are_always_allowed() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 0);
        ok(&mut s, &pack, Event::TallyRevealed { shown: true });
        ok(&mut s, &pack, Event::TallyRevealed { shown: true });
        ok(
            &mut s,
            &pack,
            Event::StickerModeSet {
                mode: StickerMode::PerParticipant,
            },
        );
        ok(
            &mut s,
            &pack,
            Event::StickerModeSet {
                mode: StickerMode::PerParticipant,
            },
        );
        assert!(s.state().tally_shown);
    }

    #[test]
    fn stickers_can_be_corrected_after_the_picks() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 3);
        ok(&mut s, &pack, poster(1, 3, 0));
        ok(&mut s, &pack, pick(1, 1, 1, None));
        ok(&mut s, &pack, poster(1, 2, 0));
        ok(&mut s, &pack, poster(2, 3, 0));
        assert_eq!(s.state().idea_in_slot(1), Some(1));
        let now = suggest(&pack, s.state(), &Coverage::default(), PickKind::Popular);
        assert_eq!(now.idea, Some(2));
    }

    // -- checks: picks, ratings, equity, stage 3 -----------------------------

    #[test]
    fn picks_are_checked() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 3);
        let m = refused(&mut s, &pack, pick(0, 1, 1, None));
        assert_eq!(m, "This group discusses 3 ideas, so there is no slot 0.");
        let m = refused(&mut s, &pack, pick(4, 1, 1, None));
        assert_eq!(m, "This group discusses 3 ideas, so there is no slot 4.");
        let m = refused(&mut s, &pack, pick(1, 10, 10, None));
        assert_eq!(m, "There is no idea 10 in the pack.");
        ok(&mut s, &pack, pick(1, 4, 4, None));
        // The same slot again replaces the pick, even with the same idea.
        ok(&mut s, &pack, pick(1, 4, 4, None));
        let m = refused(&mut s, &pack, pick(2, 4, 4, None));
        assert_eq!(m, "Idea 4 is already picked for slot 1.");
        let m = refused(&mut s, &pack, pick(2, 7, 3, None));
        assert_eq!(
            m,
            "Idea 3 was suggested: say why the group chose idea 7 instead."
        );
        refused(&mut s, &pack, pick(2, 7, 3, Some("   ")));
        ok(
            &mut s,
            &pack,
            pick(2, 7, 3, Some("They wanted to talk about it.")),
        );
        assert_eq!(
            s.state().picks[&2].reason.as_deref(),
            Some("They wanted to talk about it.")
        );
        ok(&mut s, &pack, pick(3, 9, 9, None));
        // Fewer ideas for this group: slot 3 goes, and its idea is free.
        ok(&mut s, &pack, Event::IdeasPlanned { count: 2 });
        let m = refused(&mut s, &pack, pick(3, 1, 1, None));
        assert_eq!(m, "This group discusses 2 ideas, so there is no slot 3.");
        ok(&mut s, &pack, pick(2, 9, 9, None));
    }

    #[test]
    fn a_mini_group_has_two_slots() {
        let pack = embedded();
        let mut s = group(&pack, "g", "mini", 3);
        ok(&mut s, &pack, pick(2, 1, 1, None));
        let m = refused(&mut s, &pack, pick(3, 2, 2, None));
        assert!(m.contains("2 ideas"), "{m}");
        ok(&mut s, &pack, Event::IdeasPlanned { count: 1 });
        let m = refused(&mut s, &pack, pick(2, 2, 2, None));
        assert_eq!(m, "This group discusses 1 idea, so there is no slot 2.");
    }

    #[test]
    fn ratings_are_checked_and_read_back() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 0);
        for value in [0, 11, 255] {
            let m = refused(
                &mut s,
                &pack,
                Event::Rated {
                    idea: 1,
                    scale: Scale::Desirable,
                    value,
                },
            );
            assert_eq!(m, "Ratings go from 1 to 10.");
        }
        let m = refused(
            &mut s,
            &pack,
            Event::Rated {
                idea: 10,
                scale: Scale::Desirable,
                value: 5,
            },
        );
        assert_eq!(m, "There is no idea 10 in the pack.");
        ok(
            &mut s,
            &pack,
            Event::Rated {
                idea: 1,
                scale: Scale::Desirable,
                value: 1,
            },
        );
        ok(
            &mut s,
            &pack,
            Event::Rated {
                idea: 1,
                scale: Scale::Equitable,
                value: 10,
            },
        );
        ok(
            &mut s,
            &pack,
            Event::Rated {
                idea: 1,
                scale: Scale::Equitable,
                value: 7,
            },
        );
        assert_eq!(rating(s.state(), 1, Scale::Desirable), Some(1));
        assert_eq!(rating(s.state(), 1, Scale::Equitable), Some(7));
        assert_eq!(rating(s.state(), 1, Scale::Achievable), None);
        assert_eq!(rating(s.state(), 2, Scale::Desirable), None);
    }

    #[test]
    fn equity_dimensions_come_from_the_pack() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 0);
        let tick = |idea: u32, d: &str| Event::EquityTicked {
            idea,
            dimension: d.into(),
            on: true,
        };
        ok(&mut s, &pack, tick(3, "Age"));
        ok(&mut s, &pack, tick(3, "Geography"));
        let m = refused(&mut s, &pack, tick(3, "Height"));
        assert_eq!(
            m,
            "\"Height\" is not one of the pack's equity dimensions (Age, SEG, Ethnicity, Gender, Geography)."
        );
        let m = refused(&mut s, &pack, tick(11, "Age"));
        assert_eq!(m, "There is no idea 11 in the pack.");
        assert_eq!(s.state().equity[&3].len(), 2);
    }

    #[test]
    fn stage3_answers_need_someone_on_the_roster() {
        let pack = embedded();
        let mut s = group(&pack, "g", "full", 2);
        let answer = |participant: u32| Event::Stage3Answered {
            participant,
            answer: Stage3Answer {
                top_tip: "Listen.".into(),
                ..Default::default()
            },
        };
        ok(&mut s, &pack, away(1));
        ok(&mut s, &pack, answer(1));
        assert_eq!(
            refused(&mut s, &pack, answer(5)),
            "There is no participant 5 on the roster."
        );
        ok(&mut s, &pack, Event::ParticipantRemoved { id: 2 });
        assert_eq!(
            refused(&mut s, &pack, answer(2)),
            "There is no participant 2 on the roster."
        );
    }

    // -- picks ---------------------------------------------------------------

    /// 8 present; greens 4→6, 7→6, 1→3; reds as given.
    fn voted(pack: &Pack, reds: &[(u32, u32)]) -> Session {
        let mut s = group(pack, "now", "full", 8);
        ok(&mut s, pack, poster(4, 6, 0));
        ok(&mut s, pack, poster(7, 6, 0));
        ok(&mut s, pack, poster(1, 3, 0));
        for (idea, red) in reds {
            let green = s.state().poster_counts.get(idea).map_or(0, |c| c.0);
            ok(&mut s, pack, poster(*idea, green, *red));
        }
        s
    }

    #[test]
    fn most_popular_without_a_tie() {
        let pack = embedded();
        let mut s = voted(&pack, &[]);
        ok(&mut s, &pack, poster(7, 5, 0));
        let p = suggest(&pack, s.state(), &Coverage::default(), PickKind::Popular);
        assert_eq!(p.kind, PickKind::Popular);
        assert_eq!(p.idea, Some(4));
        assert_eq!(p.tied, vec![4]);
        assert!(!p.is_tie());
        assert_eq!(p.rule, "most green stickers");
        assert_eq!(p.counts, "green: 4→6, 7→5, 1→3");
    }

    #[test]
    fn a_popular_tie_goes_to_the_idea_fewer_groups_discussed() {
        let pack = embedded();
        let s = voted(&pack, &[]);
        let p = suggest(&pack, s.state(), &cov(&[(4, 2), (7, 1)]), PickKind::Popular);
        assert_eq!(p.idea, Some(7));
        assert_eq!(p.tied, vec![4, 7]);
        assert_eq!(
            p.rule,
            "most green stickers (tie between 4 and 7: fewer earlier discussions first, then the lower number)"
        );
        assert_eq!(
            p.counts,
            "green: 4→6, 7→6, 1→3; earlier discussions: 4→2, 7→1"
        );
    }

    #[test]
    fn a_popular_tie_with_equal_coverage_goes_to_the_lower_number() {
        let pack = embedded();
        let s = voted(&pack, &[]);
        let p = suggest(&pack, s.state(), &cov(&[(4, 1), (7, 1)]), PickKind::Popular);
        assert_eq!(p.idea, Some(4));
        assert_eq!(p.tied, vec![4, 7]);
        let p = suggest(&pack, s.state(), &Coverage::default(), PickKind::Popular);
        assert_eq!(p.idea, Some(4));
    }

    #[test]
    fn most_contentious_leaves_out_the_most_popular() {
        let pack = embedded();
        // Idea 4 tops both green (tie broken to 4) and red.
        let s = voted(&pack, &[(4, 4), (2, 3), (9, 1)]);
        let c = suggest(
            &pack,
            s.state(),
            &Coverage::default(),
            PickKind::Contentious,
        );
        assert_eq!(c.idea, Some(2));
        assert_eq!(c.tied, vec![2]);
        assert_eq!(
            c.rule,
            "most red stickers, leaving out the most popular, idea 4"
        );
        // No idea with 0 is listed; the idea left out keeps its reds in view.
        assert_eq!(c.counts, "red: 2→3, 9→1 (left out: 4→4, the most popular)");
    }

    #[test]
    fn most_contentious_leaves_out_the_idea_actually_picked_first() {
        let pack = embedded();
        let mut s = voted(&pack, &[(4, 5), (7, 2), (2, 1)]);
        // The group chose 7 over the suggested 4: 4 is back in the running.
        ok(
            &mut s,
            &pack,
            pick(
                1,
                7,
                4,
                Some("Half the group had just discussed 4 at work."),
            ),
        );
        let c = suggest(
            &pack,
            s.state(),
            &Coverage::default(),
            PickKind::Contentious,
        );
        assert_eq!(c.idea, Some(4));
        assert!(
            c.rule.contains("leaving out the most popular, idea 7"),
            "{}",
            c.rule
        );
    }

    #[test]
    fn a_contentious_tie_uses_coverage_then_the_number() {
        let pack = embedded();
        let s = voted(&pack, &[(2, 2), (5, 2), (8, 2), (1, 1)]);
        let c = suggest(
            &pack,
            s.state(),
            &cov(&[(2, 3), (5, 1), (8, 1)]),
            PickKind::Contentious,
        );
        assert_eq!(c.tied, vec![2, 5, 8]);
        assert_eq!(c.idea, Some(5));
        assert_eq!(
            c.rule,
            "most red stickers, leaving out the most popular, idea 4 (tie between 2, 5 and 8: fewer earlier discussions first, then the lower number)"
        );
        assert_eq!(
            c.counts,
            "red: 2→2, 5→2, 8→2, 1→1; earlier discussions: 2→3, 5→1, 8→1"
        );
    }

    #[test]
    fn no_stickers_at_all_still_gives_suggestions() {
        let pack = embedded();
        let s = group(&pack, "now", "full", 5);
        let none = Coverage::default();
        let p = suggest(&pack, s.state(), &none, PickKind::Popular);
        assert_eq!(p.tied, (1..=9).collect::<Vec<_>>());
        assert_eq!(p.idea, Some(1));
        assert_eq!(
            p.rule,
            "most green stickers (no green stickers yet, so all 9 are tied: fewer earlier discussions first, then the lower number)"
        );
        assert!(
            p.counts == "green: none placed yet; none discussed earlier",
            "{}",
            p.counts
        );
        let c = suggest(&pack, s.state(), &none, PickKind::Contentious);
        assert_eq!(c.tied, (2..=9).collect::<Vec<_>>());
        assert_eq!(c.idea, Some(2));
        let j = suggest(&pack, s.state(), &none, PickKind::Joker);
        assert_eq!(j.idea, Some(3));
        assert_eq!(j.tied, (3..=9).collect::<Vec<_>>());
        // Earlier groups discussed 1 and 2: the tie goes elsewhere.
        let some = cov(&[(1, 1), (2, 2), (3, 1)]);
        let p = suggest(&pack, s.state(), &some, PickKind::Popular);
        assert_eq!(p.idea, Some(4));
        let c = suggest(&pack, s.state(), &some, PickKind::Contentious);
        assert_eq!(c.idea, Some(5));
        let j = suggest(&pack, s.state(), &some, PickKind::Joker);
        assert_eq!(j.idea, Some(6));
    }

    #[test]
    fn the_joker_is_the_least_discussed_idea_left() {
        let pack = embedded();
        let s = voted(&pack, &[(2, 3)]);
        // Picks suggested: 4 (popular), 2 (contentious).
        let c = cov(&[
            (1, 2),
            (3, 1),
            (5, 2),
            (6, 0),
            (7, 1),
            (8, 3),
            (9, 1),
            (4, 0),
            (2, 0),
        ]);
        let j = suggest(&pack, s.state(), &c, PickKind::Joker);
        assert_eq!(j.kind, PickKind::Joker);
        assert_eq!(j.idea, Some(6));
        assert_eq!(j.tied, vec![6]);
        assert_eq!(
            j.rule,
            "fewest earlier discussions, leaving out the two picks 2 and 4"
        );
        assert_eq!(j.counts, "earlier discussions: 6→0, 3→1, 7→1");
    }

    #[test]
    fn a_joker_tie_goes_to_the_lower_number() {
        let pack = embedded();
        let s = voted(&pack, &[(2, 3)]);
        let c = cov(&[(1, 2), (3, 0), (5, 2), (6, 0), (7, 1), (8, 3), (9, 1)]);
        let j = suggest(&pack, s.state(), &c, PickKind::Joker);
        assert_eq!(j.idea, Some(3));
        assert_eq!(j.tied, vec![3, 6]);
        assert_eq!(
            j.rule,
            "fewest earlier discussions, leaving out the two picks 2 and 4 (tie between 3 and 6: the lower number)"
        );
        assert_eq!(j.counts, "earlier discussions: 3→0, 6→0, 7→1");
    }

    #[test]
    fn a_joker_when_every_idea_was_discussed_equally() {
        let pack = embedded();
        let s = voted(&pack, &[(2, 3)]);
        let all: Vec<(u32, usize)> = (1..=9).map(|i| (i, 2)).collect();
        let j = suggest(&pack, s.state(), &cov(&all), PickKind::Joker);
        assert_eq!(j.idea, Some(1));
        assert_eq!(j.tied, vec![1, 3, 5, 6, 7, 8, 9]);
        assert_eq!(
            j.rule,
            "fewest earlier discussions, leaving out the two picks 2 and 4 (all 7 discussed equally often: the lower number)"
        );
        // No earlier sessions at all reads the same way.
        let j0 = suggest(&pack, s.state(), &Coverage::default(), PickKind::Joker);
        assert_eq!((j0.idea, &j0.tied, &j0.rule), (j.idea, &j.tied, &j.rule));
        // Every count the same: said once, not listed.
        assert_eq!(j0.counts, "none discussed earlier");
        assert_eq!(j.counts, "each discussed by 2 earlier groups");
    }

    #[test]
    fn the_joker_leaves_out_the_ideas_actually_picked() {
        let pack = embedded();
        let mut s = voted(&pack, &[(2, 3)]);
        ok(
            &mut s,
            &pack,
            pick(1, 1, 4, Some("The group preferred it.")),
        );
        ok(
            &mut s,
            &pack,
            pick(2, 3, 2, Some("Already talked about 2.")),
        );
        let j = suggest(&pack, s.state(), &Coverage::default(), PickKind::Joker);
        assert_eq!(j.idea, Some(2));
        assert!(j.rule.contains("the two picks 1 and 3"), "{}", j.rule);
        assert!(!j.tied.contains(&1) && !j.tied.contains(&3));
    }

    #[test]
    fn a_suggestion_becomes_the_pick_event() {
        let pack = embedded();
        let mut s = voted(&pack, &[(2, 3)]);
        let p = suggest(&pack, s.state(), &Coverage::default(), PickKind::Popular);
        ok(&mut s, &pack, p.pick_event(1, 4, None));
        let c = suggest(
            &pack,
            s.state(),
            &Coverage::default(),
            PickKind::Contentious,
        );
        // Overriding without a reason is refused; with one it is recorded.
        refused(&mut s, &pack, c.pick_event(2, 9, Some(" ".into())));
        ok(
            &mut s,
            &pack,
            c.pick_event(2, 9, Some("The group asked for it.".into())),
        );
        let got = &s.state().picks[&2];
        assert_eq!(
            (got.idea, got.suggested, got.kind),
            (9, 2, PickKind::Contentious)
        );
        assert_eq!(got.rule, c.rule);
        assert_eq!(got.counts, c.counts);
        assert_eq!(slot_of(PickKind::Joker), 3);
        assert_eq!(
            kind_of_slot(slot_of(PickKind::Contentious)),
            Some(PickKind::Contentious)
        );
    }

    #[test]
    fn a_pack_with_too_few_ideas_leaves_nothing_to_suggest() {
        let mut pack = embedded();
        pack.ideas.truncate(2);
        let s = group(&pack, "now", "full", 2);
        let none = Coverage::default();
        assert_eq!(
            suggest(&pack, s.state(), &none, PickKind::Contentious).idea,
            Some(2)
        );
        let j = suggest(&pack, s.state(), &none, PickKind::Joker);
        assert_eq!(j.idea, None);
        assert!(j.tied.is_empty());
        assert!(j.rule.contains("no idea left"), "{}", j.rule);
    }

    // -- coverage ------------------------------------------------------------

    #[test]
    fn coverage_counts_each_group_once_and_leaves_out_the_current_one() {
        let pack = embedded();
        let mut a = group(&pack, "a", "full", 0);
        ok(&mut a, &pack, pick(1, 4, 4, None));
        ok(&mut a, &pack, pick(2, 2, 5, Some("why")));
        ok(&mut a, &pack, pick(3, 9, 9, None));
        let mut b = group(&pack, "b", "full", 0);
        ok(&mut b, &pack, pick(1, 4, 4, None));
        ok(&mut b, &pack, pick(3, 1, 1, None));
        // Re-picking slot 1 replaces: only the last pick counts.
        ok(&mut b, &pack, pick(1, 2, 4, Some("why")));
        // A slot dropped when the group chose to discuss fewer ideas.
        ok(&mut b, &pack, Event::IdeasPlanned { count: 2 });
        let mut now = group(&pack, "now", "full", 0);
        ok(&mut now, &pack, pick(1, 6, 6, None));
        let states = [a.state().clone(), b.state().clone(), now.state().clone()];
        let c = coverage(&states, Some("now"));
        assert_eq!(c.count(4), 1);
        assert_eq!(c.count(2), 2);
        assert_eq!(c.count(9), 1);
        assert_eq!(c.count(1), 0, "slot 3 of b is past its 2 ideas");
        assert_eq!(c.count(6), 0, "the current session is left out");
        assert_eq!(c.not_discussed(&pack), vec![1, 3, 5, 6, 7, 8]);
        let two = &c.by_idea[&2];
        assert_eq!(two[0].session, "a");
        assert_eq!(
            (two[0].kind, two[0].overridden),
            (PickKind::Contentious, true)
        );
        assert_eq!((two[1].kind, two[1].overridden), (PickKind::Popular, true));
        assert_eq!(two[1].location, "Ashford, Kent");
        assert_eq!(two[1].date, NaiveDate::from_ymd_opt(2026, 11, 29));
        assert!(!c.by_idea[&4][0].overridden);
        let all = coverage(&states, None);
        assert_eq!(all.count(6), 1);
        assert_eq!(coverage(std::iter::empty(), None), Coverage::default());
    }
}
