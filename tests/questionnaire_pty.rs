//! A pack's own questionnaire in the real binary (the climate panel's
//! "before" step): two participants answer it on the generic screen, the
//! journal holds `questionnaire_answered` events with their answers, and
//! the Markdown and CSV exports and the report list them.

mod common;

use common::pty::{CTRL_S, Place, RIGHT, TAB, add_people, bounded, new_group, of_type, run_cmd};

fn climate() -> String {
    common::climate::dir().display().to_string()
}

#[test]
fn two_participants_answer_the_climate_panels_before_questionnaire() {
    bounded("questionnaire_before", |pids| {
        let place = Place::new();
        let pack = climate();
        let mut t = place.spawn_named(&pids, "questionnaire", &["--stimulus", &pack], true);
        new_group(&mut t, "Hackney, London");
        add_people(&mut t, &["Ann", "Bob"]);
        t.send("s");
        t.wait_for("Welcome and ground rules");
        t.send(RIGHT);
        t.wait_for("Before we start");
        t.send("A");
        t.wait_for("Before the discussion · Enter");
        // The pack's questions, not the built-in Stage 3 form.
        t.send("\r");
        t.wait_for("Ann: all optional");
        let form = t.wait_for("Heard of the council's pledge");
        assert!(!form.contains("Gut reaction"), "{form}");
        // Ann: concern 4 (— → 1 → … → 4), heard: yes.
        for _ in 0..4 {
            t.send(RIGHT);
        }
        t.wait_for("‹ 4 ›");
        t.send(TAB);
        t.send(RIGHT);
        t.wait_for("‹ yes ›");
        t.send(CTRL_S);
        t.wait_for("climate change (1-5): 4/5; Heard of the cou");
        // Bob: concern don't know (← from — wraps to it), heard left out.
        t.send("j");
        t.send("\r");
        t.wait_for("Bob: all optional");
        t.send("\x1b[D");
        t.wait_for("‹ don't know ›");
        t.send(CTRL_S);
        t.wait_for("climate change (1-5): don't know");
        t.esc();
        t.wait_for("Before we start");
        let id = place.only_id();
        t.send("E");
        t.wait_for("End the session?");
        t.send("y");
        t.wait_for("ended");
        t.send("q");
        let status = t.wait_exit();
        assert!(status.success(), "exit status {status:?}\n{}", t.screen());

        let events = place.snapshot(&id);
        assert!(of_type(&events, "stage3_answered").is_empty());
        let answered = of_type(&events, "questionnaire_answered");
        let got: Vec<String> = answered
            .iter()
            .map(|e| {
                format!(
                    "{} {} {}",
                    e["questionnaire"], e["participant"], e["answers"]
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                r#""before" 1 {"concern":4,"heard":true}"#,
                r#""before" 2 {"concern":null}"#,
            ]
        );

        let export = |format: &str, out: Option<&str>| {
            let mut args = vec![
                "export",
                &id,
                "--sessions",
                place.dir(),
                "--stimulus",
                &pack,
                "--format",
                format,
            ];
            if let Some(o) = out {
                args.extend(["--output", o]);
            }
            run_cmd(&place.home, &args)
        };
        let (status, md, err) = export("md", None);
        assert!(status.success(), "export: {err}");
        assert!(md.contains("## Questionnaires"), "{md}");
        assert!(md.contains("### Before the discussion"), "{md}");
        assert!(
            md.contains("- How worried about climate change (1-5): mean 4.0 (n=1), don't know 1."),
            "{md}"
        );
        assert!(
            md.contains("- Heard of the council's pledge: yes 1, no 0."),
            "{md}"
        );
        assert!(md.contains("| 4/5 | yes |"), "{md}");
        assert!(md.contains("| don't know |  |"), "{md}");

        let csv_dir = place.home.join("csv");
        let csv_dir = csv_dir.display().to_string();
        let (status, _, err) = export("csv", Some(&csv_dir));
        assert!(status.success(), "export csv: {err}");
        assert!(err.contains("questionnaires.csv"), "{err}");
        let csv =
            std::fs::read_to_string(std::path::Path::new(&csv_dir).join("questionnaires.csv"))
                .unwrap_or_default();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "session,questionnaire,participant,who,question,answer,words"
        );
        assert_eq!(lines.len(), 4, "{csv}");
        assert!(lines[1].starts_with(&format!("{id},before,1,")), "{csv}");
        assert!(lines[1].ends_with(",concern,4,4/5"), "{csv}");
        assert!(lines[2].ends_with(",heard,true,yes"), "{csv}");
        assert!(lines[3].starts_with(&format!("{id},before,2,")), "{csv}");
        assert!(lines[3].ends_with(",concern,,don't know"), "{csv}");

        let (status, report, err) = run_cmd(
            &place.home,
            &["report", "--sessions", place.dir(), "--stimulus", &pack],
        );
        assert!(status.success(), "report: {err}");
        assert!(
            report.contains("### Before the discussion (2 participants)"),
            "{report}"
        );
        assert!(
            report.contains(
                "- How worried about climate change (1-5): mean 4.0 (n=1), don't know 1."
            ),
            "{report}"
        );
    });
}
