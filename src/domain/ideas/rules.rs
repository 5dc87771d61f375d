//! The checks of the idea-testing events: stickers, posters, picks.

use super::*;
use std::collections::BTreeSet;

/// Check an idea-testing event against the state; `Ok` if it may be recorded.
///
/// Stickers may still be corrected after picks were made (the picks keep
/// the rule and counts they were made on).
pub fn check(pack: &Pack, state: &SessionState, plan: &Plan, event: &Event) -> Result<(), Refused> {
    match event {
        Event::PosterCounted { idea, counts } => check_poster(pack, state, *idea, counts),
        Event::StickersPlaced { participant, votes } => {
            check_placed(pack, state, *participant, votes)
        }
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
        Event::Rated {
            idea,
            scale,
            value,
            dont_know,
        } => {
            let Some(s) = pack.method.ratings.scale(scale.as_str()) else {
                let known: Vec<&str> = pack
                    .method
                    .ratings
                    .scales
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect();
                return refuse(format!(
                    "\"{}\" is not one of the pack's scales ({}).",
                    scale.as_str(),
                    known.join(", ")
                ));
            };
            let value = match (value, dont_know) {
                (None, true) if s.dont_know => return rated_thing(pack, *idea),
                (None, true) => {
                    return refuse(format!(
                        "{} has no \"don't know\": give a rating from {} to {}.",
                        s.label, s.min, s.max
                    ));
                }
                (Some(_), true) => {
                    return refuse("A rating is either a value or \"don't know\", not both.");
                }
                (None, false) => {
                    return refuse(format!("Give a rating from {} to {}.", s.min, s.max));
                }
                (Some(v), false) => v,
            };
            if !(s.min..=s.max).contains(value) {
                let same = pack
                    .method
                    .ratings
                    .scales
                    .iter()
                    .all(|o| (o.min, o.max) == (s.min, s.max));
                return refuse(if same {
                    format!("Ratings go from {} to {}.", s.min, s.max)
                } else {
                    format!("{} ratings go from {} to {}.", s.label, s.min, s.max)
                });
            }
            rated_thing(pack, *idea)
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
        Event::Stage3Answered { .. } | Event::QuestionnaireAnswered { .. } => {
            let Some(a) = event.answers() else {
                return Ok(());
            };
            on_roster(state, a.participant)?;
            check_answers(pack, a.questionnaire, &a.answers)
        }
        _ => Ok(()),
    }
}

/// Each answer names a question of the questionnaire and fits its kind.
fn check_answers(
    pack: &Pack,
    questionnaire: &str,
    answers: &crate::domain::event::Answers,
) -> Result<(), Refused> {
    use crate::domain::event::AnswerValue;
    use crate::stimulus::method::QuestionKind;
    let Some(q) = pack
        .method
        .questionnaires
        .iter()
        .find(|q| q.id == questionnaire)
    else {
        return refuse(format!(
            "The pack has no questionnaire \"{questionnaire}\"."
        ));
    };
    for (id, value) in answers {
        let Some(question) = q.questions.iter().find(|x| &x.id == id) else {
            return refuse(format!(
                "Questionnaire \"{questionnaire}\" has no question \"{id}\"."
            ));
        };
        let Some(value) = value else {
            // `null`: don't know (or, for a text, left out).
            if question.dont_know || question.kind == QuestionKind::Text {
                continue;
            }
            return refuse(format!(
                "\"{}\" ({questionnaire}/{id}) has no \"don't know\".",
                question.label
            ));
        };
        let fits = match (&question.kind, value) {
            (QuestionKind::Choice(options), AnswerValue::Text(v)) => {
                options.iter().any(|(o, _)| o == v)
            }
            (QuestionKind::YesNo, AnswerValue::Yes(_)) => true,
            (QuestionKind::Scale { min, max }, AnswerValue::Number(n)) => {
                (i64::from(*min)..=i64::from(*max)).contains(n)
            }
            (QuestionKind::Text, AnswerValue::Text(_)) => true,
            _ => false,
        };
        if !fits {
            let value = match value {
                AnswerValue::Yes(b) => b.to_string(),
                AnswerValue::Number(n) => n.to_string(),
                AnswerValue::Text(t) => format!("\"{t}\""),
            };
            return refuse(format!(
                "{value} is not an answer to \"{}\" ({questionnaire}/{id}).",
                question.label
            ));
        }
    }
    Ok(())
}

/// What a rating is of fits the pack: an idea of the pack when ratings
/// are per option, none (the group as a whole) when the group rates once.
fn rated_thing(pack: &Pack, idea: Option<u32>) -> Result<(), Refused> {
    let w = &pack.method.wording;
    match (idea, pack.method.ratings.per_group()) {
        (Some(n), true) => refuse(format!(
            "The group rates once here, not per {}: a rating names no {} (not {} {n}).",
            w.option, w.option, w.option
        )),
        (None, false) => refuse(format!(
            "Ratings are given per {} here: say which {} is rated.",
            w.option, w.option
        )),
        (Some(n), false) => known_idea(pack, n),
        (None, true) => Ok(()),
    }
}

pub(super) fn known_idea(pack: &Pack, idea: u32) -> Result<(), Refused> {
    if pack.ideas.iter().any(|i| i.number == idea) {
        Ok(())
    } else {
        refuse(format!(
            "There is no {} {idea} in the pack.",
            pack.method.wording.option
        ))
    }
}

/// "Idea" (the pack's word for an option, capitalised).
pub(super) fn option_cap(pack: &Pack) -> String {
    capitalise(&pack.method.wording.option)
}

/// Why a poster cannot hold more of colour `i` than the participants
/// present: "and nobody puts both greens on one idea", "with one red each".
pub(super) fn per_poster_reason(pack: &Pack, i: usize) -> String {
    let (each, per) = (each(pack, i), per_option(pack, i));
    let label = colour_label(pack, i);
    let option = &pack.method.wording.option;
    if per < each {
        if per <= 1 {
            let n = if each == 2 { "both" } else { "two" };
            format!("and nobody puts {n} {label}s on one {option}")
        } else {
            format!("and nobody puts more than {per} {label}s on one {option}")
        }
    } else {
        format!("with {} each", budget_words(pack, i))
    }
}

/// "two greens", "one red".
pub(super) fn budget_words(pack: &Pack, i: usize) -> String {
    let n = each(pack, i);
    let label = colour_label(pack, i);
    if n == 1 {
        format!("one {label}")
    } else {
        format!("{} {label}s", number_word(n))
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

/// "1 green sticker", "5 green stickers" (the pack's word for a token).
pub(super) fn stickers(pack: &Pack, n: u32, colour: &str) -> String {
    let w = &pack.method.wording;
    if n == 1 {
        format!("1 {colour} {}", w.token)
    } else {
        format!("{n} {colour} {}", w.tokens)
    }
}

/// How many count at the vote (see [`SessionState::voters`]).
pub(super) fn present_count(state: &SessionState) -> u32 {
    u32::try_from(state.voters().count()).unwrap_or(u32::MAX)
}

/// The first colour id recorded that the pack has no colour for, if any.
fn unknown_colour<'a>(pack: &Pack, mut keys: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    keys.find(|k| colour_of_key(pack, k).is_none())
}

/// "\"blue\" is not one of the vote's colours (green, red)."
fn not_a_colour(pack: &Pack, key: &str) -> String {
    let ids: Vec<&str> = pack
        .method
        .votes
        .colours
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    format!(
        "\"{key}\" is not one of the vote's colours ({}).",
        ids.join(", ")
    )
}

pub(super) fn check_poster(
    pack: &Pack,
    state: &SessionState,
    idea: u32,
    counts: &Counts,
) -> Result<(), Refused> {
    known_idea(pack, idea)?;
    let present = present_count(state);
    let w = &pack.method.wording;
    if present == 0 {
        if counts.is_empty() {
            return Ok(());
        }
        return refuse(format!(
            "Nobody is marked present, so no {} can be counted: add the group to the roster first.",
            w.tokens
        ));
    }
    if let Some(key) = unknown_colour(pack, counts.iter().map(|(k, _)| k)) {
        return refuse(if colour_count(pack) == 1 {
            format!(
                "The vote has one colour only: there is no second to count on {} {idea}.",
                w.option
            )
        } else {
            not_a_colour(pack, key)
        });
    }
    let new = counts_by_colour(pack, counts);
    let old = state
        .poster_counts
        .get(&idea)
        .map(|c| counts_by_colour(pack, c))
        .unwrap_or_default();
    let mut all = vec![0u64; colour_count(pack)];
    for c in state.poster_counts.values() {
        for (x, n) in all.iter_mut().zip(counts_by_colour(pack, c)) {
            *x += u64::from(n);
        }
    }
    for (i, n) in new.iter().enumerate() {
        if *n > present.saturating_mul(per_option(pack, i)) {
            return refuse(format!(
                "{} {idea} cannot have {}: {}, {}.",
                option_cap(pack),
                stickers(pack, *n, colour_label(pack, i)),
                present_words(present),
                per_poster_reason(pack, i)
            ));
        }
    }
    for (i, n) in new.iter().enumerate() {
        let label = colour_label(pack, i);
        let old = old.get(i).copied().unwrap_or(0);
        let total = all.get(i).copied().unwrap_or(0) - u64::from(old) + u64::from(*n);
        // A correction that lowers a count is always let through, so counts
        // taken before someone left can be brought down step by step.
        let max = u64::from(present) * u64::from(each(pack, i));
        if total > max && *n > old {
            return refuse(format!(
                "That makes {total} {label} {} on all the posters, but {} with {} each ({max} at most).",
                w.tokens,
                present_words(present),
                budget_words(pack, i)
            ));
        }
    }
    Ok(())
}

pub(super) fn check_placed(
    pack: &Pack,
    state: &SessionState,
    participant: ParticipantId,
    votes: &Placement,
) -> Result<(), Refused> {
    on_roster(state, participant)?;
    let w = &pack.method.wording;
    if state.absent.contains(&participant) {
        return refuse(format!(
            "{} is marked as out of the room: only those present place {}.",
            capitalise(&who(state, participant)),
            w.tokens
        ));
    }
    if let Some(key) = unknown_colour(pack, votes.iter().map(|(k, _)| k)) {
        return refuse(if colour_count(pack) == 1 {
            format!(
                "The vote has one colour only: {} has no second colour to place.",
                who(state, participant)
            )
        } else {
            not_a_colour(pack, key)
        });
    }
    let placed = places_by_colour(pack, votes);
    for (i, options) in placed.iter().enumerate() {
        let n = each(pack, i);
        if options.len() > n as usize {
            return refuse(format!(
                "Each participant has {} {} {}, not {}.",
                number_word(n),
                colour_label(pack, i),
                if n == 1 { &w.token } else { &w.tokens },
                options.len()
            ));
        }
    }
    for idea in placed.iter().flatten() {
        known_idea(pack, *idea)?;
    }
    for (i, options) in placed.iter().enumerate() {
        let label = colour_label(pack, i);
        let per = per_option(pack, i);
        if per < 2 {
            if let [a, b] = options.as_slice()
                && a == b
            {
                return refuse(format!(
                    "Both {label} {} of {} are on {} {a}: the two {label}s go on two different {}.",
                    w.tokens,
                    who(state, participant),
                    w.option,
                    w.options
                ));
            }
            let mut seen = BTreeSet::new();
            if let Some(a) = options.iter().find(|g| !seen.insert(**g)) {
                return refuse(format!(
                    "Two {label} {} of {} are on {} {a}: the {label}s go on different {}.",
                    w.tokens,
                    who(state, participant),
                    w.option,
                    w.options
                ));
            }
        } else if let Some((a, on_it)) = most_on_one(options.iter())
            && on_it > per as usize
        {
            return refuse(format!(
                "{} puts {on_it} {label} {} on {} {a}: at most {per} {label}s go on one {}.",
                capitalise(&who(state, participant)),
                w.tokens,
                w.option,
                w.option
            ));
        }
    }
    if let Some(cap) = pack.method.votes.max_per_option
        && let Some((a, on_it)) = most_on_one(placed.iter().flatten())
        && on_it > cap as usize
    {
        return refuse(format!(
            "{} puts {on_it} {} on {} {a}: at most {cap} go on one {}.",
            capitalise(&who(state, participant)),
            w.tokens,
            w.option,
            w.option
        ));
    }
    Ok(())
}

/// The option most tokens went on, and how many (the last seen of those
/// with most), if any.
fn most_on_one<'a>(options: impl Iterator<Item = &'a u32> + Clone) -> Option<(u32, usize)> {
    options
        .clone()
        .map(|a| (*a, options.clone().filter(|x| *x == a).count()))
        .max_by_key(|(_, n)| *n)
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
    let w = &pack.method.wording;
    if n == 0 {
        return refuse(format!(
            "This group's plan has no {} discussions.",
            w.option
        ));
    }
    if slot == 0 || slot > n {
        return refuse(format!(
            "This group discusses {n} {}, so there is no slot {slot}.",
            pack.method.options_word(n)
        ));
    }
    known_idea(pack, idea)?;
    if let Some((other, _)) = state
        .picks
        .iter()
        .find(|(s, p)| **s != slot && **s <= n && p.idea == idea)
    {
        return refuse(format!(
            "{} {idea} is already picked for slot {other}.",
            option_cap(pack)
        ));
    }
    if idea != suggested && reason.is_none_or(|r| r.trim().is_empty()) {
        return refuse(format!(
            "{} {suggested} was suggested: say why the group chose {} {idea} instead.",
            option_cap(pack),
            w.option
        ));
    }
    Ok(())
}
