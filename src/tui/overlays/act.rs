//! The windows as components: each takes its own state, the [`Action`] a
//! key asks for (and the character typed, where it types) and a read-only
//! view of what it needs, and returns an [`Outcome`] the app applies. No
//! window records an event or switches a screen itself.

use ratatui::crossterm::event::KeyEvent;

use crate::domain::event::{Event, Scale};
use crate::domain::ideas::Coverage;
use crate::domain::session::Session;
use crate::stimulus::Pack;
use crate::tui::digits::{self, Typed};
use crate::tui::keys::{self, Action, Context};
use crate::tui::state::Outcome;
use crate::tui::widgets::coverage::coverage_lines;
use crate::tui::widgets::rating::{rows_of, scales};

use crate::tui::state::Overlay;

/// What the windows may read: the pack, the session (if one is open) and
/// the coverage by earlier groups.
pub struct WindowView<'a> {
    /// The stimulus pack.
    pub pack: &'a Pack,
    /// The session open, if any.
    pub session: Option<&'a Session>,
    /// Coverage by earlier groups.
    pub coverage: &'a Coverage,
}

/// The most characters a flip-chart entry takes.
const FLIPCHART_MAX: usize = 200;
/// The most characters a recording's name takes.
const NAME_MAX: usize = 120;

/// Act on a key in the window `ov`.
pub fn on_key(ov: &mut Overlay, key: &KeyEvent, v: &WindowView) -> Outcome {
    let ch = keys::typed(key);
    match ov {
        Overlay::ConfirmQuit => confirm_quit(keys::action(Context::ConfirmQuit, key)),
        Overlay::ConfirmFinish => confirm_finish(keys::action(Context::Confirm, key)),
        Overlay::Plan { sel } => {
            let steps: Vec<&str> = v
                .session
                .map(|s| s.plan().steps.iter().map(|s| s.key.as_str()).collect())
                .unwrap_or_default();
            let current = v.session.and_then(|s| s.state().current_step.as_deref());
            plan(sel, keys::action(Context::Plan, key), &steps, current)
        }
        Overlay::Posters { idea, wall, typed } => {
            let numbers: Vec<u32> = v.pack.ideas.iter().map(|i| i.number).collect();
            let st = PostersState { idea, wall, typed };
            posters(
                st,
                keys::action(Context::Posters, key),
                ch,
                &numbers,
                &v.pack.method.wording.option,
            )
        }
        Overlay::Flipchart { step, sel, input } => {
            let list_len = v
                .session
                .and_then(|s| s.state().flipchart.get(step.as_str()).map(Vec::len))
                .unwrap_or(0);
            let st = FlipchartState { step, sel, input };
            flipchart(st, keys::action(Context::Flipchart, key), ch, list_len)
        }
        Overlay::Help { scroll, .. } => help(scroll, keys::action(Context::Help, key)),
        Overlay::Coverage { scroll } => {
            // Scrolled no further than the last line at the narrowest
            // screen (the drawing stops at the last screenful).
            let most = coverage_lines(v.pack, v.session, v.coverage, 76).len();
            let most = u16::try_from(most).unwrap_or(u16::MAX);
            coverage(scroll, keys::action(Context::Coverage, key), most)
        }
        Overlay::Values | Overlay::Statement => Outcome::Close,
        Overlay::Recordings { sel, naming } => {
            let n = v.session.map_or(0, |s| s.state().recordings.len());
            let ctx = if naming.is_some() {
                Context::RecordingName
            } else {
                Context::Recordings
            };
            recordings(sel, naming, keys::action(ctx, key), ch, n)
        }
        Overlay::Rate { idea, sel } => {
            let view = RateView::of(v, *idea);
            rate(sel, keys::action(Context::Rate, key), ch, &view)
        }
    }
}

/// "Leave now?": yes quits; anything else closes the question.
pub fn confirm_quit(action: Option<Action>) -> Outcome {
    if action == Some(Action::Yes) {
        Outcome::Chain(vec![Outcome::Close, Outcome::QuitNow])
    } else {
        Outcome::Close
    }
}

/// "End the session?": yes records the end and shows the ended session.
pub fn confirm_finish(action: Option<Action>) -> Outcome {
    if action == Some(Action::Yes) {
        Outcome::Chain(vec![
            Outcome::Close,
            Outcome::Record {
                event: Event::Finished,
                said: None,
            },
            Outcome::ShowEnded,
            Outcome::Flash("Session ended and saved. E reopens it; q leaves.".into()),
        ])
    } else {
        Outcome::Close
    }
}

/// The plan: `steps` are the plan's step keys, `current` the step now.
pub fn plan(
    sel: &mut usize,
    action: Option<Action>,
    steps: &[&str],
    current: Option<&str>,
) -> Outcome {
    let n = steps.len();
    match action {
        Some(Action::Down) if n > 0 => *sel = (*sel + 1) % n,
        Some(Action::Up) if n > 0 => *sel = (*sel + n - 1) % n,
        Some(Action::Accept) => {
            return match steps.get(*sel) {
                Some(k) if current != Some(*k) => {
                    Outcome::Chain(vec![Outcome::Close, Outcome::Step((*k).to_string())])
                }
                _ => Outcome::Close,
            };
        }
        Some(Action::Back) => return Outcome::Close,
        _ => {}
    }
    Outcome::Nothing
}

/// The posters window's state.
pub struct PostersState<'a> {
    /// Index of the poster shown.
    pub idea: &'a mut usize,
    /// The wall of nine is shown.
    pub wall: &'a mut bool,
    /// Digits typed towards an idea number.
    pub typed: &'a mut String,
}

/// The posters: `numbers` are the pack's idea numbers, in order, and
/// `option` what it calls one ("idea"); `ch` the digit typed.
pub fn posters(
    st: PostersState,
    action: Option<Action>,
    ch: Option<char>,
    numbers: &[u32],
    option: &str,
) -> Outcome {
    let PostersState { idea, wall, typed } = st;
    let n_ideas = numbers.len().max(1);
    let index = |n: u32| numbers.iter().position(|x| *x == n);
    // Any key but a digit, Enter or Backspace ends a number being typed.
    if !matches!(action, Some(Action::Digit | Action::Accept | Action::Erase)) {
        typed.clear();
    }
    match action {
        Some(Action::Right) => *idea = (*idea + 1) % n_ideas,
        Some(Action::Left) => *idea = (*idea + n_ideas - 1) % n_ideas,
        Some(Action::Wall) => *wall = !*wall,
        Some(Action::Digit) => {
            if let Some(c) = ch {
                typed.push(c);
            }
            match digits::typed(typed, numbers) {
                Typed::Idea(n) => {
                    *idea = index(n).unwrap_or(*idea);
                    *wall = false;
                    typed.clear();
                }
                Typed::More(_) => {}
                Typed::NoSuch => {
                    let what = std::mem::take(typed);
                    return Outcome::Refuse(format!("There is no {option} {what}."));
                }
            }
        }
        Some(Action::Erase) => {
            typed.pop();
        }
        Some(Action::Accept) if !typed.is_empty() => {
            let what = std::mem::take(typed);
            match digits::entered(&what, numbers).and_then(index) {
                Some(i) => {
                    *idea = i;
                    *wall = false;
                }
                None => return Outcome::Refuse(format!("There is no {option} {what}.")),
            }
        }
        Some(Action::Accept) if *wall => *wall = false,
        Some(Action::Back) => return Outcome::Close,
        _ => {}
    }
    Outcome::Nothing
}

/// The flip chart window's state.
pub struct FlipchartState<'a> {
    /// The plan step.
    pub step: &'a str,
    /// The selected entry.
    pub sel: &'a mut usize,
    /// The entry being typed.
    pub input: &'a mut String,
}

/// The flip chart: `list_len` entries are on it; `ch` is what was typed
/// (the table binds no character: what is typed is the entry).
pub fn flipchart(
    st: FlipchartState,
    action: Option<Action>,
    ch: Option<char>,
    list_len: usize,
) -> Outcome {
    let FlipchartState { step, sel, input } = st;
    match action {
        Some(Action::Back) => return Outcome::Close,
        Some(Action::Add) => {
            if input.trim().is_empty() {
                return Outcome::Close;
            }
            let event = Event::FlipchartAdded {
                step: step.to_string(),
                text: input.trim().to_string(),
            };
            input.clear();
            *sel = list_len;
            return Outcome::Record { event, said: None };
        }
        Some(Action::Erase) => {
            input.pop();
        }
        Some(Action::Up) if list_len > 0 => *sel = (*sel + list_len - 1) % list_len,
        Some(Action::Down) if list_len > 0 => *sel = (*sel + 1) % list_len,
        Some(Action::Remove) if list_len > 0 => {
            let event = Event::FlipchartRemoved {
                step: step.to_string(),
                index: (*sel).min(list_len - 1),
            };
            *sel = sel.saturating_sub(1);
            return Outcome::Record { event, said: None };
        }
        None => {
            if let Some(c) = ch
                && input.chars().count() < FLIPCHART_MAX
            {
                input.push(c)
            }
        }
        _ => {}
    }
    Outcome::Nothing
}

/// The help window: scrolls; any other key closes it.
pub fn help(scroll: &mut u16, action: Option<Action>) -> Outcome {
    match action {
        Some(Action::Down) => *scroll = scroll.saturating_add(1),
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::PageDown) => *scroll = scroll.saturating_add(10),
        Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
        _ => return Outcome::Close,
    }
    Outcome::Nothing
}

/// The coverage window, scrolled no further than line `most`.
pub fn coverage(scroll: &mut u16, action: Option<Action>, most: u16) -> Outcome {
    match action {
        Some(Action::Down) => *scroll = (*scroll + 1).min(most),
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::PageDown) => *scroll = (*scroll + 10).min(most),
        Some(Action::PageUp) => *scroll = scroll.saturating_sub(10),
        Some(Action::Home) => *scroll = 0,
        Some(Action::Last) => *scroll = most,
        Some(Action::Back) => return Outcome::Close,
        _ => return Outcome::Flash("Coverage: ↑↓ or PgUp/PgDn to scroll, Esc to close.".into()),
    }
    Outcome::Nothing
}

/// The recordings window: `n` recordings so far; `naming` is the name being
/// typed (then `action` is of [`Context::RecordingName`]).
pub fn recordings(
    sel: &mut usize,
    naming: &mut Option<String>,
    action: Option<Action>,
    ch: Option<char>,
    n: usize,
) -> Outcome {
    // A selection past the end (a refused start) means the last.
    *sel = (*sel).min(n.saturating_sub(1));
    let recording = *sel as u32 + 1;
    if let Some(name) = naming {
        match action {
            Some(Action::Back) => *naming = None,
            Some(Action::Accept) => {
                let name = name.trim().to_string();
                *naming = None;
                return Outcome::Record {
                    event: Event::RecordingNamed { recording, name },
                    said: None,
                };
            }
            Some(Action::Erase) => {
                name.pop();
            }
            None => {
                if let Some(c) = ch
                    && name.chars().count() < NAME_MAX
                {
                    name.push(c)
                }
            }
            _ => {}
        }
        return Outcome::Nothing;
    }
    let shift = |seconds: i64| Outcome::Record {
        event: Event::RecordingShifted { recording, seconds },
        said: None,
    };
    match action {
        Some(Action::Down) if n > 0 => *sel = (*sel + 1) % n,
        Some(Action::Up) if n > 0 => *sel = (*sel + n - 1) % n,
        Some(Action::Right) if n > 0 => return shift(1),
        Some(Action::Left) if n > 0 => return shift(-1),
        Some(Action::FarRight) if n > 0 => return shift(10),
        Some(Action::FarLeft) if n > 0 => return shift(-10),
        Some(Action::Edit) if n > 0 => *naming = Some(String::new()),
        Some(Action::RecordStart) => {
            *sel = n;
            return Outcome::Record {
                event: Event::RecordingStarted { name: None },
                said: None,
            };
        }
        Some(Action::RecordStop) => {
            return Outcome::Record {
                event: Event::RecordingStopped,
                said: None,
            };
        }
        Some(Action::Back) => return Outcome::Close,
        _ => {}
    }
    Outcome::Nothing
}

/// What the ratings window reads.
#[derive(Debug, Clone, Default)]
pub struct RateView {
    /// The idea rated (`None`: the group's one rating, for a pack whose
    /// group rates once).
    pub idea: Option<u32>,
    /// The value of each scale, in order, if rated.
    pub values: Vec<Option<u8>>,
    /// The pack's scales, in order: (scale, min, max).
    pub scales: Vec<(Scale, u8, u8)>,
    /// The equity dimensions, and whether each is ticked for the idea.
    pub dims: Vec<(String, bool)>,
    /// Whether each scale, in order, allows "don't know" (missing: no).
    pub allows_dont_know: Vec<bool>,
    /// Whether the group said "don't know" on each scale, in order.
    pub dont_know: Vec<bool>,
}

impl RateView {
    /// The window of `idea` as the session stands: the scales and the
    /// dimensions it holds (see [`rows_of`]).
    pub fn of(v: &WindowView, idea: Option<u32>) -> RateView {
        let state = v.session.map(|s| s.state());
        let (with_scales, with_dims) = rows_of(v.pack, idea);
        let list = if with_scales {
            scales(v.pack)
        } else {
            Vec::new()
        };
        RateView {
            idea,
            values: list
                .iter()
                .map(|(_, scale, _, _)| {
                    state.and_then(|s| s.ratings.get(&(idea, scale.clone())).copied())
                })
                .collect(),
            allows_dont_know: v
                .pack
                .method
                .ratings
                .scales
                .iter()
                .take(list.len())
                .map(|s| s.dont_know)
                .collect(),
            dont_know: list
                .iter()
                .map(|(_, scale, _, _)| {
                    state.is_some_and(|s| s.dont_know.contains(&(idea, scale.clone())))
                })
                .collect(),
            scales: list
                .into_iter()
                .map(|(_, scale, min, max)| (scale, min, max))
                .collect(),
            dims: match idea {
                Some(idea) if with_dims => v
                    .pack
                    .equity_dimensions
                    .iter()
                    .map(|d| {
                        let on = state
                            .is_some_and(|s| s.equity.get(&idea).is_some_and(|e| e.contains(d)));
                        (d.clone(), on)
                    })
                    .collect(),
                _ => Vec::new(),
            },
        }
    }
}

/// The ratings window: rows are the pack's scales, then the dimensions;
/// `ch` is the digit typed (0 for 10 on a scale that reaches 10).
pub fn rate(sel: &mut usize, action: Option<Action>, ch: Option<char>, v: &RateView) -> Outcome {
    let rows = v.scales.len() + v.dims.len();
    if rows == 0 {
        return match action {
            Some(Action::Back) => Outcome::Close,
            _ => Outcome::Nothing,
        };
    }
    let idea = v.idea;
    match action {
        Some(Action::Down) => *sel = (*sel + 1) % rows,
        Some(Action::Up) => *sel = (*sel + rows - 1) % rows,
        Some(Action::Back) => return Outcome::Close,
        action if *sel < v.scales.len() => {
            let (scale, min, max) = v.scales[*sel].clone();
            if action == Some(Action::DontKnow) {
                let allowed = v.allows_dont_know.get(*sel).copied().unwrap_or(false);
                let already = v.dont_know.get(*sel).copied().unwrap_or(false);
                if allowed && !already {
                    return Outcome::Record {
                        event: Event::Rated {
                            idea,
                            scale,
                            value: None,
                            dont_know: true,
                        },
                        said: None,
                    };
                }
                return Outcome::Nothing;
            }
            let now_v = v.values.get(*sel).copied().flatten();
            let mid = min + (max - min) / 2;
            let value = match (action, ch) {
                // The digit, and 0 for 10 (on a scale that reaches 10).
                (Some(Action::Digit), Some(c)) => c
                    .to_digit(10)
                    .map(|d| if d == 0 && max >= 10 { 10 } else { d as u8 })
                    .filter(|d| (min..=max).contains(d)),
                (Some(Action::Right), _) => Some(now_v.map_or(mid, |v| (v + 1).min(max))),
                (Some(Action::Left), _) => {
                    Some(now_v.map_or(mid, |v| v.saturating_sub(1).max(min)))
                }
                _ => None,
            };
            if let Some(value) = value
                && Some(value) != now_v
            {
                return Outcome::Record {
                    event: Event::Rated {
                        idea,
                        scale,
                        value: Some(value),
                        dont_know: false,
                    },
                    said: None,
                };
            }
        }
        Some(Action::Tick) => {
            if let (Some(idea), Some((d, ticked))) = (idea, v.dims.get(*sel - v.scales.len())) {
                return Outcome::Record {
                    event: Event::EquityTicked {
                        idea,
                        dimension: d.clone(),
                        on: !ticked,
                    },
                    said: None,
                };
            }
        }
        _ => {}
    }
    Outcome::Nothing
}
