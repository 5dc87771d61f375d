//! The method as data: how a group votes, how the options it discusses are
//! picked, what it rates, what each participant is asked, and how the app
//! words it (`method.toml`; the format is in `stimulus/README.md`).
//!
//! The built-in pack states the 2010 method (two green stickers and one red
//! each; most popular, most contentious, joker; three 1-10 scales; the
//! Stage 3 questions); a pack without a `method.toml` runs that method.

use serde::{Deserialize, Serialize};

/// The whole method of a pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Method {
    /// What things are called, and how a quote is attributed.
    pub wording: Wording,
    /// The vote.
    pub votes: Votes,
    /// The discussion slots, in order, each with its rule.
    pub picks: Vec<PickSlot>,
    /// What the group rates.
    pub ratings: Ratings,
    /// What each participant is asked, and at which step.
    pub questionnaires: Vec<Questionnaire>,
    /// How the exports lay out a discussion (`[export]`).
    pub export: Layout,
    /// What the roster's form asks of each participant, in order
    /// (`[[roster.field]]`; besides the label and the consent to record,
    /// which every form asks).
    pub roster: Vec<RosterField>,
}

/// A participant's field the roster can ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RosterKind {
    /// Gender.
    Gender,
    /// Age band.
    Age,
    /// Ethnicity (where the design records it).
    Ethnicity,
    /// Social grade.
    SocialGrade,
    /// Descriptors ("parent of young children"), comma-separated.
    Descriptors,
}

impl RosterKind {
    /// Every field, with the id a pack gives it.
    pub const ALL: [(&'static str, RosterKind); 5] = [
        ("gender", RosterKind::Gender),
        ("age", RosterKind::Age),
        ("ethnicity", RosterKind::Ethnicity),
        ("social_grade", RosterKind::SocialGrade),
        ("descriptors", RosterKind::Descriptors),
    ];

    /// The field with this id.
    pub fn of(id: &str) -> Option<RosterKind> {
        Self::ALL.iter().find(|(n, _)| *n == id).map(|(_, k)| *k)
    }
}

/// One row of the roster's form: which field, and the pack's words for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterField {
    /// The participant's field.
    pub kind: RosterKind,
    /// The row's label ("Age band").
    pub label: String,
    /// The hint shown while it is empty ("e.g. 40-64").
    pub hint: String,
}

impl RosterField {
    /// The rows a pack gets when its `method.toml` names none: the
    /// built-in study's (the built-in pack states them too).
    pub fn built_in() -> Vec<RosterField> {
        [
            (RosterKind::Gender, "Gender", "e.g. Female, Male"),
            (RosterKind::Age, "Age band", "e.g. 40-64"),
            (RosterKind::Ethnicity, "Ethnicity", "optional"),
            (RosterKind::SocialGrade, "Social grade", "e.g. C2DE"),
            (RosterKind::Descriptors, "Descriptors", "comma-separated"),
        ]
        .into_iter()
        .map(|(kind, label, hint)| RosterField {
            kind,
            label: label.to_string(),
            hint: hint.to_string(),
        })
        .collect()
    }
}

/// How the exports lay out the discussion of an option: the report's
/// questions first, and where the checklist and the ratings are written.
/// A pack's `[export]` states it; without one, nothing is written first
/// and the checklist and the ratings follow the sections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// The discussion sections written first, in this order, under these
    /// headings, and even when nothing was recorded in them: (section id,
    /// heading). Sections the guide lacks are left out.
    pub sections: Vec<(String, String)>,
    /// The section under which the checklist's ticks are written (none,
    /// or one the guide lacks: after the sections).
    pub checklist_section: Option<String>,
    /// The section under which the ratings table is written (none, or one
    /// the guide lacks: a "Rating" heading after the sections).
    pub ratings_section: Option<String>,
    /// What the exports call the checklist's ticks ("Equity dimensions
    /// raised"); empty: "Checklist".
    pub checklist_label: String,
    /// What one of its items is called ("dimension"); empty: "item".
    pub checklist_item: String,
}

impl Layout {
    /// The exports' words for the checklist's ticks.
    pub fn checklist_label(&self) -> &str {
        if self.checklist_label.is_empty() {
            "Checklist"
        } else {
            &self.checklist_label
        }
    }

    /// The exports' word for one item of the checklist.
    pub fn checklist_item(&self) -> &str {
        if self.checklist_item.is_empty() {
            "item"
        } else {
            &self.checklist_item
        }
    }

    /// Whether a discussion section is one of the report's questions
    /// (always written).
    pub fn is_core(&self, section: &str) -> bool {
        self.sections.iter().any(|(id, _)| id == section)
    }
}

/// The words the app uses for the method's things.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wording {
    /// What an option is called ("idea", "option", "proposal").
    pub option: String,
    /// Its plural ("ideas").
    pub options: String,
    /// What a vote token is called ("sticker", "dot").
    pub token: String,
    /// Its plural ("stickers").
    pub tokens: String,
    /// The participant fields a quote is attributed with, in order.
    pub attribution: Vec<AttributionField>,
}

/// A part of a quote's attribution ("Female, 40-64, Kent").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionField {
    /// The participant's label ("Sue", "P3").
    Label,
    /// Gender.
    Gender,
    /// Age band.
    Age,
    /// Ethnicity (where recorded).
    Ethnicity,
    /// Social grade.
    SocialGrade,
    /// The group's place (the last part of its location).
    Place,
}

impl AttributionField {
    /// Every field, with the name a pack gives it.
    pub const ALL: [(&'static str, AttributionField); 6] = [
        ("label", AttributionField::Label),
        ("gender", AttributionField::Gender),
        ("age", AttributionField::Age),
        ("ethnicity", AttributionField::Ethnicity),
        ("social_grade", AttributionField::SocialGrade),
        ("place", AttributionField::Place),
    ];
}

/// How votes are counted by default (the moderator may switch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// The moderator counts the tokens on each poster.
    PerPoster,
    /// Each participant's tokens are entered.
    PerParticipant,
}

/// The vote: its colours and limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Votes {
    /// The colours, in order (the first is shown first).
    pub colours: Vec<Colour>,
    /// The most tokens one participant puts on one option, all colours
    /// together (None: no cap beyond each colour's own rule).
    pub max_per_option: Option<u32>,
    /// How the vote is entered by default.
    pub counting: Counting,
}

/// One colour of vote token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Colour {
    /// Stable id (`green`).
    pub id: String,
    /// Its name on screen ("green").
    pub label: String,
    /// What marks it when colours are off (`NO_COLOR`): one character.
    pub glyph: String,
    /// How many each participant present places.
    pub each: u32,
    /// Whether two of this colour may go on the same option.
    pub same_option: bool,
    /// What a token of it says, for the projector's legend ("preferred");
    /// empty: the legend shows the label alone.
    pub meaning: String,
}

impl Votes {
    /// The colour with this id.
    pub fn colour(&self, id: &str) -> Option<&Colour> {
        self.colours.iter().find(|c| c.id == id)
    }

    /// The most of colour `c` one participant can put on one option.
    pub fn per_option(&self, c: &Colour) -> u32 {
        let own = if c.same_option { c.each } else { c.each.min(1) };
        self.max_per_option.map_or(own, |m| own.min(m))
    }
}

/// The rule that suggests an option for a discussion slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PickRule {
    /// Most tokens of a colour (its id).
    Most(String),
    /// Discussed by the fewest earlier groups.
    Coverage,
    /// The moderator's own choice (no suggestion).
    Moderator,
}

/// A way of breaking a tie between options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// Fewer earlier discussions first.
    Coverage,
    /// The lower number first.
    Number,
}

/// One discussion slot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PickSlot {
    /// Stable id, recorded with the pick (`popular`).
    pub id: String,
    /// Its name ("most popular").
    pub label: String,
    /// How the option is suggested.
    pub rule: PickRule,
    /// The earlier slots (ids) whose option is left out.
    pub excludes: Vec<String>,
    /// How ties are broken, in order (the lower number always last).
    pub tie_break: Vec<TieBreak>,
}

/// Whether ratings are given per discussed option or once per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingsPer {
    /// Each discussed option is rated on every scale.
    Option,
    /// The group rates once, at the step `[ratings] step` names.
    Group,
}

/// What the group rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ratings {
    /// Per option or once per group.
    pub per: RatingsPer,
    /// Where the group rates once (`per = "group"`): a guide step id, not a
    /// discussion step. None for ratings per option (rated in each
    /// discussion).
    pub step: Option<String>,
    /// The scales, in order.
    pub scales: Vec<RatingScale>,
    /// The per-option checklist's name ("Equity"); its items are the
    /// pack's `equity_dimensions`.
    pub checklist: String,
}

/// One rating scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingScale {
    /// Stable id, recorded with a rating (`desirable`).
    pub id: String,
    /// Its name ("Desirable").
    pub label: String,
    /// The lowest value.
    pub min: u8,
    /// The highest value.
    pub max: u8,
    /// Words for some points (value, words), if the pack gives them.
    pub points: Vec<(u8, String)>,
    /// Whether "don't know" may be recorded.
    pub dont_know: bool,
}

impl Ratings {
    /// Whether the group rates once rather than per discussed option.
    pub fn per_group(&self) -> bool {
        self.per == RatingsPer::Group
    }

    /// Whether the group rates at the guide step `step` (only the step a
    /// per-group method names).
    pub fn rated_at(&self, step: &str) -> bool {
        self.per_group() && self.step.as_deref() == Some(step)
    }

    /// The scale with this id.
    pub fn scale(&self, id: &str) -> Option<&RatingScale> {
        self.scales.iter().find(|s| s.id == id)
    }
}

/// A questionnaire each participant answers at one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// Stable id, recorded with the answers (`stage3`).
    pub id: String,
    /// Its name.
    pub title: String,
    /// The guide step it is asked at.
    pub step: String,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// The screen's title above the participants (`screen_title`;
    /// default: the title).
    pub screen_title: String,
    /// The exports' heading over its summary and table (`heading`;
    /// default: the title).
    pub heading: String,
    /// How the Markdown export sums it up (`summary`).
    pub summary: SummaryStyle,
    /// Where the Markdown export writes it (`place`).
    pub place: ExportPlace,
}

/// How the Markdown export sums a questionnaire up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SummaryStyle {
    /// A bullet per question, every option counted ("- Heard: yes 1, no 0.").
    #[default]
    Bullets,
    /// A plain line per question answered, only the options given counted
    /// ("Gut reaction: In favour 2."); text questions are not summed up.
    Lines,
}

/// Where the Markdown export writes a questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ExportPlace {
    /// In "## Questionnaires", after the stages.
    #[default]
    End,
    /// In the section of the stage of its step, after that stage's notes
    /// (in "## Questionnaires" if the plan has not that stage).
    Stage,
}

/// One question of a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// Stable id within the questionnaire, the key of its answer.
    pub id: String,
    /// The question, short ("Gut reaction").
    pub label: String,
    /// What kind of answer it takes.
    pub kind: QuestionKind,
    /// Whether the form offers "don't know" (`dont_know`, default true;
    /// never for a text).
    pub dont_know: bool,
    /// Words for some points of a scale (value, words), as the rating
    /// scales have them.
    pub points: Vec<(u8, String)>,
    /// A choice's options as the exports write them (option id, words),
    /// where they differ from the form's label (`written`).
    pub written: Vec<(String, String)>,
    /// The form's label for it (`form_label`; default: the label).
    pub form_label: String,
    /// What an empty text field shows (`hint`; default "one line").
    pub hint: String,
    /// The export table's column heading (`table`; default: the label).
    pub table: String,
    /// A text question whose answers the export quotes under this heading
    /// (`quote_under`), rather than in the table.
    pub quote_under: Option<String>,
    /// A column of the screen's table of participants (`column`: its
    /// heading; `column_width`: how wide, default the rest of the row). A
    /// questionnaire with no column lists each participant's answers in a
    /// line.
    pub column: Option<(String, Option<usize>)>,
}

/// A question with only an id, a label and a kind, every other field as
/// `method.toml` leaves it by default.
pub fn question(id: &str, label: &str, kind: QuestionKind) -> Question {
    Question {
        id: id.to_string(),
        label: label.to_string(),
        dont_know: kind != QuestionKind::Text,
        kind,
        points: Vec::new(),
        written: Vec::new(),
        form_label: label.to_string(),
        hint: "one line".to_string(),
        table: label.to_string(),
        quote_under: None,
        column: None,
    }
}

impl Question {
    /// The words of a point of a scale, if the pack gives them.
    pub fn point_words(&self, value: i64) -> Option<&str> {
        self.points
            .iter()
            .find(|(p, _)| i64::from(*p) == value)
            .map(|(_, w)| w.as_str())
    }

    /// A choice option as the form shows it (its label), if it is one.
    pub fn option_label(&self, id: &str) -> Option<&str> {
        match &self.kind {
            QuestionKind::Choice(options) => options
                .iter()
                .find(|(o, _)| o == id)
                .map(|(_, l)| l.as_str()),
            _ => None,
        }
    }

    /// A choice option as the exports write it (its `written` words, or
    /// its label), if it is one.
    pub fn option_written(&self, id: &str) -> Option<&str> {
        self.written
            .iter()
            .find(|(o, _)| o == id)
            .map(|(_, w)| w.as_str())
            .or_else(|| self.option_label(id))
    }
}

/// What kind of answer a question takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One of these options (id, label).
    Choice(Vec<(String, String)>),
    /// Yes or no.
    YesNo,
    /// A number from min to max.
    Scale {
        /// Lowest.
        min: u8,
        /// Highest.
        max: u8,
    },
    /// A short text.
    Text,
}

impl Method {
    /// The pick slot with this id.
    pub fn pick(&self, id: &str) -> Option<&PickSlot> {
        self.picks.iter().find(|p| p.id == id)
    }

    /// The questionnaire asked at this guide step.
    pub fn questionnaire_at(&self, step: &str) -> Option<&Questionnaire> {
        self.questionnaires.iter().find(|q| q.step == step)
    }

    /// "idea" or "ideas" for `n`.
    pub fn options_word(&self, n: u32) -> &str {
        if n == 1 {
            &self.wording.option
        } else {
            &self.wording.options
        }
    }

    /// The option word as a line or a label begins with it ("Idea").
    pub fn option_title(&self) -> String {
        let mut c = self.wording.option.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    }
}
