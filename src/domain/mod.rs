//! The domain core: the session timeline and everything computed from it.
//! Nothing here knows of the terminal; anything that depends on time takes
//! `now` as an argument.

pub mod clock;
pub mod draft;
pub mod event;
pub mod ideas;
pub mod identity;
pub mod plan;
pub mod profile;
pub mod questionnaire;
pub mod session;
pub mod state;
pub mod summary;

#[cfg(test)]
mod tests;
