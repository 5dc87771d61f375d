//! Text from a session file never drives the terminal through the
//! command line: a location holding `\e]0;pwned\a\e[2J` (retitle the
//! window, clear the screen) is shown as `\u001b]0;pwned\u0007...` by
//! `list`, `replay --print`, `export` and `report` on a terminal, and on
//! stderr; through a pipe or into a file (`-o`) it stays as typed.

mod term_pty;

use term_pty::{Place, Term, run_cmd};

const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J";
const EVIL_JSON: &str = "\\u001b]0;pwned\\u0007\\u001b[2J";

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// A demo session whose location is London followed by the escapes.
fn evil_session(place: &Place) -> String {
    let (status, out, err) = run_cmd(
        &place.home,
        &["demo", "--count", "1", "--sessions", place.dir()],
    );
    assert!(status.success(), "demo: {out}\n{err}");
    let id = place.only_id();
    for ext in ["json", "journal"] {
        let path = place.sessions.join(format!("{id}.{ext}"));
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = text.replace(
            "\"location\":\"London\"",
            &format!("\"location\":\"London{EVIL_JSON}\""),
        );
        assert_ne!(text, changed, "no location in {}", path.display());
        std::fs::write(&path, changed).unwrap();
    }
    id
}

/// Run `facilitator args` in a pty; everything it wrote.
fn on_terminal(place: &Place, args: &[&str]) -> Vec<u8> {
    let mut all = args.to_vec();
    all.extend(["--sessions", place.dir()]);
    let mut t = Term::spawn_program(term_pty::BIN, &all, &place.home, (200, 50), &[]);
    t.wait_exit();
    t.raw()
}

#[test]
fn escapes_in_session_text_are_shown_not_obeyed_on_a_terminal() {
    let place = Place::new();
    let id = evil_session(&place);
    for args in [
        vec!["list"],
        vec!["replay", id.as_str(), "--print"],
        vec!["export", id.as_str()],
        vec!["export", id.as_str(), "--format", "json"],
        vec!["report"],
    ] {
        let raw = on_terminal(&place, &args);
        let text = String::from_utf8_lossy(&raw);
        assert!(
            text.contains("London"),
            "{args:?} did not show the session:\n{text}"
        );
        assert!(
            !contains(&raw, b"\x1b]0;pwned")
                && !contains(&raw, b"\x1b[2J")
                && !contains(&raw, b"\x07"),
            "{args:?} wrote the escapes to the terminal: {text:?}"
        );
        assert!(text.contains("\\u001b]0;pwned"), "{args:?}: {text:?}");
    }
    // An error naming what was typed, on stderr.
    let raw = on_terminal(&place, &["replay", &format!("no{EVIL}such"), "--print"]);
    assert!(
        !contains(&raw, b"\x1b]0;"),
        "{:?}",
        String::from_utf8_lossy(&raw)
    );

    // Through a pipe, and into a file, the text is as typed.
    let (status, out, err) = run_cmd(&place.home, &["export", &id, "--sessions", place.dir()]);
    assert!(status.success(), "{err}");
    assert!(out.contains(&format!("London{EVIL}")), "{out:?}");
    let file = place.home.join("out.md");
    let (status, _, err) = run_cmd(
        &place.home,
        &[
            "export",
            &id,
            "-o",
            file.to_str().unwrap(),
            "--sessions",
            place.dir(),
        ],
    );
    assert!(status.success(), "{err}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains(&format!("London{EVIL}")), "{written:?}");
}
