//! What the command line prints to a terminal is made safe first: a
//! location, a note or a file name holding `\e]0;pwned\a\e[2J` must not
//! retitle the window or clear the screen. Every control character but
//! the line break and the tab (C0, DEL, C1, ESC included) is written as a
//! visible escape (`\u001b`). Only a terminal is cleaned: output to a pipe
//! or a file (`-o`) keeps the text as typed.
//!
//! [`Out`] is the one writer every command's standard output goes
//! through; [`eprintln_safe!`](crate::eprintln_safe) does the same for
//! messages on standard error.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

/// Whether `c` must not reach a terminal as it is.
fn unsafe_char(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `s` with every control character but `\n` and `\t` written as `\uXXXX`.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer that cleans what it passes on ([`clean`]) when `active`.
/// Bytes that are not UTF-8 are shown as U+FFFD; a character split
/// between two writes is kept until it is whole.
pub struct Out<W: Write> {
    inner: W,
    active: bool,
    partial: Vec<u8>,
}

impl Out<std::io::Stdout> {
    /// Standard output, cleaned when it is a terminal.
    pub fn stdout() -> Self {
        let s = std::io::stdout();
        let active = s.is_terminal();
        Out::new(s, active)
    }
}

impl Out<std::io::Stderr> {
    /// Standard error, cleaned when it is a terminal.
    pub fn stderr() -> Self {
        let s = std::io::stderr();
        let active = s.is_terminal();
        Out::new(s, active)
    }
}

impl<W: Write> Out<W> {
    /// Wrap `inner`; clean only when `active`.
    pub fn new(inner: W, active: bool) -> Self {
        Out {
            inner,
            active,
            partial: Vec::new(),
        }
    }
}

impl<W: Write> Write for Out<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if !self.active {
            return self.inner.write(buf);
        }
        self.partial.extend_from_slice(buf);
        let mut text = String::new();
        let mut rest: &[u8] = &self.partial;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    text.push_str(s);
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    // From a prefix that is valid by construction.
                    text.push_str(&String::from_utf8_lossy(good));
                    match e.error_len() {
                        Some(n) => {
                            text.push('\u{FFFD}');
                            rest = &bad[n..];
                        }
                        // A character cut off at the end: wait for the rest.
                        None => {
                            rest = bad;
                            break;
                        }
                    }
                }
            }
        }
        let keep = rest.to_vec();
        self.inner.write_all(clean(&text).as_bytes())?;
        self.partial = keep;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `eprintln!`, cleaned when standard error is a terminal (see
/// [`clean`]). Errors writing are ignored, as `eprintln!` would panic.
#[macro_export]
macro_rules! eprintln_safe {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut err = $crate::safe_out::Out::stderr();
        let _ = writeln!(err, $($arg)*);
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(clean("Kent"), "Kent");
        assert_eq!(
            clean("\u{1b}]0;pwned\u{7}\u{1b}[2J"),
            "\\u001b]0;pwned\\u0007\\u001b[2J"
        );
        assert_eq!(clean("a\u{7f}b\u{9b}c\rd"), "a\\u007fb\\u009bc\\u000dd");
        assert_eq!(clean("line\n\tindented আয়েশা"), "line\n\tindented আয়েশা");
    }

    #[test]
    fn the_writer_cleans_across_writes_and_passes_through_when_off() {
        let mut w = Out::new(Vec::new(), true);
        let bytes = "é\u{1b}[2J".as_bytes();
        // "é" cut in two between writes.
        w.write_all(&bytes[..1]).unwrap();
        w.write_all(&bytes[1..]).unwrap();
        w.write_all(&[0xff, b'x']).unwrap();
        assert_eq!(String::from_utf8(w.inner).unwrap(), "é\\u001b[2J\u{FFFD}x");
        let mut w = Out::new(Vec::new(), false);
        w.write_all(b"\x1b[2J").unwrap();
        assert_eq!(w.inner, b"\x1b[2J");
    }
}
