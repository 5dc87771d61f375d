//! Drawing shared by the live app, the replay and the projector: each
//! widget takes plain data (state slices, the pack, the time) and draws
//! into a rectangle. None changes the app's state; none knows `App`.
//!
//! Screens:
//! - [`guide`]: the guide screen (questions and probes beside the note list).
//! - [`countdown`]: the step's countdown: in the guide's header, and on the
//!   projector in large digits ([`bigfont`]).
//! - [`notes`]: the note list of a step.
//! - [`roster`]: the roster of the group.
//! - [`stickers`]: the sticker vote's counts.
//! - [`tally`]: the tally chart.
//! - [`picks`]: the three picks with their suggestions.
//! - [`questionnaire`]: a pack's questionnaire per participant.
//! - [`timeline`]: the replay's timeline bar.
//! - [`whose`]: whose groups the coverage counts (picks and coverage).
//!
//! - [`status`]: the status line (message, draft kept, saved).
//!
//! Windows over a screen ([`frame`] centres and frames them):
//! - [`slides`], [`plan`], [`poster`], [`flipchart`], [`rating`],
//!   [`coverage`], [`recordings`], [`confirm`].

pub mod bigfont;
pub mod confirm;
pub mod countdown;
pub mod coverage;
pub mod flipchart;
pub mod frame;
pub mod guide;
pub mod notes;
pub mod picks;
pub mod plan;
pub mod poster;
pub mod questionnaire;
pub mod rating;
pub mod recordings;
pub mod roster;
pub mod slides;
pub mod status;
pub mod stickers;
pub mod tally;
pub mod timeline;
pub mod whose;
