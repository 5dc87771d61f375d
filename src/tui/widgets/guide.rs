//! The guide screen as drawn: the current step's questions, probes and
//! moderator notes on the left, what was captured in this step on the
//! right, the clocks above. Reads only; the live app, the replay and the
//! tests draw it.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub use super::countdown::current;
use super::countdown::header;
use super::notes::notes_panel;
pub use super::notes::{GuideState, Pane};
use crate::domain::clock::{Schedule, tape};
use crate::domain::event::NotePlace;
use crate::domain::plan::PlanStep;
use crate::domain::session::Session;
use crate::domain::state::SessionState;
use crate::stimulus::{Pack, Section, Step};
use crate::tui::text::hanging;
use crate::tui::theme;

/// What kind of step the moderator is in, for the keys it offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// A step walked as the guide has it.
    Plain,
    /// The gallery and sticker vote.
    Gallery,
    /// Discussing a picked idea.
    Discussion,
    /// A questionnaire step (the built-in pack's Stage 3: public services
    /// and change).
    Stage3,
}

/// The kind of the current step.
pub fn step_kind(pack: &Pack, session: &Session) -> Option<StepKind> {
    let (ps, _) = current(pack, session)?;
    Some(if ps.slot.is_some() {
        StepKind::Discussion
    } else if is_gallery(pack, ps) {
        StepKind::Gallery
    } else if ps.role(pack) == crate::stimulus::StepRole::Questionnaire {
        StepKind::Stage3
    } else {
        StepKind::Plain
    })
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
pub fn probes<'a>(step: &'a Step, state: &SessionState) -> Vec<(Option<String>, usize, &'a str)> {
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
        lines.push(section_title(&format!(
            "The {} {} (P: posters)",
            crate::domain::ideas::number_word(u32::try_from(pack.ideas.len()).unwrap_or(u32::MAX)),
            pack.method.wording.options
        )));
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
                        "{} {}: {} ({})",
                        pack.method.option_title(),
                        idea.number,
                        idea.title,
                        crate::tui::widgets::picks::kind_words(pack, &p.kind)
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
                    crate::tui::widgets::picks::kind_words(
                        pack,
                        &crate::tui::widgets::picks::slot_kind(pack, slot),
                    )
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

/// The vote step or a per-idea step (was: a step of the idea-testing stage).
fn is_gallery(pack: &Pack, ps: &PlanStep) -> bool {
    ps.slot.is_some() || ps.role(pack) == crate::stimulus::StepRole::Vote
}
