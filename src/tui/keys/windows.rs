//! The key tables of the windows over the screen: the plan, the posters,
//! coverage, the flip chart, the questions, the recordings, the ratings,
//! help and the others.

use ratatui::crossterm::event::KeyCode;

use super::Action::*;
use super::Binding;
use super::table::{DIGITS, DOWN, ENTER, ESC, SAID, UP, YES, b, c, k};

/// The plan window.
pub const PLAN: &[Binding] = &[
    b(DOWN, Down, SAID),
    b(UP, Up, SAID),
    b(ENTER, Accept, SAID),
    b(&[k(KeyCode::Esc), c('q'), c('g'), c('t')], Back, SAID),
];

/// The posters.
pub const POSTERS: &[Binding] = &[
    b(
        &[k(KeyCode::Right), c('l'), k(KeyCode::Down), c('j')],
        Right,
        SAID,
    ),
    b(
        &[k(KeyCode::Left), c('h'), k(KeyCode::Up), c('k')],
        Left,
        SAID,
    ),
    b(&[c('w')], Wall, SAID),
    b(DIGITS, Digit, SAID),
    b(ENTER, Accept, SAID),
    b(&[k(KeyCode::Backspace)], Erase, SAID),
    b(&[k(KeyCode::Esc), c('q'), c('P')], Back, SAID),
];

/// The coverage window.
pub const COVERAGE: &[Binding] = &[
    b(DOWN, Down, SAID),
    b(UP, Up, SAID),
    b(&[k(KeyCode::PageDown), c(' ')], PageDown, SAID),
    b(&[k(KeyCode::PageUp)], PageUp, SAID),
    b(&[k(KeyCode::Home)], Home, SAID),
    b(&[k(KeyCode::End)], Last, SAID),
    b(
        &[k(KeyCode::Esc), c('q'), c('C'), k(KeyCode::Enter)],
        Back,
        SAID,
    ),
];

/// The flip chart.
pub const FLIPCHART: &[Binding] = &[
    b(&[], Type, SAID),
    b(ENTER, Add, SAID),
    b(&[k(KeyCode::Delete)], Remove, SAID),
    b(ESC, Back, SAID),
    b(&[k(KeyCode::Backspace)], Erase, SAID),
    // Arrows only: j and k are letters of the entry.
    b(&[k(KeyCode::Up)], Up, SAID),
    b(&[k(KeyCode::Down)], Down, SAID),
];

/// A yes/no question.
pub const CONFIRM: &[Binding] = &[b(YES, Yes, SAID), b(&[], No, SAID)];

/// "Leave now?": q again leaves too.
pub const CONFIRM_QUIT: &[Binding] = &[b(&[c('y'), c('Y'), c('q')], Yes, SAID), b(&[], No, SAID)];

/// The recordings window, choosing a recording (a name being typed is text).
pub const RECORDINGS: &[Binding] = &[
    b(DOWN, Down, SAID),
    b(UP, Up, SAID),
    b(&[k(KeyCode::Right), c('l')], Right, SAID),
    b(&[k(KeyCode::Left), c('h')], Left, SAID),
    b(&[c('>')], FarRight, SAID),
    b(&[c('<')], FarLeft, SAID),
    b(&[c('n')], Edit, SAID),
    b(&[c('o')], RecordStart, SAID),
    b(&[c('O')], RecordStop, SAID),
    b(&[k(KeyCode::Esc), c('T'), c('q')], Back, SAID),
];

/// The ratings window: a scale's value, or an equity dimension ticked.
pub const RATE: &[Binding] = &[
    b(DOWN, Down, SAID),
    b(UP, Up, SAID),
    b(&[k(KeyCode::Esc), k(KeyCode::Enter), c('R')], Back, SAID),
    b(DIGITS, Digit, SAID),
    b(&[k(KeyCode::Right), c('l')], Right, SAID),
    b(&[k(KeyCode::Left), c('h')], Left, SAID),
    b(&[c(' '), c('x')], Tick, SAID),
    // Acted on only on a scale that allows it (the window and its hint bar
    // say so there).
    b(&[c('d'), c('D')], DontKnow, SAID),
];

/// The help window.
pub const HELP: &[Binding] = &[
    b(DOWN, Down, SAID),
    b(UP, Up, SAID),
    b(&[k(KeyCode::PageDown), c(' ')], PageDown, SAID),
    b(&[k(KeyCode::PageUp)], PageUp, SAID),
    b(ESC, Back, SAID),
];

/// Any other window.
pub const WINDOW: &[Binding] = &[b(ESC, Back, SAID)];

// Windows as components (issue 14, k4).

/// The recordings window, a name being typed (what is typed is the name).
pub const RECORDING_NAME: &[Binding] = &[
    b(&[], Type, SAID),
    b(ESC, Back, SAID),
    b(ENTER, Accept, SAID),
    b(&[k(KeyCode::Backspace)], Erase, SAID),
];
