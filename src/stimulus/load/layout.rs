//! The parts of `method.toml` about where things are rated and written:
//! `[ratings] step` (where a group that rates once rates) and `[export]`
//! (how the exports lay out a discussion), with their checks.

use super::*;
use crate::stimulus::method::Layout;

/// `[export]`: how the exports lay out a discussion.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExport {
    #[serde(default)]
    pub(super) sections: Vec<Spanned<RawExportSection>>,
    #[serde(default)]
    pub(super) checklist_section: Option<Text>,
    #[serde(default)]
    pub(super) ratings_section: Option<Text>,
    #[serde(default)]
    pub(super) checklist_label: Option<Text>,
    #[serde(default)]
    pub(super) checklist_item: Option<Text>,
}

/// One of `[export] sections`: a discussion section and its heading.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExportSection {
    pub(super) id: Text,
    pub(super) heading: Text,
}

/// `[ratings] step`: given exactly when the group rates once, and then a
/// step of the guide that is walked once (not a discussion step).
pub(super) fn check_rating_step(
    src: &Src<'_>,
    r: &RawRatings,
    facts: Option<&GuideFacts<'_>>,
    out: &mut Vec<Problem>,
) {
    match (*r.per.get_ref(), &r.step) {
        (RawPer::Option, Some(step)) => out.push(src.problem(
            step.span(),
            "`step` is only for per = \"group\" (ratings per option are asked in each discussion)",
        )),
        (RawPer::Group, None) => out.push(src.problem(
            r.per.span(),
            "per = \"group\" needs `step`: the guide step where the group rates once (e.g. the one after the discussions)",
        )),
        (RawPer::Group, Some(step)) => {
            let id = step.get_ref().as_str();
            let Some(f) = facts else { return };
            if !f.steps.contains(&id) {
                out.push(src.problem(
                    step.span(),
                    format!("the group rates at step `{id}`, which the guide does not have"),
                ));
            } else if f.discussion_steps.contains(&id) {
                out.push(src.problem(
                    step.span(),
                    format!(
                        "the group rates once, but step `{id}` is a discussion step (walked once per option): name a step walked once"
                    ),
                ));
            }
        }
        (RawPer::Option, None) => {}
    }
}

/// `[export]`: each section named is a section of a discussion step, once;
/// each heading has words.
pub(super) fn check_export(
    src: &Src<'_>,
    e: &RawExport,
    facts: Option<&GuideFacts<'_>>,
    out: &mut Vec<Problem>,
) {
    let known = |id: &Text, what: &str, out: &mut Vec<Problem>| {
        if let Some(f) = facts
            && !f.discussion_sections.contains(&id.get_ref().as_str())
        {
            out.push(src.problem(
                id.span(),
                format!(
                    "{what} `{}` is not a section of a discussion step of the guide",
                    id.get_ref()
                ),
            ));
        }
    };
    let mut seen = HashMap::new();
    for sec in &e.sections {
        let sec = sec.get_ref();
        known(&sec.id, "export section", out);
        src.unique(&mut seen, &sec.id, "export section", out);
        src.non_blank(&sec.heading, "an export section's heading", out);
    }
    if let Some(id) = &e.checklist_section {
        known(id, "checklist_section", out);
    }
    if let Some(id) = &e.ratings_section {
        known(id, "ratings_section", out);
    }
}

/// The checked `[export]` as the clean [`Layout`].
pub(super) fn convert_export(e: RawExport) -> Layout {
    Layout {
        sections: e
            .sections
            .into_iter()
            .map(|sec| {
                let sec = sec.into_inner();
                (sec.id.into_inner(), sec.heading.into_inner())
            })
            .collect(),
        checklist_section: e.checklist_section.map(Spanned::into_inner),
        ratings_section: e.ratings_section.map(Spanned::into_inner),
        checklist_label: e
            .checklist_label
            .map(Spanned::into_inner)
            .unwrap_or_default(),
        checklist_item: e
            .checklist_item
            .map(Spanned::into_inner)
            .unwrap_or_default(),
    }
}
