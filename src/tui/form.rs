//! A small form of single-line fields: text, or a choice cycled with ←/→.

use std::borrow::Cow;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};

use super::keys::{self, Action, Context};
use super::theme;

/// The most characters a text field holds.
pub const FIELD_MAX: usize = 200;

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// One of these values, cycled with ←/→ or space.
    Choice(Vec<String>),
}

/// One field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Shown before the value.
    pub label: Cow<'static, str>,
    /// The value as typed (for a choice: the chosen option).
    pub value: String,
    /// Text or choice.
    pub kind: FieldKind,
    /// Shown dimmed after an empty value.
    pub hint: Cow<'static, str>,
    /// Must not be empty.
    pub required: bool,
}

impl Field {
    /// A text field.
    pub fn text(label: &'static str, value: impl Into<String>, hint: &'static str) -> Field {
        Field {
            label: Cow::Borrowed(label),
            value: value.into(),
            kind: FieldKind::Text,
            hint: Cow::Borrowed(hint),
            required: false,
        }
    }

    /// A choice field.
    pub fn choice(label: &'static str, options: &[&str], value: &str) -> Field {
        let options: Vec<String> = options.iter().map(|s| s.to_string()).collect();
        let value = if options.iter().any(|o| o == value) {
            value.to_string()
        } else {
            options.first().cloned().unwrap_or_default()
        };
        Field {
            label: Cow::Borrowed(label),
            value,
            kind: FieldKind::Choice(options),
            hint: Cow::Borrowed("←/→ to change"),
            required: false,
        }
    }

    /// The same field under a label made at run time (a pack's question).
    pub fn named(mut self, label: String) -> Field {
        self.label = Cow::Owned(label);
        self
    }

    /// The same field with a hint made at run time (a pack's question).
    pub fn hinted(mut self, hint: String) -> Field {
        self.hint = Cow::Owned(hint);
        self
    }

    /// Mark as required.
    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    /// Nothing for the caller to do.
    Editing,
    /// The moderator asked to save (Enter on the last field, or Ctrl-S).
    Submit,
    /// The moderator asked to leave (Esc).
    Cancel,
}

/// What a key is to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormInput {
    /// An action of the key table.
    Act(Action),
    /// A character typed into the field.
    Char(char),
    /// A key that does nothing here.
    Nothing,
}

/// A form: fields and the one with focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Title shown on the border.
    pub title: String,
    /// The fields in order.
    pub fields: Vec<Field>,
    /// Index of the focused field.
    pub focus: usize,
}

impl Form {
    /// A form.
    pub fn new(title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            fields,
            focus: 0,
        }
    }

    /// The value of the field with this label ("" if none).
    pub fn get(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map_or("", |f| f.value.trim())
    }

    /// The first required field left empty, if any.
    pub fn missing(&self) -> Option<String> {
        self.fields
            .iter()
            .find(|f| f.required && f.value.trim().is_empty())
            .map(|f| f.label.to_string())
    }

    /// Handle a key: what the key table makes of it (see [`Form::on_input`]).
    pub fn key(&mut self, key: KeyEvent) -> FormOutcome {
        let input = self.input_of(&key);
        self.on_input(input)
    }

    /// What a key is to this form: an action of the key table
    /// ([`Context::Forms`], then [`Context::FormChoice`] on a choice), or
    /// text typed into the field.
    pub fn input_of(&self, key: &KeyEvent) -> FormInput {
        if let Some(a) = keys::action(Context::Forms, key) {
            return FormInput::Act(a);
        }
        let on_choice = self
            .fields
            .get(self.focus)
            .is_some_and(|f| matches!(f.kind, FieldKind::Choice(_)));
        if on_choice {
            return keys::action(Context::FormChoice, key)
                .map_or(FormInput::Nothing, FormInput::Act);
        }
        match typed_char(key) {
            Some(c) => FormInput::Char(c),
            None => FormInput::Nothing,
        }
    }

    /// Act on an input: an action, or a character typed.
    pub fn on_input(&mut self, input: FormInput) -> FormOutcome {
        let n = self.fields.len();
        let action = match input {
            FormInput::Nothing => return FormOutcome::Editing,
            FormInput::Char(c) => {
                if let Some(f) = self.fields.get_mut(self.focus)
                    && f.kind == FieldKind::Text
                    && f.value.chars().count() < FIELD_MAX
                {
                    f.value.push(c);
                }
                return FormOutcome::Editing;
            }
            FormInput::Act(a) => a,
        };
        match action {
            Action::Back => return FormOutcome::Cancel,
            Action::Save => return FormOutcome::Submit,
            Action::Accept => {
                if self.focus + 1 >= n {
                    return FormOutcome::Submit;
                }
                self.focus += 1;
            }
            Action::NextField => self.focus = (self.focus + 1) % n.max(1),
            Action::PrevField => self.focus = (self.focus + n.max(1) - 1) % n.max(1),
            a => {
                if let Some(f) = self.fields.get_mut(self.focus) {
                    edit_field(f, a);
                }
            }
        }
        FormOutcome::Editing
    }

    /// The form as lines: "› Label: value".
    pub fn lines(&self, label_width: usize) -> Vec<Line<'static>> {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let focused = i == self.focus;
                let star = if f.required { "*" } else { " " };
                let mut spans = vec![
                    Span::raw(if focused {
                        theme::CURSOR
                    } else {
                        theme::NO_CURSOR
                    }),
                    Span::styled(
                        format!("{:>w$}{star} ", f.label, w = label_width),
                        theme::heading(),
                    ),
                ];
                let value = match &f.kind {
                    FieldKind::Text => f.value.clone(),
                    FieldKind::Choice(_) => format!("‹ {} ›", f.value),
                };
                spans.push(Span::styled(
                    value,
                    if focused {
                        theme::selected()
                    } else {
                        theme::text()
                    },
                ));
                if focused && matches!(f.kind, FieldKind::Text) {
                    spans.push(Span::styled("▏", theme::key()));
                }
                if f.value.is_empty() || (focused && matches!(f.kind, FieldKind::Choice(_))) {
                    spans.push(Span::styled(format!("  {}", f.hint), theme::dim()));
                }
                Line::from(spans)
            })
            .collect()
    }
}

/// The character a key types, if it types one (Ctrl held types none).
pub(crate) fn typed_char(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
        _ => None,
    }
}

fn edit_field(f: &mut Field, action: Action) {
    match &f.kind {
        FieldKind::Text => match action {
            Action::ClearField => f.value.clear(),
            Action::EraseWord => {
                let trimmed = f.value.trim_end().len();
                f.value.truncate(trimmed);
                let cut = f.value.rfind(' ').map_or(0, |i| i + 1);
                f.value.truncate(cut);
            }
            Action::Erase => {
                f.value.pop();
            }
            _ => {}
        },
        FieldKind::Choice(options) => {
            let i = options.iter().position(|o| *o == f.value).unwrap_or(0);
            let n = options.len().max(1);
            let j = match action {
                Action::Right => (i + 1) % n,
                Action::Left => (i + n - 1) % n,
                _ => i,
            };
            if let Some(o) = options.get(j) {
                f.value = o.clone();
            }
        }
    }
}
