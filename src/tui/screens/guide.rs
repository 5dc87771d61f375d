//! The guide screen: the current step's questions, probes and moderator
//! notes on the left, what was captured in this step on the right, the
//! clocks above.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::domain::clock::{Schedule, hms, tape};
use crate::domain::event::{Event, NoteKind, NotePlace};
use crate::domain::plan::PlanStep;
use crate::domain::session::Session;
use crate::domain::state::{Note, SessionState};
use crate::stimulus::{Pack, Section, Step};
use crate::tui::app::{App, Screen};
use crate::tui::editor::Editor;
use crate::tui::overlays::Overlay;
use crate::tui::screens::roster::RosterState;
pub use crate::tui::text::{hanging, truncate, wrap};
use crate::tui::theme;

/// Which side of the guide screen has the cursor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Pane {
    /// The guide: probes can be ticked.
    #[default]
    Guide,
    /// The notes of this step: can be edited or struck out.
    Notes,
}

/// The guide screen's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuideState {
    /// Which pane has the cursor.
    pub pane: Pane,
    /// Selected probe.
    pub probe: usize,
    /// Selected note (index among this step's notes).
    pub note: usize,
    /// Asking to confirm striking out this note.
    pub confirm_delete: Option<u32>,
    /// Lines the guide pane is scrolled by hand (steps without probes).
    pub scroll: u16,
}

/// What kind of step the moderator is in, for the keys it offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// A step walked as the guide has it.
    Plain,
    /// The gallery and sticker vote.
    Gallery,
    /// Discussing a picked idea.
    Discussion,
    /// The last stage: public services and change (the guide's final step).
    Stage3,
}

/// The kind of the current step.
pub fn step_kind(pack: &Pack, session: &Session) -> Option<StepKind> {
    let (ps, _) = current(pack, session)?;
    let last = session.plan().steps.last().map(|s| s.key.as_str());
    Some(if ps.slot.is_some() {
        StepKind::Discussion
    } else if is_gallery(pack, ps) {
        StepKind::Gallery
    } else if last == Some(ps.key.as_str()) {
        StepKind::Stage3
    } else {
        StepKind::Plain
    })
}

/// The current plan step and its guide text.
pub fn current<'a>(pack: &'a Pack, session: &'a Session) -> Option<(&'a PlanStep, &'a Step)> {
    let key = session.state().current_step.as_deref()?;
    let ps = session.plan().get(key)?;
    let (_, step) = ps.guide(pack)?;
    Some((ps, step))
}

/// The current section of the current step, if the step has sections.
pub fn current_section<'a>(step: &'a Step, state: &SessionState) -> Option<&'a Section> {
    let id = state.current_section.as_deref();
    id.and_then(|id| step.sections.iter().find(|s| s.id == id))
        .or_else(|| step.sections.first())
}

/// Where a note typed now belongs.
pub fn place_now(pack: &Pack, session: &Session) -> Option<NotePlace> {
    let (ps, step) = current(pack, session)?;
    Some(NotePlace {
        step: ps.key.clone(),
        section: current_section(step, session.state()).map(|s| s.id.clone()),
        idea: ps.slot.and_then(|slot| session.state().idea_in_slot(slot)),
    })
}

/// The probes that can be ticked now: (section id, index, text).
fn probes<'a>(step: &'a Step, state: &SessionState) -> Vec<(Option<String>, usize, &'a str)> {
    match current_section(step, state) {
        Some(sec) => sec
            .probes
            .iter()
            .enumerate()
            .map(|(i, p)| (Some(sec.id.clone()), i, p.as_str()))
            .collect(),
        None => step
            .probes
            .iter()
            .enumerate()
            .map(|(i, p)| (None, i, p.as_str()))
            .collect(),
    }
}

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

/// A note or quote as lines of the notes pane: the time, the text wrapped
/// (at most four lines), then who said it and its codes.
pub fn note_lines(
    n: &Note,
    state: &SessionState,
    selected: bool,
    width: usize,
) -> Vec<Line<'static>> {
    let mark = if selected {
        theme::CURSOR
    } else {
        theme::NO_CURSOR
    };
    let style = if selected {
        theme::selected()
    } else {
        theme::text()
    };
    // Only the lines that show are laid out (a note may be very long).
    let indent = 10;
    let text_w = width.saturating_sub(indent).max(10);
    let mut wrapped = match n.kind {
        NoteKind::Quote => crate::tui::text::wrap_max(&format!("“{}”", n.text), text_w, 5),
        NoteKind::Note => crate::tui::text::wrap_max(&n.text, text_w, 5),
    };
    if wrapped.len() > 4 {
        wrapped.truncate(4);
        if let Some(last) = wrapped.last_mut() {
            last.push('…');
        }
    }
    let mut lines = Vec::new();
    for (i, w) in wrapped.into_iter().enumerate() {
        let lead = if i == 0 {
            vec![
                Span::raw(mark),
                Span::styled(n.at.format("%H:%M ").to_string(), theme::dim()),
                Span::styled(
                    if n.kind == NoteKind::Quote {
                        "❝ "
                    } else {
                        "• "
                    },
                    theme::key(),
                ),
            ]
        } else {
            vec![Span::raw(" ".repeat(indent))]
        };
        let mut spans = lead;
        spans.push(Span::styled(w, style));
        lines.push(Line::from(spans));
    }
    let mut who = Vec::new();
    if n.starred {
        who.push("★".to_string());
    }
    match state.note_offset(n) {
        Some((rec, off)) if state.recordings.len() > 1 => {
            who.push(format!("[{rec}: {}]", tape(off)))
        }
        Some((_, off)) => who.push(format!("[{}]", tape(off))),
        None if !state.recordings.is_empty() => who.push("[not on tape]".to_string()),
        None => {}
    }
    if let Some(p) = n.participant.and_then(|id| state.participants.get(&id)) {
        who.push(format!("— {}: {}", p.label, p.attribution(&state.profile)));
    }
    if !n.codes.is_empty() {
        who.push(format!("[{}]", n.codes.join(", ")));
    }
    if n.edited {
        who.push("(edited)".into());
    }
    if !who.is_empty() {
        lines.extend(hanging(
            &" ".repeat(indent),
            &who.join(" "),
            theme::dim(),
            width,
        ));
    }
    lines
}

/// The header: where we are (line 1, left), the step's countdown (line 1,
/// right, never cut), and the session clock with the slip (line 2).
pub struct Header {
    /// Stage › step (n/N).
    pub title: Line<'static>,
    /// "● 4:12 left" or "▲ +1:05 over".
    pub countdown: Line<'static>,
    /// Session clock, slip, pause.
    pub clock: Line<'static>,
}

/// Work out the header for a line `width` characters wide.
pub fn header(pack: &Pack, session: &Session, sched: &Schedule, width: usize) -> Header {
    let state = session.state();
    let plan = session.plan();
    let mut countdown = Line::raw("");
    if let Some(cur) = sched.current() {
        let (style, glyph) = theme::level(cur.level());
        let rem = cur.remaining();
        let text = match (sched.paused, rem < 0) {
            (true, _) => format!(" ⏸ {} PAUSED ", hms(rem.max(0))),
            (false, true) => format!(" {glyph} +{} over ", hms(rem)),
            (false, false) => format!(" {glyph} {} left ", hms(rem)),
        };
        countdown = Line::styled(text, if sched.paused { theme::error() } else { style });
    }
    let room = width.saturating_sub(countdown.width() + 1);
    let title = if let Some((ps, _)) = current(pack, session) {
        let i = plan.index_of(&ps.key).unwrap_or(0);
        let pos = format!("{}/{} ", i + 1, plan.steps.len());
        // In a discussion, the idea under discussion is what matters.
        let step = match ps
            .slot
            .and_then(|slot| state.picks.get(&slot))
            .and_then(|p| pack.idea(p.idea))
        {
            Some(idea) => {
                let part = ps
                    .guide(pack)
                    .map(|(_, s)| s.title.clone())
                    .unwrap_or_default();
                format!("Idea {}: {} · {part}", idea.number, idea.title)
            }
            None => ps.title(pack),
        };
        let stage = format!("{} › ", ps.stage_title(pack));
        // Drop the stage before cutting the step's own title.
        let w = crate::tui::text::width;
        let stage = if w(&pos) + w(&stage) + w(&step) <= room {
            stage
        } else {
            String::new()
        };
        let step = truncate(&step, room.saturating_sub(w(&pos) + w(&stage)));
        Line::from(vec![
            Span::styled(pos, theme::dim()),
            Span::styled(stage, theme::dim()),
            Span::styled(step, theme::heading()),
        ])
    } else if !state.is_live() {
        Line::styled("Session finished", theme::heading())
    } else {
        Line::raw("")
    };
    let mut clock = Vec::new();
    if sched.paused {
        clock.push(Span::styled("⏸ PAUSED (p resumes) · ", theme::error()));
    }
    clock.push(Span::raw(format!(
        "Session {} of {}",
        hms(sched.elapsed),
        hms(sched.target)
    )));
    if state.started_at.is_some() && state.is_live() {
        let slip = sched.slip();
        if slip.abs() < 60 {
            clock.push(Span::styled(" · on plan", theme::ok()));
        } else if slip > 0 {
            clock.push(Span::styled(
                format!(
                    " · ends ~{} ▼ {} min late · g: where to cut",
                    hms(sched.projected),
                    (slip + 30) / 60
                ),
                theme::warn(),
            ));
        } else {
            clock.push(Span::styled(
                format!(
                    " · ends ~{}, {} min early",
                    hms(sched.projected),
                    (-slip + 30) / 60
                ),
                theme::ok(),
            ));
        }
    }
    Header {
        title,
        countdown,
        clock: Line::from(clock),
    }
}

/// Draw the guide screen.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    st: &GuideState,
    session: &Session,
    pack: &Pack,
    now: DateTime<Utc>,
) {
    let state = session.state();
    let sched = Schedule::at(state, session.plan(), now);
    let [head, body] = Layout::vertical([Constraint::Length(4), Constraint::Min(4)]).areas(area);
    let mut title = format!(" {} · {} ", state.profile.location, state.id);
    if let Some(r) = state.recordings.last().filter(|r| r.stopped.is_none()) {
        title.push_str(&format!(
            "· ● REC {} {} ",
            state.recordings.len(),
            tape((now - r.start()).num_seconds())
        ));
    }
    let block = Block::bordered().title(title);
    let inner = block.inner(head);
    f.render_widget(block, head);
    let h = header(pack, session, &sched, inner.width as usize);
    let [line1, line2] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
    let [title, count] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(h.countdown.width() as u16),
    ])
    .areas(line1);
    f.render_widget(Paragraph::new(h.title), title);
    f.render_widget(Paragraph::new(h.countdown), count);
    f.render_widget(Paragraph::new(h.clock), line2);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body);
    let Some((ps, step)) = current(pack, session) else {
        f.render_widget(
            Paragraph::new("The session is finished. Press q to leave; export and replay work from the saved file.")
                .wrap(Wrap { trim: true })
                .block(Block::bordered()),
            body,
        );
        return;
    };
    f.render_widget(guide_text(st, ps, step, session, pack, left), left);
    f.render_widget(notes_panel(st, ps, session, pack, right), right);
}

fn section_title(t: &str) -> Line<'static> {
    Line::styled(t.to_string(), theme::heading())
}

fn guide_text<'a>(
    st: &GuideState,
    ps: &PlanStep,
    step: &Step,
    session: &Session,
    pack: &Pack,
    area: Rect,
) -> Paragraph<'a> {
    let state = session.state();
    let width = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for n in &step.notes {
        lines.extend(hanging("✎ ", n, theme::moderator(), width));
    }
    for a in &step.activity {
        lines.extend(hanging("• ", a, theme::text(), width));
    }
    if !step.sections.is_empty() {
        let cur = current_section(step, state).map(|s| s.id.clone());
        let items = step
            .sections
            .iter()
            .map(|s| {
                if Some(&s.id) == cur.as_ref() {
                    (format!("[{}]", s.title), theme::selected())
                } else {
                    (s.title.clone(), theme::dim())
                }
            })
            .collect();
        lines.extend(crate::tui::text::flow(items, width));
    }
    let (questions, section_id) = match current_section(step, state) {
        Some(s) => (&s.questions, Some(s.id.clone())),
        None => (&step.questions, None),
    };
    if !questions.is_empty() {
        lines.push(section_title("Ask"));
        for q in questions {
            lines.extend(hanging("  ", q, theme::text(), width));
        }
    }
    let probe_list = probes(step, state);
    if !probe_list.is_empty() {
        lines.push(section_title("Probes (space to tick)"));
        let sel = st.probe.min(probe_list.len() - 1);
        for (i, (_, pi, text)) in probe_list.iter().enumerate() {
            let ticked = state
                .probes
                .contains(&(ps.key.clone(), section_id.clone(), *pi));
            let here = st.pane == Pane::Guide && i == sel;
            let style = if here {
                theme::selected()
            } else if ticked {
                theme::dim()
            } else {
                theme::text()
            };
            let mut item = hanging(if ticked { "[x] " } else { "[ ] " }, text, style, width - 2);
            for (j, l) in item.iter_mut().enumerate() {
                let lead = if j > 0 {
                    theme::NO_CURSOR
                } else if here {
                    theme::CURSOR
                } else {
                    theme::NO_CURSOR
                };
                l.spans.insert(0, Span::raw(lead));
            }
            lines.extend(item);
        }
    }
    if step.values_slide {
        lines.push(Line::styled(
            "w: show the slide \"Values: emerging findings\"",
            theme::key(),
        ));
    }
    if step.asks_consent {
        let (mut yes, mut no, mut unasked) = (0, 0, 0);
        for p in state.roster() {
            match p.consent {
                Some(true) => yes += 1,
                Some(false) => no += 1,
                None => unasked += 1,
            }
        }
        lines.push(section_title("Permission to record"));
        lines.extend(hanging(
            "",
            &format!("{yes} yes, {no} no, {unasked} not asked · r: roster, c there to record it"),
            if unasked > 0 || no > 0 {
                theme::warn()
            } else {
                theme::ok()
            },
            width,
        ));
    }
    if ps.step == 0
        && session.plan().steps.iter().any(|s| s.slot.is_some())
        && ps.slot.is_none()
        && is_gallery(pack, ps)
    {
        lines.push(section_title("The nine ideas (P: posters)"));
        for idea in &pack.ideas {
            lines.push(Line::raw(format!(
                "{:>2}. {} ({})",
                idea.number, idea.title, idea.theme
            )));
        }
    }
    if let Some(slot) = ps.slot {
        // The idea under discussion goes first: it is what the step is about.
        let mut head = match state
            .picks
            .get(&slot)
            .and_then(|p| Some((p, pack.idea(p.idea)?)))
        {
            Some((p, idea)) => {
                let mut v = hanging(
                    "",
                    &format!(
                        "Idea {}: {} ({})",
                        idea.number,
                        idea.title,
                        super::ideas::kind_words(p.kind)
                    ),
                    theme::heading(),
                    width,
                );
                v.extend(hanging("", &idea.summary, theme::dim(), width));
                v
            }
            None => hanging(
                "",
                &format!(
                    "Slot {slot} ({}): no idea picked yet. K to pick.",
                    super::ideas::kind_words(super::ideas::slot_kind(slot))
                ),
                theme::warn(),
                width,
            ),
        };
        head.append(&mut lines);
        lines = head;
    }
    let title = if st.pane == Pane::Guide {
        " › Guide "
    } else {
        " Guide "
    };
    let height = area.height.saturating_sub(2) as usize;
    let sel_line = lines
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content == theme::CURSOR))
        .unwrap_or(0);
    let scroll = (sel_line.saturating_sub(height.saturating_sub(2)) + usize::from(st.scroll))
        .min(lines.len().saturating_sub(height));
    let mut block = Block::bordered().title(title);
    if lines.len() > scroll + height {
        block = block.title_bottom(format!(" ↓ {} more (j) ", lines.len() - scroll - height));
    }
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .block(block)
}

fn is_gallery(pack: &Pack, ps: &PlanStep) -> bool {
    pack.stages
        .get(ps.stage)
        .is_some_and(|s| s.kind == crate::stimulus::StageKind::IdeaTesting)
}

fn notes_panel<'a>(
    st: &GuideState,
    ps: &PlanStep,
    session: &Session,
    pack: &Pack,
    area: Rect,
) -> Paragraph<'a> {
    let state = session.state();
    let width = area.width.saturating_sub(2) as usize;
    let height = area.height.saturating_sub(2) as usize;
    let notes: Vec<&Note> = state.notes_in(&ps.key).collect();
    let mut lines: Vec<Line> = Vec::new();
    let flip = state.flipchart.get(&ps.key).filter(|l| !l.is_empty());
    if let Some(list) = flip {
        lines.push(Line::styled(
            format!("Flip chart ({}) · f", list.len()),
            theme::heading(),
        ));
        lines.push(Line::raw(truncate(&list.join(" · "), width * 2)));
    } else if ps.guide(pack).is_some_and(|(_, s)| s.flipchart) {
        lines.push(Line::styled("f: the flip chart", theme::dim()));
    }
    if notes.is_empty() {
        lines.push(Line::styled("No notes in this step yet.", theme::dim()));
        lines.push(Line::styled("n: note   v: verbatim quote", theme::dim()));
    }
    let sel = st.note.min(notes.len().saturating_sub(1));
    // Lay out only the notes that can show (a step may hold thousands):
    // walk back from the anchor (the selected note, or the end) until the
    // rows above it are filled, then forward until the pane is full.
    let room = height.saturating_sub(lines.len());
    let layout = |i: usize| note_lines(notes[i], state, st.pane == Pane::Notes && i == sel, width);
    let (anchor, above) = match (st.pane, st.confirm_delete) {
        (Pane::Notes, None) => (sel, room.saturating_sub(2)),
        // The question goes last, with two rows free below it.
        (Pane::Notes, Some(_)) => (notes.len(), room.saturating_sub(3)),
        (Pane::Guide, _) => (notes.len(), room),
    };
    let mut chunks = Vec::new();
    let mut rows = 0;
    let mut i = anchor.min(notes.len());
    while i > 0 && rows < above {
        i -= 1;
        let chunk = layout(i);
        rows += chunk.len();
        chunks.push(chunk);
    }
    let mut window: Vec<Line> = chunks.into_iter().rev().flatten().collect();
    let skip = window.len().saturating_sub(above);
    window.drain(..skip);
    let mut j = anchor;
    while j < notes.len() && window.len() < room {
        window.extend(layout(j));
        j += 1;
    }
    if let Some(id) = st.confirm_delete {
        window.push(Line::styled(
            format!("! Strike out note {id}? y to strike out, any other key to keep."),
            theme::warn(),
        ));
    }
    lines.extend(window);
    let title = format!(
        "{}Notes ({}) ",
        if st.pane == Pane::Notes { " › " } else { " " },
        notes.len()
    );
    Paragraph::new(lines).block(Block::bordered().title(title))
}
