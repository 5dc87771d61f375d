//! The Markdown export's questionnaires of a pack (the generic
//! `QuestionnaireAnswered` answers; the built-in Stage 3 is in `md_ideas`):
//! per questionnaire a summary per question, then each participant's answers.

use super::*;
use crate::domain::event::AnswerValue;
use crate::domain::questionnaire::{answer_words, summary};

/// "## Questionnaires", if the group answered any of the pack's.
pub(super) fn questionnaires(out: &mut String, g: &Group) {
    let s = g.state();
    if s.questionnaires.is_empty() {
        return;
    }
    out.push_str("## Questionnaires\n\n");
    // The pack's questionnaires in its order, then any it no longer has.
    let mut ids: Vec<&str> = g
        .pack
        .method
        .questionnaires
        .iter()
        .map(|q| q.id.as_str())
        .filter(|id| s.questionnaires.contains_key(*id))
        .collect();
    for id in s.questionnaires.keys() {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    for id in ids {
        let Some(by_participant) = s.questionnaires.get(id) else {
            continue;
        };
        let Some(q) = g.pack.method.questionnaires.iter().find(|q| q.id == id) else {
            out.push_str(&format!(
                "### {id}\n\n{} participants answered (the pack no longer has this questionnaire).\n\n",
                by_participant.len()
            ));
            continue;
        };
        out.push_str(&format!("### {}\n\n", q.title));
        for question in &q.questions {
            out.push_str(&format!(
                "- {}: {}.\n",
                question.label,
                summary(question, by_participant.values())
            ));
        }
        out.push('\n');
        let mut header = String::from("| Participant |");
        let mut rule = String::from("|---|");
        for question in &q.questions {
            header.push_str(&format!(" {} |", cell(&question.label)));
            rule.push_str("---|");
        }
        out.push_str(&format!("{header}\n{rule}\n"));
        for (participant, answers) in by_participant {
            let mut row = format!("| {} |", cell(&g.attribution(Some(*participant))));
            for question in &q.questions {
                let words = answers
                    .get(&question.id)
                    .map(|v| answer_words(question, v.as_ref()))
                    .unwrap_or_default();
                row.push_str(&format!(" {} |", cell(&words)));
            }
            out.push_str(&format!("{row}\n"));
        }
        out.push('\n');
    }
}

/// The CSV export's `questionnaires.csv` header.
pub const QUESTIONNAIRES_HEADER: [&str; 7] = [
    "session",
    "questionnaire",
    "participant",
    "who",
    "question",
    "answer",
    "words",
];

/// One row per answer (`answer` empty for don't know), if the group
/// answered any of the pack's questionnaires; None otherwise (the file is
/// then not written, as for the built-in pack).
pub(super) fn questionnaires_csv(g: &Group) -> anyhow::Result<Option<Vec<u8>>> {
    let s = g.state();
    if s.questionnaires.is_empty() {
        return Ok(None);
    }
    let mut csv = Csv::new(&QUESTIONNAIRES_HEADER)?;
    for (qid, by_participant) in &s.questionnaires {
        let q = g.pack.method.questionnaires.iter().find(|q| &q.id == qid);
        for (participant, answers) in by_participant {
            for (question, value) in answers {
                let raw = match value {
                    None => String::new(),
                    Some(AnswerValue::Yes(b)) => b.to_string(),
                    Some(AnswerValue::Number(n)) => n.to_string(),
                    Some(AnswerValue::Text(t)) => t.clone(),
                };
                let words = q
                    .and_then(|q| q.questions.iter().find(|x| &x.id == question))
                    .map_or_else(|| raw.clone(), |x| answer_words(x, value.as_ref()));
                csv.row([
                    s.id.clone(),
                    qid.clone(),
                    participant.to_string(),
                    g.attribution(Some(*participant)),
                    question.clone(),
                    raw,
                    words,
                ])?;
            }
        }
    }
    Ok(Some(csv.finish()?))
}
