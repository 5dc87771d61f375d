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
    /// Selected column: per poster a colour of the vote; per participant
    /// a cell (built-in: 0, 1 greens, 2 red).
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
        StickerMode::PerPoster => s.poster_counts.values().any(|c| !c.is_empty()),
        StickerMode::PerParticipant => !s.placements.is_empty(),
    }
}

/// Which counts the tally and the picks use, in a line (`tokens`: the
/// method's word, "stickers").
pub fn counts_used(s: &SessionState, tokens: &str) -> String {
    let mode = s.sticker_mode;
    let other = match mode {
        StickerMode::PerPoster => StickerMode::PerParticipant,
        StickerMode::PerParticipant => StickerMode::PerPoster,
    };
    let what = match mode {
        StickerMode::PerPoster => {
            let n = s.poster_counts.values().filter(|c| !c.is_empty()).count();
            format!("per poster ({n} posters with {tokens})")
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

/// The text as one line if it fits, else wrapped.
fn fitted(text: &str, width: usize) -> Vec<String> {
    if crate::tui::text::width(text) <= width {
        vec![text.to_string()]
    } else {
        wrap(text, width)
    }
}

/// "a" or "an" before a word ("an idea", "a proposal").
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Per participant, the cells of a row: (colour, which of its tokens),
/// `each` cells for each colour in order.
pub fn cells(each: impl Iterator<Item = u32>) -> Vec<(usize, usize)> {
    each.enumerate()
        .flat_map(|(i, n)| (0..n as usize).map(move |k| (i, k)))
        .collect()
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
        .map(|c| format!("{} {}", c.each.saturating_mul(voters_n), c.label))
        .collect();
    let colours = &pack.method.votes.colours;
    let head = format!(
        "{voters} {} · {} to place",
        if out.is_empty() {
            "present"
        } else {
            "at the vote"
        },
        budget.join(", ")
    );
    let mut lines: Vec<Line> = fitted(&head, width)
        .into_iter()
        .map(|l| Line::styled(l, theme::dim()))
        .collect();
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
            // The title narrows as colours are added (22 for two).
            let title_w = 22usize
                .saturating_sub(7 * colours.len().saturating_sub(2))
                .max(8);
            let mut head = format!("  {:<title_w$}", "poster");
            for c in colours {
                head.push_str(&format!("{:>7}", c.label));
            }
            lines.push(Line::styled(head.trim_end().to_string(), theme::heading()));
            let counts_of = |idea: u32| {
                s.poster_counts
                    .get(&idea)
                    .map(|c| ideas::counts_by_colour(pack, c))
                    .unwrap_or_else(|| vec![0; colours.len()])
            };
            for (i, idea) in pack.ideas.iter().enumerate() {
                let here = i == st.row;
                let counts = counts_of(idea.number);
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
                        &truncate(&idea_title(pack, idea.number), title_w - 1),
                        title_w,
                    )),
                ];
                for (col, v) in counts.iter().enumerate() {
                    row.push(Span::raw(" "));
                    row.push(cell(format!("[{}]", show(col, *v)), here && st.col == col));
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
            let cells = cells(colours.iter().map(|c| c.each));
            let numbers: Vec<u32> = pack.ideas.iter().map(|i| i.number).collect();
            // The built-in three cells as they always were; more cells
            // narrower, the name taking what is left.
            let wide = cells.len() <= 3;
            let inner = if wide {
                3
            } else {
                numbers
                    .iter()
                    .map(|n| n.to_string().len())
                    .max()
                    .unwrap_or(1)
                    + 1
            };
            // Before cell k: cells of one colour closer than of two.
            let same =
                |k: usize| k > 0 && cells.get(k).map(|c| c.0) == cells.get(k - 1).map(|c| c.0);
            let gap = |k: usize| match (k, wide, same(k)) {
                (0, _, _) => "",
                (_, true, true) => "   ",
                (_, true, false) => " ",
                (_, false, true) => " ",
                (_, false, false) => "  ",
            };
            let name_w = if wide {
                14
            } else {
                let row_w: usize = (0..cells.len()).map(|k| gap(k).len() + inner + 2).sum();
                let each: u32 = colours.iter().map(|c| c.each).sum();
                width
                    .saturating_sub(2 + row_w + 2 + each as usize)
                    .clamp(6, 14)
            };
            let mut head = format!("  {:<name_w$}", "who");
            if wide {
                // A label over each cell, right-aligned one past it (as
                // the built-in head always was).
                for (k, (i, _)) in cells.iter().enumerate() {
                    let label = colours.get(*i).map_or("", |c| c.label.as_str());
                    let w = gap(k).len() + inner + 2 + usize::from(k == 0);
                    head.push_str(&format!("{label:>w$}"));
                }
            } else {
                // A label over each colour's cells.
                for (k, (i, j)) in cells.iter().enumerate() {
                    if *j > 0 {
                        continue;
                    }
                    let n = colours.get(*i).map_or(1, |c| c.each as usize);
                    let w = n * (inner + 2) + (n - 1);
                    let label = colours.get(*i).map_or("", |c| c.label.as_str());
                    head.push_str(&format!("{}{:<w$}", gap(k), truncate(label, w)));
                }
            }
            head.push_str("  left");
            lines.push(Line::styled(truncate(&head, width), theme::heading()));
            let left_of = ideas::stickers_left(pack, s);
            // What marks a token left: ● the green look, ○ the red, else
            // the colour's own glyph.
            let mark = |i: usize| match ideas::colour_slot(pack, i) {
                0 => "●".to_string(),
                1 => "○".to_string(),
                _ => colours.get(i).map_or(String::new(), |c| c.glyph.clone()),
            };
            for (r, p) in s.present().enumerate() {
                let here = r == st.row;
                let placed = s
                    .placements
                    .get(&p.id)
                    .map(|v| ideas::places_by_colour(pack, v))
                    .unwrap_or_default();
                // The cell being typed in shows the digits so far.
                let text = |k: usize| {
                    if here && st.col == k && !st.typed.is_empty() {
                        return format!("{}▏", st.typed);
                    }
                    let (i, j) = cells[k];
                    placed
                        .get(i)
                        .and_then(|o| o.get(j))
                        .map_or("–".to_string(), |v| v.to_string())
                };
                let left = left_of
                    .iter()
                    .find(|(id, _)| *id == p.id)
                    .map(|(_, left)| {
                        left.iter()
                            .enumerate()
                            .map(|(i, n)| mark(i).repeat(*n as usize))
                            .collect::<String>()
                    })
                    .unwrap_or_default();
                let mut row = vec![
                    Span::raw(if here {
                        theme::CURSOR
                    } else {
                        theme::NO_CURSOR
                    }),
                    Span::raw(crate::tui::text::fill(
                        &truncate(&p.label, name_w - 1),
                        name_w,
                    )),
                ];
                for k in 0..cells.len() {
                    if !gap(k).is_empty() {
                        row.push(Span::raw(gap(k)));
                    }
                    row.push(cell(format!("[{:>inner$}]", text(k)), here && st.col == k));
                }
                row.push(Span::styled(format!("  {left}"), theme::dim()));
                lines.push(Line::from(row));
            }
            if present == 0 {
                lines.push(Line::styled(
                    "Nobody is present: add participants on the roster (r).",
                    theme::warn(),
                ));
            }
            let w = &pack.method.wording;
            for l in fitted(
                &format!(
                    "Type {} {} number ({}){}; 0 clears.",
                    article(&w.option),
                    w.option,
                    digits::range(&numbers),
                    if numbers.iter().any(|n| *n >= 10) {
                        ", Enter ends it"
                    } else {
                        ""
                    }
                ),
                width,
            ) {
                lines.push(Line::styled(l, theme::dim()));
            }
            let legend: Vec<String> = colours
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{} {} left", mark(i), c.label))
                .collect();
            let all = format!("{}  M: per poster", legend.join("  "));
            let parts = if crate::tui::text::width(&all) <= width {
                vec![all]
            } else {
                let mut v = fitted(&legend.join("  "), width);
                v.push("M: per poster".to_string());
                v
            };
            for l in parts {
                lines.push(Line::styled(l, theme::dim()));
            }
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
    let title = format!(
        " {} · {} ",
        crate::tui::text::capitalise_first(&pack.method.wording.tokens),
        mode_words(s.sticker_mode)
    );
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        left,
    );
    draw_tally(f, right, s, pack);
}
