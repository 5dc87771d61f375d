//! The coverage of the ideas over the groups saved in the sessions folders
//! (each session once, however many copies sync tools made: see `gather`),
//! folded by [`crate::domain::ideas::coverage`].

use crate::domain::ideas::{Coverage, coverage};
use crate::domain::state::SessionState;

use super::SessionsDir;

/// Coverage over every session saved in `dir` and the folders read with
/// it, the session `exclude_id` of `dir` itself left out. Sessions that
/// cannot be read are skipped and said in the list returned.
pub fn coverage_of_folder(dir: &SessionsDir, exclude_id: Option<&str>) -> (Coverage, Vec<String>) {
    let (units, mut problems) = super::gather::scan(dir);
    let mut found = Vec::new();
    for u in &units {
        let r = u.read(|l| SessionState::fold(&l.events));
        // The current session is left out: the one in this session's own
        // files here (a conflict copy under its name, from another laptop,
        // is another group).
        found.extend(r.sessions.into_iter().filter(|f| {
            !(exclude_id == Some(u.id()) && u.dir_path() == dir.path() && f.in_own_files())
        }));
        problems.extend(
            r.problems
                .into_iter()
                .map(|(_, why)| format!("Session \"{}\" could not be read: {why}", u.id())),
        );
    }
    let states: Vec<SessionState> = super::gather::settle(found)
        .into_iter()
        .map(|f| f.session)
        .collect();
    (coverage(&states, None), problems)
}
