//! The idea-testing stage and Stage 3 of the Markdown export.

use super::*;

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
    out.push_str(&format!(
        "Stickers {mode}: {} present could place {} green and {} red; {} green and {} red were placed.\n\n",
        plural(t.voters, "participant", "participants"),
        t.max_green(),
        t.max_red(),
        t.placed_green,
        t.placed_red
    ));
    out.push_str("| Idea | Green | Red |\n|---|---:|---:|\n");
    for (idea, green) in &t.green {
        let red = t.red.get(idea).copied().unwrap_or(0);
        out.push_str(&format!(
            "| {} | {green} | {red} |\n",
            cell(&idea_label(g.pack, *idea))
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
    for (id, heading) in &sections {
        let these: Vec<&Note> = notes
            .iter()
            .copied()
            .filter(|n| n.place.section.as_deref() == Some(id.as_str()))
            .collect();
        let dims = s.equity.get(&idea).filter(|d| !d.is_empty());
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
            let list: Vec<&str> = d.iter().map(String::as_str).collect();
            out.push_str(&format!(
                "Equity dimensions raised: {}.\n\n",
                list.join(", ")
            ));
        }
        if is_rating && rated {
            ratings_table(out, g, Some(idea));
        }
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

pub(super) fn gut_words(g: Gut) -> &'static str {
    match g {
        Gut::InFavour => "In favour",
        Gut::Opposed => "Opposed",
        Gut::Undecided => "Undecided",
        Gut::Apathetic => "Apathetic",
    }
}

pub(super) fn reach_words(r: Reach) -> &'static str {
    match r {
        Reach::TooFar => "too far",
        Reach::AboutRight => "about right",
        Reach::NotFarEnough => "not far enough",
    }
}

pub(super) fn stage3(out: &mut String, g: &Group) {
    let s = g.state();
    if s.stage3.is_empty() {
        return;
    }
    out.push_str("### Gut reactions\n\n");
    let mut parts = Vec::new();
    for gut in [Gut::InFavour, Gut::Opposed, Gut::Undecided, Gut::Apathetic] {
        let n = s.stage3.values().filter(|a| a.gut == Some(gut)).count();
        if n > 0 {
            parts.push(format!("{} {n}", gut_words(gut)));
        }
    }
    if !parts.is_empty() {
        out.push_str(&format!("Gut reaction: {}.\n", parts.join(", ")));
    }
    let yes = s
        .stage3
        .values()
        .filter(|a| a.reform_needed == Some(true))
        .count();
    let no = s
        .stage3
        .values()
        .filter(|a| a.reform_needed == Some(false))
        .count();
    if yes + no > 0 {
        out.push_str(&format!("Reform needed: yes {yes}, no {no}.\n"));
    }
    let mut reach = Vec::new();
    for r in [Reach::TooFar, Reach::AboutRight, Reach::NotFarEnough] {
        let n = s.stage3.values().filter(|a| a.reach == Some(r)).count();
        if n > 0 {
            reach.push(format!("{} {n}", reach_words(r)));
        }
    }
    if !reach.is_empty() {
        out.push_str(&format!("The ideas go: {}.\n", reach.join(", ")));
    }
    out.push('\n');
    out.push_str(
        "| Participant | Gut reaction | Reform needed? | Services most in need | The ideas go |\n|---|---|---|---|---|\n",
    );
    for (id, a) in &s.stage3 {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&g.attribution(Some(*id))),
            a.gut.map(gut_words).unwrap_or(""),
            match a.reform_needed {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            },
            cell(&a.services),
            a.reach.map(reach_words).unwrap_or(""),
        ));
    }
    out.push('\n');
    let tips: Vec<(u32, String)> = s
        .stage3
        .iter()
        .filter(|(_, a)| !a.top_tip.trim().is_empty())
        .map(|(id, a)| (*id, a.top_tip.clone()))
        .collect();
    if !tips.is_empty() {
        out.push_str("### Top tips\n\n");
        for (id, tip) in tips {
            quote_block(out, &tip, &g.attribution(Some(id)));
        }
    }
}
