//! `[[roster.field]]` of `method.toml`: which of a participant's fields the
//! roster's form asks, in order, with the pack's label and hint; its
//! checks and its conversion.

use super::*;
use crate::stimulus::method::{RosterField, RosterKind};

/// One `[[roster.field]]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRosterField {
    pub(super) id: Text,
    pub(super) label: Text,
    #[serde(default)]
    pub(super) hint: Option<Text>,
}

/// `[roster]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoster {
    #[serde(default)]
    pub(super) field: Vec<Spanned<RawRosterField>>,
}

/// Each field known by its id and label, once.
pub(super) fn check_roster(src: &Src<'_>, r: &RawRoster, out: &mut Vec<Problem>) {
    let (mut ids, mut labels) = (HashMap::new(), HashMap::new());
    for f in &r.field {
        let f = f.get_ref();
        if RosterKind::of(f.id.get_ref()).is_none() {
            let names: Vec<&str> = RosterKind::ALL.iter().map(|(n, _)| *n).collect();
            out.push(src.problem(
                f.id.span(),
                format!(
                    "unknown roster field `{}` (the fields are: {})",
                    f.id.get_ref(),
                    names.join(", ")
                ),
            ));
        }
        src.unique(&mut ids, &f.id, "roster field", out);
        src.non_blank(&f.label, "roster field label", out);
        // The label names the form's row: "Label" and "Consent to record"
        // are the form's own.
        if ["label", "consent to record"]
            .contains(&f.label.get_ref().trim().to_lowercase().as_str())
        {
            out.push(src.problem(
                f.label.span(),
                format!("`{}` is the roster form's own row", f.label.get_ref()),
            ));
        }
        src.unique(&mut labels, &f.label, "roster field label", out);
    }
}

/// The checked `[roster]` as the clean list (absent: the built-in one).
pub(super) fn convert_roster(r: Option<RawRoster>) -> Vec<RosterField> {
    let Some(r) = r else {
        return RosterField::built_in();
    };
    r.field
        .into_iter()
        .filter_map(|f| {
            let f = f.into_inner();
            Some(RosterField {
                kind: RosterKind::of(f.id.get_ref())?,
                label: f.label.into_inner(),
                hint: f.hint.map(Spanned::into_inner).unwrap_or_default(),
            })
        })
        .collect()
}
