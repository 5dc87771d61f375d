//! The group profile and the roster, and how a quote is attributed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::event::ParticipantId;
use crate::stimulus::method::AttributionField;

/// Pilot or main stage fieldwork.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The first groups, testing the approach.
    Pilot,
    /// Main stage.
    #[default]
    Main,
}

/// Who the group is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct GroupProfile {
    /// Where ("Ashford, Kent"); the last part after a comma is used in
    /// attributions ("Kent").
    pub location: String,
    /// The day of the group.
    pub date: Option<NaiveDate>,
    /// Age band ("40-64").
    #[serde(default)]
    pub age_band: String,
    /// Social grade ("ABC1", "C2DE", "mixed").
    #[serde(default)]
    pub social_grade: String,
    /// Ethnicity mix ("all white British", "Afro-Caribbean").
    #[serde(default)]
    pub ethnicity_mix: String,
    /// Pilot or main stage.
    #[serde(default)]
    pub phase: Phase,
    /// The moderator's name.
    #[serde(default)]
    pub moderator: String,
    /// Anything else.
    #[serde(default)]
    pub notes: String,
}

/// A participant on the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Participant {
    /// Given in order of adding.
    pub id: ParticipantId,
    /// A first name or a label ("P3", "Sue").
    pub label: String,
    /// "Female", "Male", or as the participant says.
    #[serde(default)]
    pub gender: String,
    /// "40-64".
    #[serde(default)]
    pub age_band: String,
    /// Recorded only where the group's design calls for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    /// "C2DE".
    #[serde(default)]
    pub social_grade: String,
    /// "parent of young children", "net contributor".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descriptors: Vec<String>,
    /// Consent to record, asked at Arrival (None until asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<bool>,
}

impl GroupProfile {
    /// The place as the report prints it in an attribution: the last part
    /// of the location ("Ashford, Kent" → "Kent").
    pub fn attribution_place(&self) -> &str {
        self.location
            .rsplit(',')
            .next()
            .map(str::trim)
            .unwrap_or_default()
    }
}

/// The built-in pack's attribution order (the report's): gender, age,
/// ethnicity, place.
pub const REPORT_ATTRIBUTION: [AttributionField; 4] = [
    AttributionField::Gender,
    AttributionField::Age,
    AttributionField::Ethnicity,
    AttributionField::Place,
];

impl Participant {
    /// The attribution line the report prints under a quote, in the
    /// built-in order: "Female, 40-64, Kent" or "Female, 18-30,
    /// Afro-Caribbean, Birmingham". (A pack's own order:
    /// [`Participant::attribution_in`].)
    pub fn attribution(&self, profile: &GroupProfile) -> String {
        self.attribution_in(profile, &REPORT_ATTRIBUTION)
    }

    /// The attribution with the pack's fields, in its order (the empty
    /// ones left out).
    pub fn attribution_in(&self, profile: &GroupProfile, fields: &[AttributionField]) -> String {
        let mut parts: Vec<&str> = Vec::new();
        for f in fields {
            let part = match f {
                AttributionField::Label => self.label.as_str(),
                AttributionField::Gender => self.gender.as_str(),
                AttributionField::Age => self.age_band.as_str(),
                AttributionField::Ethnicity => self.ethnicity.as_deref().unwrap_or_default(),
                AttributionField::SocialGrade => self.social_grade.as_str(),
                AttributionField::Place => profile.attribution_place(),
            };
            if !part.trim().is_empty() {
                parts.push(part.trim());
            }
        }
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_matches_the_report() {
        let profile = GroupProfile {
            location: "Ashford, Kent".into(),
            ..Default::default()
        };
        let p = Participant {
            gender: "Female".into(),
            age_band: "40-64".into(),
            ..Default::default()
        };
        assert_eq!(p.attribution(&profile), "Female, 40-64, Kent");
        let profile = GroupProfile {
            location: "Birmingham".into(),
            ..Default::default()
        };
        let p = Participant {
            gender: "Female".into(),
            age_band: "18-30".into(),
            ethnicity: Some("Afro-Caribbean".into()),
            ..Default::default()
        };
        assert_eq!(
            p.attribution(&profile),
            "Female, 18-30, Afro-Caribbean, Birmingham"
        );
    }
}
