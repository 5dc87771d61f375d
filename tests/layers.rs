//! The layers of `src/`, checked: every `crate::…` and `super::…` path in
//! every file (in `use` groups over several lines too) is resolved to the
//! top-level module it names, and a module may only name those below it in
//! [`LAYERS`]. And no file is longer than [`MAX_LINES`], but for the
//! exemptions listed with their reason.
//!
//! A plain text scan (comments, strings and character literals blanked
//! first, so a path in a doc comment or a message does not count); inline
//! `mod name { … }` blocks are followed so that `super::` resolves as the
//! compiler resolves it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of the crate and the ones it may name. The module
/// map in src/lib.rs says the same in words.
const LAYERS: &[(&str, &[&str])] = &[
    // Leaves: no other module of the crate.
    ("wallclock", &[]),
    ("cli", &[]),
    ("stimulus", &[]),
    // Terminal-safe printing of the command line's output (comes with
    // the `term` branch; listed so its merge needs no change here).
    ("safe_out", &[]),
    // The method, pure: events, state, rules. No disk, no terminal.
    ("domain", &["stimulus"]),
    // The sessions folder.
    ("store", &["domain", "stimulus", "wallclock"]),
    // Export, report, demo: read the folder, never the terminal.
    (
        "afterwards",
        &[
            "domain",
            "stimulus",
            "store",
            "wallclock",
            "cli",
            "safe_out",
        ],
    ),
    // The terminal shell (its inner layers are the tui's own business).
    (
        "tui",
        &["domain", "stimulus", "store", "wallclock", "safe_out"],
    ),
    (
        "replay",
        &[
            "tui",
            "domain",
            "stimulus",
            "store",
            "wallclock",
            "safe_out",
        ],
    ),
    (
        "present",
        &[
            "tui",
            "domain",
            "stimulus",
            "store",
            "wallclock",
            "safe_out",
        ],
    ),
    // The non-interactive commands.
    (
        "commands",
        &[
            "domain",
            "stimulus",
            "store",
            "wallclock",
            "cli",
            "safe_out",
        ],
    ),
    // The crate root wires everything together.
    (
        "lib",
        &[
            "wallclock",
            "cli",
            "stimulus",
            "domain",
            "store",
            "afterwards",
            "tui",
            "replay",
            "present",
            "commands",
            "safe_out",
        ],
    ),
];

/// The longest a source file may be.
const MAX_LINES: usize = 650;

/// Files (or folders, ending in `/`) allowed over [`MAX_LINES`], and why.
/// (Test code, a file named `tests.rs`, is never held to it.)
const LONG_ALLOWED: &[(&str, &str)] = &[
    (
        "src/tui/",
        "the shell is being redesigned (issue 14, keys/widgets)",
    ),
    (
        "src/replay/",
        "draws with the tui; shrinks with the tui widgets",
    ),
    (
        "src/present/",
        "draws with the tui; shrinks with the tui widgets",
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `src/…` with forward slashes.
fn shown(path: &Path) -> String {
    let rel = path.strip_prefix(src().parent().unwrap()).unwrap();
    rel.to_string_lossy().replace('\\', "/")
}

/// The module path of a file: `src/domain/event/decode.rs` →
/// `[domain, event, decode]`; `src/store/mod.rs` → `[store]`; the crate
/// root → `[]`. `None` for the binary's `main.rs`.
fn module_of(path: &Path) -> Option<Vec<String>> {
    let rel = path.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    let stem = last.trim_end_matches(".rs");
    match (parts.is_empty(), stem) {
        (true, "main") => return None,
        (true, "lib") => {}
        (_, "mod") => {}
        _ => parts.push(stem.to_string()),
    }
    Some(parts)
}

/// The text with comments, string literals and character literals blanked
/// (newlines kept, so lines still count).
fn blank(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let keep_lines = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    keep_lines(&mut out, b[i]);
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !b[..i]
                .last()
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|h| b.get(j + 1 + h) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &ch in &b[i..j.min(b.len())] {
                keep_lines(&mut out, ch);
            }
            i = j;
        } else if c == '"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != '"' {
                if b[j] == '\\' {
                    j += 1;
                }
                j += 1;
            }
            for &ch in &b[i..(j + 1).min(b.len())] {
                keep_lines(&mut out, ch);
            }
            i = j + 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}'), or a lifetime.
            let end = if next == Some('\\') {
                b[i + 2..]
                    .iter()
                    .position(|&x| x == '\'')
                    .map(|p| i + 2 + p)
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(e) => {
                    for _ in i..=e {
                        out.push(' ');
                    }
                    i = e + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Path, // ::
    Open,
    Close,
    Comma,
    Semi,
    Star,
    Other(char),
}

/// Tokens with their line (1-based).
fn tokens(text: &str) -> Vec<(Tok, usize)> {
    let b: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_' || b[i] == '$') {
                i += 1;
            }
            out.push((Tok::Ident(b[start..i].iter().collect()), line));
        } else if c == ':' && b.get(i + 1) == Some(&':') {
            out.push((Tok::Path, line));
            i += 2;
        } else {
            out.push((
                match c {
                    '{' => Tok::Open,
                    '}' => Tok::Close,
                    ',' => Tok::Comma,
                    ';' => Tok::Semi,
                    '*' => Tok::Star,
                    _ => Tok::Other(c),
                },
                line,
            ));
            i += 1;
        }
    }
    out
}

fn ident(t: &Tok) -> Option<&str> {
    match t {
        Tok::Ident(s) => Some(s),
        _ => None,
    }
}

/// The paths of a `use` tree starting at `toks[*i]`, each as its segments
/// with the line of its first one; stops at the `;` or at a `,`/`}` that
/// closes the group this tree is in.
fn use_tree(
    toks: &[(Tok, usize)],
    i: &mut usize,
    prefix: &[String],
    out: &mut Vec<(Vec<String>, usize)>,
) {
    let mut path = prefix.to_vec();
    let mut line = toks.get(*i).map_or(0, |t| t.1);
    while *i < toks.len() {
        match &toks[*i].0 {
            Tok::Ident(s) if s == "as" => {
                *i += 2; // the new name
            }
            Tok::Ident(s) => {
                if path.len() == prefix.len() {
                    line = toks[*i].1;
                }
                path.push(s.clone());
                *i += 1;
            }
            Tok::Path => *i += 1,
            Tok::Star => *i += 1,
            Tok::Open => {
                *i += 1;
                loop {
                    if matches!(toks.get(*i).map(|t| &t.0), Some(Tok::Close)) {
                        *i += 1;
                        break;
                    }
                    use_tree(toks, i, &path, out);
                    match toks.get(*i).map(|t| &t.0) {
                        Some(Tok::Comma) => *i += 1,
                        Some(Tok::Close) => {
                            *i += 1;
                            break;
                        }
                        _ => break,
                    }
                }
                return;
            }
            _ => break,
        }
    }
    if path.len() > prefix.len() {
        out.push((path, line));
    }
}

/// Every path in a file that starts with `crate` or `super` (or `self`,
/// in a `use` group), with the module it is written in and its line.
fn paths_of(text: &str, file_module: &[String]) -> Vec<(Vec<String>, Vec<String>, usize)> {
    let toks = tokens(&blank(text));
    let mut found = Vec::new();
    // Inline modules: (name, brace depth inside it).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut pending_mod: Option<String> = None;
    let here = |inline: &[(String, usize)]| {
        let mut m = file_module.to_vec();
        m.extend(inline.iter().map(|(n, _)| n.clone()));
        m
    };
    let mut i = 0;
    while i < toks.len() {
        let (t, line) = (&toks[i].0, toks[i].1);
        match t {
            Tok::Open => {
                depth += 1;
                if let Some(name) = pending_mod.take() {
                    inline.push((name, depth));
                }
                i += 1;
            }
            Tok::Close => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            Tok::Semi => {
                pending_mod = None;
                i += 1;
            }
            Tok::Ident(s) if s == "mod" => {
                pending_mod = toks.get(i + 1).and_then(|t| ident(&t.0)).map(String::from);
                i += 2;
            }
            Tok::Ident(s) if s == "use" => {
                i += 1;
                let mut trees = Vec::new();
                use_tree(&toks, &mut i, &[], &mut trees);
                for (p, l) in trees {
                    found.push((here(&inline), p, l));
                }
            }
            Tok::Ident(s) if s == "crate" || s == "super" => {
                // `pub(crate)`, `pub(super)`: no path.
                if toks.get(i + 1).map(|t| &t.0) != Some(&Tok::Path) {
                    i += 1;
                    continue;
                }
                let mut p = Vec::new();
                while let Some(seg) = toks.get(i).and_then(|t| ident(&t.0)) {
                    p.push(seg.to_string());
                    i += 1;
                    if toks.get(i).map(|t| &t.0) == Some(&Tok::Path) {
                        i += 1;
                    } else {
                        break;
                    }
                }
                found.push((here(&inline), p, line));
            }
            _ => i += 1,
        }
    }
    found
}

/// The top-level module a path from module `at` names, if it names one of
/// this crate's.
fn target(at: &[String], path: &[String]) -> Option<String> {
    let mut segs = path.iter();
    let first = segs.next()?;
    let mut base: Vec<String> = match first.as_str() {
        "crate" => Vec::new(),
        "self" => at.to_vec(),
        "super" => {
            let mut b = at.to_vec();
            b.pop();
            b
        }
        _ => return None,
    };
    let mut rest = segs.peekable();
    while rest.peek().is_some_and(|s| *s == "super") {
        rest.next();
        base.pop();
    }
    match base.first() {
        Some(top) => Some(top.clone()),
        None => rest.next().cloned().filter(|s| s != "self" && s != "*"),
    }
}

fn allowed() -> BTreeMap<&'static str, &'static [&'static str]> {
    LAYERS.iter().copied().collect()
}

#[test]
fn every_module_names_only_the_layers_below_it() {
    let layers = allowed();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = module_of(file) else {
            continue;
        };
        let from = module.first().map_or("lib", String::as_str).to_string();
        let Some(may) = layers.get(from.as_str()) else {
            wrong.push(format!("{}: module `{from}` is not in LAYERS", shown(file)));
            continue;
        };
        let text = fs::read_to_string(file).unwrap();
        for (at, path, line) in paths_of(&text, &module) {
            let Some(to) = target(&at, &path) else {
                continue;
            };
            if to == from || !layers.contains_key(to.as_str()) {
                continue;
            }
            if !may.contains(&to.as_str()) {
                wrong.push(format!(
                    "{}:{line}: `{from}` names `{to}` ({})",
                    shown(file),
                    path.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "wrong-way dependencies (see LAYERS in tests/layers.rs):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_source_file_is_longer_than_the_limit() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut long = Vec::new();
    for file in &files {
        let name = shown(file);
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        if LONG_ALLOWED.iter().any(|(p, _)| {
            if p.ends_with('/') {
                name.starts_with(p)
            } else {
                name == *p
            }
        }) {
            continue;
        }
        let lines = fs::read_to_string(file).unwrap().lines().count();
        if lines > MAX_LINES {
            long.push(format!("{name}: {lines} lines"));
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines (split them by meaning):\n{}",
        long.join("\n")
    );
}

/// The scanner itself: groups over lines, `super::` from a nested file and
/// from an inline module, and what must not count.
#[test]
fn the_scan_finds_paths_as_the_compiler_resolves_them() {
    let text = r#"
use crate::{
    domain::x,
    store::{self, Y as Z},
};
use super::super::tui::T;
// crate::replay::nothing
const S: &str = "crate::present::nothing";
pub(crate) fn f() { let c = '{'; crate::afterwards::g(); }
mod tests {
    use super::*;
    use super::super::sib;
}
"#;
    let module: Vec<String> = ["domain", "event", "decode"].map(String::from).to_vec();
    let got: Vec<(Option<String>, usize)> = paths_of(text, &module)
        .iter()
        .map(|(at, p, l)| (target(at, p), *l))
        .collect();
    let want = vec![
        (Some("domain".into()), 3),
        (Some("store".into()), 4),
        (Some("store".into()), 4),
        (Some("domain".into()), 6),
        (Some("afterwards".into()), 9),
        (Some("domain".into()), 11),
        (Some("domain".into()), 12),
    ];
    assert_eq!(got, want);
    // From the crate root's child, two supers leave the crate's modules.
    let top: Vec<String> = vec!["store".into()];
    assert_eq!(
        target(&top, &["super".into(), "tui".into(), "X".into()]),
        Some("tui".into())
    );
}
