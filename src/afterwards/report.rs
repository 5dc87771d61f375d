//! `facilitator report`: every group in the sessions folder together — the
//! coverage grid, sticker totals, picks, ratings, equity dimensions and
//! codes per idea, and every quote by idea and section with its
//! attribution: the skeleton of the report's "Testing policy ideas"
//! chapter, for the analyst.
//!
//! Files that cannot be read are skipped: each is named on stderr with why,
//! and listed at the end of the report. The report is written (exit 0) if
//! at least one session could be read; if none could, nothing is written
//! and the exit code is 1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::common::{
    Csv, Group, NOTES_HEADER, RATINGS_HEADER, SCALES, STICKERS_HEADER, cell, check_loaded,
    idea_label, idea_sections, idea_title, is_core_section, notes_rows, parallel_map, pick_code,
    print_stdout, quote_block, ratings_rows, refuse_existing, session_file, stickers_rows,
    write_file, write_files,
};
use crate::cli::ReportFormat;
use crate::domain::event::{NoteKind, PickKind};
use crate::domain::ideas::{Coverage, coverage, tally};
use crate::domain::profile::Phase;
use crate::domain::state::Note;
use crate::stimulus::Pack;
use crate::store::SessionsDir;

/// The files of a CSV report, in the order written.
pub const CSV_FILES: [&str; 6] = [
    "groups.csv",
    "picks.csv",
    "stickers.csv",
    "ratings.csv",
    "notes.csv",
    "unreadable.csv",
];

/// Run `report`. Returns the exit code.
pub fn run(
    dir: &SessionsDir,
    pack: &Pack,
    format: ReportFormat,
    output: Option<&Path>,
    force: bool,
) -> anyhow::Result<i32> {
    if format == ReportFormat::Csv && output.is_none() {
        bail!(
            "a CSV report writes {} into a folder: give the folder with -o DIR",
            CSV_FILES.join(", ")
        );
    }
    if let (ReportFormat::Md, Some(out)) = (format, output) {
        refuse_existing(&[out.to_path_buf()], force)?;
    }
    let all = Collected::read(dir, pack)?;
    for (file, why) in &all.bad {
        crate::eprintln_safe!("facilitator: skipped {}: {why}", file.display());
    }
    if all.groups.is_empty() {
        if all.bad.is_empty() {
            crate::eprintln_safe!("facilitator: no sessions in {}", dir.path().display());
        } else {
            crate::eprintln_safe!(
                "facilitator: none of the {} session files in {} could be read; nothing written",
                all.bad.len(),
                dir.path().display()
            );
        }
        return Ok(1);
    }
    match format {
        ReportFormat::Md => {
            let text = markdown(&all, dir.path());
            match output {
                None => print_stdout(&text)?,
                Some(out) => {
                    write_file(out, text.as_bytes(), force)?;
                    crate::eprintln_safe!(
                        "Wrote the report on {} to {}.",
                        sessions_words(all.groups.len()),
                        out.display()
                    );
                }
            }
        }
        ReportFormat::Csv => {
            let files = csv_files(&all)?;
            if let Some(out) = output {
                write_files(out, &files, force)?;
                crate::eprintln_safe!(
                    "Wrote {} on {} to {}.",
                    CSV_FILES.join(", "),
                    sessions_words(all.groups.len()),
                    out.display()
                );
            }
        }
    }
    // A thousand sessions' events take a tenth of the run to free, one
    // allocation at a time; the process ends next, and gives it all back.
    std::mem::forget(all);
    Ok(0)
}

fn sessions_words(n: usize) -> String {
    if n == 1 {
        "1 session".to_string()
    } else {
        format!("{n} sessions")
    }
}

/// Every session of a folder, read.
pub struct Collected<'a> {
    /// The pack.
    pub pack: &'a Pack,
    /// The sessions that could be read, by date then id.
    pub groups: Vec<Group<'a>>,
    /// The files that could not be read, with why.
    pub bad: Vec<(PathBuf, String)>,
    /// Which groups discussed which idea.
    pub coverage: Coverage,
}

impl<'a> Collected<'a> {
    /// Read every session in `dir`. Fails only if the folder cannot be listed.
    pub fn read(dir: &SessionsDir, pack: &'a Pack) -> anyhow::Result<Collected<'a>> {
        if !dir.path().exists() {
            bail!("{}: no such folder", dir.path().display());
        }
        let ids = dir
            .ids()
            .with_context(|| format!("cannot list {}", dir.path().display()))?;
        // Sessions are read and folded on every core; each one's timeline
        // is let go of as soon as it is folded (the report needs the states).
        let read = parallel_map(&ids, |id| {
            let file = session_file(dir, id);
            dir.load(id)
                .map_err(anyhow::Error::from)
                .and_then(|l| check_loaded(&l, &file).map(|()| l))
                .map(|l| {
                    let mut g = Group::new(pack, l.events, false);
                    g.session.drop_timeline();
                    g
                })
                .map_err(|e| (file, format!("{e:#}")))
        });
        let mut groups = Vec::new();
        let mut bad = Vec::new();
        for r in read {
            match r {
                Ok(g) => groups.push(g),
                Err(b) => bad.push(b),
            }
        }
        groups.sort_by(|a, b| {
            (a.state().profile.date, &a.state().id).cmp(&(b.state().profile.date, &b.state().id))
        });
        let coverage = coverage(groups.iter().map(Group::state), None);
        Ok(Collected {
            pack,
            groups,
            bad,
            coverage,
        })
    }

    fn ideas(&self) -> Vec<u32> {
        self.pack.ideas.iter().map(|i| i.number).collect()
    }
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

fn group_name(g: &Group) -> String {
    let p = &g.state().profile;
    match p.date {
        Some(d) => format!("{}, {}", p.location, d.format("%-d %b %Y")),
        None => p.location.clone(),
    }
}

fn is_demo(g: &Group) -> bool {
    g.state()
        .profile
        .notes
        .trim_start()
        .starts_with("DEMO DATA")
}

/// The report over every group, as Markdown.
pub fn markdown(all: &Collected, folder: &Path) -> String {
    let mut out = String::new();
    let n = all.groups.len();
    out.push_str(&format!("# Across groups: {}\n\n", groups_words(n)));
    let live = all.groups.iter().filter(|g| g.state().is_live()).count();
    let demo = all.groups.iter().filter(|g| is_demo(g)).count();
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
    out.push_str(&line);
    out.push_str(".\n\n");

    // The quotes, most of the report, are written on a second core
    // meanwhile; every section is a function of `all` alone.
    let quoted = std::thread::scope(|s| {
        let quoted = s.spawn(|| {
            let mut q = String::new();
            quotes(&mut q, all);
            q
        });
        groups_table(&mut out, all);
        coverage_grid(&mut out, all);
        stickers(&mut out, all);
        picks(&mut out, all);
        ratings(&mut out, all);
        equity(&mut out, all);
        codes(&mut out, all);
        quoted.join()
    });
    match quoted {
        Ok(q) => out.push_str(&q),
        Err(panic) => std::panic::resume_unwind(panic),
    }
    if !all.bad.is_empty() {
        out.push_str("## Sessions that could not be read\n\n");
        for (file, why) in &all.bad {
            out.push_str(&format!("- `{}`: {}\n", file.display(), cell(why)));
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn groups_words(n: usize) -> String {
    if n == 1 {
        "1 group".to_string()
    } else {
        format!("{n} groups")
    }
}

fn files_words(n: usize) -> String {
    if n == 1 {
        "1 file".to_string()
    } else {
        format!("{n} files")
    }
}

fn groups_table(out: &mut String, all: &Collected) {
    out.push_str("## Groups\n\n");
    out.push_str("| # | Session | Date | Location | Group | Fieldwork | Age | Social grade | Ethnicity | Participants | Ideas discussed | Status |\n");
    out.push_str("|---:|---|---|---|---|---|---|---|---|---:|---|---|\n");
    for (i, g) in all.groups.iter().enumerate() {
        let s = g.state();
        let p = &s.profile;
        let ideas: Vec<String> = g.picks().iter().map(|(_, p)| p.idea.to_string()).collect();
        let mut status = if s.is_live() { "running" } else { "finished" }.to_string();
        if is_demo(g) {
            status.push_str(", demo");
        }
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} | {status} |\n",
            i + 1,
            s.id,
            g.date(),
            cell(&p.location),
            cell(&s.plan),
            match p.phase {
                Phase::Pilot => "pilot",
                Phase::Main => "main",
            },
            cell(&p.age_band),
            cell(&p.social_grade),
            cell(&p.ethnicity_mix),
            s.roster().count(),
            ideas.join(", "),
        ));
    }
    out.push('\n');
}

/// A table's two header lines: the `first` columns (their names, and their
/// alignment row), then a column for each of `names`, aligned by `rule`
/// (e.g. `---:|`).
fn table_head<T: std::fmt::Display>(
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

fn letter(kind: PickKind) -> &'static str {
    match kind {
        PickKind::Popular => "P",
        PickKind::Contentious => "C",
        PickKind::Joker => "J",
    }
}

fn coverage_grid(out: &mut String, all: &Collected) {
    let ideas = all.ideas();
    out.push_str("## Coverage\n\n");
    out.push_str("Which group discussed which idea, and how it was picked: **P** most popular, **C** most contentious, **J** joker; `*` the group chose it over the rule's suggestion.\n\n");
    let mut by: BTreeMap<(&str, u32), String> = BTreeMap::new();
    for (idea, list) in &all.coverage.by_idea {
        for d in list {
            let mut mark = letter(d.kind).to_string();
            if d.overridden {
                mark.push('*');
            }
            by.insert((d.session.as_str(), *idea), mark);
        }
    }
    table_head(out, ("| # | Group |", "|---:|---|"), &ideas, ":---:|");
    for (k, g) in all.groups.iter().enumerate() {
        out.push_str(&format!("| {} | {} |", k + 1, cell(&group_name(g))));
        for i in &ideas {
            let m = by
                .get(&(g.state().id.as_str(), *i))
                .map_or("", String::as_str);
            out.push_str(&format!(" {m} |"));
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

fn stickers(out: &mut String, all: &Collected) {
    out.push_str("## Stickers\n\n");
    let mut green: BTreeMap<u32, u64> = BTreeMap::new();
    let mut red: BTreeMap<u32, u64> = BTreeMap::new();
    let mut voted = 0;
    let mut voters = 0u64;
    for g in &all.groups {
        let t = tally(all.pack, g.state());
        if t.placed_green + t.placed_red == 0 {
            continue;
        }
        voted += 1;
        voters += u64::from(t.voters);
        for (i, n) in &t.green {
            *green.entry(*i).or_default() += u64::from(*n);
        }
        for (i, n) in &t.red {
            *red.entry(*i).or_default() += u64::from(*n);
        }
    }
    out.push_str(&format!(
        "Totals over the {} that voted ({voters} participants present at the vote).\n\n",
        groups_words(voted)
    ));
    out.push_str("| Idea | Green | Red |\n|---|---:|---:|\n");
    for i in all.ideas() {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(&idea_label(all.pack, i)),
            green.get(&i).copied().unwrap_or(0),
            red.get(&i).copied().unwrap_or(0)
        ));
    }
    out.push('\n');
}

fn picks(out: &mut String, all: &Collected) {
    out.push_str("## Picks\n\n");
    out.push_str("How often each idea was picked, by rule; \"chosen over the rule\" counts the picks where the group chose another idea than the one suggested.\n\n");
    out.push_str("| Idea | Most popular | Most contentious | Joker | Discussed | Chosen over the rule |\n|---|---:|---:|---:|---:|---:|\n");
    for i in all.ideas() {
        let list = all
            .coverage
            .by_idea
            .get(&i)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let k = |kind| list.iter().filter(|d| d.kind == kind).count();
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            cell(&idea_label(all.pack, i)),
            k(PickKind::Popular),
            k(PickKind::Contentious),
            k(PickKind::Joker),
            list.len(),
            list.iter().filter(|d| d.overridden).count()
        ));
    }
    out.push('\n');
}

/// "6.3 (4-8, n=5)" or "-".
fn stats(values: &[u8]) -> String {
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

fn ratings(out: &mut String, all: &Collected) {
    out.push_str("## Ratings\n\n");
    out.push_str("The groups' ratings (1-10): mean (lowest-highest, number of groups).\n\n");
    out.push_str("| Idea | Desirable | Achievable | Equitable |\n|---|---:|---:|---:|\n");
    for i in all.ideas() {
        out.push_str(&format!("| {} |", cell(&idea_label(all.pack, i))));
        for (scale, _) in SCALES {
            let values: Vec<u8> = all
                .groups
                .iter()
                .filter_map(|g| g.state().ratings.get(&(i, scale)).copied())
                .collect();
            out.push_str(&format!(" {} |", stats(&values)));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn equity(out: &mut String, all: &Collected) {
    let dims = &all.pack.equity_dimensions;
    out.push_str("## Equity dimensions raised\n\n");
    out.push_str("Number of groups that raised each dimension when discussing the idea.\n\n");
    table_head(out, ("| Idea |", "|---|"), dims, "---:|");
    for i in all.ideas() {
        out.push_str(&format!("| {} |", cell(&idea_label(all.pack, i))));
        for d in dims {
            let n = all
                .groups
                .iter()
                .filter(|g| g.state().equity.get(&i).is_some_and(|s| s.contains(d)))
                .count();
            out.push_str(&format!(" {n} |"));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn codes(out: &mut String, all: &Collected) {
    out.push_str("## Codes\n\n");
    // (idea or None for notes outside the discussions) → code → notes.
    let mut counts: BTreeMap<Option<u32>, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut used: Vec<&str> = Vec::new();
    for g in &all.groups {
        for n in g.notes() {
            let idea = if g.in_discussion(n) {
                g.note_idea(n)
            } else {
                None
            };
            for c in &n.codes {
                *counts
                    .entry(idea)
                    .or_default()
                    .entry(c.as_str())
                    .or_default() += 1;
                if !used.contains(&c.as_str()) {
                    used.push(c.as_str());
                }
            }
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
        let m = counts.get(&key);
        out.push_str(&format!("| {} |", cell(&label)));
        for c in &order {
            let n = m.and_then(|m| m.get(c)).copied().unwrap_or(0);
            out.push_str(&format!(" {n} |"));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn quotes(out: &mut String, all: &Collected) {
    out.push_str("## Testing policy ideas\n\n");
    out.push_str("Every note and quote from the discussions, by idea and by the guide's sections; each quote is followed by its attribution and the group it comes from.\n\n");
    let sections = idea_sections(all.pack);
    // idea → section → (group, note), in group order then note order.
    let mut by: BTreeMap<u32, Sections> = BTreeMap::new();
    for (gi, g) in all.groups.iter().enumerate() {
        for n in g.notes().filter(|n| g.in_discussion(n)) {
            if let Some(idea) = g.note_idea(n) {
                let sec = n.place.section.clone().unwrap_or_default();
                by.entry(idea)
                    .or_default()
                    .entry(sec)
                    .or_default()
                    .push((gi, g, n));
            }
        }
    }
    let names: Vec<String> = all.groups.iter().map(group_name).collect();
    // Each idea's part is written on its own, on every core.
    let parts = parallel_map(&all.ideas(), |&i| {
        let mut part = String::new();
        idea_quotes(&mut part, all, i, by.get(&i), &sections, &names);
        part
    });
    for part in parts {
        out.push_str(&part);
    }
}

/// A guide section's notes and quotes of one idea: (group index, group,
/// note), in group order then note order.
type Bucket<'g, 'a> = Vec<(usize, &'g Group<'a>, &'g Note)>;
/// An idea's notes and quotes by guide section id ("" for none).
type Sections<'g, 'a> = BTreeMap<String, Bucket<'g, 'a>>;

/// One idea's part of the quotes: what the groups made of it, the poster,
/// then every note and quote by section. `names` are the groups' names.
fn idea_quotes(
    out: &mut String,
    all: &Collected,
    i: u32,
    secs: Option<&Sections>,
    sections: &[(String, String)],
    names: &[String],
) {
    out.push_str(&format!("### {}\n\n", idea_label(all.pack, i)));
    let list = all
        .coverage
        .by_idea
        .get(&i)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let k = |kind| list.iter().filter(|d| d.kind == kind).count();
    if list.is_empty() {
        out.push_str("Not discussed by any group yet.");
    } else {
        out.push_str(&format!(
            "Discussed by {} (most popular {}, most contentious {}, joker {}).",
            groups_words(list.len()),
            k(PickKind::Popular),
            k(PickKind::Contentious),
            k(PickKind::Joker)
        ));
    }
    let mut rated = Vec::new();
    for (scale, name) in SCALES {
        let values: Vec<u8> = all
            .groups
            .iter()
            .filter_map(|g| g.state().ratings.get(&(i, scale)).copied())
            .collect();
        if !values.is_empty() {
            rated.push(format!("{name} {}", stats(&values)));
        }
    }
    if !rated.is_empty() {
        out.push_str(&format!(" Ratings: {}.", rated.join("; ")));
    }
    out.push_str("\n\n");
    if let Some(idea) = all.pack.idea(i) {
        out.push_str(&format!(
            "**Description**\n\n{}\n\n",
            idea.description.trim()
        ));
        let one = idea.examples.len() == 1;
        out.push_str(if one {
            "**Example**\n\n"
        } else {
            "**Example(s)**\n\n"
        });
        for (k, e) in idea.examples.iter().enumerate() {
            if one {
                out.push_str(&format!("{}\n\n", e.trim()));
            } else {
                let label = char::from(b'a' + u8::try_from(k % 26).unwrap_or(0));
                out.push_str(&format!("({label}) {}\n\n", e.trim()));
            }
        }
    }
    let empty = BTreeMap::new();
    let secs = secs.unwrap_or(&empty);
    if list.is_empty() && secs.is_empty() {
        return;
    }
    let mut order = sections.to_vec();
    for id in secs.keys() {
        if !order.iter().any(|(x, _)| x == id) {
            let heading = if id.is_empty() {
                "Other notes".to_string()
            } else {
                id.clone()
            };
            order.push((id.clone(), heading));
        }
    }
    for (id, heading) in order {
        let items = secs.get(&id);
        if items.is_none() && !is_core_section(&id) {
            continue;
        }
        out.push_str(&format!("#### {heading}\n\n"));
        let Some(items) = items else {
            out.push_str("*Nothing recorded in any group.*\n\n");
            continue;
        };
        // Key verbatims (starred quotes) first, the rest in order.
        let mut items: Vec<_> = items.iter().collect();
        items.sort_by_key(|(_, _, n)| !n.starred);
        let mut in_list = false;
        for &(gi, g, n) in items {
            match n.kind {
                NoteKind::Note => {
                    out.push_str("- ");
                    push_one_line(out, &n.text);
                    if !n.codes.is_empty() {
                        out.push_str(" *[");
                        out.push_str(&n.codes.join(", "));
                        out.push_str("]*");
                    }
                    out.push_str(" (");
                    out.push_str(&names[gi]);
                    out.push_str(")\n");
                    in_list = true;
                }
                NoteKind::Quote => {
                    if in_list {
                        out.push('\n');
                        in_list = false;
                    }
                    let attribution = format!(
                        "{}{} *(`{}`)*",
                        g.attribution(n.participant),
                        g.quote_extras(n),
                        g.state().id
                    );
                    quote_block(out, &n.text, &attribution);
                }
            }
        }
        if in_list {
            out.push('\n');
        }
    }
}

/// `text` on one line: its words, one space apart.
fn push_one_line(out: &mut String, text: &str) {
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// The report's CSV files: (name, bytes).
pub fn csv_files(all: &Collected) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
    let mut groups = Csv::new(&[
        "session",
        "date",
        "location",
        "plan",
        "phase",
        "age_band",
        "social_grade",
        "ethnicity_mix",
        "moderator",
        "participants",
        "ideas_discussed",
        "status",
        "notes",
    ])?;
    let mut picks = Csv::new(&[
        "session",
        "slot",
        "kind",
        "idea",
        "idea_title",
        "suggested",
        "chosen_over_rule",
        "rule",
        "counts",
        "reason",
    ])?;
    let mut stickers = Csv::new(&STICKERS_HEADER)?;
    let mut ratings = Csv::new(&RATINGS_HEADER)?;
    let mut notes = Csv::new(&NOTES_HEADER)?;
    for g in &all.groups {
        let s = g.state();
        let p = &s.profile;
        let ideas: Vec<String> = g.picks().iter().map(|(_, p)| p.idea.to_string()).collect();
        groups.row([
            s.id.clone(),
            g.date(),
            p.location.clone(),
            s.plan.clone(),
            match p.phase {
                Phase::Pilot => "pilot",
                Phase::Main => "main",
            }
            .to_string(),
            p.age_band.clone(),
            p.social_grade.clone(),
            p.ethnicity_mix.clone(),
            p.moderator.clone(),
            s.roster().count().to_string(),
            ideas.join(";"),
            if s.is_live() { "running" } else { "finished" }.to_string(),
            p.notes.clone(),
        ])?;
        for (slot, pk) in g.picks() {
            picks.row([
                s.id.clone(),
                slot.to_string(),
                pick_code(pk.kind).to_string(),
                pk.idea.to_string(),
                idea_title(all.pack, pk.idea),
                pk.suggested.to_string(),
                if pk.idea != pk.suggested { "yes" } else { "no" }.to_string(),
                pk.rule.clone(),
                pk.counts.clone(),
                pk.reason.clone().unwrap_or_default(),
            ])?;
        }
        stickers_rows(g, &mut stickers)?;
        ratings_rows(g, &mut ratings)?;
        notes_rows(g, &mut notes)?;
    }
    let mut bad = Csv::new(&["file", "error"])?;
    for (file, why) in &all.bad {
        bad.row([file.display().to_string(), why.clone()])?;
    }
    Ok(vec![
        (CSV_FILES[0], groups.finish()?),
        (CSV_FILES[1], picks.finish()?),
        (CSV_FILES[2], stickers.finish()?),
        (CSV_FILES[3], ratings.finish()?),
        (CSV_FILES[4], notes.finish()?),
        (CSV_FILES[5], bad.finish()?),
    ])
}
