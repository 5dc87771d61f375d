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
    QuestionTally::of(question, all).summary(question)
}

/// A summary of what was said only (the summary style `lines`): the
/// options given ("In favour 2, Opposed 1"), yes/no and a scale's mean
/// once anyone answered; None for a text, or when nothing was said.
pub fn said<'a>(question: &Question, all: impl IntoIterator<Item = &'a Answers>) -> Option<String> {
    QuestionTally::of(question, all).said(question)
}

/// What a summary of one question needs of the answers, counted: tallies
/// of the same question add up ([`QuestionTally::add`]) to the tally of
/// all their answers, so the report can keep a few numbers per group
/// instead of every participant's answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionTally {
    /// Answered "don't know" (or skipped).
    pub dont_know: u32,
    /// Answered with a value, of any kind.
    pub given: u32,
    /// Answered yes.
    pub yes: u32,
    /// Answered no.
    pub no: u32,
    /// The numbers given, added up, and how many there were.
    pub sum: i64,
    /// How many numbers were given.
    pub numbers: u32,
    /// A choice's options: how many gave each, in the question's order.
    pub options: Box<[u32]>,
}

impl QuestionTally {
    /// The tally of `question` over `all` the participants' answers (an
    /// answers map without the question is not counted).
    pub fn of<'a>(question: &Question, all: impl IntoIterator<Item = &'a Answers>) -> Self {
        let mut t = QuestionTally::default();
        for a in all {
            if let Some(v) = a.get(&question.id) {
                t.count(question, v.as_ref());
            }
        }
        t
    }

    /// Count one answer (`None`: don't know) to `question`.
    pub fn count(&mut self, question: &Question, value: Option<&AnswerValue>) {
        let Some(v) = value else {
            self.dont_know += 1;
            return;
        };
        self.given += 1;
        match v {
            AnswerValue::Yes(true) => self.yes += 1,
            AnswerValue::Yes(false) => self.no += 1,
            AnswerValue::Number(n) => {
                self.sum = self.sum.wrapping_add(*n);
                self.numbers += 1;
            }
            AnswerValue::Text(t) => {
                if let QuestionKind::Choice(options) = &question.kind {
                    if self.options.len() != options.len() {
                        self.options = vec![0; options.len()].into_boxed_slice();
                    }
                    for (k, (id, _)) in options.iter().enumerate() {
                        if t == id
                            && let Some(n) = self.options.get_mut(k)
                        {
                            *n += 1;
                        }
                    }
                }
            }
        }
    }

    /// Add another tally of the same question.
    pub fn add(&mut self, other: &QuestionTally) {
        self.dont_know += other.dont_know;
        self.given += other.given;
        self.yes += other.yes;
        self.no += other.no;
        self.sum = self.sum.wrapping_add(other.sum);
        self.numbers += other.numbers;
        if self.options.len() < other.options.len() {
            let mut grown = vec![0; other.options.len()];
            grown[..self.options.len()].copy_from_slice(&self.options);
            self.options = grown.into_boxed_slice();
        }
        for (n, m) in self.options.iter_mut().zip(other.options.iter()) {
            *n += m;
        }
    }

    /// The mean of the numbers given and how many, if any.
    pub fn mean(&self) -> Option<(f64, usize)> {
        let n = self.numbers as usize;
        (n > 0).then(|| (self.sum as f64 / n as f64, n))
    }

    /// [`summary`] of the answers counted.
    pub fn summary(&self, question: &Question) -> String {
        let parts = self.parts(question, false);
        if parts.is_empty() {
            "no answers".to_string()
        } else {
            parts.join(", ")
        }
    }

    /// [`said`] of the answers counted.
    pub fn said(&self, question: &Question) -> Option<String> {
        let parts = self.parts(question, true);
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The parts of a summary; `said_only`: leave out the options nobody
    /// gave, yes/no when nobody answered it, and texts.
    fn parts(&self, question: &Question, said_only: bool) -> Vec<String> {
        let mut parts = Vec::new();
        match &question.kind {
            QuestionKind::Scale { .. } => {
                if let Some((mean, n)) = self.mean() {
                    parts.push(format!("mean {mean:.1} (n={n})"));
                }
            }
            QuestionKind::YesNo => {
                if !said_only || self.yes + self.no > 0 {
                    parts.push(format!("yes {}, no {}", self.yes, self.no));
                }
            }
            QuestionKind::Choice(options) => {
                for (k, (id, _)) in options.iter().enumerate() {
                    let n = self.options.get(k).copied().unwrap_or(0);
                    if !said_only || n > 0 {
                        let words = question.option_written(id).unwrap_or(id);
                        parts.push(format!("{words} {n}"));
                    }
                }
            }
            QuestionKind::Text if said_only => return Vec::new(),
            QuestionKind::Text => parts.push(format!("{} answers", self.given)),
        }
        if self.dont_know > 0 {
            parts.push(format!("don't know {}", self.dont_know));
        }
        parts
    }
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
