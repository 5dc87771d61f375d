//! What each step of the guide is for (`role`), and the checks of the
//! roles: one vote step, then one block of discussion steps.

use super::*;

/// Each step's role as the pack means it: its own `role`, else from the
/// first `idea_testing` stage (its first step the vote, the rest
/// discussions), else plain. In the guide's order, with the step's id.
pub(super) fn roles(raw: &RawGuide) -> Vec<(&Text, StepRole, Option<Range<usize>>)> {
    let mut out = Vec::new();
    let mut kind_seen = false;
    for stage in &raw.stage {
        let st = stage.get_ref();
        let by_kind = !kind_seen
            && st
                .kind
                .as_ref()
                .is_some_and(|k| *k.get_ref() == RawKind::IdeaTesting);
        kind_seen |= by_kind;
        for (i, step) in st.step.iter().enumerate() {
            let step = step.get_ref();
            let role = match (&step.role, by_kind) {
                (Some(r), _) => role_of(*r.get_ref()),
                (None, true) if i == 0 => StepRole::Vote,
                (None, true) => StepRole::Discussion,
                (None, false) => StepRole::Plain,
            };
            out.push((&step.id, role, step.role.as_ref().map(Spanned::span)));
        }
    }
    out
}

/// The steps whose role is `discussion`, in the guide's order.
pub(super) fn discussion_steps(raw: &RawGuide) -> impl Iterator<Item = &RawStep> {
    raw.stage
        .iter()
        .flat_map(|stage| stage.get_ref().step.iter().map(Spanned::get_ref))
        .zip(roles(raw))
        .filter(|(_, (_, role, _))| *role == StepRole::Discussion)
        .map(|(step, _)| step)
}

fn role_of(r: RawRole) -> StepRole {
    match r {
        RawRole::Plain => StepRole::Plain,
        RawRole::Vote => StepRole::Vote,
        RawRole::Discussion => StepRole::Discussion,
        RawRole::Questionnaire => StepRole::Questionnaire,
    }
}

/// One vote step, then one block of discussion steps after it.
pub(super) fn check_roles(src: &Src<'_>, raw: &RawGuide, by_kind: bool, out: &mut Vec<Problem>) {
    let roles = roles(raw);
    let at = |id: &Text, span: &Option<Range<usize>>| span.clone().unwrap_or(id.span());
    let mut vote: Option<Range<usize>> = None;
    let mut block = 0u32; // 0 before the discussions, 1 in them, 2 after
    for (id, role, span) in &roles {
        match role {
            StepRole::Vote => {
                if let Some(first) = &vote {
                    out.push(src.problem(
                        at(id, span),
                        format!(
                            "only one step may have role = \"vote\" (the first is at {})",
                            src.loc(first.clone())
                        ),
                    ));
                } else {
                    vote = Some(at(id, span));
                }
            }
            StepRole::Discussion => {
                if vote.is_none() {
                    out.push(src.problem(
                        at(id, span),
                        format!(
                            "step `{}` is a discussion before any step with role = \"vote\" (the options are picked at the vote)",
                            id.get_ref()
                        ),
                    ));
                }
                if block == 2 {
                    out.push(src.problem(
                        at(id, span),
                        format!(
                            "step `{}`: the discussion steps must follow one another (they are walked as one block per option)",
                            id.get_ref()
                        ),
                    ));
                }
                block = block.max(1);
            }
            _ if block == 1 => block = 2,
            _ => {}
        }
    }
    if !by_kind && block == 0 && !raw.stage.is_empty() {
        out.push(src.problem(
            0..0,
            "no stage has kind = \"idea_testing\" and no step has role = \"discussion\" (exactly one block of discussion steps is needed)",
        ));
    }
}
