//! The coverage of the ideas over the groups saved in a sessions folder:
//! the sessions read here, folded by [`crate::domain::ideas::coverage`].

use crate::domain::ideas::{Coverage, coverage};
use crate::domain::state::SessionState;

use super::SessionsDir;

/// Coverage over every session saved in `dir`, `exclude_id` left out.
/// Sessions that cannot be read are skipped and said in the list returned.
pub fn coverage_of_folder(dir: &SessionsDir, exclude_id: Option<&str>) -> (Coverage, Vec<String>) {
    let mut problems = Vec::new();
    let ids = match dir.ids() {
        Ok(ids) => ids,
        Err(e) => {
            problems.push(format!("The sessions folder could not be read: {e}"));
            Vec::new()
        }
    };
    let mut states = Vec::new();
    for id in ids {
        if exclude_id == Some(id.as_str()) {
            continue;
        }
        match dir.load(&id) {
            Ok(loaded) => states.push(SessionState::fold(&loaded.events)),
            Err(e) => problems.push(format!("Session \"{id}\" could not be read: {e}")),
        }
    }
    (coverage(&states, exclude_id), problems)
}
