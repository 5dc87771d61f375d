//! Whose data the coverage is: how many other groups the counts come
//! from, which moderators and laptops ran them, and when the newest of each
//! was seen (a copy that stopped syncing shows as old). Said in the
//! coverage window ([`whose_lines`]) and on the picks screen
//! ([`whose_line`]).

use crate::domain::ideas::Coverage;
use crate::domain::summary::Source;

/// "1 group", "12 groups".
fn groups_words(n: usize) -> String {
    if n == 1 {
        "1 group".to_string()
    } else {
        format!("{n} groups")
    }
}

/// When a source was last seen: "2 Dec 14:03 UTC".
fn seen(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%-d %b %H:%M UTC").to_string()
}

/// Who a source is: "Anna Smith on laptop-a".
fn who(src: &Source) -> String {
    let name = if src.moderator.is_empty() {
        "moderator not given"
    } else {
        src.moderator.as_str()
    };
    match &src.device {
        Some(d) => format!("{name} on {d}"),
        None => name.to_string(),
    }
}

/// Whose data the coverage is, for the coverage window: how many groups,
/// then one line per moderator and laptop with how many groups and when
/// the newest of them was seen (a copy that stopped syncing shows as old).
pub fn whose_lines(coverage: &Coverage) -> Vec<String> {
    let n = coverage.groups();
    if n == 0 {
        return vec!["No other group's session is in the sessions folder yet.".to_string()];
    }
    let laptops: std::collections::BTreeSet<_> = coverage
        .sources
        .iter()
        .filter_map(|s| s.device.as_ref())
        .collect();
    let moderators: std::collections::BTreeSet<_> = coverage
        .sources
        .iter()
        .map(|s| s.moderator.as_str())
        .filter(|m| !m.is_empty())
        .collect();
    let mut parts = Vec::new();
    match moderators.len() {
        0 => {}
        1 => parts.push("1 moderator".to_string()),
        m => parts.push(format!("{m} moderators")),
    }
    match laptops.len() {
        0 => {}
        1 => parts.push("1 laptop recorded".to_string()),
        l => parts.push(format!("{l} laptops recorded")),
    }
    let mut head = format!(
        "Counts from {} other {}",
        n,
        if n == 1 { "group" } else { "groups" }
    );
    if !parts.is_empty() {
        head.push_str(&format!(" ({})", parts.join(", ")));
    }
    head.push(':');
    let mut out = vec![head];
    for src in &coverage.sources {
        out.push(format!(
            "  {}: {}, newest {}",
            who(src),
            groups_words(src.groups),
            seen(src.newest)
        ));
    }
    out
}

/// Whose data the coverage is, in one line of `width` for the picks
/// screen: "Counts from 7 other groups: Anna (2, 7 Feb), Ben (5, 29 Nov),
/// +2 more" (each moderator and laptop, newest first, with how many groups
/// and the day of the newest; the coverage window has the rest).
/// `counter` is the label of the pick that counts them (built-in: the
/// joker), if the method has one.
pub fn whose_line(coverage: &Coverage, width: usize, counter: Option<&str>) -> String {
    let n = coverage.groups();
    if n == 0 {
        return crate::tui::text::truncate(
            &match counter {
                Some(label) => format!(
                    "The {label} counts no other group: none is in the sessions folder yet."
                ),
                None => "No other group is in the sessions folder yet.".to_string(),
            },
            width,
        );
    }
    let mut line = format!(
        "Counts from {} other {}:",
        n,
        if n == 1 { "group" } else { "groups" }
    );
    let all = &coverage.sources;
    for (k, src) in all.iter().enumerate() {
        let item = format!(
            "{}{} ({}, {})",
            if k == 0 { " " } else { ", " },
            who(src),
            src.groups,
            src.newest.format("%-d %b")
        );
        let left = all.len() - k - 1;
        let more = if left > 0 {
            format!(", +{left} more")
        } else {
            String::new()
        };
        if crate::tui::text::width(&line)
            + crate::tui::text::width(&item)
            + crate::tui::text::width(&more)
            > width
            && k > 0
        {
            line.push_str(&format!(", +{} more", all.len() - k));
            break;
        }
        line.push_str(&item);
    }
    crate::tui::text::truncate(&line, width)
}
