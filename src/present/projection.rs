//! What the projector shows, worked out from the session with no terminal.
//!
//! A [`Projection`] holds only what may go on a wall in front of the
//! group: the stage and step titles, the step's countdown, the flip chart,
//! the values slide, the posters, the sticker tally once revealed, and the
//! picks. It never holds notes, quotes, participants, codes, the group
//! profile or the guide's questions, probes and moderator notes; the view
//! draws nothing else, so nothing private can reach the wall.

use chrono::{DateTime, Utc};

use crate::domain::clock::Schedule;
use crate::domain::event::{Event, PickKind, Shown};
use crate::domain::ideas;
use crate::domain::plan::PlanStep;
use crate::domain::session::Session;
use crate::stimulus::{Pack, StepRole};

pub use crate::tui::widgets::countdown::Countdown;

/// One idea on the wall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WallIdea {
    /// Its number.
    pub number: u32,
    /// Its title.
    pub title: String,
    /// The one-line summary.
    pub summary: String,
}

/// A theme and its ideas, for the wall of nine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WallTheme {
    /// `A`, `B`, `C`.
    pub id: String,
    /// The theme's title.
    pub title: String,
    /// Its ideas.
    pub ideas: Vec<WallIdea>,
}

/// One idea's stickers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyRow {
    /// The idea's number.
    pub number: u32,
    /// Its title.
    pub title: String,
    /// Its tokens of each of the method's colours, in the method's order
    /// (built-in: green, red).
    pub counts: Vec<u32>,
}

/// One of the method's colours, as the tally's legend names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyColour {
    /// Its name ("green").
    pub label: String,
    /// What a token of it says ("preferred"); may be empty.
    pub meaning: String,
}

/// An idea chosen for discussion (the reason typed by the moderator is
/// left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicPick {
    /// "Most popular", "Most contentious", "Joker".
    pub why: String,
    /// The idea's number.
    pub number: u32,
    /// Its title.
    pub title: String,
}

/// A poster, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Poster {
    /// What the method calls an option, as a line begins ("Idea").
    pub option: String,
    /// The idea's number.
    pub number: u32,
    /// How many ideas there are.
    pub of: usize,
    /// "Theme A: Resources and the individual".
    pub theme: String,
    /// Its title.
    pub title: String,
    /// The poster's description.
    pub description: String,
    /// Its examples.
    pub examples: Vec<String>,
    /// Why it is discussed ("Most popular").
    pub why: String,
}

/// The main part of the projected screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Nothing to follow yet (or the session cannot be read): a message.
    Waiting(String),
    /// The session exists but the guide has not started.
    Welcome,
    /// The moderator's app is closed for now (the session goes on).
    Away,
    /// Only the titles and the countdown.
    Plain,
    /// The flip chart of the step, as the moderator adds to it.
    Flipchart(Vec<String>),
    /// The slide "Values: emerging findings", with the group's own flip
    /// chart to compare.
    ValuesSlide {
        /// The slide's title.
        title: String,
        /// Its values.
        values: Vec<String>,
        /// The group's flip chart.
        flipchart: Vec<String>,
    },
    /// The gallery: the wall of nine, and any picks so far.
    Wall {
        /// The ideas by theme.
        themes: Vec<WallTheme>,
        /// Picks so far.
        picks: Vec<PublicPick>,
    },
    /// The sticker tally, revealed, and the picks.
    Tally {
        /// The method's colours, in order (the columns of `rows`).
        colours: Vec<TallyColour>,
        /// Every idea's stickers.
        rows: Vec<TallyRow>,
        /// Picks so far.
        picks: Vec<PublicPick>,
    },
    /// A discussion: the poster of the idea under discussion.
    Poster(Poster),
    /// A discussion whose idea is not chosen yet.
    Choosing(String),
    /// The session is over.
    Finished,
}

/// Everything the projector shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Projection {
    /// The stage's title ("Stage 1: Establishing Values").
    pub stage: String,
    /// The step's title ("Capabilities").
    pub step: String,
    /// The step's countdown.
    pub countdown: Option<Countdown>,
    /// The rest.
    pub body: Body,
}

impl Projection {
    /// A screen with only a message.
    pub fn waiting(message: impl Into<String>) -> Projection {
        Projection {
            stage: String::new(),
            step: String::new(),
            countdown: None,
            body: Body::Waiting(message.into()),
        }
    }
}

/// The share of a values-slide step after which the slide replaces the
/// flip chart, if no probe was ticked before.
const SLIDE_AFTER_PERCENT: i64 = 60;

/// "Most popular": the pick's label from the pack's method, capitalised.
fn why(pack: &Pack, kind: &PickKind) -> String {
    let label = ideas::pick_label(pack, kind);
    let mut c = label.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn picks(pack: &Pack, session: &Session) -> Vec<PublicPick> {
    let slots = session
        .plan()
        .steps
        .iter()
        .filter_map(|s| s.slot)
        .max()
        .unwrap_or(0);
    session
        .state()
        .picks
        .iter()
        .filter(|(slot, _)| **slot <= slots)
        .filter_map(|(_, p)| {
            let idea = pack.idea(p.idea)?;
            Some(PublicPick {
                why: why(pack, &p.kind),
                number: idea.number,
                title: idea.title.clone(),
            })
        })
        .collect()
}

fn wall(pack: &Pack) -> Vec<WallTheme> {
    pack.themes
        .iter()
        .map(|t| WallTheme {
            id: t.id.clone(),
            title: t.title.clone(),
            ideas: pack
                .ideas
                .iter()
                .filter(|i| i.theme == t.id)
                .map(|i| WallIdea {
                    number: i.number,
                    title: i.title.clone(),
                    summary: i.summary.clone(),
                })
                .collect(),
        })
        .collect()
}

fn poster(pack: &Pack, number: u32, kind: Option<&PickKind>) -> Option<Poster> {
    let i = pack.idea(number)?;
    let theme = pack.theme(&i.theme).map_or_else(
        || format!("Theme {}", i.theme),
        |t| format!("Theme {}: {}", t.id, t.title),
    );
    Some(Poster {
        option: pack.method.option_title(),
        number,
        of: pack.ideas.len(),
        theme,
        title: i.title.clone(),
        description: i.description.clone(),
        examples: i.examples.clone(),
        why: kind.map(|k| why(pack, k)).unwrap_or_default(),
    })
}

/// Whether the moderator's app is closed: the last open/close is a close.
fn app_closed(session: &Session) -> bool {
    session
        .events()
        .iter()
        .rev()
        .find_map(|e| match e.event {
            Event::Closed => Some(true),
            Event::Opened { .. } => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

/// The vote step (was: any step of the idea-testing stage that is not per idea).
fn is_gallery(pack: &Pack, ps: &PlanStep) -> bool {
    ps.slot.is_none() && ps.role(pack) == StepRole::Vote
}

/// What the projector shows for `session` (None: nothing to follow) at `now`.
pub fn project(pack: &Pack, session: Option<&Session>, now: DateTime<Utc>) -> Projection {
    let Some(session) = session else {
        return Projection::waiting("Waiting for the session to start…");
    };
    let state = session.state();
    if !state.is_live() {
        return Projection {
            stage: String::new(),
            step: String::new(),
            countdown: None,
            body: Body::Finished,
        };
    }
    let current = state
        .current_step
        .as_deref()
        .and_then(|k| session.plan().get(k))
        .and_then(|ps| Some((ps, ps.guide(pack)?.1)));
    let (Some(_), Some((ps, step))) = (state.started_at, current) else {
        return Projection {
            stage: String::new(),
            step: String::new(),
            countdown: None,
            body: Body::Welcome,
        };
    };
    let stage = ps.stage_title(pack);
    let title = ps.title(pack);
    if app_closed(session) {
        return Projection {
            stage,
            step: title,
            countdown: None,
            body: Body::Away,
        };
    }
    let sched = Schedule::at(state, session.plan(), now);
    let timing = sched.current();
    let countdown = timing.map(|t| Countdown {
        remaining: t.remaining(),
        planned: t.planned,
        level: t.level(),
        paused: sched.paused,
    });
    let flipchart = state.flipchart.get(&ps.key).cloned().unwrap_or_default();
    let body = if let Some(shown) = state.showing {
        // What the moderator has put up comes first.
        match shown {
            Shown::ValuesSlide => Body::ValuesSlide {
                title: pack.values_slide.title.clone(),
                values: pack.values_slide.values.clone(),
                flipchart,
            },
            Shown::Wall => Body::Wall {
                themes: wall(pack),
                picks: picks(pack, session),
            },
            Shown::Poster { idea } => {
                let kind = state
                    .picks
                    .values()
                    .find(|p| p.idea == idea)
                    .map(|p| &p.kind);
                match poster(pack, idea, kind) {
                    Some(p) => Body::Poster(p),
                    None => Body::Plain,
                }
            }
        }
    } else if let Some(slot) = ps.slot {
        match state
            .picks
            .get(&slot)
            .and_then(|p| poster(pack, p.idea, Some(&p.kind)))
        {
            Some(p) => Body::Poster(p),
            None => Body::Choosing(format!(
                "The group is choosing the {} {}.",
                ideas::kind_of_slot(pack, slot)
                    .map(|k| why(pack, &k).to_lowercase())
                    .unwrap_or_default(),
                pack.method.wording.option
            )),
        }
    } else if is_gallery(pack, ps) {
        if state.tally_shown {
            let t = ideas::tally(pack, state);
            let colours = &pack.method.votes.colours;
            let rows = pack
                .ideas
                .iter()
                .map(|i| TallyRow {
                    number: i.number,
                    title: i.title.clone(),
                    counts: (0..colours.len()).map(|c| t.count(c, i.number)).collect(),
                })
                .collect();
            Body::Tally {
                colours: colours
                    .iter()
                    .map(|c| TallyColour {
                        label: c.label.clone(),
                        meaning: c.meaning.clone(),
                    })
                    .collect(),
                rows,
                picks: picks(pack, session),
            }
        } else {
            Body::Wall {
                themes: wall(pack),
                picks: picks(pack, session),
            }
        }
    } else if step.values_slide && show_slide(session, ps, timing.map(|t| (t.used, t.planned))) {
        Body::ValuesSlide {
            title: pack.values_slide.title.clone(),
            values: pack.values_slide.values.clone(),
            flipchart,
        }
    } else if step.flipchart || step.values_slide || !flipchart.is_empty() {
        Body::Flipchart(flipchart)
    } else {
        Body::Plain
    };
    Projection {
        stage,
        step: title,
        countdown,
        body,
    }
}

/// In a step with the values slide, the flip chart comes first and the
/// slide after it. Once the moderator has shown the slide in this step
/// (`w`), it stays up for the room after the laptop's window closes. A
/// moderator who shows the slide another way is followed by the session:
/// the slide is up once one of the step's probes is ticked (they ask about
/// the slide's list), or once [`SLIDE_AFTER_PERCENT`] of the step's time
/// has gone.
fn show_slide(session: &Session, ps: &PlanStep, used_planned: Option<(i64, i64)>) -> bool {
    let shown = session
        .events()
        .iter()
        .rev()
        .take_while(|e| !matches!(e.event, Event::StepEntered { .. }))
        .any(|e| {
            matches!(
                e.event,
                Event::Showing {
                    shown: Some(Shown::ValuesSlide)
                }
            )
        });
    let ticked = session
        .state()
        .probes
        .iter()
        .any(|(step, _, _)| *step == ps.key);
    let late =
        used_planned.is_some_and(|(used, planned)| used * 100 >= planned * SLIDE_AFTER_PERCENT);
    shown || ticked || late
}
