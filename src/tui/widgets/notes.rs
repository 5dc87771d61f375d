//! The note list: a step's notes and quotes as the guide screen's right
//! pane shows them.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::domain::clock::tape;
use crate::domain::event::NoteKind;
use crate::domain::plan::PlanStep;
use crate::domain::session::Session;
use crate::domain::state::{Note, SessionState};
use crate::stimulus::Pack;
use crate::tui::text::{hanging, truncate};
use crate::tui::theme;

/// A note or quote as lines of the notes pane: the time, the text wrapped
/// (at most four lines), then who said it and its codes.
pub fn note_lines(
    n: &Note,
    state: &SessionState,
    selected: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let mark = if selected {
        theme::CURSOR
    } else {
        theme::NO_CURSOR
    };
    let style = if selected {
        theme::selected()
    } else {
        theme::text()
    };
    // Only the lines that show are laid out (a note may be very long).
    let indent = 10;
    let text_w = width.saturating_sub(indent).max(10);
    let mut wrapped = match n.kind {
        NoteKind::Quote => crate::tui::text::wrap_max(&format!("“{}”", n.text), text_w, 5),
        NoteKind::Note => crate::tui::text::wrap_max(&n.text, text_w, 5),
    };
    if wrapped.len() > 4 {
        wrapped.truncate(4);
        if let Some(last) = wrapped.last_mut() {
            last.push('…');
        }
    }
    let mut lines = Vec::new();
    for (i, w) in wrapped.into_iter().enumerate() {
        let lead = if i == 0 {
            vec![
                Span::raw(mark),
                Span::styled(n.at.format("%H:%M ").to_string(), theme::dim()),
                Span::styled(
                    if n.kind == NoteKind::Quote {
                        "❝ "
                    } else {
                        "• "
                    },
                    theme::key(),
                ),
            ]
        } else {
            vec![Span::raw(" ".repeat(indent))]
        };
        let mut spans = lead;
        spans.push(Span::styled(w, style));
        lines.push(Line::from(spans));
    }
    let mut who = Vec::new();
    if n.starred {
        who.push("★".to_string());
    }
    match state.note_offset(n) {
        Some((rec, off)) if state.recordings.len() > 1 => {
            who.push(format!("[{rec}: {}]", tape(off)))
        }
        Some((_, off)) => who.push(format!("[{}]", tape(off))),
        None if !state.recordings.is_empty() => who.push("[not on tape]".to_string()),
        None => {}
    }
    if let Some(p) = n.participant.and_then(|id| state.participants.get(&id)) {
        who.push(format!("— {}: {}", p.label, p.attribution(&state.profile)));
    }
    if !n.codes.is_empty() {
        who.push(format!("[{}]", n.codes.join(", ")));
    }
    if n.edited {
        who.push("(edited)".into());
    }
    if !who.is_empty() {
        lines.extend(hanging(
            &" ".repeat(indent),
            &who.join(" "),
            theme::dim(),
            width,
        ));
    }
    lines
}

/// The notes pane: this step's notes and quotes, the selected one kept in
/// view, as a bordered paragraph for `area`.
pub fn notes_panel<'a>(
    st: &GuideState,
    ps: &PlanStep,
    session: &Session,
    pack: &Pack,
    area: Rect,
) -> Paragraph<'a> {
    let state = session.state();
    let width = area.width.saturating_sub(2) as usize;
    let height = area.height.saturating_sub(2) as usize;
    let notes: Vec<&Note> = state.notes_in(&ps.key).collect();
    let mut lines: Vec<Line> = Vec::new();
    let flip = state.flipchart.get(&ps.key).filter(|l| !l.is_empty());
    if let Some(list) = flip {
        lines.push(Line::styled(
            format!("Flip chart ({}) · f", list.len()),
            theme::heading(),
        ));
        lines.push(Line::raw(truncate(&list.join(" · "), width * 2)));
    } else if ps.guide(pack).is_some_and(|(_, s)| s.flipchart) {
        lines.push(Line::styled("f: the flip chart", theme::dim()));
    }
    if notes.is_empty() {
        lines.push(Line::styled("No notes in this step yet.", theme::dim()));
        lines.push(Line::styled("n: note   v: verbatim quote", theme::dim()));
    }
    let sel = st.note.min(notes.len().saturating_sub(1));
    // Lay out only the notes that can show (a step may hold thousands):
    // walk back from the anchor (the selected note, or the end) until the
    // rows above it are filled, then forward until the pane is full.
    let room = height.saturating_sub(lines.len());
    let layout = |i: usize| note_lines(notes[i], state, st.pane == Pane::Notes && i == sel, width);
    let (anchor, above) = match (st.pane, st.confirm_delete) {
        (Pane::Notes, None) => (sel, room.saturating_sub(2)),
        // The question goes last, with two rows free below it.
        (Pane::Notes, Some(_)) => (notes.len(), room.saturating_sub(3)),
        (Pane::Guide, _) => (notes.len(), room),
    };
    let mut chunks = Vec::new();
    let mut rows = 0;
    let mut i = anchor.min(notes.len());
    while i > 0 && rows < above {
        i -= 1;
        let chunk = layout(i);
        rows += chunk.len();
        chunks.push(chunk);
    }
    let mut window: Vec<Line> = chunks.into_iter().rev().flatten().collect();
    let skip = window.len().saturating_sub(above);
    window.drain(..skip);
    let mut j = anchor;
    while j < notes.len() && window.len() < room {
        window.extend(layout(j));
        j += 1;
    }
    if let Some(id) = st.confirm_delete {
        window.push(Line::styled(
            format!("! Strike out note {id}? y to strike out, any other key to keep."),
            theme::warn(),
        ));
    }
    lines.extend(window);
    let title = format!(
        "{}Notes ({}) ",
        if st.pane == Pane::Notes { " › " } else { " " },
        notes.len()
    );
    Paragraph::new(lines).block(Block::bordered().title(title))
}

/// Which side of the guide screen has the cursor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pane {
    /// The guide: probes can be ticked.
    #[default]
    Guide,
    /// The notes of this step: can be edited or struck out.
    Notes,
}

/// The guide screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuideState {
    /// Which pane has the cursor.
    pub pane: Pane,
    /// Selected probe.
    pub probe: usize,
    /// Selected note (index among this step's notes).
    pub note: usize,
    /// Asking to confirm striking out this note.
    pub confirm_delete: Option<u32>,
    /// Lines the guide pane is scrolled by hand (steps without probes).
    pub scroll: u16,
}
