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

/// The module of `crate::tui` a file is: `src/tui/mod.rs` is `mod`,
/// `src/tui/screens/mod.rs` is `screens`, `src/tui/screens/guide.rs` is
/// `screens::guide`.
fn tui_module_of(p: &Path) -> String {
    let name = rel(p);
    let inner = name
        .strip_prefix("src/tui/")
        .unwrap_or(&name)
        .trim_end_matches(".rs");
    let inner = inner.strip_suffix("/mod").unwrap_or(inner);
    if inner == "mod" {
        "mod".into()
    } else {
        inner.replace('/', "::")
    }
}

/// The code of a file without its comments and its `#[cfg(test)]` tail
/// (there `super::` is the file itself).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths that follow `rest` (just after `crate::tui::` or `super::`):
/// `a::b::{c, d::{self, e}}` gives `a::b::c`, `a::b::d`, `a::b::d::e`.
fn paths_after(rest: &str) -> Vec<Vec<String>> {
    fn parse(s: &str, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
        // Returns how many bytes of `s` it read.
        let b = s.as_bytes();
        let skip = |mut i: usize| {
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            i
        };
        let mut path = prefix.to_vec();
        let mut i = 0;
        loop {
            if b.get(i) == Some(&b'{') {
                i += 1;
                loop {
                    i = skip(i);
                    if b.get(i) == Some(&b'}') {
                        return i + 1;
                    }
                    i += parse(&s[i..], &path, out);
                    i = skip(i);
                    match b.get(i) {
                        Some(b',') => i += 1,
                        Some(b'}') => return i + 1,
                        _ => return i,
                    }
                }
            }
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let seg = &s[start..i];
            if !seg.is_empty() && seg != "self" {
                path.push(seg.to_string());
            }
            if s[i..].starts_with("::") {
                i += 2;
            } else {
                out.push(path);
                return i;
            }
        }
    }
    let mut out = Vec::new();
    parse(rest, &[], &mut out);
    out
}

/// The `crate::tui` module edges: (from, to), each module named as in
/// [`tui_module_of`]; `super::` is resolved; a path names the longest
/// module it starts with (`screens::guide::wrap` is `screens::guide`,
/// `run` is `mod`). A folder's own facade (`screens` naming
/// `screens::guide`, `pub use act::on_key` in `overlays`) is not an edge:
/// it is where the child is declared.
fn tui_edges() -> Vec<(String, String)> {
    let files = rust_files("src/tui");
    let modules: Vec<String> = files.iter().map(|p| tui_module_of(p)).collect();
    let known = |path: &[String]| -> String {
        for n in (1..=path.len()).rev() {
            let m = path[..n].join("::");
            if modules.contains(&m) && m != "mod" {
                return m;
            }
        }
        "mod".into()
    };
    let mut edges = Vec::new();
    for (p, from) in files.iter().zip(&modules) {
        let code = code_of(&fs::read_to_string(p).unwrap());
        // This module's path, and where `super::` starts from.
        let own: Vec<String> = if from == "mod" {
            Vec::new()
        } else {
            from.split("::").map(String::from).collect()
        };
        let mut found = Vec::new();
        let mut rest = code.as_str();
        while let Some(i) = rest.find("crate::tui::") {
            rest = &rest[i + "crate::tui::".len()..];
            found.extend(paths_after(rest));
        }
        let mut rest = code.as_str();
        while let Some(i) = rest.find("super::") {
            // Only a path's start, not `crate::tui::x::super` (not Rust).
            let before = &rest[..i];
            rest = &rest[i..];
            let mut base = own.clone();
            base.pop();
            while let Some(r) = rest.strip_prefix("super::") {
                rest = r;
                if before.ends_with("super::") {
                    break;
                }
            }
            for tail in paths_after(rest) {
                let mut path = base.clone();
                path.extend(tail);
                found.push(path);
            }
        }
        for path in found {
            let to = known(&path);
            let facade = to.starts_with(&format!("{from}::")) || (from == "mod");
            if to != *from && !facade {
                edges.push((from.clone(), to));
            }
        }
    }
    edges.sort();
    edges.dedup();
    edges
}

/// The cycles of a graph: each strongly connected component of more than
/// one module (Tarjan's algorithm), its members sorted.
fn cycles(edges: &[(String, String)]) -> Vec<Vec<String>> {
    let mut nodes: Vec<&str> = edges
        .iter()
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    nodes.sort();
    nodes.dedup();
    let at = |n: &str| nodes.iter().position(|x| *x == n).unwrap();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (a, b) in edges {
        next[at(a)].push(at(b));
    }
    struct T {
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        count: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(v: usize, next: &[Vec<usize>], t: &mut T) {
        t.index[v] = Some(t.count);
        t.low[v] = t.count;
        t.count += 1;
        t.stack.push(v);
        t.on[v] = true;
        for &w in &next[v] {
            match t.index[w] {
                None => {
                    visit(w, next, t);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(iw) if t.on[w] => t.low[v] = t.low[v].min(iw),
                _ => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on[w] = false;
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                t.out.push(scc);
            }
        }
    }
    let n = nodes.len();
    let mut t = T {
        index: vec![None; n],
        low: vec![0; n],
        on: vec![false; n],
        stack: Vec::new(),
        count: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(v, &next, &mut t);
        }
    }
    let mut all: Vec<Vec<String>> = t
        .out
        .into_iter()
        .map(|scc| {
            let mut names: Vec<String> = scc.into_iter().map(|i| nodes[i].to_string()).collect();
            names.sort();
            names
        })
        .collect();
    all.sort();
    all
}

/// The app's glue: it may use every module of `crate::tui`, and only the
/// glue (and `crate::tui` itself, the library, replay, present) uses it.
const GLUE: &[&str] = &["app", "outcome", "view", "mod"];

#[test]
fn no_import_cycle_inside_the_terminal_side() {
    let edges = tui_edges();
    let mut bad: Vec<String> = cycles(&edges)
        .into_iter()
        .map(|c| {
            let inner: Vec<String> = edges
                .iter()
                .filter(|(a, b)| c.contains(a) && c.contains(b))
                .map(|(a, b)| format!("{a} -> {b}"))
                .collect();
            format!("cycle {{{}}}: {}", c.join(", "), inner.join("; "))
        })
        .collect();
    for (a, b) in &edges {
        if GLUE.contains(&b.as_str()) && !GLUE.contains(&a.as_str()) {
            bad.push(format!("{a} uses the app's glue {b}"));
        }
    }
    assert!(
        bad.is_empty(),
        "module cycles in src/tui:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_module_graph_reader_resolves_super_and_groups_and_finds_cycles() {
    assert_eq!(
        paths_after("{text, screens::guide::{self, wrap}, theme};"),
        [
            vec!["text"],
            vec!["screens", "guide"],
            vec!["screens", "guide", "wrap"],
            vec!["theme"]
        ]
    );
    assert_eq!(paths_after("state::Outcome;"), [vec!["state", "Outcome"]]);
    let e = |a: &str, b: &str| (a.to_string(), b.to_string());
    let found = cycles(&[e("a", "b"), e("b", "c"), e("c", "a"), e("c", "d")]);
    assert_eq!(found, [vec!["a", "b", "c"]]);
    assert!(cycles(&[e("a", "b"), e("b", "c"), e("a", "c")]).is_empty());
    // The real graph: the screens use the data, not the other way round.
    let edges = tui_edges();
    assert!(edges.contains(&e("screens::guide", "state")), "{edges:?}");
    assert!(edges.contains(&e("outcome", "app")), "{edges:?}");
    for (a, b) in &edges {
        assert!(
            a != "state"
                || !["screens", "overlays", "editor", "paste"]
                    .iter()
                    .any(|m| b.starts_with(m)),
            "the data module uses {b}"
        );
    }
}
