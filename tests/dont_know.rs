//! "Don't know" for ratings: recorded only on a scale that allows it (the
//! climate panel's two 1-5 scales), folded apart from the values, one key in
//! the ratings window, and written as "don't know" (never a number) in the
//! exports and the report; the built-in pack is as before.

mod common;

use common::climate::{ok, refused};
use std::path::Path;

use facilitator::afterwards::{export, report};
use facilitator::domain::event::{Event, EventRecord, Scale};
use facilitator::domain::ideas;
use facilitator::domain::session::Session;
use facilitator::stimulus::load::load_dir;
use facilitator::stimulus::{Pack, embedded};
use facilitator::store::SessionsDir;
use facilitator::tui::keys::Action;
use facilitator::tui::outcome::Outcome;
use facilitator::tui::overlays::act::{RateView, rate};
use tempfile::TempDir;

fn climate() -> Pack {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("stimulus/examples/climate-panel");
    load_dir(&dir).unwrap_or_else(|p| panic!("{p:?}"))
}

fn group(pack: &Pack, id: &str, plan: &str) -> Session {
    common::climate::roster(pack, id, plan, 4)
}

fn value(idea: u32, scale: &str, v: u8) -> Event {
    Event::Rated {
        idea: Some(idea),
        scale: Scale::new(scale),
        value: Some(v),
        dont_know: false,
    }
}

fn dont_know(idea: u32, scale: &str) -> Event {
    Event::Rated {
        idea: Some(idea),
        scale: Scale::new(scale),
        value: None,
        dont_know: true,
    }
}

#[test]
fn dont_know_is_recorded_on_a_scale_that_allows_it_and_replaces_a_value() {
    let pack = climate();
    let mut s = group(&pack, "g", "panel");
    ok(&mut s, &pack, value(3, "support", 4));
    ok(&mut s, &pack, dont_know(3, "support"));
    let key = (Some(3), Scale::new("support"));
    assert_eq!(ideas::rating(s.state(), 3, &Scale::new("support")), None);
    assert!(s.state().dont_know.contains(&key));
    // A value afterwards replaces it again.
    ok(&mut s, &pack, value(3, "support", 2));
    assert_eq!(ideas::rating(s.state(), 3, &Scale::new("support")), Some(2));
    assert!(!s.state().dont_know.contains(&key));
    ok(&mut s, &pack, dont_know(3, "feasible"));
    assert!(
        s.state()
            .dont_know
            .contains(&(Some(3), Scale::new("feasible")))
    );
    // Neither, or both, is refused.
    let neither = Event::Rated {
        idea: Some(3),
        scale: Scale::new("support"),
        value: None,
        dont_know: false,
    };
    assert_eq!(
        refused(&mut s, &pack, neither),
        "Give a rating from 1 to 5."
    );
    let both = Event::Rated {
        idea: Some(3),
        scale: Scale::new("support"),
        value: Some(3),
        dont_know: true,
    };
    assert_eq!(
        refused(&mut s, &pack, both),
        "A rating is either a value or \"don't know\", not both."
    );
    // An unknown option is still refused.
    assert_eq!(
        refused(&mut s, &pack, dont_know(99, "support")),
        "There is no option 99 in the pack."
    );
}

#[test]
fn the_built_in_scales_refuse_dont_know_in_plain_words() {
    let pack = embedded();
    let mut s = group(&pack, "b", "full");
    assert_eq!(
        refused(&mut s, &pack, dont_know(1, "desirable")),
        "Desirable has no \"don't know\": give a rating from 1 to 10."
    );
    assert!(s.state().dont_know.is_empty());
}

#[test]
fn dont_know_reads_and_writes_as_a_flag_with_no_value() {
    let pack = climate();
    let mut s = group(&pack, "g", "panel");
    ok(&mut s, &pack, value(1, "support", 5));
    ok(&mut s, &pack, dont_know(1, "feasible"));
    let lines: Vec<String> = s
        .events()
        .iter()
        .rev()
        .take(2)
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    assert!(
        lines[0].ends_with(r#""type":"rated","idea":1,"scale":"feasible","dont_know":true}"#),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].ends_with(r#""type":"rated","idea":1,"scale":"support","value":5}"#),
        "{}",
        lines[1]
    );
    for l in &lines {
        let back: EventRecord = serde_json::from_str(l).unwrap();
        assert_eq!(&serde_json::to_string(&back).unwrap(), l);
    }
}

fn view(allows: bool, already: bool) -> RateView {
    RateView {
        idea: Some(2),
        values: vec![None, Some(3)],
        scales: vec![
            (Scale::new("support"), 1, 5),
            (Scale::new("feasible"), 1, 5),
        ],
        dims: Vec::new(),
        allows_dont_know: vec![allows, allows],
        dont_know: vec![already, false],
    }
}

#[test]
fn the_dont_know_key_records_only_where_the_scale_allows_it() {
    let mut sel = 0;
    assert_eq!(
        rate(
            &mut sel,
            Some(Action::DontKnow),
            Some('d'),
            &view(true, false)
        ),
        Outcome::Record {
            event: dont_know(2, "support"),
            said: None
        }
    );
    // Already "don't know": nothing to record; not allowed: nothing either.
    assert_eq!(
        rate(
            &mut sel,
            Some(Action::DontKnow),
            Some('d'),
            &view(true, true)
        ),
        Outcome::Nothing
    );
    assert_eq!(
        rate(
            &mut sel,
            Some(Action::DontKnow),
            Some('d'),
            &view(false, false)
        ),
        Outcome::Nothing
    );
    // On the second scale (rated 3) it replaces the value.
    sel = 1;
    assert_eq!(
        rate(
            &mut sel,
            Some(Action::DontKnow),
            Some('d'),
            &view(true, false)
        ),
        Outcome::Record {
            event: dont_know(2, "feasible"),
            said: None
        }
    );
    // The key is d (and D) in the ratings window.
    use facilitator::tui::keys::{Context, action};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for ch in ['d', 'D'] {
        let key = KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE);
        assert_eq!(action(Context::Rate, &key), Some(Action::DontKnow));
    }
}

/// Two climate groups: one says "don't know" on option 1's support, the
/// other rates it 4; both rate feasibility.
fn climate_folder(pack: &Pack) -> (TempDir, SessionsDir) {
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    for (id, support) in [("g1", None), ("g2", Some(4))] {
        let mut s = group(pack, id, "panel");
        ok(&mut s, pack, Event::Started);
        match support {
            Some(v) => ok(&mut s, pack, value(1, "support", v)),
            None => ok(&mut s, pack, dont_know(1, "support")),
        }
        ok(&mut s, pack, value(1, "feasible", 2));
        if support.is_none() {
            ok(&mut s, pack, dont_know(2, "feasible"));
        }
        dir.create(id, s.events()).unwrap().close().unwrap();
    }
    (tmp, dir)
}

#[test]
fn exports_write_dont_know_as_words_and_never_as_a_number() {
    let pack = climate();
    let mut s = group(&pack, "g", "panel");
    ok(&mut s, &pack, Event::Started);
    ok(&mut s, &pack, dont_know(1, "support"));
    ok(&mut s, &pack, value(1, "feasible", 2));
    let md = export::markdown(&pack, s.events().to_vec(), false);
    assert!(md.contains("| don't know | 2 |"), "{md}");

    let files = export::csv_files(&pack, s.events().to_vec(), false).unwrap();
    let (_, ratings) = files.iter().find(|(n, _)| *n == "ratings.csv").unwrap();
    let text = String::from_utf8(ratings.clone()).unwrap();
    let mut rows = text.lines();
    let head = rows.next().unwrap();
    assert!(
        head.ends_with(",support,feasible,equity_dimensions,dont_know"),
        "{head}"
    );
    let row = rows.next().unwrap();
    assert!(row.ends_with(",,2,,support"), "{row}");
}

#[test]
fn the_built_in_ratings_csv_has_no_dont_know_column() {
    let pack = embedded();
    let mut s = group(&pack, "b", "full");
    ok(&mut s, &pack, value(1, "desirable", 7));
    let files = export::csv_files(&pack, s.events().to_vec(), false).unwrap();
    let (_, ratings) = files.iter().find(|(n, _)| *n == "ratings.csv").unwrap();
    let text = String::from_utf8(ratings.clone()).unwrap();
    assert!(!text.contains("dont_know"), "{text}");
}

#[test]
fn the_report_counts_dont_know_apart_from_the_ratings() {
    let pack = climate();
    let (_tmp, dir) = climate_folder(&pack);
    let all = report::Collected::read(&dir, &pack).unwrap();
    let md = report::markdown(&all, dir.path());
    let start = md.find("\n## Ratings\n").unwrap();
    let section = &md[start..];
    // n counts the value only; the don't-know is counted apart.
    assert!(
        section.contains("| 4.0 (4-4, n=1); don't know: 1 | 2.0 (2-2, n=2) |"),
        "{section}"
    );
    // Only "don't know": no number at all.
    assert!(section.contains("| - | don't know: 1 |"), "{section}");
    let (html, _) = report::html::page(&all, dir.path()).unwrap();
    assert!(html.contains("n=1; don&#39;t know: 1"), "the chart's words");
    assert!(
        html.contains("<th scope=\"col\">Don&#39;t know</th>"),
        "the chart's table has the column"
    );
}
