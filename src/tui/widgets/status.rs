//! The status line: the last message (or a save failure) on the left, cut
//! with "…" before the indicators on the right: a note's draft kept, and
//! whether what was recorded is saved.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::text::{truncate, width};
use crate::tui::theme;

/// Where saving stands, as the indicator shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saving {
    /// No session open: no indicator.
    NoSession,
    /// The last write failed.
    Failed,
    /// Everything recorded is in the journal.
    Saved,
    /// A write is still under way.
    Pending,
}

/// What the status line shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The words on the left.
    pub text: String,
    /// The words are an error (shown as one).
    pub error: bool,
    /// A note's draft is kept while its editor is hidden.
    pub draft: bool,
    /// Where saving stands.
    pub saving: Saving,
}

/// Draw the status line into `area` (one line).
pub fn draw(f: &mut Frame, area: Rect, st: &Status) {
    let save_tag = match st.saving {
        Saving::Failed => Span::styled(" ! NOT SAVED ", theme::error()),
        // Written to the journal: a crash or kill no longer loses it.
        Saving::Saved => Span::styled(" ✓ saved ", theme::ok()),
        Saving::Pending => Span::styled(" … saving ", theme::dim()),
        Saving::NoSession => Span::raw(""),
    };
    let draft = st.draft.then_some(" ✎ draft kept ");
    let right_w = save_tag.width() as u16 + draft.map_or(0, |d| width(d) as u16);
    let [l, r] = Layout::horizontal([Constraint::Min(10), Constraint::Length(right_w)]).areas(area);
    // A space is kept between the words and the indicator.
    let room = (l.width as usize).saturating_sub(1);
    let left = Span::styled(
        truncate(&st.text, room),
        if st.error {
            theme::error()
        } else {
            theme::ok()
        },
    );
    f.render_widget(Paragraph::new(Line::from(left)), l);
    let mut spans = Vec::new();
    if let Some(d) = draft {
        spans.push(Span::styled(d, theme::warn()));
    }
    spans.push(save_tag);
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}
