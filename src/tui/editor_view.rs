//! Drawing the note editor's text box. The text is kept and edited by
//! ratatui-textarea, but drawn here: the widget highlights its cursor one
//! character at a time, which splits a grapheme cluster (Bengali "শা"
//! drawn as "শ" and a lone vowel sign that ratatui then drops), and it
//! measures with the width table rather than the terminal. Here rows are
//! cut between grapheme clusters, measured with [`text::width`], only the
//! rows that show are drawn, and the cursor is the terminal's own (it
//! shows with NO_COLOR too).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

use crate::tui::text;

/// One row on the screen: which line, and the bytes of it shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The line (0-based).
    pub line: usize,
    /// First byte shown.
    pub start: usize,
    /// One past the last byte shown.
    pub end: usize,
}

/// `line` cut into rows of at most `width` columns, after a space where
/// one is at hand, else between two grapheme clusters. Linear in the line.
pub fn wrap_line(line: &str, index: usize, width: usize, rows: &mut Vec<Row>) {
    let width = width.max(1);
    let mut start = 0;
    let mut used = 0;
    // Where the row may end after a space, and the columns up to there.
    let mut after_space: Option<(usize, usize)> = None;
    for (i, g) in line.grapheme_indices(true) {
        let w = text::cluster_width(g);
        if used + w > width && i > start {
            let cut = match after_space {
                Some((at, cols)) if at > start => {
                    used -= cols;
                    at
                }
                _ => {
                    used = 0;
                    i
                }
            };
            rows.push(Row {
                line: index,
                start,
                end: cut,
            });
            start = cut;
            after_space = None;
        }
        used += w;
        if g == " " {
            after_space = Some((i + g.len(), used));
        }
    }
    rows.push(Row {
        line: index,
        start,
        end: line.len(),
    });
}

/// Every row of `lines` at `width` columns.
pub fn rows(lines: &[String], width: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        wrap_line(l, i, width, &mut rows);
    }
    rows
}

/// The row and column of the cursor at character `col` of line `line`.
pub fn cursor_at(lines: &[String], rows: &[Row], line: usize, col: usize) -> (usize, usize) {
    let Some(l) = lines.get(line) else {
        return (rows.len().saturating_sub(1), 0);
    };
    let byte = l.char_indices().nth(col).map_or(l.len(), |(b, _)| b);
    let first = rows.partition_point(|r| r.line < line);
    let mut at = first;
    for (k, r) in rows.iter().enumerate().skip(first) {
        if r.line != line || r.start > byte {
            break;
        }
        at = k;
    }
    let r = rows.get(at).copied().unwrap_or(Row {
        line,
        start: 0,
        end: 0,
    });
    let upto = l.get(r.start..byte.max(r.start)).unwrap_or("");
    (at, text::width(upto))
}

/// Draw the text box: `lines` in `block` over `area`, the cursor at
/// (`line`, `col`) shown when `focused`.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    block: Block<'_>,
    lines: &[String],
    cursor: (usize, usize),
    focused: bool,
) {
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    // One column kept free for the cursor after a full row.
    let width = usize::from(inner.width).saturating_sub(1).max(1);
    let all = rows(lines, width);
    let (crow, ccol) = cursor_at(lines, &all, cursor.0, cursor.1);
    let height = usize::from(inner.height);
    let top = crow.saturating_sub(height - 1);
    let shown: Vec<Line<'_>> = all
        .iter()
        .skip(top)
        .take(height)
        .map(|r| {
            Line::raw(
                lines
                    .get(r.line)
                    .and_then(|l| l.get(r.start..r.end))
                    .unwrap_or(""),
            )
        })
        .collect();
    f.render_widget(Paragraph::new(shown), inner);
    if focused {
        let x = inner.x + (ccol.min(usize::from(inner.width) - 1)) as u16;
        let y = inner.y + (crow - top) as u16;
        f.set_cursor_position(Position { x, y });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(s: &str, w: usize) -> Vec<&str> {
        let mut r = Vec::new();
        wrap_line(s, 0, w, &mut r);
        r.iter().map(|r| &s[r.start..r.end]).collect()
    }

    #[test]
    fn rows_break_after_spaces_and_between_clusters() {
        assert_eq!(cut("one two three", 8), ["one two ", "three"]);
        assert_eq!(cut("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(cut("", 4), [""]);
        // "আয়েশা" is five columns: never cut inside a cluster.
        assert_eq!(cut("আয়েশা আয়েশা", 6), ["আয়েশা ", "আয়েশা"]);
        assert_eq!(cut("আয়েশা", 3), ["আয়ে", "শা"]);
    }

    #[test]
    fn the_cursor_is_found_in_its_row_and_column() {
        let lines = vec!["one two three".to_string(), "আয়েশা".to_string()];
        let r = rows(&lines, 8);
        assert_eq!(cursor_at(&lines, &r, 0, 0), (0, 0));
        assert_eq!(cursor_at(&lines, &r, 0, 9), (1, 1));
        assert_eq!(cursor_at(&lines, &r, 0, 13), (1, 5));
        // After the whole Bengali word (6 chars, 5 columns).
        assert_eq!(cursor_at(&lines, &r, 1, 6), (2, 5));
    }

    #[test]
    fn rows_are_linear_in_a_long_word() {
        let word = "x".repeat(1 << 20);
        let r = rows(&[word], 70);
        assert_eq!(r.len(), (1usize << 20).div_ceil(70));
    }
}
