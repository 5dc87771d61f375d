//! The idea-testing stage and Stage 3 of the Markdown export.

use super::*;
use crate::afterwards::common::colour_table_head;
use crate::domain::ideas::{ColourTally, Tally, and_words};

pub(super) fn idea_testing(out: &mut String, g: &Group, stage: usize) {
    let s = g.state();
    let title = g.stage_title(stage);
    out.push_str(&format!("## {title} — sticker vote and picks\n\n"));

    // The tally.
    let t = tally(g.pack, s);
    out.push_str("### Sticker tally\n\n");
    let mode = match s.sticker_mode {
        StickerMode::PerPoster => "counted per poster",
        StickerMode::PerParticipant => "recorded per participant",
    };
    let of = |n: fn(&Tally, &ColourTally) -> u32| -> String {
        let each: Vec<String> = t
            .colours
            .iter()
            .map(|c| format!("{} {}", n(&t, c), c.label))
            .collect();
        and_words(&each)
    };
    out.push_str(&format!(
        "Stickers {mode}: {} present could place {}; {} were placed.\n\n",
        plural(t.voters, "participant", "participants"),
        of(|t, c| t.max(c)),
        of(|_, c| c.placed),
    ));
    out.push_str(&colour_table_head("Idea", g.pack));
    for idea in t
        .colours
        .first()
        .map(|c| c.per_idea.keys())
        .into_iter()
        .flatten()
    {
        let counts: Vec<String> = t.colours.iter().map(|c| c.on(*idea).to_string()).collect();
        out.push_str(&format!(
            "| {} | {} |\n",
            cell(&idea_label(g.pack, *idea)),
            counts.join(" | ")
        ));
    }
    out.push('\n');
    for p in t.problems() {
        out.push_str(&format!("> Check: {p}\n\n"));
    }

    // The picks.
    out.push_str("### Picks\n\n");
    let picks = g.picks();
    if picks.is_empty() {
        out.push_str(&format!(
            "No {} was picked.\n\n",
            g.pack.method.wording.option
        ));
    }
    for (slot, p) in &picks {
        let kind = pick_words(g.pack, &p.kind);
        let mut line = format!(
            "{slot}. **{}{} — {}.**",
            kind[..1].to_uppercase(),
            &kind[1..],
            idea_label(g.pack, p.idea)
        );
        if p.idea != p.suggested {
            let reason = p.reason.clone().unwrap_or_default();
            line.push_str(&format!(
                " The rule suggested idea {}; the group chose idea {} because: {}",
                p.suggested,
                p.idea,
                reason.trim()
            ));
            if !line.ends_with(['.', '!', '?']) {
                line.push('.');
            }
        }
        line.push_str(&format!(" Rule: {}.", p.rule.trim_end_matches('.')));
        if !p.counts.is_empty() {
            line.push_str(&format!(" Counts: {}.", p.counts));
        }
        out.push_str(&line);
        out.push('\n');
    }
    // The pack's last slot, when this group did not play it (built-in:
    // "Joker: not played").
    let slots = g.slots();
    let all = g.pack.max_slots();
    if slots < all
        && let Some(last) = g.pack.method.picks.last()
    {
        let w = &g.pack.method.wording;
        out.push_str(&format!(
            "{}: not played (this group discussed {}).\n",
            crate::afterwards::common::capitalise(&last.label),
            plural(slots, &w.option, &w.options)
        ));
    }
    if !picks.is_empty() || slots < all {
        out.push('\n');
    }

    // Notes of the gallery, and of per-idea steps with no idea to file them under.
    for ps in g.plan().steps.iter().filter(|s| s.stage == stage) {
        let notes: Vec<&Note> = g
            .notes()
            .filter(|n| n.place.step == ps.key && !g.in_discussion(n))
            .collect();
        if notes.is_empty() {
            continue;
        }
        out.push_str(&format!("### Notes: {}\n\n", g.step_title(&ps.key)));
        step_notes(out, g, &ps.key, &notes);
    }

    for (idea, pick) in g.discussed() {
        idea_section(out, g, idea, pick.map(|(slot, p)| (slot, &p.kind)));
    }
    // The group's one rating (a pack whose ratings are per group), after
    // the discussions it sums up.
    if crate::domain::ideas::rated(g.pack, s, None) {
        out.push_str(
            "## The group's rating

",
        );
        ratings_table(out, g, None);
    }
}

pub(super) fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub(super) fn idea_section(
    out: &mut String,
    g: &Group,
    idea: u32,
    pick: Option<(u32, &crate::domain::event::PickKind)>,
) {
    let s = g.state();
    out.push_str(&format!("## {}\n\n", idea_label(g.pack, idea)));
    match pick {
        Some((slot, kind)) => out.push_str(&format!(
            "*Discussed as the {} {} (discussion {slot}).*\n\n",
            pick_words(g.pack, kind),
            g.pack.method.wording.option
        )),
        None => out.push_str("*Discussed, but no longer picked for a discussion.*\n\n"),
    }
    if let Some(i) = g.pack.idea(idea) {
        out.push_str(&format!("**Description**\n\n{}\n\n", i.description.trim()));
        let head = if i.examples.len() == 1 {
            "Example"
        } else {
            "Example(s)"
        };
        out.push_str(&format!("**{head}**\n\n"));
        for (k, e) in i.examples.iter().enumerate() {
            if i.examples.len() == 1 {
                out.push_str(&format!("{}\n\n", e.trim()));
            } else {
                let label = char::from(b'a' + u8::try_from(k % 26).unwrap_or(0));
                out.push_str(&format!("({label}) {}\n\n", e.trim()));
            }
        }
    }

    let notes: Vec<&Note> = g
        .notes()
        .filter(|n| g.in_discussion(n) && g.note_idea(n) == Some(idea))
        .collect();
    let mut sections = idea_sections(g.pack);
    for n in &notes {
        if let Some(sec) = &n.place.section
            && !sections.iter().any(|(id, _)| id == sec)
        {
            sections.push((sec.clone(), sec.clone()));
        }
    }
    let layout = &g.pack.method.export;
    let at = |id: &str, section: &Option<String>| section.as_deref() == Some(id);
    let has_rating_section = sections
        .iter()
        .any(|(id, _)| at(id, &layout.ratings_section));
    let has_checklist_section = sections
        .iter()
        .any(|(id, _)| at(id, &layout.checklist_section));
    let dims = s.equity.get(&idea).filter(|d| !d.is_empty());
    for (id, heading) in &sections {
        let these: Vec<&Note> = notes
            .iter()
            .copied()
            .filter(|n| n.place.section.as_deref() == Some(id.as_str()))
            .collect();
        let is_equity = at(id, &layout.checklist_section);
        let is_rating = at(id, &layout.ratings_section);
        let rated = crate::domain::ideas::rated(g.pack, s, Some(idea));
        let show = !these.is_empty()
            || is_core_section(g.pack, id)
            || (is_equity && dims.is_some())
            || (is_rating && rated);
        if !show {
            continue;
        }
        out.push_str(&format!("### {heading}\n\n"));
        if these.is_empty() && !(is_equity && dims.is_some()) && !(is_rating && rated) {
            out.push_str("*Nothing recorded.*\n\n");
        }
        notes_block(out, g, &these);
        if is_equity && let Some(d) = dims {
            checklist_line(out, layout, d);
        }
        if is_rating && rated {
            ratings_table(out, g, Some(idea));
        }
    }
    if !has_checklist_section && let Some(d) = dims {
        checklist_line(out, layout, d);
    }
    if !has_rating_section && crate::domain::ideas::rated(g.pack, s, Some(idea)) {
        out.push_str("### Rating\n\n");
        ratings_table(out, g, Some(idea));
    }
    let loose: Vec<&Note> = notes
        .iter()
        .copied()
        .filter(|n| n.place.section.is_none())
        .collect();
    if !loose.is_empty() {
        out.push_str("### Other notes on this idea\n\n");
        notes_block(out, g, &loose);
    }
}

/// The checklist's ticks for an idea: "Equity dimensions raised: Age, SEG."
fn checklist_line(
    out: &mut String,
    layout: &crate::stimulus::method::Layout,
    ticked: &std::collections::BTreeSet<String>,
) {
    let list: Vec<&str> = ticked.iter().map(String::as_str).collect();
    out.push_str(&format!(
        "{}: {}.\n\n",
        layout.checklist_label(),
        list.join(", ")
    ));
}

/// The group's rating of `idea` (`None`: its one rating) as a table, a
/// column per scale.
pub(super) fn ratings_table(out: &mut String, g: &Group, idea: Option<u32>) {
    let s = g.state();
    let all = &g.pack.method.ratings.scales;
    let mut ranges: Vec<String> = all.iter().map(|s| format!("{}-{}", s.min, s.max)).collect();
    ranges.dedup();
    let mut head = "|".to_string();
    let mut rule = "|".to_string();
    for sc in all {
        head.push_str(&format!(" {} |", sc.label));
        rule.push_str("---:|");
    }
    out.push_str(&format!(
        "The group's rating ({}):\n\n{head}\n{rule}\n|",
        ranges.join(", ")
    ));
    for (scale, _) in scales(g.pack) {
        match s.ratings.get(&(idea, scale.clone())) {
            Some(v) => out.push_str(&format!(" {v} |")),
            None if s.dont_know.contains(&(idea, scale)) => out.push_str(" don't know |"),
            None => out.push_str(" - |"),
        }
    }
    out.push_str("\n\n");
}
