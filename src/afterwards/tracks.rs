//! The tape, for listening: one group's notes and quotes at their places
//! on each recording, as an Audacity label track (`export --format
//! audacity`) or WebVTT cues for media players (`export --format vtt`).
//!
//! A note's place is where its typing began (as the Markdown export's
//! `[0:47:12]`), to the millisecond; it runs until it was added. Notes
//! typed while no recording ran are left out (and counted on stderr).
//!
//! One file per recording. Where they go:
//! - no `-o`: a single recording's file on stdout (several need `-o`);
//! - `-o DIR` (an existing folder, or a path ending in `/`): one file per
//!   recording in it, named after the recording's file (`ashford-1.wav` →
//!   `ashford-1.txt` / `ashford-1.vtt`, so players find it beside the
//!   audio), `recording-N` for one without a name;
//! - `-o FILE`: a single recording's file is FILE; with several, FILE is a
//!   stem: `labels.txt` → `labels-1.txt`, `labels-2.txt`... (by recording
//!   number).

use std::path::{Path, PathBuf};

use anyhow::bail;
use chrono::{DateTime, Utc};

use super::anonymise::Privacy;
use super::common::{Group, idea_label, print_stdout, refuse_existing, write_file};
use crate::domain::event::{EventRecord, NoteKind};
use crate::domain::state::Note;
use crate::stimulus::Pack;

/// Which kind of track.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrackFormat {
    /// Audacity's label track: `start<TAB>end<TAB>label`, seconds.
    Audacity,
    /// WebVTT cues.
    Vtt,
}

impl TrackFormat {
    /// The file extension (no dot).
    pub fn extension(self) -> &'static str {
        match self {
            TrackFormat::Audacity => "txt",
            TrackFormat::Vtt => "vtt",
        }
    }
}

/// A WebVTT cue is shown for at least this long (a note added at once
/// would otherwise flash by).
pub const VTT_MIN_MS: i64 = 4000;

/// One note or quote on one recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The note's id.
    pub note: u32,
    /// From the recording's start, where its typing began (ms).
    pub start_ms: i64,
    /// Where it was added (ms; the start if that fell outside the recording).
    pub end_ms: i64,
    /// The label, one line.
    pub label: String,
}

/// One recording's marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    /// The recording's number (1-based).
    pub recording: u32,
    /// Its file name, if given.
    pub name: Option<String>,
    /// The correction applied to its start (seconds).
    pub shift: i64,
    /// Its marks, by start.
    pub marks: Vec<Mark>,
}

/// Every recording's track, and how many notes were typed off the tape.
pub fn tracks(
    pack: &Pack,
    events: Vec<EventRecord>,
    privacy: impl Into<Privacy>,
) -> (Vec<Track>, usize) {
    let g = Group::new(pack, events, privacy);
    let s = g.state();
    let mut out: Vec<Track> = s
        .recordings
        .iter()
        .enumerate()
        .map(|(i, r)| Track {
            recording: i as u32 + 1,
            name: r.name.clone(),
            shift: r.shift,
            marks: Vec::new(),
        })
        .collect();
    let mut off_tape = 0;
    for n in g.notes() {
        let begun = n.begun.unwrap_or(n.at);
        let Some((rec, _)) = s.note_offset(n) else {
            off_tape += 1;
            continue;
        };
        let Some(r) = (rec as usize)
            .checked_sub(1)
            .and_then(|i| s.recordings.get(i))
        else {
            off_tape += 1;
            continue;
        };
        let ms = |t: DateTime<Utc>| (t - r.start()).num_milliseconds().max(0);
        let start_ms = ms(begun);
        let end_ms = match s.tape_offset(n.at) {
            Some((same, _)) if same == rec => ms(n.at).max(start_ms),
            _ => start_ms,
        };
        if let Some(t) = out.get_mut(rec as usize - 1) {
            t.marks.push(Mark {
                note: n.id,
                start_ms,
                end_ms,
                label: label(&g, n),
            });
        }
    }
    for t in &mut out {
        t.marks.sort_by_key(|m| (m.start_ms, m.note));
    }
    (out, off_tape)
}

/// A note's label on one line: `Quote (Sue; Female, 40-64, Kent): “words”
/// · key verbatim · Idea 4: Citizen Advisors, Desirable? · codes: a; b`
/// (outside the idea discussions, the step's title in place of the idea).
/// With anonymise there is no name (the attribution stays).
pub fn label(g: &Group, n: &Note) -> String {
    let mut out = String::new();
    let text = one_line(&n.text);
    match n.kind {
        NoteKind::Quote => {
            let who = g.attribution(n.participant);
            let name = n.participant.map(|p| g.label(p)).unwrap_or_default();
            if name.is_empty() {
                out.push_str(&format!("Quote ({who}): “{text}”"));
            } else {
                out.push_str(&format!("Quote ({name}; {who}): “{text}”"));
            }
        }
        NoteKind::Note => {
            out.push_str("Note: ");
            out.push_str(&text);
            if let Some(p) = n.participant {
                let name = g.label(p);
                let who = g.attribution(Some(p));
                if name.is_empty() {
                    out.push_str(&format!(" ({who})"));
                } else {
                    out.push_str(&format!(" ({name}; {who})"));
                }
            }
        }
    }
    if n.starred {
        out.push_str(" · key verbatim");
    }
    if g.in_discussion(n)
        && let Some(idea) = g.note_idea(n)
    {
        out.push_str(" · ");
        out.push_str(&idea_label(g.pack, idea));
        if let Some(sec) = &n.place.section {
            out.push_str(", ");
            out.push_str(&g.section_title(&n.place.step, sec));
        }
    } else {
        out.push_str(" · ");
        out.push_str(&g.step_title(&n.place.step));
    }
    if !n.codes.is_empty() {
        out.push_str(" · codes: ");
        out.push_str(&n.codes.join("; "));
    }
    one_line(&out)
}

/// Lines joined with " / ", tabs and other control characters made spaces,
/// runs of spaces made one.
fn one_line(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            l.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect();
    lines.join(" / ")
}

/// Seconds with six decimals, as Audacity writes them: `2.150000`.
fn secs6(ms: i64) -> String {
    format!("{}.{:03}000", ms / 1000, ms % 1000)
}

/// A track as Audacity's label file (UTF-8, one label a line).
pub fn audacity(track: &Track) -> String {
    let mut out = String::new();
    for m in &track.marks {
        out.push_str(&format!(
            "{}\t{}\t{}\n",
            secs6(m.start_ms),
            secs6(m.end_ms),
            m.label
        ));
    }
    out
}

/// `hh:mm:ss.ttt`.
fn vtt_time(ms: i64) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    format!(
        "{h:02}:{:02}:{:02}.{:03}",
        rest / 60_000,
        (rest % 60_000) / 1000,
        rest % 1000
    )
}

/// Cue text: `&`, `<`, `>` escaped (so no `-->` either).
fn vtt_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A track as WebVTT: a header naming the session and recording, then one
/// cue per note (id `note-N`), shown from where its typing began until it
/// was added, at least [`VTT_MIN_MS`].
pub fn vtt(session: &str, track: &Track) -> String {
    let mut out = String::from("WEBVTT\n\nNOTE\n");
    let name = track
        .name
        .clone()
        .unwrap_or_else(|| format!("recording {}", track.recording));
    out.push_str(&vtt_escape(&one_line(&format!(
        "facilitator session {session}, recording {}: {name}",
        track.recording
    ))));
    out.push('\n');
    if track.shift != 0 {
        out.push_str(&format!(
            "Start corrected by {:+} s (the recorder's start).\n",
            track.shift
        ));
    }
    out.push('\n');
    for m in &track.marks {
        let end = m.end_ms.max(m.start_ms + VTT_MIN_MS);
        out.push_str(&format!(
            "note-{}\n{} --> {}\n{}\n\n",
            m.note,
            vtt_time(m.start_ms),
            vtt_time(end),
            vtt_escape(&m.label)
        ));
    }
    out
}

/// A track's file name inside a folder: the recording's name with the
/// extension changed (`x.wav` → `x.vtt`), else `recording-N`.
fn name_in_folder(track: &Track, ext: &str) -> String {
    let stem = track
        .name
        .as_deref()
        .map(|n| {
            let base = Path::new(n)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            let p = Path::new(&base);
            p.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or(base)
        })
        .filter(|s| !s.trim().is_empty() && s != "." && s != "..")
        .unwrap_or_else(|| format!("recording-{}", track.recording));
    format!("{stem}.{ext}")
}

/// Where each track is written (see the module's doc): one path per
/// track, in the tracks' order; None: stdout.
pub fn paths(tracks: &[Track], output: Option<&Path>, ext: &str) -> anyhow::Result<Vec<PathBuf>> {
    let Some(out) = output else {
        if tracks.len() > 1 {
            bail!(
                "this session has {} recordings, one file each: give a folder or a file stem with -o",
                tracks.len()
            );
        }
        return Ok(Vec::new());
    };
    let is_dir = out.is_dir() || out.as_os_str().to_string_lossy().ends_with('/');
    if is_dir {
        let mut used: Vec<String> = Vec::new();
        let mut paths = Vec::new();
        for t in tracks {
            let mut name = name_in_folder(t, ext);
            if used.contains(&name) {
                name = format!(
                    "{}-{}.{ext}",
                    name.trim_end_matches(&format!(".{ext}")),
                    t.recording
                );
            }
            used.push(name.clone());
            paths.push(out.join(name));
        }
        return Ok(paths);
    }
    if tracks.len() == 1 {
        return Ok(vec![out.to_path_buf()]);
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file_ext = out
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| ext.to_string());
    Ok(tracks
        .iter()
        .map(|t| out.with_file_name(format!("{stem}-{}.{file_ext}", t.recording)))
        .collect())
}

/// Write the tracks of a session (events already shifted if asked).
pub fn run(
    id: &str,
    pack: &Pack,
    events: Vec<EventRecord>,
    privacy: Privacy,
    format: TrackFormat,
    output: Option<&Path>,
    force: bool,
) -> anyhow::Result<i32> {
    let (tracks, off_tape) = tracks(pack, events, privacy);
    if tracks.is_empty() {
        bail!("session {id} has no recording: there is no tape to label");
    }
    let paths = paths(&tracks, output, format.extension())?;
    refuse_existing(&paths, force)?;
    let text = |t: &Track| match format {
        TrackFormat::Audacity => audacity(t),
        TrackFormat::Vtt => vtt(id, t),
    };
    if paths.is_empty() {
        for t in &tracks {
            print_stdout(&text(t))?;
        }
    } else {
        for (t, p) in tracks.iter().zip(&paths) {
            if let Some(parent) = p.parent()
                && !parent.as_os_str().is_empty()
                && !parent.exists()
            {
                bail!(
                    "cannot write {}: no folder {}",
                    p.display(),
                    parent.display()
                );
            }
            write_file(p, text(t).as_bytes(), force)?;
            crate::eprintln_safe!(
                "Wrote {} labels of recording {} to {}.",
                t.marks.len(),
                t.recording,
                p.display()
            );
        }
    }
    if off_tape > 0 {
        crate::eprintln_safe!(
            "facilitator: note: {off_tape} note(s) were typed while no recording ran; they are not on any track."
        );
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_as_the_formats_ask() {
        assert_eq!(secs6(0), "0.000000");
        assert_eq!(secs6(2150), "2.150000");
        assert_eq!(secs6(3_723_004), "3723.004000");
        assert_eq!(vtt_time(3_723_004), "01:02:03.004");
        assert_eq!(vtt_time(59_999), "00:00:59.999");
    }

    #[test]
    fn a_label_is_one_line_and_cue_text_cannot_end_a_cue() {
        assert_eq!(one_line("a\tb\n\n  c  d\r\n"), "a b / c d");
        assert_eq!(vtt_escape("x --> <b>&"), "x --&gt; &lt;b&gt;&amp;");
    }

    fn track(n: u32, name: Option<&str>) -> Track {
        Track {
            recording: n,
            name: name.map(str::to_string),
            shift: 0,
            marks: Vec::new(),
        }
    }

    #[test]
    fn files_are_named_after_the_recordings_or_the_stem() {
        let tmp = std::env::temp_dir();
        let two = [track(1, Some("../a/g-1.wav")), track(2, None)];
        let got = paths(&two, Some(&tmp), "vtt").unwrap();
        assert_eq!(got, vec![tmp.join("g-1.vtt"), tmp.join("recording-2.vtt")]);
        let same = [track(1, Some("g.wav")), track(2, Some("g.mp3"))];
        let got = paths(&same, Some(&tmp), "txt").unwrap();
        assert_eq!(got, vec![tmp.join("g.txt"), tmp.join("g-2.txt")]);
        let got = paths(&two, Some(Path::new("out/labels.txt")), "txt").unwrap();
        assert_eq!(
            got,
            vec![
                PathBuf::from("out/labels-1.txt"),
                PathBuf::from("out/labels-2.txt")
            ]
        );
        let got = paths(&two[..1], Some(Path::new("x.vtt")), "vtt").unwrap();
        assert_eq!(got, vec![PathBuf::from("x.vtt")]);
        assert!(paths(&two, None, "vtt").is_err());
        assert!(paths(&two[..1], None, "vtt").unwrap().is_empty());
    }
}
