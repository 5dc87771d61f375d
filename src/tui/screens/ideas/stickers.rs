//! The sticker screen's view of the vote: the pack's colours, what was
//! entered, and the event a typed cell records.

use super::*;
use crate::tui::widgets::stickers::cells;

/// One colour of the vote as the sticker screen's keys need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteColour {
    /// Its id, as recorded.
    pub id: String,
    /// Its name ("green").
    pub label: String,
    /// How many each participant places (a cell each per participant).
    pub each: u32,
}

/// What the sticker screen's keys act on, read from the session: the way
/// the stickers are entered, the ideas, who is present and what was
/// entered so far. Component tests build it by hand (no disk); its
/// default has the built-in vote (two greens and a red each, "idea").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StickersView {
    /// How the stickers are entered.
    pub mode: StickerMode,
    /// The pack's idea numbers, in order (a row per poster).
    pub numbers: Vec<u32>,
    /// Who is present, in order (a row per participant).
    pub people: Vec<u32>,
    /// The tally is shown.
    pub shown: bool,
    /// Stickers were entered this way (a switch asks first).
    pub entered: bool,
    /// The vote's colours, in order (a column each per poster).
    pub colours: Vec<VoteColour>,
    /// The pack's word for an option ("idea").
    pub option: String,
    /// Per poster: the count of each colour, in order, per idea.
    pub poster_counts: BTreeMap<u32, Vec<u32>>,
    /// Per participant: the options of each colour, in order, per participant.
    pub placements: BTreeMap<u32, Vec<Vec<u32>>>,
}

impl Default for StickersView {
    fn default() -> Self {
        let colour = |id: &str, each| VoteColour {
            id: id.into(),
            label: id.into(),
            each,
        };
        StickersView {
            mode: StickerMode::default(),
            numbers: Vec::new(),
            people: Vec::new(),
            shown: false,
            entered: false,
            colours: vec![colour("green", 2), colour("red", 1)],
            option: "idea".into(),
            poster_counts: BTreeMap::new(),
            placements: BTreeMap::new(),
        }
    }
}

impl StickersView {
    /// The view of a session's sticker vote.
    pub fn of(pack: &Pack, state: &SessionState) -> StickersView {
        let mode = state.sticker_mode;
        StickersView {
            mode,
            numbers: pack.ideas.iter().map(|i| i.number).collect(),
            people: state.present().map(|p| p.id).collect(),
            shown: state.tally_shown,
            entered: entered_in(state, mode),
            colours: pack
                .method
                .votes
                .colours
                .iter()
                .map(|c| VoteColour {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    each: c.each,
                })
                .collect(),
            option: pack.method.wording.option.clone(),
            poster_counts: state
                .poster_counts
                .iter()
                .map(|(i, c)| (*i, ideas::counts_by_colour(pack, c)))
                .collect(),
            placements: state
                .placements
                .iter()
                .map(|(p, v)| (*p, ideas::places_by_colour(pack, v)))
                .collect(),
        }
    }

    pub(super) fn rows(&self) -> usize {
        match self.mode {
            StickerMode::PerPoster => self.numbers.len(),
            StickerMode::PerParticipant => self.people.len(),
        }
    }

    pub(super) fn cols(&self) -> usize {
        match self.mode {
            StickerMode::PerPoster => self.colours.len(),
            StickerMode::PerParticipant => cells(self.colours.iter().map(|c| c.each)).len(),
        }
    }

    pub(super) fn per_participant(&self) -> bool {
        self.mode == StickerMode::PerParticipant
    }

    /// The colour of column `col` (per poster, a colour; per participant,
    /// a cell of one) and which of its cells it is.
    pub(super) fn colour_of(&self, col: usize) -> Option<(usize, usize)> {
        match self.mode {
            StickerMode::PerPoster => (col < self.colours.len()).then_some((col, 0)),
            StickerMode::PerParticipant => {
                cells(self.colours.iter().map(|c| c.each)).get(col).copied()
            }
        }
    }

    /// "There is no idea 13."
    pub(super) fn no_such(&self, what: &str) -> Outcome {
        Outcome::Refuse(format!("There is no {} {what}.", self.option))
    }
}

/// The cell at (row, col) in words: "idea 2 (green)".
pub fn cell_words(v: &StickersView, row: usize, col: usize) -> String {
    let idea = v.numbers.get(row).copied().unwrap_or(0);
    let label = v
        .colour_of(col)
        .and_then(|(i, _)| v.colours.get(i))
        .map_or("", |c| c.label.as_str());
    format!("{} {idea} ({label})", v.option)
}

/// The event recording what was typed in the selected cell, if anything
/// was; the typed count is taken either way.
pub fn sticker_commit(st: &mut StickerState, v: &StickersView) -> Option<Event> {
    if st.typed.is_empty() {
        return None;
    }
    let typed = std::mem::take(&mut st.typed);
    let value = typed.parse::<u32>().ok()?;
    let (colour, k) = v.colour_of(st.col)?;
    let ids = v.colours.iter().map(|c| c.id.clone());
    Some(match v.mode {
        StickerMode::PerPoster => {
            let idea = *v.numbers.get(st.row)?;
            let mut counts = v.poster_counts.get(&idea).cloned().unwrap_or_default();
            counts.resize(v.colours.len(), 0);
            *counts.get_mut(colour)? = value;
            Event::PosterCounted {
                idea,
                counts: ids.zip(counts).collect(),
            }
        }
        StickerMode::PerParticipant => {
            let p = *v.people.get(st.row)?;
            let mut lists = v.placements.get(&p).cloned().unwrap_or_default();
            lists.resize(v.colours.len(), Vec::new());
            let list = lists.get_mut(colour)?;
            list.resize((v.colours.get(colour)?.each as usize).max(list.len()), 0);
            *list.get_mut(k)? = value;
            Event::StickersPlaced {
                participant: p,
                votes: ids
                    .zip(lists)
                    .map(|(id, l)| (id, l.into_iter().filter(|g| *g > 0).collect()))
                    .collect(),
            }
        }
    })
}
