//! The app's data, and nothing else: the screens ([`Screen`]), the
//! windows over them ([`Overlay`]), what a screen asks for ([`Outcome`])
//! and the small states they hold. It knows no screen, window, editor or
//! `App`, so the screens, windows and editor import it and nothing here
//! imports them: no module cycle inside `crate::tui` (see
//! `tests/tui_layers.rs`).

use chrono::NaiveDate;

use crate::domain::event::{Event, NoteKind};
use crate::domain::profile::GroupProfile;
use crate::tui::form::Form;
use crate::tui::widgets::guide::GuideState;
use crate::tui::widgets::picks::PickState;
use crate::tui::widgets::questionnaire::QuestionnaireState;
use crate::tui::widgets::roster::RosterState;
use crate::tui::widgets::stickers::StickerState;

/// The main screens.
#[derive(Debug, PartialEq)]
pub enum Screen {
    /// Choose: a new group, or resume an unfinished session.
    Start(StartState),
    /// The group profile form (new group, or editing the profile).
    Setup(Form),
    /// The roster.
    Roster(RosterState),
    /// The guide, step by step.
    Guide(GuideState),
    /// The sticker vote and its tally.
    Stickers(StickerState),
    /// Choosing the ideas to discuss.
    Picks(PickState),
    /// A questionnaire's answers per participant (the built-in Stage 3's too).
    Questionnaire(QuestionnaireState),
    /// The session has ended: read-only, with a way to reopen it.
    Ended(EndedState),
}

/// What a screen asks the app to do.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Nothing beyond the screen's own state.
    Nothing,
    /// Record an event; once recorded, say `said` (if any) on the status line.
    Record {
        /// The event.
        event: Event,
        /// What the status line says once it is recorded.
        said: Option<String>,
    },
    /// Each in turn, stopping at the first that fails (an event refused).
    Chain(Vec<Outcome>),
    /// Say something on the status line.
    Flash(String),
    /// Refuse, saying why (shown with "!").
    Refuse(String),
    /// Open a window over the screen.
    Open(Overlay),
    /// The help window, on the keys of the screen showing.
    Help,
    /// Switch to another screen.
    Goto(Screen),
    /// The picks screen (coverage is read again first).
    Picks,
    /// Go to a step of the plan.
    Step(String),
    /// Open the editor on a new note or quote (or show the draft).
    Write(NoteKind),
    /// Open the editor on a saved note.
    EditNote(u32),
    /// Quit (asks first while a session is live).
    Quit,
    /// Quit at once.
    QuitNow,
    /// Carry on with an unfinished session: opened off the key path.
    Resume(String),
    /// Close the note editor (its draft goes with it).
    CloseEditor,
    /// Close the roster's participant form.
    CloseForm,
    /// Leave the profile form with no session open: the start screen if
    /// the folder holds sessions, else quit.
    StartOrQuit,
    /// Create a session for this group: made and synced off the key path.
    Create {
        /// The group.
        profile: GroupProfile,
        /// The plan's id.
        plan: String,
        /// The session's date (for its id).
        date: NaiveDate,
    },
    // Windows (issue 14, k4).
    /// Close the window over the screen.
    Close,
    /// Show the ended session, if the session is over.
    ShowEnded,
    /// The same action once more, on the session as it is now (ends a
    /// [`Outcome::Chain`]: a typed sticker count is recorded first).
    Redo,
}

/// A window over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Every key, the ones for where the moderator is first.
    Help {
        /// Lines scrolled.
        scroll: u16,
        /// The help section (see [`crate::tui::keys::help_sections`]) to show first.
        first: &'static str,
    },
    /// The slide "Values: emerging findings".
    Values,
    /// The Commission's statement of values.
    Statement,
    /// The plan: every step, planned and actual minutes; Enter jumps.
    Plan {
        /// Selected step.
        sel: usize,
    },
    /// The posters, one at a time or the wall of nine.
    Posters {
        /// Index of the poster shown.
        idea: usize,
        /// Show all titles at once.
        wall: bool,
        /// Digits typed towards an idea number (see [`crate::tui::digits`]).
        typed: String,
    },
    /// The flip chart of a step.
    Flipchart {
        /// Plan step key.
        step: String,
        /// Selected entry.
        sel: usize,
        /// The entry being typed.
        input: String,
    },
    /// The group's ratings of an idea on the pack's scales and the equity
    /// dimensions raised; or the group's one rating (a pack whose group
    /// rates once).
    Rate {
        /// The idea (`None`: the group's one rating).
        idea: Option<u32>,
        /// Selected row: the scales, then the dimensions.
        sel: usize,
    },
    /// Which ideas earlier groups discussed, and how they were picked.
    Coverage {
        /// Lines scrolled.
        scroll: u16,
    },
    /// The audio recordings: start, stop, name, correct the start.
    Recordings {
        /// Selected recording (0-based).
        sel: usize,
        /// A file name being typed for the selected recording.
        naming: Option<String>,
    },
    /// "Leave now?" while a session is live.
    ConfirmQuit,
    /// "End the session?"
    ConfirmFinish,
}

impl Overlay {
    /// The posters: the one at index `idea`, or the wall.
    pub fn posters(idea: usize, wall: bool) -> Overlay {
        Overlay::Posters {
            idea,
            wall,
            typed: String::new(),
        }
    }

    /// The flip chart of a step, ready to type.
    pub fn flipchart(step: String) -> Overlay {
        Overlay::Flipchart {
            step,
            sel: 0,
            input: String::new(),
        }
    }
}

/// The ended screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EndedState {
    /// Asking to confirm reopening the session.
    pub confirm_reopen: bool,
}

/// An unfinished session that can be resumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resumable {
    /// Its id.
    pub id: String,
    /// One line about it.
    pub line: String,
}

/// The start screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartState {
    /// Unfinished sessions, newest first.
    pub sessions: Vec<Resumable>,
    /// Files that could not be read, with why.
    pub problems: Vec<String>,
    /// Selected row: 0 is "new group", then the sessions.
    pub sel: usize,
    /// While the folder is still being read: how many sessions it holds.
    pub looking: Option<usize>,
    /// With several sessions folders: the folder of the sessions from
    /// this index of `sessions` on (its name shown above them).
    pub headings: Vec<(usize, String)>,
}
