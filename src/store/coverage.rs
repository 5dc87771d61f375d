//! The coverage of the ideas over the groups saved in a sessions folder:
//! the sessions' summaries (from the folder's index where it is fresh,
//! see `index`), folded by [`crate::domain::ideas::coverage_of_summaries`].

use crate::domain::ideas::{Coverage, coverage_of_summaries};

use super::SessionsDir;

/// Coverage over every session saved in `dir`, `exclude_id` left out.
/// Sessions that cannot be read are skipped and said in the list returned.
pub fn coverage_of_folder(dir: &SessionsDir, exclude_id: Option<&str>) -> (Coverage, Vec<String>) {
    match dir.summaries() {
        Ok(found) => {
            let problems = found
                .problems
                .iter()
                .filter(|(id, _)| exclude_id != Some(id.as_str()))
                .map(|(id, e)| format!("Session \"{id}\" could not be read: {e}"))
                .collect();
            (coverage_of_summaries(&found.sessions, exclude_id), problems)
        }
        Err(e) => (
            Coverage::default(),
            vec![format!("The sessions folder could not be read: {e}")],
        ),
    }
}
