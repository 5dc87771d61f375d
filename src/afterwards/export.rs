//! `facilitator export`: one group's notes, as Markdown laid out like the
//! report (per idea: Desirable? / Achievable? / Equitable?, quotes with
//! their attribution on the next line), as CSV files for spreadsheets, or
//! as the session's JSON.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::bail;
use chrono::Utc;

use super::anonymise::{self, Privacy, demo_marker};
use super::common::{
    Csv, Group, NOTES_HEADER, RATINGS_HEADER, SCALES, STICKERS_HEADER, TIMELINE_HEADER, bullet,
    cell, hm, idea_label, idea_sections, is_core_section, load_one, notes_rows, pick_words,
    print_stdout, quote_block, ratings_rows, recovery_note, refuse_existing, stickers_rows,
    timeline_rows, write_file, write_files,
};
use crate::cli::ExportFormat;
use crate::domain::clock::{Schedule, hms};
use crate::domain::event::{Event, EventRecord, Gut, NoteKind, Reach, StickerMode};
use crate::domain::ideas::tally;
use crate::domain::profile::Phase;
use crate::domain::session::Session;
use crate::domain::state::Note;
use crate::stimulus::{Pack, StageKind};
use crate::store::{SCHEMA_VERSION, SessionsDir};

/// The files of a CSV export, in the order written.
pub const CSV_FILES: [&str; 4] = ["notes.csv", "stickers.csv", "ratings.csv", "timeline.csv"];

/// Run `export`. Returns the exit code.
/// What `export` was asked for.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Markdown, CSV or JSON.
    pub format: ExportFormat,
    /// A file (md, json) or a folder (csv); None: stdout.
    pub output: Option<&'a Path>,
    /// Take the people out (see [`anonymise`](super::anonymise)).
    pub anonymise: bool,
    /// With `anonymise`: keep descriptors, ethnicity and profile notes
    /// (names in them replaced).
    pub keep_descriptors: bool,
    /// Overwrite existing files.
    pub force: bool,
    /// Correct every recording's start by this many seconds.
    pub recording_shift: Option<i64>,
}

/// Run `export`. Returns the exit code.
pub fn run(dir: &SessionsDir, pack: &Pack, session: &str, opts: Options) -> anyhow::Result<i32> {
    let Options {
        format,
        output,
        anonymise,
        keep_descriptors,
        force,
        recording_shift,
    } = opts;
    let privacy = Privacy::from_flags(anonymise, keep_descriptors);
    if format == ExportFormat::Csv && output.is_none() {
        bail!(
            "CSV export writes {} into a folder: give the folder with -o DIR",
            CSV_FILES.join(", ")
        );
    }
    if let Some(out) = output
        && format != ExportFormat::Csv
    {
        refuse_existing(&[out.to_path_buf()], force)?;
    }
    let (loaded, file) = load_one(dir, session)?;
    if let Some(note) = recovery_note(&loaded) {
        crate::eprintln_safe!("facilitator: note: {}: {note}", file.display());
    }
    let id = loaded.id.clone();
    let events = match recording_shift {
        Some(secs) => shift_recordings(pack, loaded.events, secs)?,
        None => loaded.events,
    };
    let bytes = match format {
        ExportFormat::Md => markdown(pack, events, privacy).into_bytes(),
        ExportFormat::Json => json(&id, pack, events, privacy)?,
        ExportFormat::Csv => {
            let files = csv_files(pack, events, privacy)?;
            if let Some(out) = output {
                write_files(out, &files, force)?;
                crate::eprintln_safe!(
                    "Wrote {} for session {id} to {}.",
                    CSV_FILES.join(", "),
                    out.display()
                );
            }
            return Ok(0);
        }
    };
    match output {
        None => print_stdout(&String::from_utf8_lossy(&bytes))?,
        Some(out) => {
            write_file(out, &bytes, force)?;
            crate::eprintln_safe!("Wrote session {id} to {}.", out.display());
        }
    }
    Ok(0)
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

/// The session as saved: the snapshot format (`schema`, `id`, `saved_at`
/// — the time of its last action — and `events`, one a line), which
/// `facilitator` reads back. Anonymised as [`anonymise`](super::anonymise)
/// says.
pub fn json(
    id: &str,
    _pack: &Pack,
    events: Vec<EventRecord>,
    privacy: impl Into<Privacy>,
) -> anyhow::Result<Vec<u8>> {
    let events = anonymise::events(events, privacy.into());
    let saved = events.last().map(|e| e.at.to_rfc3339()).unwrap_or_default();
    let mut out = format!(
        "{{\"schema\":{SCHEMA_VERSION},\"id\":{},\"saved_at\":{},\"events\":[",
        serde_json::Value::String(id.to_string()),
        serde_json::Value::String(saved)
    );
    for (i, e) in events.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(e)?);
    }
    out.push_str("\n]}\n");
    Ok(out.into_bytes())
}

/// The session with every recording's start corrected by `secs`: the
/// correction is added to the timeline as `recording_shifted` events (in
/// the export only; the saved session is not touched), so the export says
/// what was corrected and when.
pub fn shift_recordings(
    pack: &Pack,
    events: Vec<EventRecord>,
    secs: i64,
) -> anyhow::Result<Vec<EventRecord>> {
    let mut session = Session::from_events(pack, events);
    let n = session.state().recordings.len() as u32;
    if n == 0 {
        bail!("--recording-shift: this session has no recording to correct");
    }
    let at = session.state().last_at.unwrap_or_else(Utc::now);
    for recording in 1..=n {
        session
            .record(
                pack,
                Event::RecordingShifted {
                    recording,
                    seconds: secs,
                },
                at,
            )
            .map_err(|e| anyhow::anyhow!("--recording-shift: {e}"))?;
    }
    Ok(session.events().to_vec())
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// The four CSV files: (name, bytes).
pub fn csv_files(
    pack: &Pack,
    events: Vec<EventRecord>,
    privacy: impl Into<Privacy>,
) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
    let g = Group::new(pack, events, privacy);
    let mut notes = Csv::new(&NOTES_HEADER)?;
    notes_rows(&g, &mut notes)?;
    let mut stickers = Csv::new(&STICKERS_HEADER)?;
    stickers_rows(&g, &mut stickers)?;
    let mut ratings = Csv::new(&RATINGS_HEADER)?;
    ratings_rows(&g, &mut ratings)?;
    let mut timeline = Csv::new(&TIMELINE_HEADER)?;
    timeline_rows(&g, &mut timeline)?;
    Ok(vec![
        (CSV_FILES[0], notes.finish()?),
        (CSV_FILES[1], stickers.finish()?),
        (CSV_FILES[2], ratings.finish()?),
        (CSV_FILES[3], timeline.finish()?),
    ])
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

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
    let mut stage3_done = false;
    let last_stage = g.plan().steps.last().map(|s| s.stage);
    for ps in &g.plan().steps {
        if !stages_done.insert(ps.stage) {
            continue;
        }
        if Some(ps.stage) == idea_stage {
            idea_testing(&mut out, &g, ps.stage);
        } else {
            let with_stage3 =
                Some(ps.stage) == last_stage && idea_stage.is_some_and(|i| ps.stage > i);
            plain_stage(&mut out, &g, ps.stage, with_stage3);
            stage3_done |= with_stage3;
        }
    }
    if !stage3_done && !g.state().stage3.is_empty() {
        out.push_str("## Reactions to change\n\n");
        stage3(&mut out, &g);
    }
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

fn header(out: &mut String, g: &Group) {
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

fn profile(out: &mut String, g: &Group) {
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
fn presence(out: &mut String, g: &Group) {
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
fn signed(secs: i64) -> String {
    match secs {
        0 => "0:00".to_string(),
        s if s > 0 => format!("+{}", hms(s)),
        s => format!("-{}", hms(s)),
    }
}

fn timing(out: &mut String, g: &Group) {
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
fn clock_changes(out: &mut String, g: &Group) {
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

fn flipchart(out: &mut String, g: &Group) {
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
fn notes_block(out: &mut String, g: &Group, notes: &[&Note]) {
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
fn step_notes(out: &mut String, g: &Group, key: &str, notes: &[&Note]) {
    let mut sections: Vec<Option<&str>> = Vec::new();
    for n in notes {
        let sec = n.place.section.as_deref();
        if !sections.contains(&sec) {
            sections.push(sec);
        }
    }
    if sections.len() == 1 && sections[0].is_none() {
        notes_block(out, g, notes);
        return;
    }
    for sec in sections {
        let these: Vec<&Note> = notes
            .iter()
            .copied()
            .filter(|n| n.place.section.as_deref() == sec)
            .collect();
        let title = match sec {
            Some(id) => g.section_title(key, id),
            None => "General".to_string(),
        };
        out.push_str(&format!("#### {title}\n\n"));
        notes_block(out, g, &these);
    }
}

fn plain_stage(out: &mut String, g: &Group, stage: usize, with_stage3: bool) {
    let steps: Vec<&str> = g
        .plan()
        .steps
        .iter()
        .filter(|s| s.stage == stage)
        .map(|s| s.key.as_str())
        .collect();
    let has_notes = g.notes().any(|n| steps.contains(&n.place.step.as_str()));
    let has_stage3 = with_stage3 && !g.state().stage3.is_empty();
    if !has_notes && !has_stage3 {
        return;
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
    if has_stage3 {
        stage3(out, g);
    }
}

fn idea_testing(out: &mut String, g: &Group, stage: usize) {
    let s = g.state();
    let title = g.stage_title(stage);
    out.push_str(&format!("## {title} — sticker vote and picks\n\n"));

    // The tally.
    let t = tally(g.pack, s);
    out.push_str("### Sticker tally\n\n");
    let mode = match s.sticker_mode {
        StickerMode::PerPoster => "counted per poster",
        StickerMode::PerParticipant => "recorded per participant",
    };
    out.push_str(&format!(
        "Stickers {mode}: {} present could place {} green and {} red; {} green and {} red were placed.\n\n",
        plural(t.voters, "participant", "participants"),
        t.max_green(),
        t.max_red(),
        t.placed_green,
        t.placed_red
    ));
    out.push_str("| Idea | Green | Red |\n|---|---:|---:|\n");
    for (idea, green) in &t.green {
        let red = t.red.get(idea).copied().unwrap_or(0);
        out.push_str(&format!(
            "| {} | {green} | {red} |\n",
            cell(&idea_label(g.pack, *idea))
        ));
    }
    out.push('\n');
    for p in t.problems() {
        out.push_str(&format!("> Check: {p}\n\n"));
    }

    // The picks.
    out.push_str("### Picks\n\n");
    let picks = g.picks();
    if picks.is_empty() {
        out.push_str("No idea was picked.\n\n");
    }
    for (slot, p) in &picks {
        let kind = pick_words(p.kind);
        let mut line = format!(
            "{slot}. **{}{} — {}.**",
            kind[..1].to_uppercase(),
            &kind[1..],
            idea_label(g.pack, p.idea)
        );
        if p.idea != p.suggested {
            let reason = p.reason.clone().unwrap_or_default();
            line.push_str(&format!(
                " The rule suggested idea {}; the group chose idea {} because: {}",
                p.suggested,
                p.idea,
                reason.trim()
            ));
            if !line.ends_with(['.', '!', '?']) {
                line.push('.');
            }
        }
        line.push_str(&format!(" Rule: {}.", p.rule.trim_end_matches('.')));
        if !p.counts.is_empty() {
            line.push_str(&format!(" Counts: {}.", p.counts));
        }
        out.push_str(&line);
        out.push('\n');
    }
    let slots = g.slots();
    if slots < 3 {
        out.push_str(&format!(
            "Joker: not played (this group discussed {}).\n",
            plural(slots, "idea", "ideas")
        ));
    }
    if !picks.is_empty() || slots < 3 {
        out.push('\n');
    }

    // Notes of the gallery, and of per-idea steps with no idea to file them under.
    for ps in g.plan().steps.iter().filter(|s| s.stage == stage) {
        let notes: Vec<&Note> = g
            .notes()
            .filter(|n| n.place.step == ps.key && !g.in_discussion(n))
            .collect();
        if notes.is_empty() {
            continue;
        }
        out.push_str(&format!("### Notes: {}\n\n", g.step_title(&ps.key)));
        step_notes(out, g, &ps.key, &notes);
    }

    for (idea, pick) in g.discussed() {
        idea_section(out, g, idea, pick.map(|(slot, p)| (slot, p.kind)));
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn idea_section(
    out: &mut String,
    g: &Group,
    idea: u32,
    pick: Option<(u32, crate::domain::event::PickKind)>,
) {
    let s = g.state();
    out.push_str(&format!("## {}\n\n", idea_label(g.pack, idea)));
    match pick {
        Some((slot, kind)) => out.push_str(&format!(
            "*Discussed as the {} idea (discussion {slot}).*\n\n",
            pick_words(kind)
        )),
        None => out.push_str("*Discussed, but no longer picked for a discussion.*\n\n"),
    }
    if let Some(i) = g.pack.idea(idea) {
        out.push_str(&format!("**Description**\n\n{}\n\n", i.description.trim()));
        let head = if i.examples.len() == 1 {
            "Example"
        } else {
            "Example(s)"
        };
        out.push_str(&format!("**{head}**\n\n"));
        for (k, e) in i.examples.iter().enumerate() {
            if i.examples.len() == 1 {
                out.push_str(&format!("{}\n\n", e.trim()));
            } else {
                let label = char::from(b'a' + u8::try_from(k % 26).unwrap_or(0));
                out.push_str(&format!("({label}) {}\n\n", e.trim()));
            }
        }
    }

    let notes: Vec<&Note> = g
        .notes()
        .filter(|n| g.in_discussion(n) && g.note_idea(n) == Some(idea))
        .collect();
    let mut sections = idea_sections(g.pack);
    for n in &notes {
        if let Some(sec) = &n.place.section
            && !sections.iter().any(|(id, _)| id == sec)
        {
            sections.push((sec.clone(), sec.clone()));
        }
    }
    let has_rating_section = sections.iter().any(|(id, _)| id == "rating");
    for (id, heading) in &sections {
        let these: Vec<&Note> = notes
            .iter()
            .copied()
            .filter(|n| n.place.section.as_deref() == Some(id.as_str()))
            .collect();
        let dims = s.equity.get(&idea).filter(|d| !d.is_empty());
        let is_equity = id == "equity";
        let is_rating = id == "rating";
        let rated = SCALES
            .iter()
            .any(|(sc, _)| s.ratings.contains_key(&(idea, *sc)));
        let show = !these.is_empty()
            || is_core_section(id)
            || (is_equity && dims.is_some())
            || (is_rating && rated);
        if !show {
            continue;
        }
        out.push_str(&format!("### {heading}\n\n"));
        if these.is_empty() && !(is_equity && dims.is_some()) && !(is_rating && rated) {
            out.push_str("*Nothing recorded.*\n\n");
        }
        notes_block(out, g, &these);
        if is_equity && let Some(d) = dims {
            let list: Vec<&str> = d.iter().map(String::as_str).collect();
            out.push_str(&format!(
                "Equity dimensions raised: {}.\n\n",
                list.join(", ")
            ));
        }
        if is_rating && rated {
            ratings_table(out, g, idea);
        }
    }
    if !has_rating_section
        && SCALES
            .iter()
            .any(|(sc, _)| s.ratings.contains_key(&(idea, *sc)))
    {
        out.push_str("### Rating\n\n");
        ratings_table(out, g, idea);
    }
    let loose: Vec<&Note> = notes
        .iter()
        .copied()
        .filter(|n| n.place.section.is_none())
        .collect();
    if !loose.is_empty() {
        out.push_str("### Other notes on this idea\n\n");
        notes_block(out, g, &loose);
    }
}

fn ratings_table(out: &mut String, g: &Group, idea: u32) {
    let s = g.state();
    out.push_str(
        "The group's rating (1-10):\n\n| Desirable | Achievable | Equitable |\n|---:|---:|---:|\n|",
    );
    for (scale, _) in SCALES {
        match s.ratings.get(&(idea, scale)) {
            Some(v) => out.push_str(&format!(" {v} |")),
            None => out.push_str(" - |"),
        }
    }
    out.push_str("\n\n");
}

fn gut_words(g: Gut) -> &'static str {
    match g {
        Gut::InFavour => "In favour",
        Gut::Opposed => "Opposed",
        Gut::Undecided => "Undecided",
        Gut::Apathetic => "Apathetic",
    }
}

fn reach_words(r: Reach) -> &'static str {
    match r {
        Reach::TooFar => "too far",
        Reach::AboutRight => "about right",
        Reach::NotFarEnough => "not far enough",
    }
}

fn stage3(out: &mut String, g: &Group) {
    let s = g.state();
    if s.stage3.is_empty() {
        return;
    }
    out.push_str("### Gut reactions\n\n");
    let mut parts = Vec::new();
    for gut in [Gut::InFavour, Gut::Opposed, Gut::Undecided, Gut::Apathetic] {
        let n = s.stage3.values().filter(|a| a.gut == Some(gut)).count();
        if n > 0 {
            parts.push(format!("{} {n}", gut_words(gut)));
        }
    }
    if !parts.is_empty() {
        out.push_str(&format!("Gut reaction: {}.\n", parts.join(", ")));
    }
    let yes = s
        .stage3
        .values()
        .filter(|a| a.reform_needed == Some(true))
        .count();
    let no = s
        .stage3
        .values()
        .filter(|a| a.reform_needed == Some(false))
        .count();
    if yes + no > 0 {
        out.push_str(&format!("Reform needed: yes {yes}, no {no}.\n"));
    }
    let mut reach = Vec::new();
    for r in [Reach::TooFar, Reach::AboutRight, Reach::NotFarEnough] {
        let n = s.stage3.values().filter(|a| a.reach == Some(r)).count();
        if n > 0 {
            reach.push(format!("{} {n}", reach_words(r)));
        }
    }
    if !reach.is_empty() {
        out.push_str(&format!("The ideas go: {}.\n", reach.join(", ")));
    }
    out.push('\n');
    out.push_str(
        "| Participant | Gut reaction | Reform needed? | Services most in need | The ideas go |\n|---|---|---|---|---|\n",
    );
    for (id, a) in &s.stage3 {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&g.attribution(Some(*id))),
            a.gut.map(gut_words).unwrap_or(""),
            match a.reform_needed {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            },
            cell(&a.services),
            a.reach.map(reach_words).unwrap_or(""),
        ));
    }
    out.push('\n');
    let tips: Vec<(u32, String)> = s
        .stage3
        .iter()
        .filter(|(_, a)| !a.top_tip.trim().is_empty())
        .map(|(id, a)| (*id, a.top_tip.clone()))
        .collect();
    if !tips.is_empty() {
        out.push_str("### Top tips\n\n");
        for (id, tip) in tips {
            quote_block(out, &tip, &g.attribution(Some(id)));
        }
    }
}
