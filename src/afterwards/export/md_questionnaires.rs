//! The Markdown export's questionnaires, every pack's the same way (the
//! built-in Stage 3 too), worded as the pack's `method.toml` says: a
//! heading, a summary per question (bullets, or plain lines of what was
//! said), a table of each participant's answers, and the text answers the
//! pack quotes, as quotes under their heading.

use super::*;
use crate::domain::event::{AnswerValue, Answers, ParticipantId};
use crate::domain::questionnaire::{answer_words, said, summary};
use crate::stimulus::method::{ExportPlace, Questionnaire, SummaryStyle};

/// The pack's questionnaires written in the section of `stage` (`place =
/// "stage"`, asked at one of `steps`) that the group answered, in the
/// pack's order.
pub(super) fn in_stage<'p>(g: &Group<'p>, steps: &[&str]) -> Vec<&'p Questionnaire> {
    g.pack
        .method
        .questionnaires
        .iter()
        .filter(|q| q.place == ExportPlace::Stage && steps.contains(&q.step.as_str()))
        .filter(|q| g.state().questionnaires.contains_key(&q.id))
        .collect()
}

/// One questionnaire's answers: its heading, the summary, the table, the
/// quotes.
pub(super) fn questionnaire(out: &mut String, g: &Group, q: &Questionnaire) {
    let Some(by_participant) = g.state().questionnaires.get(&q.id) else {
        return;
    };
    out.push_str(&format!("### {}\n\n", q.heading));
    for question in &q.questions {
        match q.summary {
            SummaryStyle::Bullets => out.push_str(&format!(
                "- {}: {}.\n",
                question.label,
                summary(question, by_participant.values())
            )),
            SummaryStyle::Lines => {
                if let Some(words) = said(question, by_participant.values()) {
                    out.push_str(&format!("{}: {words}.\n", question.label));
                }
            }
        }
    }
    out.push('\n');
    let tabled: Vec<_> = q
        .questions
        .iter()
        .filter(|x| x.quote_under.is_none())
        .collect();
    let mut header = String::from("| Participant |");
    let mut rule = String::from("|---|");
    for question in &tabled {
        header.push_str(&format!(" {} |", cell(&question.table)));
        rule.push_str("---|");
    }
    out.push_str(&format!("{header}\n{rule}\n"));
    for (participant, answers) in by_participant {
        let mut row = format!("| {} |", cell(&g.attribution(Some(*participant))));
        for question in &tabled {
            let words = answers
                .get(&question.id)
                .map(|v| answer_words(question, v.as_ref()))
                .unwrap_or_default();
            row.push_str(&format!(" {} |", cell(&words)));
        }
        out.push_str(&format!("{row}\n"));
    }
    out.push('\n');
    quotes(out, g, q, by_participant);
}

/// The text answers the pack quotes (`quote_under`), under each heading
/// in the order the questions give them, each attributed.
fn quotes(
    out: &mut String,
    g: &Group,
    q: &Questionnaire,
    by_participant: &BTreeMap<ParticipantId, Answers>,
) {
    let mut headings: Vec<&str> = Vec::new();
    for h in q.questions.iter().filter_map(|x| x.quote_under.as_deref()) {
        if !headings.contains(&h) {
            headings.push(h);
        }
    }
    for heading in headings {
        let said: Vec<(ParticipantId, &str)> = q
            .questions
            .iter()
            .filter(|x| x.quote_under.as_deref() == Some(heading))
            .flat_map(|x| {
                by_participant
                    .iter()
                    .filter_map(|(p, a)| match a.get(&x.id) {
                        Some(Some(AnswerValue::Text(t))) if !t.trim().is_empty() => {
                            Some((*p, t.as_str()))
                        }
                        _ => None,
                    })
            })
            .collect();
        if said.is_empty() {
            continue;
        }
        out.push_str(&format!("### {heading}\n\n"));
        for (participant, text) in said {
            quote_block(out, text, &g.attribution(Some(participant)));
        }
    }
}

/// "## Questionnaires": the answers not written in a stage's section
/// (`written`: the ids that were), in the pack's order, then those of
/// questionnaires the pack no longer has.
pub(super) fn questionnaires(out: &mut String, g: &Group, written: &BTreeSet<String>) {
    let s = g.state();
    let left: Vec<&String> = s
        .questionnaires
        .keys()
        .filter(|id| !written.contains(*id))
        .collect();
    if left.is_empty() {
        return;
    }
    out.push_str("## Questionnaires\n\n");
    for q in &g.pack.method.questionnaires {
        if left.contains(&&q.id) {
            questionnaire(out, g, q);
        }
    }
    for id in left {
        if g.pack.method.questionnaires.iter().any(|q| &q.id == id) {
            continue;
        }
        let n = s.questionnaires.get(id).map_or(0, BTreeMap::len);
        out.push_str(&format!(
            "### {id}\n\n{n} participants answered (the pack no longer has this questionnaire).\n\n"
        ));
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
/// answered any of the pack's questionnaires (the built-in Stage 3 too);
/// None otherwise (the file is then not written).
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
