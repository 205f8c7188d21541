//! The display list: finished pages as positioned glyphs, images and rules.
//!
//! This is what the PDF writer and the rasterizer read. It knows nothing of articles,
//! threads or styles; everything in it is resolved to absolute page positions.

use std::ops::Range;

pub use crate::content::Artwork;
use crate::font::FontId;
use crate::geom::{Cmyk, Ink, Point, Pt, Rect};
pub use crate::photo::Photo;

/// A document of pages and the images they share.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The document's title.
    pub title: String,
    /// Pages in order.
    pub pages: Vec<Page>,
    /// Images, referenced by [`ImageId`], as their files describe them; each is embedded
    /// once however often it is used.
    pub images: Vec<Photo>,
    /// Supplied artwork, referenced by [`ArtworkId`]; each is imported once.
    pub artworks: Vec<Artwork>,
    /// Spot inks printed on their own plates (name, process alternate), indexed by the
    /// ids of [`Ink::Spot`].
    pub spots: Vec<(String, Cmyk)>,
    /// Images printed in black alone (they are on a mono page).
    pub black_images: std::collections::BTreeSet<usize>,
    /// The texts glyph runs were set from, referenced by [`TextRef`] (what a preview's
    /// click is traced back to); the PDF writer does not read them.
    pub texts: Vec<TextOrigin>,
}

/// A text that glyphs were set from: its name, the file it was read from and its text as
/// read.
#[derive(Debug, Clone)]
pub struct TextOrigin {
    /// What the page calls it (an article's id, `2/A1` in an edition).
    pub name: String,
    /// The file.
    pub file: std::path::PathBuf,
    /// Its text as read.
    pub source: std::sync::Arc<str>,
}

/// Where a run's glyphs came from: text `text` of [`Document::texts`], the run's first
/// character being the `char`-th counted character (see [`crate::text::is_counted`]) of
/// what that text sets (for an article: its lead-in, then its body).
#[derive(Debug, Clone, PartialEq)]
pub struct TextRef {
    /// Index in [`Document::texts`].
    pub text: u32,
    /// Counted characters before the run's first.
    pub char: u32,
    /// The block (of the text's blocks on its page) the run is set in.
    pub block: u16,
    /// Each glyph's box across the page as set (left and right edge; a compressed mark's
    /// box is the half it keeps): where a click finds it.
    pub boxes: Vec<(Pt, Pt)>,
}

/// Index of a supplied page in [`Document::artworks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ArtworkId(pub usize);

impl Document {
    /// Makes page `index` a black-only (mono) page: every colour becomes black ink of the
    /// same darkness, and its images print in black alone.
    pub fn make_black(&mut self, index: usize) {
        let Some(page) = self.pages.get_mut(index) else {
            return;
        };
        let black = |i: Ink| -> Ink {
            if i.is_solid_black() {
                return Ink::BLACK;
            }
            let c = i.process();
            // The colour's darkness (luminance weights) under its black.
            let cmy = (0.30 * c.c + 0.59 * c.m + 0.11 * c.y).min(1.0);
            Ink::Gray((c.k + cmy * (1.0 - c.k)).clamp(0.0, 1.0))
        };
        for item in &mut page.items {
            match item {
                Item::Text(run) => run.fill = black(run.fill),
                Item::Line { color, .. } | Item::Frame { color, .. } | Item::Fill { color, .. } => {
                    *color = black(*color)
                }
                Item::Image { image, .. } => {
                    self.black_images.insert(image.0);
                }
                Item::Artwork { .. } => {}
            }
        }
    }

    /// Appends the pages of `other`, whose glyph runs name faces of another book:
    /// `fonts[i]` is this document's face for `other`'s face `i`. Its images, artwork and
    /// spot inks join this document's (a spot ink of the same name is the same ink).
    pub fn append(&mut self, other: Document, fonts: &[FontId]) {
        let (images, artworks) = (self.images.len(), self.artworks.len());
        let texts = self.texts.len() as u32;
        let spots: Vec<u16> = other
            .spots
            .iter()
            .map(|(name, alternate)| {
                let at = self
                    .spots
                    .iter()
                    .position(|(n, _)| n == name)
                    .unwrap_or_else(|| {
                        self.spots.push((name.clone(), *alternate));
                        self.spots.len() - 1
                    });
                at as u16
            })
            .collect();
        let ink = |i: Ink| match i {
            Ink::Spot {
                id,
                tint,
                alternate,
            } => Ink::Spot {
                id: spots.get(id as usize).copied().unwrap_or(id),
                tint,
                alternate,
            },
            other => other,
        };
        for mut page in other.pages {
            for item in &mut page.items {
                match item {
                    Item::Text(run) => {
                        run.font = fonts.get(run.font.0 as usize).copied().unwrap_or(run.font);
                        run.fill = ink(run.fill);
                        if let Some(source) = &mut run.source {
                            source.text += texts;
                        }
                    }
                    Item::Image { image, .. } => image.0 += images,
                    Item::Artwork { artwork, .. } => artwork.0 += artworks,
                    Item::Line { color, .. }
                    | Item::Frame { color, .. }
                    | Item::Fill { color, .. } => *color = ink(*color),
                }
            }
            self.pages.push(page);
        }
        self.images.extend(other.images);
        self.artworks.extend(other.artworks);
        self.texts.extend(other.texts);
        self.black_images
            .extend(other.black_images.into_iter().map(|i| i + images));
    }
}

/// Index of an image in [`Document::images`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImageId(pub usize);

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Trim width.
    pub width: Pt,
    /// Trim height.
    pub height: Pt,
    /// Items in painting order.
    pub items: Vec<Item>,
}

/// Something painted on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// A run of glyphs in one face, size and colour.
    Text(GlyphRun),
    /// An image, upright, scaled to `placed` and clipped to `clip`.
    Image {
        /// The image.
        image: ImageId,
        /// What shows of it: the photo's box.
        clip: Rect,
        /// Where the whole upright image lies (it may reach beyond the clip).
        placed: Rect,
    },
    /// Page 1 of a supplied PDF, its finished box scaled to `placed`, clipped to `clip`.
    Artwork {
        /// The artwork.
        artwork: ArtworkId,
        /// Its area.
        clip: Rect,
        /// Where its finished box lies.
        placed: Rect,
    },
    /// A straight stroked line.
    Line {
        /// Start.
        from: Point,
        /// End.
        to: Point,
        /// Stroke weight.
        weight: Pt,
        /// Stroke colour.
        color: Ink,
    },
    /// A stroked rectangle.
    Frame {
        /// The rectangle.
        rect: Rect,
        /// Stroke weight.
        weight: Pt,
        /// Stroke colour.
        color: Ink,
    },
    /// A filled rectangle.
    Fill {
        /// The rectangle.
        rect: Rect,
        /// Fill colour.
        color: Ink,
    },
}

/// Glyphs of one face, size and colour, each at its own baseline position.
///
/// The text each glyph shows is kept, so the PDF stays searchable and copyable.
#[derive(Debug, Clone)]
pub struct GlyphRun {
    /// The face.
    pub font: FontId,
    /// The size.
    pub size: Pt,
    /// The fill colour.
    pub fill: Ink,
    /// The text of all glyphs of the run, in reading order.
    pub text: String,
    /// Horizontal scale of its glyphs (1: as designed; 0.8: an 80 % 扁 form).
    pub scale: f64,
    /// The glyphs.
    pub glyphs: Vec<RunGlyph>,
    /// The text it was set from, if it is traced (an article's body).
    pub source: Option<TextRef>,
}

/// One glyph of a [`GlyphRun`].
#[derive(Debug, Clone, PartialEq)]
pub struct RunGlyph {
    /// Glyph id in the face.
    pub gid: u16,
    /// Origin of the glyph on its baseline.
    pub origin: Point,
    /// The bytes of [`GlyphRun::text`] it shows (empty for the second glyph of a cluster).
    pub text: Range<u32>,
}
