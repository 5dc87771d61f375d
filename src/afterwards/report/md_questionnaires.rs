//! The report's questionnaires (every pack's, the built-in Stage 3 too,
//! across groups): per questionnaire a summary per question in the pack's
//! style, and before vs after for a question asked in both.

use super::Collected;
use crate::domain::event::{AnswerValue, Answers};
use crate::domain::questionnaire::{said, summary};
use crate::stimulus::method::{QuestionKind, SummaryStyle};

/// Every participant's answers to questionnaire `id`, across groups.
fn answers_to<'a>(all: &'a Collected, id: &str) -> Vec<&'a Answers> {
    all.digests
        .iter()
        .filter_map(|g| g.questionnaires.get(id))
        .flat_map(|by_participant| by_participant.values())
        .collect()
}

/// The mean of a scale question's answers, if any.
fn mean(answers: &[&Answers], question: &str) -> Option<(f64, usize)> {
    let nums: Vec<i64> = answers
        .iter()
        .filter_map(|a| match a.get(question) {
            Some(Some(AnswerValue::Number(n))) => Some(*n),
            _ => None,
        })
        .collect();
    (!nums.is_empty()).then(|| {
        (
            nums.iter().sum::<i64>() as f64 / nums.len() as f64,
            nums.len(),
        )
    })
}

/// "## Questionnaires", if any group answered one of the pack's.
pub(super) fn questionnaires(out: &mut String, all: &Collected) {
    let asked: Vec<_> = all
        .pack
        .method
        .questionnaires
        .iter()
        .map(|q| (q, answers_to(all, &q.id)))
        .filter(|(_, a)| !a.is_empty())
        .collect();
    if asked.is_empty() {
        return;
    }
    out.push_str("## Questionnaires\n\n");
    for (q, answers) in &asked {
        out.push_str(&format!(
            "### {} ({} participants)\n\n",
            q.title,
            answers.len()
        ));
        for question in &q.questions {
            let words = match q.summary {
                SummaryStyle::Bullets => Some(summary(question, answers.iter().copied())),
                SummaryStyle::Lines => said(question, answers.iter().copied()),
            };
            if let Some(words) = words {
                out.push_str(&format!("- {}: {words}.\n", question.label));
            }
        }
        out.push('\n');
    }
    // A scale question asked in two questionnaires: the first vs the later.
    let mut lines = Vec::new();
    for (i, (first, first_answers)) in asked.iter().enumerate() {
        for question in &first.questions {
            if !matches!(question.kind, QuestionKind::Scale { .. }) {
                continue;
            }
            for (later, later_answers) in &asked[i + 1..] {
                let again = later
                    .questions
                    .iter()
                    .any(|x| x.id == question.id && matches!(x.kind, QuestionKind::Scale { .. }));
                if !again {
                    continue;
                }
                if let (Some((a, n)), Some((b, m))) = (
                    mean(first_answers, &question.id),
                    mean(later_answers, &question.id),
                ) {
                    lines.push(format!(
                        "- {}: {} mean {a:.1} (n={n}), {} mean {b:.1} (n={m}), change {:+.1}.\n",
                        question.label,
                        first.title,
                        later.title,
                        b - a
                    ));
                }
            }
        }
    }
    if !lines.is_empty() {
        out.push_str("### Before and after\n\n");
        lines.iter().for_each(|l| out.push_str(l));
        out.push('\n');
    }
}
