//! `report --format html`: the page is read back with an XML parser (the
//! markup is well-formed) and checked for the Markdown report's sections,
//! in order, and for every chart holding the numbers of the table it
//! pictures (counted again here from the Markdown and the CSV report).
//! Also: nothing in it reaches outside the file, and what the moderator
//! typed stays text.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use chrono::{TimeZone, Utc};
use facilitator::afterwards::{demo, report};
use facilitator::domain::event::{Event, NoteKind, NotePlace};
use facilitator::domain::profile::{GroupProfile, Participant};
use facilitator::domain::session::Session;
use facilitator::stimulus::{Pack, embedded};
use facilitator::store::SessionsDir;
use roxmltree::{Document, Node};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_facilitator");
const HOSTILE: &str = "<script>alert('x')</script> & </svg> Co";

/// A group whose location and note are markup.
fn hostile(pack: &Pack, dir: &SessionsDir) {
    let t = Utc.with_ymd_and_hms(2010, 3, 1, 18, 0, 0).single().unwrap();
    let profile = GroupProfile {
        location: HOSTILE.into(),
        ..Default::default()
    };
    let first = Session::created_event("zz-hostile", "full", pack, profile, t);
    let mut s = Session::from_events(pack, vec![first]);
    let events = [
        Event::ParticipantAdded {
            participant: Participant {
                id: 1,
                label: "<b>Bob</b>".into(),
                gender: "<i>x</i>".into(),
                ..Default::default()
            },
        },
        Event::Started,
        Event::StepEntered {
            step: "arrival".into(),
        },
        Event::NoteAdded {
            id: 1,
            kind: NoteKind::Note,
            place: NotePlace {
                step: "arrival".into(),
                section: None,
                idea: None,
            },
            text: "<img src=\"http://example.org/x.png\"> [click](javascript:alert(1))".into(),
            participant: None,
            codes: vec!["support".into()],
            begun: None,
        },
    ];
    for e in events {
        s.record(pack, e, t).unwrap();
    }
    dir.create("zz-hostile", s.events())
        .unwrap()
        .close()
        .unwrap();
}

/// Twelve demo groups (some with stickers per participant) and the hostile one.
fn folder() -> (TempDir, SessionsDir) {
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    let pack = embedded();
    demo::run(&dir, &pack, 12, 1).unwrap();
    hostile(&pack, &dir);
    (tmp, dir)
}

/// The page as XML (its markup is well-formed), the `<!DOCTYPE html>` allowed.
fn parse(html: &str) -> Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    Document::parse_with_options(html, opts).expect("the page is well-formed")
}

fn text_of(n: Node) -> String {
    n.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect::<String>()
        .trim()
        .to_string()
}

/// The rows of the first Markdown table after `## heading`, as cells.
fn md_table(md: &str, heading: &str) -> Vec<Vec<String>> {
    let start = md.find(&format!("\n## {heading}\n")).unwrap();
    md[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| {
                    let c = c.trim();
                    c.strip_prefix("**")
                        .and_then(|c| c.strip_suffix("**"))
                        .unwrap_or(c)
                        .to_string()
                })
                .collect()
        })
        .collect()
}

/// A chart's figure.
fn figure<'a>(doc: &'a Document, chart: &str) -> Node<'a, 'a> {
    doc.descendants()
        .find(|n| n.attribute("data-chart") == Some(chart))
        .unwrap_or_else(|| panic!("no chart {chart}"))
}

/// The marks of a chart: `data-*` of every element with `data-value`.
fn marks<'a>(doc: &'a Document, chart: &str) -> Vec<Node<'a, 'a>> {
    figure(doc, chart)
        .descendants()
        .filter(|n| n.attribute("data-value").is_some())
        .collect()
}

fn v<'a>(n: &Node<'a, 'a>, k: &str) -> &'a str {
    n.attribute(format!("data-{k}").as_str()).unwrap_or("")
}

#[test]
fn the_page_has_the_markdown_sections_and_every_chart_its_data() {
    let (_tmp, dir) = folder();
    let pack = embedded();
    let all = report::Collected::read(&dir, &pack).unwrap();
    let md = report::markdown(&all, dir.path());
    let (html, csv) = report::html::page(&all, dir.path()).unwrap();
    let doc = parse(&html);

    // The same sections, in the same order, with the same words.
    for (level, tag) in [("# ", "h1"), ("## ", "h2"), ("### ", "h3"), ("#### ", "h4")] {
        let want: Vec<String> = md
            .lines()
            .filter_map(|l| l.strip_prefix(level))
            .map(|l| l.replace('`', ""))
            .collect();
        let got: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name(tag))
            .filter(|n| !n.ancestors().any(|a| a.has_tag_name("nav")))
            .map(text_of)
            .filter(|t| t != "Stickers by participant attributes")
            .collect();
        assert_eq!(got, want, "{tag}");
        if tag == "h2" {
            // The contents link to every section.
            let nav = doc.descendants().find(|n| n.has_tag_name("nav")).unwrap();
            let links: Vec<String> = nav
                .descendants()
                .filter(|n| n.has_tag_name("a"))
                .map(text_of)
                .filter(|t| t != "Stickers by participant attributes")
                .collect();
            assert_eq!(links, want);
        }
    }
    assert!(html.contains("Stickers by participant attributes"));

    // Every chart: a picture with a title and a description, marks with
    // their data, and the data as a table.
    let figures: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("figure"))
        .collect();
    let names: Vec<&str> = figures
        .iter()
        .filter_map(|f| f.attribute("data-chart"))
        .collect();
    assert_eq!(
        names,
        [
            "coverage",
            "stickers",
            "attributes-gender",
            "attributes-age-band",
            "attributes-social-grade",
            "attributes-group-type",
            "picks",
            "ratings"
        ]
    );
    for f in &figures {
        let svg = f.descendants().find(|n| n.has_tag_name("svg")).unwrap();
        assert_eq!(svg.attribute("role"), Some("img"));
        for part in ["title", "desc"] {
            let t = svg.children().find(|n| n.has_tag_name(part)).unwrap();
            assert!(!text_of(t).is_empty());
        }
        assert!(f.descendants().any(|n| n.attribute("data-value").is_some()));
        let rows = f.descendants().filter(|n| n.has_tag_name("tr")).count();
        assert!(rows >= 2, "{:?}", f.attribute("data-chart"));
    }

    // Stickers: the Markdown table's numbers, bar by bar.
    let want: Vec<(String, String)> = md_table(&md, "Stickers")
        .into_iter()
        .map(|r| (r[1].clone(), r[2].clone()))
        .collect();
    let bars = marks(&doc, "stickers");
    let got: Vec<(String, String)> = bars
        .chunks(2)
        .map(|p| (v(&p[0], "value").into(), v(&p[1], "value").into()))
        .collect();
    assert_eq!(got, want);
    assert!(bars.iter().any(|b| v(b, "value") != "0"));

    // Coverage: every cell's letter, then the totals.
    let cov = md_table(&md, "Coverage");
    let want: Vec<String> = cov.iter().flat_map(|r| r[2..].to_vec()).collect();
    let got: Vec<String> = marks(&doc, "coverage")
        .iter()
        .map(|n| v(n, "value").to_string())
        .collect();
    assert_eq!(got, want);

    // Picks per kind.
    let want: Vec<String> = md_table(&md, "Picks")
        .iter()
        .flat_map(|r| r[1..4].to_vec())
        .collect();
    let got: Vec<String> = marks(&doc, "picks")
        .iter()
        .map(|n| v(n, "value").to_string())
        .collect();
    assert_eq!(got, want);

    // Ratings: lowest, highest and n as the Markdown says; the median
    // counted again from ratings.csv.
    let files = report::csv_files(&all).unwrap();
    let ratings = &files.iter().find(|(n, _)| *n == "ratings.csv").unwrap().1;
    let mut values: BTreeMap<(String, &str), Vec<f64>> = BTreeMap::new();
    let mut r = csv::Reader::from_reader(ratings.as_slice());
    for row in r.records() {
        let row = row.unwrap();
        for (col, scale) in [(7, "desirable"), (8, "achievable"), (9, "equitable")] {
            if let Ok(x) = row[col].parse::<f64>() {
                values
                    .entry((row[1].to_string(), scale))
                    .or_default()
                    .push(x);
            }
        }
    }
    let medians = marks(&doc, "ratings");
    let md_ratings = md_table(&md, "Ratings");
    let mut k = 0;
    for (row, idea) in md_ratings.iter().zip(pack.ideas.iter()) {
        for (j, scale) in ["desirable", "achievable", "equitable"].iter().enumerate() {
            let cell = &row[j + 1];
            if cell == "-" {
                continue;
            }
            let m = &medians[k];
            k += 1;
            assert_eq!(v(m, "idea"), idea.number.to_string());
            assert_eq!(v(m, "scale"), *scale);
            let want = format!("({}-{}, n={})", v(m, "min"), v(m, "max"), v(m, "n"));
            assert!(cell.ends_with(&want), "{cell} vs {want}");
            let mut xs = values[&(idea.number.to_string(), *scale)].clone();
            xs.sort_by(f64::total_cmp);
            let n = xs.len();
            let median = if n % 2 == 1 {
                xs[n / 2]
            } else {
                (xs[n / 2 - 1] + xs[n / 2]) / 2.0
            };
            assert_eq!(v(m, "median").parse::<f64>().unwrap(), median);
        }
    }
    assert_eq!(k, medians.len());
    assert!(k > 0);

    // Stickers by attribute: each attribute splits the same stickers (those
    // recorded per participant in stickers.csv), idea by idea.
    let stickers = &files.iter().find(|(n, _)| *n == "stickers.csv").unwrap().1;
    let mut per_idea: BTreeMap<(String, String), u64> = BTreeMap::new();
    let mut r = csv::Reader::from_reader(stickers.as_slice());
    for row in r.records() {
        let row = row.unwrap();
        if &row[1] == "per_participant" {
            *per_idea
                .entry((row[2].to_string(), row[4].to_string()))
                .or_default() += row[5].parse::<u64>().unwrap();
        }
    }
    assert!(
        !per_idea.is_empty(),
        "the demo has groups with stickers per participant"
    );
    for attr in ["gender", "age-band", "social-grade", "group-type"] {
        let mut got: BTreeMap<(String, String), u64> = BTreeMap::new();
        for cell in marks(&doc, &format!("attributes-{attr}")) {
            for colour in ["green", "red"] {
                let n: u64 = v(&cell, colour).parse().unwrap();
                if n > 0 {
                    *got.entry((v(&cell, "idea").into(), colour.into()))
                        .or_default() += n;
                }
            }
        }
        assert_eq!(got, per_idea, "{attr}");
    }
    // The same numbers as CSV, and inside the page as a download.
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with("attribute,value,idea,idea_title,green,red,participants\n"));
    let csv_green: u64 = text
        .lines()
        .skip(1)
        .filter(|l| l.starts_with("gender,"))
        .map(|l| l.rsplit(',').nth(2).unwrap().parse::<u64>().unwrap())
        .sum();
    let want_green: u64 = per_idea
        .iter()
        .filter(|((_, c), _)| c == "green")
        .map(|(_, n)| n)
        .sum();
    assert_eq!(csv_green, want_green);
    assert!(html.contains("download=\"stickers-by-attribute.csv\" href=\"data:text/csv"));
}

#[test]
fn the_page_reaches_nothing_outside_and_keeps_typed_markup_as_text() {
    let (_tmp, dir) = folder();
    let pack = embedded();
    let all = report::Collected::read(&dir, &pack).unwrap();
    let (html, _) = report::html::page(&all, dir.path()).unwrap();
    let doc = parse(&html);
    for tag in ["script", "img", "link", "iframe", "object", "b", "i"] {
        assert!(
            !doc.descendants().any(|n| n.has_tag_name(tag)),
            "a <{tag}> element"
        );
    }
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes() {
            let name = a.name();
            assert!(!name.starts_with("on"), "{name} on <{:?}>", n.tag_name());
            if name == "href" {
                assert!(
                    a.value().starts_with('#') || a.value().starts_with("data:text/csv"),
                    "{}",
                    a.value()
                );
            }
            assert!(name != "src", "src on <{:?}>", n.tag_name());
        }
    }
    // The only URL is the SVG namespace.
    let urls = html.matches("http://").count() + html.matches("https://").count();
    let svgs = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    let typed = html.matches("http://example.org").count();
    assert_eq!(urls, svgs + typed, "a URL that is not the SVG namespace");
    assert!(
        doc.descendants().any(|n| n.has_tag_name("meta")
            && n.attribute("http-equiv") == Some("Content-Security-Policy"))
    );
    // The hostile location is there as text: in the tables and in the chart.
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text().map(str::to_string))
        .collect();
    assert!(
        texts.iter().any(|t| t.contains(HOSTILE)),
        "the location as text"
    );
    let svg_text = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .any(|n| text_of(n).contains("<script>alert('x')"));
    assert!(svg_text, "the location in the coverage chart");
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_folder_gets_the_page_and_the_csv_a_file_the_page() {
    let (tmp, dir) = folder();
    let s = dir.path().to_str().unwrap();
    let out = tmp.path().join("out");
    let o = out.to_str().unwrap();
    let (code, err) = run(&["--sessions", s, "report", "--format", "html", "-o", o]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("report.html").is_file());
    let csv = fs::read_to_string(out.join("stickers-by-attribute.csv")).unwrap();
    assert!(csv.starts_with("attribute,value"));
    // Again: refused, nothing overwritten.
    let (code, err) = run(&["--sessions", s, "report", "--format", "html", "-o", o]);
    assert_ne!(code, 0);
    assert!(err.contains("already exist"), "{err}");
    let file = tmp.path().join("r.html");
    let f = file.to_str().unwrap();
    let (code, err) = run(&["--sessions", s, "report", "--format", "html", "-o", f]);
    assert_eq!(code, 0, "{err}");
    let page = fs::read_to_string(&file).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        3,
        "sessions, out and r.html only"
    );
    assert!(Path::new(&file).is_file());
}

/// A folder where no group recorded stickers per participant: the page
/// says so, draws no breakdown and has no CSV to offer.
#[test]
fn without_stickers_per_participant_there_is_no_breakdown() {
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    let pack = embedded();
    hostile(&pack, &dir);
    let all = report::Collected::read(&dir, &pack).unwrap();
    let (html, csv) = report::html::page(&all, dir.path()).unwrap();
    let doc = parse(&html);
    assert!(csv.is_empty());
    assert!(html.contains("No group recorded its stickers per participant"));
    assert!(!html.contains("data:text/csv"));
    let charts: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("data-chart"))
        .collect();
    assert_eq!(charts, ["coverage", "stickers", "picks", "ratings"]);
}

/// The texts of a chart's SVG with this class, in order.
fn texts_of_class(doc: &Document, chart: &str, class: &str) -> Vec<String> {
    let svg = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(format!("chart-{chart}").as_str()))
        .unwrap_or_else(|| panic!("no chart {chart}"));
    svg.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some(class))
        .map(text_of)
        .collect()
}

/// The header cells of a chart's data table.
fn table_head(doc: &Document, chart: &str) -> Vec<String> {
    figure(doc, chart)
        .descendants()
        .filter(|n| n.has_tag_name("th") && n.attribute("scope") == Some("col"))
        .map(text_of)
        .collect()
}

fn caption(doc: &Document, chart: &str) -> String {
    figure(doc, chart)
        .descendants()
        .find(|n| n.has_tag_name("figcaption"))
        .map(text_of)
        .unwrap_or_default()
}

#[test]
fn the_climate_charts_have_its_scales_axis_and_its_picks() {
    let pack = common::climate::pack();
    let (_tmp, dir) = common::climate::folder(&pack);
    let all = report::Collected::read(&dir, &pack).unwrap();
    let (html, _) = report::html::page(&all, dir.path()).unwrap();
    let doc = parse(&html);
    // Ratings: an axis 1-5 (the scales' range), the pack's words.
    assert_eq!(
        texts_of_class(&doc, "ratings", "head"),
        ["1", "2", "3", "4", "5"]
    );
    let medians: Vec<(&str, &str)> = marks(&doc, "ratings")
        .iter()
        .map(|m| (v(m, "scale"), v(m, "median")))
        .collect();
    assert_eq!(medians[..2], [("support", "4"), ("feasible here", "2")]);
    assert!(
        caption(&doc, "ratings").starts_with("Ratings per option. Each group's rating (1-5) of each option on the two scales: a marker per group (circle Support, square Feasible here)"),
        "{}",
        caption(&doc, "ratings")
    );
    // Picks: the pack's two kinds, their letters and labels.
    assert_eq!(
        texts_of_class(&doc, "picks", "legend"),
        ["D most dots", "C moderator's choice"]
    );
    assert_eq!(
        table_head(&doc, "picks"),
        ["Option", "Most dots", "Moderator's choice"]
    );
    let picked: Vec<(&str, &str, &str)> = marks(&doc, "picks")
        .iter()
        .filter(|m| v(m, "value") != "0")
        .map(|m| (v(m, "idea"), v(m, "series"), v(m, "value")))
        .collect();
    assert_eq!(
        picked,
        [
            ("1", "most-dots", "2"),
            ("4", "moderator", "1"),
            ("6", "moderator", "1")
        ]
    );
    assert!(
        caption(&doc, "picks").contains("How often each option was picked for discussion: most dots (solid) and moderator's choice (hatched), stacked"),
        "{}",
        caption(&doc, "picks")
    );
}

#[test]
fn the_built_in_charts_keep_their_words_and_axis() {
    let (_tmp, dir) = folder();
    let pack = embedded();
    let all = report::Collected::read(&dir, &pack).unwrap();
    let (html, _) = report::html::page(&all, dir.path()).unwrap();
    let doc = parse(&html);
    let axis: Vec<String> = (1..=10).map(|v| v.to_string()).collect();
    assert_eq!(texts_of_class(&doc, "ratings", "head"), axis);
    assert!(html.contains("<title id=\"chart-ratings-title\">Ratings per idea</title><desc id=\"chart-ratings-desc\">Each group&#39;s rating (1-10) of each idea on the three scales: a marker per group (circle Desirable, square Achievable, triangle Equitable), a line from the lowest to the highest, a tall tick at the median, and the median, range and number of groups written.</desc>"));
    assert_eq!(
        texts_of_class(&doc, "picks", "legend"),
        ["P most popular", "C most contentious", "J joker"]
    );
    assert_eq!(
        table_head(&doc, "picks"),
        ["Idea", "Most popular", "Most contentious", "Joker"]
    );
    assert!(html.contains("<desc id=\"chart-picks-desc\">How often each idea was picked for discussion: most popular (solid), most contentious (hatched) and joker (dotted), stacked, with the counts written beside each bar.</desc>"));
}
