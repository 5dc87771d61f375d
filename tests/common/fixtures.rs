//! Fixtures of events and sessions.
