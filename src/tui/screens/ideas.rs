//! Idea testing on screen: the sticker vote (per poster or per
//! participant) with its tally, the three picks with their ties and rules,
//! and Stage 3's answers per participant. Each screen takes an [`Action`]
//! and returns an [`Outcome`] that the app applies.

use std::collections::BTreeMap;

use crate::domain::event::{Event, PickKind, StickerMode};
use crate::domain::ideas::{self, Coverage, Suggestion};
use crate::domain::session::Session;
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::tui::digits::{self, Typed};

use crate::tui::keys::Action;
use crate::tui::state::{Outcome, Overlay, Screen};
use crate::tui::widgets::guide::GuideState;
pub use crate::tui::widgets::picks::{PickState, draw_picks, kind_words, slot_kind};
pub use crate::tui::widgets::questionnaire::QuestionnaireState;
pub use crate::tui::widgets::stickers::{
    StickerState, counts_used, draw_stickers, over_limit_line,
};
use crate::tui::widgets::stickers::{entered_in, idea_title, mode_words};
pub use crate::tui::widgets::tally::draw_tally;

mod stickers;
pub use stickers::*;

/// Record what was typed in the selected cell (nothing if nothing was).
fn commit(st: &mut StickerState, v: &StickersView) -> Outcome {
    match sticker_commit(st, v) {
        Some(event) => Outcome::Record { event, said: None },
        None => Outcome::Nothing,
    }
}

/// The sticker screen's answer to an action (`None`: a key the table does
/// not bind). A count typed into a cell is never dropped without a word:
/// Esc drops it and says so; any other action that leaves the cell records
/// it first (with its checks) and then, unless it is refused, is handled
/// again on the session as it is then ([`Outcome::Redo`] ends the chain).
pub fn stickers_action(st: &mut StickerState, action: Option<Action>, v: &StickersView) -> Outcome {
    if let Some(to) = st.confirm_mode.take() {
        if action == Some(Action::Yes) {
            st.row = 0;
            st.col = 0;
            return Outcome::Record {
                event: Event::StickerModeSet { mode: to },
                said: Some(format!(
                    "Now {}: the tally and the picks use these.",
                    mode_words(to)
                )),
            };
        }
        return Outcome::Flash(format!("The stickers stay entered {}.", mode_words(v.mode)));
    }
    let moves = matches!(
        action,
        Some(
            Action::Typed('0'..='9')
                | Action::Erase
                | Action::Accept
                | Action::Up
                | Action::Down
                | Action::Left
                | Action::Right
        )
    );
    if !st.typed.is_empty() && !moves {
        if action == Some(Action::Back) {
            let typed = std::mem::take(&mut st.typed);
            let cell = cell_words(v, st.row, st.col);
            return Outcome::Flash(format!(
                "{typed} for {cell} dropped, not recorded. Esc again: guide."
            ));
        }
        return Outcome::Chain(vec![commit(st, v), Outcome::Redo]);
    }
    let Some(action) = action else {
        return Outcome::Nothing;
    };
    let (rows, cols) = (v.rows(), v.cols());
    match action {
        // Per participant a digit is part of an idea number: taken at once
        // when no longer number begins with it, else on Enter or the next
        // digit; 0 on an empty cell clears it.
        Action::Typed('0') if v.per_participant() && st.typed.is_empty() => {
            st.typed = "0".into();
            commit(st, v)
        }
        Action::Typed(c @ '0'..='9') if v.per_participant() => {
            st.typed.push(c);
            match digits::typed(&st.typed, &v.numbers) {
                Typed::Idea(n) => {
                    st.typed = n.to_string();
                    commit(st, v)
                }
                Typed::More(_) => Outcome::Nothing,
                Typed::NoSuch => {
                    let what = std::mem::take(&mut st.typed);
                    v.no_such(&what)
                }
            }
        }
        Action::Typed(c @ '0'..='9') => {
            if st.typed.len() < 3 {
                st.typed.push(c);
            }
            Outcome::Nothing
        }
        Action::Erase => {
            if v.per_participant() && st.typed.is_empty() {
                st.typed = "0".into();
                commit(st, v)
            } else {
                st.typed.pop();
                Outcome::Nothing
            }
        }
        Action::Accept
            if v.per_participant()
                && !st.typed.is_empty()
                && digits::entered(&st.typed, &v.numbers).is_none() =>
        {
            let what = std::mem::take(&mut st.typed);
            v.no_such(&what)
        }
        Action::Accept => commit(st, v),
        Action::Down | Action::Up => {
            let out = commit(st, v);
            if rows > 0 {
                st.row = if action == Action::Down {
                    (st.row + 1) % rows
                } else {
                    (st.row + rows - 1) % rows
                };
            }
            out
        }
        Action::Left | Action::Right => {
            let out = commit(st, v);
            if cols > 0 {
                st.col = if action == Action::Left {
                    (st.col + cols - 1) % cols
                } else {
                    (st.col + 1) % cols
                };
            }
            out
        }
        Action::StickerMode => {
            let to = match v.mode {
                StickerMode::PerPoster => StickerMode::PerParticipant,
                StickerMode::PerParticipant => StickerMode::PerPoster,
            };
            if v.entered {
                // What was entered would stop counting: ask first.
                st.confirm_mode = Some(to);
                Outcome::Nothing
            } else {
                st.row = 0;
                st.col = 0;
                Outcome::Record {
                    event: Event::StickerModeSet { mode: to },
                    said: None,
                }
            }
        }
        Action::Reveal => Outcome::Record {
            event: Event::TallyRevealed { shown: !v.shown },
            said: None,
        },
        Action::Picks => Outcome::Picks,
        Action::Coverage => Outcome::Open(Overlay::Coverage { scroll: 0 }),
        // Per poster, the row is the idea; per participant, show the wall.
        Action::Posters => Outcome::Open(Overlay::posters(
            if v.per_participant() { 0 } else { st.row },
            v.per_participant(),
        )),
        Action::Back => Outcome::Goto(Screen::Guide(GuideState::default())),
        Action::Help => Outcome::Help,
        Action::Statement => Outcome::Open(Overlay::Statement),
        Action::Quit => Outcome::Quit,
        _ => Outcome::Nothing,
    }
}

/// What the picks screen's keys act on, read from the session: the slots
/// planned, the ideas, and the suggestion for the selected slot.
/// Component tests build it by hand (no disk).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PicksView {
    /// How many slots are planned.
    pub planned: u32,
    /// The fewest ideas the keys take the group down to.
    pub least: u32,
    /// The most ideas the keys take the group up to.
    pub most: u32,
    /// The pack's idea numbers, in order.
    pub numbers: Vec<u32>,
    /// "3. Title" per idea number.
    pub titles: BTreeMap<u32, String>,
    /// The other groups' sessions are still being read (ties and the joker
    /// rest on them).
    pub reading: bool,
    /// What the rule suggests for the selected slot (none while reading).
    pub suggestion: Option<Suggestion>,
    /// The pack's pick slots, in order: (kind, its words).
    pub slots: Vec<(PickKind, String)>,
    /// What the method calls an option, and options ("idea", "ideas").
    pub words: (String, String),
}

impl PicksView {
    /// "1 idea", "3 ideas": `n` options in the method's words.
    fn count(&self, n: u32) -> String {
        format!("{n} {}", if n == 1 { &self.words.0 } else { &self.words.1 })
    }

    /// The kind of pick for `slot` (1-based; past the last, the last) and its words.
    fn slot(&self, slot: u32) -> (PickKind, String) {
        let i = (slot as usize).saturating_sub(1);
        self.slots
            .get(i)
            .or_else(|| self.slots.last())
            .cloned()
            .unwrap_or_else(|| (PickKind::new(String::new()), String::new()))
    }
}

impl PicksView {
    /// The view of a session's picks, with the suggestion for slot `sel`
    /// (0-based) on `coverage` unless it is still being read.
    pub fn of(
        pack: &Pack,
        session: &Session,
        coverage: &Coverage,
        reading: bool,
        sel: usize,
    ) -> PicksView {
        let state = session.state();
        let plan = Some(state.plan.as_str());
        PicksView {
            planned: ideas::slot_count(pack, state, session.plan()),
            least: fewest_ideas(pack, plan),
            most: (pack.ideas.len() as u32).min(pack.max_slots()),
            numbers: pack.ideas.iter().map(|i| i.number).collect(),
            words: (
                pack.method.wording.option.clone(),
                pack.method.wording.options.clone(),
            ),
            titles: pack
                .ideas
                .iter()
                .map(|i| (i.number, idea_title(pack, i.number)))
                .collect(),
            reading,
            suggestion: (!reading)
                .then(|| ideas::suggest(pack, state, coverage, slot_kind(pack, sel as u32 + 1))),
            slots: pack
                .method
                .picks
                .iter()
                .map(|p| (PickKind::new(p.id.clone()), p.label.clone()))
                .collect(),
        }
    }
}

/// The picks screen's answer to an action (`None`: a key the table does
/// not bind). While another idea is chosen, digits make its number and
/// then every character goes into the reason.
pub fn picks_action(st: &mut PickState, action: Option<Action>, v: &PicksView) -> Outcome {
    if st.other.is_some() {
        return other_action(st, action, v);
    }
    let planned = v.planned;
    let Some(action) = action else {
        return Outcome::Nothing;
    };
    match action {
        Action::Down if planned > 0 => st.sel = (st.sel + 1) % planned as usize,
        Action::Up if planned > 0 => st.sel = (st.sel + planned as usize - 1) % planned as usize,
        Action::Accept => return pick(st, None, None, v),
        Action::Other => st.other = Some((None, String::new())),
        Action::Fewer if planned <= v.least => {
            return Outcome::Flash(format!(
                "A group discusses at least {}: {}.",
                v.count(v.least),
                slot_names(v, v.least)
            ));
        }
        Action::Fewer => return plan_ideas(v, planned - 1),
        Action::More if planned >= v.most => {
            return Outcome::Flash(format!(
                "A group discusses at most {}: {}.",
                v.count(v.most),
                slot_names(v, v.most)
            ));
        }
        Action::More => return plan_ideas(v, planned + 1),
        Action::Stickers => return Outcome::Goto(Screen::Stickers(StickerState::default())),
        Action::Coverage => return Outcome::Open(Overlay::Coverage { scroll: 0 }),
        Action::Back => return Outcome::Goto(Screen::Guide(GuideState::default())),
        Action::Help => return Outcome::Help,
        Action::Statement => return Outcome::Open(Overlay::Statement),
        Action::Quit => return Outcome::Quit,
        _ => {}
    }
    Outcome::Nothing
}

/// Choosing another idea: its number, then the reason.
fn other_action(st: &mut PickState, action: Option<Action>, v: &PicksView) -> Outcome {
    let Some((idea, reason)) = st.other.as_mut() else {
        return Outcome::Nothing;
    };
    match action {
        Some(Action::Back) => {
            st.other = None;
            st.digits.clear();
        }
        Some(Action::Typed(c @ '0'..='9')) if idea.is_none() => {
            st.digits.push(c);
            match digits::typed(&st.digits, &v.numbers) {
                Typed::Idea(n) => {
                    *idea = Some(n);
                    st.digits.clear();
                }
                Typed::More(_) => {}
                Typed::NoSuch => {
                    let what = std::mem::take(&mut st.digits);
                    return Outcome::Refuse(format!("There is no {} {what}.", v.words.0));
                }
            }
        }
        Some(Action::Typed(c)) if idea.is_some() && reason.chars().count() < 300 => reason.push(c),
        Some(Action::Erase) if idea.is_none() => {
            st.digits.pop();
        }
        Some(Action::Erase) if reason.pop().is_none() => *idea = None,
        Some(Action::Accept) if idea.is_none() => {
            let digits = std::mem::take(&mut st.digits);
            match digits::entered(&digits, &v.numbers) {
                Some(n) => *idea = Some(n),
                None if digits.is_empty() => {}
                None => {
                    return Outcome::Refuse(format!("There is no {} {digits}.", v.words.0));
                }
            }
        }
        Some(Action::Accept) => {
            if let Some(idea) = *idea {
                let reason = reason.trim().to_string();
                return pick(st, Some(idea), Some(reason), v);
            }
        }
        _ => {}
    }
    Outcome::Nothing
}

/// Set how many ideas the group discusses, and say what that means.
fn plan_ideas(v: &PicksView, count: u32) -> Outcome {
    // The last slot named (built-in: "the joker is played" / "no joker").
    let n = u32::try_from(v.slots.len()).unwrap_or(u32::MAX).max(1);
    let last = v.slot(n).1;
    let joker = if count >= n {
        format!("the {last} is played")
    } else {
        format!("no {last}")
    };
    Outcome::Record {
        event: Event::IdeasPlanned { count },
        said: Some(format!(
            "This group now discusses {}: {} ({joker}).",
            v.count(count),
            slot_names(v, count)
        )),
    }
}

/// Record the pick for the selected slot: the suggestion, or `idea` with a
/// reason. Once recorded, the screen stops choosing another idea.
fn pick(st: &PickState, idea: Option<u32>, reason: Option<String>, v: &PicksView) -> Outcome {
    if v.reading {
        // Ties and the joker rest on the other groups' sessions.
        return Outcome::Flash(
            "Still reading the other groups' sessions for ties and the joker: Enter again in a moment."
                .into(),
        );
    }
    let slot = st.sel as u32 + 1;
    let (kind, words) = v.slot(slot);
    let Some(sug) = v.suggestion.as_ref() else {
        return Outcome::Nothing;
    };
    // A slot with no rule (the moderator's choice) takes the idea chosen
    // as its own suggestion.
    let (idea, suggested) = match (sug.idea, idea) {
        (Some(s), chosen) => (chosen.unwrap_or(s), s),
        (None, Some(chosen)) => (chosen, chosen),
        (None, None) => {
            return Outcome::Refuse("No idea left to suggest for this slot.".into());
        }
    };
    let title = v
        .titles
        .get(&idea)
        .cloned()
        .unwrap_or_else(|| format!("idea {idea}"));
    Outcome::Chain(vec![
        Outcome::Record {
            event: Event::IdeaPicked {
                slot,
                idea,
                kind,
                rule: sug.rule.clone(),
                counts: sug.counts.clone(),
                suggested,
                reason: reason.filter(|r| !r.is_empty()),
            },
            said: Some(format!("Slot {slot} ({}): {title}.", words)),
        },
        Outcome::Goto(Screen::Picks(PickState {
            other: None,
            ..st.clone()
        })),
    ])
}

/// The questionnaire screen's answer to an action, choosing one of `n`
/// participants: move, back to the guide (Enter, opening one's answers,
/// is the caller's: it knows the questionnaire).
pub fn questionnaire_action(
    st: &mut QuestionnaireState,
    action: Option<Action>,
    n: usize,
) -> Outcome {
    match action {
        Some(Action::Down) if n > 0 => st.sel = (st.sel + 1) % n,
        Some(Action::Up) if n > 0 => st.sel = (st.sel + n - 1) % n,
        Some(Action::Back) => return Outcome::Goto(Screen::Guide(GuideState::default())),
        Some(Action::Help) => return Outcome::Help,
        Some(Action::Statement) => return Outcome::Open(Overlay::Statement),
        Some(Action::Coverage) => return Outcome::Open(Overlay::Coverage { scroll: 0 }),
        Some(Action::Quit) => return Outcome::Quit,
        _ => {}
    }
    Outcome::Nothing
}

/// What the first `n` slots are for: "most popular and most contentious".
fn slot_names(v: &PicksView, n: u32) -> String {
    let names: Vec<String> = (1..=n).map(|s| v.slot(s).1).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("the {one} only"),
        [init @ .., last] => format!("the {} and the {last}", init.join(", the ")),
    }
}

/// The fewest ideas the keys take a group down to: two (the most popular
/// and the most contentious, the method's two rules), unless the pack's
/// plan for the group discusses fewer.
fn fewest_ideas(pack: &Pack, plan: Option<&str>) -> u32 {
    let planned = plan.and_then(|p| pack.plan(p)).map_or(2, |p| p.ideas);
    planned.clamp(1, 2)
}
