//! What can go wrong with the sessions folder, in words that name the file.

use std::io;
use std::path::PathBuf;

/// An error from the sessions folder. Every message names the session or
/// the file, and for JSON the line and column.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No session with that id (or prefix, or path).
    #[error("no session \"{id}\" in {}", dir.display())]
    NotFound {
        /// What was asked for.
        id: String,
        /// The folder searched.
        dir: PathBuf,
    },
    /// A prefix matched more than one session.
    #[error("\"{prefix}\" matches more than one session: {}", candidates.join(", "))]
    Ambiguous {
        /// What was asked for.
        prefix: String,
        /// Every id it matched, sorted.
        candidates: Vec<String>,
    },
    /// The id is not a valid session id (`^[a-z0-9][a-z0-9-]{0,79}$`).
    #[error(
        "\"{id}\" is not a valid session id (use lowercase letters, digits and '-', at most 80, starting with a letter or digit)"
    )]
    BadId {
        /// The id refused.
        id: String,
    },
    /// `create` was asked for an id whose files already exist.
    #[error("a session \"{id}\" already exists in {}", dir.display())]
    AlreadyExists {
        /// The id.
        id: String,
        /// The folder.
        dir: PathBuf,
    },
    /// Another process (or another handle in this one) has the session open.
    #[error("session \"{id}\" is already open in another facilitator ({})", holder(*pid, host.as_deref(), since.as_deref()))]
    Locked {
        /// The id.
        id: String,
        /// The holder's process id, if its lock file could be read.
        pid: Option<u32>,
        /// The holder's host name, if known.
        host: Option<String>,
        /// When the holder opened the session (RFC 3339), if known.
        since: Option<String>,
    },
    /// The session's folder holds another machine's lock of it that was
    /// never closed: the session may be open on that laptop, so it is not
    /// opened for writing here (the two would part).
    #[error(
        "session \"{id}\" is open on {}{}: not opened for writing here, so that the two copies never part (its lock {}{}). Carry it on there; here, `facilitator replay {id}` or `facilitator present {id}` show it. If it is not open there any more (the app stopped without closing it), resume and quit it there, or delete that lock file",
        host.as_deref().unwrap_or("another machine"),
        since.as_deref().map(|s| format!(" since {s}")).unwrap_or_default(),
        lock.display(),
        pid.map(|p| format!(", process {p}")).unwrap_or_default()
    )]
    OpenElsewhere {
        /// The id.
        id: String,
        /// The holder's process id, if its lock file says.
        pid: Option<u32>,
        /// The other machine's host name (from the lock file, else its name).
        host: Option<String>,
        /// When it opened the session (RFC 3339), if its lock file says.
        since: Option<String>,
        /// The other machine's lock file.
        lock: PathBuf,
    },
    /// `reconcile` or `import` would rewrite a session whose folder holds
    /// another machine's lock of it that was never closed (the rule resume
    /// follows, see `OpenElsewhere`): nothing of that session is changed.
    #[error(
        "session \"{id}\" may still be open on {host}{}: `{doing}` leaves it alone, nothing of it changed here, so that the group carried on there never parts from these files (its lock {}). Wait until that group is closed on {host} and the folder has synced here (the lock then says \"closed\"), then run `facilitator {doing}` again. If it is not open there any more (the app stopped without closing it), resume and quit it there",
        written.as_deref().map(|s| format!(" (its lock was written {s})")).unwrap_or_default(),
        lock.display(),
    )]
    BusyElsewhere {
        /// The id.
        id: String,
        /// The other machine's host name (from the lock file, else its name).
        host: String,
        /// When the other machine last wrote its lock (RFC 3339), if known.
        written: Option<String>,
        /// The other machine's lock file.
        lock: PathBuf,
        /// The command refused: "reconcile" or "import".
        doing: &'static str,
    },
    /// A session file is a symbolic link: it is neither written nor read
    /// through, since the link may point anywhere outside the folder.
    #[error(
        "{} is a symbolic link: session files are never opened through links. Replace it with the file itself, or remove it",
        path.display()
    )]
    Link {
        /// The link.
        path: PathBuf,
    },
    /// A file operation failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// A file is not valid JSON (or not a valid event) at this line and column.
    #[error("{}:{line}:{col}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What the parser said.
        message: String,
    },
    /// The session file was written by a newer version of facilitator.
    #[error(
        "{} was saved by a newer facilitator (session format {found}; this version reads format {supported} and older): update facilitator to open it",
        path.display()
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// The format version found in the file (the version needed).
        found: u32,
        /// The newest format this build reads.
        supported: u32,
    },
    /// The session's files hold no action at all (its creation was cut
    /// short before the first one was saved).
    #[error("session \"{id}\" in {} is empty: its files hold no actions (it was never fully created)", dir.display())]
    Empty {
        /// The id.
        id: String,
        /// The folder.
        dir: PathBuf,
    },
    /// The path given is not a session file (`<id>.json` or `<id>.journal`).
    #[error("{} is not a session file (expected <id>.json or <id>.journal)", path.display())]
    NotASessionFile {
        /// The path given.
        path: PathBuf,
    },
    /// `reconcile --keep` was given a bare file name that more than one of
    /// the sessions folders holds: which history is meant is not guessed.
    #[error(
        "{file} is in more than one sessions folder ({}): give the path of the one whose history to keep, e.g. --keep {}",
        folders.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", "),
        folders.last().map(|f| f.join(file).display().to_string()).unwrap_or_default(),
    )]
    KeepWhich {
        /// The file name given.
        file: String,
        /// The folders holding a file of that name.
        folders: Vec<PathBuf>,
    },
    /// Events handed to `create` are not numbered 1, 2, 3, ...
    #[error("session \"{id}\": {message}")]
    BadSequence {
        /// The id.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// An event could not be turned into JSON (it cannot happen with the
    /// event types as they are; kept so it is reported, not panicked on).
    #[error("session \"{id}\": action {seq} could not be encoded: {message}")]
    Encode {
        /// The id.
        id: String,
        /// The event's seq.
        seq: u64,
        /// What serde said.
        message: String,
    },
    /// The writer could not save everything before it stopped. The
    /// message says exactly what is where: whether the journal holds every
    /// action, and if not, where a complete copy went (or where one was
    /// tried).
    #[error("session \"{id}\" was not completely saved: {message}{}", rescue_note(*journal_complete, rescue.as_ref(), tried))]
    Unsaved {
        /// The id.
        id: String,
        /// What failed.
        message: String,
        /// The journal holds every action (only the save file or the draft
        /// failed), so resuming recovers them all.
        journal_complete: bool,
        /// Where a complete copy of the session was written instead, if anywhere.
        rescue: Option<PathBuf>,
        /// The folders a complete copy was tried in (none when the journal
        /// was complete: no copy was needed).
        tried: Vec<PathBuf>,
    },
    /// The writer thread is gone (it stopped, or the session was closed).
    #[error("session \"{id}\": the saving thread has stopped")]
    WriterStopped {
        /// The id.
        id: String,
    },
}

fn holder(pid: Option<u32>, host: Option<&str>, since: Option<&str>) -> String {
    let mut s = match pid {
        Some(pid) => format!("process {pid}"),
        None => "another process".to_string(),
    };
    if let Some(host) = host {
        s.push_str(" on ");
        s.push_str(host);
    }
    if let Some(since) = since {
        s.push_str(", since ");
        s.push_str(since);
    }
    s
}

fn rescue_note(journal_complete: bool, rescue: Option<&PathBuf>, tried: &[PathBuf]) -> String {
    if journal_complete {
        return "; the journal holds every action, so resuming the session recovers them all"
            .to_string();
    }
    match rescue {
        Some(p) => format!(
            "; a complete copy was written to {}: resuming the session takes the missing actions back from it",
            p.display()
        ),
        None => {
            let dirs: Vec<String> = tried.iter().map(|d| d.display().to_string()).collect();
            format!(
                "; no complete copy could be written either (tried {}), so those actions are lost when this program ends; resuming recovers what the journal holds",
                if dirs.is_empty() {
                    "nowhere".to_string()
                } else {
                    dirs.join(", ")
                }
            )
        }
    }
}

impl StoreError {
    /// An I/O error on `path`.
    /// A refused symbolic link (see [`super::disk::no_follow`]) becomes
    /// [`StoreError::Link`].
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> StoreError {
        let path = path.into();
        if super::disk::is_link_refusal(&path, &source) {
            return StoreError::Link { path };
        }
        StoreError::Io { path, source }
    }
}
