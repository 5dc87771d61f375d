//! End to end with the second pack (stimulus/examples/climate-panel): the
//! real binary in a pseudo-terminal, `--stimulus` the climate panel, from
//! the profile to the export and the report. The same code path as the
//! built-in pack: one colour of dots, three each, at most one per option;
//! the most dots, then the moderator's choice; two 1-5 scales.

mod common;

use common::pty::{Place, RIGHT, add_people, bounded, new_group, of_type, run_cmd};

fn climate() -> String {
    common::climate::dir().display().to_string()
}

#[test]
fn the_climate_panel_runs_a_whole_group_and_exports() {
    bounded("climate_panel", |pids| {
        let place = Place::new();
        let pack = climate();
        let mut t = place.spawn_named(&pids, "climate", &["--stimulus", &pack], false);
        new_group(&mut t, "Hackney, London");
        add_people(&mut t, &["Ann", "Bob", "Cat"]);
        t.send("s");
        t.wait_for("Welcome and ground rules");
        // Welcome, the questionnaire before, then the vote.
        t.send(RIGHT);
        t.wait_for("Before we start");
        t.send(RIGHT);
        t.wait_for("Option wall and dot vote");
        t.wait_for("The six options (P: posters)");

        // Per poster, one colour: 3 + 3 + 2 + 1 = 9 dots, the 3 present's 3 each.
        t.send("S");
        t.wait_for("3 present · 9 blue to place");
        t.send("3");
        t.send("j");
        t.send("3");
        t.send("j");
        t.send("2");
        t.send("j");
        t.send("1");
        t.send("\r");
        t.wait_for("placed: 9 of 9 blues");
        // A fourth on one poster is refused with the pack's words.
        t.send("j");
        t.send("4");
        t.send("\r");
        t.wait_for("Option 5 cannot have 4 blue dots");

        // The picks: most dots (a tie, the lower number), then the
        // moderator's own choice, which needs no reason.
        t.send("K");
        t.wait_for("1. most dots: not chosen yet");
        // The screen speaks of options and dots; no joker in this method.
        t.wait_for("o another option");
        t.wait_for("posters with dots");
        t.wait_for("No other group is in the sessions folder yet.");
        t.send("\r");
        t.wait_for("Slot 1 (most dots)");
        t.send("j");
        t.wait_for("2. moderator's choice: not chosen yet");
        t.send("o");
        t.send("6");
        t.send("\r");
        t.wait_for("Slot 2 (moderator's choice)");
        t.esc();
        t.wait_for("Option wall and dot vote");

        // The first discussion: the two 1-5 scales.
        t.send(RIGHT);
        t.wait_for("Deliberation");
        t.send("R");
        t.wait_for("1 (strongly oppose) to 5 (strongly support)");
        t.send("4");
        t.send("j");
        t.send("2");
        t.wait_for("2/5");
        t.send("\r");
        t.wait_until("the window closed", |s| {
            !s.contains("The group decides together")
        });
        let id = place.only_id();
        t.send("E");
        t.wait_for("End the session?");
        t.send("y");
        t.wait_for("ended");
        t.send("q");
        let status = t.wait_exit();
        assert!(status.success(), "exit status {status:?}\n{}", t.screen());

        let events = place.snapshot(&id);
        let picks = of_type(&events, "idea_picked");
        let kinds: Vec<(&str, u64, u64)> = picks
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap_or_default(),
                    e["idea"].as_u64().unwrap_or_default(),
                    e["suggested"].as_u64().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(kinds, [("most-dots", 1, 1), ("moderator", 6, 6)]);
        let rated = of_type(&events, "rated");
        let scales: Vec<(&str, u64)> = rated
            .iter()
            .map(|e| {
                (
                    e["scale"].as_str().unwrap_or_default(),
                    e["value"].as_u64().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(scales, [("support", 4), ("feasible", 2)]);

        // The export and the report read the same pack.
        let (status, out, err) = run_cmd(
            &place.home,
            &[
                "export",
                &id,
                "--sessions",
                place.dir(),
                "--stimulus",
                &pack,
                "--format",
                "md",
            ],
        );
        assert!(status.success(), "export: {err}");
        assert!(
            out.contains("1. **Most dots — Option 1: Low-traffic neighbourhoods.**"),
            "{out}"
        );
        assert!(!out.contains("not played"), "{out}");
        assert!(out.contains("| Support | Feasible here |"), "{out}");
        assert!(out.contains("The group's rating (1-5)"), "{out}");
        let (status, out, err) = run_cmd(
            &place.home,
            &["report", "--sessions", place.dir(), "--stimulus", &pack],
        );
        assert!(status.success(), "report: {err}");
        assert!(
            out.contains("| Idea | Most dots | Moderator's choice | Discussed |"),
            "{out}"
        );
        assert!(out.contains("The groups' ratings (1-5)"), "{out}");
    });
}
