//! The coverage of the ideas across groups (a fold over sessions already read; the sessions folder's is `store::coverage_of_folder`).

use super::*;

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
                kind: pick.kind.clone(),
                overridden: pick.idea != pick.suggested,
            });
        }
    }
    cov
}
