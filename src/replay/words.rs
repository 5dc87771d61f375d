//! Events in words, and the timeline as text (`replay --print`).

use std::io::Write;

use crate::domain::event::{Event, EventRecord, NoteKind, PickKind, StickerMode};
use crate::domain::plan::Plan;
use crate::domain::state::SessionState;
use crate::stimulus::Pack;

/// `h:mm:ss` for a number of seconds (negative counts as 0).
pub fn offset(secs: i64) -> String {
    let s = secs.max(0);
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// A pick's words from the pack's method ("most popular", "most
/// contentious", "joker" in the built-in one).
pub fn kind_words<'p>(pack: &'p Pack, kind: &'p PickKind) -> &'p str {
    crate::domain::ideas::pick_label(pack, kind)
}

fn idea_words(pack: &Pack, n: u32) -> String {
    match pack.idea(n) {
        Some(i) => format!("idea {n} ({})", i.title),
        None => format!("idea {n}"),
    }
}

fn who(state: &SessionState, id: u32) -> String {
    state
        .participants
        .get(&id)
        .map_or_else(|| format!("participant {id}"), |p| p.label.clone())
}

/// Text on one line: line breaks become " / ".
fn one_line(s: &str) -> String {
    s.lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" / ")
}

fn probe_text(
    pack: &Pack,
    plan: &Plan,
    step: &str,
    section: Option<&str>,
    probe: usize,
) -> Option<String> {
    let (_, g) = plan.get(step)?.guide(pack)?;
    let list = match section {
        Some(id) => &g.sections.iter().find(|s| s.id == id)?.probes,
        None => &g.probes,
    };
    list.get(probe).cloned()
}

/// What `event` did, in words, read against the state just before it
/// (so a removed participant or a struck-out flip-chart entry still has
/// its name).
pub fn describe(pack: &Pack, before: &SessionState, plan: &Plan, event: &Event) -> String {
    match event {
        Event::Created { plan, profile, .. } => {
            format!("session created: {}, plan \"{plan}\"", profile.location)
        }
        Event::ProfileChanged { profile } => format!("group profile changed: {}", profile.location),
        Event::IdeasPlanned { count } => format!(
            "the group will discuss {count} idea{}",
            if *count == 1 { "" } else { "s" }
        ),
        Event::ParticipantAdded { participant } => {
            format!("participant added: {}", participant.label)
        }
        Event::ParticipantChanged { participant } => {
            format!("participant changed: {}", participant.label)
        }
        Event::ParticipantRemoved { id } => format!("participant removed: {}", who(before, *id)),
        Event::Started => "guide started: the clock runs".to_string(),
        Event::StepEntered { step } => match plan.get(step) {
            Some(ps) => format!("step: {} ({})", ps.title(pack), ps.stage_title(pack)),
            None => format!("step: {step}"),
        },
        Event::SectionEntered { section } => {
            let title = before
                .current_step
                .as_deref()
                .and_then(|k| plan.get(k)?.guide(pack))
                .and_then(|(_, g)| g.sections.iter().find(|s| &s.id == section))
                .map_or_else(|| section.clone(), |s| s.title.clone());
            format!("section: {title}")
        }
        Event::Paused => "clock paused".to_string(),
        Event::Resumed => "clock resumed".to_string(),
        Event::NoteAdded {
            kind,
            text,
            participant,
            codes,
            ..
        } => {
            let mut s = match (kind, participant) {
                (NoteKind::Quote, Some(p)) => {
                    format!("quote from {}: “{}”", who(before, *p), one_line(text))
                }
                (NoteKind::Quote, None) => format!("quote: “{}”", one_line(text)),
                (NoteKind::Note, Some(p)) => {
                    format!("note (on {}): {}", who(before, *p), one_line(text))
                }
                (NoteKind::Note, None) => format!("note: {}", one_line(text)),
            };
            if !codes.is_empty() {
                s.push_str(&format!(" [{}]", codes.join(", ")));
            }
            s
        }
        Event::NoteEdited { id, text, .. } => format!("note {id} edited: {}", one_line(text)),
        Event::NoteDeleted { id } => format!("note {id} struck out"),
        Event::FlipchartAdded { text, .. } => format!("flip chart: + {}", one_line(text)),
        Event::FlipchartRemoved { step, index } => {
            match before.flipchart.get(step).and_then(|l| l.get(*index)) {
                Some(t) => format!("flip chart: struck out {}", one_line(t)),
                None => format!("flip chart: struck out entry {}", index + 1),
            }
        }
        Event::ProbeTicked {
            step,
            section,
            probe,
            covered,
        } => {
            let text = probe_text(pack, plan, step, section.as_deref(), *probe)
                .unwrap_or_else(|| format!("probe {}", probe + 1));
            format!(
                "probe {}: {text}",
                if *covered { "ticked" } else { "unticked" }
            )
        }
        Event::ConsentGiven {
            participant,
            consent,
        } => format!(
            "consent to record: {} {}",
            who(before, *participant),
            if *consent { "yes" } else { "no" }
        ),
        Event::Presence {
            participant,
            present,
        } => {
            if *present {
                format!("{} is back in the room", who(before, *participant))
            } else {
                format!("{} left the room", who(before, *participant))
            }
        }
        Event::StickerModeSet { mode } => match mode {
            StickerMode::PerPoster => "stickers entered per poster".to_string(),
            StickerMode::PerParticipant => "stickers entered per participant".to_string(),
        },
        Event::PosterCounted { idea, counts } => {
            let counts = crate::domain::ideas::counts_by_colour(pack, counts);
            let each: Vec<String> = pack
                .method
                .votes
                .colours
                .iter()
                .zip(counts)
                .map(|(c, n)| format!("{n} {}", c.label))
                .collect();
            format!(
                "stickers on {}: {}",
                idea_words(pack, *idea),
                each.join(", ")
            )
        }
        Event::StickersPlaced { participant, votes } => {
            let name = who(before, *participant);
            if votes.is_empty() {
                format!("{name}'s stickers: none (abstained)")
            } else {
                let placed = crate::domain::ideas::places_by_colour(pack, votes);
                let each: Vec<String> = pack
                    .method
                    .votes
                    .colours
                    .iter()
                    .zip(placed)
                    .map(|(c, o)| {
                        let o: Vec<String> = o.iter().map(u32::to_string).collect();
                        let o = if o.is_empty() {
                            "none".to_string()
                        } else {
                            o.join(", ")
                        };
                        format!("{} {o}", c.label)
                    })
                    .collect();
                format!("{name}'s stickers: {}", each.join("; "))
            }
        }
        Event::TallyRevealed { shown } => {
            if *shown {
                "tally shown".to_string()
            } else {
                "tally hidden".to_string()
            }
        }
        Event::IdeaPicked {
            slot,
            idea,
            kind,
            suggested,
            reason,
            ..
        } => {
            let mut s = format!(
                "pick {slot} ({}): {}",
                kind_words(pack, kind),
                idea_words(pack, *idea)
            );
            if let Some(r) = reason.as_deref().filter(|_| idea != suggested) {
                s.push_str(&format!(", chosen over idea {suggested}: {}", one_line(r)));
            }
            s
        }
        Event::EquityTicked {
            idea,
            dimension,
            on,
        } => {
            if *on {
                format!("equity raised for idea {idea}: {dimension}")
            } else {
                format!("equity unticked for idea {idea}: {dimension}")
            }
        }
        Event::Rated {
            idea, scale, value, ..
        } => {
            let max = pack
                .method
                .ratings
                .scale(scale.as_str())
                .map_or(10, |s| s.max);
            let what = match idea {
                Some(idea) => format!("idea {idea}"),
                None => "the group".to_string(),
            };
            match value {
                Some(value) => format!("{what} rated {} {value}/{max}", scale.as_str()),
                None => format!("{what} rated {} don't know", scale.as_str()),
            }
        }
        Event::Stage3Answered { .. } | Event::QuestionnaireAnswered { .. } => {
            let Some(a) = event.answers() else {
                return String::new();
            };
            let questionnaire = a.questionnaire;
            match pack
                .method
                .questionnaires
                .iter()
                .find(|q| q.id == questionnaire)
            {
                Some(q) => format!(
                    "{}, {}: {}",
                    q.screen_title,
                    who(before, a.participant),
                    crate::domain::questionnaire::answers_line(q, &a.answers)
                ),
                None => format!(
                    "questionnaire {questionnaire}, {}: {} answers",
                    who(before, a.participant),
                    a.answers.len()
                ),
            }
        }
        Event::Opened { recovered } => match recovered {
            Some(r) => format!("app opened ({})", one_line(r)),
            None => "app opened".to_string(),
        },
        Event::Closed if before.is_live() => "app closed (the session stays live)".to_string(),
        Event::Closed => "app closed".to_string(),
        Event::Finished => "session finished".to_string(),
        Event::ClockJumped { by_s } => format!(
            "the computer's clock was changed: {} {} (the timeline keeps the time that passed)",
            crate::domain::clock::hms(by_s.abs()),
            if *by_s < 0 { "back" } else { "ahead" }
        ),
        Event::Reopened => "session reopened (after its end)".to_string(),
        other => generic(other),
    }
}

/// Words for an event this module has no words of its own for: its kind,
/// and its plain fields ("recording shifted: recording 1, seconds 5").
fn generic(event: &Event) -> String {
    let value = serde_json::to_value(event).unwrap_or_default();
    let Some(map) = value.as_object() else {
        return "an action".to_string();
    };
    let kind = map
        .get("type")
        .and_then(|t| t.as_str())
        .unwrap_or("action")
        .replace('_', " ");
    let fields: Vec<String> = map
        .iter()
        .filter(|(k, _)| k.as_str() != "type")
        .filter_map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => one_line(s),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some(format!("{} {v}", k.replace('_', " ")))
        })
        .collect();
    if fields.is_empty() {
        kind
    } else {
        format!("{kind}: {}", fields.join(", "))
    }
}

/// One line per event: offset from the first event, the step after it,
/// what happened.
pub fn timeline_lines(pack: &Pack, events: &[EventRecord]) -> Vec<String> {
    let Some(first) = events.first() else {
        return Vec::new();
    };
    let mut state = SessionState::default();
    let mut plan = Plan::build(pack, "", None);
    let mut out = Vec::with_capacity(events.len());
    for rec in events {
        let words = describe(pack, &state, &plan, &rec.event);
        state.apply(rec);
        if matches!(
            rec.event,
            Event::Created { .. } | Event::IdeasPlanned { .. }
        ) {
            plan = Plan::build(pack, &state.plan, state.ideas_planned);
        }
        let step = state.current_step.as_deref().unwrap_or("-");
        out.push(format!(
            "{:>8}  {:<20} {}",
            offset((rec.at - first.at).num_seconds()),
            step,
            words
        ));
    }
    out
}

/// Write the timeline, a line per event.
pub fn print_timeline(
    out: &mut dyn Write,
    pack: &Pack,
    events: &[EventRecord],
) -> std::io::Result<()> {
    for line in timeline_lines(pack, events) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_hours_minutes_seconds() {
        assert_eq!(offset(0), "0:00:00");
        assert_eq!(offset(61), "0:01:01");
        assert_eq!(offset(3600 + 125), "1:02:05");
        assert_eq!(offset(-5), "0:00:00");
    }

    #[test]
    fn text_on_one_line() {
        assert_eq!(one_line("a\n\nb  \nc"), "a / b / c");
    }
}
