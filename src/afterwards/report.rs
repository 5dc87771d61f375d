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
    Csv, Group, NOTES_HEADER, STICKERS_HEADER, cell, check_loaded, idea_label, idea_sections,
    idea_title, is_core_section, notes_rows, parallel_map, pick_code, print_stdout, quote_block,
    ratings_header, ratings_rows, refuse_existing, scales, stickers_rows, write_file, write_files,
};
use crate::cli::ReportFormat;
use crate::domain::event::{NoteKind, PickKind};
use crate::domain::ideas::{Coverage, coverage_of_summaries};
use crate::domain::profile::Phase;
use crate::stimulus::Pack;
use crate::store::SessionsDir;

mod digest;
pub use digest::{Digest, Item};
mod md;
mod md_questionnaires;
pub use md::*;
mod quotes;
use quotes::*;
pub mod html;
mod html_attrs;
mod html_charts;
mod html_ratings;
mod svg;

/// The files of a CSV report, in the order written.
pub const CSV_FILES: [&str; 7] = [
    "groups.csv",
    "picks.csv",
    "stickers.csv",
    "ratings.csv",
    "notes.csv",
    "unreadable.csv",
    "flagged.csv",
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
    if format == ReportFormat::Qdpx && output.is_none() {
        bail!("a REFI-QDA project is a zip file: give the file with -o FILE.qdpx");
    }
    if let (ReportFormat::Md | ReportFormat::Qdpx, Some(out)) = (format, output) {
        refuse_existing(&[out.to_path_buf()], force)?;
    }
    if format == ReportFormat::Html {
        let (page, csv) = html::paths(output);
        refuse_existing(&page.into_iter().chain(csv).collect::<Vec<_>>(), force)?;
    }
    // The Markdown report needs only each group's digest; the other
    // formats lay out whole sessions.
    let all = match format {
        ReportFormat::Md => Collected::read_digests(dir, pack)?,
        _ => Collected::read(dir, pack)?,
    };
    for (file, why) in &all.bad {
        crate::eprintln_safe!("facilitator: skipped {}: {why}", file.display());
    }
    if all.digests.is_empty() {
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
        ReportFormat::Md => match output {
            None => print_markdown(&all, dir.path())?,
            Some(out) => {
                let text = markdown(&all, dir.path());
                write_file(out, text.as_bytes(), force)?;
                crate::eprintln_safe!(
                    "Wrote the report on {} to {}.",
                    sessions_words(all.groups.len()),
                    out.display()
                );
            }
        },
        ReportFormat::Qdpx => {
            if let Some(out) = output {
                write_file(out, &super::qdpx::report(all.pack, &all.groups)?, force)?;
                crate::eprintln_safe!(
                    "Wrote the REFI-QDA project of {} to {}.",
                    sessions_words(all.groups.len()),
                    out.display()
                );
            }
        }
        ReportFormat::Html => html::write(&all, dir.path(), output, force)?,
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

/// The Markdown report on standard output, written as it is made.
fn print_markdown(all: &Collected, folder: &Path) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, crate::safe_out::Out::stdout());
    match markdown_to(all, folder, &mut out) {
        // The reader stopped early (`| head`): nothing more to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
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
    /// What the Markdown sections need of each session that could be
    /// read, by date then id.
    pub digests: Vec<Digest>,
    /// The same sessions whole, in the same order, for the CSV, HTML and
    /// QDPX formats; empty when read with [`Collected::read_digests`].
    pub groups: Vec<Group<'a>>,
    /// The files that could not be read, with why.
    pub bad: Vec<(PathBuf, String)>,
    /// Which groups discussed which idea.
    pub coverage: Coverage,
    /// Sessions whose copies need a decision (diverged histories, a clash
    /// of names, a newer copy), in the order counted.
    pub flagged: Vec<Flagged>,
}

/// A session whose copies need the moderator (see [`crate::store::Found::flag`]).
#[derive(Debug, Clone)]
pub struct Flagged {
    /// The session's name.
    pub id: String,
    /// The folder of the history counted.
    pub folder: PathBuf,
    /// Files holding histories that diverged from the one counted.
    pub diverged: Vec<PathBuf>,
    /// Another session has the same name in the same folder.
    pub clash: bool,
    /// The history counted is only in these conflict copies (newer than
    /// the session's own files); empty otherwise.
    pub newer_copy: Vec<PathBuf>,
    /// What is wrong and what to do, in words.
    pub why: String,
}

impl<'a> Collected<'a> {
    /// Every group's rating of `idea` (`None`: each group's one rating) on
    /// `scale` (one of the pack's), in group order, and how many groups said
    /// "don't know" to it (counted apart, never a value).
    pub fn ratings_of(
        &self,
        idea: Option<u32>,
        scale: &crate::domain::event::Scale,
    ) -> (Vec<u8>, usize) {
        let Some(scale) = digest::scale_place(self.pack, scale) else {
            return (Vec::new(), 0);
        };
        let values = self
            .digests
            .iter()
            .filter_map(|g| g.rating(idea, scale))
            .collect();
        let unknown = self
            .digests
            .iter()
            .filter(|g| g.dont_know_of(idea, scale))
            .count();
        (values, unknown)
    }

    /// Read every session in `dir`, whole and as digests. Fails only if
    /// the folder cannot be listed.
    pub fn read(dir: &SessionsDir, pack: &'a Pack) -> anyhow::Result<Collected<'a>> {
        Self::read_keeping(dir, pack, true)
    }

    /// Read every session in `dir` as digests only (`groups` is empty):
    /// all the Markdown report needs, in a fraction of the memory. Fails
    /// only if the folder cannot be listed.
    pub fn read_digests(dir: &SessionsDir, pack: &'a Pack) -> anyhow::Result<Collected<'a>> {
        Self::read_keeping(dir, pack, false)
    }

    fn read_keeping(
        dir: &SessionsDir,
        pack: &'a Pack,
        whole: bool,
    ) -> anyhow::Result<Collected<'a>> {
        if !dir.path().exists() {
            bail!("{}: no such folder", dir.path().display());
        }
        // Every folder read with this one, each session once however many
        // copies sync tools left (see `store::gather`).
        let (units, unlisted) = crate::store::scan(dir);
        if let Some(why) = unlisted.first() {
            bail!("cannot list {}: {why}", dir.path().display());
        }
        // Sessions are read and folded on every core; each one's timeline
        // is let go of as soon as it is folded, and the session itself as
        // soon as its digest is made unless `whole`.
        let read = parallel_map(&units, |u| {
            let file = u.snapshot_path();
            u.read(|l| {
                check_loaded(&l, &file).map(|()| {
                    let mut g = Group::new(pack, l.events, false);
                    g.session.drop_timeline();
                    let d = Digest::of(&g);
                    // Boxed: the records are moved and collected several
                    // times over; inline, a folded session's size each
                    // (the session boxed apart: kept or not, the record
                    // is the digest's size).
                    if whole {
                        return Box::new((d, Some(Box::new(g))));
                    }
                    // The digest was made among the session's allocations:
                    // copied once the session is let go of, it fills the
                    // holes that left instead of keeping the session's
                    // pages in use (10,000 groups: 178 -> 155 MB).
                    drop(g);
                    Box::new((d.clone(), None))
                })
            })
        });
        let mut found = Vec::new();
        let mut bad = Vec::new();
        for r in read {
            bad.extend(r.problems);
            found.extend(r.sessions);
        }
        let mut read = Vec::new();
        let mut flagged = Vec::new();
        for f in crate::store::settle(found) {
            if let Some(why) = f.flag() {
                flagged.push(Flagged {
                    id: f.id.clone(),
                    folder: f.dir.path().to_path_buf(),
                    diverged: f.diverged.clone(),
                    clash: f.clash,
                    newer_copy: if f.in_copy && !f.clash {
                        f.files.clone()
                    } else {
                        Vec::new()
                    },
                    why,
                });
            }
            match f.session {
                Ok(g) => read.push(g),
                Err(e) => bad.push((
                    f.files.first().cloned().unwrap_or_default(),
                    format!("{e:#}"),
                )),
            }
        }
        read.sort_by(|a, b| (a.0.summary.date, a.0.id()).cmp(&(b.0.summary.date, b.0.id())));
        let (digests, groups): (Vec<Digest>, Vec<Option<Box<Group>>>) =
            read.into_iter().map(|b| *b).unzip();
        let groups: Vec<Group> = groups.into_iter().flatten().map(|g| *g).collect();
        let coverage = coverage_of_summaries(digests.iter().map(|d| &d.summary), None);
        Ok(Collected {
            pack,
            digests,
            groups,
            bad,
            coverage,
            flagged,
        })
    }

    fn ideas(&self) -> Vec<u32> {
        self.pack.ideas.iter().map(|i| i.number).collect()
    }

    /// What the groups rated, as the report's ratings list it: every idea
    /// by number, or, when the pack's group rates once, the one rating
    /// (`None`).
    pub fn rated_things(&self) -> Vec<Option<u32>> {
        if self.pack.method.ratings.per_group() {
            vec![None]
        } else {
            self.ideas().into_iter().map(Some).collect()
        }
    }
}

/// The label of a rated thing in the report: the idea's ("Idea 4:
/// Citizen Advisors"), or "The group as a whole" for the group's one
/// rating.
pub fn rated_label(pack: &Pack, idea: Option<u32>) -> String {
    match idea {
        Some(i) => idea_label(pack, i),
        None => "The group as a whole".to_string(),
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
    let mut ratings = Csv::with_header(&ratings_header(all.pack))?;
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
                pick_code(&pk.kind).to_string(),
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
    let paths = |files: &[PathBuf]| {
        files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(";")
    };
    let mut flagged = Csv::new(&[
        "session",
        "folder",
        "diverged",
        "name_clash",
        "newer_copy",
        "what_to_do",
    ])?;
    for f in &all.flagged {
        flagged.row([
            f.id.clone(),
            f.folder.display().to_string(),
            paths(&f.diverged),
            if f.clash { "yes" } else { "no" }.to_string(),
            paths(&f.newer_copy),
            f.why.clone(),
        ])?;
    }
    Ok(vec![
        (CSV_FILES[0], groups.finish()?),
        (CSV_FILES[1], picks.finish()?),
        (CSV_FILES[2], stickers.finish()?),
        (CSV_FILES[3], ratings.finish()?),
        (CSV_FILES[4], notes.finish()?),
        (CSV_FILES[5], bad.finish()?),
        (CSV_FILES[6], flagged.finish()?),
    ])
}
