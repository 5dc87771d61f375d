//! What the integration tests share (`mod common;` in each test file):
//! the pty harness, the moderator's App-on-TestBackend harness, the
//! fixtures of events and sessions, and waiting with a deadline.
//! Each test file uses a part of it, so the rest is dead code (and its
//! re-exports unused imports) there.
#![allow(dead_code, unused_imports)]

pub mod climate;
pub mod fixtures;
pub mod folders;
pub mod groups;
pub mod moderator;
pub mod pty;
pub mod synctool;
pub mod wait;
