//! The CSV rows: export writes one group's, report every group's.

use super::*;

/// A CSV file being built in memory.
pub struct Csv {
    w: csv::Writer<Vec<u8>>,
}

impl Csv {
    /// A file with this header.
    pub fn new(header: &[&str]) -> anyhow::Result<Csv> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(header)?;
        Ok(Csv { w })
    }

    /// One row.
    pub fn row<I, S>(&mut self, fields: I) -> anyhow::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        self.w.write_record(fields)?;
        Ok(())
    }

    /// The bytes.
    pub fn finish(self) -> anyhow::Result<Vec<u8>> {
        self.w
            .into_inner()
            .map_err(|e| anyhow::anyhow!("cannot build CSV: {e}"))
    }
}

/// Columns of notes.csv.
pub const NOTES_HEADER: [&str; 24] = [
    "session",
    "note",
    "step",
    "step_title",
    "idea",
    "idea_title",
    "section",
    "kind",
    "codes",
    "participant",
    "label",
    "gender",
    "age_band",
    "ethnicity",
    "social_grade",
    "descriptors",
    "attribution",
    "text",
    "time",
    "begun",
    "edited",
    "starred",
    "recording",
    "offset_s",
];

/// One row per note or quote not struck out (edited ones with their text now).
pub fn notes_rows(g: &Group, csv: &mut Csv) -> anyhow::Result<()> {
    let s = g.state();
    for n in g.notes() {
        let idea = g.note_idea(n);
        let p = n.participant.and_then(|id| s.participants.get(&id));
        let kind = match n.kind {
            NoteKind::Note => "note",
            NoteKind::Quote => "quote",
        };
        let tape = s.note_offset(n);
        let attribution = match (n.kind, n.participant) {
            (NoteKind::Quote, _) | (_, Some(_)) => g.attribution(n.participant),
            _ => String::new(),
        };
        csv.row([
            s.id.clone(),
            n.id.to_string(),
            n.place.step.clone(),
            g.step_title(&n.place.step),
            idea.map(|i| i.to_string()).unwrap_or_default(),
            idea.map(|i| idea_title(g.pack, i)).unwrap_or_default(),
            n.place.section.clone().unwrap_or_default(),
            kind.to_string(),
            n.codes.join(";"),
            n.participant.map(|i| i.to_string()).unwrap_or_default(),
            n.participant.map(|i| g.label(i)).unwrap_or_default(),
            p.map(|p| p.gender.clone()).unwrap_or_default(),
            p.map(|p| p.age_band.clone()).unwrap_or_default(),
            p.and_then(|p| p.ethnicity.clone()).unwrap_or_default(),
            p.map(|p| p.social_grade.clone()).unwrap_or_default(),
            p.map(|p| p.descriptors.join("; ")).unwrap_or_default(),
            attribution,
            n.text.clone(),
            iso(n.at),
            n.begun.map(iso).unwrap_or_default(),
            if n.edited { "yes" } else { "no" }.to_string(),
            if n.starred { "yes" } else { "no" }.to_string(),
            tape.map(|(r, _)| g.recording_name(r)).unwrap_or_default(),
            tape.map(|(_, secs)| secs.to_string()).unwrap_or_default(),
        ])?;
    }
    Ok(())
}

/// Columns of stickers.csv.
pub const STICKERS_HEADER: [&str; 12] = [
    "session",
    "mode",
    "idea",
    "idea_title",
    "colour",
    "count",
    "participant",
    "label",
    "gender",
    "age_band",
    "ethnicity",
    "social_grade",
];

/// The stickers as counted (the current entry mode, those present): per
/// poster one row per idea and colour; per participant one row per sticker,
/// with who placed it.
pub fn stickers_rows(g: &Group, csv: &mut Csv) -> anyhow::Result<()> {
    let s = g.state();
    match s.sticker_mode {
        StickerMode::PerPoster => {
            let t = tally(g.pack, s);
            let mut ideas: Vec<u32> = g.pack.ideas.iter().map(|i| i.number).collect();
            ideas.sort_unstable();
            ideas.dedup();
            for idea in ideas {
                for c in &t.colours {
                    let n = c.on(idea);
                    if n == 0 {
                        continue;
                    }
                    csv.row([
                        s.id.clone(),
                        "per_poster".into(),
                        idea.to_string(),
                        idea_title(g.pack, idea),
                        c.id.clone(),
                        n.to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ])?;
                }
            }
        }
        StickerMode::PerParticipant => {
            for p in s.present() {
                let Some(placed) = crate::domain::ideas::counted_places(g.pack, s, p.id) else {
                    continue;
                };
                let stickers: Vec<(u32, &str)> = g
                    .pack
                    .method
                    .votes
                    .colours
                    .iter()
                    .zip(&placed)
                    .flat_map(|(c, o)| o.iter().map(|i| (*i, c.id.as_str())))
                    .collect();
                for (idea, colour) in stickers {
                    csv.row([
                        s.id.clone(),
                        "per_participant".into(),
                        idea.to_string(),
                        idea_title(g.pack, idea),
                        colour.into(),
                        "1".into(),
                        p.id.to_string(),
                        g.label(p.id),
                        p.gender.clone(),
                        p.age_band.clone(),
                        p.ethnicity.clone().unwrap_or_default(),
                        p.social_grade.clone(),
                    ])?;
                }
            }
        }
    }
    Ok(())
}

/// Columns of ratings.csv for the built-in method (its scales' ids in the
/// middle; see [`ratings_header`]).
pub const RATINGS_HEADER: [&str; 11] = [
    "session",
    "idea",
    "idea_title",
    "slot",
    "pick",
    "suggested",
    "override_reason",
    "desirable",
    "achievable",
    "equitable",
    "equity_dimensions",
];

/// Columns of ratings.csv for a pack: one per scale of its method, by id;
/// then, only if a scale allows "don't know", `dont_know` (the ids of the
/// scales the group answered "don't know", `;`-separated; their own cells
/// are empty).
pub fn ratings_header(pack: &Pack) -> Vec<String> {
    let mut out: Vec<String> = RATINGS_HEADER[..7].iter().map(|s| s.to_string()).collect();
    out.extend(pack.method.ratings.scales.iter().map(|s| s.id.clone()));
    out.push(RATINGS_HEADER[10].to_string());
    if allows_dont_know(pack) {
        out.push("dont_know".to_string());
    }
    out
}

/// Whether any of the pack's rating scales allows "don't know".
fn allows_dont_know(pack: &Pack) -> bool {
    pack.method.ratings.scales.iter().any(|s| s.dont_know)
}

impl Csv {
    /// A file with this header (owned names).
    pub fn with_header(header: &[String]) -> anyhow::Result<Csv> {
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        Csv::new(&names)
    }
}

/// One row per idea discussed (or rated): its pick, the group's ratings
/// and the equity dimensions raised; then, when the group rated once (a
/// pack whose ratings are per group), a row of that rating with the idea's
/// cells empty.
pub fn ratings_rows(g: &Group, csv: &mut Csv) -> anyhow::Result<()> {
    for (idea, pick) in g.discussed() {
        csv.row(rating_row(g, Some(idea), pick))?;
    }
    if crate::domain::ideas::rated(g.pack, g.state(), None) {
        csv.row(rating_row(g, None, None))?;
    }
    Ok(())
}

/// The ratings.csv row of `idea` (`None`: the group's one rating).
fn rating_row(g: &Group, idea: Option<u32>, pick: Option<(u32, &Pick)>) -> Vec<String> {
    let s = g.state();
    let rating = |scale: Scale| {
        s.ratings
            .get(&(idea, scale))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let mut row: Vec<String> = vec![
        s.id.clone(),
        idea.map(|i| i.to_string()).unwrap_or_default(),
        idea.map(|i| idea_title(g.pack, i)).unwrap_or_default(),
        pick.map(|(slot, _)| slot.to_string()).unwrap_or_default(),
        pick.map(|(_, p)| pick_code(&p.kind).to_string())
            .unwrap_or_default(),
        pick.map(|(_, p)| p.suggested.to_string())
            .unwrap_or_default(),
        pick.and_then(|(_, p)| p.reason.clone()).unwrap_or_default(),
    ];
    row.extend(scales(g.pack).into_iter().map(|(sc, _)| rating(sc)));
    let dims: Vec<String> = idea
        .and_then(|i| s.equity.get(&i))
        .map(|d| d.iter().cloned().collect())
        .unwrap_or_default();
    row.push(dims.join(";"));
    if allows_dont_know(g.pack) {
        let unknown: Vec<String> = scales(g.pack)
            .into_iter()
            .filter(|(sc, _)| s.dont_know.contains(&(idea, sc.clone())))
            .map(|(sc, _)| sc.as_str().to_string())
            .collect();
        row.push(unknown.join(";"));
    }
    row
}

/// Columns of timeline.csv.
pub const TIMELINE_HEADER: [&str; 12] = [
    "session",
    "kind",
    "step",
    "step_title",
    "slot",
    "idea",
    "from",
    "to",
    "seconds",
    "planned_seconds",
    "participant",
    "label",
];

/// The session's timeline: started, each stay in a step (seconds without
/// pauses), each pause, each time someone was out of the room
/// (`out_of_room`, with who), finished; in order of time.
pub fn timeline_rows(g: &Group, csv: &mut Csv) -> anyhow::Result<()> {
    let s = g.state();
    let end = s.finished_at.or(s.last_at).unwrap_or(s.created_at);
    let mut rows: Vec<(DateTime<Utc>, u8, [String; 12])> = Vec::new();
    let blank = String::new;
    // A moment with no step or duration: "started", "finished".
    let moment = |what: &str, t: DateTime<Utc>| {
        let mut row: [String; 12] = Default::default();
        row[0] = s.id.clone();
        row[1] = what.to_string();
        row[6] = iso(t);
        row
    };
    if let Some(t) = s.started_at {
        rows.push((t, 0, moment("started", t)));
    }
    for v in &s.visits {
        let to = v.to.unwrap_or(end);
        let step = g.plan().get(&v.step);
        let slot = step.and_then(|p| p.slot);
        let idea = slot.and_then(|n| s.idea_in_slot(n));
        rows.push((
            v.from,
            1,
            [
                s.id.clone(),
                "step".into(),
                v.step.clone(),
                g.step_title(&v.step),
                slot.map(|n| n.to_string()).unwrap_or_default(),
                idea.map(|n| n.to_string()).unwrap_or_default(),
                iso(v.from),
                v.to.map(iso).unwrap_or_default(),
                active_secs(&s.pauses, v.from, to).to_string(),
                step.map(|p| (i64::from(p.minutes) * 60).to_string())
                    .unwrap_or_default(),
                blank(),
                blank(),
            ],
        ));
    }
    for (from, to) in &s.pauses {
        let secs = (to.unwrap_or(end) - *from).num_seconds().max(0);
        rows.push((
            *from,
            2,
            [
                s.id.clone(),
                "pause".into(),
                blank(),
                blank(),
                blank(),
                blank(),
                iso(*from),
                to.map(iso).unwrap_or_default(),
                secs.to_string(),
                blank(),
                blank(),
                blank(),
            ],
        ));
    }
    for a in &s.away {
        let mut row: [String; 12] = Default::default();
        row[0] = s.id.clone();
        row[1] = "out_of_room".into();
        row[6] = iso(a.from);
        row[7] = a.to.map(iso).unwrap_or_default();
        row[8] =
            a.to.map(|t| (t - a.from).num_seconds().max(0).to_string())
                .unwrap_or_default();
        row[10] = a.participant.to_string();
        row[11] = g.label(a.participant);
        rows.push((a.from, 2, row));
    }
    if let Some(t) = s.finished_at {
        rows.push((t, 3, moment("finished", t)));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    for (_, _, r) in rows {
        csv.row(r)?;
    }
    Ok(())
}
