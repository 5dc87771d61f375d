//! How a time in an event is read: RFC 3339, as chrono's own
//! `Deserialize` reads it, with a quick path for the form this app writes
//! (the journal reader in store/decode.rs reads every record's `at` so, and
//! the derive of [`Event`](super::Event) reads `begun` so).

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

/// A string, borrowed from the input when it can be. `.0` says what is
/// expected, for the messages.
#[derive(Clone, Copy)]
pub(crate) struct Text(pub(crate) &'static str);

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// `at`: an RFC 3339 time, read as chrono's own `Deserialize` reads it.
pub(crate) struct At(pub(crate) DateTime<Utc>);

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Text("an RFC 3339 formatted date and time string").deserialize(deserializer)?;
        parse_at(&text).map(At).map_err(de::Error::custom)
    }
}

/// An optional time (`begun`), read as `at` is.
pub(super) fn opt_at<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(Option::<At>::deserialize(d)?.map(|at| at.0))
}

/// Parse a time as `DateTime<Utc>`'s `FromStr` does (what chrono's serde
/// support calls), with a quick path for the form this app writes:
/// `2010-02-14T14:19:00Z`, optionally with a fraction of a second.
/// Anything else, or anything out of range, goes to chrono.
pub(crate) fn parse_at(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    match quick_utc(s.as_bytes()) {
        Some(t) => Ok(t),
        None => s.parse(),
    }
}

fn quick_utc(b: &[u8]) -> Option<DateTime<Utc>> {
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' || *b.last()? != b'Z' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0, 4)?).ok()?;
    let (month, day) = (num(5, 7)?, num(8, 10)?);
    let (hour, min, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let nano = match &b[19..b.len() - 1] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let n = num(20, b.len() - 1)?;
            n * 10u32.pow(9 - u32::try_from(digits.len()).ok()?)
        }
        _ => return None,
    };
    // A leap second (60) is left to chrono.
    if sec > 59 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)?
        .and_hms_nano_opt(hour, min, sec, nano)
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quick_path_agrees_with_chrono() {
        let cases = [
            "2010-02-14T14:19:00Z",
            "2026-11-29T10:46:35.5Z",
            "2026-11-29T10:46:35.123456789Z",
            "2026-11-29T10:46:35.000001Z",
            "2024-02-29T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "2026-11-29T10:46:35+01:00",
            "2026-11-29T10:46:35.25-03:30",
            "2026-11-29 10:46:35Z",
            "2026-11-29t10:46:35z",
            "2016-12-31T23:59:60Z",
            "2010-02-14T14:19:00.1234567890Z",
        ];
        for s in cases {
            let ours = parse_at(s).unwrap();
            let theirs: DateTime<Utc> = s.parse().unwrap();
            assert_eq!(ours, theirs, "{s}");
        }
    }

    #[test]
    fn quick_path_refuses_what_chrono_refuses() {
        let cases = [
            "",
            "2010-02-14",
            "2010-02-30T14:19:00Z",
            "2023-02-29T00:00:00Z",
            "2010-13-14T14:19:00Z",
            "2010-02-14T24:19:00Z",
            "2010-02-14T14:60:00Z",
            "2010-02-14T14:19:61Z",
            "2010-02-14T14:19:00.Z",
            "2010-02-14T14:19:0aZ",
            "2010-+2-14T14:19:00Z",
            "2010-02-14T14:19:00ZZ",
            "2010-02-14T14:19:00",
        ];
        for s in cases {
            assert!(parse_at(s).is_err(), "{s} was accepted");
            assert!(s.parse::<DateTime<Utc>>().is_err(), "chrono accepts {s}");
        }
    }
}
