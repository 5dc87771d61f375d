//! The key tables of `facilitator replay` and `facilitator present`, and
//! the replay's hint line.

use ratatui::crossterm::event::KeyCode;

use super::Action::*;
use super::table::{DOWN, ENTER, SAID, UP, b, c, k};
use super::{Binding, Help, Hint, Key};

const REPLAY_S: &str = "Replay";
const PRESENT_S: &str = "Present";

const fn line(section: &'static str, label: &'static str, text: &'static str) -> Help {
    Help::Line {
        section,
        label,
        text,
        readme: None,
    }
}

/// The replay, playing or paused (its help window closes on any key).
pub const REPLAY: &[Binding] = &[
    b(&[Key::ctrl('c')], QuitNow, SAID),
    b(&[c(' ')], Pause, line(REPLAY_S, "space", "play / pause")),
    b(
        &[c('+'), c('='), c('>')],
        Faster,
        line(REPLAY_S, "+ or >", "faster (1×, 2×, 5×, 10×, 30×, 60×)"),
    ),
    b(
        &[c('-'), c('_'), c('<')],
        Slower,
        line(REPLAY_S, "- or <", "slower"),
    ),
    b(
        &[k(KeyCode::Right), c('l')],
        Right,
        line(REPLAY_S, "→ or l", "next event (pauses)"),
    ),
    b(
        &[k(KeyCode::Left), c('h')],
        Left,
        line(REPLAY_S, "← or h", "previous event (pauses)"),
    ),
    b(
        &[c('g')],
        Jump,
        line(REPLAY_S, "g", "jump to a step entered"),
    ),
    b(
        &[k(KeyCode::Home)],
        Home,
        line(REPLAY_S, "Home / End", "the first / the last event"),
    ),
    b(&[k(KeyCode::End)], Last, SAID),
    b(
        &[c('?')],
        Help,
        Help::Line {
            section: REPLAY_S,
            label: "?",
            text: "this help",
            readme: Some("the replay's keys (any key closes them)"),
        },
    ),
    b(
        &[c('q'), k(KeyCode::Esc)],
        Quit,
        line(REPLAY_S, "q or Esc", "leave (nothing is written)"),
    ),
];

/// The replay's "jump to a step" list.
pub const REPLAY_JUMP: &[Binding] = &[
    b(&[Key::ctrl('c')], QuitNow, SAID),
    b(DOWN, Down, SAID),
    b(UP, Up, SAID),
    b(&[k(KeyCode::Home)], Home, SAID),
    b(&[k(KeyCode::End)], Last, SAID),
    b(ENTER, Accept, SAID),
    b(&[k(KeyCode::Esc), c('g'), c('q')], Back, SAID),
];

/// The projector view.
pub const PRESENT: &[Binding] = &[
    b(&[Key::ctrl('c')], QuitNow, SAID),
    b(
        &[c('q'), k(KeyCode::Esc)],
        Quit,
        line(PRESENT_S, "q or Esc", "leave (nothing is written)"),
    ),
];

const fn hint(keys: &'static str, word: &'static str, action: super::Action) -> Hint {
    Hint { keys, word, action }
}

/// The replay's hint line.
pub const REPLAY_BAR: &[Hint] = &[
    hint("space", "play/pause", Pause),
    hint("+/-", "speed", Faster),
    hint("←→", "event", Right),
    hint("g", "step", Jump),
    hint("Home/End", "", Home),
    hint("?", "help", Help),
    hint("q", "quit", Quit),
];
