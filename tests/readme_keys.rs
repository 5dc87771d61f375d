//! The README's key tables are the key table's (`facilitator::tui::keys`):
//! each sits between `<!-- keys:SECTION:begin -->` and
//! `<!-- keys:SECTION:end -->`. This test fails when README.md differs
//! from the table; with `UPDATE_README=1` it rewrites README.md instead.

use facilitator::tui::keys;

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");

/// README text with every section's table put between its markers.
/// Errors name a section whose markers are missing.
fn with_tables(readme: &str) -> Result<String, String> {
    let mut out = readme.to_string();
    for (section, md) in keys::readme_tables() {
        let begin = format!("<!-- keys:{section}:begin -->\n");
        let end = format!("<!-- keys:{section}:end -->");
        let a = out
            .find(&begin)
            .ok_or_else(|| format!("README.md has no marker {begin:?}"))?
            + begin.len();
        let b = out[a..]
            .find(&end)
            .ok_or_else(|| format!("README.md has no marker {end:?}"))?
            + a;
        out.replace_range(a..b, &md);
    }
    Ok(out)
}

#[test]
fn readme_key_tables_are_the_key_table() {
    let readme = std::fs::read_to_string(README).expect("README.md");
    let want = with_tables(&readme).unwrap_or_else(|e| panic!("{e}"));
    if std::env::var_os("UPDATE_README").is_some() {
        if want != readme {
            std::fs::write(README, &want).expect("write README.md");
        }
        return;
    }
    assert!(
        want == readme,
        "README.md's key tables differ from src/tui/keys; run `UPDATE_README=1 cargo test --test readme_keys`"
    );
}

#[test]
fn a_changed_table_is_noticed() {
    // The check itself: a README whose table was edited by hand differs.
    let readme = std::fs::read_to_string(README).expect("README.md");
    let good = with_tables(&readme).unwrap_or_else(|e| panic!("{e}"));
    let tampered = good.replacen("| `n` | new note |", "| `n` | a note |", 1);
    assert_ne!(tampered, good, "the guide's `n` line is in the table");
    assert_ne!(with_tables(&tampered).as_deref(), Ok(tampered.as_str()));
}

#[test]
fn every_section_has_markers() {
    let readme = std::fs::read_to_string(README).expect("README.md");
    for (section, _) in keys::readme_tables() {
        assert!(
            readme.contains(&format!("<!-- keys:{section}:begin -->")),
            "{section}"
        );
    }
}
