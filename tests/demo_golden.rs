//! `facilitator demo` is a fixed function of its seed: the journals (and
//! the snapshots, but for the time they were saved) of `demo --count 3
//! --seed 7` are kept in tests/fixtures/demo-3-seed-7 and must come out
//! byte for byte the same. (Recorded before the demo bank became a data
//! file; `FACILITATOR_BLESS=1` writes them anew, which only a deliberate
//! change of the demo data should need.)

use std::fs;
use std::path::{Path, PathBuf};

use facilitator::afterwards::demo;
use facilitator::stimulus::embedded;
use facilitator::store::SessionsDir;
use tempfile::TempDir;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-3-seed-7")
}

/// The session files written, by name, with a snapshot's `saved_at` cut out.
fn written(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "journal" || e == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let bytes = fs::read(&p).unwrap();
            let bytes = if name.ends_with(".json") {
                without_saved_at(&bytes).into_bytes()
            } else {
                bytes
            };
            (name, bytes)
        })
        .collect();
    out.sort();
    out
}

fn without_saved_at(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let Some(start) = text.find("\"saved_at\":") else {
        return text; // a golden: cut already
    };
    let end = start + text[start..].find(",\"events\"").unwrap();
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn demo_count_3_seed_7_is_byte_for_byte_the_recorded_one() {
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path());
    demo::run(&dir, &embedded(), 3, 7).unwrap();
    let now = written(tmp.path());
    assert_eq!(
        now.len(),
        6,
        "{:?}",
        now.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let golden = golden_dir();
    if std::env::var_os("FACILITATOR_BLESS").is_some() {
        fs::create_dir_all(&golden).unwrap();
        for (name, bytes) in &now {
            fs::write(golden.join(name), bytes).unwrap();
        }
    }
    let kept = written(&golden);
    assert_eq!(
        now.iter().map(|f| &f.0).collect::<Vec<_>>(),
        kept.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, a), (_, b)) in now.iter().zip(&kept) {
        assert!(a == b, "{name} differs from tests/fixtures/demo-3-seed-7");
    }
}
