//! Idea numbers typed as digits. A pack may have more than nine ideas, so
//! one key per idea is not enough: a digit is taken at once when no longer
//! idea number begins with it (with the nine ideas of the built-in pack,
//! every digit), else the digits typed so far are shown and the next digit
//! or Enter finishes the number. There is no timeout: nothing happens
//! behind the moderator's back.

/// What the digits typed so far make, among the pack's idea numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typed {
    /// An idea, and no other idea's number begins with these digits: take
    /// it now.
    Idea(u32),
    /// More digits may follow; Enter takes the idea in it, if any (`1` with
    /// ideas 1 to 12: Enter means 1, a `2` next means 12).
    More(Option<u32>),
    /// No idea has this number, nor one beginning with it.
    NoSuch,
}

/// Read `digits` against the idea `numbers`.
pub fn typed(digits: &str, numbers: &[u32]) -> Typed {
    if digits.is_empty() || digits.starts_with('0') || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Typed::NoSuch;
    }
    let Ok(n) = digits.parse::<u32>() else {
        return Typed::NoSuch;
    };
    let exact = numbers.contains(&n);
    let longer = numbers
        .iter()
        .any(|m| *m != n && m.to_string().starts_with(digits));
    match (exact, longer) {
        (true, false) => Typed::Idea(n),
        (_, true) => Typed::More(exact.then_some(n)),
        (false, false) => Typed::NoSuch,
    }
}

/// The idea Enter takes for `digits`, if any.
pub fn entered(digits: &str, numbers: &[u32]) -> Option<u32> {
    match typed(digits, numbers) {
        Typed::Idea(n) | Typed::More(Some(n)) => Some(n),
        Typed::More(None) | Typed::NoSuch => None,
    }
}

/// "1-9" or "1-12": the idea numbers, for a hint.
pub fn range(numbers: &[u32]) -> String {
    let lo = numbers.iter().min().copied().unwrap_or(1);
    let hi = numbers.iter().max().copied().unwrap_or(1);
    format!("{lo}-{hi}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_ideas_take_one_key_each() {
        let nine: Vec<u32> = (1..=9).collect();
        for n in 1..=9 {
            assert_eq!(typed(&n.to_string(), &nine), Typed::Idea(n));
        }
        assert_eq!(typed("0", &nine), Typed::NoSuch);
        assert_eq!(typed("12", &nine), Typed::NoSuch);
    }

    #[test]
    fn twelve_ideas_wait_for_a_second_digit_or_enter_after_a_one() {
        let twelve: Vec<u32> = (1..=12).collect();
        assert_eq!(typed("1", &twelve), Typed::More(Some(1)));
        assert_eq!(entered("1", &twelve), Some(1));
        assert_eq!(typed("10", &twelve), Typed::Idea(10));
        assert_eq!(typed("12", &twelve), Typed::Idea(12));
        assert_eq!(typed("13", &twelve), Typed::NoSuch);
        assert_eq!(typed("2", &twelve), Typed::Idea(2));
        assert_eq!(typed("01", &twelve), Typed::NoSuch);
        assert_eq!(range(&twelve), "1-12");
    }

    #[test]
    fn a_prefix_that_is_no_idea_waits_for_more() {
        // Ideas 1, 2 and 20-25: "2" could be 2 or 2x.
        let odd = [1, 2, 20, 21, 22, 23, 24, 25];
        assert_eq!(typed("2", &odd), Typed::More(Some(2)));
        let gap = [1, 20, 21];
        assert_eq!(typed("2", &gap), Typed::More(None));
        assert_eq!(entered("2", &gap), None);
    }
}
