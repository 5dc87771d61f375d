//! REFI-QDA projects (`.qdpx`) for NVivo, ATLAS.ti, MAXQDA and QualCoder:
//! a zip holding `project.qde` (QDA-XML 1.0, see [`xml`]) and a lowercase
//! `sources/` folder with each group's notes and quotes as plain UTF-8
//! text. `export --format qdpx` writes one group, `report --format qdpx`
//! every group of the folder.
//!
//! - Codebook: the pack's note codes; a code per idea with a code per
//!   discussion section under it; the kinds of pick; key verbatim. GUIDs
//!   are UUID v5 of the pack and the code's id ([`ids`]), so importing a
//!   second export into the same project adds no duplicate code.
//! - Cases: one per participant (label, or P1... anonymised) with gender,
//!   age band, ethnicity, social grade and descriptors; each quote's (and
//!   attributed note's) selections are referred to from the speaker's case.
//! - Sources: a text source per group with the group's variables (location,
//!   date, group type, fieldwork, moderator...) and a selection per note
//!   (code points from 0), coded with its codes, idea, section, pick and
//!   key verbatim; an audio source per recording (`relative://` its file
//!   name) with a selection (milliseconds) per note taken while it ran.
//! - The moderator is the User who made every selection.

use std::io::{Cursor, Write};

use anyhow::Context;

use super::common::Group;
use crate::stimulus::Pack;

pub mod build;
pub mod ids;
pub mod layout;
pub mod model;
pub mod xml;

pub use build::project;

/// The files of a project, as they go into the zip: `project.qde` first,
/// then `sources/<guid>.txt` per group. (name, bytes).
pub fn files(p: &model::Project) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut out = vec![(
        "project.qde".to_string(),
        xml::qde(p).context("cannot write project.qde")?,
    )];
    for t in &p.texts {
        let (name, _) = xml::text_file(t.guid);
        out.push((name, t.text.clone().into_bytes()));
    }
    Ok(out)
}

/// The `.qdpx` of these files: a zip, deflated, every entry dated
/// 1980-01-01 so the same project gives the same bytes.
pub fn zip(files: &[(String, Vec<u8>)]) -> anyhow::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut folder = false;
    for (name, bytes) in files {
        if !folder && name.starts_with("sources/") {
            z.add_directory("sources/", options.unix_permissions(0o755))
                .context("cannot build the zip")?;
            folder = true;
        }
        z.start_file(name.as_str(), options)
            .context("cannot build the zip")?;
        z.write_all(bytes).context("cannot build the zip")?;
    }
    Ok(z.finish().context("cannot build the zip")?.into_inner())
}

/// One group's project (`export --format qdpx`), zipped.
pub fn export(g: &Group) -> anyhow::Result<Vec<u8>> {
    zip(&files(&export_project(g))?)
}

/// Every group's project (`report --format qdpx`), zipped.
pub fn report(pack: &Pack, groups: &[Group]) -> anyhow::Result<Vec<u8>> {
    zip(&files(&report_project(pack, groups))?)
}

/// The project of the report: every group.
pub fn report_project(pack: &Pack, groups: &[Group]) -> model::Project {
    project(pack, groups, format!("Report: {}", pack.title))
}

/// The project of one group.
pub fn export_project(g: &Group) -> model::Project {
    project(
        g.pack,
        std::slice::from_ref(g),
        format!("Group notes: {}", group_title(g)),
    )
}

fn group_title(g: &Group) -> String {
    let mut t = g.place();
    let d = g.date();
    if !d.is_empty() {
        t.push_str(&format!(", {d}"));
    }
    if t.is_empty() {
        t = g.state().id.clone();
    }
    t
}
