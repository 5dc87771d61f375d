//! The stimulus pack: the discussion guide, the nine idea posters and the
//! reference texts (values slide, codes, the Commission's statement).
//!
//! The pack is data (TOML files in `stimulus/`), compiled into the binary as
//! the default and loadable from any folder with `--stimulus DIR`. This
//! module holds the clean, validated types the rest of the program reads;
//! loading and validation (with `file:line:col` messages) live in
//! [`load`].

pub mod load;
pub mod method;

pub use load::{Problem, embedded, load_dir};
pub use method::Method;

use serde::{Deserialize, Serialize};

/// The most ideas a group of the built-in method can discuss: one per
/// pick slot (most popular, most contentious, the joker). A pack's own
/// limit is the number of its pick slots ([`Pack::max_slots`]); the pack
/// check refuses a plan that discusses more. (Also
/// `domain::ideas::MAX_SLOTS`.)
pub const MAX_SLOTS: u32 = 3;

/// The most colours a pack's vote has (the sticker screen shows them side
/// by side at 80 columns).
pub const MAX_COLOURS: usize = 6;

/// A whole, validated stimulus pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pack {
    /// The guide's title.
    pub title: String,
    /// The timed plans (full group, mini group), in the order given.
    pub plans: Vec<PlanSpec>,
    /// The guide's stages, in order.
    pub stages: Vec<Stage>,
    /// The themes of the ideas (A, B, C).
    pub themes: Vec<Theme>,
    /// The nine ideas (posters), ordered by number.
    pub ideas: Vec<Idea>,
    /// The "Values: emerging findings" slide.
    pub values_slide: ValuesSlide,
    /// The Commission's statement of values.
    pub statement: Statement,
    /// Codes a moderator may put on a note (security, fairness, ...).
    pub codes: Vec<String>,
    /// Equity dimensions ticked during a discussion (Age, SEG, ...): the
    /// per-option checklist.
    pub equity_dimensions: Vec<String>,
    /// The method: votes, picks, ratings, questionnaires, wording.
    pub method: Method,
    /// The files the pack was read from, word for word: what a session
    /// keeps a copy of, so that it is shown later with the texts the group
    /// saw (see `store::SessionsDir::keep_pack`).
    #[serde(skip)]
    pub files: PackFiles,
}

/// A pack's files as read: (file name, text), in the order of
/// [`load::FILES`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PackFiles {
    texts: Vec<(String, String)>,
}

impl PackFiles {
    /// The files given, as (name, text).
    pub fn of<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> PackFiles {
        PackFiles {
            texts: files
                .into_iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        }
    }

    /// (file name, text) pairs.
    pub fn texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.texts.iter().map(|(n, t)| (n.as_str(), t.as_str()))
    }

    /// No files (a pack made in code, not read).
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The content's name: the first 128 bits of the SHA-256 of every
    /// file's name and text, in hex. The same files give the same hash on
    /// every computer; any edit gives another.
    pub fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut sorted: Vec<&(String, String)> = self.texts.iter().collect();
        sorted.sort();
        let mut h = Sha256::new();
        for (name, text) in sorted {
            for part in [name.as_bytes(), text.as_bytes()] {
                h.update((part.len() as u64).to_le_bytes());
                h.update(part);
            }
        }
        h.finalize()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// One way of running a group (full 2 h, mini 1h45), and how it differs
/// from the steps' own minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSpec {
    /// `full` or `mini` (any id; sessions record it).
    pub id: String,
    /// e.g. "Full group (8-10 participants): 2 hours".
    pub title: String,
    /// Target length of the whole session, in minutes.
    pub minutes: u32,
    /// Expected number of participants, inclusive range (warn outside).
    pub participants_min: u32,
    /// Upper end of the expected number of participants.
    pub participants_max: u32,
    /// How many ideas are discussed by default in this plan.
    pub ideas: u32,
    /// Step minutes that differ from the guide for this plan, by step id.
    pub step_minutes: Vec<(String, u32)>,
}

/// A stage of the guide ("Stage 1: Establishing values").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// Stable id, e.g. `stage1`.
    pub id: String,
    /// Title shown to the moderator.
    pub title: String,
    /// What kind of stage this is.
    pub kind: StageKind,
    /// The stage's steps. For an idea-testing stage: the gallery step
    /// followed by the per-idea steps, which the plan repeats once for each
    /// idea discussed.
    pub steps: Vec<Step>,
}

/// How a stage is walked (derived from its steps' roles: a stage with a
/// vote or discussion step is an idea-testing stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    /// Steps walked once, in order.
    Plain,
    /// The gallery (first step) then the per-idea steps, repeated for each
    /// idea discussed.
    IdeaTesting,
}

/// One timed step of the guide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Stable id, unique in the pack, e.g. `capabilities`.
    pub id: String,
    /// Title, e.g. "Capabilities".
    pub title: String,
    /// Planned minutes in the guide.
    pub minutes: u32,
    /// What happens in the step (the guide's bullet list), if any.
    pub activity: Vec<String>,
    /// The guide's questions for this step.
    pub questions: Vec<String>,
    /// PROBE lists.
    pub probes: Vec<String>,
    /// Moderator notes ("use FLIPCHART", "ensure sufficient focus on EQUITY").
    pub notes: Vec<String>,
    /// Sections of the step (for a discussion: Desirability, Equity, ...).
    /// Notes typed in the step are filed under the current section.
    pub sections: Vec<Section>,
    /// The moderator captures a flip-chart list here.
    pub flipchart: bool,
    /// The values slide is shown in this step.
    pub values_slide: bool,
    /// Consent to record is asked in this step.
    pub asks_consent: bool,
    /// What the step is for in the method.
    pub role: StepRole,
}

/// What a step is for in the method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum StepRole {
    /// Walked once, in order.
    #[default]
    Plain,
    /// The vote (the posters go up; the options to discuss are picked).
    Vote,
    /// Walked once per picked option (a run of these steps is repeated as
    /// a block).
    Discussion,
    /// A questionnaire of the method is asked here.
    Questionnaire,
}

/// A section of a step, with its own questions and probes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Stable id within the step, e.g. `equity`.
    pub id: String,
    /// Title, e.g. "Equity".
    pub title: String,
    /// Questions.
    pub questions: Vec<String>,
    /// Probes.
    pub probes: Vec<String>,
}

/// A theme grouping ideas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// `A`, `B`, `C`.
    pub id: String,
    /// "Resources and the individual".
    pub title: String,
}

/// One idea: a poster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Idea {
    /// 1..=9.
    pub number: u32,
    /// Theme id.
    pub theme: String,
    /// "Individuals with budgets".
    pub title: String,
    /// The one-line summary from the report's list of ideas.
    pub summary: String,
    /// The poster's description.
    pub description: String,
    /// The poster's examples, word for word.
    pub examples: Vec<String>,
    /// Idea-specific probes / what-if prompts, if the pack has them.
    pub probes: Vec<String>,
}

/// The "Values: emerging findings" slide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValuesSlide {
    /// Slide title.
    pub title: String,
    /// What the moderator says when showing it.
    pub intro: String,
    /// The values, in order.
    pub values: Vec<String>,
}

/// The Commission's statement of values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Title.
    pub title: String,
    /// The statement, word for word.
    pub text: String,
}

impl Pack {
    /// The plan with this id.
    pub fn plan(&self, id: &str) -> Option<&PlanSpec> {
        self.plans.iter().find(|p| p.id == id)
    }

    /// The idea with this number.
    pub fn idea(&self, number: u32) -> Option<&Idea> {
        self.ideas.iter().find(|i| i.number == number)
    }

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// Every step of the guide with its stage, in order.
    pub fn steps(&self) -> impl Iterator<Item = (&Stage, &Step)> {
        self.stages
            .iter()
            .flat_map(|s| s.steps.iter().map(move |st| (s, st)))
    }

    /// The step with this id.
    pub fn step(&self, id: &str) -> Option<(&Stage, &Step)> {
        self.steps().find(|(_, s)| s.id == id)
    }

    /// The vote step (the gallery), if the guide has one.
    pub fn vote_step(&self) -> Option<&Step> {
        self.steps()
            .map(|(_, s)| s)
            .find(|s| s.role == StepRole::Vote)
    }

    /// The most options a group can discuss: one per pick slot.
    pub fn max_slots(&self) -> u32 {
        u32::try_from(self.method.picks.len()).unwrap_or(u32::MAX)
    }
}
