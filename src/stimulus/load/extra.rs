//! The rest of loading: `reference.toml`'s checks, and the texts a pack
//! keeps (see [`PackFiles`]).

use super::*;

/// The method text a pack's copy keeps: its own `method.toml`, or the
/// built-in method it runs without one. Always kept, so a session's copy of
/// its pack is whole: a later edit of the built-in method does not change
/// what an earlier group's copy says.
pub(super) fn kept_method(method: Option<&str>) -> Option<&str> {
    Some(method.unwrap_or(EMBEDDED_METHOD.1))
}

/// The pack, carrying the texts it was read from (see [`PackFiles`]).
pub(super) fn with_files<'a>(
    result: Result<Pack, Vec<Problem>>,
    files: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<Pack, Vec<Problem>> {
    result.map(|mut pack| {
        pack.files = PackFiles::of(files);
        pack
    })
}

pub(super) fn check_reference(src: &Src<'_>, raw: &RawReference, out: &mut Vec<Problem>) {
    let mut codes = HashMap::new();
    for code in &raw.codes {
        src.id_pattern(code, "code", out);
        src.unique(&mut codes, code, "code", out);
    }
    let mut dims = HashMap::new();
    for dim in &raw.equity_dimensions {
        src.non_blank(dim, "an equity dimension", out);
        src.unique(&mut dims, dim, "equity dimension", out);
    }
    let slide = raw.values_slide.get_ref();
    src.non_blank(&slide.title, "the values slide's title", out);
    src.non_blank(&slide.intro, "the values slide's intro", out);
    if slide.values.get_ref().is_empty() {
        out.push(src.problem(slide.values.span(), "the values slide has no values"));
    }
    src.non_blank_items(slide.values.get_ref(), "a value", out);
    let statement = raw.statement.get_ref();
    src.non_blank(&statement.title, "the statement's title", out);
    src.non_blank(&statement.text, "the statement's text", out);
}
