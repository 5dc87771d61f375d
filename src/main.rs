//! facilitator's entry point: parse the command line and hand over.

use std::process::ExitCode;

use clap::Parser;
use facilitator::cli::{Cli, Command};
use facilitator::tui::term::{NO_TERMINAL_EXIT, NoTerminal};

// mimalloc: reading a thousand sessions for `report` allocates from every
// core at once, where glibc's allocator spends its time growing per-thread
// arenas and faulting pages in (report 110 -> 82 ms, see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Run { resume: None });
    match facilitator::run_cli(command, &cli.sessions, cli.stimulus.as_deref()) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is::<NoTerminal>() => {
            eprintln!("{e}");
            ExitCode::from(NO_TERMINAL_EXIT)
        }
        Err(e) => {
            facilitator::eprintln_safe!("facilitator: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// No transparent huge pages (2 MiB, Linux), which mimalloc asks for where
/// it can: the app, the replay and the projector view stay open for hours
/// on a laptop, where they would add some 15 MB of resident memory to the
/// 21 MB a 3,000-note session needs; and `report`, which had them to spare
/// page faults (100 -> 82 ms over a thousand sessions, measured then), kept
/// whole 2 MiB pages resident for the few digests in each: 155 -> 134 MB
/// at 10,000 sessions without them, in the same time (BENCHMARKS.md).
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    {
        // Refused only by kernels older than 3.15: pages stay as they were.
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}
