//! The replay's and the projector's keys come from the key table
//! (`facilitator::tui::keys`, contexts Replay, ReplayJump, Present): the
//! replay's help window and hint line say the table's words, and every key
//! the table binds does what its action says.

mod common;

use std::time::Instant;

use facilitator::domain::ideas::Coverage;
use facilitator::replay::{self, Replay, Window};
use facilitator::stimulus::embedded;
use facilitator::tui::keys::{self, Action, Context};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};

use common::fixtures::created_record;

fn replay() -> Replay {
    Replay::new(
        embedded(),
        vec![created_record("s", "Here")],
        Coverage::default(),
    )
    .expect("a replay")
}

fn render(r: &Replay) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 40)).expect("terminal");
    terminal.draw(|f| replay::view::draw(f, r)).expect("draw");
    terminal.backend().to_string()
}

fn press(r: &mut Replay, key: KeyEvent) {
    replay::on_key(r, key, Instant::now());
}

#[test]
fn the_replay_help_says_the_table_s_lines() {
    let mut r = replay();
    r.window = Some(Window::Help);
    let screen = render(&r);
    let sections = keys::context_sections(Context::Replay);
    assert!(!sections.is_empty());
    for (_, lines) in sections {
        for (label, text, _) in lines {
            assert!(screen.contains(label), "{label} missing:\n{screen}");
            assert!(screen.contains(text), "{text} missing:\n{screen}");
        }
    }
}

#[test]
fn every_key_of_the_replay_table_acts() {
    for b in keys::bindings(Context::Replay) {
        for k in b.keys {
            let mods = if k.ctrl {
                KeyModifiers::CONTROL
            } else {
                KeyModifiers::NONE
            };
            let key = KeyEvent::new(k.code, mods);
            let mut r = replay();
            press(&mut r, key);
            match b.action {
                Action::Quit | Action::QuitNow => assert!(r.quit, "{k:?}"),
                Action::Jump => assert_eq!(r.window, Some(Window::Jump(0)), "{k:?}"),
                Action::Help => assert_eq!(r.window, Some(Window::Help), "{k:?}"),
                _ => assert!(!r.quit && r.window.is_none(), "{k:?}"),
            }
        }
    }
}

#[test]
fn ctrl_c_leaves_from_the_jump_list_and_the_help() {
    let ctrl_c = KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('c'),
        KeyModifiers::CONTROL,
    );
    for w in [Window::Help, Window::Jump(0)] {
        let mut r = replay();
        r.window = Some(w);
        press(&mut r, ctrl_c);
        assert!(r.quit);
    }
    assert_eq!(
        keys::action(Context::Present, &ctrl_c),
        Some(Action::QuitNow)
    );
    let q = KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('q'));
    assert_eq!(keys::action(Context::Present, &q), Some(Action::Quit));
}
