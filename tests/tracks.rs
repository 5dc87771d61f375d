//! `export --format audacity` and `--format vtt`: a label track / WebVTT
//! file per recording, through the binary, against goldens in
//! tests/fixtures/tracks (a group with two recordings, a note typed
//! between them, `--recording-shift`, `--anonymise`). `FACILITATOR_BLESS=1`
//! writes the goldens anew (only for a deliberate change).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Duration, TimeZone, Utc};
use facilitator::domain::event::{Event, NoteKind, NotePlace};
use facilitator::domain::profile::{GroupProfile, Participant};
use facilitator::domain::session::Session;
use facilitator::stimulus::embedded;
use facilitator::store::SessionsDir;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_facilitator");
const ID: &str = "2010-02-03-ashford-kent";

/// 2010-02-03 at h:m:s and ms.
fn at(h: u32, m: u32, s: u32, ms: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2010, 2, 3, h, m, s).single().unwrap() + Duration::milliseconds(ms)
}

struct Fx {
    s: Session,
    next: u32,
}

impl Fx {
    fn ev(&mut self, t: DateTime<Utc>, e: Event) {
        if let Err(r) = self.s.record(&embedded(), e.clone(), t) {
            panic!("{e:?} was refused: {r}");
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn note(
        &mut self,
        begun: DateTime<Utc>,
        added: DateTime<Utc>,
        kind: NoteKind,
        step: &str,
        text: &str,
        who: Option<u32>,
        codes: &[&str],
    ) -> u32 {
        let id = self.next;
        self.next += 1;
        self.ev(
            added,
            Event::NoteAdded {
                id,
                kind,
                place: NotePlace {
                    step: step.into(),
                    section: None,
                    idea: None,
                },
                text: text.into(),
                participant: who,
                codes: codes.iter().map(|c| c.to_string()).collect(),
                begun: Some(begun),
            },
        );
        id
    }
}

fn person(id: u32, label: &str, gender: &str, ethnicity: Option<&str>) -> Participant {
    Participant {
        id,
        label: label.into(),
        gender: gender.into(),
        age_band: "40-64".into(),
        ethnicity: ethnicity.map(str::to_string),
        social_grade: "C2".into(),
        ..Default::default()
    }
}

/// Two recordings (the second without a file name), a note on each side of
/// the gap and one in it, a quote that runs past the first recording's end,
/// a starred quote, a coded note with markup in it.
fn group() -> Session {
    let pack = embedded();
    let profile = GroupProfile {
        location: "Ashford, Kent".into(),
        moderator: "J. Smith".into(),
        ..Default::default()
    };
    let first = Session::created_event(ID, "full", &pack, profile, at(18, 0, 0, 0));
    let mut f = Fx {
        s: Session::from_events(&pack, vec![first]),
        next: 1,
    };
    for p in [
        person(1, "Sue", "Female", None),
        person(2, "Dave", "Male", None),
        person(3, "Marcia", "Female", Some("Afro-Caribbean")),
    ] {
        f.ev(at(18, 1, 0, 0), Event::ParticipantAdded { participant: p });
    }
    f.ev(at(18, 2, 0, 0), Event::Started);
    f.ev(
        at(18, 2, 0, 0),
        Event::StepEntered {
            step: "arrival".into(),
        },
    );
    for p in 1..=3 {
        f.ev(
            at(18, 2, 10, 0),
            Event::ConsentGiven {
                participant: p,
                consent: true,
            },
        );
    }
    f.ev(
        at(18, 3, 0, 0),
        Event::RecordingStarted {
            name: Some("ashford-1.wav".into()),
        },
    );
    f.note(
        at(18, 4, 5, 500),
        at(18, 4, 10, 250),
        NoteKind::Note,
        "arrival",
        "Sue & Dave <arrive> late -->\n\n(bus)\tagain",
        None,
        &["support"],
    );
    let q = f.note(
        at(18, 6, 0, 0),
        at(18, 6, 20, 0),
        NoteKind::Quote,
        "arrival",
        "Sue said the GP was \"brilliant\".",
        Some(1),
        &[],
    );
    f.ev(
        at(18, 6, 30, 0),
        Event::NoteStarred {
            id: q,
            starred: true,
        },
    );
    f.ev(at(18, 8, 0, 0), Event::RecordingStopped);
    // Typing began on the tape; it was added after the recorder stopped.
    f.note(
        at(18, 7, 50, 0),
        at(18, 8, 10, 0),
        NoteKind::Quote,
        "arrival",
        "It's the waiting that gets you.",
        Some(3),
        &[],
    );
    f.note(
        at(18, 9, 0, 0),
        at(18, 9, 5, 0),
        NoteKind::Note,
        "arrival",
        "Between the recordings: not on any tape.",
        Some(2),
        &[],
    );
    f.ev(at(18, 10, 0, 0), Event::RecordingStarted { name: None });
    f.note(
        at(19, 12, 3, 7),
        at(19, 12, 9, 0),
        NoteKind::Quote,
        "arrival",
        "Dave: \"Nobody asked us.\"",
        Some(2),
        &[],
    );
    f.ev(at(19, 20, 0, 0), Event::RecordingStopped);
    f.s
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tracks")
}

/// The files of `dir`, by name.
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A sessions folder holding the group.
fn saved() -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let sessions = tmp.path().join("sessions");
    let dir = SessionsDir::new(&sessions);
    let s = group();
    dir.create(ID, s.events()).unwrap().close().unwrap();
    (tmp, sessions)
}

/// `export --format F -o DIR/ [extra]` against the golden folder `name`.
fn check(format: &str, extra: &[&str], name: &str) {
    let (tmp, sessions) = saved();
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let mut args = vec![
        "--sessions",
        sessions.to_str().unwrap(),
        "export",
        ID,
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("1 note(s) were typed while no recording ran"),
        "{err}"
    );
    let got = files(&out);
    let golden = golden_dir().join(name);
    if std::env::var_os("FACILITATOR_BLESS").is_some() {
        let _ = fs::remove_dir_all(&golden);
        fs::create_dir_all(&golden).unwrap();
        for (n, text) in &got {
            fs::write(golden.join(n), text).unwrap();
        }
    }
    assert_eq!(got, files(&golden), "{name}: FACILITATOR_BLESS=1 to accept");
}

#[test]
fn audacity_tracks_with_a_shift_match_the_golden() {
    check("audacity", &["--recording-shift", "-2"], "audacity-shift-2");
}

#[test]
fn vtt_tracks_with_a_shift_match_the_golden() {
    check("vtt", &["--recording-shift", "90"], "vtt-shift-90");
}

#[test]
fn anonymised_tracks_name_nobody() {
    check("audacity", &["--anonymise"], "audacity-anonymised");
    check("vtt", &["--anonymise"], "vtt-anonymised");
    for dir in ["audacity-anonymised", "vtt-anonymised"] {
        for (_, text) in files(&golden_dir().join(dir)) {
            for name in ["Sue", "Dave", "Marcia"] {
                assert!(!text.contains(name), "{dir}: {name} in {text}");
            }
        }
    }
}

/// What the goldens say, checked by reading them: an Audacity line is
/// start, end and label separated by tabs, seconds with six decimals; the
/// shift moves every time by the same amount; the gap's note is nowhere.
#[test]
fn the_tracks_say_where_each_note_is() {
    let aud = files(&golden_dir().join("audacity-shift-2"));
    let names: Vec<&str> = aud.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["ashford-1.txt", "recording-2.txt"]);
    let lines: Vec<Vec<&str>> = aud[0].1.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 3);
    for l in &lines {
        assert_eq!(l.len(), 3, "{l:?}");
        for t in &l[..2] {
            let (_, frac) = t.split_once('.').unwrap();
            assert_eq!(frac.len(), 6, "{t}");
        }
    }
    // Typing began 65.5 s after the key press; the recorder started 2 s
    // earlier than the press said (-2), so 67.5 s into the tape.
    assert_eq!(lines[0][0], "67.500000");
    assert_eq!(lines[0][1], "72.250000");
    assert!(lines[0][2].contains("Sue & Dave <arrive> late --> / (bus) again"));
    assert!(lines[1][2].contains("key verbatim"));
    // Added after the recorder stopped: a point at where typing began.
    assert_eq!(lines[2][0], lines[2][1]);
    assert!(
        !aud.iter()
            .any(|(_, t)| t.contains("Between the recordings"))
    );
    let second: Vec<&str> = aud[1].1.lines().collect();
    assert_eq!(second.len(), 1);
    assert!(
        second[0].starts_with("3725.007000\t3731.000000\t"),
        "{}",
        second[0]
    );

    let vtt = files(&golden_dir().join("vtt-shift-90"));
    let (_, first) = &vtt[0];
    assert!(first.starts_with("WEBVTT\n\n"));
    assert!(first.contains("Start corrected by +90 s"));
    // 65.5 s after the press, the recorder started 90 s after it: before
    // the tape began, so at 0.
    assert!(
        first.contains("note-1\n00:00:00.000 --> 00:00:04.000\n"),
        "{first}"
    );
    assert!(first.contains("&lt;arrive&gt; late --&gt;"), "{first}");
    assert!(!first.contains("<arrive>"));
    // Every cue is an id line, a timing line, one text line and a blank.
    for cue in first.split("\n\n").skip(2).filter(|c| !c.is_empty()) {
        let l: Vec<&str> = cue.lines().collect();
        assert_eq!(l.len(), 3, "{cue}");
        assert!(l[1].contains(" --> "), "{cue}");
    }
}

#[test]
fn several_recordings_need_a_folder_or_a_stem() {
    let (tmp, sessions) = saved();
    let s = sessions.to_str().unwrap();
    let (code, _, err) = run(&["--sessions", s, "export", ID, "--format", "vtt"]);
    assert_ne!(code, 0);
    assert!(err.contains("2 recordings"), "{err}");
    let stem = tmp.path().join("labels.txt");
    let (code, _, err) = run(&[
        "--sessions",
        s,
        "export",
        ID,
        "--format",
        "audacity",
        "-o",
        stem.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("labels-1.txt").is_file());
    assert!(tmp.path().join("labels-2.txt").is_file());
    // Never overwritten without --force.
    let (code, _, err) = run(&[
        "--sessions",
        s,
        "export",
        ID,
        "--format",
        "audacity",
        "-o",
        stem.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("already exist"), "{err}");
}

/// On a demo group: every note of notes.csv with a place on the tape is a
/// label of the track, at that place (whole seconds there, milliseconds
/// here), and ideas' notes say their idea and section.
#[test]
fn the_track_agrees_with_notes_csv() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo-3-seed-7");
    let tmp = TempDir::new().unwrap();
    // A copy: the fixture folder is never written to.
    let sessions = tmp.path().join("sessions");
    fs::create_dir(&sessions).unwrap();
    for e in fs::read_dir(&fixtures).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, sessions.join(p.file_name().unwrap())).unwrap();
    }
    let s = sessions.to_str().unwrap();
    let id = "demo-7-0002-ashford-kent";
    let (code, track, err) = run(&["--sessions", s, "export", id, "--format", "audacity"]);
    assert_eq!(code, 0, "{err}");
    let csv_dir = tmp.path().join("csv");
    let (code, _, err) = run(&[
        "--sessions",
        s,
        "export",
        id,
        "--format",
        "csv",
        "-o",
        csv_dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut want: Vec<(i64, String)> = Vec::new();
    let mut r = csv::Reader::from_path(csv_dir.join("notes.csv")).unwrap();
    for row in r.records() {
        let row = row.unwrap();
        if let Ok(secs) = row[23].parse::<i64>() {
            want.push((
                secs,
                row[17].lines().next().unwrap_or("").trim().to_string(),
            ));
        }
    }
    want.sort();
    let mut got: Vec<(i64, String)> = track
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "{l}");
            let start: f64 = f[0].parse().unwrap();
            let end: f64 = f[1].parse().unwrap();
            assert!(end >= start, "{l}");
            (start.floor() as i64, f[2].to_string())
        })
        .collect();
    got.sort();
    assert_eq!(got.len(), want.len());
    assert!(!got.is_empty());
    for ((gs, label), (ws, text)) in got.iter().zip(&want) {
        assert_eq!(gs, ws, "{label} / {text}");
        assert!(label.contains(text.as_str()), "{label} / {text}");
    }
    assert!(
        got.iter()
            .any(|(_, l)| l.contains(" · Idea ") && l.contains(", Desirability")),
        "{track}"
    );
}
