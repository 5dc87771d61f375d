//! The files the writer rewrites whole beside the journal: the draft of the note being typed, and the snapshot.

use super::*;

impl Worker {
    pub(super) fn pump_draft(&mut self, now: Instant, force: bool) {
        if self.draft.is_none() {
            return;
        }
        if !force && now < self.draft_due(now) {
            return;
        }
        // The events before this change first, synced (see the module doc).
        if self.synced < self.lines.len() {
            self.pump_journal(now, true);
            self.pump_sync(now, true);
            if self.synced < self.lines.len() {
                self.draft_err = Some(
                    self.journal_err
                        .clone()
                        .unwrap_or_else(|| "the journal is not saved yet".to_string()),
                );
                self.draft_retry = now + RETRY_EVERY;
                return;
            }
        }
        let Some((draft, after)) = &self.draft else {
            return;
        };
        let result = match draft {
            Some(v) => {
                let mut v = v.clone();
                if let Some(o) = v.as_object_mut() {
                    o.insert(DRAFT_AFTER_KEY.to_string(), (*after).into());
                }
                match serde_json::to_vec(&v) {
                    Ok(bytes) => self.disk.write_atomic(&self.draft_path, &bytes),
                    Err(e) => Err(io::Error::other(e)),
                }
            }
            None => self.disk.remove(&self.draft_path),
        };
        self.last_draft = Some(now);
        match result {
            Ok(()) => {
                self.draft = None;
                self.draft_err = None;
            }
            Err(e) => {
                self.draft_err = Some(e.to_string());
                self.draft_retry = now + RETRY_EVERY;
            }
        }
    }

    pub(super) fn snapshot(&self) -> Vec<u8> {
        snapshot_bytes(
            &self.id,
            crate::wallclock::now(),
            self.lines.iter().map(|l| l.text.as_str()),
        )
    }

    pub(super) fn pump_snapshot(&mut self, now: Instant, force: bool) {
        if !self.snapshot_dirty {
            return;
        }
        let due = match self.snapshot_err {
            Some(_) => self.snapshot_retry,
            None => self.last_snapshot + SNAPSHOT_EVERY,
        };
        if !force && now < due {
            return;
        }
        // Atomic: a failure leaves the last good snapshot in place.
        match self
            .disk
            .write_atomic(&self.snapshot_path, &self.snapshot())
        {
            Ok(()) => {
                self.snapshot_dirty = false;
                self.snapshot_err = None;
                self.last_snapshot = now;
            }
            Err(e) => {
                self.snapshot_err = Some(e.to_string());
                self.snapshot_retry = now + RETRY_EVERY;
            }
        }
    }
}
