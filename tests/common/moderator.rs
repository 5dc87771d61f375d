//! A moderator at the keyboard: one app on its own sessions folder and
//! clock, driven key by key and drawn on ratatui's `TestBackend`. Shared
//! by the tests of the moderator's flow (`tests/flow_keys.rs`,
//! `tests/fit80.rs`).

#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use facilitator::stimulus::Pack;
use facilitator::store::SessionsDir;
use facilitator::tui::app::{App, Ctx};
use facilitator::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellWidth};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tempfile::TempDir;

/// 2026-11-29 18:00:00 UTC: every test starts here.
pub use super::fixtures::t0;

/// A label of exactly 20 characters.
pub const LONG: &str = "Margaret-Anne Wilson";

/// A label in Bengali: its vowel signs take a column each on a terminal
/// where ratatui's own width table counts none.
pub const BENGALI: &str = "Ayesha (আয়েশা)";

/// Draw the app on a `w`×`h` test terminal and return its text.
pub fn render(app: &App, w: u16, h: u16, now: DateTime<Utc>) -> String {
    if let Some(live) = &app.live {
        live.open.writer.flush();
    }
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw(f, app, now)).unwrap();
    terminal.backend().to_string()
}

/// The screen's rows as a terminal shows them (see [`rows_of`]).
pub fn terminal_rows(app: &App, w: u16, h: u16, now: DateTime<Utc>) -> Vec<String> {
    if let Some(live) = &app.live {
        live.open.writer.flush();
    }
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw(f, app, now)).unwrap();
    rows_of(terminal.backend().buffer())
}

/// A drawn buffer's rows as a terminal shows them: each cell's text, the
/// cells a wider one covers left out (measure them with `text::width`).
pub fn rows_of(buf: &Buffer) -> Vec<String> {
    let a = buf.area;
    (a.top()..a.bottom())
        .map(|y| {
            let mut s = String::new();
            let mut x = a.left();
            while x < a.right() {
                let c = &buf[(x, y)];
                s.push_str(c.symbol());
                x += c.cell_width().max(1);
            }
            s
        })
        .collect()
}

/// One app on its own sessions folder, with its own clock.
pub struct H {
    pub dir: TempDir,
    pub app: App,
    pub now: DateTime<Utc>,
}

impl H {
    /// A fresh, empty sessions folder with the built-in pack.
    pub fn new() -> H {
        H::with_pack(facilitator::stimulus::embedded())
    }

    /// A fresh, empty sessions folder with `pack`.
    pub fn with_pack(pack: Pack) -> H {
        let dir = TempDir::new().unwrap();
        H::in_dir(dir, pack)
    }

    /// The app on `dir` (which may hold other groups' sessions).
    pub fn in_dir(dir: TempDir, pack: Pack) -> H {
        let ctx = Ctx {
            pack,
            dir: SessionsDir::new(dir.path()),
        };
        let app = App::new(ctx, t0());
        H {
            dir,
            app,
            now: t0(),
        }
    }

    /// Press one key; then take any work done off the key path (opening
    /// a session, the other groups' coverage), so the screen does not
    /// depend on a thread's timing.
    pub fn key(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.app.on_key(KeyEvent::new(code, mods), self.now);
        self.settle();
    }

    /// Take the work done off the key path, waiting for it.
    pub fn settle(&mut self) {
        self.app.settle_coverage(true);
        self.app.settle_start(true);
        settle_open(&mut self.app);
    }

    pub fn press(&mut self, code: KeyCode) {
        self.key(code, KeyModifiers::NONE);
    }

    pub fn ctrl(&mut self, c: char) {
        self.key(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    pub fn typ(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    pub fn wait(&mut self, secs: i64) {
        self.now += Duration::seconds(secs);
    }

    pub fn render(&self, w: u16, h: u16) -> String {
        render(&self.app, w, h, self.now)
    }

    /// The status line's words.
    pub fn flash(&self) -> String {
        self.app
            .flash
            .as_ref()
            .map(|f| f.text.clone())
            .unwrap_or_default()
    }

    /// The current step's key.
    pub fn step(&self) -> String {
        let live = self.app.live.as_ref().expect("a live session");
        live.session
            .state()
            .current_step
            .clone()
            .unwrap_or_default()
    }

    /// The new-group form filled and saved: `mini` picks the mini plan.
    pub fn create(&mut self, mini: bool) {
        if matches!(self.app.screen, facilitator::tui::app::Screen::Start(_)) {
            self.typ("n");
        }
        self.typ("Ashford, Kent");
        self.press(KeyCode::Tab);
        self.press(KeyCode::Tab);
        if mini {
            self.press(KeyCode::Right);
        }
        self.press(KeyCode::Tab);
        self.typ("40-64");
        self.press(KeyCode::Tab);
        self.typ("C2DE");
        self.ctrl('s');
        assert!(self.app.live.is_some(), "the session was not created");
    }

    /// Add a participant through the roster's form, consent yes.
    pub fn add(&mut self, label: &str, gender: &str, age: &str, ethnicity: &str) {
        self.typ("a");
        let fields = [label, gender, age, ethnicity, "C2DE", ""];
        for (i, v) in fields.iter().enumerate() {
            if i > 0 {
                self.press(KeyCode::Tab);
            }
            self.typ(v);
        }
        self.press(KeyCode::Tab);
        self.press(KeyCode::Right);
        self.ctrl('s');
    }

    /// A group of `n` with the 20-character label first, on the roster.
    pub fn group(mini: bool, n: usize) -> H {
        let mut h = H::new();
        h.create(mini);
        h.add(LONG, "Female", "18-30", "Afro-Caribbean");
        let names = [
            "Dev", "Sue", "Gary", "Linda", "Ian", "Marcia", "Steve", "Karen", "Tom",
        ];
        for name in names.iter().take(n - 1) {
            h.add(name, "Male", "40-64", "");
        }
        h
    }

    /// Go to a plan step through the plan window (`g`, ↑/↓, Enter).
    pub fn go(&mut self, step: &str) {
        let live = self.app.live.as_ref().unwrap();
        let plan = live.session.plan();
        let from = plan.index_of(&self.step()).unwrap();
        let to = plan
            .index_of(step)
            .unwrap_or_else(|| panic!("no step {step}"));
        self.typ("g");
        for _ in from..to {
            self.press(KeyCode::Down);
        }
        for _ in to..from {
            self.press(KeyCode::Up);
        }
        self.press(KeyCode::Enter);
        assert_eq!(self.step(), step);
    }
}

/// Take a session being opened or created off the key path, waiting.
pub fn settle_open(app: &mut App) {
    app.settle_open(true);
}

impl Drop for H {
    fn drop(&mut self) {
        self.app.shutdown(self.now);
    }
}
