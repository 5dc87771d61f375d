//! `report --format html`: the report as one self-contained HTML page —
//! the Markdown report's sections, word for word, with SVG charts where
//! people would rather look than read (sticker totals, the coverage heat
//! map, ratings as distributions, picks per kind, and stickers by
//! participant attributes).
//!
//! Nothing is fetched: no script, no font, no image, no link out; the
//! page's Content-Security-Policy forbids them too, so it works offline
//! and by email. What the moderator typed is text: the Markdown's raw
//! HTML, links and images are turned back into plain text, and every
//! string is escaped. The markup is also well-formed XML (void elements
//! closed), so tests read it with an XML parser.
//!
//! `-o FILE` writes the page (stickers-by-attribute.csv is inside it, as
//! a download link); `-o DIR` (an existing folder, a path ending in `/`,
//! or one without an extension) writes `DIR/report.html` and
//! `DIR/stickers-by-attribute.csv`.

use std::fmt::Write as _;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::html_attrs::{attribute_charts, breakdown, breakdown_csv};
use super::html_charts::{Chart, coverage_chart, picks_chart, stickers_chart};
use super::html_ratings::ratings_chart;
use super::svg::esc;
use super::*;

/// The page's file name in a folder.
pub const HTML_FILE: &str = "report.html";
/// The breakdown's file name in a folder (and the download's name).
pub const ATTRIBUTES_CSV: &str = "stickers-by-attribute.csv";

/// Where the page (and, for a folder, the CSV) go; None: stdout.
pub fn paths(output: Option<&Path>) -> (Option<PathBuf>, Option<PathBuf>) {
    let Some(out) = output else {
        return (None, None);
    };
    let folder = out.is_dir()
        || out.as_os_str().to_string_lossy().ends_with('/')
        || (!out.exists() && out.extension().is_none());
    if folder {
        (Some(out.join(HTML_FILE)), Some(out.join(ATTRIBUTES_CSV)))
    } else {
        (Some(out.to_path_buf()), None)
    }
}

/// Markdown as HTML, the moderator's words kept as words: raw HTML
/// becomes text, links and images become their text, headings get ids
/// (`sec-N-...`, N counting over the page), pushed on `ids` with their text.
pub fn md_to_html(md: &str, ids: &mut Vec<(String, String)>) -> String {
    let opts = Options::ENABLE_TABLES;
    // First the headings' texts, for their ids.
    let mut current: Option<String> = None;
    let first = ids.len();
    for e in Parser::new_ext(md, opts) {
        match e {
            Event::Start(Tag::Heading { .. }) => current = Some(String::new()),
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if let Some(s) = current.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = current.take() {
                    let id = format!("sec-{}-{}", ids.len() + 1, slug(&text));
                    ids.push((id, text));
                }
            }
            _ => {}
        }
    }
    let mut k = first;
    let events = Parser::new_ext(md, opts).filter_map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => Some(Event::Text(t)),
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Link { .. } | Tag::Image { .. })
        | Event::End(TagEnd::Link | TagEnd::Image) => None,
        Event::Start(Tag::Heading { level, .. }) => {
            let id = ids.get(k).map(|(id, _)| id.clone().into());
            k += 1;
            Some(Event::Start(Tag::Heading {
                level,
                id,
                classes: Vec::new(),
                attrs: Vec::new(),
            }))
        }
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// "Stickers by gender" → "stickers-by-gender".
fn slug(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    s.split('-')
        .filter(|p| !p.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-")
}

/// `data:` URL of a CSV file (percent-encoded).
fn data_url(bytes: &[u8]) -> String {
    let mut out = String::from("data:text/csv;charset=utf-8,");
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"-_.~,".contains(b) {
            out.push(char::from(*b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

const STYLE: &str = "
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#111;background:#fff;margin:0;line-height:1.45}
main{max-width:62rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.7rem}h2{margin-top:2.2rem;border-bottom:2px solid #111;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.86rem}
th,td{border:1px solid #999;padding:.2rem .45rem;vertical-align:top}
thead th{background:#eee}
blockquote{margin:.6rem 0 .2rem;padding:.1rem .9rem;border-left:4px solid #555;background:#f6f6f6}
nav.toc h2{font-size:1.1rem;border:0;margin-top:1rem}
nav.toc ol{columns:2;font-size:.92rem}
figure.chart{margin:1rem 0 1.6rem;padding:.6rem;border:1px solid #bbb;break-inside:avoid}
figure.chart svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.88rem;margin-top:.4rem}
details.chart-data{font-size:.85rem}
svg text{font-family:inherit;font-size:11px;fill:#111}
svg text.head,svg text.legend{font-size:11px;font-weight:600}
svg text.small{font-size:10px}
svg text.cell-mark{fill:#fff;font-weight:700}
svg text.seg{fill:#000;font-weight:700;paint-order:stroke;stroke:#fff;stroke-width:3px}
.download{font-size:.9rem}
@media print{main{max-width:none;padding:0}nav.toc{display:none}details.chart-data{display:none}a{color:#000}}
";

/// The report over every group as one HTML page, and the breakdown's CSV
/// (empty when no group recorded stickers per participant).
pub fn page(all: &Collected, folder: &Path) -> anyhow::Result<(String, Vec<u8>)> {
    let md = markdown(all, folder);
    let b = breakdown(all)?;
    let csv = if b.groups > 0 {
        breakdown_csv(all, &b)?
    } else {
        Vec::new()
    };
    // The Markdown's sections, each rendered on its own, the charts after
    // the one they picture.
    let mut chunks: Vec<&str> = Vec::new();
    let mut rest = md.as_str();
    while let Some(at) = rest.find("\n## ") {
        chunks.push(&rest[..=at]);
        rest = &rest[at + 1..];
    }
    chunks.push(rest);
    let mut ids: Vec<(String, String)> = Vec::new();
    // The contents: the sections (h2) and the page's own h3.
    let mut toc: Vec<(String, String)> = Vec::new();
    let mut sections: Vec<String> = Vec::new();
    for chunk in chunks {
        let mut body = String::new();
        let heading = chunk
            .strip_prefix("## ")
            .and_then(|c| c.lines().next())
            .unwrap_or("")
            .trim();
        body.push_str("<section>\n");
        let before = ids.len();
        body.push_str(&md_to_html(chunk, &mut ids));
        if chunk.starts_with("## ")
            && let Some(h) = ids.get(before)
        {
            toc.push(h.clone());
        }
        let charts: Vec<Chart> = match heading {
            "Coverage" => vec![coverage_chart(all)],
            "Stickers" => vec![stickers_chart(all)],
            "Picks" => vec![picks_chart(all)],
            "Ratings" => vec![ratings_chart(all)],
            _ => Vec::new(),
        };
        for c in &charts {
            body.push_str(&c.figure());
        }
        if heading == "Stickers" {
            let id = format!("sec-{}-stickers-by-participant-attributes", ids.len() + 1);
            ids.push((id.clone(), "Stickers by participant attributes".into()));
            toc.push((id.clone(), "Stickers by participant attributes".into()));
            let _ = writeln!(
                body,
                "<h3 id=\"{id}\">Stickers by participant attributes</h3>"
            );
            if b.groups == 0 {
                body.push_str("<p>No group recorded its stickers per participant, so they cannot be broken down by who placed them.</p>\n");
            } else {
                let _ = writeln!(
                    body,
                    "<p>Over the {} that recorded stickers per participant. <a class=\"download\" download=\"{ATTRIBUTES_CSV}\" href=\"{}\">Download the numbers as CSV ({ATTRIBUTES_CSV})</a>.</p>",
                    esc(&groups_words(b.groups)),
                    data_url(&csv)
                );
                for c in attribute_charts(all, &b) {
                    body.push_str(&c.figure());
                }
            }
        }
        body.push_str("</section>\n");
        sections.push(body);
    }
    let title = ids
        .first()
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| "Across groups".into());
    let mut nav =
        String::from("<nav class=\"toc\" aria-label=\"Contents\"><h2>Contents</h2><ol>\n");
    for (id, text) in &toc {
        let _ = writeln!(nav, "<li><a href=\"#{}\">{}</a></li>", esc(id), esc(text));
    }
    nav.push_str("</ol></nav>\n");
    // The contents after the title and the line under it.
    let mut body = String::new();
    for (i, sec) in sections.iter().enumerate() {
        body.push_str(sec);
        if i == 0 {
            body.push_str(&nav);
        }
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>\n<meta name=\"generator\" content=\"facilitator report\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        esc(&title)
    );
    Ok((html, csv))
}

/// Write the page (see the module's doc); the paths were checked already.
pub fn write(
    all: &Collected,
    folder: &Path,
    output: Option<&Path>,
    force: bool,
) -> anyhow::Result<()> {
    let (html, csv) = page(all, folder)?;
    match paths(output) {
        (None, _) => print_stdout(&html)?,
        (Some(file), None) => {
            write_file(&file, html.as_bytes(), force)?;
            crate::eprintln_safe!(
                "Wrote the HTML report on {} to {}.",
                sessions_words(all.groups.len()),
                file.display()
            );
        }
        (Some(file), Some(csv_path)) => {
            let dir = file.parent().unwrap_or(Path::new("."));
            let mut files: Vec<(&str, Vec<u8>)> = vec![(HTML_FILE, html.into_bytes())];
            if !csv.is_empty() {
                files.push((ATTRIBUTES_CSV, csv));
            }
            write_files(dir, &files, force)?;
            let also = if files.len() > 1 {
                format!(" and {}", csv_path.display())
            } else {
                String::new()
            };
            crate::eprintln_safe!(
                "Wrote the HTML report on {} to {}{also}.",
                sessions_words(all.groups.len()),
                file.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_without_the_typed_markup() {
        let mut ids = Vec::new();
        let html = md_to_html(
            "## Codes & <b>more</b>\n\n<script>alert(1)</script>\n\n- a [link](javascript:x) ![img](http://x/y.png) <i>i</i>\n",
            &mut ids,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
        assert!(!html.contains("href") && !html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<h2 id=\"sec-1-codes-b-more-b\">"), "{html}");
        assert_eq!(ids[0].1, "Codes & <b>more</b>");
    }

    #[test]
    fn a_folder_gets_two_files_a_file_one() {
        assert_eq!(paths(None), (None, None));
        let (f, c) = paths(Some(Path::new("/nonexistent/out/")));
        assert_eq!(f.unwrap(), Path::new("/nonexistent/out/report.html"));
        assert!(c.is_some());
        let (f, c) = paths(Some(Path::new("/nonexistent/r.html")));
        assert_eq!(f.unwrap(), Path::new("/nonexistent/r.html"));
        assert!(c.is_none());
    }

    #[test]
    fn a_data_url_keeps_every_byte() {
        assert_eq!(
            data_url(b"a,b\n\"x y\"\n"),
            "data:text/csv;charset=utf-8,a,b%0A%22x%20y%22%0A"
        );
    }
}
