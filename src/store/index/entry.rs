//! An index entry and how it is written: one JSON array a line, its
//! fields in a fixed order with no key names, times as whole numbers (a
//! folder of 10,000 sessions is read at every start, so the line is kept
//! short and quick to parse); and the stamps of the files it stands for,
//! taken relative to the folder.

use std::ffi::CString;
use std::fs::File;
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::event::PickKind;
use crate::domain::summary::{Picked, Summary};

/// How a file stood when its session was summed up: its size, its
/// modification and change times (ns) and its inode (a JSON array).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp(pub u64, pub i64, pub i64, pub u64);

fn ns(s: i64, n: i64) -> i64 {
    s.saturating_mul(1_000_000_000).saturating_add(n)
}

impl Stamp {
    /// A plain file's stamp (none for anything else, or nothing).
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let m = path.symlink_metadata().ok()?;
        m.is_file().then(|| Stamp::from_meta(&m))
    }

    pub(super) fn from_meta(m: &std::fs::Metadata) -> Stamp {
        Stamp(
            m.size(),
            ns(m.mtime(), m.mtime_nsec()),
            ns(m.ctime(), m.ctime_nsec()),
            m.ino(),
        )
    }
}

/// A folder held open, to stat its files by name (the kernel then looks
/// up one name, not the whole path, for each of 20,000 files).
pub(super) struct Folder {
    dir: Option<File>,
    path: std::path::PathBuf,
}

impl Folder {
    pub(super) fn open(path: &Path) -> Folder {
        Folder {
            dir: File::open(path)
                .ok()
                .filter(|f| f.metadata().is_ok_and(|m| m.is_dir())),
            path: path.to_path_buf(),
        }
    }

    /// The stamp of the plain file `name` in the folder (links not
    /// followed), as [`Stamp::of`] gives it.
    pub(super) fn stamp(&self, name: &str) -> Option<Stamp> {
        let Some(dir) = &self.dir else {
            return Stamp::of(&self.path.join(name));
        };
        let c = CString::new(Path::new(name).as_os_str().as_bytes()).ok()?;
        // SAFETY: a zeroed `stat` is a valid value for the kernel to fill.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `dir` is an open directory, `c` a NUL-terminated name
        // and `st` a `stat` to write to.
        let r = unsafe {
            libc::fstatat(
                dir.as_raw_fd(),
                c.as_ptr(),
                &mut st,
                libc::AT_SYMLINK_NOFOLLOW,
            )
        };
        if r != 0 || st.st_mode & libc::S_IFMT != libc::S_IFREG {
            return None;
        }
        #[allow(clippy::unnecessary_cast)] // the field types differ by platform
        Some(Stamp(
            st.st_size as u64,
            ns(st.st_mtime as i64, st.st_mtime_nsec as i64),
            ns(st.st_ctime as i64, st.st_ctime_nsec as i64),
            st.st_ino as u64,
        ))
    }
}

/// One session's line in the index.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Entry {
    /// The snapshot's stamp, if it has one.
    pub snap: Option<Stamp>,
    /// The journal's stamp, if it has one.
    pub jour: Option<Stamp>,
    /// How many events the session has (which copy of it counts, when it
    /// is in several folders).
    pub len: usize,
    /// The summary computed from those files.
    pub sum: Summary,
}

/// A time as whole seconds and nanoseconds.
type Instant = (i64, u32);

fn instant(t: &DateTime<Utc>) -> Instant {
    (t.timestamp(), t.timestamp_subsec_nanos())
}

fn time_of((s, n): Instant) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(s, n)
}

/// An entry as written: the stamps, the length, then the summary's
/// fields (the date as days from the common era).
#[derive(Serialize, Deserialize)]
struct Row(
    Option<Stamp>,
    Option<Stamp>,
    usize,
    String,
    uuid::Uuid,
    Option<i32>,
    String,
    String,
    String,
    Option<String>,
    bool,
    usize,
    Instant,
    Instant,
    Vec<(u32, String, bool)>,
);

/// Append `e` to `out` as its line (without the line ending).
pub(super) fn write_entry(out: &mut Vec<u8>, e: &Entry) -> serde_json::Result<()> {
    use chrono::Datelike;
    let s = &e.sum;
    let row = Row(
        e.snap,
        e.jour,
        e.len,
        s.id.clone(),
        s.uuid,
        s.date.map(|d| d.num_days_from_ce()),
        s.location.clone(),
        s.plan.clone(),
        s.moderator.clone(),
        s.device.clone(),
        s.live,
        s.steps,
        instant(&s.created),
        instant(&s.newest),
        s.discussed
            .iter()
            .map(|p| (p.idea, p.kind.0.to_string(), p.overridden))
            .collect(),
    );
    serde_json::to_writer(out, &row)
}

/// The entry a line holds (none if it is not one).
pub(super) fn read_entry(line: &[u8]) -> Option<Entry> {
    let Row(
        snap,
        jour,
        len,
        id,
        uuid,
        date,
        location,
        plan,
        moderator,
        device,
        live,
        steps,
        c,
        n,
        d,
    ) = serde_json::from_slice(line).ok()?;
    let date = match date {
        Some(days) => Some(NaiveDate::from_num_days_from_ce_opt(days)?),
        None => None,
    };
    Some(Entry {
        snap,
        jour,
        len,
        sum: Summary {
            id,
            uuid,
            date,
            location,
            plan,
            moderator,
            device,
            live,
            steps,
            created: time_of(c)?,
            newest: time_of(n)?,
            discussed: d
                .into_iter()
                .map(|(idea, kind, overridden)| Picked {
                    idea,
                    kind: PickKind(kind.into()),
                    overridden,
                })
                .collect(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: Option<NaiveDate>, device: Option<&str>) -> Entry {
        let t = |s: i64, n: u32| DateTime::from_timestamp(s, n).unwrap();
        Entry {
            snap: Some(Stamp(10, 1_764_000_000_123_456_789, -5, 42)),
            jour: None,
            len: 17,
            sum: Summary {
                id: "2026-12-01-ashford-kent".into(),
                uuid: uuid::Uuid::from_u128(0x0193_dead_beef),
                date,
                location: "Ashford, \"Kent\"\n\u{1F44D}".into(),
                plan: "A".into(),
                moderator: "Ayesha (আয়েশা)".into(),
                device: device.map(str::to_string),
                live: true,
                steps: 9,
                created: t(1_764_000_000, 999_999_999),
                newest: t(1_764_007_200, 1),
                discussed: vec![
                    Picked {
                        idea: 4,
                        kind: PickKind::Popular,
                        overridden: false,
                    },
                    Picked {
                        idea: 9,
                        kind: PickKind("a pack's own".into()),
                        overridden: true,
                    },
                ],
            },
        }
    }

    #[test]
    fn an_entry_reads_back_as_written_on_one_line() {
        for e in [
            entry(NaiveDate::from_ymd_opt(2026, 12, 1), Some("laptop-b")),
            entry(None, None),
            entry(NaiveDate::from_ymd_opt(1, 1, 1), Some("")),
        ] {
            let mut line = Vec::new();
            write_entry(&mut line, &e).unwrap();
            assert!(!line.contains(&b'\n'));
            assert_eq!(read_entry(&line), Some(e));
        }
    }

    #[test]
    fn a_line_that_is_not_an_entry_is_none() {
        let mut line = Vec::new();
        write_entry(&mut line, &entry(None, None)).unwrap();
        for bad in [&line[..line.len() - 1], b"[]", b"{\"sum\":1}", b""] {
            assert_eq!(read_entry(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn a_file_is_stamped_the_same_through_its_folder_and_its_path() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.json"), b"{}").unwrap();
        std::fs::create_dir(tmp.path().join("sub")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("a.json"), tmp.path().join("l.json")).unwrap();
        let folder = Folder::open(tmp.path());
        for name in ["a.json", "sub", "l.json", "missing.json"] {
            assert_eq!(
                folder.stamp(name),
                Stamp::of(&tmp.path().join(name)),
                "{name}"
            );
        }
        assert!(folder.stamp("a.json").is_some());
    }
}
