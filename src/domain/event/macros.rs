//! `event_enum!`: [`Event`](super::Event) written once, and from the same
//! definition the plain types the journal's one-pass reader needs (the
//! reader itself is storage code: store/decode.rs).

/// Defines [`Event`] exactly as written, and beside it, for the journal's
/// one-pass reader (store/decode.rs): `Tag` (the names of the variants, read as the enum's derive reads
/// its `type`), a module `fields` of one struct per variant (its fields,
/// with their serde attributes), and `read_fields`, which reads a variant's
/// fields from the rest of an object.
macro_rules! event_enum {
    (
        $(#[$emeta:meta])*
        pub enum Event {
            $(
                $(#[$vmeta:meta])*
                $Variant:ident $({
                    $(
                        $(#[$fmeta:meta])*
                        $field:ident : $fty:ty
                    ),* $(,)?
                })?
            ),* $(,)?
        }
    ) => {
        $(#[$emeta])*
        pub enum Event {
            $(
                $(#[$vmeta])*
                $Variant $({
                    $(
                        $(#[$fmeta])*
                        $field: $fty,
                    )*
                })?,
            )*
        }

        /// The `type` of an event: the names of [`Event`]'s variants.
        #[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub(crate) enum Tag {
            $( $Variant, )*
        }

        /// One struct per variant of [`Event`], with the variant's fields.
        #[allow(non_snake_case, dead_code)]
        pub(crate) mod fields {
            use super::*;
            $(
                #[derive(Deserialize)]
                pub(crate) struct $Variant {
                    $($(
                        $(#[$fmeta])*
                        pub(crate) $field: $fty,
                    )*)?
                }
            )*
        }

        /// Read the fields of a `tag` event from the rest of `map`.
        pub(crate) fn read_fields<'de, A: serde::de::MapAccess<'de>>(
            tag: Tag,
            map: A,
        ) -> Result<Event, A::Error> {
            let map = serde::de::value::MapAccessDeserializer::new(map);
            Ok(match tag {
                $(
                    Tag::$Variant => {
                        #[allow(unused_variables)]
                        let f = fields::$Variant::deserialize(map)?;
                        Event::$Variant { $($( $field: f.$field, )*)? }
                    }
                )*
            })
        }

        #[cfg(test)]
        /// Every tag, in the enum's order (for the tests).
        pub(crate) const TAGS: &[Tag] = &[$( Tag::$Variant, )*];
    };
}
