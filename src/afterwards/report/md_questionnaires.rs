//! The report's questionnaires (every pack's, the built-in Stage 3 too,
//! across groups): per questionnaire a summary per question in the pack's
//! style, and before vs after for a question asked in both.

use super::Collected;
use crate::domain::questionnaire::QuestionTally;
use crate::stimulus::method::{QuestionKind, SummaryStyle};

/// How many participants answered the pack's questionnaire at `k`, across
/// groups, and the tally of each of its questions, in order.
fn answers_to(all: &Collected, k: usize) -> (usize, Vec<QuestionTally>) {
    let questions = all
        .pack
        .method
        .questionnaires
        .get(k)
        .map_or(0, |q| q.questions.len());
    let mut tallies = vec![QuestionTally::default(); questions];
    let mut participants = 0;
    for (_, n, group) in all
        .digests
        .iter()
        .flat_map(|g| g.questionnaires.iter())
        .filter(|(at, _, _)| *at == k)
    {
        participants += n;
        for (t, g) in tallies.iter_mut().zip(group.iter()) {
            t.add(g);
        }
    }
    (participants, tallies)
}

/// "## Questionnaires", if any group answered one of the pack's.
pub(super) fn questionnaires(out: &mut String, all: &Collected) {
    let asked: Vec<_> = all
        .pack
        .method
        .questionnaires
        .iter()
        .enumerate()
        .map(|(k, q)| (q, answers_to(all, k)))
        .filter(|(_, (n, _))| *n > 0)
        .collect();
    if asked.is_empty() {
        return;
    }
    out.push_str("## Questionnaires\n\n");
    for (q, (n, tallies)) in &asked {
        out.push_str(&format!("### {} ({n} participants)\n\n", q.title));
        for (question, t) in q.questions.iter().zip(tallies) {
            let words = match q.summary {
                SummaryStyle::Bullets => Some(t.summary(question)),
                SummaryStyle::Lines => t.said(question),
            };
            if let Some(words) = words {
                out.push_str(&format!("- {}: {words}.\n", question.label));
            }
        }
        out.push('\n');
    }
    // A scale question asked in two questionnaires: the first vs the later.
    // (A question's numbers are those answered to its id, whatever its kind.)
    let mean = |(q, (_, tallies)): &(
        &crate::stimulus::method::Questionnaire,
        (usize, Vec<QuestionTally>),
    ),
                id: &str| {
        q.questions
            .iter()
            .position(|x| x.id == id)
            .and_then(|k| tallies.get(k))
            .and_then(QuestionTally::mean)
    };
    let mut lines = Vec::new();
    for (i, first) in asked.iter().enumerate() {
        for question in &first.0.questions {
            if !matches!(question.kind, QuestionKind::Scale { .. }) {
                continue;
            }
            for later in &asked[i + 1..] {
                let again =
                    later.0.questions.iter().any(|x| {
                        x.id == question.id && matches!(x.kind, QuestionKind::Scale { .. })
                    });
                if !again {
                    continue;
                }
                if let (Some((a, n)), Some((b, m))) =
                    (mean(first, &question.id), mean(later, &question.id))
                {
                    lines.push(format!(
                        "- {}: {} mean {a:.1} (n={n}), {} mean {b:.1} (n={m}), change {:+.1}.\n",
                        question.label,
                        first.0.title,
                        later.0.title,
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
