//! The note editor and the forms as components: keys in, outcomes out,
//! no disk and no app.

use chrono::{TimeZone, Utc};
use facilitator::domain::event::{Event, NoteKind, NotePlace};
use facilitator::stimulus::method::RosterField;
use facilitator::tui::editor::{EdFocus, EdInput, Editor, EditorView, on_action};
use facilitator::tui::form::FormInput;
use facilitator::tui::keys::Action;
use facilitator::tui::outcome::Outcome;
use facilitator::tui::screens::roster::{RosterState, on_form};
use facilitator::tui::screens::setup;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn place() -> NotePlace {
    NotePlace {
        step: "intro".into(),
        section: Some("a".into()),
        idea: None,
    }
}

fn view() -> EditorView {
    EditorView {
        roster: vec![4, 7],
        codes: vec!["trust".into(), "cost".into()],
        next_note_id: 12,
    }
}

fn editor() -> Editor {
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
    Editor::new(NoteKind::Note, place(), now)
}

/// Press a key as the app does: the editor reads it through the key table.
fn press(ed: &mut Editor, key: KeyEvent, v: &EditorView) -> Outcome {
    let input = ed.input_of(&key);
    on_action(ed, input, v)
}

fn typed(ed: &mut Editor, text: &str, v: &EditorView) {
    for c in text.chars() {
        assert_eq!(
            press(ed, KeyEvent::from(KeyCode::Char(c)), v),
            Outcome::Nothing
        );
    }
}

#[test]
fn enter_on_a_note_records_it_with_its_place_and_who() {
    let v = view();
    let mut ed = editor();
    // Letters (and digits) on the text are text, not commands.
    typed(&mut ed, "x 2 said so", &v);
    assert_eq!(ed.text(), "x 2 said so");
    assert_eq!(
        ed.input_of(&KeyEvent::from(KeyCode::Tab)),
        EdInput::Act(Action::NextField)
    );
    press(&mut ed, KeyEvent::from(KeyCode::Tab), &v);
    assert_eq!(ed.focus, EdFocus::Who);
    // On Who, 2 is the second on the roster.
    assert_eq!(
        press(&mut ed, KeyEvent::from(KeyCode::Char('2')), &v),
        Outcome::Nothing
    );
    assert_eq!(ed.participant, Some(7));
    let out = press(&mut ed, KeyEvent::from(KeyCode::Enter), &v);
    let Outcome::Chain(steps) = out else {
        panic!("{out:?}");
    };
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1], Outcome::CloseEditor);
    match &steps[0] {
        Outcome::Record {
            event:
                Event::NoteAdded {
                    id,
                    kind,
                    place: p,
                    text,
                    participant,
                    ..
                },
            said,
        } => {
            assert_eq!(*id, 12);
            assert_eq!(*kind, NoteKind::Note);
            assert_eq!(*p, place());
            assert_eq!(text, "x 2 said so");
            assert_eq!(*participant, Some(7));
            assert_eq!(said.as_deref(), Some("Note saved."));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_who_digit_beyond_the_roster_is_refused() {
    let v = view();
    let mut ed = editor();
    ed.focus = EdFocus::Who;
    assert_eq!(
        press(&mut ed, KeyEvent::from(KeyCode::Char('3')), &v),
        Outcome::Refuse("There is no participant 3 on the roster.".into())
    );
    assert_eq!(ed.participant, None);
}

#[test]
fn esc_keeps_the_draft_and_alt_enter_is_a_new_line() {
    let v = view();
    let mut ed = editor();
    typed(&mut ed, "one", &v);
    let alt_enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT);
    assert_eq!(press(&mut ed, alt_enter, &v), Outcome::Nothing);
    typed(&mut ed, "two", &v);
    assert_eq!(ed.text(), "one\ntwo");
    let out = press(&mut ed, KeyEvent::from(KeyCode::Esc), &v);
    assert!(
        matches!(out, Outcome::Flash(ref w) if w.starts_with("Draft kept")),
        "{out:?}"
    );
    assert!(!ed.visible);
    assert!(ed.draft().is_some());
    assert_eq!(ed.text(), "one\ntwo");
    // An empty editor simply closes.
    let mut empty = editor();
    assert_eq!(
        press(&mut empty, KeyEvent::from(KeyCode::Esc), &v),
        Outcome::CloseEditor
    );
}

#[test]
fn ctrl_x_throws_the_draft_away() {
    let v = view();
    let mut ed = editor();
    typed(&mut ed, "gone", &v);
    let out = press(
        &mut ed,
        KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL),
        &v,
    );
    assert_eq!(
        out,
        Outcome::Chain(vec![
            Outcome::CloseEditor,
            Outcome::Flash("Draft thrown away.".into())
        ])
    );
}

#[test]
fn a_form_saved_with_a_needed_field_empty_is_refused() {
    let mut st = RosterState {
        form: Some((
            setup::participant_form(&RosterField::built_in(), None),
            None,
        )),
        ..RosterState::default()
    };
    let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let input = st.form.as_ref().map(|(f, _)| f.input_of(&ctrl_s));
    assert_eq!(input, Some(FormInput::Act(Action::Save)));
    assert_eq!(
        on_form(
            &mut st,
            FormInput::Act(Action::Save),
            3,
            &RosterField::built_in(),
            &[]
        ),
        Outcome::Refuse("Label is needed.".into())
    );
    assert!(st.form.is_some(), "the form stays open");
    // Typed, then saved: recorded, and the app closes the form.
    for c in "Ann".chars() {
        on_form(
            &mut st,
            FormInput::Char(c),
            3,
            &RosterField::built_in(),
            &[],
        );
    }
    let out = on_form(
        &mut st,
        FormInput::Act(Action::Save),
        3,
        &RosterField::built_in(),
        &[],
    );
    let Outcome::Chain(steps) = out else {
        panic!("{out:?}");
    };
    assert_eq!(steps[1], Outcome::CloseForm);
    assert!(matches!(
        &steps[0],
        Outcome::Record { event: Event::ParticipantAdded { participant }, said }
            if participant.id == 3 && participant.label == "Ann" && said.as_deref() == Some("Ann added.")
    ));
}
