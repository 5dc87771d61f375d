//! The key tables, one per context (the hint bars are in [`super::bars`]).
//! Bindings are listed in the order the help shows them.

use ratatui::crossterm::event::KeyCode;

use super::Action::{self, *};
use super::{Binding, Help, Key};

pub(super) const fn c(ch: char) -> Key {
    Key::ch(ch)
}

pub(super) const fn k(code: KeyCode) -> Key {
    Key::code(code)
}

const fn line(section: &'static str, label: &'static str, text: &'static str) -> Help {
    Help::Line {
        section,
        label,
        text,
        readme: None,
    }
}

const fn long(
    section: &'static str,
    label: &'static str,
    text: &'static str,
    readme: &'static str,
) -> Help {
    Help::Line {
        section,
        label,
        text,
        readme: Some(readme),
    }
}

pub(super) const fn b(keys: &'static [Key], action: Action, help: Help) -> Binding {
    Binding { keys, action, help }
}

pub(super) const SAID: Help = Help::Said;
const EW: &str = "Everywhere";
const GUIDE_S: &str = "Guide";
const IDEAS: &str = "Idea testing";

pub(super) const DIGITS: &[Key] = &[
    c('0'),
    c('1'),
    c('2'),
    c('3'),
    c('4'),
    c('5'),
    c('6'),
    c('7'),
    c('8'),
    c('9'),
];
pub(super) const DOWN: &[Key] = &[k(KeyCode::Down), c('j')];
pub(super) const UP: &[Key] = &[k(KeyCode::Up), c('k')];
pub(super) const ESC: &[Key] = &[k(KeyCode::Esc)];
pub(super) const ENTER: &[Key] = &[k(KeyCode::Enter)];
pub(super) const YES: &[Key] = &[c('y'), c('Y')];

/// Keys every screen with a session shares.
pub const EVERYWHERE: &[Binding] = &[
    b(
        &[c('?'), k(KeyCode::F(1))],
        Help,
        long(EW, "?", "this help", "this help (also F1)"),
    ),
    b(
        &[c('q')],
        Quit,
        line(
            EW,
            "q",
            "quit (asks first while a session is live; the session stays live)",
        ),
    ),
    b(
        &[Key::ctrl('c')],
        QuitNow,
        line(EW, "Ctrl-C", "quit at once (nothing is lost)"),
    ),
    b(ESC, Back, line(EW, "Esc", "back / close a window")),
    b(DOWN, Down, line(EW, "↑↓ or j k", "move")),
    b(UP, Up, SAID),
    b(
        &[c('m')],
        Statement,
        line(EW, "m", "the Commission's statement of values"),
    ),
    b(&[c('C')], Coverage, SAID),
];

/// The guide.
pub const GUIDE: &[Binding] = &[
    b(
        &[k(KeyCode::Right), c('l')],
        NextStep,
        long(
            GUIDE_S,
            "→ or l",
            "next step",
            "next step (move freely; the clock stays truthful)",
        ),
    ),
    b(
        &[k(KeyCode::Left), c('h')],
        PrevStep,
        line(GUIDE_S, "← or h", "previous step"),
    ),
    b(
        &[c('g'), c('t')],
        Plan,
        long(
            GUIDE_S,
            "g or t",
            "the plan: every step, planned vs actual; Enter jumps",
            "the plan: every step, planned vs actual minutes, where to cut; Enter jumps to a step",
        ),
    ),
    b(&[c('n')], NewNote, line(GUIDE_S, "n", "new note")),
    b(
        &[c('v'), c('"')],
        NewQuote,
        line(GUIDE_S, "v or \"", "new verbatim quote"),
    ),
    b(
        &[k(KeyCode::Tab)],
        SwitchPane,
        long(
            GUIDE_S,
            "Tab",
            "switch between the guide and the notes",
            "switch between the guide and this step's notes",
        ),
    ),
    b(
        &[c(' '), c('x')],
        Tick,
        long(
            GUIDE_S,
            "space or x",
            "tick a probe as covered",
            "tick the selected probe as covered",
        ),
    ),
    b(
        &[c(']')],
        NextSection,
        long(
            GUIDE_S,
            "[ ]",
            "previous / next section of the step",
            "previous / next section of the step (Desirability, Equity, ...)",
        ),
    ),
    b(&[c('[')], PrevSection, SAID),
    b(
        &[c('e')],
        Edit,
        long(
            GUIDE_S,
            "e / d",
            "edit / strike out the selected note (notes side)",
            "edit / strike out the selected note (on the notes side; d asks first)",
        ),
    ),
    b(&[c('d'), k(KeyCode::Delete)], Remove, SAID),
    b(
        &[c('f')],
        Flipchart,
        long(
            GUIDE_S,
            "f",
            "the flip chart of this step",
            "the flip chart of this step (type, Enter to add; Delete strikes out)",
        ),
    ),
    b(
        &[c('w')],
        Values,
        line(GUIDE_S, "w", "the slide \"Values: emerging findings\""),
    ),
    b(
        &[c('P')],
        Posters,
        long(
            GUIDE_S,
            "P",
            "the posters (←/→ browse, a number jumps, w the wall)",
            "the posters (← → browse, an idea's number jumps, w the wall of nine)",
        ),
    ),
    b(
        &[c('p')],
        Pause,
        line(GUIDE_S, "p", "pause / resume the clock"),
    ),
    b(
        &[c('r')],
        Roster,
        line(GUIDE_S, "r", "the roster (consent: c)"),
    ),
    b(
        &[c('o')],
        RecordStart,
        long(
            GUIDE_S,
            "o / O",
            "the audio recorder started / stopped",
            "the audio recorder started / stopped (notes then carry their place on the tape)",
        ),
    ),
    b(&[c('O')], RecordStop, SAID),
    b(
        &[c('T')],
        Recordings,
        long(
            GUIDE_S,
            "T",
            "the recordings: names, correct a start",
            "the recordings: file names, correct a start by ± seconds",
        ),
    ),
    b(
        &[c('*')],
        Star,
        line(
            GUIDE_S,
            "*",
            "star the selected quote as a key verbatim (notes side)",
        ),
    ),
    b(
        &[c('C')],
        Coverage,
        long(
            GUIDE_S,
            "C",
            "coverage: which ideas earlier groups discussed (↑↓ PgUp PgDn scroll)",
            "coverage: which ideas the other groups discussed, and how they were picked (↑↓ or j k, PgUp/PgDn scroll; Esc closes)",
        ),
    ),
    b(
        &[c('E')],
        End,
        long(
            GUIDE_S,
            "E",
            "end the session (read-only after; on an ended one: reopen it, asks first)",
            "end the session: it is read-only after (the screen says how to replay and export it); on an ended session E reopens it (asks first; the reopening is recorded)",
        ),
    ),
    b(
        &[c('S')],
        Stickers,
        long(
            IDEAS,
            "S",
            "stickers (from any step; the guide has the vote in the gallery)",
            "the sticker vote (from any step; the guide has the vote in the gallery)",
        ),
    ),
    b(
        &[c('K')],
        Picks,
        line(
            IDEAS,
            "K",
            "the picks (from any step; the guide has them in the gallery)",
        ),
    ),
    b(
        &[c('R')],
        Rate,
        long(
            IDEAS,
            "R",
            "rate the idea 1-10 and tick equity (in a discussion)",
            "in a discussion: the group's 1-10 ratings (desirable, achievable, equitable) and the equity dimensions raised",
        ),
    ),
    b(
        &[c('A')],
        Stage3,
        long(
            IDEAS,
            "A",
            "Stage 3 answers per participant (from any step; the guide asks them last)",
            "Stage 3 answers per participant: gut reaction, reform needed, which services, too far / not far enough, top tip (from any step; the guide asks them last)",
        ),
    ),
    b(DOWN, Down, SAID),
    b(UP, Up, SAID),
    b(&[c('?')], Help, SAID),
    b(&[c('m')], Statement, SAID),
    b(&[c('q')], Quit, SAID),
];

/// The guide asking whether to strike out a note: y, or any other key.
pub const GUIDE_CONFIRM: &[Binding] = &[b(YES, Yes, SAID)];

/// The sticker vote.
pub const STICKERS: &[Binding] = &[
    b(
        &[c('M')],
        StickerMode,
        long(
            IDEAS,
            "M (stickers)",
            "switch per poster / per participant (asks first if stickers were entered the other way)",
            "switch between counting dots per poster and each participant's stickers (asks first when stickers were entered the other way; the picks say which counts they use)",
        ),
    ),
    b(
        DIGITS,
        Digit,
        line(
            IDEAS,
            "0-9 (stickers)",
            "per poster: a count (Enter or a move records it)",
        ),
    ),
    b(
        &[],
        Digit,
        long(
            IDEAS,
            "number (stickers)",
            "per participant: an idea number (Enter ends one that a longer number begins with); 0 clears",
            "per participant: the idea for the cell (Enter ends a number that a longer one begins with); 0 or Backspace clears",
        ),
    ),
    b(
        &[c('r')],
        Reveal,
        line(IDEAS, "r (stickers)", "reveal / hide the tally"),
    ),
    b(
        ESC,
        Back,
        long(
            IDEAS,
            "Esc (stickers)",
            "drop a count typed but not recorded (says so); any other key records it first",
            "drop a count typed but not yet recorded (the status line says so); any other key that leaves the cell records it first, with its checks",
        ),
    ),
    b(&[k(KeyCode::Left)], Left, SAID),
    b(&[k(KeyCode::Right)], Right, SAID),
    b(&[k(KeyCode::Up)], Up, SAID),
    b(&[k(KeyCode::Down)], Down, SAID),
    b(&[c('K')], Picks, SAID),
    b(YES, Yes, SAID),
    b(&[], No, SAID),
    // Keys the sticker screen always took, said by the lines above.
    b(ENTER, Accept, SAID),
    b(&[k(KeyCode::Backspace)], Erase, SAID),
    b(&[c('h')], Left, SAID),
    b(&[c('l'), k(KeyCode::Tab)], Right, SAID),
    b(&[c('P')], Posters, SAID),
];

/// The picks.
pub const PICKS: &[Binding] = &[
    b(
        ENTER,
        Accept,
        line(IDEAS, "Enter (picks)", "accept the suggestion for the slot"),
    ),
    b(
        &[c('o')],
        Other,
        line(
            IDEAS,
            "o (picks)",
            "choose another idea: its number, then the reason (needed)",
        ),
    ),
    b(
        &[c('+')],
        More,
        long(
            IDEAS,
            "+ - (picks)",
            "discuss more / fewer ideas: 2 or 3 (3 = the joker is played)",
            "discuss more / fewer ideas: 2 or 3 (3 means the joker is played); each change is said on the status line",
        ),
    ),
    b(&[c('-')], Fewer, SAID),
    b(&[k(KeyCode::Up)], Up, SAID),
    b(&[k(KeyCode::Down)], Down, SAID),
    b(ESC, Back, SAID),
    // Keys the picks screen always took, said by the lines above.
    b(&[c('=')], More, SAID),
    b(&[c('S')], Stickers, SAID),
];

/// The picks, choosing another idea: its number, then the reason.
pub const PICKS_OTHER: &[Binding] = &[
    b(DIGITS, Digit, SAID),
    b(&[], Type, SAID),
    b(ENTER, Accept, SAID),
    b(ESC, Back, SAID),
    // Backspace takes back a digit or a letter of the reason.
    b(&[k(KeyCode::Backspace)], Erase, SAID),
];

/// Stage 3, choosing a participant.
pub const STAGE3: &[Binding] = &[
    b(UP, Up, SAID),
    b(DOWN, Down, SAID),
    b(&[k(KeyCode::Enter), c('e')], Accept, SAID),
    b(ESC, Back, SAID),
    b(&[c('?')], Help, SAID),
    b(&[c('m')], Statement, SAID),
    b(&[c('C')], Coverage, SAID),
    b(&[c('q')], Quit, SAID),
];

/// The note editor.
pub const EDITOR: &[Binding] = &[
    b(ENTER, Accept, line("Note editor", "Enter", "save")),
    b(
        &[Key::ctrl('j')],
        NewLine,
        line("Note editor", "Alt-Enter or Ctrl-J", "new line"),
    ),
    b(
        &[k(KeyCode::Tab)],
        NextField,
        line("Note editor", "Tab", "move to Who, then Codes"),
    ),
    b(
        DIGITS,
        Digit,
        long(
            "Note editor",
            "1-9, 0",
            "who said it (on Who), ←/→ to step, - for nobody",
            "who said it (on Who; roster order), ← → to step, - for nobody",
        ),
    ),
    b(
        &[],
        TickCode,
        line("Note editor", "space", "tick a code (on Codes)"),
    ),
    b(
        &[Key::ctrl('t')],
        SwitchKind,
        line("Note editor", "Ctrl-T", "switch note / quote"),
    ),
    b(
        ESC,
        Back,
        long(
            "Note editor",
            "Esc",
            "hide, keeping the draft",
            "hide the editor, keeping the draft",
        ),
    ),
    b(
        &[Key::ctrl('x')],
        Discard,
        line("Note editor", "Ctrl-X", "throw the draft away"),
    ),
    b(&[k(KeyCode::BackTab)], PrevField, SAID),
];

/// The roster.
pub const ROSTER: &[Binding] = &[
    b(&[c('a')], Add, line("Roster", "a", "add a participant")),
    b(
        &[c('e'), k(KeyCode::Enter)],
        Edit,
        line("Roster", "e or Enter", "edit the selected participant"),
    ),
    b(
        &[c('d')],
        Remove,
        long(
            "Roster",
            "d",
            "remove (asks first)",
            "remove (asks first; their quotes keep their attribution)",
        ),
    ),
    b(
        &[c('c')],
        Consent,
        line("Roster", "c", "consent to record: yes / no"),
    ),
    b(
        &[c('o')],
        Presence,
        long(
            "Roster",
            "o",
            "out of the room / back in it (recorded with the time; the vote counts who was there)",
            "out of the room / back in it, recorded with the time: sticker limits, the tally and Stage 3 count who was there when the stickers were entered (someone who leaves after voting keeps their stickers); exports say who left and when",
        ),
    ),
    b(
        &[c('p')],
        Profile,
        line("Roster", "p", "edit the group profile"),
    ),
    b(
        &[c('s')],
        Start,
        line("Roster", "s", "start the guide (the clock starts)"),
    ),
    b(ESC, Guide, SAID),
    b(&[k(KeyCode::Delete)], Remove, SAID),
    b(DOWN, Down, SAID),
    b(UP, Up, SAID),
    b(YES, Yes, SAID),
    b(&[c('?')], Help, SAID),
    b(&[c('m')], Statement, SAID),
    b(&[c('C')], Coverage, SAID),
    b(&[c('q')], Quit, SAID),
];

/// A form.
pub const FORMS: &[Binding] = &[
    b(
        &[k(KeyCode::Tab), k(KeyCode::Down)],
        NextField,
        line("Forms", "Tab or ↓ / ↑", "next / previous field"),
    ),
    b(
        &[k(KeyCode::Left)],
        Left,
        line("Forms", "←/→", "change a choice"),
    ),
    b(&[k(KeyCode::Right)], Right, SAID),
    b(&[k(KeyCode::Up), k(KeyCode::BackTab)], PrevField, SAID),
    b(
        ENTER,
        Accept,
        line("Forms", "Enter", "next field; on the last, save"),
    ),
    b(&[Key::ctrl('s')], Save, line("Forms", "Ctrl-S", "save")),
    b(
        &[Key::ctrl('u')],
        ClearField,
        line("Forms", "Ctrl-U", "clear the field"),
    ),
    b(ESC, Back, SAID),
    b(&[Key::ctrl('w')], EraseWord, SAID),
    b(&[k(KeyCode::Backspace)], Erase, SAID),
];

/// The start screen.
pub const START: &[Binding] = &[
    b(UP, Up, SAID),
    b(DOWN, Down, SAID),
    b(ENTER, Accept, SAID),
    b(&[c('n')], Add, SAID),
    b(&[c('?')], Help, SAID),
    // Nothing is live yet: q leaves at once.
    b(&[k(KeyCode::Esc), c('q')], QuitNow, SAID),
];

/// The ended session.
pub const ENDED: &[Binding] = &[
    b(&[c('E')], End, SAID),
    b(&[c('q')], Quit, SAID),
    b(&[c('m')], Statement, SAID),
    b(&[c('?')], Help, SAID),
    b(&[c('C')], Coverage, SAID),
    b(YES, Yes, SAID),
    b(&[], No, SAID),
];

/// The note editor on Who: a step through the roster, or nobody (the
/// digits are in [`EDITOR`]).
pub const EDITOR_WHO: &[Binding] = &[
    b(&[k(KeyCode::Right), c('l'), c(' ')], Right, SAID),
    b(&[k(KeyCode::Left), c('h')], Left, SAID),
    b(
        &[c('-'), k(KeyCode::Backspace), k(KeyCode::Delete)],
        ClearField,
        SAID,
    ),
];

/// The note editor on Codes.
pub const EDITOR_CODES: &[Binding] = &[
    b(&[k(KeyCode::Right), c('l')], Right, SAID),
    b(&[k(KeyCode::Left), c('h')], Left, SAID),
    b(&[c(' '), c('x')], TickCode, SAID),
];

/// A form's choice field, after [`FORMS`]: space and l/h step too.
pub const FORM_CHOICE: &[Binding] = &[b(&[c(' '), c('l')], Right, SAID), b(&[c('h')], Left, SAID)];
