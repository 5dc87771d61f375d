//! Styles. Every meaning carried by colour is also carried by a glyph or
//! words, so the app reads the same with NO_COLOR or `TERM=dumb`
//! (crossterm then drops colours and attributes alike).

use ratatui::style::{Color, Modifier, Style};

use crate::domain::clock::Level;

/// Whether colours and attributes are off: `NO_COLOR` set (not empty), or
/// a terminal that says it has none (`TERM=dumb`).
pub fn colourless(no_color: Option<&std::ffi::OsStr>, term: Option<&std::ffi::OsStr>) -> bool {
    no_color.is_some_and(|v| !v.is_empty()) || term.is_some_and(|t| t == "dumb")
}

/// Tell crossterm whether to write colours, from the environment
/// ([`colourless`]). crossterm itself honours only `NO_COLOR`.
pub fn honour_terminal() {
    let off = colourless(
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("TERM").as_deref(),
    );
    ratatui::crossterm::style::force_color_output(!off);
}

/// Plain text.
pub fn text() -> Style {
    Style::default()
}

/// Headings and titles.
pub fn heading() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// Less important text (hints, times).
pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

/// The selected row (also marked with "›").
pub fn selected() -> Style {
    Style::default().fg(Color::Black).bg(Color::Cyan)
}

/// Keys in the hint bar.
pub fn key() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

/// Moderator notes from the guide.
pub fn moderator() -> Style {
    Style::default().fg(Color::Magenta)
}

/// Good news (saved, ahead of plan).
pub fn ok() -> Style {
    Style::default().fg(Color::Green)
}

/// A warning (behind plan, unusual roster size).
pub fn warn() -> Style {
    Style::default().fg(Color::Yellow)
}

/// An error or refusal.
pub fn error() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// How the vote's colours are told apart (by `domain::ideas::colour_slot`):
/// a style, and the glyph its bars are drawn with (readable without colour).
pub fn vote_colour(slot: usize) -> (Style, &'static str) {
    const LOOKS: [(Color, &str); 6] = [
        (Color::Green, "█"),
        (Color::Red, "░"),
        (Color::Yellow, "▒"),
        (Color::Blue, "▓"),
        (Color::Magenta, "▚"),
        (Color::Cyan, "▞"),
    ];
    match slot {
        0 => (ok(), LOOKS[0].1),
        1 => (error(), LOOKS[1].1),
        _ => {
            let (c, g) = LOOKS[slot % LOOKS.len()];
            (Style::default().fg(c), g)
        }
    }
}

/// The countdown's style and glyph for how close the step is to its end.
pub fn level(level: Level) -> (Style, &'static str) {
    match level {
        Level::Plenty => (ok(), "●"),
        Level::Low => (warn(), "◐"),
        Level::Critical => (error(), "○"),
        Level::Over => (error().add_modifier(Modifier::REVERSED), "▲"),
    }
}

/// A row of a list: the `›` cursor and the selection colour when `here`,
/// else `normal` (the glyph keeps the selection visible with NO_COLOR).
pub fn row(text: impl Into<String>, here: bool, normal: Style) -> ratatui::text::Line<'static> {
    use ratatui::text::{Line, Span};
    Line::from(vec![
        Span::raw(if here { CURSOR } else { NO_CURSOR }),
        Span::styled(text.into(), if here { selected() } else { normal }),
    ])
}

/// Marker for the selected row.
pub const CURSOR: &str = "› ";
/// Marker for an unselected row.
pub const NO_CURSOR: &str = "  ";

#[cfg(test)]
mod tests {
    use super::colourless;
    use std::ffi::OsStr;

    #[test]
    fn term_dumb_is_colourless_like_no_color() {
        let o = |s| Some(OsStr::new(s));
        assert!(colourless(None, o("dumb")));
        assert!(colourless(o("1"), o("xterm-256color")));
        assert!(!colourless(None, o("xterm-256color")));
        assert!(!colourless(o(""), o("xterm")));
        assert!(!colourless(None, None));
    }
}
