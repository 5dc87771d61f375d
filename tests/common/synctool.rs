//! Two "laptops" as two folders kept in sync by a stand-in for a sync tool
//! that copies files the way Syncthing and Dropbox do: through a temporary
//! file renamed into place (which a reader can catch half-written), skipping
//! the names the tool skips, propagating deletions, and when both sides
//! changed a file since the last sync, keeping the newer one under the name
//! and the older one as a conflict copy named the tool's way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Which tool's ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// `.syncthing.<name>.tmp` temporaries, `<stem>.sync-conflict-YYYYMMDD-HHMMSS-<device>.<ext>`.
    Syncthing,
    /// Temporaries outside the folder's names, `<stem> (<host>'s conflicted copy YYYY-MM-DD).<ext>`.
    Dropbox,
}

/// Two folders and what each file held at the last sync.
pub struct Pair {
    /// Laptop A's folder.
    pub a: PathBuf,
    /// Laptop B's folder.
    pub b: PathBuf,
    tool: Tool,
    base: BTreeMap<String, Vec<u8>>,
    /// Conflict copies made so far (their names).
    pub conflicts: Vec<String>,
}

/// Whether the tool leaves `name` alone.
fn skipped(tool: Tool, name: &str) -> bool {
    match tool {
        Tool::Syncthing => {
            name.starts_with(".syncthing.")
                || name.starts_with("~syncthing~")
                || name == ".stfolder"
        }
        Tool::Dropbox => {
            name.starts_with("~$")
                || name.starts_with(".~")
                || (name.starts_with('~') && name.ends_with(".tmp"))
                || name == ".dropbox.cache"
        }
    }
}

/// Every file under `root` (one level of subfolders), as relative names.
fn files(tool: Tool, root: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut walk = vec![(root.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = walk.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if skipped(tool, &name) {
                continue;
            }
            let path = e.path();
            let rel = format!("{prefix}{name}");
            if path.is_dir() {
                walk.push((path, format!("{rel}/")));
            } else if let (Ok(bytes), Ok(meta)) = (std::fs::read(&path), path.metadata()) {
                out.insert(
                    rel,
                    (bytes, meta.modified().unwrap_or(SystemTime::UNIX_EPOCH)),
                );
            }
        }
    }
    out
}

impl Pair {
    /// Laptops A and B at `a` and `b`, kept in sync the `tool`'s way.
    pub fn new(tool: Tool, a: &Path, b: &Path) -> Pair {
        std::fs::create_dir_all(a).unwrap();
        std::fs::create_dir_all(b).unwrap();
        Pair {
            a: a.to_path_buf(),
            b: b.to_path_buf(),
            tool,
            base: BTreeMap::new(),
            conflicts: Vec::new(),
        }
    }

    /// The tool's name for the conflict copy of `rel` made on `device`.
    pub fn conflict_name(&self, rel: &str, device: &str) -> String {
        let (dir, name) = match rel.rsplit_once('/') {
            Some((d, n)) => (format!("{d}/"), n),
            None => (String::new(), rel),
        };
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s, format!(".{e}")),
            None => (name, String::new()),
        };
        match self.tool {
            Tool::Syncthing => format!("{dir}{stem}.sync-conflict-20261201-193000-{device}{ext}"),
            Tool::Dropbox => format!(
                "{dir}{stem} ({}'s conflicted copy 2026-12-01){ext}",
                device.to_lowercase()
            ),
        }
    }

    /// Put `bytes` at `rel` in `root` the tool's way: a temporary file,
    /// then a rename over the name.
    fn deliver(&self, root: &Path, rel: &str, bytes: &[u8]) {
        let to = root.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let name = to.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = match self.tool {
            Tool::Syncthing => to.with_file_name(format!(".syncthing.{name}.tmp")),
            Tool::Dropbox => {
                let cache = root.join(".dropbox.cache");
                std::fs::create_dir_all(&cache).unwrap();
                cache.join(format!("{name}.partial"))
            }
        };
        std::fs::write(&tmp, bytes).unwrap();
        std::fs::rename(&tmp, &to).unwrap();
    }

    /// Start copying `rel` from A to B and stop half way: the temporary
    /// file the tool was writing stays, half written. Returns its path.
    pub fn half_copied(&self, rel: &str) -> PathBuf {
        let bytes = std::fs::read(self.a.join(rel)).unwrap();
        let half = &bytes[..bytes.len() / 2];
        let name = Path::new(rel)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let tmp = match self.tool {
            Tool::Syncthing => self.b.join(format!(".syncthing.{name}.tmp")),
            Tool::Dropbox => {
                std::fs::create_dir_all(self.b.join(".dropbox.cache")).unwrap();
                self.b
                    .join(".dropbox.cache")
                    .join(format!("{name}.partial"))
            }
        };
        std::fs::write(&tmp, half).unwrap();
        tmp
    }

    /// Sync both ways until nothing changes (each pass as the tool does).
    pub fn sync(&mut self) {
        for _ in 0..6 {
            if !self.pass() {
                return;
            }
        }
        panic!("the folders did not settle");
    }

    /// One pass; whether anything was copied, removed or renamed.
    fn pass(&mut self) -> bool {
        let fa = files(self.tool, &self.a);
        let fb = files(self.tool, &self.b);
        let mut names: Vec<String> = fa.keys().chain(fb.keys()).cloned().collect();
        names.sort();
        names.dedup();
        let mut changed = false;
        for rel in names {
            let ca = fa.get(&rel);
            let cb = fb.get(&rel);
            let base = self.base.get(&rel);
            if ca.map(|c| &c.0) == cb.map(|c| &c.0) {
                match ca {
                    Some(c) => self.base.insert(rel.clone(), c.0.clone()),
                    None => self.base.remove(&rel),
                };
                continue;
            }
            changed = true;
            let changed_a = ca.map(|c| &c.0) != base;
            let changed_b = cb.map(|c| &c.0) != base;
            let (a, b) = (self.a.clone(), self.b.clone());
            let kept = match (changed_a, changed_b, ca, cb) {
                (true, false, _, _) => {
                    self.apply(ca, &b, &rel);
                    ca
                }
                (false, true, _, _) => {
                    self.apply(cb, &a, &rel);
                    cb
                }
                // A change beats a deletion.
                (_, _, Some(_), None) => {
                    self.apply(ca, &b, &rel);
                    ca
                }
                (_, _, None, Some(_)) => {
                    self.apply(cb, &a, &rel);
                    cb
                }
                (_, _, Some(x), Some(y)) => {
                    // The older change becomes the conflict copy, on the
                    // side that made it; the newer takes the name.
                    let (winner, loser_root, device) = if y.1 > x.1 {
                        (y, a.clone(), "LAPTOPA")
                    } else {
                        (x, b.clone(), "LAPTOPB")
                    };
                    let copy = self.conflict_name(&rel, device);
                    std::fs::rename(loser_root.join(&rel), loser_root.join(&copy)).unwrap();
                    self.deliver(&loser_root, &rel, &winner.0);
                    self.conflicts.push(copy);
                    Some(winner)
                }
                (_, _, None, None) => None,
            };
            match kept {
                Some(c) => self.base.insert(rel.clone(), c.0.clone()),
                None => self.base.remove(&rel),
            };
        }
        changed
    }

    /// Make `rel` in `to` hold `what` (or remove it).
    fn apply(&self, what: Option<&(Vec<u8>, SystemTime)>, to: &Path, rel: &str) {
        match what {
            Some((bytes, _)) => self.deliver(to, rel, bytes),
            None => {
                let _ = std::fs::remove_file(to.join(rel));
            }
        }
    }
}
