//! Large digits for the projector's countdown: a 3×5 block font for 0-9
//! and ':', each font pixel drawn as `2s` columns × `s` rows of `█` at
//! scale `s` (terminal cells are about twice as tall as wide).

/// Rows of the font.
pub const ROWS: u16 = 5;

/// The glyph of `c`: five rows, `#` set; None for a character the font lacks.
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["###", "#.#", "#.#", "#.#", "###"],
        '1' => [".#.", "##.", ".#.", ".#.", "###"],
        '2' => ["###", "..#", "###", "#..", "###"],
        '3' => ["###", "..#", "###", "..#", "###"],
        '4' => ["#.#", "#.#", "###", "..#", "..#"],
        '5' => ["###", "#..", "###", "..#", "###"],
        '6' => ["###", "#..", "###", "#.#", "###"],
        '7' => ["###", "..#", "..#", "..#", "..#"],
        '8' => ["###", "#.#", "###", "#.#", "###"],
        '9' => ["###", "#.#", "###", "..#", "###"],
        ':' => [".", "#", ".", "#", "."],
        _ => return None,
    })
}

/// Font pixels across `text`, a pixel's gap between characters; None if
/// the font lacks a character.
fn pixels_wide(text: &str) -> Option<u16> {
    let mut w = 0u16;
    for (i, c) in text.chars().enumerate() {
        let g = glyph(c)?;
        w += g[0].len() as u16 + u16::from(i > 0);
    }
    Some(w)
}

/// Columns `text` takes at scale `s`.
pub fn width(text: &str, s: u16) -> Option<u16> {
    pixels_wide(text).map(|p| p * 2 * s)
}

/// Rows at scale `s`.
pub fn height(s: u16) -> u16 {
    ROWS * s
}

/// The largest scale (at least 1) at which `text` fits `cols`×`rows`.
pub fn fit(text: &str, cols: u16, rows: u16) -> Option<u16> {
    let px = pixels_wide(text)?;
    if px == 0 {
        return None;
    }
    let s = (cols / (px * 2)).min(rows / ROWS);
    (s >= 1).then_some(s)
}

/// `text` at scale `s` as lines of `█` and spaces, all the same width.
pub fn render(text: &str, s: u16) -> Option<Vec<String>> {
    let glyphs: Vec<[&str; 5]> = text.chars().map(glyph).collect::<Option<_>>()?;
    let s = usize::from(s.max(1));
    let mut lines = Vec::with_capacity(5 * s);
    for row in 0..5 {
        let mut line = String::new();
        for (i, g) in glyphs.iter().enumerate() {
            if i > 0 {
                line.push_str(&" ".repeat(2 * s));
            }
            for px in g[row].chars() {
                let cell = if px == '#' { "█" } else { " " };
                line.push_str(&cell.repeat(2 * s));
            }
        }
        for _ in 0..s {
            lines.push(line.clone());
        }
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_fit() {
        // 4 + gap + : + gap + 1 + gap + 2 = 3+1+1+1+3+1+3 = 13 pixels.
        assert_eq!(width("4:12", 1), Some(26));
        assert_eq!(width("4:12", 3), Some(78));
        assert_eq!(fit("4:12", 80, 24), Some(3));
        assert_eq!(fit("4:12", 160, 48), Some(6));
        assert_eq!(fit("4:12", 25, 24), None);
        assert_eq!(fit("4:12", 80, 4), None);
        assert_eq!(width("4-12", 1), None);
    }

    #[test]
    fn renders_blocks() {
        let lines = render("1:0", 1).unwrap();
        assert_eq!(lines.len(), 5);
        assert!(lines.iter().all(|l| l.chars().count() == 2 * 9));
        assert_eq!(lines[0], "  ██        ██████");
        assert_eq!(lines[1], "████    ██  ██  ██");
        let big = render("8", 2).unwrap();
        assert_eq!(big.len(), 10);
        assert_eq!(big[0].chars().count(), 12);
    }
}
