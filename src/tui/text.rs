//! Small text layout helpers shared by the screens: the width of text as
//! a terminal draws it, word wrap, cutting with an ellipsis, padding,
//! hanging indents, and laying out items in a row.
//!
//! Widths are measured per grapheme cluster (what the eye reads as one
//! letter) with [`width`], the same way everywhere the app pads or cuts.
//! They follow what terminals draw (glibc `wcwidth`, tmux, VTE): a
//! combining mark takes no column, a wide CJK letter or an emoji two, and
//! a spacing vowel sign such as Bengali "া" (U+09BE) one column, where the
//! `unicode-width` table (and so ratatui's buffer) gives it none. The
//! difference is made good after drawing by [`fit_buffer`].
//!
//! Every function here is linear in the length of its input, and the
//! wrapping ones stop once they have the lines asked for.

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

/// Spacing marks (General Category Mc) that `unicode-width` 0.2 counts as
/// no column (they are also `Grapheme_Extend`) but terminals draw in one.
const SPACING_MARKS: &[(u32, u32)] = &[
    (0x09BE, 0x09BE),
    (0x09D7, 0x09D7),
    (0x0B3E, 0x0B3E),
    (0x0B57, 0x0B57),
    (0x0BBE, 0x0BBE),
    (0x0BD7, 0x0BD7),
    (0x0CC0, 0x0CC0),
    (0x0CC2, 0x0CC2),
    (0x0CC7, 0x0CC8),
    (0x0CCA, 0x0CCB),
    (0x0CD5, 0x0CD6),
    (0x0D3E, 0x0D3E),
    (0x0D57, 0x0D57),
    (0x0DCF, 0x0DCF),
    (0x0DDF, 0x0DDF),
    (0x1715, 0x1715),
    (0x1734, 0x1734),
    (0x1B35, 0x1B35),
    (0x1B3B, 0x1B3B),
    (0x1B3D, 0x1B3D),
    (0x1B43, 0x1B44),
    (0x1BAA, 0x1BAA),
    (0x1BF2, 0x1BF3),
    (0x302E, 0x302F),
    (0xA953, 0xA953),
    (0xA9C0, 0xA9C0),
    (0x111C0, 0x111C0),
    (0x11235, 0x11235),
    (0x1133E, 0x1133E),
    (0x1134D, 0x1134D),
    (0x11357, 0x11357),
    (0x114B0, 0x114B0),
    (0x114BD, 0x114BD),
    (0x115AF, 0x115AF),
    (0x116B6, 0x116B6),
    (0x11930, 0x11930),
    (0x1193D, 0x1193D),
    (0x16FF0, 0x16FF1),
    (0x1D165, 0x1D166),
    (0x1D16D, 0x1D172),
];

/// Whether `c` is a spacing mark the width table gives no column.
fn uncounted_spacing_mark(c: char) -> bool {
    let c = c as u32;
    SPACING_MARKS
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The columns ratatui's buffer gives one grapheme cluster.
fn buffer_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        0
    } else {
        usize::from(g.cell_width())
    }
}

/// The columns a terminal draws one grapheme cluster in (a control
/// character: none, as ratatui does not draw it).
pub fn cluster_width(g: &str) -> usize {
    let w = buffer_width(g);
    if w == 0 {
        // ratatui draws no cluster it counts as no column (a control
        // character, a mark with no letter before it): nor does the terminal.
        return 0;
    }
    w + g.chars().filter(|c| uncounted_spacing_mark(*c)).count()
}

/// The columns a terminal draws `s` in, grapheme cluster by cluster.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    s.graphemes(true).map(cluster_width).sum()
}

/// Cut a string to `width` columns, with "…" when cut (never inside a
/// grapheme cluster).
pub fn truncate(s: &str, width: usize) -> String {
    if self::width(s) <= width {
        return s.to_string();
    }
    let room = width.saturating_sub(1);
    let mut used = 0;
    let mut out = String::new();
    for g in s.graphemes(true) {
        let w = cluster_width(g);
        if used + w > room {
            break;
        }
        used += w;
        out.push_str(g);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `s` cut to `width` columns ([`truncate`]) and padded with spaces to
/// exactly `width` columns: `format!("{:<w$}")` counts characters, not
/// columns.
pub fn pad(s: &str, width: usize) -> String {
    let mut t = truncate(s, width);
    let w = self::width(&t);
    t.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    t
}

/// `s` padded with spaces to `width` columns (never cut: a longer `s`
/// stays as it is).
pub fn fill(s: &str, width: usize) -> String {
    let w = self::width(s);
    let mut t = s.to_string();
    t.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    t
}

/// Greedy word wrap to `width` columns (a word longer than the width is
/// cut between grapheme clusters). Runs of white space, line breaks
/// included, become one space.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    wrap_max(s, width, usize::MAX)
}

/// [`wrap`], stopping after `max` lines (the rest is not laid out): for
/// text of which only the first lines show. Linear in what it lays out.
pub fn wrap_max(s: &str, width: usize, max: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    for word in s.split_whitespace() {
        if lines.len() >= max {
            return lines;
        }
        let ww = self::width(word);
        if ww <= width {
            let need = cur_w + usize::from(!cur.is_empty()) + ww;
            if need > width && !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0;
                if lines.len() >= max {
                    return lines;
                }
            }
            if !cur.is_empty() {
                cur.push(' ');
                cur_w += 1;
            }
            cur.push_str(word);
            cur_w += ww;
            continue;
        }
        // A word wider than the line: whole lines of it, the rest goes on.
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
            cur_w = 0;
        }
        for g in word.graphemes(true) {
            let w = cluster_width(g);
            if cur_w + w > width && !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
                cur_w = 0;
                if lines.len() >= max {
                    return lines;
                }
            }
            cur.push_str(g);
            cur_w += w;
        }
    }
    if (!cur.is_empty() || lines.is_empty()) && lines.len() < max.max(1) {
        lines.push(cur);
    }
    lines
}

/// `text` wrapped to `width` with `lead` before the first line and as many
/// spaces before the others.
pub fn hanging(lead: &str, text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    let lw = self::width(lead);
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
        let w = self::width(&text);
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
/// spaces when shorter, in columns ([`pad`]).
pub fn fit(s: &str, width: usize) -> String {
    pad(s, width)
}

/// Make a drawn frame match what the terminal will draw. ratatui gives a
/// cluster such as "শা" one cell where the terminal takes two ([`width`]);
/// written as it is, the rest of the row would land one column to the
/// right of where ratatui believes it is (borders pushed out, stale cells
/// left behind). Here, each such cluster gets the cells it takes: the
/// cells after it move right into the row's first spare blank (one of
/// two blanks side by side, or the last cell of the row), the cluster is
/// marked with its true width so the cells it covers are never written,
/// and a row with no blank to spare shows the cluster without the marks
/// that would not fit. Run it once, after everything is drawn.
pub fn fit_buffer(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let (sym_w, true_w) = {
                let sym = buf[(x, y)].symbol();
                if sym.is_ascii() {
                    x += 1;
                    continue;
                }
                (buffer_width(sym), cluster_width(sym))
            };
            if true_w <= sym_w || matches!(buf[(x, y)].diff_option, CellDiffOption::ForcedWidth(_))
            {
                x += sym_w.max(1) as u16;
                continue;
            }
            let deficit = true_w - sym_w;
            let from = x + sym_w.max(1) as u16;
            let mut room = 0;
            while room < deficit && make_room(buf, from, y) {
                room += 1;
            }
            if room < deficit {
                // No room left in the row: drop the marks that would not fit.
                let cell = &mut buf[(x, y)];
                let narrow: String = cell
                    .symbol()
                    .chars()
                    .filter(|c| !uncounted_spacing_mark(*c))
                    .collect();
                cell.set_symbol(if narrow.is_empty() { " " } else { &narrow });
                x += sym_w.max(1) as u16;
                continue;
            }
            let style = buf[(x, y)].style();
            for i in 0..deficit as u16 {
                let c = &mut buf[(from + i, y)];
                c.reset();
                c.set_symbol("").set_style(style);
            }
            if let Some(w) = std::num::NonZeroU16::new(true_w as u16) {
                buf[(x, y)].set_diff_option(CellDiffOption::ForcedWidth(w));
            }
            x += true_w as u16;
        }
    }
}

/// Have every cell of the frame written to the terminal, changed or not
/// (ratatui otherwise writes only the cells that changed since the last
/// frame). Cells covered by a wide one stay unwritten: it covers them.
pub fn write_every_cell(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if cell.diff_option == CellDiffOption::None {
            cell.set_diff_option(CellDiffOption::AlwaysUpdate);
        }
    }
}

/// A box-drawing character: the edge of a window or pane.
fn is_border(sym: &str) -> bool {
    sym.chars()
        .next()
        .is_some_and(|c| ('\u{2500}'..='\u{257f}').contains(&c))
}

/// Free the cell at `(from, y)` by moving the cells from there up to the
/// row's first spare blank one place right. Returns false when the row has
/// no blank to spare after `from`.
fn make_room(buf: &mut Buffer, from: u16, y: u16) -> bool {
    let right = buf.area.right();
    if from >= right {
        return false;
    }
    let blank = |buf: &Buffer, x: u16| {
        let c = &buf[(x, y)];
        c.symbol() == " " && c.diff_option == CellDiffOption::None
    };
    // Best: the last blank before the next border (or the row's end) when
    // the cell before it is blank too, so everything between the cluster
    // and the border keeps its column as the terminal draws it (columns
    // padded by `width` stay aligned). Else the first of two blanks side by
    // side (one space is kept), else the row's last cell if it is blank.
    // Cells hidden by a wide letter are not blanks: step over them.
    let mut edge = from;
    while edge < right && !is_border(buf[(edge, y)].symbol()) {
        edge += buf[(edge, y)].cell_width().max(1);
    }
    let edge = edge.min(right);
    let mut spare = None;
    if edge >= from + 2 && blank(buf, edge - 1) && blank(buf, edge - 2) {
        spare = Some(edge - 1);
    }
    let mut x = from;
    while spare.is_none() && x < right {
        let w = buf[(x, y)].cell_width().max(1);
        if w == 1 && blank(buf, x) && (x + 1 == right || (x + 1 < right && blank(buf, x + 1))) {
            spare = Some(if x + 1 == right { x } else { x + 1 });
            break;
        }
        x += w;
    }
    let Some(spare) = spare else {
        return false;
    };
    let mut i = spare;
    while i > from {
        let prev = buf[(i - 1, y)].clone();
        buf[(i, y)] = prev;
        i -= 1;
    }
    true
}

/// The text with its first letter capitalised ("idea" → "Idea").
pub fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_as_terminals_draw_them() {
        assert_eq!(width("Ayesha"), 6);
        // আ য় ে শ া: the vowel signs take a column each, the nukta none.
        assert_eq!(width("আয়েশা"), 5);
        assert_eq!(width("শা"), 2);
        assert_eq!(width("王芳"), 4);
        assert_eq!(width("😀"), 2);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width("a\x1bb"), 2);
    }

    #[test]
    fn truncate_and_pad_by_columns_never_inside_a_cluster() {
        assert_eq!(truncate("আয়েশা", 5), "আয়েশা");
        assert_eq!(truncate("আয়েশা", 4), "আয়ে…");
        assert_eq!(truncate("王芳王芳", 5), "王芳…");
        assert_eq!(width(&pad("王芳", 7)), 7);
        assert_eq!(width(&pad("আয়েশা", 8)), 8);
        assert_eq!(pad("abcdef", 4), "abc…");
    }

    #[test]
    fn wrap_keeps_words_and_cuts_long_ones() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
        assert_eq!(wrap("আয়েশা আয়েশা", 6), ["আয়েশা", "আয়েশা"]);
        assert_eq!(wrap("王芳王芳王", 4), ["王芳", "王芳", "王"]);
        assert_eq!(wrap_max(&"x".repeat(100), 10, 3).len(), 3);
        assert_eq!(wrap_max("a b c d", 1, 2), ["a", "b"]);
    }

    #[test]
    fn wrap_is_linear_in_a_long_word() {
        // 4 MiB with no space: the old wrap rebuilt the word per line cut
        // (quadratic, minutes); this counts the lines.
        let word = "x".repeat(4 << 20);
        let lines = wrap(&word, 80);
        assert_eq!(lines.len(), (4usize << 20).div_ceil(80));
        assert!(lines.iter().all(|l| l.len() <= 80));
    }

    /// The row as a terminal shows it: cells hidden by a wide one skipped.
    fn row(buf: &Buffer, y: u16) -> String {
        let mut s = String::new();
        let mut x = buf.area.left();
        while x < buf.area.right() {
            s.push_str(buf[(x, y)].symbol());
            x += buf[(x, y)].cell_width().max(1);
        }
        s
    }

    #[test]
    fn fit_buffer_gives_a_spacing_mark_its_column() {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "│(আয়েশা) x  │", Style::default());
        fit_buffer(&mut buf);
        // The border stays in the last column; one of the two blanks went.
        assert_eq!(buf[(11, 0)].symbol(), "│");
        assert_eq!(row(&buf, 0), "│(আয়েশা) x │");
        assert_eq!(
            buf[(5, 0)].diff_option,
            CellDiffOption::ForcedWidth(std::num::NonZeroU16::new(2).unwrap())
        );
    }

    #[test]
    fn fit_buffer_keeps_padded_columns_in_line() {
        // A label padded to 8 columns by `pad`, then a column: as the
        // terminal draws it, the column starts at 1 + 8 + 1 whatever the
        // label's script, and the border stays put.
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 20, 2));
        for (y, label) in ["Ayesha", "আয়েশা"].into_iter().enumerate() {
            // As a Block draws it: the border at the window's edge, the
            // text inside from the left.
            let line = format!("│{} consent", pad(label, 8));
            buf.set_string(0, y as u16, &line, Style::default());
            buf.set_string(19, y as u16, "│", Style::default());
        }
        fit_buffer(&mut buf);
        for y in 0..2 {
            let shown = row(&buf, y);
            let at = shown.find("consent").unwrap();
            assert_eq!(width(&shown[..at]), 10, "{shown}");
            assert_eq!(width(&shown), 20, "{shown}");
            assert_eq!(buf[(19, y)].symbol(), "│");
        }
    }

    #[test]
    fn fit_buffer_without_room_drops_the_mark_not_the_border() {
        let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 3, 1));
        buf.set_string(0, 0, "│শা│", Style::default());
        fit_buffer(&mut buf);
        assert_eq!(row(&buf, 0), "│শ│");
    }
}
