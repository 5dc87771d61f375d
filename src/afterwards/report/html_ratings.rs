//! The HTML report's ratings chart: each idea's ratings on the three
//! scales as distributions (every group's rating, the range, the median,
//! n), computed as the Markdown report's Ratings table is.

use super::html_charts::{Chart, LABEL_W, WIDTH, table};
use super::svg::{MARKER_NAMES, Svg, clip};
use super::*;
use crate::domain::event::Scale;

/// A distribution: lowest, median, highest, how many.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    /// The ratings, sorted.
    pub values: Vec<u8>,
    /// The lowest.
    pub min: u8,
    /// The median (the mean of the middle two for an even count).
    pub median: f64,
    /// The highest.
    pub max: u8,
}

impl Spread {
    /// The spread of `values`; None if there are none.
    pub fn of(mut values: Vec<u8>) -> Option<Spread> {
        values.sort_unstable();
        let (min, max) = (*values.first()?, *values.last()?);
        let mid = values.len() / 2;
        let median = if values.len() % 2 == 1 {
            f64::from(values[mid])
        } else {
            (f64::from(values[mid - 1]) + f64::from(values[mid])) / 2.0
        };
        Some(Spread {
            values,
            min,
            median,
            max,
        })
    }
}

/// "6" or "6.5".
pub fn num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

/// Every idea's ratings on each scale, over the groups (as the Markdown's
/// Ratings table); for a pack whose group rates once, that one rating
/// (`None`).
pub fn rating_spreads(all: &Collected) -> Vec<(Option<u32>, Vec<Option<Spread>>)> {
    all.rated_things()
        .into_iter()
        .map(|i| {
            let per_scale = scales(all.pack)
                .into_iter()
                .map(|(scale, _)| Spread::of(all.ratings_of(i, &scale).0))
                .collect();
            (i, per_scale)
        })
        .collect()
}

/// The axis of the ratings chart: from the lowest of the pack's scales'
/// min to the highest max (built-in: 1-10), and the step between its
/// labelled values (1, or more so that about ten are labelled).
pub fn rating_axis(pack: &Pack) -> (u8, u8, u8) {
    let list = &pack.method.ratings.scales;
    let lo = list.iter().map(|s| s.min).min().unwrap_or(1);
    let hi = list.iter().map(|s| s.max).max().unwrap_or(10).max(lo + 1);
    let step = (hi - lo).div_ceil(10).max(1);
    (lo, hi, step)
}

/// Per idea and scale, on an axis of the scales' range: every group's
/// rating as a marker (circle, square, triangle by scale), the range as a
/// line, the median as a tall tick, and "median (min-max), n" written.
pub fn ratings_chart(all: &Collected) -> Chart {
    let rows = rating_spreads(all);
    let (sub_h, gap, top) = (15.0, 8.0, 34.0);
    let axis_w = 300.0;
    let (lo, hi, step) = rating_axis(all.pack);
    let span = f64::from(hi) - f64::from(lo);
    let x_of = |v: f64| LABEL_W + (v - f64::from(lo)) * axis_w / span;
    let scale_list = scales(all.pack);
    let block = sub_h * scale_list.len() as f64 + gap;
    let height = top + block * rows.len() as f64 + 4.0;
    let mut svg = Svg::new("chart-ratings", WIDTH, height as u32);
    for v in (lo..=hi).step_by(usize::from(step)) {
        let x = x_of(f64::from(v));
        svg.text(x, top - 16.0, "middle", "head", &v.to_string(), None);
        svg.line(x, top - 12.0, x, height - 4.0, 0.3, true);
    }
    // A "don't know" column only for a pack whose scales allow it.
    let any_dont_know = all.pack.method.ratings.scales.iter().any(|s| s.dont_know);
    let unknown_of = |i: Option<u32>, scale: &Scale| all.ratings_of(i, scale).1;
    let mut table_rows = Vec::new();
    for (k, (idea, spreads)) in rows.iter().enumerate() {
        let y0 = top + block * k as f64;
        let label = rated_label(all.pack, *idea);
        svg.text(
            8.0,
            y0 + 10.0,
            "start",
            "label",
            &clip(&label, 30),
            Some(&label),
        );
        for (j, ((scale, name), spread)) in scale_list.iter().zip(spreads).enumerate() {
            let y = y0 + sub_h * j as f64 + 7.0;
            let unknown = unknown_of(*idea, scale);
            let unknown_words = if unknown > 0 {
                format!("; don't know: {unknown}")
            } else {
                String::new()
            };
            svg.text(LABEL_W - 6.0, y + 4.0, "end", "small", name, None);
            let scale_code = name.to_lowercase();
            let Some(s) = spread else {
                svg.text(
                    LABEL_W,
                    y + 4.0,
                    "start",
                    "small",
                    &format!("no ratings{unknown_words}"),
                    None,
                );
                let mut row = vec![
                    label.clone(),
                    name.to_string(),
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "0".into(),
                ];
                if any_dont_know {
                    row.push(unknown.to_string());
                }
                table_rows.push(row);
                continue;
            };
            svg.line(
                x_of(f64::from(s.min)),
                y,
                x_of(f64::from(s.max)),
                y,
                1.6,
                false,
            );
            for v in &s.values {
                svg.marker(j, x_of(f64::from(*v)), y, "rating", &[]);
            }
            svg.rect(
                x_of(s.median) - 1.5,
                y - 6.0,
                3.0,
                12.0,
                "#000",
                "median",
                &[
                    ("idea", idea.map(|i| i.to_string()).unwrap_or_default()),
                    ("scale", scale_code),
                    ("min", s.min.to_string()),
                    ("median", num(s.median)),
                    ("max", s.max.to_string()),
                    ("n", s.values.len().to_string()),
                    ("value", num(s.median)),
                ],
            );
            svg.text(
                LABEL_W + axis_w + 14.0,
                y + 4.0,
                "start",
                "small",
                &format!(
                    "median {} ({}-{}), n={}{unknown_words}",
                    num(s.median),
                    s.min,
                    s.max,
                    s.values.len()
                ),
                None,
            );
            let mut row = vec![
                label.clone(),
                name.to_string(),
                s.min.to_string(),
                num(s.median),
                s.max.to_string(),
                s.values.len().to_string(),
            ];
            if any_dont_know {
                row.push(unknown.to_string());
            }
            table_rows.push(row);
        }
    }
    let (title, desc) = chart_words(all.pack);
    let first = if all.pack.method.ratings.per_group() {
        "Rated"
    } else {
        "Idea"
    };
    let mut head = vec![first, "Scale", "Lowest", "Median", "Highest", "Groups"];
    if any_dont_know {
        head.push("Don't know");
    }
    Chart {
        name: "ratings".into(),
        svg: svg.finish(&title, &desc),
        title,
        desc,
        table: table(&head, &table_rows),
    }
}

/// The chart's title and its description for screen readers, in the
/// pack's words: its option word, its scales' ranges, names and markers.
fn chart_words(pack: &Pack) -> (String, String) {
    let r = &pack.method.ratings;
    let w = &pack.method.wording;
    let mut ranges: Vec<String> = r
        .scales
        .iter()
        .map(|s| format!("{}-{}", s.min, s.max))
        .collect();
    ranges.dedup();
    let n = u32::try_from(r.scales.len()).unwrap_or(u32::MAX);
    let markers: Vec<String> = r
        .scales
        .iter()
        .enumerate()
        .map(|(j, s)| format!("{} {}", MARKER_NAMES[j % MARKER_NAMES.len()], s.label))
        .collect();
    let (title, of) = if r.per_group() {
        (
            "The groups' ratings".to_string(),
            "the discussion as a whole".to_string(),
        )
    } else {
        (
            format!("Ratings per {}", w.option),
            format!("each {}", w.option),
        )
    };
    let on = if n == 1 {
        "its scale".to_string()
    } else {
        format!("the {} scales", crate::domain::ideas::number_word(n))
    };
    let desc = format!(
        "Each group's rating ({}) of {of} on {on}: a marker per group ({}), a line from the lowest to the highest, a tall tick at the median, and the median, range and number of groups written.",
        ranges.join(", "),
        markers.join(", ")
    );
    (title, desc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_between_the_middle_two() {
        let s = Spread::of(vec![7, 3, 9, 4]).unwrap();
        assert_eq!((s.min, s.median, s.max), (3, 5.5, 9));
        assert_eq!(s.values, [3, 4, 7, 9]);
        assert_eq!(Spread::of(vec![8, 2, 5]).unwrap().median, 5.0);
        assert_eq!(Spread::of(Vec::new()), None);
        assert_eq!((num(5.5), num(6.0)), ("5.5".to_string(), "6".to_string()));
    }
}
