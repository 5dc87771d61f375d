//! A paste is data: with bracketed paste, 10 KB of prose pasted on the
//! guide changes nothing (a message says it was ignored) and pasted in the
//! editor becomes exactly one note holding that text. Before, every letter
//! was a command (notes, flip-chart entries, the recorder, probes, steps).

mod term_pty;

use term_pty::{CTRL_S, ENTER, Place, TAB, of_type};

/// About 10 KB of prose full of command letters (n v o O l x E f p s q r
/// T g t P S K ...), lines ended with CR as a terminal sends a paste.
fn prose() -> String {
    let para = "Now every volunteer explained, very loudly, that local libraries \
                matter more than extra buses; Olivia and Lex voted for both.\r\
                Everyone felt the posters were too small: pick fewer, speak slowly,\r\
                give people time. Quite right, said Kim; Tom added \"exactly\" [sic].\r\r";
    let mut s = String::new();
    while s.len() < 10 * 1024 {
        s.push_str(para);
    }
    s
}

/// What the editor keeps of the pasted prose: CR made LF, the end trimmed.
fn as_saved(pasted: &str) -> String {
    pasted.replace('\r', "\n").trim_end().to_string()
}

#[test]
fn pasted_prose_is_text_in_the_editor_and_ignored_on_the_guide() {
    let place = Place::new();
    let mut t = place.spawn(&[], &[]);
    t.wait_for("New group");
    // A paste into a one-line field: its lines joined by a space.
    t.paste("Ashford,\r Kent\r");
    t.wait_for("Ashford, Kent▏");
    t.send(TAB);
    t.send(TAB);
    t.send(TAB);
    t.send("40-64");
    t.wait_for("40-64▏");
    t.send(CTRL_S);
    t.wait_for("Nobody yet");
    t.send("s");
    t.wait_for("› Arrival");
    t.wait_for("✓ saved");
    let id = place.only_id();
    let before = place.journal(&id);
    assert_eq!(
        of_type(&before, "created")[0]["profile"]["location"],
        "Ashford, Kent"
    );

    // On the guide (no text field): ignored, with a message.
    let text = prose();
    t.paste(&text);
    t.wait_for("Paste ignored");
    let screen = t.wait_for("› Arrival");
    assert!(!screen.contains("New note"), "{screen}");

    // In the editor: one note holding the text, newlines kept.
    t.send("n");
    t.wait_for("New note");
    t.paste(&text);
    t.wait_for("Pasted 10 KB");
    t.send(ENTER);
    t.wait_for("Notes (1)");
    t.wait_for("✓ saved");

    let after = place.wait_journal(&id, "the note", |e| !of_type(e, "note_added").is_empty());
    let new: Vec<_> = after[before.len()..].iter().collect();
    let types: Vec<&str> = new.iter().filter_map(|e| e["type"].as_str()).collect();
    assert_eq!(types, ["note_added"], "events after the pastes: {new:#?}");
    assert_eq!(new[0]["text"], as_saved(&text));
    assert_eq!(new[0]["step"], "arrival");

    // Bracketed paste was turned on, and is off again after leaving.
    t.send("q");
    t.wait_for("Leave the app?");
    t.send("y");
    assert!(t.wait_exit().success());
    let raw = t.raw();
    let on = find(&raw, b"\x1b[?2004h").expect("bracketed paste never turned on");
    let off = find(&raw[on..], b"\x1b[?2004l");
    assert!(off.is_some(), "bracketed paste left on at exit");
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn a_paste_past_the_note_limit_is_refused_whole() {
    let place = Place::new();
    let mut t = place.spawn(&[], &[]);
    term_pty::new_group(&mut t, "Ashford, Kent");
    t.send("s");
    t.wait_for("› Arrival");
    t.send("n");
    t.wait_for("New note");
    t.paste("A start.");
    t.wait_for("A start.");
    // 200 KB of one word: over the 100 KB a note holds.
    t.paste(&"x".repeat(200 * 1024));
    t.wait_for("Not pasted");
    let screen = t.wait_for("a note holds at most 100");
    assert!(
        !screen.contains("xxxxxxxx"),
        "part of the paste got in:\n{screen}"
    );
    // The editor still holds what it held, and takes more text.
    t.paste(" And more.");
    t.wait_for("A start. And more.");
    t.send(ENTER);
    t.wait_for("Notes (1)");
    let id = place.only_id();
    let events = place.wait_journal(&id, "the note", |e| !of_type(e, "note_added").is_empty());
    assert_eq!(
        of_type(&events, "note_added")[0]["text"],
        "A start. And more."
    );
}

#[test]
fn a_paste_in_the_flip_chart_is_one_entry() {
    let place = Place::new();
    let mut t = place.spawn(&[], &[]);
    term_pty::new_group(&mut t, "Ashford, Kent");
    t.send("s");
    t.wait_for("› Arrival");
    t.send("f");
    t.wait_for("Flip chart");
    t.paste("Good schools,\rsafe streets\r");
    t.wait_for("Good schools, safe streets");
    t.send(ENTER);
    let id = place.only_id();
    let events = place.wait_journal(&id, "the entry", |e| {
        !of_type(e, "flipchart_added").is_empty()
    });
    let added = of_type(&events, "flipchart_added");
    assert_eq!(added.len(), 1, "{events:#?}");
    assert_eq!(added[0]["text"], "Good schools, safe streets");
    assert!(of_type(&events, "note_added").is_empty(), "{events:#?}");
}
