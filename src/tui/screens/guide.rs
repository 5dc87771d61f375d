//! The guide screen: the current step's questions, probes and moderator
//! notes on the left, what was captured in this step on the right, the
//! clocks above.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::domain::clock::{Schedule, hms, tape};
use crate::domain::event::{Event, NoteKind, NotePlace};
use crate::domain::plan::PlanStep;
use crate::domain::session::Session;
use crate::domain::state::{Note, SessionState};
use crate::stimulus::{Pack, Section, Step};
use crate::tui::keys::Action;
use crate::tui::outcome::Outcome;
use crate::tui::overlays::Overlay;
use crate::tui::screens::Screen;
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
        Action::Stage3 => Outcome::Goto(Screen::Stage3(Default::default())),
        Action::Rate => match v.idea {
            Some(idea) => Outcome::Open(Overlay::Rate { idea, sel: 0 }),
            None => Outcome::Refuse(
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
