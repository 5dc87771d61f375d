//! Loading and validating a stimulus pack.
//!
//! A pack is three TOML files (`guide.toml`, `ideas.toml`,
//! `reference.toml`; the format is described in `stimulus/README.md`). They
//! are parsed into raw serde types that keep source spans
//! ([`toml::Spanned`]) wherever a later check needs a location, checked, and
//! only then converted into the clean types of [`super`].
//!
//! Every problem is reported as `file:line:col: message` ([`Problem`]).
//! Problems are collected rather than stopping at the first: a syntax error
//! in one file still lets the other files be checked, and every semantic
//! check runs over everything that parsed. (Within one file, a TOML syntax
//! or type error stops that file: the parser reports only the first.)

use super::{
    Idea, Pack, PlanSpec, Section, Stage, StageKind, Statement, Step, StepRole, Theme, ValuesSlide,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use super::PackFiles;
use toml::Spanned;

mod raw;
use raw::*;
mod convert;
use convert::*;
mod method;
use method::*;
mod questionnaire;
use questionnaire::*;
mod roles;
use roles::*;
mod layout;
mod roster;
use layout::*;
use roster::*;
mod extra;
use extra::*;

/// The discussion guide: title, plans, stages and steps.
pub const GUIDE: &str = "guide.toml";
/// The themes and the ideas (posters).
pub const IDEAS: &str = "ideas.toml";
/// Reference texts: codes, equity dimensions, values slide, statement.
pub const REFERENCE: &str = "reference.toml";
/// The method: votes, picks, ratings, questionnaires, wording. Optional:
/// a pack without it runs the built-in method ([`EMBEDDED_METHOD`]).
pub const METHOD: &str = "method.toml";
/// The files a pack must have, in the order they are checked and reported
/// (then [`METHOD`], if given).
pub const FILES: [&str; 3] = [GUIDE, IDEAS, REFERENCE];
/// The built-in method (the 2010 study's), compiled in: the built-in
/// pack's `method.toml`, and the method of a pack that has none.
pub const EMBEDDED_METHOD: (&str, &str) = (METHOD, include_str!("../../stimulus/method.toml"));

/// The pack compiled into the binary: (file name, text), in [`FILES`] order.
/// Written out as-is, these files make a pack folder equal to [`embedded`].
pub const EMBEDDED_FILES: [(&str, &str); 3] = [
    (GUIDE, include_str!("../../stimulus/guide.toml")),
    (IDEAS, include_str!("../../stimulus/ideas.toml")),
    (REFERENCE, include_str!("../../stimulus/reference.toml")),
];

/// One problem found in a pack, located as `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name relative to the pack folder.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// The pack compiled into the binary.
///
/// Parsed once and cached; each call returns a copy.
pub fn embedded() -> Pack {
    static PACK: OnceLock<Pack> = OnceLock::new();
    PACK.get_or_init(|| {
        // The one allowed `expect` of the crate outside tests: the embedded
        // files are fixed at compile time, and the unit test
        // `embedded_pack_is_valid` parses exactly these bytes, so a build
        // whose tests pass cannot reach this panic. Failing loudly here is
        // better than running a session with no guide.
        // Its method is the built-in one (which a pack without method.toml
        // runs too); a session's copy of it keeps the method's text.
        parse_pack(&EMBEDDED_FILES)
            .expect("the embedded stimulus pack is invalid (see the test embedded_pack_is_valid)")
    })
    .clone()
}

/// Load a pack from a folder holding `guide.toml`, `ideas.toml` and
/// `reference.toml`, and optionally `method.toml`. A missing or unreadable
/// file is a problem at its line 1, column 1; the files that could be read
/// are still checked.
pub fn load_dir(dir: &Path) -> Result<Pack, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut texts: [Option<String>; 3] = [None, None, None];
    for (slot, name) in texts.iter_mut().zip(FILES) {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(text) => *slot = Some(text),
            Err(err) => problems.push(Problem {
                file: name.to_string(),
                line: 1,
                col: 1,
                message: if err.kind() == std::io::ErrorKind::NotFound {
                    format!("missing file: {} not found", path.display())
                } else {
                    format!("cannot read {}: {err}", path.display())
                },
            }),
        }
    }
    let method_path = dir.join(METHOD);
    let method = match std::fs::read_to_string(&method_path) {
        Ok(text) => Some(text),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
        Err(err) => {
            problems.push(at_start(
                METHOD,
                format!("cannot read {}: {err}", method_path.display()),
            ));
            None
        }
    };
    let [guide, ideas, reference] = &texts;
    let result = check(
        guide.as_deref(),
        ideas.as_deref(),
        reference.as_deref(),
        method.as_deref(),
    );
    let files = FILES
        .iter()
        .zip(&texts)
        .filter_map(|(n, t)| Some((*n, t.as_deref()?)))
        .chain(kept_method(method.as_deref()).map(|m| (METHOD, m)));
    with_files(merge(problems, result), files)
}

/// Parse and validate a pack given as (file name, text) pairs. The names
/// must be exactly [`FILES`], and optionally [`METHOD`]; a missing one is
/// a problem at its line 1, column 1, an unexpected or repeated one a
/// problem too.
pub fn parse_pack(files: &[(&str, &str)]) -> Result<Pack, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut texts: [Option<&str>; 3] = [None, None, None];
    let mut method: Option<&str> = None;
    for &(name, text) in files {
        match FILES.iter().position(|f| *f == name) {
            Some(i) if texts[i].is_none() => texts[i] = Some(text),
            Some(_) => problems.push(at_start(name, "this file is given twice")),
            None if name == METHOD && method.is_none() => method = Some(text),
            None if name == METHOD => problems.push(at_start(name, "this file is given twice")),
            None => problems.push(at_start(
                name,
                format!("not a stimulus file (a pack is {})", FILES.join(", ")),
            )),
        }
    }
    for (text, name) in texts.iter().zip(FILES) {
        if text.is_none() {
            problems.push(at_start(name, "missing file"));
        }
    }
    let [guide, ideas, reference] = texts;
    let files = FILES
        .iter()
        .zip(texts)
        .filter_map(|(n, t)| Some((*n, t?)))
        .chain(kept_method(method).map(|m| (METHOD, m)));
    with_files(
        merge(problems, check(guide, ideas, reference, method)),
        files,
    )
}

fn merge(
    mut problems: Vec<Problem>,
    result: Result<Pack, Vec<Problem>>,
) -> Result<Pack, Vec<Problem>> {
    match result {
        Ok(pack) if problems.is_empty() => Ok(pack),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            sort_problems(&mut problems);
            Err(problems)
        }
    }
}

fn sort_problems(problems: &mut [Problem]) {
    let rank = |f: &str| {
        FILES
            .iter()
            .chain([&METHOD])
            .position(|x| *x == f)
            .unwrap_or(FILES.len() + 1)
    };
    problems.sort_by(|a, b| {
        (rank(&a.file), &a.file, a.line, a.col).cmp(&(rank(&b.file), &b.file, b.line, b.col))
    });
}

fn at_start(file: &str, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_string(),
        line: 1,
        col: 1,
        message: message.into(),
    }
}

/// 1-based line and column (in chars) of a byte offset in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut off = offset.min(text.len());
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

// ---------------------------------------------------------------------------
// Checking
// ---------------------------------------------------------------------------

/// One file being checked: locates spans and collects problems.
struct Src<'a> {
    name: &'a str,
    text: &'a str,
}

impl Src<'_> {
    fn problem(&self, span: Range<usize>, message: impl Into<String>) -> Problem {
        let (line, col) = line_col(self.text, span.start);
        Problem {
            file: self.name.to_string(),
            line,
            col,
            message: message.into(),
        }
    }

    fn loc(&self, span: Range<usize>) -> String {
        let (line, col) = line_col(self.text, span.start);
        format!("{}:{line}:{col}", self.name)
    }

    fn parse<T: for<'de> Deserialize<'de>>(&self, out: &mut Vec<Problem>) -> Option<T> {
        match toml::from_str::<T>(self.text) {
            Ok(v) => Some(v),
            Err(err) => {
                let span = err.span().unwrap_or(0..0);
                out.push(self.problem(span, err.message().trim_end().to_string()));
                None
            }
        }
    }

    fn non_blank(&self, value: &Text, what: &str, out: &mut Vec<Problem>) {
        if value.get_ref().trim().is_empty() {
            out.push(self.problem(value.span(), format!("{what} is empty")));
        }
    }

    fn non_blank_items(&self, items: &[Text], what: &str, out: &mut Vec<Problem>) {
        for item in items {
            self.non_blank(item, what, out);
        }
    }

    fn id_pattern(&self, id: &Text, what: &str, out: &mut Vec<Problem>) {
        if !is_id(id.get_ref()) {
            out.push(self.problem(
                id.span(),
                format!(
                    "{what} id `{}` must be non-empty and use only a-z, 0-9 and -",
                    id.get_ref()
                ),
            ));
        }
    }

    /// Record `id` in `seen`, reporting a duplicate at its second use.
    fn unique<'t>(
        &self,
        seen: &mut HashMap<&'t str, Range<usize>>,
        id: &'t Text,
        what: &str,
        out: &mut Vec<Problem>,
    ) {
        if let Some(first) = seen.get(id.get_ref().as_str()) {
            out.push(self.problem(
                id.span(),
                format!(
                    "duplicate {what} `{}` (first at {})",
                    id.get_ref(),
                    self.loc(first.clone())
                ),
            ));
        } else {
            seen.insert(id.get_ref(), id.span());
        }
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parse and check the files (`None`: missing, already reported; for the
/// method: not given, the built-in one applies).
fn check(
    guide: Option<&str>,
    ideas: Option<&str>,
    reference: Option<&str>,
    method: Option<&str>,
) -> Result<Pack, Vec<Problem>> {
    let mut out = Vec::new();
    let m = method.map(|text| Src { name: METHOD, text });
    let raw_method = m.as_ref().and_then(|s| s.parse::<RawMethod>(&mut out));
    let method_failed = m.is_some() && raw_method.is_none();
    let g = guide.map(|text| Src { name: GUIDE, text });
    let i = ideas.map(|text| Src { name: IDEAS, text });
    let r = reference.map(|text| Src {
        name: REFERENCE,
        text,
    });

    let raw_guide = g.as_ref().and_then(|s| s.parse::<RawGuide>(&mut out));
    let raw_ideas = i.as_ref().and_then(|s| s.parse::<RawIdeas>(&mut out));
    let raw_ref = r.as_ref().and_then(|s| s.parse::<RawReference>(&mut out));

    // Ideas first: the guide's plans are checked against how many there are.
    let idea_count = match (&i, &raw_ideas) {
        (Some(src), Some(raw)) => {
            check_ideas(src, raw, &mut out);
            Some(raw.idea.len())
        }
        _ => None,
    };
    // The pick slots bound how many ideas a plan discusses.
    let slots: Option<Vec<String>> = match &raw_method {
        Some(raw) => Some(
            raw.pick
                .iter()
                .map(|p| p.get_ref().label.get_ref().clone())
                .collect(),
        ),
        None if method_failed => None,
        None => Some(
            default_method()
                .picks
                .into_iter()
                .map(|p| p.label)
                .collect(),
        ),
    };
    if let (Some(src), Some(raw)) = (&g, &raw_guide) {
        check_guide(src, raw, idea_count, slots.as_deref(), &mut out);
    }
    if let (Some(src), Some(raw)) = (&r, &raw_ref) {
        check_reference(src, raw, &mut out);
    }
    if let (Some(src), Some(raw)) = (&m, &raw_method) {
        let facts = raw_guide.as_ref().map(|g| {
            let steps = g.stage.iter().flat_map(|s| s.get_ref().step.iter());
            GuideFacts {
                steps: steps
                    .clone()
                    .map(|st| st.get_ref().id.get_ref().as_str())
                    .collect(),
                questionnaire_steps: steps
                    .filter(|st| {
                        st.get_ref()
                            .role
                            .as_ref()
                            .is_some_and(|r| *r.get_ref() == RawRole::Questionnaire)
                    })
                    .map(|st| st.get_ref().id.get_ref().as_str())
                    .collect(),
                discussion_steps: discussion_steps(g)
                    .map(|st| st.id.get_ref().as_str())
                    .collect(),
                discussion_sections: discussion_steps(g)
                    .flat_map(|st| st.section.iter())
                    .map(|sec| sec.get_ref().id.get_ref().as_str())
                    .collect(),
                options: idea_count,
            }
        });
        check_method(src, raw, facts.as_ref(), &mut out);
    }

    match (raw_guide, raw_ideas, raw_ref) {
        (Some(guide), Some(ideas), Some(reference)) if out.is_empty() && !method_failed => {
            let method = raw_method.map_or_else(default_method, convert_method);
            Ok(convert(guide, ideas, reference, method))
        }
        _ => {
            sort_problems(&mut out);
            Err(out)
        }
    }
}

fn check_guide(
    src: &Src<'_>,
    raw: &RawGuide,
    idea_count: Option<usize>,
    slots: Option<&[String]>,
    out: &mut Vec<Problem>,
) {
    src.non_blank(&raw.title, "the guide's title", out);

    // Stages and steps.
    let mut stage_ids = HashMap::new();
    let mut step_ids: HashMap<&str, Range<usize>> = HashMap::new();
    let mut idea_testing: Option<Range<usize>> = None;
    if raw.stage.is_empty() {
        out.push(src.problem(0..0, "the guide has no [[stage]]"));
    }
    for stage in &raw.stage {
        let st = stage.get_ref();
        src.id_pattern(&st.id, "stage", out);
        src.unique(&mut stage_ids, &st.id, "stage id", out);
        src.non_blank(&st.title, "stage title", out);
        if let Some(kind) = &st.kind
            && *kind.get_ref() == RawKind::IdeaTesting
        {
            if let Some(first) = &idea_testing {
                out.push(src.problem(
                    kind.span(),
                    format!(
                        "only one stage may have kind = \"idea_testing\" (the first is at {})",
                        src.loc(first.clone())
                    ),
                ));
            } else {
                idea_testing = Some(kind.span());
                if st.step.len() < 2 {
                    out.push(src.problem(
                        st.id.span(),
                        format!(
                            "the idea_testing stage `{}` needs at least 2 steps: the gallery, then the per-idea steps",
                            st.id.get_ref()
                        ),
                    ));
                }
            }
        }
        if st.step.is_empty() {
            out.push(src.problem(
                st.id.span(),
                format!("stage `{}` has no [[stage.step]]", st.id.get_ref()),
            ));
        }
        for step in &st.step {
            check_step(src, step.get_ref(), &mut step_ids, out);
        }
    }
    check_roles(src, raw, idea_testing.is_some(), out);

    // Plans.
    if raw.plan.is_empty() {
        out.push(src.problem(0..0, "the guide has no [[plan]]"));
    }
    let mut plan_ids = HashMap::new();
    for plan in &raw.plan {
        let p = plan.get_ref();
        src.id_pattern(&p.id, "plan", out);
        src.unique(&mut plan_ids, &p.id, "plan id", out);
        src.non_blank(&p.title, "plan title", out);
        if *p.minutes.get_ref() == 0 {
            out.push(src.problem(p.minutes.span(), "plan minutes must be more than 0"));
        }
        if p.participants_min.get_ref() > p.participants_max.get_ref() {
            out.push(src.problem(
                p.participants_min.span(),
                format!(
                    "participants_min {} is more than participants_max {}",
                    p.participants_min.get_ref(),
                    p.participants_max.get_ref()
                ),
            ));
        }
        let n = *p.ideas.get_ref();
        if n == 0 {
            out.push(src.problem(p.ideas.span(), "a plan must discuss at least 1 idea"));
        } else if let Some(slots) = slots
            && n as usize > slots.len()
        {
            out.push(src.problem(
                p.ideas.span(),
                format!(
                    "a plan discusses at most {} ideas ({}), not {n}",
                    slots.len(),
                    slots.join(", ")
                ),
            ));
        } else if let Some(count) = idea_count
            && n as usize > count
        {
            out.push(src.problem(
                p.ideas.span(),
                format!("the plan discusses {n} ideas but the pack has only {count}"),
            ));
        }
        for (step, minutes) in &p.step_minutes {
            if !step_ids.contains_key(step.get_ref().as_str()) {
                out.push(src.problem(
                    step.span(),
                    format!("step_minutes names an unknown step `{}`", step.get_ref()),
                ));
            }
            if *minutes.get_ref() == 0 {
                out.push(src.problem(minutes.span(), "step minutes must be more than 0"));
            }
        }
    }
}

fn check_step<'t>(
    src: &Src<'_>,
    step: &'t RawStep,
    step_ids: &mut HashMap<&'t str, Range<usize>>,
    out: &mut Vec<Problem>,
) {
    src.id_pattern(&step.id, "step", out);
    src.unique(step_ids, &step.id, "step id", out);
    src.non_blank(&step.title, "step title", out);
    if *step.minutes.get_ref() == 0 {
        out.push(src.problem(step.minutes.span(), "step minutes must be more than 0"));
    }
    src.non_blank_items(&step.activity, "an activity item", out);
    src.non_blank_items(&step.questions, "a question", out);
    src.non_blank_items(&step.probes, "a probe", out);
    src.non_blank_items(&step.notes, "a note", out);
    let mut section_ids = HashMap::new();
    for section in &step.section {
        let s = section.get_ref();
        src.id_pattern(&s.id, "section", out);
        src.unique(&mut section_ids, &s.id, "section id", out);
        src.non_blank(&s.title, "section title", out);
        src.non_blank_items(&s.questions, "a question", out);
        src.non_blank_items(&s.probes, "a probe", out);
    }
}

fn check_ideas(src: &Src<'_>, raw: &RawIdeas, out: &mut Vec<Problem>) {
    let mut theme_ids = HashMap::new();
    for theme in &raw.theme {
        let t = theme.get_ref();
        src.non_blank(&t.id, "theme id", out);
        src.unique(&mut theme_ids, &t.id, "theme id", out);
        src.non_blank(&t.title, "theme title", out);
    }
    if raw.idea.is_empty() {
        out.push(src.problem(0..0, "the pack has no [[idea]]"));
    }
    let count = raw.idea.len();
    let mut numbers: HashMap<u32, Range<usize>> = HashMap::new();
    for idea in &raw.idea {
        let d = idea.get_ref();
        let n = *d.number.get_ref();
        if n == 0 || n as usize > count {
            out.push(src.problem(
                d.number.span(),
                format!("idea number {n} is out of range: the {count} ideas must be numbered 1 to {count}"),
            ));
        } else if let Some(first) = numbers.get(&n) {
            out.push(src.problem(
                d.number.span(),
                format!(
                    "duplicate idea number {n} (first at {})",
                    src.loc(first.clone())
                ),
            ));
        } else {
            numbers.insert(n, d.number.span());
        }
        if !theme_ids.contains_key(d.theme.get_ref().as_str()) {
            let known: Vec<&str> = raw
                .theme
                .iter()
                .map(|t| t.get_ref().id.get_ref().as_str())
                .collect();
            out.push(src.problem(
                d.theme.span(),
                format!(
                    "unknown theme `{}` (the themes are: {})",
                    d.theme.get_ref(),
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                ),
            ));
        }
        src.non_blank(&d.title, "idea title", out);
        src.non_blank(&d.summary, "idea summary", out);
        src.non_blank(&d.description, "idea description", out);
        match &d.examples {
            None => out.push(src.problem(
                idea.span(),
                format!("idea {n} has no examples (add examples = [...])"),
            )),
            Some(examples) if examples.get_ref().is_empty() => {
                out.push(src.problem(examples.span(), format!("idea {n} has no examples")))
            }
            Some(examples) => src.non_blank_items(examples.get_ref(), "an example", out),
        }
        src.non_blank_items(&d.probes, "a probe", out);
    }
}

#[cfg(test)]
mod tests;
