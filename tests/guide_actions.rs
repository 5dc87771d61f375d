//! The guide as a component: actions in, outcomes out, no disk and no app.

use facilitator::domain::event::{Event, NoteKind};
use facilitator::tui::keys::Action;
use facilitator::tui::outcome::Outcome;
use facilitator::tui::overlays::Overlay;
use facilitator::tui::screens::Screen;
use facilitator::tui::screens::guide::{GuideState, GuideView, Pane, on_action};

fn view() -> GuideView {
    GuideView {
        steps: vec!["arrival".into(), "intro".into(), "close".into()],
        idx: 1,
        probes: vec![(None, 0, false), (None, 1, true)],
        notes: vec![(7, false), (8, true)],
        sections: vec!["a".into(), "b".into()],
        section: Some("a".into()),
        ..GuideView::default()
    }
}

fn act(st: &mut GuideState, a: Action, v: &GuideView) -> Outcome {
    on_action(st, Some(a), v)
}

#[test]
fn steps_move_and_say_where_the_plan_ends() {
    let mut st = GuideState::default();
    let mut v = view();
    assert_eq!(
        act(&mut st, Action::NextStep, &v),
        Outcome::Step("close".into())
    );
    assert_eq!(
        act(&mut st, Action::PrevStep, &v),
        Outcome::Step("arrival".into())
    );
    v.idx = 0;
    assert_eq!(
        act(&mut st, Action::PrevStep, &v),
        Outcome::Flash("This is the first step.".into())
    );
    v.idx = 2;
    assert!(
        matches!(act(&mut st, Action::NextStep, &v), Outcome::Flash(w) if w.contains("last step"))
    );
}

#[test]
fn a_tick_records_the_selected_probe_turned_over() {
    let mut st = GuideState::default();
    let v = view();
    assert_eq!(act(&mut st, Action::Down, &v), Outcome::Nothing);
    assert_eq!(st.probe, 1);
    assert_eq!(
        act(&mut st, Action::Tick, &v),
        Outcome::Record {
            event: Event::ProbeTicked {
                step: "intro".into(),
                section: None,
                probe: 1,
                covered: false,
            },
            said: None,
        }
    );
    // On the notes side a tick does nothing.
    st.pane = Pane::Notes;
    assert_eq!(act(&mut st, Action::Tick, &v), Outcome::Nothing);
}

#[test]
fn striking_out_asks_first_and_any_other_key_keeps_the_note() {
    let mut st = GuideState::default();
    let v = view();
    assert_eq!(
        act(&mut st, Action::Remove, &v),
        Outcome::Nothing,
        "guide side"
    );
    assert_eq!(act(&mut st, Action::SwitchPane, &v), Outcome::Nothing);
    act(&mut st, Action::Down, &v);
    assert_eq!(act(&mut st, Action::Remove, &v), Outcome::Nothing);
    assert_eq!(st.confirm_delete, Some(8));
    assert_eq!(
        on_action(&mut st, None, &v),
        Outcome::Flash("Nothing was struck out.".into())
    );
    act(&mut st, Action::Remove, &v);
    assert!(matches!(
        act(&mut st, Action::Yes, &v),
        Outcome::Record {
            event: Event::NoteDeleted { id: 8 },
            ..
        }
    ));
    assert_eq!(st.confirm_delete, None);
    assert_eq!(
        act(&mut st, Action::Star, &v),
        Outcome::Record {
            event: Event::NoteStarred {
                id: 8,
                starred: false
            },
            said: None
        }
    );
    assert_eq!(act(&mut st, Action::Edit, &v), Outcome::EditNote(8));
}

#[test]
fn sections_wrap_and_the_probe_goes_back_to_the_first() {
    let mut st = GuideState {
        probe: 1,
        ..Default::default()
    };
    let v = view();
    assert_eq!(
        act(&mut st, Action::PrevSection, &v),
        Outcome::Record {
            event: Event::SectionEntered {
                section: "b".into()
            },
            said: None
        }
    );
    assert_eq!(st.probe, 0);
    let none = GuideView::default();
    assert_eq!(
        act(&mut st, Action::NextSection, &none),
        Outcome::Flash("This step has no sections.".into())
    );
}

#[test]
fn windows_and_screens_are_asked_for_not_opened() {
    let mut st = GuideState::default();
    let mut v = view();
    assert_eq!(
        act(&mut st, Action::Plan, &v),
        Outcome::Open(Overlay::Plan { sel: 1 })
    );
    assert_eq!(
        act(&mut st, Action::NewQuote, &v),
        Outcome::Write(NoteKind::Quote)
    );
    assert_eq!(act(&mut st, Action::Picks, &v), Outcome::Picks);
    assert_eq!(
        act(&mut st, Action::Stickers, &v),
        Outcome::Goto(Screen::Stickers(Default::default()))
    );
    assert!(matches!(act(&mut st, Action::Rate, &v), Outcome::Refuse(_)));
    v.idea = Some(4);
    assert_eq!(
        act(&mut st, Action::Rate, &v),
        Outcome::Open(Overlay::Rate {
            idea: Some(4),
            sel: 0
        })
    );
    v.paused = true;
    assert_eq!(
        act(&mut st, Action::Pause, &v),
        Outcome::Record {
            event: Event::Resumed,
            said: Some("Clock running again.".into())
        }
    );
    v.recording = true;
    assert!(matches!(
        act(&mut st, Action::RecordStart, &v),
        Outcome::Flash(_)
    ));
}

// ---------------------------------------------------------------------------
// The ended screen
// ---------------------------------------------------------------------------

use facilitator::tui::screens::ended::{self, EndedState};

#[test]
fn an_ended_session_reopens_only_after_yes() {
    let mut st = EndedState::default();
    assert!(
        matches!(ended::on_action(&mut st, None), Outcome::Flash(w) if w.starts_with("Session ended"))
    );
    assert_eq!(
        ended::on_action(&mut st, Some(Action::End)),
        Outcome::Nothing
    );
    assert!(st.confirm_reopen);
    assert_eq!(
        ended::on_action(&mut st, Some(Action::Quit)),
        Outcome::Flash("The session stays ended.".into())
    );
    ended::on_action(&mut st, Some(Action::End));
    let Outcome::Chain(steps) = ended::on_action(&mut st, Some(Action::Yes)) else {
        panic!("reopening records, then shows the guide");
    };
    assert!(matches!(
        &steps[0],
        Outcome::Record {
            event: Event::Reopened,
            ..
        }
    ));
    assert!(matches!(&steps[1], Outcome::Goto(Screen::Guide(_))));
    assert_eq!(
        ended::on_action(&mut st, Some(Action::Coverage)),
        Outcome::Open(Overlay::Coverage { scroll: 0 })
    );
}

// ---------------------------------------------------------------------------
// The roster
// ---------------------------------------------------------------------------

use chrono::{TimeZone, Utc};
use facilitator::domain::profile::Participant;
use facilitator::tui::screens::roster::{self, RosterState, RosterView};

fn person(id: u32, label: &str, consent: Option<bool>) -> Participant {
    Participant {
        id,
        label: label.into(),
        gender: String::new(),
        age_band: String::new(),
        ethnicity: None,
        social_grade: String::new(),
        descriptors: Vec::new(),
        consent,
    }
}

#[test]
fn the_roster_asks_for_events_and_its_own_form() {
    let pack = facilitator::stimulus::embedded();
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 18, 5, 0).unwrap();
    let mut v = RosterView {
        people: vec![person(1, "Sue", Some(true)), person(2, "Raj", None)],
        absent: vec![2],
        first_step: Some("arrival".into()),
        ..RosterView::default()
    };
    let mut st = RosterState::default();
    let act =
        |st: &mut RosterState, a, v: &RosterView| roster::on_action(st, Some(a), v, &pack, now);
    assert_eq!(
        act(&mut st, Action::Consent, &v),
        Outcome::Record {
            event: Event::ConsentGiven {
                participant: 1,
                consent: false
            },
            said: Some("Consent to record: no.".into())
        }
    );
    act(&mut st, Action::Up, &v);
    assert_eq!(st.sel, 1, "the cursor wraps");
    assert_eq!(
        act(&mut st, Action::Presence, &v),
        Outcome::Record {
            event: Event::Presence {
                participant: 2,
                present: true
            },
            said: Some("Raj is back in the room (18:05).".into())
        }
    );
    assert_eq!(act(&mut st, Action::Edit, &v), Outcome::Nothing);
    assert_eq!(st.form.as_ref().map(|(_, id)| *id), Some(Some(2)));
    st.form = None;
    act(&mut st, Action::Remove, &v);
    assert_eq!(
        roster::on_action(&mut st, None, &v, &pack, now),
        Outcome::Flash("Nobody was removed.".into())
    );
    let Outcome::Chain(steps) = act(&mut st, Action::Start, &v) else {
        panic!("starting records, then shows the guide");
    };
    assert_eq!(steps.len(), 4);
    v.started = true;
    assert_eq!(
        act(&mut st, Action::Start, &v),
        Outcome::Nothing,
        "started once"
    );
    assert!(matches!(
        act(&mut st, Action::Guide, &v),
        Outcome::Goto(Screen::Guide(_))
    ));
    assert!(matches!(
        act(&mut st, Action::Profile, &v),
        Outcome::Goto(Screen::Setup(_))
    ));
}

// ---------------------------------------------------------------------------
// The start screen
// ---------------------------------------------------------------------------

use facilitator::tui::screens::start::{self, Resumable, StartState};

#[test]
fn the_start_screen_opens_a_new_group_or_the_selected_session() {
    let pack = facilitator::stimulus::embedded();
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 18, 5, 0).unwrap();
    let mut st = StartState {
        sessions: vec![Resumable {
            id: "2026-12-01-hull".into(),
            line: String::new(),
        }],
        ..StartState::default()
    };
    let act = |st: &mut StartState, a| start::on_action(st, Some(a), &pack, now);
    assert!(matches!(
        act(&mut st, Action::Accept),
        Outcome::Goto(Screen::Setup(_))
    ));
    assert_eq!(act(&mut st, Action::Up), Outcome::Nothing);
    assert_eq!(st.sel, 1, "the cursor wraps to the last session");
    assert_eq!(
        act(&mut st, Action::Accept),
        Outcome::Resume("2026-12-01-hull".into())
    );
    assert_eq!(act(&mut st, Action::QuitNow), Outcome::QuitNow);
    assert_eq!(
        start::on_action(&mut st, None, &pack, now),
        Outcome::Nothing
    );
}

// ---------------------------------------------------------------------------
// Stage 3, choosing a participant
// ---------------------------------------------------------------------------

use facilitator::tui::screens::ideas::{QuestionnaireState, questionnaire_action};

#[test]
fn the_questionnaire_screen_moves_between_participants() {
    let mut st = QuestionnaireState::default();
    let act = |st: &mut QuestionnaireState, a| questionnaire_action(st, Some(a), 2);
    assert_eq!(act(&mut st, Action::Up), Outcome::Nothing);
    assert_eq!(st.sel, 1);
    assert_eq!(act(&mut st, Action::Down), Outcome::Nothing);
    assert_eq!(st.sel, 0);
    assert!(matches!(
        act(&mut st, Action::Back),
        Outcome::Goto(Screen::Guide(_))
    ));
    let mut empty = QuestionnaireState::default();
    assert_eq!(
        questionnaire_action(&mut empty, Some(Action::Down), 0),
        Outcome::Nothing
    );
    assert_eq!(empty.sel, 0, "nobody to move to");
}
