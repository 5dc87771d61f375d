//! Reading a session for export or report, and writing what they make (refusing to overwrite, private modes).

use super::*;

/// Where a session was read from, for messages: the snapshot file if it
/// exists, else the journal.
pub fn session_file(dir: &SessionsDir, id: &str) -> PathBuf {
    let json = dir.path().join(format!("{id}.json"));
    if json.exists() {
        json
    } else {
        dir.path().join(format!("{id}.journal"))
    }
}

/// Read the session `which` (path, id or unique id prefix) as saved so far.
/// Errors name the file (and line:col for JSON).
pub fn load_one(dir: &SessionsDir, which: &str) -> anyhow::Result<(Loaded, PathBuf)> {
    let looks_like_path = which.contains('/') || which.contains('.');
    if looks_like_path && !Path::new(which).exists() {
        bail!("{which}: no such session file");
    }
    let (folder, id) = dir.resolve(which)?;
    let file = session_file(&folder, &id);
    let loaded = folder.load(&id)?;
    check_loaded(&loaded, &file)?;
    Ok((loaded, file))
}

/// A session that holds no events, or does not begin with its creation,
/// cannot be laid out.
pub fn check_loaded(loaded: &Loaded, file: &Path) -> anyhow::Result<()> {
    match loaded.events.first() {
        None => bail!("{}: the session holds no events", file.display()),
        Some(EventRecord {
            event: Event::Created { .. },
            ..
        }) => Ok(()),
        Some(_) => bail!(
            "{}: the session does not begin with its creation (its first action is missing)",
            file.display()
        ),
    }
}

/// What reading found that the reader should know (a damaged save file
/// read from the journal, a dropped half-written line, disagreements);
/// None when the files were as a clean save or a live session leaves them.
pub fn recovery_note(loaded: &Loaded) -> Option<String> {
    let mut r = loaded.recovery.clone();
    // A journal ahead of the snapshot is how a live session looks; a
    // snapshot alone is how a copied file looks: neither is a problem.
    if r.snapshot.is_none() {
        r.from_journal = 0;
    }
    r.journal_missing = false;
    r.journal_behind = 0;
    r.unterminated_kept = false;
    r.draft_unreadable = None;
    r.draft_recorded = false;
    r.summary()
}

// Writing

/// Refuse before anything is written if any of `paths` exists and `force`
/// is not given.
pub fn refuse_existing(paths: &[PathBuf], force: bool) -> anyhow::Result<()> {
    if force {
        return Ok(());
    }
    let existing: Vec<String> = paths
        .iter()
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| p.display().to_string())
        .collect();
    match existing.as_slice() {
        [] => Ok(()),
        [one] => bail!("{one} already exists (use --force to overwrite it)"),
        more => bail!(
            "these files already exist (use --force to overwrite them): {}",
            more.join(", ")
        ),
    }
}

/// Permissions of an exported file: what the group said is private.
pub const EXPORT_FILE_MODE: u32 = 0o600;
/// Permissions of a folder an export creates.
pub const EXPORT_DIR_MODE: u32 = 0o700;

/// Write `bytes` to `path` (a new file, or any file with `force`), readable
/// by its owner only (0600, whatever the umask). A regular file overwritten
/// with `force` is made 0600 before anything is written to it; something
/// else (`-o /dev/stdout`) is written to as it is.
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, EXPORT_FILE_MODE);
    if force {
        // Not truncated yet: first made private (see below).
        opts.create(true);
    } else {
        opts.create_new(true);
    }
    let cannot = || format!("cannot write {}", path.display());
    let mut f = opts.open(path).with_context(cannot)?;
    if force && f.metadata().with_context(cannot)?.is_file() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            f.set_permissions(std::fs::Permissions::from_mode(EXPORT_FILE_MODE))
                .with_context(|| format!("cannot make {} private (0600)", path.display()))?;
        }
        f.set_len(0).with_context(cannot)?;
    }
    f.write_all(bytes)
        .and_then(|()| f.flush())
        .with_context(cannot)
}

/// Write several files into folder `dir` (created if missing, 0700 with
/// every folder it needs), refusing
/// before writing any of them if one exists and `force` is not given.
pub fn write_files(dir: &Path, files: &[(&str, Vec<u8>)], force: bool) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is not a folder (CSV is written as several files into a folder)",
            dir.display()
        );
    }
    let paths: Vec<PathBuf> = files.iter().map(|(n, _)| dir.join(n)).collect();
    refuse_existing(&paths, force)?;
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, EXPORT_DIR_MODE);
    builder
        .create(dir)
        .with_context(|| format!("cannot create {}", dir.display()))?;
    for (path, (_, bytes)) in paths.iter().zip(files) {
        write_file(path, bytes, force)?;
    }
    Ok(())
}

/// Print `text` to stdout in one go.
pub fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = crate::safe_out::Out::stdout();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // The reader stopped early (`| head`): nothing more to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}
