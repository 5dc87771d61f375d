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
    /// Tokens of each colour (first, second) each voter has.
    pub each: [u32; 2],
    /// The most of each colour one voter puts on one option.
    pub per_option: [u32; 2],
    /// The colours' names ("green", "red"; empty for a colour the method lacks).
    pub labels: [String; 2],
    /// The pack's words: option, token, tokens.
    pub words: [String; 3],
}

impl Tally {
    /// Green stickers the voters have between them.
    pub fn max_green(&self) -> u32 {
        self.voters.saturating_mul(self.each[0])
    }

    /// Red stickers the voters have between them.
    pub fn max_red(&self) -> u32 {
        self.voters.saturating_mul(self.each[1])
    }

    /// The most of colour `i` one poster can hold.
    fn poster_max(&self, i: usize) -> u32 {
        self.voters.saturating_mul(self.per_option[i])
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
        for (i, counts) in [&self.green, &self.red].into_iter().enumerate() {
            for (idea, n) in counts {
                if *n > self.poster_max(i) {
                    out.push(format!(
                        "{option} {idea} has {} but only {}.",
                        self.tokens(*n, &self.labels[i]),
                        present_words(self.voters)
                    ));
                }
            }
        }
        if self.placed_green > self.max_green() {
            out.push(format!(
                "{} are counted in all, more than the {} the participants present have.",
                self.tokens(self.placed_green, &self.labels[0]),
                self.max_green()
            ));
        }
        if self.placed_red > self.max_red() {
            out.push(format!(
                "{} are counted in all, more than the {} the participants present have.",
                self.tokens(self.placed_red, &self.labels[1]),
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
        let [g, r] = &self.labels;
        if self.placed_green > self.max_green() {
            out.push(format!(
                "{} of {} {g}s",
                self.placed_green,
                self.max_green()
            ));
        }
        if self.placed_red > self.max_red() {
            out.push(format!("{} of {} {r}s", self.placed_red, self.max_red()));
        }
        for (i, counts) in [&self.green, &self.red].into_iter().enumerate() {
            for (idea, n) in counts {
                if *n > self.poster_max(i) {
                    out.push(format!(
                        "{} {idea}: {n} {}s for {}",
                        self.words[0], self.labels[i], self.voters
                    ));
                }
            }
        }
        out
    }
}

/// A participant's first-colour options as counted: at most the budget,
/// distinct unless the method lets two go on one option (built-in:
/// distinct, at most two).
pub(super) fn greens_of(pack: &Pack, greens: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    let per = per_option(pack, 0) as usize;
    for g in greens {
        if out.iter().filter(|x| *x == g).count() < per && out.len() < each(pack, 0) as usize {
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
                for g in greens_of(pack, gs) {
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
        each: [each(pack, 0), each(pack, 1)],
        per_option: [per_option(pack, 0), per_option(pack, 1)],
        labels: [
            colour_label(pack, 0).to_string(),
            colour_label(pack, 1).to_string(),
        ],
        words: [
            pack.method.wording.option.clone(),
            pack.method.wording.token.clone(),
            pack.method.wording.tokens.clone(),
        ],
    }
}

/// Per participant entry: the participants present who still have
/// stickers left, as (who, greens left, reds left), in id order. Someone
/// recorded as abstaining (fewer stickers, or none) is listed too.
pub fn stickers_left(pack: &Pack, state: &SessionState) -> Vec<(ParticipantId, u32, u32)> {
    state
        .present()
        .filter_map(|p| {
            let (g, r) = match state.placements.get(&p.id) {
                Some((gs, r)) => (greens_of(pack, gs).len() as u32, u32::from(r.is_some())),
                None => (0, 0),
            };
            let left = (
                each(pack, 0).saturating_sub(g),
                each(pack, 1).saturating_sub(r),
            );
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
