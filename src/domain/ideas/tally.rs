//! The tally of the sticker vote, and who has stickers left.

use super::*;

/// One colour's part of the tally.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColourTally {
    /// The colour's id (`green`).
    pub id: String,
    /// Its name ("green").
    pub label: String,
    /// What marks it when colours are off.
    pub glyph: String,
    /// Tokens of it each voter has.
    pub each: u32,
    /// The most of it one voter puts on one option.
    pub per_option: u32,
    /// Tokens per idea (every idea of the pack, 0 if none).
    pub per_idea: BTreeMap<u32, u32>,
    /// Tokens of it placed in all.
    pub placed: u32,
}

impl ColourTally {
    /// Tokens of this colour on an idea.
    pub fn on(&self, idea: u32) -> u32 {
        self.per_idea.get(&idea).copied().unwrap_or(0)
    }
}

/// The stickers as they stand, from the current entry mode's data only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// Per colour of the method, in its order.
    pub colours: Vec<ColourTally>,
    /// Participants present (who could vote).
    pub voters: u32,
    /// The pack's words: option, token, tokens.
    pub words: [String; 3],
}

impl Tally {
    /// Tokens of colour `c` the voters have between them.
    pub fn max(&self, c: &ColourTally) -> u32 {
        self.voters.saturating_mul(c.each)
    }

    /// Tokens of every colour placed in all.
    pub fn placed(&self) -> u32 {
        self.colours.iter().map(|c| c.placed).sum()
    }

    /// Tokens of colour `i` on an idea (0 for a colour the method lacks).
    pub fn count(&self, i: usize, idea: u32) -> u32 {
        self.colours.get(i).map_or(0, |c| c.on(idea))
    }

    /// The most of colour `c` one poster can hold.
    fn poster_max(&self, c: &ColourTally) -> u32 {
        self.voters.saturating_mul(c.per_option)
    }

    /// "5 green stickers".
    fn tokens(&self, n: u32, colour: &str) -> String {
        let w = if n == 1 {
            &self.words[1]
        } else {
            &self.words[2]
        };
        format!("{n} {colour} {w}")
    }

    /// Counts the voters present could not have placed (possible when
    /// posters were counted before someone left the room), in plain words.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let option = capitalise(&self.words[0]);
        for c in &self.colours {
            for (idea, n) in &c.per_idea {
                if *n > self.poster_max(c) {
                    out.push(format!(
                        "{option} {idea} has {} but only {}.",
                        self.tokens(*n, &c.label),
                        present_words(self.voters)
                    ));
                }
            }
        }
        for c in &self.colours {
            if c.placed > self.max(c) {
                out.push(format!(
                    "{} are counted in all, more than the {} the participants present have.",
                    self.tokens(c.placed, &c.label),
                    self.max(c)
                ));
            }
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
        for c in &self.colours {
            if c.placed > self.max(c) {
                out.push(format!("{} of {} {}s", c.placed, self.max(c), c.label));
            }
        }
        for c in &self.colours {
            for (idea, n) in &c.per_idea {
                if *n > self.poster_max(c) {
                    out.push(format!(
                        "{} {idea}: {n} {}s for {}",
                        self.words[0], c.label, self.voters
                    ));
                }
            }
        }
        out
    }
}

/// A participant's options of colour `i` as counted: at most the budget,
/// distinct unless the method lets two go on one option, and then no more
/// on one than it lets (built-in greens: distinct, at most two).
pub(super) fn counted(pack: &Pack, i: usize, options: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let per = per_option(pack, i) as usize;
    for g in options {
        if out.iter().filter(|x| *x == g).count() < per && out.len() < each(pack, i) as usize {
            out.push(*g);
        }
    }
    out
}

/// A participant's options per colour of the pack as counted (see
/// [`counted`]), or None if nothing is recorded for them.
pub fn counted_places(
    pack: &Pack,
    state: &SessionState,
    p: ParticipantId,
) -> Option<Vec<Vec<u32>>> {
    let placed = state.placements.get(&p)?;
    Some(
        places_by_colour(pack, placed)
            .iter()
            .enumerate()
            .map(|(i, o)| counted(pack, i, o))
            .collect(),
    )
}

/// The tally of the stickers in the current entry mode. Per participant,
/// the stickers of those present count, and of those who left after their
/// stickers were recorded (see [`SessionState::voters`]).
pub fn tally(pack: &Pack, state: &SessionState) -> Tally {
    let zero: BTreeMap<u32, u32> = pack.ideas.iter().map(|i| (i.number, 0)).collect();
    let mut per: Vec<BTreeMap<u32, u32>> = vec![zero; colour_count(pack)];
    let mut add = |i: usize, idea: u32, n: u32| {
        if let Some(x) = per.get_mut(i).and_then(|m| m.get_mut(&idea)) {
            *x = x.saturating_add(n);
        }
    };
    match state.sticker_mode {
        StickerMode::PerPoster => {
            for (idea, counts) in &state.poster_counts {
                for (i, n) in counts_by_colour(pack, counts).into_iter().enumerate() {
                    add(i, *idea, n);
                }
            }
        }
        StickerMode::PerParticipant => {
            for p in state.voters() {
                for (i, options) in counted_places(pack, state, p.id)
                    .unwrap_or_default()
                    .into_iter()
                    .enumerate()
                {
                    for o in options {
                        add(i, o, 1);
                    }
                }
            }
        }
    }
    let colours = pack
        .method
        .votes
        .colours
        .iter()
        .zip(per)
        .enumerate()
        .map(|(i, (c, per_idea))| ColourTally {
            id: c.id.clone(),
            label: c.label.clone(),
            glyph: c.glyph.clone(),
            each: c.each,
            per_option: per_option(pack, i),
            placed: per_idea.values().sum(),
            per_idea,
        })
        .collect();
    Tally {
        colours,
        voters: present_count(state),
        words: [
            pack.method.wording.option.clone(),
            pack.method.wording.token.clone(),
            pack.method.wording.tokens.clone(),
        ],
    }
}

/// Per participant entry: the participants present who still have
/// stickers left, as (who, how many left of each colour), in id order.
/// Someone recorded as abstaining (fewer stickers, or none) is listed too.
pub fn stickers_left(pack: &Pack, state: &SessionState) -> Vec<(ParticipantId, Vec<u32>)> {
    state
        .present()
        .filter_map(|p| {
            let placed = counted_places(pack, state, p.id).unwrap_or_default();
            let left: Vec<u32> = (0..colour_count(pack))
                .map(|i| {
                    let n = placed.get(i).map_or(0, Vec::len);
                    each(pack, i).saturating_sub(u32::try_from(n).unwrap_or(u32::MAX))
                })
                .collect();
            left.iter().any(|n| *n > 0).then_some((p.id, left))
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
