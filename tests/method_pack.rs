//! The method as data (issue 15): `method.toml` and step roles are checked
//! with `file:line:col`, and the rules of the vote, the picks and the
//! ratings follow the pack, tested on the climate panel
//! (stimulus/examples/climate-panel) and on packs made from strings.

mod common;

use common::climate::{ok, refused, t0};
use std::path::Path;

use facilitator::domain::event::{Event, PickKind, Scale};
use facilitator::domain::ideas::{self, Coverage};
use facilitator::domain::plan::Plan;
use facilitator::domain::profile::Participant;
use facilitator::domain::session::Session;
use facilitator::stimulus::load::{EMBEDDED_FILES, EMBEDDED_METHOD, Problem, load_dir, parse_pack};
use facilitator::stimulus::{Pack, StepRole};

fn climate_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("stimulus/examples/climate-panel")
}

fn render(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn climate() -> Pack {
    load_dir(&climate_dir()).unwrap_or_else(|p| panic!("{}", render(&p)))
}

fn read(name: &str) -> String {
    std::fs::read_to_string(climate_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The climate pack's files, `method.toml` replaced by `method`.
fn problems_with(guide: &str, method: &str) -> Vec<Problem> {
    let (ideas, reference) = (read("ideas.toml"), read("reference.toml"));
    parse_pack(&[
        ("guide.toml", guide),
        ("ideas.toml", &ideas),
        ("reference.toml", &reference),
        ("method.toml", method),
    ])
    .err()
    .unwrap_or_default()
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the text");
    text.replacen(from, to, 1)
}

/// `file:line:col` of the first `needle` in `text`.
fn at(file: &str, text: &str, needle: &str) -> String {
    let off = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not found"));
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{file}:{line}:{col}")
}

fn assert_one(problems: &[Problem], loc: &str, message: &str) {
    assert_eq!(problems.len(), 1, "{}", render(problems));
    let p = &problems[0];
    assert!(
        p.to_string().starts_with(&format!("{loc}: ")),
        "{p} (expected at {loc})"
    );
    assert!(
        p.message.contains(message),
        "`{}` lacks `{message}`",
        p.message
    );
}

// -- the climate panel as stated ---------------------------------------------

#[test]
fn the_climate_panel_states_its_own_method() {
    let pack = climate();
    let m = &pack.method;
    assert_eq!(pack.ideas.len(), 6);
    assert_eq!(m.votes.colours.len(), 1);
    assert_eq!(
        (m.votes.colours[0].each, m.votes.max_per_option),
        (3, Some(1))
    );
    let picks: Vec<&str> = m.picks.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(picks, ["most dots", "moderator's choice"]);
    let scales: Vec<(u8, u8, bool)> = m
        .ratings
        .scales
        .iter()
        .map(|s| (s.min, s.max, s.dont_know))
        .collect();
    assert_eq!(scales, [(1, 5, true), (1, 5, true)]);
    let asked: Vec<&str> = m.questionnaires.iter().map(|q| q.step.as_str()).collect();
    assert_eq!(asked, ["before", "after"]);
    assert_eq!(pack.max_slots(), 2);
    // The plan walks the one discussion step once per option.
    let plan = Plan::build(&pack, "panel", None);
    let keys: Vec<&str> = plan.steps.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "welcome",
            "before",
            "dots",
            "deliberate-1",
            "deliberate-2",
            "after"
        ]
    );
    assert_eq!(plan.total_minutes(), 10 + 5 + 10 + 20 * 2 + 5);
    assert_eq!(pack.vote_step().map(|s| s.id.as_str()), Some("dots"));
    let roles: Vec<StepRole> = plan.steps.iter().map(|s| s.role(&pack)).collect();
    assert_eq!(roles[1], StepRole::Questionnaire);
    assert_eq!(roles[5], StepRole::Questionnaire);
}

#[test]
fn a_pack_without_method_toml_runs_the_built_in_method() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in EMBEDDED_FILES {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let without = load_dir(dir.path()).unwrap_or_else(|p| panic!("{}", render(&p)));
    std::fs::write(dir.path().join(EMBEDDED_METHOD.0), EMBEDDED_METHOD.1)
        .unwrap_or_else(|e| panic!("{e}"));
    let with = load_dir(dir.path()).unwrap_or_else(|p| panic!("{}", render(&p)));
    // The same pack but for the files it keeps a copy of.
    assert_eq!(without.method, with.method);
    assert_eq!(without.stages, with.stages);
    assert_eq!(without, facilitator::stimulus::embedded());
    assert_eq!(with, without);
    // Another method is kept with the pack's texts.
    let climate = climate();
    assert!(climate.files.texts().any(|(n, _)| n == "method.toml"));
}

// -- check-stimulus on method.toml -------------------------------------------

#[test]
fn a_budget_no_group_can_place_is_refused_at_its_place() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let method = edit(&method, "each = 3", "each = 7");
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "7\nsame_option"),
        "cannot place 7 blue tokens: the pack has 6 options and at most 1 of them goes on one (6 at most)",
    );
}

#[test]
fn a_pick_naming_an_unknown_colour_is_refused() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let method = edit(&method, "colour = \"dot\"", "colour = \"green\"");
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "\"green\""),
        "pick `most-dots` names an unknown colour `green` (the colours are: dot)",
    );
}

#[test]
fn a_questionnaire_at_a_step_the_guide_lacks_is_refused() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let method = edit(&method, "step = \"after\"", "step = \"aftre\"");
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "\"aftre\""),
        "questionnaire `after` is asked at step `aftre`, which the guide does not have",
    );
    // A step that exists but is not a questionnaire step.
    let method = edit(
        &read("method.toml"),
        "step = \"after\"",
        "step = \"welcome\"",
    );
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "\"welcome\""),
        "which needs role = \"questionnaire\" in the guide",
    );
}

#[test]
fn excludes_must_name_an_earlier_pick() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let method = edit(
        &method,
        "excludes = [\"most-dots\"]",
        "excludes = [\"later\"]",
    );
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "\"later\""),
        "pick `moderator` leaves out `later`, which is not an earlier pick",
    );
}

#[test]
fn a_plan_discussing_more_options_than_pick_slots_is_refused_in_the_guide() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let guide = edit(&guide, "ideas = 2", "ideas = 3");
    assert_one(
        &problems_with(&guide, &method),
        &at("guide.toml", &guide, "3\n\n[[stage]]"),
        "a plan discusses at most 2 ideas (most dots, moderator's choice), not 3",
    );
}

#[test]
fn scales_glyphs_and_questions_are_checked() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let bad = edit(&method, "glyph = \"B\"", "glyph = \"BB\"");
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "\"BB\""),
        "one visible character",
    );
    let bad = edit(
        &method,
        "min = 1\nmax = 5\npoints",
        "min = 5\nmax = 5\npoints",
    );
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "5\nmax = 5\npoints"),
        "scale `support` goes from 5 to 5: min must be below max",
    );
    let bad = edit(&method, "\"3\" = \"neither\"", "\"9\" = \"neither\"");
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "\"9\""),
        "point `9` of scale `support` is not a value from 1 to 5",
    );
    let bad = edit(&method, "kind = \"yes_no\"", "kind = \"choice\"");
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "\"choice\""),
        "choice question `heard` needs at least 2 options",
    );
    let bad = edit(
        &method,
        "attribution = [\"label\"",
        "attribution = [\"name\"",
    );
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "\"name\""),
        "unknown attribution field `name`",
    );
}

#[test]
fn roles_are_checked_in_the_guide() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    // A second vote step.
    let bad = edit(
        &guide,
        "minutes = 5\nrole = \"questionnaire\"\nquestions",
        "minutes = 5\nrole = \"vote\"\nquestions",
    );
    let problems = problems_with(&bad, &method);
    assert!(
        problems.iter().any(|p| p.to_string().starts_with(&at(
            "guide.toml",
            &bad,
            "\"vote\"\nquestions"
        )) && p.message.contains("only one step may have role = \"vote\"")),
        "{}",
        render(&problems)
    );
    // A discussion before the vote.
    let bad = edit(
        &guide,
        "minutes = 5\nrole = \"questionnaire\"\nnotes",
        "minutes = 5\nrole = \"discussion\"\nnotes",
    );
    let problems = problems_with(&bad, &method);
    assert!(
        problems.iter().any(|p| p
            .message
            .contains("is a discussion before any step with role = \"vote\"")),
        "{}",
        render(&problems)
    );
    // An unknown role is a type error at its place.
    let bad = edit(&guide, "role = \"vote\"", "role = \"ballot\"");
    let problems = problems_with(&bad, &method);
    assert_eq!(problems.len(), 1, "{}", render(&problems));
    assert!(
        problems[0]
            .to_string()
            .starts_with(&at("guide.toml", &bad, "\"ballot\"")),
        "{}",
        problems[0]
    );
}

// -- the rules on the climate pack -------------------------------------------

fn group(pack: &Pack, plan: &str, people: u32) -> Session {
    common::climate::roster(pack, "g", plan, people)
}

fn poster(idea: u32, green: u32, red: u32) -> Event {
    Event::PosterCounted {
        idea,
        counts: facilitator::domain::event::Counts::green_red(green, red),
    }
}

#[test]
fn one_colour_three_dots_at_most_one_per_option() {
    let pack = climate();
    let mut s = group(&pack, "panel", 4);
    ok(&mut s, &pack, poster(1, 4, 0));
    assert_eq!(
        refused(&mut s, &pack, poster(2, 5, 0)),
        "Option 2 cannot have 5 blue dots: 4 participants are present, and nobody puts two blues on one option."
    );
    assert_eq!(
        refused(&mut s, &pack, poster(2, 0, 1)),
        "The vote has one colour only: there is no second to count on option 2."
    );
    ok(&mut s, &pack, poster(2, 4, 0));
    ok(&mut s, &pack, poster(3, 4, 0));
    // 12 dots placed: the 4 present have 3 each.
    assert_eq!(
        refused(&mut s, &pack, poster(4, 1, 0)),
        "That makes 13 blue dots on all the posters, but 4 participants are present with three blues each (12 at most)."
    );
    assert_eq!(
        refused(&mut s, &pack, poster(9, 0, 0)),
        "There is no option 9 in the pack."
    );
    let t = ideas::tally(&pack, s.state());
    assert_eq!(
        (
            t.max(&t.colours[0]),
            t.colours.get(1).map_or(0, |c| t.max(c))
        ),
        (12, 0)
    );
    assert!(t.problems().is_empty(), "{:?}", t.problems());
}

#[test]
fn per_participant_dots_are_distinct_and_within_the_budget() {
    let pack = climate();
    let mut s = group(&pack, "panel", 3);
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: facilitator::domain::event::StickerMode::PerParticipant,
        },
    );
    let placed = |green: &[u32], red: Option<u32>| Event::StickersPlaced {
        participant: 1,
        votes: facilitator::domain::event::Placement::green_red(green.to_vec(), red),
    };
    assert_eq!(
        refused(&mut s, &pack, placed(&[1, 2, 3, 4], None)),
        "Each participant has three blue dots, not 4."
    );
    assert_eq!(
        refused(&mut s, &pack, placed(&[1, 2, 1], None)),
        "Two blue dots of participant 1 (R1) are on option 1: the blues go on different options."
    );
    assert!(refused(&mut s, &pack, placed(&[1], Some(2))).contains("one colour only"));
    ok(&mut s, &pack, placed(&[1, 2, 3], None));
    assert_eq!(
        ideas::stickers_left(&pack, s.state()),
        vec![(2, vec![3]), (3, vec![3])]
    );
    let t = ideas::tally(&pack, s.state());
    assert_eq!(
        (t.count(0, 1), t.count(0, 4), t.colours[0].placed),
        (1, 0, 3)
    );
}

#[test]
fn the_picks_follow_the_pack_most_dots_then_the_moderators_choice() {
    let pack = climate();
    let mut s = group(&pack, "panel", 4);
    ok(&mut s, &pack, poster(5, 3, 0));
    ok(&mut s, &pack, poster(2, 3, 0));
    ok(&mut s, &pack, poster(4, 1, 0));
    // Option 5 was discussed by earlier groups; this pack breaks ties by
    // the lower number only, so option 2 is suggested all the same.
    let mut cov = Coverage::default();
    cov.by_idea.insert(2, Vec::new());
    let first = ideas::suggest(&pack, s.state(), &cov, PickKind::new("most-dots"));
    assert_eq!(first.idea, Some(2));
    assert_eq!(first.tied, vec![2, 5]);
    assert_eq!(
        first.rule,
        "most blue dots (tie between 2 and 5: the lower number)"
    );
    assert_eq!(first.counts, "blue: 2→3, 5→3, 4→1");
    ok(&mut s, &pack, first.pick_event(1, 2, None));
    // The moderator's choice has no rule: whatever is chosen stands.
    let second = ideas::suggest(&pack, s.state(), &cov, PickKind::new("moderator"));
    assert_eq!(
        (second.idea, second.rule.as_str()),
        (None, "the moderator's choice")
    );
    ok(&mut s, &pack, second.pick_event(2, 6, None));
    assert_eq!(s.state().picks[&2].kind, PickKind::new("moderator"));
    assert_eq!(ideas::slot_of(&pack, &PickKind::new("moderator")), 2);
    assert_eq!(ideas::kind_of_slot(&pack, 3), None);
    // No third slot in this pack's plan.
    let third = Event::IdeaPicked {
        slot: 3,
        idea: 1,
        kind: PickKind::new("moderator"),
        rule: String::new(),
        counts: String::new(),
        suggested: 1,
        reason: None,
    };
    assert_eq!(
        refused(&mut s, &pack, third),
        "This group discusses 2 options, so there is no slot 3."
    );
}

#[test]
fn ratings_are_on_the_packs_scales_and_range() {
    let pack = climate();
    let mut s = group(&pack, "panel", 4);
    let rate = |scale: &str, value: u8| Event::Rated {
        idea: Some(3),
        scale: Scale::new(scale),
        value: Some(value),
        dont_know: false,
    };
    ok(&mut s, &pack, rate("support", 5));
    ok(&mut s, &pack, rate("feasible", 1));
    assert_eq!(
        refused(&mut s, &pack, rate("support", 6)),
        "Ratings go from 1 to 5."
    );
    assert_eq!(
        refused(&mut s, &pack, rate("support", 0)),
        "Ratings go from 1 to 5."
    );
    assert_eq!(
        refused(&mut s, &pack, rate("desirable", 3)),
        "\"desirable\" is not one of the pack's scales (support, feasible)."
    );
    assert_eq!(ideas::rating(s.state(), 3, &Scale::new("support")), Some(5));
    // The built-in scales still go from 1 to 10 on the built-in pack.
    let built_in = facilitator::stimulus::embedded();
    let mut b = group(&built_in, "full", 4);
    ok(
        &mut b,
        &built_in,
        Event::Rated {
            idea: Some(1),
            scale: Scale::Desirable,
            value: Some(10),
            dont_know: false,
        },
    );
    assert_eq!(
        refused(&mut b, &built_in, rate("support", 3)),
        "\"support\" is not one of the pack's scales (desirable, achievable, equitable)."
    );
}

// -- a synthetic pack from strings -------------------------------------------

/// The built-in guide, ideas and reference with a method given as text.
fn with_method(method: &str) -> Pack {
    let mut files: Vec<(&str, &str)> = EMBEDDED_FILES.to_vec();
    files.push(("method.toml", method));
    parse_pack(&files).unwrap_or_else(|p| panic!("{}", render(&p)))
}

const TWO_PER_OPTION: &str = r#"
[wording]
option = "proposal"
options = "proposals"
token = "vote"
tokens = "votes"
attribution = ["place", "gender"]

[votes]
counting = "per_participant"

[[votes.colour]]
id = "yes"
label = "tick"
glyph = "Y"
each = 4
same_option = true

[[pick]]
id = "top"
label = "top"
rule = "most"
colour = "yes"
tie_break = ["coverage", "number"]

[[pick]]
id = "unseen"
label = "unseen"
rule = "coverage"
excludes = ["top"]

[[pick]]
id = "free"
label = "free choice"
rule = "moderator"

[ratings]
per = "group"
step = "change"

[[ratings.scale]]
id = "score"
label = "Score"
min = 0
max = 9
"#;

#[test]
fn a_synthetic_pack_lets_votes_stack_and_counts_them() {
    let pack = with_method(TWO_PER_OPTION);
    let mut s = group(&pack, "full", 2);
    // Two votes each may go on one proposal: 2 present, 4 each, so one
    // poster can hold 8.
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: facilitator::domain::event::StickerMode::PerPoster,
        },
    );
    ok(&mut s, &pack, poster(1, 8, 0));
    assert_eq!(
        refused(&mut s, &pack, poster(2, 1, 0)),
        "That makes 9 tick votes on all the posters, but 2 participants are present with four ticks each (8 at most)."
    );
    let top = ideas::suggest(&pack, s.state(), &Coverage::default(), PickKind::new("top"));
    assert_eq!((top.idea, top.rule.as_str()), (Some(1), "most tick votes"));
    let unseen = ideas::suggest(
        &pack,
        s.state(),
        &Coverage::default(),
        PickKind::new("unseen"),
    );
    assert_eq!(unseen.idea, Some(2));
    assert_eq!(
        unseen.rule,
        "fewest earlier discussions, leaving out the pick 1 (all 8 discussed equally often: the lower number)"
    );
    // A score of 0 is on this pack's scale; the group rates once, so the
    // rating names no proposal.
    let score = |idea: Option<u32>| Event::Rated {
        idea,
        scale: Scale::new("score"),
        value: Some(0),
        dont_know: false,
    };
    assert_eq!(
        refused(&mut s, &pack, score(Some(1))),
        "The group rates once here, not per proposal: a rating names no proposal (not proposal 1)."
    );
    ok(&mut s, &pack, score(None));
    assert_eq!(
        s.state().ratings.get(&(None, Scale::new("score"))),
        Some(&0)
    );
    assert_eq!(pack.method.options_word(2), "proposals");
}

// -- the projector and the attribution on the climate pack --------------------

#[test]
fn the_projector_and_the_attribution_use_the_packs_words() {
    use facilitator::present::project;
    use facilitator::present::projection::Body;
    let pack = climate();
    let mut s = group(&pack, "panel", 3);
    ok(&mut s, &pack, Event::Started);
    ok(
        &mut s,
        &pack,
        Event::StepEntered {
            step: "deliberate-1".into(),
        },
    );
    let p = project(&pack, Some(&s), t0());
    assert!(
        matches!(&p.body, Body::Choosing(w) if w == "The group is choosing the most dots option."),
        "{:?}",
        p.body
    );
    // The pack's attribution order: label, age, place.
    let who = Participant {
        id: 9,
        label: "Ann".into(),
        gender: "Female".into(),
        age_band: "40-64".into(),
        ..Default::default()
    };
    assert_eq!(
        who.attribution_in(&s.state().profile, &pack.method.wording.attribution),
        "Ann, 40-64, London"
    );
    // The built-in order, as the report prints it.
    assert_eq!(who.attribution(&s.state().profile), "Female, 40-64, London");
}

#[test]
fn a_seventh_colour_is_refused_at_its_place() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let extra: String = ["a", "c", "d", "e", "f", "g"]
        .iter()
        .map(|id| {
            format!(
                "[[votes.colour]]\nid = \"{id}\"\nlabel = \"{id}\"\nglyph = \"{}\"\neach = 1\n\n",
                id.to_uppercase()
            )
        })
        .collect();
    let method = edit(&method, "[[pick]]", &format!("{extra}[[pick]]"));
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "[[votes.colour]]\nid = \"g\""),
        "at most 6 colours",
    );
}

// -- three colours ------------------------------------------------------------

/// The built-in method with a third colour between its two: amber, two
/// each, which may stack on one idea; the second pick counts ambers.
fn three_colours() -> Pack {
    let method = EMBEDDED_METHOD.1.replacen(
        "[[votes.colour]]\nid = \"red\"",
        "[[votes.colour]]\nid = \"amber\"\nlabel = \"amber\"\nglyph = \"A\"\neach = 2\nsame_option = true\n\n[[votes.colour]]\nid = \"red\"",
        1,
    );
    assert_ne!(method, EMBEDDED_METHOD.1, "the built-in method has a red");
    let method = method.replacen("colour = \"red\"", "colour = \"amber\"", 1);
    with_method(&method)
}

fn counted(counts: &[(&str, u32)]) -> facilitator::domain::event::Counts {
    counts.iter().map(|(c, n)| (*c, *n)).collect()
}

fn placed_as(p: u32, votes: &[(&str, &[u32])]) -> Event {
    Event::StickersPlaced {
        participant: p,
        votes: votes.iter().map(|(c, o)| (*c, o.to_vec())).collect(),
    }
}

#[test]
fn three_colours_are_checked_counted_and_picked_per_poster() {
    let pack = three_colours();
    assert_eq!(ideas::colour_count(&pack), 3);
    let mut s = group(&pack, "full", 2);
    let poster = |idea, c: &[(&str, u32)]| Event::PosterCounted {
        idea,
        counts: counted(c),
    };
    // Ambers stack: 2 present with two each, so one poster holds 4.
    ok(
        &mut s,
        &pack,
        poster(1, &[("green", 2), ("amber", 4), ("red", 1)]),
    );
    assert_eq!(
        refused(&mut s, &pack, poster(2, &[("amber", 5)])),
        "Idea 2 cannot have 5 amber stickers: 2 participants are present, with two ambers each."
    );
    assert_eq!(
        refused(&mut s, &pack, poster(2, &[("green", 3)])),
        "Idea 2 cannot have 3 green stickers: 2 participants are present, and nobody puts both greens on one idea."
    );
    assert_eq!(
        refused(&mut s, &pack, poster(2, &[("blue", 1)])),
        "\"blue\" is not one of the vote's colours (green, amber, red)."
    );
    assert_eq!(
        refused(&mut s, &pack, poster(2, &[("amber", 1)])),
        "That makes 5 amber stickers on all the posters, but 2 participants are present with two ambers each (4 at most)."
    );
    ok(&mut s, &pack, poster(2, &[("green", 1), ("red", 1)]));
    let t = ideas::tally(&pack, s.state());
    let ids: Vec<&str> = t.colours.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["green", "amber", "red"]);
    assert_eq!((t.count(0, 1), t.count(1, 1), t.count(2, 1)), (2, 4, 1));
    assert_eq!((t.count(0, 2), t.count(1, 2), t.count(2, 2)), (1, 0, 1));
    assert_eq!(t.placed(), 9);
    assert!(t.problems().is_empty(), "{:?}", t.problems());
    // The second pick counts ambers: idea 1, the popular one left out, is
    // not suggested again.
    let second = ideas::suggest(
        &pack,
        s.state(),
        &Coverage::default(),
        PickKind::Contentious,
    );
    assert!(second.rule.contains("amber"), "{}", second.rule);
    // Recorded in the generic form, a schema-2 one; the two-colour count
    // in the schema-1 spelling.
    let three =
        serde_json::to_string(&poster(1, &[("green", 2), ("amber", 4), ("red", 1)])).unwrap();
    assert_eq!(
        three,
        r#"{"type":"poster_counted","idea":1,"counts":{"amber":4,"green":2,"red":1}}"#
    );
    let two = serde_json::to_string(&poster(2, &[("green", 1), ("red", 1)])).unwrap();
    assert_eq!(
        two,
        r#"{"type":"poster_counted","idea":2,"green":1,"red":1}"#
    );
    assert_eq!(
        (
            poster(1, &[("amber", 1)]).schema(),
            poster(1, &[("red", 1)]).schema()
        ),
        (2, 1)
    );
}

#[test]
fn three_colours_per_participant_each_colour_its_own_rules() {
    let pack = three_colours();
    let mut s = group(&pack, "full", 3);
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: facilitator::domain::event::StickerMode::PerParticipant,
        },
    );
    ok(
        &mut s,
        &pack,
        placed_as(1, &[("green", &[1, 2]), ("amber", &[3, 3]), ("red", &[4])]),
    );
    assert_eq!(
        refused(&mut s, &pack, placed_as(2, &[("amber", &[1, 2, 3])])),
        "Each participant has two amber stickers, not 3."
    );
    assert_eq!(
        refused(&mut s, &pack, placed_as(2, &[("red", &[1, 2])])),
        "Each participant has one red sticker, not 2."
    );
    assert_eq!(
        refused(&mut s, &pack, placed_as(2, &[("green", &[5, 5])])),
        "Both green stickers of participant 2 (R2) are on idea 5: the two greens go on two different ideas."
    );
    ok(&mut s, &pack, placed_as(2, &[("amber", &[7])]));
    let t = ideas::tally(&pack, s.state());
    assert_eq!((t.count(1, 3), t.count(1, 7), t.count(2, 4)), (2, 1, 1));
    assert_eq!(t.placed(), 6);
    // Who has what left: green, amber, red.
    assert_eq!(
        ideas::stickers_left(&pack, s.state()),
        vec![(2, vec![2, 1, 1]), (3, vec![2, 2, 1])]
    );
    // Written generic, read back the same.
    let e = placed_as(1, &[("green", &[1, 2]), ("amber", &[3, 3]), ("red", &[4])]);
    let text = serde_json::to_string(&e).unwrap();
    assert_eq!(
        text,
        r#"{"type":"stickers_placed","participant":1,"votes":{"amber":[3,3],"green":[1,2],"red":[4]}}"#
    );
    assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), e);
}

/// A session the previous build recorded with the climate pack: its one
/// colour (`dot`) written as `green`.
#[test]
fn an_old_climate_session_is_still_counted() {
    let pack = climate();
    let mut s = group(&pack, "panel", 3);
    let old: Event =
        serde_json::from_str(r#"{"type":"poster_counted","idea":2,"green":3,"red":0}"#).unwrap();
    ok(&mut s, &pack, old);
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: facilitator::domain::event::StickerMode::PerParticipant,
        },
    );
    let old: Event =
        serde_json::from_str(r#"{"type":"stickers_placed","participant":1,"green":[4,5]}"#)
            .unwrap();
    ok(&mut s, &pack, old);
    let t = ideas::tally(&pack, s.state());
    assert_eq!(
        (t.count(0, 4), t.count(0, 5), t.colours[0].placed),
        (1, 1, 2)
    );
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: facilitator::domain::event::StickerMode::PerPoster,
        },
    );
    let t = ideas::tally(&pack, s.state());
    assert_eq!((t.colours[0].id.as_str(), t.count(0, 2)), ("dot", 3));
    // This build records the climate pack's dots by their own id.
    let now = Event::PosterCounted {
        idea: 2,
        counts: ideas::counts_of(&pack, &[3]),
    };
    assert_eq!(
        serde_json::to_string(&now).unwrap(),
        r#"{"type":"poster_counted","idea":2,"counts":{"dot":3}}"#
    );
}

/// Per participant with three colours, at the keys: a cell per token
/// (two greens, two ambers, a red), each recorded under its colour.
#[test]
fn three_colours_are_entered_per_participant_at_the_keys() {
    use ratatui::crossterm::event::KeyCode;
    let mut h = common::moderator::H::with_pack(three_colours());
    h.create(false);
    h.add("Ann", "Female", "40-64", "");
    h.add("Dev", "Male", "25-39", "");
    h.typ("s");
    h.go("gallery");
    h.typ("S");
    h.typ("M");
    let screen = h.render(80, 24);
    // A label over each colour's cells; what each has left in glyphs.
    assert!(
        screen.contains("│  who    green      amber      red   left │"),
        "{screen}"
    );
    assert!(
        screen.contains("│› Ann    › –‹ [ –]  [ –] [ –]  [ –]  ●●AA○│"),
        "{screen}"
    );
    assert!(
        screen.contains("│● green left  A amber left  ○ red left    │"),
        "{screen}"
    );
    for (k, idea) in ["1", "2", "3", "3", "4"].iter().enumerate() {
        if k > 0 {
            h.press(KeyCode::Right);
        }
        h.typ(idea);
    }
    let s = h.app.live.as_ref().unwrap().session.state();
    let ann = s.present().next().unwrap().id;
    let placed = &s.placements[&ann];
    assert_eq!(
        (placed.get("green"), placed.get("amber"), placed.get("red")),
        (&[1, 2][..], &[3, 3][..], &[4][..])
    );
    let screen = h.render(80, 24);
    assert!(
        screen.contains("│› Ann    [ 1] [ 2]  [ 3] [ 3]  › 4‹"),
        "{screen}"
    );
    assert!(
        screen.contains("│  Dev    [ –] [ –]  [ –] [ –]  [ –]  ●●AA○│"),
        "{screen}"
    );
    // The tally counts each colour.
    let t = ideas::tally(&three_colours(), s);
    assert_eq!((t.count(1, 3), t.count(2, 4)), (2, 1));
}

/// The projector's tally at a pack's vote step, once revealed: its legend
/// line and the first idea's line, drawn at 80 columns.
fn projected_tally(pack: &Pack, step: &str, counts: &[(&str, u32)]) -> (Vec<u32>, String) {
    use facilitator::present::projection::Body;
    use facilitator::present::{project, view};
    let mut s = group(pack, pack.plans[0].id.as_str(), 3);
    ok(&mut s, pack, Event::Started);
    ok(&mut s, pack, Event::StepEntered { step: step.into() });
    ok(
        &mut s,
        pack,
        Event::PosterCounted {
            idea: 1,
            counts: counted(counts),
        },
    );
    ok(&mut s, pack, Event::TallyRevealed { shown: true });
    let p = project(pack, Some(&s), t0());
    let Body::Tally { rows, .. } = &p.body else {
        panic!("{:?}", p.body)
    };
    let first = rows[0].counts.clone();
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| view::draw(f, &p)).unwrap();
    let buf = term.backend().buffer();
    let screen: String = (0..24)
        .map(|y| {
            (0..80)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
                + "\n"
        })
        .collect();
    (first, screen)
}

#[test]
fn the_projectors_tally_has_a_bar_per_colour_of_the_pack() {
    // Three colours: a bar and a count for each, amber's legend without a
    // meaning (the pack gives none).
    let (counts, screen) = projected_tally(
        &three_colours(),
        "gallery",
        &[("green", 2), ("amber", 4), ("red", 1)],
    );
    assert_eq!(counts, [2, 4, 1]);
    assert!(screen.contains("█ green: preferred"), "{screen}");
    assert!(screen.contains("▒ amber "), "{screen}");
    assert!(screen.contains("░ red: contentious"), "{screen}");
    let line = screen
        .lines()
        .find(|l| l.contains("1. "))
        .expect("the first idea's line");
    assert!(
        line.contains("█") && line.contains("▒") && line.contains("░"),
        "{line}"
    );
    // One colour: one bar, the pack's words.
    let (counts, screen) = projected_tally(&climate(), "dots", &[("dot", 3)]);
    assert_eq!(counts, [3]);
    assert!(screen.contains("█ blue: a priority"), "{screen}");
    assert!(
        !screen.contains("green") && !screen.contains("red:"),
        "{screen}"
    );
}

#[test]
fn questionnaire_points_dont_know_and_wording_are_checked_at_their_place() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let scale = "kind = \"scale\"\nmin = 1\nmax = 5\n";
    let bad = edit(
        &method,
        scale,
        "kind = \"scale\"\nmin = 1\nmax = 5\npoints = { \"1\" = \"not at all\", \"6\" = \"very\" }\n",
    );
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "\"6\""),
        "point `6` of question `concern` is not a value from 1 to 5",
    );
    let bad = edit(
        &method,
        "kind = \"yes_no\"\n",
        "kind = \"yes_no\"\npoints = { \"1\" = \"x\" }\n",
    );
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "\"1\" = \"x\""),
        "only a scale question has points",
    );
    let bad = edit(
        &method,
        "kind = \"text\"",
        "kind = \"text\"\ndont_know = true # t",
    );
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "true # t"),
        "question `changed` is a text: the form offers no \"don't know\" for it",
    );
    let bad = edit(
        &method,
        "kind = \"yes_no\"\n",
        "kind = \"yes_no\"\nquote_under = \"Heard\"\n",
    );
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "\"Heard\""),
        "only a text question's answers can be quoted",
    );
    let bad = edit(
        &method,
        "kind = \"text\"",
        "kind = \"text\"\ncolumn_width = 9 # w",
    );
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "9 # w"),
        "column_width needs a column",
    );
    let bad = edit(&method, "kind = \"text\"", "kind = \"text\"\nhint = \" \"");
    assert_one(
        &problems_with(&guide, &bad),
        &at("method.toml", &bad, "\" \""),
        "hint is empty",
    );
}

#[test]
fn questionnaire_scale_points_and_dont_know_reach_the_method() {
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let method = edit(
        &method,
        "kind = \"scale\"\nmin = 1\nmax = 5\n",
        "kind = \"scale\"\nmin = 1\nmax = 5\npoints = { \"5\" = \"very\", \"1\" = \"not at all\" }\ndont_know = false\n",
    );
    let (ideas, reference) = (read("ideas.toml"), read("reference.toml"));
    let pack = parse_pack(&[
        ("guide.toml", guide.as_str()),
        ("ideas.toml", &ideas),
        ("reference.toml", &reference),
        ("method.toml", &method),
    ])
    .unwrap_or_else(|p| panic!("{}", render(&p)));
    let q = &pack.method.questionnaires[0].questions[0];
    assert_eq!(q.id, "concern");
    assert_eq!(
        q.points,
        vec![(1, "not at all".to_string()), (5, "very".to_string())]
    );
    assert!(!q.dont_know);
    // Unchanged questions keep "don't know", as before.
    assert!(pack.method.questionnaires[0].questions[1].dont_know);
}

#[test]
fn the_reports_breakdown_by_attribute_counts_every_colour() {
    use facilitator::afterwards::common::Group;
    use facilitator::afterwards::report::Collected;
    let pack = three_colours();
    let mut s = group(&pack, "full", 2);
    // R1 is a woman; R2's gender is not recorded.
    ok(
        &mut s,
        &pack,
        Event::ParticipantChanged {
            participant: Participant {
                id: 1,
                label: "R1".into(),
                gender: "Female".into(),
                ..Default::default()
            },
        },
    );
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: facilitator::domain::event::StickerMode::PerParticipant,
        },
    );
    ok(
        &mut s,
        &pack,
        placed_as(1, &[("green", &[1, 2]), ("amber", &[1, 1]), ("red", &[4])]),
    );
    ok(
        &mut s,
        &pack,
        placed_as(2, &[("amber", &[1]), ("red", &[1])]),
    );
    let g = Group::new(&pack, s.events().to_vec(), false);
    let all = Collected {
        pack: &pack,
        digests: vec![facilitator::afterwards::report::Digest::of(&g)],
        groups: vec![g],
        bad: Vec::new(),
        coverage: Coverage::default(),
        flagged: Vec::new(),
    };
    let (page, csv) = facilitator::afterwards::report::html::page(&all, Path::new(".")).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("attribute,value,idea,idea_title,green,amber,red,participants")
    );
    // Idea 1 among women: one green and both of R1's ambers; among those
    // not recorded: R2's amber and red.
    assert!(
        csv.contains("gender,Female,1,Individuals with budgets,1,2,0,1\n"),
        "{csv}"
    );
    assert!(
        csv.contains("gender,(not recorded),1,Individuals with budgets,0,1,1,1\n"),
        "{csv}"
    );
    assert!(
        page.contains("1 / 2 / 0"),
        "the chart cell names each colour"
    );
    assert!(page.contains("Green / amber / red stickers on each idea"));
}

#[test]
fn check_stimulus_counts_the_options_in_the_packs_word() {
    let mut out = Vec::new();
    let code = facilitator::commands::check_stimulus(&climate_dir(), &mut out).unwrap();
    assert_eq!(code, 0);
    let line = String::from_utf8(out).unwrap();
    assert!(
        line.ends_with(": ok (1 plans, 3 stages, 6 options)\n"),
        "{line}"
    );
    let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("stimulus");
    let mut out = Vec::new();
    facilitator::commands::check_stimulus(&built_in, &mut out).unwrap();
    let line = String::from_utf8(out).unwrap();
    assert!(line.ends_with(" stages, 9 ideas)\n"), "{line}");
}

/// The climate method with lines added to its `[export]` table.
fn with_export(export: &str) -> String {
    let method = read("method.toml");
    assert!(
        method.contains("\n[export]\n"),
        "the climate pack states its layout"
    );
    method.replacen("\n[export]\n", &format!("\n[export]\n{export}\n"), 1)
}

#[test]
fn the_export_lays_out_a_discussion_as_the_method_says() {
    let method = with_export(
        "sections = [{ id = \"pros-cons\", heading = \"For or against?\" }]\nchecklist_section = \"pros-cons\"\nratings_section = \"rating\"",
    );
    let (guide, ideas, reference) = (
        read("guide.toml"),
        read("ideas.toml"),
        read("reference.toml"),
    );
    let pack = parse_pack(&[
        ("guide.toml", guide.as_str()),
        ("ideas.toml", &ideas),
        ("reference.toml", &reference),
        ("method.toml", &method),
    ])
    .unwrap_or_else(|p| panic!("{}", render(&p)));
    let mut s = common::climate::group(&pack, "c", 4, 3);
    ok(
        &mut s,
        &pack,
        Event::EquityTicked {
            idea: 4,
            dimension: "Drivers".into(),
            on: true,
        },
    );
    let md = facilitator::afterwards::export::markdown(&pack, s.events().to_vec(), false);
    // Option 4: nothing noted, but its question is always written, with
    // the checklist ticked under it; the ratings under Rating.
    let four = &md[md.find("## Option 4:").unwrap()..];
    let four = &four[..four.find("\n## ").unwrap_or(four.len())];
    assert!(
        four.contains("### For or against?\n\nAffected: Drivers."),
        "{four}"
    );
    // Option 1: the question first, then its rating under Rating.
    let one = &md[md.find("## Option 1:").unwrap()..];
    let q = one.find("### For or against?").unwrap();
    let r = one.find("### Rating\n\nThe group's rating (1-5):").unwrap();
    assert!(q < r, "{one}");
    // As shipped (an [export] naming no sections): no question is forced.
    let pack = climate();
    let mut plain = common::climate::group(&pack, "p", 4, 3);
    ok(
        &mut plain,
        &pack,
        Event::EquityTicked {
            idea: 4,
            dimension: "Drivers".into(),
            on: true,
        },
    );
    let md = facilitator::afterwards::export::markdown(&pack, plain.events().to_vec(), false);
    assert!(!md.contains("For or against?"), "{md}");
    assert!(md.contains("### For and against\n"), "{md}");
    // The checklist under no section: its ticks after the sections, in
    // the pack's words (they were left out before).
    let four = &md[md.find("## Option 4:").unwrap()..];
    assert!(four.contains("\nAffected: Drivers.\n"), "{four}");
}

#[test]
fn an_export_section_must_be_a_discussion_section() {
    let guide = read("guide.toml");
    let method = with_export("sections = [{ id = \"nope\", heading = \"Nope?\" }]");
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "\"nope\""),
        "export section `nope` is not a section of a discussion step of the guide",
    );
    let method = with_export("ratings_section = \"welcome\"");
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "\"welcome\""),
        "ratings_section `welcome` is not a section of a discussion step",
    );
}

#[test]
fn the_report_and_the_projector_call_an_option_by_the_packs_word() {
    use facilitator::afterwards::common::Group;
    use facilitator::afterwards::report::{Collected, Digest, markdown};
    use facilitator::present::projection::Body;
    let pack = climate();
    let mut s = common::climate::group(&pack, "c", 4, 3);
    ok(
        &mut s,
        &pack,
        Event::EquityTicked {
            idea: 4,
            dimension: "Drivers".into(),
            on: true,
        },
    );
    let g = Group::new(&pack, s.events().to_vec(), false);
    let all = Collected {
        pack: &pack,
        digests: vec![Digest::of(&g)],
        groups: vec![g],
        bad: Vec::new(),
        coverage: Coverage::default(),
        flagged: Vec::new(),
    };
    let md = markdown(&all, Path::new("."));
    let checklist = &md[md.find("## Affected\n").expect("the checklist's section")..];
    assert!(
        checklist.starts_with(
            "## Affected\n\nNumber of groups that raised each group when discussing the option.\n\n| Option |"
        ),
        "{checklist}"
    );
    let (page, _) = facilitator::afterwards::report::html::page(&all, Path::new(".")).unwrap();
    assert!(
        page.contains("Coverage: which group discussed which option"),
        "the coverage chart's title"
    );
    assert!(
        page.contains("D most dots, C moderator&#39;s choice")
            || page.contains("D most dots, C moderator's choice"),
        "the coverage chart's legend"
    );
    // The projector's poster in a deliberation: "Option 4 of 6".
    let p = facilitator::present::project(&pack, Some(&s), t0());
    let Body::Poster(poster) = &p.body else {
        panic!("{:?}", p.body)
    };
    assert_eq!(poster.option, "Option");
}

#[test]
fn the_demo_refuses_a_pack_that_cannot_hold_the_built_in_studys_groups() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("sessions");
    let dir = facilitator::store::SessionsDir::new(&folder);
    let err = facilitator::afterwards::demo::run(&dir, &climate(), 2, 3).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("the demo writes groups of the built-in study"),
        "{msg}"
    );
    assert!(
        msg.contains("with the built-in pack (no --stimulus)"),
        "{msg}"
    );
    // Nothing was written: not even the folder.
    assert!(!folder.exists());
}

#[test]
fn the_roster_asks_what_the_pack_says_and_keeps_the_rest() {
    use facilitator::stimulus::method::RosterField;
    use facilitator::tui::screens::setup::{participant_form, participant_from};
    // The built-in pack states the built-in rows.
    let built_in = facilitator::stimulus::embedded();
    assert_eq!(built_in.method.roster, RosterField::built_in());
    // The climate panel asks age and where they live, not gender.
    let pack = climate();
    let mut form = participant_form(&pack.method.roster, None);
    let rows: Vec<&str> = form.fields.iter().map(|f| f.label.as_ref()).collect();
    assert_eq!(rows, ["Label", "Age band", "Lives in", "Consent to record"]);
    // Editing someone recorded with a gender (another pack, an older
    // build) keeps it: the form does not ask it.
    let before = Participant {
        id: 4,
        label: "Ann".into(),
        gender: "Female".into(),
        age_band: "40-64".into(),
        ..Default::default()
    };
    form = participant_form(&pack.method.roster, Some(&before));
    for f in &mut form.fields {
        if f.label == "Lives in" {
            f.value = "Hyde Park, Burley".into();
        }
    }
    let after = participant_from(&form, &pack.method.roster, 4, Some(&before));
    assert_eq!(after.gender, "Female");
    assert_eq!(after.age_band, "40-64");
    assert_eq!(after.descriptors, ["Hyde Park", "Burley"]);
    // check-stimulus: an unknown field and a row the form has already.
    let (guide, method) = (read("guide.toml"), read("method.toml"));
    let method = edit(&method, "id = \"descriptors\"", "id = \"postcode\"");
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "\"postcode\""),
        "unknown roster field `postcode` (the fields are: gender, age, ethnicity, social_grade, descriptors)",
    );
    let method = edit(
        &read("method.toml"),
        "label = \"Lives in\"",
        "label = \"Label\"",
    );
    assert_one(
        &problems_with(&guide, &method),
        &at("method.toml", &method, "\"Label\""),
        "`Label` is the roster form's own row",
    );
}
