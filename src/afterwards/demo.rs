//! `facilitator demo`: realistic demo sessions to try replay, export and
//! report on, marked as demo data (ids start with `demo-`, profile notes
//! with "DEMO DATA").
//!
//! Each session is a whole group, built action by action through
//! [`Session::record`], so every event passes the checks the live app
//! applies: the groups of the report's study (full and mini groups, pilot
//! and main stage), rosters with plausible attributes, consent, a flip
//! chart, notes and quotes from a small bank (the report's own verbatim
//! comments among them), the sticker vote in both entry modes, the picks
//! with their rules, ties and overrides (the joker counted over the demo
//! groups before it), ratings, equity dimensions, Stage 3 answers, pauses
//! and overruns. Everything, timestamps included, comes from the seed
//! through a small splitmix64 generator: the same seed gives the same
//! sessions, and group N does not depend on how many are asked for.

use std::collections::BTreeSet;
use std::sync::{Mutex, mpsc};

use anyhow::{Context, anyhow};
use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::demo_bank::{self, Bank, Design, Line, Lines};
use super::rng::Rng;
use crate::domain::event::{
    AnswerValue, Answers, Event, NoteKind, NotePlace, PickKind, Scale, StickerMode,
};
use crate::domain::ideas::{Coverage, coverage, kind_of_slot, slot_count, suggest};
use crate::domain::profile::{GroupProfile, Participant, Phase};
use crate::domain::session::Session;
use crate::stimulus::{Pack, StageKind};
use crate::store::{SessionsDir, slugify};

mod answers;
mod gallery;

/// How many sessions are written at the same time (each create and close
/// waits for the disk to sync; generating is quick).
const WRITERS: usize = 8;

/// Run `demo`. Returns the exit code.
pub fn run(dir: &SessionsDir, pack: &Pack, count: u32, seed: u64) -> anyhow::Result<i32> {
    if count == 0 {
        println!("Nothing to write (--count 0).");
        return Ok(0);
    }
    // The demo's groups are the built-in study's (its steps, ideas, notes
    // and answers): a pack that cannot hold the first is refused before
    // anything is written.
    if let Err(e) = generate(pack, seed, 0, &Coverage::default()) {
        anyhow::bail!(
            "the demo writes groups of the built-in study (its steps, ideas, notes and answers), and the pack \"{}\" cannot hold them ({e}); run `facilitator demo` with the built-in pack (no --stimulus)",
            pack.title
        );
    }
    dir.ensure()?;
    dir.keep_pack(&pack.files)
        .context("cannot keep a copy of the pack in the sessions folder")?;
    let mut cov = Coverage::default();
    let mut written = Vec::new();
    let mut skipped = 0usize;
    let failures: Mutex<Vec<anyhow::Error>> = Mutex::new(Vec::new());
    let (tx, rx) = mpsc::sync_channel::<Session>(WRITERS * 2);
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..WRITERS {
            scope.spawn(|| {
                loop {
                    let next = match rx.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    let Ok(session) = next else { return };
                    let id = session.state().id.clone();
                    let result = dir
                        .create(&id, session.events())
                        .and_then(|open| open.close())
                        .with_context(|| format!("cannot write demo session {id}"));
                    if let Err(e) = result
                        && let Ok(mut f) = failures.lock()
                    {
                        f.push(e);
                    }
                }
            });
        }
        for index in 0..count {
            if failures.lock().is_ok_and(|f| !f.is_empty()) {
                break;
            }
            let session = generate(pack, seed, index, &cov)?;
            add_coverage(&mut cov, &session);
            let id = session.state().id.clone();
            let taken = ["json", "journal"].iter().any(|ext| {
                dir.path()
                    .join(format!("{id}.{ext}"))
                    .symlink_metadata()
                    .is_ok()
            });
            if taken {
                eprintln!(
                    "Skipped {id}: it is already in {} (demo sessions are never overwritten).",
                    dir.path().display()
                );
                skipped += 1;
                continue;
            }
            if tx.send(session).is_err() {
                break;
            }
            written.push(id);
        }
        drop(tx);
        Ok(())
    })?;
    let failures = failures.into_inner().unwrap_or_default();
    if let Some(first) = failures.into_iter().next() {
        return Err(first);
    }
    let folder = dir.path().display();
    match written.as_slice() {
        [] => {
            println!("No demo session written to {folder} (seed {seed}): {skipped} already there.")
        }
        [one] => println!("Wrote 1 demo session to {folder} (seed {seed}): {one}."),
        [first, .., last] => println!(
            "Wrote {} demo sessions to {folder} (seed {seed}): {first} ... {last}.",
            written.len()
        ),
    }
    if !written.is_empty() && skipped > 0 {
        println!("Skipped {skipped} already there.");
    }
    Ok(0)
}

/// The picks of `session` added to the running coverage.
fn add_coverage(cov: &mut Coverage, session: &Session) {
    let one = coverage(std::iter::once(session.state()), None);
    for (idea, list) in one.by_idea {
        cov.by_idea.entry(idea).or_default().extend(list);
    }
}

/// Demo group number `index` (from 0) of `seed`; `cov` is the coverage of
/// the demo groups before it (for the joker).
pub fn generate(pack: &Pack, seed: u64, index: u32, cov: &Coverage) -> anyhow::Result<Session> {
    let root = Rng::new(seed);
    let mut base = root.fork(0);
    let offset = base.below(13) as usize;
    let first_day = NaiveDate::from_ymd_opt(2010, 1, 18).ok_or_else(|| anyhow!("bad base date"))?
        + Duration::days(base.below(28) as i64);
    let mut rng = root.fork(u64::from(index) + 1);

    let bank = demo_bank::get()?;
    let designs = &bank.designs;
    let cycle = index as usize % designs.len();
    let design = designs
        .get((cycle + offset) % designs.len())
        .ok_or_else(|| anyhow!("the demo bank has no groups"))?;
    let pilot = cycle < 4;
    let date = first_day + Duration::days(i64::from(index / 2));
    let hour = if index.is_multiple_of(2) { 14 } else { 18 };
    let start = date
        .and_hms_opt(hour, 0, 0)
        .ok_or_else(|| anyhow!("bad start time"))?
        .and_utc()
        + Duration::minutes(rng.range(0, 20));

    let plan_spec = pack
        .plan(&design.plan)
        .or_else(|| pack.plans.first())
        .ok_or_else(|| anyhow!("the pack has no plan"))?;
    let slug = slugify(&design.location, 40);
    let id = format!("demo-{seed}-{:04}-{slug}", index + 1);
    let profile = GroupProfile {
        location: design.location.to_string(),
        date: Some(date),
        age_band: design.age_band.to_string(),
        social_grade: design.social_grade.to_string(),
        ethnicity_mix: design.ethnicity_mix.to_string(),
        phase: if pilot { Phase::Pilot } else { Phase::Main },
        moderator: rng.pick(&bank.moderators).cloned().unwrap_or_default(),
        notes: format!(
            "DEMO DATA: generated by `facilitator demo --seed {seed}` (group {}); not a real group.",
            index + 1
        ),
    };
    // Its own UUID from the seed (a fork, so the rest of the group is
    // drawn as before): the same demo gives the same ids.
    let mut id_rng = rng.fork(0x1d);
    let mut random = [0u8; 10];
    for chunk in random.chunks_mut(5) {
        let bytes = id_rng.next_u64().to_le_bytes();
        chunk.copy_from_slice(&bytes[..chunk.len()]);
    }
    let uuid = crate::domain::identity::v7_from(start, random);
    let first =
        Session::created_event_with_identity(&id, &plan_spec.id, pack, profile, start, uuid, None);
    let mut b = Builder {
        pack,
        bank,
        session: Session::from_events(pack, vec![first]),
        t: start,
        rng,
        next_note: 1,
        index,
        no_quotes: BTreeSet::new(),
        id,
    };
    b.build(
        design,
        pilot,
        plan_spec.participants_min,
        plan_spec.participants_max,
        cov,
    )?;
    Ok(b.session)
}

/// One thing to record while a step runs.
#[allow(clippy::large_enum_variant)] // a few items per step, built and used at once
enum Item {
    /// An event.
    Ev(Event),
    /// A pause of so many seconds, with the moderator's note on why.
    Pause(i64, &'static str),
}

struct Builder<'p> {
    pack: &'p Pack,
    bank: &'static Bank,
    session: Session,
    t: DateTime<Utc>,
    rng: Rng,
    next_note: u32,
    index: u32,
    /// Participants who declined to be recorded: never quoted.
    no_quotes: BTreeSet<u32>,
    id: String,
}

impl Builder<'_> {
    fn rec(&mut self, ev: Event) -> anyhow::Result<()> {
        match self.session.record(self.pack, ev.clone(), self.t) {
            Ok(_) => Ok(()),
            Err(e) => Err(anyhow!(
                "demo session {}: its event {} was refused: {e}",
                self.id,
                serde_json::to_string(&ev).unwrap_or_default()
            )),
        }
    }

    fn wait(&mut self, secs: i64) {
        self.t += Duration::seconds(secs.max(0));
    }

    /// Record `items` spread evenly over `secs` seconds (plus any pauses).
    fn spread(&mut self, items: Vec<Item>, secs: i64, step: &str) -> anyhow::Result<()> {
        let gap = secs / (items.len() as i64 + 1);
        let end = self.t + Duration::seconds(secs);
        let mut paused = 0;
        for item in items {
            self.wait(gap);
            match item {
                Item::Ev(Event::NoteAdded {
                    id,
                    kind,
                    place,
                    text,
                    participant,
                    codes,
                    ..
                }) => {
                    // Typing began a little before the note was saved.
                    let typing = (text.len() as i64 / 4).clamp(4, 90);
                    let begun = Some(self.t - Duration::seconds(typing));
                    self.rec(Event::NoteAdded {
                        id,
                        kind,
                        place,
                        text,
                        participant,
                        codes,
                        begun,
                    })?;
                }
                Item::Ev(ev) => self.rec(ev)?,
                Item::Pause(len, why) => {
                    // New batteries: the recording stops and a new one starts.
                    let swap = why.contains("recorder") && self.session.state().recording_now();
                    if swap {
                        self.rec(Event::RecordingStopped)?;
                    }
                    self.rec(Event::Paused)?;
                    self.wait(len);
                    paused += len;
                    self.rec(Event::Resumed)?;
                    if swap {
                        let name = self.recording_name();
                        self.rec(Event::RecordingStarted { name })?;
                    }
                    let note = self.note(NoteKind::Note, step, None, None, why, &[], None);
                    self.rec(note)?;
                }
            }
        }
        let end = end + Duration::seconds(paused);
        if self.t < end {
            self.t = end;
        }
        Ok(())
    }

    /// The file name of the next recording.
    fn recording_name(&self) -> Option<String> {
        let n = self.session.state().recordings.len() + 1;
        Some(format!("{}-{n}.wav", self.id))
    }

    #[allow(clippy::too_many_arguments)]
    fn note(
        &mut self,
        kind: NoteKind,
        step: &str,
        section: Option<&str>,
        idea: Option<u32>,
        text: &str,
        codes: &[&str],
        participant: Option<u32>,
    ) -> Event {
        let id = self.next_note;
        self.next_note += 1;
        let codes: Vec<String> = codes
            .iter()
            .filter(|c| self.pack.codes.iter().any(|p| p == *c))
            .map(|c| c.to_string())
            .collect();
        Event::NoteAdded {
            id,
            kind,
            place: NotePlace {
                step: step.to_string(),
                section: section.map(str::to_string),
                idea,
            },
            text: text.to_string(),
            participant,
            codes,
            begun: None,
        }
    }

    /// Someone present who agreed to be recorded.
    fn speaker(&mut self) -> Option<u32> {
        let s = self.session.state();
        let ids: Vec<u32> = s
            .present()
            .map(|p| p.id)
            .filter(|id| !self.no_quotes.contains(id))
            .collect();
        self.rng.pick(&ids).copied()
    }

    /// Notes and quotes for one section: `notes` and `quotes` of `lines`,
    /// some codes left off, now and then a quote first typed in part and
    /// then completed, or a note struck out.
    fn lines(
        &mut self,
        items: &mut Vec<Item>,
        lines: &'static Lines,
        (notes, quotes): (usize, usize),
        step: &str,
        section: Option<&str>,
        idea: Option<u32>,
    ) {
        let chosen: Vec<&Line> = self.rng.sample(&lines.notes, notes);
        for line in chosen {
            let coded = self.rng.chance(60);
            let codes: Vec<&str> = if coded {
                line.codes.iter().map(String::as_str).collect()
            } else {
                Vec::new()
            };
            let ev = self.note(
                NoteKind::Note,
                step,
                section,
                idea,
                &line.text,
                &codes,
                None,
            );
            items.push(Item::Ev(ev));
        }
        let chosen: Vec<&Line> = self.rng.sample(&lines.quotes, quotes);
        for line in chosen {
            let who = self.speaker();
            let coded = self.rng.chance(50);
            let codes: Vec<String> = if coded {
                line.codes
                    .iter()
                    .filter(|c| self.pack.codes.iter().any(|p| p == *c))
                    .map(|c| c.to_string())
                    .collect()
            } else {
                Vec::new()
            };
            let words: Vec<&str> = line.text.split_whitespace().collect();
            if words.len() > 12 && self.rng.chance(8) {
                // Typed in part during the discussion, completed afterwards.
                let part = format!("{} ...", words[..words.len() / 2].join(" "));
                let ev = self.note(NoteKind::Quote, step, section, idea, &part, &[], who);
                let id = self.next_note - 1;
                items.push(Item::Ev(ev));
                items.push(Item::Ev(Event::NoteEdited {
                    id,
                    text: line.text.to_string(),
                    participant: who,
                    codes,
                }));
            } else {
                let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
                let ev = self.note(
                    NoteKind::Quote,
                    step,
                    section,
                    idea,
                    &line.text,
                    &code_refs,
                    who,
                );
                items.push(Item::Ev(ev));
            }
            if self.rng.chance(12) {
                items.push(Item::Ev(Event::NoteStarred {
                    id: self.next_note - 1,
                    starred: true,
                }));
            }
        }
        if self.rng.chance(3) {
            let ev = self.note(
                NoteKind::Note,
                step,
                section,
                idea,
                "(typed in the wrong place)",
                &[],
                None,
            );
            let id = self.next_note - 1;
            items.push(Item::Ev(ev));
            items.push(Item::Ev(Event::NoteDeleted { id }));
        }
    }

    fn build(
        &mut self,
        design: &Design,
        pilot: bool,
        min: u32,
        max: u32,
        cov: &Coverage,
    ) -> anyhow::Result<()> {
        let pack = self.pack;
        if pilot && self.session.state().plan == "full" {
            self.rec(Event::IdeasPlanned { count: 2 })?;
        }
        self.roster(design, min, max)?;
        let secs = self.rng.range(120, 420);
        self.wait(secs);
        self.rec(Event::Started)?;

        let idea_stage = pack
            .stages
            .iter()
            .position(|s| s.kind == StageKind::IdeaTesting);
        let steps = self.session.plan().steps.clone();
        // The questionnaire step (was: the plan's last step).
        let last_key = steps
            .iter()
            .find(|s| s.role(pack) == crate::stimulus::StepRole::Questionnaire)
            .map(|s| s.key.clone())
            .unwrap_or_default();
        // Someone steps out before the vote and comes back for the discussions.
        let before_gallery = steps
            .iter()
            .rposition(|s| Some(s.stage) != idea_stage && idea_stage.is_some_and(|i| s.stage < i));
        let leaver = if self.rng.chance(15) {
            self.speaker()
        } else {
            None
        };
        let forced_pause = if self.index == 0 { Some(3) } else { None };
        let mut leaver_out = false;

        for (k, ps) in steps.iter().enumerate() {
            let Some((_, step)) = ps.guide(pack) else {
                continue;
            };
            self.rec(Event::StepEntered {
                step: ps.key.clone(),
            })?;
            let factor = if k == 0 {
                self.rng.range(95, 150)
            } else {
                self.rng.range(80, 130)
            };
            let secs = i64::from(ps.minutes) * 60 * factor / 100;
            let mut items = Vec::new();
            if leaver_out
                && ps.slot.is_some()
                && let Some(p) = leaver
            {
                items.push(Item::Ev(Event::Presence {
                    participant: p,
                    present: true,
                }));
                leaver_out = false;
            }
            if Some(ps.stage) == idea_stage && ps.slot.is_none() {
                self.gallery(&ps.key, secs, cov)?;
                continue;
            }
            if let Some(slot) = ps.slot {
                let idea = self.session.state().idea_in_slot(slot);
                for sec in &step.sections {
                    if sec.id == "idea-probes" && self.rng.chance(50) {
                        continue;
                    }
                    items.push(Item::Ev(Event::SectionEntered {
                        section: sec.id.clone(),
                    }));
                    let core =
                        matches!(sec.id.as_str(), "desirability" | "achievability" | "equity");
                    let counts = if core {
                        (self.rng.range(1, 2) as usize, self.rng.range(1, 2) as usize)
                    } else {
                        (self.rng.range(0, 1) as usize, self.rng.range(0, 1) as usize)
                    };
                    let lines = self.bank.section(idea.unwrap_or(0), &sec.id);
                    self.lines(&mut items, lines, counts, &ps.key, Some(&sec.id), idea);
                    if let Some(idea) = idea {
                        if sec.id == "equity" {
                            self.equity(&mut items, idea);
                        }
                        if sec.id == "rating" {
                            self.ratings(&mut items, idea);
                        }
                    }
                }
            } else {
                if step.asks_consent {
                    self.consent(&mut items);
                }
                if step.flipchart {
                    self.flipchart(&mut items, &ps.key, &step.id);
                }
                let counts = (self.rng.range(1, 2) as usize, self.rng.range(0, 2) as usize);
                let lines = self.bank.step(&step.id);
                self.lines(&mut items, lines, counts, &ps.key, None, None);
            }
            if Some(k) == before_gallery
                && let Some(p) = leaver
            {
                items.push(Item::Ev(Event::Presence {
                    participant: p,
                    present: false,
                }));
                leaver_out = true;
            }
            if ps.key == last_key {
                self.stage3(&mut items);
            }
            if k > 0 && (forced_pause == Some(k) || self.rng.chance(8)) {
                let len = self.rng.range(120, 480);
                let why = self
                    .rng
                    .pick(&self.bank.pause_notes)
                    .map_or("Paused.", String::as_str);
                let at = self.rng.below(items.len() as u64 + 1) as usize;
                items.insert(at, Item::Pause(len, why));
            }
            self.spread(items, secs, &ps.key)?;
        }
        if leaver_out && let Some(p) = leaver {
            self.rec(Event::Presence {
                participant: p,
                present: true,
            })?;
        }
        let secs = self.rng.range(30, 240);
        self.wait(secs);
        if self.session.state().recording_now() {
            self.rec(Event::RecordingStopped)?;
        }
        self.rec(Event::Finished)
    }
}
