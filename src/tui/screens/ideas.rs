//! Idea testing on screen: the sticker vote (per poster or per
//! participant) with its tally, the three picks with their ties and rules,
//! and Stage 3's answers per participant.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::domain::event::{Event, Stage3Answer, StickerMode};
use crate::domain::ideas::{self, Coverage};
use crate::stimulus::Pack;
use crate::tui::app::{App, Screen};
use crate::tui::digits::{self, Typed};
use crate::tui::form::{Field, Form, FormOutcome};
use crate::tui::keys::{self, Action, Context};
use crate::tui::outcome::Outcome;
use crate::tui::overlays::Overlay;
use crate::tui::pending::Pending;
use crate::tui::screens::guide::GuideState;
pub use crate::tui::widgets::picks::{PickState, draw_picks, ideas_words, kind_words, slot_kind};
use crate::tui::widgets::stage3::{GUTS, REACH, REFORM, word};
pub use crate::tui::widgets::stage3::{Stage3State, draw_stage3};
pub use crate::tui::widgets::stickers::{
    StickerState, counts_used, draw_stickers, over_limit_line,
};
use crate::tui::widgets::stickers::{entered_in, idea_title, mode_words};
pub use crate::tui::widgets::tally::draw_tally;

impl App {
    /// Read the other sessions' coverage of the ideas on a thread;
    /// [`App::settle_coverage`] takes the result.
    pub(crate) fn refresh_coverage_in_background(&mut self) {
        let exclude = self.live.as_ref().map(|l| l.session.state().id.clone());
        let dir = self.ctx.dir.clone();
        self.pending_coverage = Pending::start("coverage", move || {
            crate::store::coverage_of_folder(&dir, exclude.as_deref())
        });
    }

    /// Take the coverage read in the background once it is ready (or, with
    /// `wait`, now). Returns whether it was taken.
    pub fn settle_coverage(&mut self, wait: bool) -> bool {
        match self.pending_coverage.take(wait) {
            Some(found) => {
                self.apply_coverage(found);
                true
            }
            None => false,
        }
    }

    fn apply_coverage(&mut self, (cov, problems): (Coverage, Vec<String>)) {
        self.coverage = cov;
        if !problems.is_empty() {
            self.flash(
                format!(
                    "{} session file(s) could not be read for coverage (left untouched).",
                    problems.len()
                ),
                true,
            );
        }
    }

    pub(crate) fn stickers_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let state = live.session.state();
        let mode = state.sticker_mode;
        let people: Vec<u32> = state.present().map(|p| p.id).collect();
        let rows = match mode {
            StickerMode::PerPoster => self.ctx.pack.ideas.len(),
            StickerMode::PerParticipant => people.len(),
        };
        let cols = if mode == StickerMode::PerPoster { 2 } else { 3 };
        let shown = state.tally_shown;
        let entered = entered_in(state, mode);
        let numbers: Vec<u32> = self.ctx.pack.ideas.iter().map(|i| i.number).collect();
        let Screen::Stickers(st) = &mut self.screen else {
            return;
        };
        if let Some(to) = st.confirm_mode.take() {
            if matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
                st.row = 0;
                st.col = 0;
                if self.record(Event::StickerModeSet { mode: to }, now) {
                    self.flash(
                        format!("Now {}: the tally and the picks use these.", mode_words(to)),
                        false,
                    );
                }
            } else {
                self.flash(
                    format!("The stickers stay entered {}.", mode_words(mode)),
                    false,
                );
            }
            return;
        }
        // A count typed into a cell is never dropped without a word: Esc
        // drops it and says so; any other key that leaves the cell records
        // it first (with its checks), and does nothing more if it is refused.
        let moves = matches!(
            key.code,
            KeyCode::Char('0'..='9')
                | KeyCode::Backspace
                | KeyCode::Enter
                | KeyCode::Up
                | KeyCode::Down
                | KeyCode::Left
                | KeyCode::Right
                | KeyCode::Tab
                | KeyCode::Char('h' | 'j' | 'k' | 'l')
        );
        if !st.typed.is_empty() && !moves {
            if key.code == KeyCode::Esc {
                let typed = std::mem::take(&mut st.typed);
                let (row, col) = (st.row, st.col);
                let cell = self.cell_words(row, col);
                self.flash(
                    format!("{typed} for {cell} dropped, not recorded. Esc again: guide."),
                    false,
                );
                return;
            }
            if self.commit_sticker(now) {
                self.stickers_key(key, now);
            }
            return;
        }
        match key.code {
            // Per participant a digit is part of an idea number: taken at
            // once when no longer number begins with it, else on Enter or
            // the next digit; 0 on an empty cell clears it.
            KeyCode::Char('0') if mode == StickerMode::PerParticipant && st.typed.is_empty() => {
                st.typed = "0".into();
                self.commit_sticker(now);
            }
            KeyCode::Char(c @ '0'..='9') if mode == StickerMode::PerParticipant => {
                st.typed.push(c);
                match digits::typed(&st.typed, &numbers) {
                    Typed::Idea(n) => {
                        st.typed = n.to_string();
                        self.commit_sticker(now);
                    }
                    Typed::More(_) => {}
                    Typed::NoSuch => {
                        let what = std::mem::take(&mut st.typed);
                        self.flash(format!("There is no idea {what}."), true);
                    }
                }
            }
            KeyCode::Char(c @ '0'..='9') => {
                if st.typed.len() < 3 {
                    st.typed.push(c);
                }
            }
            KeyCode::Backspace => {
                if mode == StickerMode::PerParticipant && st.typed.is_empty() {
                    st.typed = "0".into();
                    self.commit_sticker(now);
                } else {
                    st.typed.pop();
                }
            }
            KeyCode::Enter
                if mode == StickerMode::PerParticipant
                    && !st.typed.is_empty()
                    && digits::entered(&st.typed, &numbers).is_none() =>
            {
                let what = std::mem::take(&mut st.typed);
                self.flash(format!("There is no idea {what}."), true);
            }
            KeyCode::Enter => {
                self.commit_sticker(now);
            }
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Up | KeyCode::Char('k') => {
                self.commit_sticker(now);
                if let Screen::Stickers(st) = &mut self.screen
                    && rows > 0
                {
                    st.row = if matches!(key.code, KeyCode::Down | KeyCode::Char('j')) {
                        (st.row + 1) % rows
                    } else {
                        (st.row + rows - 1) % rows
                    };
                }
            }
            KeyCode::Right
            | KeyCode::Char('l')
            | KeyCode::Tab
            | KeyCode::Left
            | KeyCode::Char('h') => {
                self.commit_sticker(now);
                if let Screen::Stickers(st) = &mut self.screen {
                    st.col = if matches!(key.code, KeyCode::Left | KeyCode::Char('h')) {
                        (st.col + cols - 1) % cols
                    } else {
                        (st.col + 1) % cols
                    };
                }
            }
            KeyCode::Char('M') => {
                let to = match mode {
                    StickerMode::PerPoster => StickerMode::PerParticipant,
                    StickerMode::PerParticipant => StickerMode::PerPoster,
                };
                if entered {
                    // What was entered would stop counting: ask first.
                    st.confirm_mode = Some(to);
                } else {
                    st.row = 0;
                    st.col = 0;
                    self.record(Event::StickerModeSet { mode: to }, now);
                }
            }
            KeyCode::Char('r') => {
                self.record(Event::TallyRevealed { shown: !shown }, now);
            }
            KeyCode::Char('K') => self.open_picks(),
            KeyCode::Char('C') => self.overlay = Some(Overlay::Coverage { scroll: 0 }),
            KeyCode::Char('P') => {
                // Per poster, the row is the idea; per participant, show the wall.
                let per_poster = mode == StickerMode::PerPoster;
                self.overlay = Some(Overlay::posters(
                    if per_poster { st.row } else { 0 },
                    !per_poster,
                ))
            }
            KeyCode::Esc => {
                self.apply(Outcome::Goto(Screen::Guide(GuideState::default())), now);
            }
            _ => {
                self.common_key(key);
            }
        }
    }

    /// The cell at (row, col) in words: "idea 2 (green)".
    fn cell_words(&self, row: usize, col: usize) -> String {
        let idea = self.ctx.pack.ideas.get(row).map_or(0, |i| i.number);
        format!("idea {idea} ({})", if col == 0 { "green" } else { "red" })
    }

    /// On leaving the app: record a count still typed in a sticker cell.
    /// Returns what to say if it could not be recorded.
    pub(crate) fn settle_typed_count(&mut self, now: DateTime<Utc>) -> Option<String> {
        let Screen::Stickers(st) = &self.screen else {
            return None;
        };
        if st.typed.is_empty() {
            return None;
        }
        let what = format!("{} for {}", st.typed, self.cell_words(st.row, st.col));
        if self.commit_sticker(now) {
            None
        } else {
            let why = self
                .flash
                .as_ref()
                .map(|f| f.text.clone())
                .unwrap_or_default();
            Some(format!("The count {what} was not recorded: {why}"))
        }
    }

    /// Record what was typed in the selected sticker cell. Returns false
    /// if it was refused (the status line says why).
    fn commit_sticker(&mut self, now: DateTime<Utc>) -> bool {
        let Some(live) = self.live.as_ref() else {
            return true;
        };
        let state = live.session.state();
        let Screen::Stickers(st) = &mut self.screen else {
            return true;
        };
        if st.typed.is_empty() {
            return true;
        }
        let typed = std::mem::take(&mut st.typed);
        let Ok(value) = typed.parse::<u32>() else {
            return true;
        };
        let ev = match state.sticker_mode {
            StickerMode::PerPoster => {
                let Some(idea) = self.ctx.pack.ideas.get(st.row).map(|i| i.number) else {
                    return true;
                };
                let (g, r) = state.poster_counts.get(&idea).copied().unwrap_or((0, 0));
                let (green, red) = if st.col == 0 { (value, r) } else { (g, value) };
                Event::PosterCounted { idea, green, red }
            }
            StickerMode::PerParticipant => {
                let Some(p) = state.present().nth(st.row).map(|p| p.id) else {
                    return true;
                };
                let (mut greens, mut red) = state.placements.get(&p).cloned().unwrap_or_default();
                greens.resize(2, 0);
                let v = (value > 0).then_some(value);
                match st.col {
                    0 | 1 => greens[st.col] = v.unwrap_or(0),
                    _ => red = v,
                }
                Event::StickersPlaced {
                    participant: p,
                    green: greens.into_iter().filter(|g| *g > 0).collect(),
                    red,
                }
            }
        };
        self.record(ev, now)
    }

    pub(crate) fn picks_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let planned = ideas::slot_count(&self.ctx.pack, live.session.state(), live.session.plan());
        let numbers: Vec<u32> = self.ctx.pack.ideas.iter().map(|i| i.number).collect();
        let Screen::Picks(st) = &mut self.screen else {
            return;
        };
        if let Some((idea, reason)) = st.other.as_mut() {
            match key.code {
                KeyCode::Esc => {
                    st.other = None;
                    st.digits.clear();
                }
                KeyCode::Char(c @ '0'..='9') if idea.is_none() => {
                    st.digits.push(c);
                    match digits::typed(&st.digits, &numbers) {
                        Typed::Idea(n) => {
                            *idea = Some(n);
                            st.digits.clear();
                        }
                        Typed::More(_) => {}
                        Typed::NoSuch => {
                            let what = std::mem::take(&mut st.digits);
                            self.flash(format!("There is no idea {what}."), true);
                        }
                    }
                }
                KeyCode::Char(c) if idea.is_some() && reason.chars().count() < 300 => {
                    reason.push(c)
                }
                KeyCode::Backspace if idea.is_none() => {
                    st.digits.pop();
                }
                KeyCode::Backspace if reason.pop().is_none() => *idea = None,
                KeyCode::Enter if idea.is_none() => {
                    match digits::entered(&st.digits, &numbers) {
                        Some(n) => *idea = Some(n),
                        None if st.digits.is_empty() => {}
                        None => {
                            let what = st.digits.clone();
                            self.flash(format!("There is no idea {what}."), true);
                        }
                    }
                    if let Screen::Picks(st) = &mut self.screen {
                        st.digits.clear();
                    }
                }
                KeyCode::Enter => {
                    if let Some(idea) = *idea {
                        let reason = reason.trim().to_string();
                        let slot = st.sel as u32 + 1;
                        self.confirm_pick(slot, Some(idea), Some(reason), now);
                    }
                }
                _ => {}
            }
            return;
        }
        match key.code {
            KeyCode::Down | KeyCode::Char('j') if planned > 0 => {
                st.sel = (st.sel + 1) % planned as usize
            }
            KeyCode::Up | KeyCode::Char('k') if planned > 0 => {
                st.sel = (st.sel + planned as usize - 1) % planned as usize
            }
            KeyCode::Enter => {
                let slot = st.sel as u32 + 1;
                self.confirm_pick(slot, None, None, now);
            }
            KeyCode::Char('o') => st.other = Some((None, String::new())),
            KeyCode::Char('-') => {
                let least = fewest_ideas(&self.ctx.pack, live_plan_id(self));
                if planned <= least {
                    self.flash(
                        format!(
                            "A group discusses at least {}: {}.",
                            ideas_words(least),
                            slot_names(least)
                        ),
                        false,
                    );
                } else {
                    self.plan_ideas(planned - 1, now);
                }
            }
            KeyCode::Char('+') | KeyCode::Char('=') => {
                let most = (self.ctx.pack.ideas.len() as u32).min(ideas::MAX_SLOTS);
                if planned >= most {
                    self.flash(
                        format!(
                            "A group discusses at most {}: {}.",
                            ideas_words(most),
                            slot_names(most)
                        ),
                        false,
                    );
                } else {
                    self.plan_ideas(planned + 1, now);
                }
            }
            KeyCode::Char('S') => {
                self.apply(
                    Outcome::Goto(Screen::Stickers(StickerState::default())),
                    now,
                );
            }
            KeyCode::Char('C') => self.overlay = Some(Overlay::Coverage { scroll: 0 }),
            KeyCode::Esc => {
                self.apply(Outcome::Goto(Screen::Guide(GuideState::default())), now);
            }
            _ => {
                self.common_key(key);
            }
        }
    }

    /// Set how many ideas the group discusses, and say what that means.
    fn plan_ideas(&mut self, count: u32, now: DateTime<Utc>) {
        if self.record(Event::IdeasPlanned { count }, now) {
            let joker = if count >= 3 {
                "the joker is played"
            } else {
                "no joker"
            };
            self.flash(
                format!(
                    "This group now discusses {}: {} ({joker}).",
                    ideas_words(count),
                    slot_names(count)
                ),
                false,
            );
        }
    }

    /// Record the pick for a slot: the suggestion, or `idea` with a reason.
    fn confirm_pick(
        &mut self,
        slot: u32,
        idea: Option<u32>,
        reason: Option<String>,
        now: DateTime<Utc>,
    ) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        if self.pending_coverage.is_running() {
            // Ties and the joker rest on the other groups' sessions.
            self.flash(
                "Still reading the other groups' sessions for ties and the joker: Enter again in a moment.",
                false,
            );
            return;
        }
        let kind = slot_kind(slot);
        let sug = ideas::suggest(&self.ctx.pack, live.session.state(), &self.coverage, kind);
        let Some(suggested) = sug.idea else {
            self.flash("No idea left to suggest for this slot.", true);
            return;
        };
        let idea = idea.unwrap_or(suggested);
        let reason = reason.filter(|r| !r.is_empty());
        if self.record(
            Event::IdeaPicked {
                slot,
                idea,
                kind,
                rule: sug.rule.clone(),
                counts: sug.counts.clone(),
                suggested,
                reason,
            },
            now,
        ) {
            if let Screen::Picks(st) = &mut self.screen {
                st.other = None;
            }
            self.flash(
                format!(
                    "Slot {slot} ({}): {}.",
                    kind_words(kind),
                    idea_title(&self.ctx.pack, idea)
                ),
                false,
            );
        }
    }

    pub(crate) fn stage3_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let state = live.session.state();
        let people: Vec<u32> = state.stage3_people().map(|p| p.id).collect();
        let answers = state.stage3.clone();
        let Screen::Stage3(st) = &mut self.screen else {
            return;
        };
        if let Some((form, id)) = st.form.as_mut() {
            match form.key(key) {
                FormOutcome::Editing => {}
                FormOutcome::Cancel => st.form = None,
                FormOutcome::Submit => {
                    let (answer, id) = (answer_from(form), *id);
                    if self.record(
                        Event::Stage3Answered {
                            participant: id,
                            answer,
                        },
                        now,
                    ) && let Screen::Stage3(st) = &mut self.screen
                    {
                        st.form = None;
                    }
                }
            }
            return;
        }
        let outcome = stage3_action(st, keys::action(Context::Stage3, &key), &people, &answers);
        self.apply(outcome, now);
    }
}

/// Stage 3's answer to an action, choosing a participant (`people`, in
/// order; `answers` so far): move, open one's answers, back to the guide.
pub fn stage3_action(
    st: &mut Stage3State,
    action: Option<Action>,
    people: &[u32],
    answers: &BTreeMap<u32, Stage3Answer>,
) -> Outcome {
    let n = people.len();
    match action {
        Some(Action::Down) if n > 0 => st.sel = (st.sel + 1) % n,
        Some(Action::Up) if n > 0 => st.sel = (st.sel + n - 1) % n,
        Some(Action::Accept) => {
            if let Some(id) = people.get(st.sel.min(n.saturating_sub(1))) {
                st.form = Some((answer_form(answers.get(id)), *id));
            }
        }
        Some(Action::Back) => return Outcome::Goto(Screen::Guide(GuideState::default())),
        Some(Action::Help) => return Outcome::Help,
        Some(Action::Statement) => return Outcome::Open(Overlay::Statement),
        Some(Action::Coverage) => return Outcome::Open(Overlay::Coverage { scroll: 0 }),
        Some(Action::Quit) => return Outcome::Quit,
        _ => {}
    }
    Outcome::Nothing
}

fn value<T: Copy>(table: &[(&'static str, Option<T>)], w: &str) -> Option<T> {
    table.iter().find(|(x, _)| *x == w).and_then(|(_, v)| *v)
}

fn names<T>(t: &[(&'static str, T)]) -> Vec<&'static str> {
    t.iter().map(|(w, _)| *w).collect()
}

fn answer_form(a: Option<&Stage3Answer>) -> Form {
    let a = a.cloned().unwrap_or_default();
    Form::new(
        " Stage 3 answers ",
        vec![
            Field::choice("Gut reaction", &names(&GUTS), word(&GUTS, a.gut)),
            Field::choice(
                "Reform needed",
                &names(&REFORM),
                word(&REFORM, a.reform_needed),
            ),
            Field::text("Which services", a.services, "most in need of reform"),
            Field::choice("The ideas go", &names(&REACH), word(&REACH, a.reach)),
            Field::text("Top tip", a.top_tip, "their one piece of advice"),
        ],
    )
}

fn answer_from(form: &Form) -> Stage3Answer {
    Stage3Answer {
        gut: value(&GUTS, form.get("Gut reaction")),
        reform_needed: value(&REFORM, form.get("Reform needed")),
        services: form.get("Which services").to_string(),
        reach: value(&REACH, form.get("The ideas go")),
        top_tip: form.get("Top tip").to_string(),
    }
}

/// What the first `n` slots are for: "most popular and most contentious".
fn slot_names(n: u32) -> String {
    let names: Vec<&str> = (1..=n).map(|s| kind_words(slot_kind(s))).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => format!("the {one} only"),
        [init @ .., last] => format!("the {} and the {last}", init.join(", the ")),
    }
}

/// The plan of the live session.
fn live_plan_id(app: &App) -> Option<&str> {
    app.live.as_ref().map(|l| l.session.state().plan.as_str())
}

/// The fewest ideas the keys take a group down to: two (the most popular
/// and the most contentious, the method's two rules), unless the pack's
/// plan for the group discusses fewer.
fn fewest_ideas(pack: &Pack, plan: Option<&str>) -> u32 {
    let planned = plan.and_then(|p| pack.plan(p)).map_or(2, |p| p.ideas);
    planned.clamp(1, 2)
}
