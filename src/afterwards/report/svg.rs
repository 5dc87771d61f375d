//! A small SVG writer for the HTML report's charts: shapes with their data
//! in `data-*` attributes (so a test or a browser script can read back
//! what a chart shows), fills that stay apart printed in black and white
//! (solid, hatched, dotted), and a `<title>` and `<desc>` for screen
//! readers. Every piece of text is escaped.

use std::fmt::Write as _;

/// Text for HTML or SVG, element content or attribute value: `&`, `<`,
/// `>`, `"` and `'` escaped.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters (but tab and line ends) cannot appear in
            // XML at all; nothing the moderator typed needs them.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `text` cut to `max` characters, with "…" if it was longer.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// How a series is filled: a colour, and a pattern that tells it apart
/// without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Solid colour.
    Solid(&'static str),
    /// The colour with white diagonal hatching.
    Hatched(&'static str),
    /// The colour with white dots.
    Dotted(&'static str),
}

/// The green stickers' fill.
pub const GREEN: Fill = Fill::Solid("#1b7f3b");
/// The red stickers' fill.
pub const RED: Fill = Fill::Hatched("#b3261e");

/// One SVG picture being drawn.
pub struct Svg {
    id: String,
    width: u32,
    height: u32,
    defs: String,
    body: String,
    patterns: Vec<String>,
}

/// A number as SVG wants it (no trailing zeros).
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// `data-key="value"` attributes.
fn data_attrs(data: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (k, v) in data {
        let _ = write!(out, " data-{k}=\"{}\"", esc(v));
    }
    out
}

/// The names of the marker shapes, in [`Svg::marker`]'s order (a chart's
/// description says which series each is).
pub const MARKER_NAMES: [&str; 3] = ["circle", "square", "triangle"];

impl Svg {
    /// A picture `width` × `height` (user units; it scales to the page).
    /// `id` prefixes every id inside it (unique in the page).
    pub fn new(id: &str, width: u32, height: u32) -> Svg {
        Svg {
            id: id.to_string(),
            width,
            height,
            defs: String::new(),
            body: String::new(),
            patterns: Vec::new(),
        }
    }

    /// The `fill` attribute value for `fill` (defining its pattern once).
    pub fn paint(&mut self, fill: Fill) -> String {
        let (colour, kind) = match fill {
            Fill::Solid(c) => return c.to_string(),
            Fill::Hatched(c) => (c, "hatch"),
            Fill::Dotted(c) => (c, "dots"),
        };
        let pid = format!("{}-{kind}-{}", self.id, colour.trim_start_matches('#'));
        if !self.patterns.contains(&pid) {
            let marks = if kind == "hatch" {
                "<path d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\" stroke=\"#fff\" stroke-width=\"1.6\"/>"
            } else {
                "<circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#fff\"/>"
            };
            let _ = write!(
                self.defs,
                "<pattern id=\"{pid}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"{colour}\"/>{marks}</pattern>"
            );
            self.patterns.push(pid.clone());
        }
        format!("url(#{pid})")
    }

    /// A rectangle; `data` becomes `data-*` attributes (a chart's marks carry
    /// `data-value`).
    #[allow(clippy::too_many_arguments)]
    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: &str,
        class: &str,
        data: &[(&str, String)],
    ) {
        let _ = write!(
            self.body,
            "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#000\" stroke-width=\"0.6\"{}/>",
            esc(class),
            n(x),
            n(y),
            n(w.max(0.0)),
            n(h.max(0.0)),
            esc(fill),
            data_attrs(data)
        );
    }

    /// Text at (x, y); `anchor` is start, middle or end. With `full`, the
    /// whole text as a tooltip (when `text` was clipped).
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        anchor: &str,
        class: &str,
        text: &str,
        full: Option<&str>,
    ) {
        let tip = full
            .filter(|f| *f != text)
            .map(|f| format!("<title>{}</title>", esc(f)))
            .unwrap_or_default();
        let _ = write!(
            self.body,
            "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{tip}{}</text>",
            esc(class),
            n(x),
            n(y),
            esc(text)
        );
    }

    /// A line.
    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, width: f64, dash: bool) {
        let dash = if dash {
            " stroke-dasharray=\"2,2\""
        } else {
            ""
        };
        let _ = write!(
            self.body,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#000\" stroke-width=\"{}\"{dash}/>",
            n(x1),
            n(y1),
            n(x2),
            n(y2),
            n(width)
        );
    }

    /// A marker of one of three shapes (0 circle, 1 square, 2 triangle;
    /// named in [`MARKER_NAMES`]), so series differ without colour.
    pub fn marker(&mut self, shape: usize, x: f64, y: f64, class: &str, data: &[(&str, String)]) {
        let d = data_attrs(data);
        let class = esc(class);
        let _ = match shape % 3 {
            0 => write!(
                self.body,
                "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"3.2\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.2\"{d}/>",
                n(x),
                n(y)
            ),
            1 => write!(
                self.body,
                "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"6\" height=\"6\" fill=\"#000\"{d}/>",
                n(x - 3.0),
                n(y - 3.0)
            ),
            _ => write!(
                self.body,
                "<path class=\"{class}\" d=\"M{},{} l3.6,6.4 h-7.2 z\" fill=\"#777\" stroke=\"#000\" stroke-width=\"0.8\"{d}/>",
                n(x),
                n(y - 3.6)
            ),
        };
    }

    /// The picture, with its title and description for screen readers.
    pub fn finish(self, title: &str, desc: &str) -> String {
        let id = &self.id;
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc><defs>{}</defs>{}</svg>",
            esc(title),
            esc(desc),
            self.defs,
            self.body,
            w = self.width,
            h = self.height,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        assert_eq!(
            esc("<script>&\"'\u{7}"),
            "&lt;script&gt;&amp;&quot;&#39;\u{FFFD}"
        );
        let mut s = Svg::new("c", 10, 10);
        s.text(0.0, 0.0, "start", "x\"y", "<b>", Some("</svg>"));
        s.rect(0.0, 0.0, 1.0, 1.0, "#000", "m", &[("idea", "<1>".into())]);
        let out = s.finish("a<b", "c&d");
        assert!(!out.contains("<b>") && !out.contains("</svg><"));
        assert!(out.contains("data-idea=\"&lt;1&gt;\""));
        assert!(out.contains("<title id=\"c-title\">a&lt;b</title>"));
    }

    #[test]
    fn patterns_are_defined_once_and_named_in_the_chart() {
        let mut s = Svg::new("k", 10, 10);
        assert_eq!(s.paint(GREEN), "#1b7f3b");
        let red = s.paint(RED);
        assert_eq!(red, "url(#k-hatch-b3261e)");
        assert_eq!(s.paint(RED), red);
        let out = s.finish("t", "d");
        assert_eq!(out.matches("<pattern ").count(), 1);
    }

    #[test]
    fn clip_cuts_by_character() {
        assert_eq!(clip("Ideas née", 20), "Ideas née");
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
