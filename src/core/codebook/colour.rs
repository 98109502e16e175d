//! The 16 ANSI colours a codebook can name, and colours given as RGB (`#8B4513`,
//! as REFI-QDA files carry them) shown as the nearest of them.

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

/// RGB of the 16 ANSI colours as xterm shows them: a common reference, and distinct
/// enough that each maps back to itself as the nearest.
const PALETTE: [(AnsiColor, [u8; 3]); 16] = [
    (AnsiColor::Black, [0x00, 0x00, 0x00]),
    (AnsiColor::Red, [0xCD, 0x00, 0x00]),
    (AnsiColor::Green, [0x00, 0xCD, 0x00]),
    (AnsiColor::Yellow, [0xCD, 0xCD, 0x00]),
    (AnsiColor::Blue, [0x00, 0x00, 0xEE]),
    (AnsiColor::Magenta, [0xCD, 0x00, 0xCD]),
    (AnsiColor::Cyan, [0x00, 0xCD, 0xCD]),
    (AnsiColor::Gray, [0xE5, 0xE5, 0xE5]),
    (AnsiColor::DarkGray, [0x7F, 0x7F, 0x7F]),
    (AnsiColor::LightRed, [0xFF, 0x00, 0x00]),
    (AnsiColor::LightGreen, [0x00, 0xFF, 0x00]),
    (AnsiColor::LightYellow, [0xFF, 0xFF, 0x00]),
    (AnsiColor::LightBlue, [0x5C, 0x5C, 0xFF]),
    (AnsiColor::LightMagenta, [0xFF, 0x00, 0xFF]),
    (AnsiColor::LightCyan, [0x00, 0xFF, 0xFF]),
    (AnsiColor::White, [0xFF, 0xFF, 0xFF]),
];

/// The RGB written for an ANSI colour.
pub fn ansi_rgb(color: AnsiColor) -> [u8; 3] {
    PALETTE
        .iter()
        .find(|(c, _)| *c == color)
        .map_or([0xE5; 3], |&(_, rgb)| rgb)
}

/// The ANSI colour nearest to `rgb`, by the "redmean" distance (closer to what the
/// eye sees than plain RGB distance, and cheap).
pub fn nearest_ansi(rgb: [u8; 3]) -> AnsiColor {
    let distance = |other: [u8; 3]| {
        let [r1, g1, b1] = rgb.map(i64::from);
        let [r2, g2, b2] = other.map(i64::from);
        let mean = (r1 + r2) / 2;
        let (dr, dg, db) = (r1 - r2, g1 - g2, b1 - b2);
        (((512 + mean) * dr * dr) >> 8) + 4 * dg * dg + (((767 - mean) * db * db) >> 8)
    };
    PALETTE
        .iter()
        .min_by_key(|(_, other)| distance(*other))
        .map_or(AnsiColor::Gray, |&(c, _)| c)
}

/// Parses `#RRGGBB` or `#RGB` (the forms `RGBType` allows).
pub fn parse_rgb(value: &str) -> Option<[u8; 3]> {
    let hex = value.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |s: &str| u8::from_str_radix(s, 16).ok();
    match hex.len() {
        6 => Some([
            channel(&hex[..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..])?,
        ]),
        3 => {
            let short = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
            Some([short(0)?, short(1)?, short(2)?])
        }
        _ => None,
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

    #[test]
    fn every_ansi_colour_maps_back_to_itself() {
        for (color, rgb) in PALETTE {
            assert_eq!(nearest_ansi(rgb), color);
            assert_eq!(ansi_rgb(color), rgb);
        }
        assert_eq!(parse_rgb("#fc0"), Some([0xFF, 0xCC, 0x00]));
        assert_eq!(parse_rgb("#12345"), None);
        assert_eq!(nearest_ansi([0xF0, 0x00, 0x82]), AnsiColor::Magenta);
    }
}
