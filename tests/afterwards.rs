//! Afterwards: the export of one group (Markdown, CSV, JSON), the report
//! over a folder of groups, and demo sessions.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use facilitator::afterwards::{demo, export, report};
use facilitator::cli::{ExportFormat, ReportFormat};
use facilitator::domain::event::schema1::{Gut, Reach, Stage3Answer};
use facilitator::domain::event::{
    Event, EventRecord, NoteKind, NotePlace, PickKind, Scale, StickerMode,
};
use facilitator::domain::ideas::{Coverage, suggest};
use facilitator::domain::profile::{GroupProfile, Participant, Phase};
use facilitator::domain::session::Session;
use facilitator::domain::state::SessionState;
use facilitator::stimulus::{Pack, embedded};
use facilitator::store::SessionsDir;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_facilitator");

const LABELS: [&str; 8] = [
    "Sue", "Dave", "Karen", "Gary", "Marcia", "Ian", "Linda", "Steve",
];

// ---------------------------------------------------------------------------
// A fixed group, built through the real checks
// ---------------------------------------------------------------------------

fn at(day: (i32, u32, u32), h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(day.0, day.1, day.2, h, m, 0)
        .single()
        .unwrap()
}

struct Fx {
    pack: Pack,
    s: Session,
    day: (i32, u32, u32),
    next_note: u32,
}

impl Fx {
    fn new(id: &str, plan: &str, profile: GroupProfile, day: (i32, u32, u32)) -> Fx {
        let pack = embedded();
        let first = Session::created_event(id, plan, &pack, profile, at(day, 18, 0));
        let s = Session::from_events(&pack, vec![first]);
        Fx {
            pack,
            s,
            day,
            next_note: 1,
        }
    }

    fn ev(&mut self, h: u32, m: u32, e: Event) {
        if let Err(r) = self.s.record(&self.pack, e.clone(), at(self.day, h, m)) {
            panic!("{e:?} was refused: {r}");
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn note(
        &mut self,
        h: u32,
        m: u32,
        kind: NoteKind,
        step: &str,
        section: Option<&str>,
        idea: Option<u32>,
        text: &str,
        who: Option<u32>,
        codes: &[&str],
    ) -> u32 {
        let id = self.next_note;
        self.next_note += 1;
        self.ev(
            h,
            m,
            Event::NoteAdded {
                id,
                kind,
                place: NotePlace {
                    step: step.into(),
                    section: section.map(str::to_string),
                    idea,
                },
                text: text.into(),
                participant: who,
                codes: codes.iter().map(|c| c.to_string()).collect(),
                begun: None,
            },
        );
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn quote(
        &mut self,
        h: u32,
        m: u32,
        step: &str,
        sec: Option<&str>,
        idea: Option<u32>,
        text: &str,
        who: u32,
    ) -> u32 {
        self.note(h, m, NoteKind::Quote, step, sec, idea, text, Some(who), &[])
    }

    #[allow(clippy::too_many_arguments)]
    fn memo(
        &mut self,
        h: u32,
        m: u32,
        step: &str,
        sec: Option<&str>,
        idea: Option<u32>,
        text: &str,
        codes: &[&str],
    ) -> u32 {
        self.note(h, m, NoteKind::Note, step, sec, idea, text, None, codes)
    }

    fn step(&mut self, h: u32, m: u32, key: &str) {
        self.ev(h, m, Event::StepEntered { step: key.into() });
    }

    fn section(&mut self, h: u32, m: u32, id: &str) {
        self.ev(h, m, Event::SectionEntered { section: id.into() });
    }

    fn pick(&mut self, h: u32, m: u32, kind: PickKind, slot: u32, chosen: Option<(u32, &str)>) {
        let sug = suggest(&self.pack, self.s.state(), &Coverage::default(), kind);
        let (idea, reason) = match chosen {
            Some((i, r)) => (i, Some(r.to_string())),
            None => (sug.idea.unwrap(), None),
        };
        let e = sug.pick_event(slot, idea, reason);
        self.ev(h, m, e);
    }

    fn rate(&mut self, h: u32, m: u32, idea: u32, d: Option<u8>, a: Option<u8>, e: Option<u8>) {
        for (scale, v) in [
            (Scale::Desirable, d),
            (Scale::Achievable, a),
            (Scale::Equitable, e),
        ] {
            if let Some(value) = v {
                self.ev(
                    h,
                    m,
                    Event::Rated {
                        idea: Some(idea),
                        scale,
                        value: Some(value),
                        dont_know: false,
                    },
                );
            }
        }
    }

    fn events(&self) -> Vec<EventRecord> {
        self.s.events().to_vec()
    }
}

fn person(id: u32, label: &str, gender: &str, grade: &str) -> Participant {
    Participant {
        id,
        label: label.into(),
        gender: gender.into(),
        age_band: "40-64".into(),
        social_grade: grade.into(),
        ..Default::default()
    }
}

/// A full group in Ashford, Kent, from the roster to the end, every step
/// with something in it: a removed participant, an edited note, a struck
/// out one, a pause, per-participant stickers with a tie, an override, a
/// joker, ratings (one missing), equity, Stage 3 and a recording.
fn ashford() -> Fx {
    let profile = GroupProfile {
        location: "Ashford, Kent".into(),
        date: NaiveDate::from_ymd_opt(2010, 2, 3),
        age_band: "40-64".into(),
        social_grade: "C2DE".into(),
        ethnicity_mix: "mostly white British".into(),
        phase: Phase::Main,
        moderator: "J. Smith".into(),
        notes: "Recruited as parents of children at home. Sue knows the venue manager.".into(),
    };
    let mut f = Fx::new("2010-02-03-ashford-kent", "full", profile, (2010, 2, 3));
    let mut people = vec![
        Participant {
            descriptors: vec!["parent of children at home".into()],
            ..person(1, "Sue", "Female", "C2")
        },
        person(2, "Dave", "Male", "D"),
        Participant {
            descriptors: vec!["chronic health condition".into()],
            ..person(3, "Karen", "Female", "C2")
        },
        person(4, "Gary", "Male", "E"),
        Participant {
            ethnicity: Some("Afro-Caribbean".into()),
            ..person(5, "Marcia", "Female", "C2")
        },
        person(6, "Ian", "Male", "D"),
        person(7, "Linda", "Female", "C2"),
        person(8, "Steve", "Male", "C2"),
    ];
    for (k, p) in people.drain(..).enumerate() {
        f.ev(18, k as u32 / 4, Event::ParticipantAdded { participant: p });
    }
    f.ev(18, 5, Event::Started);
    f.step(18, 5, "arrival");
    for p in 1..=8 {
        f.ev(
            18,
            6,
            Event::ConsentGiven {
                participant: p,
                consent: p != 4,
            },
        );
    }
    f.ev(
        18,
        7,
        Event::RecordingStarted {
            name: Some("ashford-2.wav".into()),
        },
    );
    f.note(
        18,
        9,
        NoteKind::Note,
        "arrival",
        None,
        None,
        "Last contact with a public service: GP appointment last week.",
        Some(2),
        &[],
    );
    f.quote(
        18,
        11,
        "arrival",
        None,
        None,
        "I only ever ring the council when the bins are missed.",
        8,
    );
    f.ev(18, 14, Event::ParticipantRemoved { id: 8 });

    f.step(18, 17, "capabilities");
    for w in ["Health", "Family and friends", "Security", "A job"] {
        f.ev(
            18,
            18,
            Event::FlipchartAdded {
                step: "capabilities".into(),
                text: w.into(),
            },
        );
    }
    f.ev(
        18,
        19,
        Event::FlipchartRemoved {
            step: "capabilities".into(),
            index: 3,
        },
    );
    f.ev(
        18,
        19,
        Event::FlipchartAdded {
            step: "capabilities".into(),
            text: "A decent job".into(),
        },
    );
    f.memo(
        18,
        20,
        "capabilities",
        None,
        None,
        "Security and health came up first, before anything else.",
        &["security", "health"],
    );
    f.quote(
        18,
        21,
        "capabilities",
        None,
        None,
        "You need to know that the support, the guidance, the help is there when you need it most.",
        3,
    );

    f.step(18, 22, "life-stage");
    f.memo(
        18,
        23,
        "life-stage",
        None,
        None,
        "Parents in the group: schools and the GP matter most right now.",
        &["education"],
    );
    f.ev(18, 24, Event::Paused);
    f.ev(18, 29, Event::Resumed);
    f.memo(
        18,
        29,
        "life-stage",
        None,
        None,
        "Fire alarm test: everyone stepped out.",
        &[],
    );

    f.step(18, 31, "assistance");
    f.memo(
        18,
        33,
        "assistance",
        None,
        None,
        "Family first; government is the safety net when family can't help.",
        &["support"],
    );

    f.step(18, 36, "why-public-services");
    f.ev(
        18,
        37,
        Event::FlipchartAdded {
            step: "why-public-services".into(),
            text: "A safety net".into(),
        },
    );
    f.ev(
        18,
        37,
        Event::FlipchartAdded {
            step: "why-public-services".into(),
            text: "Order".into(),
        },
    );
    f.quote(18, 38, "why-public-services", None, None, "Public services are a safety net... you cannot get too comfortable if you do not have a safety net.", 6);
    let wrong = f.memo(
        18,
        39,
        "why-public-services",
        None,
        None,
        "Sue said this twice (struck out)",
        &[],
    );
    f.ev(18, 39, Event::NoteDeleted { id: wrong });

    f.step(18, 41, "are-they-important");
    let pride = f.memo(
        18,
        42,
        "are-they-important",
        None,
        None,
        "Pride in the NHS",
        &[],
    );
    f.ev(
        18,
        43,
        Event::NoteEdited {
            id: pride,
            text: "Pride in the NHS and the fire service; taken for granted until you need them."
                .into(),
            participant: None,
            codes: vec!["health".into()],
        },
    );
    f.memo(
        18,
        44,
        "are-they-important",
        None,
        None,
        "Sue disagreed: the NHS wastes money on managers.",
        &["cost"],
    );

    f.step(18, 46, "gallery");
    f.ev(
        18,
        47,
        Event::StickerModeSet {
            mode: StickerMode::PerParticipant,
        },
    );
    let votes: [(u32, &[u32], Option<u32>); 7] = [
        (1, &[4, 5], Some(2)),
        (2, &[5, 1], Some(2)),
        (3, &[4, 9], Some(7)),
        (4, &[4, 5], Some(2)),
        (5, &[5, 6], Some(9)),
        (6, &[1, 4], Some(7)),
        (7, &[8, 3], None),
    ];
    for (p, green, red) in votes {
        f.ev(
            18,
            50,
            Event::StickersPlaced {
                participant: p,
                votes: facilitator::domain::event::Placement::green_red(green.to_vec(), red),
            },
        );
    }
    f.ev(18, 51, Event::TallyRevealed { shown: true });
    f.memo(
        18,
        52,
        "gallery",
        None,
        None,
        "Several asked how citizen advisors differ from Citizens Advice.",
        &[],
    );
    f.pick(18, 54, PickKind::Popular, 1, None);
    f.pick(
        18,
        55,
        PickKind::Contentious,
        2,
        Some((7, "The group had argued about user charging in the gallery already; Dave asked for alternative providers instead.")),
    );
    f.pick(18, 56, PickKind::Joker, 3, None);

    // Idea 4, the most popular.
    f.step(18, 58, "discuss-a-1");
    f.section(18, 58, "desirability");
    f.memo(
        18,
        59,
        "discuss-a-1",
        Some("desirability"),
        Some(4),
        "Popular: finding out about entitlements people don't know they have.",
        &["support"],
    );
    f.quote(19, 1, "discuss-a-1", Some("desirability"), Some(4), "Sometimes as people we don't know what we're entitled to. They're not going to come running to tell you...so I think having an advisor who knows all the stuff and can answer any questions... I like that idea.", 7);
    f.section(19, 3, "equity");
    let key = f.quote(19, 4, "discuss-a-1", Some("equity"), Some(4), "Most people don't know what they should be getting really. With this, you just get what you're entitled to.", 5);
    // Starred as a key verbatim: the report lists it first in its section.
    f.ev(
        19,
        5,
        Event::NoteStarred {
            id: key,
            starred: true,
        },
    );
    f.ev(
        19,
        5,
        Event::EquityTicked {
            idea: 4,
            dimension: "SEG".into(),
            on: true,
        },
    );
    f.ev(
        19,
        5,
        Event::EquityTicked {
            idea: 4,
            dimension: "Age".into(),
            on: true,
        },
    );
    f.section(19, 7, "achievability");
    f.memo(
        19,
        8,
        "discuss-a-1",
        Some("achievability"),
        Some(4),
        "Independence from the council seen as crucial.",
        &["accountability"],
    );
    f.quote(
        19,
        10,
        "discuss-a-1",
        Some("achievability"),
        Some(4),
        "What I'm against is a whole swathe of advisors mushrooming up.",
        2,
    );
    f.step(19, 13, "discuss-b-1");
    f.section(19, 13, "buy-in");
    f.memo(
        19,
        14,
        "discuss-b-1",
        Some("buy-in"),
        Some(4),
        "All but one would use it; nobody would volunteer to be one.",
        &[],
    );
    f.section(19, 18, "rating");
    f.rate(19, 20, 4, Some(8), Some(6), Some(8));

    // Idea 7, chosen over the rule's most contentious.
    f.step(19, 23, "discuss-a-2");
    f.section(19, 23, "desirability");
    f.quote(19, 25, "discuss-a-2", Some("desirability"), Some(7), "A lot of services would obviously be better if there was competition... but there has got to be certain services that are provided no matter what and don't work for a profit, they have a conscience.", 3);
    f.section(19, 28, "achievability");
    f.quote(19, 29, "discuss-a-2", Some("achievability"), Some(7), "If all of these services have been chucked out to private companies, fragmented in other words, it is not transparent any more, you do not know who to blame, who is responsible.", 6);
    f.section(19, 33, "equity");
    f.memo(
        19,
        34,
        "discuss-a-2",
        Some("equity"),
        Some(7),
        "Two-tier service feared: the better off would get the good providers.",
        &["fairness"],
    );
    f.ev(
        19,
        34,
        Event::EquityTicked {
            idea: 7,
            dimension: "Geography".into(),
            on: true,
        },
    );
    f.step(19, 38, "discuss-b-2");
    f.section(19, 38, "values");
    f.memo(
        19,
        40,
        "discuss-b-2",
        Some("values"),
        Some(7),
        "Clashes with the value of a safety net for everyone.",
        &["security"],
    );
    f.section(19, 44, "rating");
    f.rate(19, 45, 7, Some(3), Some(5), Some(4));

    // Idea 1, the joker; the group ran out of time before rating it equitable.
    f.step(19, 48, "discuss-a-3");
    f.section(19, 48, "desirability");
    f.quote(
        19,
        50,
        "discuss-a-3",
        Some("desirability"),
        Some(1),
        "You've got your core things...there are core areas you need to have in place.",
        1,
    );
    f.memo(
        19,
        52,
        "discuss-a-3",
        None,
        Some(1),
        "Group tired; short discussion.",
        &[],
    );
    f.step(19, 58, "discuss-b-3");
    f.section(19, 58, "rating");
    f.rate(20, 1, 1, Some(5), Some(4), None);

    f.step(20, 3, "change");
    f.memo(
        20,
        4,
        "change",
        None,
        None,
        "Wary of big changes; fix what is broken first.",
        &["security"],
    );
    let answers = [
        (
            1,
            Gut::InFavour,
            Some(true),
            "NHS",
            Some(Reach::AboutRight),
            "Ask the people who use the services.",
        ),
        (2, Gut::Opposed, Some(false), "", Some(Reach::TooFar), ""),
        (
            3,
            Gut::Undecided,
            Some(true),
            "social care, schools",
            None,
            "Keep the safety net.",
        ),
        (
            6,
            Gut::InFavour,
            Some(true),
            "police",
            Some(Reach::NotFarEnough),
            "",
        ),
    ];
    for (p, gut, reform, services, reach, tip) in answers {
        f.ev(
            20,
            8,
            Event::Stage3Answered {
                participant: p,
                answer: Stage3Answer {
                    gut: Some(gut),
                    reform_needed: reform,
                    services: services.into(),
                    reach,
                    top_tip: tip.into(),
                },
            },
        );
    }
    f.ev(20, 12, Event::RecordingStopped);
    f.ev(20, 13, Event::Finished);
    f
}

/// A mini group in Oxford (stickers per poster, two ideas).
fn oxford() -> Fx {
    let profile = GroupProfile {
        location: "Oxford".into(),
        date: NaiveDate::from_ymd_opt(2010, 2, 4),
        age_band: "25-39".into(),
        social_grade: "ABC1".into(),
        phase: Phase::Main,
        ..Default::default()
    };
    let mut f = Fx::new("2010-02-04-oxford", "mini", profile, (2010, 2, 4));
    for (k, (label, g)) in [
        ("Tom", "Male"),
        ("Emma", "Female"),
        ("Raj", "Male"),
        ("Helen", "Female"),
        ("Lucy", "Female"),
    ]
    .into_iter()
    .enumerate()
    {
        f.ev(
            18,
            1,
            Event::ParticipantAdded {
                participant: Participant {
                    age_band: "25-39".into(),
                    ..person(k as u32 + 1, label, g, "C1")
                },
            },
        );
    }
    f.ev(18, 5, Event::Started);
    f.step(18, 5, "arrival");
    f.step(18, 15, "capabilities");
    f.step(18, 40, "gallery");
    for (idea, g, r) in [(5, 3, 0), (4, 2, 1), (2, 1, 3), (9, 2, 1), (7, 2, 0)] {
        f.ev(
            18,
            45,
            Event::PosterCounted {
                idea,
                counts: facilitator::domain::event::Counts::green_red(g, r),
            },
        );
    }
    f.pick(18, 48, PickKind::Popular, 1, None);
    f.pick(18, 49, PickKind::Contentious, 2, None);
    f.step(18, 50, "discuss-a-1");
    f.quote(18, 55, "discuss-a-1", Some("achievability"), Some(5), "If it was a smaller area they could do a lot more, but where it is a big area I don't know because with a big area you don't know where to start.", 1);
    f.memo(
        18,
        57,
        "discuss-a-1",
        Some("equity"),
        Some(5),
        "Capture by those who shout loudest.",
        &["fairness"],
    );
    f.step(19, 5, "discuss-b-1");
    f.rate(19, 12, 5, Some(7), Some(4), Some(5));
    f.step(19, 15, "discuss-a-2");
    f.quote(19, 18, "discuss-a-2", Some("desirability"), Some(2), "I would be all in favour of saying, you know what, if you go more than five times a year and it's not for a specific problem, you need to charge for that.", 2);
    f.step(19, 30, "discuss-b-2");
    f.rate(19, 38, 2, Some(3), Some(4), Some(2));
    f.step(19, 40, "change");
    f.ev(19, 50, Event::Finished);
    f
}

/// A group still running in Stockport: only the first pick so far.
fn stockport_live() -> Fx {
    let profile = GroupProfile {
        location: "Stockport".into(),
        date: NaiveDate::from_ymd_opt(2010, 2, 5),
        ..Default::default()
    };
    let mut f = Fx::new("2010-02-05-stockport", "full", profile, (2010, 2, 5));
    for k in 1..=8 {
        let g = if k % 2 == 0 { "Male" } else { "Female" };
        f.ev(
            18,
            1,
            Event::ParticipantAdded {
                participant: Participant {
                    age_band: "65+".into(),
                    ..person(k, &format!("P{k}"), g, "DE")
                },
            },
        );
    }
    f.ev(18, 5, Event::Started);
    f.step(18, 5, "arrival");
    f.step(18, 15, "gallery");
    f.ev(
        18,
        20,
        Event::PosterCounted {
            idea: 9,
            counts: facilitator::domain::event::Counts::green_red(5, 1),
        },
    );
    f.ev(
        18,
        20,
        Event::PosterCounted {
            idea: 2,
            counts: facilitator::domain::event::Counts::green_red(1, 6),
        },
    );
    f.pick(18, 22, PickKind::Popular, 1, None);
    f.step(18, 23, "discuss-a-1");
    f.quote(18, 26, "discuss-a-1", Some("equity"), Some(9), "On one side of the street I'm in TN23, then in TN24, TN23 can have something and TN24 can't.", 3);
    f
}

fn save(dir: &SessionsDir, f: &Fx) {
    let id = f.s.state().id.clone();
    dir.create(&id, f.s.events()).unwrap().close().unwrap();
}

fn run_bin(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------

#[test]
fn markdown_export_reads_like_the_report() {
    let f = ashford();
    let md = export::markdown(&f.pack, f.events(), false);
    insta::assert_snapshot!("export_markdown", md);
    // The report's form: the quote, then its attribution on the next line.
    assert!(md.contains(
        "> Most people don't know what they should be getting really. With this, you just get what you're entitled to.\n\nFemale, 40-64, Afro-Caribbean, Kent"
    ));
    for h in ["### Desirable?", "### Achievable?", "### Equitable?"] {
        assert!(md.contains(h), "{h}");
    }
    // Struck out: gone; edited: the text now.
    assert!(!md.contains("struck out"));
    assert!(!md.contains("- Pride in the NHS\n"));
    assert!(md.contains("Pride in the NHS and the fire service"));
}

#[test]
fn csv_export_has_the_right_columns() {
    let f = ashford();
    let files = export::csv_files(&f.pack, f.events(), false).unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    // The Stage 3 answers are the questionnaire `stage3`'s, in
    // questionnaires.csv as every pack's are.
    assert_eq!(
        names,
        [
            "notes.csv",
            "stickers.csv",
            "ratings.csv",
            "timeline.csv",
            "questionnaires.csv"
        ]
    );
    for (name, bytes) in &files {
        let text = String::from_utf8(bytes.clone()).unwrap();
        insta::assert_snapshot!(format!("export_{}", name.replace('.', "_")), text);
    }

    let read = |name: &str| {
        let bytes = &files.iter().find(|(n, _)| *n == name).unwrap().1;
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        (header, rows)
    };
    let (header, rows) = read("notes.csv");
    for col in [
        "session",
        "step",
        "idea",
        "section",
        "kind",
        "codes",
        "label",
        "gender",
        "age_band",
        "ethnicity",
        "social_grade",
        "text",
        "time",
    ] {
        assert!(header.iter().any(|h| h == col), "notes.csv lacks {col}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // Every note and quote not struck out: 25 added, 1 struck out.
    assert_eq!(rows.len(), 24);
    let marcia = rows
        .iter()
        .find(|r| r[col("text")].starts_with("Most people don't know"))
        .unwrap();
    assert_eq!(&marcia[col("kind")], "quote");
    assert_eq!(&marcia[col("label")], "Marcia");
    assert_eq!(&marcia[col("ethnicity")], "Afro-Caribbean");
    assert_eq!(&marcia[col("idea")], "4");
    assert_eq!(&marcia[col("section")], "equity");
    assert_eq!(
        &marcia[col("attribution")],
        "Female, 40-64, Afro-Caribbean, Kent"
    );
    assert_eq!(&marcia[col("time")], "2010-02-03T19:04:00Z");
    // Issue "recording sync": the recording's name and the offset in seconds.
    assert_eq!(&marcia[col("recording")], "ashford-2.wav");
    assert_eq!(&marcia[col("offset_s")], (57 * 60).to_string());
    let edited = rows
        .iter()
        .find(|r| r[col("text")].starts_with("Pride"))
        .unwrap();
    assert_eq!(&edited[col("edited")], "yes");
    assert_eq!(&edited[col("codes")], "health");

    let (header, rows) = read("stickers.csv");
    assert_eq!(
        header[..6],
        ["session", "mode", "idea", "idea_title", "colour", "count"]
    );
    // 7 voters: 14 greens and 6 reds, one row per sticker.
    assert_eq!(rows.len(), 20);
    let (header, rows) = read("ratings.csv");
    assert!(header.iter().any(|h| h == "desirable"));
    assert_eq!(rows.len(), 3);
    assert_eq!(
        &rows[2][header.iter().position(|h| h == "equitable").unwrap()],
        ""
    );
    let (header, rows) = read("timeline.csv");
    assert_eq!(header[1], "kind");
    assert_eq!(rows.iter().filter(|r| &r[1] == "pause").count(), 1);
    assert_eq!(rows.iter().filter(|r| &r[1] == "step").count(), 14);
}

#[test]
fn anonymised_exports_name_nobody() {
    let f = ashford();
    let md = export::markdown(&f.pack, f.events(), true);
    let json = String::from_utf8(export::json("x", &f.pack, f.events(), true).unwrap()).unwrap();
    let csvs: Vec<String> = export::csv_files(&f.pack, f.events(), true)
        .unwrap()
        .into_iter()
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    for label in LABELS {
        assert!(!md.contains(label), "{label} in the Markdown");
        assert!(!json.contains(label), "{label} in the JSON");
        for c in &csvs {
            assert!(!c.contains(label), "{label} in a CSV");
        }
    }
    // Profile notes, descriptors and ethnicity go; the other attributes
    // stay; names in free text become the participant's P-number.
    assert!(!md.contains("venue manager"));
    assert!(!md.contains("Afro-Caribbean"));
    assert!(md.contains("Female, 40-64, Kent"));
    assert!(!md.contains("parent of children at home"));
    assert!(md.contains("P2 asked for alternative providers"));
    // The anonymised JSON still reads as a session.
    let tmp = TempDir::new().unwrap();
    let path = tmp.path().join("x.json");
    fs::write(&path, &json).unwrap();
    let (d, id) = SessionsDir::new(tmp.path()).resolve(s(&path)).unwrap();
    let loaded = d.load(&id).unwrap();
    assert_eq!(
        SessionState::fold(&loaded.events).participants[&1].label,
        "P1"
    );
}

#[test]
fn json_export_is_the_session_as_saved() {
    let f = ashford();
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    save(&dir, &f);
    let out = tmp.path().join("copy.json");
    let code = export::run(
        &dir,
        &f.pack,
        "2010-02-03",
        opts(ExportFormat::Json, Some(&out), false, false),
    )
    .unwrap();
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["id"], "2010-02-03-ashford-kent");
    let events: Vec<EventRecord> = serde_json::from_value(v["events"].clone()).unwrap();
    assert_eq!(events, f.events());
}

#[test]
fn export_never_overwrites_without_force() {
    let f = ashford();
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    save(&dir, &f);
    let md = tmp.path().join("notes.md");
    fs::write(&md, "keep me").unwrap();
    let err = export::run(
        &dir,
        &f.pack,
        "2010",
        opts(ExportFormat::Md, Some(&md), false, false),
    )
    .unwrap_err();
    assert!(format!("{err:#}").contains("already exists"), "{err:#}");
    assert_eq!(fs::read_to_string(&md).unwrap(), "keep me");
    export::run(
        &dir,
        &f.pack,
        "2010",
        opts(ExportFormat::Md, Some(&md), false, true),
    )
    .unwrap();
    assert!(
        fs::read_to_string(&md)
            .unwrap()
            .starts_with("# Group notes: Ashford, Kent")
    );

    // CSV: one file of the four there → none written.
    let folder = tmp.path().join("csv");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("ratings.csv"), "keep me").unwrap();
    let err = export::run(
        &dir,
        &f.pack,
        "2010",
        opts(ExportFormat::Csv, Some(&folder), false, false),
    )
    .unwrap_err();
    assert!(format!("{err:#}").contains("ratings.csv"), "{err:#}");
    assert!(!folder.join("notes.csv").exists());
    assert_eq!(
        fs::read_to_string(folder.join("ratings.csv")).unwrap(),
        "keep me"
    );
    export::run(
        &dir,
        &f.pack,
        "2010",
        opts(ExportFormat::Csv, Some(&folder), false, true),
    )
    .unwrap();
    for n in export::CSV_FILES {
        assert!(folder.join(n).exists(), "{n}");
    }

    // Through the binary: exit 1, the message on stderr, the file kept.
    let (code, _, err) = run_bin(&[
        "--sessions",
        s(dir.path()),
        "export",
        "2010-02-03-ashford-kent",
        "-o",
        s(&md),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("facilitator: ") && err.contains("--force"),
        "{err}"
    );
}

#[test]
fn a_truncated_session_file_is_an_error_naming_file_and_position() {
    let f = ashford();
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    save(&dir, &f);
    let json = dir.path().join("2010-02-03-ashford-kent.json");
    let bytes = fs::read(&json).unwrap();
    fs::write(&json, &bytes[..bytes.len() / 2]).unwrap();
    fs::remove_file(dir.path().join("2010-02-03-ashford-kent.journal")).unwrap();
    let out = tmp.path().join("out.md");
    let (code, stdout, err) = run_bin(&["export", s(&json), "-o", s(&out)]);
    assert_eq!(code, 1, "{err}");
    assert!(stdout.is_empty());
    let at = err
        .find(s(&json))
        .unwrap_or_else(|| panic!("file not named: {err}"));
    let rest = &err[at + s(&json).len()..];
    let pos: Vec<&str> = rest.splitn(4, ':').collect();
    assert!(
        pos.len() == 4
            && pos[0].is_empty()
            && pos[1].parse::<u32>().is_ok()
            && pos[2].parse::<u32>().is_ok(),
        "no :line:col after the file: {err}"
    );
    assert!(!out.exists(), "nothing is written");

    // A newer format, and a missing file, are refused the same way.
    fs::write(&json, br#"{"schema": 9, "id": "x", "events": []}"#).unwrap();
    let (code, _, err) = run_bin(&[
        "export",
        s(&json),
        "--format",
        "csv",
        "-o",
        s(&tmp.path().join("csv")),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains(s(&json)) && err.contains("newer"), "{err}");
    assert!(!tmp.path().join("csv").exists());
    let missing = tmp.path().join("nowhere.json");
    let (code, _, err) = run_bin(&["export", s(&missing)]);
    assert_eq!(code, 1);
    assert!(err.contains(s(&missing)), "{err}");
}

#[test]
fn a_live_session_exports_what_is_saved_so_far() {
    let f = stockport_live();
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    // Created, then appended to: the journal is ahead of the save file.
    let first = f.s.events()[..1].to_vec();
    let open = dir.create("2010-02-05-stockport", &first).unwrap();
    for e in &f.s.events()[1..] {
        open.writer.append(e);
    }
    open.writer.flush();
    let out = tmp.path().join("live.md");
    let code = export::run(
        &dir,
        &f.pack,
        "2010-02-05",
        opts(ExportFormat::Md, Some(&out), false, false),
    )
    .unwrap();
    assert_eq!(code, 0);
    let md = fs::read_to_string(&out).unwrap();
    assert!(
        md.contains("Still running: these are the notes saved up to 18:26 UTC."),
        "{md}"
    );
    assert!(md.contains("On one side of the street I'm in TN23"));
    open.close().unwrap();
}

// ---------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------

#[test]
fn report_over_a_folder() {
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    save(&dir, &ashford());
    save(&dir, &oxford());
    save(&dir, &stockport_live());
    fs::write(
        dir.path().join("broken.json"),
        b"{\"schema\":1,\"events\":[{\"seq\":1,",
    )
    .unwrap();
    let pack = embedded();
    let all = report::Collected::read(&dir, &pack).unwrap();
    assert_eq!(all.groups.len(), 3);
    assert_eq!(all.bad.len(), 1);
    let md = report::markdown(&all, Path::new("sessions")).replace(s(dir.path()), "[DIR]");
    insta::assert_snapshot!("report_markdown", md);
    assert!(md.contains("| Idea 4: Citizen Advisors | 8.0 (8-8, n=1) |"));
    assert!(md.contains(
        "## Sessions that could not be read\n\n- `[DIR]/broken.json`: [DIR]/broken.json:1:"
    ));

    // The Markdown report needs only each group's digest: read so, no
    // whole session is kept, and it says the same, byte for byte.
    let slim = report::Collected::read_digests(&dir, &pack).unwrap();
    assert!(slim.groups.is_empty());
    assert_eq!(slim.digests.len(), 3);
    assert_eq!(slim.bad, all.bad);
    assert_eq!(
        report::markdown(&slim, Path::new("sessions")),
        report::markdown(&all, Path::new("sessions"))
    );

    // The binary: the bad file on stderr, exit 0, the report on stdout
    // (from the digests), the same as from whole sessions.
    let (code, out, err) = run_bin(&["--sessions", s(dir.path()), "report"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("broken.json"), "{err}");
    assert!(out.starts_with("# Across groups: 3 groups"));
    assert_eq!(out, report::markdown(&all, dir.path()));

    // CSV into a folder, never over existing files.
    let folder = tmp.path().join("report");
    let code = report::run(&dir, &pack, ReportFormat::Csv, Some(&folder), false).unwrap();
    assert_eq!(code, 0);
    let mut r = csv::Reader::from_path(folder.join("picks.csv")).unwrap();
    assert_eq!(r.records().count(), 6);
    let mut r = csv::Reader::from_path(folder.join("notes.csv")).unwrap();
    assert_eq!(r.headers().unwrap().get(0), Some("session"));
    assert!(report::run(&dir, &pack, ReportFormat::Csv, Some(&folder), false).is_err());

    // A folder of bad files only: exit 1, nothing written.
    let bad = SessionsDir::new(tmp.path().join("bad"));
    fs::create_dir(bad.path()).unwrap();
    fs::write(bad.path().join("x.json"), b"nope").unwrap();
    let out = tmp.path().join("bad.md");
    assert_eq!(
        report::run(&bad, &pack, ReportFormat::Md, Some(&out), false).unwrap(),
        1
    );
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------
// Demo
// ---------------------------------------------------------------------------

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        // Session files only: not the locks, nor the packs/ the folder
        // keeps (tests/packs.rs).
        .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".lock"))
        .collect();
    v.sort();
    v
}

/// The save file without its `saved_at` (the store stamps it with the clock).
fn without_saved_at(bytes: &[u8]) -> String {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let start = text.find("\"saved_at\":").unwrap();
    let end = start + text[start..].find(",\"events\"").unwrap();
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn demo_is_the_same_for_the_same_seed() {
    let pack = embedded();
    let tmp = TempDir::new().unwrap();
    let a = SessionsDir::new(tmp.path().join("a"));
    let b = SessionsDir::new(tmp.path().join("b"));
    demo::run(&a, &pack, 14, 42).unwrap();
    demo::run(&b, &pack, 14, 42).unwrap();
    let fa = files(a.path());
    let fb = files(b.path());
    assert_eq!(fa.len(), 28);
    assert_eq!(
        fa.iter().map(|p| p.file_name()).collect::<Vec<_>>(),
        fb.iter().map(|p| p.file_name()).collect::<Vec<_>>()
    );
    for (x, y) in fa.iter().zip(&fb) {
        let (bx, by) = (fs::read(x).unwrap(), fs::read(y).unwrap());
        if x.extension().is_some_and(|e| e == "journal") {
            assert!(bx == by, "{} differs", x.display());
        } else {
            assert_eq!(
                without_saved_at(&bx),
                without_saved_at(&by),
                "{}",
                x.display()
            );
        }
    }
    // Another seed, other sessions.
    let c = SessionsDir::new(tmp.path().join("c"));
    demo::run(&c, &pack, 1, 43).unwrap();
    assert_ne!(
        fs::read(&files(c.path())[0]).unwrap(),
        fs::read(&files(a.path())[0]).unwrap()
    );
}

#[test]
fn demo_sessions_pass_every_check_and_have_what_a_report_needs() {
    let pack = embedded();
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    // A real session in the folder is left alone.
    save(&dir, &oxford());
    let real = fs::read(dir.path().join("2010-02-04-oxford.json")).unwrap();
    demo::run(&dir, &pack, 13, 1).unwrap();
    assert_eq!(
        fs::read(dir.path().join("2010-02-04-oxford.json")).unwrap(),
        real
    );

    let mut modes = Vec::new();
    let mut overrides = 0;
    let mut ties = 0;
    let mut jokers = 0;
    let mut pauses = 0;
    let mut overruns = 0;
    let mut plans = Vec::new();
    let ids: Vec<String> = dir
        .ids()
        .unwrap()
        .into_iter()
        .filter(|i| i.starts_with("demo-"))
        .collect();
    assert_eq!(ids.len(), 13);
    for id in &ids {
        let events = dir.load(id).unwrap().events;
        // Recorded again from scratch, every action passes the checks.
        let mut again = Session::from_events(&pack, events[..1].to_vec());
        for e in &events[1..] {
            if let Err(r) = again.record(&pack, e.event.clone(), e.at) {
                panic!("{id}: seq {} refused: {r}", e.seq);
            }
        }
        assert_eq!(again.events(), events.as_slice());
        let st = again.state();
        assert!(st.profile.notes.starts_with("DEMO DATA"), "{id}");
        assert!(!st.is_live(), "{id} is finished");
        assert!(!st.picks.is_empty(), "{id} has picks");
        assert!(
            st.notes
                .iter()
                .any(|n| n.kind == NoteKind::Quote && !n.deleted),
            "{id} has quotes"
        );
        assert!(!st.ratings.is_empty(), "{id} has ratings");
        assert!(
            st.questionnaires.contains_key("stage3"),
            "{id} has Stage 3 answers"
        );
        assert!(
            st.participants
                .values()
                .all(|p| !p.gender.is_empty() && !p.age_band.is_empty())
        );
        modes.push(st.sticker_mode);
        plans.push(st.plan.clone());
        overrides += st.picks.values().filter(|p| p.idea != p.suggested).count();
        ties += st
            .picks
            .values()
            .filter(|p| p.rule.contains("tie between"))
            .count();
        jokers += st
            .picks
            .values()
            .filter(|p| p.kind == PickKind::Joker)
            .count();
        pauses += st.pauses.len();
        let sched =
            facilitator::domain::clock::Schedule::at(st, again.plan(), st.finished_at.unwrap());
        overruns += sched.steps.iter().filter(|s| s.used > s.planned).count();
    }
    assert!(
        modes.contains(&StickerMode::PerPoster) && modes.contains(&StickerMode::PerParticipant)
    );
    assert!(plans.iter().any(|p| p == "full") && plans.iter().any(|p| p == "mini"));
    assert!(overrides >= 1 && ties >= 1 && jokers >= 1 && pauses >= 1 && overruns >= 1);

    // Asked again: the demo ids are there already and are skipped.
    let before: Vec<Vec<u8>> = files(dir.path())
        .iter()
        .map(|p| fs::read(p).unwrap())
        .collect();
    let (code, out, err) = run_bin(&[
        "--sessions",
        s(dir.path()),
        "demo",
        "--count",
        "2",
        "--seed",
        "1",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Skipped demo-1-0001-"), "{err}");
    assert!(out.contains("No demo session written"), "{out}");
    let after: Vec<Vec<u8>> = files(dir.path())
        .iter()
        .map(|p| fs::read(p).unwrap())
        .collect();
    assert!(before == after);

    // Export and report work on them.
    let md = export::markdown(&pack, dir.load(&ids[0]).unwrap().events, false);
    assert!(md.contains("DEMO DATA"));
    let all = report::Collected::read(&dir, &pack).unwrap();
    assert_eq!(all.groups.len(), 14);
    assert!(all.bad.is_empty());
}

/// `export` options without a recording shift.
fn opts(
    format: ExportFormat,
    output: Option<&std::path::Path>,
    anonymise: bool,
    force: bool,
) -> export::Options<'_> {
    export::Options {
        format,
        output,
        anonymise,
        keep_descriptors: false,
        force,
        recording_shift: None,
    }
}

/// `--recording-shift`: every offset moves by the correction, which is
/// written into the export's timeline; the saved session is untouched.
#[test]
fn recording_shift_moves_every_offset() {
    let f = ashford();
    let shifted = export::shift_recordings(&f.pack, f.events(), 60).unwrap();
    assert_eq!(shifted.len(), f.events().len() + 1);
    assert!(matches!(
        shifted.last().unwrap().event,
        Event::RecordingShifted {
            recording: 1,
            seconds: 60
        }
    ));
    let md = export::markdown(&f.pack, shifted.clone(), false);
    assert!(
        md.contains("Female, 40-64, Afro-Caribbean, Kent [0:56:00]"),
        "{md}"
    );
    let csv = export::csv_files(&f.pack, shifted, false).unwrap();
    let notes = String::from_utf8(csv[0].1.clone()).unwrap();
    assert!(
        notes.contains(&format!(",ashford-2.wav,{}", 56 * 60)),
        "{notes}"
    );
    // Through the binary, on a saved session: the file on disk is unchanged.
    let tmp = TempDir::new().unwrap();
    let dir = SessionsDir::new(tmp.path().join("sessions"));
    save(&dir, &f);
    let before = fs::read(tmp.path().join("sessions/2010-02-03-ashford-kent.journal")).unwrap();
    let code = export::run(
        &dir,
        &f.pack,
        "2010",
        export::Options {
            recording_shift: Some(-30),
            ..opts(
                ExportFormat::Md,
                Some(&tmp.path().join("out.md")),
                false,
                false,
            )
        },
    )
    .unwrap();
    assert_eq!(code, 0);
    let out = fs::read_to_string(tmp.path().join("out.md")).unwrap();
    assert!(out.contains("[0:57:30]"), "{out}");
    let after = fs::read(tmp.path().join("sessions/2010-02-03-ashford-kent.journal")).unwrap();
    assert_eq!(before, after);
}

/// A group of two ideas played no joker: the export says so rather than
/// leaving the third pick out without a word.
#[test]
fn an_export_without_a_joker_says_it_was_not_played() {
    let md = export::markdown(&embedded(), oxford().events(), false);
    assert!(
        md.contains("Joker: not played (this group discussed 2 ideas)."),
        "{md}"
    );
    let md = export::markdown(&embedded(), ashford().events(), false);
    assert!(!md.contains("Joker: not played"), "{md}");
}

/// Someone who leaves the room and comes back, someone who leaves for
/// good: the Markdown and the timeline CSV say who, and when.
#[test]
fn an_export_says_who_left_the_room_and_when() {
    let profile = GroupProfile {
        location: "Leeds".into(),
        date: NaiveDate::from_ymd_opt(2010, 2, 6),
        ..Default::default()
    };
    let mut f = Fx::new("2010-02-06-leeds", "mini", profile, (2010, 2, 6));
    for (k, label) in ["Sue", "Dave", "Karen", "Gary"].into_iter().enumerate() {
        f.ev(
            18,
            1,
            Event::ParticipantAdded {
                participant: person(k as u32 + 1, label, "Female", "C1"),
            },
        );
    }
    f.ev(18, 5, Event::Started);
    f.step(18, 5, "arrival");
    let presence = |participant, present| Event::Presence {
        participant,
        present,
    };
    f.ev(18, 20, presence(2, false));
    f.ev(18, 32, presence(2, true));
    f.ev(18, 45, presence(4, false));
    f.ev(19, 0, Event::Finished);
    let md = export::markdown(&f.pack, f.events(), false);
    assert!(md.contains("### Out of the room"), "{md}");
    assert!(
        md.contains("- Dave (participant 2): left 18:20 UTC, back 18:32 UTC (12 min away)."),
        "{md}"
    );
    assert!(
        md.contains("- Gary (participant 4): left 18:45 UTC and did not come back."),
        "{md}"
    );
    // Anonymised: who by number only.
    let anon = export::markdown(&f.pack, f.events(), true);
    assert!(anon.contains("- Participant 2: left 18:20 UTC"), "{anon}");
    assert!(!anon.contains("Dave"), "{anon}");

    let files = export::csv_files(&f.pack, f.events(), false).unwrap();
    let (_, timeline) = files
        .iter()
        .find(|(name, _)| *name == "timeline.csv")
        .unwrap();
    let text = String::from_utf8(timeline.clone()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].ends_with(",participant,label"), "{text}");
    let away: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains(",out_of_room,"))
        .collect();
    assert_eq!(away.len(), 2, "{text}");
    assert!(
        away[0].ends_with(",2010-02-06T18:20:00Z,2010-02-06T18:32:00Z,720,,2,Dave"),
        "{text}"
    );
    assert!(
        away[1].ends_with(",2010-02-06T18:45:00Z,,,,4,Gary"),
        "{text}"
    );
}

/// The timing section's "in all" and its Total row agree when the steps
/// were entered part-way through a second (as a real clock does): each
/// step's seconds are not cut separately.
#[test]
fn timing_in_all_and_the_total_row_agree() {
    use chrono::Duration;
    let pack = embedded();
    let t0 = at((2026, 11, 29), 18, 0);
    let profile = GroupProfile {
        location: "Ashford, Kent".into(),
        ..Default::default()
    };
    let first = Session::created_event("2026-11-29-ashford-kent", "full", &pack, profile, t0);
    let mut s = Session::from_events(&pack, vec![first]);
    let ms = |n: i64| t0 + Duration::milliseconds(n);
    let script = [
        (400, Event::Started),
        (
            400,
            Event::StepEntered {
                step: "arrival".into(),
            },
        ),
        (
            31_900,
            Event::StepEntered {
                step: "capabilities".into(),
            },
        ),
        (
            47_600,
            Event::StepEntered {
                step: "life-stage".into(),
            },
        ),
        (63_400, Event::Finished),
    ];
    for (n, ev) in script {
        s.record(&pack, ev, ms(n)).unwrap();
    }
    let md = export::markdown(&pack, s.events().to_vec(), false);
    let line = md
        .lines()
        .find(|l| l.contains(" in all"))
        .unwrap_or_else(|| panic!("{md}"));
    let total = md
        .lines()
        .find(|l| l.starts_with("| **Total**"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(line.contains(": 1:03 in all"), "{line}");
    assert!(total.contains("| **1:03** |"), "{total}");
}
