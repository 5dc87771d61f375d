//! A pack's questionnaire at a `role = "questionnaire"` step, as drawn and
//! as a form, the same for every pack (the built-in Stage 3 too): per
//! participant present, each question by its kind (a choice's options,
//! yes/no, a scale's points, one line of text), worded as the pack says.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::domain::event::{AnswerValue, Answers};
use crate::domain::profile::Participant;
use crate::domain::questionnaire::answers_line;
use crate::domain::session::Session;
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::stimulus::method::{Question, QuestionKind, Questionnaire};
use crate::tui::form::{Field, FieldKind, Form};
use crate::tui::text::{fill, truncate};
use crate::tui::theme;

/// The questionnaire screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionnaireState {
    /// Selected participant row.
    pub sel: usize,
    /// The answer form for a participant.
    pub form: Option<(Form, u32)>,
}

/// A choice left unanswered: nothing is recorded for the question.
const SKIPPED: &str = "—";
/// Recorded as `null`.
const DONT_KNOW: &str = "don't know";
/// The widest a question's label is shown in the form.
const LABEL_WIDTH: usize = 34;
/// The narrowest the form's label column is, so short labels do not
/// crowd the left edge.
const MIN_LABEL_WIDTH: usize = 15;
/// The width of the "who" column of the screen's table.
const WHO_WIDTH: usize = 14;

/// The questionnaire `A` opens: the pack's one at the session's current
/// step, else its first (None if the pack has none).
pub fn at_current<'a>(pack: &'a Pack, session: &Session) -> Option<&'a Questionnaire> {
    super::countdown::current(pack, session)
        .and_then(|(ps, _)| pack.method.questionnaire_at(&ps.step_id))
        .or_else(|| pack.method.questionnaires.first())
}

/// Who answers: the participants present, and anyone who already answered.
pub fn people<'s>(s: &'s SessionState, q: &Questionnaire) -> Vec<&'s Participant> {
    s.answering(&q.id).collect()
}

/// A scale's point as the form offers it: "4", or "5 (very)" when the
/// pack gives the point words.
fn point(question: &Question, n: i64) -> String {
    match question.point_words(n) {
        Some(words) => format!("{n} ({words})"),
        None => n.to_string(),
    }
}

/// The options a question's form field cycles through (none for text).
fn options(question: &Question) -> Option<Vec<String>> {
    let mut out = vec![SKIPPED.to_string()];
    match &question.kind {
        QuestionKind::Choice(opts) => out.extend(opts.iter().map(|(_, l)| l.clone())),
        QuestionKind::YesNo => out.extend(["yes".to_string(), "no".to_string()]),
        QuestionKind::Scale { min, max } => {
            out.extend((i64::from(*min)..=i64::from(*max)).map(|n| point(question, n)))
        }
        QuestionKind::Text => return None,
    }
    if question.dont_know {
        out.push(DONT_KNOW.to_string());
    }
    Some(out)
}

/// An answer as the form and the screen show it.
fn shown(question: &Question, value: Option<&Option<AnswerValue>>) -> String {
    match (&question.kind, value) {
        (_, None) => String::new(),
        (QuestionKind::Text, Some(Some(AnswerValue::Text(t)))) => t.clone(),
        (_, Some(None)) => DONT_KNOW.to_string(),
        (QuestionKind::Choice(_), Some(Some(AnswerValue::Text(id)))) => question
            .option_label(id)
            .map(str::to_string)
            .unwrap_or_default(),
        (_, Some(Some(AnswerValue::Yes(true)))) => "yes".to_string(),
        (_, Some(Some(AnswerValue::Yes(false)))) => "no".to_string(),
        (QuestionKind::Scale { .. }, Some(Some(AnswerValue::Number(n)))) => point(question, *n),
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
            let value = shown(question, earlier.and_then(|a| a.get(&question.id)));
            let field = match options(question) {
                Some(opts) => {
                    let opts: Vec<&str> = opts.iter().map(String::as_str).collect();
                    Field::choice("", &opts, &value)
                }
                None => Field::text("", value, "").hinted(question.hint.clone()),
            };
            field.named(truncate(&question.form_label, LABEL_WIDTH))
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
            QuestionKind::Scale { .. } => match v.split(' ').next().unwrap_or(v).parse::<i64>() {
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
/// one participant's form; a word when the pack has no questionnaire.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    st: &QuestionnaireState,
    s: &SessionState,
    q: Option<&Questionnaire>,
) {
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
            .unwrap_or(0)
            .max(MIN_LABEL_WIDTH);
        lines.extend(form.lines(width));
        f.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(form.title.clone())),
            area,
        );
        return;
    }
    let width = area.width.saturating_sub(2) as usize;
    let Some(q) = q else {
        let lines = vec![Line::styled(
            "This pack has no questionnaire.",
            theme::dim(),
        )];
        f.render_widget(Paragraph::new(lines).block(Block::bordered()), area);
        return;
    };
    let columns: Vec<(&Question, &str, Option<usize>)> = q
        .questions
        .iter()
        .filter_map(|x| x.column.as_ref().map(|(h, w)| (x, h.as_str(), *w)))
        .collect();
    let mut heading = format!("  {}", fill("who", WHO_WIDTH));
    if columns.is_empty() {
        heading.push_str("answers");
    }
    for (_, h, w) in &columns {
        heading.push_str(&cell(h, *w));
    }
    let mut lines = vec![Line::styled(heading, theme::heading())];
    let answered = s.questionnaires.get(&q.id);
    for (i, p) in people(s, q).into_iter().enumerate() {
        let label = if s.absent.contains(&p.id) {
            format!("{} (out)", truncate(&p.label, 7))
        } else {
            truncate(&p.label, WHO_WIDTH - 1)
        };
        let answers = answered.and_then(|a| a.get(&p.id));
        let mut row = fill(&label, WHO_WIDTH);
        if columns.is_empty() {
            row.push_str(&answers.map_or_else(|| "—".to_string(), |a| answers_line(q, a)));
        }
        for (question, _, w) in &columns {
            let mut words = shown(question, answers.and_then(|a| a.get(&question.id)));
            if words.is_empty() && question.kind != QuestionKind::Text {
                words = SKIPPED.to_string();
            }
            row.push_str(&cell(&words, *w));
        }
        lines.push(theme::row(
            truncate(&row, width.saturating_sub(2)),
            i == st.sel,
            theme::text(),
        ));
    }
    let title = format!(
        " {} · Enter to record a participant's answers ",
        q.screen_title
    );
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(truncate(&title, width))),
        area,
    );
}

/// A cell of the screen's table: the words in a column `width` wide (one
/// space kept before the next), or as they are in the last column.
fn cell(words: &str, width: Option<usize>) -> String {
    match width {
        Some(w) => fill(&truncate(words, w.saturating_sub(1).max(1)), w),
        None => words.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stimulus::method::question;

    fn one(question: Question) -> Questionnaire {
        Questionnaire {
            id: "q".into(),
            title: "Q".into(),
            step: "s".into(),
            questions: vec![question],
            screen_title: "Q".into(),
            heading: "Q".into(),
            summary: Default::default(),
            place: Default::default(),
        }
    }

    #[test]
    fn a_scale_offers_its_points_words_and_records_the_number() {
        let mut q = question("concern", "Concern", QuestionKind::Scale { min: 1, max: 3 });
        q.points = vec![(1, "not at all".into()), (3, "very".into())];
        let q = one(q);
        let earlier = Answers::from([("concern".to_string(), Some(AnswerValue::Number(3)))]);
        let form = form(&q, Some(&earlier));
        let FieldKind::Choice(opts) = &form.fields[0].kind else {
            panic!("a choice field");
        };
        assert_eq!(
            opts,
            &["—", "1 (not at all)", "2", "3 (very)", "don't know"]
        );
        assert_eq!(form.fields[0].value, "3 (very)");
        assert_eq!(answers_from(&q, &form), earlier);
    }

    #[test]
    fn dont_know_is_offered_only_where_the_pack_allows_it() {
        let mut q = question("heard", "Heard", QuestionKind::YesNo);
        q.dont_know = false;
        let form = form(&one(q), None);
        let FieldKind::Choice(opts) = &form.fields[0].kind else {
            panic!("a choice field");
        };
        assert_eq!(opts, &["—", "yes", "no"]);
    }

    #[test]
    fn a_text_field_has_the_packs_label_and_hint() {
        let mut q = question("tip", "Top tip", QuestionKind::Text);
        q.form_label = "Tip".into();
        q.hint = "their advice".into();
        let form = form(&one(q), None);
        assert_eq!(form.fields[0].label, "Tip");
        assert_eq!(form.fields[0].hint, "their advice");
    }
}
