//! The key table: for each context, which keys do what ([`Action`]), and
//! the words the `?` help, the hint bar and the README's key tables show.
//! One table drives all four: a screen asks [`action`] what a key means
//! and acts on the [`Action`]; the help window reads [`help_sections`];
//! the hint bar reads [`hints`]; `tests/readme_keys.rs` writes
//! [`readme_tables`] into README.md.
//!
//! The tables themselves are in [`table`], the hint bars in [`bars`].

pub mod bars;
pub mod replay;
pub mod table;
pub mod windows;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as the table names it: a key code, and whether Ctrl is held.
/// A key without Ctrl matches whatever other modifiers come with it (an
/// upper-case letter comes with Shift), as the screens always did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl must be held.
    pub ctrl: bool,
}

impl Key {
    /// A character key.
    pub const fn ch(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
        }
    }

    /// A named key (arrows, Enter, Tab, ...).
    pub const fn code(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    /// Ctrl and a character.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    /// Whether a key press is this key.
    pub fn matches(&self, key: &KeyEvent) -> bool {
        key.code == self.code && (!self.ctrl || key.modifiers.contains(KeyModifiers::CONTROL))
    }
}

/// What a key asks for. Screens act on these, never on key codes (text
/// typed into a field stays text: a field's context binds no letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Open the help window.
    Help,
    /// Quit (asks first while a session is live).
    Quit,
    /// Quit at once.
    QuitNow,
    /// Back, or close a window.
    Back,
    /// Move the cursor down.
    Down,
    /// Move the cursor up.
    Up,
    /// Move the cursor left (a choice, a cell).
    Left,
    /// Move the cursor right.
    Right,
    /// Further right (ten seconds later, say).
    FarRight,
    /// Further left.
    FarLeft,
    /// Scroll a page down.
    PageDown,
    /// Scroll a page up.
    PageUp,
    /// To the top.
    Home,
    /// To the bottom.
    Last,
    /// The Commission's statement of values.
    Statement,
    /// Coverage: which ideas earlier groups discussed.
    Coverage,
    /// Next step of the plan.
    NextStep,
    /// Previous step of the plan.
    PrevStep,
    /// The plan window.
    Plan,
    /// A new note.
    NewNote,
    /// A new verbatim quote.
    NewQuote,
    /// Switch between the guide and the notes.
    SwitchPane,
    /// Tick the selected probe.
    Tick,
    /// "Don't know" on the selected rating scale (if it allows it).
    DontKnow,
    /// Next section of the step.
    NextSection,
    /// Previous section of the step.
    PrevSection,
    /// Edit the selected item.
    Edit,
    /// Strike out / remove the selected item.
    Remove,
    /// The flip chart of this step.
    Flipchart,
    /// The values slide.
    Values,
    /// The posters.
    Posters,
    /// Pause or resume the clock.
    Pause,
    /// The roster.
    Roster,
    /// The audio recorder started.
    RecordStart,
    /// The audio recorder stopped.
    RecordStop,
    /// The recordings window.
    Recordings,
    /// Star the selected quote.
    Star,
    /// End the session (or, ended, reopen it).
    End,
    /// The sticker vote.
    Stickers,
    /// The picks.
    Picks,
    /// Rate the idea under discussion.
    Rate,
    /// Stage 3 answers.
    Stage3,
    /// Switch the sticker mode.
    StickerMode,
    /// A digit: a count, an idea number, who said it.
    Digit,
    /// Reveal / hide the tally.
    Reveal,
    /// Enter: accept, save, go there.
    Accept,
    /// Backspace: take back the last digit or character typed.
    Erase,
    /// Choose another idea (picks).
    Other,
    /// Discuss more ideas.
    More,
    /// Discuss fewer ideas.
    Fewer,
    /// Add (a participant, a flip-chart entry).
    Add,
    /// Consent to record.
    Consent,
    /// Out of the room / back in it.
    Presence,
    /// Edit the group profile.
    Profile,
    /// Start the guide.
    Start,
    /// A new line in the note.
    NewLine,
    /// The next field.
    NextField,
    /// Tick a code (editor, on Codes).
    TickCode,
    /// Switch note / quote.
    SwitchKind,
    /// Throw the draft away.
    Discard,
    /// Save a form.
    Save,
    /// Clear the field.
    ClearField,
    /// Yes, to a question.
    Yes,
    /// Any other key: no, to a question.
    No,
    /// Typed text (a field's context).
    Type,
    /// The wall of posters / one poster.
    Wall,
    /// Back to the guide.
    Guide,
    /// The previous field (editor, forms).
    PrevField,
    /// Take back the last word typed (a form's text field).
    EraseWord,
    // Replay and present (issue 14, k4).
    /// Play faster (replay).
    Faster,
    /// Play slower (replay).
    Slower,
    /// The list of steps to jump to (replay).
    Jump,
    /// A character typed where counts, idea numbers or words are typed
    /// (see [`typed_action`]): a key the table binds to [`Action::Digit`],
    /// or, where the context binds [`Action::Type`], any other character.
    Typed(char),
}

/// Where a binding shows in the help window and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Help {
    /// A line of its own.
    Line {
        /// The help section ("Guide", "Idea testing", ...).
        section: &'static str,
        /// The keys as the help shows them ("→ or l").
        label: &'static str,
        /// What it does, as the help says it.
        text: &'static str,
        /// A longer wording for the README, when the help is too terse.
        readme: Option<&'static str>,
    },
    /// Said by a line of another binding (the line before it, or
    /// "Everywhere").
    Said,
}

/// One key binding: keys, what they ask for, and how that is said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// The keys.
    pub keys: &'static [Key],
    /// What they ask for.
    pub action: Action,
    /// Its line in the help.
    pub help: Help,
}

/// One item of a hint bar: the keys shown, the word beside them, and the
/// action of the context's table they stand for. `{ideas}` in the keys is
/// the pack's range of idea numbers ("1-9").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    /// The keys as the bar shows them.
    pub keys: &'static str,
    /// The word beside them.
    pub word: &'static str,
    /// What they do.
    pub action: Action,
}

/// Where keys are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Keys every screen with a session shares.
    Everywhere,
    /// The start screen.
    Start,
    /// The guide.
    Guide,
    /// The guide asking "strike out note N?".
    GuideConfirm,
    /// The sticker vote.
    Stickers,
    /// The picks.
    Picks,
    /// The picks, choosing another idea.
    PicksOther,
    /// Stage 3, choosing a participant.
    Stage3,
    /// The note editor.
    Editor,
    /// The roster.
    Roster,
    /// A form (group profile, participant, Stage 3 answers).
    Forms,
    /// The plan window.
    Plan,
    /// The posters.
    Posters,
    /// The coverage window.
    Coverage,
    /// The flip chart.
    Flipchart,
    /// A yes/no question.
    Confirm,
    /// "Leave now?": y, or q again, leaves.
    ConfirmQuit,
    /// The ratings window.
    Rate,
    /// The recordings window (not while a name is typed).
    Recordings,
    /// The help window: scrolls; any other key closes it.
    Help,
    /// Any other window (help, values slide, statement, rate, recordings).
    Window,
    /// The ended session.
    Ended,
    /// The note editor on Who (after [`Context::Editor`]).
    EditorWho,
    /// The note editor on Codes (after [`Context::Editor`]).
    EditorCodes,
    /// A form's choice field (after [`Context::Forms`]).
    FormChoice,
    // Replay and present (issue 14, k4).
    /// `facilitator replay`, playing or paused.
    Replay,
    /// The replay's "jump to a step" list.
    ReplayJump,
    /// `facilitator present`, the projector view.
    Present,
    /// The recordings window, a name being typed.
    RecordingName,
}

/// The bindings of a context.
pub fn bindings(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Everywhere => table::EVERYWHERE,
        Context::Start => table::START,
        Context::Guide => table::GUIDE,
        Context::GuideConfirm => table::GUIDE_CONFIRM,
        Context::Stickers => table::STICKERS,
        Context::Picks => table::PICKS,
        Context::PicksOther => table::PICKS_OTHER,
        Context::Stage3 => table::STAGE3,
        Context::Editor => table::EDITOR,
        Context::Roster => table::ROSTER,
        Context::Forms => table::FORMS,
        Context::Plan => windows::PLAN,
        Context::Posters => windows::POSTERS,
        Context::Coverage => windows::COVERAGE,
        Context::Flipchart => windows::FLIPCHART,
        Context::Confirm => windows::CONFIRM,
        Context::ConfirmQuit => windows::CONFIRM_QUIT,
        Context::Help => windows::HELP,
        Context::Rate => windows::RATE,
        Context::Recordings => windows::RECORDINGS,
        Context::Window => windows::WINDOW,
        Context::Ended => table::ENDED,
        Context::EditorWho => table::EDITOR_WHO,
        Context::EditorCodes => table::EDITOR_CODES,
        Context::FormChoice => table::FORM_CHOICE,
        // Replay and present (issue 14, k4).
        Context::Replay => replay::REPLAY,
        Context::ReplayJump => replay::REPLAY_JUMP,
        Context::Present => replay::PRESENT,
        Context::RecordingName => windows::RECORDING_NAME,
    }
}

/// What a key press means in a context, if anything.
pub fn action(ctx: Context, key: &KeyEvent) -> Option<Action> {
    bindings(ctx)
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.action)
}

/// What a key press means where digits or words are typed: as [`action`],
/// but a digit comes as [`Action::Typed`] with its character, and so does
/// any character the context does not bind when it binds [`Action::Type`].
pub fn typed_action(ctx: Context, key: &KeyEvent) -> Option<Action> {
    let found = action(ctx, key);
    let KeyCode::Char(c) = key.code else {
        return found;
    };
    match found {
        Some(Action::Digit) => Some(Action::Typed(c)),
        None if bindings(ctx).iter().any(|b| b.action == Action::Type) => Some(Action::Typed(c)),
        other => other,
    }
}

/// The contexts whose bindings the help and the README say, in order.
const HELP_ORDER: [Context; 7] = [
    Context::Everywhere,
    Context::Guide,
    Context::Stickers,
    Context::Picks,
    Context::Editor,
    Context::Roster,
    Context::Forms,
];

/// One help line: the keys, the help's words, the README's words.
pub type HelpLine = (&'static str, &'static str, &'static str);

/// The help's sections in order, each with its lines.
pub fn help_sections() -> Vec<(&'static str, Vec<HelpLine>)> {
    sections_of(&HELP_ORDER)
}

/// The help lines of some contexts, grouped by section in the order met.
fn sections_of(contexts: &[Context]) -> Vec<(&'static str, Vec<HelpLine>)> {
    let mut out: Vec<(&'static str, Vec<HelpLine>)> = Vec::new();
    for ctx in contexts {
        for b in bindings(*ctx) {
            let Help::Line {
                section,
                label,
                text,
                readme,
            } = b.help
            else {
                continue;
            };
            let line = (label, text, readme.unwrap_or(text));
            match out.iter_mut().find(|(s, _)| *s == section) {
                Some((_, lines)) => lines.push(line),
                None => out.push((section, vec![line])),
            }
        }
    }
    out
}

/// A context's hint bar, `{ideas}` replaced with `ideas`.
pub fn hints(_ctx: Context, bar: &'static [Hint], ideas: &str) -> Vec<(String, &'static str)> {
    bar.iter()
        .map(|h| (h.keys.replace("{ideas}", ideas), h.word))
        .collect()
}

/// Whether a context (or, for the keys every screen shares, Everywhere)
/// binds an action.
pub fn is_bound(ctx: Context, action: Action) -> bool {
    [ctx, Context::Everywhere]
        .iter()
        .any(|c| bindings(*c).iter().any(|b| b.action == action))
}

/// The character a key types, if it types one (for a field: its context
/// binds no character, so what is typed is text).
pub fn typed(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) => Some(c),
        _ => None,
    }
}

/// The contexts of the other commands (replay, present): in the README,
/// not in the app's help.
const README_ALSO: [Context; 2] = [Context::Replay, Context::Present];

/// A context's help lines, by section (for contexts outside the app's
/// help: the replay's help window, the README).
pub fn context_sections(ctx: Context) -> Vec<(&'static str, Vec<HelpLine>)> {
    sections_of(&[ctx])
}

/// The README's key tables, one per help section: `(section, markdown)`.
pub fn readme_tables() -> Vec<(&'static str, String)> {
    help_sections()
        .into_iter()
        .chain(README_ALSO.into_iter().flat_map(context_sections))
        .map(|(section, lines)| {
            let mut md = String::from("| key | does |\n|---|---|\n");
            for (label, _, readme) in lines {
                md.push_str(&format!(
                    "| `{}` | {} |\n",
                    label.replace('|', "\\|"),
                    readme.replace('|', "\\|")
                ));
            }
            (section, md)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEvent;

    #[test]
    fn every_hint_bar_names_actions_its_context_binds() {
        for (ctx, bar) in bars::BARS {
            for h in *bar {
                assert!(is_bound(*ctx, h.action), "{ctx:?}: {} {}", h.keys, h.word);
            }
        }
    }

    #[test]
    fn a_key_means_what_the_table_says() {
        let key = |c| KeyEvent::from(KeyCode::Char(c));
        assert_eq!(action(Context::Guide, &key('l')), Some(Action::NextStep));
        assert_eq!(action(Context::Guide, &key('"')), Some(Action::NewQuote));
        assert_eq!(action(Context::Guide, &key('z')), None);
        assert_eq!(action(Context::GuideConfirm, &key('Y')), Some(Action::Yes));
        // Ctrl is needed where the table says so.
        assert_eq!(action(Context::Editor, &key('x')), None);
        let ctrl_x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL);
        assert_eq!(action(Context::Editor, &ctrl_x), Some(Action::Discard));
        // "Leave now?" takes q again as yes; "End the session?" does not.
        assert_eq!(action(Context::ConfirmQuit, &key('q')), Some(Action::Yes));
        assert_eq!(action(Context::Confirm, &key('q')), None);
        assert_eq!(action(Context::Plan, &key('t')), Some(Action::Back));
        assert_eq!(action(Context::Coverage, &key(' ')), Some(Action::PageDown));
    }

    #[test]
    fn a_field_s_context_binds_no_character_so_typing_stays_text() {
        for ctx in [Context::Flipchart, Context::Editor] {
            for b in bindings(ctx) {
                for k in b.keys {
                    assert!(
                        k.ctrl
                            || !matches!(k.code, KeyCode::Char(c) if !c.is_ascii_digit() || ctx == Context::Flipchart),
                        "{ctx:?} binds {k:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_context() {
        for (ctx, _) in bars::BARS {
            let mut seen = Vec::new();
            for b in bindings(*ctx) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{ctx:?}: {k:?} bound twice");
                    seen.push(*k);
                }
            }
        }
    }
}
