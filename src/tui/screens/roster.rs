//! The roster: add, edit and remove participants; consent to record.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::domain::event::Event;
use crate::tui::app::{App, Screen};
use crate::tui::form::{Form, FormOutcome};
use crate::tui::screens::guide::GuideState;
pub use crate::tui::widgets::roster::{
    RosterState, draw, label_width, participant_line, size_warning,
};

use super::setup;

impl App {
    pub(crate) fn roster_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let ids: Vec<u32> = live.session.state().roster().map(|p| p.id).collect();
        let started = live.session.state().started_at.is_some();
        let next_id = live.session.state().next_participant_id();
        let Screen::Roster(st) = &mut self.screen else {
            return;
        };
        if let Some((form, id)) = st.form.as_mut() {
            match form.key(key) {
                FormOutcome::Editing => {}
                FormOutcome::Cancel => st.form = None,
                FormOutcome::Submit => {
                    let (form, id) = (form.clone(), *id);
                    self.submit_participant(&form, id, next_id, now);
                }
            }
            return;
        }
        if let Some(id) = st.confirm_remove {
            st.confirm_remove = None;
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                if self.record(Event::ParticipantRemoved { id }, now) {
                    self.flash(
                        "Removed from the roster (their quotes keep their attribution).",
                        false,
                    );
                }
            } else {
                self.flash("Nobody was removed.", false);
            }
            return;
        }
        let n = ids.len();
        let sel_id = ids.get(st.sel.min(n.saturating_sub(1))).copied();
        match key.code {
            KeyCode::Up | KeyCode::Char('k') if n > 0 => st.sel = (st.sel + n - 1) % n,
            KeyCode::Down | KeyCode::Char('j') if n > 0 => st.sel = (st.sel + 1) % n,
            KeyCode::Char('a') => st.form = Some((setup::participant_form(None), None)),
            KeyCode::Char('e') | KeyCode::Enter => {
                if let Some(id) = sel_id {
                    let p = self
                        .live
                        .as_ref()
                        .and_then(|l| l.session.state().participants.get(&id).cloned());
                    if let Screen::Roster(st) = &mut self.screen {
                        st.form = Some((setup::participant_form(p.as_ref()), Some(id)));
                    }
                }
            }
            KeyCode::Char('d') | KeyCode::Delete => st.confirm_remove = sel_id,
            KeyCode::Char('c') => {
                if let Some(id) = sel_id {
                    self.cycle_consent(id, now);
                }
            }
            KeyCode::Char('o') => {
                if let Some(id) = sel_id {
                    self.toggle_presence(id, now);
                }
            }
            KeyCode::Char('p') => {
                let profile = self
                    .live
                    .as_ref()
                    .map(|l| l.session.state().profile.clone());
                self.screen = Screen::Setup(setup::profile_form(
                    &self.ctx.pack,
                    profile.as_ref(),
                    now.date_naive(),
                ));
            }
            KeyCode::Char('s') if !started => self.start_guide(now),
            KeyCode::Esc if started => self.screen = Screen::Guide(GuideState::default()),
            _ => {
                self.common_key(key);
            }
        }
    }

    fn submit_participant(
        &mut self,
        form: &Form,
        id: Option<u32>,
        next_id: u32,
        now: DateTime<Utc>,
    ) {
        if let Some(label) = form.missing() {
            self.flash(format!("{label} is needed."), true);
            return;
        }
        let p = setup::participant_from(form, id.unwrap_or(next_id));
        let ok = match id {
            Some(_) => self.record(
                Event::ParticipantChanged {
                    participant: p.clone(),
                },
                now,
            ),
            None => self.record(
                Event::ParticipantAdded {
                    participant: p.clone(),
                },
                now,
            ),
        };
        if ok {
            if let Screen::Roster(st) = &mut self.screen {
                st.form = None;
            }
            let what = if id.is_some() { "updated" } else { "added" };
            self.flash(format!("{} {what}.", p.label), false);
        }
    }

    /// `o`: mark the participant out of the room, or back in it, now.
    fn toggle_presence(&mut self, id: u32, now: DateTime<Utc>) {
        let Some(state) = self.live.as_ref().map(|l| l.session.state()) else {
            return;
        };
        let present = state.absent.contains(&id);
        let label = state
            .participants
            .get(&id)
            .map(|p| p.label.clone())
            .unwrap_or_default();
        if self.record(
            Event::Presence {
                participant: id,
                present,
            },
            now,
        ) {
            let at = now.format("%H:%M");
            self.flash(
                if present {
                    format!("{label} is back in the room ({at}).")
                } else {
                    format!("{label} is out of the room ({at}): o marks them back.")
                },
                false,
            );
        }
    }

    fn cycle_consent(&mut self, id: u32, now: DateTime<Utc>) {
        let current = self
            .live
            .as_ref()
            .and_then(|l| l.session.state().participants.get(&id))
            .and_then(|p| p.consent);
        let consent = current != Some(true);
        if self.record(
            Event::ConsentGiven {
                participant: id,
                consent,
            },
            now,
        ) {
            self.flash(
                format!("Consent to record: {}.", if consent { "yes" } else { "no" }),
                false,
            );
        }
    }

    /// Start the guide: the clock runs from now, at the plan's first step.
    pub(crate) fn start_guide(&mut self, now: DateTime<Utc>) {
        let first = self
            .live
            .as_ref()
            .and_then(|l| l.session.plan().steps.first().map(|s| s.key.clone()));
        let Some(first) = first else {
            self.flash("The plan has no steps.", true);
            return;
        };
        if self.record(Event::Started, now) && self.record(Event::StepEntered { step: first }, now)
        {
            self.screen = Screen::Guide(GuideState::default());
            self.flash("The clock is running. Good luck!", false);
        }
    }
}
