//! The sticker screen as drawn: the counts per poster or per participant,
//! with the tally beside them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub use super::tally::{draw_tally, idea_title, over_limit_line};
use crate::domain::event::StickerMode;
use crate::domain::ideas::{self};
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::tui::digits;
use crate::tui::text::{truncate, wrap};
use crate::tui::theme;

/// The sticker screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StickerState {
    /// Selected row (an idea per poster, a participant per participant).
    pub row: usize,
    /// Selected column: per poster 0 green, 1 red; per participant 0, 1 greens, 2 red.
    pub col: usize,
    /// Digits typed into the selected cell, not yet recorded.
    pub typed: String,
    /// Asking to confirm a switch to this way of entering the stickers
    /// (the counts entered the other way would stop counting).
    pub confirm_mode: Option<StickerMode>,
}

/// "per poster" / "per participant".
pub fn mode_words(mode: StickerMode) -> &'static str {
    match mode {
        StickerMode::PerPoster => "per poster",
        StickerMode::PerParticipant => "per participant",
    }
}

/// Whether any sticker was entered in this way of entering them.
pub fn entered_in(s: &SessionState, mode: StickerMode) -> bool {
    match mode {
        StickerMode::PerPoster => s.poster_counts.values().any(|c| *c != (0, 0)),
        StickerMode::PerParticipant => !s.placements.is_empty(),
    }
}

/// Which counts the tally and the picks use, in a line.
pub fn counts_used(s: &SessionState) -> String {
    let mode = s.sticker_mode;
    let other = match mode {
        StickerMode::PerPoster => StickerMode::PerParticipant,
        StickerMode::PerParticipant => StickerMode::PerPoster,
    };
    let what = match mode {
        StickerMode::PerPoster => {
            let n = s.poster_counts.values().filter(|c| **c != (0, 0)).count();
            format!("per poster ({n} posters with stickers)")
        }
        StickerMode::PerParticipant => {
            let voters = s.voters().count();
            let done = s
                .voters()
                .filter(|p| s.placements.contains_key(&p.id))
                .count();
            format!("per participant ({done} of {voters} recorded)")
        }
    };
    let mut line = format!("Counts used: {what}");
    if entered_in(s, other) {
        line.push_str(&format!("; {} not used", mode_words(other)));
    }
    line.push('.');
    line
}

/// Draw the sticker screen.
pub fn draw_stickers(f: &mut Frame, area: Rect, st: &StickerState, s: &SessionState, pack: &Pack) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let present = s.present().count();
    let voters = s.voters().count();
    let width = left.width.saturating_sub(2) as usize;
    let out: Vec<String> = s
        .roster()
        .filter(|p| s.absent.contains(&p.id))
        .map(|p| {
            let counted = s.voters().any(|v| v.id == p.id);
            format!("{}{}", p.label, if counted { " (voted)" } else { "" })
        })
        .collect();
    // The pack's colours: "12 green, 6 red to place" (built-in).
    let voters_n = u32::try_from(voters).unwrap_or(u32::MAX);
    let budget: Vec<String> = pack
        .method
        .votes
        .colours
        .iter()
        .take(2)
        .map(|c| format!("{} {}", c.each.saturating_mul(voters_n), c.label))
        .collect();
    let second = ideas::colour(pack, 1).is_some();
    let mut lines = vec![Line::styled(
        format!(
            "{voters} {} · {} to place",
            if out.is_empty() {
                "present"
            } else {
                "at the vote"
            },
            budget.join(", ")
        ),
        theme::dim(),
    )];
    if !out.is_empty() {
        for w in wrap(&format!("out of the room: {}", out.join(", ")), width) {
            lines.push(Line::styled(w, theme::warn()));
        }
    }
    // The selected cell is marked ›…‹ as well as by colour (NO_COLOR).
    let cell = |text: String, here: bool| {
        if here {
            let inner = text.trim_start_matches('[').trim_end_matches(']');
            Span::styled(format!("›{inner}‹"), theme::selected())
        } else {
            Span::styled(text, theme::text())
        }
    };
    match s.sticker_mode {
        StickerMode::PerPoster => {
            lines.push(Line::styled(
                format!(
                    "  {:<22}{:>7}{:>7}",
                    "poster",
                    ideas::colour_label(pack, 0),
                    ideas::colour_label(pack, 1)
                )
                .trim_end()
                .to_string(),
                theme::heading(),
            ));
            for (i, idea) in pack.ideas.iter().enumerate() {
                let here = i == st.row;
                let (g, r) = s.poster_counts.get(&idea.number).copied().unwrap_or((0, 0));
                let show = |col: usize, v: u32| {
                    if here && st.col == col && !st.typed.is_empty() {
                        format!("{:>3}▏", st.typed)
                    } else {
                        format!("{v:>3} ")
                    }
                };
                let mut row = vec![
                    Span::raw(if here {
                        theme::CURSOR
                    } else {
                        theme::NO_CURSOR
                    }),
                    Span::raw(crate::tui::text::fill(
                        &truncate(&idea_title(pack, idea.number), 21),
                        22,
                    )),
                    Span::raw(" "),
                    cell(format!("[{}]", show(0, g)), here && st.col == 0),
                ];
                if second {
                    row.push(Span::raw(" "));
                    row.push(cell(format!("[{}]", show(1, r)), here && st.col == 1));
                }
                lines.push(Line::from(row));
            }
            lines.push(Line::styled(
                "Type a count; Enter or a move records it.",
                theme::dim(),
            ));
            lines.push(Line::styled(
                "M: enter per participant instead",
                theme::dim(),
            ));
        }
        StickerMode::PerParticipant => {
            lines.push(Line::styled(
                format!(
                    "  {:<14}{:>6}{:>8}{:>6}  left",
                    "who", "green", "green", "red"
                ),
                theme::heading(),
            ));
            let left_of = ideas::stickers_left(pack, s);
            for (i, p) in s.present().enumerate() {
                let here = i == st.row;
                let (greens, red) = s.placements.get(&p.id).cloned().unwrap_or_default();
                // The cell being typed in shows the digits so far.
                let typing = |k: usize| {
                    (here && st.col == k && !st.typed.is_empty()).then(|| format!("{}▏", st.typed))
                };
                let g = |k: usize| {
                    typing(k).unwrap_or_else(|| {
                        greens.get(k).map_or("–".to_string(), |v| v.to_string())
                    })
                };
                let left = left_of
                    .iter()
                    .find(|(id, _, _)| *id == p.id)
                    .map(|(_, g, r)| {
                        format!("{}{}", "●".repeat(*g as usize), "○".repeat(*r as usize))
                    })
                    .unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::raw(if here {
                        theme::CURSOR
                    } else {
                        theme::NO_CURSOR
                    }),
                    Span::raw(crate::tui::text::fill(&truncate(&p.label, 13), 14)),
                    cell(format!("[{:>3}]", g(0)), here && st.col == 0),
                    Span::raw("   "),
                    cell(format!("[{:>3}]", g(1)), here && st.col == 1),
                    Span::raw(" "),
                    cell(
                        format!(
                            "[{:>3}]",
                            typing(2).unwrap_or_else(|| red.map_or("–".into(), |r| r.to_string()))
                        ),
                        here && st.col == 2,
                    ),
                    Span::styled(format!("  {left}"), theme::dim()),
                ]));
            }
            if present == 0 {
                lines.push(Line::styled(
                    "Nobody is present: add participants on the roster (r).",
                    theme::warn(),
                ));
            }
            let numbers: Vec<u32> = pack.ideas.iter().map(|i| i.number).collect();
            lines.push(Line::styled(
                format!(
                    "Type an idea number ({}){}; 0 clears.",
                    digits::range(&numbers),
                    if numbers.iter().any(|n| *n >= 10) {
                        ", Enter ends it"
                    } else {
                        ""
                    }
                ),
                theme::dim(),
            ));
            lines.push(Line::styled(
                "● green left  ○ red left  M: per poster",
                theme::dim(),
            ));
        }
    }
    if let Some(to) = st.confirm_mode {
        let kept = match s.sticker_mode {
            StickerMode::PerPoster => "the poster counts",
            StickerMode::PerParticipant => "the stickers per participant",
        };
        lines.push(Line::raw(""));
        for w in wrap(
            &format!(
                "! Enter {}? The tally and the picks then use only those; {kept} are kept, not counted. y: switch, any other key: stay.",
                mode_words(to)
            ),
            width,
        ) {
            lines.push(Line::styled(w, theme::warn()));
        }
    }
    let title = match s.sticker_mode {
        StickerMode::PerPoster => " Stickers · per poster ",
        StickerMode::PerParticipant => " Stickers · per participant ",
    };
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        left,
    );
    draw_tally(f, right, s, pack);
}
