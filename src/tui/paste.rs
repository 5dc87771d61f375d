//! A paste is data, never keys. With bracketed paste on (see
//! [`super::term::init`]) the terminal hands a paste over as one
//! [`Next::Paste`](super::term::Next::Paste); it goes as text into the
//! field that has focus:
//!
//! - the note editor's text keeps its line breaks, up to [`MAX_NOTE_BYTES`];
//! - a one-line field (a form field, a flip-chart entry, a recording's
//!   name, the reason for another pick) gets the lines joined by spaces;
//! - anywhere else the paste is ignored, and the status line says so.
//!
//! A paste that would not fit is refused whole, with a message saying the
//! limit: nothing is half pasted. Control characters (escapes included)
//! are dropped; tabs become spaces.

use super::editor::{EdFocus, Editor};
use super::form::FieldKind;
use super::state::{Outcome, Overlay, Screen};

pub use super::editor::{MAX_NOTE_BYTES, MAX_NOTE_SAID};

/// Pasted text for the note editor: line breaks kept (`\r\n` and `\r`
/// become `\n`), tabs made spaces, every other control character dropped.
pub fn multi_line(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Pasted text for a one-line field: each line trimmed, the non-empty
/// ones joined by a space, control characters dropped.
pub fn one_line(text: &str) -> String {
    multi_line(text)
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Add pasted `text` to a one-line `field` of at most `max` characters:
/// whole, or not at all (the message says why). Returns the status line.
pub fn into_line(field: &mut String, text: &str, max: usize) -> Result<String, String> {
    let add = one_line(text);
    if add.is_empty() {
        return Err("Nothing to paste: the text held no words.".into());
    }
    let have = field.chars().count();
    let n = add.chars().count();
    if have + n > max {
        return Err(format!(
            "Not pasted: {n} characters; the field holds {max} (it has {have})."
        ));
    }
    field.push_str(&add);
    let joined = if text.trim().contains(['\n', '\r']) {
        ", lines joined"
    } else {
        ""
    };
    Ok(format!("Pasted {n} characters{joined}."))
}

/// Human words for a size in bytes ("1.0 MB", "12 KB", "300 bytes").
pub fn size_words(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{} KB", (bytes + 512) / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

/// A paste into the focused text field (the window's, the shown editor's,
/// else the screen's), or ignored with a message (see the module docs).
/// Never read as keys. The outcome is what the status line says.
pub fn into_focus(
    overlay: Option<&mut Overlay>,
    editor: Option<&mut Editor>,
    screen: &mut Screen,
    text: &str,
) -> Outcome {
    match paste_into_focus(overlay, editor, screen, text) {
        Ok(msg) => Outcome::Flash(msg),
        Err(msg) => Outcome::Refuse(msg),
    }
}

fn paste_into_focus(
    overlay: Option<&mut Overlay>,
    editor: Option<&mut Editor>,
    screen: &mut Screen,
    text: &str,
) -> Result<String, String> {
    const NOT_HERE: &str = "Paste ignored: paste into a note or a text field.";
    if let Some(ov) = overlay {
        return match ov {
            Overlay::Flipchart { input, .. } => into_line(input, text, 200),
            Overlay::Recordings {
                naming: Some(name), ..
            } => into_line(name, text, 120),
            _ => Err(NOT_HERE.into()),
        };
    }
    if let Some(ed) = editor.filter(|e| e.visible) {
        if ed.focus != EdFocus::Text {
            return Err("Paste ignored: Tab to the text first.".into());
        }
        let add = multi_line(text);
        if add.is_empty() {
            return Err("Nothing to paste: the text held no words.".into());
        }
        let total = ed.text_len() + add.len();
        if total > MAX_NOTE_BYTES {
            return Err(format!(
                "Not pasted: a note holds at most {MAX_NOTE_SAID} (this makes {}).",
                size_words(total)
            ));
        }
        ed.area.insert_str(&add);
        return Ok(format!("Pasted {}.", size_words(add.len())));
    }
    let form = match screen {
        Screen::Setup(form) => Some(form),
        Screen::Roster(st) => st.form.as_mut().map(|(f, _)| f),
        Screen::Questionnaire(st) => st.form.as_mut().map(|(f, _)| f),
        Screen::Picks(st) => {
            if let Some((Some(_), reason)) = st.other.as_mut() {
                return into_line(reason, text, 300);
            }
            None
        }
        _ => None,
    };
    let Some(form) = form else {
        return Err(NOT_HERE.into());
    };
    match form.fields.get_mut(form.focus) {
        Some(f) if f.kind == FieldKind::Text => {
            into_line(&mut f.value, text, super::form::FIELD_MAX)
        }
        Some(_) => Err("Paste ignored: this field is a choice (←/→).".into()),
        None => Err(NOT_HERE.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_joins_lines_and_drops_controls() {
        assert_eq!(one_line("  Ashford,\r\n Kent \n\n"), "Ashford, Kent");
        assert_eq!(one_line("a\x1b]0;x\x07b\tc"), "a]0;xb c");
    }

    #[test]
    fn multi_line_keeps_breaks() {
        assert_eq!(multi_line("one\r\ntwo\rthree\n"), "one\ntwo\nthree\n");
        assert_eq!(multi_line("\x1b[2Jx\u{9b}y"), "[2Jxy");
    }

    #[test]
    fn a_paste_too_long_for_a_field_is_refused_whole() {
        let mut f = "abc".to_string();
        assert!(into_line(&mut f, &"x".repeat(198), 200).is_err());
        assert_eq!(f, "abc");
        assert!(into_line(&mut f, &"x".repeat(197), 200).is_ok());
        assert_eq!(f.chars().count(), 200);
    }
}
