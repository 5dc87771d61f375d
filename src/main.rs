//! facilitator's entry point: parse the command line and hand over.

use std::process::ExitCode;

use clap::Parser;
use facilitator::cli::{Cli, Command};

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match facilitator::run_cli(
        cli.command.unwrap_or(Command::Run { resume: None }),
        &cli.sessions,
        cli.stimulus.as_deref(),
    ) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("facilitator: {e:#}");
            ExitCode::from(1)
        }
    }
}
