//! What export and report share: reading a session with errors that name
//! the file, one group's notes as the report lays them out (attributions,
//! the order of the guide's sections), writing files without overwriting,
//! and the CSV rows both commands write.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};

use super::anonymise::{self, Privacy};
use crate::domain::clock::{active_secs, tape};
use crate::domain::event::{Event, EventRecord, NoteKind, PickKind, Scale, StickerMode};
use crate::domain::ideas::{slot_count, tally};
use crate::domain::plan::Plan;
use crate::domain::session::Session;
use crate::domain::state::{Note, Pick, SessionState};
use crate::stimulus::Pack;
use crate::store::{Loaded, SessionsDir};

mod files;
pub use files::*;
mod rows;
pub use rows::*;

// ---------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------

/// A pick's words from the pack's method ("most popular", "most
/// contentious", "joker" in the built-in one).
pub fn pick_words(pack: &Pack, kind: &PickKind) -> String {
    crate::domain::ideas::pick_label(pack, kind).to_string()
}

/// A pick's code for CSV: the slot id (`popular`, `contentious`, `joker`).
pub fn pick_code(kind: &PickKind) -> &str {
    kind.as_str()
}

/// The method's scales in the pack's order, with their labels (built-in:
/// Desirable, Achievable, Equitable, the report's order).
pub fn scales(pack: &Pack) -> Vec<(Scale, String)> {
    crate::domain::ideas::scales(pack)
        .into_iter()
        .map(|(s, l)| (s, l.to_string()))
        .collect()
}

/// "2026-11-29T18:05:00Z".
pub fn iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// "18:05".
pub fn hm(t: DateTime<Utc>) -> String {
    t.format("%H:%M").to_string()
}

/// "Idea 4: Citizen Advisors" (or "Idea 4" if the pack has no such idea).
pub fn idea_label(pack: &Pack, idea: u32) -> String {
    let word = capitalise(&pack.method.wording.option);
    match pack.idea(idea) {
        Some(i) => format!("{word} {idea}: {}", i.title),
        None => format!("{word} {idea}"),
    }
}

/// A Markdown table's head: the first column, then one right-aligned
/// column per colour of the pack's vote ("| Idea | Green | Red |").
pub fn colour_table_head(first: &str, pack: &Pack) -> String {
    let mut head = format!("| {first} |");
    let mut rule = "|---|".to_string();
    for c in &pack.method.votes.colours {
        head.push_str(&format!(" {} |", capitalise(&c.label)));
        rule.push_str("---:|");
    }
    format!("{head}\n{rule}\n")
}

/// "Idea" from "idea".
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The idea's title, or "" if the pack has no such idea.
pub fn idea_title(pack: &Pack, idea: u32) -> String {
    pack.idea(idea).map(|i| i.title.clone()).unwrap_or_default()
}

/// A table cell: no pipes, no line breaks.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A quote as the report prints it: the words (as a block quote), then on
/// the next line the attribution.
pub fn quote_block(out: &mut String, text: &str, attribution: &str) {
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(attribution);
    out.push_str("\n\n");
}

/// One bullet, continuation lines indented.
pub fn bullet(out: &mut String, text: &str) {
    let mut first = true;
    for line in text.trim().lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(if first { "- " } else { "  " });
        out.push_str(line.trim());
        out.push('\n');
        first = false;
    }
}

// ---------------------------------------------------------------------------
// Sections of an idea discussion
// ---------------------------------------------------------------------------

/// The guide sections of the per-idea steps, in the report's order: the
/// report's questions first (the method's `[export] sections`; built-in:
/// Desirable? / Achievable? / Equitable?), then the other sections in the
/// guide's order. Each as (section id, heading).
pub fn idea_sections(pack: &Pack) -> Vec<(String, String)> {
    let mut rest: Vec<(String, String)> = Vec::new();
    // The sections of the discussion steps (was: the idea-testing
    // stage's steps after the first).
    for (_, step) in pack
        .steps()
        .filter(|(_, s)| s.role == crate::stimulus::StepRole::Discussion)
    {
        for sec in &step.sections {
            if !rest.iter().any(|(id, _)| id == &sec.id) {
                rest.push((sec.id.clone(), sec.title.clone()));
            }
        }
    }
    // The report's questions first (the method's `[export] sections`),
    // when the guide has those sections (the built-in one does).
    let mut out = Vec::new();
    for (id, heading) in &pack.method.export.sections {
        if rest.iter().any(|(x, _)| x == id) {
            out.push((id.clone(), heading.clone()));
            rest.retain(|(x, _)| x != id);
        }
    }
    out.extend(rest);
    out
}

/// Whether a section id is one of the report's questions (always shown;
/// the method's `[export] sections`).
pub fn is_core_section(pack: &Pack, id: &str) -> bool {
    pack.method.export.is_core(id)
}

// ---------------------------------------------------------------------------
// One group
// ---------------------------------------------------------------------------

/// One group's session, read for laying out: the folded state and the
/// plan; with anonymise, of the events with the people taken out (see
/// [`anonymise`](super::anonymise)).
pub struct Group<'a> {
    /// The stimulus pack.
    pub pack: &'a Pack,
    /// The session (state and plan).
    pub session: Session,
    /// Participant labels are dropped (and replaced in free text).
    pub anonymise: bool,
}

impl<'a> Group<'a> {
    /// A group from its saved events (`false`: as saved; `true`: anonymised).
    pub fn new(pack: &'a Pack, events: Vec<EventRecord>, privacy: impl Into<Privacy>) -> Group<'a> {
        let privacy = privacy.into();
        let session = Session::from_events(pack, anonymise::events(events, privacy));
        Group {
            pack,
            session,
            anonymise: privacy.anonymised(),
        }
    }

    /// The state.
    pub fn state(&self) -> &SessionState {
        self.session.state()
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        self.session.plan()
    }

    /// A participant's label, or "" with anonymise.
    pub fn label(&self, id: u32) -> String {
        if self.anonymise {
            return String::new();
        }
        self.state()
            .participants
            .get(&id)
            .map(|p| p.label.clone())
            .unwrap_or_default()
    }

    /// The attribution printed under a quote ("Female, 40-64, Kent").
    pub fn attribution(&self, participant: Option<u32>) -> String {
        let s = self.state();
        match participant.and_then(|id| s.participants.get(&id)) {
            Some(p) => {
                let a = p.attribution_in(&s.profile, &self.pack.method.wording.attribution);
                if a.is_empty() {
                    format!("Participant {}", p.id)
                } else {
                    a
                }
            }
            None => {
                let place = s.profile.attribution_place();
                if place.is_empty() {
                    "Unattributed".to_string()
                } else {
                    format!("Unattributed, {place}")
                }
            }
        }
    }

    /// What follows a quote's attribution: its place on the tape,
    /// `[0:47:12]` (with the recording's name when the group has several),
    /// `[not recorded]` when no recording ran as it was typed, and
    /// " · key verbatim" if starred.
    pub fn quote_extras(&self, n: &Note) -> String {
        let mut out = String::new();
        if let Some(t) = self.tape_mark(n) {
            out.push_str(&format!(" {t}"));
        }
        if n.starred {
            out.push_str(" · key verbatim");
        }
        out
    }

    /// A note's place on the tape in brackets, or None when the group was
    /// never recorded.
    pub fn tape_mark(&self, n: &Note) -> Option<String> {
        let s = self.state();
        if s.recordings.is_empty() {
            return None;
        }
        Some(match s.note_offset(n) {
            Some((rec, secs)) if s.recordings.len() > 1 => {
                format!("[{} {}]", self.recording_name(rec), tape(secs))
            }
            Some((_, secs)) => format!("[{}]", tape(secs)),
            None => "[not recorded]".to_string(),
        })
    }

    /// A recording's file name, or "recording N".
    pub fn recording_name(&self, rec: u32) -> String {
        (rec as usize)
            .checked_sub(1)
            .and_then(|i| self.state().recordings.get(i))
            .and_then(|r| r.name.clone())
            .unwrap_or_else(|| format!("recording {rec}"))
    }

    /// Notes not struck out, in order of adding.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.state().notes.iter().filter(|n| !n.deleted)
    }

    /// The idea-discussion slot of a plan step, if it is a per-idea step.
    pub fn slot_of_step(&self, step: &str) -> Option<u32> {
        self.plan().get(step).and_then(|s| s.slot)
    }

    /// The idea a note is about: the one it was taken on, or for a note
    /// taken in a per-idea step without one, the idea in that slot.
    pub fn note_idea(&self, n: &Note) -> Option<u32> {
        n.place.idea.or_else(|| {
            self.slot_of_step(&n.place.step)
                .and_then(|slot| self.state().idea_in_slot(slot))
        })
    }

    /// Whether a note belongs to an idea discussion (taken in a per-idea step).
    pub fn in_discussion(&self, n: &Note) -> bool {
        self.slot_of_step(&n.place.step).is_some() && self.note_idea(n).is_some()
    }

    /// How many ideas the group discusses.
    pub fn slots(&self) -> u32 {
        slot_count(self.pack, self.state(), self.plan())
    }

    /// The picks that stand (slots within the number the group discusses), by slot.
    pub fn picks(&self) -> Vec<(u32, &Pick)> {
        let n = self.slots();
        self.state()
            .picks
            .iter()
            .filter(|(slot, _)| **slot <= n)
            .map(|(slot, p)| (*slot, p))
            .collect()
    }

    /// Every idea this group discussed: the picks in slot order, then any
    /// other idea with discussion notes, ratings or equity ticks (an idea
    /// picked and then replaced), by number. With its pick, if it stands.
    pub fn discussed(&self) -> Vec<(u32, Option<(u32, &Pick)>)> {
        let mut out: Vec<(u32, Option<(u32, &Pick)>)> = self
            .picks()
            .into_iter()
            .map(|(slot, p)| (p.idea, Some((slot, p))))
            .collect();
        let mut others: Vec<u32> = self
            .notes()
            .filter(|n| self.in_discussion(n))
            .filter_map(|n| self.note_idea(n))
            .chain(self.state().ratings.keys().filter_map(|(i, _)| *i))
            .chain(self.state().dont_know.iter().filter_map(|(i, _)| *i))
            .chain(
                self.state()
                    .equity
                    .iter()
                    .filter(|(_, d)| !d.is_empty())
                    .map(|(i, _)| *i),
            )
            .collect();
        others.sort_unstable();
        others.dedup();
        for i in others {
            if !out.iter().any(|(x, _)| *x == i) {
                out.push((i, None));
            }
        }
        out
    }

    /// The place of the group in attributions and titles.
    pub fn place(&self) -> String {
        self.state().profile.location.clone()
    }

    /// "2026-11-29" or "".
    pub fn date(&self) -> String {
        self.state()
            .profile
            .date
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    /// The title of the group's plan (its id if the pack has no such plan).
    pub fn plan_title(&self) -> String {
        let id = &self.state().plan;
        self.pack
            .plan(id)
            .map_or_else(|| id.clone(), |p| p.title.clone())
    }

    /// The title of the guide's stage `stage` (0-based), empty if there is none.
    pub fn stage_title(&self, stage: usize) -> String {
        self.pack
            .stages
            .get(stage)
            .map(|s| s.title.clone())
            .unwrap_or_default()
    }

    /// The title of a plan step (its key if the plan has no such step);
    /// for a per-idea step, with the idea discussed in it: "Idea 4: Citizen
    /// Advisors · a) Desirability; Equity; Achievability" ("Discussion 2 ·
    /// ..." before a pick).
    pub fn step_title(&self, key: &str) -> String {
        let Some(step) = self.plan().get(key) else {
            return key.to_string();
        };
        let title = step
            .guide(self.pack)
            .map(|(_, s)| s.title.clone())
            .unwrap_or_else(|| key.to_string());
        match step.slot {
            None => title,
            Some(slot) => match self.state().idea_in_slot(slot) {
                Some(idea) => format!("{} · {title}", idea_label(self.pack, idea)),
                None => format!("Discussion {slot} · {title}"),
            },
        }
    }

    /// The guide's title of a section of a plan step (its id if unknown).
    pub fn section_title(&self, step: &str, section: &str) -> String {
        self.plan()
            .get(step)
            .and_then(|s| s.guide(self.pack))
            .and_then(|(_, st)| st.sections.iter().find(|x| x.id == section))
            .map(|x| x.title.clone())
            .unwrap_or_else(|| section.to_string())
    }

    /// A step's notes by guide section, in the order their first note
    /// came, each with its title ("General" for notes outside a section);
    /// None when no note has a section (the notes are one block).
    pub fn notes_by_section<'n>(
        &self,
        step: &str,
        notes: &[&'n Note],
    ) -> Option<Vec<(String, Vec<&'n Note>)>> {
        let mut sections: Vec<Option<&str>> = Vec::new();
        for n in notes {
            let sec = n.place.section.as_deref();
            if !sections.contains(&sec) {
                sections.push(sec);
            }
        }
        if sections.len() == 1 && sections[0].is_none() {
            return None;
        }
        let grouped = sections
            .into_iter()
            .map(|sec| {
                let these = notes
                    .iter()
                    .copied()
                    .filter(|n| n.place.section.as_deref() == sec)
                    .collect();
                let title = match sec {
                    Some(id) => self.section_title(step, id),
                    None => "General".to_string(),
                };
                (title, these)
            })
            .collect();
        Some(grouped)
    }
}

/// `f` of every item, on every core (up to 8), in the items' order. Items
/// are handed out one at a time, so one slow item does not hold up a whole
/// share of them. A panic in `f` is raised again here.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return mine;
            };
            mine.push((i, f(item)));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers).map(|_| s.spawn(work)).collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests;
