//! End to end: the real binary in a pseudo-terminal of 80×24, driven by
//! keys and read back from the screen (through a vt100 parser), its raw
//! output, and the sessions folder it writes.
//!
//! Every wait polls for something (text on the screen, text in a file, the
//! process ending) with a generous timeout and fails with what it saw. Every
//! child is killed and reaped by a drop guard, and each test runs under a
//! hard time limit that kills its processes, so a failing test never hangs.

mod common;

use serde_json::Value;

use common::pty::{
    CTRL_S, ENTER, Place, RIGHT, TAB, Term, add_people, assert_seq, bounded, new_group, of_type,
    run_cmd, signal, start_guide, wait_file_contains,
};

// Short enough to stay on one line of the notes pane (26 columns of text).
const NOTE: &str = "Keen on local libraries";
const QUOTE: &str = "Libraries keep me sane";

/// q, the confirmation, y: wait for a clean end.
fn quit(t: &mut Term) -> String {
    t.send("q");
    t.wait_for("Leave the app?");
    t.send("y");
    let status = t.wait_exit();
    assert!(status.success(), "exit status {status:?}\n{}", t.screen());
    t.screen()
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// A whole (compressed) session: profile, roster, consent, guide, a note
/// and an attributed quote, quit; the saved files; `list`; resume.
#[test]
fn compressed_session_saved_listed_and_resumed() {
    bounded("compressed_session", |pids| {
        let place = Place::new();
        let mut t = place.spawn_named(&pids, "first run", &[], false);
        new_group(&mut t, "Ashford, Kent");

        for (label, gender, age) in [("Alice", "Female", "40-64"), ("Bob", "Male", "18-39")] {
            t.send("a");
            t.wait_for("Add participant");
            t.send(label);
            t.send(TAB);
            t.send(gender);
            t.send(TAB);
            t.send(age);
            t.wait_for(&format!("{age}▏"));
            t.send(CTRL_S);
            t.wait_for(&format!(". {label} "));
        }
        t.wait_for("2 on the roster");
        // The first row is selected: Alice.
        t.send("c");
        t.wait_until("Alice's consent ✓", |s| {
            s.lines()
                .any(|l| l.contains("Alice") && l.contains("consent ✓"))
        });

        start_guide(&mut t);
        t.send(RIGHT);
        t.wait_for("› Capabilities");

        t.send("n");
        t.wait_for("New note");
        t.send(NOTE);
        t.wait_for(NOTE);
        t.send(ENTER);
        t.wait_for("Notes (1)");

        t.send("v");
        t.wait_for("New verbatim quote");
        t.send(QUOTE);
        t.wait_for(QUOTE);
        t.send(TAB);
        t.send("1");
        t.wait_for("Who: ‹ 1 Alice");
        t.send(ENTER);
        t.wait_for("Notes (2)");
        t.wait_for(&format!("“{QUOTE}”"));
        t.wait_for("— Alice");

        let screen = quit(&mut t);
        let id = place.only_id();
        assert!(
            screen.contains(&format!("Resume with: facilitator run --resume {id}")),
            "no resume hint after quitting:\n{screen}"
        );

        // The snapshot.
        let events = place.snapshot(&id);
        assert_eq!(events[0]["type"], "created");
        assert_eq!(events[0]["profile"]["location"], "Ashford, Kent");
        let added = of_type(&events, "participant_added");
        let labels: Vec<&Value> = added.iter().map(|e| &e["participant"]["label"]).collect();
        assert_eq!(labels, ["Alice", "Bob"], "participants in {events:#?}");
        assert_eq!(added[0]["participant"]["id"], 1);
        assert_eq!(added[0]["participant"]["gender"], "Female");
        let consent = of_type(&events, "consent_given");
        assert_eq!(consent.len(), 1, "{events:#?}");
        assert_eq!(consent[0]["participant"], 1);
        assert_eq!(consent[0]["consent"], true);
        let steps: Vec<&Value> = of_type(&events, "step_entered")
            .iter()
            .map(|e| &e["step"])
            .collect();
        assert_eq!(steps, ["arrival", "capabilities"], "steps in {events:#?}");
        let notes = of_type(&events, "note_added");
        assert_eq!(notes.len(), 2, "{events:#?}");
        let note = notes.iter().find(|e| e["kind"] == "note").expect("a note");
        assert_eq!(note["text"], NOTE);
        assert_eq!(note["step"], "capabilities");
        assert!(note.get("participant").is_none(), "{note}");
        let quote = notes
            .iter()
            .find(|e| e["kind"] == "quote")
            .expect("a quote");
        assert_eq!(quote["text"], QUOTE);
        assert_eq!(quote["step"], "capabilities");
        assert_eq!(quote["participant"], 1);
        assert_eq!(events.last().expect("events")["type"], "closed");
        assert_eq!(of_type(&events, "closed").len(), 1);

        // The journal holds the same events.
        assert_eq!(
            place.journal(&id),
            events,
            "the journal and the snapshot differ"
        );

        // `list`: one line, the id, the location, live.
        let (status, out, err) = run_cmd(&place.home, &["list", "--sessions", place.dir()]);
        assert!(status.success(), "list: {status:?}\n{out}\n{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "list printed:\n{out}\n(stderr: {err})");
        for want in [id.as_str(), "Ashford, Kent", "live"] {
            assert!(
                lines[0].contains(want),
                "{want:?} is not in the list line {:?}",
                lines[0]
            );
        }

        // Resume by an id prefix: back on Capabilities with the notes, the
        // step clock still going (wall-clock based).
        let prefix = &id[..id.len() - 4];
        let mut t = place.spawn_named(&pids, "resume", &["run", "--resume", prefix], false);
        t.wait_for(NOTE);
        t.wait_for(&format!("“{QUOTE}”"));
        let screen = t.wait_until("Capabilities with its step countdown", |s| {
            let line = header_line(s, "› Capabilities");
            line.contains(" left") || line.contains(" over")
        });
        let clock = header_line(&screen, "› Capabilities");
        // The clock runs on: the countdown changes within a second or so.
        t.wait_until("the step countdown ticking", |s| {
            let now = header_line(s, "› Capabilities");
            !now.is_empty() && now != clock
        });
        quit(&mut t);

        let events = place.snapshot(&id);
        assert_eq!(of_type(&events, "opened").len(), 2, "{events:#?}");
        assert_eq!(of_type(&events, "closed").len(), 2, "{events:#?}");
        assert_eq!(events.last().expect("events")["type"], "closed");
        assert_eq!(
            place.journal(&id),
            events,
            "the journal and the snapshot differ"
        );
    });
}

/// A second instance on the same session is refused, naming the holder;
/// once the first is killed (SIGKILL) the session opens again and holds
/// every action the first wrote.
#[test]
fn second_instance_refused_then_resumes_after_kill() {
    bounded("two_instances", |pids| {
        let place = Place::new();
        let mut first = place.spawn_named(&pids, "first", &[], false);
        new_group(&mut first, "Bury St Edmunds");
        start_guide(&mut first);
        first.send("n");
        first.wait_for("New note");
        first.send(NOTE);
        first.wait_for(NOTE);
        first.send(ENTER);
        first.wait_for("Notes (1)");
        let id = place.only_id();
        // The journal is written at once (the sync follows within a second);
        // a kill loses nothing the journal has.
        wait_file_contains(&place.file(&id, "journal"), NOTE);
        let before_kill = place.journal(&id);

        let (status, out, err) = run_cmd(
            &place.home,
            &["run", "--resume", &id, "--sessions", place.dir()],
        );
        assert!(
            !status.success(),
            "a second instance ran: {status:?}\n{out}\n{err}"
        );
        let said = format!("{out}{err}");
        assert!(
            said.contains("already open"),
            "the refusal does not say why:\n{said}"
        );
        assert!(
            said.contains(&format!("process {}", first.pid)),
            "the refusal does not name the holder (pid {}):\n{said}",
            first.pid
        );
        // The refused instance changed nothing.
        assert_eq!(place.journal(&id), before_kill);

        let status = first.kill9();
        assert!(!status.success(), "SIGKILL reported as success: {status:?}");
        // The snapshot is rewritten at most every five seconds, so it may be
        // behind the journal: then resuming says what it took from the journal.
        let behind = before_kill.len() - place.snapshot(&id).len();
        assert!(
            place
                .sessions
                .join(facilitator::store::names::lock_name(&id))
                .exists(),
            "the lock file is left in place"
        );

        let mut again =
            place.spawn_named(&pids, "after the kill", &["run", "--resume", &id], false);
        again.wait_for("› Arrival");
        again.wait_for(NOTE);
        if behind > 0 {
            again.wait_for(&format!("Recovered {behind} action"));
        }
        quit(&mut again);

        let events = place.snapshot(&id);
        assert_eq!(
            place.journal(&id),
            events,
            "the journal and the snapshot differ"
        );
        assert!(
            events.len() > before_kill.len() && events[..before_kill.len()] == before_kill[..],
            "the events written before the kill are not all kept:\nbefore: {before_kill:#?}\nafter: {events:#?}"
        );
        let notes = of_type(&events, "note_added");
        assert_eq!(notes.len(), 1, "{events:#?}");
        assert_eq!(notes[0]["text"], NOTE);
        // No `closed` between the killed run and the resume, then a clean close.
        assert_eq!(of_type(&events, "closed").len(), 1, "{events:#?}");
        assert_eq!(events.last().expect("events")["type"], "closed");
    });
}

/// A note typed but not sent survives kill -9: on resume it is back in
/// the editor, and once saved it is a note and the draft file is gone.
#[test]
fn unsent_draft_survives_kill_9() {
    const DRAFT: &str = "Half a thought about buses";
    bounded("unsent_draft", |pids| {
        let place = Place::new();
        let mut t = place.spawn_named(&pids, "typing", &[], true);
        new_group(&mut t, "Ashford, Kent");
        start_guide(&mut t);
        t.send("n");
        t.wait_for("New note");
        t.send(DRAFT);
        t.wait_for(DRAFT);
        let id = place.only_id();
        // The draft is saved within a second of the last change.
        wait_file_contains(&place.file(&id, "draft.json"), DRAFT);
        t.kill9();

        let mut t = place.spawn_named(&pids, "resumed", &["run", "--resume", &id], true);
        t.wait_for("Your unsent note was kept");
        t.wait_for("New note");
        t.wait_for(DRAFT);
        // Esc hides it and keeps it; n brings it back.
        t.esc();
        t.wait_for("draft kept");
        t.send("n");
        t.wait_for("New note");
        t.wait_for(DRAFT);
        t.send(ENTER);
        t.wait_for("Notes (1)");
        quit(&mut t);

        let events = place.snapshot(&id);
        let notes = of_type(&events, "note_added");
        assert_eq!(notes.len(), 1, "{events:#?}");
        assert_eq!(notes[0]["text"], DRAFT);
        assert_eq!(notes[0]["kind"], "note");
        assert_eq!(notes[0]["step"], "arrival");
        assert!(
            !place.file(&id, "draft.json").exists(),
            "the draft file is still there after the note was saved"
        );
    });
}

/// SIGTERM: the app saves, closes the session, leaves the alternate screen
/// and ends.
#[test]
fn sigterm_restores_the_terminal() {
    bounded("sigterm", |pids| {
        let place = Place::new();
        let mut t = place.spawn_named(&pids, "sigterm", &[], true);
        new_group(&mut t, "Ashford, Kent");
        let id = place.only_id();
        let raw = t.raw();
        assert!(
            find_last(&raw, b"\x1b[?1049h").is_some(),
            "the app never entered the alternate screen"
        );

        signal(t.pid, "TERM");
        let status = t.wait_exit();
        let raw = t.raw();
        let enter = find_last(&raw, b"\x1b[?1049h").expect("enter the alternate screen");
        let leave = find_last(&raw, b"\x1b[?1049l").unwrap_or_else(|| {
            panic!(
                "the alternate screen was never left; output tail: {:?}",
                String::from_utf8_lossy(&raw[raw.len().saturating_sub(300)..])
            )
        });
        assert!(
            leave > enter,
            "the last thing done was entering the alternate screen"
        );
        let tail = String::from_utf8_lossy(&raw[leave..]);
        assert!(
            tail.contains(&format!("Resume with: facilitator run --resume {id}")),
            "no resume hint after the terminal was restored: {tail:?}"
        );
        assert!(
            status.success(),
            "SIGTERM ended the app with {status:?}; output after restore: {tail:?}"
        );

        let events = place.snapshot(&id);
        assert_eq!(
            events.last().expect("events")["type"],
            "closed",
            "{events:#?}"
        );
        assert_eq!(place.journal(&id), events);
    });
}

/// The first line of the screen that holds `marker` ("" if none).
fn header_line(screen: &str, marker: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_default()
        .to_string()
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Idea testing through the real binary: the gallery, stickers counted per
/// poster (with a refused count), the tally revealed, the picks (one
/// chosen over the suggestion, with its reason), one discussed idea with a
/// quote and its ratings; the saved JSON holds it all.
#[test]
fn voting_picks_and_one_discussed_idea() {
    bounded("voting_picks_discussion", |pids| {
        let place = Place::new();
        let mut t = place.spawn_named(&pids, "idea testing", &[], false);
        new_group(&mut t, "Stockport");
        add_people(&mut t, &["Alice", "Bob", "Carol"]);
        start_guide(&mut t);
        // To the gallery through the plan window: the 7th step.
        t.send("g");
        t.wait_for("Plan · Enter");
        for _ in 0..6 {
            t.send("j");
        }
        t.wait_for("›   Gallery");
        t.send("\r");
        t.wait_for("Gallery and sticker vote");

        // Per poster: idea 2 gets 3 green and 1 red, idea 5 gets 2 green and 2 red.
        t.send("S");
        t.wait_for("Stickers · per poster");
        t.send("j");
        t.send("3");
        t.send(TAB);
        t.send("1");
        t.send("j");
        t.send("j");
        t.send("j");
        t.send("2");
        t.send("\r");
        t.send("h");
        t.send("2");
        t.send("\r");
        // 4 greens on one poster with 3 present is refused.
        t.send("j");
        t.send("4");
        t.send("\r");
        t.wait_for("cannot have 4 green");
        t.send("r");
        t.wait_for("Tally · r hides");

        // The picks: accept the most popular, choose another contentious idea.
        t.send("K");
        t.wait_for("1. most popular: not chosen yet");
        t.send("\r");
        t.wait_for("✓ 2. User Charging");
        t.send("j");
        t.send("o");
        t.wait_for("type its number");
        t.send("7");
        t.send("They wanted to talk about the parks");
        t.send("\r");
        t.wait_for("chosen over 5");
        t.esc();
        t.wait_for("Gallery and sticker vote");

        // The first discussion: a quote, then the ratings.
        t.send(RIGHT);
        t.wait_for("Idea 2: User Charging");
        t.send("v");
        t.wait_for("New verbatim quote");
        t.send("I already pay for it through my taxes.");
        t.send(TAB);
        t.send("2");
        t.send("\r");
        t.wait_for("Quote saved.");
        t.send("R");
        t.wait_for("The group decides together");
        t.send("3");
        t.send("j");
        t.send("6");
        t.send("j");
        t.send("2");
        t.send("\r");
        t.wait_until("the window closed", |s| {
            !s.contains("The group decides together")
        });
        let id = place.only_id();
        quit(&mut t);

        let events = place.snapshot(&id);
        assert_seq(&events);
        let counted = of_type(&events, "poster_counted");
        let last_for = |idea: u64| {
            counted
                .iter()
                .rev()
                .find(|e| e["idea"] == idea)
                .map(|e| (e["green"].as_u64().unwrap(), e["red"].as_u64().unwrap()))
        };
        assert_eq!(last_for(2), Some((3, 1)));
        assert_eq!(last_for(5), Some((2, 2)));
        // The refused count left no trace.
        assert!(
            counted.iter().all(|e| e["green"].as_u64().unwrap() <= 3),
            "{counted:?}"
        );
        assert!(!of_type(&events, "tally_revealed").is_empty());
        let picks = of_type(&events, "idea_picked");
        assert_eq!(picks.len(), 2, "{picks:?}");
        assert_eq!(picks[0]["slot"], 1);
        assert_eq!(picks[0]["idea"], 2);
        assert_eq!(picks[0]["kind"], "popular");
        assert!(picks[0]["reason"].is_null());
        assert_eq!(picks[1]["slot"], 2);
        assert_eq!(picks[1]["idea"], 7);
        assert_eq!(picks[1]["suggested"], 5);
        assert_eq!(picks[1]["reason"], "They wanted to talk about the parks");
        let quote = of_type(&events, "note_added")
            .into_iter()
            .find(|e| e["kind"] == "quote")
            .expect("the quote")
            .clone();
        assert_eq!(quote["text"], "I already pay for it through my taxes.");
        assert_eq!(quote["participant"], 2);
        assert_eq!(quote["idea"], 2);
        assert_eq!(quote["step"], "discuss-a-1");
        let rated: Vec<(String, u64)> = of_type(&events, "rated")
            .iter()
            .map(|e| {
                (
                    e["scale"].as_str().unwrap().to_string(),
                    e["value"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            rated,
            [
                ("desirable".to_string(), 3),
                ("achievable".to_string(), 6),
                ("equitable".to_string(), 2)
            ]
        );
    });
}

/// Issue 13 in the real terminal: `o` on the roster marks someone out of
/// the room (the journal holds it); after "End the session" keys record
/// nothing and the screen says how to replay and export; `E` reopens it.
#[test]
fn presence_end_and_reopen_in_the_terminal() {
    bounded("presence_end_reopen", |pids| {
        let place = Place::new();
        let mut t = place.spawn_named(&pids, "presence end reopen", &[], false);
        new_group(&mut t, "Hull");
        add_people(&mut t, &["Alice", "Bob"]);
        t.send("j");
        t.send("o");
        t.wait_for("Bob is out of the room");
        t.wait_for("Out of the room: Bob since");
        start_guide(&mut t);
        let id = place.only_id();
        wait_file_contains(&place.file(&id, "journal"), "\"presence\"");

        // End it: the ended screen, and a note cannot be started.
        t.send("E");
        t.wait_for("End the session?");
        t.send("y");
        t.wait_for("Session ended · read-only");
        t.wait_for(&format!("replay {id}"));
        t.send("n");
        t.send("Hello");
        t.send(ENTER);
        t.send(RIGHT);
        t.wait_for("nothing more is recorded. E reopens");
        wait_file_contains(&place.file(&id, "journal"), "\"finished\"");

        // Reopen: asked first, then recorded; the guide is back.
        t.send("E");
        t.wait_for("Reopen the session?");
        t.send("y");
        t.wait_for("Reopened (recorded)");
        t.wait_for("Arrival");
        wait_file_contains(&place.file(&id, "journal"), "\"reopened\"");
        quit(&mut t);
        let events = place.journal(&id);
        let finished = events
            .iter()
            .position(|e| e["type"] == "finished")
            .expect("a finished event");
        let reopened = events
            .iter()
            .position(|e| e["type"] == "reopened")
            .expect("a reopened event");
        let between: Vec<&Value> = events[finished + 1..reopened].iter().collect();
        assert!(
            between
                .iter()
                .all(|e| e["type"] == "opened" || e["type"] == "closed"),
            "recorded after the end: {between:#?}"
        );
        assert_eq!(of_type(&events, "presence").len(), 1);
        assert!(of_type(&events, "note_added").is_empty());
    });
}
