//! The key tables, one per context, and the hint bars drawn from them.
//! Bindings are listed in the order the help shows them.

use ratatui::crossterm::event::KeyCode;

use super::Action::{self, *};
use super::{Binding, Context, Help, Hint, Key};

const fn c(ch: char) -> Key {
    Key::ch(ch)
}

const fn k(code: KeyCode) -> Key {
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

const fn b(keys: &'static [Key], action: Action, help: Help) -> Binding {
    Binding { keys, action, help }
}

const fn hint(keys: &'static str, word: &'static str, action: Action) -> Hint {
    Hint { keys, word, action }
}

const SAID: Help = Help::Said;
const EW: &str = "Everywhere";
const GUIDE_S: &str = "Guide";
const IDEAS: &str = "Idea testing";

const DIGITS: &[Key] = &[
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
const DOWN: &[Key] = &[k(KeyCode::Down), c('j')];
const UP: &[Key] = &[k(KeyCode::Up), c('k')];
const ESC: &[Key] = &[k(KeyCode::Esc)];
const ENTER: &[Key] = &[k(KeyCode::Enter)];
const YES: &[Key] = &[c('y'), c('Y')];

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
];

/// The picks, choosing another idea: its number, then the reason.
pub const PICKS_OTHER: &[Binding] = &[
    b(DIGITS, Digit, SAID),
    b(&[], Type, SAID),
    b(ENTER, Accept, SAID),
    b(ESC, Back, SAID),
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
        &[k(KeyCode::Left), k(KeyCode::Right)],
        Left,
        line("Forms", "←/→", "change a choice"),
    ),
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

/// The bindings of a context.
pub fn bindings(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Everywhere => EVERYWHERE,
        Context::Start => START,
        Context::Guide => GUIDE,
        Context::GuideConfirm => GUIDE_CONFIRM,
        Context::Stickers => STICKERS,
        Context::Picks => PICKS,
        Context::PicksOther => PICKS_OTHER,
        Context::Stage3 => STAGE3,
        Context::Editor => EDITOR,
        Context::Roster => ROSTER,
        Context::Forms => FORMS,
        Context::Plan => PLAN,
        Context::Posters => POSTERS,
        Context::Coverage => COVERAGE,
        Context::Flipchart => FLIPCHART,
        Context::Confirm => CONFIRM,
        Context::ConfirmQuit => CONFIRM_QUIT,
        Context::Help => HELP,
        Context::Rate => RATE,
        Context::Recordings => RECORDINGS,
        Context::Window => WINDOW,
        Context::Ended => ENDED,
    }
}

// ---------------------------------------------------------------------------
// Hint bars
// ---------------------------------------------------------------------------

/// The guide in the gallery (stickers and picks).
pub const GUIDE_GALLERY_BAR: &[Hint] = &[
    hint("←→", "step", NextStep),
    hint("P", "posters", Posters),
    hint("S", "stickers", Stickers),
    hint("K", "picks", Picks),
    hint("C", "coverage", Coverage),
    hint("g", "plan", Plan),
    hint("?", "help", Help),
    hint("q", "quit", Quit),
];

/// The guide in a discussion of a picked idea.
pub const GUIDE_DISCUSSION_BAR: &[Hint] = &[
    hint("←→", "step", NextStep),
    hint("n", "note", NewNote),
    hint("v", "quote", NewQuote),
    hint("[ ]", "section", NextSection),
    hint("R", "rate", Rate),
    hint("P", "poster", Posters),
    hint("?", "help", Help),
    hint("q", "quit", Quit),
];

/// The guide in its last step (Stage 3).
pub const GUIDE_STAGE3_BAR: &[Hint] = &[
    hint("←→", "step", NextStep),
    hint("A", "answers", Stage3),
    hint("n", "note", NewNote),
    hint("v", "quote", NewQuote),
    hint("E", "end", End),
    hint("g", "plan", Plan),
    hint("?", "help", Help),
    hint("q", "quit", Quit),
];

/// The guide in any other step.
pub const GUIDE_BAR: &[Hint] = &[
    hint("←→", "step", NextStep),
    hint("n", "note", NewNote),
    hint("v", "quote", NewQuote),
    hint("space", "tick", Tick),
    hint("p", "pause", Pause),
    hint("g", "plan", Plan),
    hint("?", "help", Help),
    hint("q", "quit", Quit),
];

/// A yes/no window.
pub const CONFIRM_BAR: &[Hint] = &[hint("y", "yes", Yes), hint("any key", "no", No)];

/// The plan window.
pub const PLAN_BAR: &[Hint] = &[
    hint("↑↓", "step", Down),
    hint("Enter", "go there", Accept),
    hint("Esc", "close", Back),
];

/// The posters.
pub const POSTERS_BAR: &[Hint] = &[
    hint("←→", "poster", Right),
    hint("{ideas}", "idea", Digit),
    hint("w", "wall/single", Wall),
    hint("Esc", "close", Back),
];

/// The coverage window.
pub const COVERAGE_BAR: &[Hint] = &[
    hint("↑↓ jk", "scroll", Down),
    hint("PgUp/PgDn", "page", PageDown),
    hint("Esc", "close", Back),
];

/// The flip chart.
pub const FLIPCHART_BAR: &[Hint] = &[
    hint("type", "entry", Type),
    hint("Enter", "add", Add),
    hint("Del", "strike out", Remove),
    hint("Esc", "close", Back),
];

/// Any other window.
pub const WINDOW_BAR: &[Hint] = &[hint("Esc", "close", Back)];

/// The note editor.
pub const EDITOR_BAR: &[Hint] = &[
    hint("Enter", "save", Accept),
    hint("Tab", "who/codes", NextField),
    hint("Esc", "keep draft", Back),
    hint("^X", "discard", Discard),
];

/// The start screen.
pub const START_BAR: &[Hint] = &[
    hint("↑↓", "choose", Down),
    hint("Enter", "open", Accept),
    hint("n", "new group", Add),
    hint("?", "help", Help),
    hint("q", "quit", QuitNow),
];

/// The group profile form.
pub const SETUP_BAR: &[Hint] = &[
    hint("Tab/↓", "next field", NextField),
    hint("←→", "choice", Left),
    hint("^S", "save", Save),
    hint("Esc", "back", Back),
];

/// A participant's form on the roster.
pub const ROSTER_FORM_BAR: &[Hint] = &[
    hint("Tab/↓", "next field", NextField),
    hint("^S", "save", Save),
    hint("Esc", "cancel", Back),
];

/// The roster once the guide has started.
pub const ROSTER_STARTED_BAR: &[Hint] = &[
    hint("a", "add", Add),
    hint("e", "edit", Edit),
    hint("d", "remove", Remove),
    hint("c", "consent", Consent),
    hint("o", "out/back", Presence),
    hint("p", "profile", Profile),
    hint("Esc", "guide", Guide),
    hint("?", "help", Help),
];

/// The roster before the guide starts.
pub const ROSTER_BAR: &[Hint] = &[
    hint("a", "add", Add),
    hint("e", "edit", Edit),
    hint("d", "remove", Remove),
    hint("c", "consent", Consent),
    hint("o", "out/back", Presence),
    hint("p", "profile", Profile),
    hint("s", "start guide", Start),
    hint("?", "help", Help),
];

/// The sticker vote asking to switch mode.
pub const STICKERS_CONFIRM_BAR: &[Hint] = &[hint("y", "switch", Yes), hint("any key", "stay", No)];

/// The sticker vote per participant (the digits are idea numbers).
pub const STICKERS_PERSON_BAR: &[Hint] = &[
    hint("{ideas}", "idea", Digit),
    hint("0", "clear", Digit),
    hint("←→↑↓", "cell", Right),
    hint("M", "mode", StickerMode),
    hint("r", "reveal", Reveal),
    hint("K", "picks", Picks),
    hint("Esc", "guide", Back),
];

/// The sticker vote per poster.
pub const STICKERS_BAR: &[Hint] = &[
    hint("0-9", "count", Digit),
    hint("←→↑↓", "cell", Right),
    hint("M", "mode", StickerMode),
    hint("r", "reveal", Reveal),
    hint("K", "picks", Picks),
    hint("Esc", "guide", Back),
];

/// The picks, choosing another idea.
pub const PICKS_OTHER_BAR: &[Hint] = &[
    hint("{ideas}", "idea", Digit),
    hint("type", "reason", Type),
    hint("Enter", "choose", Accept),
    hint("Esc", "cancel", Back),
];

/// The picks.
pub const PICKS_BAR: &[Hint] = &[
    hint("↑↓", "slot", Down),
    hint("Enter", "accept", Accept),
    hint("o", "other idea", Other),
    hint("+/-", "ideas", More),
    hint("C", "coverage", Coverage),
    hint("Esc", "guide", Back),
];

/// A Stage 3 participant's form.
pub const STAGE3_FORM_BAR: &[Hint] = &[
    hint("Tab/↓", "next field", NextField),
    hint("←→", "choice", Left),
    hint("^S", "save", Save),
    hint("Esc", "cancel", Back),
];

/// The ended session asking to reopen.
pub const ENDED_CONFIRM_BAR: &[Hint] = &[hint("y", "reopen", Yes), hint("any key", "no", No)];

/// The ended session.
pub const ENDED_BAR: &[Hint] = &[
    hint("E", "reopen", End),
    hint("q", "quit", Quit),
    hint("m", "statement", Statement),
    hint("?", "help", Help),
];

/// Stage 3, choosing a participant.
pub const STAGE3_BAR: &[Hint] = &[
    hint("↑↓", "who", Down),
    hint("Enter", "answers", Accept),
    hint("Esc", "guide", Back),
    hint("?", "help", Help),
];

/// Every hint bar with the context whose table it speaks for.
pub const BARS: &[(Context, &[Hint])] = &[
    (Context::Guide, GUIDE_GALLERY_BAR),
    (Context::Guide, GUIDE_DISCUSSION_BAR),
    (Context::Guide, GUIDE_STAGE3_BAR),
    (Context::Guide, GUIDE_BAR),
    (Context::Confirm, CONFIRM_BAR),
    (Context::ConfirmQuit, CONFIRM_BAR),
    (Context::Plan, PLAN_BAR),
    (Context::Posters, POSTERS_BAR),
    (Context::Coverage, COVERAGE_BAR),
    (Context::Flipchart, FLIPCHART_BAR),
    (Context::Help, WINDOW_BAR),
    (Context::Rate, WINDOW_BAR),
    (Context::Recordings, WINDOW_BAR),
    (Context::Window, WINDOW_BAR),
    (Context::Editor, EDITOR_BAR),
    (Context::Start, START_BAR),
    (Context::Forms, SETUP_BAR),
    (Context::Forms, ROSTER_FORM_BAR),
    (Context::Roster, ROSTER_STARTED_BAR),
    (Context::Roster, ROSTER_BAR),
    (Context::Stickers, STICKERS_CONFIRM_BAR),
    (Context::Stickers, STICKERS_PERSON_BAR),
    (Context::Stickers, STICKERS_BAR),
    (Context::PicksOther, PICKS_OTHER_BAR),
    (Context::Picks, PICKS_BAR),
    (Context::Forms, STAGE3_FORM_BAR),
    (Context::Ended, ENDED_CONFIRM_BAR),
    (Context::Ended, ENDED_BAR),
    (Context::Stage3, STAGE3_BAR),
];
