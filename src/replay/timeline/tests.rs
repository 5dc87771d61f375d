//! The replay clock and what the moderator most likely saw.

use super::*;
use chrono::TimeZone;
use std::time::Duration as StdDuration;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 18, 0, 0).unwrap()
}

fn secs(n: u64) -> StdDuration {
    StdDuration::from_secs(n)
}

#[test]
fn paused_clock_stands_still() {
    let c = ReplayClock::new(t0(), t0() + Duration::hours(2));
    let r = Instant::now();
    assert_eq!(c.at(r), t0());
    assert_eq!(c.at(r + secs(100)), t0());
    assert!(!c.playing());
    assert_eq!(c.speed(), 1);
}

#[test]
fn playing_runs_at_the_speed_and_stops_at_the_end() {
    let mut c = ReplayClock::new(t0(), t0() + Duration::minutes(10));
    let r = Instant::now();
    c.play(r);
    assert_eq!(c.at(r + secs(3)), t0() + Duration::seconds(3));
    c.faster(r + secs(3)); // 2×
    c.faster(r + secs(3)); // 5×
    assert_eq!(c.speed(), 5);
    assert_eq!(c.at(r + secs(5)), t0() + Duration::seconds(3 + 10));
    // Far past the end: clamped.
    assert_eq!(c.at(r + secs(10_000)), t0() + Duration::minutes(10));
    assert!(c.at_end(r + secs(10_000)));
}

#[test]
fn pause_keeps_the_time_and_play_goes_on_from_it() {
    let mut c = ReplayClock::new(t0(), t0() + Duration::hours(1));
    let r = Instant::now();
    c.play(r);
    c.pause(r + secs(7));
    assert_eq!(c.at(r + secs(50)), t0() + Duration::seconds(7));
    c.play(r + secs(50));
    assert_eq!(c.at(r + secs(52)), t0() + Duration::seconds(9));
}

#[test]
fn speeds_step_through_the_list_and_stop_at_both_ends() {
    let mut c = ReplayClock::new(t0(), t0() + Duration::hours(1));
    let r = Instant::now();
    let mut seen = vec![c.speed()];
    for _ in 0..8 {
        c.faster(r);
        seen.push(c.speed());
    }
    assert_eq!(seen, vec![1, 2, 5, 10, 30, 60, 60, 60, 60]);
    for _ in 0..8 {
        c.slower(r);
    }
    assert_eq!(c.speed(), 1);
}

#[test]
fn play_at_the_end_starts_again_and_seek_is_clamped() {
    let mut c = ReplayClock::new(t0(), t0() + Duration::minutes(1));
    let r = Instant::now();
    c.seek(t0() + Duration::hours(5), r);
    assert_eq!(c.at(r), t0() + Duration::minutes(1));
    c.play(r);
    assert_eq!(c.at(r), t0());
    c.seek(t0() - Duration::hours(5), r);
    assert_eq!(c.at(r), t0());
}

fn rec(seq: u64, secs: i64, event: Event) -> EventRecord {
    EventRecord {
        seq,
        at: t0() + Duration::seconds(secs),
        event,
    }
}

#[test]
fn seen_follows_the_last_actions() {
    let created = rec(
        1,
        0,
        Event::Created {
            id: "x".into(),
            uuid: None,
            device: None,
            plan: "full".into(),
            pack: "p".into(),
            pack_hash: None,
            profile: Default::default(),
        },
    );
    let mut ev = vec![created];
    assert_eq!(seen(&ev, t0()), Seen::Roster);
    ev.push(rec(2, 10, Event::Started));
    ev.push(rec(
        3,
        10,
        Event::StepEntered {
            step: "arrival".into(),
        },
    ));
    assert_eq!(seen(&ev, t0()), Seen::Guide);
    ev.push(rec(
        4,
        20,
        Event::FlipchartAdded {
            step: "arrival".into(),
            text: "Health".into(),
        },
    ));
    let at = t0() + Duration::seconds(20);
    assert_eq!(seen(&ev, at), Seen::Flipchart("arrival".into()));
    assert_eq!(seen(&ev, at + Duration::seconds(61)), Seen::Guide);
    ev.push(rec(
        5,
        30,
        Event::PosterCounted {
            idea: 1,
            counts: crate::domain::event::Counts::green_red(2, 0),
        },
    ));
    assert_eq!(seen(&ev, at), Seen::Stickers);
    ev.push(rec(6, 40, Event::Closed));
    assert_eq!(seen(&ev, at), Seen::Stickers);
    ev.push(rec(7, 50, Event::Opened { recovered: None }));
    assert_eq!(seen(&ev, at), Seen::Guide);
}
