//! `method.toml`'s questionnaires as written (with spans), their checks
//! and their conversion to [`crate::stimulus::method::Questionnaire`].

use super::*;
use crate::stimulus::method::{ExportPlace, Question, QuestionKind, Questionnaire, SummaryStyle};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestionnaire {
    pub(super) id: Text,
    pub(super) title: Text,
    pub(super) step: Text,
    #[serde(default)]
    pub(super) screen_title: Option<Text>,
    #[serde(default)]
    pub(super) heading: Option<Text>,
    #[serde(default)]
    pub(super) summary: Option<SummaryStyle>,
    #[serde(default)]
    pub(super) place: Option<ExportPlace>,
    #[serde(default)]
    pub(super) question: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawQKind {
    Choice,
    YesNo,
    Scale,
    Text,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub(super) id: Text,
    pub(super) label: Text,
    pub(super) kind: Spanned<RawQKind>,
    #[serde(default)]
    pub(super) options: Vec<Spanned<RawChoice>>,
    #[serde(default)]
    pub(super) min: Option<Spanned<u8>>,
    #[serde(default)]
    pub(super) max: Option<Spanned<u8>>,
    #[serde(default)]
    pub(super) points: BTreeMap<Text, Text>,
    #[serde(default)]
    pub(super) dont_know: Option<Spanned<bool>>,
    #[serde(default)]
    pub(super) form_label: Option<Text>,
    #[serde(default)]
    pub(super) hint: Option<Text>,
    #[serde(default)]
    pub(super) table: Option<Text>,
    #[serde(default)]
    pub(super) quote_under: Option<Text>,
    #[serde(default)]
    pub(super) column: Option<Text>,
    #[serde(default)]
    pub(super) column_width: Option<Spanned<u8>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChoice {
    pub(super) id: Text,
    pub(super) label: Text,
    #[serde(default)]
    pub(super) written: Option<Text>,
}

/// The questionnaires' checks: ids, steps, questions by kind, wording.
pub(super) fn check_questionnaires(
    src: &Src<'_>,
    questionnaires: &[Spanned<RawQuestionnaire>],
    facts: Option<&GuideFacts<'_>>,
    out: &mut Vec<Problem>,
) {
    let mut qids = HashMap::new();
    let mut qsteps = HashMap::new();
    for q in questionnaires {
        let q = q.get_ref();
        key_pattern(src, &q.id, "questionnaire", out);
        src.unique(&mut qids, &q.id, "questionnaire id", out);
        src.non_blank(&q.title, "questionnaire title", out);
        for (t, what) in [(&q.screen_title, "screen_title"), (&q.heading, "heading")] {
            if let Some(t) = t {
                src.non_blank(t, what, out);
            }
        }
        if let Some(f) = facts {
            let step = q.step.get_ref().as_str();
            if !f.steps.contains(&step) {
                out.push(src.problem(
                    q.step.span(),
                    format!(
                        "questionnaire `{}` is asked at step `{step}`, which the guide does not have",
                        q.id.get_ref(),
                    ),
                ));
            } else if !f.questionnaire_steps.contains(&step) {
                out.push(src.problem(
                    q.step.span(),
                    format!(
                        "questionnaire `{}` is asked at step `{step}`, which needs role = \"questionnaire\" in the guide",
                        q.id.get_ref(),
                    ),
                ));
            }
        }
        src.unique(&mut qsteps, &q.step, "questionnaire step", out);
        if q.question.is_empty() {
            out.push(src.problem(
                q.id.span(),
                format!(
                    "questionnaire `{}` has no [[questionnaire.question]]",
                    q.id.get_ref()
                ),
            ));
        }
        let mut ids = HashMap::new();
        for qq in &q.question {
            let qq = qq.get_ref();
            key_pattern(src, &qq.id, "question", out);
            src.unique(&mut ids, &qq.id, "question id", out);
            src.non_blank(&qq.label, "question label", out);
            let kind = *qq.kind.get_ref();
            if kind == RawQKind::Choice {
                if qq.options.len() < 2 {
                    out.push(src.problem(
                        qq.kind.span(),
                        format!(
                            "choice question `{}` needs at least 2 options",
                            qq.id.get_ref()
                        ),
                    ));
                }
                let mut oids = HashMap::new();
                for o in &qq.options {
                    let o = o.get_ref();
                    key_pattern(src, &o.id, "option", out);
                    src.unique(&mut oids, &o.id, "option id", out);
                    src.non_blank(&o.label, "option label", out);
                }
            } else if let Some(o) = qq.options.first() {
                out.push(src.problem(o.span(), "only a choice question has options"));
            }
            let what = format!("question `{}`", qq.id.get_ref());
            match (kind, &qq.min, &qq.max) {
                (RawQKind::Scale, Some(min), Some(max)) if min.get_ref() >= max.get_ref() => {
                    out.push(src.problem(min.span(), "min must be below max"));
                }
                (RawQKind::Scale, Some(min), Some(max)) => {
                    check_points(
                        src,
                        &qq.points,
                        (*min.get_ref(), *max.get_ref()),
                        &what,
                        out,
                    );
                }
                (RawQKind::Scale, _, _) => out.push(src.problem(
                    qq.kind.span(),
                    format!("scale question `{}` needs min and max", qq.id.get_ref()),
                )),
                (_, Some(m), _) | (_, None, Some(m)) => {
                    out.push(src.problem(m.span(), "only a scale question has min and max"))
                }
                _ => {}
            }
            check_question_words(src, qq, kind, &what, out);
        }
    }
}

/// The fields of a question that only some kinds take, and its wording.
fn check_question_words(
    src: &Src<'_>,
    qq: &RawQuestion,
    kind: RawQKind,
    what: &str,
    out: &mut Vec<Problem>,
) {
    if kind != RawQKind::Scale
        && let Some((k, _)) = qq.points.iter().next()
    {
        out.push(src.problem(k.span(), "only a scale question has points"));
    }
    if kind == RawQKind::Text
        && let Some(d) = qq.dont_know.as_ref().filter(|d| *d.get_ref())
    {
        out.push(src.problem(
            d.span(),
            format!("{what} is a text: the form offers no \"don't know\" for it"),
        ));
    }
    if kind != RawQKind::Text
        && let Some(q) = &qq.quote_under
    {
        out.push(src.problem(q.span(), "only a text question's answers can be quoted"));
    }
    if qq.column.is_none()
        && let Some(w) = &qq.column_width
    {
        out.push(src.problem(w.span(), "column_width needs a column"));
    }
    if let Some(w) = qq.column_width.as_ref().filter(|w| *w.get_ref() == 0) {
        out.push(src.problem(w.span(), "column_width must be at least 1"));
    }
    for (text, name) in [
        (&qq.form_label, "form_label"),
        (&qq.hint, "hint"),
        (&qq.table, "table"),
        (&qq.quote_under, "quote_under"),
        (&qq.column, "column"),
    ] {
        if let Some(t) = text {
            src.non_blank(t, name, out);
        }
    }
    for o in &qq.options {
        if let Some(w) = &o.get_ref().written {
            src.non_blank(w, "an option's written words", out);
        }
    }
}

/// Each point's words of a scale from `min` to `max` (`what`: "scale
/// `x`"): a value of the scale, and words that are not blank.
pub(super) fn check_points(
    src: &Src<'_>,
    points: &BTreeMap<Text, Text>,
    (min, max): (u8, u8),
    what: &str,
    out: &mut Vec<Problem>,
) {
    for (k, label) in points {
        match k.get_ref().parse::<u8>() {
            Ok(n) if (min..=max).contains(&n) => src.non_blank(label, "a point's words", out),
            _ => out.push(src.problem(
                k.span(),
                format!(
                    "point `{}` of {what} is not a value from {min} to {max}",
                    k.get_ref()
                ),
            )),
        }
    }
}

/// Points' words as the clean method holds them: by value, in order.
pub(super) fn points_of(points: BTreeMap<Text, Text>) -> Vec<(u8, String)> {
    let mut out: Vec<(u8, String)> = points
        .into_iter()
        .filter_map(|(k, l)| Some((k.get_ref().parse().ok()?, l.into_inner())))
        .collect();
    out.sort_by_key(|(n, _)| *n);
    out
}

/// The checked questionnaires as the clean [`Questionnaire`]s.
pub(super) fn convert_questionnaires(raw: Vec<Spanned<RawQuestionnaire>>) -> Vec<Questionnaire> {
    raw.into_iter()
        .map(|q| {
            let q = q.into_inner();
            let title = q.title.into_inner();
            Questionnaire {
                id: q.id.into_inner(),
                screen_title: q
                    .screen_title
                    .map_or_else(|| title.clone(), Spanned::into_inner),
                heading: q.heading.map_or_else(|| title.clone(), Spanned::into_inner),
                summary: q.summary.unwrap_or_default(),
                place: q.place.unwrap_or_default(),
                title,
                step: q.step.into_inner(),
                questions: q
                    .question
                    .into_iter()
                    .map(|qq| {
                        let qq = qq.into_inner();
                        let raw_kind = *qq.kind.get_ref();
                        let written = qq
                            .options
                            .iter()
                            .filter_map(|o| {
                                let o = o.get_ref();
                                let w = o.written.as_ref()?;
                                Some((o.id.get_ref().clone(), w.get_ref().clone()))
                            })
                            .collect();
                        let kind = match qq.kind.into_inner() {
                            RawQKind::Choice => QuestionKind::Choice(
                                qq.options
                                    .into_iter()
                                    .map(|o| {
                                        let o = o.into_inner();
                                        (o.id.into_inner(), o.label.into_inner())
                                    })
                                    .collect(),
                            ),
                            RawQKind::YesNo => QuestionKind::YesNo,
                            RawQKind::Scale => QuestionKind::Scale {
                                min: qq.min.map_or(0, Spanned::into_inner),
                                max: qq.max.map_or(0, Spanned::into_inner),
                            },
                            RawQKind::Text => QuestionKind::Text,
                        };
                        let label = qq.label.into_inner();
                        Question {
                            id: qq.id.into_inner(),
                            kind,
                            dont_know: raw_kind != RawQKind::Text
                                && qq.dont_know.is_none_or(Spanned::into_inner),
                            points: points_of(qq.points),
                            written,
                            form_label: qq
                                .form_label
                                .map_or_else(|| label.clone(), Spanned::into_inner),
                            hint: qq
                                .hint
                                .map_or_else(|| "one line".to_string(), Spanned::into_inner),
                            table: qq.table.map_or_else(|| label.clone(), Spanned::into_inner),
                            quote_under: qq.quote_under.map(Spanned::into_inner),
                            column: qq.column.map(|c| {
                                (
                                    c.into_inner(),
                                    qq.column_width.map(|w| usize::from(w.into_inner())),
                                )
                            }),
                            label,
                        }
                    })
                    .collect(),
            }
        })
        .collect()
}
