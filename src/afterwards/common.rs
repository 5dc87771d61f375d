//! What export and report share: reading a session with errors that name
//! the file, one group's notes as the report lays them out (attributions,
//! the order of the guide's sections), writing files without overwriting,
//! and the CSV rows both commands write.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};

use super::anonymise::{self, Privacy};
use crate::domain::clock::{active_secs, tape};
use crate::domain::event::{Event, EventRecord, NoteKind, PickKind, Scale, StickerMode};
use crate::domain::ideas::{slot_count, tally};
use crate::domain::plan::Plan;
use crate::domain::session::Session;
use crate::domain::state::{Note, Pick, SessionState};
use crate::stimulus::{Pack, StageKind};
use crate::store::{Loaded, SessionsDir};

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// Where a session was read from, for messages: the snapshot file if it
/// exists, else the journal.
pub fn session_file(dir: &SessionsDir, id: &str) -> PathBuf {
    let json = dir.path().join(format!("{id}.json"));
    if json.exists() {
        json
    } else {
        dir.path().join(format!("{id}.journal"))
    }
}

/// Read the session `which` (path, id or unique id prefix) as saved so far.
/// Errors name the file (and line:col for JSON).
pub fn load_one(dir: &SessionsDir, which: &str) -> anyhow::Result<(Loaded, PathBuf)> {
    let looks_like_path = which.contains('/') || which.contains('.');
    if looks_like_path && !Path::new(which).exists() {
        bail!("{which}: no such session file");
    }
    let (folder, id) = dir.resolve(which)?;
    let file = session_file(&folder, &id);
    let loaded = folder.load(&id)?;
    check_loaded(&loaded, &file)?;
    Ok((loaded, file))
}

/// A session that holds no events, or does not begin with its creation,
/// cannot be laid out.
pub fn check_loaded(loaded: &Loaded, file: &Path) -> anyhow::Result<()> {
    match loaded.events.first() {
        None => bail!("{}: the session holds no events", file.display()),
        Some(EventRecord {
            event: Event::Created { .. },
            ..
        }) => Ok(()),
        Some(_) => bail!(
            "{}: the session does not begin with its creation (its first action is missing)",
            file.display()
        ),
    }
}

/// What reading found that the reader should know (a damaged save file
/// read from the journal, a dropped half-written line, disagreements);
/// None when the files were as a clean save or a live session leaves them.
pub fn recovery_note(loaded: &Loaded) -> Option<String> {
    let mut r = loaded.recovery.clone();
    // A journal ahead of the snapshot is how a live session looks; a
    // snapshot alone is how a copied file looks: neither is a problem.
    if r.snapshot.is_none() {
        r.from_journal = 0;
    }
    r.journal_missing = false;
    r.journal_behind = 0;
    r.unterminated_kept = false;
    r.draft_unreadable = None;
    r.draft_recorded = false;
    r.summary()
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// Refuse before anything is written if any of `paths` exists and `force`
/// is not given.
pub fn refuse_existing(paths: &[PathBuf], force: bool) -> anyhow::Result<()> {
    if force {
        return Ok(());
    }
    let existing: Vec<String> = paths
        .iter()
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    match existing.as_slice() {
        [] => Ok(()),
        [one] => bail!("{one} already exists (use --force to overwrite it)"),
        more => bail!(
            "these files already exist (use --force to overwrite them): {}",
            more.join(", ")
        ),
    }
}

/// Permissions of an exported file: what the group said is private.
pub const EXPORT_FILE_MODE: u32 = 0o600;
/// Permissions of a folder an export creates.
pub const EXPORT_DIR_MODE: u32 = 0o700;

/// Write `bytes` to `path` (a new file, or any file with `force`), readable
/// by its owner only (0600, whatever the umask). A regular file overwritten
/// with `force` is made 0600 before anything is written to it; something
/// else (`-o /dev/stdout`) is written to as it is.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, EXPORT_FILE_MODE);
    if force {
        // Not truncated yet: first made private (see below).
        opts.create(true);
    } else {
        opts.create_new(true);
    }
    let cannot = || format!("cannot write {}", path.display());
    let mut f = opts.open(path).with_context(cannot)?;
    if force && f.metadata().with_context(cannot)?.is_file() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            f.set_permissions(std::fs::Permissions::from_mode(EXPORT_FILE_MODE))
                .with_context(|| format!("cannot make {} private (0600)", path.display()))?;
        }
        f.set_len(0).with_context(cannot)?;
    }
    f.write_all(bytes)
        .and_then(|()| f.flush())
        .with_context(cannot)
}

/// Write several files into folder `dir` (created if missing, 0700 with
/// every folder it needs), refusing
/// before writing any of them if one exists and `force` is not given.
pub fn write_files(dir: &Path, files: &[(&str, Vec<u8>)], force: bool) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is not a folder (CSV is written as several files into a folder)",
            dir.display()
        );
    }
    let paths: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
    refuse_existing(&paths, force)?;
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, EXPORT_DIR_MODE);
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    for (path, (_, bytes)) in paths.iter().zip(files) {
        write_file(path, bytes, force)?;
    }
    Ok(())
}

/// Print `text` to stdout in one go.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = crate::safe_out::Out::stdout();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // The reader stopped early (`| head`): nothing more to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

// ---------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------

/// "most popular", "most contentious", "joker".
pub fn pick_words(kind: PickKind) -> &'static str {
    match kind {
        PickKind::Popular => "most popular",
        PickKind::Contentious => "most contentious",
        PickKind::Joker => "joker",
    }
}

/// `popular`, `contentious`, `joker` (CSV).
pub fn pick_code(kind: PickKind) -> &'static str {
    match kind {
        PickKind::Popular => "popular",
        PickKind::Contentious => "contentious",
        PickKind::Joker => "joker",
    }
}

/// The three scales in the report's order.
pub const SCALES: [(Scale, &str); 3] = [
    (Scale::Desirable, "Desirable"),
    (Scale::Achievable, "Achievable"),
    (Scale::Equitable, "Equitable"),
];

/// "2026-11-29T18:05:00Z".
pub fn iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// "18:05".
pub fn hm(t: DateTime<Utc>) -> String {
    t.format("%H:%M").to_string()
}

/// "Idea 4: Citizen Advisors" (or "Idea 4" if the pack has no such idea).
pub fn idea_label(pack: &Pack, idea: u32) -> String {
    match pack.idea(idea) {
        Some(i) => format!("Idea {idea}: {}", i.title),
        None => format!("Idea {idea}"),
    }
}

/// The idea's title, or "" if the pack has no such idea.
pub fn idea_title(pack: &Pack, idea: u32) -> String {
    pack.idea(idea).map(|i| i.title.clone()).unwrap_or_default()
}

/// A table cell: no pipes, no line breaks.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A quote as the report prints it: the words (as a block quote), then on
/// the next line the attribution.
pub fn quote_block(out: &mut String, text: &str, attribution: &str) {
    for line in text.trim().lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(attribution);
    out.push_str("\n\n");
}

/// One bullet, continuation lines indented.
pub fn bullet(out: &mut String, text: &str) {
    let mut first = true;
    for line in text.trim().lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(if first { "- " } else { "  " });
        out.push_str(line.trim());
        out.push('\n');
        first = false;
    }
}

// ---------------------------------------------------------------------------
// Sections of an idea discussion
// ---------------------------------------------------------------------------

/// The guide sections of the per-idea steps, in the report's order: the
/// three questions of the report first (Desirable? / Achievable? /
/// Equitable?), then the other sections in the guide's order. Each as
/// (section id, heading).
pub fn idea_sections(pack: &Pack) -> Vec<(String, String)> {
    let mut rest: Vec<(String, String)> = Vec::new();
    for stage in pack
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::IdeaTesting)
    {
        for step in stage.steps.iter().skip(1) {
            for sec in &step.sections {
                if !rest.iter().any(|(id, _)| id == &sec.id) {
                    rest.push((sec.id.clone(), sec.title.clone()));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (id, heading) in [
        ("desirability", "Desirable?"),
        ("achievability", "Achievable?"),
        ("equity", "Equitable?"),
    ] {
        out.push((id.to_string(), heading.to_string()));
        rest.retain(|(x, _)| x != id);
    }
    out.extend(rest);
    out
}

/// Whether a section id is one of the report's three questions (always shown).
pub fn is_core_section(id: &str) -> bool {
    matches!(id, "desirability" | "achievability" | "equity")
}

// ---------------------------------------------------------------------------
// One group
// ---------------------------------------------------------------------------

/// One group's session, read for laying out: the folded state and the
/// plan; with anonymise, of the events with the people taken out (see
/// [`anonymise`](super::anonymise)).
pub struct Group<'a> {
    /// The stimulus pack.
    pub pack: &'a Pack,
    /// The session (state and plan).
    pub session: Session,
    /// Participant labels are dropped (and replaced in free text).
    pub anonymise: bool,
}

impl<'a> Group<'a> {
    /// A group from its saved events (`false`: as saved; `true`: anonymised).
    pub fn new(pack: &'a Pack, events: Vec<EventRecord>, privacy: impl Into<Privacy>) -> Group<'a> {
        let privacy = privacy.into();
        let session = Session::from_events(pack, anonymise::events(events, privacy));
        Group {
            pack,
            session,
            anonymise: privacy.anonymised(),
        }
    }

    /// The state.
    pub fn state(&self) -> &SessionState {
        self.session.state()
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        self.session.plan()
    }

    /// A participant's label, or "" with anonymise.
    pub fn label(&self, id: u32) -> String {
        if self.anonymise {
            return String::new();
        }
        self.state()
            .participants
            .get(&id)
            .map(|p| p.label.clone())
            .unwrap_or_default()
    }

    /// The attribution printed under a quote ("Female, 40-64, Kent").
    pub fn attribution(&self, participant: Option<u32>) -> String {
        let s = self.state();
        match participant.and_then(|id| s.participants.get(&id)) {
            Some(p) => {
                let a = p.attribution(&s.profile);
                if a.is_empty() {
                    format!("Participant {}", p.id)
                } else {
                    a
                }
            }
            None => {
                let place = s.profile.attribution_place();
                if place.is_empty() {
                    "Unattributed".to_string()
                } else {
                    format!("Unattributed, {place}")
                }
            }
        }
    }

    /// What follows a quote's attribution: its place on the tape,
    /// `[0:47:12]` (with the recording's name when the group has several),
    /// `[not recorded]` when no recording ran as it was typed, and
    /// " · key verbatim" if starred.
    pub fn quote_extras(&self, n: &Note) -> String {
        let mut out = String::new();
        if let Some(t) = self.tape_mark(n) {
            out.push_str(&format!(" {t}"));
        }
        if n.starred {
            out.push_str(" · key verbatim");
        }
        out
    }

    /// A note's place on the tape in brackets, or None when the group was
    /// never recorded.
    pub fn tape_mark(&self, n: &Note) -> Option<String> {
        let s = self.state();
        if s.recordings.is_empty() {
            return None;
        }
        Some(match s.note_offset(n) {
            Some((rec, secs)) if s.recordings.len() > 1 => {
                format!("[{} {}]", self.recording_name(rec), tape(secs))
            }
            Some((_, secs)) => format!("[{}]", tape(secs)),
            None => "[not recorded]".to_string(),
        })
    }

    /// A recording's file name, or "recording N".
    pub fn recording_name(&self, rec: u32) -> String {
        (rec as usize)
            .checked_sub(1)
            .and_then(|i| self.state().recordings.get(i))
            .and_then(|r| r.name.clone())
            .unwrap_or_else(|| format!("recording {rec}"))
    }

    /// Notes not struck out, in order of adding.
    pub fn notes(&self) -> impl Iterator<Item = &Note> {
        self.state().notes.iter().filter(|n| !n.deleted)
    }

    /// The idea-discussion slot of a plan step, if it is a per-idea step.
    pub fn slot_of_step(&self, step: &str) -> Option<u32> {
        self.plan().get(step).and_then(|s| s.slot)
    }

    /// The idea a note is about: the one it was taken on, or for a note
    /// taken in a per-idea step without one, the idea in that slot.
    pub fn note_idea(&self, n: &Note) -> Option<u32> {
        n.place.idea.or_else(|| {
            self.slot_of_step(&n.place.step)
                .and_then(|slot| self.state().idea_in_slot(slot))
        })
    }

    /// Whether a note belongs to an idea discussion (taken in a per-idea step).
    pub fn in_discussion(&self, n: &Note) -> bool {
        self.slot_of_step(&n.place.step).is_some() && self.note_idea(n).is_some()
    }

    /// How many ideas the group discusses.
    pub fn slots(&self) -> u32 {
        slot_count(self.pack, self.state(), self.plan())
    }

    /// The picks that stand (slots within the number the group discusses), by slot.
    pub fn picks(&self) -> Vec<(u32, &Pick)> {
        let n = self.slots();
        self.state()
            .picks
            .iter()
            .filter(|(slot, _)| **slot <= n)
            .map(|(slot, p)| (*slot, p))
            .collect()
    }

    /// Every idea this group discussed: the picks in slot order, then any
    /// other idea with discussion notes, ratings or equity ticks (an idea
    /// picked and then replaced), by number. With its pick, if it stands.
    pub fn discussed(&self) -> Vec<(u32, Option<(u32, &Pick)>)> {
        let mut out: Vec<(u32, Option<(u32, &Pick)>)> = self
            .picks()
            .into_iter()
            .map(|(slot, p)| (p.idea, Some((slot, p))))
            .collect();
        let mut others: Vec<u32> = self
            .notes()
            .filter(|n| self.in_discussion(n))
            .filter_map(|n| self.note_idea(n))
            .chain(self.state().ratings.keys().map(|(i, _)| *i))
            .chain(
                self.state()
                    .equity
                    .iter()
                    .filter(|(_, d)| !d.is_empty())
                    .map(|(i, _)| *i),
            )
            .collect();
        others.sort_unstable();
        others.dedup();
        for i in others {
            if !out.iter().any(|(x, _)| *x == i) {
                out.push((i, None));
            }
        }
        out
    }

    /// The place of the group in attributions and titles.
    pub fn place(&self) -> String {
        self.state().profile.location.clone()
    }

    /// "2026-11-29" or "".
    pub fn date(&self) -> String {
        self.state()
            .profile
            .date
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    /// The title of the group's plan (its id if the pack has no such plan).
    pub fn plan_title(&self) -> String {
        let id = &self.state().plan;
        self.pack
            .plan(id)
            .map_or_else(|| id.clone(), |p| p.title.clone())
    }

    /// The title of the guide's stage `stage` (0-based), empty if there is none.
    pub fn stage_title(&self, stage: usize) -> String {
        self.pack
            .stages
            .get(stage)
            .map(|s| s.title.clone())
            .unwrap_or_default()
    }

    /// The title of a plan step (its key if the plan has no such step);
    /// for a per-idea step, with the idea discussed in it: "Idea 4: Citizen
    /// Advisors · a) Desirability; Equity; Achievability" ("Discussion 2 ·
    /// ..." before a pick).
    pub fn step_title(&self, key: &str) -> String {
        let Some(step) = self.plan().get(key) else {
            return key.to_string();
        };
        let title = step
            .guide(self.pack)
            .map(|(_, s)| s.title.clone())
            .unwrap_or_else(|| key.to_string());
        match step.slot {
            None => title,
            Some(slot) => match self.state().idea_in_slot(slot) {
                Some(idea) => format!("{} · {title}", idea_label(self.pack, idea)),
                None => format!("Discussion {slot} · {title}"),
            },
        }
    }

    /// The guide's title of a section of a plan step (its id if unknown).
    pub fn section_title(&self, step: &str, section: &str) -> String {
        self.plan()
            .get(step)
            .and_then(|s| s.guide(self.pack))
            .and_then(|(_, st)| st.sections.iter().find(|x| x.id == section))
            .map(|x| x.title.clone())
            .unwrap_or_else(|| section.to_string())
    }
}

// ---------------------------------------------------------------------------
// CSV rows (export writes one group's, report every group's)
// ---------------------------------------------------------------------------

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
            for (idea, green) in &t.green {
                let red = t.red.get(idea).copied().unwrap_or(0);
                for (colour, n) in [("green", *green), ("red", red)] {
                    if n == 0 {
                        continue;
                    }
                    csv.row([
                        s.id.clone(),
                        "per_poster".into(),
                        idea.to_string(),
                        idea_title(g.pack, *idea),
                        colour.into(),
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
                let Some((greens, red)) = s.placements.get(&p.id) else {
                    continue;
                };
                let mut seen: Vec<u32> = Vec::new();
                let greens = greens.iter().filter(|g| {
                    let fresh = !seen.contains(g) && seen.len() < 2;
                    if fresh {
                        seen.push(**g);
                    }
                    fresh
                });
                let stickers: Vec<(u32, &str)> = greens
                    .map(|i| (*i, "green"))
                    .chain(red.iter().map(|i| (*i, "red")))
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

/// Columns of ratings.csv.
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

/// One row per idea discussed (or rated): its pick, the group's three
/// ratings and the equity dimensions raised.
pub fn ratings_rows(g: &Group, csv: &mut Csv) -> anyhow::Result<()> {
    let s = g.state();
    for (idea, pick) in g.discussed() {
        let rating = |scale: Scale| {
            s.ratings
                .get(&(idea, scale))
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        let dims: Vec<String> = s
            .equity
            .get(&idea)
            .map(|d| d.iter().cloned().collect())
            .unwrap_or_default();
        csv.row([
            s.id.clone(),
            idea.to_string(),
            idea_title(g.pack, idea),
            pick.map(|(slot, _)| slot.to_string()).unwrap_or_default(),
            pick.map(|(_, p)| pick_code(p.kind).to_string())
                .unwrap_or_default(),
            pick.map(|(_, p)| p.suggested.to_string())
                .unwrap_or_default(),
            pick.and_then(|(_, p)| p.reason.clone()).unwrap_or_default(),
            rating(Scale::Desirable),
            rating(Scale::Achievable),
            rating(Scale::Equitable),
            dims.join(";"),
        ])?;
    }
    Ok(())
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

/// `f` of every item, on every core (up to 8), in the items' order. Items
/// are handed out one at a time, so one slow item does not hold up a whole
/// share of them. A panic in `f` is raised again here.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return mine;
            };
            mine.push((i, f(item)));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers).map(|_| s.spawn(work)).collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_map_keeps_the_order_and_passes_a_panic_on() {
        let items: Vec<u64> = (0..500).collect();
        // Uneven work, so the workers finish out of order.
        let out = parallel_map(&items, |&n| {
            if n % 7 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            n * 2
        });
        assert_eq!(out, items.iter().map(|n| n * 2).collect::<Vec<_>>());
        assert!(parallel_map(&[] as &[u64], |&n| n).is_empty());
        assert_eq!(parallel_map(&[3u64], |&n| n + 1), vec![4]);
        let panicked = std::panic::catch_unwind(|| {
            parallel_map(&items, |&n| {
                assert!(n != 321, "item 321");
                n
            })
        });
        assert!(panicked.is_err(), "a panic in one item must not be dropped");
    }

    #[test]
    fn cells_have_no_pipes_or_breaks() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
