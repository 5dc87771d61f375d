//! facilitator: a terminal app for a moderator leading a deliberative
//! discussion group.
//!
//! Module map:
//! - [`stimulus`]: the discussion guide and the nine posters, as data.
//! - [`domain`]: the session timeline (events), the state folded from it,
//!   the plan and the clock. No terminal code.
//! - [`store`]: the sessions folder: journal, snapshots, locks, recovery.

pub mod domain;
pub mod stimulus;
pub mod store;
