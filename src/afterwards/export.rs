//! `facilitator export`: one group's notes, as Markdown laid out like the
//! report (per idea: Desirable? / Achievable? / Equitable?, quotes with
//! their attribution on the next line), as CSV files for spreadsheets, or
//! as the session's JSON.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::bail;
use chrono::Utc;

use super::anonymise::{self, Privacy, demo_marker};
use super::common::{
    Csv, Group, NOTES_HEADER, STICKERS_HEADER, TIMELINE_HEADER, bullet, cell, hm, idea_label,
    idea_sections, is_core_section, load_one, notes_rows, pick_words, print_stdout, quote_block,
    ratings_header, ratings_rows, recovery_note, refuse_existing, scales, stickers_rows,
    timeline_rows, write_file, write_files,
};
use super::tracks::TrackFormat;
use crate::cli::ExportFormat;
use crate::domain::clock::{Schedule, hms};
use crate::domain::event::{Event, EventRecord, NoteKind, StickerMode};
use crate::domain::ideas::tally;
use crate::domain::profile::Phase;
use crate::domain::session::Session;
use crate::domain::state::Note;
use crate::stimulus::{Pack, StageKind};
use crate::store::SessionsDir;

mod md;
pub use md::*;
mod md_ideas;
use md_ideas::*;
mod md_questionnaires;
use md_questionnaires::*;

/// The files of a CSV export, in the order written.
pub const CSV_FILES: [&str; 4] = ["notes.csv", "stickers.csv", "ratings.csv", "timeline.csv"];

/// The CSV export's file of the questionnaires' answers (the built-in
/// Stage 3's too), written only when there are any.
pub const QUESTIONNAIRES_CSV: &str = "questionnaires.csv";

/// Run `export`. Returns the exit code.
/// What `export` was asked for.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Markdown, CSV, JSON, or Audacity / WebVTT tracks.
    pub format: ExportFormat,
    /// A file (md, json) or a folder (csv); None: stdout.
    pub output: Option<&'a Path>,
    /// Take the people out (see [`anonymise`](super::anonymise)).
    pub anonymise: bool,
    /// With `anonymise`: keep descriptors, ethnicity and profile notes
    /// (names in them replaced).
    pub keep_descriptors: bool,
    /// Overwrite existing files.
    pub force: bool,
    /// Correct every recording's start by this many seconds.
    pub recording_shift: Option<i64>,
}

/// Run `export`. Returns the exit code.
pub fn run(dir: &SessionsDir, pack: &Pack, session: &str, opts: Options) -> anyhow::Result<i32> {
    let Options {
        format,
        output,
        anonymise,
        keep_descriptors,
        force,
        recording_shift,
    } = opts;
    let privacy = Privacy::from_flags(anonymise, keep_descriptors);
    if format == ExportFormat::Csv && output.is_none() {
        bail!(
            "CSV export writes {} into a folder: give the folder with -o DIR",
            CSV_FILES.join(", ")
        );
    }
    if format == ExportFormat::Qdpx && output.is_none() {
        bail!("a REFI-QDA project is a zip file: give the file with -o FILE.qdpx");
    }
    let tracks = match format {
        ExportFormat::Audacity => Some(TrackFormat::Audacity),
        ExportFormat::Vtt => Some(TrackFormat::Vtt),
        _ => None,
    };
    if let Some(out) = output
        && format != ExportFormat::Csv
        && tracks.is_none()
    {
        refuse_existing(&[out.to_path_buf()], force)?;
    }
    let (loaded, file) = load_one(dir, session)?;
    if let Some(note) = recovery_note(&loaded) {
        crate::eprintln_safe!("facilitator: note: {}: {note}", file.display());
    }
    let id = loaded.id.clone();
    // The texts the group saw: the pack the session ran with.
    let folder = file.parent().map_or_else(|| dir.clone(), SessionsDir::new);
    let of = folder.pack_of_events(&loaded.events, pack);
    if let Some(note) = &of.note {
        crate::eprintln_safe!("facilitator: note: {note}");
    }
    let pack = &of.pack;
    let events = match recording_shift {
        Some(secs) => shift_recordings(pack, loaded.events, secs)?,
        None => loaded.events,
    };
    if let Some(tf) = tracks {
        return super::tracks::run(&id, pack, events, privacy, tf, output, force);
    }
    let bytes = match format {
        ExportFormat::Md => markdown(pack, events, privacy).into_bytes(),
        ExportFormat::Json => json(&id, pack, events, privacy)?,
        ExportFormat::Qdpx => super::qdpx::export(&Group::new(pack, events, privacy))?,
        // Handled above.
        ExportFormat::Audacity | ExportFormat::Vtt => return Ok(0),
        ExportFormat::Csv => {
            let files = csv_files(pack, events, privacy)?;
            if let Some(out) = output {
                write_files(out, &files, force)?;
                let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
                crate::eprintln_safe!(
                    "Wrote {} for session {id} to {}.",
                    names.join(", "),
                    out.display()
                );
            }
            return Ok(0);
        }
    };
    match output {
        None => print_stdout(&String::from_utf8_lossy(&bytes))?,
        Some(out) => {
            write_file(out, &bytes, force)?;
            crate::eprintln_safe!("Wrote session {id} to {}.", out.display());
        }
    }
    Ok(0)
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

/// The session as saved: the snapshot format (`schema`, `id`, `saved_at`
/// — the time of its last action — and `events`, one a line), which
/// `facilitator` reads back. Anonymised as [`anonymise`](super::anonymise)
/// says.
pub fn json(
    id: &str,
    _pack: &Pack,
    events: Vec<EventRecord>,
    privacy: impl Into<Privacy>,
) -> anyhow::Result<Vec<u8>> {
    let events = anonymise::events(events, privacy.into());
    let saved = events.last().map(|e| e.at.to_rfc3339()).unwrap_or_default();
    // As the store writes it: the oldest format that holds these events.
    let schema = events.iter().map(|e| e.event.schema()).max().unwrap_or(1);
    let mut out = format!(
        "{{\"schema\":{schema},\"id\":{},\"saved_at\":{},\"events\":[",
        serde_json::Value::String(id.to_string()),
        serde_json::Value::String(saved)
    );
    for (i, e) in events.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(e)?);
    }
    out.push_str("\n]}\n");
    Ok(out.into_bytes())
}

/// The session with every recording's start corrected by `secs`: the
/// correction is added to the timeline as `recording_shifted` events (in
/// the export only; the saved session is not touched), so the export says
/// what was corrected and when.
pub fn shift_recordings(
    pack: &Pack,
    events: Vec<EventRecord>,
    secs: i64,
) -> anyhow::Result<Vec<EventRecord>> {
    let mut session = Session::from_events(pack, events);
    let n = session.state().recordings.len() as u32;
    if n == 0 {
        bail!("--recording-shift: this session has no recording to correct");
    }
    let at = session.state().last_at.unwrap_or_else(Utc::now);
    for recording in 1..=n {
        session
            .record(
                pack,
                Event::RecordingShifted {
                    recording,
                    seconds: secs,
                },
                at,
            )
            .map_err(|e| anyhow::anyhow!("--recording-shift: {e}"))?;
    }
    Ok(session.events().to_vec())
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// The CSV files: (name, bytes): the four of [`CSV_FILES`], then
/// `questionnaires.csv` if the group answered a pack's questionnaire.
pub fn csv_files(
    pack: &Pack,
    events: Vec<EventRecord>,
    privacy: impl Into<Privacy>,
) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
    let g = Group::new(pack, events, privacy);
    let mut notes = Csv::new(&NOTES_HEADER)?;
    notes_rows(&g, &mut notes)?;
    let mut stickers = Csv::new(&STICKERS_HEADER)?;
    stickers_rows(&g, &mut stickers)?;
    let mut ratings = Csv::with_header(&ratings_header(pack))?;
    ratings_rows(&g, &mut ratings)?;
    let mut timeline = Csv::new(&TIMELINE_HEADER)?;
    timeline_rows(&g, &mut timeline)?;
    let mut files = vec![
        (CSV_FILES[0], notes.finish()?),
        (CSV_FILES[1], stickers.finish()?),
        (CSV_FILES[2], ratings.finish()?),
        (CSV_FILES[3], timeline.finish()?),
    ];
    if let Some(answers) = questionnaires_csv(&g)? {
        files.push((QUESTIONNAIRES_CSV, answers));
    }
    Ok(files)
}
