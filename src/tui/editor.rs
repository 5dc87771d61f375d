//! The note and quote editor: multi-line text (kept by ratatui-textarea,
//! drawn by [`super::editor_view`]), who said
//! it, and codes. Its draft is handed to the writer on every change, so an
//! unsent note survives a crash.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui_textarea::{TextArea, WrapMode};
use serde::{Deserialize, Serialize};

use crate::domain::draft::NoteDraft as Draft;
use crate::domain::event::{Event, NoteId, NoteKind, NotePlace};
use crate::domain::state::{Note, SessionState};
use crate::stimulus::Pack;
use crate::tui::keys::{self, Action, Context};
use crate::tui::state::Outcome;
use crate::tui::text::flow;
use crate::tui::theme;

/// The most a note may hold: 100 KB (102,400 bytes of UTF-8, some 15,000
/// words of English). Typing or pasting beyond it is refused with a
/// message; a longer note already in a session file still opens.
pub const MAX_NOTE_BYTES: usize = 100 * 1024;

/// The limit as the messages say it.
pub const MAX_NOTE_SAID: &str = "100 KB";

/// Which row of the editor has the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EdFocus {
    /// The text.
    Text,
    /// Who said it.
    Who,
    /// Codes.
    Codes,
}

/// The editor.
#[derive(Debug, Clone)]
pub struct Editor {
    /// Shown (hidden keeps the draft).
    pub visible: bool,
    /// Note or quote.
    pub kind: NoteKind,
    /// The text.
    pub area: TextArea<'static>,
    /// Who said it.
    pub participant: Option<u32>,
    /// Codes ticked.
    pub codes: Vec<String>,
    /// Where the note belongs (the step and section when it was begun).
    pub place: NotePlace,
    /// The note being edited, if not a new one.
    pub editing: Option<NoteId>,
    /// Focused row.
    pub focus: EdFocus,
    /// Selected code in the codes row.
    pub code_sel: usize,
    /// When the moderator began typing (for the note's place on the tape).
    pub begun: Option<DateTime<Utc>>,
}

fn textarea(text: &str) -> TextArea<'static> {
    // Edited here, drawn by `editor_view` (never by the widget itself).
    let mut area = TextArea::new(text.lines().map(String::from).collect());
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.move_cursor(ratatui_textarea::CursorMove::Bottom);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    area
}

impl Editor {
    /// A new, empty note or quote for `place`.
    pub fn new(kind: NoteKind, place: NotePlace, now: DateTime<Utc>) -> Editor {
        Editor {
            visible: true,
            kind,
            area: textarea(""),
            participant: None,
            codes: Vec::new(),
            place,
            editing: None,
            focus: EdFocus::Text,
            code_sel: 0,
            begun: Some(now),
        }
    }

    /// The editor on an existing note.
    pub fn editing(n: &Note) -> Editor {
        Editor {
            visible: true,
            kind: n.kind,
            area: textarea(&n.text),
            participant: n.participant,
            codes: n.codes.clone(),
            place: n.place.clone(),
            editing: Some(n.id),
            focus: EdFocus::Text,
            code_sel: 0,
            begun: n.begun,
        }
    }

    /// The text typed so far.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// The length of [`Editor::text`] in bytes, without building it.
    pub fn text_len(&self) -> usize {
        let lines = self.area.lines();
        lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
    }

    /// The draft to save, or None when there is nothing worth keeping.
    pub fn draft(&self) -> Option<serde_json::Value> {
        let text = self.text();
        if text.trim().is_empty() && self.editing.is_none() {
            return None;
        }
        serde_json::to_value(Draft {
            kind: self.kind,
            text,
            participant: self.participant,
            codes: self.codes.clone(),
            place: self.place.clone(),
            editing: self.editing,
            begun: self.begun,
        })
        .ok()
    }

    /// The editor back from a saved draft.
    pub fn from_draft(v: &serde_json::Value) -> Option<Editor> {
        let d: Draft = serde_json::from_value(v.clone()).ok()?;
        Some(Editor {
            visible: true,
            kind: d.kind,
            area: textarea(&d.text),
            participant: d.participant,
            codes: d.codes,
            place: d.place,
            editing: d.editing,
            focus: EdFocus::Text,
            code_sel: 0,
            begun: d.begun,
        })
    }
}

/// What the editor's keys act on, read from the session and the pack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditorView {
    /// The roster's ids, in roster order (the Who digits count in it).
    pub roster: Vec<u32>,
    /// The pack's codes.
    pub codes: Vec<String>,
    /// The id a new note gets.
    pub next_note_id: u32,
}

/// What a key is to the editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdInput {
    /// An action of the key table.
    Act(Action),
    /// A digit on Who: the participant in that place on the roster.
    Who(char),
    /// A key typed into the text (handed to the text box as it is).
    Typed(KeyEvent),
}

impl Editor {
    /// What a key is here: the key table's [`Context::Editor`], then the
    /// focused row's ([`Context::EditorWho`], [`Context::EditorCodes`]);
    /// on the text, anything else is typed. Enter with Alt (or, on the
    /// text, with Ctrl) is a new line, not save.
    pub fn input_of(&self, key: &KeyEvent) -> EdInput {
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match keys::action(Context::Editor, key) {
            Some(Action::Accept) if alt || ctrl && self.focus == EdFocus::Text => {
                return EdInput::Act(Action::NewLine);
            }
            Some(Action::Digit) if self.focus == EdFocus::Who => {
                if let Some(c) = digit_of(key) {
                    return EdInput::Who(c);
                }
            }
            Some(Action::Digit) => {}
            Some(a) => return EdInput::Act(a),
            None => {}
        }
        let row = match self.focus {
            EdFocus::Text => return EdInput::Typed(*key),
            EdFocus::Who => Context::EditorWho,
            EdFocus::Codes => Context::EditorCodes,
        };
        match keys::action(row, key) {
            Some(a) => EdInput::Act(a),
            None => EdInput::Typed(*key),
        }
    }
}

fn digit_of(key: &KeyEvent) -> Option<char> {
    ('0'..='9').find(|c| keys::Key::ch(*c).matches(key))
}

/// The editor's answer to an input. Changes only the editor; what the
/// app must do (record the note, close the editor) is the [`Outcome`].
pub fn on_action(ed: &mut Editor, input: EdInput, v: &EditorView) -> Outcome {
    let action = match input {
        EdInput::Who(c) => {
            let i = if c == '0' {
                9
            } else {
                c as usize - '1' as usize
            };
            return match v.roster.get(i) {
                Some(id) => {
                    ed.participant = Some(*id);
                    Outcome::Nothing
                }
                None => Outcome::Refuse(format!("There is no participant {c} on the roster.")),
            };
        }
        EdInput::Typed(key) => {
            if ed.focus != EdFocus::Text {
                return Outcome::Nothing;
            }
            let grows = match crate::tui::form::typed_char(&key) {
                Some(c) if !key.modifiers.contains(KeyModifiers::ALT) => c.len_utf8(),
                _ => 0,
            };
            if grows > 0 && ed.text_len() + grows > MAX_NOTE_BYTES {
                return note_full();
            }
            ed.area.input(key);
            return Outcome::Nothing;
        }
        EdInput::Act(a) => a,
    };
    match action {
        Action::Back => {
            if ed.text().trim().is_empty() && ed.editing.is_none() {
                return Outcome::CloseEditor;
            }
            ed.visible = false;
            return Outcome::Flash(
                "Draft kept: n or v to go on with it; Ctrl-X in the editor throws it away.".into(),
            );
        }
        Action::Discard => {
            return Outcome::Chain(vec![
                Outcome::CloseEditor,
                Outcome::Flash("Draft thrown away.".into()),
            ]);
        }
        Action::SwitchKind => {
            ed.kind = match ed.kind {
                NoteKind::Note => NoteKind::Quote,
                NoteKind::Quote => NoteKind::Note,
            };
        }
        Action::Accept => return save(ed, v),
        Action::NextField => {
            ed.focus = match ed.focus {
                EdFocus::Text => EdFocus::Who,
                EdFocus::Who => EdFocus::Codes,
                EdFocus::Codes => EdFocus::Text,
            };
        }
        Action::PrevField => {
            ed.focus = match ed.focus {
                EdFocus::Text => EdFocus::Codes,
                EdFocus::Who => EdFocus::Text,
                EdFocus::Codes => EdFocus::Who,
            };
        }
        Action::NewLine if ed.focus == EdFocus::Text => {
            if ed.text_len() + 1 > MAX_NOTE_BYTES {
                return note_full();
            }
            ed.area.insert_newline();
        }
        a if ed.focus == EdFocus::Who => {
            let pos = ed
                .participant
                .and_then(|p| v.roster.iter().position(|x| *x == p));
            let n = v.roster.len();
            match a {
                Action::Right if n > 0 => {
                    ed.participant = match pos {
                        None => v.roster.first().copied(),
                        Some(i) if i + 1 < n => Some(v.roster[i + 1]),
                        Some(_) => None,
                    }
                }
                Action::Left if n > 0 => {
                    ed.participant = match pos {
                        None => v.roster.last().copied(),
                        Some(0) => None,
                        Some(i) => Some(v.roster[i - 1]),
                    }
                }
                Action::ClearField => ed.participant = None,
                _ => {}
            }
        }
        a if ed.focus == EdFocus::Codes => {
            let n = v.codes.len();
            match a {
                Action::Right if n > 0 => ed.code_sel = (ed.code_sel + 1) % n,
                Action::Left if n > 0 => ed.code_sel = (ed.code_sel + n - 1) % n,
                Action::TickCode => {
                    if let Some(c) = v.codes.get(ed.code_sel) {
                        if let Some(i) = ed.codes.iter().position(|x| x == c) {
                            ed.codes.remove(i);
                        } else {
                            ed.codes.push(c.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
    Outcome::Nothing
}

fn note_full() -> Outcome {
    Outcome::Refuse(format!(
        "Note full: a note holds at most {MAX_NOTE_SAID}. Enter saves it."
    ))
}

/// Save: the note recorded, then the editor closed (kept if refused).
fn save(ed: &Editor, v: &EditorView) -> Outcome {
    let text = ed.text().trim_end().to_string();
    let event = match ed.editing {
        Some(id) => Event::NoteEdited {
            id,
            text,
            participant: ed.participant,
            codes: ed.codes.clone(),
        },
        None => Event::NoteAdded {
            id: v.next_note_id,
            kind: ed.kind,
            place: ed.place.clone(),
            text,
            participant: ed.participant,
            codes: ed.codes.clone(),
            begun: ed.begun,
        },
    };
    let what = match (ed.editing.is_some(), ed.kind) {
        (true, _) => "Note changed.",
        (false, NoteKind::Quote) => "Quote saved.",
        (false, NoteKind::Note) => "Note saved.",
    };
    let unattributed = ed.kind == NoteKind::Quote && ed.participant.is_none();
    let said = if unattributed {
        format!("{what} It has no speaker: Tab to Who when you know it, e to edit.")
    } else {
        what.to_string()
    };
    Outcome::Chain(vec![
        Outcome::Record {
            event,
            said: Some(said),
        },
        Outcome::CloseEditor,
    ])
}

/// Draw the editor over the screen.
pub fn draw(
    f: &mut Frame,
    area: Rect,
    ed: &Editor,
    state: &SessionState,
    pack: &Pack,
    step_title: &str,
) {
    let w = area.width.saturating_sub(4).min(100);
    let h = area.height.saturating_sub(4).min(18);
    let r = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, r);
    let kind = match (ed.editing, ed.kind) {
        (Some(id), _) => format!("Edit note {id}"),
        (None, NoteKind::Quote) => "New verbatim quote".to_string(),
        (None, NoteKind::Note) => "New note".to_string(),
    };
    let section = ed
        .place
        .section
        .as_deref()
        .map(|s| format!(" › {s}"))
        .unwrap_or_default();
    let block = Block::bordered().title(format!(" {kind} · {step_title}{section} "));
    let inner = block.inner(r);
    f.render_widget(block, r);
    let [text, who, codes, hint] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(1),
    ])
    .areas(inner);
    let on_text = ed.focus == EdFocus::Text;
    let cursor = ed.area.cursor();
    super::editor_view::draw(
        f,
        text,
        Block::bordered().title(if on_text { " › Text " } else { " Text " }),
        ed.area.lines(),
        (cursor.0, cursor.1),
        on_text,
    );
    let who_text = match ed.participant.and_then(|id| state.participants.get(&id)) {
        Some(p) => {
            let n = state
                .roster()
                .position(|x| x.id == p.id)
                .map(|i| format!("{} ", i + 1))
                .unwrap_or_default();
            format!(
                "{n}{} — {}",
                p.label,
                p.attribution_in(&state.profile, &pack.method.wording.attribution)
            )
        }
        None => "nobody".to_string(),
    };
    let focus_who = ed.focus == EdFocus::Who;
    // The speaker fits the line ("…" if the attribution is long); the keys
    // for choosing one are on the hint line below while Who has the focus.
    let room = (who.width as usize).saturating_sub(11);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(if focus_who {
                theme::CURSOR
            } else {
                theme::NO_CURSOR
            }),
            Span::styled("Who: ", theme::heading()),
            Span::styled(
                format!("‹ {} ›", crate::tui::text::truncate(&who_text, room)),
                if focus_who {
                    theme::selected()
                } else {
                    theme::text()
                },
            ),
        ])),
        who,
    );
    let focus_codes = ed.focus == EdFocus::Codes;
    let mut items = vec![
        (
            if focus_codes {
                theme::CURSOR
            } else {
                theme::NO_CURSOR
            }
            .to_string(),
            theme::text(),
        ),
        ("Codes:".to_string(), theme::heading()),
    ];
    for (i, c) in pack.codes.iter().enumerate() {
        let on = ed.codes.contains(c);
        let here = focus_codes && i == ed.code_sel;
        items.push((
            format!(
                "{}[{}]{c}",
                if here { "›" } else { "" },
                if on { "x" } else { " " }
            ),
            if here {
                theme::selected()
            } else if on {
                theme::key()
            } else {
                theme::dim()
            },
        ));
    }
    f.render_widget(Paragraph::new(flow(items, codes.width as usize)), codes);
    let hint_line = if focus_who {
        Line::from(vec![
            Span::styled("1-9, 0", theme::key()),
            Span::raw(" who (roster order) · "),
            Span::styled("←/→", theme::key()),
            Span::raw(" step · "),
            Span::styled("-", theme::key()),
            Span::raw(" nobody · "),
            Span::styled("Tab", theme::key()),
            Span::raw(" codes · "),
            Span::styled("Enter", theme::key()),
            Span::raw(" save"),
        ])
    } else {
        Line::from(vec![
            Span::styled("Enter", theme::key()),
            Span::raw(" save · "),
            Span::styled("Alt-Enter", theme::key()),
            Span::raw(" newline · "),
            Span::styled("Tab", theme::key()),
            Span::raw(" who/codes · "),
            Span::styled("^T", theme::key()),
            Span::raw(" kind · "),
            Span::styled("Esc", theme::key()),
            Span::raw(" hide"),
        ])
    };
    f.render_widget(Paragraph::new(hint_line), hint);
}
