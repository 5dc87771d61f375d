//! Stickers by participant attributes: where stickers were recorded per
//! participant, how each colour's stickers on each idea (built-in: green
//! and red) split by gender, age band, social grade and group type — as a chart per
//! attribute and as CSV.
//!
//! The stickers are read from the rows of the report's stickers.csv
//! ([`stickers_rows`]), so this counts exactly what that file holds, by
//! its column names, whatever shape the sessions keep them in.

use std::collections::{BTreeMap, BTreeSet};

use super::html_charts::{Chart, table};
use super::svg::{Svg, clip};
use super::*;
use crate::afterwards::common::capitalise;

/// The attributes broken down by, with their CSV names and headings.
pub const ATTRIBUTES: [(&str, &str); 4] = [
    ("gender", "Gender"),
    ("age_band", "Age band"),
    ("social_grade", "Social grade"),
    ("group_type", "Group type"),
];

/// The columns of stickers-by-attribute.csv: the attribute, its value,
/// the idea, a count per colour of the method under the colour's id
/// (built-in: `green`, `red`), and how many participants.
pub fn attribute_header(pack: &Pack) -> Vec<String> {
    ["attribute", "value", "idea", "idea_title"]
        .into_iter()
        .map(str::to_string)
        .chain(pack.method.votes.colours.iter().map(|c| c.id.clone()))
        .chain(std::iter::once("participants".to_string()))
        .collect()
}

/// The value of an attribute nobody recorded.
pub const NOT_RECORDED: &str = "(not recorded)";

/// Counts for one attribute value and idea: a count per colour of the
/// report's method, in its order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// Stickers of each colour.
    pub counts: Vec<u64>,
}

impl Split {
    /// Stickers of colour `i`.
    pub fn of(&self, i: usize) -> u64 {
        self.counts.get(i).copied().unwrap_or(0)
    }

    /// Stickers of every colour.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The counts written "3 / 1", a count per colour of `n`.
    fn words(&self, n: usize) -> String {
        (0..n)
            .map(|i| self.of(i).to_string())
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// A participant: (session, participant id).
pub type Person = (String, String);

/// attribute → value → idea → counts; and attribute → value → the
/// participants with it who placed stickers (session, participant).
#[derive(Debug, Clone, Default)]
pub struct Breakdown {
    /// The counts.
    pub counts: BTreeMap<&'static str, BTreeMap<String, BTreeMap<u32, Split>>>,
    /// Who placed them.
    pub people: BTreeMap<&'static str, BTreeMap<String, BTreeSet<Person>>>,
    /// How many groups recorded stickers per participant.
    pub groups: usize,
}

/// The breakdown over every group that recorded stickers per participant.
pub fn breakdown(all: &Collected) -> anyhow::Result<Breakdown> {
    let mut b = Breakdown::default();
    for g in &all.groups {
        let mut csv = Csv::new(&STICKERS_HEADER)?;
        stickers_rows(g, &mut csv)?;
        let bytes = csv.finish()?;
        let mut r = ::csv::Reader::from_reader(bytes.as_slice());
        let head = r.headers()?.clone();
        let col = |name: &str| head.iter().position(|h| h == name);
        let (Some(mode), Some(idea), Some(colour), Some(count), Some(who)) = (
            col("mode"),
            col("idea"),
            col("colour"),
            col("count"),
            col("participant"),
        ) else {
            anyhow::bail!("stickers.csv lacks a column the breakdown needs");
        };
        let group_type = g.plan_title();
        let mut any = false;
        for row in r.records() {
            let row = row?;
            if row.get(mode) != Some("per_participant") {
                continue;
            }
            any = true;
            let Some(idea) = row.get(idea).and_then(|v| v.parse::<u32>().ok()) else {
                continue;
            };
            let n: u64 = row.get(count).and_then(|v| v.parse().ok()).unwrap_or(0);
            let person = (g.state().id.clone(), row.get(who).unwrap_or("").to_string());
            for (attr, _) in ATTRIBUTES {
                let value = if attr == "group_type" {
                    group_type.clone()
                } else {
                    col(attr)
                        .and_then(|c| row.get(c))
                        .unwrap_or("")
                        .trim()
                        .to_string()
                };
                let value = if value.is_empty() {
                    NOT_RECORDED.to_string()
                } else {
                    value
                };
                let split = b
                    .counts
                    .entry(attr)
                    .or_default()
                    .entry(value.clone())
                    .or_default()
                    .entry(idea)
                    .or_default();
                // By the colour's place in the report's method (a colour
                // it does not have is left out, as its other charts do).
                if let Some(i) = row
                    .get(colour)
                    .and_then(|c| crate::domain::ideas::colour_index(all.pack, c))
                {
                    if split.counts.len() <= i {
                        split.counts.resize(i + 1, 0);
                    }
                    split.counts[i] += n;
                }
                b.people
                    .entry(attr)
                    .or_default()
                    .entry(value)
                    .or_default()
                    .insert(person.clone());
            }
        }
        if any {
            b.groups += 1;
        }
    }
    Ok(b)
}

/// stickers-by-attribute.csv: a row per attribute, value and idea.
pub fn breakdown_csv(all: &Collected, b: &Breakdown) -> anyhow::Result<Vec<u8>> {
    let header = attribute_header(all.pack);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut csv = Csv::new(&header)?;
    let colours = all.pack.method.votes.colours.len();
    for (attr, _) in ATTRIBUTES {
        let Some(values) = b.counts.get(attr) else {
            continue;
        };
        for (value, ideas) in values {
            let people = b
                .people
                .get(attr)
                .and_then(|p| p.get(value))
                .map_or(0, BTreeSet::len);
            for idea in all.ideas() {
                let s = ideas.get(&idea).cloned().unwrap_or_default();
                csv.row(
                    [
                        attr.to_string(),
                        value.clone(),
                        idea.to_string(),
                        idea_title(all.pack, idea),
                    ]
                    .into_iter()
                    .chain((0..colours).map(|i| s.of(i).to_string()))
                    .chain(std::iter::once(people.to_string())),
                )?;
            }
        }
    }
    csv.finish()
}

/// A chart per attribute: a row per value, a column per idea, each cell
/// with its count of each colour written ("3 / 1") and shaded by how many
/// stickers it holds; the row's label says how many participants.
pub fn attribute_charts(all: &Collected, b: &Breakdown) -> Vec<Chart> {
    let ideas = all.ideas();
    let colours = &all.pack.method.votes.colours;
    let n = colours.len();
    let mut out = Vec::new();
    for (attr, heading) in ATTRIBUTES {
        let Some(values) = b.counts.get(attr) else {
            continue;
        };
        let most = values
            .values()
            .flat_map(|m| m.values())
            .map(Split::total)
            .max()
            .unwrap_or(0)
            .max(1);
        let (cw, ch, top, left) = (44.0, 20.0, 22.0, 250.0);
        let height = top + ch * values.len() as f64 + 8.0;
        let name = format!("attributes-{}", attr.replace('_', "-"));
        let mut svg = Svg::new(&format!("chart-{name}"), 720, height as u32);
        for (c, i) in ideas.iter().enumerate() {
            svg.text(
                left + cw * c as f64 + cw / 2.0,
                top - 6.0,
                "middle",
                "head",
                &i.to_string(),
                Some(&idea_label(all.pack, *i)),
            );
        }
        let mut rows = Vec::new();
        for (r, (value, per_idea)) in values.iter().enumerate() {
            let people = b
                .people
                .get(attr)
                .and_then(|p| p.get(value))
                .map_or(0, BTreeSet::len);
            let label = format!("{value} ({people})");
            let y = top + ch * r as f64;
            svg.text(
                left - 6.0,
                y + 14.0,
                "end",
                "label",
                &clip(&label, 36),
                Some(&label),
            );
            let mut row = vec![label.clone()];
            for (c, i) in ideas.iter().enumerate() {
                let s = per_idea.get(i).cloned().unwrap_or_default();
                let level = 255 - (110 * s.total() / most) as u32;
                let x = left + cw * c as f64;
                svg.rect(
                    x,
                    y,
                    cw,
                    ch,
                    &format!("#{level:02x}{level:02x}{level:02x}"),
                    "cell",
                    &[("value-of", value.clone()), ("idea", i.to_string())]
                        .into_iter()
                        .chain(
                            colours
                                .iter()
                                .enumerate()
                                .map(|(k, c)| (c.id.as_str(), s.of(k).to_string())),
                        )
                        .chain(std::iter::once(("value", s.total().to_string())))
                        .collect::<Vec<_>>(),
                );
                let text = s.words(n);
                svg.text(x + cw / 2.0, y + 14.0, "middle", "value", &text, None);
                row.push(text);
            }
            rows.push(row);
        }
        let w = &all.pack.method.wording;
        let (tokens, option) = (&w.tokens, &w.option);
        let labels = colours
            .iter()
            .map(|c| c.label.as_str())
            .collect::<Vec<_>>()
            .join(" / ");
        let title = format!("{} by {}", capitalise(tokens), heading.to_lowercase());
        let desc = format!(
            "{} {tokens} on each {option} (columns, by number) placed by the participants of each {} (rows; how many participants in brackets), over the groups that recorded {tokens} per participant; darker cells hold more {tokens}.",
            capitalise(&labels),
            heading.to_lowercase()
        );
        let head: Vec<String> = std::iter::once(heading.to_string())
            .chain(
                ideas
                    .iter()
                    .map(|i| format!("{} {i} {labels}", capitalise(option))),
            )
            .collect();
        let head: Vec<&str> = head.iter().map(String::as_str).collect();
        out.push(Chart {
            name,
            svg: svg.finish(&title, &desc),
            title,
            desc,
            table: table(&head, &rows),
        });
    }
    out
}
