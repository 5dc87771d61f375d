//! A pack's questionnaire at a `role = "questionnaire"` step, as drawn and
//! as a form: per participant present, each question by its kind (a
//! choice's options, yes/no, a scale's points, one line of text). Every
//! pack but the built-in one: the built-in pack's questionnaire, id
//! [`BUILT_IN_STAGE3`], keeps its Stage 3 form and `Stage3Answered`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use super::stage3::Stage3State;
use crate::domain::event::{AnswerValue, Answers};
use crate::domain::profile::Participant;
use crate::domain::questionnaire::answers_line;
use crate::domain::session::Session;
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::stimulus::method::{QuestionKind, Questionnaire};
use crate::tui::form::{Field, FieldKind, Form};
use crate::tui::text::{fill, truncate};
use crate::tui::theme;

/// The id of the built-in pack's questionnaire, which keeps the Stage 3
/// screen and records `Stage3Answered` (see stimulus/README.md).
pub const BUILT_IN_STAGE3: &str = "stage3";

/// A choice left unanswered: nothing is recorded for the question.
const SKIPPED: &str = "—";
/// Recorded as `null`.
const DONT_KNOW: &str = "don't know";
/// The widest a question's label is shown in the form.
const LABEL_WIDTH: usize = 34;

/// The pack's questionnaire at the session's current step, unless it is
/// the built-in Stage 3 (or the step has none).
pub fn at_current<'a>(pack: &'a Pack, session: &Session) -> Option<&'a Questionnaire> {
    let (ps, _) = super::countdown::current(pack, session)?;
    let step = ps.step_id.clone();
    pack.method
        .questionnaire_at(&step)
        .filter(|q| q.id != BUILT_IN_STAGE3)
}

/// Who answers: the participants present, and anyone who already answered.
pub fn people<'s>(s: &'s SessionState, q: &Questionnaire) -> Vec<&'s Participant> {
    let answered = s.questionnaires.get(&q.id);
    s.participants
        .values()
        .filter(|p| !s.removed.contains(&p.id))
        .filter(|p| !s.absent.contains(&p.id) || answered.is_some_and(|a| a.contains_key(&p.id)))
        .collect()
}

/// The options a question's form field cycles through (none for text).
fn options(kind: &QuestionKind) -> Option<Vec<String>> {
    let mut out = vec![SKIPPED.to_string()];
    match kind {
        QuestionKind::Choice(opts) => out.extend(opts.iter().map(|(_, l)| l.clone())),
        QuestionKind::YesNo => out.extend(["yes".to_string(), "no".to_string()]),
        QuestionKind::Scale { min, max } => out.extend((*min..=*max).map(|n| n.to_string())),
        QuestionKind::Text => return None,
    }
    out.push(DONT_KNOW.to_string());
    Some(out)
}

/// An answer as the form shows it.
fn shown(kind: &QuestionKind, value: Option<&Option<AnswerValue>>) -> String {
    match (kind, value) {
        (_, None) => String::new(),
        (QuestionKind::Text, Some(Some(AnswerValue::Text(t)))) => t.clone(),
        (_, Some(None)) => DONT_KNOW.to_string(),
        (QuestionKind::Choice(opts), Some(Some(AnswerValue::Text(id)))) => opts
            .iter()
            .find(|(o, _)| o == id)
            .map(|(_, l)| l.clone())
            .unwrap_or_default(),
        (_, Some(Some(AnswerValue::Yes(true)))) => "yes".to_string(),
        (_, Some(Some(AnswerValue::Yes(false)))) => "no".to_string(),
        (_, Some(Some(AnswerValue::Number(n)))) => n.to_string(),
        (_, Some(Some(AnswerValue::Text(t)))) => t.clone(),
    }
}

/// The answer form for one participant, filled with their earlier answers.
pub fn form(q: &Questionnaire, earlier: Option<&Answers>) -> Form {
    let fields = q
        .questions
        .iter()
        .map(|question| {
            let value = shown(&question.kind, earlier.and_then(|a| a.get(&question.id)));
            let field = match options(&question.kind) {
                Some(opts) => {
                    let opts: Vec<&str> = opts.iter().map(String::as_str).collect();
                    Field::choice("", &opts, &value)
                }
                None => Field::text("", value, "one line"),
            };
            field.named(truncate(&question.label, LABEL_WIDTH))
        })
        .collect();
    Form::new(format!(" {} ", q.title), fields)
}

/// The answers a filled form records: a field left at "—" (or a text left
/// empty) records nothing for its question; "don't know" records `null`.
pub fn answers_from(q: &Questionnaire, form: &Form) -> Answers {
    let mut out = Answers::new();
    for (question, field) in q.questions.iter().zip(&form.fields) {
        let v = field.value.trim();
        if v.is_empty() || (v == SKIPPED && field.kind != FieldKind::Text) {
            continue;
        }
        let value = match &question.kind {
            _ if v == DONT_KNOW && field.kind != FieldKind::Text => None,
            QuestionKind::Text => Some(AnswerValue::Text(v.to_string())),
            QuestionKind::YesNo => Some(AnswerValue::Yes(v == "yes")),
            QuestionKind::Scale { .. } => match v.parse::<i64>() {
                Ok(n) => Some(AnswerValue::Number(n)),
                Err(_) => continue,
            },
            QuestionKind::Choice(opts) => match opts.iter().find(|(_, l)| l == v) {
                Some((id, _)) => Some(AnswerValue::Text(id.clone())),
                None => continue,
            },
        };
        out.insert(question.id.clone(), value);
    }
    out
}

/// Draw the questionnaire screen: the participants and their answers, or
/// one participant's form.
pub fn draw(f: &mut Frame, area: Rect, st: &Stage3State, s: &SessionState, q: &Questionnaire) {
    if let Some((form, id)) = &st.form {
        let who = s
            .participants
            .get(id)
            .map(|p| p.label.clone())
            .unwrap_or_default();
        let mut lines = vec![Line::styled(
            format!("{who}: all optional. Ctrl-S to save, Esc to cancel."),
            theme::dim(),
        )];
        let width = form
            .fields
            .iter()
            .map(|f| f.label.chars().count())
            .max()
            .unwrap_or(0);
        lines.extend(form.lines(width));
        f.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(form.title.clone())),
            area,
        );
        return;
    }
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(
        format!("  {:<14}{}", "who", "answers"),
        theme::heading(),
    )];
    let answered = s.questionnaires.get(&q.id);
    for (i, p) in people(s, q).into_iter().enumerate() {
        let label = if s.absent.contains(&p.id) {
            format!("{} (out)", truncate(&p.label, 7))
        } else {
            truncate(&p.label, 13)
        };
        let words = match answered.and_then(|a| a.get(&p.id)) {
            Some(a) => answers_line(q, a),
            None => "—".to_string(),
        };
        let row = format!("{}{words}", fill(&label, 14));
        lines.push(theme::row(
            truncate(&row, width.saturating_sub(2)),
            i == st.sel,
            theme::text(),
        ));
    }
    let title = format!(" {} · Enter to record a participant's answers ", q.title);
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(truncate(&title, width))),
        area,
    );
}
