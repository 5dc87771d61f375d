//! Idea testing on screen: the sticker vote (per poster or per
//! participant) with its tally, the three picks with their ties and rules,
//! and Stage 3's answers per participant.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::domain::event::{Event, Gut, PickKind, Reach, Stage3Answer, StickerMode};
use crate::domain::ideas::{self, Coverage, Suggestion};
use crate::domain::session::Session;
use crate::domain::state::SessionState;
use crate::stimulus::Pack;
use crate::tui::app::{App, Screen};
use crate::tui::digits::{self, Typed};
use crate::tui::form::{Field, Form, FormOutcome};
use crate::tui::keys::{self, Action, Context};
use crate::tui::outcome::Outcome;
use crate::tui::overlays::Overlay;
use crate::tui::pending::Pending;
use crate::tui::screens::guide::{GuideState, truncate};
use crate::tui::text::wrap;
use crate::tui::theme;

/// The sticker screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StickerState {
    /// Selected row (an idea per poster, a participant per participant).
    pub row: usize,
    /// Selected column: per poster 0 green, 1 red; per participant 0, 1 greens, 2 red.
    pub col: usize,
    /// Digits typed into the selected cell, not yet recorded.
    pub typed: String,
    /// Asking to confirm a switch to this way of entering the stickers
    /// (the counts entered the other way would stop counting).
    pub confirm_mode: Option<StickerMode>,
}

/// The picks screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PickState {
    /// Selected slot (0-based).
    pub sel: usize,
    /// Choosing another idea than the suggestion: (idea typed, reason typed, typing the reason).
    pub other: Option<(Option<u32>, String)>,
    /// Digits typed towards the other idea's number (see [`digits`]).
    pub digits: String,
}

/// The Stage 3 screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stage3State {
    /// Selected participant row.
    pub sel: usize,
    /// The answer form for a participant.
    pub form: Option<(Form, u32)>,
}

/// Why a slot's idea is discussed (the domain's rule; past the third, a joker).
pub fn slot_kind(slot: u32) -> PickKind {
    ideas::kind_of_slot(slot).unwrap_or(PickKind::Joker)
}

/// "most popular" etc.
pub fn kind_words(kind: PickKind) -> &'static str {
    match kind {
        PickKind::Popular => "most popular",
        PickKind::Contentious => "most contentious",
        PickKind::Joker => "joker",
    }
}

/// "per poster" / "per participant".
fn mode_words(mode: StickerMode) -> &'static str {
    match mode {
        StickerMode::PerPoster => "per poster",
        StickerMode::PerParticipant => "per participant",
    }
}

/// Whether any sticker was entered in this way of entering them.
fn entered_in(s: &SessionState, mode: StickerMode) -> bool {
    match mode {
        StickerMode::PerPoster => s.poster_counts.values().any(|c| *c != (0, 0)),
        StickerMode::PerParticipant => !s.placements.is_empty(),
    }
}

/// Which counts the tally and the picks use, in a line.
pub fn counts_used(s: &SessionState) -> String {
    let mode = s.sticker_mode;
    let other = match mode {
        StickerMode::PerPoster => StickerMode::PerParticipant,
        StickerMode::PerParticipant => StickerMode::PerPoster,
    };
    let what = match mode {
        StickerMode::PerPoster => {
            let n = s.poster_counts.values().filter(|c| **c != (0, 0)).count();
            format!("per poster ({n} posters with stickers)")
        }
        StickerMode::PerParticipant => {
            let voters = s.voters().count();
            let done = s
                .voters()
                .filter(|p| s.placements.contains_key(&p.id))
                .count();
            format!("per participant ({done} of {voters} recorded)")
        }
    };
    let mut line = format!("Counts used: {what}");
    if entered_in(s, other) {
        line.push_str(&format!("; {} not used", mode_words(other)));
    }
    line.push('.');
    line
}

/// The warning line when the counts are over what those at the vote could
/// place (after someone was taken off the roster).
pub fn over_limit_line(t: &ideas::Tally) -> Option<String> {
    let over = t.over_limit();
    (!over.is_empty()).then(|| {
        format!(
            "! Over the limit for {} at the vote: {}. Correct the counts.",
            t.voters,
            over.join(", ")
        )
    })
}

fn idea_title(pack: &Pack, n: u32) -> String {
    pack.idea(n)
        .map(|i| format!("{n}. {}", i.title))
        .unwrap_or_else(|| format!("idea {n}"))
}

impl App {
    /// Read the other sessions' coverage of the ideas on a thread;
    /// [`App::settle_coverage`] takes the result.
    pub(crate) fn refresh_coverage_in_background(&mut self) {
        let exclude = self.live.as_ref().map(|l| l.session.state().id.clone());
        let dir = self.ctx.dir.clone();
        self.pending_coverage = Pending::start("coverage", move || {
            ideas::coverage_of_folder(&dir, exclude.as_deref())
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

const GUTS: [(&str, Option<Gut>); 5] = [
    ("—", None),
    ("in favour", Some(Gut::InFavour)),
    ("opposed", Some(Gut::Opposed)),
    ("undecided", Some(Gut::Undecided)),
    ("apathetic", Some(Gut::Apathetic)),
];
const REFORM: [(&str, Option<bool>); 3] = [("—", None), ("yes", Some(true)), ("no", Some(false))];
const REACH: [(&str, Option<Reach>); 4] = [
    ("—", None),
    ("too far", Some(Reach::TooFar)),
    ("about right", Some(Reach::AboutRight)),
    ("not far enough", Some(Reach::NotFarEnough)),
];

fn word<T: PartialEq + Copy>(table: &[(&'static str, Option<T>)], v: Option<T>) -> &'static str {
    table.iter().find(|(_, x)| *x == v).map_or("—", |(w, _)| w)
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

/// One idea's tally as a bar line: green as █, red as ░ (readable without colour).
fn bar_line(pack: &Pack, idea: u32, green: u32, red: u32, max: u32, width: usize) -> Line<'static> {
    let bar_w = width.saturating_sub(28).max(4) / 2;
    let scale = |v: u32| {
        if max == 0 {
            0
        } else {
            (v as usize * bar_w).div_ceil(max as usize)
        }
    };
    let title = truncate(&idea_title(pack, idea), 18);
    Line::from(vec![
        Span::raw(format!("{} ", crate::tui::text::fill(&title, 18))),
        Span::styled(
            format!("{:<w$}", "█".repeat(scale(green)), w = bar_w),
            theme::ok(),
        ),
        Span::styled(format!("{green:>2}G "), theme::ok()),
        Span::styled(
            format!("{:<w$}", "░".repeat(scale(red)), w = bar_w),
            theme::error(),
        ),
        Span::styled(format!("{red:>2}R"), theme::error()),
    ])
}

/// Draw the sticker screen.
pub fn draw_stickers(f: &mut Frame, area: Rect, st: &StickerState, s: &SessionState, pack: &Pack) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(area);
    let present = s.present().count();
    let voters = s.voters().count();
    let width = left.width.saturating_sub(2) as usize;
    let out: Vec<String> = s
        .roster()
        .filter(|p| s.absent.contains(&p.id))
        .map(|p| {
            let counted = s.voters().any(|v| v.id == p.id);
            format!("{}{}", p.label, if counted { " (voted)" } else { "" })
        })
        .collect();
    let mut lines = vec![Line::styled(
        format!(
            "{voters} {} · {} green, {voters} red to place",
            if out.is_empty() {
                "present"
            } else {
                "at the vote"
            },
            2 * voters
        ),
        theme::dim(),
    )];
    if !out.is_empty() {
        for w in wrap(&format!("out of the room: {}", out.join(", ")), width) {
            lines.push(Line::styled(w, theme::warn()));
        }
    }
    // The selected cell is marked ›…‹ as well as by colour (NO_COLOR).
    let cell = |text: String, here: bool| {
        if here {
            let inner = text.trim_start_matches('[').trim_end_matches(']');
            Span::styled(format!("›{inner}‹"), theme::selected())
        } else {
            Span::styled(text, theme::text())
        }
    };
    match s.sticker_mode {
        StickerMode::PerPoster => {
            lines.push(Line::styled(
                format!("  {:<22}{:>7}{:>7}", "poster", "green", "red"),
                theme::heading(),
            ));
            for (i, idea) in pack.ideas.iter().enumerate() {
                let here = i == st.row;
                let (g, r) = s.poster_counts.get(&idea.number).copied().unwrap_or((0, 0));
                let show = |col: usize, v: u32| {
                    if here && st.col == col && !st.typed.is_empty() {
                        format!("{:>3}▏", st.typed)
                    } else {
                        format!("{v:>3} ")
                    }
                };
                lines.push(Line::from(vec![
                    Span::raw(if here {
                        theme::CURSOR
                    } else {
                        theme::NO_CURSOR
                    }),
                    Span::raw(crate::tui::text::fill(
                        &truncate(&idea_title(pack, idea.number), 21),
                        22,
                    )),
                    Span::raw(" "),
                    cell(format!("[{}]", show(0, g)), here && st.col == 0),
                    Span::raw(" "),
                    cell(format!("[{}]", show(1, r)), here && st.col == 1),
                ]));
            }
            lines.push(Line::styled(
                "Type a count; Enter or a move records it.",
                theme::dim(),
            ));
            lines.push(Line::styled(
                "M: enter per participant instead",
                theme::dim(),
            ));
        }
        StickerMode::PerParticipant => {
            lines.push(Line::styled(
                format!(
                    "  {:<14}{:>6}{:>8}{:>6}  left",
                    "who", "green", "green", "red"
                ),
                theme::heading(),
            ));
            let left_of = ideas::stickers_left(s);
            for (i, p) in s.present().enumerate() {
                let here = i == st.row;
                let (greens, red) = s.placements.get(&p.id).cloned().unwrap_or_default();
                // The cell being typed in shows the digits so far.
                let typing = |k: usize| {
                    (here && st.col == k && !st.typed.is_empty()).then(|| format!("{}▏", st.typed))
                };
                let g = |k: usize| {
                    typing(k).unwrap_or_else(|| {
                        greens.get(k).map_or("–".to_string(), |v| v.to_string())
                    })
                };
                let left = left_of
                    .iter()
                    .find(|(id, _, _)| *id == p.id)
                    .map(|(_, g, r)| {
                        format!("{}{}", "●".repeat(*g as usize), "○".repeat(*r as usize))
                    })
                    .unwrap_or_default();
                lines.push(Line::from(vec![
                    Span::raw(if here {
                        theme::CURSOR
                    } else {
                        theme::NO_CURSOR
                    }),
                    Span::raw(crate::tui::text::fill(&truncate(&p.label, 13), 14)),
                    cell(format!("[{:>3}]", g(0)), here && st.col == 0),
                    Span::raw("   "),
                    cell(format!("[{:>3}]", g(1)), here && st.col == 1),
                    Span::raw(" "),
                    cell(
                        format!(
                            "[{:>3}]",
                            typing(2).unwrap_or_else(|| red.map_or("–".into(), |r| r.to_string()))
                        ),
                        here && st.col == 2,
                    ),
                    Span::styled(format!("  {left}"), theme::dim()),
                ]));
            }
            if present == 0 {
                lines.push(Line::styled(
                    "Nobody is present: add participants on the roster (r).",
                    theme::warn(),
                ));
            }
            let numbers: Vec<u32> = pack.ideas.iter().map(|i| i.number).collect();
            lines.push(Line::styled(
                format!(
                    "Type an idea number ({}){}; 0 clears.",
                    digits::range(&numbers),
                    if numbers.iter().any(|n| *n >= 10) {
                        ", Enter ends it"
                    } else {
                        ""
                    }
                ),
                theme::dim(),
            ));
            lines.push(Line::styled(
                "● green left  ○ red left  M: per poster",
                theme::dim(),
            ));
        }
    }
    if let Some(to) = st.confirm_mode {
        let kept = match s.sticker_mode {
            StickerMode::PerPoster => "the poster counts",
            StickerMode::PerParticipant => "the stickers per participant",
        };
        lines.push(Line::raw(""));
        for w in wrap(
            &format!(
                "! Enter {}? The tally and the picks then use only those; {kept} are kept, not counted. y: switch, any other key: stay.",
                mode_words(to)
            ),
            width,
        ) {
            lines.push(Line::styled(w, theme::warn()));
        }
    }
    let title = match s.sticker_mode {
        StickerMode::PerPoster => " Stickers · per poster ",
        StickerMode::PerParticipant => " Stickers · per participant ",
    };
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        left,
    );
    draw_tally(f, right, s, pack);
}

/// The tally, hidden until revealed.
pub fn draw_tally(f: &mut Frame, area: Rect, s: &SessionState, pack: &Pack) {
    let t = ideas::tally(pack, s);
    let placed = format!(
        "placed: {} of {} greens, {} of {} reds",
        t.placed_green,
        2 * t.voters,
        t.placed_red,
        t.voters
    );
    // Wrapped, not cut: "9 of 9 reds" must read whole in a narrow pane.
    let mut lines: Vec<Line> =
        crate::tui::text::wrap(&placed, area.width.saturating_sub(2) as usize)
            .into_iter()
            .map(|l| Line::styled(l, theme::dim()))
            .collect();
    if let Some(w) = over_limit_line(&t) {
        for l in wrap(&w, area.width.saturating_sub(2) as usize) {
            lines.push(Line::styled(l, theme::warn()));
        }
    }
    if s.tally_shown {
        let max = t
            .green
            .values()
            .chain(t.red.values())
            .copied()
            .max()
            .unwrap_or(0);
        for idea in &pack.ideas {
            let g = t.green.get(&idea.number).copied().unwrap_or(0);
            let r = t.red.get(&idea.number).copied().unwrap_or(0);
            lines.push(bar_line(
                pack,
                idea.number,
                g,
                r,
                max,
                area.width.saturating_sub(2) as usize,
            ));
        }
    } else {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Hidden. r to reveal the tally.", theme::dim()));
    }
    let title = if s.tally_shown {
        " Tally · r hides "
    } else {
        " Tally (hidden) "
    };
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        area,
    );
}

fn suggestion_lines(pack: &Pack, sug: &Suggestion, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(i) = sug.idea {
        let mut text = format!("   suggested: {}", idea_title(pack, i));
        if sug.tied.len() > 1 {
            let tied: Vec<String> = sug.tied.iter().map(|t| t.to_string()).collect();
            text.push_str(&format!("  · TIE: {}", tied.join(", ")));
        }
        lines.push(Line::styled(truncate(&text, width), theme::warn()));
    }
    for w in
        crate::tui::screens::guide::wrap(&format!("rule: {}", sug.rule), width.saturating_sub(5))
    {
        lines.push(Line::styled(format!("     {w}"), theme::dim()));
    }
    for w in crate::tui::screens::guide::wrap(&sug.counts, width.saturating_sub(5)) {
        lines.push(Line::styled(format!("     {w}"), theme::dim()));
    }
    lines
}

/// "1 idea", "3 ideas".
pub fn ideas_words(n: u32) -> String {
    if n == 1 {
        "1 idea".to_string()
    } else {
        format!("{n} ideas")
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

/// Draw the picks screen.
pub fn draw_picks(
    f: &mut Frame,
    area: Rect,
    st: &PickState,
    session: &Session,
    pack: &Pack,
    coverage: &Coverage,
    reading: bool,
) {
    let s = session.state();
    let slots = ideas::slot_count(pack, s, session.plan());
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(
        format!(
            "This group discusses {}{} · +/- to change",
            ideas_words(slots),
            if slots >= 3 {
                " (joker played)"
            } else {
                " (no joker)"
            }
        ),
        theme::dim(),
    )];
    for w in wrap(&counts_used(s), width) {
        lines.push(Line::styled(w, theme::dim()));
    }
    if let Some(w) = over_limit_line(&ideas::tally(pack, s)) {
        for l in wrap(&w, width) {
            lines.push(Line::styled(l, theme::warn()));
        }
    }
    if reading {
        lines.push(Line::styled(
            "Reading the other groups' sessions for the joker…",
            theme::warn(),
        ));
    }
    // Where the selected slot ends: it is kept in view.
    let mut sel_end = 0;
    for slot in 1..=slots {
        let kind = slot_kind(slot);
        let here = st.sel as u32 + 1 == slot;
        let picked = s.picks.get(&slot);
        let head = match picked {
            Some(p) => format!(
                "{slot}. {}: ✓ {}{}",
                kind_words(kind),
                idea_title(pack, p.idea),
                p.reason
                    .as_ref()
                    .map(|r| format!(" (chosen over {}: {r})", p.suggested))
                    .unwrap_or_default()
            ),
            None => format!("{slot}. {}: not chosen yet", kind_words(kind)),
        };
        // Wrapped, not cut: the reason for choosing another idea is the
        // group's own words.
        for (i, part) in crate::tui::text::wrap(&head, width.saturating_sub(5))
            .into_iter()
            .enumerate()
        {
            if i == 0 {
                lines.push(theme::row(part, here, theme::heading()));
            } else {
                lines.push(Line::styled(format!("     {part}"), theme::heading()));
            }
        }
        let sug = ideas::suggest(pack, s, coverage, kind);
        lines.extend(suggestion_lines(pack, &sug, width));
        if here {
            sel_end = lines.len();
        }
    }
    let mut ask: Vec<Line> = Vec::new();
    if let Some((idea, reason)) = &st.other {
        match idea {
            None => ask.push(Line::from(vec![
                Span::styled(
                    format!(
                        "Another idea: type its number ({}): ",
                        digits::range(&pack.ideas.iter().map(|i| i.number).collect::<Vec<_>>())
                    ),
                    theme::key(),
                ),
                Span::raw(st.digits.clone()),
                Span::styled("▏", theme::key()),
            ])),
            Some(i) => {
                ask.push(Line::styled(
                    format!("Choose {} instead. Why? (needed)", idea_title(pack, *i)),
                    theme::key(),
                ));
                // The reason wraps; its last lines show as it grows.
                let mut typed =
                    crate::tui::text::hanging("> ", reason, theme::text(), width.saturating_sub(1));
                let keep = typed.len().saturating_sub(3);
                typed.drain(..keep);
                if let Some(last) = typed.last_mut() {
                    last.spans.push(Span::styled("▏", theme::key()));
                }
                ask.extend(typed);
            }
        }
    }
    let mut block =
        Block::bordered().title(" Picks · Enter accepts the suggestion · o another idea ");
    let inner = block.inner(area);
    let ask_h = if ask.is_empty() {
        0
    } else {
        ask.len() as u16 + 1
    };
    let [list, prompt] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(ask_h)]).areas(inner);
    // Scrolled, never cut: the selected slot stays in view, and what is
    // below says how much more there is.
    let rows = list.height as usize;
    let sel_head = lines
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content == theme::CURSOR))
        .unwrap_or(0);
    let scroll = sel_end.saturating_sub(rows).min(sel_head);
    let below = lines.len().saturating_sub(scroll + rows);
    if below > 0 {
        block = block.title_bottom(format!(" ↓ {below} more (↑↓ choose a slot) "));
    }
    f.render_widget(block, area);
    f.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), list);
    if !ask.is_empty() {
        let mut with_gap = vec![Line::raw("")];
        with_gap.extend(ask);
        f.render_widget(Paragraph::new(with_gap), prompt);
    }
}

/// Draw the Stage 3 screen.
pub fn draw_stage3(f: &mut Frame, area: Rect, st: &Stage3State, s: &SessionState) {
    if let Some((form, id)) = &st.form {
        let who = s
            .participants
            .get(id)
            .map(|p| p.label.clone())
            .unwrap_or_default();
        let mut lines = vec![Line::styled(
            format!("{who}: all optional. Ctrl-S to save, Esc to cancel."),
            theme::dim(),
        )];
        lines.extend(form.lines(15));
        f.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(form.title.clone())),
            area,
        );
        return;
    }
    let width = area.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(
        format!(
            "  {:<14}{:<11}{:<7}{:<15}{}",
            "who", "gut", "reform", "the ideas go", "top tip"
        ),
        theme::heading(),
    )];
    for (i, p) in s.stage3_people().enumerate() {
        let here = i == st.sel;
        let a = s.stage3.get(&p.id).cloned().unwrap_or_default();
        let label = if s.absent.contains(&p.id) {
            format!("{} (out)", truncate(&p.label, 7))
        } else {
            truncate(&p.label, 13)
        };
        let row = format!(
            "{}{:<11}{:<7}{:<15}{}",
            crate::tui::text::fill(&label, 14),
            word(&GUTS, a.gut),
            word(&REFORM, a.reform_needed),
            word(&REACH, a.reach),
            a.top_tip
        );
        lines.push(theme::row(truncate(&row, width - 2), here, theme::text()));
    }
    f.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(" Stage 3 · Enter to record a participant's answers ")),
        area,
    );
}
