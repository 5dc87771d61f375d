//! What the recovery of a session says: what was kept, taken back and dropped, in words.

use super::*;

/// What reading a session found beyond a clean snapshot and journal, and
/// what `open` did about it. [`Recovery::summary`] says it in one go for
/// the moderator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Events taken from the journal that the snapshot did not hold (after
    /// a crash, the last few seconds; if the snapshot was missing or
    /// damaged, all of them).
    pub from_journal: usize,
    /// The snapshot was missing or damaged.
    pub snapshot: Option<SnapshotProblem>,
    /// A half-written end of the journal was dropped: its length in bytes.
    pub torn_tail: Option<u64>,
    /// When the dropped end spans more than the last line (what a power
    /// cut can leave: zeros where unsynced lines were, then more lines), the
    /// line it starts at.
    pub torn_from_line: Option<usize>,
    /// The last journal line was complete but lacked its line ending; it was kept.
    pub unterminated_kept: bool,
    /// There was no journal (the snapshot held everything).
    pub journal_missing: bool,
    /// Events the snapshot held that the journal lacked.
    pub journal_behind: usize,
    /// Journal lines that disagree with the snapshot (the snapshot's version was kept).
    pub journal_disagrees: usize,
    /// Problems with the numbering of events (gaps, repeats), in words.
    pub sequence: Vec<String>,
    /// The draft file could not be read (why).
    pub draft_unreadable: Option<String>,
    /// The draft's note was in the session already (sent just before the
    /// app stopped): the draft was dropped, not offered again.
    pub draft_recorded: bool,
    /// Files copied aside by `open` before repairing (never by `load`).
    pub set_aside: Vec<PathBuf>,
    /// Rescue copies `open` found, and what it did with each (never `load`).
    pub rescues: Vec<super::super::rescue::RescueFound>,
}

pub(super) fn actions(n: usize) -> String {
    if n == 1 {
        "1 action".to_string()
    } else {
        format!("{n} actions")
    }
}

impl Recovery {
    /// True when the files were exactly as a clean close leaves them.
    pub fn is_clean(&self) -> bool {
        *self == Recovery::default()
    }

    /// What was recovered or repaired, in plain words for the moderator
    /// (None when clean). E.g. "Recovered 12 actions from the journal that
    /// the last save did not hold; dropped a half-written last line (37 bytes)."
    pub fn summary(&self) -> Option<String> {
        if self.is_clean() {
            return None;
        }
        let mut parts: Vec<String> = Vec::new();
        // Rescue copies first: the most important news after a failed close.
        for r in &self.rescues {
            use super::super::rescue::RescueOutcome;
            let at = r.path.display();
            let kept = if r.kept_as.is_some() {
                " (renamed .merged)"
            } else {
                ""
            };
            parts.push(match &r.outcome {
                RescueOutcome::Merged(n) => {
                    format!("took back {} from the rescue copy {at}{kept}", actions(*n))
                }
                RescueOutcome::NothingNew => {
                    format!("the rescue copy {at} held nothing the session lacked{kept}")
                }
                RescueOutcome::Left(why) => format!(
                    "a rescue copy was found at {at} but not used ({why}); it was left as it is"
                ),
            });
        }
        match &self.snapshot {
            None => {
                if self.from_journal > 0 {
                    parts.push(format!(
                        "recovered {} from the journal that the last save did not hold",
                        actions(self.from_journal)
                    ));
                }
            }
            Some(SnapshotProblem::Missing) => parts.push(format!(
                "the save file was missing, so {} were rebuilt from the journal",
                actions(self.from_journal)
            )),
            Some(SnapshotProblem::Damaged { message }) => parts.push(format!(
                "the save file was damaged ({message}), so {} were rebuilt from the journal",
                actions(self.from_journal)
            )),
        }
        match (self.torn_tail, self.torn_from_line) {
            (Some(bytes), Some(line)) => parts.push(format!(
                "dropped the damaged end of the journal from line {line} ({bytes} bytes, what a power cut can leave)"
            )),
            (Some(bytes), None) => {
                parts.push(format!("dropped a half-written last line ({bytes} bytes)"))
            }
            (None, _) => {}
        }
        if self.unterminated_kept {
            parts.push("kept a complete last line that lacked its line ending".to_string());
        }
        if self.journal_missing {
            parts.push("the journal was missing and was rebuilt from the save".to_string());
        }
        if self.journal_behind > 0 {
            parts.push(format!(
                "the journal lacked {} that the save held",
                actions(self.journal_behind)
            ));
        }
        if self.journal_disagrees > 0 {
            parts.push(format!(
                "{} in the journal disagreed with the save; the save's version was kept",
                actions(self.journal_disagrees)
            ));
        }
        if !self.sequence.is_empty() {
            parts.push(format!(
                "the actions are not numbered in order ({})",
                self.sequence.join("; ")
            ));
        }
        let name_of = |p: &PathBuf| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string())
        };
        // The draft's copy is named with the draft (short enough for the
        // status line); other copies are listed together below.
        let draft_copy = self
            .set_aside
            .iter()
            .find(|p| name_of(p).contains(".draft.json.broken-"));
        if let Some(why) = &self.draft_unreadable {
            parts.push(match draft_copy {
                Some(copy) => format!(
                    "the unsent note draft could not be read ({why}); it is kept as {}",
                    name_of(copy)
                ),
                None => format!("the unsent note draft could not be read ({why})"),
            });
        }
        if self.draft_recorded {
            parts.push(
                "the note being typed was saved already, so its draft was dropped".to_string(),
            );
        }
        let others: Vec<String> = self
            .set_aside
            .iter()
            .filter(|p| self.draft_unreadable.is_none() || Some(*p) != draft_copy)
            .map(name_of)
            .collect();
        if !others.is_empty() {
            parts.push(format!("the originals were kept as {}", others.join(", ")));
        }
        let mut s = parts.join("; ");
        if let Some(first) = s.get(0..1) {
            let upper = first.to_ascii_uppercase();
            s.replace_range(0..1, &upper);
        }
        s.push('.');
        Some(s)
    }
}
