//! Reading an [`EventRecord`] from JSON, in one pass.
//!
//! A record is one flat object: `seq`, `at`, `type`, then the event's
//! fields (the writer always puts those three first). Derived with
//! `#[serde(flatten)]` over the internally tagged [`Event`], serde buffered
//! every record into its generic `Content` tree, then buffered it again to
//! find the tag, and only then read a field. Sessions are read by the
//! thousand (`report`, the coverage of the other groups), so here:
//!
//! - `seq` and `at` are taken out of the object as it streams by, wherever
//!   they stand;
//! - when `type` is the first other key (always, as written), the variant's
//!   fields are read straight from the rest of the object into a struct
//!   that mirrors the variant (`event_enum!` in domain/event/macros.rs
//!   makes one per variant from the enum's own definition, so they cannot
//!   drift apart);
//! - otherwise the object goes to the enum's derived reader, with the key
//!   already read put back in front: any order of keys still reads.
//!
//! The format, what is accepted and the messages are the derived ones; a
//! test checks every kind of event, reordered, cut and damaged, both ways.
//! Two differences: a number or a list where a name is expected (`type`,
//! `shown`) is refused (serde's buffer took it as a variant's position in
//! the enum); and something else where an enum is expected gets
//! serde_json's shorter "expected value", at the same place.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde::de::value::{CowStrDeserializer, MapAccessDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};

use crate::domain::event::time::{At, Text};
use crate::domain::event::{Event, EventRecord, Tag, read_fields};

impl<'de> Deserialize<'de> for EventRecord {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RecordVisitor)
    }
}

struct RecordVisitor;

impl<'de> Visitor<'de> for RecordVisitor {
    type Value = EventRecord;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event record: an object with seq, at and type")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<EventRecord, A::Error> {
        let mut rest = Rest {
            map,
            seq: None,
            at: None,
            tagged: false,
        };
        let event = match rest.next_other_key()? {
            Some(key) if key == "type" => {
                // Read as a string first, as the derive reads a tag (a
                // number is not taken as a variant's position).
                let tag = rest.map.next_value_seed(Text("variant identifier"))?;
                let tag: CowStrDeserializer<A::Error> = tag.into_deserializer();
                let tag = Tag::deserialize(tag)?;
                rest.tagged = true;
                read_fields(tag, &mut rest)?
            }
            Some(key) => Event::deserialize(MapAccessDeserializer::new(PutBack {
                key: Some(key),
                rest: &mut rest,
            }))?,
            None => return Err(de::Error::missing_field("type")),
        };
        // Both readers read the object to its end, so `seq` and `at` have
        // been seen by now if they are there at all.
        Ok(EventRecord {
            seq: rest.seq.ok_or_else(|| de::Error::missing_field("seq"))?,
            at: rest.at.ok_or_else(|| de::Error::missing_field("at"))?,
            event,
        })
    }
}

/// The rest of a record's object, with `seq` and `at` taken out (into the
/// fields) wherever they stand, and `type` refused once it has been read.
struct Rest<A> {
    map: A,
    seq: Option<u64>,
    at: Option<DateTime<Utc>>,
    tagged: bool,
}

impl<'de, A: MapAccess<'de>> Rest<A> {
    /// The next key that is not `seq` or `at` (whose values are read).
    fn next_other_key(&mut self) -> Result<Option<Cow<'de, str>>, A::Error> {
        while let Some(key) = self.map.next_key_seed(KEY)? {
            match key.as_ref() {
                "seq" => {
                    if self.seq.is_some() {
                        return Err(de::Error::duplicate_field("seq"));
                    }
                    self.seq = Some(self.map.next_value()?);
                }
                "at" => {
                    if self.at.is_some() {
                        return Err(de::Error::duplicate_field("at"));
                    }
                    self.at = Some(self.map.next_value::<At>()?.0);
                }
                "type" if self.tagged => return Err(de::Error::duplicate_field("type")),
                _ => return Ok(Some(key)),
            }
        }
        Ok(None)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for &mut Rest<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.next_other_key()? {
            Some(key) => {
                let key: CowStrDeserializer<A::Error> = key.into_deserializer();
                seed.deserialize(key).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// [`Rest`] with a key already read put back in front.
struct PutBack<'r, 'de, A> {
    key: Option<Cow<'de, str>>,
    rest: &'r mut Rest<A>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for PutBack<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.key.take() {
            Some(key) => {
                let key: CowStrDeserializer<A::Error> = key.into_deserializer();
                seed.deserialize(key).map(Some)
            }
            None => (&mut *self.rest).next_key_seed(seed),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.rest.map.next_value_seed(seed)
    }
}

/// A key of an object.
const KEY: Text = Text("a string");

#[cfg(test)]
mod tests {
    use super::*;

    /// One line per kind of event, as the app writes them.
    const EVERY_EVENT: &str = include_str!("../../tests/fixtures/every-event.jsonl");

    /// The reader this module replaces: serde's derive, flattened.
    #[derive(Deserialize)]
    struct Derived {
        seq: u64,
        at: DateTime<Utc>,
        #[serde(flatten)]
        event: Event,
    }

    /// What a reader made of a text: the record, or the error's message
    /// without its position.
    fn outcome<T>(r: Result<T, serde_json::Error>) -> Result<T, String> {
        r.map_err(|e| {
            let m = e.to_string();
            match m.find(" at line ") {
                Some(i) => m[..i].to_string(),
                None => m,
            }
        })
    }

    fn ours(text: &str) -> Result<EventRecord, String> {
        outcome(serde_json::from_str::<EventRecord>(text))
    }

    fn derived(text: &str) -> Result<EventRecord, String> {
        outcome(serde_json::from_str::<Derived>(text)).map(|d| EventRecord {
            seq: d.seq,
            at: d.at,
            event: d.event,
        })
    }

    fn samples() -> Vec<(&'static str, serde_json::Map<String, serde_json::Value>)> {
        // (The map for looking up; `every_change_…` reads the order too.)
        EVERY_EVENT
            .lines()
            .map(|l| (l, serde_json::from_str(l).unwrap()))
            .collect()
    }

    #[test]
    fn every_kind_of_event_has_a_sample() {
        let written: Vec<Tag> = samples()
            .iter()
            .map(|(_, m)| serde_json::from_value(m["type"].clone()).unwrap())
            .collect();
        for tag in crate::domain::event::TAGS {
            assert!(written.contains(tag), "no {tag:?} in every-event.jsonl");
        }
    }

    #[test]
    fn every_kind_of_event_reads_as_the_derive_did_and_writes_back_the_same() {
        for (line, _) in samples() {
            let a = ours(line).unwrap();
            assert_eq!(Ok(a.clone()), derived(line), "{line}");
            assert_eq!(serde_json::to_string(&a).unwrap(), line);
        }
    }

    /// Every sample with its keys in another order, a key twice, a key left
    /// out, or a value of the wrong kind: the reader accepts what the
    /// derive accepted and says what it said (leaving the position out),
    /// with the two exceptions named below, so old files and damaged ones
    /// are judged as before.
    #[test]
    fn every_change_to_a_sample_is_judged_as_the_derive_judged_it() {
        use serde_json::Value;
        type Pairs = Vec<(String, Value)>;
        /// An object's entries in the order written.
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Pairs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(out)
            }
        }
        let text = |pairs: &[(String, Value)]| {
            let inner: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}:{v}", Value::from(k.as_str())))
                .collect();
            format!("{{{}}}", inner.join(","))
        };
        let mut tried = 0;
        for (line, _) in samples() {
            let pairs = serde_json::Deserializer::from_str(line)
                .deserialize_map(Ordered)
                .unwrap();
            assert_eq!(pairs[2].0, "type", "{line}");
            let mut variants = Vec::new();
            // Reversed; each key moved to the front; each key twice.
            variants.push(text(&pairs.iter().rev().cloned().collect::<Pairs>()));
            for k in 0..pairs.len() {
                let mut moved = pairs.clone();
                let entry = moved.remove(k);
                moved.insert(0, entry.clone());
                variants.push(text(&moved));
                moved.push(entry);
                variants.push(text(&moved));
            }
            // Each key left out, or given a value of the wrong kind, in
            // place (so the record is read the quick way up to there).
            for k in 0..pairs.len() {
                let mut m = pairs.clone();
                m.remove(k);
                variants.push(text(&m));
                for wrong in [
                    Value::Null,
                    Value::Bool(true),
                    Value::from(-3),
                    Value::from(u64::MAX),
                    Value::from(6),
                    Value::from(2.5),
                    Value::from("x"),
                    Value::from(vec![1]),
                    Value::Object(serde_json::Map::new()),
                ] {
                    let mut m = pairs.clone();
                    m[k].1 = wrong;
                    variants.push(text(&m));
                }
            }
            // An unknown key before and after the type.
            variants.push(line.replacen("{", r#"{"extra":{"a":[1]},"#, 1));
            variants.push(format!(r#"{},"extra":1}}"#, &line[..line.len() - 1]));
            for v in variants {
                match (ours(&v), derived(&v)) {
                    (a, b) if a == b => {}
                    // Where an enum is expected and something else is
                    // given, serde_json reading directly says less than
                    // serde's buffer did; both refuse, at the same place.
                    (Err(a), Err(b))
                        if a == "expected value"
                            && (b.ends_with("expected string or map")
                                || b.ends_with("expected map with a single key")) => {}
                    // A number or a list where a name is expected: serde's
                    // buffer took it as a variant's position in the enum,
                    // never part of the format. Refused now.
                    (Err(a), _) if a.ends_with("expected variant identifier") => {}
                    (a, b) => panic!("{v}\n  now: {a:?}\n  derive: {b:?}"),
                }
                tried += 1;
            }
        }
        assert!(tried > 2000, "{tried}");
    }

    #[test]
    fn record_reads_keys_in_any_order_and_refuses_what_is_missing_or_twice() {
        let written =
            r#"{"seq":7,"at":"2010-02-14T14:19:00Z","type":"note_starred","id":3,"starred":true}"#;
        let moved = r#"{"type":"note_starred","starred":true,"at":"2010-02-14T14:19:00Z","id":3,"seq":7,"extra":[1,{"a":2}]}"#;
        let a: EventRecord = serde_json::from_str(written).unwrap();
        let b: EventRecord = serde_json::from_str(moved).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.seq, 7);
        assert_eq!(
            a.event,
            Event::NoteStarred {
                id: 3,
                starred: true
            }
        );
        assert_eq!(serde_json::to_string(&a).unwrap(), written);

        let escaped = r#"{"s\u0065q":7,"at":"2010-02-14T14:19:00Z","type":"closed"}"#;
        assert_eq!(serde_json::from_str::<EventRecord>(escaped).unwrap().seq, 7);

        for (text, says) in [
            (
                r#"{"at":"2010-02-14T14:19:00Z","type":"closed"}"#,
                "missing field `seq`",
            ),
            (r#"{"seq":1,"type":"closed"}"#, "missing field `at`"),
            (
                r#"{"seq":1,"at":"2010-02-14T14:19:00Z"}"#,
                "missing field `type`",
            ),
            (
                r#"{"seq":1,"seq":2,"at":"2010-02-14T14:19:00Z","type":"closed"}"#,
                "duplicate field `seq`",
            ),
            (
                r#"{"seq":1,"at":"2010-02-30T14:19:00Z","type":"closed"}"#,
                "out of range",
            ),
            (
                r#"{"seq":-1,"at":"2010-02-14T14:19:00Z","type":"closed"}"#,
                "invalid value",
            ),
            (
                r#"{"seq":1,"at":"2010-02-14T14:19:00Z","type":"nonsense"}"#,
                "unknown variant `nonsense`",
            ),
            (
                r#"{"seq":1,"at":"2010-02-14T14:19:00Z","type":"note_starred","id":3}"#,
                "missing field `starred`",
            ),
            (r#"[1,2]"#, "invalid type"),
        ] {
            let err = serde_json::from_str::<EventRecord>(text)
                .unwrap_err()
                .to_string();
            assert!(err.contains(says), "{text}: {err}");
        }
    }
}
