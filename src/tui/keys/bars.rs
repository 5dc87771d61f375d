//! The hint bars, each made of actions of a context's key table (a test
//! checks that every hint names an action its context binds).

use super::Action::*;
use super::{Context, Hint};

const fn hint(keys: &'static str, word: &'static str, action: super::Action) -> Hint {
    Hint { keys, word, action }
}

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

/// The ratings window on a scale that allows "don't know".
pub const RATE_DONT_KNOW_BAR: &[Hint] = &[
    hint("d", "don't know", DontKnow),
    hint("Esc", "close", Back),
];

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
    (Context::Rate, RATE_DONT_KNOW_BAR),
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
    // Replay and present (issue 14, k4).
    (Context::Replay, super::replay::REPLAY_BAR),
    (Context::ReplayJump, &[]),
    (Context::Present, &[]),
    (Context::RecordingName, &[]),
];
