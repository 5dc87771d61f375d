//! The windows as components: an Action in, an Outcome out, no disk and
//! no app (`facilitator::tui::overlays::act`).

use facilitator::domain::event::{Event, Scale};
use facilitator::tui::keys::Action;
use facilitator::tui::outcome::Outcome;
use facilitator::tui::overlays::act::{
    self, FlipchartState, PostersState, RateView, confirm_finish, confirm_quit, coverage,
    flipchart, posters, rate, recordings,
};

#[test]
fn flip_chart_adds_what_was_typed_and_closes_when_empty() {
    let (mut sel, mut input) = (0, String::new());
    let mut fc = |a, c, n| {
        let st = FlipchartState {
            step: "values",
            sel: &mut sel,
            input: &mut input,
        };
        flipchart(st, a, c, n)
    };
    // Letters a window would take as keys are the entry's.
    for c in "jq ok ".chars() {
        assert_eq!(fc(None, Some(c), 2), Outcome::Nothing);
    }
    assert_eq!(fc(Some(Action::Erase), None, 2), Outcome::Nothing);
    assert_eq!(
        fc(Some(Action::Add), None, 2),
        Outcome::Record {
            event: Event::FlipchartAdded {
                step: "values".into(),
                text: "jq ok".into()
            },
            said: None
        }
    );
    assert_eq!(fc(Some(Action::Add), None, 3), Outcome::Close);
    assert_eq!((sel, input.as_str()), (2, ""));
}

#[test]
fn flip_chart_removes_the_selected_entry_and_caps_an_entry() {
    let (mut sel, mut input) = (2, String::new());
    let st = FlipchartState {
        step: "s",
        sel: &mut sel,
        input: &mut input,
    };
    assert_eq!(
        flipchart(st, Some(Action::Remove), None, 2),
        Outcome::Record {
            event: Event::FlipchartRemoved {
                step: "s".into(),
                index: 1
            },
            said: None
        }
    );
    assert_eq!(sel, 1);
    for _ in 0..250 {
        let st = FlipchartState {
            step: "s",
            sel: &mut sel,
            input: &mut input,
        };
        flipchart(st, None, Some('x'), 0);
    }
    assert_eq!(input.chars().count(), 200);
}

fn view() -> RateView {
    RateView {
        idea: Some(4),
        values: vec![Some(7), None, Some(10)],
        scales: vec![
            (Scale::Desirable, 1, 10),
            (Scale::Achievable, 1, 10),
            (Scale::Equitable, 1, 10),
        ],
        dims: vec![("Age".into(), false), ("Gender".into(), true)],
        ..Default::default()
    }
}

#[test]
fn a_rating_is_set_by_digit_or_arrow_and_not_recorded_twice() {
    let v = view();
    let mut sel = 0;
    assert_eq!(
        rate(&mut sel, Some(Action::Digit), Some('0'), &v),
        Outcome::Record {
            event: Event::Rated {
                idea: Some(4),
                scale: Scale::Desirable,
                value: Some(10),
                dont_know: false,
            },
            said: None
        }
    );
    // 7 already: nothing to record.
    assert_eq!(
        rate(&mut sel, Some(Action::Digit), Some('7'), &v),
        Outcome::Nothing
    );
    assert_eq!(
        rate(&mut sel, Some(Action::Down), None, &v),
        Outcome::Nothing
    );
    assert_eq!(
        rate(&mut sel, Some(Action::Right), None, &v),
        Outcome::Record {
            event: Event::Rated {
                idea: Some(4),
                scale: Scale::Achievable,
                value: Some(5),
                dont_know: false,
            },
            said: None
        }
    );
    sel = 2;
    // Already 10: → goes no further.
    assert_eq!(
        rate(&mut sel, Some(Action::Right), None, &v),
        Outcome::Nothing
    );
    assert_eq!(rate(&mut sel, Some(Action::Back), None, &v), Outcome::Close);
}

#[test]
fn an_equity_dimension_ticks_on_and_off() {
    let v = view();
    let mut sel = 3;
    let tick = |on| Outcome::Record {
        event: Event::EquityTicked {
            idea: 4,
            dimension: "Age".into(),
            on,
        },
        said: None,
    };
    assert_eq!(rate(&mut sel, Some(Action::Tick), None, &v), tick(true));
    sel = 4;
    assert_eq!(
        rate(&mut sel, Some(Action::Tick), None, &v),
        Outcome::Record {
            event: Event::EquityTicked {
                idea: 4,
                dimension: "Gender".into(),
                on: false
            },
            said: None
        }
    );
    // Down from the last row wraps to the first scale.
    assert_eq!(
        rate(&mut sel, Some(Action::Down), None, &v),
        Outcome::Nothing
    );
    assert_eq!(sel, 0);
}

#[test]
fn confirming_the_end_records_it_and_shows_the_ended_session() {
    assert_eq!(
        confirm_finish(Some(Action::Yes)),
        Outcome::Chain(vec![
            Outcome::Close,
            Outcome::Record {
                event: Event::Finished,
                said: None
            },
            Outcome::ShowEnded,
            Outcome::Flash("Session ended and saved. E reopens it; q leaves.".into()),
        ])
    );
    assert_eq!(confirm_finish(None), Outcome::Close);
    assert_eq!(confirm_finish(Some(Action::No)), Outcome::Close);
    assert_eq!(
        confirm_quit(Some(Action::Yes)),
        Outcome::Chain(vec![Outcome::Close, Outcome::QuitNow])
    );
    assert_eq!(confirm_quit(None), Outcome::Close);
}

#[test]
fn coverage_scrolls_within_its_lines_and_says_its_keys() {
    let mut scroll = 0;
    assert_eq!(
        coverage(&mut scroll, Some(Action::PageDown), 14),
        Outcome::Nothing
    );
    assert_eq!(scroll, 10);
    coverage(&mut scroll, Some(Action::PageDown), 14);
    assert_eq!(scroll, 14);
    coverage(&mut scroll, Some(Action::Down), 14);
    assert_eq!(scroll, 14);
    coverage(&mut scroll, Some(Action::Home), 14);
    assert_eq!(scroll, 0);
    coverage(&mut scroll, Some(Action::Up), 14);
    assert_eq!(scroll, 0);
    coverage(&mut scroll, Some(Action::Last), 14);
    assert_eq!(scroll, 14);
    assert_eq!(
        coverage(&mut scroll, None, 14),
        Outcome::Flash("Coverage: ↑↓ or PgUp/PgDn to scroll, Esc to close.".into())
    );
    assert_eq!(
        coverage(&mut scroll, Some(Action::Back), 14),
        Outcome::Close
    );
}

#[test]
fn posters_take_multi_digit_numbers_and_refuse_one_not_in_the_pack() {
    let numbers: Vec<u32> = (1..=12).collect();
    let (mut idea, mut wall, mut typed) = (0, true, String::new());
    let mut press = |a, c| {
        posters(
            PostersState {
                idea: &mut idea,
                wall: &mut wall,
                typed: &mut typed,
            },
            Some(a),
            c,
            &numbers,
            "idea",
        )
    };
    // 1 could be 1 or 10-12: it waits; 2 makes 12.
    assert_eq!(press(Action::Digit, Some('1')), Outcome::Nothing);
    assert_eq!(press(Action::Digit, Some('2')), Outcome::Nothing);
    assert_eq!(press(Action::Digit, Some('1')), Outcome::Nothing);
    assert_eq!(press(Action::Accept, None), Outcome::Nothing);
    assert_eq!(
        press(Action::Digit, Some('0')),
        Outcome::Refuse("There is no idea 0.".into())
    );
    assert_eq!(press(Action::Back, None), Outcome::Close);
    assert_eq!((idea, wall, typed.as_str()), (0, false, ""));
}

#[test]
fn a_recording_is_named_as_typed_and_shifted_by_the_arrows() {
    let (mut sel, mut naming) = (5, None);
    assert_eq!(
        recordings(&mut sel, &mut naming, Some(Action::Right), None, 2),
        Outcome::Record {
            event: Event::RecordingShifted {
                recording: 2,
                seconds: 1
            },
            said: None
        }
    );
    assert_eq!(sel, 1);
    recordings(&mut sel, &mut naming, Some(Action::Edit), None, 2);
    for c in "qn o".chars() {
        assert_eq!(
            recordings(&mut sel, &mut naming, None, Some(c), 2),
            Outcome::Nothing
        );
    }
    assert_eq!(
        recordings(&mut sel, &mut naming, Some(Action::Accept), None, 2),
        Outcome::Record {
            event: Event::RecordingNamed {
                recording: 2,
                name: "qn o".into()
            },
            said: None
        }
    );
    assert_eq!(naming, None);
    assert_eq!(
        recordings(&mut sel, &mut naming, Some(Action::Back), None, 2),
        Outcome::Close
    );
    assert_eq!(act::help(&mut 0, None), Outcome::Close);
}

#[test]
fn a_key_reaches_the_window_through_the_table_and_a_name_takes_any_letter() {
    use facilitator::domain::ideas::Coverage;
    use facilitator::stimulus::embedded;
    use facilitator::tui::overlays::{Overlay, WindowView, on_key};
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    let pack = embedded();
    let cov = Coverage::default();
    let v = WindowView {
        pack: &pack,
        session: None,
        coverage: &cov,
    };
    let mut ov = Overlay::Recordings {
        sel: 0,
        naming: Some(String::new()),
    };
    // q, T and Esc close the recordings window; typing a name, q is a letter.
    for c in ['q', 'T', 'o'] {
        assert_eq!(
            on_key(&mut ov, &KeyEvent::from(KeyCode::Char(c)), &v),
            Outcome::Nothing
        );
    }
    assert_eq!(
        ov,
        Overlay::Recordings {
            sel: 0,
            naming: Some("qTo".into())
        }
    );
    assert_eq!(
        on_key(&mut ov, &KeyEvent::from(KeyCode::Esc), &v),
        Outcome::Nothing
    );
    assert_eq!(
        on_key(&mut ov, &KeyEvent::from(KeyCode::Char('q')), &v),
        Outcome::Close
    );
    let mut values = Overlay::Values;
    assert_eq!(
        on_key(&mut values, &KeyEvent::from(KeyCode::Char('x')), &v),
        Outcome::Close
    );
}
