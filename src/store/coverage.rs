//! The coverage of the ideas over the groups saved in the sessions folders
//! (each session once, however many copies sync tools made: see `gather`;
//! a session's summary from its folder's index where it is fresh: see
//! `index`), folded by [`crate::domain::ideas::coverage_of_summaries`].

use crate::domain::ideas::{Coverage, coverage_of_summaries};

use super::SessionsDir;

/// Coverage over every session saved in `dir` and the folders read with
/// it, the session `exclude_id` of `dir` itself left out. Sessions that
/// cannot be read are skipped and said in the list returned.
pub fn coverage_of_folder(dir: &SessionsDir, exclude_id: Option<&str>) -> (Coverage, Vec<String>) {
    let found = dir.summaries_kept(super::index::Trust::Stamps, |u, f| {
        // The current session is left out: the one in this session's own
        // files here (a conflict copy under its name, from another laptop,
        // is another group).
        !(exclude_id == Some(u.id()) && u.dir_path() == dir.path() && f.in_own_files())
    });
    let problems = found
        .problems
        .into_iter()
        .map(|(id, why)| match id {
            Some(id) => format!("Session \"{id}\" could not be read: {why}"),
            None => why,
        })
        .collect();
    (coverage_of_summaries(&found.sessions, None), problems)
}
