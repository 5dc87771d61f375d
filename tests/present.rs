//! `facilitator present`: the projector's views at 80×24 and 160×48, the
//! follower moving with a session's files, and that nothing private ever
//! reaches the wall (checked on the projection and on the screen).
//!
//! Regenerate snapshots with `INSTA_UPDATE=always cargo test --test present`.

use std::time::{Duration as StdDuration, SystemTime};

mod common;

use chrono::NaiveDate;
use facilitator::domain::event::schema1::Stage3Answer;
use facilitator::domain::event::{Event, EventRecord, NoteKind, PickKind, Scale};
use facilitator::domain::profile::GroupProfile;
use facilitator::domain::session::Session;
use facilitator::present::projection::{Body, Projection};
use facilitator::present::{Follower, project, projection_of, view};
use facilitator::stimulus::{Pack, embedded};
use facilitator::store::SessionsDir;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

use common::fixtures::{
    at, consent, flip, gallery_votes, note, participant as person, pick, record_script, step,
};

const ID: &str = "2026-11-29-little-snoring";
const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

// Private things: none of these may ever reach the wall.
const LOCATION: &str = "Little Snoring, Norfolk";
const MODERATOR: &str = "Jo Marchbanks";
const PROFILE_NOTES: &str = "Room booked until nine; tea urn broken.";
const PEOPLE: [&str; 3] = ["Zebedee", "Quentina", "Hortensia"];
const DESCRIPTOR: &str = "retired lighthouse keeper";
const ETHNICITY: &str = "Afro-Caribbean";
const NOTE_1: &str = "Zebedee arrived twenty minutes late.";
const QUOTE_1: &str = "I'd never trust the council with my money.";
const NOTE_2: &str = "Hortensia quiet until the gallery.";
const QUOTE_2: &str = "A budget of my own would change everything.";
const REASON: &str = "Quentina argued for it with feeling.";
const TOP_TIP: &str = "Fix the buses before anything else.";
const SERVICES: &str = "Buses and the surgery";

/// Everything public the pack shows: titles, posters, the values slide.
fn public_text(pack: &Pack) -> String {
    let mut s = String::new();
    for i in &pack.ideas {
        for t in [&i.title, &i.summary, &i.description] {
            s.push_str(t);
            s.push('\n');
        }
        for e in &i.examples {
            s.push_str(e);
            s.push('\n');
        }
    }
    for t in &pack.themes {
        s.push_str(&t.title);
        s.push('\n');
    }
    s.push_str(&pack.values_slide.values.join("\n"));
    for (stage, step) in pack.steps() {
        s.push_str(&format!("{}\n{}\n", stage.title, step.title));
    }
    s.to_lowercase()
}

/// Codes put on notes: two of the pack's codes that no public text holds
/// (so finding one on screen can only be a leak).
fn private_codes(pack: &Pack) -> Vec<String> {
    let public = public_text(pack);
    let codes: Vec<String> = pack
        .codes
        .iter()
        .filter(|c| !public.contains(c.as_str()))
        .take(2)
        .cloned()
        .collect();
    assert!(!codes.is_empty(), "every code is in some public text");
    codes
}

/// A whole group full of private things, with fixed timestamps.
fn group(pack: &Pack) -> Vec<EventRecord> {
    let profile = GroupProfile {
        location: LOCATION.into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
        age_band: "40-64".into(),
        social_grade: "C2DE".into(),
        moderator: MODERATOR.into(),
        notes: PROFILE_NOTES.into(),
        ..Default::default()
    };
    let owned = private_codes(pack);
    let codes: Vec<&str> = owned.iter().map(String::as_str).collect();
    let mut s = Session::from_events(
        pack,
        vec![Session::created_event(ID, "full", pack, profile, at(0))],
    );
    let mut zeb = person(1, PEOPLE[0], "Male", "65+");
    zeb.ethnicity = Some(ETHNICITY.into());
    zeb.descriptors = vec![DESCRIPTOR.into()];
    let mut script: Vec<(i64, Event)> = vec![
        (60, Event::ParticipantAdded { participant: zeb }),
        (
            70,
            Event::ParticipantAdded {
                participant: person(2, PEOPLE[1], "Female", "18-30"),
            },
        ),
        (
            80,
            Event::ParticipantAdded {
                participant: person(3, PEOPLE[2], "Female", "40-64"),
            },
        ),
        (90, consent(1, true)),
        (95, consent(2, true)),
        (100, consent(3, true)),
        (300, Event::Started),
        (300, step("arrival")),
        (
            420,
            note(1, NoteKind::Note, "arrival", None, Some(1), NOTE_1, &codes),
        ),
        (900, step("capabilities")),
        (930, flip("capabilities", "Health")),
        (960, flip("capabilities", "Family and friends")),
        (990, flip("capabilities", "Somewhere to live")),
        (
            1020,
            note(
                2,
                NoteKind::Quote,
                "capabilities",
                None,
                Some(2),
                QUOTE_1,
                &codes,
            ),
        ),
        (
            1080,
            Event::ProbeTicked {
                step: "capabilities".into(),
                section: None,
                probe: 0,
                covered: true,
            },
        ),
        (1200, step("life-stage")),
        (1500, step("assistance")),
        (1800, step("why-public-services")),
        (1830, flip("why-public-services", "A safety net")),
        (2100, step("are-they-important")),
        (2400, step("gallery")),
        (
            2450,
            note(3, NoteKind::Note, "gallery", None, Some(3), NOTE_2, &codes),
        ),
    ];
    script.extend(gallery_votes());
    script.extend(vec![
        (2840, pick(3, 6, PickKind::Joker, 8, Some(REASON))),
        (3000, step("discuss-a-1")),
        (
            3100,
            note(
                4,
                NoteKind::Quote,
                "discuss-a-1",
                None,
                Some(1),
                QUOTE_2,
                &codes,
            ),
        ),
        (
            3300,
            Event::Rated {
                idea: Some(4),
                scale: Scale::Desirable,
                value: Some(7),
                dont_know: false,
            },
        ),
        (3600, Event::Closed),
        (3900, Event::Opened { recovered: None }),
        (4500, step("discuss-b-1")),
        (5100, step("discuss-a-2")),
        (6000, step("discuss-b-2")),
        (6600, step("discuss-a-3")),
        (7500, step("discuss-b-3")),
        (8100, step("change")),
        (
            8200,
            Event::Stage3Answered {
                participant: 1,
                answer: Stage3Answer {
                    services: SERVICES.into(),
                    top_tip: TOP_TIP.into(),
                    ..Default::default()
                },
            },
        ),
        (8700, Event::Finished),
    ]);
    record_script(pack, &mut s, script, |_| {});
    s.events().to_vec()
}

/// The session as it stood `secs` in.
fn upto(pack: &Pack, events: &[EventRecord], secs: i64) -> Session {
    let evs: Vec<EventRecord> = events
        .iter()
        .filter(|e| e.at <= at(secs))
        .cloned()
        .collect();
    Session::from_events(pack, evs)
}

fn render(p: &Projection, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw(f, p)).unwrap();
    terminal.backend().to_string()
}

fn snap(name: &str, p: &Projection) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(p, w, h));
    }
}

/// The projection at `secs` into the group.
fn at_moment(pack: &Pack, events: &[EventRecord], secs: i64) -> Projection {
    project(pack, Some(&upto(pack, events, secs)), at(secs))
}

#[test]
fn waiting_welcome_and_finished() {
    let pack = embedded();
    let events = group(&pack);
    let p = project(&pack, None, at(0));
    assert!(matches!(p.body, Body::Waiting(_)));
    snap("waiting", &p);

    let p = at_moment(&pack, &events, 200);
    assert_eq!(p.body, Body::Welcome);
    assert!(p.countdown.is_none());
    snap("welcome", &p);

    let p = at_moment(&pack, &events, 9000);
    assert_eq!(p.body, Body::Finished);
    snap("finished", &p);
}

#[test]
fn a_plain_step_is_the_title_and_big_digits() {
    let pack = embedded();
    let events = group(&pack);
    // Life stage, 1:15 in: 3:45 left.
    let p = at_moment(&pack, &events, 1275);
    assert_eq!(p.step, "Life stage");
    assert_eq!(p.body, Body::Plain);
    assert_eq!(p.countdown.as_ref().unwrap().remaining, 225);
    snap("plain_life_stage", &p);
    let big = render(&p, 160, 48);
    assert!(
        big.contains(&"█".repeat(12)),
        "the digits are not big at 160×48\n{big}"
    );
    assert!(big.contains("● left"), "{big}");

    // Overrun: 5:30 in a 5-minute step.
    // (Assistance began at 1500: take the session before it.)
    let before: Vec<EventRecord> = events.iter().filter(|e| e.at < at(1500)).cloned().collect();
    let p_over = project(&pack, Some(&Session::from_events(&pack, before)), at(1530));
    assert_eq!(p_over.step, "Life stage");
    assert_eq!(p_over.countdown.as_ref().unwrap().remaining, -30);
    let text = render(&p_over, 80, 24);
    assert!(text.contains("over time"), "{text}");
    insta::assert_snapshot!("over_time_80x24", text);
}

#[test]
fn stage_1_flipchart_then_values_slide() {
    let pack = embedded();
    let events = group(&pack);
    // Capabilities, 1:40 in: the flip chart as the moderator fills it.
    let p = at_moment(&pack, &events, 1000);
    assert_eq!(p.stage, "Stage 1: Establishing Values");
    assert_eq!(p.step, "Capabilities");
    assert_eq!(
        p.body,
        Body::Flipchart(vec![
            "Health".into(),
            "Family and friends".into(),
            "Somewhere to live".into()
        ])
    );
    snap("stage1_flipchart", &p);

    // After the moderator ticks the first probe (asked about the slide).
    let p = at_moment(&pack, &events, 1090);
    let Body::ValuesSlide {
        title,
        values,
        flipchart,
    } = &p.body
    else {
        panic!("{:?}", p.body)
    };
    assert_eq!(title, "Values: Emerging Findings");
    assert_eq!(values.len(), 7);
    assert_eq!(flipchart.len(), 3);
    snap("stage1_values_slide", &p);
}

#[test]
fn the_slide_also_comes_up_late_in_the_step_without_a_tick() {
    let pack = embedded();
    let events: Vec<EventRecord> = group(&pack)
        .into_iter()
        .filter(|e| !matches!(e.event, Event::ProbeTicked { .. }))
        .collect();
    assert!(matches!(
        at_moment(&pack, &events, 900 + 170).body,
        Body::Flipchart(_)
    ));
    assert!(matches!(
        at_moment(&pack, &events, 900 + 180).body,
        Body::ValuesSlide { .. }
    ));
}

#[test]
fn gallery_wall_then_tally_and_picks() {
    let pack = embedded();
    let events = group(&pack);
    let p = at_moment(&pack, &events, 2500);
    let Body::Wall { themes, picks } = &p.body else {
        panic!("{:?}", p.body)
    };
    assert_eq!(themes.iter().map(|t| t.ideas.len()).sum::<usize>(), 9);
    assert!(picks.is_empty());
    snap("gallery_wall", &p);
    // Counted but not revealed: still the wall.
    assert!(matches!(
        at_moment(&pack, &events, 2750).body,
        Body::Wall { .. }
    ));

    let p = at_moment(&pack, &events, 2850);
    let Body::Tally { rows, picks, .. } = &p.body else {
        panic!("{:?}", p.body)
    };
    assert_eq!(rows.iter().map(|r| r.counts[0]).sum::<u32>(), 6);
    assert_eq!(
        picks.iter().map(|p| p.number).collect::<Vec<_>>(),
        [4, 2, 6]
    );
    snap("gallery_tally_picks", &p);
}

#[test]
fn a_discussion_shows_its_poster() {
    let pack = embedded();
    let events = group(&pack);
    let p = at_moment(&pack, &events, 3150);
    let Body::Poster(poster) = &p.body else {
        panic!("{:?}", p.body)
    };
    assert_eq!(poster.number, 4);
    assert_eq!(poster.why, "Most popular");
    snap("discussion_poster", &p);
    // The longest poster, in part b.
    let p = at_moment(&pack, &events, 7600);
    let Body::Poster(poster) = &p.body else {
        panic!("{:?}", p.body)
    };
    assert_eq!(poster.number, 6);
    snap("discussion_poster_longest", &p);
    // While the app is closed: back in a moment.
    let p = at_moment(&pack, &events, 3700);
    assert_eq!(p.body, Body::Away);
    assert!(p.countdown.is_none());
    snap("away", &p);
}

#[test]
fn any_size_from_small_to_large_draws_without_garbage() {
    let pack = embedded();
    let events = group(&pack);
    for secs in [200, 1000, 1090, 1275, 2500, 2850, 3150, 7600, 9000] {
        let p = at_moment(&pack, &events, secs);
        for (w, h) in [(30, 8), (40, 12), (80, 24), (100, 30), (200, 60), (300, 90)] {
            let text = render(&p, w, h);
            assert!(!text.contains("too small"), "{secs}s at {w}x{h}\n{text}");
        }
        assert!(render(&p, 29, 8).contains("too small"));
    }
}

/// Every string in a projection.
fn strings(p: &Projection) -> Vec<String> {
    let mut out = vec![p.stage.clone(), p.step.clone()];
    match &p.body {
        Body::Waiting(m) | Body::Choosing(m) => out.push(m.clone()),
        Body::Flipchart(v) => out.extend(v.iter().cloned()),
        Body::ValuesSlide {
            title,
            values,
            flipchart,
        } => {
            out.push(title.clone());
            out.extend(values.iter().cloned());
            out.extend(flipchart.iter().cloned());
        }
        Body::Wall { themes, picks } => {
            for t in themes {
                out.push(t.title.clone());
                for i in &t.ideas {
                    out.push(i.title.clone());
                    out.push(i.summary.clone());
                }
            }
            out.extend(picks.iter().flat_map(|p| [p.why.clone(), p.title.clone()]));
        }
        Body::Tally { rows, picks, .. } => {
            out.extend(rows.iter().map(|r| r.title.clone()));
            out.extend(picks.iter().flat_map(|p| [p.why.clone(), p.title.clone()]));
        }
        Body::Poster(p) => {
            out.extend([
                p.theme.clone(),
                p.title.clone(),
                p.description.clone(),
                p.why.clone(),
            ]);
            out.extend(p.examples.iter().cloned());
        }
        Body::Welcome | Body::Away | Body::Plain | Body::Finished => {}
    }
    out
}

/// The moderator's prompts: the guide's questions, probes, notes and
/// activities, the idea-specific probes and the values slide's line.
fn prompts(pack: &Pack) -> Vec<String> {
    let mut out = vec![pack.values_slide.intro.clone()];
    for (_, s) in pack.steps() {
        out.extend(
            s.questions
                .iter()
                .chain(&s.probes)
                .chain(&s.notes)
                .chain(&s.activity)
                .cloned(),
        );
        for sec in &s.sections {
            out.extend(sec.questions.iter().chain(&sec.probes).cloned());
        }
    }
    for i in &pack.ideas {
        out.extend(i.probes.iter().cloned());
    }
    // A question that is also a step's title ("Why do we have public
    // services?") is public as the title.
    let public = public_text(pack);
    out.retain(|p| p.chars().count() >= 12 && !public.contains(&p.to_lowercase()));
    out
}

#[test]
fn nothing_private_reaches_the_projection_or_the_screen() {
    let pack = embedded();
    let events = group(&pack);
    let codes = private_codes(&pack);
    let mut private: Vec<String> = [
        LOCATION,
        MODERATOR,
        PROFILE_NOTES,
        DESCRIPTOR,
        ETHNICITY,
        NOTE_1,
        QUOTE_1,
        NOTE_2,
        QUOTE_2,
        REASON,
        TOP_TIP,
        SERVICES,
        "Kent",
        "Norfolk",
        "Snoring",
        ID,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    private.extend(PEOPLE.iter().map(|s| s.to_string()));
    private.extend(codes.iter().cloned());
    let prompts = prompts(&pack);
    // Every moment of the session: each event, and half a minute after it.
    let mut moments: Vec<i64> = events
        .iter()
        .map(|e| (e.at - at(0)).num_seconds())
        .collect();
    moments.extend(moments.clone().iter().map(|s| s + 30));
    moments.push(99_999);
    let mut bodies = std::collections::BTreeSet::new();
    for secs in moments {
        let p = at_moment(&pack, &events, secs);
        bodies.insert(format!("{:?}", std::mem::discriminant(&p.body)));
        let all = strings(&p).join("\n");
        for s in private.iter().chain(&prompts) {
            assert!(
                !all.contains(s.as_str()),
                "{s:?} is in the projection at {secs}s:\n{p:#?}"
            );
        }
        for (w, h) in SIZES {
            let screen = render(&p, w, h);
            for s in &private {
                assert!(
                    !screen.contains(s.as_str()),
                    "{s:?} is on the {w}×{h} screen at {secs}s:\n{screen}"
                );
            }
            for s in &prompts {
                // A prompt would be wrapped: look for its first words.
                let head: String = s.chars().take(20).collect();
                assert!(
                    !screen.contains(&head),
                    "prompt {s:?} is on the {w}×{h} screen at {secs}s:\n{screen}"
                );
            }
        }
    }
    // Every kind of view was checked.
    assert!(bodies.len() >= 9, "{bodies:?}");
}

#[test]
fn the_follower_moves_with_the_files_and_survives_a_quit_and_resume() {
    let pack = embedded();
    let events = group(&pack);
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    let mut follower = Follower::new(&dir, &pack, None).unwrap();
    follower.poll();
    assert!(follower.session().is_none());
    assert!(matches!(
        projection_of(&follower, &pack, at(0)).body,
        Body::Waiting(_)
    ));

    // The moderator creates the group: the roster, not started.
    let upto = |secs: i64| events.iter().filter(move |e| e.at <= at(secs));
    let first: Vec<EventRecord> = upto(200).cloned().collect();
    let open = dir.create(ID, &first).unwrap();
    assert!(follower.poll(), "a new session was not noticed");
    assert_eq!(follower.id(), Some(ID));
    assert_eq!(projection_of(&follower, &pack, at(200)).body, Body::Welcome);
    assert!(
        !follower.poll(),
        "nothing changed, yet the follower read again"
    );

    // The guide starts and Capabilities fills the flip chart.
    for rec in upto(1000).skip(first.len()) {
        open.writer.append(rec);
    }
    open.writer.flush();
    assert!(follower.poll());
    let p = projection_of(&follower, &pack, at(1000));
    assert_eq!(p.step, "Capabilities");
    assert_eq!(
        p.body,
        Body::Flipchart(vec![
            "Health".into(),
            "Family and friends".into(),
            "Somewhere to live".into()
        ])
    );

    // The moderator quits (the app records Closed and closes the files).
    let mut s = Session::from_events(&pack, upto(1000).cloned().collect());
    let closed = s.record(&pack, Event::Closed, at(1010)).unwrap();
    open.writer.append(&closed);
    open.close().unwrap();
    assert!(follower.poll());
    assert_eq!(projection_of(&follower, &pack, at(1010)).body, Body::Away);

    // ... and resumes: the projector carries on.
    let reopened = dir.open(ID).unwrap();
    let rec = s
        .record(&pack, Event::Opened { recovered: None }, at(1040))
        .unwrap();
    reopened.writer.append(&rec);
    let rec = s
        .record(
            &pack,
            Event::ProbeTicked {
                step: "capabilities".into(),
                section: None,
                probe: 0,
                covered: true,
            },
            at(1050),
        )
        .unwrap();
    reopened.writer.append(&rec);
    reopened.writer.flush();
    assert!(follower.poll());
    assert!(matches!(
        projection_of(&follower, &pack, at(1050)).body,
        Body::ValuesSlide { .. }
    ));

    // It finishes: the wall thanks the group and stays on it.
    let rec = s.record(&pack, Event::Finished, at(1100)).unwrap();
    reopened.writer.append(&rec);
    reopened.close().unwrap();
    assert!(follower.poll());
    assert_eq!(
        projection_of(&follower, &pack, at(1100)).body,
        Body::Finished
    );
    assert!(!follower.poll());

    // Another group starts later: followed.
    // The sleep is the test: time passes, so the new files are the newer.
    std::thread::sleep(StdDuration::from_millis(20));
    let other = "2026-11-30-second-group";
    let mut next = Session::from_events(
        &pack,
        vec![Session::created_event(
            other,
            "mini",
            &pack,
            GroupProfile::default(),
            at(90_000),
        )],
    );
    let created = next.events().to_vec();
    dir.create(other, &created).unwrap().close().unwrap();
    assert!(follower.poll());
    assert_eq!(follower.id(), Some(other));
    let _ = next.record(&pack, Event::Started, at(90_100));

    // Asked for by name, the first group is followed whatever else changes.
    let mut fixed = Follower::new(&dir, &pack, Some("2026-11-29")).unwrap();
    fixed.poll();
    assert_eq!(fixed.id(), Some(ID));

    // Sessions untouched for more than 12 hours are not picked up.
    let mut later = Follower::new(&dir, &pack, None).unwrap();
    later.poll_at(SystemTime::now() + StdDuration::from_secs(13 * 3600));
    assert!(later.session().is_none());
}

#[test]
fn an_unreadable_session_says_so_and_recovers() {
    let pack = embedded();
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path());
    let events = group(&pack);
    dir.create(ID, &events[..3]).unwrap().close().unwrap();
    let mut follower = Follower::new(&dir, &pack, Some(ID)).unwrap();
    assert!(follower.poll());
    assert_eq!(projection_of(&follower, &pack, at(200)).body, Body::Welcome);
    // A damaged journal line in the middle: the last good reading stays
    // and the problem is kept.
    let journal = tmp.path().join(format!("{ID}.journal"));
    let good = std::fs::read_to_string(&journal).unwrap();
    std::fs::write(&journal, format!("{{\"seq\": oops}}\n{good}")).unwrap();
    assert!(follower.poll());
    assert!(
        follower
            .problem()
            .is_some_and(|p| p.contains(".journal:1:")),
        "{:?}",
        follower.problem()
    );
    assert_eq!(projection_of(&follower, &pack, at(200)).body, Body::Welcome);
    std::fs::write(&journal, good).unwrap();
    assert!(follower.poll());
    assert!(follower.problem().is_none());
}

/// A poster shown in the gallery, before any pick, says no reason: its
/// top line ends with the theme, not with a dangling "·".
#[test]
fn a_poster_not_picked_has_no_trailing_dot() {
    use facilitator::domain::event::Shown;
    let pack = embedded();
    let events = group(&pack);
    let mut s = upto(&pack, &events, 2500);
    s.record(
        &pack,
        Event::Showing {
            shown: Some(Shown::Poster { idea: 9 }),
        },
        at(2501),
    )
    .unwrap();
    let p = project(&pack, Some(&s), at(2501));
    let Body::Poster(poster) = &p.body else {
        panic!("{:?}", p.body)
    };
    assert!(poster.why.is_empty(), "{poster:?}");
    for (w, h) in SIZES {
        let text = render(&p, w, h);
        let top = text
            .lines()
            .find(|l| l.contains("Idea 9 of 9"))
            .unwrap_or_else(|| panic!("no top line\n{text}"));
        let top = top.trim_matches('"').trim_end();
        assert!(!top.ends_with('·'), "{top:?}");
        assert!(top.ends_with("Theme C: Local decision-making"), "{top:?}");
    }
}
