//! The group profile form, and the participant form used by the roster.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::domain::event::Event;
use crate::domain::profile::{GroupProfile, Participant, Phase};
use crate::domain::session::check_profile;
use crate::stimulus::Pack;
use crate::stimulus::method::{RosterField, RosterKind};
use crate::tui::form::{Field, Form, FormInput, FormOutcome};
use crate::tui::state::{Outcome, Screen};
use crate::tui::theme;
use crate::tui::widgets::roster::RosterState;

const NEW_TITLE: &str = " New group: profile ";
const EDIT_TITLE: &str = " Group profile ";

/// The profile form, empty for a new group (with the plan choice) or
/// filled from `profile` to edit it.
pub fn profile_form(pack: &Pack, profile: Option<&GroupProfile>, today: NaiveDate) -> Form {
    let p = profile.cloned().unwrap_or_default();
    let mut fields = vec![
        Field::text("Location", p.location, "town, county: \"Ashford, Kent\"").required(),
        Field::text(
            "Date",
            p.date.unwrap_or(today).format("%Y-%m-%d").to_string(),
            "YYYY-MM-DD",
        )
        .required(),
    ];
    if profile.is_none() {
        let plans: Vec<&str> = pack.plans.iter().map(|p| p.title.as_str()).collect();
        fields.push(Field::choice(
            "Group",
            &plans,
            plans.first().copied().unwrap_or_default(),
        ));
    }
    let phase = match p.phase {
        Phase::Pilot => "pilot",
        Phase::Main => "main stage",
    };
    fields.extend([
        Field::text("Age band", p.age_band, "e.g. 40-64"),
        Field::text("Social grade", p.social_grade, "e.g. ABC1, C2DE, mixed"),
        Field::text("Ethnicity mix", p.ethnicity_mix, "e.g. all white British"),
        Field::choice("Stage", &["main stage", "pilot"], phase),
        Field::text("Moderator", p.moderator, "your name"),
        Field::text("Notes", p.notes, "anything else about the group"),
    ]);
    Form::new(
        if profile.is_none() {
            NEW_TITLE
        } else {
            EDIT_TITLE
        },
        fields,
    )
}

/// Read a profile back from the form, or say what is wrong.
pub fn profile_from(form: &Form) -> Result<GroupProfile, String> {
    let date = form.get("Date");
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map_err(|_| format!("\"{date}\" is not a date: type it as YYYY-MM-DD."))?;
    let profile = GroupProfile {
        location: form.get("Location").to_string(),
        date: Some(date),
        age_band: form.get("Age band").to_string(),
        social_grade: form.get("Social grade").to_string(),
        ethnicity_mix: form.get("Ethnicity mix").to_string(),
        phase: if form.get("Stage") == "pilot" {
            Phase::Pilot
        } else {
            Phase::Main
        },
        moderator: form.get("Moderator").to_string(),
        notes: form.get("Notes").to_string(),
    };
    check_profile(&profile).map_err(|e| e.0)?;
    Ok(profile)
}

/// The participant form, empty or filled from `p`: its label, the rows
/// the pack's roster asks (`roster`), and the consent to record.
pub fn participant_form(roster: &[RosterField], p: Option<&Participant>) -> Form {
    let q = p.cloned().unwrap_or_default();
    let consent = match q.consent {
        None => "not asked",
        Some(true) => "yes",
        Some(false) => "no",
    };
    let mut fields = vec![Field::text("Label", q.label.clone(), "first name or number").required()];
    for r in roster {
        let value = match r.kind {
            RosterKind::Gender => q.gender.clone(),
            RosterKind::Age => q.age_band.clone(),
            RosterKind::Ethnicity => q.ethnicity.clone().unwrap_or_default(),
            RosterKind::SocialGrade => q.social_grade.clone(),
            RosterKind::Descriptors => q.descriptors.join(", "),
        };
        fields.push(
            Field::text("", value, "")
                .named(r.label.clone())
                .hinted(r.hint.clone()),
        );
    }
    fields.push(Field::choice(
        "Consent to record",
        &["not asked", "yes", "no"],
        consent,
    ));
    Form::new(
        if p.is_some() {
            " Edit participant "
        } else {
            " Add participant "
        },
        fields,
    )
}

/// Read a participant back from the form: `base` (the participant edited,
/// if any) with the rows the roster asks taken from the form, so a field
/// the pack's roster does not ask keeps what was recorded.
pub fn participant_from(
    form: &Form,
    roster: &[RosterField],
    id: u32,
    base: Option<&Participant>,
) -> Participant {
    let mut p = base.cloned().unwrap_or_default();
    p.id = id;
    p.label = form.get("Label").to_string();
    for r in roster {
        let v = form.get(&r.label);
        match r.kind {
            RosterKind::Gender => p.gender = v.to_string(),
            RosterKind::Age => p.age_band = v.to_string(),
            RosterKind::Ethnicity => p.ethnicity = (!v.is_empty()).then(|| v.to_string()),
            RosterKind::SocialGrade => p.social_grade = v.to_string(),
            RosterKind::Descriptors => {
                p.descriptors = v
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
            }
        }
    }
    p.consent = match form.get("Consent to record") {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    p
}

/// The profile form's answer to an input (`live`: a session is open, so
/// the profile is edited, not a new group begun). Changes only the form.
pub fn on_input(
    form: &mut Form,
    input: FormInput,
    live: bool,
    pack: &Pack,
    now: DateTime<Utc>,
) -> Outcome {
    match form.on_input(input) {
        FormOutcome::Editing => Outcome::Nothing,
        FormOutcome::Cancel if live => Outcome::Goto(Screen::Roster(RosterState::default())),
        FormOutcome::Cancel => Outcome::StartOrQuit,
        FormOutcome::Submit => submit_profile(form, live, pack, now),
    }
}

fn submit_profile(form: &Form, live: bool, pack: &Pack, now: DateTime<Utc>) -> Outcome {
    if let Some(label) = form.missing() {
        return Outcome::Refuse(format!("{label} is needed."));
    }
    let profile = match profile_from(form) {
        Ok(p) => p,
        Err(why) => return Outcome::Refuse(why),
    };
    if live {
        return Outcome::Chain(vec![
            Outcome::Record {
                event: Event::ProfileChanged { profile },
                said: Some("Profile saved.".into()),
            },
            Outcome::Goto(Screen::Roster(RosterState::default())),
        ]);
    }
    let title = form.get("Group");
    let plan = pack
        .plans
        .iter()
        .find(|p| p.title == title)
        .or(pack.plans.first())
        .map(|p| p.id.clone())
        .unwrap_or_default();
    let date = profile.date.unwrap_or(now.date_naive());
    Outcome::Create {
        profile,
        plan,
        date,
    }
}

/// Draw a form screen with a short explanation above it.
pub fn draw(f: &mut Frame, area: Rect, form: &Form) {
    let mut lines = vec![
        Line::styled(
            "Fields with * are needed. ↑/↓ or Tab to move, Enter for the next field, Ctrl-S to save.",
            theme::dim(),
        ),
        Line::raw(""),
    ];
    lines.extend(form.lines(14));
    let p = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(form.title.clone()));
    f.render_widget(p, area);
}
