//! The pack's files as written (with their spans), before any check.

use super::*;

pub(super) type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGuide {
    pub(super) title: Text,
    #[serde(default)]
    pub(super) plan: Vec<Spanned<RawPlan>>,
    #[serde(default)]
    pub(super) stage: Vec<Spanned<RawStage>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlan {
    pub(super) id: Text,
    pub(super) title: Text,
    pub(super) minutes: Spanned<u32>,
    pub(super) participants_min: Spanned<u32>,
    pub(super) participants_max: Spanned<u32>,
    pub(super) ideas: Spanned<u32>,
    #[serde(default)]
    pub(super) step_minutes: BTreeMap<Text, Spanned<u32>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawKind {
    Plain,
    IdeaTesting,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStage {
    pub(super) id: Text,
    pub(super) title: Text,
    #[serde(default)]
    pub(super) kind: Option<Spanned<RawKind>>,
    #[serde(default)]
    pub(super) step: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawRole {
    Plain,
    Vote,
    Discussion,
    Questionnaire,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    pub(super) id: Text,
    pub(super) title: Text,
    pub(super) minutes: Spanned<u32>,
    #[serde(default)]
    pub(super) role: Option<Spanned<RawRole>>,
    #[serde(default)]
    pub(super) activity: Vec<Text>,
    #[serde(default)]
    pub(super) questions: Vec<Text>,
    #[serde(default)]
    pub(super) probes: Vec<Text>,
    #[serde(default)]
    pub(super) notes: Vec<Text>,
    #[serde(default)]
    pub(super) flipchart: bool,
    #[serde(default)]
    pub(super) values_slide: bool,
    #[serde(default)]
    pub(super) asks_consent: bool,
    #[serde(default)]
    pub(super) section: Vec<Spanned<RawSection>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    pub(super) id: Text,
    pub(super) title: Text,
    #[serde(default)]
    pub(super) questions: Vec<Text>,
    #[serde(default)]
    pub(super) probes: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIdeas {
    #[serde(default)]
    pub(super) theme: Vec<Spanned<RawTheme>>,
    #[serde(default)]
    pub(super) idea: Vec<Spanned<RawIdea>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTheme {
    pub(super) id: Text,
    pub(super) title: Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIdea {
    pub(super) number: Spanned<u32>,
    pub(super) theme: Text,
    pub(super) title: Text,
    pub(super) summary: Text,
    pub(super) description: Text,
    #[serde(default)]
    pub(super) examples: Option<Spanned<Vec<Text>>>,
    #[serde(default)]
    pub(super) probes: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReference {
    #[serde(default)]
    pub(super) codes: Vec<Text>,
    #[serde(default)]
    pub(super) equity_dimensions: Vec<Text>,
    pub(super) values_slide: Spanned<RawValuesSlide>,
    pub(super) statement: Spanned<RawStatement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawValuesSlide {
    pub(super) title: Text,
    pub(super) intro: Text,
    pub(super) values: Spanned<Vec<Text>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStatement {
    pub(super) title: Text,
    pub(super) text: Text,
}
