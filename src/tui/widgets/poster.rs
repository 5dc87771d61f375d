//! The posters: one idea at a time, or the wall of every title.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::frame::window;
use crate::stimulus::Pack;
use crate::tui::theme;

/// Draw the poster at index `idea`, or the wall; `typed`: digits typed
/// towards an idea number.
pub fn draw_posters(f: &mut Frame, area: Rect, pack: &Pack, idea: usize, wall: bool, typed: &str) {
    // A number being typed shows in the title until it is complete.
    let going = if typed.is_empty() {
        String::new()
    } else {
        format!(" · idea {typed}▏ Enter")
    };
    if wall {
        let mut lines = Vec::new();
        for t in &pack.themes {
            lines.push(Line::styled(
                format!("Theme {}: {}", t.id, t.title),
                theme::heading(),
            ));
            for i in pack.ideas.iter().filter(|i| i.theme == t.id) {
                let here = pack.ideas.iter().position(|x| x.number == i.number) == Some(idea);
                lines.push(theme::row(
                    format!("{}. {}", i.number, i.title),
                    here,
                    theme::text(),
                ));
            }
        }
        window(
            f,
            area,
            &format!(
                "The {} ideas · Enter to open · w single{going}",
                if pack.ideas.len() == 9 {
                    "nine".to_string()
                } else {
                    pack.ideas.len().to_string()
                }
            ),
            lines,
            70,
            area.height,
        );
    } else if let Some(i) = pack.ideas.get(idea) {
        let theme_title = pack
            .theme(&i.theme)
            .map(|t| t.title.clone())
            .unwrap_or_default();
        let mut lines = vec![
            Line::styled(format!("Theme {}: {theme_title}", i.theme), theme::dim()),
            Line::raw(""),
            Line::styled("Description", theme::heading()),
            Line::raw(i.description.clone()),
            Line::raw(""),
            Line::styled(
                if i.examples.len() > 1 {
                    "Examples"
                } else {
                    "Example"
                },
                theme::heading(),
            ),
        ];
        for (k, e) in i.examples.iter().enumerate() {
            let label = if i.examples.len() > 1 {
                format!("({}) ", (b'a' + k as u8) as char)
            } else {
                String::new()
            };
            lines.push(Line::raw(format!("{label}{e}")));
        }
        window(
            f,
            area,
            &format!(
                "{} {} of {}{going}: {} · ←/→ · w wall",
                pack.method.option_title(),
                i.number,
                pack.ideas.len(),
                i.title
            ),
            lines,
            area.width,
            area.height,
        );
    }
}
