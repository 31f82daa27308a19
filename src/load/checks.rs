//! Checks of the values an author types into front matter, and the fixes
//! versus can suggest: colours, dates, lengths, contrast and the glyphs the
//! built-in card fonts can draw.

/// Longest `summary` or `description` that search engines show whole.
pub const MAX_DESCRIPTION: usize = 160;

/// CSS colour names an author may write for a brand colour, with their hex.
const CSS_COLOURS: &[(&str, &str)] = &[
    ("aqua", "#00ffff"),
    ("black", "#000000"),
    ("blue", "#0000ff"),
    ("brown", "#a52a2a"),
    ("coral", "#ff7f50"),
    ("crimson", "#dc143c"),
    ("cyan", "#00ffff"),
    ("darkblue", "#00008b"),
    ("darkgreen", "#006400"),
    ("darkred", "#8b0000"),
    ("fuchsia", "#ff00ff"),
    ("gold", "#ffd700"),
    ("gray", "#808080"),
    ("green", "#008000"),
    ("grey", "#808080"),
    ("indigo", "#4b0082"),
    ("lime", "#00ff00"),
    ("magenta", "#ff00ff"),
    ("maroon", "#800000"),
    ("navy", "#000080"),
    ("olive", "#808000"),
    ("orange", "#ffa500"),
    ("pink", "#ffc0cb"),
    ("purple", "#800080"),
    ("red", "#ff0000"),
    ("royalblue", "#4169e1"),
    ("salmon", "#fa8072"),
    ("silver", "#c0c0c0"),
    ("skyblue", "#87ceeb"),
    ("steelblue", "#4682b4"),
    ("teal", "#008080"),
    ("tomato", "#ff6347"),
    ("turquoise", "#40e0d0"),
    ("violet", "#ee82ee"),
    ("white", "#ffffff"),
    ("yellow", "#ffff00"),
];

/// The `#rrggbb` an author most likely meant by a value that is not a
/// colour: a CSS colour name (`teal`), or hex digits without `#`.
pub fn colour_suggestion(value: &str) -> Option<String> {
    let value = value.trim();
    let hex = value.trim_start_matches('#');
    if value.starts_with('#') {
        return None;
    }
    if matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return super::normalize_color(&format!("#{hex}"));
    }
    let name = value.to_ascii_lowercase().replace([' ', '-'], "");
    CSS_COLOURS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, hex)| hex.to_string())
}

/// Why `date` (`YYYY-MM-DD`) is not a date, or `None` when it is one.
pub fn date_problem(date: &str) -> Option<String> {
    let parts: Vec<&str> = date.split('-').collect();
    let shaped = parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if !shaped {
        return Some("write it as YYYY-MM-DD".to_string());
    }
    let year: u32 = parts[0].parse().ok()?;
    let month: u32 = parts[1].parse().ok()?;
    let day: u32 = parts[2].parse().ok()?;
    use crate::util::date::MONTHS;
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Some(format!(
            "{} {year} has {days} days",
            MONTHS[month as usize - 1]
        ));
    }
    None
}

/// When `colour` (`#rrggbb`) is too light to read as text on the light
/// scheme's white: its contrast there, and the darker shade that text in
/// the contender's colour uses instead (see [`crate::util::colour`]).
pub fn low_contrast(colour: &str) -> Option<(f64, String)> {
    use crate::util::colour::{ContenderColours, LIGHT_SURFACE, contrast, parse_hex};
    let rgb = parse_hex(colour)?;
    let text = ContenderColours::of(colour).text_light;
    (text != colour).then(|| (contrast(rgb, LIGHT_SURFACE), text))
}

/// The first character of `text` that the built-in card fonts (DejaVu
/// Sans) have no glyph for: emoji and the scripts DejaVu does not cover.
pub fn undrawable_char(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        matches!(c as u32,
            0x1F000..=0x1FAFF      // emoji, pictographs, playing cards
            | 0x2700..=0x27BF      // dingbats (most emoji presentation)
            | 0xFE0F               // emoji presentation selector
            | 0x2E80..=0x9FFF      // CJK
            | 0xAC00..=0xD7AF      // Hangul
            | 0xF900..=0xFAFF      // CJK compatibility
            | 0x0900..=0x0DFF      // Indic scripts
            | 0x0E00..=0x0E7F      // Thai
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_names_and_bare_hex_get_a_hex_suggestion() {
        assert_eq!(colour_suggestion("teal").as_deref(), Some("#008080"));
        assert_eq!(colour_suggestion("Royal Blue").as_deref(), Some("#4169e1"));
        assert_eq!(colour_suggestion("003B57").as_deref(), Some("#003b57"));
        assert_eq!(colour_suggestion("abc").as_deref(), Some("#aabbcc"));
        assert_eq!(colour_suggestion("#12345"), None);
        assert_eq!(colour_suggestion("brand"), None);
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            date_problem("2026-02-31").as_deref(),
            Some("February 2026 has 28 days")
        );
        assert_eq!(date_problem("2024-02-29"), None);
        assert_eq!(
            date_problem("2100-02-29").as_deref(),
            Some("February 2100 has 28 days")
        );
        assert_eq!(
            date_problem("2026-13-01").as_deref(),
            Some("there is no month 13")
        );
        assert_eq!(
            date_problem("26-1-1").as_deref(),
            Some("write it as YYYY-MM-DD")
        );
        assert_eq!(date_problem("2026-04-30"), None);
    }

    #[test]
    fn a_light_brand_colour_gets_a_darker_text_shade() {
        let (ratio, darker) = low_contrast("#fff000").unwrap();
        assert!(ratio < 1.5, "{ratio}");
        assert_ne!(darker, "#fff000");
        assert_eq!(low_contrast("#3572a5"), None);
    }

    #[test]
    fn emoji_and_cjk_are_not_drawable() {
        assert_eq!(undrawable_char("Rust 🦀"), Some('🦀'));
        assert_eq!(undrawable_char("Vue.js"), None);
        assert_eq!(undrawable_char("Ελληνικά, Кириллица"), None);
        assert_eq!(undrawable_char("日本"), Some('日'));
    }
}
