//! The guide screen: the current step's questions, probes and moderator
//! notes on the left, what was captured in this step on the right, the
//! clocks above.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::domain::event::{Event, NoteKind};
use crate::tui::app::{App, Screen};
use crate::tui::editor::Editor;
use crate::tui::overlays::Overlay;
use crate::tui::screens::roster::RosterState;
pub use crate::tui::text::{hanging, truncate, wrap};
pub use crate::tui::widgets::countdown::{Header, header};
use crate::tui::widgets::guide::probes;
pub use crate::tui::widgets::guide::{
    GuideState, Pane, StepKind, current, current_section, draw, place_now, step_kind,
};
pub use crate::tui::widgets::notes::note_lines;

impl App {
    pub(crate) fn guide_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let session = &live.session;
        let pack = &self.ctx.pack;
        let Some((ps, step)) = current(pack, session) else {
            return;
        };
        let idx = session.plan().index_of(&ps.key).unwrap_or(0);
        let steps: Vec<String> = session.plan().steps.iter().map(|s| s.key.clone()).collect();
        let probe_list = probes(step, session.state());
        let notes: Vec<u32> = session.state().notes_in(&ps.key).map(|n| n.id).collect();
        let sections: Vec<String> = step.sections.iter().map(|s| s.id.clone()).collect();
        let section_now = current_section(step, session.state()).map(|s| s.id.clone());
        let step_key = ps.key.clone();
        let paused = session.state().is_paused();
        let Screen::Guide(st) = &mut self.screen else {
            return;
        };
        if let Some(id) = st.confirm_delete.take() {
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                if self.record(Event::NoteDeleted { id }, now) {
                    self.flash("Note struck out (it stays in the timeline).", false);
                }
            } else {
                self.flash("Nothing was struck out.", false);
            }
            return;
        }
        match key.code {
            KeyCode::Right | KeyCode::Char('l') => match steps.get(idx + 1) {
                Some(next) => {
                    let next = next.clone();
                    self.go_step(next, now);
                }
                None => self.flash("This is the last step. Press E to end the session.", false),
            },
            KeyCode::Left | KeyCode::Char('h') => {
                if idx == 0 {
                    self.flash("This is the first step.", false);
                } else if let Some(prev) = steps.get(idx - 1) {
                    let prev = prev.clone();
                    self.go_step(prev, now);
                }
            }
            KeyCode::Tab => {
                st.pane = match st.pane {
                    Pane::Guide => Pane::Notes,
                    Pane::Notes => Pane::Guide,
                }
            }
            KeyCode::Down | KeyCode::Char('j') => match st.pane {
                Pane::Guide if st.probe + 1 < probe_list.len() => st.probe += 1,
                Pane::Guide => st.scroll = st.scroll.saturating_add(1).min(200),
                Pane::Notes if !notes.is_empty() => st.note = (st.note + 1).min(notes.len() - 1),
                _ => {}
            },
            KeyCode::Up | KeyCode::Char('k') => match st.pane {
                Pane::Guide if st.scroll > 0 => st.scroll -= 1,
                Pane::Guide => st.probe = st.probe.saturating_sub(1),
                Pane::Notes => st.note = st.note.saturating_sub(1),
            },
            KeyCode::Char(' ') | KeyCode::Char('x') if st.pane == Pane::Guide => {
                if let Some((section, i, _)) =
                    probe_list.get(st.probe.min(probe_list.len().saturating_sub(1)))
                {
                    let covered = !self.live.as_ref().is_some_and(|l| {
                        l.session
                            .state()
                            .probes
                            .contains(&(step_key.clone(), section.clone(), *i))
                    });
                    self.record(
                        Event::ProbeTicked {
                            step: step_key,
                            section: section.clone(),
                            probe: *i,
                            covered,
                        },
                        now,
                    );
                } else {
                    self.flash("This step has no probes to tick.", false);
                }
            }
            KeyCode::Char(']') | KeyCode::Char('[') => {
                if sections.is_empty() {
                    self.flash("This step has no sections.", false);
                } else {
                    let i = section_now
                        .and_then(|s| sections.iter().position(|x| *x == s))
                        .unwrap_or(0);
                    let n = sections.len();
                    let j = if key.code == KeyCode::Char(']') {
                        (i + 1) % n
                    } else {
                        (i + n - 1) % n
                    };
                    st.probe = 0;
                    self.record(
                        Event::SectionEntered {
                            section: sections[j].clone(),
                        },
                        now,
                    );
                }
            }
            KeyCode::Char('n') => self.open_editor(NoteKind::Note, now),
            KeyCode::Char('v') | KeyCode::Char('"') => self.open_editor(NoteKind::Quote, now),
            KeyCode::Char('e') if st.pane == Pane::Notes => {
                if let Some(id) = notes.get(st.note.min(notes.len().saturating_sub(1))) {
                    self.edit_note(*id);
                }
            }
            KeyCode::Char('d') | KeyCode::Delete if st.pane == Pane::Notes => {
                st.confirm_delete = notes
                    .get(st.note.min(notes.len().saturating_sub(1)))
                    .copied();
            }
            KeyCode::Char('p') => {
                let ev = if paused {
                    Event::Resumed
                } else {
                    Event::Paused
                };
                if self.record(ev, now) {
                    self.flash(
                        if paused {
                            "Clock running again."
                        } else {
                            "Clock paused. p to resume."
                        },
                        false,
                    );
                }
            }
            KeyCode::Char('f') => self.overlay = Some(Overlay::flipchart(step_key)),
            KeyCode::Char('o') => {
                let running = self
                    .live
                    .as_ref()
                    .is_some_and(|l| l.session.state().recording_now());
                if running {
                    self.flash(
                        "A recording is running: O marks it stopped; T for the recordings.",
                        false,
                    );
                } else if self.record(Event::RecordingStarted { name: None }, now) {
                    self.flash(
                        "Recording started: notes now carry their place on the tape. T to name it.",
                        false,
                    );
                }
            }
            KeyCode::Char('O') => {
                if self.record(Event::RecordingStopped, now) {
                    self.flash("Recording stopped.", false);
                }
            }
            KeyCode::Char('T') => {
                // The latest recording is selected (the one most likely to
                // need a name or a correction).
                let n = self
                    .live
                    .as_ref()
                    .map_or(0, |l| l.session.state().recordings.len());
                self.overlay = Some(Overlay::Recordings {
                    sel: n.saturating_sub(1),
                    naming: None,
                })
            }
            KeyCode::Char('*') if st.pane == Pane::Notes => {
                let id = notes
                    .get(st.note.min(notes.len().saturating_sub(1)))
                    .copied();
                let starred = id.and_then(|id| {
                    self.live
                        .as_ref()?
                        .session
                        .state()
                        .notes
                        .iter()
                        .find(|n| n.id == id)
                        .map(|n| n.starred)
                });
                if let (Some(id), Some(was)) = (id, starred) {
                    self.record(Event::NoteStarred { id, starred: !was }, now);
                }
            }
            KeyCode::Char('w') => self.overlay = Some(Overlay::Values),
            KeyCode::Char('P') => {
                let idea = ps
                    .slot
                    .and_then(|slot| self.live.as_ref()?.session.state().idea_in_slot(slot))
                    .and_then(|n| self.ctx.pack.ideas.iter().position(|i| i.number == n))
                    .unwrap_or(0);
                self.overlay = Some(Overlay::posters(idea, false))
            }
            KeyCode::Char('S') => self.screen = Screen::Stickers(Default::default()),
            KeyCode::Char('K') => self.open_picks(),
            KeyCode::Char('C') => self.overlay = Some(Overlay::Coverage { scroll: 0 }),
            KeyCode::Char('A') => self.screen = Screen::Stage3(Default::default()),
            KeyCode::Char('R') => match ps
                .slot
                .and_then(|slot| self.live.as_ref()?.session.state().idea_in_slot(slot))
            {
                Some(idea) => self.overlay = Some(Overlay::Rate { idea, sel: 0 }),
                None => self.flash(
                    "Pick the idea for this discussion first (K in the gallery).",
                    true,
                ),
            },
            KeyCode::Char('g') | KeyCode::Char('t') => {
                self.overlay = Some(Overlay::Plan { sel: idx })
            }
            KeyCode::Char('r') => self.screen = Screen::Roster(RosterState::default()),
            KeyCode::Char('E') => self.overlay = Some(Overlay::ConfirmFinish),
            _ => {
                self.common_key(key);
            }
        }
    }

    /// Go to a step of the plan.
    pub(crate) fn go_step(&mut self, key: String, now: DateTime<Utc>) {
        if self.record(Event::StepEntered { step: key }, now)
            && let Screen::Guide(st) = &mut self.screen
        {
            st.probe = 0;
            st.note = 0;
            st.scroll = 0;
        }
    }

    fn open_editor(&mut self, kind: NoteKind, now: DateTime<Utc>) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        if let Some(ed) = self.editor.as_mut() {
            ed.visible = true;
            if ed.text().trim().is_empty() && ed.editing.is_none() {
                ed.kind = kind;
            }
            return;
        }
        let Some(place) = place_now(&self.ctx.pack, &live.session) else {
            return;
        };
        self.editor = Some(Editor::new(kind, place, now));
        self.sync_draft();
    }

    fn edit_note(&mut self, id: u32) {
        if self.editor.is_some() {
            self.flash("Finish or clear the note being written first.", true);
            return;
        }
        let note = self
            .live
            .as_ref()
            .and_then(|l| l.session.state().notes.iter().find(|n| n.id == id).cloned());
        if let Some(n) = note {
            self.editor = Some(Editor::editing(&n));
            self.sync_draft();
        }
    }
}
