//! `method.toml` as written (with spans), its checks and its conversion to
//! [`crate::stimulus::method`].

use super::*;
use crate::stimulus::MAX_COLOURS;
use crate::stimulus::method::{
    AttributionField, Colour, Counting, Layout, Method, PickRule, PickSlot, RatingScale, Ratings,
    RatingsPer, TieBreak, Votes, Wording,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMethod {
    pub(super) wording: Spanned<RawWording>,
    pub(super) votes: Spanned<RawVotes>,
    #[serde(default)]
    pub(super) pick: Vec<Spanned<RawPick>>,
    pub(super) ratings: Spanned<RawRatings>,
    #[serde(default)]
    pub(super) questionnaire: Vec<Spanned<RawQuestionnaire>>,
    #[serde(default)]
    pub(super) export: Option<RawExport>,
    #[serde(default)]
    pub(super) roster: Option<RawRoster>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWording {
    pub(super) option: Text,
    pub(super) options: Text,
    pub(super) token: Text,
    pub(super) tokens: Text,
    pub(super) attribution: Spanned<Vec<Text>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawCounting {
    PerPoster,
    PerParticipant,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawVotes {
    #[serde(default)]
    pub(super) counting: Option<RawCounting>,
    #[serde(default)]
    pub(super) max_per_option: Option<Spanned<u32>>,
    #[serde(default)]
    pub(super) colour: Vec<Spanned<RawColour>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawColour {
    pub(super) id: Text,
    pub(super) label: Text,
    pub(super) glyph: Text,
    pub(super) each: Spanned<u32>,
    #[serde(default)]
    pub(super) same_option: bool,
    #[serde(default)]
    pub(super) meaning: Option<Text>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawRule {
    Most,
    Coverage,
    Moderator,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawTie {
    Coverage,
    Number,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPick {
    pub(super) id: Text,
    pub(super) label: Text,
    pub(super) rule: Spanned<RawRule>,
    #[serde(default)]
    pub(super) colour: Option<Text>,
    #[serde(default)]
    pub(super) excludes: Vec<Text>,
    #[serde(default)]
    pub(super) tie_break: Vec<Spanned<RawTie>>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub(super) enum RawPer {
    Option,
    Group,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRatings {
    pub(super) per: Spanned<RawPer>,
    /// The step where a per-group method's ratings are asked.
    #[serde(default)]
    pub(super) step: Option<Text>,
    #[serde(default)]
    pub(super) checklist: Option<Text>,
    #[serde(default)]
    pub(super) scale: Vec<Spanned<RawScale>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScale {
    pub(super) id: Text,
    pub(super) label: Text,
    pub(super) min: Spanned<u8>,
    pub(super) max: Spanned<u8>,
    #[serde(default)]
    pub(super) points: BTreeMap<Text, Text>,
    #[serde(default)]
    pub(super) dont_know: bool,
}

/// What the method's check needs to know of the guide.
pub(super) struct GuideFacts<'a> {
    /// Every step id of the guide.
    pub(super) steps: Vec<&'a str>,
    /// The steps whose role is `questionnaire`.
    pub(super) questionnaire_steps: Vec<&'a str>,
    /// The steps whose role is `discussion` (walked once per option).
    pub(super) discussion_steps: Vec<&'a str>,
    /// The section ids of those steps.
    pub(super) discussion_sections: Vec<&'a str>,
    /// The number of options (ideas) of the pack.
    pub(super) options: Option<usize>,
}

/// `id`s: lowercase letters, digits, `-` and `_` (answers and scales are
/// recorded under them).
fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

pub(super) fn key_pattern(src: &Src<'_>, id: &Text, what: &str, out: &mut Vec<Problem>) {
    if !is_key(id.get_ref()) {
        out.push(src.problem(
            id.span(),
            format!(
                "{what} id `{}` must be non-empty and use only a-z, 0-9, - and _",
                id.get_ref()
            ),
        ));
    }
}

/// Check `method.toml` against the guide (`facts`, when it parsed).
pub(super) fn check_method(
    src: &Src<'_>,
    raw: &RawMethod,
    facts: Option<&GuideFacts<'_>>,
    out: &mut Vec<Problem>,
) {
    let w = raw.wording.get_ref();
    for (t, what) in [
        (&w.option, "wording.option"),
        (&w.options, "wording.options"),
        (&w.token, "wording.token"),
        (&w.tokens, "wording.tokens"),
    ] {
        src.non_blank(t, what, out);
    }
    let mut seen = HashMap::new();
    for f in w.attribution.get_ref() {
        if !AttributionField::ALL.iter().any(|(n, _)| n == f.get_ref()) {
            let names: Vec<&str> = AttributionField::ALL.iter().map(|(n, _)| *n).collect();
            out.push(src.problem(
                f.span(),
                format!(
                    "unknown attribution field `{}` (the fields are: {})",
                    f.get_ref(),
                    names.join(", ")
                ),
            ));
        }
        src.unique(&mut seen, f, "attribution field", out);
    }

    // Votes.
    let v = raw.votes.get_ref();
    if v.colour.is_empty() {
        out.push(src.problem(
            raw.votes.span(),
            "the vote has no [[votes.colour]] (one at least)",
        ));
    }
    // The screens have room for so many colours side by side.
    if let Some(extra) = v.colour.get(MAX_COLOURS) {
        out.push(src.problem(
            extra.span(),
            format!(
                "a vote has at most {MAX_COLOURS} colours (the sticker screen shows them side by side)"
            ),
        ));
    }
    let mut colours = HashMap::new();
    let mut glyphs = HashMap::new();
    for c in &v.colour {
        let c = c.get_ref();
        key_pattern(src, &c.id, "colour", out);
        src.unique(&mut colours, &c.id, "colour id", out);
        src.non_blank(&c.label, "colour label", out);
        if c.glyph.get_ref().chars().count() != 1 || c.glyph.get_ref().trim().is_empty() {
            out.push(src.problem(
                c.glyph.span(),
                format!(
                    "a colour's glyph is one visible character (shown when colours are off), not `{}`",
                    c.glyph.get_ref()
                ),
            ));
        }
        src.unique(&mut glyphs, &c.glyph, "glyph", out);
        let each = *c.each.get_ref();
        if each == 0 {
            out.push(src.problem(c.each.span(), "a colour's `each` must be at least 1"));
        }
        // A budget no group can place: more tokens than options to put
        // them on, one per option.
        let per_option = if c.same_option { each } else { each.min(1) };
        let per_option = v
            .max_per_option
            .as_ref()
            .map_or(per_option, |m| per_option.min(*m.get_ref()));
        if let Some(n) = facts.and_then(|f| f.options)
            && per_option > 0
            && u64::from(each) > n as u64 * u64::from(per_option)
        {
            out.push(src.problem(
                c.each.span(),
                format!(
                    "each participant cannot place {each} {} tokens: the pack has {n} options and at most {per_option} of them goes on one ({} at most)",
                    c.label.get_ref(),
                    n as u64 * u64::from(per_option)
                ),
            ));
        }
    }
    if let Some(m) = &v.max_per_option
        && *m.get_ref() == 0
    {
        out.push(src.problem(
            m.span(),
            "max_per_option of 0 leaves no token anywhere to go: give at least 1, or leave it out",
        ));
    }

    // Picks.
    let mut picks: HashMap<&str, Range<usize>> = HashMap::new();
    for p in &raw.pick {
        let p = p.get_ref();
        key_pattern(src, &p.id, "pick", out);
        src.non_blank(&p.label, "pick label", out);
        let rule = *p.rule.get_ref();
        match (&p.colour, rule) {
            (None, RawRule::Most) => out.push(src.problem(
                p.rule.span(),
                format!(
                    "pick `{}` counts a colour: add colour = \"...\"",
                    p.id.get_ref()
                ),
            )),
            (Some(c), RawRule::Most) => {
                if !colours.contains_key(c.get_ref().as_str()) {
                    let known: Vec<&str> = v
                        .colour
                        .iter()
                        .map(|c| c.get_ref().id.get_ref().as_str())
                        .collect();
                    out.push(src.problem(
                        c.span(),
                        format!(
                            "pick `{}` names an unknown colour `{}` (the colours are: {})",
                            p.id.get_ref(),
                            c.get_ref(),
                            known.join(", ")
                        ),
                    ));
                }
            }
            (Some(c), RawRule::Coverage | RawRule::Moderator) => out.push(src.problem(
                c.span(),
                format!(
                    "pick `{}` has a colour but its rule counts none",
                    p.id.get_ref()
                ),
            )),
            (None, _) => {}
        }
        for e in &p.excludes {
            if !picks.contains_key(e.get_ref().as_str()) {
                out.push(src.problem(
                    e.span(),
                    format!(
                        "pick `{}` leaves out `{}`, which is not an earlier pick",
                        p.id.get_ref(),
                        e.get_ref()
                    ),
                ));
            }
        }
        let mut ties = Vec::new();
        for t in &p.tie_break {
            if ties.contains(t.get_ref()) {
                out.push(src.problem(t.span(), "a tie-break is given twice"));
            }
            ties.push(*t.get_ref());
        }
        src.unique(&mut picks, &p.id, "pick id", out);
    }
    if raw.pick.is_empty() {
        out.push(src.problem(0..0, "the method has no [[pick]] (one per discussion slot)"));
    }

    // Ratings.
    let r = raw.ratings.get_ref();
    if let Some(c) = &r.checklist {
        src.non_blank(c, "the checklist's name", out);
    }
    check_rating_step(src, r, facts, out);
    if let Some(e) = &raw.export {
        check_export(src, e, facts, out);
    }
    if let Some(r) = &raw.roster {
        check_roster(src, r, out);
    }
    let mut scales = HashMap::new();
    for s in &r.scale {
        let s = s.get_ref();
        key_pattern(src, &s.id, "scale", out);
        src.unique(&mut scales, &s.id, "scale id", out);
        src.non_blank(&s.label, "scale label", out);
        let (min, max) = (*s.min.get_ref(), *s.max.get_ref());
        if min >= max {
            out.push(src.problem(
                s.min.span(),
                format!(
                    "scale `{}` goes from {min} to {max}: min must be below max",
                    s.id.get_ref()
                ),
            ));
        }
        if min < max {
            check_points(
                src,
                &s.points,
                (min, max),
                &format!("scale `{}`", s.id.get_ref()),
                out,
            );
        }
    }

    check_questionnaires(src, &raw.questionnaire, facts, out);
}
fn texts_of(items: &[Text]) -> Vec<String> {
    items.iter().map(|t| t.get_ref().clone()).collect()
}

/// The checked `method.toml` as the clean [`Method`].
pub(super) fn convert_method(raw: RawMethod) -> Method {
    let w = raw.wording.into_inner();
    let v = raw.votes.into_inner();
    let r = raw.ratings.into_inner();
    let export = raw.export.map_or_else(Layout::default, convert_export);
    Method {
        export,
        roster: convert_roster(raw.roster),
        wording: Wording {
            option: w.option.into_inner(),
            options: w.options.into_inner(),
            token: w.token.into_inner(),
            tokens: w.tokens.into_inner(),
            attribution: w
                .attribution
                .get_ref()
                .iter()
                .filter_map(|f| {
                    AttributionField::ALL
                        .iter()
                        .find(|(n, _)| n == f.get_ref())
                        .map(|(_, x)| *x)
                })
                .collect(),
        },
        votes: Votes {
            colours: v
                .colour
                .into_iter()
                .map(|c| {
                    let c = c.into_inner();
                    Colour {
                        id: c.id.into_inner(),
                        label: c.label.into_inner(),
                        glyph: c.glyph.into_inner(),
                        each: c.each.into_inner(),
                        same_option: c.same_option,
                        meaning: c.meaning.map(Spanned::into_inner).unwrap_or_default(),
                    }
                })
                .collect(),
            max_per_option: v.max_per_option.map(Spanned::into_inner),
            counting: match v.counting {
                Some(RawCounting::PerParticipant) => Counting::PerParticipant,
                Some(RawCounting::PerPoster) | None => Counting::PerPoster,
            },
        },
        picks: raw
            .pick
            .into_iter()
            .map(|p| {
                let p = p.into_inner();
                let colour = p.colour.map(Spanned::into_inner).unwrap_or_default();
                PickSlot {
                    id: p.id.into_inner(),
                    label: p.label.into_inner(),
                    rule: match p.rule.into_inner() {
                        RawRule::Most => PickRule::Most(colour),
                        RawRule::Coverage => PickRule::Coverage,
                        RawRule::Moderator => PickRule::Moderator,
                    },
                    excludes: texts_of(&p.excludes),
                    tie_break: p
                        .tie_break
                        .into_iter()
                        .map(|t| match t.into_inner() {
                            RawTie::Coverage => TieBreak::Coverage,
                            RawTie::Number => TieBreak::Number,
                        })
                        .collect(),
                }
            })
            .collect(),
        ratings: Ratings {
            per: match r.per.into_inner() {
                RawPer::Option => RatingsPer::Option,
                RawPer::Group => RatingsPer::Group,
            },
            step: r.step.map(Spanned::into_inner),
            checklist: r.checklist.map(Spanned::into_inner).unwrap_or_default(),
            scales: r
                .scale
                .into_iter()
                .map(|s| {
                    let s = s.into_inner();
                    let points = points_of(s.points);
                    RatingScale {
                        id: s.id.into_inner(),
                        label: s.label.into_inner(),
                        min: s.min.into_inner(),
                        max: s.max.into_inner(),
                        points,
                        dont_know: s.dont_know,
                    }
                })
                .collect(),
        },
        questionnaires: convert_questionnaires(raw.questionnaire),
    }
}

/// The built-in method, parsed once (it is checked on its own by the
/// test `embedded_method_is_valid`; with it the embedded pack too).
pub(super) fn default_method() -> Method {
    static METHOD_: OnceLock<Option<Method>> = OnceLock::new();
    METHOD_
        .get_or_init(|| {
            toml::from_str::<RawMethod>(EMBEDDED_METHOD.1)
                .ok()
                .map(convert_method)
        })
        .clone()
        .unwrap_or_else(|| embedded().method)
}
