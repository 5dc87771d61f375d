//! What a screen asks for after an [`Action`](super::keys::Action): it
//! changes only its own small state and returns an [`Outcome`]; [`App`]
//! alone applies it (records the event, opens the window, switches the
//! screen), so no screen reaches into another's state.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::crossterm::event::KeyEvent;

use crate::domain::event::{Event, NoteKind};
use crate::domain::ideas::Coverage;
use crate::domain::profile::GroupProfile;
use crate::domain::session::Session;

use super::app::{App, Opening};
use super::editor::{self, Editor, EditorView};
use super::form::FormOutcome;
use super::keys::Action;
use super::keys::{self, Context};
use super::overlays::WindowView;
use super::paste;
use super::pending::Pending;
use super::screens::Screen;
use super::screens::guide::place_now;
use super::screens::ideas::{self, PicksView, StickersView};
use super::screens::roster::{self, RosterView};
use super::screens::setup;
pub use super::state::Outcome;
use super::widgets;
use std::collections::BTreeMap;

impl App {
    /// Apply what a screen asked for. The only place screens' outcomes
    /// record events or switch screens.
    /// Returns false when an event was refused (the status line says why).
    pub fn apply(&mut self, outcome: Outcome, now: DateTime<Utc>) -> bool {
        match outcome {
            Outcome::Nothing => {}
            Outcome::Record { event, said } => {
                if !self.record(event, now) {
                    return false;
                }
                if let Some(said) = said {
                    self.flash(said, false);
                }
            }
            Outcome::Chain(all) => {
                for o in all {
                    if !self.apply(o, now) {
                        return false;
                    }
                }
            }
            Outcome::Flash(words) => self.flash(words, false),
            Outcome::Refuse(words) => self.flash(words, true),
            Outcome::Open(overlay) => self.overlay = Some(overlay),
            Outcome::Help => self.overlay = Some(self.help()),
            Outcome::Goto(screen) => self.screen = screen,
            Outcome::Picks => self.open_picks(),
            Outcome::Step(key) => self.go_step(key, now),
            Outcome::Write(kind) => self.open_editor(kind, now),
            Outcome::EditNote(id) => self.edit_note(id),
            Outcome::Quit => self.ask_quit(),
            Outcome::QuitNow => self.quit = true,
            // The screen's key handler does it (see `stickers_key`).
            Outcome::Redo => {}
            Outcome::Resume(id) => {
                // Read, repaired and synced on a thread: the key does not
                // wait on the disk.
                // In whichever folder read holds it (as the start screen
                // counted it), and written there.
                let dir = self.ctx.dir.clone();
                self.open_in_background(
                    format!("Opening {id}…"),
                    Opening::Resume(now),
                    move || {
                        let (folder, id) = dir.resolve(&id).map_err(|e| e.to_string())?;
                        folder.open(&id).map_err(|e| e.to_string())
                    },
                );
            }
            Outcome::CloseEditor => self.editor = None,
            Outcome::CloseForm => {
                if let Screen::Roster(st) = &mut self.screen {
                    st.form = None;
                }
            }
            Outcome::StartOrQuit => {
                if !self.show_start() {
                    self.quit = true;
                }
            }
            Outcome::Create {
                profile,
                plan,
                date,
            } => self.create_in_background(profile, plan, date, now),
            // Windows (issue 14, k4).
            Outcome::Close => self.overlay = None,
            Outcome::ShowEnded => {
                self.show_ended_if_over();
            }
        }
        true
    }

    /// A key for the window over the screen: the window says what it wants
    /// ([`overlays::on_key`](super::overlays::on_key)), the app does it.
    pub(crate) fn overlay_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(ov) = self.overlay.as_mut() else {
            return;
        };
        let view = WindowView {
            pack: &self.ctx.pack,
            session: self.live.as_ref().map(|l| &l.session),
            coverage: &self.coverage,
        };
        let outcome = super::overlays::on_key(ov, &key, &view);
        self.apply(outcome, now);
    }

    /// Open the picks screen (refreshing coverage).
    pub(crate) fn open_picks(&mut self) {
        // Other groups' sessions may have changed since: read them again,
        // off the keystroke path (a pick waits for it, see `on_key`).
        self.refresh_coverage_in_background();
        self.screen = Screen::Picks(Default::default());
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

// The note editor, paste and the forms (issue 14, k3): the keys go to the
// component, which returns what the app applies.
impl App {
    /// A key for the shown note editor.
    pub(crate) fn editor_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let state = self.live.as_ref().map(|l| l.session.state());
        let view = EditorView {
            roster: state
                .map(|s| s.roster().map(|p| p.id).collect())
                .unwrap_or_default(),
            codes: self.ctx.pack.codes.clone(),
            next_note_id: state.map_or(1, |s| s.next_note_id()),
        };
        let Some(ed) = self.editor.as_mut() else {
            return;
        };
        let input = ed.input_of(&key);
        let outcome = editor::on_action(ed, input, &view);
        self.apply(outcome, now);
    }

    /// Take in a paste: into the focused text field, or ignored with a
    /// message (see [`paste`]). Never read as keys.
    pub fn on_paste(&mut self, text: &str, now: DateTime<Utc>) {
        let outcome = paste::into_focus(
            self.overlay.as_mut(),
            self.editor.as_mut(),
            &mut self.screen,
            text,
        );
        self.apply(outcome, now);
        if self.editor.as_ref().is_some_and(|e| e.visible) {
            self.sync_draft();
        }
    }

    /// A key for the profile form.
    pub(crate) fn setup_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let live = self.live.is_some();
        let Screen::Setup(form) = &mut self.screen else {
            return;
        };
        let input = form.input_of(&key);
        let outcome = setup::on_input(form, input, live, &self.ctx.pack, now);
        self.apply(outcome, now);
    }

    /// A key for the roster, or its participant form.
    pub(crate) fn roster_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let pack = &self.ctx.pack;
        let next_id = live.session.state().next_participant_id();
        let Screen::Roster(st) = &mut self.screen else {
            return;
        };
        let outcome = if let Some((form, _)) = st.form.as_ref() {
            let input = form.input_of(&key);
            let people: Vec<_> = live.session.state().roster().cloned().collect();
            roster::on_form(st, input, next_id, &pack.method.roster, &people)
        } else {
            let view = RosterView::of(live.session.state(), live.session.plan());
            roster::on_action(st, keys::action(Context::Roster, &key), &view, pack, now)
        };
        self.apply(outcome, now);
    }

    /// Make the folder, choose the id and write the first files on a
    /// thread: the key does not wait on the disk.
    fn create_in_background(
        &mut self,
        profile: GroupProfile,
        plan: String,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) {
        let dir = self.ctx.dir.clone();
        let pack = self.ctx.pack.clone();
        let work = move || {
            dir.ensure().map_err(|e| e.to_string())?;
            dir.keep_pack(&pack.files).map_err(|e| e.to_string())?;
            let id = dir.new_id(date, &profile.location);
            let (uuid, device) = crate::store::new_identity(now);
            let first =
                Session::created_event_with_identity(&id, &plan, &pack, profile, now, uuid, device);
            dir.create(&id, std::slice::from_ref(&first))
                .map_err(|e| e.to_string())
        };
        self.open_in_background("Creating the session…".into(), Opening::Create(now), work);
    }
}

// Idea testing: the sticker vote, the picks and Stage 3 (their screens are
// in `screens::ideas`), and the coverage the picks rest on.
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

    /// A key on the sticker screen: the key table says which action, the
    /// screen says what it wants, the app applies it (and, when the screen
    /// asks, the same action again once a typed count is recorded).
    pub(crate) fn stickers_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let action = keys::typed_action(Context::Stickers, &key)
            .or_else(|| keys::action(Context::Everywhere, &key));
        loop {
            let Some(view) = self
                .live
                .as_ref()
                .map(|l| StickersView::of(&self.ctx.pack, l.session.state()))
            else {
                return;
            };
            let Screen::Stickers(st) = &mut self.screen else {
                return;
            };
            let outcome = ideas::stickers_action(st, action, &view);
            let again =
                matches!(&outcome, Outcome::Chain(all) if all.last() == Some(&Outcome::Redo));
            if !self.apply(outcome, now) || !again {
                return;
            }
        }
    }

    /// On leaving the app: record a count still typed in a sticker cell.
    /// Returns what to say if it could not be recorded.
    pub(crate) fn settle_typed_count(&mut self, now: DateTime<Utc>) -> Option<String> {
        let view = self
            .live
            .as_ref()
            .map(|l| StickersView::of(&self.ctx.pack, l.session.state()))?;
        let Screen::Stickers(st) = &mut self.screen else {
            return None;
        };
        if st.typed.is_empty() {
            return None;
        }
        let what = format!(
            "{} for {}",
            st.typed,
            ideas::cell_words(&view, st.row, st.col)
        );
        let event = ideas::sticker_commit(st, &view)?;
        if self.apply(Outcome::Record { event, said: None }, now) {
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

    /// A key on the picks screen (choosing another idea: digits and the
    /// reason are typed).
    pub(crate) fn picks_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let reading = self.pending_coverage.is_running();
        let (Some(live), Screen::Picks(st)) = (self.live.as_ref(), &mut self.screen) else {
            return;
        };
        let view = PicksView::of(
            &self.ctx.pack,
            &live.session,
            &self.coverage,
            reading,
            st.sel,
        );
        let action = if st.other.is_some() {
            keys::typed_action(Context::PicksOther, &key)
        } else {
            keys::action(Context::Picks, &key).or_else(|| keys::action(Context::Everywhere, &key))
        };
        let outcome = ideas::picks_action(st, action, &view);
        self.apply(outcome, now);
    }

    /// A key on the questionnaire screen (every pack's, the built-in
    /// Stage 3 too): choosing a participant, or their answers' form.
    pub(crate) fn questionnaire_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let q = widgets::questionnaire::at_current(&self.ctx.pack, &live.session).cloned();
        let state = live.session.state();
        let (people, answers): (Vec<u32>, _) = match &q {
            Some(q) => (
                widgets::questionnaire::people(state, q)
                    .iter()
                    .map(|p| p.id)
                    .collect(),
                state.questionnaires.get(&q.id).cloned().unwrap_or_default(),
            ),
            None => (Vec::new(), BTreeMap::new()),
        };
        let Screen::Questionnaire(st) = &mut self.screen else {
            return;
        };
        if let (Some((form, id)), Some(q)) = (st.form.as_mut(), &q) {
            match form.key(key) {
                FormOutcome::Editing => {}
                FormOutcome::Cancel => st.form = None,
                FormOutcome::Submit => {
                    let answers = widgets::questionnaire::answers_from(q, form);
                    let event = Event::answered(&q.id, *id, answers);
                    if self.apply(Outcome::Record { event, said: None }, now)
                        && let Screen::Questionnaire(st) = &mut self.screen
                    {
                        st.form = None;
                    }
                }
            }
            return;
        }
        let action = keys::action(Context::Stage3, &key);
        if action == Some(Action::Accept) {
            if let (Some(id), Some(q)) =
                (people.get(st.sel.min(people.len().saturating_sub(1))), &q)
            {
                st.form = Some((widgets::questionnaire::form(q, answers.get(id)), *id));
            }
            return;
        }
        let outcome = ideas::questionnaire_action(st, action, people.len());
        self.apply(outcome, now);
    }
}
