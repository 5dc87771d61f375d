//! The checks of the idea-testing events: stickers, posters, picks.

use super::*;

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

pub(super) fn known_idea(pack: &Pack, idea: u32) -> Result<(), Refused> {
    if pack.ideas.iter().any(|i| i.number == idea) {
        Ok(())
    } else {
        refuse(format!("There is no idea {idea} in the pack."))
    }
}

pub(super) fn on_roster(state: &SessionState, id: ParticipantId) -> Result<(), Refused> {
    if state.participants.contains_key(&id) && !state.removed.contains(&id) {
        Ok(())
    } else {
        refuse(format!("There is no participant {id} on the roster."))
    }
}

/// "participant 3 (Sue)".
pub(super) fn who(state: &SessionState, id: ParticipantId) -> String {
    match state.participants.get(&id) {
        Some(p) if !p.label.trim().is_empty() => format!("participant {id} ({})", p.label.trim()),
        _ => format!("participant {id}"),
    }
}

/// "1 participant is present" / "6 participants are present".
pub(super) fn present_words(n: u32) -> String {
    if n == 1 {
        "1 participant is present".to_string()
    } else {
        format!("{n} participants are present")
    }
}

pub(super) fn stickers(n: u32, colour: &str) -> String {
    if n == 1 {
        format!("1 {colour} sticker")
    } else {
        format!("{n} {colour} stickers")
    }
}

/// How many count at the vote (see [`SessionState::voters`]).
pub(super) fn present_count(state: &SessionState) -> u32 {
    u32::try_from(state.voters().count()).unwrap_or(u32::MAX)
}

pub(super) fn check_poster(
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

pub(super) fn check_placed(
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

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn check_pick(
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
