//! Coverage of ideas across the groups saved in a sessions folder.

mod common;

use std::fs;

use chrono::NaiveDate;
use facilitator::domain::event::{Event, PickKind};
use facilitator::domain::ideas::suggest;
use facilitator::domain::profile::GroupProfile;
use facilitator::domain::session::Session;
use facilitator::stimulus::{Pack, embedded};
use facilitator::store::{SessionsDir, coverage_of_folder};
use tempfile::TempDir;

use common::fixtures::t0;

fn new_session(pack: &Pack, id: &str, location: &str) -> Session {
    let profile = GroupProfile {
        location: location.into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
        ..Default::default()
    };
    let first = Session::created_event(id, "full", pack, profile, t0());
    Session::from_events(pack, vec![first])
}

fn pick(slot: u32, idea: u32, suggested: u32) -> Event {
    let kind = match slot {
        1 => PickKind::Popular,
        2 => PickKind::Contentious,
        _ => PickKind::Joker,
    };
    Event::IdeaPicked {
        slot,
        idea,
        kind,
        rule: "rule".into(),
        counts: "counts".into(),
        suggested,
        reason: (idea != suggested).then(|| "The group chose it.".to_string()),
    }
}

/// A group that picked these (slot, idea, suggested), saved whole in `dir`.
fn save_group(pack: &Pack, dir: &SessionsDir, id: &str, location: &str, picks: &[(u32, u32, u32)]) {
    let mut s = new_session(pack, id, location);
    for (slot, idea, suggested) in picks {
        s.record(pack, pick(*slot, *idea, *suggested), t0())
            .unwrap();
    }
    dir.create(id, s.events()).unwrap().close().unwrap();
}

#[test]
fn coverage_over_a_folder_skips_and_reports_an_unreadable_file() {
    let pack = embedded();
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    save_group(
        &pack,
        &dir,
        "ashford-1",
        "Ashford, Kent",
        &[(1, 4, 4), (2, 2, 2), (3, 9, 9)],
    );
    save_group(&pack, &dir, "oxford-1", "Oxford", &[(1, 4, 4), (2, 7, 5)]);

    // A group saved event by event: created first, then appended.
    let mut s = new_session(&pack, "stockport-1", "Stockport");
    let open = dir.create("stockport-1", s.events()).unwrap();
    for ev in [pick(1, 1, 1), pick(2, 3, 3), pick(3, 8, 6)] {
        let rec = s.record(&pack, ev, t0()).unwrap();
        open.writer.append(&rec);
    }
    open.close().unwrap();

    // The current group, with a pick of its own: left out.
    save_group(&pack, &dir, "now", "Birmingham", &[(1, 6, 6)]);

    fs::write(dir.path().join("x.json"), b"this is not a session {").unwrap();

    let (cov, problems) = coverage_of_folder(&dir, Some("now"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("\"x\""), "{problems:?}");
    assert_eq!(cov.count(4), 2);
    assert_eq!(cov.count(2), 1);
    assert_eq!(cov.count(9), 1);
    assert_eq!(cov.count(7), 1);
    assert_eq!(cov.count(1), 1);
    assert_eq!(cov.count(3), 1);
    assert_eq!(cov.count(8), 1);
    assert_eq!(cov.count(6), 0, "the current group is not an earlier group");
    assert_eq!(cov.count(5), 0);
    assert_eq!(cov.not_discussed(&pack), vec![5, 6]);

    let four: Vec<&str> = cov.by_idea[&4]
        .iter()
        .map(|d| d.location.as_str())
        .collect();
    assert_eq!(four, ["Ashford, Kent", "Oxford"]);
    let seven = &cov.by_idea[&7][0];
    assert_eq!(
        (seven.session.as_str(), seven.kind.clone(), seven.overridden),
        ("oxford-1", PickKind::Contentious, true)
    );
    let eight = &cov.by_idea[&8][0];
    assert_eq!(
        (eight.kind.clone(), eight.overridden),
        (PickKind::Joker, true)
    );
    assert_eq!(eight.date, NaiveDate::from_ymd_opt(2026, 11, 29));

    // Without excluding, the current group counts too.
    let (all, _) = coverage_of_folder(&dir, None);
    assert_eq!(all.count(6), 1);

    // The joker for the current group: least discussed, picks left out.
    let now = new_session(&pack, "now", "Birmingham");
    let joker = suggest(&pack, now.state(), &cov, PickKind::Joker);
    // No stickers: popular → 5 (never discussed, lowest), contentious → 6;
    // the rest were discussed once, except 4 (twice).
    assert!(
        !joker.tied.contains(&5) && !joker.tied.contains(&6),
        "{joker:?}"
    );
    assert_eq!(joker.tied, vec![1, 2, 3, 7, 8, 9]);
    assert_eq!(joker.idea, Some(1));
}

#[test]
fn coverage_of_an_empty_or_missing_folder_is_empty() {
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("nowhere"));
    let (cov, problems) = coverage_of_folder(&dir, None);
    assert!(cov.by_idea.is_empty());
    assert!(problems.is_empty(), "{problems:?}");
}
