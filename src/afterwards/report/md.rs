//! The Markdown report over every group: the groups, coverage, stickers, picks, ratings, equity and codes.

use super::*;

pub(super) fn group_name(g: &Group) -> String {
    let p = &g.state().profile;
    name_of(&p.location, p.date)
}

/// A group's name in the report: "Ashford, Kent, 29 Nov 2026" (the
/// location alone without a date).
pub(super) fn name_of(location: &str, date: Option<chrono::NaiveDate>) -> String {
    match date {
        Some(d) => format!("{location}, {}", d.format("%-d %b %Y")),
        None => location.to_string(),
    }
}

/// The report over every group, as Markdown.
pub fn markdown(all: &Collected, folder: &Path) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = markdown_to(all, folder, &mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A writer that holds back the line breaks at the end of what it was
/// given, so that the text ends with at most one.
struct TrimEnd<'w> {
    inner: &'w mut dyn std::io::Write,
    held: usize,
}

impl TrimEnd<'_> {
    fn put(&mut self, text: &str) -> std::io::Result<()> {
        let body = text.trim_end_matches('\n');
        if !body.is_empty() {
            for _ in 0..self.held {
                self.inner.write_all(b"\n")?;
            }
            self.held = 0;
            self.inner.write_all(body.as_bytes())?;
        }
        self.held += text.len() - body.len();
        Ok(())
    }

    fn finish(self) -> std::io::Result<()> {
        if self.held > 0 {
            self.inner.write_all(b"\n")?;
        }
        self.inner.flush()
    }
}

/// [`markdown`], written to `w` as it is made: the quotes, most of the
/// report, idea by idea (a few at a time, on every core), so the whole
/// text is never in memory at once.
pub fn markdown_to(
    all: &Collected,
    folder: &Path,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = TrimEnd { inner: w, held: 0 };
    let mut out = String::new();
    let n = all.digests.len();
    out.push_str(&format!("# Across groups: {}\n\n", groups_words(n)));
    let live = all.digests.iter().filter(|g| g.summary.live).count();
    let demo = all.digests.iter().filter(|g| g.demo).count();
    let mut line = format!(
        "From `{}`: {} read ({} finished, {} still running)",
        folder.display(),
        sessions_words(n),
        n - live,
        live
    );
    if demo > 0 {
        line.push_str(&format!(", {demo} of them DEMO DATA"));
    }
    if !all.bad.is_empty() {
        line.push_str(&format!(
            "; {} could not be read (listed at the end)",
            files_words(all.bad.len())
        ));
    }
    if !all.flagged.is_empty() {
        line.push_str(&format!(
            "; {} with copies to reconcile (listed at the end)",
            sessions_words(all.flagged.len())
        ));
    }
    out.push_str(&line);
    out.push_str(".\n\n");

    // The quotes are sorted by idea on a second core meanwhile; every
    // section is a function of `all` alone.
    let (head, by) = std::thread::scope(|s| {
        let by = s.spawn(|| QuoteIndex::of(all));
        groups_table(&mut out, all);
        coverage_grid(&mut out, all);
        stickers(&mut out, all);
        picks(&mut out, all);
        ratings(&mut out, all);
        equity(&mut out, all);
        super::md_questionnaires::questionnaires(&mut out, all);
        codes(&mut out, all);
        match by.join() {
            Ok(by) => (out, by),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    w.put(&head)?;
    drop(head);
    quotes_to(&mut |part: &str| w.put(part), all, &by)?;
    if !all.flagged.is_empty() {
        let mut out = String::from("## Sessions with copies to reconcile\n\n");
        for f in &all.flagged {
            out.push_str(&format!("- `{}`: {}\n", f.id, cell(&f.why)));
        }
        out.push('\n');
        w.put(&out)?;
    }
    if !all.bad.is_empty() {
        let mut out = String::from("## Sessions that could not be read\n\n");
        for (file, why) in &all.bad {
            out.push_str(&format!("- `{}`: {}\n", file.display(), cell(why)));
        }
        out.push('\n');
        w.put(&out)?;
    }
    w.finish()
}

pub(super) fn groups_words(n: usize) -> String {
    if n == 1 {
        "1 group".to_string()
    } else {
        format!("{n} groups")
    }
}

pub(super) fn files_words(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}

pub(super) fn groups_table(out: &mut String, all: &Collected) {
    out.push_str("## Groups\n\n");
    out.push_str("| # | Session | Date | Location | Group | Fieldwork | Age | Social grade | Ethnicity | Participants | Ideas discussed | Status |\n");
    out.push_str("|---:|---|---|---|---|---|---|---|---|---:|---|---|\n");
    for (i, g) in all.digests.iter().enumerate() {
        let s = &g.summary;
        let ideas: Vec<String> = g.picked.iter().map(u32::to_string).collect();
        let mut status = if s.live { "running" } else { "finished" }.to_string();
        if g.demo {
            status.push_str(", demo");
        }
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} | {status} |\n",
            i + 1,
            s.id,
            g.date(),
            cell(&s.location),
            cell(&s.plan),
            match g.phase {
                Phase::Pilot => "pilot",
                Phase::Main => "main",
            },
            cell(&g.age_band),
            cell(&g.social_grade),
            cell(&g.ethnicity_mix),
            g.participants,
            ideas.join(", "),
        ));
    }
    out.push('\n');
}

/// A table's two header lines: the `first` columns (their names, and their
/// alignment row), then a column for each of `names`, aligned by `rule`
/// (e.g. `---:|`).
pub(super) fn table_head<T: std::fmt::Display>(
    out: &mut String,
    first: (&str, &str),
    names: &[T],
    rule: &str,
) {
    out.push_str(first.0);
    for name in names {
        out.push(' ');
        out.push_str(&cell(&name.to_string()));
        out.push_str(" |");
    }
    out.push('\n');
    out.push_str(first.1);
    for _ in names {
        out.push_str(rule);
    }
    out.push('\n');
}

/// A pick's letter in the coverage grid: the first letter of the last
/// word of its label, capitalised ("most popular" P, "most contentious"
/// C, "joker" J).
pub(super) fn letter(pack: &Pack, kind: &PickKind) -> String {
    crate::domain::ideas::pick_label(pack, kind)
        .split_whitespace()
        .last()
        .and_then(|w| w.chars().next())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".to_string())
}

/// Each pick of the method with its letter in the coverage grid, in
/// order: ("P", "most popular"), …
pub(super) fn pick_letters(pack: &Pack) -> Vec<(String, &str)> {
    pack.method
        .picks
        .iter()
        .map(|p| (letter(pack, &PickKind::new(p.id.clone())), p.label.as_str()))
        .collect()
}

/// "Most popular".
fn capitalised(s: &str) -> String {
    crate::afterwards::common::capitalise(s)
}

pub(super) fn coverage_grid(out: &mut String, all: &Collected) {
    let ideas = all.ideas();
    out.push_str("## Coverage\n\n");
    let legend: Vec<String> = pick_letters(all.pack)
        .into_iter()
        .map(|(l, label)| format!("**{l}** {label}"))
        .collect();
    out.push_str(&format!("Which group discussed which {}, and how it was picked: {}; `*` the group chose it over the rule's suggestion.\n\n", all.pack.method.wording.option, legend.join(", ")));
    // Looked up once per group and idea: hashed, not compared id by id.
    let mut by: std::collections::HashMap<(&str, u32), String> = Default::default();
    for (idea, list) in &all.coverage.by_idea {
        for d in list {
            let mut mark = letter(all.pack, &d.kind);
            if d.overridden {
                mark.push('*');
            }
            by.insert((d.session.as_str(), *idea), mark);
        }
    }
    table_head(out, ("| # | Group |", "|---:|---|"), &ideas, ":---:|");
    for (k, g) in all.digests.iter().enumerate() {
        let name = name_of(&g.summary.location, g.summary.date);
        out.push_str("| ");
        out.push_str(&(k + 1).to_string());
        out.push_str(" | ");
        out.push_str(&cell(&name));
        out.push_str(" |");
        for i in &ideas {
            out.push(' ');
            out.push_str(by.get(&(g.id(), *i)).map_or("", String::as_str));
            out.push_str(" |");
        }
        out.push('\n');
    }
    out.push_str("| | **Groups** |");
    for i in &ideas {
        out.push_str(&format!(" **{}** |", all.coverage.count(*i)));
    }
    out.push_str("\n\n");
    let missing = all.coverage.not_discussed(all.pack);
    if missing.is_empty() {
        out.push_str("Every idea was discussed by at least one group.\n\n");
    } else {
        let names: Vec<String> = missing.iter().map(|i| idea_label(all.pack, *i)).collect();
        out.push_str(&format!(
            "Not yet discussed by any group: {}.\n\n",
            names.join("; ")
        ));
    }
}

pub(super) fn stickers(out: &mut String, all: &Collected) {
    out.push_str("## Stickers\n\n");
    let totals = super::html_charts::sticker_totals(all);
    out.push_str(&format!(
        "Totals over the {} that voted ({} participants present at the vote).\n\n",
        groups_words(totals.voted),
        totals.voters
    ));
    out.push_str(&crate::afterwards::common::colour_table_head(
        "Idea", all.pack,
    ));
    for (i, counts) in &totals.rows {
        let counts: Vec<String> = counts.iter().map(u64::to_string).collect();
        out.push_str(&format!(
            "| {} | {} |\n",
            cell(&idea_label(all.pack, *i)),
            counts.join(" | ")
        ));
    }
    out.push('\n');
}

pub(super) fn picks(out: &mut String, all: &Collected) {
    out.push_str("## Picks\n\n");
    out.push_str("How often each idea was picked, by rule; \"chosen over the rule\" counts the picks where the group chose another idea than the one suggested.\n\n");
    let picks = &all.pack.method.picks;
    let mut head = "| Idea |".to_string();
    let mut rule = "|---|".to_string();
    for p in picks {
        head.push_str(&format!(" {} |", capitalised(&p.label)));
        rule.push_str("---:|");
    }
    out.push_str(&format!(
        "{head} Discussed | Chosen over the rule |\n{rule}---:|---:|\n"
    ));
    for i in all.ideas() {
        let list = all
            .coverage
            .by_idea
            .get(&i)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        out.push_str(&format!("| {} |", cell(&idea_label(all.pack, i))));
        for p in picks {
            let n = list.iter().filter(|d| d.kind.as_str() == p.id).count();
            out.push_str(&format!(" {n} |"));
        }
        out.push_str(&format!(
            " {} | {} |\n",
            list.len(),
            list.iter().filter(|d| d.overridden).count()
        ));
    }
    out.push('\n');
}

/// The summary with the groups that said "don't know" counted apart
/// ("6.3 (4-8, n=5); don't know: 1", or "don't know: 2" with no value),
/// unchanged when none did.
pub(super) fn with_dont_know(summary: String, unknown: usize) -> String {
    match (unknown, summary.as_str()) {
        (0, _) => summary,
        (_, "-") => format!("don't know: {unknown}"),
        _ => format!("{summary}; don't know: {unknown}"),
    }
}

/// "6.3 (4-8, n=5)" or "-".
pub(super) fn stats(values: &[u8]) -> String {
    if values.is_empty() {
        return "-".to_string();
    }
    let sum: u32 = values.iter().map(|v| u32::from(*v)).sum();
    let n = values.len();
    let mean = f64::from(sum) / n as f64;
    let min = values.iter().min().copied().unwrap_or(0);
    let max = values.iter().max().copied().unwrap_or(0);
    format!("{mean:.1} ({min}-{max}, n={n})")
}

pub(super) fn ratings(out: &mut String, all: &Collected) {
    out.push_str("## Ratings\n\n");
    let method = &all.pack.method.ratings;
    let mut ranges: Vec<String> = method
        .scales
        .iter()
        .map(|s| format!("{}-{}", s.min, s.max))
        .collect();
    ranges.dedup();
    out.push_str(&format!(
        "The groups' ratings ({}): mean (lowest-highest, number of groups).\n\n",
        ranges.join(", ")
    ));
    let mut head = if method.per_group() {
        "| Rated |"
    } else {
        "| Idea |"
    }
    .to_string();
    let mut rule = "|---|".to_string();
    for s in &method.scales {
        head.push_str(&format!(" {} |", s.label));
        rule.push_str("---:|");
    }
    out.push_str(&format!("{head}\n{rule}\n"));
    for i in all.rated_things() {
        out.push_str(&format!("| {} |", cell(&rated_label(all.pack, i))));
        for (scale, _) in scales(all.pack) {
            let (values, unknown) = all.ratings_of(i, &scale);
            out.push_str(&format!(" {} |", with_dont_know(stats(&values), unknown)));
        }
        out.push('\n');
    }
    out.push('\n');
}

pub(super) fn equity(out: &mut String, all: &Collected) {
    let dims = &all.pack.equity_dimensions;
    let (layout, option) = (&all.pack.method.export, &all.pack.method.wording.option);
    out.push_str(&format!("## {}\n\n", layout.checklist_label()));
    out.push_str(&format!(
        "Number of groups that raised each {} when discussing the {option}.\n\n",
        layout.checklist_item()
    ));
    let first = format!("| {} |", capitalised(option));
    table_head(out, (first.as_str(), "|---|"), dims, "---:|");
    // The groups that raised each (idea, dimension), counted in one pass
    // over each group's few ticks (a tick given twice counts once).
    let ideas = all.ideas();
    let mut raised = vec![0usize; ideas.len() * dims.len()];
    for g in &all.digests {
        for (k, tick) in g.equity.iter().enumerate() {
            let Some(i) = ideas.iter().position(|i| *i == tick.0) else {
                continue;
            };
            let d = usize::from(tick.1);
            if d < dims.len() && !g.equity[..k].contains(tick) {
                raised[i * dims.len() + d] += 1;
            }
        }
    }
    for (row, i) in ideas.iter().enumerate() {
        out.push_str(&format!("| {} |", cell(&idea_label(all.pack, *i))));
        for n in &raised[row * dims.len()..(row + 1) * dims.len()] {
            out.push_str(&format!(" {n} |"));
        }
        out.push('\n');
    }
    out.push('\n');
}

pub(super) fn codes(out: &mut String, all: &Collected) {
    out.push_str("## Codes\n\n");
    // (idea or None for notes outside the discussions, code) → notes,
    // hashed: thousands of groups' codes, each looked up once.
    let mut counts: std::collections::HashMap<(Option<u32>, &str), usize> = Default::default();
    let mut used: Vec<&str> = Vec::new();
    for g in &all.digests {
        for (idea, c, n) in &g.codes {
            let c = g.code(*c);
            let count = counts.entry((*idea, c)).or_insert_with(|| {
                if !used.contains(&c) {
                    used.push(c);
                }
                0
            });
            *count += n;
        }
    }
    if used.is_empty() {
        out.push_str("No note or quote was coded.\n\n");
        return;
    }
    // The pack's order of codes.
    let mut order: Vec<&str> = all
        .pack
        .codes
        .iter()
        .map(String::as_str)
        .filter(|c| used.contains(c))
        .collect();
    order.extend(
        used.iter()
            .filter(|c| !all.pack.codes.iter().any(|p| p == *c)),
    );
    out.push_str("Notes and quotes coded, per idea discussed (and in the other steps).\n\n");
    table_head(out, ("| Idea |", "|---|"), &order, "---:|");
    let rows: Vec<(Option<u32>, String)> = all
        .ideas()
        .into_iter()
        .map(|i| (Some(i), idea_label(all.pack, i)))
        .chain(std::iter::once((None, "Other steps".to_string())))
        .collect();
    for (key, label) in rows {
        out.push_str(&format!("| {} |", cell(&label)));
        for c in &order {
            let n = counts.get(&(key, *c)).copied().unwrap_or(0);
            out.push_str(&format!(" {n} |"));
        }
        out.push('\n');
    }
    out.push('\n');
}
