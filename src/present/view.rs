//! Drawing a [`Projection`]: the titles, the countdown in large digits
//! when there is room (plain text when not), and the body. Reads only the
//! projection, so it can show nothing private.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::projection::{Body, Poster, Projection, PublicPick, TallyColour, TallyRow, WallTheme};
use crate::tui::text::{truncate, wrap};
use crate::tui::theme;
use crate::tui::widgets::bigfont;
use crate::tui::widgets::countdown::{self, clock_template};
use crate::tui::widgets::frame::centre;

/// Below this the projector says it is too small.
pub const MIN_WIDTH: u16 = 30;
/// The body's text is kept this narrow (and centred) on a wide screen, so
/// its lines stay easy to read from the back of the room.
pub const MAX_BODY_WIDTH: u16 = 100;
/// Below this the projector says it is too small.
pub const MIN_HEIGHT: u16 = 8;

fn heading(text: impl Into<String>, width: usize) -> Line<'static> {
    Line::styled(truncate(&text.into(), width), theme::heading())
}

/// `items` in as many columns as fit, filled down then across; the last
/// ones kept if they do not all fit in `rows`.
fn columns(items: &[String], width: usize, rows: usize, bullet: &str) -> Vec<Line<'static>> {
    if items.is_empty() || rows == 0 {
        return Vec::new();
    }
    let longest = items
        .iter()
        .map(|s| crate::tui::text::width(s))
        .max()
        .unwrap_or(0)
        + crate::tui::text::width(bullet);
    let col_w = (longest + 3).min(width.max(1));
    let ncols = (width / col_w).max(1);
    let mut shown: Vec<&String> = items.iter().collect();
    let capacity = ncols * rows;
    let mut lines = Vec::new();
    if shown.len() > capacity {
        let hidden = shown.len() - (capacity - ncols).max(1);
        shown = shown.split_off(hidden.min(shown.len()));
        lines.push(Line::styled(format!("(and {hidden} before)"), theme::dim()));
    }
    let nrows = shown.len().div_ceil(ncols);
    for r in 0..nrows {
        let mut spans = Vec::new();
        for c in 0..ncols {
            if let Some(item) = shown.get(c * nrows + r) {
                let cell = truncate(&format!("{bullet}{item}"), col_w.saturating_sub(1));
                spans.push(Span::raw(crate::tui::text::fill(&cell, col_w)));
            }
        }
        lines.push(Line::from(spans));
    }
    lines
}

fn pick_lines(picks: &[PublicPick], width: usize) -> Vec<Line<'static>> {
    if picks.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::raw(""), heading("Chosen for discussion", width)];
    for p in picks {
        lines.push(Line::from(vec![
            Span::styled(format!("  ✓ {}: ", p.why), theme::ok()),
            Span::styled(
                truncate(
                    &format!("{}. {}", p.number, p.title),
                    width.saturating_sub(p.why.len() + 6),
                ),
                theme::heading(),
            ),
        ]));
    }
    lines
}

fn wall_lines(
    themes: &[WallTheme],
    picks: &[PublicPick],
    width: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let build = |summaries: bool| {
        let mut lines = Vec::new();
        for t in themes {
            lines.push(heading(format!("Theme {}: {}", t.id, t.title), width));
            for i in &t.ideas {
                lines.push(Line::raw(truncate(
                    &format!("  {}. {}", i.number, i.title),
                    width,
                )));
                if summaries {
                    for w in wrap(&i.summary, width.saturating_sub(5)) {
                        lines.push(Line::styled(format!("     {w}"), theme::dim()));
                    }
                }
            }
        }
        lines.extend(pick_lines(picks, width));
        lines
    };
    let rich = build(true);
    if rich.len() <= rows {
        rich
    } else {
        build(false)
    }
}

/// The look of the method's colour `slot` on the projector: its style and
/// the glyph its bars are drawn with (each colour its own, so the bars read
/// without colour).
fn tally_look(slot: usize) -> (ratatui::style::Style, &'static str) {
    const GLYPHS: [&str; 6] = ["█", "▒", "░", "▓", "▚", "▞"];
    (theme::vote_colour(slot).0, GLYPHS[slot % GLYPHS.len()])
}

/// The tally's legend: over each colour's column when every name fits
/// its column, else one after the other, as many lines as it takes.
fn legend_lines(
    colours: &[TallyColour],
    title_w: usize,
    bar_w: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let words: Vec<(String, ratatui::style::Style)> = colours
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (style, glyph) = tally_look(i);
            let w = if c.meaning.is_empty() {
                format!("{glyph} {}", c.label)
            } else {
                format!("{glyph} {}: {}", c.label, c.meaning)
            };
            (w, style)
        })
        .collect();
    let text_w = |w: &str| crate::tui::text::width(w);
    let fits = words.iter().enumerate().all(|(i, (w, _))| {
        // A column is its bar and its count; the last one has no gap after it.
        let room = if i + 1 < words.len() {
            bar_w + 4
        } else {
            bar_w + 3
        };
        text_w(w) <= room
    });
    let indent = " ".repeat(title_w + 1);
    if fits {
        let mut spans = vec![Span::raw(indent)];
        for (i, (w, style)) in words.into_iter().enumerate() {
            spans.push(if i + 1 < colours.len() {
                Span::styled(format!("{:<n$}", w, n = bar_w + 5), style)
            } else {
                Span::styled(w, style)
            });
        }
        return vec![Line::from(spans)];
    }
    let mut lines = Vec::new();
    let mut spans = vec![Span::raw(indent.clone())];
    let mut used = indent.len();
    for (w, style) in words {
        let need = text_w(&w) + if spans.len() > 1 { 3 } else { 0 };
        if spans.len() > 1 && used + need > width {
            lines.push(Line::from(std::mem::take(&mut spans)));
            spans.push(Span::raw(indent.clone()));
            used = indent.len();
        }
        if spans.len() > 1 {
            spans.push(Span::raw("   "));
        }
        used += text_w(&w) + if spans.len() > 2 { 3 } else { 0 };
        spans.push(Span::styled(w, style));
    }
    lines.push(Line::from(spans));
    lines
}

fn tally_lines(
    colours: &[TallyColour],
    rows: &[TallyRow],
    picks: &[PublicPick],
    width: usize,
) -> Vec<Line<'static>> {
    let title_w = rows
        .iter()
        .map(|r| crate::tui::text::width(&format!("{}. {}", r.number, r.title)))
        .max()
        .unwrap_or(10)
        .min(width * 2 / 5)
        .max(10);
    // title, space, then per colour: its bar and " 12", two spaces between.
    let n = colours.len().max(1);
    let bar_w = width.saturating_sub(title_w + 1 + 3 * n + 2 * (n - 1)) / n;
    let max = rows
        .iter()
        .flat_map(|r| r.counts.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as usize;
    let scale = |n: u32| (n as usize * bar_w).div_ceil(max).min(bar_w);
    let mut lines = legend_lines(colours, title_w, bar_w, width);
    for r in rows {
        let mut spans = vec![Span::raw(format!(
            "{} ",
            crate::tui::text::pad(&format!("{}. {}", r.number, r.title), title_w)
        ))];
        for (i, count) in r.counts.iter().enumerate() {
            let (style, glyph) = tally_look(i);
            let gap = if i + 1 < r.counts.len() { "  " } else { "" };
            spans.push(Span::styled(
                format!("{:<w$}", glyph.repeat(scale(*count)), w = bar_w),
                style,
            ));
            spans.push(Span::styled(format!("{count:>3}{gap}"), style));
        }
        lines.push(Line::from(spans));
    }
    lines.extend(pick_lines(picks, width));
    lines
}

fn poster_lines(p: &Poster, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(
            truncate(
                &if p.why.is_empty() {
                    // Not (yet) picked: nothing to say why.
                    format!("{} {} of {} · {}", p.option, p.number, p.of, p.theme)
                } else {
                    format!(
                        "{} {} of {} · {} · {}",
                        p.option, p.number, p.of, p.theme, p.why
                    )
                },
                width,
            ),
            theme::dim(),
        ),
        heading(format!("{}. {}", p.number, p.title), width),
        Line::raw(""),
    ];
    for w in wrap(&p.description, width) {
        lines.push(Line::raw(w));
    }
    if !p.examples.is_empty() {
        lines.push(Line::raw(""));
        lines.push(heading(
            if p.examples.len() > 1 {
                "Examples"
            } else {
                "Example"
            },
            width,
        ));
        for (k, e) in p.examples.iter().enumerate() {
            let label = if p.examples.len() > 1 {
                format!("({}) ", (b'a' + (k % 26) as u8) as char)
            } else {
                String::new()
            };
            let indent = crate::tui::text::width(&label);
            for (j, w) in wrap(e, width.saturating_sub(indent))
                .into_iter()
                .enumerate()
            {
                let lead = if j == 0 {
                    label.clone()
                } else {
                    " ".repeat(indent)
                };
                lines.push(Line::raw(format!("{lead}{w}")));
            }
        }
    }
    lines
}

fn message_lines(title: &str, text: &str, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![centre(title, theme::heading(), width), Line::raw("")];
    for w in wrap(text, width) {
        lines.push(centre(w, theme::text(), width));
    }
    lines
}

/// The body's lines for `width`×`rows` (the richest version that fits;
/// the caller cuts what does not).
pub fn body_lines(body: &Body, width: usize, rows: usize) -> Vec<Line<'static>> {
    match body {
        Body::Waiting(m) => message_lines("Waiting", m, width),
        Body::Welcome => message_lines("Welcome", "We will begin shortly.", width),
        Body::Away => message_lines("Back in a moment", "", width),
        Body::Finished => message_lines(
            "Thank you",
            "The discussion has finished. Thank you for taking part.",
            width,
        ),
        Body::Choosing(m) => message_lines("Choosing the next idea", m, width),
        Body::Plain => Vec::new(),
        Body::Flipchart(items) => {
            let mut lines = vec![heading("On the flip chart", width)];
            if items.is_empty() {
                lines.push(Line::styled("Nothing yet.", theme::dim()));
            }
            lines.extend(columns(items, width, rows.saturating_sub(1), "• "));
            lines
        }
        Body::ValuesSlide {
            title,
            values,
            flipchart,
        } => {
            let mut lines = vec![heading(title.clone(), width), Line::raw("")];
            let room = rows.saturating_sub(2);
            let one_col =
                values.len() <= room.saturating_sub(if flipchart.is_empty() { 0 } else { 3 });
            if one_col {
                for v in values {
                    lines.push(Line::styled(
                        truncate(&format!("   {v}"), width),
                        theme::heading(),
                    ));
                }
            } else {
                lines.extend(columns(values, width, room, "   "));
            }
            let left = rows.saturating_sub(lines.len());
            if !flipchart.is_empty() && left >= 3 {
                lines.push(Line::raw(""));
                lines.push(Line::styled("On our flip chart", theme::dim()));
                let text = flipchart.join(" · ");
                for w in wrap(&text, width).into_iter().take(left - 2) {
                    lines.push(Line::styled(w, theme::dim()));
                }
            }
            lines
        }
        Body::Wall { themes, picks } => wall_lines(themes, picks, width, rows),
        Body::Tally {
            colours,
            rows: r,
            picks,
        } => tally_lines(colours, r, picks, width),
        Body::Poster(p) => poster_lines(p, width),
    }
}

/// Whether the body goes in the middle of the screen (a message) rather
/// than from the top.
fn centred_body(body: &Body) -> bool {
    matches!(
        body,
        Body::Waiting(_) | Body::Welcome | Body::Away | Body::Finished | Body::Choosing(_)
    )
}

/// How the screen is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Scale of the big digits; None: the countdown as a line of text.
    pub scale: Option<u16>,
}

/// Work out the digits' scale for `p` on a `width`×`height` screen: as big
/// as fits, keeping the body whole; the body first when both do not fit.
pub fn layout(p: &Projection, width: u16, height: u16) -> Layout {
    let Some(c) = &p.countdown else {
        return Layout { scale: None };
    };
    let head = header_height(p, height);
    let avail = height.saturating_sub(head + 1);
    let template = clock_template(c);
    let inner_w = width.saturating_sub(2);
    let body_w = body_width(width);
    let body_needed = |rows: u16| body_lines(&p.body, body_w as usize, rows as usize).len() as u16;
    // With a body, the digits take at most about half of the screen.
    let cap = if matches!(p.body, Body::Plain) {
        avail
    } else {
        avail / 2
    };
    let Some(max) = bigfont::fit(template, inner_w, cap.saturating_sub(2)) else {
        return Layout { scale: None };
    };
    for s in (1..=max).rev() {
        let digits = bigfont::height(s) + 2;
        let rest = avail.saturating_sub(digits);
        if digits <= avail && body_needed(rest) <= rest {
            return Layout { scale: Some(s) };
        }
    }
    Layout { scale: None }
}

/// Columns the body's text takes on a screen `width` wide.
fn body_width(width: u16) -> u16 {
    width.saturating_sub(2).min(MAX_BODY_WIDTH)
}

fn header_height(p: &Projection, height: u16) -> u16 {
    match (p.stage.is_empty(), p.step.is_empty()) {
        (true, true) => 0,
        // "Arrival › Arrival": the step alone.
        (false, false) if p.stage == p.step => 1,
        (false, false) if height >= 16 => 2,
        _ => 1,
    }
}

/// Draw the projection.
pub fn draw(f: &mut Frame, p: &Projection) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!("terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT})");
        f.render_widget(Paragraph::new(msg), area);
        return;
    }
    let width = area.width.saturating_sub(2) as usize;
    let lay = layout(p, area.width, area.height);
    let mut top: Vec<Line<'static>> = Vec::new();
    match header_height(p, area.height) {
        2 => {
            top.push(centre(p.stage.clone(), theme::dim(), width));
            top.push(centre(p.step.clone(), theme::heading(), width));
        }
        1 if !p.step.is_empty() => {
            let text = if p.stage.is_empty() || p.stage == p.step {
                p.step.clone()
            } else {
                format!("{} › {}", p.stage, p.step)
            };
            top.push(centre(text, theme::heading(), width));
        }
        _ => {}
    }
    if !top.is_empty() {
        top.push(Line::raw(""));
    }
    if let Some(c) = &p.countdown {
        top.extend(countdown::projected(c, lay.scale, width));
        top.push(Line::raw(""));
    }
    let used = top.len() as u16;
    let rest = area.height.saturating_sub(used);
    let body_w = body_width(area.width);
    let mut body = body_lines(&p.body, body_w as usize, rest as usize);
    let inner = Rect {
        x: area.x + 1,
        y: area.y,
        width: area.width.saturating_sub(2),
        height: area.height,
    };
    f.render_widget(Paragraph::new(top), inner);
    let body_area = Rect {
        x: inner.x + (inner.width.saturating_sub(body_w)) / 2,
        y: inner.y + used.min(inner.height),
        width: body_w,
        height: rest,
    };
    if body.len() > rest as usize && rest > 0 {
        body.truncate(rest as usize);
        if let Some(last) = body.last_mut() {
            *last = Line::styled("…", theme::dim());
        }
    }
    let body_area = if centred_body(&p.body) {
        let h = (body.len() as u16).min(body_area.height);
        Rect {
            y: body_area.y + (body_area.height - h) / 3,
            height: h,
            ..body_area
        }
    } else {
        body_area
    };
    f.render_widget(Paragraph::new(body), body_area);
}
