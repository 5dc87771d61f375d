//! The vote as events hold it: per colour of the pack's method, by the
//! colour's id. [`Counts`]: the tokens counted on one poster;
//! [`Placement`]: the options one participant put their tokens on.
//!
//! Both are written flat into their event. A vote of the colours `green`
//! and `red` only (at most one red per participant) is written in the
//! schema-1 spelling every earlier build reads (`"green":3,"red":1`;
//! `"green":[8,1],"red":7`); any other in the generic one, a schema-2
//! form (`"counts":{"amber":2}`; `"votes":{"amber":[4,4]}`). Both are
//! always read. What an old `green`/`red` means for a pack without those
//! colours (its first and second colour, as earlier builds wrote them) is
//! settled where the pack is known (`domain::ideas::colour_of_key`).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The colour ids of the schema-1 spelling.
const GREEN: &str = "green";
/// See [`GREEN`].
const RED: &str = "red";

/// The tokens counted on one poster: colour id → how many. A colour with
/// none is not kept, so two counts are equal when they count the same.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts(BTreeMap<String, u32>);

impl Counts {
    /// The schema-1 pair: green and red.
    pub fn green_red(green: u32, red: u32) -> Counts {
        [(GREEN, green), (RED, red)].into_iter().collect()
    }

    /// How many of this colour.
    pub fn get(&self, colour: &str) -> u32 {
        self.0.get(colour).copied().unwrap_or(0)
    }

    /// Every colour counted (none with zero), by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Nothing counted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the schema-1 spelling holds it (green and red only).
    pub fn is_schema_1(&self) -> bool {
        self.0.keys().all(|k| k == GREEN || k == RED)
    }
}

impl<K: Into<String>> FromIterator<(K, u32)> for Counts {
    fn from_iter<I: IntoIterator<Item = (K, u32)>>(iter: I) -> Self {
        let mut out = BTreeMap::new();
        for (k, n) in iter {
            if n > 0 {
                *out.entry(k.into()).or_insert(0) += n;
            }
        }
        Counts(out)
    }
}

/// The options one participant put their tokens on: colour id → the
/// options, in the order entered (an option twice where the method lets
/// two go on one). A colour with none is not kept; none at all: abstained.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Placement(BTreeMap<String, Vec<u32>>);

impl Placement {
    /// The schema-1 pair: the greens and the red.
    pub fn green_red(green: Vec<u32>, red: Option<u32>) -> Placement {
        [(GREEN, green), (RED, red.into_iter().collect())]
            .into_iter()
            .collect()
    }

    /// The options this colour went on.
    pub fn get(&self, colour: &str) -> &[u32] {
        self.0.get(colour).map_or(&[], Vec::as_slice)
    }

    /// Every colour placed (none empty), by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u32])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// No token placed (abstained).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the schema-1 spelling holds it (greens, and one red at most).
    pub fn is_schema_1(&self) -> bool {
        self.0.keys().all(|k| k == GREEN || k == RED) && self.get(RED).len() <= 1
    }
}

impl<K: Into<String>> FromIterator<(K, Vec<u32>)> for Placement {
    fn from_iter<I: IntoIterator<Item = (K, Vec<u32>)>>(iter: I) -> Self {
        let mut out: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (k, v) in iter {
            if !v.is_empty() {
                out.entry(k.into()).or_default().extend(v);
            }
        }
        Placement(out)
    }
}

// The codec. Serde writes each flat into its event (`#[serde(flatten)]`),
// so both are written and read as maps of the event's remaining fields.

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if self.is_schema_1() {
            // The schema-1 spelling: both fields, always.
            map.serialize_entry(GREEN, &self.get(GREEN))?;
            map.serialize_entry(RED, &self.get(RED))?;
        } else {
            map.serialize_entry("counts", &self.0)?;
        }
        map.end()
    }
}

impl Serialize for Placement {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if self.is_schema_1() {
            // The schema-1 spelling: the greens always, the red if placed.
            map.serialize_entry(GREEN, self.get(GREEN))?;
            if let Some(r) = self.get(RED).first() {
                map.serialize_entry(RED, r)?;
            }
        } else {
            map.serialize_entry("votes", &self.0)?;
        }
        map.end()
    }
}

/// What a vote's fields are read into: the schema-1 pair or the generic
/// map (the key it goes under, and what one colour holds, in each form).
trait Form: Sized {
    /// The generic form's key.
    const KEY: &'static str;
    /// One colour's value, as the generic map holds it.
    type Value: for<'de> Deserialize<'de>;
    /// The schema-1 green's value.
    type Green: for<'de> Deserialize<'de>;
    /// The schema-1 red's value.
    type Red: for<'de> Deserialize<'de>;
    /// A missing red (None: the field is required).
    const RED_DEFAULT: Option<fn() -> Self::Red>;
    /// The vote from the generic map.
    fn generic(map: BTreeMap<String, Self::Value>) -> Self;
    /// The vote from the schema-1 pair.
    fn schema_1(green: Self::Green, red: Self::Red) -> Self;
}

impl Form for Counts {
    const KEY: &'static str = "counts";
    type Value = u32;
    type Green = u32;
    type Red = u32;
    const RED_DEFAULT: Option<fn() -> u32> = None;
    fn generic(map: BTreeMap<String, u32>) -> Self {
        map.into_iter().collect()
    }
    fn schema_1(green: u32, red: u32) -> Self {
        Counts::green_red(green, red)
    }
}

impl Form for Placement {
    const KEY: &'static str = "votes";
    type Value = Vec<u32>;
    type Green = Vec<u32>;
    type Red = Option<u32>;
    const RED_DEFAULT: Option<fn() -> Option<u32>> = Some(|| None);
    fn generic(map: BTreeMap<String, Vec<u32>>) -> Self {
        map.into_iter().collect()
    }
    fn schema_1(green: Vec<u32>, red: Option<u32>) -> Self {
        Placement::green_red(green, red)
    }
}

/// Reads either form from the event's remaining fields (others ignored,
/// as the derive ignores unknown fields).
struct FormVisitor<T>(PhantomData<T>);

impl<'de, T: Form> Visitor<'de> for FormVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "`{GREEN}` and `{RED}`, or `{}`", T::KEY)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut generic: Option<BTreeMap<String, T::Value>> = None;
        let mut green: Option<T::Green> = None;
        let mut red: Option<T::Red> = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                k if k == T::KEY => {
                    if generic.is_some() {
                        return Err(de::Error::duplicate_field(T::KEY));
                    }
                    generic = Some(map.next_value()?);
                }
                GREEN => {
                    if green.is_some() {
                        return Err(de::Error::duplicate_field(GREEN));
                    }
                    green = Some(map.next_value()?);
                }
                RED => {
                    if red.is_some() {
                        return Err(de::Error::duplicate_field(RED));
                    }
                    red = Some(map.next_value()?);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match (generic, green, red) {
            (Some(g), None, None) => Ok(T::generic(g)),
            (Some(_), _, _) => Err(de::Error::custom(format!(
                "`{}` and `{GREEN}`/`{RED}` together: one spelling of the vote, not both",
                T::KEY
            ))),
            (None, None, _) => Err(de::Error::missing_field(GREEN)),
            (None, Some(g), Some(r)) => Ok(T::schema_1(g, r)),
            (None, Some(g), None) => match T::RED_DEFAULT {
                Some(none) => Ok(T::schema_1(g, none())),
                None => Err(de::Error::missing_field(RED)),
            },
        }
    }
}

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FormVisitor(PhantomData))
    }
}

impl<'de> Deserialize<'de> for Placement {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FormVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_counted_is_not_kept() {
        assert_eq!(Counts::green_red(0, 0), Counts::default());
        assert_eq!(Placement::green_red(vec![], None), Placement::default());
        assert!(Counts::green_red(3, 0).is_schema_1());
        let amber: Counts = [("amber", 2)].into_iter().collect();
        assert!(!amber.is_schema_1());
        assert!(!Placement::green_red(vec![1], None).is_empty());
        let two_reds: Placement = [("red", vec![1, 2])].into_iter().collect();
        assert!(!two_reds.is_schema_1());
    }
}
