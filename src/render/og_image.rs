//! The social image: a report's infographic rendered to PNG for `og:image`.
//!
//! Rendering uses only the fonts it is given (the default theme ships DejaVu
//! Sans in `themes/default/fonts/`), never the fonts installed on the machine,
//! so the same site gives the same PNG bytes everywhere.

use std::sync::Arc;

use resvg::tiny_skia::{Color, PixmapMut, PremultipliedColorU8, Transform};
use resvg::usvg::{self, fontdb};

/// The largest image drawn, in pixels along either side: a guard against an
/// absurd width or a very tall SVG exhausting memory.
const MAX_SIDE: u32 = 8192;

/// Renders `svg` scaled to `width` pixels wide (the height follows the SVG's
/// aspect ratio) and encodes it as PNG.
///
/// `fonts` holds the bytes of TrueType/OpenType fonts (or collections); they
/// are the only fonts used. The first regular (normal weight, upright) face
/// among them, else the first face, becomes the family for generic names
/// (`sans-serif`, `serif`, `system-ui`…) and for text with no `font-family`;
/// named families the fonts provide (`'DejaVu Sans'`) are matched as usual.
/// Pixels the SVG leaves unpainted stay transparent.
///
/// Fails on malformed SVG, a zero or too large size, or when `fonts` holds
/// no usable font (text would silently vanish otherwise).
pub fn svg_to_png(svg: &str, fonts: &[&[u8]], width: u32) -> Result<Vec<u8>, String> {
    Rasterizer::new(fonts)?.render(svg, width)
}

/// Fonts loaded once, for drawing many SVGs: parsing the font files costs
/// more than drawing a simple card.
pub struct Rasterizer {
    options: usvg::Options<'static>,
}

impl Rasterizer {
    /// Loads `fonts` (see [`svg_to_png`]).
    pub fn new(fonts: &[&[u8]]) -> Result<Self, String> {
        let mut db = fontdb::Database::new();
        for font in fonts {
            db.load_font_data(font.to_vec());
        }
        let family = {
            let mut faces = db.faces();
            let first = faces.next();
            let regular = db.faces().find(|face| {
                face.weight == fontdb::Weight::NORMAL && face.style == fontdb::Style::Normal
            });
            regular
                .or(first)
                .and_then(|face| face.families.first())
                .map(|(name, _)| name.clone())
                .ok_or_else(|| "no usable font in the font data given".to_string())?
        };
        db.set_serif_family(family.clone());
        db.set_sans_serif_family(family.clone());
        db.set_cursive_family(family.clone());
        db.set_fantasy_family(family.clone());
        db.set_monospace_family(family.clone());
        Ok(Rasterizer {
            options: usvg::Options {
                font_family: family,
                fontdb: Arc::new(db),
                ..usvg::Options::default()
            },
        })
    }

    /// Draws `svg` scaled to `width` pixels wide, as PNG.
    pub fn render(&self, svg: &str, width: u32) -> Result<Vec<u8>, String> {
        self.draw(svg, width, None)
    }

    /// Like [`Rasterizer::render`], on an opaque `background` colour (RGB):
    /// the image is opaque by construction, which spares checking every
    /// pixel for it.
    pub fn render_opaque(
        &self,
        svg: &str,
        width: u32,
        background: [u8; 3],
    ) -> Result<Vec<u8>, String> {
        self.draw(svg, width, Some(background))
    }

    fn draw(&self, svg: &str, width: u32, background: Option<[u8; 3]>) -> Result<Vec<u8>, String> {
        if width == 0 || width > MAX_SIDE {
            return Err(format!(
                "image width must be 1 to {MAX_SIDE} pixels, not {width}"
            ));
        }
        let tree =
            usvg::Tree::from_str(svg, &self.options).map_err(|e| format!("invalid SVG: {e}"))?;
        let size = tree.size();
        let scale = width as f32 / size.width();
        let height = (size.height() * scale).round().max(1.0);
        if height > MAX_SIDE as f32 {
            return Err(format!(
                "image height {height} would exceed {MAX_SIDE} pixels at width {width}"
            ));
        }
        let height = height as u32;
        // A build draws one card per report, all the same size: each thread
        // keeps its pixel buffers instead of asking the kernel for fresh
        // zeroed pages every time, which cost more than the drawing.
        thread_local! {
            static BUFFERS: std::cell::RefCell<(Vec<u8>, Vec<u8>)> = const {
                std::cell::RefCell::new((Vec::new(), Vec::new()))
            };
        }
        BUFFERS.with_borrow_mut(|(pixels, packed)| {
            // An opaque card's fill paints every pixel: only a transparent
            // one needs the last image's pixels cleared first.
            if background.is_none() {
                pixels.clear();
            }
            pixels.resize(width as usize * height as usize * 4, 0);
            let mut pixmap = PixmapMut::from_bytes(pixels, width, height)
                .ok_or_else(|| format!("cannot allocate a {width}×{height} image"))?;
            if let Some([r, g, b]) = background {
                pixmap.fill(Color::from_rgba8(r, g, b, u8::MAX));
            }
            resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap);
            encode_png(pixels, width, height, background.is_some(), packed)
        })
    }
}

/// PNG with the fastest settings (one `Up` filter, fdeflate's quickest
/// mode): a flat-colour card compresses well anyway, and adaptive filtering
/// or a higher level costs more than drawing the card.
///
/// `pixels` is tiny-skia's premultiplied RGBA. When every pixel is opaque
/// (the usual case: a card has a background) premultiplied is the straight
/// colour already, and the pixels are encoded as they are; otherwise they are
/// un-premultiplied into `scratch` first.
fn encode_png(
    pixels: &[u8],
    width: u32,
    height: u32,
    known_opaque: bool,
    scratch: &mut Vec<u8>,
) -> Result<Vec<u8>, String> {
    // AND of every alpha byte, a block at a time so it vectorises.
    let opaque = known_opaque
        || pixels.chunks(64).all(|block| {
            block
                .iter()
                .skip(3)
                .step_by(4)
                .fold(u8::MAX, |all, a| all & a)
                == u8::MAX
        });
    let data = if opaque {
        pixels
    } else {
        scratch.clear();
        scratch.reserve(pixels.len());
        for p in pixels.chunks_exact(4) {
            let c = PremultipliedColorU8::from_rgba(p[0], p[1], p[2], p[3])
                .map(|c| c.demultiply())
                .ok_or("a pixel's colour exceeds its alpha")?;
            scratch.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        scratch.as_slice()
    };
    let mut out = Vec::with_capacity(data.len() / 16);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    let mut writer = encoder
        .write_header()
        .map_err(|e| format!("cannot encode PNG: {e}"))?;
    writer
        .write_image_data(data)
        .map_err(|e| format!("cannot encode PNG: {e}"))?;
    writer
        .finish()
        .map_err(|e| format!("cannot encode PNG: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGULAR: &[u8] = include_bytes!("../../themes/default/fonts/DejaVuSans.ttf");
    const BOLD: &[u8] = include_bytes!("../../themes/default/fonts/DejaVuSans-Bold.ttf");

    /// Like the infographic: a font list naming fonts that are not loaded,
    /// text in two weights, a background.
    const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100" font-family="'Noto Sans', 'DejaVu Sans', system-ui, sans-serif">
<rect width="100%" height="100%" fill="#ffffff"/>
<text x="10" y="45" font-size="32" font-weight="700" fill="#1b1f24">Node.js 8</text>
<text x="10" y="85" font-size="24" fill="#3572a5">Python 6</text>
</svg>"##;

    /// Width, height and RGBA pixels of a PNG.
    fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).expect("a valid PNG");
        (pixmap.width(), pixmap.height(), pixmap.data().to_vec())
    }

    fn distinct_colours(pixels: &[u8]) -> usize {
        let mut colours: Vec<&[u8]> = pixels.chunks_exact(4).collect();
        colours.sort_unstable();
        colours.dedup();
        colours.len()
    }

    #[test]
    fn renders_text_at_the_requested_width() {
        let png = svg_to_png(SVG, &[REGULAR, BOLD], 1200).expect("renders");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        let (width, height, pixels) = decode(&png);
        assert_eq!((width, height), (1200, 400), "scaled, aspect ratio kept");
        assert!(
            distinct_colours(&pixels) > 2,
            "the text is drawn on the background"
        );
    }

    #[test]
    fn text_is_drawn_with_only_the_given_fonts() {
        let white = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="100%" height="100%" fill="#fff"/></svg>"##;
        let (_, _, blank) = decode(&svg_to_png(white, &[REGULAR], 600).expect("renders"));
        assert_eq!(distinct_colours(&blank), 1, "a blank image is one colour");
        // A family that is not loaded, and no family at all, fall back to
        // the shipped font instead of drawing nothing.
        for family in ["font-family=\"Nonexistent Font\"", ""] {
            let svg = format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" {family}><rect width="100%" height="100%" fill="#fff"/><text x="10" y="60" font-size="40">Hello</text></svg>"##
            );
            let (_, _, pixels) = decode(&svg_to_png(&svg, &[REGULAR], 600).expect("renders"));
            assert!(distinct_colours(&pixels) > 1, "text drawn with {family:?}");
        }
    }

    #[test]
    fn transparency_survives_and_opaque_colours_are_exact() {
        let (_, _, pixels) = decode(&svg_to_png(SVG, &[REGULAR, BOLD], 300).expect("renders"));
        assert_eq!(&pixels[..4], &[255, 255, 255, 255], "the white background");
        let see_through = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="50" height="100" fill="#3572a5" fill-opacity="0.5"/></svg>"##;
        let png = svg_to_png(see_through, &[REGULAR], 100).expect("renders");
        let (_, _, pixels) = decode(&png);
        let left = &pixels[..4];
        let right = &pixels[(99 * 4)..(100 * 4)];
        assert_eq!(right[3], 0, "the right half stays transparent");
        assert!(
            (120..=136).contains(&left[3]),
            "half alpha on the left: {left:?}"
        );
    }

    #[test]
    fn an_opaque_background_fills_what_the_svg_leaves_transparent() {
        let see_through = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="50" height="100" fill="#000000"/></svg>"##;
        let rasterizer = Rasterizer::new(&[REGULAR]).expect("fonts");
        let png = rasterizer
            .render_opaque(see_through, 100, [0x10, 0x20, 0x30])
            .expect("renders");
        let (_, _, pixels) = decode(&png);
        assert_eq!(&pixels[..4], &[0, 0, 0, 255], "drawn: black");
        assert_eq!(
            &pixels[99 * 4..100 * 4],
            &[0x10, 0x20, 0x30, 255],
            "background"
        );
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let a = svg_to_png(SVG, &[REGULAR, BOLD], 640).expect("renders");
        let b = svg_to_png(SVG, &[BOLD, REGULAR], 640).expect("renders");
        assert_eq!(a, b, "font order does not matter; output is reproducible");
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(
            svg_to_png("<svg", &[REGULAR], 100).is_err(),
            "malformed SVG"
        );
        assert!(svg_to_png(SVG, &[REGULAR], 0).is_err(), "zero width");
        assert!(svg_to_png(SVG, &[REGULAR], 100_000).is_err(), "huge width");
        let err = svg_to_png(SVG, &[b"not a font".as_slice()], 100).unwrap_err();
        assert!(err.contains("font"), "{err}");
        assert!(svg_to_png(SVG, &[], 100).is_err(), "no fonts");
    }
}
