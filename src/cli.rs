//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A moderator's companion for deliberative discussion groups: the timed
/// guide, the posters, notes and attributed quotes, saved so nothing is lost.
#[derive(Debug, Parser)]
#[command(name = "facilitator", version, about)]
pub struct Cli {
    /// Folder where sessions are saved. Give it several times (or
    /// FACILITATOR_SESSIONS as a `:`-separated list) to read several
    /// folders together: new sessions go to the first; list, coverage,
    /// report and bundle span them all.
    #[arg(
        long,
        global = true,
        env = "FACILITATOR_SESSIONS",
        default_value = "sessions",
        value_delimiter = ':',
        action = clap::ArgAction::Append,
        value_name = "DIR"
    )]
    pub sessions: Vec<PathBuf>,
    /// A stimulus pack folder to use instead of the one built in.
    #[arg(long, global = true, value_name = "DIR")]
    pub stimulus: Option<PathBuf>,
    /// What to do (default: run).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a group (the default).
    Run {
        /// Carry on with a saved session: its id, an id prefix, or a path.
        #[arg(long, value_name = "ID|PATH")]
        resume: Option<String>,
    },
    /// One line per saved session.
    List,
    /// Check a stimulus pack; print each problem as file:line:col: message.
    CheckStimulus {
        /// The pack folder.
        #[arg(default_value = "stimulus")]
        dir: PathBuf,
    },
    /// Play a saved session back on its own timeline (read-only).
    Replay {
        /// The session: id, unique id prefix, or path.
        session: String,
        /// Print the timeline as text instead (one line per event).
        #[arg(long)]
        print: bool,
    },
    /// Export one group's notes.
    Export {
        /// The session: id, unique id prefix, or path.
        session: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// Where to write (a file; for csv a folder; for audacity and vtt a
        /// folder, or a file stem when there are several recordings).
        /// Default: stdout (md, json, a single recording's track).
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Take the people out: labels become P1, P2...; the moderator
        /// "Moderator"; every part of their names is replaced in all free
        /// text; descriptors, ethnicity and profile notes are dropped.
        #[arg(long)]
        anonymise: bool,
        /// With --anonymise: keep descriptors, ethnicity and profile notes
        /// (names in them still replaced).
        #[arg(long, requires = "anonymise")]
        keep_descriptors: bool,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
        /// Correct every recording's start: the recorder really started
        /// this many seconds after (positive) or before (negative) the key
        /// press. The correction is written into the export's timeline.
        #[arg(long, value_name = "±SECONDS", allow_hyphen_values = true)]
        recording_shift: Option<i64>,
    },
    /// All groups together: coverage, stickers, picks, ratings, quotes per idea.
    Report {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Where to write (a file; for csv a folder; for html a file or a
        /// folder). Default: stdout (md, html).
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Overwrite existing files.
        #[arg(long)]
        force: bool,
    },
    /// Write realistic demo sessions (marked as demo data) for trying replay, export and report.
    Demo {
        /// How many sessions.
        #[arg(long, default_value_t = 12)]
        count: u32,
        /// The same seed gives the same sessions.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The participant-facing view for a projector: follows a live session, read-only.
    Present {
        /// The session (default: the most recent live one in the sessions folder).
        session: Option<String>,
    },
    /// Bring other moderators' sessions in: bundles, session files, or
    /// whole sessions folders. Each is checked and compared by identity
    /// with the sessions here: nothing is overwritten by another session.
    Import {
        /// Bundles (from `bundle`), `.json`/`.journal` files, or folders.
        #[arg(required = true, value_name = "FILE|DIR|BUNDLE")]
        sources: Vec<PathBuf>,
    },
    /// Write sessions into one file (JSON Lines) to send by email or USB
    /// stick; `import` reads it.
    Bundle {
        /// The sessions (ids or id prefixes; default: all).
        #[arg(value_name = "SESSION")]
        ids: Vec<String>,
        /// Only sessions held on or after this date (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
        /// Only finished sessions.
        #[arg(long)]
        finished: bool,
        /// The bundle file to write (refused if it exists).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Settle the copies sync tools left of one session (conflict copies,
    /// a journal edited on two machines), in every --sessions folder that
    /// holds it. Nothing is deleted: settled copies move to the folder's
    /// reconciled/ subfolder.
    Reconcile {
        /// The session's id.
        session: String,
        /// When its histories diverged: the file whose history to keep
        /// (its path, when several folders hold a file of that name).
        #[arg(long, value_name = "FILE")]
        keep: Option<PathBuf>,
    },
    /// Print shell completions.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// Formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Markdown laid out like the report.
    Md,
    /// CSV files (notes, stickers, ratings, timeline).
    Csv,
    /// The session as saved.
    Json,
    /// A REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA, QualCoder.
    Qdpx,
    /// Audacity label tracks, one per recording: every note and quote at
    /// its place on the tape.
    Audacity,
    /// WebVTT cues, one file per recording, for media players.
    Vtt,
}

/// Formats of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// CSV files.
    Csv,
    /// A REFI-QDA project (.qdpx) of every group.
    Qdpx,
    /// One self-contained HTML page with charts (`-o FILE`, or `-o DIR`
    /// for report.html and stickers-by-attribute.csv).
    Html,
}
