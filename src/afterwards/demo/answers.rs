//! What a demo group is asked and says: the roster, consent and introductions, the flip chart, equity, ratings, Stage 3.

use super::*;

impl Builder<'_> {
    pub(super) fn roster(&mut self, design: &Design, min: u32, max: u32) -> anyhow::Result<()> {
        let n = self.rng.range(i64::from(min), i64::from(max.max(min))) as u32;
        let mut female_first = self.rng.chance(50);
        let mut used: BTreeSet<&str> = BTreeSet::new();
        for id in 1..=n {
            let female = match &design.gender {
                Some(g) => g == "Female",
                None => {
                    female_first = !female_first;
                    female_first
                }
            };
            let names = self.bank.names(design.names, female);
            let free: Vec<&str> = names
                .iter()
                .map(String::as_str)
                .filter(|x| !used.contains(x))
                .collect();
            let label = match self.rng.pick(&free) {
                Some(name) => {
                    used.insert(name);
                    name.to_string()
                }
                None => format!("P{id}"),
            };
            let mut descriptors = Vec::new();
            if self.rng.chance(35)
                && let Some(d) = self.rng.pick(&design.descriptors)
            {
                descriptors.push(d.to_string());
            }
            let participant = Participant {
                id,
                label,
                gender: if female { "Female" } else { "Male" }.to_string(),
                age_band: self.rng.pick(&design.ages).cloned().unwrap_or_default(),
                ethnicity: self.rng.pick(&design.ethnicities).cloned(),
                social_grade: self.rng.pick(&design.grades).cloned().unwrap_or_default(),
                descriptors,
                consent: None,
            };
            let secs = self.rng.range(5, 40);
            self.wait(secs);
            self.rec(Event::ParticipantAdded { participant })?;
        }
        Ok(())
    }

    pub(super) fn consent(&mut self, items: &mut Vec<Item>) {
        let ids: Vec<u32> = self.session.state().roster().map(|p| p.id).collect();
        for id in ids {
            let yes = !self.rng.chance(4);
            if !yes {
                self.no_quotes.insert(id);
            }
            items.push(Item::Ev(Event::ConsentGiven {
                participant: id,
                consent: yes,
            }));
        }
        // The recorder goes on once everyone has agreed.
        items.push(Item::Ev(Event::RecordingStarted {
            name: self.recording_name(),
        }));
        if self.rng.chance(20) {
            items.push(Item::Ev(Event::RecordingShifted {
                recording: 1,
                seconds: self.rng.range(-20, 20),
            }));
        }
        let k = self.rng.range(2, 4) as usize;
        let intros: Vec<&str> = self
            .rng
            .sample(&self.bank.introductions, k)
            .into_iter()
            .map(String::as_str)
            .collect();
        for text in intros {
            let who = self.speaker();
            let ev = self.note(NoteKind::Note, "arrival", None, None, text, &[], who);
            items.push(Item::Ev(ev));
        }
    }

    pub(super) fn flipchart(&mut self, items: &mut Vec<Item>, key: &str, step_id: &str) {
        let k = self.rng.range(3, 6) as usize;
        let words: Vec<&str> = self
            .rng
            .sample(self.bank.flipchart(step_id), k)
            .into_iter()
            .map(String::as_str)
            .collect();
        for w in &words {
            items.push(Item::Ev(Event::FlipchartAdded {
                step: key.to_string(),
                text: w.to_string(),
            }));
        }
        if self.rng.chance(10) {
            // Written twice, struck out once.
            if let Some(w) = words.first() {
                items.push(Item::Ev(Event::FlipchartAdded {
                    step: key.to_string(),
                    text: w.to_string(),
                }));
                items.push(Item::Ev(Event::FlipchartRemoved {
                    step: key.to_string(),
                    index: words.len(),
                }));
            }
        }
    }

    pub(super) fn equity(&mut self, items: &mut Vec<Item>, idea: u32) {
        let dims = &self.pack.equity_dimensions;
        let likely: &[String] = usize::try_from(idea)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| self.bank.equity_likely.get(i))
            .map_or(&[], Vec::as_slice);
        for d in dims {
            let p = if likely.contains(d) { 70 } else { 15 };
            if self.rng.chance(p) {
                items.push(Item::Ev(Event::EquityTicked {
                    idea,
                    dimension: d.clone(),
                    on: true,
                }));
            }
        }
    }

    pub(super) fn ratings(&mut self, items: &mut Vec<Item>, idea: u32) {
        // A pack whose group rates once has no rating per idea (the demo
        // leaves that one rating out).
        if self.pack.method.ratings.per_group() {
            return;
        }
        let (d, a, e) = usize::try_from(idea)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| self.bank.rating_means.get(i))
            .copied()
            .unwrap_or((5, 5, 5));
        // The bank's means are for the method's first three scales, in
        // order (the built-in desirable, achievable, equitable); a scale
        // past those is centred on its middle.
        let means = [d, a, e];
        let list: Vec<(Scale, i64, i64)> = self
            .pack
            .method
            .ratings
            .scales
            .iter()
            .map(|s| (Scale::new(s.id.clone()), i64::from(s.min), i64::from(s.max)))
            .collect();
        for (k, (scale, min, max)) in list.into_iter().enumerate() {
            let mean = means.get(k).copied().unwrap_or((min + max) / 2);
            let v = (mean + self.rng.range(-2, 2)).clamp(min, max);
            items.push(Item::Ev(Event::Rated {
                idea: Some(idea),
                scale,
                value: Some(u8::try_from(v).unwrap_or(5)),
                dont_know: false,
            }));
        }
    }

    /// Each participant present answers the built-in questionnaire
    /// `stage3` (the options by their ids in stimulus/method.toml).
    pub(super) fn stage3(&mut self, items: &mut Vec<Item>) {
        let ids: Vec<u32> = self.session.state().present().map(|p| p.id).collect();
        let mut tips: Vec<&str> = self
            .rng
            .sample(&self.bank.top_tips, ids.len())
            .into_iter()
            .map(String::as_str)
            .collect();
        for id in ids {
            let mut answers = Answers::new();
            let mut put = |question: &str, value: Option<AnswerValue>| {
                if let Some(v) = value {
                    answers.insert(question.to_string(), Some(v));
                }
            };
            let text = |t: &str| AnswerValue::Text(t.to_string());
            let gut = ["in_favour", "opposed", "undecided", "apathetic"];
            put(
                "gut",
                gut.get(self.rng.weighted(&[30, 20, 35, 15]))
                    .map(|g| text(g)),
            );
            let reform_needed = match self.rng.below(10) {
                0 => None,
                1..=2 => Some(false),
                _ => Some(true),
            };
            put("reform_needed", reform_needed.map(AnswerValue::Yes));
            let k = self.rng.range(0, 2) as usize;
            let services: Vec<&str> = self
                .rng
                .sample(&self.bank.services, k)
                .into_iter()
                .map(String::as_str)
                .collect();
            put(
                "services",
                (!services.is_empty()).then(|| text(&services.join(", "))),
            );
            let reach = [
                None,
                Some("too_far"),
                Some("about_right"),
                Some("not_far_enough"),
            ];
            let reach = reach
                .get(self.rng.weighted(&[15, 25, 40, 20]))
                .copied()
                .flatten();
            put("reach", reach.map(text));
            let top_tip = match tips.pop() {
                Some(tip) if self.rng.chance(60) => Some(text(tip)),
                _ => None,
            };
            put("top_tip", top_tip);
            items.push(Item::Ev(Event::answered("stage3", id, answers)));
        }
    }
}
