//! The app: which screen is showing, the live session, and the key
//! dispatch. Screens keep their own small state in [`Screen`]; drawing only
//! reads (see [`super::view`]).

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::event::{Event, Shown};
use crate::domain::session::{Refused, Session};
use crate::stimulus::Pack;
use crate::store::{OpenSession, SessionsDir, WriterStatus};

use super::editor::Editor;
use super::keys;
use super::overlays::Overlay;
use super::pending::Pending;
pub use super::screens::Screen;
use super::screens::ended::{self, EndedState};
use super::screens::guide::{self, GuideState, GuideView};
use super::screens::start::{self, StartState};
use super::screens::{roster::RosterState, setup};
use crate::domain::ideas::Coverage;

/// What the app works with: the pack and the sessions folder.
pub struct Ctx {
    /// The stimulus pack.
    pub pack: Pack,
    /// Where sessions are saved.
    pub dir: SessionsDir,
}

/// The session being run, and its open files.
pub struct Live {
    /// The timeline and its state.
    pub session: Session,
    /// The open files (journal writer, lock).
    pub open: OpenSession,
}

impl Live {
    /// Check and record an event, and hand it to the writer (never waits on disk).
    pub fn record(&mut self, pack: &Pack, event: Event, now: DateTime<Utc>) -> Result<(), Refused> {
        let rec = self.session.record(pack, event, now)?;
        self.open.writer.append(&rec);
        Ok(())
    }

    /// The writer's health.
    pub fn save_status(&self) -> WriterStatus {
        self.open.writer.status()
    }
}

/// A message on the status line: what just happened, or why not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    /// The words.
    pub text: String,
    /// A refusal or a failure (shown with "!").
    pub error: bool,
}

/// The whole app.
pub struct App {
    /// Pack and folder.
    pub ctx: Ctx,
    /// The screen showing.
    pub screen: Screen,
    /// A window over the screen, if any.
    pub overlay: Option<Overlay>,
    /// The note editor, if open (kept while hidden so the draft survives).
    pub editor: Option<Editor>,
    /// The live session, once created or resumed.
    pub live: Option<Live>,
    /// The status line.
    pub flash: Option<Flash>,
    /// Set when the app should end.
    pub quit: bool,
    /// Which ideas the other groups in the folder discussed (loaded when
    /// a session opens and when the picks screen opens).
    pub coverage: Coverage,
    /// Coverage being read on a thread of its own, so that the first frame
    /// does not wait on every session in the folder (see
    /// [`App::settle_coverage`]).
    pub pending_coverage: Pending<(Coverage, Vec<String>)>,
    /// The start screen's unfinished sessions, being looked for (see
    /// [`App::settle_start`]).
    pub pending_start: Pending<StartState>,
    /// A session being opened or created on a thread of its own (reading,
    /// repairing and syncing its files), so that no key waits on the disk
    /// (see [`App::settle_open`]).
    pub pending_open: Pending<(Opening, Result<OpenSession, String>)>,
    /// While a session is being opened or created: what the status line
    /// says ("Opening …").
    pub opening: Option<String>,
}

/// What is being opened off the key path, and when the moderator asked.
pub enum Opening {
    /// An unfinished session, to carry on with.
    Resume(DateTime<Utc>),
    /// A new session.
    Create(DateTime<Utc>),
}

impl App {
    /// The app on its start screen (or straight on the new-group form when
    /// the folder holds no session yet).
    pub fn new(ctx: Ctx, now: DateTime<Utc>) -> App {
        let form = Screen::Setup(setup::profile_form(&ctx.pack, None, now.date_naive()));
        let mut app = App::on_screen(ctx, form);
        app.show_start();
        app
    }

    /// The app on a session opened for resuming.
    pub fn resumed(ctx: Ctx, open: OpenSession, now: DateTime<Utc>) -> App {
        let mut app = App::on_screen(ctx, Screen::Start(StartState::default()));
        app.attach(open, now);
        app
    }

    fn on_screen(ctx: Ctx, screen: Screen) -> App {
        App {
            ctx,
            screen,
            overlay: None,
            editor: None,
            live: None,
            flash: None,
            quit: false,
            coverage: Coverage::default(),
            pending_coverage: Pending::Idle,
            pending_start: Pending::Idle,
            pending_open: Pending::Idle,
            opening: None,
        }
    }

    /// Open (`Opening::Resume`) or create a session with `work` on a
    /// thread; the status line says `words` until [`App::settle_open`]
    /// takes the result.
    pub(crate) fn open_in_background<F>(&mut self, words: String, what: Opening, work: F)
    where
        F: FnOnce() -> Result<OpenSession, String> + Send + 'static,
    {
        self.opening = Some(words);
        self.pending_open = Pending::start("open", move || (what, work()));
    }

    /// Whether work read off the folder is still under way.
    pub fn busy(&self) -> bool {
        self.opening.is_some()
            || self.pending_coverage.is_running()
            || self.pending_start.is_running()
    }

    /// Take the session opened or created in the background once it is
    /// ready (or, with `wait`, now), and show it. Returns whether anything
    /// changed.
    pub fn settle_open(&mut self, wait: bool) -> bool {
        if self.opening.is_none() {
            return false;
        }
        let Some((what, result)) = self.pending_open.take(wait) else {
            if matches!(self.pending_open, Pending::Idle) {
                // The work panicked: say so rather than wait for ever.
                self.opening = None;
                self.flash("The session could not be opened (an internal error).", true);
                return true;
            }
            return false;
        };
        self.opening = None;
        match (what, result) {
            (Opening::Resume(now), Ok(open)) => self.attach(open, now),
            (Opening::Resume(_), Err(e)) => self.flash(e, true),
            (Opening::Create(now), Ok(open)) => self.created(open, now),
            (Opening::Create(_), Err(e)) => {
                self.flash(format!("Could not create the session: {e}"), true)
            }
        }
        true
    }

    /// Take over an opened session: fold it, say what was recovered, put
    /// back an unsent draft, and show the right screen.
    pub fn attach(&mut self, open: OpenSession, now: DateTime<Utc>) {
        let mut recovered = open.loaded.recovery.summary();
        let draft = open.loaded.draft.clone();
        // A session carries on with the pack it ran with (the folder keeps
        // a copy), whatever pack the app was started with; the disk is read
        // only when the two differ.
        let first = open.loaded.events.get(..1).unwrap_or_default();
        if let Some(Event::Created { pack_hash, .. }) = first.first().map(|r| &r.event)
            && pack_hash.as_deref() != Some(self.ctx.pack.files.hash().as_str())
        {
            // Kept in the folder the session is in.
            let of = self
                .ctx
                .dir
                .within(&open.folder)
                .pack_of_events(first, &self.ctx.pack);
            self.ctx.pack = of.pack;
            if let Some(note) = of.note {
                recovered = Some(match recovered {
                    Some(r) => format!("{note} {r}"),
                    None => note,
                });
            }
        }
        let session = Session::from_events(&self.ctx.pack, open.loaded.events.clone());
        let mut live = Live { session, open };
        let _ = live.record(
            &self.ctx.pack,
            Event::Opened {
                recovered: recovered.clone(),
            },
            now,
        );
        let started = live.session.state().started_at.is_some();
        self.live = Some(live);
        self.refresh_coverage_in_background();
        self.screen = if !self.is_live() {
            Screen::Ended(EndedState::default())
        } else if started {
            Screen::Guide(GuideState::default())
        } else {
            Screen::Roster(RosterState::default())
        };
        if let Some(mut d) = draft.and_then(|d| Editor::from_draft(&d)) {
            let ended = !self.is_live();
            d.visible &= !ended;
            self.editor = Some(d);
            // The note first: the status line is one line, cut at its end.
            let mut msg = if ended {
                "Your unsent note was kept, but the session has ended: reopen it (E) to save the note."
                    .to_string()
            } else {
                "Your unsent note was kept: it is back in the editor.".to_string()
            };
            if let Some(r) = recovered {
                msg = format!("{msg} {r}");
            }
            self.flash(msg, false);
        } else if let Some(r) = recovered {
            self.flash(r, false);
        } else {
            let id = self
                .live
                .as_ref()
                .map(|l| l.session.state().id.clone())
                .unwrap_or_default();
            self.flash(format!("Resumed session {id}."), false);
        }
    }

    /// Take over a session just created: on the roster, ready to add people.
    pub(crate) fn created(&mut self, open: OpenSession, now: DateTime<Utc>) {
        let session = Session::from_events(&self.ctx.pack, open.loaded.events.clone());
        self.live = Some(Live { session, open });
        self.record(Event::Opened { recovered: None }, now);
        self.refresh_coverage_in_background();
        self.screen = Screen::Roster(RosterState::default());
        self.flash(
            "Session created. a: add participants · s: start the guide.",
            false,
        );
    }

    /// The computer's clock was changed by `by_s` seconds while the app ran
    /// (see [`crate::wallclock`]): record it in a live session, and say so
    /// once. The timeline goes on with the time that really passed.
    pub fn clock_jumped(&mut self, by_s: i64, now: DateTime<Utc>) {
        if !self.is_live() {
            return;
        }
        if self.record(Event::ClockJumped { by_s }, now) {
            let way = if by_s < 0 { "back" } else { "ahead" };
            self.flash(
                format!(
                    "Computer clock jumped {} {way}; the session keeps real time.",
                    crate::domain::clock::hms(by_s)
                ),
                false,
            );
        }
    }

    /// Show a message on the status line.
    pub fn flash(&mut self, text: impl Into<String>, error: bool) {
        self.flash = Some(Flash {
            text: text.into(),
            error,
        });
    }

    /// Record an event in the live session; a refusal goes to the status
    /// line and changes nothing. Returns whether it was recorded.
    pub fn record(&mut self, event: Event, now: DateTime<Utc>) -> bool {
        let Some(live) = self.live.as_mut() else {
            self.flash("No session is open.", true);
            return false;
        };
        match live.record(&self.ctx.pack, event, now) {
            Ok(()) => true,
            Err(Refused(why)) => {
                self.flash(why, true);
                false
            }
        }
    }

    /// Whether a session is open and not finished.
    pub fn is_live(&self) -> bool {
        self.live
            .as_ref()
            .is_some_and(|l| l.session.state().is_live())
    }

    /// Handle one key press.
    pub fn on_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        self.dispatch(key, now);
        self.sync_showing(now);
    }

    /// Record what the room is being shown (a poster, the wall, the values
    /// slide) when it changes, so the projector view follows the moderator.
    fn sync_showing(&mut self, now: DateTime<Utc>) {
        let Some(live) = self.live.as_mut() else {
            return;
        };
        let state = live.session.state();
        if state.started_at.is_none() || !state.is_live() {
            return;
        }
        let shown = match &self.overlay {
            Some(Overlay::Values) => Some(Shown::ValuesSlide),
            Some(Overlay::Posters { wall: true, .. }) => Some(Shown::Wall),
            Some(Overlay::Posters { idea, .. }) => self
                .ctx
                .pack
                .ideas
                .get(*idea)
                .map(|i| Shown::Poster { idea: i.number }),
            _ => None,
        };
        if shown != state.showing {
            // Nothing the moderator typed depends on this: a refusal is not shown.
            let _ = live.record(&self.ctx.pack, Event::Showing { shown }, now);
        }
    }

    fn dispatch(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.quit = true;
            return;
        }
        self.flash = None;
        // A session being opened: nothing to act on until it is here.
        self.settle_open(false);
        if let Some(what) = &self.opening {
            let words = format!("{what} A moment: keys wait until it is open.");
            self.flash(words, false);
            return;
        }
        // Coverage read off the folder is taken if it is ready; no key waits
        // for it (a pick made on it says to try again in a moment).
        self.settle_coverage(false);
        // Keys on the start screen act on the list as it shows: the
        // sessions found so far are taken if ready, never waited for.
        if matches!(self.screen, Screen::Start(_)) {
            self.settle_start(false);
        }
        if key.code == KeyCode::F(1) && !matches!(self.overlay, Some(Overlay::Help { .. })) {
            self.overlay = Some(self.help());
            return;
        }
        if self.overlay.is_some() {
            self.overlay_key(key, now);
            return;
        }
        // An ended session takes no keys that record (see `ended_key`).
        if self.show_ended_if_over() && matches!(self.screen, Screen::Ended(_)) {
            self.ended_key(key, now);
            return;
        }
        if self.editor.as_ref().is_some_and(|e| e.visible) {
            self.editor_key(key, now);
            self.sync_draft();
            return;
        }
        match &self.screen {
            Screen::Start(_) => self.start_key(key, now),
            Screen::Setup(_) => self.setup_key(key, now),
            Screen::Roster(_) => self.roster_key(key, now),
            Screen::Guide(_) => self.guide_key(key, now),
            Screen::Stickers(_) => self.stickers_key(key, now),
            Screen::Picks(_) => self.picks_key(key, now),
            Screen::Questionnaire(_) => self.questionnaire_key(key, now),
            Screen::Ended(_) => self.ended_key(key, now),
        }
    }

    /// Show the start screen, if the folder holds any session: at once,
    /// with the unfinished sessions filled in when the folder has been read
    /// (on a thread: a folder of a whole fieldwork takes a moment). Returns
    /// false, changing nothing, when the folder holds no session.
    pub(crate) fn show_start(&mut self) -> bool {
        let ids = match self.ctx.dir.all_ids() {
            Ok(ids) if ids.is_empty() => return false,
            Ok(ids) => ids,
            Err(e) => {
                self.screen = Screen::Start(StartState {
                    problems: vec![e.to_string()],
                    ..StartState::default()
                });
                return true;
            }
        };
        self.screen = Screen::Start(StartState {
            looking: Some(ids.len()),
            ..StartState::default()
        });
        let dir = self.ctx.dir.clone();
        self.pending_start = Pending::start("start", move || StartState::scan(&dir, &ids));
        true
    }

    /// Put the unfinished sessions on the start screen once they have been
    /// found (or, with `wait`, now). Returns whether anything changed.
    pub fn settle_start(&mut self, wait: bool) -> bool {
        let Some(found) = self.pending_start.take(wait) else {
            return false;
        };
        let Screen::Start(st) = &mut self.screen else {
            // The moderator has moved on.
            return false;
        };
        st.sel = st.sel.min(found.sessions.len());
        st.sessions = found.sessions;
        st.headings = found.headings;
        st.problems = found.problems;
        st.looking = None;
        true
    }

    /// A key on the start screen.
    fn start_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Screen::Start(st) = &mut self.screen else {
            return;
        };
        let outcome = start::on_action(
            st,
            keys::action(keys::Context::Start, &key),
            &self.ctx.pack,
            now,
        );
        self.apply(outcome, now);
    }

    /// A key on the guide: the key table says which action, the guide
    /// says what it wants, the app applies it.
    fn guide_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Some(view) = self
            .live
            .as_ref()
            .and_then(|l| GuideView::of(&self.ctx.pack, &l.session))
        else {
            return;
        };
        let Screen::Guide(st) = &mut self.screen else {
            return;
        };
        let ctx = if st.confirm_delete.is_some() {
            keys::Context::GuideConfirm
        } else {
            keys::Context::Guide
        };
        let outcome = guide::on_action(st, keys::action(ctx, &key), &view);
        self.apply(outcome, now);
    }

    /// A key on an ended session.
    pub(crate) fn ended_key(&mut self, key: KeyEvent, now: DateTime<Utc>) {
        let Screen::Ended(st) = &mut self.screen else {
            return;
        };
        let outcome = ended::on_action(st, keys::action(keys::Context::Ended, &key));
        self.apply(outcome, now);
    }

    /// Show the ended screen if the open session has ended (and is not
    /// already on it). Returns whether it has ended.
    pub(crate) fn show_ended_if_over(&mut self) -> bool {
        let ended = self
            .live
            .as_ref()
            .is_some_and(|l| !l.session.state().is_live());
        if ended
            && !matches!(
                self.screen,
                Screen::Ended(_) | Screen::Start(_) | Screen::Setup(_)
            )
        {
            self.screen = Screen::Ended(EndedState::default());
        }
        ended
    }

    /// Keys every screen with a session shares. Returns true if handled.
    pub fn common_key(&mut self, key: KeyEvent) -> bool {
        let live = self.live.is_some();
        match keys::action(keys::Context::Everywhere, &key) {
            Some(keys::Action::Help) if key.code != KeyCode::F(1) => {
                self.overlay = Some(self.help())
            }
            Some(keys::Action::Statement) if live => self.overlay = Some(Overlay::Statement),
            Some(keys::Action::Coverage) if live => {
                self.overlay = Some(Overlay::Coverage { scroll: 0 })
            }
            Some(keys::Action::Quit) => self.ask_quit(),
            _ => return false,
        }
        true
    }

    /// The help window, opened on the keys of the screen showing.
    pub fn help(&self) -> Overlay {
        let first = match &self.screen {
            Screen::Start(_) => "Everywhere",
            Screen::Setup(_) => "Forms",
            Screen::Roster(st) if st.form.is_some() => "Forms",
            Screen::Roster(_) => "Roster",
            Screen::Guide(_) => "Guide",
            Screen::Stickers(_) | Screen::Picks(_) => "Idea testing",
            Screen::Questionnaire(st) if st.form.is_some() => "Forms",
            Screen::Questionnaire(_) => "Idea testing",
            Screen::Ended(_) => "Guide",
        };
        Overlay::Help { scroll: 0, first }
    }

    /// `q`: leave at once when nothing is live, else ask first.
    pub fn ask_quit(&mut self) {
        if self.is_live() {
            self.overlay = Some(Overlay::ConfirmQuit);
        } else {
            self.quit = true;
        }
    }

    /// Hand the editor's current draft to the writer (it saves it within a second).
    pub fn sync_draft(&mut self) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let draft = self.editor.as_ref().and_then(Editor::draft);
        live.open.writer.set_draft(draft);
    }

    /// Leave the app: record that it closed (the session stays live), flush
    /// and close the files.
    pub fn shutdown(&mut self, now: DateTime<Utc>) -> Option<String> {
        // A session still being opened is taken, so it is closed properly.
        self.settle_open(true);
        self.sync_draft();
        let dropped = self.settle_typed_count(now);
        let live = self.live.take()?;
        let mut live = live;
        let _ = live.record(&self.ctx.pack, Event::Closed, now);
        let id = live.session.state().id.clone();
        let finished = !live.session.state().is_live();
        let said = match live.open.close() {
            Ok(()) if finished => format!("Session {id} is finished and saved."),
            Ok(()) => format!(
                "Session {id} is saved and still live. Resume with: facilitator run --resume {id}"
            ),
            // The error says what is where (the journal complete, or where
            // a complete copy went, or that none could be written).
            Err(e) => {
                format!("The final save failed: {e}. Resume with: facilitator run --resume {id}")
            }
        };
        Some(match dropped {
            Some(d) => format!("{d}\n{said}"),
            None => said,
        })
    }
}
