//! The packs sessions ran with: the sessions folder keeps a copy of every
//! pack a session was created with, under `packs/<hash>/` (the hash of the
//! pack's files, recorded in the session's first event), so the session is
//! replayed and exported years later with the texts the group saw, even
//! after the pack has been edited. The copy is content-addressed: two
//! laptops that ran the same pack write the same folder, so a sync tool
//! sees the same files, never a conflict.

use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;

use super::disk::DIR_MODE;
use super::{SessionsDir, StoreError};
use crate::domain::state::SessionState;
use crate::stimulus::{Pack, PackFiles, load::parse_pack};

/// The folder (inside the sessions folder) of the packs' copies.
pub const PACKS_DIR: &str = "packs";

/// The pack to show a session with, and what to tell the reader about it.
#[derive(Debug, Clone)]
pub struct PackOf {
    /// The pack the session ran with if it is known, else the current one.
    pub pack: Pack,
    /// Set when the session ran with another pack than the current one:
    /// which is shown, in a sentence for the moderator.
    pub note: Option<String>,
}

impl SessionsDir {
    /// The folder a pack of this hash is kept in.
    fn pack_dir(&self, hash: &str) -> PathBuf {
        self.path().join(PACKS_DIR).join(hash)
    }

    /// Keep a copy of `files` under `packs/<hash>/`, unless an equal copy
    /// is there already (a file missing or different is written again:
    /// the hash says what it must hold). Each file is written atomically.
    pub fn keep_pack(&self, files: &PackFiles) -> Result<(), StoreError> {
        if files.is_empty() || !is_hash(&files.hash()) {
            return Ok(());
        }
        let dir = self.pack_dir(&files.hash());
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(&dir)
            .map_err(|e| StoreError::io(&dir, e))?;
        for (name, text) in files.texts() {
            let path = dir.join(name);
            if std::fs::read(&path).is_ok_and(|b| b == text.as_bytes()) {
                continue;
            }
            self.disk
                .write_atomic(&path, text.as_bytes())
                .map_err(|e| StoreError::io(&path, e))?;
        }
        Ok(())
    }

    /// The pack kept under `hash`, if its copy is here and whole (its
    /// files still hash to its name, and parse).
    pub fn kept_pack(&self, hash: &str) -> Option<Pack> {
        if !is_hash(hash) {
            return None;
        }
        let dir = self.pack_dir(hash);
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(&dir).ok()? {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            if name.starts_with('.') || !path.is_file() {
                continue;
            }
            texts.push((name, std::fs::read_to_string(&path).ok()?));
        }
        let files: Vec<(&str, &str)> = texts
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let pack = parse_pack(&files).ok()?;
        (pack.files.hash() == hash).then_some(pack)
    }

    /// The pack to show `state`'s session with: the one it ran with when
    /// this folder keeps it, else `current`, with a note whenever the two
    /// differ.
    pub fn pack_of(&self, state: &SessionState, current: &Pack) -> PackOf {
        let same = |note: Option<String>| PackOf {
            pack: current.clone(),
            note,
        };
        let Some(hash) = &state.pack_hash else {
            // Saved before sessions kept their pack: only the title tells.
            return same(
                (state.pack != current.title && !state.pack.is_empty()).then(|| {
                    format!(
                        "This session ran with the pack “{}”; it is shown with “{}”.",
                        state.pack, current.title
                    )
                }),
            );
        };
        if !current.files.is_empty() && current.files.hash() == *hash {
            return same(None);
        }
        match self.kept_pack(hash) {
            Some(pack) => PackOf {
                note: Some(format!(
                    "Using the pack this session ran with ({}), not the one given.",
                    short(hash)
                )),
                pack,
            },
            None => same(Some(format!(
                "Using the pack given: this session's own ({}) is missing or damaged in {}.",
                short(hash),
                self.path().join(PACKS_DIR).display()
            ))),
        }
    }
}

/// A hash as `PackFiles::hash` writes it (32 lowercase hex digits): only
/// such a name is used as a folder name.
fn is_hash(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub(crate) fn short(hash: &str) -> &str {
    hash.get(..8).unwrap_or(hash)
}

impl SessionsDir {
    /// [`SessionsDir::pack_of`] for a session given by its events (only
    /// the first is read).
    pub fn pack_of_events(
        &self,
        events: &[crate::domain::event::EventRecord],
        current: &Pack,
    ) -> PackOf {
        let first = SessionState::fold(events.get(..1).unwrap_or_default());
        self.pack_of(&first, current)
    }
}
