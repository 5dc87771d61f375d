//! The sticker and picks screens as components: actions in, outcomes out,
//! no disk and no app.

use std::collections::BTreeMap;

use facilitator::domain::event::{Event, PickKind, StickerMode};
use facilitator::domain::ideas::Suggestion;
use facilitator::tui::keys::Action;
use facilitator::tui::outcome::Outcome;
use facilitator::tui::screens::Screen;
use facilitator::tui::screens::ideas::{
    PickState, PicksView, StickerState, StickersView, picks_action, stickers_action,
};

fn stickers() -> StickersView {
    StickersView {
        mode: StickerMode::PerPoster,
        numbers: (1..=9).collect(),
        people: vec![1, 2, 3],
        poster_counts: BTreeMap::from([(1, vec![4, 2])]),
        ..StickersView::default()
    }
}

fn typed(st: &mut StickerState, v: &StickersView, s: &str) {
    for c in s.chars() {
        assert_eq!(
            stickers_action(st, Some(Action::Typed(c)), v),
            Outcome::Nothing
        );
    }
}

#[test]
fn a_count_typed_then_down_is_recorded_and_the_cursor_moves() {
    let v = stickers();
    let mut st = StickerState::default();
    typed(&mut st, &v, "12");
    assert_eq!(st.typed, "12");
    // Green of idea 1: the red already counted stays.
    assert_eq!(
        stickers_action(&mut st, Some(Action::Down), &v),
        Outcome::Record {
            event: Event::PosterCounted {
                idea: 1,
                counts: facilitator::domain::event::Counts::green_red(12, 2)
            },
            said: None
        }
    );
    assert_eq!((st.row, st.typed.as_str()), (1, ""));
}

#[test]
fn esc_drops_a_typed_count_and_says_so() {
    let v = stickers();
    let mut st = StickerState {
        col: 1,
        ..StickerState::default()
    };
    typed(&mut st, &v, "7");
    assert_eq!(
        stickers_action(&mut st, Some(Action::Back), &v),
        Outcome::Flash("7 for idea 1 (red) dropped, not recorded. Esc again: guide.".into())
    );
    assert!(st.typed.is_empty());
    // Esc again: the guide.
    assert!(matches!(
        stickers_action(&mut st, Some(Action::Back), &v),
        Outcome::Goto(Screen::Guide(_))
    ));
}

#[test]
fn a_key_that_leaves_the_cell_records_the_count_first_and_stops_if_refused() {
    let v = stickers();
    let mut st = StickerState::default();
    typed(&mut st, &v, "3");
    // r (reveal) records the count first; only then (Redo, which a refused
    // event never reaches: a Chain stops there) is r acted on.
    assert_eq!(
        stickers_action(&mut st, Some(Action::Reveal), &v),
        Outcome::Chain(vec![
            Outcome::Record {
                event: Event::PosterCounted {
                    idea: 1,
                    counts: facilitator::domain::event::Counts::green_red(3, 2)
                },
                said: None
            },
            Outcome::Redo
        ])
    );
    assert!(st.typed.is_empty(), "the count is taken, recorded or not");
    // A key the table does not bind does the same.
    typed(&mut st, &v, "3");
    assert!(matches!(
        stickers_action(&mut st, None, &v),
        Outcome::Chain(all) if all.last() == Some(&Outcome::Redo)
    ));
    // Redone with nothing typed, r reveals.
    assert_eq!(
        stickers_action(&mut st, Some(Action::Reveal), &v),
        Outcome::Record {
            event: Event::TallyRevealed { shown: true },
            said: None
        }
    );
}

#[test]
fn per_participant_an_idea_that_does_not_exist_is_refused() {
    let v = StickersView {
        mode: StickerMode::PerParticipant,
        numbers: (1..=12).collect(),
        ..stickers()
    };
    let mut st = StickerState::default();
    // 1 may begin 10, 11 or 12: it waits; 3 after it makes 13, no idea.
    assert_eq!(
        stickers_action(&mut st, Some(Action::Typed('1')), &v),
        Outcome::Nothing
    );
    assert_eq!(
        stickers_action(&mut st, Some(Action::Typed('3')), &v),
        Outcome::Refuse("There is no idea 13.".into())
    );
    assert!(st.typed.is_empty());
    // 1 then 2: idea 12 for participant 1's first green, at once.
    typed(&mut st, &v, "1");
    assert_eq!(
        stickers_action(&mut st, Some(Action::Typed('2')), &v),
        Outcome::Record {
            event: Event::StickersPlaced {
                participant: 1,
                votes: facilitator::domain::event::Placement::green_red(vec![12], None)
            },
            said: None
        }
    );
}

#[test]
fn the_mode_switch_asks_first_when_stickers_were_entered() {
    let v = StickersView {
        entered: true,
        ..stickers()
    };
    let mut st = StickerState::default();
    assert_eq!(
        stickers_action(&mut st, Some(Action::StickerMode), &v),
        Outcome::Nothing
    );
    assert_eq!(st.confirm_mode, Some(StickerMode::PerParticipant));
    assert_eq!(
        stickers_action(&mut st, Some(Action::Down), &v),
        Outcome::Flash("The stickers stay entered per poster.".into())
    );
    assert_eq!(st.row, 0, "the no does nothing else");
    stickers_action(&mut st, Some(Action::StickerMode), &v);
    assert!(matches!(
        stickers_action(&mut st, Some(Action::Yes), &v),
        Outcome::Record {
            event: Event::StickerModeSet {
                mode: StickerMode::PerParticipant
            },
            said: Some(_)
        }
    ));
}

fn suggestion(idea: u32) -> Suggestion {
    Suggestion {
        kind: PickKind::Popular,
        idea: Some(idea),
        tied: vec![idea],
        rule: "most green".into(),
        counts: "5 green".into(),
    }
}

fn picks() -> PicksView {
    PicksView {
        planned: 2,
        least: 2,
        most: 3,
        numbers: (1..=9).collect(),
        titles: BTreeMap::from([(4, "4. Four".to_string()), (6, "6. Six".to_string())]),
        reading: false,
        suggestion: Some(suggestion(4)),
        slots: vec![
            (PickKind::Popular, "most popular".into()),
            (PickKind::Contentious, "most contentious".into()),
            (PickKind::Joker, "joker".into()),
        ],
        words: ("idea".into(), "ideas".into()),
    }
}

#[test]
fn enter_accepts_the_suggestion_and_waits_while_coverage_is_read() {
    let v = picks();
    let mut st = PickState::default();
    assert_eq!(
        picks_action(&mut st, Some(Action::Accept), &v),
        Outcome::Chain(vec![
            Outcome::Record {
                event: Event::IdeaPicked {
                    slot: 1,
                    idea: 4,
                    kind: PickKind::Popular,
                    rule: "most green".into(),
                    counts: "5 green".into(),
                    suggested: 4,
                    reason: None,
                },
                said: Some("Slot 1 (most popular): 4. Four.".into()),
            },
            Outcome::Goto(Screen::Picks(PickState::default())),
        ])
    );
    let reading = PicksView {
        reading: true,
        suggestion: None,
        ..picks()
    };
    assert!(matches!(
        picks_action(&mut st, Some(Action::Accept), &reading),
        Outcome::Flash(w) if w.starts_with("Still reading")
    ));
}

#[test]
fn another_idea_takes_its_number_then_a_reason() {
    let v = picks();
    let mut st = PickState::default();
    picks_action(&mut st, Some(Action::Other), &v);
    assert_eq!(st.other, Some((None, String::new())));
    picks_action(&mut st, Some(Action::Typed('6')), &v);
    for c in "fits 2".chars() {
        picks_action(&mut st, Some(Action::Typed(c)), &v);
    }
    picks_action(&mut st, Some(Action::Erase), &v);
    assert_eq!(st.other, Some((Some(6), "fits ".to_string())));
    let Outcome::Chain(all) = picks_action(&mut st, Some(Action::Accept), &v) else {
        panic!("a pick is recorded, then the screen stops choosing");
    };
    assert!(matches!(
        &all[0],
        Outcome::Record {
            event: Event::IdeaPicked { idea: 6, suggested: 4, reason: Some(r), .. },
            ..
        } if r == "fits"
    ));
    assert_eq!(
        all[1],
        Outcome::Goto(Screen::Picks(PickState::default())),
        "chosen only once recorded"
    );
    // The screen's own state still chooses until App applies the chain.
    assert!(st.other.is_some());
}

#[test]
fn plus_and_minus_say_the_limits() {
    let v = picks();
    let mut st = PickState::default();
    assert!(matches!(
        picks_action(&mut st, Some(Action::Fewer), &v),
        Outcome::Flash(w) if w.starts_with("A group discusses at least 2 ideas")
    ));
    assert!(matches!(
        picks_action(&mut st, Some(Action::More), &v),
        Outcome::Record { event: Event::IdeasPlanned { count: 3 }, said: Some(w) }
            if w.contains("the joker is played")
    ));
}
