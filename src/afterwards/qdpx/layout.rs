//! A group's notes and quotes as the plain text of its source, laid out
//! like the Markdown export (headings, notes as bullets, quotes with their
//! attribution on the next line), with where each note's words are, in
//! Unicode code points from 0 (as REFI-QDA counts).

use std::collections::BTreeSet;

use crate::afterwards::anonymise::demo_marker;
use crate::afterwards::common::{Group, idea_label, idea_sections, pick_words};
use crate::domain::event::NoteKind;
use crate::domain::state::Note;
use crate::stimulus::StageKind;

/// Where a note's words are in the text: `start..end`, code points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// The note's id.
    pub note: u32,
    /// First code point.
    pub start: usize,
    /// The code point after the last.
    pub end: usize,
}

struct Text<'a, 'p> {
    g: &'a Group<'p>,
    out: String,
    chars: usize,
    placed: Vec<Placed>,
    done: BTreeSet<u32>,
}

impl Text<'_, '_> {
    fn push(&mut self, s: &str) {
        self.chars += s.chars().count();
        self.out.push_str(s);
    }

    fn heading(&mut self, level: usize, title: &str) {
        let line = format!("{} {}\n\n", "#".repeat(level), one_line(title));
        self.push(&line);
    }

    fn words(&mut self, n: &Note) {
        let start = self.chars;
        self.push(n.text.trim());
        self.placed.push(Placed {
            note: n.id,
            start,
            end: self.chars,
        });
        self.done.insert(n.id);
    }

    /// Notes as bullets, quotes as block quotes with the attribution under.
    fn notes(&mut self, notes: &[&Note]) {
        let g = self.g;
        let mut in_list = false;
        for n in notes {
            match n.kind {
                NoteKind::Quote => {
                    if in_list {
                        self.push("\n");
                        in_list = false;
                    }
                    self.push("> ");
                    self.words(n);
                    let line = format!(
                        "\n{}{}\n\n",
                        g.attribution(n.participant),
                        g.quote_extras(n)
                    );
                    self.push(&line);
                }
                NoteKind::Note => {
                    self.push("- ");
                    self.words(n);
                    let mut tail = String::new();
                    if n.participant.is_some() {
                        tail.push_str(&format!(" ({})", g.attribution(n.participant)));
                    }
                    if !n.codes.is_empty() {
                        tail.push_str(&format!(" [{}]", n.codes.join(", ")));
                    }
                    tail.push('\n');
                    self.push(&tail);
                    in_list = true;
                }
            }
        }
        if in_list {
            self.push("\n");
        }
    }

    /// Notes of one step, by section where they have one.
    fn step_notes(&mut self, key: &str, notes: &[&Note], level: usize) {
        let Some(sections) = self.g.notes_by_section(key, notes) else {
            self.notes(notes);
            return;
        };
        for (title, these) in sections {
            self.heading(level, &title);
            self.notes(&these);
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a group's source and where each note's words are in it.
/// Every note not struck out is placed once.
pub fn layout(g: &Group) -> (String, Vec<Placed>) {
    let mut t = Text {
        g,
        out: String::new(),
        chars: 0,
        placed: Vec::new(),
        done: BTreeSet::new(),
    };
    header(&mut t);
    let idea_stage = g
        .pack
        .stages
        .iter()
        .position(|s| s.kind == StageKind::IdeaTesting);
    let mut stages = BTreeSet::new();
    for ps in &g.plan().steps {
        if !stages.insert(ps.stage) {
            continue;
        }
        if Some(ps.stage) == idea_stage {
            idea_stage_text(&mut t, ps.stage);
        } else {
            plain_stage(&mut t, ps.stage);
        }
    }
    // Notes of steps the plan does not have (a pack changed since), and
    // any other note not laid out above.
    let rest: Vec<&Note> = g.notes().filter(|n| !t.done.contains(&n.id)).collect();
    if !rest.is_empty() {
        t.heading(2, "Other notes");
        let mut keys: Vec<&str> = rest.iter().map(|n| n.place.step.as_str()).collect();
        keys.dedup();
        let mut seen = BTreeSet::new();
        for key in keys {
            if !seen.insert(key) {
                continue;
            }
            t.heading(3, &g.step_title(key));
            let these: Vec<&Note> = rest
                .iter()
                .copied()
                .filter(|n| n.place.step == key)
                .collect();
            t.notes(&these);
        }
    }
    let mut out = t.out;
    while out.ends_with("\n\n") {
        out.pop();
    }
    (out, t.placed)
}

fn header(t: &mut Text) {
    let g = t.g;
    let s = g.state();
    let p = &s.profile;
    let mut title = p.location.clone();
    if let Some(d) = p.date {
        title.push_str(&format!(", {}", d.format("%-d %B %Y")));
    }
    t.heading(1, &format!("Group notes: {title}"));
    t.push(&format!(
        "Session {} · {}\n\n",
        s.id,
        one_line(&g.plan_title())
    ));
    if demo_marker(&p.notes).is_some() {
        t.push("DEMO DATA: a generated session, not a real group.\n\n");
    }
}

fn plain_stage(t: &mut Text, stage: usize) {
    let g = t.g;
    let steps: Vec<&str> = g
        .plan()
        .steps
        .iter()
        .filter(|s| s.stage == stage)
        .map(|s| s.key.as_str())
        .collect();
    if !g.notes().any(|n| steps.contains(&n.place.step.as_str())) {
        return;
    }
    let title = g.stage_title(stage);
    t.heading(2, &title);
    for key in steps {
        let notes: Vec<&Note> = g.notes().filter(|n| n.place.step == key).collect();
        if notes.is_empty() {
            continue;
        }
        let step_title = g.step_title(key);
        if step_title != title {
            t.heading(3, &step_title);
        }
        t.step_notes(key, &notes, 4);
    }
}

fn idea_stage_text(t: &mut Text, stage: usize) {
    let g = t.g;
    let keys: Vec<&str> = g
        .plan()
        .steps
        .iter()
        .filter(|s| s.stage == stage)
        .map(|s| s.key.as_str())
        .collect();
    let loose: Vec<&Note> = g
        .notes()
        .filter(|n| keys.contains(&n.place.step.as_str()) && !g.in_discussion(n))
        .collect();
    let discussed = g.discussed();
    if loose.is_empty() && discussed.is_empty() {
        return;
    }
    t.heading(2, &g.stage_title(stage));
    for key in &keys {
        let notes: Vec<&Note> = loose
            .iter()
            .copied()
            .filter(|n| n.place.step == *key)
            .collect();
        if !notes.is_empty() {
            t.heading(3, &format!("Notes: {}", g.step_title(key)));
            t.step_notes(key, &notes, 4);
        }
    }
    for (idea, pick) in discussed {
        let notes: Vec<&Note> = g
            .notes()
            .filter(|n| g.in_discussion(n) && g.note_idea(n) == Some(idea))
            .collect();
        t.heading(2, &idea_label(g.pack, idea));
        match pick {
            Some((slot, p)) => t.push(&format!(
                "Discussed as the {} idea (discussion {slot}).\n\n",
                pick_words(g.pack, &p.kind)
            )),
            None => t.push("Discussed, but no longer picked for a discussion.\n\n"),
        }
        let mut sections = idea_sections(g.pack);
        for n in &notes {
            if let Some(sec) = &n.place.section
                && !sections.iter().any(|(id, _)| id == sec)
            {
                sections.push((sec.clone(), g.section_title(&n.place.step, sec)));
            }
        }
        for (id, heading) in &sections {
            let these: Vec<&Note> = notes
                .iter()
                .copied()
                .filter(|n| n.place.section.as_deref() == Some(id.as_str()))
                .collect();
            if these.is_empty() {
                continue;
            }
            t.heading(3, heading);
            t.notes(&these);
        }
        let general: Vec<&Note> = notes
            .iter()
            .copied()
            .filter(|n| n.place.section.is_none())
            .collect();
        if !general.is_empty() {
            t.heading(3, "General");
            t.notes(&general);
        }
    }
}
