//! The coverage of the ideas across groups (a fold over sessions already read; the sessions folder's is `store::coverage_of_folder`).

use super::*;
use crate::domain::summary::{Source, Summary, sources};

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
    /// Whose groups these are: every group counted (whether or not it has
    /// discussed an idea yet), by moderator and laptop, newest first.
    pub sources: Vec<Source>,
}

impl Coverage {
    /// How many groups discussed this idea.
    pub fn count(&self, idea: u32) -> usize {
        self.by_idea.get(&idea).map_or(0, Vec::len)
    }

    /// How many groups the counts come from.
    pub fn groups(&self) -> usize {
        self.sources.iter().map(|s| s.groups).sum()
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
    let summaries: Vec<Summary> = sessions
        .into_iter()
        .filter(|s| exclude_id != Some(s.id.as_str()))
        .map(Summary::of)
        .collect();
    coverage_of_summaries(&summaries, exclude_id)
}

/// [`coverage`] from the sessions' summaries (what the store's index keeps).
pub fn coverage_of_summaries<'a>(
    summaries: impl IntoIterator<Item = &'a Summary>,
    exclude_id: Option<&str>,
) -> Coverage {
    let mut cov = Coverage::default();
    let counted: Vec<&Summary> = summaries
        .into_iter()
        .filter(|s| exclude_id != Some(s.id.as_str()))
        .collect();
    for s in &counted {
        for pick in &s.discussed {
            cov.by_idea.entry(pick.idea).or_default().push(Discussed {
                session: s.id.clone(),
                location: s.location.clone(),
                date: s.date,
                kind: pick.kind.clone(),
                overridden: pick.overridden,
            });
        }
    }
    cov.sources = sources(counted);
    cov
}
