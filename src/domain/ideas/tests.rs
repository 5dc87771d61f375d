//! Tests of the idea rules.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::event::schema1::Stage3Answer;
use crate::domain::event::{AnswerValue, Answers};
use crate::domain::profile::{GroupProfile, Participant};
use crate::domain::session::Session;
use crate::stimulus::embedded;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 18, 0, 0)
        .single()
        .unwrap()
}

/// A session of plan `plan` with participants 1..=people.
fn group(pack: &Pack, id: &str, plan: &str, people: u32) -> Session {
    let profile = GroupProfile {
        location: "Ashford, Kent".into(),
        date: NaiveDate::from_ymd_opt(2026, 11, 29),
        ..Default::default()
    };
    let first = Session::created_event(id, plan, pack, profile, t0());
    let mut s = Session::from_events(pack, vec![first]);
    for i in 1..=people {
        let participant = Participant {
            id: i,
            label: format!("P{i}"),
            ..Default::default()
        };
        ok(&mut s, pack, Event::ParticipantAdded { participant });
    }
    s
}

fn ok(s: &mut Session, pack: &Pack, ev: Event) {
    if let Err(e) = s.record(pack, ev.clone(), t0()) {
        panic!("{ev:?} was refused: {e}");
    }
}

/// The refusal message; the state is checked to be unchanged.
fn refused(s: &mut Session, pack: &Pack, ev: Event) -> String {
    let before = s.state().clone();
    let msg = match s.record(pack, ev.clone(), t0()) {
        Ok(_) => panic!("{ev:?} should be refused"),
        Err(e) => e.0,
    };
    assert_eq!(s.state(), &before);
    assert!(msg.ends_with('.'), "a sentence: {msg}");
    msg
}

fn poster(idea: u32, green: u32, red: u32) -> Event {
    Event::PosterCounted {
        idea,
        counts: crate::domain::event::Counts::green_red(green, red),
    }
}

fn placed(participant: u32, green: &[u32], red: Option<u32>) -> Event {
    Event::StickersPlaced {
        participant,
        votes: crate::domain::event::Placement::green_red(green.to_vec(), red),
    }
}

fn pick(slot: u32, idea: u32, suggested: u32, reason: Option<&str>) -> Event {
    Event::IdeaPicked {
        slot,
        idea,
        kind: kind_of_slot(&embedded(), slot).unwrap_or(PickKind::Joker),
        rule: "rule".into(),
        counts: "counts".into(),
        suggested,
        reason: reason.map(str::to_string),
    }
}

fn away(participant: u32) -> Event {
    Event::Presence {
        participant,
        present: false,
    }
}

/// Coverage where idea i was discussed by n[i] earlier groups.
fn cov(counts: &[(u32, usize)]) -> Coverage {
    let mut c = Coverage::default();
    for (idea, n) in counts {
        let list = (0..*n)
            .map(|k| Discussed {
                session: format!("g{k}"),
                location: "Oxford".into(),
                date: None,
                kind: PickKind::Popular,
                overridden: false,
            })
            .collect();
        c.by_idea.insert(*idea, list);
    }
    c
}

// -- checks: per poster ------------------------------------------------

#[test]
fn poster_counts_beyond_one_sticker_each_per_idea_are_refused() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 4);
    ok(&mut s, &pack, poster(1, 4, 4));
    let m = refused(&mut s, &pack, poster(2, 5, 0));
    assert_eq!(
        m,
        "Idea 2 cannot have 5 green stickers: 4 participants are present, and nobody puts both greens on one idea."
    );
    let m = refused(&mut s, &pack, poster(2, 0, 5));
    assert!(
        m.contains("5 red stickers") && m.contains("4 participants"),
        "{m}"
    );
    let m = refused(&mut s, &pack, poster(10, 1, 0));
    assert_eq!(m, "There is no idea 10 in the pack.");
    let m = refused(&mut s, &pack, poster(0, 1, 0));
    assert!(m.contains("no idea 0"), "{m}");
}

#[test]
fn poster_totals_beyond_the_stickers_of_those_present_are_refused() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 4);
    ok(&mut s, &pack, poster(1, 4, 2));
    ok(&mut s, &pack, poster(2, 4, 2));
    // Greens: 8 of 8 placed; one more anywhere is too many.
    let m = refused(&mut s, &pack, poster(3, 1, 0));
    assert!(
        m.contains("9 green stickers") && m.contains("8 at most"),
        "{m}"
    );
    // Reds: 4 of 4 placed.
    let m = refused(&mut s, &pack, poster(3, 0, 1));
    assert!(
        m.contains("5 red stickers") && m.contains("4 at most"),
        "{m}"
    );
    // Re-counting a poster replaces its count: 4 → 3 → 4 stays within.
    ok(&mut s, &pack, poster(1, 3, 1));
    ok(&mut s, &pack, poster(3, 1, 1));
    ok(&mut s, &pack, poster(3, 0, 0));
    ok(&mut s, &pack, poster(1, 4, 2));
    let t = tally(&pack, s.state());
    assert_eq!(
        (t.colours[0].placed, t.colours[1].placed, t.voters),
        (8, 4, 4)
    );
    assert!(t.problems().is_empty());
}

#[test]
fn nobody_present_means_no_stickers() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 0);
    let m = refused(&mut s, &pack, poster(1, 1, 0));
    assert!(m.contains("Nobody is marked present"), "{m}");
    ok(&mut s, &pack, poster(1, 0, 0));
}

#[test]
fn someone_who_left_before_voting_lowers_the_limits() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 4);
    ok(&mut s, &pack, away(4));
    let m = refused(&mut s, &pack, poster(1, 4, 0));
    assert!(m.contains("3 participants are present"), "{m}");
    ok(&mut s, &pack, poster(1, 3, 3));
    ok(&mut s, &pack, poster(2, 3, 0));
    let m = refused(&mut s, &pack, poster(3, 1, 0));
    assert!(
        m.contains("7 green stickers") && m.contains("6 at most"),
        "{m}"
    );
    // Back in the room: the limits rise again.
    ok(
        &mut s,
        &pack,
        Event::Presence {
            participant: 4,
            present: true,
        },
    );
    ok(&mut s, &pack, poster(3, 2, 1));
    // Leaving after the count: their stickers are on the posters, so
    // they still count at the vote and nothing is over the limit.
    ok(&mut s, &pack, away(4));
    let t = tally(&pack, s.state());
    assert_eq!(t.voters, 4);
    assert!(t.problems().is_empty(), "{:?}", t.problems());
    // A recount while they are out is checked against them too.
    ok(&mut s, &pack, poster(3, 2, 1));
    // Taken off the roster: the tally says what no longer fits, and
    // lowering counts is still allowed.
    ok(&mut s, &pack, Event::ParticipantRemoved { id: 4 });
    let t = tally(&pack, s.state());
    assert_eq!(t.voters, 3);
    assert_eq!(t.problems().len(), 2, "{:?}", t.problems());
    ok(&mut s, &pack, poster(3, 1, 0));
    ok(&mut s, &pack, poster(3, 0, 0));
    assert!(tally(&pack, s.state()).problems().is_empty());
}

// -- checks: per participant -------------------------------------------

#[test]
fn per_participant_stickers_are_checked() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 3);
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: StickerMode::PerParticipant,
        },
    );
    let m = refused(&mut s, &pack, placed(9, &[1], None));
    assert_eq!(m, "There is no participant 9 on the roster.");
    let m = refused(&mut s, &pack, placed(1, &[1, 2, 3], None));
    assert_eq!(m, "Each participant has two green stickers, not 3.");
    let m = refused(&mut s, &pack, placed(1, &[4, 4], Some(2)));
    assert_eq!(
        m,
        "Both green stickers of participant 1 (P1) are on idea 4: the two greens go on two different ideas."
    );
    let m = refused(&mut s, &pack, placed(1, &[4, 12], None));
    assert_eq!(m, "There is no idea 12 in the pack.");
    let m = refused(&mut s, &pack, placed(1, &[4], Some(0)));
    assert_eq!(m, "There is no idea 0 in the pack.");
    ok(&mut s, &pack, Event::ParticipantRemoved { id: 3 });
    let m = refused(&mut s, &pack, placed(3, &[1], None));
    assert_eq!(m, "There is no participant 3 on the roster.");
    ok(&mut s, &pack, away(2));
    let m = refused(&mut s, &pack, placed(2, &[1], None));
    assert_eq!(
        m,
        "Participant 2 (P2) is marked as out of the room: only those present place stickers."
    );
    // Abstaining, in part or whole, is fine; a red on a green idea too.
    ok(&mut s, &pack, placed(1, &[], None));
    ok(&mut s, &pack, placed(1, &[5], None));
    ok(&mut s, &pack, placed(1, &[5, 6], Some(5)));
}

#[test]
fn per_participant_tally_counts_only_those_present() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 4);
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: StickerMode::PerParticipant,
        },
    );
    ok(&mut s, &pack, placed(1, &[1, 2], Some(3)));
    ok(&mut s, &pack, placed(2, &[1, 3], Some(3)));
    ok(&mut s, &pack, placed(4, &[2, 9], Some(1)));
    // Placing again replaces.
    ok(&mut s, &pack, placed(2, &[1, 4], Some(3)));
    let t = tally(&pack, s.state());
    assert_eq!(t.colours[0].per_idea.len(), 9);
    assert_eq!(
        (
            t.count(0, 1),
            t.count(0, 2),
            t.count(0, 3),
            t.count(0, 4),
            t.count(0, 9)
        ),
        (2, 2, 0, 1, 1)
    );
    assert_eq!((t.count(1, 3), t.count(1, 1)), (2, 1));
    assert_eq!(
        (t.colours[0].placed, t.colours[1].placed, t.voters),
        (6, 3, 4)
    );
    assert_eq!(stickers_left(&pack, s.state()), vec![(3, vec![2, 1])]);
    assert_eq!(not_yet_recorded(s.state()), vec![3]);
    // Participant 4 leaves after voting: their stickers still count.
    ok(&mut s, &pack, away(4));
    let t = tally(&pack, s.state());
    assert_eq!((t.count(0, 2), t.count(0, 9), t.count(1, 1)), (2, 1, 1));
    assert_eq!(
        (t.colours[0].placed, t.colours[1].placed, t.voters),
        (6, 3, 4)
    );
    // Participant 3 leaves before voting: not counted at the vote.
    ok(&mut s, &pack, away(3));
    assert_eq!(tally(&pack, s.state()).voters, 3);
    assert!(stickers_left(&pack, s.state()).is_empty());
    ok(
        &mut s,
        &pack,
        Event::Presence {
            participant: 3,
            present: true,
        },
    );
    ok(&mut s, &pack, placed(3, &[7], None));
    assert_eq!(stickers_left(&pack, s.state()), vec![(3, vec![1, 1])]);
    assert!(not_yet_recorded(s.state()).is_empty());
}

#[test]
fn the_tally_uses_the_current_mode_only() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 3);
    ok(&mut s, &pack, poster(5, 3, 1));
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: StickerMode::PerParticipant,
        },
    );
    ok(&mut s, &pack, placed(1, &[2], Some(8)));
    let t = tally(&pack, s.state());
    assert_eq!((t.count(0, 5), t.count(0, 2), t.count(1, 8)), (0, 1, 1));
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: StickerMode::PerPoster,
        },
    );
    let t = tally(&pack, s.state());
    assert_eq!(
        (t.count(0, 5), t.count(0, 2), t.count(1, 8), t.count(1, 5)),
        (3, 0, 0, 1)
    );
    assert_eq!(
        t.colours[0].per_idea.keys().copied().collect::<Vec<_>>(),
        (1..=9).collect::<Vec<_>>()
    );
}

#[test]
fn tally_and_mode_switches_are_always_allowed() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 0);
    ok(&mut s, &pack, Event::TallyRevealed { shown: true });
    ok(&mut s, &pack, Event::TallyRevealed { shown: true });
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: StickerMode::PerParticipant,
        },
    );
    ok(
        &mut s,
        &pack,
        Event::StickerModeSet {
            mode: StickerMode::PerParticipant,
        },
    );
    assert!(s.state().tally_shown);
}

#[test]
fn stickers_can_be_corrected_after_the_picks() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 3);
    ok(&mut s, &pack, poster(1, 3, 0));
    ok(&mut s, &pack, pick(1, 1, 1, None));
    ok(&mut s, &pack, poster(1, 2, 0));
    ok(&mut s, &pack, poster(2, 3, 0));
    assert_eq!(s.state().idea_in_slot(1), Some(1));
    let now = suggest(&pack, s.state(), &Coverage::default(), PickKind::Popular);
    assert_eq!(now.idea, Some(2));
}

// -- checks: picks, ratings, equity, stage 3 -----------------------------

#[test]
fn picks_are_checked() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 3);
    let m = refused(&mut s, &pack, pick(0, 1, 1, None));
    assert_eq!(m, "This group discusses 3 ideas, so there is no slot 0.");
    let m = refused(&mut s, &pack, pick(4, 1, 1, None));
    assert_eq!(m, "This group discusses 3 ideas, so there is no slot 4.");
    let m = refused(&mut s, &pack, pick(1, 10, 10, None));
    assert_eq!(m, "There is no idea 10 in the pack.");
    ok(&mut s, &pack, pick(1, 4, 4, None));
    // The same slot again replaces the pick, even with the same idea.
    ok(&mut s, &pack, pick(1, 4, 4, None));
    let m = refused(&mut s, &pack, pick(2, 4, 4, None));
    assert_eq!(m, "Idea 4 is already picked for slot 1.");
    let m = refused(&mut s, &pack, pick(2, 7, 3, None));
    assert_eq!(
        m,
        "Idea 3 was suggested: say why the group chose idea 7 instead."
    );
    refused(&mut s, &pack, pick(2, 7, 3, Some("   ")));
    ok(
        &mut s,
        &pack,
        pick(2, 7, 3, Some("They wanted to talk about it.")),
    );
    assert_eq!(
        s.state().picks[&2].reason.as_deref(),
        Some("They wanted to talk about it.")
    );
    ok(&mut s, &pack, pick(3, 9, 9, None));
    // Fewer ideas for this group: slot 3 goes, and its idea is free.
    ok(&mut s, &pack, Event::IdeasPlanned { count: 2 });
    let m = refused(&mut s, &pack, pick(3, 1, 1, None));
    assert_eq!(m, "This group discusses 2 ideas, so there is no slot 3.");
    ok(&mut s, &pack, pick(2, 9, 9, None));
}

#[test]
fn a_mini_group_has_two_slots() {
    let pack = embedded();
    let mut s = group(&pack, "g", "mini", 3);
    ok(&mut s, &pack, pick(2, 1, 1, None));
    let m = refused(&mut s, &pack, pick(3, 2, 2, None));
    assert!(m.contains("2 ideas"), "{m}");
    ok(&mut s, &pack, Event::IdeasPlanned { count: 1 });
    let m = refused(&mut s, &pack, pick(2, 2, 2, None));
    assert_eq!(m, "This group discusses 1 idea, so there is no slot 2.");
}

#[test]
fn ratings_are_checked_and_read_back() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 0);
    for value in [0, 11, 255] {
        let m = refused(
            &mut s,
            &pack,
            Event::Rated {
                idea: Some(1),
                scale: Scale::Desirable,
                value: Some(value),
                dont_know: false,
            },
        );
        assert_eq!(m, "Ratings go from 1 to 10.");
    }
    let m = refused(
        &mut s,
        &pack,
        Event::Rated {
            idea: Some(10),
            scale: Scale::Desirable,
            value: Some(5),
            dont_know: false,
        },
    );
    assert_eq!(m, "There is no idea 10 in the pack.");
    ok(
        &mut s,
        &pack,
        Event::Rated {
            idea: Some(1),
            scale: Scale::Desirable,
            value: Some(1),
            dont_know: false,
        },
    );
    ok(
        &mut s,
        &pack,
        Event::Rated {
            idea: Some(1),
            scale: Scale::Equitable,
            value: Some(10),
            dont_know: false,
        },
    );
    ok(
        &mut s,
        &pack,
        Event::Rated {
            idea: Some(1),
            scale: Scale::Equitable,
            value: Some(7),
            dont_know: false,
        },
    );
    assert_eq!(rating(s.state(), 1, &Scale::Desirable), Some(1));
    assert_eq!(rating(s.state(), 1, &Scale::Equitable), Some(7));
    assert_eq!(rating(s.state(), 1, &Scale::Achievable), None);
    assert_eq!(rating(s.state(), 2, &Scale::Desirable), None);
}

#[test]
fn equity_dimensions_come_from_the_pack() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 0);
    let tick = |idea: u32, d: &str| Event::EquityTicked {
        idea,
        dimension: d.into(),
        on: true,
    };
    ok(&mut s, &pack, tick(3, "Age"));
    ok(&mut s, &pack, tick(3, "Geography"));
    let m = refused(&mut s, &pack, tick(3, "Height"));
    assert_eq!(
        m,
        "\"Height\" is not one of the pack's equity dimensions (Age, SEG, Ethnicity, Gender, Geography)."
    );
    let m = refused(&mut s, &pack, tick(11, "Age"));
    assert_eq!(m, "There is no idea 11 in the pack.");
    assert_eq!(s.state().equity[&3].len(), 2);
}

#[test]
fn stage3_answers_need_someone_on_the_roster() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 2);
    let tip = Answers::from([(
        "top_tip".to_string(),
        Some(AnswerValue::Text("Listen.".into())),
    )]);
    let answer = |participant: u32| Event::answered("stage3", participant, tip.clone());
    ok(&mut s, &pack, away(1));
    ok(&mut s, &pack, answer(1));
    assert_eq!(
        refused(&mut s, &pack, answer(5)),
        "There is no participant 5 on the roster."
    );
    ok(&mut s, &pack, Event::ParticipantRemoved { id: 2 });
    assert_eq!(
        refused(&mut s, &pack, answer(2)),
        "There is no participant 2 on the roster."
    );
}

#[test]
fn stage3_answers_of_either_spelling_are_the_questionnaires_answers() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 2);
    // As sessions recorded before questionnaires were data hold them.
    let old = Event::Stage3Answered {
        participant: 1,
        answer: Stage3Answer {
            reform_needed: Some(true),
            top_tip: "Listen.".into(),
            ..Default::default()
        },
    };
    ok(&mut s, &pack, old);
    // What the app records now: the same questionnaire's answers; those
    // that fit the old spelling are spelt so (schema 1, as before).
    let yes = Answers::from([("reform_needed".to_string(), Some(AnswerValue::Yes(false)))]);
    let new = Event::answered("stage3", 2, yes.clone());
    assert!(matches!(new, Event::Stage3Answered { .. }), "{new:?}");
    ok(&mut s, &pack, new);
    let stage3 = &s.state().questionnaires["stage3"];
    assert_eq!(
        stage3[&1]["top_tip"],
        Some(AnswerValue::Text("Listen.".into()))
    );
    assert_eq!(stage3[&1]["reform_needed"], Some(AnswerValue::Yes(true)));
    assert_eq!(stage3[&2], yes);
}

#[test]
fn dont_know_is_refused_where_the_pack_offers_none() {
    let pack = embedded();
    let mut s = group(&pack, "g", "full", 2);
    let gut = Answers::from([("gut".to_string(), None)]);
    let event = Event::answered("stage3", 1, gut);
    assert!(matches!(event, Event::QuestionnaireAnswered { .. }));
    assert_eq!(
        refused(&mut s, &pack, event),
        "\"Gut reaction\" (stage3/gut) has no \"don't know\"."
    );
}

// -- picks ---------------------------------------------------------------

/// 8 present; greens 4→6, 7→6, 1→3; reds as given.
fn voted(pack: &Pack, reds: &[(u32, u32)]) -> Session {
    let mut s = group(pack, "now", "full", 8);
    ok(&mut s, pack, poster(4, 6, 0));
    ok(&mut s, pack, poster(7, 6, 0));
    ok(&mut s, pack, poster(1, 3, 0));
    for (idea, red) in reds {
        let green = s
            .state()
            .poster_counts
            .get(idea)
            .map_or(0, |c| c.get("green"));
        ok(&mut s, pack, poster(*idea, green, *red));
    }
    s
}

#[test]
fn most_popular_without_a_tie() {
    let pack = embedded();
    let mut s = voted(&pack, &[]);
    ok(&mut s, &pack, poster(7, 5, 0));
    let p = suggest(&pack, s.state(), &Coverage::default(), PickKind::Popular);
    assert_eq!(p.kind, PickKind::Popular);
    assert_eq!(p.idea, Some(4));
    assert_eq!(p.tied, vec![4]);
    assert!(!p.is_tie());
    assert_eq!(p.rule, "most green stickers");
    assert_eq!(p.counts, "green: 4→6, 7→5, 1→3");
}

#[test]
fn a_popular_tie_goes_to_the_idea_fewer_groups_discussed() {
    let pack = embedded();
    let s = voted(&pack, &[]);
    let p = suggest(&pack, s.state(), &cov(&[(4, 2), (7, 1)]), PickKind::Popular);
    assert_eq!(p.idea, Some(7));
    assert_eq!(p.tied, vec![4, 7]);
    assert_eq!(
        p.rule,
        "most green stickers (tie between 4 and 7: fewer earlier discussions first, then the lower number)"
    );
    assert_eq!(
        p.counts,
        "green: 4→6, 7→6, 1→3; earlier discussions: 4→2, 7→1"
    );
}

#[test]
fn a_popular_tie_with_equal_coverage_goes_to_the_lower_number() {
    let pack = embedded();
    let s = voted(&pack, &[]);
    let p = suggest(&pack, s.state(), &cov(&[(4, 1), (7, 1)]), PickKind::Popular);
    assert_eq!(p.idea, Some(4));
    assert_eq!(p.tied, vec![4, 7]);
    let p = suggest(&pack, s.state(), &Coverage::default(), PickKind::Popular);
    assert_eq!(p.idea, Some(4));
}

#[test]
fn most_contentious_leaves_out_the_most_popular() {
    let pack = embedded();
    // Idea 4 tops both green (tie broken to 4) and red.
    let s = voted(&pack, &[(4, 4), (2, 3), (9, 1)]);
    let c = suggest(
        &pack,
        s.state(),
        &Coverage::default(),
        PickKind::Contentious,
    );
    assert_eq!(c.idea, Some(2));
    assert_eq!(c.tied, vec![2]);
    assert_eq!(
        c.rule,
        "most red stickers, leaving out the most popular, idea 4"
    );
    // No idea with 0 is listed; the idea left out keeps its reds in view.
    assert_eq!(c.counts, "red: 2→3, 9→1 (left out: 4→4, the most popular)");
}

#[test]
fn most_contentious_leaves_out_the_idea_actually_picked_first() {
    let pack = embedded();
    let mut s = voted(&pack, &[(4, 5), (7, 2), (2, 1)]);
    // The group chose 7 over the suggested 4: 4 is back in the running.
    ok(
        &mut s,
        &pack,
        pick(
            1,
            7,
            4,
            Some("Half the group had just discussed 4 at work."),
        ),
    );
    let c = suggest(
        &pack,
        s.state(),
        &Coverage::default(),
        PickKind::Contentious,
    );
    assert_eq!(c.idea, Some(4));
    assert!(
        c.rule.contains("leaving out the most popular, idea 7"),
        "{}",
        c.rule
    );
}

#[test]
fn a_contentious_tie_uses_coverage_then_the_number() {
    let pack = embedded();
    let s = voted(&pack, &[(2, 2), (5, 2), (8, 2), (1, 1)]);
    let c = suggest(
        &pack,
        s.state(),
        &cov(&[(2, 3), (5, 1), (8, 1)]),
        PickKind::Contentious,
    );
    assert_eq!(c.tied, vec![2, 5, 8]);
    assert_eq!(c.idea, Some(5));
    assert_eq!(
        c.rule,
        "most red stickers, leaving out the most popular, idea 4 (tie between 2, 5 and 8: fewer earlier discussions first, then the lower number)"
    );
    assert_eq!(
        c.counts,
        "red: 2→2, 5→2, 8→2, 1→1; earlier discussions: 2→3, 5→1, 8→1"
    );
}

#[test]
fn no_stickers_at_all_still_gives_suggestions() {
    let pack = embedded();
    let s = group(&pack, "now", "full", 5);
    let none = Coverage::default();
    let p = suggest(&pack, s.state(), &none, PickKind::Popular);
    assert_eq!(p.tied, (1..=9).collect::<Vec<_>>());
    assert_eq!(p.idea, Some(1));
    assert_eq!(
        p.rule,
        "most green stickers (no green stickers yet, so all 9 are tied: fewer earlier discussions first, then the lower number)"
    );
    assert!(
        p.counts == "green: none placed yet; none discussed earlier",
        "{}",
        p.counts
    );
    let c = suggest(&pack, s.state(), &none, PickKind::Contentious);
    assert_eq!(c.tied, (2..=9).collect::<Vec<_>>());
    assert_eq!(c.idea, Some(2));
    let j = suggest(&pack, s.state(), &none, PickKind::Joker);
    assert_eq!(j.idea, Some(3));
    assert_eq!(j.tied, (3..=9).collect::<Vec<_>>());
    // Earlier groups discussed 1 and 2: the tie goes elsewhere.
    let some = cov(&[(1, 1), (2, 2), (3, 1)]);
    let p = suggest(&pack, s.state(), &some, PickKind::Popular);
    assert_eq!(p.idea, Some(4));
    let c = suggest(&pack, s.state(), &some, PickKind::Contentious);
    assert_eq!(c.idea, Some(5));
    let j = suggest(&pack, s.state(), &some, PickKind::Joker);
    assert_eq!(j.idea, Some(6));
}

#[test]
fn the_joker_is_the_least_discussed_idea_left() {
    let pack = embedded();
    let s = voted(&pack, &[(2, 3)]);
    // Picks suggested: 4 (popular), 2 (contentious).
    let c = cov(&[
        (1, 2),
        (3, 1),
        (5, 2),
        (6, 0),
        (7, 1),
        (8, 3),
        (9, 1),
        (4, 0),
        (2, 0),
    ]);
    let j = suggest(&pack, s.state(), &c, PickKind::Joker);
    assert_eq!(j.kind, PickKind::Joker);
    assert_eq!(j.idea, Some(6));
    assert_eq!(j.tied, vec![6]);
    assert_eq!(
        j.rule,
        "fewest earlier discussions, leaving out the two picks 2 and 4"
    );
    assert_eq!(j.counts, "earlier discussions: 6→0, 3→1, 7→1");
}

#[test]
fn a_joker_tie_goes_to_the_lower_number() {
    let pack = embedded();
    let s = voted(&pack, &[(2, 3)]);
    let c = cov(&[(1, 2), (3, 0), (5, 2), (6, 0), (7, 1), (8, 3), (9, 1)]);
    let j = suggest(&pack, s.state(), &c, PickKind::Joker);
    assert_eq!(j.idea, Some(3));
    assert_eq!(j.tied, vec![3, 6]);
    assert_eq!(
        j.rule,
        "fewest earlier discussions, leaving out the two picks 2 and 4 (tie between 3 and 6: the lower number)"
    );
    assert_eq!(j.counts, "earlier discussions: 3→0, 6→0, 7→1");
}

#[test]
fn a_joker_when_every_idea_was_discussed_equally() {
    let pack = embedded();
    let s = voted(&pack, &[(2, 3)]);
    let all: Vec<(u32, usize)> = (1..=9).map(|i| (i, 2)).collect();
    let j = suggest(&pack, s.state(), &cov(&all), PickKind::Joker);
    assert_eq!(j.idea, Some(1));
    assert_eq!(j.tied, vec![1, 3, 5, 6, 7, 8, 9]);
    assert_eq!(
        j.rule,
        "fewest earlier discussions, leaving out the two picks 2 and 4 (all 7 discussed equally often: the lower number)"
    );
    // No earlier sessions at all reads the same way.
    let j0 = suggest(&pack, s.state(), &Coverage::default(), PickKind::Joker);
    assert_eq!((j0.idea, &j0.tied, &j0.rule), (j.idea, &j.tied, &j.rule));
    // Every count the same: said once, not listed.
    assert_eq!(j0.counts, "none discussed earlier");
    assert_eq!(j.counts, "each discussed by 2 earlier groups");
}

#[test]
fn the_joker_leaves_out_the_ideas_actually_picked() {
    let pack = embedded();
    let mut s = voted(&pack, &[(2, 3)]);
    ok(
        &mut s,
        &pack,
        pick(1, 1, 4, Some("The group preferred it.")),
    );
    ok(
        &mut s,
        &pack,
        pick(2, 3, 2, Some("Already talked about 2.")),
    );
    let j = suggest(&pack, s.state(), &Coverage::default(), PickKind::Joker);
    assert_eq!(j.idea, Some(2));
    assert!(j.rule.contains("the two picks 1 and 3"), "{}", j.rule);
    assert!(!j.tied.contains(&1) && !j.tied.contains(&3));
}

#[test]
fn a_suggestion_becomes_the_pick_event() {
    let pack = embedded();
    let mut s = voted(&pack, &[(2, 3)]);
    let p = suggest(&pack, s.state(), &Coverage::default(), PickKind::Popular);
    ok(&mut s, &pack, p.pick_event(1, 4, None));
    let c = suggest(
        &pack,
        s.state(),
        &Coverage::default(),
        PickKind::Contentious,
    );
    // Overriding without a reason is refused; with one it is recorded.
    refused(&mut s, &pack, c.pick_event(2, 9, Some(" ".into())));
    ok(
        &mut s,
        &pack,
        c.pick_event(2, 9, Some("The group asked for it.".into())),
    );
    let got = &s.state().picks[&2];
    assert_eq!(
        (got.idea, got.suggested, got.kind.clone()),
        (9, 2, PickKind::Contentious)
    );
    assert_eq!(got.rule, c.rule);
    assert_eq!(got.counts, c.counts);
    assert_eq!(slot_of(&pack, &PickKind::Joker), 3);
    assert_eq!(
        kind_of_slot(&pack, slot_of(&pack, &PickKind::Contentious)),
        Some(PickKind::Contentious)
    );
}

#[test]
fn a_pack_with_too_few_ideas_leaves_nothing_to_suggest() {
    let mut pack = embedded();
    pack.ideas.truncate(2);
    let s = group(&pack, "now", "full", 2);
    let none = Coverage::default();
    assert_eq!(
        suggest(&pack, s.state(), &none, PickKind::Contentious).idea,
        Some(2)
    );
    let j = suggest(&pack, s.state(), &none, PickKind::Joker);
    assert_eq!(j.idea, None);
    assert!(j.tied.is_empty());
    assert!(j.rule.contains("no idea left"), "{}", j.rule);
}

// -- coverage ------------------------------------------------------------

#[test]
fn coverage_counts_each_group_once_and_leaves_out_the_current_one() {
    let pack = embedded();
    let mut a = group(&pack, "a", "full", 0);
    ok(&mut a, &pack, pick(1, 4, 4, None));
    ok(&mut a, &pack, pick(2, 2, 5, Some("why")));
    ok(&mut a, &pack, pick(3, 9, 9, None));
    let mut b = group(&pack, "b", "full", 0);
    ok(&mut b, &pack, pick(1, 4, 4, None));
    ok(&mut b, &pack, pick(3, 1, 1, None));
    // Re-picking slot 1 replaces: only the last pick counts.
    ok(&mut b, &pack, pick(1, 2, 4, Some("why")));
    // A slot dropped when the group chose to discuss fewer ideas.
    ok(&mut b, &pack, Event::IdeasPlanned { count: 2 });
    let mut now = group(&pack, "now", "full", 0);
    ok(&mut now, &pack, pick(1, 6, 6, None));
    let states = [a.state().clone(), b.state().clone(), now.state().clone()];
    let c = coverage(&states, Some("now"));
    assert_eq!(c.count(4), 1);
    assert_eq!(c.count(2), 2);
    assert_eq!(c.count(9), 1);
    assert_eq!(c.count(1), 0, "slot 3 of b is past its 2 ideas");
    assert_eq!(c.count(6), 0, "the current session is left out");
    assert_eq!(c.not_discussed(&pack), vec![1, 3, 5, 6, 7, 8]);
    let two = &c.by_idea[&2];
    assert_eq!(two[0].session, "a");
    assert_eq!(
        (two[0].kind.clone(), two[0].overridden),
        (PickKind::Contentious, true)
    );
    assert_eq!(
        (two[1].kind.clone(), two[1].overridden),
        (PickKind::Popular, true)
    );
    assert_eq!(two[1].location, "Ashford, Kent");
    assert_eq!(two[1].date, NaiveDate::from_ymd_opt(2026, 11, 29));
    assert!(!c.by_idea[&4][0].overridden);
    let all = coverage(&states, None);
    assert_eq!(all.count(6), 1);
    assert_eq!(coverage(std::iter::empty(), None), Coverage::default());
}

// -- a pack's questionnaires ---------------------------------------------

/// The built-in pack with a synthetic questionnaire "pulse" at its first
/// step: a 1-5 scale, a yes/no, a choice and a text.
fn with_pulse() -> Pack {
    use crate::stimulus::method::{QuestionKind, Questionnaire, question};
    let mut pack = embedded();
    let step = pack.stages[0].steps[0].id.clone();
    let q = |id: &str, kind| question(id, id, kind);
    pack.method.questionnaires.push(Questionnaire {
        id: "pulse".into(),
        title: "Pulse".into(),
        screen_title: "Pulse".into(),
        heading: "Pulse".into(),
        summary: Default::default(),
        place: Default::default(),
        step,
        questions: vec![
            q("mood", QuestionKind::Scale { min: 1, max: 5 }),
            q("back", QuestionKind::YesNo),
            q(
                "mode",
                QuestionKind::Choice(vec![
                    ("bus".into(), "Bus".into()),
                    ("car".into(), "Car".into()),
                ]),
            ),
            q("why", QuestionKind::Text),
        ],
    });
    pack
}

fn answered(participant: u32, answers: &[(&str, Option<AnswerValue>)]) -> Event {
    Event::QuestionnaireAnswered {
        questionnaire: "pulse".into(),
        participant,
        answers: answers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    }
}

#[test]
fn questionnaire_answers_fold_per_questionnaire_and_participant_replacing_earlier_ones() {
    let pack = with_pulse();
    let mut s = group(&pack, "g", "full", 2);
    ok(
        &mut s,
        &pack,
        answered(1, &[("mood", Some(AnswerValue::Number(2))), ("why", None)]),
    );
    ok(
        &mut s,
        &pack,
        answered(2, &[("back", Some(AnswerValue::Yes(true)))]),
    );
    ok(
        &mut s,
        &pack,
        answered(
            1,
            &[
                ("mood", Some(AnswerValue::Number(4))),
                ("mode", Some(AnswerValue::Text("bus".into()))),
            ],
        ),
    );
    let pulse = &s.state().questionnaires["pulse"];
    assert_eq!(pulse.len(), 2);
    assert_eq!(pulse[&1]["mood"], Some(AnswerValue::Number(4)));
    assert!(!pulse[&1].contains_key("why"), "replaced, not merged");
    assert_eq!(pulse[&2]["back"], Some(AnswerValue::Yes(true)));
    assert!(!s.state().questionnaires.contains_key("stage3"));
}

#[test]
fn questionnaire_answers_must_fit_the_pack() {
    let pack = with_pulse();
    let mut s = group(&pack, "g", "full", 2);
    assert_eq!(
        refused(&mut s, &pack, answered(5, &[])),
        "There is no participant 5 on the roster."
    );
    assert_eq!(
        refused(&mut s, &pack, answered(1, &[("shoe", None)])),
        "Questionnaire \"pulse\" has no question \"shoe\"."
    );
    assert_eq!(
        refused(
            &mut s,
            &pack,
            answered(1, &[("mood", Some(AnswerValue::Number(6)))])
        ),
        "6 is not an answer to \"mood\" (pulse/mood)."
    );
    refused(
        &mut s,
        &pack,
        answered(1, &[("mode", Some(AnswerValue::Text("tram".into())))]),
    );
    refused(
        &mut s,
        &pack,
        answered(1, &[("back", Some(AnswerValue::Number(1)))]),
    );
    let other = Event::QuestionnaireAnswered {
        questionnaire: "nope".into(),
        participant: 1,
        answers: Default::default(),
    };
    assert_eq!(
        refused(&mut s, &pack, other),
        "The pack has no questionnaire \"nope\"."
    );
    // The built-in pack alone has no such questionnaire.
    let mut plain = group(&embedded(), "h", "full", 1);
    refused(&mut plain, &embedded(), answered(1, &[]));
}
