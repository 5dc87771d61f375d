//! `reconcile` over several sessions folders: after each folder's copies
//! are settled within it, the session's own files in the folders that hold
//! it are compared. The same history, or a part of it, is left as it is
//! (counted once already, nothing to decide). Histories carried on apart
//! in two folders are both kept and the answer says which folders and
//! where they part, until `--keep FILE` names one: that folder's history
//! then becomes the session's own files in each folder whose history
//! parted from it, their old files copied to that folder's `reconciled/`
//! first. A different session under the same name in another folder is
//! only said. Only folders that hold the session are written.

use std::path::{Path, PathBuf};

use super::gather::{is_prefix, session_key};
use super::load::Loaded;
use super::reconcile::{RECONCILED_DIR, Reconciled, shared};
use super::{SessionsDir, StoreError};

fn shown(p: &Path) -> String {
    p.display().to_string()
}

/// Compare the session `id`'s own files in `places` (folders that hold its
/// name, already reconciled each within itself); `keep`: the index in
/// `places` of the folder whose history `--keep` chose.
pub(crate) fn across(
    places: &[SessionsDir],
    id: &str,
    keep: Option<usize>,
    out: &mut Reconciled,
) -> Result<(), StoreError> {
    // The session's own files in each folder, as reconciled there.
    let mut held: Vec<(usize, Loaded)> = Vec::new();
    for (i, d) in places.iter().enumerate() {
        match d.load(id) {
            Ok(l) if !l.events.is_empty() => held.push((i, l)),
            Ok(_) => {}
            Err(e) => out.said.push(format!(
                "{}: its own files could not be read, so they are not compared with the other folders (left as they are): {e}",
                shown(d.path())
            )),
        }
    }
    // By identity, in folder order.
    let mut groups: Vec<(String, Vec<(usize, Loaded)>)> = Vec::new();
    for (i, l) in held {
        let key = session_key(&l.events);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push((i, l)),
            None => groups.push((key, vec![(i, l)])),
        }
    }
    if groups.len() > 1 {
        let folders: Vec<String> = groups
            .iter()
            .filter_map(|(_, g)| g.first().map(|(i, _)| shown(places[*i].path())))
            .collect();
        out.said.push(format!(
            "{id} names different sessions in different folders ({}): each is counted on its own and left as it is",
            folders.join("; ")
        ));
    }
    for (_, group) in &groups {
        if group.len() > 1 {
            compare(places, id, group, keep, out)?;
        }
    }
    Ok(())
}

/// One session found in several folders: `group` holds its history in
/// each (index in `places`, history).
fn compare(
    places: &[SessionsDir],
    id: &str,
    group: &[(usize, Loaded)],
    keep: Option<usize>,
    out: &mut Reconciled,
) -> Result<(), StoreError> {
    let kept = keep.and_then(|k| group.iter().position(|(i, _)| *i == k));
    // Without a choice, the longest (of equals, the first folder).
    let base = kept.unwrap_or_else(|| {
        let mut best = 0;
        for (n, (_, l)) in group.iter().enumerate() {
            if l.events.len() > group[best].1.events.len() {
                best = n;
            }
        }
        best
    });
    let (bi, b) = (&group[base].0, &group[base].1);
    let bdir = &places[*bi];
    for (n, (i, l)) in group.iter().enumerate() {
        if n == base {
            continue;
        }
        let d = &places[*i];
        if is_prefix(&l.events, &b.events) {
            out.said.push(format!(
                "{id} is also in {}: {}; left as it is",
                shown(d.path()),
                if l.events.len() == b.events.len() {
                    format!("the same history as in {}", shown(bdir.path()))
                } else {
                    format!(
                        "the first {} of the {} actions in {}",
                        l.events.len(),
                        b.events.len(),
                        shown(bdir.path())
                    )
                }
            ));
            continue;
        }
        if is_prefix(&b.events, &l.events) {
            // Only with --keep: the kept history carried on further there.
            out.said.push(format!(
                "{id} in {} holds the history kept and {} actions more; left as it is",
                shown(d.path()),
                l.events.len() - b.events.len()
            ));
            continue;
        }
        let common = shared(b, l);
        if kept.is_none() {
            out.still_diverged = true;
            out.said.push(format!(
                "{id} was carried on apart in two sessions folders: {} and {} share the first {common} actions, then differ: {} has {} more, {} has {} more. Both are kept; `facilitator reconcile {id} --keep {}` (or --keep {}) makes that folder's history the session's in every folder that holds it (the other folder's files are copied to its {RECONCILED_DIR}/ first)",
                shown(bdir.path()),
                shown(d.path()),
                shown(bdir.path()),
                b.events.len() - common,
                shown(d.path()),
                l.events.len() - common,
                shown(&bdir.file(id, "journal")),
                shown(&d.file(id, "journal")),
            ));
            continue;
        }
        let mut moved: Vec<PathBuf> = Vec::new();
        for ext in ["json", "journal"] {
            let f = d.file(id, ext);
            if f.exists() {
                moved.push(d.set_aside_file(&f, true)?);
            }
        }
        d.write_whole(id, &b.events)?;
        out.said.push(format!(
            "{id} in {}: its history ({} actions, the first {common} shared) parted from the one kept from {}; its files copied to {} and replaced by the history kept ({} actions)",
            shown(d.path()),
            l.events.len(),
            shown(bdir.path()),
            moved
                .iter()
                .map(|p| shown(p))
                .collect::<Vec<_>>()
                .join(", "),
            b.events.len()
        ));
    }
    Ok(())
}
