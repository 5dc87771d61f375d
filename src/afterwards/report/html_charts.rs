//! The HTML report's charts: what each shows (computed as the Markdown
//! report's tables are, so the two agree) and how it is drawn. Each chart
//! is a `<figure class="chart" data-chart=NAME>` holding the SVG (its
//! marks carry `data-value`), a caption, and the chart's data as a table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::svg::{Fill, GREEN, RED, Svg, clip, esc};
use super::*;
use crate::afterwards::common::{capitalise, pick_words};
use crate::domain::ideas::and_words;

/// One chart, drawn.
pub struct Chart {
    /// Its name (`stickers`, `coverage`, `ratings`, `picks`, `attributes-…`).
    pub name: String,
    /// Its title.
    pub title: String,
    /// What it shows, in words.
    pub desc: String,
    /// The SVG.
    pub svg: String,
    /// Its data as an HTML table.
    pub table: String,
}

impl Chart {
    /// The chart as a figure: the picture, its caption, its data.
    pub fn figure(&self) -> String {
        format!(
            "<figure class=\"chart\" id=\"fig-{name}\" data-chart=\"{name}\">\n{svg}\n<figcaption><strong>{title}.</strong> {desc}</figcaption>\n<details class=\"chart-data\"><summary>The chart's data</summary>\n{table}</details>\n</figure>\n",
            name = esc(&self.name),
            svg = self.svg,
            title = esc(&self.title),
            desc = esc(&self.desc),
            table = self.table,
        )
    }
}

/// An HTML table: a header row and rows of cells (escaped here).
pub fn table(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table><thead><tr>");
    for h in head {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for r in rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let tag = if i == 0 { "th scope=\"row\"" } else { "td" };
            let close = if i == 0 { "th" } else { "td" };
            let _ = write!(out, "<{tag}>{}</{close}>", esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}

pub(super) const LABEL_W: f64 = 250.0;
const BAR_W: f64 = 360.0;
pub(super) const WIDTH: u32 = 720;

fn legend(svg: &mut Svg, y: f64, items: &[(Fill, &str)]) {
    let mut x = LABEL_W;
    for (fill, label) in items {
        let paint = svg.paint(*fill);
        svg.rect(x, y - 9.0, 14.0, 10.0, &paint, "swatch", &[]);
        svg.text(x + 18.0, y, "start", "legend", label, None);
        x += 26.0 + 7.0 * label.chars().count() as f64;
    }
}

// ---------------------------------------------------------------------------
// Stickers
// ---------------------------------------------------------------------------

/// The stickers over every group that voted (as the Markdown report's
/// Stickers table).
pub struct StickerTotals {
    /// How many groups voted.
    pub voted: usize,
    /// Participants present at those votes.
    pub voters: u64,
    /// Per idea, the stickers of each colour of the vote, in its order.
    pub rows: Vec<(u32, Vec<u64>)>,
}

/// The stickers of each colour per idea over every group that voted.
pub fn sticker_totals(all: &Collected) -> StickerTotals {
    let n = all.pack.method.votes.colours.len();
    let mut per: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
    let (mut voted, mut voters) = (0, 0u64);
    for t in all.digests.iter().filter_map(|g| g.votes.as_ref()) {
        voted += 1;
        voters += u64::from(t.voters);
        for (i, k, v) in &t.per_idea {
            let row = per.entry(*i).or_insert_with(|| vec![0; n]);
            if let Some(x) = row.get_mut(usize::from(*k)) {
                *x += u64::from(*v);
            }
        }
    }
    let rows = all
        .ideas()
        .into_iter()
        .map(|i| (i, per.remove(&i).unwrap_or_else(|| vec![0; n])))
        .collect();
    StickerTotals {
        voted,
        voters,
        rows,
    }
}

/// The fill of the vote's colour `k` (see [`crate::domain::ideas::colour_slot`]):
/// green solid, red hatched, then others.
fn colour_fill(pack: &Pack, k: usize) -> Fill {
    const FILLS: [Fill; 6] = [
        GREEN,
        RED,
        Fill::Dotted("#8a5a00"),
        Fill::Solid("#1f4e9c"),
        Fill::Hatched("#6a3d9a"),
        Fill::Dotted("#444444"),
    ];
    FILLS[crate::domain::ideas::colour_slot(pack, k) % FILLS.len()]
}

/// "solid", "hatched", "dotted".
fn fill_words(fill: Fill) -> &'static str {
    match fill {
        Fill::Solid(_) => "solid",
        Fill::Hatched(_) => "hatched",
        Fill::Dotted(_) => "dotted",
    }
}

/// A bar per colour of the vote per idea (green solid, red hatched), each
/// with its number.
pub fn stickers_chart(all: &Collected) -> Chart {
    let pack = all.pack;
    let colours = &pack.method.votes.colours;
    let tokens = &pack.method.wording.tokens;
    let rows = sticker_totals(all).rows;
    let max = rows
        .iter()
        .flat_map(|r| r.1.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let row_h = (4.0 + 11.0 * colours.len() as f64).max(26.0);
    let top = 28.0;
    let height = top + row_h * rows.len() as f64 + 8.0;
    let mut svg = Svg::new("chart-stickers", WIDTH, height as u32);
    let fills: Vec<Fill> = (0..colours.len()).map(|k| colour_fill(pack, k)).collect();
    let legends: Vec<String> = colours
        .iter()
        .zip(&fills)
        .map(|(c, f)| match f {
            Fill::Solid(_) => format!("{} {tokens}", c.label),
            _ => format!("{} {tokens} ({})", c.label, fill_words(*f)),
        })
        .collect();
    let items: Vec<(Fill, &str)> = fills
        .iter()
        .zip(&legends)
        .map(|(f, l)| (*f, l.as_str()))
        .collect();
    legend(&mut svg, 14.0, &items);
    let paints: Vec<String> = fills.iter().map(|f| svg.paint(*f)).collect();
    for (k, (idea, counts)) in rows.iter().enumerate() {
        let y = top + row_h * k as f64;
        let label = idea_label(all.pack, *idea);
        svg.text(
            LABEL_W - 6.0,
            y + 15.0,
            "end",
            "label",
            &clip(&label, 36),
            Some(&label),
        );
        for (j, ((v, paint), c)) in counts.iter().zip(&paints).zip(colours).enumerate() {
            let series = c.id.as_str();
            let w = BAR_W * *v as f64 / max;
            let by = y + 2.0 + 11.0 * j as f64;
            svg.rect(
                LABEL_W,
                by,
                w,
                10.0,
                paint,
                &format!("bar {series}"),
                &[
                    ("idea", idea.to_string()),
                    ("series", series.to_string()),
                    ("value", v.to_string()),
                ],
            );
            svg.text(
                LABEL_W + w + 4.0,
                by + 9.0,
                "start",
                "value",
                &format!("{v} {}", c.label),
                None,
            );
        }
    }
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(i, counts)| {
            std::iter::once(idea_label(all.pack, *i))
                .chain(counts.iter().map(u64::to_string))
                .collect()
        })
        .collect();
    let title = "Sticker totals per idea";
    let labels: Vec<&str> = colours.iter().map(|c| c.label.as_str()).collect();
    let bars: Vec<String> = colours
        .iter()
        .zip(&fills)
        .map(|(c, f)| format!("{} bars {}", c.label, fill_words(*f)))
        .collect();
    let desc = format!(
        "{} {tokens} placed on each idea's poster, added up over every group that voted; {}, each with its number.",
        capitalise(&and_words(&labels)),
        bars.join(", ")
    );
    let head: Vec<String> = std::iter::once("Idea".to_string())
        .chain(colours.iter().map(|c| capitalise(&c.label)))
        .collect();
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    Chart {
        name: "stickers".into(),
        title: title.into(),
        desc: desc.clone(),
        svg: svg.finish(title, &desc),
        table: table(&head, &table_rows),
    }
}

// ---------------------------------------------------------------------------
// Coverage
// ---------------------------------------------------------------------------

/// At most this many groups are drawn in the coverage heat map (the
/// Markdown table above it lists every group).
pub const COVERAGE_ROWS: usize = 200;

/// The coverage grid as a heat map: a row per group, a column per idea, a
/// dark cell with its letter (P, C, J; `*` chosen over the rule) where
/// the group discussed the idea; the last row counts the groups, shaded
/// by how many.
pub fn coverage_chart(all: &Collected) -> Chart {
    let ideas = all.ideas();
    let mut by: BTreeMap<(&str, u32), String> = BTreeMap::new();
    for (idea, list) in &all.coverage.by_idea {
        for d in list {
            let mut mark = letter(all.pack, &d.kind);
            if d.overridden {
                mark.push('*');
            }
            by.insert((d.session.as_str(), *idea), mark);
        }
    }
    let shown = all.groups.len().min(COVERAGE_ROWS);
    let (cw, ch, top, left) = (30.0, 18.0, 22.0, LABEL_W);
    let height = top + ch * (shown + 1) as f64 + 10.0;
    let mut svg = Svg::new("chart-coverage", WIDTH, height as u32);
    for (c, i) in ideas.iter().enumerate() {
        let x = left + cw * c as f64 + cw / 2.0;
        svg.text(
            x,
            top - 6.0,
            "middle",
            "head",
            &i.to_string(),
            Some(&idea_label(all.pack, *i)),
        );
    }
    let mut rows = Vec::new();
    for (r, g) in all.groups.iter().enumerate() {
        let name = format!("{}. {}", r + 1, group_name(g));
        let mut row = vec![name.clone()];
        for (c, i) in ideas.iter().enumerate() {
            let mark = by.get(&(g.state().id.as_str(), *i)).cloned();
            if r < shown {
                let (x, y) = (left + cw * c as f64, top + ch * r as f64);
                let fill = if mark.is_some() { "#333" } else { "#fff" };
                svg.rect(
                    x,
                    y,
                    cw,
                    ch,
                    fill,
                    "cell",
                    &[
                        ("group", g.state().id.clone()),
                        ("idea", i.to_string()),
                        ("value", mark.clone().unwrap_or_default()),
                    ],
                );
                if let Some(m) = &mark {
                    svg.text(x + cw / 2.0, y + 13.0, "middle", "cell-mark", m, None);
                }
            }
            row.push(mark.unwrap_or_default());
        }
        if r < shown {
            let y = top + ch * r as f64 + 13.0;
            svg.text(left - 6.0, y, "end", "label", &clip(&name, 36), Some(&name));
        }
        rows.push(row);
    }
    // The totals row: a heat scale from white to black, the count written.
    let most = ideas
        .iter()
        .map(|i| all.coverage.count(*i))
        .max()
        .unwrap_or(0)
        .max(1);
    let y = top + ch * shown as f64 + 4.0;
    svg.text(left - 6.0, y + 13.0, "end", "label", "Groups", None);
    let mut total_row = vec!["Groups".to_string()];
    for (c, i) in ideas.iter().enumerate() {
        let count = all.coverage.count(*i);
        let level = 255 - (200 * count / most) as u32;
        let x = left + cw * c as f64;
        let fill = format!("#{level:02x}{level:02x}{level:02x}");
        svg.rect(
            x,
            y,
            cw,
            ch,
            &fill,
            "total",
            &[("idea", i.to_string()), ("value", count.to_string())],
        );
        let class = if level < 140 { "cell-mark" } else { "value" };
        svg.text(
            x + cw / 2.0,
            y + 13.0,
            "middle",
            class,
            &count.to_string(),
            None,
        );
        total_row.push(count.to_string());
    }
    rows.push(total_row);
    let option = &all.pack.method.wording.option;
    let legend: Vec<String> = super::md::pick_letters(all.pack)
        .into_iter()
        .map(|(l, label)| format!("{l} {label}"))
        .collect();
    let title = format!("Coverage: which group discussed which {option}");
    let mut desc = format!(
        "A row per group, a column per {option} (by number); a dark cell where the group discussed the {option}, with how it was picked: {}, * chosen over the rule's suggestion. The last row counts the groups per {option}, darker for more.",
        legend.join(", ")
    );
    if shown < all.groups.len() {
        desc.push_str(&format!(
            " The first {shown} of {} groups are drawn; the table has them all.",
            all.groups.len()
        ));
    }
    let head: Vec<String> = std::iter::once("Group".to_string())
        .chain(
            ideas
                .iter()
                .map(|i| format!("{} {i}", all.pack.method.option_title())),
        )
        .collect();
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    Chart {
        name: "coverage".into(),
        svg: svg.finish(&title, &desc),
        title,
        desc,
        table: table(&head, &rows),
    }
}

// ---------------------------------------------------------------------------
// Picks
// ---------------------------------------------------------------------------

/// The fills of the pack's pick slots, in order (taken round when a pack
/// has more slots): solid, hatched, dotted, so they read without colour.
const PICK_FILLS: [Fill; 6] = [
    Fill::Solid("#1f4e79"),
    Fill::Hatched("#b35900"),
    Fill::Dotted("#6a3d9a"),
    Fill::Solid("#4d4d4d"),
    Fill::Hatched("#1b5e20"),
    Fill::Dotted("#8b1a1a"),
];

/// The pack's pick slots with their fill, the fill's name and the slot's
/// letter (as the coverage grid's: built-in P, C, J).
fn pick_kinds(pack: &Pack) -> Vec<(PickKind, Fill, &'static str, String)> {
    pack.method
        .picks
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let kind = PickKind::new(p.id.clone());
            let fill = PICK_FILLS[i % PICK_FILLS.len()];
            let name = match fill {
                Fill::Solid(_) => "solid",
                Fill::Hatched(_) => "hatched",
                Fill::Dotted(_) => "dotted",
            };
            let l = letter(pack, &kind);
            (kind, fill, name, l)
        })
        .collect()
}

/// How often each idea was picked, per kind of the pack, in its order (as
/// the Markdown's Picks table).
pub fn pick_counts(all: &Collected) -> Vec<(u32, Vec<usize>)> {
    let kinds = pick_kinds(all.pack);
    all.ideas()
        .into_iter()
        .map(|i| {
            let list = all
                .coverage
                .by_idea
                .get(&i)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let counts = kinds
                .iter()
                .map(|(kind, ..)| list.iter().filter(|d| d.kind == *kind).count())
                .collect();
            (i, counts)
        })
        .collect()
}

/// A stacked bar per idea: a part per kind of pick (built-in: most
/// popular solid, most contentious hatched, joker dotted), each with its
/// letter and count.
pub fn picks_chart(all: &Collected) -> Chart {
    let rows = pick_counts(all);
    let kinds = pick_kinds(all.pack);
    let max = rows
        .iter()
        .map(|(_, c)| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let (row_h, top) = (20.0, 28.0);
    let height = top + row_h * rows.len() as f64 + 8.0;
    let mut svg = Svg::new("chart-picks", WIDTH, height as u32);
    let labels: Vec<String> = kinds
        .iter()
        .map(|(kind, _, _, l)| format!("{l} {}", pick_words(all.pack, kind)))
        .collect();
    let items: Vec<(Fill, &str)> = kinds
        .iter()
        .zip(&labels)
        .map(|((_, fill, _, _), label)| (*fill, label.as_str()))
        .collect();
    legend(&mut svg, 14.0, &items);
    for (k, (idea, counts)) in rows.iter().enumerate() {
        let y = top + row_h * k as f64;
        let label = idea_label(all.pack, *idea);
        svg.text(
            LABEL_W - 6.0,
            y + 12.0,
            "end",
            "label",
            &clip(&label, 36),
            Some(&label),
        );
        let mut x = LABEL_W;
        let mut words = Vec::new();
        for ((kind, fill, _, l), n) in kinds.iter().zip(counts) {
            let w = BAR_W * *n as f64 / max;
            let paint = svg.paint(*fill);
            svg.rect(
                x,
                y + 2.0,
                w,
                13.0,
                &paint,
                "bar",
                &[
                    ("idea", idea.to_string()),
                    ("series", pick_code(kind).to_string()),
                    ("value", n.to_string()),
                ],
            );
            if *n > 0 && w >= 18.0 {
                svg.text(
                    x + w / 2.0,
                    y + 13.0,
                    "middle",
                    "seg",
                    &format!("{l}{n}"),
                    None,
                );
            }
            x += w;
            words.push(format!("{l} {n}"));
        }
        svg.text(
            x + 4.0,
            y + 13.0,
            "start",
            "value",
            &words.join(" · "),
            None,
        );
    }
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(i, c)| {
            let mut r = vec![idea_label(all.pack, *i)];
            r.extend(c.iter().map(ToString::to_string));
            r
        })
        .collect();
    let title = "Picks per kind";
    let parts: Vec<String> = kinds
        .iter()
        .map(|(kind, _, name, _)| format!("{} ({name})", pick_words(all.pack, kind)))
        .collect();
    let listed = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let desc = format!(
        "How often each {} was picked for discussion: {listed}, stacked, with the counts written beside each bar.",
        all.pack.method.wording.option
    );
    let mut head = vec![capitalise(&all.pack.method.wording.option)];
    head.extend(
        kinds
            .iter()
            .map(|(kind, ..)| capitalise(&pick_words(all.pack, kind))),
    );
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    Chart {
        name: "picks".into(),
        title: title.into(),
        svg: svg.finish(title, &desc),
        desc,
        table: table(&head, &table_rows),
    }
}
