//! The small bank of plausible lines demo sessions are made of: data, in
//! `demo_bank.toml` (compiled in, read once). The order of every list
//! matters: the generator draws from them by position.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use anyhow::anyhow;
use serde::Deserialize;

/// The bank as written.
const TEXT: &str = include_str!("demo_bank.toml");

/// The bank, read from [`TEXT`] the first time it is asked for.
pub fn get() -> anyhow::Result<&'static Bank> {
    static BANK: OnceLock<Result<Bank, String>> = OnceLock::new();
    BANK.get_or_init(|| toml::from_str(TEXT).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| anyhow!("the demo bank (demo_bank.toml) is damaged: {e}"))
}

/// One line, with the codes a moderator might put on it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// The words.
    pub text: String,
    /// Codes (only those the pack has are used).
    pub codes: Vec<String>,
}

/// Notes and quotes for one section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lines {
    /// Moderator notes.
    #[serde(default)]
    pub notes: Vec<Line>,
    /// Participants' words.
    #[serde(default)]
    pub quotes: Vec<Line>,
}

/// A kind of group, after the report's 13 groups ("Our approach").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Design {
    /// Where.
    pub location: String,
    /// `full` or `mini`.
    pub plan: String,
    /// The group's age band.
    pub age_band: String,
    /// Participants' age bands.
    pub ages: Vec<String>,
    /// The group's social grade.
    pub social_grade: String,
    /// Participants' social grades.
    pub grades: Vec<String>,
    /// The group's ethnicity mix.
    pub ethnicity_mix: String,
    /// Participants' ethnicity, recorded only for the groups designed
    /// around it (empty: not recorded).
    #[serde(default)]
    pub ethnicities: Vec<String>,
    /// All-male or all-female groups.
    #[serde(default)]
    pub gender: Option<String>,
    /// Descriptors some participants carry.
    #[serde(default)]
    pub descriptors: Vec<String>,
    /// Which name list to draw labels from.
    pub names: Names,
}

/// Name lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Names {
    /// Mostly white British names.
    British,
    /// Afro-Caribbean British names.
    Caribbean,
    /// Pakistani and Bangladeshi names.
    SouthAsian,
}

/// First names, by list and gender.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameLists {
    british_female: Vec<String>,
    british_male: Vec<String>,
    caribbean_female: Vec<String>,
    caribbean_male: Vec<String>,
    south_asian_female: Vec<String>,
    south_asian_male: Vec<String>,
}

/// Lines for the three core sections of an idea.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaLines {
    /// Desirable?
    #[serde(default)]
    pub desirability: Lines,
    /// Achievable?
    #[serde(default)]
    pub achievability: Lines,
    /// Equitable?
    #[serde(default)]
    pub equity: Lines,
}

/// What was written on the flip chart.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flipchart {
    /// At the capabilities step.
    pub capabilities: Vec<String>,
    /// At any other.
    pub other: Vec<String>,
}

/// The whole bank (see demo_bank.toml for what each list is).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    /// Moderators of the demo fieldwork.
    pub moderators: Vec<String>,
    /// How green stickers tend to fall, per idea 1-9.
    pub green_weights: Vec<u32>,
    /// How red stickers tend to fall, per idea 1-9.
    pub red_weights: Vec<u32>,
    /// Typical ratings (desirable, achievable, equitable) per idea 1-9.
    pub rating_means: Vec<(i64, i64, i64)>,
    /// Equity dimensions most often raised per idea 1-9.
    pub equity_likely: Vec<Vec<String>>,
    /// Last interactions with a public service, said at the introductions.
    pub introductions: Vec<String>,
    /// Services named as most in need of reform (Stage 3).
    pub services: Vec<String>,
    /// Top tips for the Commission (Stage 3).
    pub top_tips: Vec<String>,
    /// Why a group chose another idea than the rule suggested: `{idea}`
    /// and `{suggested}` are filled in.
    pub override_reasons: Vec<String>,
    /// Why the clock was paused.
    pub pause_notes: Vec<String>,
    names: NameLists,
    /// The 13 groups of the study.
    pub designs: Vec<Design>,
    /// Ideas 1-9.
    pub ideas: Vec<IdeaLines>,
    generic_core: Lines,
    sections: BTreeMap<String, Lines>,
    steps: BTreeMap<String, Lines>,
    other_step: Lines,
    /// What was written on the flip chart.
    pub flipchart: Flipchart,
}

impl Bank {
    /// First names, by list and gender.
    pub fn names(&self, list: Names, female: bool) -> &[String] {
        let n = &self.names;
        match (list, female) {
            (Names::British, true) => &n.british_female,
            (Names::British, false) => &n.british_male,
            (Names::Caribbean, true) => &n.caribbean_female,
            (Names::Caribbean, false) => &n.caribbean_male,
            (Names::SouthAsian, true) => &n.south_asian_female,
            (Names::SouthAsian, false) => &n.south_asian_male,
        }
    }

    /// Lines for a section of a per-idea step (any idea): the core three
    /// from the idea's own lines, the others shared.
    pub fn section(&self, idea: u32, section: &str) -> &Lines {
        static NONE: Lines = Lines {
            notes: Vec::new(),
            quotes: Vec::new(),
        };
        let own = usize::try_from(idea)
            .ok()
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| self.ideas.get(i));
        match (section, own) {
            ("desirability", Some(o)) => &o.desirability,
            ("achievability", Some(o)) => &o.achievability,
            ("equity", Some(o)) => &o.equity,
            ("desirability" | "achievability" | "equity", None) => &self.generic_core,
            (other, _) => self.sections.get(other).unwrap_or(&NONE),
        }
    }

    /// Lines for a step that is not an idea discussion, by guide step id.
    pub fn step(&self, id: &str) -> &Lines {
        self.steps.get(id).unwrap_or(&self.other_step)
    }

    /// What was written on the flip chart, by guide step id.
    pub fn flipchart(&self, id: &str) -> &[String] {
        match id {
            "capabilities" => &self.flipchart.capabilities,
            _ => &self.flipchart.other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_reads_and_has_a_line_for_every_idea_and_group() {
        let b = get().unwrap();
        assert_eq!(b.designs.len(), 13);
        assert_eq!(b.ideas.len(), 9);
        for w in [&b.green_weights, &b.red_weights] {
            assert_eq!(w.len(), 9);
        }
        assert_eq!(b.rating_means.len(), 9);
        assert_eq!(b.equity_likely.len(), 9);
        assert!(!b.step("arrival").notes.is_empty());
        assert!(!b.step("no such step").notes.is_empty());
        assert!(!b.section(0, "equity").notes.is_empty());
        assert!(!b.section(4, "buy-in").notes.is_empty());
        assert!(b.section(4, "no such section").notes.is_empty());
    }
}
