//! The quotes of the Markdown report, per idea and section.

use super::*;
use crate::domain::state::Note;

/// Every group's notes and quotes that belong to an idea, sorted by idea
/// and section.
pub(super) struct QuoteIndex<'g> {
    by: BTreeMap<u32, Sections<'g>>,
}

impl<'g> QuoteIndex<'g> {
    pub(super) fn of(all: &'g Collected) -> QuoteIndex<'g> {
        // idea → section → (group, note), in group order then note order.
        let mut by: BTreeMap<u32, Sections> = BTreeMap::new();
        for (gi, g) in all.digests.iter().enumerate() {
            for (k, n) in g.items.iter().enumerate() {
                by.entry(n.idea)
                    .or_default()
                    .entry(g.section_of(n))
                    .or_default()
                    .push(At::new(gi, k));
            }
        }
        QuoteIndex { by }
    }
}

/// The quotes part of the report, handed to `put` about [`PIECE`] bytes
/// at a time as it is made. The items' Markdown is made as they are read,
/// so this is copying: on one core, and never more than a piece in memory
/// (an idea's part over 10,000 groups is megabytes).
pub(super) fn quotes_to(
    put: &mut dyn FnMut(&str) -> std::io::Result<()>,
    all: &Collected,
    q: &QuoteIndex,
) -> std::io::Result<()> {
    let mut out = String::with_capacity(2 * PIECE);
    out.push_str("## Testing policy ideas\n\n");
    out.push_str("Every note and quote from the discussions, by idea and by the guide's sections; each quote is followed by its attribution and the group it comes from.\n\n");
    let sections = idea_sections(all.pack);
    for i in all.ideas() {
        idea_quotes(&mut out, put, all, i, q.by.get(&i), &sections)?;
    }
    put(&out)
}

/// About how much of the quotes is handed on at a time.
const PIECE: usize = 1 << 16;

/// Hand `out` to `put` once it holds a piece's worth.
fn spill(
    out: &mut String,
    put: &mut dyn FnMut(&str) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if out.len() >= PIECE {
        put(out)?;
        out.clear();
    }
    Ok(())
}

/// A guide section's notes and quotes of one idea, in group order then
/// note order.
pub(super) type Bucket = Vec<At>;

/// Where an item is: its group's place in the digests, its own in the
/// group's items (half the size of a reference, over every item).
#[derive(Clone, Copy)]
pub(super) struct At {
    group: u32,
    item: u32,
}

impl At {
    fn new(group: usize, item: usize) -> At {
        let n = |k: usize| u32::try_from(k).unwrap_or(u32::MAX);
        At {
            group: n(group),
            item: n(item),
        }
    }

    /// The item and its group's digest.
    fn get<'g>(self, all: &'g Collected) -> Option<(&'g Digest, &'g Item)> {
        let g = all.digests.get(self.group as usize)?;
        Some((g, g.items.get(self.item as usize)?))
    }
}
/// An idea's notes and quotes by guide section id ("" for none).
pub(super) type Sections<'g> = BTreeMap<&'g str, Bucket>;

/// One idea's part of the quotes: what the groups made of it, the poster,
/// then every note and quote by section.
pub(super) fn idea_quotes(
    out: &mut String,
    put: &mut dyn FnMut(&str) -> std::io::Result<()>,
    all: &Collected,
    i: u32,
    secs: Option<&Sections>,
    sections: &[(String, String)],
) -> std::io::Result<()> {
    out.push_str(&format!("### {}\n\n", idea_label(all.pack, i)));
    let list = all
        .coverage
        .by_idea
        .get(&i)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if list.is_empty() {
        out.push_str("Not discussed by any group yet.");
    } else {
        let by: Vec<String> = all
            .pack
            .method
            .picks
            .iter()
            .map(|p| {
                let n = list.iter().filter(|d| d.kind.as_str() == p.id).count();
                format!("{} {n}", p.label)
            })
            .collect();
        out.push_str(&format!(
            "Discussed by {} ({}).",
            groups_words(list.len()),
            by.join(", ")
        ));
    }
    let mut rated = Vec::new();
    for (scale, name) in scales(all.pack) {
        let (values, unknown) = all.ratings_of(Some(i), &scale);
        if !values.is_empty() || unknown > 0 {
            rated.push(format!(
                "{name} {}",
                super::md::with_dont_know(stats(&values), unknown)
            ));
        }
    }
    if !rated.is_empty() {
        out.push_str(&format!(" Ratings: {}.", rated.join("; ")));
    }
    out.push_str("\n\n");
    if let Some(idea) = all.pack.idea(i) {
        out.push_str(&format!(
            "**Description**\n\n{}\n\n",
            idea.description.trim()
        ));
        let one = idea.examples.len() == 1;
        out.push_str(if one {
            "**Example**\n\n"
        } else {
            "**Example(s)**\n\n"
        });
        for (k, e) in idea.examples.iter().enumerate() {
            if one {
                out.push_str(&format!("{}\n\n", e.trim()));
            } else {
                let label = char::from(b'a' + u8::try_from(k % 26).unwrap_or(0));
                out.push_str(&format!("({label}) {}\n\n", e.trim()));
            }
        }
    }
    let empty = BTreeMap::new();
    let secs = secs.unwrap_or(&empty);
    if list.is_empty() && secs.is_empty() {
        return spill(out, put);
    }
    let mut order = sections.to_vec();
    for &id in secs.keys() {
        if !order.iter().any(|(x, _)| x == id) {
            let heading = if id.is_empty() {
                "Other notes".to_string()
            } else {
                id.to_string()
            };
            order.push((id.to_string(), heading));
        }
    }
    for (id, heading) in order {
        let items = secs.get(id.as_str());
        if items.is_none() && !is_core_section(all.pack, &id) {
            continue;
        }
        out.push_str(&format!("#### {heading}\n\n"));
        let Some(items) = items else {
            out.push_str("*Nothing recorded in any group.*\n\n");
            continue;
        };
        // Key verbatims (starred quotes) first, the rest in order.
        let mut items: Vec<_> = items.iter().filter_map(|at| at.get(all)).collect();
        items.sort_by_key(|(_, n)| !n.starred);
        let mut in_list = false;
        for (g, n) in items {
            match n.kind {
                NoteKind::Note => in_list = true,
                NoteKind::Quote => {
                    if in_list {
                        out.push('\n');
                        in_list = false;
                    }
                }
            }
            out.push_str(g.text_of(n));
            spill(out, put)?;
        }
        if in_list {
            out.push('\n');
        }
    }
    spill(out, put)
}

/// A note or quote of group `g` (named `name`) as the quotes part prints
/// it, added to `out`: a note as a line of a list ("- words *[codes]*
/// (group)"), a quote as its block, then its attribution and the session
/// id. `who` keeps each participant's attribution once worked out (a
/// group's quotes come from a dozen people at most).
pub(super) fn item_text_to(
    out: &mut String,
    g: &Group,
    n: &Note,
    name: &str,
    who: &mut Vec<(Option<u32>, String)>,
) {
    match n.kind {
        NoteKind::Note => {
            out.push_str("- ");
            push_one_line(out, &n.text);
            if !n.codes.is_empty() {
                out.push_str(" *[");
                for (i, c) in n.codes.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(c);
                }
                out.push_str("]*");
            }
            out.push_str(" (");
            out.push_str(name);
            out.push_str(")\n");
        }
        NoteKind::Quote => {
            let known = who.iter().position(|(p, _)| *p == n.participant);
            let k = known.unwrap_or_else(|| {
                who.push((n.participant, g.attribution(n.participant)));
                who.len() - 1
            });
            let mut attribution = String::with_capacity(who[k].1.len() + 64);
            attribution.push_str(&who[k].1);
            attribution.push_str(&g.quote_extras(n));
            attribution.push_str(" *(`");
            attribution.push_str(&g.state().id);
            attribution.push_str("`)*");
            quote_block(out, &n.text, &attribution);
        }
    }
}

/// `text` on one line: its words, one space apart.
pub(super) fn push_one_line(out: &mut String, text: &str) {
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}
