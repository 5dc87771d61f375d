//! The picks: the suggestion of each slot's rule (the pack's method), with
//! its ties and words.

use super::*;

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
            kind: self.kind.clone(),
            rule: self.rule.clone(),
            counts: self.counts.clone(),
            suggested: self.idea.unwrap_or(idea),
            reason: reason.filter(|r| !r.trim().is_empty()),
        }
    }
}

/// "4", "4 and 7", "1, 2 and 3".
pub(super) fn and_list(items: &[u32]) -> String {
    and_words(items)
}

/// "green", "green and red", "green, amber and red".
pub fn and_words<T: std::fmt::Display>(items: &[T]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => {
            let head: Vec<String> = init.iter().map(T::to_string).collect();
            format!("{} and {last}", head.join(", "))
        }
    }
}

/// "4→6, 7→6, 1→3".
pub(super) fn arrows(items: &[(u32, u32)]) -> String {
    items
        .iter()
        .map(|(i, n)| format!("{i}→{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "earlier discussions: 4→0, 7→1", or, when every one has the same
/// count, that count once ("none discussed earlier").
pub(super) fn earlier_words(items: &[(u32, u32)]) -> String {
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
pub(super) fn shown(tied: usize, len: usize) -> usize {
    (tied + 1).max(3).min(len)
}

/// The suggestion for one pick. `coverage` is over the earlier groups (the
/// current session excluded). The slot's rule is the pack's:
///
/// - `most` of a colour (built-in: most popular, most green; most
///   contentious, most red): the options of the slots it excludes left out;
///   ties by the slot's tie-breaks, then the lower number.
/// - `coverage` (built-in: the joker): the option discussed by the fewest
///   earlier groups, the excluded slots' options left out; a tie goes to
///   the lower number.
/// - `moderator`: no suggestion; the option chosen stands as its own.
///
/// An excluded slot's option is the one picked for it, or if none is yet,
/// the one its rule suggests.
pub fn suggest(
    pack: &Pack,
    state: &SessionState,
    coverage: &Coverage,
    kind: PickKind,
) -> Suggestion {
    let t = tally(pack, state);
    suggest_with(pack, state, coverage, &t, kind)
}

pub(super) fn suggest_with(
    pack: &Pack,
    state: &SessionState,
    coverage: &Coverage,
    t: &Tally,
    kind: PickKind,
) -> Suggestion {
    let Some(spec) = pack.method.pick(kind.as_str()) else {
        return nothing_left(kind, "no such pick in the pack's method".to_string());
    };
    let own = slot_of(pack, &kind);
    // (the excluded slot's label, its option), in the order the pack gives.
    let mut excluded: Vec<(&str, u32)> = Vec::new();
    for e in &spec.excludes {
        let other = PickKind::new(e.clone());
        let slot = slot_of(pack, &other);
        if slot == 0 || slot >= own {
            continue; // only earlier slots (the pack check says so)
        }
        let idea = state
            .idea_in_slot(slot)
            .or_else(|| suggest_with(pack, state, coverage, t, other).idea);
        if let Some(i) = idea
            && !excluded.iter().any(|(_, x)| *x == i)
        {
            let label = pack.method.pick(e).map_or(e.as_str(), |p| p.label.as_str());
            excluded.push((label, i));
        }
    }
    match &spec.rule {
        PickRule::Most(colour) => {
            // (check-stimulus refuses a colour the vote lacks: the first then.)
            let c = t.colours.get(colour_index(pack, colour).unwrap_or(0));
            let label = c.map_or(colour.as_str(), |c| c.label.as_str());
            let none = BTreeMap::new();
            by_most(
                pack,
                kind,
                label,
                c.map_or(&none, |c| &c.per_idea),
                &excluded,
                &spec.tie_break,
                coverage,
            )
        }
        PickRule::Coverage => {
            let mut out: Vec<u32> = excluded.iter().map(|(_, i)| *i).collect();
            out.sort_unstable();
            joker(pack, kind, &spec.label, &out, coverage)
        }
        PickRule::Moderator => nothing_left(kind, "the moderator's choice".to_string()),
    }
}

/// The tie-breaks in words: "fewer earlier discussions first, then the
/// lower number".
fn tie_words(ties: &[TieBreak]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for t in ties {
        match t {
            TieBreak::Coverage => out.push("fewer earlier discussions first"),
            TieBreak::Number => break,
        }
    }
    if out.is_empty() {
        "the lower number".to_string()
    } else {
        format!("{}, then the lower number", out.join(", then "))
    }
}

/// Most of a colour, `excluded` left out; ties by `ties`, then the lower
/// number.
pub(super) fn by_most(
    pack: &Pack,
    kind: PickKind,
    colour: &str,
    values: &BTreeMap<u32, u32>,
    excluded: &[(&str, u32)],
    ties: &[TieBreak],
    coverage: &Coverage,
) -> Suggestion {
    let w = &pack.method.wording;
    let mut rule = format!("most {colour} {}", w.tokens);
    if let [(label, one)] = excluded {
        rule.push_str(&format!(", leaving out the {label}, {} {one}", w.option));
    } else if !excluded.is_empty() {
        let ideas: Vec<u32> = excluded.iter().map(|(_, i)| *i).collect();
        rule.push_str(&format!(", leaving out {} {}", w.options, and_list(&ideas)));
    }
    let mut candidates: Vec<(u32, u32)> = values
        .iter()
        .filter(|(i, _)| !excluded.iter().any(|(_, x)| x == *i))
        .map(|(i, n)| (*i, *n))
        .collect();
    let Some(top) = candidates.iter().map(|(_, n)| *n).max() else {
        return nothing_left(
            kind,
            format!("{rule} (no {} left to choose from)", w.option),
        );
    };
    let tied = with_count(&candidates, top);
    let by_cov = ties.first() == Some(&TieBreak::Coverage);
    let idea = tied
        .iter()
        .copied()
        .min_by_key(|i| (if by_cov { coverage.count(*i) } else { 0 }, *i));
    if tied.len() > 1 {
        let tie = if top == 0 {
            format!(
                "no {colour} {} yet, so all {} are tied",
                w.tokens,
                tied.len()
            )
        } else {
            format!("tie between {}", and_list(&tied))
        };
        rule.push_str(&format!(" ({tie}: {})", tie_words(ties)));
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
    for (label, i) in excluded {
        let c = values.get(i).copied().unwrap_or(0);
        if c > 0 {
            counts.push_str(&format!(" (left out: {i}→{c}, the {label})"));
        }
    }
    if tied.len() > 1 && by_cov {
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
pub(super) fn nothing_left(kind: PickKind, rule: String) -> Suggestion {
    Suggestion {
        kind,
        idea: None,
        tied: Vec::new(),
        rule,
        counts: String::new(),
    }
}

/// The ideas among `candidates` (idea, count) whose count is `n`.
pub(super) fn with_count(candidates: &[(u32, u32)], n: u32) -> Vec<u32> {
    candidates
        .iter()
        .filter(|(_, c)| *c == n)
        .map(|(i, _)| *i)
        .collect()
}

/// Fewest earlier discussions, `excluded` left out; ties by the lower number.
pub(super) fn joker(
    pack: &Pack,
    kind: PickKind,
    label: &str,
    excluded: &[u32],
    coverage: &Coverage,
) -> Suggestion {
    let w = &pack.method.wording;
    let mut rule = "fewest earlier discussions".to_string();
    match excluded {
        [] => {}
        [one] => rule.push_str(&format!(", leaving out the pick {one}")),
        more => rule.push_str(&format!(
            ", leaving out the {} picks {}",
            number_word(u32::try_from(more.len()).unwrap_or(u32::MAX)),
            and_list(more)
        )),
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
        return nothing_left(
            kind,
            format!("{rule} (no {} left to play as the {label})", w.option),
        );
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
