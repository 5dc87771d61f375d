//! Ratings once per group (`[ratings] per = "group"`, at the step
//! `[ratings] step` names): checked by check-stimulus, recorded without an
//! idea (a rating naming one is refused, and the other way round), asked in
//! the ratings window at that step only, and written by the exports, the
//! report and replay. The pack is the climate panel with a "verdict" step
//! and its method made per group, from strings.

mod common;

use common::climate::{ok, refused};
use std::path::Path;

use common::moderator::H;
use facilitator::afterwards::{export, report};
use facilitator::domain::event::{Event, EventRecord, Scale};
use facilitator::domain::session::Session;
use facilitator::stimulus::Pack;
use facilitator::stimulus::load::{Problem, parse_pack};
use facilitator::store::SessionsDir;
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

fn read(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("stimulus/examples/climate-panel");
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the text");
    text.replacen(from, to, 1)
}

/// A step walked once, after the discussions, where the panel rates.
const VERDICT: &str = "[[stage.step]]\nid = \"verdict\"\ntitle = \"The panel's verdict\"\nminutes = 5\nquestions = [\"Taking the evening as a whole: how far does the panel support the plan?\"]\n\n[[stage.step]]\nid = \"after\"";

fn guide() -> String {
    edit(
        &read("guide.toml"),
        "[[stage.step]]\nid = \"after\"",
        VERDICT,
    )
}

/// The climate method with `per` replaced by `ratings`.
fn method(ratings: &str) -> String {
    edit(&read("method.toml"), "per = \"option\"", ratings)
}

fn parse(guide: &str, method: &str) -> Result<Pack, Vec<Problem>> {
    let (ideas, reference) = (read("ideas.toml"), read("reference.toml"));
    parse_pack(&[
        ("guide.toml", guide),
        ("ideas.toml", &ideas),
        ("reference.toml", &reference),
        ("method.toml", method),
    ])
}

/// The climate panel rating once, at the verdict.
fn per_group() -> Pack {
    parse(&guide(), &method("per = \"group\"\nstep = \"verdict\""))
        .unwrap_or_else(|p| panic!("{p:?}"))
}

fn messages(ratings: &str) -> Vec<String> {
    match parse(&guide(), &method(ratings)) {
        Ok(_) => Vec::new(),
        Err(p) => p.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn check_stimulus_wants_the_step_exactly_when_the_group_rates_once() {
    let without = messages("per = \"group\"");
    assert_eq!(without.len(), 1, "{without:?}");
    assert!(
        without[0].starts_with("method.toml:")
            && without[0].contains("per = \"group\" needs `step`"),
        "{without:?}"
    );
    let per_option = messages("per = \"option\"\nstep = \"verdict\"");
    assert_eq!(per_option.len(), 1, "{per_option:?}");
    assert!(
        per_option[0].contains("`step` is only for per = \"group\""),
        "{per_option:?}"
    );
    let unknown = messages("per = \"group\"\nstep = \"verdikt\"");
    assert!(
        unknown.len() == 1 && unknown[0].contains("step `verdikt`, which the guide does not have"),
        "{unknown:?}"
    );
    let discussion = messages("per = \"group\"\nstep = \"deliberate\"");
    assert!(
        discussion.len() == 1 && discussion[0].contains("`deliberate` is a discussion step"),
        "{discussion:?}"
    );
    assert!(messages("per = \"group\"\nstep = \"verdict\"").is_empty());
}

fn group(pack: &Pack, id: &str) -> Session {
    common::climate::roster(pack, id, "panel", 3)
}

fn rated(idea: Option<u32>, scale: &str, value: Option<u8>) -> Event {
    Event::Rated {
        idea,
        scale: Scale::new(scale),
        value,
        dont_know: value.is_none(),
    }
}

#[test]
fn the_group_rates_once_and_a_rating_naming_an_option_is_refused() {
    let pack = per_group();
    let mut s = group(&pack, "g");
    assert_eq!(
        refused(&mut s, &pack, rated(Some(2), "support", Some(4))),
        "The group rates once here, not per option: a rating names no option (not option 2)."
    );
    ok(&mut s, &pack, rated(None, "support", Some(4)));
    ok(&mut s, &pack, rated(None, "feasible", None));
    let st = s.state();
    assert_eq!(st.ratings.get(&(None, Scale::new("support"))), Some(&4));
    assert!(st.dont_know.contains(&(None, Scale::new("feasible"))));
    // The range is still the scale's.
    assert_eq!(
        refused(&mut s, &pack, rated(None, "support", Some(6))),
        "Ratings go from 1 to 5."
    );
    // And the other way round: the climate panel as shipped rates per option.
    let per_option = parse(&guide(), &read("method.toml")).unwrap();
    let mut o = group(&per_option, "o");
    assert_eq!(
        refused(&mut o, &per_option, rated(None, "support", Some(4))),
        "Ratings are given per option here: say which option is rated."
    );
}

#[test]
fn the_group_rating_is_written_without_an_idea_and_read_back_as_schema_2() {
    let pack = per_group();
    let mut s = group(&pack, "g");
    ok(&mut s, &pack, rated(None, "support", Some(4)));
    let rec = s.events().last().unwrap().clone();
    let line = serde_json::to_string(&rec).unwrap();
    assert!(
        line.ends_with("\"type\":\"rated\",\"scale\":\"support\",\"value\":4}"),
        "{line}"
    );
    assert_eq!(rec.event.schema(), 2);
    let back: EventRecord = serde_json::from_str(&line).unwrap();
    assert_eq!(back, rec);
    // Saved and loaded: the snapshot says schema 2 and reads back.
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path());
    dir.create("g", s.events()).unwrap().close().unwrap();
    let snap: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("g.json")).unwrap()).unwrap();
    assert_eq!(snap["schema"], 2);
    assert_eq!(dir.load("g").unwrap().events, s.events());
}

/// Two groups: the first rates support 4 and feasibility "don't know",
/// the second support 2 and feasibility 3.
fn folder(pack: &Pack) -> (TempDir, SessionsDir) {
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    for (id, support, feasible) in [("g1", 4, None), ("g2", 2, Some(3))] {
        let mut s = group(pack, id);
        ok(&mut s, pack, Event::Started);
        ok(&mut s, pack, rated(None, "support", Some(support)));
        ok(&mut s, pack, rated(None, "feasible", feasible));
        dir.create(id, s.events()).unwrap().close().unwrap();
    }
    (tmp, dir)
}

#[test]
fn the_exports_write_the_group_rating_once() {
    let pack = per_group();
    let mut s = group(&pack, "g");
    ok(&mut s, &pack, Event::Started);
    ok(
        &mut s,
        &pack,
        Event::EquityTicked {
            idea: 2,
            dimension: "Drivers".into(),
            on: true,
        },
    );
    ok(&mut s, &pack, rated(None, "support", Some(4)));
    ok(&mut s, &pack, rated(None, "feasible", None));
    let md = export::markdown(&pack, s.events().to_vec(), false);
    assert!(
        md.contains(
            "## The group's rating\n\nThe group's rating (1-5):\n\n| Support | Feasible here |\n|---:|---:|\n| 4 | don't know |\n"
        ),
        "{md}"
    );
    // Not under the option discussed; and in the pack's words.
    assert_eq!(md.matches("The group's rating (1-5)").count(), 1, "{md}");
    assert!(md.contains("No option was picked."), "{md}");

    let files = export::csv_files(&pack, s.events().to_vec(), false).unwrap();
    let (_, ratings) = files.iter().find(|(n, _)| *n == "ratings.csv").unwrap();
    let text = String::from_utf8(ratings.clone()).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    // The option discussed (its checklist), then the group's row: no idea.
    assert_eq!(rows.len(), 3, "{text}");
    assert!(rows[1].starts_with("g,2,"), "{text}");
    assert_eq!(rows[2], "g,,,,,,,4,,,feasible", "{text}");
}

#[test]
fn the_report_sums_the_groups_ratings_on_the_scales_axis() {
    let pack = per_group();
    let (_tmp, dir) = folder(&pack);
    let all = report::Collected::read(&dir, &pack).unwrap();
    let md = report::markdown(&all, dir.path());
    let start = md.find("\n## Ratings\n").unwrap();
    let section = &md[start..];
    assert!(
        section.contains(
            "| Rated | Support | Feasible here |\n|---|---:|---:|\n| The group as a whole | 3.0 (2-4, n=2) | 3.0 (3-3, n=1); don't know: 1 |\n"
        ),
        "{section}"
    );
    let (html, _) = report::html::page(&all, dir.path()).unwrap();
    let chart = &html[html.find("id=\"chart-ratings\"").unwrap()..];
    let chart = &chart[..chart.find("</figure>").unwrap()];
    assert!(
        chart.contains("<title id=\"chart-ratings-title\">The groups&#39; ratings</title>"),
        "{chart}"
    );
    assert!(chart.contains("Each group&#39;s rating (1-5) of the discussion as a whole on the two scales: a marker per group (circle Support, square Feasible here)"), "{chart}");
    assert!(chart.contains("data-median=\"3\""), "{chart}");
    assert!(
        chart.contains("<th scope=\"row\">The group as a whole</th>"),
        "{chart}"
    );
}

#[test]
fn replay_says_the_group_rated() {
    let pack = per_group();
    let mut s = group(&pack, "g");
    ok(&mut s, &pack, rated(None, "support", Some(4)));
    let rec = s.events().last().unwrap();
    assert_eq!(
        facilitator::replay::words::describe(&pack, s.state(), s.plan(), &rec.event),
        "the group rated support 4/5"
    );
}

#[test]
fn r_opens_the_group_rating_at_its_step_only() {
    let mut h = H::with_pack(per_group());
    h.create(false);
    h.add("Ann", "Female", "40-64", "");
    h.typ("s");
    // The welcome: no rating here.
    h.typ("R");
    assert_eq!(
        h.flash(),
        "The group rates once, at the step \"The panel's verdict\": R there."
    );
    // On to the verdict.
    for _ in 0..10 {
        if h.step() == "verdict" {
            break;
        }
        h.press(KeyCode::Right);
    }
    assert_eq!(h.step(), "verdict");
    h.typ("R");
    let screen = h.render(80, 24);
    assert!(screen.contains("The group's rating"), "{screen}");
    assert!(
        screen.contains("1 (strongly oppose) to 5 (strongly support)"),
        "{screen}"
    );
    assert!(
        !screen.contains("Who would be affected?"),
        "no checklist: {screen}"
    );
    h.typ("4");
    h.press(KeyCode::Down);
    h.typ("d");
    let screen = h.render(80, 24);
    assert!(screen.contains("■■■■· 4/5"), "{screen}");
    assert!(screen.contains("don't know"), "{screen}");
    let live = h.app.live.as_ref().unwrap();
    let st = live.session.state();
    assert_eq!(st.ratings.get(&(None, Scale::new("support"))), Some(&4));
    assert!(st.dont_know.contains(&(None, Scale::new("feasible"))));
}

#[test]
fn in_a_discussion_r_opens_the_checklist_alone_when_the_group_rates_once() {
    use facilitator::domain::ideas::Coverage;
    use facilitator::tui::keys::Action;
    use facilitator::tui::outcome::Outcome;
    use facilitator::tui::overlays::Overlay;
    use facilitator::tui::overlays::act::{RateView, WindowView};
    use facilitator::tui::screens::guide::{GuideState, GuideView, on_action};
    let mut v = GuideView {
        idea: Some(3),
        group_rating: Some((false, "The panel's verdict".into())),
        checklist: true,
        ..GuideView::default()
    };
    let mut st = GuideState::default();
    assert_eq!(
        on_action(&mut st, Some(Action::Rate), &v),
        Outcome::Open(Overlay::Rate {
            idea: Some(3),
            sel: 0
        })
    );
    // No checklist to tick: nothing to open but the verdict's rating.
    v.checklist = false;
    assert_eq!(
        on_action(&mut st, Some(Action::Rate), &v),
        Outcome::Refuse(
            "The group rates once, at the step \"The panel's verdict\": R there.".into()
        )
    );
    // The window of an option holds its checklist and no scale; the
    // group's window its scales and no checklist.
    let pack = per_group();
    let s = group(&pack, "g");
    let w = WindowView {
        pack: &pack,
        session: Some(&s),
        coverage: &Coverage::default(),
    };
    let option = RateView::of(&w, Some(3));
    assert!(option.scales.is_empty() && option.values.is_empty());
    assert_eq!(option.dims.len(), pack.equity_dimensions.len());
    let whole = RateView::of(&w, None);
    assert_eq!(whole.scales.len(), 2);
    assert!(whole.dims.is_empty());
}
