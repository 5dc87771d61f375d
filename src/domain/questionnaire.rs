//! A pack's questionnaires in words: one answer, one participant's answers,
//! and a summary per question (counts per option, mean of a scale), used by
//! the replay, the Markdown export and the report.

use super::event::{AnswerValue, Answers};
use crate::stimulus::method::{Question, QuestionKind, Questionnaire};

/// One answer in words: a choice's words (as the exports write it),
/// "yes"/"no", "3/5" (with the point's words, if the pack gives them:
/// "5/5 (very)"), the text; "don't know" for `None`.
pub fn answer_words(question: &Question, value: Option<&AnswerValue>) -> String {
    match (value, &question.kind) {
        (None, _) => "don't know".to_string(),
        (Some(AnswerValue::Text(v)), QuestionKind::Choice(_)) => question
            .option_written(v)
            .map_or_else(|| v.clone(), str::to_string),
        (Some(AnswerValue::Number(n)), QuestionKind::Scale { max, .. }) => {
            match question.point_words(*n) {
                Some(words) => format!("{n}/{max} ({words})"),
                None => format!("{n}/{max}"),
            }
        }
        (Some(AnswerValue::Yes(true)), _) => "yes".to_string(),
        (Some(AnswerValue::Yes(false)), _) => "no".to_string(),
        (Some(AnswerValue::Number(n)), _) => n.to_string(),
        (Some(AnswerValue::Text(t)), _) => t.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// "Label: answer; Label: answer" in the questionnaire's order (questions
/// not answered are left out); "nothing recorded" when there are none.
pub fn answers_line(q: &Questionnaire, answers: &Answers) -> String {
    let parts: Vec<String> = q
        .questions
        .iter()
        .filter_map(|question| {
            answers
                .get(&question.id)
                .map(|v| format!("{}: {}", question.label, answer_words(question, v.as_ref())))
        })
        .collect();
    if parts.is_empty() {
        "nothing recorded".to_string()
    } else {
        parts.join("; ")
    }
}

/// A summary of one question over several participants' answers:
/// "mean 3.5 (n=2), don't know 1" for a scale, "yes 2, no 1" for yes/no,
/// "Label 2, Label 1" for a choice, "2 answers" for a text.
pub fn summary<'a>(question: &Question, all: impl IntoIterator<Item = &'a Answers>) -> String {
    let parts = parts(question, all, false);
    if parts.is_empty() {
        "no answers".to_string()
    } else {
        parts.join(", ")
    }
}

/// A summary of what was said only (the summary style `lines`): the
/// options given ("In favour 2, Opposed 1"), yes/no and a scale's mean
/// once anyone answered; None for a text, or when nothing was said.
pub fn said<'a>(question: &Question, all: impl IntoIterator<Item = &'a Answers>) -> Option<String> {
    let parts = parts(question, all, true);
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The parts of a summary; `said_only`: leave out the options nobody
/// gave, yes/no when nobody answered it, and texts.
fn parts<'a>(
    question: &Question,
    all: impl IntoIterator<Item = &'a Answers>,
    said_only: bool,
) -> Vec<String> {
    let values: Vec<Option<&AnswerValue>> = all
        .into_iter()
        .filter_map(|a| a.get(&question.id).map(Option::as_ref))
        .collect();
    let dont_know = values.iter().filter(|v| v.is_none()).count();
    let given: Vec<&AnswerValue> = values.iter().flatten().copied().collect();
    let mut parts = Vec::new();
    match &question.kind {
        QuestionKind::Scale { .. } => {
            let nums: Vec<i64> = given
                .iter()
                .filter_map(|v| match v {
                    AnswerValue::Number(n) => Some(*n),
                    _ => None,
                })
                .collect();
            if !nums.is_empty() {
                let mean = nums.iter().sum::<i64>() as f64 / nums.len() as f64;
                parts.push(format!("mean {mean:.1} (n={})", nums.len()));
            }
        }
        QuestionKind::YesNo => {
            let yes = given
                .iter()
                .filter(|v| **v == &AnswerValue::Yes(true))
                .count();
            let no = given
                .iter()
                .filter(|v| **v == &AnswerValue::Yes(false))
                .count();
            if !said_only || yes + no > 0 {
                parts.push(format!("yes {yes}, no {no}"));
            }
        }
        QuestionKind::Choice(options) => {
            for (id, _) in options {
                let n = given
                    .iter()
                    .filter(|v| matches!(v, AnswerValue::Text(t) if t == id))
                    .count();
                if !said_only || n > 0 {
                    let words = question.option_written(id).unwrap_or(id);
                    parts.push(format!("{words} {n}"));
                }
            }
        }
        QuestionKind::Text if said_only => return Vec::new(),
        QuestionKind::Text => parts.push(format!("{} answers", given.len())),
    }
    if dont_know > 0 {
        parts.push(format!("don't know {dont_know}"));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stimulus::method::question;

    #[test]
    fn said_counts_only_what_was_said_and_leaves_texts_out() {
        let mut q = question(
            "gut",
            "Gut",
            QuestionKind::Choice(vec![
                ("for".into(), "for".into()),
                ("against".into(), "against".into()),
            ]),
        );
        q.written = vec![("for".into(), "In favour".into())];
        let a = [Answers::from([(
            "gut".to_string(),
            Some(AnswerValue::Text("for".into())),
        )])];
        assert_eq!(said(&q, &a).as_deref(), Some("In favour 1"));
        assert_eq!(summary(&q, &a), "In favour 1, against 0");
        let yes_no = question("r", "R", QuestionKind::YesNo);
        assert_eq!(said(&yes_no, &a), None);
        assert_eq!(summary(&yes_no, &a), "yes 0, no 0");
        let text = question("gut", "T", QuestionKind::Text);
        assert_eq!(said(&text, &a), None);
    }

    #[test]
    fn a_scale_point_is_written_with_its_words() {
        let mut q = scale();
        q.points = vec![(5, "very".into())];
        assert_eq!(
            answer_words(&q, Some(&AnswerValue::Number(5))),
            "5/5 (very)"
        );
        assert_eq!(answer_words(&q, Some(&AnswerValue::Number(4))), "4/5");
    }

    fn scale() -> Question {
        question("concern", "Concern", QuestionKind::Scale { min: 1, max: 5 })
    }

    #[test]
    fn a_scale_summary_is_its_mean_and_its_dont_knows() {
        let a: Vec<Answers> = [Some(2), Some(5), None]
            .into_iter()
            .map(|v| Answers::from([("concern".to_string(), v.map(AnswerValue::Number))]))
            .collect();
        assert_eq!(summary(&scale(), &a), "mean 3.5 (n=2), don't know 1");
        assert_eq!(answer_words(&scale(), Some(&AnswerValue::Number(4))), "4/5");
        assert_eq!(answer_words(&scale(), None), "don't know");
    }

    #[test]
    fn a_choice_is_shown_by_its_label() {
        let q = question(
            "gut",
            "Gut",
            QuestionKind::Choice(vec![
                ("for".into(), "In favour".into()),
                ("against".into(), "Opposed".into()),
            ]),
        );
        let a = [Answers::from([(
            "gut".to_string(),
            Some(AnswerValue::Text("against".into())),
        )])];
        assert_eq!(summary(&q, &a), "In favour 0, Opposed 1");
        assert_eq!(
            answer_words(&q, Some(&AnswerValue::Text("for".into()))),
            "In favour"
        );
    }
}
