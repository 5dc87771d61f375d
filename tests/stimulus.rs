//! The stimulus pack: the embedded pack is the report's guide and posters,
//! word for word, and every check of the loader fires at the right place.

use facilitator::stimulus::load::{EMBEDDED_FILES, FILES, parse_pack};
use facilitator::stimulus::{Pack, Problem, StageKind, embedded, load_dir};
use std::path::Path;

// ---------------------------------------------------------------------------
// The embedded pack
// ---------------------------------------------------------------------------

#[test]
fn embedded_pack_parses_and_validates() {
    let pack = parse_pack(&EMBEDDED_FILES).unwrap_or_else(|p| panic!("{}", render(&p)));
    assert_eq!(pack, embedded());
    assert_eq!(
        pack.title,
        "2020 Public Services Trust Citizen Engagement Workstream Deliberative Group Discussion Guide"
    );
}

#[test]
fn load_dir_on_the_shipped_folder_equals_embedded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("stimulus");
    let pack = load_dir(&dir).unwrap_or_else(|p| panic!("{}", render(&p)));
    assert_eq!(pack, embedded());
}

#[test]
fn nine_ideas_in_three_themes() {
    let pack = embedded();
    let themes: Vec<(&str, &str)> = pack
        .themes
        .iter()
        .map(|t| (t.id.as_str(), t.title.as_str()))
        .collect();
    assert_eq!(
        themes,
        [
            ("A", "Resources and the individual"),
            ("B", "Service planning and provision"),
            ("C", "Local decision-making"),
        ]
    );
    let numbers: Vec<u32> = pack.ideas.iter().map(|i| i.number).collect();
    assert_eq!(numbers, (1..=9).collect::<Vec<_>>());
    let by_theme = |t: &str| -> Vec<u32> {
        pack.ideas
            .iter()
            .filter(|i| i.theme == t)
            .map(|i| i.number)
            .collect()
    };
    assert_eq!(by_theme("A"), [1, 2, 3, 4]);
    assert_eq!(by_theme("B"), [5, 6, 7]);
    assert_eq!(by_theme("C"), [8, 9]);
    for idea in &pack.ideas {
        assert!(!idea.examples.is_empty(), "idea {}", idea.number);
        assert!(idea.probes.is_empty(), "the report gives no idea probes");
    }
}

#[test]
fn idea_titles_are_the_posters_headings() {
    let pack = embedded();
    let titles: Vec<&str> = pack.ideas.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Individuals with budgets",
            "User Charging",
            "Social Insurance",
            "Citizen Advisors",
            "Areas with budgets",
            "Co-operative ownership and control of services",
            "Alternative service providers",
            "Electing the leaders of public services",
            "Local elections, local standards",
        ]
    );
}

#[test]
fn idea_texts_are_word_for_word() {
    let pack = embedded();
    let idea = |n: u32| pack.idea(n).unwrap_or_else(|| panic!("idea {n}"));

    assert_eq!(
        idea(2).examples,
        [
            "I have to pay an appointment fee to see my GP.",
            "I have to pay for the Fire Service to provide me with non-emergency help, like pumping out my home after a flood.",
            "I have to pay to drive on most major roads, and the amount is calculated on how many miles I travel.",
        ]
    );
    assert_eq!(
        idea(7).examples,
        [
            "The jobs that used to be done by the parks department are now done by a voluntary sector gardening project",
            "The jobs that used to be done by the Highways Agency are now done by a commercial transport company (e.g. Virgin Travel)",
            "The jobs that used to be done by the ambulance service are now done by non-for-profit health companies e.g. BUPA",
            "The jobs that used to be done by Police Community Support Officers (PCSOs) are now done by private security firms.",
        ]
    );
    // Labels "(a)" / "(b)" are stripped; the text is not.
    assert_eq!(idea(1).examples.len(), 2);
    assert!(idea(1).examples[0].starts_with("Every parent has vouchers that they can 'spend'"));
    assert!(idea(1).examples[1].starts_with("Because my child has special educational needs"));
    assert_eq!(
        idea(1).summary,
        "giving service users control of money assigned for services, to allow them to decide what services they want to receive."
    );
    assert_eq!(
        idea(5).description,
        "Enable communities to take control of budgets (existing money, not an additional grant) assigned to their area, so that they can make their own decisions about what to fund."
    );
    // The report's description has no full stop; neither has the pack.
    assert_eq!(
        idea(6).description,
        "Make public services more like cooperatives by giving control of them to the people who work in them, the people who use them, or a combination of workers and users"
    );
    assert_eq!(
        idea(8).examples,
        [
            "In my local elections, I can choose the person in charge of my local PCT (Primary Care Trust – which arranges the health care in my area)."
        ]
    );
    assert_eq!(
        idea(8).summary,
        "electing heads of local public services (e.g. NHS, Police) in local elections in order to make more public services accountable and responsive."
    );
    assert_eq!(idea(9).examples.len(), 2);
}

#[test]
fn reference_texts_are_word_for_word() {
    let pack = embedded();
    assert_eq!(
        pack.statement.text,
        "2020 public services help us to achieve – for ourselves and each other – things that we value and can only achieve together. They help us to become the people that we want to be, living within a society we want to be part of. They put us in control of our own lives, making us more secure in the present, and more confident about the future."
    );
    assert_eq!(pack.values_slide.title, "Values: Emerging Findings");
    assert_eq!(
        pack.values_slide.values,
        [
            "Support",
            "Health",
            "Security",
            "Worth",
            "Freedom",
            "Education",
            "Environment"
        ]
    );
    assert_eq!(
        pack.values_slide.intro,
        "These are all things which people have mentioned to us as part of this research that allow us to live good lives..."
    );
    assert_eq!(
        pack.equity_dimensions,
        ["Age", "SEG", "Ethnicity", "Gender", "Geography"]
    );
    assert!(pack.codes.len() >= 8 && pack.codes.len() <= 16);
    for code in ["security", "fairness", "local-variation"] {
        assert!(pack.codes.iter().any(|c| c == code), "{code}");
    }
}

#[test]
fn step_minutes_match_the_guide() {
    let pack = embedded();
    let steps: Vec<(&str, &str, u32)> = pack
        .steps()
        .map(|(stage, step)| (stage.id.as_str(), step.id.as_str(), step.minutes))
        .collect();
    assert_eq!(
        steps,
        [
            ("arrival", "arrival", 10),
            ("stage1", "capabilities", 5),
            ("stage1", "life-stage", 5),
            ("stage1", "assistance", 5),
            ("stage2-values", "why-public-services", 5),
            ("stage2-values", "are-they-important", 5),
            ("idea-testing", "gallery", 10),
            ("idea-testing", "discuss-a", 15),
            ("idea-testing", "discuss-b", 10),
            ("stage3", "change", 10),
        ]
    );
    let kinds: Vec<StageKind> = pack.stages.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            StageKind::Plain,
            StageKind::Plain,
            StageKind::Plain,
            StageKind::IdeaTesting,
            StageKind::Plain,
        ]
    );
}

#[test]
fn step_flags_and_sections() {
    let pack = embedded();
    let step = |id: &str| pack.step(id).unwrap_or_else(|| panic!("{id}")).1.clone();
    assert!(step("arrival").asks_consent);
    assert!(step("capabilities").flipchart);
    assert!(step("capabilities").values_slide);
    assert!(step("why-public-services").flipchart);
    assert_eq!(
        pack.steps().filter(|(_, s)| s.asks_consent).count(),
        1,
        "consent is asked once"
    );
    let ids =
        |id: &str| -> Vec<String> { step(id).sections.iter().map(|s| s.id.clone()).collect() };
    assert_eq!(
        ids("discuss-a"),
        ["desirability", "equity", "achievability"]
    );
    assert_eq!(
        ids("discuss-b"),
        ["buy-in", "idea-probes", "values", "cross-service", "rating"]
    );
    let a = step("discuss-a");
    assert!(
        a.notes
            .iter()
            .any(|n| n == "Ensure sufficient focus on the question of EQUITY")
    );
    let equity = &a.sections[1];
    for dim in [
        "Age",
        "SEG (those with money/education, for example)",
        "Ethnicity",
        "Gender",
        "Geography",
    ] {
        assert!(equity.probes.iter().any(|p| p == dim), "{dim}");
    }
    assert_eq!(
        step("discuss-b").sections[4].probes,
        ["Desirable", "Achievable", "Equitable"]
    );
    assert_eq!(
        step("arrival").activity.last().map(String::as_str),
        Some("Participant introductions - [and last interaction with a public service?]")
    );
    assert!(step("change").questions.iter().any(|q| q
        == "If you could give them one top tip / piece of advice when developing their recommendations, what would it be?"));
}

/// Minutes of a plan as the guide lays it out: every step once, the
/// per-idea steps once per idea discussed.
fn plan_minutes(pack: &Pack, plan: &str) -> u32 {
    let spec = pack.plan(plan).unwrap_or_else(|| panic!("{plan}"));
    let minutes = |id: &str, m: u32| {
        spec.step_minutes
            .iter()
            .find(|(s, _)| s == id)
            .map_or(m, |(_, m)| *m)
    };
    let mut total = 0;
    for stage in &pack.stages {
        for (i, step) in stage.steps.iter().enumerate() {
            let m = minutes(&step.id, step.minutes);
            total += if stage.kind == StageKind::IdeaTesting && i > 0 {
                m * spec.ideas
            } else {
                m
            };
        }
    }
    total
}

#[test]
fn plans_full_and_mini() {
    let pack = embedded();
    let ids: Vec<&str> = pack.plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["full", "mini"]);
    let full = &pack.plans[0];
    assert_eq!(
        (
            full.minutes,
            full.participants_min,
            full.participants_max,
            full.ideas
        ),
        (120, 8, 10, 3)
    );
    let mini = &pack.plans[1];
    assert_eq!(
        (
            mini.minutes,
            mini.participants_min,
            mini.participants_max,
            mini.ideas
        ),
        (105, 4, 6, 2)
    );
    // The guide over-fills the full group's two hours; the pack keeps its
    // numbers. The mini plan, two ideas, fits its 1:45 exactly.
    assert_eq!(plan_minutes(&pack, "full"), 130);
    assert_eq!(plan_minutes(&pack, "mini"), 105);
}

// ---------------------------------------------------------------------------
// Problems
// ---------------------------------------------------------------------------

const GUIDE: &str = r#"title = "Test guide"

[[plan]]
id = "full"
title = "Full"
minutes = 60
participants_min = 2
participants_max = 4
ideas = 2

[[stage]]
id = "intro"
title = "Intro"

[[stage.step]]
id = "hello"
title = "Hello"
minutes = 5

[[stage]]
id = "ideas"
title = "Ideas"
kind = "idea_testing"

[[stage.step]]
id = "gallery"
title = "Gallery"
minutes = 10

[[stage.step]]
id = "discuss"
title = "Discuss"
minutes = 20

[[stage.step.section]]
id = "desirability"
title = "Desirability"
questions = ["Why?"]
"#;

const IDEAS: &str = r#"[[theme]]
id = "A"
title = "Theme A"

[[idea]]
number = 1
theme = "A"
title = "One"
summary = "the first"
description = "Do one thing."
examples = ["An example."]

[[idea]]
number = 2
theme = "A"
title = "Two"
summary = "the second"
description = "Do another."
examples = ["Another example."]
"#;

const REFERENCE: &str = r#"codes = ["security", "fairness"]
equity_dimensions = ["Age", "Gender"]

[values_slide]
title = "Values"
intro = "These are..."
values = ["Support", "Health"]

[statement]
title = "Statement"
text = "We value things."
"#;

fn render(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn check(guide: &str, ideas: &str, reference: &str) -> Vec<Problem> {
    match parse_pack(&[
        ("guide.toml", guide),
        ("ideas.toml", ideas),
        ("reference.toml", reference),
    ]) {
        Ok(_) => Vec::new(),
        Err(p) => p,
    }
}

/// Replace exactly one occurrence of `from` in `text`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replacen(from, to, 1)
}

/// `file:line:col` of the first occurrence of `needle` in `text` (1-based,
/// columns in chars), worked out independently of the loader.
fn at(file: &str, text: &str, needle: &str) -> String {
    let offset = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    let before = &text[..offset];
    let line = before.lines().count() + usize::from(before.is_empty() || before.ends_with('\n'));
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{file}:{line}:{col}")
}

/// Assert the problems are exactly one, at `loc`, with `message` in it.
fn assert_one(problems: &[Problem], loc: &str, message: &str) {
    assert_eq!(
        problems.len(),
        1,
        "expected one problem, got:\n{}",
        render(problems)
    );
    let p = &problems[0];
    assert_eq!(format!("{}:{}:{}", p.file, p.line, p.col), loc, "{p}");
    assert!(
        p.message.contains(message),
        "`{}` lacks `{message}`",
        p.message
    );
    assert!(p.to_string().starts_with(&format!("{loc}: ")), "{p}");
}

#[test]
fn the_test_pack_is_valid() {
    let problems = check(GUIDE, IDEAS, REFERENCE);
    assert!(problems.is_empty(), "{}", render(&problems));
}

#[test]
fn a_syntax_error_is_located() {
    // Unterminated string on line 5: the error is at its end.
    let guide = edit(GUIDE, "title = \"Full\"", "title = \"Full");
    let problems = check(&guide, IDEAS, REFERENCE);
    assert_eq!(problems.len(), 1, "{}", render(&problems));
    assert_eq!(problems[0].file, "guide.toml");
    assert_eq!(problems[0].line, 5);
    assert_eq!(problems[0].col, 14);
    assert!(problems[0].to_string().starts_with("guide.toml:5:14: "));
}

#[test]
fn columns_count_chars_not_bytes() {
    // "é" and "–" are two and three bytes long, one column each.
    let guide = edit(GUIDE, "title = \"Full\"", "title = \"é–\" x");
    let problems = check(&guide, IDEAS, REFERENCE);
    assert_eq!(problems.len(), 1, "{}", render(&problems));
    assert_eq!(
        (problems[0].line, problems[0].col),
        (5, 14),
        "{}",
        problems[0]
    );
}

#[test]
fn a_type_error_is_located() {
    let guide = edit(GUIDE, "minutes = 60", "minutes = \"sixty\"");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        &at("guide.toml", &guide, "\"sixty\""),
        "",
    );
    let guide = edit(GUIDE, "minutes = 5\n", "minutes = -5\n");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        &at("guide.toml", &guide, "-5"),
        "",
    );
}

#[test]
fn an_unknown_key_is_reported() {
    let guide = edit(GUIDE, "minutes = 20", "minutes = 20\nflipchat = true");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        &at("guide.toml", &guide, "flipchat"),
        "unknown field `flipchat`",
    );
    let ideas = edit(IDEAS, "summary = \"the second\"", "sumary = \"the second\"");
    let problems = check(GUIDE, &ideas, REFERENCE);
    assert!(
        problems
            .iter()
            .any(|p| p.file == "ideas.toml" && p.message.contains("sumary")),
        "{}",
        render(&problems)
    );
    let reference = edit(REFERENCE, "[statement]", "[statment]");
    let problems = check(GUIDE, IDEAS, &reference);
    assert!(
        problems.iter().any(|p| p.to_string() == format!("{}: unknown field `statment`, expected one of `codes`, `equity_dimensions`, `values_slide`, `statement`", at("reference.toml", &reference, "statment"))),
        "{}",
        render(&problems)
    );
}

#[test]
fn an_unknown_stage_kind_is_reported() {
    let guide = edit(GUIDE, "kind = \"idea_testing\"", "kind = \"ideas\"");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        &at("guide.toml", &guide, "\"ideas\"\n\n"),
        "unknown variant",
    );
}

#[test]
fn a_missing_key_is_reported() {
    let ideas = edit(IDEAS, "description = \"Do another.\"\n", "");
    let problems = check(GUIDE, &ideas, REFERENCE);
    assert_eq!(problems.len(), 1, "{}", render(&problems));
    assert_eq!(problems[0].file, "ideas.toml");
    assert!(problems[0].message.contains("missing field `description`"));
}

#[test]
fn a_missing_file_is_reported() {
    let problems = parse_pack(&[("guide.toml", GUIDE), ("reference.toml", REFERENCE)])
        .err()
        .unwrap_or_default();
    assert_one(&problems, "ideas.toml:1:1", "missing file");
}

#[test]
fn load_dir_reports_a_missing_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("guide.toml"), GUIDE).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("ideas.toml"), IDEAS).unwrap_or_else(|e| panic!("{e}"));
    let problems = load_dir(dir.path()).err().unwrap_or_default();
    assert_one(&problems, "reference.toml:1:1", "reference.toml");
    std::fs::write(dir.path().join("reference.toml"), REFERENCE).unwrap_or_else(|e| panic!("{e}"));
    let pack = load_dir(dir.path()).unwrap_or_else(|p| panic!("{}", render(&p)));
    assert_eq!(pack.ideas.len(), 2);
}

#[test]
fn load_dir_of_written_out_embedded_files_equals_embedded() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in EMBEDDED_FILES {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(FILES.len(), EMBEDDED_FILES.len());
    assert_eq!(load_dir(dir.path()), Ok(embedded()));
}

#[test]
fn a_syntax_error_does_not_hide_other_files_problems() {
    let guide = edit(GUIDE, "title = \"Full\"", "title = \"Full");
    let ideas = edit(
        IDEAS,
        "theme = \"A\"\ntitle = \"Two\"",
        "theme = \"Z\"\ntitle = \"Two\"",
    );
    let reference = edit(REFERENCE, "\"fairness\"", "\"Fairness\"");
    let problems = check(&guide, &ideas, &reference);
    let files: Vec<&str> = problems.iter().map(|p| p.file.as_str()).collect();
    assert_eq!(
        files,
        ["guide.toml", "ideas.toml", "reference.toml"],
        "{}",
        render(&problems)
    );
    assert_eq!(
        problems[1].to_string(),
        format!(
            "{}: unknown theme `Z` (the themes are: A)",
            at("ideas.toml", &ideas, "\"Z\"")
        )
    );
    assert_eq!(
        format!(
            "{}:{}:{}",
            problems[2].file, problems[2].line, problems[2].col
        ),
        at("reference.toml", &reference, "\"Fairness\"")
    );
}

#[test]
fn all_problems_are_collected() {
    let guide = edit(GUIDE, "minutes = 5\n", "minutes = 0\n");
    let guide = edit(&guide, "id = \"gallery\"", "id = \"hello\"");
    let guide = edit(&guide, "participants_min = 2", "participants_min = 9");
    let problems = check(&guide, IDEAS, REFERENCE);
    assert_eq!(problems.len(), 3, "{}", render(&problems));
    // In file order.
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted);
}

#[test]
fn duplicate_ids_are_reported_at_the_second() {
    let guide = edit(GUIDE, "id = \"gallery\"", "id = \"hello\"");
    let problems = check(&guide, IDEAS, REFERENCE);
    let second = guide
        .match_indices("\"hello\"")
        .nth(1)
        .map_or(0, |(i, _)| i);
    let line = guide[..second].matches('\n').count() + 1;
    assert_one(
        &problems,
        &format!("guide.toml:{line}:6"),
        "duplicate step id `hello` (first at guide.toml:16:6)",
    );

    let guide = edit(GUIDE, "id = \"ideas\"", "id = \"intro\"");
    let problems = check(&guide, IDEAS, REFERENCE);
    assert_eq!(problems.len(), 1, "{}", render(&problems));
    assert!(problems[0].message.contains("duplicate stage id `intro`"));

    let guide =
        format!("{GUIDE}\n[[stage.step.section]]\nid = \"desirability\"\ntitle = \"Again\"\n");
    let problems = check(&guide, IDEAS, REFERENCE);
    assert_eq!(problems.len(), 1, "{}", render(&problems));
    assert!(
        problems[0]
            .message
            .contains("duplicate section id `desirability`")
    );
    assert_eq!(problems[0].line, guide.lines().count() - 1);

    let guide = GUIDE.replacen(
        "[[stage]]",
        "[[plan]]\nid = \"full\"\ntitle = \"Again\"\nminutes = 1\nparticipants_min = 1\nparticipants_max = 1\nideas = 1\n\n[[stage]]",
        1,
    );
    let problems = check(&guide, IDEAS, REFERENCE);
    assert_one(
        &problems,
        "guide.toml:12:6",
        "duplicate plan id `full` (first at guide.toml:4:6)",
    );

    let ideas = format!("{IDEAS}\n[[theme]]\nid = \"A\"\ntitle = \"Again\"\n");
    let problems = check(GUIDE, &ideas, REFERENCE);
    assert_eq!(problems.len(), 1, "{}", render(&problems));
    assert!(
        problems[0].message.contains("duplicate theme id `A`"),
        "{}",
        problems[0]
    );
    assert_eq!(
        (problems[0].line, problems[0].col),
        (ideas.lines().count() - 1, 6)
    );
}

#[test]
fn a_bad_step_id_is_reported() {
    for bad in ["Hello", "hello world", "hello_world", ""] {
        let guide = edit(GUIDE, "id = \"hello\"", &format!("id = \"{bad}\""));
        assert_one(
            &check(&guide, IDEAS, REFERENCE),
            "guide.toml:16:6",
            "must be non-empty and use only a-z, 0-9 and -",
        );
    }
}

#[test]
fn an_unknown_theme_is_reported() {
    let ideas = edit(
        IDEAS,
        "theme = \"A\"\ntitle = \"Two\"",
        "theme = \"B\"\ntitle = \"Two\"",
    );
    assert_one(
        &check(GUIDE, &ideas, REFERENCE),
        &at("ideas.toml", &ideas, "\"B\""),
        "unknown theme `B`",
    );
}

#[test]
fn idea_numbers_must_be_one_to_n() {
    let ideas = edit(IDEAS, "number = 2", "number = 1");
    let second = ideas
        .rfind("number = 1")
        .map_or(0, |i| i + "number = ".len());
    let line = ideas[..second].matches('\n').count() + 1;
    assert_one(
        &check(GUIDE, &ideas, REFERENCE),
        &format!("ideas.toml:{line}:10"),
        "duplicate idea number 1 (first at ideas.toml:6:10)",
    );
    let ideas = edit(IDEAS, "number = 2", "number = 3");
    assert_one(
        &check(GUIDE, &ideas, REFERENCE),
        &at("ideas.toml", &ideas, "3"),
        "out of range",
    );
    let ideas = edit(IDEAS, "number = 1", "number = 0");
    assert_one(
        &check(GUIDE, &ideas, REFERENCE),
        &at("ideas.toml", &ideas, "0"),
        "out of range",
    );
}

#[test]
fn no_plans_is_reported() {
    let start = GUIDE.find("[[plan]]").unwrap_or(0);
    let end = GUIDE.find("[[stage]]").unwrap_or(0);
    let guide = format!("{}{}", &GUIDE[..start], &GUIDE[end..]);
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        "guide.toml:1:1",
        "no [[plan]]",
    );
}

#[test]
fn step_minutes_naming_an_unknown_step_is_reported() {
    let guide = edit(
        GUIDE,
        "ideas = 2\n",
        "ideas = 2\nstep_minutes = { gallery = 5, galery = 5 }\n",
    );
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        &at("guide.toml", &guide, "galery ="),
        "unknown step `galery`",
    );
    // A known step is fine, and is kept.
    let guide = edit(
        GUIDE,
        "ideas = 2\n",
        "ideas = 2\nstep_minutes = { gallery = 5 }\n",
    );
    let pack = parse_pack(&[
        ("guide.toml", &guide),
        ("ideas.toml", IDEAS),
        ("reference.toml", REFERENCE),
    ])
    .unwrap_or_else(|p| panic!("{}", render(&p)));
    assert_eq!(pack.plans[0].step_minutes, [("gallery".to_string(), 5)]);
}

#[test]
fn zero_step_minutes_is_reported() {
    let guide = edit(GUIDE, "minutes = 20", "minutes = 0");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        &at("guide.toml", &guide, "0\n\n[[stage.step.section]]"),
        "more than 0",
    );
}

#[test]
fn participants_min_above_max_is_reported() {
    let guide = edit(GUIDE, "participants_min = 2", "participants_min = 5");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        "guide.toml:7:20",
        "participants_min 5 is more than participants_max 4",
    );
}

#[test]
fn plan_ideas_out_of_range_is_reported() {
    let guide = edit(GUIDE, "ideas = 2\n", "ideas = 0\n");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        "guide.toml:9:9",
        "at least 1 idea",
    );
    let guide = edit(GUIDE, "ideas = 2\n", "ideas = 3\n");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        "guide.toml:9:9",
        "discusses 3 ideas but the pack has only 2",
    );
}

#[test]
fn empty_texts_are_reported() {
    let guide = edit(GUIDE, "title = \"Hello\"", "title = \"  \"");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        &at("guide.toml", &guide, "\"  \""),
        "step title is empty",
    );
    let ideas = edit(
        IDEAS,
        "description = \"Do one thing.\"",
        "description = \"\"",
    );
    assert_one(
        &check(GUIDE, &ideas, REFERENCE),
        &at("ideas.toml", &ideas, "\"\""),
        "idea description is empty",
    );
    let ideas = edit(IDEAS, "title = \"One\"", "title = \"\"");
    assert_one(
        &check(GUIDE, &ideas, REFERENCE),
        &at("ideas.toml", &ideas, "\"\""),
        "idea title is empty",
    );
    let reference = edit(REFERENCE, "text = \"We value things.\"", "text = \"\"");
    assert_one(
        &check(GUIDE, IDEAS, &reference),
        &at("reference.toml", &reference, "\"\""),
        "statement's text is empty",
    );
}

#[test]
fn an_idea_without_examples_is_reported() {
    let ideas = edit(IDEAS, "examples = [\"Another example.\"]", "examples = []");
    assert_one(
        &check(GUIDE, &ideas, REFERENCE),
        &at("ideas.toml", &ideas, "[]"),
        "idea 2 has no examples",
    );
    let ideas = edit(IDEAS, "examples = [\"Another example.\"]\n", "");
    let header = ideas.rfind("[[idea]]").unwrap_or(0);
    let line = ideas[..header].matches('\n').count() + 1;
    assert_one(
        &check(GUIDE, &ideas, REFERENCE),
        &format!("ideas.toml:{line}:1"),
        "idea 2 has no examples",
    );
}

#[test]
fn exactly_one_idea_testing_stage_is_needed() {
    let guide = edit(GUIDE, "kind = \"idea_testing\"\n", "");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        "guide.toml:1:1",
        "no stage has kind = \"idea_testing\"",
    );

    let guide = edit(
        GUIDE,
        "title = \"Intro\"\n",
        "title = \"Intro\"\nkind = \"idea_testing\"\n",
    );
    let problems = check(&guide, IDEAS, REFERENCE);
    let second = guide.rfind("\"idea_testing\"").unwrap_or(0);
    let line = guide[..second].matches('\n').count() + 1;
    // The first (intro) has one step only, which is reported too.
    assert_eq!(problems.len(), 2, "{}", render(&problems));
    assert!(
        problems[0].message.contains("needs at least 2 steps"),
        "{}",
        problems[0]
    );
    assert_eq!(
        problems[1].to_string(),
        format!(
            "guide.toml:{line}:8: only one stage may have kind = \"idea_testing\" (the first is at guide.toml:14:8)"
        )
    );
}

#[test]
fn the_idea_testing_stage_needs_two_steps() {
    let start = GUIDE.rfind("[[stage.step]]").unwrap_or(0);
    let guide = &GUIDE[..start];
    assert_one(
        &check(guide, IDEAS, REFERENCE),
        &at("guide.toml", guide, "\"ideas\"\ntitle"),
        "needs at least 2 steps: the gallery, then the per-idea steps",
    );
}

#[test]
fn ideas_are_ordered_by_number() {
    let ideas = IDEAS
        .replacen("number = 1", "number = X", 1)
        .replacen("number = 2", "number = 1", 1)
        .replacen("number = X", "number = 2", 1);
    let pack = parse_pack(&[
        ("guide.toml", GUIDE),
        ("ideas.toml", &ideas),
        ("reference.toml", REFERENCE),
    ])
    .unwrap_or_else(|p| panic!("{}", render(&p)));
    let titles: Vec<&str> = pack.ideas.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Two", "One"]);
}

/// The method has three picks (most popular, most contentious, joker): a
/// plan that discusses a fourth idea is refused by the pack check, as the
/// app would have no rule for its slot.
#[test]
fn a_plan_discussing_more_than_three_ideas_is_reported() {
    let guide = edit(GUIDE, "ideas = 2\n", "ideas = 4\n");
    assert_one(
        &check(&guide, IDEAS, REFERENCE),
        &at("guide.toml", &guide, "4\n\n[[stage]]"),
        "at most 3 ideas",
    );
    let guide = edit(GUIDE, "ideas = 2\n", "ideas = 3\n");
    let problems = check(&guide, IDEAS, REFERENCE);
    assert!(
        problems.iter().all(|p| !p.message.contains("at most")),
        "{}",
        render(&problems)
    );
}
