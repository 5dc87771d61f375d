//! The tally of the sticker vote, and who has stickers left.

use super::*;

/// The stickers as they stand, from the current entry mode's data only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// Green stickers per idea (every idea of the pack, 0 if none).
    pub green: BTreeMap<u32, u32>,
    /// Red stickers per idea (every idea of the pack, 0 if none).
    pub red: BTreeMap<u32, u32>,
    /// Participants present (who could vote).
    pub voters: u32,
    /// Green stickers placed in all.
    pub placed_green: u32,
    /// Red stickers placed in all.
    pub placed_red: u32,
}

impl Tally {
    /// Green stickers the voters have between them.
    pub fn max_green(&self) -> u32 {
        self.voters.saturating_mul(GREENS_EACH)
    }

    /// Red stickers the voters have between them.
    pub fn max_red(&self) -> u32 {
        self.voters.saturating_mul(REDS_EACH)
    }

    /// Counts the voters present could not have placed (possible when
    /// posters were counted before someone left the room), in plain words.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (colour, counts) in [("green", &self.green), ("red", &self.red)] {
            for (idea, n) in counts {
                if *n > self.voters {
                    out.push(format!(
                        "Idea {idea} has {} but only {}.",
                        stickers(*n, colour),
                        present_words(self.voters)
                    ));
                }
            }
        }
        if self.placed_green > self.max_green() {
            out.push(format!(
                "{} are counted in all, more than the {} the participants present have.",
                stickers(self.placed_green, "green"),
                self.max_green()
            ));
        }
        if self.placed_red > self.max_red() {
            out.push(format!(
                "{} are counted in all, more than the {} the participants present have.",
                stickers(self.placed_red, "red"),
                self.max_red()
            ));
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
        if self.placed_green > self.max_green() {
            out.push(format!(
                "{} of {} greens",
                self.placed_green,
                self.max_green()
            ));
        }
        if self.placed_red > self.max_red() {
            out.push(format!("{} of {} reds", self.placed_red, self.max_red()));
        }
        for (colour, counts) in [("greens", &self.green), ("reds", &self.red)] {
            for (idea, n) in counts {
                if *n > self.voters {
                    out.push(format!("idea {idea}: {n} {colour} for {}", self.voters));
                }
            }
        }
        out
    }
}

/// A participant's green ideas as counted: distinct, at most two.
pub(super) fn greens_of(greens: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    for g in greens {
        if !out.contains(g) && out.len() < GREENS_EACH as usize {
            out.push(*g);
        }
    }
    out
}

/// The tally of the stickers in the current entry mode. Per participant,
/// the stickers of those present count, and of those who left after their
/// stickers were recorded (see [`SessionState::voters`]).
pub fn tally(pack: &Pack, state: &SessionState) -> Tally {
    let mut green: BTreeMap<u32, u32> = pack.ideas.iter().map(|i| (i.number, 0)).collect();
    let mut red = green.clone();
    match state.sticker_mode {
        StickerMode::PerPoster => {
            for (idea, (g, r)) in &state.poster_counts {
                if let Some(x) = green.get_mut(idea) {
                    *x = *g;
                }
                if let Some(x) = red.get_mut(idea) {
                    *x = *r;
                }
            }
        }
        StickerMode::PerParticipant => {
            for p in state.voters() {
                let Some((gs, r)) = state.placements.get(&p.id) else {
                    continue;
                };
                for g in greens_of(gs) {
                    if let Some(x) = green.get_mut(&g) {
                        *x += 1;
                    }
                }
                if let Some(x) = r.and_then(|r| red.get_mut(&r)) {
                    *x += 1;
                }
            }
        }
    }
    Tally {
        placed_green: green.values().sum(),
        placed_red: red.values().sum(),
        green,
        red,
        voters: present_count(state),
    }
}

/// Per participant entry: the participants present who still have
/// stickers left, as (who, greens left, reds left), in id order. Someone
/// recorded as abstaining (fewer stickers, or none) is listed too.
pub fn stickers_left(state: &SessionState) -> Vec<(ParticipantId, u32, u32)> {
    state
        .present()
        .filter_map(|p| {
            let (g, r) = match state.placements.get(&p.id) {
                Some((gs, r)) => (greens_of(gs).len() as u32, u32::from(r.is_some())),
                None => (0, 0),
            };
            let left = (GREENS_EACH - g, REDS_EACH - r);
            (left != (0, 0)).then_some((p.id, left.0, left.1))
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
