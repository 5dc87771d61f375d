//! The drawing layers: the replay and the projector draw with the shared
//! widgets (`crate::tui::widgets`) and never borrow from the live app's
//! screens, windows or app state; the widgets themselves know no screen
//! and no `App`; and no file of the terminal side grows past ~600 lines.
//! These read the source, so a wrong-way path fails here, not in review.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir` (relative to the crate), sorted.
fn rust_files(dir: &str) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(d) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut out);
    out.sort();
    out
}

/// The path relative to the crate, with `/`.
fn rel(p: &Path) -> String {
    p.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The modules of `crate::tui` that `text` names: after each
/// `crate::tui::`, the next name, or each name of a `{…}` group.
fn tui_modules_named(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::tui::") {
        rest = &rest[i + "crate::tui::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Only the group's top level: `{self, a::{b, c}, d}` names self, a, d.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(first_name(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            names.push(first_name(&item));
        } else {
            names.push(first_name(rest));
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

fn first_name(s: &str) -> String {
    s.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Each (file, module) where a file under `dir` names a module of
/// `crate::tui` outside `allowed`.
fn wrong_way(dir: &str, allowed: &[&str]) -> Vec<String> {
    let mut bad = Vec::new();
    for p in rust_files(dir) {
        let text = fs::read_to_string(&p).unwrap();
        for m in tui_modules_named(&text) {
            if !allowed.contains(&m.as_str()) {
                bad.push(format!("{} uses crate::tui::{m}", rel(&p)));
            }
        }
        if text.contains("super::super::") {
            bad.push(format!("{} reaches out with super::super::", rel(&p)));
        }
    }
    bad.sort();
    bad.dedup();
    bad
}

/// What the replay and the projector may take from the terminal shell.
const SHARED: &[&str] = &["widgets", "text", "theme", "term", "keys"];

#[test]
fn replay_and_present_draw_with_widgets_not_with_the_apps_screens() {
    let mut bad = wrong_way("src/replay", SHARED);
    bad.extend(wrong_way("src/present", SHARED));
    assert!(
        bad.is_empty(),
        "the replay and the projector may use only crate::tui::{{{}}}:\n{}",
        SHARED.join(", "),
        bad.join("\n")
    );
}

#[test]
fn widgets_know_no_screen_window_or_app() {
    // Widgets take plain data: the state slices (their own types), the
    // pack, the time. Below them only text, theme, digits and forms.
    let allowed = ["widgets", "text", "theme", "digits", "form"];
    let mut bad = wrong_way("src/tui/widgets", &allowed);
    // Nor what draws with them, nor the disk.
    for p in rust_files("src/tui/widgets") {
        let text = fs::read_to_string(&p).unwrap();
        for other in ["crate::replay", "crate::present", "crate::store"] {
            if text.contains(other) {
                bad.push(format!("{} uses {other}", rel(&p)));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "widgets may use only crate::tui::{{{}}}:\n{}",
        allowed.join(", "),
        bad.join("\n")
    );
}

#[test]
fn the_module_path_reader_sees_groups_and_paths_in_code() {
    // The checks above are only as good as this reader.
    let text = "use crate::tui::{text, screens::guide::{self, wrap}, theme};\n\
                let x = crate::tui::overlays::centered(a, 1, 2);";
    assert_eq!(
        tui_modules_named(text),
        ["text", "screens", "theme", "overlays"]
    );
}

/// The most lines a file of the terminal side may have.
const MAX_LINES: usize = 650;

/// Files allowed over [`MAX_LINES`] for now, with the size they may not
/// pass (none today; a split that is not done yet goes here with its size).
const OVER: &[(&str, usize)] = &[];

#[test]
fn no_file_of_the_terminal_side_is_over_650_lines() {
    let exempt: BTreeMap<&str, usize> = OVER.iter().copied().collect();
    let mut bad = Vec::new();
    for dir in ["src/tui", "src/replay", "src/present"] {
        for p in rust_files(dir) {
            let name = rel(&p);
            let lines = fs::read_to_string(&p).unwrap().lines().count();
            let limit = exempt.get(name.as_str()).copied().unwrap_or(MAX_LINES);
            if lines > limit {
                bad.push(format!("{name}: {lines} lines (at most {limit})"));
            }
        }
    }
    assert!(bad.is_empty(), "files too long:\n{}", bad.join("\n"));
}
