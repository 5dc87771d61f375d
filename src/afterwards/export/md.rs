//! One group's notes laid out like the report (the Markdown export): the header, profile, presence, timing, flip chart and the plain stages.

use super::*;

/// One group's notes laid out like the report.
pub fn markdown(pack: &Pack, events: Vec<EventRecord>, privacy: impl Into<Privacy>) -> String {
    let g = Group::new(pack, events, privacy);
    let mut out = String::new();
    header(&mut out, &g);
    profile(&mut out, &g);
    timing(&mut out, &g);
    flipchart(&mut out, &g);

    let idea_stage = pack
        .stages
        .iter()
        .position(|s| s.kind == StageKind::IdeaTesting);
    let mut stages_done = BTreeSet::new();
    // The questionnaires written in their stage's section.
    let mut written = BTreeSet::new();
    for ps in &g.plan().steps {
        if !stages_done.insert(ps.stage) {
            continue;
        }
        if Some(ps.stage) == idea_stage {
            idea_testing(&mut out, &g, ps.stage);
        } else {
            written.extend(plain_stage(&mut out, &g, ps.stage));
        }
    }
    questionnaires(&mut out, &g, &written);
    // Notes of steps this plan does not have (a pack changed since).
    let strays: Vec<&Note> = g
        .notes()
        .filter(|n| g.plan().get(&n.place.step).is_none())
        .collect();
    if !strays.is_empty() {
        out.push_str("## Other notes\n\n");
        let mut keys: Vec<&str> = strays.iter().map(|n| n.place.step.as_str()).collect();
        keys.dedup();
        for key in keys {
            out.push_str(&format!("### {key}\n\n"));
            let these: Vec<&Note> = strays
                .iter()
                .copied()
                .filter(|n| n.place.step == key)
                .collect();
            notes_block(&mut out, &g, &these);
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

pub(super) fn header(out: &mut String, g: &Group) {
    let s = g.state();
    let p = &s.profile;
    let mut title = p.location.clone();
    if let Some(d) = p.date {
        title.push_str(&format!(", {}", d.format("%-d %B %Y")));
    }
    out.push_str(&format!("# Group notes: {title}\n\n"));
    let plan_title = g.plan_title();
    out.push_str(&format!("Session `{}` · {plan_title}\n\n", s.id));
    if demo_marker(&p.notes).is_some() {
        out.push_str("> DEMO DATA: a generated session, not a real group.\n\n");
    }
    if s.is_live() {
        let at = s.last_at.map(hm).unwrap_or_default();
        out.push_str(&format!(
            "> Still running: these are the notes saved up to {at} UTC.\n\n"
        ));
    }
}

pub(super) fn profile(out: &mut String, g: &Group) {
    let s = g.state();
    let p = &s.profile;
    out.push_str("## Group profile\n\n| | |\n|---|---|\n");
    let plan_title = g.plan_title();
    let ideas = g.slots();
    let phase = match p.phase {
        Phase::Pilot => "Pilot",
        Phase::Main => "Main stage",
    };
    let rows = [
        ("Location", p.location.clone()),
        ("Date", g.date()),
        ("Group", plan_title),
        ("Fieldwork", phase.to_string()),
        ("Age band", p.age_band.clone()),
        ("Social grade", p.social_grade.clone()),
        ("Ethnicity", p.ethnicity_mix.clone()),
        ("Moderator", p.moderator.clone()),
        ("Ideas discussed", ideas.to_string()),
        ("Notes", p.notes.clone()),
    ];
    for (k, v) in rows {
        if !v.trim().is_empty() {
            out.push_str(&format!("| {k} | {} |\n", cell(&v)));
        }
    }
    out.push('\n');

    let people: Vec<_> = s.participants.values().collect();
    let on_roster = s.roster().count();
    let off = s.participants.len() - on_roster;
    if off == 0 {
        out.push_str(&format!("### Participants ({on_roster})\n\n"));
    } else {
        out.push_str(&format!(
            "### Participants ({on_roster} on the roster, {off} taken off)\n\n"
        ));
    }
    if people.is_empty() {
        out.push_str("No participants were entered.\n\n");
        return;
    }
    if g.anonymise {
        out.push_str("| # | Gender | Age | Ethnicity | Social grade | Descriptors | Consent |\n");
        out.push_str("|---:|---|---|---|---|---|---|\n");
    } else {
        out.push_str(
            "| # | Label | Gender | Age | Ethnicity | Social grade | Descriptors | Consent |\n",
        );
        out.push_str("|---:|---|---|---|---|---|---|---|\n");
    }
    for p in people {
        let consent = match p.consent {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not asked",
        };
        let mut desc = p.descriptors.join("; ");
        if s.removed.contains(&p.id) {
            if !desc.is_empty() {
                desc.push_str("; ");
            }
            desc.push_str("taken off the roster");
        }
        let label = if g.anonymise {
            String::new()
        } else {
            format!(" {} |", cell(&p.label))
        };
        out.push_str(&format!(
            "| {} |{label} {} | {} | {} | {} | {} | {consent} |\n",
            p.id,
            cell(&p.gender),
            cell(&p.age_band),
            cell(p.ethnicity.as_deref().unwrap_or("")),
            cell(&p.social_grade),
            cell(&desc),
        ));
    }
    out.push('\n');
    presence(out, g);
}

/// Who was out of the room, from when to when.
pub(super) fn presence(out: &mut String, g: &Group) {
    let s = g.state();
    if s.away.is_empty() {
        return;
    }
    out.push_str(
        "### Out of the room

",
    );
    for a in &s.away {
        let who = match g.label(a.participant) {
            l if l.is_empty() => format!("Participant {}", a.participant),
            l => format!("{l} (participant {})", a.participant),
        };
        let line = match a.to {
            Some(back) => format!(
                "- {who}: left {} UTC, back {} UTC ({} min away).\n",
                hm(a.from),
                hm(back),
                ((back - a.from).num_seconds().max(0) + 30) / 60
            ),
            None => format!("- {who}: left {} UTC and did not come back.\n", hm(a.from)),
        };
        out.push_str(&line);
    }
    out.push('\n');
}

/// "+2:30", "-0:50", "0:00".
pub(super) fn signed(secs: i64) -> String {
    match secs {
        0 => "0:00".to_string(),
        s if s > 0 => format!("+{}", hms(s)),
        s => format!("-{}", hms(s)),
    }
}

pub(super) fn timing(out: &mut String, g: &Group) {
    let s = g.state();
    out.push_str("## Timing\n\n");
    let Some(started) = s.started_at else {
        out.push_str("The guide was not started.\n\n");
        return;
    };
    let now = s.finished_at.or(s.last_at).unwrap_or(s.created_at);
    let sched = Schedule::at(s, g.plan(), now);
    let paused = sched.wall - sched.elapsed;
    let mut line = format!("Started {} UTC", hm(started));
    match s.finished_at {
        Some(f) => line.push_str(&format!(", finished {} UTC", hm(f))),
        None => line.push_str(&format!(", still running at {} UTC", hm(now))),
    }
    line.push_str(&format!(": {} in all", hms(sched.wall)));
    if !s.pauses.is_empty() {
        let n = s.pauses.len();
        line.push_str(&format!(
            ", of which {} paused ({n} {})",
            hms(paused),
            if n == 1 { "pause" } else { "pauses" }
        ));
    }
    line.push_str(&format!(
        ". The plan's target is {}.\n\n",
        hms(sched.target)
    ));
    out.push_str(&line);
    clock_changes(out, g);
    out.push_str("| Step | Planned | Actual | Over (+) / under (-) |\n|---|---:|---:|---:|\n");
    let mut planned_sum = 0;
    let mut used_sum = 0;
    for (st, ps) in sched.steps.iter().zip(&g.plan().steps) {
        planned_sum += st.planned;
        used_sum += st.used;
        let visits = s.visits.iter().filter(|v| v.step == ps.key).count();
        let (actual, diff) = if st.visited {
            let mut a = hms(st.used);
            if visits > 1 {
                a.push_str(&format!(" ({visits} visits)"));
            }
            (a, signed(st.used - st.planned))
        } else {
            ("not reached".to_string(), String::new())
        };
        out.push_str(&format!(
            "| {} | {} | {actual} | {diff} |\n",
            cell(&g.step_title(&ps.key)),
            hms(st.planned)
        ));
    }
    out.push_str(&format!(
        "| **Total** | **{}** | **{}** | **{}** |\n\n",
        hms(planned_sum),
        hms(used_sum),
        signed(used_sum - planned_sum)
    ));
}

/// A note of each change of the computer's clock the app noticed (the
/// times are the time that passed, so only the note says).
pub(super) fn clock_changes(out: &mut String, g: &Group) {
    let changes: Vec<String> = g
        .session
        .events()
        .iter()
        .filter_map(|e| match e.event {
            Event::ClockJumped { by_s } => Some(format!(
                "{} {} at {} UTC",
                hms(by_s),
                if by_s < 0 { "back" } else { "ahead" },
                hm(e.at)
            )),
            _ => None,
        })
        .collect();
    if !changes.is_empty() {
        out.push_str(&format!(
            "> The computer's clock was changed during the session ({}); the times here are the time that really passed.\n\n",
            changes.join(", ")
        ));
    }
}

pub(super) fn flipchart(out: &mut String, g: &Group) {
    let s = g.state();
    out.push_str("## Values flip chart\n\n");
    let entries: Vec<(&String, &Vec<String>)> =
        s.flipchart.iter().filter(|(_, v)| !v.is_empty()).collect();
    if entries.is_empty() {
        out.push_str("Nothing was written on the flip chart.\n\n");
        return;
    }
    // In the plan's order.
    let mut ordered = entries;
    ordered.sort_by_key(|(k, _)| g.plan().index_of(k).unwrap_or(usize::MAX));
    for (step, list) in ordered {
        out.push_str(&format!("### {}\n\n", g.step_title(step)));
        for e in list {
            bullet(out, e);
        }
        out.push('\n');
    }
}

/// Notes and quotes in order: moderator notes as bullets, quotes as the
/// report prints them (the words, then the attribution on the next line).
pub(super) fn notes_block(out: &mut String, g: &Group, notes: &[&Note]) {
    let mut in_list = false;
    for n in notes {
        let text = n.text.clone();
        match n.kind {
            NoteKind::Quote => {
                if in_list {
                    out.push('\n');
                    in_list = false;
                }
                let attribution = format!("{}{}", g.attribution(n.participant), g.quote_extras(n));
                quote_block(out, &text, &attribution);
            }
            NoteKind::Note => {
                let mut line = text;
                if n.participant.is_some() {
                    line.push_str(&format!(" ({})", g.attribution(n.participant)));
                }
                if !n.codes.is_empty() {
                    line.push_str(&format!(" *[{}]*", n.codes.join(", ")));
                }
                bullet(out, &line);
                in_list = true;
            }
        }
    }
    if in_list {
        out.push('\n');
    }
}

/// Notes of one step, by section where they have one.
pub(super) fn step_notes(out: &mut String, g: &Group, key: &str, notes: &[&Note]) {
    let Some(sections) = g.notes_by_section(key, notes) else {
        notes_block(out, g, notes);
        return;
    };
    for (title, these) in sections {
        out.push_str(&format!("#### {title}\n\n"));
        notes_block(out, g, &these);
    }
}

/// A stage's notes, step by step, then the questionnaires the pack writes
/// in its section; returns their ids.
pub(super) fn plain_stage(out: &mut String, g: &Group, stage: usize) -> Vec<String> {
    let steps: Vec<&str> = g
        .plan()
        .steps
        .iter()
        .filter(|s| s.stage == stage)
        .map(|s| s.key.as_str())
        .collect();
    let has_notes = g.notes().any(|n| steps.contains(&n.place.step.as_str()));
    let asked = in_stage(g, &steps);
    if !has_notes && asked.is_empty() {
        return Vec::new();
    }
    let title = g.stage_title(stage);
    out.push_str(&format!("## {title}\n\n"));
    for key in steps {
        let notes: Vec<&Note> = g.notes().filter(|n| n.place.step == key).collect();
        if notes.is_empty() {
            continue;
        }
        let step_title = g.step_title(key);
        if step_title != title {
            out.push_str(&format!("### {step_title}\n\n"));
        }
        step_notes(out, g, key, &notes);
    }
    for q in &asked {
        questionnaire(out, g, q);
    }
    asked.iter().map(|q| q.id.clone()).collect()
}
