//! Stickers by participant attributes: where stickers were recorded per
//! participant, how the green and red stickers on each idea split by
//! gender, age band, social grade and group type — as a chart per
//! attribute and as CSV.
//!
//! The stickers are read from the rows of the report's stickers.csv
//! ([`stickers_rows`]), so this counts exactly what that file holds, by
//! its column names, whatever shape the sessions keep them in.

use std::collections::{BTreeMap, BTreeSet};

use super::html_charts::{Chart, table};
use super::svg::{Svg, clip};
use super::*;

/// The attributes broken down by, with their CSV names and headings.
pub const ATTRIBUTES: [(&str, &str); 4] = [
    ("gender", "Gender"),
    ("age_band", "Age band"),
    ("social_grade", "Social grade"),
    ("group_type", "Group type"),
];

/// The columns of stickers-by-attribute.csv.
pub const ATTRIBUTE_HEADER: [&str; 7] = [
    "attribute",
    "value",
    "idea",
    "idea_title",
    "green",
    "red",
    "participants",
];

/// The value of an attribute nobody recorded.
pub const NOT_RECORDED: &str = "(not recorded)";

/// Counts for one attribute value and idea.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    /// Green stickers.
    pub green: u64,
    /// Red stickers.
    pub red: u64,
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
                // The breakdown holds the vote's first two colours.
                match row
                    .get(colour)
                    .and_then(|c| crate::domain::ideas::colour_index(g.pack, c))
                {
                    Some(0) => split.green += n,
                    Some(1) => split.red += n,
                    _ => {}
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
    let mut csv = Csv::new(&ATTRIBUTE_HEADER)?;
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
                csv.row([
                    attr.to_string(),
                    value.clone(),
                    idea.to_string(),
                    idea_title(all.pack, idea),
                    s.green.to_string(),
                    s.red.to_string(),
                    people.to_string(),
                ])?;
            }
        }
    }
    csv.finish()
}

/// A chart per attribute: a row per value, a column per idea, each cell
/// with its green and red counts written ("3 / 1") and shaded by how many
/// stickers it holds; the row's label says how many participants.
pub fn attribute_charts(all: &Collected, b: &Breakdown) -> Vec<Chart> {
    let ideas = all.ideas();
    let mut out = Vec::new();
    for (attr, heading) in ATTRIBUTES {
        let Some(values) = b.counts.get(attr) else {
            continue;
        };
        let most = values
            .values()
            .flat_map(|m| m.values())
            .map(|s| s.green + s.red)
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
                let level = 255 - (110 * (s.green + s.red) / most) as u32;
                let x = left + cw * c as f64;
                svg.rect(
                    x,
                    y,
                    cw,
                    ch,
                    &format!("#{level:02x}{level:02x}{level:02x}"),
                    "cell",
                    &[
                        ("value-of", value.clone()),
                        ("idea", i.to_string()),
                        ("green", s.green.to_string()),
                        ("red", s.red.to_string()),
                        ("value", (s.green + s.red).to_string()),
                    ],
                );
                let text = format!("{} / {}", s.green, s.red);
                svg.text(x + cw / 2.0, y + 14.0, "middle", "value", &text, None);
                row.push(text);
            }
            rows.push(row);
        }
        let title = format!("Stickers by {}", heading.to_lowercase());
        let desc = format!(
            "Green / red stickers on each idea (columns, by number) placed by the participants of each {} (rows; how many participants in brackets), over the groups that recorded stickers per participant; darker cells hold more stickers.",
            heading.to_lowercase()
        );
        let head: Vec<String> = std::iter::once(heading.to_string())
            .chain(ideas.iter().map(|i| format!("Idea {i} green / red")))
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
