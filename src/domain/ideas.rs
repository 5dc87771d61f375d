//! Idea testing: sticker votes, their checks, the tally, the three picks
//! with their tie rules, and the coverage of ideas across groups.
//! (Being written.)

use super::event::Event;
use super::plan::Plan;
use super::session::Refused;
use super::state::SessionState;
use crate::stimulus::Pack;

/// Check an idea-testing event against the state; `Ok` if it may be recorded.
pub fn check(_pack: &Pack, _state: &SessionState, _plan: &Plan, _event: &Event) -> Result<(), Refused> {
    Ok(())
}
