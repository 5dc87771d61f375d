//! Names in Bengali, Chinese and with an emoji, on every screen that shows
//! them, at 80×24. A terminal draws a Bengali vowel sign such as "া" in a
//! column of its own, where ratatui's width table counts none: each row
//! must still be exactly as wide as the screen as the terminal draws it
//! (borders in place, no vowel sign lost, no space swallowed), checked on
//! ratatui's `TestBackend` with the terminal's widths, through tmux (a real
//! terminal) when it is installed, and kept as snapshots.

mod common;

use common::moderator::{H, rows_of};
use facilitator::tui::text;
use facilitator::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

const BENGALI: &str = "Ayesha (আয়েশা)";
const CHINESE: &str = "王芳 Wang";
const EMOJI: &str = "Sam 😀";

/// The moderator's harness ([`H`]) with what these tests add to it.
impl H {
    /// A session with the three participants, the guide started.
    fn started() -> H {
        let mut h = H::new();
        h.typ("Ashford, Kent");
        h.ctrl('s');
        for name in [BENGALI, CHINESE, EMOJI] {
            h.typ("a");
            h.typ(name);
            h.press(KeyCode::Tab);
            h.typ("Female");
            h.press(KeyCode::Tab);
            h.typ("40-64");
            h.ctrl('s');
        }
        h
    }

    fn buffer(&self) -> Buffer {
        if let Some(live) = &self.app.live {
            live.open.writer.flush();
        }
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| view::draw(f, &self.app, self.now))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    /// Check every row is 80 columns as a terminal draws it, and snapshot.
    fn check(&self, name: &str, must_show: &[&str]) {
        let buf = self.buffer();
        let rows = rows_of(&buf);
        for (y, row) in rows.iter().enumerate() {
            assert_eq!(
                text::width(row),
                80,
                "{name}: row {y} is {} columns wide on a terminal:\n{row}\n\n{}",
                text::width(row),
                rows.join("\n")
            );
        }
        let screen = rows.join("\n");
        for want in must_show {
            assert!(
                screen.contains(want),
                "{name}: {want:?} is not shown:\n{screen}"
            );
        }
        insta::assert_snapshot!(name, screen);
    }
}

#[test]
fn complex_script_names_keep_every_row_the_width_of_the_screen() {
    let mut h = H::started();
    h.check("widths_roster", &[BENGALI, CHINESE, EMOJI]);
    h.typ("s");
    // The quote editor's Who line.
    h.typ("v");
    h.typ("We need buses");
    h.press(KeyCode::Tab);
    h.typ("1");
    h.check("widths_editor_who", &["Who: ‹ 1 Ayesha (আয়েশা) — Female"]);
    // The text box, the cursor moved back into the Bengali word: no vowel
    // sign is dropped where the cursor is.
    h.press(KeyCode::BackTab);
    h.typ(" আয়েশা said");
    for _ in 0..6 {
        h.press(KeyCode::Left);
    }
    h.check("widths_editor_text", &["We need buses আয়েশা said"]);
    for _ in 0..6 {
        h.press(KeyCode::Right);
    }
    h.press(KeyCode::Enter);
    // The notes pane: the space after the name is kept.
    h.check("widths_notes_pane", &["— Ayesha (আয়েশা): "]);
    h.typ("g");
    h.check("widths_plan", &["Arrival"]);
    h.press(KeyCode::Esc);
    h.typ("?");
    h.check("widths_help", &["Everywhere"]);
    h.press(KeyCode::Esc);
    h.typ("q");
    h.check("widths_quit_dialog", &["Leave the app?"]);
    h.press(KeyCode::Esc);
    // The gallery: stickers per participant, names in rows.
    h.typ("g");
    let steps = h.app.live.as_ref().unwrap().session.plan().steps.clone();
    let to = steps.iter().position(|s| s.key == "gallery").unwrap();
    for _ in 0..to {
        h.press(KeyCode::Down);
    }
    h.press(KeyCode::Enter);
    h.typ("S");
    h.typ("M");
    h.check(
        "widths_stickers_per_participant",
        &["Ayesha (আয়ে…", "王芳", "😀"],
    );
}

/// tmux, driven from a test: a real terminal (glibc widths) to read the
/// screen back from. Each test has its own server socket.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// Start `cmd` in an 80×24 tmux window, or None when tmux is missing.
    fn start(cmd: &str) -> Option<Tmux> {
        let ok = std::process::Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!("tmux is not installed: the real-terminal check is skipped");
            return None;
        }
        let socket = format!("facilitator-widths-{}", std::process::id());
        let t = Tmux { socket };
        t.run(&["new-session", "-d", "-s", "w", "-x", "80", "-y", "24", cmd]);
        Some(t)
    }

    fn run(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("tmux")
            .args(["-u", "-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.run(&["send-keys", "-t", "w", k]);
        }
    }

    fn text(&self, s: &str) {
        self.run(&["send-keys", "-t", "w", "-l", s]);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "w"])
    }

    fn wait_for(&self, what: &str) -> String {
        self.wait_until(&format!("{what:?}"), |s| s.contains(what))
    }

    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        common::wait::until_shown(
            what,
            common::wait::WAIT,
            || self.screen(),
            |s| ok(s),
            |s| s.clone(),
        )
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Through tmux: the Who line keeps the editor's borders in their columns,
/// and after windows open and close (help, plan, quit dialog) no fragment
/// of the name is left outside the lines that show it.
#[test]
fn in_a_real_terminal_borders_hold_and_no_fragment_stays() {
    let dir = TempDir::new().unwrap();
    let bin = env!("CARGO_BIN_EXE_facilitator");
    let cmd = format!(
        "env HOME='{0}' TERM=xterm-256color '{bin}' --sessions '{0}/s'",
        dir.path().display()
    );
    let Some(t) = Tmux::start(&cmd) else {
        return;
    };
    t.wait_for("New group");
    t.text("Kent");
    t.keys(&["Tab", "Tab", "Tab"]);
    t.text("40-64");
    t.wait_for("40-64▏");
    t.keys(&["C-s"]);
    t.wait_for("Nobody yet");
    t.keys(&["a"]);
    t.wait_for("Add participant");
    t.text(BENGALI);
    t.keys(&["Tab"]);
    t.text("Female");
    t.keys(&["C-s"]);
    t.wait_for("on the roster");
    t.keys(&["s"]);
    t.wait_for("› Arrival");
    t.keys(&["v"]);
    t.wait_for("New verbatim quote");
    t.text("We need buses");
    t.keys(&["Tab", "1"]);
    let screen = t.wait_for("Who: ‹ 1");
    let who = screen
        .lines()
        .find(|l| l.contains("Who: ‹ 1"))
        .expect("the Who line");
    assert!(who.contains(BENGALI), "the name lost a letter: {who}");
    assert_eq!(text::width(who), 80, "the Who line: {who}\n{screen}");
    assert!(
        who.ends_with("│ │"),
        "the Who line pushed its border: {who}\n{screen}"
    );

    t.keys(&["Enter"]);
    t.wait_for("Quote saved");
    for (open, shows) in [
        ("?", "Everywhere"),
        ("g", "planned"),
        ("q", "Leave the app?"),
    ] {
        t.keys(&[open]);
        t.wait_for(shows);
        t.keys(&["Escape"]);
        t.wait_until(&format!("{shows:?} gone"), |s| !s.contains(shows));
    }
    let screen = t.wait_for("Notes (1)");
    for line in screen.lines() {
        let bengali = line.chars().any(|c| ('\u{0980}'..='\u{09FF}').contains(&c));
        assert!(
            !bengali || line.contains(BENGALI),
            "a fragment of the name stayed behind: {line:?}\n{screen}"
        );
        assert!(text::width(line) <= 80, "{line:?}\n{screen}");
    }
    assert!(screen.contains(BENGALI), "{screen}");
}
