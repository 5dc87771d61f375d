//! What the Markdown report keeps of each group: the few fields its
//! sections print or count (the groups table, coverage, stickers, picks,
//! ratings, equity, questionnaires, codes) and the discussion notes and
//! quotes it lists, each with its attribution worked out once. A folded
//! session holds far more (every visit, pause, probe, the plan, the
//! roster, the notes' places); over 10,000 groups keeping only this is
//! what keeps the report's memory near the size of what it writes.

use std::collections::{BTreeMap, BTreeSet};

use super::quotes::item_text;
use super::{Group, name_of};
use crate::domain::event::{Answers, NoteKind, ParticipantId, Scale};
use crate::domain::ideas::{Tally, tally};
use crate::domain::profile::Phase;
use crate::domain::summary::Summary;

/// One group as the Markdown report needs it (see the module's doc).
#[derive(Debug, Clone)]
pub struct Digest {
    /// Id, date, location, plan, whether it is still running, and the
    /// ideas it discussed as coverage counts them.
    pub summary: Summary,
    /// Pilot or main fieldwork.
    pub phase: Phase,
    /// The group profile's age band.
    pub age_band: String,
    /// The group profile's social grade.
    pub social_grade: String,
    /// The group profile's ethnicity mix.
    pub ethnicity_mix: String,
    /// How many participants are on the roster.
    pub participants: usize,
    /// The group profile's notes say `DEMO DATA`.
    pub demo: bool,
    /// The ideas of the picks that stand, in slot order.
    pub picked: Vec<u32>,
    /// The sticker tally.
    pub tally: Tally,
    /// Ratings: (idea, scale) → value.
    pub ratings: BTreeMap<(Option<u32>, Scale), u8>,
    /// The (idea, scale) pairs answered "don't know".
    pub dont_know: BTreeSet<(Option<u32>, Scale)>,
    /// Equity dimensions raised, by idea.
    pub equity: BTreeMap<u32, BTreeSet<String>>,
    /// A pack's questionnaire answers: questionnaire id → participant → answers.
    pub questionnaires: BTreeMap<String, BTreeMap<ParticipantId, Answers>>,
    /// The codes of the notes not struck out: (the idea discussed, or None
    /// outside the discussions; code; how many notes), in the order each
    /// pair first came.
    pub codes: Vec<(Option<u32>, String, usize)>,
    /// The discussion notes and quotes that belong to an idea, in order of
    /// adding, as the report prints them.
    pub items: Vec<Item>,
    /// The guide sections the items were taken in ("" for none), each once.
    pub sections: Vec<String>,
}

/// A discussion note or quote, laid out as the report's quotes part
/// prints it (one allocation of exactly its text).
#[derive(Debug, Clone)]
pub struct Item {
    /// The idea it is about.
    pub idea: u32,
    /// The guide section it was taken in: its place in the digest's
    /// `sections`.
    pub section: usize,
    /// Note (a line of a list) or quote (a block and its attribution).
    pub kind: NoteKind,
    /// Starred as a key verbatim (listed first in its section).
    pub starred: bool,
    /// Its Markdown, as printed.
    pub text: Box<str>,
}

impl Digest {
    /// What the report keeps of `g`.
    pub fn of(g: &Group) -> Digest {
        let s = g.state();
        let p = &s.profile;
        let mut codes: Vec<(Option<u32>, String, usize)> = Vec::new();
        let mut items = Vec::new();
        let mut sections: Vec<String> = Vec::new();
        let name = name_of(&p.location, p.date);
        for n in g.notes() {
            let discussed = if g.in_discussion(n) {
                g.note_idea(n)
            } else {
                None
            };
            for c in &n.codes {
                match codes.iter_mut().find(|(i, x, _)| *i == discussed && x == c) {
                    Some((_, _, k)) => *k += 1,
                    None => codes.push((discussed, c.clone(), 1)),
                }
            }
            let Some(idea) = discussed else { continue };
            let sec = n.place.section.as_deref().unwrap_or_default();
            let section = match sections.iter().position(|x| x == sec) {
                Some(k) => k,
                None => {
                    sections.push(sec.to_string());
                    sections.len() - 1
                }
            };
            items.push(Item {
                idea,
                section,
                kind: n.kind,
                starred: n.starred,
                text: item_text(g, n, &name).into_boxed_str(),
            });
        }
        Digest {
            summary: Summary::of(s),
            phase: p.phase,
            age_band: p.age_band.clone(),
            social_grade: p.social_grade.clone(),
            ethnicity_mix: p.ethnicity_mix.clone(),
            participants: s.roster().count(),
            demo: p.notes.trim_start().starts_with("DEMO DATA"),
            picked: g.picks().iter().map(|(_, p)| p.idea).collect(),
            tally: tally(g.pack, s),
            ratings: s.ratings.clone(),
            dont_know: s.dont_know.clone(),
            equity: s.equity.clone(),
            questionnaires: s.questionnaires.clone(),
            codes,
            items,
            sections,
        }
    }

    /// The guide section an item of this group was taken in ("" for none).
    pub fn section_of(&self, item: &Item) -> &str {
        self.sections.get(item.section).map_or("", String::as_str)
    }

    /// The session id.
    pub fn id(&self) -> &str {
        &self.summary.id
    }

    /// "2026-11-29" or "".
    pub fn date(&self) -> String {
        self.summary.date.map(|d| d.to_string()).unwrap_or_default()
    }
}
