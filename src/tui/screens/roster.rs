//! The roster: add, edit and remove participants; consent to record.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;

use crate::domain::event::Event;
use crate::domain::plan::Plan;
use crate::domain::profile::GroupProfile;
use crate::domain::profile::Participant;
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::tui::app::App;
use crate::tui::form::{Form, FormOutcome};
use crate::tui::keys::{self, Action, Context};
use crate::tui::outcome::Outcome;
use crate::tui::overlays::Overlay;
use crate::tui::screens::Screen;
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
        let pack = &self.ctx.pack;
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
        let view = RosterView::of(live.session.state(), live.session.plan());
        let outcome = on_action(st, keys::action(Context::Roster, &key), &view, pack, now);
        self.apply(outcome, now);
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
}

/// What the roster's keys act on, read from the session.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RosterView {
    /// The roster, in order.
    pub people: Vec<Participant>,
    /// Who is out of the room.
    pub absent: Vec<u32>,
    /// The guide has started.
    pub started: bool,
    /// The group profile.
    pub profile: GroupProfile,
    /// The plan's first step.
    pub first_step: Option<String>,
}

impl RosterView {
    /// The roster as the session has it.
    pub fn of(state: &SessionState, plan: &Plan) -> RosterView {
        RosterView {
            people: state.roster().cloned().collect(),
            absent: state.absent.iter().copied().collect(),
            started: state.started_at.is_some(),
            profile: state.profile.clone(),
            first_step: plan.steps.first().map(|s| s.key.clone()),
        }
    }
}

/// The roster's answer to an action (`None`: a key the table does not
/// bind, which answers "remove?" with no). Changes only its own state.
pub fn on_action(
    st: &mut RosterState,
    action: Option<Action>,
    v: &RosterView,
    pack: &Pack,
    now: DateTime<Utc>,
) -> Outcome {
    if let Some(id) = st.confirm_remove.take() {
        return if action == Some(Action::Yes) {
            Outcome::Record {
                event: Event::ParticipantRemoved { id },
                said: Some("Removed from the roster (their quotes keep their attribution).".into()),
            }
        } else {
            Outcome::Flash("Nobody was removed.".into())
        };
    }
    let Some(action) = action else {
        return Outcome::Nothing;
    };
    let n = v.people.len();
    let sel = v.people.get(st.sel.min(n.saturating_sub(1)));
    match action {
        Action::Up if n > 0 => st.sel = (st.sel + n - 1) % n,
        Action::Down if n > 0 => st.sel = (st.sel + 1) % n,
        Action::Add => st.form = Some((setup::participant_form(None), None)),
        Action::Edit => {
            if let Some(p) = sel {
                st.form = Some((setup::participant_form(Some(p)), Some(p.id)));
            }
        }
        Action::Remove => st.confirm_remove = sel.map(|p| p.id),
        Action::Consent => {
            if let Some(p) = sel {
                let consent = p.consent != Some(true);
                return Outcome::Record {
                    event: Event::ConsentGiven {
                        participant: p.id,
                        consent,
                    },
                    said: Some(format!(
                        "Consent to record: {}.",
                        if consent { "yes" } else { "no" }
                    )),
                };
            }
        }
        // Out of the room, or back in it, now.
        Action::Presence => {
            if let Some(p) = sel {
                let present = v.absent.contains(&p.id);
                let at = now.format("%H:%M");
                let label = &p.label;
                return Outcome::Record {
                    event: Event::Presence {
                        participant: p.id,
                        present,
                    },
                    said: Some(if present {
                        format!("{label} is back in the room ({at}).")
                    } else {
                        format!("{label} is out of the room ({at}): o marks them back.")
                    }),
                };
            }
        }
        Action::Profile => {
            return Outcome::Goto(Screen::Setup(setup::profile_form(
                pack,
                Some(&v.profile),
                now.date_naive(),
            )));
        }
        // Start the guide: the clock runs from now, at the plan's first step.
        Action::Start if !v.started => {
            let Some(first) = v.first_step.clone() else {
                return Outcome::Refuse("The plan has no steps.".into());
            };
            return Outcome::Chain(vec![
                Outcome::Record {
                    event: Event::Started,
                    said: None,
                },
                Outcome::Record {
                    event: Event::StepEntered { step: first },
                    said: None,
                },
                Outcome::Goto(Screen::Guide(GuideState::default())),
                Outcome::Flash("The clock is running. Good luck!".into()),
            ]);
        }
        Action::Guide if v.started => return Outcome::Goto(Screen::Guide(GuideState::default())),
        Action::Help => return Outcome::Help,
        Action::Statement => return Outcome::Open(Overlay::Statement),
        Action::Coverage => return Outcome::Open(Overlay::Coverage { scroll: 0 }),
        Action::Quit => return Outcome::Quit,
        _ => {}
    }
    Outcome::Nothing
}
