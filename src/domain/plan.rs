//! The plan: the guide's steps laid out in order for one group, with the
//! minutes of the group's plan (full or mini) and the discussion steps
//! (role = "discussion") repeated once for each idea the group discusses.

use crate::stimulus::{Pack, StepRole};

/// One timed step of a group's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    /// Unique key in the plan: the guide step id, or for a per-idea step
    /// the step id and the slot (`discuss-a-2`).
    pub key: String,
    /// The guide step id.
    pub step_id: String,
    /// Index of the stage in the pack.
    pub stage: usize,
    /// Index of the step within its stage.
    pub step: usize,
    /// For a per-idea step: which idea slot (1-based) it belongs to.
    pub slot: Option<u32>,
    /// Planned minutes for this group.
    pub minutes: u32,
}

/// A group's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The plan id (`full`, `mini`).
    pub id: String,
    /// Target length of the whole session in minutes.
    pub target_minutes: u32,
    /// The steps in order.
    pub steps: Vec<PlanStep>,
}

impl Plan {
    /// Lay out the plan `plan_id` of `pack` for a group discussing `ideas`
    /// ideas (None: the plan's default). An unknown plan id falls back to the
    /// pack's first plan.
    pub fn build(pack: &Pack, plan_id: &str, ideas: Option<u32>) -> Plan {
        let spec = pack.plan(plan_id).or_else(|| pack.plans.first());
        let (id, target, default_ideas, overrides) = match spec {
            Some(s) => (s.id.clone(), s.minutes, s.ideas, s.step_minutes.as_slice()),
            None => (plan_id.to_string(), 0, 0, &[][..]),
        };
        let ideas = ideas.unwrap_or(default_ideas);
        let minutes_of = |id: &str, guide: u32| {
            overrides
                .iter()
                .find(|(k, _)| k == id)
                .map(|(_, m)| *m)
                .unwrap_or(guide)
        };
        let mut steps = Vec::new();
        for (si, stage) in pack.stages.iter().enumerate() {
            let mut push = |sti: usize, slot: Option<u32>| {
                let step = &stage.steps[sti];
                let key = match slot {
                    Some(n) => format!("{}-{}", step.id, n),
                    None => step.id.clone(),
                };
                steps.push(PlanStep {
                    key,
                    step_id: step.id.clone(),
                    stage: si,
                    step: sti,
                    slot,
                    minutes: minutes_of(&step.id, step.minutes),
                });
            };
            // Steps walk once, in order; a run of discussion steps is
            // walked as one block, once for each option discussed.
            let mut i = 0;
            while i < stage.steps.len() {
                if stage.steps[i].role != StepRole::Discussion {
                    push(i, None);
                    i += 1;
                    continue;
                }
                let end = (i..stage.steps.len())
                    .find(|&j| stage.steps[j].role != StepRole::Discussion)
                    .unwrap_or(stage.steps.len());
                for slot in 1..=ideas {
                    (i..end).for_each(|j| push(j, Some(slot)));
                }
                i = end;
            }
        }
        Plan {
            id,
            target_minutes: target,
            steps,
        }
    }

    /// Index of the step with this key.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.key == key)
    }

    /// The step with this key.
    pub fn get(&self, key: &str) -> Option<&PlanStep> {
        self.steps.iter().find(|s| s.key == key)
    }

    /// Sum of the planned minutes of every step.
    pub fn total_minutes(&self) -> u32 {
        self.steps.iter().map(|s| s.minutes).sum()
    }
}

impl PlanStep {
    /// The guide's stage and step for this plan step.
    pub fn guide<'p>(
        &self,
        pack: &'p Pack,
    ) -> Option<(&'p crate::stimulus::Stage, &'p crate::stimulus::Step)> {
        let stage = pack.stages.get(self.stage)?;
        Some((stage, stage.steps.get(self.step)?))
    }

    /// The title to show: the guide step's title, with the idea slot for a
    /// per-idea step ("Discussion 2 · a) Desirability; Equity; Achievability":
    /// the slot, not the idea, which the group picks later).
    pub fn title(&self, pack: &Pack) -> String {
        let t = self
            .guide(pack)
            .map(|(_, s)| s.title.clone())
            .unwrap_or_else(|| self.key.clone());
        match self.slot {
            Some(n) => format!("Discussion {n} · {t}"),
            None => t,
        }
    }

    /// The step's role in the method (plain if the step is unknown).
    pub fn role(&self, pack: &Pack) -> StepRole {
        self.guide(pack).map_or(StepRole::Plain, |(_, s)| s.role)
    }

    /// The stage title.
    pub fn stage_title(&self, pack: &Pack) -> String {
        self.guide(pack)
            .map(|(s, _)| s.title.clone())
            .unwrap_or_default()
    }
}
