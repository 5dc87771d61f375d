//! What the Markdown report keeps of each group: the few fields its
//! sections print or count (the groups table, coverage, stickers, picks,
//! ratings, equity, questionnaires, codes) and the discussion notes and
//! quotes it lists, each with its attribution worked out once. A folded
//! session holds far more (every visit, pause, probe, the plan, the
//! roster, the notes' places); over 10,000 groups keeping only this is
//! what keeps the report's memory near the size of what it writes.

use super::quotes::item_text_to;
use super::{Group, name_of};
use crate::domain::event::{NoteKind, Scale};
use crate::domain::profile::Phase;
use crate::domain::questionnaire::QuestionTally;
use crate::domain::summary::Summary;
use crate::stimulus::Pack;

/// One group as the Markdown report needs it (see the module's doc).
///
/// Over 10,000 groups every allocation kept counts: the texts (the items,
/// the sections' and codes' names) are one string per group, what is
/// counted is numbers and places in the pack's lists, and every list is
/// exactly its length.
#[derive(Debug, Clone)]
pub struct Digest {
    /// Id, date, location, plan, whether it is still running, and the
    /// ideas it discussed as coverage counts them.
    pub summary: Summary,
    /// Pilot or main fieldwork.
    pub phase: Phase,
    /// The group profile's age band.
    pub age_band: Box<str>,
    /// The group profile's social grade.
    pub social_grade: Box<str>,
    /// The group profile's ethnicity mix.
    pub ethnicity_mix: Box<str>,
    /// How many participants are on the roster.
    pub participants: usize,
    /// The group profile's notes say `DEMO DATA`.
    pub demo: bool,
    /// The ideas of the picks that stand, in slot order.
    pub picked: Box<[u32]>,
    /// The stickers, if the group's vote placed any.
    pub votes: Option<Votes>,
    /// Ratings on the pack's scales: (idea, the scale's place in the
    /// pack's list, value), in key order.
    pub ratings: Box<[(Option<u32>, u16, u8)]>,
    /// The (idea, scale's place) pairs answered "don't know", in order.
    pub dont_know: Box<[(Option<u32>, u16)]>,
    /// Equity dimensions raised: (idea, the dimension's place in the
    /// pack's list).
    pub equity: Box<[(u32, u16)]>,
    /// The pack's questionnaires the group answered: (the questionnaire's
    /// place in the pack's list, how many participants answered it, a
    /// tally per question in its order).
    pub questionnaires: Box<[Answered]>,
    /// The codes of the notes not struck out: (the idea discussed, or None
    /// outside the discussions; the code, in `text`; how many notes), in
    /// the order each pair first came.
    pub codes: Box<[(Option<u32>, Span, usize)]>,
    /// The discussion notes and quotes that belong to an idea, in order of
    /// adding, as the report prints them.
    pub items: Box<[Item]>,
    /// The guide sections the items were taken in ("" for none), each
    /// once, in `text`.
    pub sections: Box<[Span]>,
    /// The items' Markdown, the sections' and the codes' names, one after
    /// the other.
    pub text: Box<str>,
}

/// A questionnaire a group answered: its place in the pack's list, how
/// many participants answered it, a tally per question in its order.
pub type Answered = (usize, usize, Box<[QuestionTally]>);

/// Where a piece of a digest's `text` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    len: u32,
}

/// A group's stickers, as the report adds them up.
#[derive(Debug, Clone)]
pub struct Votes {
    /// Participants present at the vote.
    pub voters: u32,
    /// (idea, the colour's place in the method, tokens), the ideas with
    /// any.
    pub per_idea: Box<[(u32, u16, u32)]>,
}

/// A discussion note or quote, laid out as the report's quotes part
/// prints it.
#[derive(Debug, Clone)]
pub struct Item {
    /// The idea it is about.
    pub idea: u32,
    /// The guide section it was taken in: its place in the digest's
    /// `sections`.
    pub section: u32,
    /// Note (a line of a list) or quote (a block and its attribution).
    pub kind: NoteKind,
    /// Starred as a key verbatim (listed first in its section).
    pub starred: bool,
    /// Its Markdown, as printed, in the digest's `text`.
    pub text: Span,
}

/// A digest's `text` being written: each piece is put once, where it is
/// kept.
#[derive(Default)]
struct Texts {
    text: String,
}

impl Texts {
    fn put(&mut self, piece: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(piece);
        self.since(start)
    }

    /// The piece written since the text was `start` long.
    fn since(&self, start: usize) -> Span {
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            len: u32::try_from(self.text.len() - start).unwrap_or(0),
        }
    }

    fn get(&self, at: Span) -> &str {
        span_of(&self.text, at)
    }
}

fn span_of(text: &str, at: Span) -> &str {
    let start = at.start as usize;
    text.get(start..start + at.len as usize).unwrap_or_default()
}

/// `n` as a place in a list of the pack (its lists are short).
fn place(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

impl Digest {
    /// What the report keeps of `g`.
    pub fn of(g: &Group) -> Digest {
        let pack = g.pack;
        let s = g.state();
        let p = &s.profile;
        let mut texts = Texts::default();
        let mut codes: Vec<(Option<u32>, Span, usize)> = Vec::new();
        let mut items = Vec::new();
        let mut sections: Vec<Span> = Vec::new();
        let name = name_of(&p.location, p.date);
        let mut who = Vec::new();
        for n in g.notes() {
            let discussed = if g.in_discussion(n) {
                g.note_idea(n)
            } else {
                None
            };
            for c in &n.codes {
                let seen = codes
                    .iter_mut()
                    .find(|(i, x, _)| *i == discussed && texts.get(*x) == c.as_str());
                match seen {
                    Some((_, _, k)) => *k += 1,
                    None => codes.push((discussed, texts.put(c), 1)),
                }
            }
            let Some(idea) = discussed else { continue };
            let sec = n.place.section.as_deref().unwrap_or_default();
            let section = match sections.iter().position(|x| texts.get(*x) == sec) {
                Some(k) => k,
                None => {
                    sections.push(texts.put(sec));
                    sections.len() - 1
                }
            };
            let at = texts.text.len();
            item_text_to(&mut texts.text, g, n, &name, &mut who);
            let text = texts.since(at);
            items.push(Item {
                idea,
                section: u32::try_from(section).unwrap_or(u32::MAX),
                kind: n.kind,
                starred: n.starred,
                text,
            });
        }
        Digest {
            summary: Summary::of(s),
            phase: p.phase,
            age_band: p.age_band.as_str().into(),
            social_grade: p.social_grade.as_str().into(),
            ethnicity_mix: p.ethnicity_mix.as_str().into(),
            participants: s.roster().count(),
            demo: p.notes.trim_start().starts_with("DEMO DATA"),
            picked: g.picks().iter().map(|(_, p)| p.idea).collect(),
            votes: votes_of(g),
            ratings: s
                .ratings
                .iter()
                .filter_map(|((i, sc), v)| Some((*i, scale_place(pack, sc)?, *v)))
                .collect(),
            dont_know: s
                .dont_know
                .iter()
                .filter_map(|(i, sc)| Some((*i, scale_place(pack, sc)?)))
                .collect(),
            equity: s
                .equity
                .iter()
                .flat_map(|(i, raised)| {
                    pack.equity_dimensions
                        .iter()
                        .enumerate()
                        .filter(|(_, d)| raised.contains(*d))
                        .map(move |(k, _)| (*i, place(k)))
                })
                .collect(),
            questionnaires: questionnaires_of(g),
            codes: codes.into_boxed_slice(),
            items: items.into_boxed_slice(),
            sections: sections.into_boxed_slice(),
            text: texts.text.into_boxed_str(),
        }
    }

    /// The guide section an item of this group was taken in ("" for none).
    pub fn section_of(&self, item: &Item) -> &str {
        self.sections
            .get(item.section as usize)
            .map_or("", |at| span_of(&self.text, *at))
    }

    /// An item's Markdown, as printed.
    pub fn text_of(&self, item: &Item) -> &str {
        span_of(&self.text, item.text)
    }

    /// A code's name (of `codes`).
    pub fn code(&self, at: Span) -> &str {
        span_of(&self.text, at)
    }

    /// The group's rating of `idea` on the pack's scale at `scale`.
    pub fn rating(&self, idea: Option<u32>, scale: u16) -> Option<u8> {
        self.ratings
            .iter()
            .find(|(i, s, _)| *i == idea && *s == scale)
            .map(|(_, _, v)| *v)
    }

    /// Whether the group said "don't know" to `idea` on the pack's scale
    /// at `scale`.
    pub fn dont_know_of(&self, idea: Option<u32>, scale: u16) -> bool {
        self.dont_know.contains(&(idea, scale))
    }

    /// Whether the group raised the pack's equity dimension at `dim` when
    /// discussing `idea`.
    pub fn raised(&self, idea: u32, dim: usize) -> bool {
        self.equity.contains(&(idea, place(dim)))
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

/// The place of `scale` in the pack's list of rating scales (a scale the
/// pack does not have is never asked about by the report).
pub fn scale_place(pack: &Pack, scale: &Scale) -> Option<u16> {
    pack.method
        .ratings
        .scales
        .iter()
        .position(|s| s.id == scale.as_str())
        .map(place)
}

fn votes_of(g: &Group) -> Option<Votes> {
    let t = crate::domain::ideas::tally(g.pack, g.state());
    if t.placed() == 0 {
        return None;
    }
    let per_idea = t
        .colours
        .iter()
        .enumerate()
        .flat_map(|(k, c)| {
            c.per_idea
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(move |(i, n)| (*i, place(k), *n))
        })
        .collect();
    Some(Votes {
        voters: t.voters,
        per_idea,
    })
}

fn questionnaires_of(g: &Group) -> Box<[Answered]> {
    let s = g.state();
    g.pack
        .method
        .questionnaires
        .iter()
        .enumerate()
        .filter_map(|(k, q)| {
            let answered = s.questionnaires.get(&q.id)?;
            let tallies = q
                .questions
                .iter()
                .map(|question| QuestionTally::of(question, answered.values()))
                .collect();
            Some((k, answered.len(), tallies))
        })
        .collect()
}
