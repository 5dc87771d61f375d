//! Tests of the sessions folder.

use super::*;

#[test]
fn ids_valid_and_not() {
    for ok in ["a", "0", "2026-11-29-ashford-kent", &"a".repeat(80)] {
        assert!(is_valid_id(ok), "{ok}");
    }
    for bad in [
        "",
        "A",
        "-a",
        "../x",
        "x/y",
        "a.b",
        "a b",
        "é",
        &"a".repeat(81),
    ] {
        assert!(!is_valid_id(bad), "{bad}");
    }
}

#[test]
fn slugs() {
    assert_eq!(slugify("Ashford, Kent", 40), "ashford-kent");
    assert_eq!(slugify("  --St. Ives!! ", 40), "st-ives");
    assert_eq!(slugify("Bury St Edmunds", 8), "bury-st");
    assert_eq!(slugify("Łódź", 40), "d");
    assert_eq!(slugify("", 40), "");
    assert_eq!(slugify("a-b", 2), "a");
}
