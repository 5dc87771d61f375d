//! The picks screen as drawn: the slots with their suggestion, ties and
//! rule, and the idea chosen instead.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::stickers::{counts_used, idea_title, over_limit_line};
use crate::domain::event::PickKind;
use crate::domain::ideas::{self, Coverage, Suggestion};
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::tui::digits;
use crate::tui::text::{truncate, wrap};
use crate::tui::theme;

/// The picks screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PickState {
    /// Selected slot (0-based).
    pub sel: usize,
    /// Choosing another idea than the suggestion: (idea typed, reason typed, typing the reason).
    pub other: Option<(Option<u32>, String)>,
    /// Digits typed towards the other idea's number (see [`digits`]).
    pub digits: String,
}

/// Why a slot's idea is discussed: the pack's pick for the slot (past the
/// last, the last).
pub fn slot_kind(pack: &Pack, slot: u32) -> PickKind {
    ideas::kind_of_slot(pack, slot)
        .or_else(|| {
            pack.method
                .picks
                .last()
                .map(|p| PickKind::new(p.id.clone()))
        })
        .unwrap_or_else(|| PickKind::new(String::new()))
}

/// "most popular" etc. (the pack's words).
pub fn kind_words(pack: &Pack, kind: &PickKind) -> String {
    ideas::pick_label(pack, kind).to_string()
}

/// A slot's suggestion, tie and rule, as lines.
pub fn suggestion_lines(pack: &Pack, sug: &Suggestion, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(i) = sug.idea {
        let mut text = format!("   suggested: {}", idea_title(pack, i));
        if sug.tied.len() > 1 {
            let tied: Vec<String> = sug.tied.iter().map(|t| t.to_string()).collect();
            text.push_str(&format!("  · TIE: {}", tied.join(", ")));
        }
        lines.push(Line::styled(truncate(&text, width), theme::warn()));
    }
    for w in crate::tui::text::wrap(&format!("rule: {}", sug.rule), width.saturating_sub(5)) {
        lines.push(Line::styled(format!("     {w}"), theme::dim()));
    }
    for w in crate::tui::text::wrap(&sug.counts, width.saturating_sub(5)) {
        lines.push(Line::styled(format!("     {w}"), theme::dim()));
    }
    lines
}

/// "1 idea", "3 ideas": `n` options in the method's word.
pub fn ideas_words(method: &crate::stimulus::method::Method, n: u32) -> String {
    format!("{n} {}", method.options_word(n))
}

/// Draw the picks screen.
pub fn draw_picks(
    f: &mut Frame,
    area: Rect,
    st: &PickState,
    session: &Session,
    pack: &Pack,
    coverage: &Coverage,
    reading: bool,
) {
    let s = session.state();
    let slots = ideas::slot_count(pack, s, session.plan());
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(
        format!(
            "This group discusses {}{} · +/- to change",
            ideas_words(&pack.method, slots),
            // The pack's last slot (built-in: the joker).
            match pack.method.picks.last() {
                Some(last) if slots >= pack.max_slots() => format!(" ({} played)", last.label),
                Some(last) => format!(" (no {})", last.label),
                None => String::new(),
            }
        ),
        theme::dim(),
    )];
    for w in wrap(&counts_used(s, &pack.method.wording.tokens), width) {
        lines.push(Line::styled(w, theme::dim()));
    }
    if let Some(w) = over_limit_line(&ideas::tally(pack, s)) {
        for l in wrap(&w, width) {
            lines.push(Line::styled(l, theme::warn()));
        }
    }
    // The pick that counts the other groups (built-in: the joker), if any.
    let counter = pack
        .method
        .picks
        .iter()
        .find(|p| p.rule == crate::stimulus::method::PickRule::Coverage)
        .map(|p| p.label.as_str());
    if reading {
        lines.push(Line::styled(
            match counter {
                Some(label) => format!("Reading the other groups' sessions for the {label}…"),
                None => "Reading the other groups' sessions…".to_string(),
            },
            theme::warn(),
        ));
    } else {
        // Whose groups the counts come from, so a stale copy shows.
        lines.push(Line::styled(
            super::whose::whose_line(coverage, width, counter),
            theme::dim(),
        ));
    }
    // Where the selected slot ends: it is kept in view.
    let mut sel_end = 0;
    for slot in 1..=slots {
        let kind = slot_kind(pack, slot);
        let here = st.sel as u32 + 1 == slot;
        let picked = s.picks.get(&slot);
        let head = match picked {
            Some(p) => format!(
                "{slot}. {}: ✓ {}{}",
                kind_words(pack, &kind),
                idea_title(pack, p.idea),
                p.reason
                    .as_ref()
                    .map(|r| format!(" (chosen over {}: {r})", p.suggested))
                    .unwrap_or_default()
            ),
            None => format!("{slot}. {}: not chosen yet", kind_words(pack, &kind)),
        };
        // Wrapped, not cut: the reason for choosing another idea is the
        // group's own words.
        for (i, part) in crate::tui::text::wrap(&head, width.saturating_sub(5))
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                lines.push(theme::row(part, here, theme::heading()));
            } else {
                lines.push(Line::styled(format!("     {part}"), theme::heading()));
            }
        }
        let sug = ideas::suggest(pack, s, coverage, kind);
        lines.extend(suggestion_lines(pack, &sug, width));
        if here {
            sel_end = lines.len();
        }
    }
    let mut ask: Vec<Line> = Vec::new();
    if let Some((idea, reason)) = &st.other {
        match idea {
            None => ask.push(Line::from(vec![
                Span::styled(
                    format!(
                        "Another idea: type its number ({}): ",
                        digits::range(&pack.ideas.iter().map(|i| i.number).collect::<Vec<_>>())
                    ),
                    theme::key(),
                ),
                Span::raw(st.digits.clone()),
                Span::styled("▏", theme::key()),
            ])),
            Some(i) => {
                ask.push(Line::styled(
                    format!("Choose {} instead. Why? (needed)", idea_title(pack, *i)),
                    theme::key(),
                ));
                // The reason wraps; its last lines show as it grows.
                let mut typed =
                    crate::tui::text::hanging("> ", reason, theme::text(), width.saturating_sub(1));
                let keep = typed.len().saturating_sub(3);
                typed.drain(..keep);
                if let Some(last) = typed.last_mut() {
                    last.spans.push(Span::styled("▏", theme::key()));
                }
                ask.extend(typed);
            }
        }
    }
    let title = format!(
        " Picks · Enter accepts the suggestion · o another {} ",
        pack.method.wording.option
    );
    let mut block = Block::bordered().title(title);
    let inner = block.inner(area);
    let ask_h = if ask.is_empty() {
        0
    } else {
        ask.len() as u16 + 1
    };
    let [list, prompt] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(ask_h)]).areas(inner);
    // Scrolled, never cut: the selected slot stays in view, and what is
    // below says how much more there is.
    let rows = list.height as usize;
    let sel_head = lines
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content == theme::CURSOR))
        .unwrap_or(0);
    let scroll = sel_end.saturating_sub(rows).min(sel_head);
    let below = lines.len().saturating_sub(scroll + rows);
    if below > 0 {
        block = block.title_bottom(format!(" ↓ {below} more (↑↓ choose a slot) "));
    }
    f.render_widget(block, area);
    f.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), list);
    if !ask.is_empty() {
        let mut with_gap = vec![Line::raw("")];
        with_gap.extend(ask);
        f.render_widget(Paragraph::new(with_gap), prompt);
    }
}
