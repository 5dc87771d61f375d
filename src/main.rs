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
    huge_pages(false);
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Run { resume: None });
    if matches!(command, Command::Report { .. }) {
        huge_pages(true);
    }
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

/// Whether memory may come in transparent huge pages (2 MiB, Linux). mimalloc
/// asks for them where it can. They spare `report` most of its page faults
/// while it reads a thousand sessions (100 -> 82 ms), but the app, the
/// replay and the projector view stay open for hours on a laptop, where they
/// would add some 15 MB of resident memory to the 21 MB a 3,000-note session
/// needs: so only `report` has them.
fn huge_pages(allowed: bool) {
    #[cfg(target_os = "linux")]
    {
        // Refused only by kernels older than 3.15: pages stay as they were.
        let _ = rustix::thread::disable_transparent_huge_pages(!allowed);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = allowed;
}
