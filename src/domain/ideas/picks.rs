//! The three picks: the suggestion of each rule, with its ties and words.

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
            kind: self.kind,
            rule: self.rule.clone(),
            counts: self.counts.clone(),
            suggested: self.idea.unwrap_or(idea),
            reason: reason.filter(|r| !r.trim().is_empty()),
        }
    }
}

/// "4", "4 and 7", "1, 2 and 3".
pub(super) fn and_list(items: &[u32]) -> String {
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

pub(super) fn suggest_with(
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
pub(super) fn by_most(
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
pub(super) fn joker(pack: &Pack, excluded: &[u32], coverage: &Coverage) -> Suggestion {
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
