//! The in-process figures of issue 16's "Scale", for each folder of demo
//! sessions named in `SCALE_DIRS` (`:`-separated; `scripts/bench.sh` makes
//! 1,000 and 10,000):
//!
//! - `coverage ready`: what the app's coverage thread runs at start,
//!   `store::coverage_of_folder`, with this machine's index warm (median of
//!   9); target ≤ 100 ms at 10,000 sessions. Baseline: the same coverage by
//!   reading and folding every session, as before the index.
//! - `index build`: `SessionsDir::summaries` with no index (the first
//!   `list` or start on a folder; the index is written); baseline: reading
//!   and folding every session on one core.
//!
//! Each line: `figure: value (baseline: value, ratio X, target …)`. Also
//! appended to `FIGURES_OUT` when set. No figure is a test.

// The app's allocator: coverage is timed as the app runs it.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::Write;
use std::time::{Duration, Instant};

use facilitator::domain::ideas::coverage;
use facilitator::domain::state::SessionState;
use facilitator::store::{SessionsDir, coverage_of_folder, index_path};

fn say(line: &str) {
    println!("{line}");
    if let Ok(path) = std::env::var("FIGURES_OUT")
        && let Ok(mut f) = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
    {
        let _ = writeln!(f, "{line}");
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

/// Coverage as it was computed before the index: every session read and
/// folded.
fn coverage_reading_all(dir: &SessionsDir) -> usize {
    let ids = dir.ids().unwrap_or_default();
    let states: Vec<SessionState> = ids
        .iter()
        .filter_map(|id| dir.load(id).ok())
        .map(|l| SessionState::fold(&l.events))
        .collect();
    coverage(&states, None).by_idea.len()
}

fn main() {
    let Ok(dirs) = std::env::var("SCALE_DIRS") else {
        println!("scale: set SCALE_DIRS to folders of demo sessions (scripts/bench.sh does)");
        return;
    };
    for d in dirs.split(':').filter(|d| !d.is_empty()) {
        let dir = SessionsDir::new(d);
        let n = dir.ids().map_or(0, |ids| ids.len());
        // The baseline first (it also brings the files into the page
        // cache, as they are on a laptop after the first run).
        let t = Instant::now();
        coverage_reading_all(&dir);
        let all = t.elapsed();
        // Cold: no index.
        let _ = std::fs::remove_file(index_path(dir.path()));
        let t = Instant::now();
        let built = dir.summaries().read;
        let cold = t.elapsed();
        say(&format!(
            "index build, {n} sessions: {:.0} ms for {built} read and written (baseline: {:.0} ms reading and folding every session on one core, ratio {:.2})",
            ms(cold),
            ms(all),
            cold.as_secs_f64() / all.as_secs_f64()
        ));
        // Warm.
        let runs: Vec<Duration> = (0..9)
            .map(|_| {
                let t = Instant::now();
                let (cov, problems) = coverage_of_folder(&dir, None);
                std::hint::black_box((cov, problems));
                t.elapsed()
            })
            .collect();
        let warm = median(runs);
        say(&format!(
            "coverage ready, {n} sessions: {:.1} ms with the index warm (baseline: {:.0} ms reading every session, ratio {:.3}, target ≤ 100 ms) {}",
            ms(warm),
            ms(all),
            warm.as_secs_f64() / all.as_secs_f64(),
            if ms(warm) <= 100.0 { "MET" } else { "MISSED" }
        ));
    }
}
