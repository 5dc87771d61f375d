//! Small text layout helpers shared by the screens: word wrap, cutting
//! with an ellipsis, hanging indents, and laying out items in a row.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Greedy word wrap to `width` characters (a word longer than the width
/// is cut).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > width {
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
        }
        let need = cur.chars().count() + usize::from(!cur.is_empty()) + word.chars().count();
        if need > width && !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(&word);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Cut a string to `width` characters, with "…" when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The two header lines: where we are, and the clocks.
/// `text` wrapped to `width` with `lead` before the first line and as many
/// spaces before the others.
pub fn hanging(lead: &str, text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    let lw = lead.chars().count();
    wrap(text, width.saturating_sub(lw).max(10))
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let lead = if i == 0 {
                lead.to_string()
            } else {
                " ".repeat(lw)
            };
            Line::from(vec![Span::styled(lead, style), Span::styled(w, style)])
        })
        .collect()
}

/// Lay out items left to right, a space between, starting a new line when
/// the next item would not fit (an item is never split).
pub fn flow(items: Vec<(String, Style)>, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut cur: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (text, style) in items {
        let w = text.chars().count();
        if used > 0 && used + 1 + w > width {
            lines.push(Line::from(std::mem::take(&mut cur)));
            used = 0;
        }
        if used > 0 {
            cur.push(Span::raw(" "));
            used += 1;
        }
        used += w;
        cur.push(Span::styled(text, style));
    }
    lines.push(Line::from(cur));
    lines
}

/// `s` in a column `width` wide: cut with "…" when longer, padded with
/// spaces when shorter (measured as [`truncate`] measures).
pub fn fit(s: &str, width: usize) -> String {
    let t = truncate(s, width);
    let used = t.chars().count();
    format!("{t}{}", " ".repeat(width.saturating_sub(used)))
}
