//! facilitator: a terminal app for a moderator leading a deliberative
//! discussion group.
//!
//! Module map (each layer names only those above it in this list; the
//! table is `LAYERS` in tests/layers.rs, which fails on a wrong-way path):
//! - [`wallclock`]: the app's now, which a change of the computer's clock
//!   does not move (and which notices one). Names no other module.
//! - [`cli`]: the command line (clap types). Names no other module.
//! - [`safe_out`]: what is printed to a terminal, control characters made
//!   visible. Names no other module.
//! - [`stimulus`]: the discussion guide and the nine posters, as data.
//!   Names no other module.
//! - [`domain`]: the session timeline (events), the state folded from it,
//!   the plan, the clock and the rules of the ideas. Names only
//!   `stimulus`: no disk, no terminal.
//! - [`store`]: the sessions folder: journal (and its one-pass reader),
//!   snapshots, locks, recovery, the folder's summary index, the coverage
//!   of the ideas over the folder. Names `domain`, `stimulus`, `wallclock`.
//! - [`afterwards`]: export of one group, the report over all groups, demo
//!   data. Names `domain`, `stimulus`, `store`, `wallclock`, `cli`,
//!   `safe_out`; never the terminal shell.
//! - [`tui`]: the terminal shell (keys → app → view). Names `domain`,
//!   `stimulus`, `store`, `wallclock`.
//! - [`replay`]: a saved session played back on its own timeline; and
//!   [`present`]: the participant-facing projector view. Both also draw
//!   with `tui`.
//! - [`commands`]: the non-interactive commands; this root wires them all.

pub mod afterwards;
pub mod cli;
pub mod commands;
pub mod domain;
pub mod present;
pub mod replay;
pub mod safe_out;
pub mod stimulus;
pub mod store;
pub mod tui;
pub mod wallclock;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::cli::Command;
use crate::store::SessionsDir;
use crate::tui::app::{App, Ctx};

/// The pack to use: the folder given, or the one built in.
pub fn load_pack(dir: Option<&Path>) -> anyhow::Result<stimulus::Pack> {
    match dir {
        None => Ok(stimulus::embedded()),
        Some(d) => stimulus::load_dir(d).map_err(|problems| {
            let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            anyhow::anyhow!(
                "the stimulus pack in {} has problems:\n{}",
                d.display(),
                list.join("\n")
            )
        }),
    }
}

/// Run one command over the sessions folders given (the first is where
/// new sessions go; all are read together). Returns the process exit code.
pub fn run_cli(
    command: Command,
    sessions: &[PathBuf],
    stimulus_dir: Option<&Path>,
) -> anyhow::Result<u8> {
    let first = sessions
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("sessions"));
    let also = sessions.iter().skip(1).cloned().collect();
    let dir = SessionsDir::new(first)
        .with_draft_check(domain::draft::judge)
        .with_also(also);
    // A terminal gets no control character from the data (see safe_out).
    let mut out = safe_out::Out::stdout();
    let mut err = safe_out::Out::stderr();
    let code = match command {
        Command::List => commands::list(&dir, &mut out, &mut err)?,
        Command::Import { sources } => commands::sync::import(&dir, &sources, &mut out)?,
        Command::Bundle {
            ids: sessions,
            since,
            finished,
            output,
        } => commands::sync::bundle(
            &dir,
            &store::Selection {
                sessions,
                since,
                finished,
            },
            &output,
            &mut out,
        )?,
        Command::Reconcile { session, keep } => {
            commands::sync::reconcile(&dir, &session, keep.as_deref(), &mut out)?
        }
        Command::CheckStimulus { dir: pack_dir } => commands::check_stimulus(&pack_dir, &mut out)?,
        Command::Replay { session, print } => {
            replay::run(&dir, &load_pack(stimulus_dir)?, &session, print)?
        }
        Command::Export {
            session,
            format,
            output,
            anonymise,
            keep_descriptors,
            force,
            recording_shift,
        } => afterwards::export::run(
            &dir,
            &load_pack(stimulus_dir)?,
            &session,
            afterwards::export::Options {
                format,
                output: output.as_deref(),
                anonymise,
                keep_descriptors,
                force,
                recording_shift,
            },
        )?,
        Command::Report {
            format,
            output,
            force,
        } => afterwards::report::run(
            &dir,
            &load_pack(stimulus_dir)?,
            format,
            output.as_deref(),
            force,
        )?,
        Command::Demo { count, seed } => {
            afterwards::demo::run(&dir, &load_pack(stimulus_dir)?, count, seed)?
        }
        Command::Present { session } => {
            present::run(&dir, &load_pack(stimulus_dir)?, session.as_deref())?
        }
        Command::Completions { shell } => {
            let mut cmd = <cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "facilitator", &mut std::io::stdout());
            0
        }
        Command::Man => {
            let cmd = <cli::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
            0
        }
        Command::Run { resume } => {
            // Without a terminal, say so before anything is recorded (a
            // session already open elsewhere is still named first).
            let no_terminal = || -> anyhow::Result<()> {
                if tui::term::have_terminal() {
                    Ok(())
                } else {
                    Err(tui::term::NoTerminal { hint: None }.into())
                }
            };
            let pack = load_pack(stimulus_dir)?;
            let app = match resume {
                Some(which) => {
                    // Found in any of the folders; written where it is.
                    let (folder, id) = dir.resolve(&which)?;
                    let open = folder
                        .open(&id)
                        .with_context(|| format!("cannot resume {which}"))?;
                    no_terminal()?;
                    App::resumed(Ctx { pack, dir }, open, wallclock::now())
                }
                None => {
                    if dir.path().exists() && !dir.path().is_dir() {
                        bail!("{} is not a folder", dir.path().display());
                    }
                    no_terminal()?;
                    App::new(Ctx { pack, dir }, wallclock::now())
                }
            };
            if let Some(msg) = tui::run(app)? {
                // The terminal may be gone (window closed): the session is
                // saved already, so a failed print is not an error.
                let _ = writeln!(out, "{msg}");
            }
            0
        }
    };
    Ok(u8::try_from(code).unwrap_or(1))
}
