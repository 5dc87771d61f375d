//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A moderator's companion for deliberative discussion groups: the timed
/// guide, the posters, notes and attributed quotes, saved so nothing is lost.
#[derive(Debug, Parser)]
#[command(name = "facilitator", version, about)]
pub struct Cli {
    /// Folder where sessions are saved.
    #[arg(long, global = true, env = "FACILITATOR_SESSIONS", default_value = "sessions")]
    pub sessions: PathBuf,
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
}
