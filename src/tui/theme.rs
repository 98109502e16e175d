//! The palette: the 16 ANSI colours only, one meaning each, and meaning also carried
//! by bold, dim, reverse and markers so NO_COLOR and monochrome terminals work.

use crate::core::codebook::AnsiColor;
use ratatui::style::{Color, Modifier, Style};

/// Terminal types without colour.
fn monochrome(term: &str) -> bool {
    let t = term.to_ascii_lowercase();
    ["vt52", "vt100", "vt102", "vt220", "vt320", "vt420"]
        .iter()
        .any(|v| t == *v || t.starts_with(&format!("{v}-")))
        || t.ends_with("-mono")
        || t.ends_with("-m")
}

/// Styles for every kind of thing on screen.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set (to anything non-empty) or the terminal has
    /// none (a VT100-class `TERM`, or one named `-mono`): then meaning is carried by
    /// bold, reverse and markers alone.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let term = std::env::var("TERM").unwrap_or_default();
        Theme {
            color: !no_color && !monochrome(&term),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Pane borders and titles of inactive things.
    pub fn border(self) -> Style {
        self.fg(Color::DarkGray)
    }

    /// Pane titles.
    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Text of neighbouring paragraphs: context, not the focus.
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    /// The current paragraph's text.
    pub fn current(self) -> Style {
        Style::new()
    }

    /// The bar beside the current paragraph.
    pub fn bar(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Paragraph headings (number, speaker).
    pub fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row of a list.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A code's colour, for swatches and applied-code labels.
    pub fn code(self, c: Option<AnsiColor>) -> Style {
        match c {
            Some(c) => self.fg(ansi(c)),
            None => Style::new(),
        }
    }

    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    pub fn busy(self) -> Style {
        self.fg(Color::Yellow)
    }

    /// Something the user must see: NOT SAVED, errors.
    pub fn alarm(self) -> Style {
        self.fg(Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// A search match in the transcript: reversed, so it shows without colour too.
    pub fn found(self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// Memos beside their paragraph.
    pub fn memo(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::ITALIC)
    }

    /// A shaded cell of a table: `level` 0 (none) to 3 (the most).
    pub fn shade(self, level: u8) -> Style {
        match (self.color, level) {
            (_, 0) => self.dim(),
            (true, 1) => Style::new().fg(Color::Black).bg(Color::Gray),
            (true, 2) => Style::new().fg(Color::Black).bg(Color::Yellow),
            (true, _) => Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            (false, 1) => Style::new(),
            (false, 2) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        }
    }

    /// Key names in hints and help.
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}

fn ansi(c: AnsiColor) -> Color {
    match c {
        AnsiColor::Black => Color::Black,
        AnsiColor::Red => Color::Red,
        AnsiColor::Green => Color::Green,
        AnsiColor::Yellow => Color::Yellow,
        AnsiColor::Blue => Color::Blue,
        AnsiColor::Magenta => Color::Magenta,
        AnsiColor::Cyan => Color::Cyan,
        AnsiColor::Gray => Color::Gray,
        AnsiColor::DarkGray => Color::DarkGray,
        AnsiColor::LightRed => Color::LightRed,
        AnsiColor::LightGreen => Color::LightGreen,
        AnsiColor::LightYellow => Color::LightYellow,
        AnsiColor::LightBlue => Color::LightBlue,
        AnsiColor::LightMagenta => Color::LightMagenta,
        AnsiColor::LightCyan => Color::LightCyan,
        AnsiColor::White => Color::White,
    }
}

#[cfg(test)]
mod tests {
    use super::monochrome;

    #[test]
    fn vt100_class_and_mono_terminals_have_no_colour() {
        for t in ["vt100", "VT220", "vt102-nam", "xterm-mono", "wy50-m"] {
            assert!(monochrome(t), "{t}");
        }
        for t in [
            "xterm-256color",
            "linux",
            "screen",
            "tmux-256color",
            "vt100x",
            "",
        ] {
            assert!(!monochrome(t), "{t}");
        }
    }
}
