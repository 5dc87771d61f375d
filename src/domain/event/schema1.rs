//! The schema-1 spelling of the built-in pack's questionnaire: before
//! questionnaires were data, Stage 3's answers were recorded as
//! `stage3_answered` with fixed fields. Sessions hold that spelling, and
//! to keep them byte for byte (and readable by earlier builds) the
//! answers to the questionnaire [`STAGE3`] are still written so whenever
//! they fit it exactly ([`Stage3Answer::spelling`]); everything else reads
//! them as the questionnaire's answers ([`Stage3Answer::answers`]).

use serde::{Deserialize, Serialize};

use super::{AnswerValue, Answers};

/// The id of the questionnaire whose answers schema 1 spells as
/// `stage3_answered`.
pub const STAGE3: &str = "stage3";

/// A gut reaction to changing public services, as schema 1 spells it
/// (the options of question `gut`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gut {
    /// In favour.
    InFavour,
    /// Opposed.
    Opposed,
    /// Undecided.
    Undecided,
    /// Apathetic.
    Apathetic,
}

/// Whether the ideas go too far or not far enough, as schema 1 spells it
/// (the options of question `reach`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reach {
    /// Too far.
    TooFar,
    /// About right.
    AboutRight,
    /// Not far enough.
    NotFarEnough,
}

/// The option ids, in the journal's words.
const GUTS: [(Gut, &str); 4] = [
    (Gut::InFavour, "in_favour"),
    (Gut::Opposed, "opposed"),
    (Gut::Undecided, "undecided"),
    (Gut::Apathetic, "apathetic"),
];
const REACHES: [(Reach, &str); 3] = [
    (Reach::TooFar, "too_far"),
    (Reach::AboutRight, "about_right"),
    (Reach::NotFarEnough, "not_far_enough"),
];

/// One participant's answers to [`STAGE3`] as schema 1 spells them;
/// every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage3Answer {
    /// Gut reaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gut: Option<Gut>,
    /// Is reform needed?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reform_needed: Option<bool>,
    /// Which services most need it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub services: String,
    /// Do the ideas go too far / not far enough?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<Reach>,
    /// Their one top tip.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub top_tip: String,
}

impl Stage3Answer {
    /// The answers as the questionnaire [`STAGE3`] holds them: question id
    /// → answer, for the parts given.
    pub fn answers(&self) -> Answers {
        let mut out = Answers::new();
        let mut put = |id: &str, v: Option<AnswerValue>| {
            if let Some(v) = v {
                out.insert(id.to_string(), Some(v));
            }
        };
        put("gut", word(&GUTS, self.gut));
        put("reform_needed", self.reform_needed.map(AnswerValue::Yes));
        let text = |t: &str| (!t.is_empty()).then(|| AnswerValue::Text(t.to_string()));
        put("services", text(&self.services));
        put("reach", word(&REACHES, self.reach));
        put("top_tip", text(&self.top_tip));
        out
    }

    /// The schema-1 spelling of answers to [`STAGE3`], if they fit it
    /// exactly: only its five questions, no "don't know", each answer of
    /// its kind, no empty text; so that `spelling(a)?.answers() == a`.
    pub fn spelling(questionnaire: &str, answers: &Answers) -> Option<Stage3Answer> {
        if questionnaire != STAGE3 {
            return None;
        }
        let mut out = Stage3Answer::default();
        for (id, value) in answers {
            let value = value.as_ref()?;
            let text = || match value {
                AnswerValue::Text(t) if !t.is_empty() => Some(t.clone()),
                _ => None,
            };
            match id.as_str() {
                "gut" => out.gut = Some(option(&GUTS, value)?),
                "reach" => out.reach = Some(option(&REACHES, value)?),
                "reform_needed" => match value {
                    AnswerValue::Yes(b) => out.reform_needed = Some(*b),
                    _ => return None,
                },
                "services" => out.services = text()?,
                "top_tip" => out.top_tip = text()?,
                _ => return None,
            }
        }
        Some(out)
    }
}

/// An option's id as an answer.
fn word<T: PartialEq + Copy>(table: &[(T, &str)], v: Option<T>) -> Option<AnswerValue> {
    table
        .iter()
        .find(|(x, _)| Some(*x) == v)
        .map(|(_, w)| AnswerValue::Text(w.to_string()))
}

/// The option an answer names, if it is one of `table`.
fn option<T: Copy>(table: &[(T, &str)], value: &AnswerValue) -> Option<T> {
    match value {
        AnswerValue::Text(t) => table.iter().find(|(_, w)| w == t).map(|(x, _)| *x),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(pairs: &[(&str, Option<AnswerValue>)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn answers_that_fit_the_old_spelling_come_back_the_same() {
        let full = a(&[
            ("gut", Some(AnswerValue::Text("undecided".into()))),
            ("reform_needed", Some(AnswerValue::Yes(false))),
            ("services", Some(AnswerValue::Text("the NHS".into()))),
            ("reach", Some(AnswerValue::Text("not_far_enough".into()))),
            ("top_tip", Some(AnswerValue::Text("Ask us.".into()))),
        ]);
        for answers in [full, Answers::new()] {
            let old = Stage3Answer::spelling(STAGE3, &answers);
            assert_eq!(old.map(|o| o.answers()), Some(answers));
        }
    }

    #[test]
    fn answers_that_do_not_fit_it_have_no_old_spelling() {
        let dont_know = a(&[("gut", None)]);
        let empty_text = a(&[("services", Some(AnswerValue::Text(String::new())))]);
        let unknown = a(&[("gut", Some(AnswerValue::Text("keen".into())))]);
        let other_question = a(&[("mood", Some(AnswerValue::Number(3)))]);
        let wrong_kind = a(&[("reform_needed", Some(AnswerValue::Number(1)))]);
        for answers in [dont_know, empty_text, unknown, other_question, wrong_kind] {
            assert_eq!(
                Stage3Answer::spelling(STAGE3, &answers),
                None,
                "{answers:?}"
            );
        }
        assert_eq!(Stage3Answer::spelling("before", &Answers::new()), None);
    }
}
