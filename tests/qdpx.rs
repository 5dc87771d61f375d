//! REFI-QDA export (issue 17): `export --format qdpx` and `report --format
//! qdpx` against goldens (the zip unzipped: project.qde and sources/),
//! against the official Project.xsd with `xmllint --schema`, and read back
//! with an XML parser: every note's and quote's words at their positions
//! (Unicode code points), every reference pointing at something there.
//!
//! `FACILITATOR_BLESS=1` writes the goldens anew (only for a deliberate
//! change of the export).

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use facilitator::afterwards::{demo, export, report};
use facilitator::cli::{ExportFormat, ReportFormat};
use facilitator::domain::event::NoteKind;
use facilitator::stimulus::embedded;
use facilitator::store::SessionsDir;
use quick_xml::events::Event;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_facilitator");
const GROUP: &str = "demo-7-0001-ashford-kent";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The three demo groups of `demo --count 3 --seed 7` (the same journals
/// as tests/fixtures/demo-3-seed-7, see tests/demo_golden.rs) in a folder
/// of their own.
fn demo_folder() -> TempDir {
    let tmp = TempDir::new().unwrap();
    demo::run(&SessionsDir::new(tmp.path()), &embedded(), 3, 7).unwrap();
    tmp
}

fn export_qdpx(dir: &Path, session: &str, anonymise: bool, out: &Path) {
    let code = export::run(
        &SessionsDir::new(dir),
        &embedded(),
        session,
        export::Options {
            format: ExportFormat::Qdpx,
            output: Some(out),
            anonymise,
            keep_descriptors: false,
            force: true,
            recording_shift: None,
        },
    )
    .unwrap();
    assert_eq!(code, 0);
}

fn report_qdpx(dir: &Path, out: &Path) {
    let code = report::run(
        &SessionsDir::new(dir),
        &embedded(),
        ReportFormat::Qdpx,
        Some(out),
        true,
    )
    .unwrap();
    assert_eq!(code, 0);
}

/// The zip's entries, by name.
fn unzip(file: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(fs::File::open(file).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        if f.is_dir() {
            out.insert(f.name().unwrap().to_string(), Vec::new());
            continue;
        }
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.insert(f.name().unwrap().to_string(), bytes);
    }
    out
}

/// The unzipped project must be the golden one, file for file.
fn check_golden(files: &BTreeMap<String, Vec<u8>>, golden: &str) {
    let dir = fixtures().join("qdpx").join(golden);
    if std::env::var_os("FACILITATOR_BLESS").is_some() {
        let _ = fs::remove_dir_all(&dir);
        for (name, bytes) in files {
            if name.ends_with('/') {
                fs::create_dir_all(dir.join(name)).unwrap();
                continue;
            }
            let p = dir.join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
    }
    let mut want = BTreeMap::new();
    want.insert(
        "project.qde".to_string(),
        fs::read(dir.join("project.qde")).unwrap(),
    );
    want.insert("sources/".to_string(), Vec::new());
    for e in fs::read_dir(dir.join("sources")).unwrap() {
        let p = e.unwrap().path();
        let name = format!("sources/{}", p.file_name().unwrap().to_string_lossy());
        want.insert(name, fs::read(p).unwrap());
    }
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(files), names(&want), "the files of {golden}");
    for (name, bytes) in files {
        assert!(
            bytes == &want[name],
            "{golden}/{name} differs from the golden (FACILITATOR_BLESS=1 to accept):\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn a_demo_group_exports_as_the_golden_project() {
    let tmp = demo_folder();
    let out = tmp.path().join("group.qdpx");
    export_qdpx(tmp.path(), GROUP, false, &out);
    let files = unzip(&out);
    assert!(files.contains_key("project.qde"));
    assert!(
        files.contains_key("sources/"),
        "a lowercase sources/ folder"
    );
    check_golden(&files, "export-demo-7-0001");
}

#[test]
fn the_report_of_the_demo_folder_is_the_golden_project() {
    let tmp = demo_folder();
    let out = tmp.path().join("all.qdpx");
    report_qdpx(tmp.path(), &out);
    let files = unzip(&out);
    assert_eq!(
        files.keys().filter(|n| n.ends_with(".txt")).count(),
        3,
        "a text source per group"
    );
    check_golden(&files, "report-demo-3-seed-7");
}

// ---------------------------------------------------------------------------
// Validation against the official schema
// ---------------------------------------------------------------------------

fn xmllint() -> Option<&'static str> {
    let found = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var_os("CI").is_some() {
        panic!("xmllint is missing on CI: .ci/run installs libxml2-utils");
    }
    found.then_some("xmllint")
}

fn validate(qde: &[u8], tmp: &Path) {
    let Some(xmllint) = xmllint() else {
        eprintln!("xmllint not found (apt-get install libxml2-utils): schema check skipped");
        return;
    };
    let file = tmp.join("project.qde");
    fs::write(&file, qde).unwrap();
    let xsd = fixtures().join("refi-qda/Project.xsd");
    let out = Command::new(xmllint)
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "project.qde does not validate against Project.xsd:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn export_and_report_validate_against_the_official_project_xsd() {
    let tmp = demo_folder();
    for (anonymise, name) in [(false, "a.qdpx"), (true, "b.qdpx")] {
        let out = tmp.path().join(name);
        export_qdpx(tmp.path(), GROUP, anonymise, &out);
        validate(&unzip(&out)["project.qde"], tmp.path());
    }
    let out = tmp.path().join("all.qdpx");
    report_qdpx(tmp.path(), &out);
    validate(&unzip(&out)["project.qde"], tmp.path());
}

#[test]
fn the_schema_check_catches_a_broken_project() {
    // The check itself can fail: a selection without its end is refused.
    let Some(xmllint) = xmllint() else {
        eprintln!("xmllint not found: skipped");
        return;
    };
    let tmp = demo_folder();
    let out = tmp.path().join("a.qdpx");
    export_qdpx(tmp.path(), GROUP, false, &out);
    let qde = String::from_utf8(unzip(&out)["project.qde"].clone()).unwrap();
    let broken = qde.replacen(" endPosition=", " end=", 1);
    assert_ne!(broken, qde);
    let file = tmp.path().join("broken.qde");
    fs::write(&file, broken).unwrap();
    let status = Command::new(xmllint)
        .args(["--noout", "--schema"])
        .arg(fixtures().join("refi-qda/Project.xsd"))
        .arg(&file)
        .output()
        .unwrap()
        .status;
    assert!(!status.success());
}

// ---------------------------------------------------------------------------
// Read back with an XML parser
// ---------------------------------------------------------------------------

#[derive(Default, Debug)]
struct Parsed {
    codes: BTreeSet<String>,
    guids: Vec<String>,
    /// Selection guid → (source guid, name, start, end).
    text_selections: BTreeMap<String, (String, String, usize, usize)>,
    audio_selections: BTreeMap<String, (String, i64, i64)>,
    /// Source guid → its plainTextPath.
    text_paths: BTreeMap<String, String>,
    audio_paths: Vec<String>,
    /// Case name → selections referred to.
    cases: BTreeMap<String, Vec<String>>,
    code_refs: Vec<String>,
    namespace: String,
}

fn attrs(e: &quick_xml::events::BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .map(|a| {
            let a = a.unwrap();
            (
                a.key.as_ref().to_string(),
                a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .unwrap()
                    .into_owned(),
            )
        })
        .collect()
}

fn read_qde(qde: &[u8]) -> Parsed {
    let mut r = quick_xml::Reader::from_reader(qde);
    let mut buf = Vec::new();
    let mut out = Parsed::default();
    let mut source = String::new();
    let mut case = String::new();
    loop {
        let ev = r.read_event_into(&mut buf).unwrap();
        let (e, _empty) = match &ev {
            Event::Start(e) => (e.clone(), false),
            Event::Empty(e) => (e.clone(), true),
            Event::Eof => break,
            _ => {
                buf.clear();
                continue;
            }
        };
        let a = attrs(&e);
        if let Some(g) = a.get("guid") {
            out.guids.push(g.clone());
        }
        match e.name().as_ref() {
            "Project" => out.namespace = a["xmlns"].clone(),
            "Code" => {
                out.codes.insert(a["guid"].clone());
            }
            "TextSource" => {
                source = a["guid"].clone();
                out.text_paths
                    .insert(source.clone(), a["plainTextPath"].clone());
            }
            "AudioSource" => {
                source = a["guid"].clone();
                out.audio_paths
                    .push(a.get("path").cloned().unwrap_or_default());
            }
            "PlainTextSelection" => {
                out.text_selections.insert(
                    a["guid"].clone(),
                    (
                        source.clone(),
                        a["name"].clone(),
                        a["startPosition"].parse().unwrap(),
                        a["endPosition"].parse().unwrap(),
                    ),
                );
            }
            "AudioSelection" => {
                out.audio_selections.insert(
                    a["guid"].clone(),
                    (
                        a["name"].clone(),
                        a["begin"].parse().unwrap(),
                        a["end"].parse().unwrap(),
                    ),
                );
            }
            "Case" => {
                case = a["name"].clone();
                out.cases.insert(case.clone(), Vec::new());
            }
            "SelectionRef" => out
                .cases
                .get_mut(&case)
                .unwrap()
                .push(a["targetGUID"].clone()),
            "CodeRef" => out.code_refs.push(a["targetGUID"].clone()),
            _ => {}
        }
        buf.clear();
    }
    out
}

/// A code point slice.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Put words with accents, an emoji with a modifier and Bengali into the
/// group's first quote, so a byte count would put every later selection
/// in the wrong place.
fn with_wide_quote(dir: &Path) -> String {
    let journal = dir.join(format!("{GROUP}.journal"));
    let text = fs::read_to_string(&journal).unwrap();
    let mut done = None;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if done.is_none()
                && l.contains("\"type\":\"note_added\"")
                && l.contains("\"kind\":\"quote\"")
            {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                let words = format!("Naïve café 👍🏽 ডাক্তার — {}", v["text"].as_str().unwrap());
                v["text"] = serde_json::Value::String(words.clone());
                done = Some(words);
                serde_json::to_string(&v).unwrap()
            } else {
                l.to_string()
            }
        })
        .collect();
    fs::write(&journal, lines.join("\n") + "\n").unwrap();
    // The snapshot would be read instead of the journal: drop it.
    let _ = fs::remove_file(dir.join(format!("{GROUP}.json")));
    done.unwrap()
}

#[test]
fn every_note_and_quote_is_found_at_its_code_point_positions() {
    let tmp = demo_folder();
    let wide = with_wide_quote(tmp.path());
    let out = tmp.path().join("group.qdpx");
    export_qdpx(tmp.path(), GROUP, false, &out);
    let files = unzip(&out);
    let read = read_qde(&files["project.qde"]);
    assert_eq!(read.namespace, "urn:QDA-XML:project:1.0");

    // The session as the app reads it.
    let dir = SessionsDir::new(tmp.path());
    let loaded = dir.load(GROUP).unwrap();
    let session = facilitator::domain::session::Session::from_events(&embedded(), loaded.events);
    let notes: Vec<_> = session
        .state()
        .notes
        .iter()
        .filter(|n| !n.deleted)
        .collect();
    assert!(notes.iter().any(|n| n.text == wide), "the wide quote is in");
    assert!(notes.iter().any(|n| n.kind == NoteKind::Quote));

    let (source, path) = read.text_paths.iter().next().unwrap();
    let file = path.strip_prefix("internal://").unwrap();
    let text = String::from_utf8(files[&format!("sources/{file}")].clone()).unwrap();
    assert_eq!(
        read.text_selections.len(),
        notes.len(),
        "a selection per note"
    );
    for n in &notes {
        let kind = if n.kind == NoteKind::Quote {
            "Quote"
        } else {
            "Note"
        };
        let name = format!("{kind} {}", n.id);
        let (src, _, start, end) = read
            .text_selections
            .values()
            .find(|(_, nm, _, _)| *nm == name)
            .unwrap_or_else(|| panic!("no selection for {name}"));
        assert_eq!(src, source);
        assert_eq!(chars(&text, *start, *end), n.text.trim(), "{name}");
    }

    // Every quote on tape has its audio selection; each speaker's case
    // refers to the quote's selections.
    assert_eq!(
        read.audio_paths,
        ["relative://demo-7-0001-ashford-kent-1.wav"]
    );
    assert!(!read.audio_selections.is_empty());
    for (name, begin, end) in read.audio_selections.values() {
        assert!(begin < end, "{name}: {begin}..{end}");
    }
    let labels: BTreeMap<u32, &str> = session
        .state()
        .participants
        .values()
        .map(|p| (p.id, p.label.as_str()))
        .collect();
    for n in notes.iter().filter(|n| n.kind == NoteKind::Quote) {
        let Some(p) = n.participant else { continue };
        let refs = &read.cases[labels[&p]];
        let name = format!("Quote {}", n.id);
        let sel = read
            .text_selections
            .iter()
            .find(|(_, v)| v.1 == name)
            .map(|(g, _)| g)
            .unwrap();
        assert!(refs.contains(sel), "{name} from the case of {}", labels[&p]);
    }
    // Every reference points at something in the project; no GUID twice.
    for r in &read.code_refs {
        assert!(read.codes.contains(r), "CodeRef {r}");
    }
    for refs in read.cases.values() {
        for r in refs {
            assert!(
                read.text_selections.contains_key(r) || read.audio_selections.contains_key(r),
                "SelectionRef {r}"
            );
        }
    }
    let unique: BTreeSet<&String> = read.guids.iter().collect();
    assert_eq!(unique.len(), read.guids.len(), "GUIDs are unique");
    validate(&files["project.qde"], tmp.path());
}

#[test]
fn exporting_again_gives_the_same_codes_and_the_same_bytes() {
    let tmp = demo_folder();
    let (a, b, all) = (
        tmp.path().join("a.qdpx"),
        tmp.path().join("b.qdpx"),
        tmp.path().join("all.qdpx"),
    );
    export_qdpx(tmp.path(), GROUP, false, &a);
    export_qdpx(tmp.path(), GROUP, false, &b);
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
    report_qdpx(tmp.path(), &all);
    let one = read_qde(&unzip(&a)["project.qde"]);
    let every = read_qde(&unzip(&all)["project.qde"]);
    assert_eq!(one.codes, every.codes, "one codebook, the same GUIDs");
    assert!(one.codes.len() > 20);
}

#[test]
fn anonymised_cases_are_p1_and_no_label_is_in_the_text() {
    let tmp = demo_folder();
    let out = tmp.path().join("anon.qdpx");
    export_qdpx(tmp.path(), GROUP, true, &out);
    let files = unzip(&out);
    let read = read_qde(&files["project.qde"]);
    assert!(
        read.cases.keys().all(|n| n.starts_with('P')),
        "{:?}",
        read.cases.keys()
    );
    assert!(read.cases.contains_key("P1"));
    let all: String = files
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    for label in ["Vicky", "Priya", "A. Moderator"] {
        assert!(!all.contains(label), "{label} is out");
    }
}

#[test]
fn qdpx_needs_a_file_to_write() {
    let tmp = demo_folder();
    let out = Command::new(BIN)
        .arg("--sessions")
        .arg(tmp.path())
        .args(["export", GROUP, "--format", "qdpx"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o FILE.qdpx"));
    let file = tmp.path().join("x.qdpx");
    let out = Command::new(BIN)
        .arg("--sessions")
        .arg(tmp.path())
        .args(["report", "--format", "qdpx", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(&fs::read(&file).unwrap()[..2], b"PK");
}

#[test]
fn a_recording_shift_moves_every_audio_selection() {
    let tmp = demo_folder();
    let (plain, shifted) = (tmp.path().join("a.qdpx"), tmp.path().join("b.qdpx"));
    export_qdpx(tmp.path(), GROUP, false, &plain);
    let code = export::run(
        &SessionsDir::new(tmp.path()),
        &embedded(),
        GROUP,
        export::Options {
            format: ExportFormat::Qdpx,
            output: Some(&shifted),
            anonymise: false,
            keep_descriptors: false,
            force: true,
            recording_shift: Some(10),
        },
    )
    .unwrap();
    assert_eq!(code, 0);
    let a = read_qde(&unzip(&plain)["project.qde"]).audio_selections;
    let b = read_qde(&unzip(&shifted)["project.qde"]).audio_selections;
    assert_eq!(a.len(), b.len());
    assert!(!a.is_empty());
    for (guid, (name, begin, _)) in &a {
        // The recorder started 10 s after the key press: 10 s less into it.
        assert_eq!(b[guid].1, (begin - 10_000).max(0), "{name}");
    }
}

#[test]
fn a_group_with_nothing_recorded_yet_still_validates() {
    // Only the first event: no participant (so no Cases, which the schema
    // would refuse empty), no note, no recording.
    let tmp = demo_folder();
    let journal = tmp.path().join(format!("{GROUP}.journal"));
    let first = fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    fs::write(&journal, first + "\n").unwrap();
    let _ = fs::remove_file(tmp.path().join(format!("{GROUP}.json")));
    let out = tmp.path().join("empty.qdpx");
    export_qdpx(tmp.path(), GROUP, false, &out);
    let files = unzip(&out);
    let read = read_qde(&files["project.qde"]);
    assert!(read.cases.is_empty());
    assert!(read.text_selections.is_empty());
    assert_eq!(read.text_paths.len(), 1);
    validate(&files["project.qde"], tmp.path());
}

/// Every code's name, in the order written.
fn code_names(qde: &[u8]) -> Vec<String> {
    let mut r = quick_xml::Reader::from_reader(qde);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match r.read_event_into(&mut buf).unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "Code" => {
                out.push(attrs(&e)["name"].clone());
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

#[test]
fn the_climate_codebook_has_a_code_per_pick_of_the_pack() {
    let pack = common::climate::pack();
    let (tmp, dir) = common::climate::folder(&pack);
    let out = tmp.path().join("c1.qdpx");
    let code = export::run(
        &dir,
        &pack,
        "c1",
        export::Options {
            format: ExportFormat::Qdpx,
            output: Some(&out),
            anonymise: false,
            keep_descriptors: false,
            force: true,
            recording_shift: None,
        },
    )
    .unwrap();
    assert_eq!(code, 0);
    let qde = &unzip(&out)["project.qde"];
    let names = code_names(qde);
    let picks: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .skip_while(|n| *n != "Picks")
        .skip(1)
        .take_while(|n| *n != "Key verbatim")
        .collect();
    assert_eq!(picks, ["Most dots", "Moderator's choice"]);
    // The quote in the discussion of option 1 is coded with its pick, and
    // every code referred to is in the codebook.
    let parsed = read_qde(qde);
    assert!(!parsed.code_refs.is_empty());
    for r in &parsed.code_refs {
        assert!(parsed.codes.contains(r), "code {r} is not in the codebook");
    }
    let text = String::from_utf8_lossy(qde);
    assert!(
        text.contains("Said while discussing the group&apos;s most dots option.")
            || text.contains("Said while discussing the group's most dots option."),
        "{text}"
    );
    validate(qde, tmp.path());
}
