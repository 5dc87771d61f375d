//! From checked raw files to the clean pack (only of checked input).

use super::*;

pub(super) fn texts(items: Vec<Text>) -> Vec<String> {
    items.into_iter().map(Spanned::into_inner).collect()
}

pub(super) fn convert(guide: RawGuide, ideas: RawIdeas, reference: RawReference) -> Pack {
    let plans = guide
        .plan
        .into_iter()
        .map(|p| {
            let p = p.into_inner();
            // In file order, not key order.
            let mut step_minutes: Vec<(Text, Spanned<u32>)> = p.step_minutes.into_iter().collect();
            step_minutes.sort_by_key(|(k, _)| k.span().start);
            PlanSpec {
                id: p.id.into_inner(),
                title: p.title.into_inner(),
                minutes: p.minutes.into_inner(),
                participants_min: p.participants_min.into_inner(),
                participants_max: p.participants_max.into_inner(),
                ideas: p.ideas.into_inner(),
                step_minutes: step_minutes
                    .into_iter()
                    .map(|(k, v)| (k.into_inner(), v.into_inner()))
                    .collect(),
            }
        })
        .collect();
    let stages = guide
        .stage
        .into_iter()
        .map(|s| {
            let s = s.into_inner();
            Stage {
                id: s.id.into_inner(),
                title: s.title.into_inner(),
                kind: match s.kind.map(Spanned::into_inner) {
                    Some(RawKind::IdeaTesting) => StageKind::IdeaTesting,
                    Some(RawKind::Plain) | None => StageKind::Plain,
                },
                steps: s
                    .step
                    .into_iter()
                    .map(|st| convert_step(st.into_inner()))
                    .collect(),
            }
        })
        .collect();
    let themes = ideas
        .theme
        .into_iter()
        .map(|t| {
            let t = t.into_inner();
            Theme {
                id: t.id.into_inner(),
                title: t.title.into_inner(),
            }
        })
        .collect();
    let mut idea_list: Vec<Idea> = ideas
        .idea
        .into_iter()
        .map(|d| {
            let d = d.into_inner();
            Idea {
                number: d.number.into_inner(),
                theme: d.theme.into_inner(),
                title: d.title.into_inner(),
                summary: d.summary.into_inner(),
                description: d.description.into_inner(),
                examples: d
                    .examples
                    .map(|e| texts(e.into_inner()))
                    .unwrap_or_default(),
                probes: texts(d.probes),
            }
        })
        .collect();
    idea_list.sort_by_key(|d| d.number);
    let slide = reference.values_slide.into_inner();
    let statement = reference.statement.into_inner();
    Pack {
        title: guide.title.into_inner(),
        plans,
        stages,
        themes,
        ideas: idea_list,
        values_slide: ValuesSlide {
            title: slide.title.into_inner(),
            intro: slide.intro.into_inner(),
            values: texts(slide.values.into_inner()),
        },
        statement: Statement {
            title: statement.title.into_inner(),
            text: statement.text.into_inner(),
        },
        files: Default::default(),
        codes: texts(reference.codes),
        equity_dimensions: texts(reference.equity_dimensions),
    }
}

pub(super) fn convert_step(st: RawStep) -> Step {
    Step {
        id: st.id.into_inner(),
        title: st.title.into_inner(),
        minutes: st.minutes.into_inner(),
        activity: texts(st.activity),
        questions: texts(st.questions),
        probes: texts(st.probes),
        notes: texts(st.notes),
        sections: st
            .section
            .into_iter()
            .map(|s| {
                let s = s.into_inner();
                Section {
                    id: s.id.into_inner(),
                    title: s.title.into_inner(),
                    questions: texts(s.questions),
                    probes: texts(s.probes),
                }
            })
            .collect(),
        flipchart: st.flipchart,
        values_slide: st.values_slide,
        asks_consent: st.asks_consent,
    }
}
