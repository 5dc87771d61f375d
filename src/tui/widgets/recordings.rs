//! The recordings window: each recording, its start and its length.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::frame::window;
use crate::domain::clock::hms;
use crate::domain::session::Session;
use crate::tui::theme;

/// Draw the recordings with `sel` selected; `naming`: a file name being typed.
pub fn draw_recordings(
    f: &mut Frame,
    area: Rect,
    session: Option<&Session>,
    sel: usize,
    naming: Option<&String>,
    now: DateTime<Utc>,
) {
    let Some(session) = session else { return };
    let s = session.state();
    let mut lines = vec![Line::styled(
        "Notes and quotes carry their place on the tape (h:mm:ss) from when you began typing them.",
        theme::dim(),
    )];
    if s.recordings.is_empty() {
        lines.push(Line::styled(
            "No recording yet: o marks the recorder started.",
            theme::warn(),
        ));
    }
    for (i, r) in s.recordings.iter().enumerate() {
        let here = i == sel.min(s.recordings.len().saturating_sub(1));
        let state = match r.stopped {
            None => format!("● running, {} so far", hms((now - r.start()).num_seconds())),
            Some(stop) => {
                format!("■ stopped, {} long", hms((stop - r.start()).num_seconds()))
            }
        };
        let shift = match r.shift {
            0 => String::new(),
            s if s > 0 => format!(" · start corrected +{s}s"),
            s => format!(" · start corrected {s}s"),
        };
        let name = r.name.clone().unwrap_or_else(|| "(no file name)".into());
        lines.push(theme::row(
            format!(
                "{}. {} · from {}{shift} · {state}",
                i + 1,
                name,
                r.start().format("%H:%M:%S")
            ),
            here,
            theme::text(),
        ));
    }
    if let Some(name) = naming {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("File name: ", theme::heading()),
            Span::raw(name.clone()),
            Span::styled("▏", theme::key()),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "o start · O stop · ←/→ start ±1 s, </> ±10 s (the recorder started later/earlier) · n name",
        theme::dim(),
    ));
    window(f, area, "Recordings", lines, 78, 16);
}
