//! `export --anonymise`: the session's events with the people taken out,
//! before any format (Markdown, CSV, JSON) lays them out, so all three say
//! the same.
//!
//! - Participants' labels become `P<n>`; the moderator's name becomes
//!   "Moderator".
//! - Descriptors ("married to Bob"), a participant's ethnicity and the
//!   group's free-text profile notes are dropped, unless `--keep-descriptors`
//!   (then they are kept, with names in them replaced like any free text).
//!   The group's ethnicity mix (a recruitment quota, the same for everyone
//!   in the group) is kept.
//! - In every free text (notes, quotes, flip chart, reasons, Stage 3
//!   answers and tips, recording names, kept descriptors and profile
//!   notes) every name part of every label the participant ever had and of
//!   the moderator's name ("Alice Smith": "Alice Smith", "Alice", "Smith";
//!   "O'Brien": "O'Brien", "Brien"; parts of at least two characters) is
//!   replaced, whatever its case, as a whole word: "ALICE", "smith's" →
//!   "P2", "P2's"; "Ann" inside "Annual" stays. Chinese and Japanese, written
//!   without spaces, match inside a run of text. A name that is also a word
//!   ("Will", "May") is replaced wherever the word is: too much is taken out
//!   rather than too little.

use std::collections::BTreeMap;

use unicode_segmentation::UnicodeSegmentation;

use crate::domain::event::{AnswerValue, Event, EventRecord};

/// How an export treats the people in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Privacy {
    /// As saved: names and all.
    #[default]
    AsSaved,
    /// `--anonymise`: names replaced; descriptors, ethnicity and profile
    /// notes dropped.
    Anonymised,
    /// `--anonymise --keep-descriptors`: names replaced; descriptors,
    /// ethnicity and profile notes kept (their names replaced).
    KeepDescriptors,
}

impl Privacy {
    /// The privacy the two flags ask for.
    pub fn from_flags(anonymise: bool, keep_descriptors: bool) -> Privacy {
        match (anonymise, keep_descriptors) {
            (false, _) => Privacy::AsSaved,
            (true, false) => Privacy::Anonymised,
            (true, true) => Privacy::KeepDescriptors,
        }
    }

    /// Whether names are taken out.
    pub fn anonymised(self) -> bool {
        self != Privacy::AsSaved
    }
}

/// `true`: anonymised (descriptors dropped); `false`: as saved.
impl From<bool> for Privacy {
    fn from(anonymise: bool) -> Privacy {
        Privacy::from_flags(anonymise, false)
    }
}

/// The events as the export may show them (unchanged when `AsSaved`).
pub fn events(mut events: Vec<EventRecord>, privacy: Privacy) -> Vec<EventRecord> {
    if !privacy.anonymised() {
        return events;
    }
    let keep = privacy == Privacy::KeepDescriptors;
    let names = Names::of(&events);
    for e in &mut events {
        anonymise_event(&names, keep, &mut e.event);
    }
    events
}

fn anonymise_event(names: &Names, keep: bool, event: &mut Event) {
    let scrub = |s: &mut String| *s = names.scrub(s);
    if let Event::Created { device, .. } = event {
        // A laptop's name is often its owner's ("annes-macbook").
        if device.is_some() {
            *device = Some("Device".to_string());
        }
    }
    match event {
        Event::Created { profile, .. } | Event::ProfileChanged { profile } => {
            if !profile.moderator.trim().is_empty() {
                profile.moderator = "Moderator".to_string();
            }
            if keep {
                scrub(&mut profile.notes);
            } else {
                profile.notes = demo_marker(&profile.notes).unwrap_or_default();
            }
        }
        Event::ParticipantAdded { participant } | Event::ParticipantChanged { participant } => {
            participant.label = format!("P{}", participant.id);
            if keep {
                participant.descriptors.iter_mut().for_each(scrub);
                participant.ethnicity.iter_mut().for_each(scrub);
            } else {
                participant.descriptors.clear();
                participant.ethnicity = None;
            }
        }
        Event::NoteAdded { text, .. }
        | Event::NoteEdited { text, .. }
        | Event::FlipchartAdded { text, .. }
        | Event::RecordingNamed { name: text, .. } => scrub(text),
        Event::RecordingStarted { name } => name.iter_mut().for_each(scrub),
        Event::IdeaPicked {
            reason,
            rule,
            counts,
            ..
        } => {
            reason.iter_mut().for_each(scrub);
            scrub(rule);
            scrub(counts);
        }
        Event::Stage3Answered { answer, .. } => {
            scrub(&mut answer.services);
            scrub(&mut answer.top_tip);
        }
        Event::QuestionnaireAnswered { answers, .. } => {
            for value in answers.values_mut().flatten() {
                if let AnswerValue::Text(text) = value {
                    scrub(text);
                }
            }
        }
        Event::Opened { recovered } => recovered.iter_mut().for_each(scrub),
        _ => {}
    }
}

/// "DEMO DATA" if the profile notes mark the session as demo data.
pub fn demo_marker(notes: &str) -> Option<String> {
    notes
        .trim_start()
        .starts_with("DEMO DATA")
        .then(|| "DEMO DATA".to_string())
}

/// Words of a label that name nobody on their own (a label's part made of
/// digits only is not taken either).
const GENERIC: [&str; 11] = [
    "participant",
    "person",
    "respondent",
    "moderator",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "the",
];

/// The names to take out of free text, and what each becomes.
#[derive(Debug, Default)]
pub struct Names {
    /// (the name's graphemes, folded; what replaces it), longest first.
    terms: Vec<(Vec<String>, String)>,
    /// The terms by their first grapheme, to try only those that can match.
    by_first: BTreeMap<String, Vec<usize>>,
}

impl Names {
    /// Every label each participant ever had (→ `P<n>`) and every name the
    /// moderator was given (→ "Moderator").
    pub fn of(events: &[EventRecord]) -> Names {
        let mut names = Names::default();
        for e in events {
            match &e.event {
                Event::Created { profile, .. } | Event::ProfileChanged { profile } => {
                    names.add(&profile.moderator, "Moderator");
                }
                Event::ParticipantAdded { participant }
                | Event::ParticipantChanged { participant } => {
                    names.add(&participant.label, &format!("P{}", participant.id));
                }
                _ => {}
            }
        }
        names.index();
        names
    }

    /// Sort the terms longest first (so "Sue Ellen" goes before "Sue") and
    /// index them by their first grapheme.
    fn index(&mut self) {
        self.terms
            .sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        self.by_first.clear();
        for (k, (t, _)) in self.terms.iter().enumerate() {
            if let Some(first) = t.first() {
                self.by_first.entry(first.clone()).or_default().push(k);
            }
        }
    }

    /// Add a name: the whole of it, each word, and each part of a word
    /// between punctuation ("Jean-Luc" → "Jean", "Luc"), of two characters
    /// or more, but not a generic word or a number on its own
    /// ([`GENERIC`]). A part two names share is replaced by both ("P1/P2").
    fn add(&mut self, name: &str, repl: &str) {
        let mut parts: Vec<&str> = vec![name.trim()];
        for word in name.split_whitespace() {
            parts.push(word.trim_matches(|c: char| !c.is_alphanumeric()));
            parts.extend(word.split(|c: char| !is_name_char(c)));
        }
        let whole = name.trim();
        for part in parts {
            // "10" of "Participant 10" or "Dr" of "Dr Jones" alone names nobody.
            let generic = part.chars().all(|c| c.is_numeric())
                || GENERIC.contains(&part.to_lowercase().as_str());
            if part.chars().count() < 2 || (generic && part != whole) {
                continue;
            }
            let folded = fold(part);
            match self.terms.iter_mut().find(|(t, _)| *t == folded) {
                Some((_, r)) => {
                    if !r.split('/').any(|x| x == repl) {
                        let mut all: Vec<&str> = r.split('/').chain([repl]).collect();
                        all.sort_unstable();
                        *r = all.join("/");
                    }
                }
                None => self.terms.push((folded, repl.to_string())),
            }
        }
    }

    /// `text` with every name in it replaced (whole words, any case).
    pub fn scrub(&self, text: &str) -> String {
        if self.terms.is_empty() || text.is_empty() {
            return text.to_string();
        }
        let gs: Vec<&str> = text.graphemes(true).collect();
        let folded: Vec<String> = gs.iter().map(|g| fold_grapheme(g)).collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < gs.len() {
            let starts = i == 0 || !joins(gs[i - 1], gs[i]);
            let hit = starts
                .then(|| self.by_first.get(&folded[i]))
                .flatten()
                .and_then(|ks| {
                    ks.iter().map(|&k| &self.terms[k]).find(|(t, _)| {
                        let end = i + t.len();
                        end <= gs.len()
                            && folded[i..end] == t[..]
                            && (end == gs.len() || !joins(gs[end - 1], gs[end]))
                    })
                });
            match hit {
                Some((t, repl)) => {
                    out.push_str(repl);
                    i += t.len();
                }
                None => {
                    out.push_str(gs[i]);
                    i += 1;
                }
            }
        }
        out
    }
}

/// A character that belongs to a name part (letters, digits, and the marks
/// a script writes on its letters).
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks and joiners (a Bengali vowel sign, an accent written
/// apart, ZWJ): they belong to the letter before.
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0900}'..='\u{0963}'
        | '\u{0966}'..='\u{0DFF}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Whether a grapheme is part of a word.
fn is_word(g: &str) -> bool {
    g.chars().any(is_name_char)
}

/// Scripts written without spaces between words (Chinese, Japanese kana):
/// a name there is matched inside a run of text.
fn unspaced(g: &str) -> bool {
    g.chars().next().is_some_and(|c| {
        matches!(c,
            '\u{3040}'..='\u{30FF}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}')
    })
}

/// Whether two graphemes side by side are in one word (no word boundary
/// between them).
fn joins(a: &str, b: &str) -> bool {
    is_word(a) && is_word(b) && !unspaced(a) && !unspaced(b)
}

/// A name as graphemes, folded for comparing.
fn fold(s: &str) -> Vec<String> {
    s.graphemes(true).map(fold_grapheme).collect()
}

/// One grapheme folded: lower case, and the apostrophes and hyphens people
/// type taken as one ("O’Brien" is "O'Brien").
fn fold_grapheme(g: &str) -> String {
    g.chars()
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[(&str, &str)]) -> Names {
        let mut n = Names::default();
        for (name, repl) in list {
            n.add(name, repl);
        }
        n.index();
        n
    }

    #[test]
    fn every_part_of_a_name_any_case_whole_words_only() {
        let n = names(&[
            ("Alice Smith", "P1"),
            ("Ann", "P2"),
            ("Mary O'Brien", "P3"),
            ("Jean-Luc", "P4"),
            ("Ayesha (আয়েশা)", "P5"),
            ("J. Patel", "Moderator"),
        ]);
        let cases = [
            ("alice smith said", "P1 said"),
            (
                "ALICE agreed with Smith's point",
                "P1 agreed with P1's point",
            ),
            (
                "Annual report by Ann, and ann's too",
                "Annual report by P2, and P2's too",
            ),
            ("Anne and Annie stay", "Anne and Annie stay"),
            ("O'Brien, o’brien, Brien's", "P3, P3, P3's"),
            ("jean-luc and Jean and LUC", "P4 and P4 and P4"),
            ("আয়েশা বলেছেন, Ayesha too", "P5 বলেছেন, P5 too"),
            (
                "Patel asked; J. Patel said",
                "Moderator asked; Moderator said",
            ),
            ("Alices and Smithson stay", "Alices and Smithson stay"),
        ];
        for (text, want) in cases {
            assert_eq!(n.scrub(text), want, "{text}");
        }
    }

    #[test]
    fn a_shared_part_names_both_and_labels_swap_in_one_pass() {
        let n = names(&[("Alice Smith", "P1"), ("Bob Smith", "P2")]);
        assert_eq!(n.scrub("Smith and Bob"), "P1/P2 and P2");
        let n = names(&[("P2", "P1"), ("P1", "P2")]);
        assert_eq!(n.scrub("P1 then P2"), "P2 then P1");
    }

    #[test]
    fn generic_words_and_numbers_of_a_label_are_not_names() {
        let n = names(&[("Participant 10", "P10"), ("Dr Jones", "Moderator")]);
        assert_eq!(
            n.scrub(
                "Participant 10 gave 10 minutes; each participant and the dr too. Jones agreed."
            ),
            "P10 gave 10 minutes; each participant and the dr too. Moderator agreed."
        );
    }

    #[test]
    fn unspaced_scripts_match_inside_a_run() {
        let n = names(&[("王伟", "P3")]);
        assert_eq!(n.scrub("王伟说很好"), "P3说很好");
    }
}
