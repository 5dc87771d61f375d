//! The guide screen: the current step's questions, probes and moderator
//! notes on the left, what was captured in this step on the right, the
//! clocks above.

use crate::domain::event::{Event, NoteKind};
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::tui::keys::Action;
use crate::tui::state::{Outcome, Overlay, Screen};
pub use crate::tui::text::{hanging, truncate, wrap};
pub use crate::tui::widgets::countdown::{Header, header};
use crate::tui::widgets::guide::probes;
pub use crate::tui::widgets::guide::{
    GuideState, Pane, StepKind, current, current_section, draw, place_now, step_kind,
};
pub use crate::tui::widgets::notes::note_lines;
use crate::tui::widgets::roster::RosterState;

/// What the guide's keys act on, read from the session: the plan, the
/// probes, sections and notes of this step, the clock and the recorder.
/// Component tests build it by hand (no disk).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuideView {
    /// The plan's steps, in order.
    pub steps: Vec<String>,
    /// The current step's index in `steps`.
    pub idx: usize,
    /// The probes that can be ticked now: (section, index, ticked).
    pub probes: Vec<(Option<String>, usize, bool)>,
    /// This step's notes: (id, starred).
    pub notes: Vec<(u32, bool)>,
    /// The step's sections.
    pub sections: Vec<String>,
    /// The section now.
    pub section: Option<String>,
    /// The clock is paused.
    pub paused: bool,
    /// A recording is running.
    pub recording: bool,
    /// How many recordings there are.
    pub recordings: usize,
    /// The idea under discussion in this step, if any.
    pub idea: Option<u32>,
    /// The index in the pack of the poster to open first.
    pub poster: usize,
    /// When the group rates once (a pack's `[ratings] per = "group"`):
    /// whether it rates at this step, and the title of the step where it
    /// does. None: ratings per option, in each discussion.
    pub group_rating: Option<(bool, String)>,
    /// The pack has a checklist to tick per option (equity dimensions).
    pub checklist: bool,
}

impl GuideView {
    /// The view of the session's current step (none before the guide starts
    /// or after the last step).
    pub fn of(pack: &Pack, session: &Session) -> Option<GuideView> {
        let (ps, step) = current(pack, session)?;
        let state = session.state();
        let idea = ps.slot.and_then(|slot| state.idea_in_slot(slot));
        Some(GuideView {
            steps: session.plan().steps.iter().map(|s| s.key.clone()).collect(),
            idx: session.plan().index_of(&ps.key).unwrap_or(0),
            probes: probes(step, state)
                .into_iter()
                .map(|(section, i, _)| {
                    let ticked = state.probes.contains(&(ps.key.clone(), section.clone(), i));
                    (section, i, ticked)
                })
                .collect(),
            notes: state.notes_in(&ps.key).map(|n| (n.id, n.starred)).collect(),
            sections: step.sections.iter().map(|s| s.id.clone()).collect(),
            section: current_section(step, state).map(|s| s.id.clone()),
            paused: state.is_paused(),
            recording: state.recording_now(),
            recordings: state.recordings.len(),
            idea,
            poster: idea
                .and_then(|n| pack.ideas.iter().position(|i| i.number == n))
                .unwrap_or(0),
            group_rating: {
                let r = &pack.method.ratings;
                r.per_group().then(|| {
                    let title = r
                        .step
                        .as_deref()
                        .and_then(|id| pack.step(id))
                        .map_or_else(String::new, |(_, st)| st.title.clone());
                    (r.rated_at(&ps.step_id), title)
                })
            },
            checklist: !pack.equity_dimensions.is_empty(),
        })
    }

    /// The current step's key.
    fn step(&self) -> String {
        self.steps.get(self.idx).cloned().unwrap_or_default()
    }
}

/// The guide's answer to an action (`None`: a key the table does not bind,
/// which answers "strike out?" with no). Changes only the guide's own state.
pub fn on_action(st: &mut GuideState, action: Option<Action>, v: &GuideView) -> Outcome {
    if let Some(id) = st.confirm_delete.take() {
        return if action == Some(Action::Yes) {
            Outcome::Record {
                event: Event::NoteDeleted { id },
                said: Some("Note struck out (it stays in the timeline).".into()),
            }
        } else {
            Outcome::Flash("Nothing was struck out.".into())
        };
    }
    let Some(action) = action else {
        return Outcome::Nothing;
    };
    let notes_side = st.pane == Pane::Notes;
    let note = v
        .notes
        .get(st.note.min(v.notes.len().saturating_sub(1)))
        .copied();
    match action {
        Action::NextStep => match v.steps.get(v.idx + 1) {
            Some(next) => Outcome::Step(next.clone()),
            None => Outcome::Flash("This is the last step. Press E to end the session.".into()),
        },
        Action::PrevStep => match v.idx.checked_sub(1).and_then(|i| v.steps.get(i)) {
            Some(prev) => Outcome::Step(prev.clone()),
            None => Outcome::Flash("This is the first step.".into()),
        },
        Action::SwitchPane => {
            st.pane = match st.pane {
                Pane::Guide => Pane::Notes,
                Pane::Notes => Pane::Guide,
            };
            Outcome::Nothing
        }
        Action::Down => {
            match st.pane {
                Pane::Guide if st.probe + 1 < v.probes.len() => st.probe += 1,
                Pane::Guide => st.scroll = st.scroll.saturating_add(1).min(200),
                Pane::Notes if !v.notes.is_empty() => {
                    st.note = (st.note + 1).min(v.notes.len() - 1)
                }
                _ => {}
            }
            Outcome::Nothing
        }
        Action::Up => {
            match st.pane {
                Pane::Guide if st.scroll > 0 => st.scroll -= 1,
                Pane::Guide => st.probe = st.probe.saturating_sub(1),
                Pane::Notes => st.note = st.note.saturating_sub(1),
            }
            Outcome::Nothing
        }
        Action::Tick if !notes_side => {
            match v.probes.get(st.probe.min(v.probes.len().saturating_sub(1))) {
                Some((section, i, ticked)) => Outcome::Record {
                    event: Event::ProbeTicked {
                        step: v.step(),
                        section: section.clone(),
                        probe: *i,
                        covered: !ticked,
                    },
                    said: None,
                },
                None => Outcome::Flash("This step has no probes to tick.".into()),
            }
        }
        Action::NextSection | Action::PrevSection => {
            if v.sections.is_empty() {
                return Outcome::Flash("This step has no sections.".into());
            }
            let i = v
                .section
                .as_ref()
                .and_then(|s| v.sections.iter().position(|x| x == s))
                .unwrap_or(0);
            let n = v.sections.len();
            let j = if action == Action::NextSection {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            st.probe = 0;
            Outcome::Record {
                event: Event::SectionEntered {
                    section: v.sections[j].clone(),
                },
                said: None,
            }
        }
        Action::NewNote => Outcome::Write(NoteKind::Note),
        Action::NewQuote => Outcome::Write(NoteKind::Quote),
        Action::Edit if notes_side => {
            note.map_or(Outcome::Nothing, |(id, _)| Outcome::EditNote(id))
        }
        Action::Remove if notes_side => {
            st.confirm_delete = note.map(|(id, _)| id);
            Outcome::Nothing
        }
        Action::Star if notes_side => match note {
            Some((id, was)) => Outcome::Record {
                event: Event::NoteStarred { id, starred: !was },
                said: None,
            },
            None => Outcome::Nothing,
        },
        Action::Pause => Outcome::Record {
            event: if v.paused {
                Event::Resumed
            } else {
                Event::Paused
            },
            said: Some(
                if v.paused {
                    "Clock running again."
                } else {
                    "Clock paused. p to resume."
                }
                .into(),
            ),
        },
        Action::Flipchart => Outcome::Open(Overlay::flipchart(v.step())),
        Action::RecordStart if v.recording => Outcome::Flash(
            "A recording is running: O marks it stopped; T for the recordings.".into(),
        ),
        Action::RecordStart => Outcome::Record {
            event: Event::RecordingStarted { name: None },
            said: Some(
                "Recording started: notes now carry their place on the tape. T to name it.".into(),
            ),
        },
        Action::RecordStop => Outcome::Record {
            event: Event::RecordingStopped,
            said: Some("Recording stopped.".into()),
        },
        // The latest recording is selected (the one most likely to need a
        // name or a correction).
        Action::Recordings => Outcome::Open(Overlay::Recordings {
            sel: v.recordings.saturating_sub(1),
            naming: None,
        }),
        Action::Values => Outcome::Open(Overlay::Values),
        Action::Posters => Outcome::Open(Overlay::posters(v.poster, false)),
        Action::Stickers => Outcome::Goto(Screen::Stickers(Default::default())),
        Action::Picks => Outcome::Picks,
        Action::Coverage => Outcome::Open(Overlay::Coverage { scroll: 0 }),
        Action::Stage3 => Outcome::Goto(Screen::Questionnaire(Default::default())),
        Action::Rate => match (&v.group_rating, v.idea) {
            (Some((true, _)), _) => Outcome::Open(Overlay::Rate { idea: None, sel: 0 }),
            // The group rates once elsewhere; in a discussion, the
            // checklist of the option alone.
            (Some(_), Some(idea)) if v.checklist => Outcome::Open(Overlay::Rate {
                idea: Some(idea),
                sel: 0,
            }),
            (Some((false, title)), _) => Outcome::Refuse(format!(
                "The group rates once, at the step \"{title}\": R there."
            )),
            (None, Some(idea)) => Outcome::Open(Overlay::Rate {
                idea: Some(idea),
                sel: 0,
            }),
            (None, None) => Outcome::Refuse(
                "Pick the idea for this discussion first (K in the gallery).".into(),
            ),
        },
        Action::Plan => Outcome::Open(Overlay::Plan { sel: v.idx }),
        Action::Roster => Outcome::Goto(Screen::Roster(RosterState::default())),
        Action::End => Outcome::Open(Overlay::ConfirmFinish),
        Action::Help => Outcome::Help,
        Action::Statement => Outcome::Open(Overlay::Statement),
        Action::Quit => Outcome::Quit,
        _ => Outcome::Nothing,
    }
}
