//! Creating a session and opening one for writing: the lock, the journal
//! read back and repaired, the writer started.

use super::*;

impl SessionsDir {
    /// Create a new session: take its lock, write `first` to the journal
    /// and the snapshot durably, each atomically (a crash leaves no session,
    /// or one holding all of `first`), then start the writer. Refused if any
    /// file of the session exists, or if `first` is not numbered 1, 2, 3, ...
    pub fn create(&self, id: &str, first: &[EventRecord]) -> Result<OpenSession, StoreError> {
        check_id(id)?;
        let bad_seq = sequence_problems(first);
        if !bad_seq.is_empty() {
            return Err(StoreError::BadSequence {
                id: id.to_string(),
                message: bad_seq.join("; "),
            });
        }
        self.ensure()?;
        self.refuse_links(id)?;
        let lock = lock::acquire(&self.path, id)?;
        let p = self.paths(id);
        if Self::exists(&p.snapshot) || Self::exists(&p.journal) {
            return Err(StoreError::AlreadyExists {
                id: id.to_string(),
                dir: self.path.clone(),
            });
        }
        let lines = encode_lines(id, first)?;
        let d = &self.disk;
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |e| StoreError::io(path, e)
        };
        let written = (|| {
            // Atomic, so that a kill or a power cut never leaves an empty
            // or half-written first journal (a "session" without its
            // `created` action).
            d.write_atomic(&p.journal, &join_lines(&lines))
                .map_err(io(&p.journal))?;
            let snap = snapshot_of(id, &lines);
            d.write_atomic(&p.snapshot, &snap)
                .map_err(io(&p.snapshot))?;
            let journal = d.open_append(&p.journal).map_err(io(&p.journal))?;
            let len = d.len(&journal).map_err(io(&p.journal))?;
            Ok((journal, len))
        })();
        let (journal, journal_len) = match written {
            Ok(x) => x,
            Err(e) => {
                // Nothing was established: the caller still holds `first`.
                // Leave no half-made session behind to be listed.
                let _ = d.remove(&p.snapshot);
                let _ = d.remove(&p.journal);
                return Err(e);
            }
        };
        self.start(
            id,
            lock,
            (journal, journal_len),
            lines,
            Loaded {
                id: id.to_string(),
                events: first.to_vec(),
                draft: None,
                recovery: Recovery::default(),
            },
            (None, None),
        )
    }

    fn start(
        &self,
        id: &str,
        lock: lock::SessionLock,
        (journal, journal_len): (std::fs::File, u64),
        lines: Vec<Line>,
        loaded: Loaded,
        (snapshot_dirty, told): (Option<Option<String>>, Option<index::Told>),
    ) -> Result<OpenSession, StoreError> {
        let p = self.paths(id);
        // A rescue copy goes into the sessions folder if it takes it; only
        // then anywhere else.
        let mut rescue_dirs = vec![self.path.clone()];
        rescue_dirs.extend(
            self.rescue_dirs
                .iter()
                .filter(|d| **d != self.path)
                .cloned(),
        );
        let (writer, thread) = writer::spawn(writer::Start {
            disk: Arc::clone(&self.disk),
            id: id.to_string(),
            snapshot_path: p.snapshot,
            draft_path: p.draft,
            rescue_dirs,
            journal,
            journal_len,
            lines,
            snapshot_dirty,
            told,
            lock,
        })?;
        Ok(OpenSession {
            loaded,
            writer,
            folder: self.path.clone(),
            thread: Some(thread),
        })
    }

    /// Copy `bytes` (the content of file `name`) aside as
    /// `<name>.broken-<time>`, durably, before the original is changed.
    fn set_aside(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        let stamp = crate::wallclock::now().format("%Y%m%dT%H%M%SZ");
        let mut path = self.path.join(format!("{name}.broken-{stamp}"));
        let mut n = 2;
        while Self::exists(&path) {
            path = self.path.join(format!("{name}.broken-{stamp}-{n}"));
            n += 1;
        }
        self.disk
            .write_atomic(&path, bytes)
            .map_err(|e| StoreError::io(&path, e))?;
        Ok(path)
    }

    /// Open an existing session for writing: take its lock (refused with
    /// [`StoreError::Locked`] naming the holder, or with
    /// [`StoreError::OpenElsewhere`] when another machine's lock of it in
    /// the folder was never closed), read it, repair what reading found,
    /// and start the writer.
    ///
    /// Repairs, each only after a copy of the original is safely aside:
    /// a damaged snapshot is replaced by a fresh one; a torn end of the
    /// journal is cut off; a journal that lacks events the snapshot holds gets
    /// them appended; a journal that disagrees with the snapshot is rewritten
    /// from the merged events; a damaged draft is removed; a draft whose
    /// note is recorded is removed; what rescue copies hold beyond the
    /// session is appended to the journal, and the copies used renamed
    /// `.merged`. Every session file must be a file, not a symbolic link
    /// ([`StoreError::Link`] names the one that is). The result is in
    /// `loaded.recovery`. If the disk fails part way, the error says which
    /// file, and what was done so far is safe to redo.
    pub fn open(&self, id: &str) -> Result<OpenSession, StoreError> {
        check_id(id)?;
        let p = self.paths(id);
        if !Self::exists(&p.snapshot) && !Self::exists(&p.journal) {
            return Err(StoreError::NotFound {
                id: id.to_string(),
                dir: self.path.clone(),
            });
        }
        self.refuse_links(id)?;
        // Before any file is made here: the folder may be another
        // moderator's.
        if let Some(elsewhere) = lock::open_elsewhere(&self.path, id) {
            return Err(elsewhere);
        }
        let lock = lock::acquire(&self.path, id)?;
        let detail = read_session(&self.path, id, &p, self.draft_check)?;
        let mut loaded = detail.loaded;
        let d = &self.disk;
        let jio = |e| StoreError::io(&p.journal, e);

        if let Some(raw) = &detail.snapshot_damaged {
            let kept = self.set_aside(&format!("{id}.json"), raw)?;
            loaded.recovery.set_aside.push(kept);
        }
        if let Some(raw) = &detail.draft_damaged {
            let kept = self.set_aside(&format!("{id}.draft.json"), raw)?;
            loaded.recovery.set_aside.push(kept);
            // Safely aside: remove it, or it would be reported (and copied
            // aside again) on every open until a new draft replaced it. If
            // the disk refuses, that is what happens; it is no reason not
            // to open the session.
            let _ = d.remove(&p.draft);
        }
        if detail.draft_stale {
            // Its note is in the journal: offering it again would save it
            // twice. If the disk refuses, it is judged so again next time.
            let _ = d.remove(&p.draft);
        }

        // Rescue copies written when a close could not save the journal:
        // what they hold beyond the session is taken back (see `rescue`).
        let owner = rescue::owner_of(if Self::exists(&p.journal) {
            &p.journal
        } else {
            &p.snapshot
        });
        let mut search = vec![self.path.clone()];
        search.extend(self.rescue_dirs.iter().cloned());
        for path in rescue::find(id, &search) {
            let outcome = rescue::merge_one(&path, owner, &mut loaded.events);
            loaded.recovery.rescues.push(rescue::RescueFound {
                path,
                outcome,
                kept_as: None,
            });
        }

        let lines = encode_lines(id, &loaded.events)?;

        // Where the log of in-place writes was told the session is open,
        // if the journal is repaired in place.
        let mut told = None;
        match &detail.journal {
            None => {
                // No journal: write one holding every event.
                d.write_atomic(&p.journal, &join_lines(&lines))
                    .map_err(jio)?;
            }
            Some((raw, _)) if loaded.recovery.journal_disagrees > 0 => {
                let kept = self.set_aside(&format!("{id}.journal"), raw)?;
                loaded.recovery.set_aside.push(kept);
                d.write_atomic(&p.journal, &join_lines(&lines))
                    .map_err(jio)?;
            }
            Some((raw, scan)) => {
                let needs_cut = scan.torn.is_some();
                let needs_more = scan.unterminated || scan.count() < loaded.events.len();
                if needs_cut {
                    let kept = self.set_aside(&format!("{id}.journal"), raw)?;
                    loaded.recovery.set_aside.push(kept);
                }
                if needs_cut || needs_more {
                    // About to be written in place, even if only in part:
                    // `list` must know before (see `index`); the writer
                    // takes the telling over.
                    told = index::note_open_for_writing(&self.path, id);
                    let mut f = d.open_append(&p.journal).map_err(jio)?;
                    let repaired = (|| {
                        if needs_cut {
                            d.set_len(&f, scan.good_len)?;
                        }
                        if scan.unterminated {
                            d.write(&mut f, b"\n")?;
                        }
                        for l in &lines[scan.count()..] {
                            d.write(&mut f, l.text.as_bytes())?;
                        }
                        d.sync(&f)
                    })();
                    repaired.map_err(jio)?;
                }
            }
        }

        let journal = d.open_append(&p.journal).map_err(jio)?;
        let journal_len = d.len(&journal).map_err(jio)?;

        // The journal holds (and has synced) what the rescue copies gave:
        // rename them so they are not taken again. A copy that keeps its
        // name is found again next time, with nothing new in it.
        for r in &mut loaded.recovery.rescues {
            if !matches!(r.outcome, rescue::RescueOutcome::Left(_)) {
                r.kept_as = rescue::retire(&r.path).ok();
            }
        }

        // A fresh snapshot when the old one was behind, missing or damaged.
        // If the disk refuses it now, the journal holds everything and the
        // writer keeps trying.
        let mut snapshot_dirty = None;
        if !loaded.recovery.is_clean()
            && let Err(e) = d.write_atomic(&p.snapshot, &snapshot_of(id, &lines))
        {
            snapshot_dirty = Some(Some(e.to_string()));
        }
        self.start(
            id,
            lock,
            (journal, journal_len),
            lines,
            loaded,
            (snapshot_dirty, told),
        )
    }
}
