//! From groups to a [`Project`]: the codebook of the pack, the variables,
//! and per group its text (laid out like the Markdown export, every note
//! and quote a selection), its recordings and its participants.

use std::collections::BTreeSet;

use uuid::Uuid;

use super::ids;
use super::layout::{Placed, layout};
use super::model::*;
use crate::afterwards::common::{Group, idea_label, idea_sections, pick_code, pick_words};
use crate::domain::event::{NoteKind, PickKind};
use crate::domain::profile::Phase;
use crate::domain::state::Note;
use crate::stimulus::Pack;

/// The code id of a pack note code.
fn note_code_id(code: &str) -> String {
    format!("note-code:{code}")
}

fn idea_code_id(idea: u32) -> String {
    format!("idea:{idea}")
}

fn section_code_id(idea: u32, section: &str) -> String {
    format!("idea:{idea}/section:{section}")
}

const KEY_VERBATIM: &str = "key-verbatim";

/// The codebook being built: the pack's codes, and any code a note uses
/// that the pack no longer has (added, so nothing coded is lost).
struct Codebook<'p> {
    pack: &'p Pack,
    note_codes: Vec<Code>,
    ideas: Vec<Code>,
    picks: Vec<Code>,
    key: Code,
}

fn code(pack: &Pack, id: &str, name: String, description: String, codable: bool) -> Code {
    Code {
        guid: ids::code(&pack.title, id),
        name,
        description,
        codable,
        children: Vec::new(),
    }
}

/// The code of a kind of pick: named by its label ("Most popular"),
/// described in the pack's word for an option; `note` is added to the
/// description.
fn pick_code_of(pack: &Pack, kind: &PickKind, note: &str) -> Code {
    let words = pick_words(pack, kind);
    let desc = format!(
        "Said while discussing the group's {words} {}{note}.",
        pack.method.wording.option
    );
    let name = crate::afterwards::common::capitalise(&words);
    code(pack, &format!("pick:{}", pick_code(kind)), name, desc, true)
}

impl<'p> Codebook<'p> {
    fn new(pack: &'p Pack) -> Codebook<'p> {
        let note_codes = pack
            .codes
            .iter()
            .map(|c| {
                let desc = format!("Note code \"{c}\" of the pack.");
                code(pack, &note_code_id(c), c.clone(), desc, true)
            })
            .collect();
        let sections = idea_sections(pack);
        let ideas = pack
            .ideas
            .iter()
            .map(|i| {
                let mut c = code(
                    pack,
                    &idea_code_id(i.number),
                    idea_label(pack, i.number),
                    format!("Discussion of idea {}: {}", i.number, i.summary.trim()),
                    true,
                );
                c.children = sections
                    .iter()
                    .map(|(id, heading)| {
                        let desc = format!("Idea {}, discussion section \"{heading}\".", i.number);
                        code(
                            pack,
                            &section_code_id(i.number, id),
                            heading.clone(),
                            desc,
                            true,
                        )
                    })
                    .collect();
                c
            })
            .collect();
        // One code per pick slot of the pack, in its order.
        let picks = pack
            .method
            .picks
            .iter()
            .map(|p| pick_code_of(pack, &PickKind::new(p.id.clone()), ""))
            .collect();
        let key = code(
            pack,
            KEY_VERBATIM,
            "Key verbatim".to_string(),
            "Starred by the moderator as a key verbatim.".to_string(),
            true,
        );
        Codebook {
            pack,
            note_codes,
            ideas,
            picks,
            key,
        }
    }

    fn note_code(&mut self, name: &str) -> Uuid {
        let guid = ids::code(&self.pack.title, &note_code_id(name));
        if !self.note_codes.iter().any(|c| c.guid == guid) {
            let desc = format!("Note code \"{name}\" (not in the pack now).");
            let c = code(self.pack, &note_code_id(name), name.to_string(), desc, true);
            self.note_codes.push(c);
        }
        guid
    }

    fn idea(&mut self, idea: u32) -> &mut Code {
        let guid = ids::code(&self.pack.title, &idea_code_id(idea));
        let at = match self.ideas.iter().position(|c| c.guid == guid) {
            Some(i) => i,
            None => {
                let desc = format!("Discussion of idea {idea} (not in the pack now).");
                let c = code(
                    self.pack,
                    &idea_code_id(idea),
                    format!("Idea {idea}"),
                    desc,
                    true,
                );
                self.ideas.push(c);
                self.ideas.len() - 1
            }
        };
        &mut self.ideas[at]
    }

    fn section(&mut self, idea: u32, section: &str, title: &str) -> Uuid {
        let pack = self.pack;
        let id = section_code_id(idea, section);
        let guid = ids::code(&pack.title, &id);
        let parent = self.idea(idea);
        if !parent.children.iter().any(|c| c.guid == guid) {
            let desc = format!("Idea {idea}, discussion section \"{title}\".");
            parent
                .children
                .push(code(pack, &id, title.to_string(), desc, true));
        }
        guid
    }

    /// The code of a kind of pick; one the pack no longer has is added
    /// (so nothing coded points at a code the project lacks).
    fn pick(&mut self, kind: &PickKind) -> Uuid {
        let guid = ids::code(&self.pack.title, &format!("pick:{}", pick_code(kind)));
        if !self.picks.iter().any(|c| c.guid == guid) {
            let c = pick_code_of(self.pack, kind, " (not in the pack now)");
            self.picks.push(c);
        }
        guid
    }

    fn finish(self) -> Vec<Code> {
        let pack = self.pack;
        let heading = |id: &str, name: &str, desc: &str, children: Vec<Code>| {
            let mut c = code(pack, id, name.to_string(), desc.to_string(), false);
            c.children = children;
            c
        };
        vec![
            heading(
                "heading:note-codes",
                "Note codes",
                "The codes a moderator puts on a note during the group.",
                self.note_codes,
            ),
            heading(
                "heading:ideas",
                "Ideas",
                "The policy ideas (posters), each with the sections of its discussion.",
                self.ideas,
            ),
            heading(
                "heading:picks",
                "Picks",
                "Why the group discussed the idea: the kinds of pick.",
                self.picks,
            ),
            self.key,
        ]
    }

    /// The codes of one note: its note codes, its idea and section, the
    /// kind of pick that brought the idea, key verbatim.
    fn of_note(&mut self, g: &Group, n: &Note) -> Vec<Uuid> {
        let mut out: Vec<Uuid> = n.codes.iter().map(|c| self.note_code(c)).collect();
        if g.in_discussion(n)
            && let Some(idea) = g.note_idea(n)
        {
            out.push(self.idea(idea).guid);
            if let Some(sec) = &n.place.section {
                let title = idea_sections(self.pack)
                    .into_iter()
                    .find(|(id, _)| id == sec)
                    .map_or_else(|| g.section_title(&n.place.step, sec), |(_, h)| h);
                out.push(self.section(idea, sec, &title));
            }
            let pick = g
                .slot_of_step(&n.place.step)
                .and_then(|slot| g.state().picks.get(&slot))
                .filter(|p| p.idea == idea);
            if let Some(p) = pick {
                out.push(self.pick(&p.kind));
            }
        }
        if n.starred {
            out.push(self.key.guid);
        }
        let mut seen = BTreeSet::new();
        out.retain(|c| seen.insert(*c));
        out
    }
}

/// The variables, in the order written.
const GROUP_VARS: [(&str, VarType, &str); 10] = [
    ("Session", VarType::Text, "The session's id in facilitator."),
    ("Location", VarType::Text, "Where the group met."),
    ("Date", VarType::Date, "The day of the group."),
    (
        "Group type",
        VarType::Text,
        "The plan the group ran (full, mini).",
    ),
    ("Fieldwork", VarType::Text, "Pilot or main stage."),
    ("Moderator", VarType::Text, "Who led the group."),
    (
        "Group age band",
        VarType::Text,
        "The group's recruited age band.",
    ),
    (
        "Group social grade",
        VarType::Text,
        "The group's recruited social grade.",
    ),
    (
        "Participants",
        VarType::Integer,
        "How many were on the roster.",
    ),
    (
        "Ideas discussed",
        VarType::Integer,
        "How many ideas the group discussed.",
    ),
];

const CASE_VARS: [(&str, VarType, &str); 5] = [
    ("Gender", VarType::Text, "As the participant gave it."),
    ("Age band", VarType::Text, "The participant's age band."),
    (
        "Ethnicity",
        VarType::Text,
        "Where the group's design records it.",
    ),
    (
        "Social grade",
        VarType::Text,
        "The participant's social grade.",
    ),
    (
        "Descriptors",
        VarType::Text,
        "Recruitment descriptors, separated by \"; \".",
    ),
];

fn variables() -> Vec<Variable> {
    GROUP_VARS
        .iter()
        .chain(CASE_VARS.iter())
        .map(|(name, ty, desc)| Variable {
            guid: ids::variable(name),
            name: name.to_string(),
            ty: *ty,
            description: desc.to_string(),
        })
        .collect()
}

fn text(name: &str, v: &str) -> Option<(Uuid, Value)> {
    let v = v.trim();
    (!v.is_empty()).then(|| (ids::variable(name), Value::Text(v.to_string())))
}

fn group_values(g: &Group) -> Vec<(Uuid, Value)> {
    let s = g.state();
    let p = &s.profile;
    let phase = match p.phase {
        Phase::Pilot => "Pilot",
        Phase::Main => "Main stage",
    };
    let int = |name: &str, n: usize| Some((ids::variable(name), Value::Integer(n as i64)));
    [
        text("Session", &s.id),
        text("Location", &p.location),
        p.date.map(|d| (ids::variable("Date"), Value::Date(d))),
        text("Group type", &g.plan_title()),
        text("Fieldwork", phase),
        text("Moderator", &p.moderator),
        text("Group age band", &p.age_band),
        text("Group social grade", &p.social_grade),
        int("Participants", s.roster().count()),
        int("Ideas discussed", g.slots() as usize),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// "Ashford, Kent, 2010-02-12".
fn group_name(g: &Group) -> String {
    let mut name = g.place();
    let date = g.date();
    if !date.is_empty() {
        if !name.is_empty() {
            name.push_str(", ");
        }
        name.push_str(&date);
    }
    if name.is_empty() {
        name = g.state().id.clone();
    }
    name
}

/// The project of these groups (one for `export`, all for `report`).
pub fn project(pack: &Pack, groups: &[Group], name: String) -> Project {
    let mut book = Codebook::new(pack);
    let mut project = Project {
        name,
        origin: format!("facilitator {}", env!("CARGO_PKG_VERSION")),
        created: groups
            .iter()
            .map(|g| g.state().last_at.unwrap_or(g.state().created_at))
            .max()
            .unwrap_or_default(),
        users: Vec::new(),
        codes: Vec::new(),
        variables: variables(),
        cases: Vec::new(),
        texts: Vec::new(),
        audios: Vec::new(),
        description: format!(
            "{} from facilitator, with the pack \"{}\". The recordings are referred to by file name (relative://): put them beside this project.",
            match groups.len() {
                1 => "One group's notes and quotes".to_string(),
                n => format!("The notes and quotes of {n} groups"),
            },
            pack.title
        ),
    };
    for g in groups {
        add_group(&mut project, &mut book, g);
    }
    project.codes = book.finish();
    project
}

fn add_group(project: &mut Project, book: &mut Codebook, g: &Group) {
    let s = g.state();
    let sid = s.id.as_str();
    let uuid = s.uuid();
    let moderator = match s.profile.moderator.trim() {
        "" => "Moderator".to_string(),
        m => m.to_string(),
    };
    let user = ids::user(&moderator);
    if !project.users.iter().any(|(u, _)| *u == user) {
        project.users.push((user, moderator));
    }
    let values = group_values(g);
    let (text, placed) = layout(g);
    let mut cases: Vec<Case> = s
        .participants
        .values()
        .map(|p| {
            let mut description = format!("A participant of the group {} ({sid})", group_name(g));
            if s.removed.contains(&p.id) {
                description.push_str("; taken off the roster");
            }
            description.push('.');
            let vals = [
                text_value("Session", sid),
                text_value("Gender", &p.gender),
                text_value("Age band", &p.age_band),
                text_value("Ethnicity", p.ethnicity.as_deref().unwrap_or("")),
                text_value("Social grade", &p.social_grade),
                text_value("Descriptors", &p.descriptors.join("; ")),
            ];
            Case {
                guid: ids::case(uuid, p.id),
                name: p.label.clone(),
                description,
                values: vals.into_iter().flatten().collect(),
                selections: Vec::new(),
            }
        })
        .collect();
    let mut selections = Vec::new();
    let mut audio: Vec<Vec<AudioSelection>> = vec![Vec::new(); s.recordings.len()];
    for Placed { note, start, end } in placed {
        let Some(n) = s.notes.iter().find(|n| n.id == note) else {
            continue;
        };
        let codes = book.of_note(g, n);
        let kind = match n.kind {
            NoteKind::Note => "Note",
            NoteKind::Quote => "Quote",
        };
        let name = format!("{kind} {}", n.id);
        let guid = ids::text_selection(uuid, n.id);
        let mut refs = vec![guid];
        if let Some((rec, a)) = on_tape(g, n) {
            let aguid = ids::audio_selection(uuid, n.id);
            refs.push(aguid);
            audio[rec].push(AudioSelection {
                guid: aguid,
                name: name.clone(),
                begin_ms: a.0,
                end_ms: a.1,
                description: n.text.trim().to_string(),
                codes: codes.clone(),
                at: n.at,
            });
        }
        if let Some(case) = n
            .participant
            .and_then(|p| cases.iter_mut().find(|c| c.guid == ids::case(uuid, p)))
        {
            case.selections.extend(refs);
        }
        selections.push(TextSelection {
            guid,
            name,
            start,
            end,
            codes,
            at: n.at,
        });
    }
    project.cases.append(&mut cases);
    for (i, (r, sels)) in s.recordings.iter().zip(audio).enumerate() {
        let rec = i as u32 + 1;
        project.audios.push(AudioSource {
            guid: ids::audio_source(uuid, rec),
            name: g.recording_name(rec),
            path: r
                .name
                .as_ref()
                .map_or_else(String::new, |n| format!("relative://{n}")),
            selections: sels,
            values: values.clone(),
            user,
            created: r.start(),
        });
    }
    project.texts.push(TextSource {
        guid: ids::text_source(uuid),
        name: format!("{} ({sid})", group_name(g)),
        text,
        selections,
        values,
        user,
        created: s.created_at,
    });
}

fn text_value(name: &str, v: &str) -> Option<(Uuid, Value)> {
    text(name, v)
}

/// Where a note falls on the tape: the recording (0-based) and the stretch
/// in milliseconds, from when its typing began to when it was entered (at
/// least a second; never past the recording's end).
fn on_tape(g: &Group, n: &Note) -> Option<(usize, (i64, i64))> {
    let s = g.state();
    let begun = n.begun.unwrap_or(n.at);
    let (rec, _) = s.tape_offset(begun)?;
    let i = (rec as usize).checked_sub(1)?;
    let r = s.recordings.get(i)?;
    let start = r.start();
    let begin = (begun - start).num_milliseconds().max(0);
    let mut end = (n.at - start).num_milliseconds();
    if let Some(stop) = r.stopped {
        end = end.min((stop - start).num_milliseconds());
    }
    Some((i, (begin, end.max(begin + 1000))))
}
