//! The roster: add, edit and remove participants; consent to record.

use chrono::{DateTime, Utc};

use crate::domain::event::Event;
use crate::domain::plan::Plan;
use crate::domain::profile::GroupProfile;
use crate::domain::profile::Participant;
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::tui::form::{FormInput, FormOutcome};
use crate::tui::keys::Action;
use crate::tui::state::{Outcome, Overlay, Screen};
use crate::tui::widgets::guide::GuideState;
pub use crate::tui::widgets::roster::{
    RosterState, draw, label_width, participant_line, size_warning,
};

use super::setup;

/// The participant form's answer to an input (the form is open in `st`;
/// `next_id` is the id a new participant gets). Changes only the roster's
/// state; once the participant is recorded the app closes the form.
/// `roster` is what the pack's form asks; `people` the roster, whose
/// participant being edited keeps the fields the form does not ask.
pub fn on_form(
    st: &mut RosterState,
    input: FormInput,
    next_id: u32,
    roster: &[crate::stimulus::method::RosterField],
    people: &[Participant],
) -> Outcome {
    let Some((form, id)) = st.form.as_mut() else {
        return Outcome::Nothing;
    };
    match form.on_input(input) {
        FormOutcome::Editing => Outcome::Nothing,
        FormOutcome::Cancel => {
            st.form = None;
            Outcome::Nothing
        }
        FormOutcome::Submit => {
            if let Some(label) = form.missing() {
                return Outcome::Refuse(format!("{label} is needed."));
            }
            let base = id.and_then(|id| people.iter().find(|p| p.id == id));
            let participant = setup::participant_from(form, roster, id.unwrap_or(next_id), base);
            let what = if id.is_some() { "updated" } else { "added" };
            let said = Some(format!("{} {what}.", participant.label));
            let event = match id {
                Some(_) => Event::ParticipantChanged { participant },
                None => Event::ParticipantAdded { participant },
            };
            Outcome::Chain(vec![Outcome::Record { event, said }, Outcome::CloseForm])
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
        Action::Add => st.form = Some((setup::participant_form(&pack.method.roster, None), None)),
        Action::Edit => {
            if let Some(p) = sel {
                st.form = Some((
                    setup::participant_form(&pack.method.roster, Some(p)),
                    Some(p.id),
                ));
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
