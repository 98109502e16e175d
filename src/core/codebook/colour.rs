//! The 16 ANSI colours a codebook can name.

/// One of the 16 ANSI colours, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnsiColor {
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
    LightRed,
    LightGreen,
    LightYellow,
    LightBlue,
    LightMagenta,
    LightCyan,
    White,
}

impl AnsiColor {
    const NAMES: [(&'static str, AnsiColor); 16] = [
        ("black", AnsiColor::Black),
        ("red", AnsiColor::Red),
        ("green", AnsiColor::Green),
        ("yellow", AnsiColor::Yellow),
        ("blue", AnsiColor::Blue),
        ("magenta", AnsiColor::Magenta),
        ("cyan", AnsiColor::Cyan),
        ("gray", AnsiColor::Gray),
        ("dark-gray", AnsiColor::DarkGray),
        ("light-red", AnsiColor::LightRed),
        ("light-green", AnsiColor::LightGreen),
        ("light-yellow", AnsiColor::LightYellow),
        ("light-blue", AnsiColor::LightBlue),
        ("light-magenta", AnsiColor::LightMagenta),
        ("light-cyan", AnsiColor::LightCyan),
        ("white", AnsiColor::White),
    ];

    /// The colour's name as written in codebooks.
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("gray", |(n, _)| n)
    }

    /// Parses a colour name (`light-blue`, also `light_blue`, `lightblue`, `grey`).
    pub fn parse(name: &str) -> Option<AnsiColor> {
        let norm: String = name
            .trim()
            .to_ascii_lowercase()
            .replace("grey", "gray")
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        Self::NAMES
            .iter()
            .find(|(n, _)| n.replace('-', "") == norm)
            .map(|&(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_names() {
        assert_eq!(AnsiColor::parse("Light_Blue"), Some(AnsiColor::LightBlue));
        assert_eq!(AnsiColor::parse("grey"), Some(AnsiColor::Gray));
        assert_eq!(AnsiColor::parse("dark-grey"), Some(AnsiColor::DarkGray));
        assert_eq!(AnsiColor::parse("mauve"), None);
    }
}
