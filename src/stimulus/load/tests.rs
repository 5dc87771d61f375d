//! Tests of loading and checking a pack.

use super::*;

fn render(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `embedded()` relies on this: the bytes compiled into the binary are
/// a valid pack.
#[test]
fn embedded_pack_is_valid() {
    let pack = parse_pack(&EMBEDDED_FILES).unwrap_or_else(|p| panic!("{}", render(&p)));
    assert_eq!(pack, embedded());
    assert_eq!(pack.ideas.len(), 9);
    assert_eq!(pack.themes.len(), 3);
    assert_eq!(pack.plans.len(), 2);
    assert_eq!(
        pack.stages
            .iter()
            .filter(|s| s.kind == StageKind::IdeaTesting)
            .count(),
        1
    );
}

#[test]
fn embedded_files_are_the_shipped_folder() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("stimulus");
    for (name, text) in EMBEDDED_FILES {
        let on_disk = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert_eq!(on_disk, text, "{name}");
    }
}

#[test]
fn line_col_counts_lines_and_chars() {
    let text = "ab\ncé–d\n\nx";
    assert_eq!(line_col(text, 0), (1, 1));
    assert_eq!(line_col(text, 2), (1, 3));
    assert_eq!(line_col(text, 3), (2, 1));
    // 'c' 1 byte, 'é' 2, '–' 3: 'd' is at byte 9, column 4.
    assert_eq!(text.find('d'), Some(9));
    assert_eq!(line_col(text, 9), (2, 4));
    // Inside a multi-byte char: the char's own column.
    assert_eq!(line_col(text, 5), (2, 2));
    assert_eq!(line_col(text, 11), (3, 1));
    assert_eq!(line_col(text, 12), (4, 1));
    // Past the end: the end.
    assert_eq!(line_col(text, 99), (4, 2));
    assert_eq!(line_col("", 0), (1, 1));
}

#[test]
fn ids() {
    assert!(is_id("discuss-a"));
    assert!(is_id("stage1"));
    for bad in ["", "Stage1", "a b", "a_b", "é"] {
        assert!(!is_id(bad), "{bad}");
    }
}

#[test]
fn problem_display_is_file_line_col() {
    let p = Problem {
        file: "guide.toml".into(),
        line: 3,
        col: 7,
        message: "oops".into(),
    };
    assert_eq!(p.to_string(), "guide.toml:3:7: oops");
}

#[test]
fn file_names_are_checked() {
    let [g, i, r] = EMBEDDED_FILES;
    let problems = parse_pack(&[g, i, r, ("notes.toml", "")])
        .err()
        .unwrap_or_default();
    assert_eq!(problems.len(), 1, "{}", render(&problems));
    assert!(
        problems[0]
            .to_string()
            .starts_with("notes.toml:1:1: not a stimulus file")
    );

    let problems = parse_pack(&[g, i, r, g]).err().unwrap_or_default();
    assert_eq!(
        render(&problems),
        "guide.toml:1:1: this file is given twice"
    );

    let problems = parse_pack(&[]).err().unwrap_or_default();
    assert_eq!(
        render(&problems),
        "guide.toml:1:1: missing file\nideas.toml:1:1: missing file\nreference.toml:1:1: missing file"
    );
}

#[test]
fn empty_files_name_their_missing_keys() {
    let problems = parse_pack(&[(GUIDE, ""), (IDEAS, ""), (REFERENCE, "")])
        .err()
        .unwrap_or_default();
    assert_eq!(
        render(&problems),
        "guide.toml:1:1: missing field `title`\n\
         ideas.toml:1:1: the pack has no [[idea]]\n\
         reference.toml:1:1: missing field `values_slide`"
    );
}

#[test]
fn semantic_problems_in_every_file_are_collected() {
    let [(_, guide), (_, ideas), (_, reference)] = EMBEDDED_FILES;
    let guide = guide
        .replacen("id = \"life-stage\"", "id = \"Life stage\"", 1)
        .replacen("minutes = 105", "minutes = 0", 1);
    let ideas = ideas.replacen("number = 9", "number = 10", 1);
    let reference = reference.replacen("\"cost\"", "\"fairness\"", 1);
    let problems = parse_pack(&[(GUIDE, &guide), (IDEAS, &ideas), (REFERENCE, &reference)])
        .err()
        .unwrap_or_default();
    let messages: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.file, p.message))
        .collect();
    assert_eq!(
        messages,
        [
            "guide.toml: plan minutes must be more than 0",
            "guide.toml: step id `Life stage` must be non-empty and use only a-z, 0-9 and -",
            "ideas.toml: idea number 10 is out of range: the 9 ideas must be numbered 1 to 9",
            "reference.toml: duplicate code `fairness` (first at reference.toml:12:3)",
        ],
        "{}",
        render(&problems)
    );
}

#[test]
fn embedded_method_is_the_shipped_file_and_states_the_2010_method() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("stimulus");
    let on_disk = std::fs::read_to_string(dir.join(METHOD)).unwrap_or_default();
    assert_eq!(on_disk, EMBEDDED_METHOD.1);
    let m = embedded().method;
    let budget: Vec<(&str, u32, bool)> = m
        .votes
        .colours
        .iter()
        .map(|c| (c.id.as_str(), c.each, c.same_option))
        .collect();
    assert_eq!(budget, [("green", 2, false), ("red", 1, false)]);
    let picks: Vec<&str> = m.picks.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(picks, ["popular", "contentious", "joker"]);
    let scales: Vec<(&str, u8, u8)> = m
        .ratings
        .scales
        .iter()
        .map(|s| (s.id.as_str(), s.min, s.max))
        .collect();
    assert_eq!(
        scales,
        [
            ("desirable", 1, 10),
            ("achievable", 1, 10),
            ("equitable", 1, 10)
        ]
    );
    assert_eq!(m.questionnaires.len(), 1);
    assert_eq!(m.questionnaires[0].step, "change");
    // A pack without method.toml runs the same method.
    assert_eq!(default_method(), m);
    let pack = embedded();
    let roles: Vec<(&str, StepRole)> = pack
        .steps()
        .filter(|(_, s)| s.role != StepRole::Plain)
        .map(|(_, s)| (s.id.as_str(), s.role))
        .collect();
    assert_eq!(
        roles,
        [
            ("gallery", StepRole::Vote),
            ("discuss-a", StepRole::Discussion),
            ("discuss-b", StepRole::Discussion),
            ("change", StepRole::Questionnaire),
        ]
    );
}
