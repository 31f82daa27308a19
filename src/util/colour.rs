//! Contender colours for each colour scheme, worked out from the brand
//! colour a report declares.
//!
//! A brand colour is chosen for a white page; on the dark scheme's surfaces
//! it is often too dim (Node.js green, Python blue: about 3.7:1). Instead of
//! asking each report for a second colour, versus mixes the brand colour
//! towards white (or, for text on a white page, towards black) in small
//! steps until it reaches the WCAG contrast a use needs: 3:1 for graphics
//! (bars, dots, borders), 4.5:1 for text. The hue stays recognisable.

/// The lightest surface of the default theme's dark scheme (`--bg-alt`);
/// colours that contrast with it contrast with the darker ones too.
pub const DARK_SURFACE: [u8; 3] = [0x16, 0x1b, 0x22];
/// The light scheme's page and surfaces.
pub const LIGHT_SURFACE: [u8; 3] = [0xff, 0xff, 0xff];
/// The least contrast of a graphic (WCAG 1.4.11).
pub const GRAPHIC_CONTRAST: f64 = 3.0;
/// The least contrast of text (WCAG 1.4.3).
pub const TEXT_CONTRAST: f64 = 4.5;

/// A contender's colours in both schemes, as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContenderColours {
    /// The brand colour as declared, for graphics on the light scheme.
    pub light: String,
    /// For graphics on the dark scheme: at least 3:1 on [`DARK_SURFACE`].
    pub dark: String,
    /// For text in the contender's colour on the light scheme.
    pub text_light: String,
    /// For text in the contender's colour on the dark scheme.
    pub text_dark: String,
    /// Black or white, whichever reads on `light`.
    pub ink_light: String,
    /// Black or white, whichever reads on `dark`.
    pub ink_dark: String,
}

impl ContenderColours {
    /// The variants of `brand` (`#rrggbb`; anything else is used as it is).
    pub fn of(brand: &str) -> ContenderColours {
        let Some(rgb) = parse_hex(brand) else {
            return ContenderColours {
                light: brand.to_string(),
                dark: brand.to_string(),
                text_light: brand.to_string(),
                text_dark: brand.to_string(),
                ink_light: "#000000".to_string(),
                ink_dark: "#000000".to_string(),
            };
        };
        let dark = reach_contrast(rgb, DARK_SURFACE, GRAPHIC_CONTRAST);
        ContenderColours {
            light: hex(rgb),
            dark: hex(dark),
            text_light: hex(reach_contrast(rgb, LIGHT_SURFACE, TEXT_CONTRAST)),
            text_dark: hex(reach_contrast(rgb, DARK_SURFACE, TEXT_CONTRAST)),
            ink_light: hex(ink_on_rgb(rgb)),
            ink_dark: hex(ink_on_rgb(dark)),
        }
    }
}

/// `#rrggbb` (or `#rgb`) as RGB.
pub fn parse_hex(colour: &str) -> Option<[u8; 3]> {
    let digits = colour.strip_prefix('#')?;
    let value = |s: &str| u8::from_str_radix(s, 16).ok();
    match digits.len() {
        6 => Some([
            value(&digits[0..2])?,
            value(&digits[2..4])?,
            value(&digits[4..6])?,
        ]),
        3 => {
            let mut out = [0; 3];
            for (slot, i) in out.iter_mut().zip(0..3) {
                *slot = value(&digits[i..=i])? * 17;
            }
            Some(out)
        }
        _ => None,
    }
}

/// `#rrggbb`.
pub fn hex(rgb: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])
}

/// WCAG relative luminance.
pub fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let channel = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2])
}

/// WCAG contrast ratio, 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Black or white, whichever contrasts more with `background`.
pub fn ink_on_rgb(background: [u8; 3]) -> [u8; 3] {
    if contrast(background, [0xff; 3]) >= contrast(background, [0; 3]) {
        [0xff; 3]
    } else {
        [0; 3]
    }
}

/// `colour` mixed towards white on a dark `background` (towards black on a
/// light one) by the smallest step of 2 % that gives at least `ratio`.
pub fn reach_contrast(colour: [u8; 3], background: [u8; 3], ratio: f64) -> [u8; 3] {
    let pole = if relative_luminance(background) < 0.18 {
        [0xff; 3]
    } else {
        [0; 3]
    };
    (0..=50)
        .map(|step| mix(colour, pole, f64::from(step) / 50.0))
        .find(|&c| contrast(c, background) >= ratio)
        .unwrap_or(pole)
}

fn mix(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    let channel = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    [
        channel(a[0], b[0]),
        channel(a[1], b[1]),
        channel(a[2], b[2]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_variants_reach_the_contrast_each_use_needs() {
        for brand in [
            "#417e38", "#3572a5", "#00add8", "#dea584", "#f7a41d", "#000000", "#ffffff",
        ] {
            let c = ContenderColours::of(brand);
            let rgb = |s: &str| parse_hex(s).unwrap();
            assert!(
                contrast(rgb(&c.dark), DARK_SURFACE) >= GRAPHIC_CONTRAST,
                "{brand}: {c:?}"
            );
            assert!(
                contrast(rgb(&c.text_dark), DARK_SURFACE) >= TEXT_CONTRAST,
                "{brand}: {c:?}"
            );
            assert!(
                contrast(rgb(&c.text_light), LIGHT_SURFACE) >= TEXT_CONTRAST,
                "{brand}: {c:?}"
            );
            assert!(
                contrast(rgb(&c.ink_dark), rgb(&c.dark)) >= TEXT_CONTRAST,
                "{brand}: {c:?}"
            );
        }
    }

    #[test]
    fn colours_that_already_contrast_are_kept() {
        // Rust's light orange already reads on the dark surface.
        let c = ContenderColours::of("#dea584");
        assert_eq!(c.dark, "#dea584");
        // Node.js green is lightened for the dark scheme, keeping its hue.
        let node = ContenderColours::of("#417e38");
        let dark = parse_hex(&node.dark).unwrap();
        assert!(dark[1] > dark[0] && dark[1] > dark[2], "{node:?}");
        assert!(contrast(parse_hex("#417e38").unwrap(), DARK_SURFACE) < GRAPHIC_CONTRAST + 1.0);
    }

    #[test]
    fn short_and_bad_colours() {
        assert_eq!(parse_hex("#fff"), Some([255, 255, 255]));
        assert_eq!(parse_hex("red"), None);
        assert_eq!(ContenderColours::of("red").dark, "red");
        assert!((contrast([0; 3], [0xff; 3]) - 21.0).abs() < 1e-9);
    }
}
