//! The gallery of a demo group: the posters, the sticker vote, the picks and their overrides.

use super::*;
use crate::stimulus::method::PickRule;

impl Builder<'_> {
    /// The gallery: the posters go up, the sticker vote, the picks.
    pub(super) fn gallery(&mut self, key: &str, secs: i64, cov: &Coverage) -> anyhow::Result<()> {
        let pack = self.pack;
        let ideas: Vec<u32> = pack.ideas.iter().map(|i| i.number).collect();
        let weight = |w: &[u32], idea: u32| -> u32 {
            usize::try_from(idea)
                .ok()
                .and_then(|i| i.checked_sub(1))
                .and_then(|i| w.get(i))
                .copied()
                .unwrap_or(5)
        };
        let green_w: Vec<u32> = ideas
            .iter()
            .map(|i| weight(&self.bank.green_weights, *i))
            .collect();
        let red_w: Vec<u32> = ideas
            .iter()
            .map(|i| weight(&self.bank.red_weights, *i))
            .collect();

        let mut items = Vec::new();
        let counts = (self.rng.range(0, 1) as usize, 0);
        self.lines(
            &mut items,
            self.bank.step("gallery"),
            counts,
            key,
            None,
            None,
        );

        let mode = match self.index {
            0 => StickerMode::PerPoster,
            1 => StickerMode::PerParticipant,
            _ if self.rng.chance(50) => StickerMode::PerParticipant,
            _ => StickerMode::PerPoster,
        };
        let voters: Vec<u32> = self.session.state().present().map(|p| p.id).collect();
        let mut placements = Vec::new();
        for p in &voters {
            let abstain = self.rng.chance(4);
            let mut greens = Vec::new();
            let n_green = if abstain { self.rng.range(0, 1) } else { 2 };
            let mut w = green_w.clone();
            for _ in 0..n_green {
                let i = self.rng.weighted(&w);
                if let Some(idea) = ideas.get(i) {
                    greens.push(*idea);
                    w[i] = 0;
                }
            }
            let red = if abstain && self.rng.chance(50) {
                None
            } else {
                let mut w = red_w.clone();
                for (k, idea) in ideas.iter().enumerate() {
                    if greens.contains(idea) {
                        w[k] = 0;
                    }
                }
                ideas.get(self.rng.weighted(&w)).copied()
            };
            placements.push((*p, greens, red));
        }
        match mode {
            StickerMode::PerParticipant => {
                items.push(Item::Ev(Event::StickerModeSet { mode }));
                for (p, green, red) in placements {
                    let votes = [green, red.into_iter().collect()];
                    items.push(Item::Ev(Event::StickersPlaced {
                        participant: p,
                        votes: crate::domain::ideas::placement_of(self.pack, &votes),
                    }));
                }
            }
            StickerMode::PerPoster => {
                let mut green: Vec<u32> = vec![0; ideas.len()];
                let mut red: Vec<u32> = vec![0; ideas.len()];
                for (_, gs, r) in &placements {
                    for g in gs {
                        if let Some(k) = ideas.iter().position(|i| i == g) {
                            green[k] += 1;
                        }
                    }
                    if let Some(k) = r.and_then(|r| ideas.iter().position(|i| *i == r)) {
                        red[k] += 1;
                    }
                }
                if self.index == 0 {
                    // The first demo group has a tie for the most popular.
                    let mut sorted = green.clone();
                    sorted.sort_unstable_by(|a, b| b.cmp(a));
                    if let (Some(top), Some(second)) = (sorted.first(), sorted.get(1))
                        && let Some(k) = green.iter().position(|g| g == top)
                    {
                        green[k] = *second;
                    }
                }
                for (k, idea) in ideas.iter().enumerate() {
                    items.push(Item::Ev(Event::PosterCounted {
                        idea: *idea,
                        counts: crate::domain::ideas::counts_of(self.pack, &[green[k], red[k]]),
                    }));
                }
            }
        }
        items.push(Item::Ev(Event::TallyRevealed { shown: true }));
        self.spread(items, secs * 6 / 10, key)?;

        // The picks, one slot after the other.
        let slots =
            slot_count(pack, self.session.state(), self.session.plan()).min(pack.max_slots());
        let gap = secs * 4 / 10 / (i64::from(slots) + 1);
        for slot in 1..=slots {
            self.wait(gap);
            let Some(kind) = kind_of_slot(pack, slot) else {
                break;
            };
            let sug = suggest(pack, self.session.state(), cov, kind.clone());
            let Some(suggested) = sug.idea else { break };
            let forced = self.index == 0 && slot == 2;
            let mut chosen = suggested;
            let mut reason = None;
            if (forced || self.rng.chance(10))
                && let Some(other) = self.alternative(&kind, suggested, cov)
            {
                chosen = other;
                let template = self
                    .rng
                    .pick(&self.bank.override_reasons)
                    .map_or("The group chose idea {idea}.", String::as_str);
                reason = Some(
                    template
                        .replace("{idea}", &other.to_string())
                        .replace("{suggested}", &suggested.to_string()),
                );
            }
            self.rec(sug.pick_event(slot, chosen, reason))?;
        }
        self.wait(gap);
        Ok(())
    }

    /// Another idea the group might choose over the rule's suggestion: the
    /// runner-up by the same measure, among ideas not picked for another slot.
    pub(super) fn alternative(
        &self,
        kind: &PickKind,
        suggested: u32,
        cov: &Coverage,
    ) -> Option<u32> {
        let s = self.session.state();
        let t = crate::domain::ideas::tally(self.pack, s);
        let taken: Vec<u32> = s.picks.values().map(|p| p.idea).collect();
        let mut candidates: Vec<u32> = self
            .pack
            .ideas
            .iter()
            .map(|i| i.number)
            .filter(|i| *i != suggested && !taken.contains(i))
            .collect();
        let rule = self.pack.method.pick(kind.as_str()).map(|p| &p.rule);
        let key = |i: &u32| -> i64 {
            match rule {
                Some(PickRule::Most(c)) => {
                    let c = crate::domain::ideas::colour_index(self.pack, c).unwrap_or(0);
                    -i64::from(t.count(c, *i))
                }
                _ => cov.count(*i) as i64,
            }
        };
        candidates.sort_by_key(|i| (key(i), *i));
        candidates.first().copied()
    }
}
