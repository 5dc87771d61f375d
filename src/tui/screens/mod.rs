//! The main screens, each with its own small state, key handling and drawing.

pub mod ended;
pub mod guide;
pub mod ideas;
pub mod roster;
pub mod setup;
pub mod start;

use super::form::Form;
use ended::EndedState;
use guide::GuideState;
use ideas::{PickState, Stage3State, StickerState};
use roster::RosterState;
use start::StartState;

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
    /// Stage 3 answers per participant.
    Stage3(Stage3State),
    /// The session has ended: read-only, with a way to reopen it.
    Ended(EndedState),
}
