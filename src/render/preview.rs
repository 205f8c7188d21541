//! Preview pictures of a render: its written PDF rasterized, whole or, after an edit, only
//! where the page changed.
//!
//! A page drawn again after an edit ([`redraw_page`]) is the earlier picture with the region
//! where the display lists differ drawn anew from the new PDF: every item is compared by
//! what it paints and where, and the region is the union of the boxes of the items that
//! went or came. The picture is the same as the new page drawn whole (tiles of a page draw
//! the same pixels as the whole page), unless what an item paints changed without the item
//! changing: a font, photo, artwork or ICC profile read anew, another plate or size, which
//! are compared first and draw the whole page.

use std::hash::{Hash, Hasher};

use super::Rendered;
use crate::display::Item;
use crate::error::Result;
use crate::geom::{Pt, Rect};
use crate::input::Kind;
use crate::raster::{self, Raster, Tile};
use crate::{compose, display, export, plate};

/// Preview pages of a render as pixels: the plate PDF rasterized as it is or, with
/// `overlay`, a copy of it with the designer's overlay drawn on top (the plate PDF itself
/// is never touched).
pub fn preview(rendered: &Rendered, dpi: f64, overlay: bool) -> Result<Vec<Raster>> {
    let pdf = if overlay {
        overlaid(rendered)?
    } else {
        rendered.pdf.clone()
    };
    let margin = trim_margin_px(&rendered.plate, dpi);
    Ok(raster::rasterize(&pdf, dpi, raster::Channels::Rgb)?
        .iter()
        .map(|p| p.inset(margin))
        .collect())
}

/// One preview page (from 0) as [`preview`] makes it: only that page is rasterized, in
/// tiles drawn in parallel.
pub fn preview_page(rendered: &Rendered, page: usize, dpi: f64, overlay: bool) -> Result<Raster> {
    let pdf;
    let pdf = if overlay && page == 0 {
        pdf = overlaid(rendered)?;
        &pdf
    } else {
        &rendered.pdf
    };
    let media = draw(rendered, pdf, page, dpi, None)?;
    Ok(media.inset(trim_margin_px(&rendered.plate, dpi)))
}

/// A page's picture over its whole media box, and what of it was drawn.
#[derive(Debug, Clone)]
pub struct Picture {
    /// The pixels of the media box.
    pub media: Raster,
    /// The region drawn (the rest was the earlier picture's); `None`: the whole page.
    pub redrawn: Option<Tile>,
}

impl Picture {
    /// The picture as a preview shows it: the trim.
    pub fn trim(&self, rendered: &Rendered, dpi: f64) -> Raster {
        self.media.inset(trim_margin_px(&rendered.plate, dpi))
    }
}

/// Page `page` of `rendered` as a picture of its media box at `dpi`: drawn only where it
/// differs from the page of `before` (an earlier render and its picture of that page at
/// the same resolution), else whole.
pub fn redraw_page(
    rendered: &Rendered,
    page: usize,
    dpi: f64,
    before: Option<(&Rendered, &Picture)>,
) -> Result<Picture> {
    let region = before.and_then(|(earlier, picture)| {
        let region = changed(earlier, rendered, page, dpi)?;
        Some((picture, region))
    });
    let redraw = region.map(|(picture, region)| raster::Redraw {
        base: &picture.media,
        region,
    });
    let media = draw(rendered, &rendered.pdf, page, dpi, redraw)?;
    Ok(Picture {
        media,
        redrawn: region.map(|(_, r)| r),
    })
}

/// The written PDF with the designer's overlay drawn on its first page.
fn overlaid(rendered: &Rendered) -> Result<Vec<u8>> {
    let mut document = rendered.document.clone();
    let items = compose::overlay(&rendered.spec, &rendered.book, &rendered.reports);
    if let Some(first) = document.pages.first_mut() {
        first.items.extend(items);
    }
    Ok(export::write_pdf(&document, &rendered.book, &rendered.plate)?.pdf)
}

/// A page of `pdf` rasterized over its media box, the tiles cut round its photos: they
/// cost their decoding as well as their pixels (about 12 ns a source pixel against 25 ns a
/// drawn one).
fn draw(
    rendered: &Rendered,
    pdf: &[u8],
    page: usize,
    dpi: f64,
    redraw: Option<raster::Redraw<'_>>,
) -> Result<Raster> {
    let margin = rendered.plate.media_margin();
    let heavy: Vec<raster::Heavy> = items(rendered, page)
        .iter()
        .filter_map(|item| match item {
            Item::Image { image, clip, .. } => {
                let photo = rendered.document.images.get(image.0)?;
                Some((pixels(*clip, margin, dpi), photo.pixel_count() as f64 * 0.5))
            }
            _ => None,
        })
        .collect();
    raster::rasterize_page(pdf, dpi, raster::Channels::Rgb, page, &heavy, redraw)
}

fn items(rendered: &Rendered, page: usize) -> &[Item] {
    rendered
        .document
        .pages
        .get(page)
        .map(|p| p.items.as_slice())
        .unwrap_or_default()
}

/// A rectangle of the trim (points) as pixels of the media box at `dpi`, reaching out to
/// whole pixels.
fn pixels(rect: Rect, margin: Pt, dpi: f64) -> Tile {
    let px = |v: f64| (v * dpi / 72.0).clamp(0.0, u16::MAX as f64);
    let (x0, y0) = (
        px((rect.x + margin).0).floor(),
        px((rect.y + margin).0).floor(),
    );
    let (x1, y1) = (
        px((rect.x + rect.w + margin).0).ceil(),
        px((rect.y + rect.h + margin).0).ceil(),
    );
    (x0 as u16, y0 as u16, (x1 - x0) as u16, (y1 - y0) as u16)
}

/// The region of page `page` (pixels of the media box at `dpi`) where `after` paints other
/// than `before`; `None` where the whole page is to be drawn: another plate, page size or
/// font, photo, artwork or profile file, or most of the page changed.
fn changed(before: &Rendered, after: &Rendered, page: usize, dpi: f64) -> Option<Tile> {
    let (Some(old), Some(new)) = (
        before.document.pages.get(page),
        after.document.pages.get(page),
    ) else {
        return None;
    };
    let painted = |r: &Rendered| -> Vec<(std::path::PathBuf, crate::input::Fingerprint)> {
        r.inputs
            .iter()
            .filter(|(_, _, kind)| {
                matches!(kind, Kind::Font | Kind::Photo | Kind::Pdf | Kind::Profile)
            })
            .map(|(f, path, _)| (path.clone(), *f))
            .collect()
    };
    if before.plate != after.plate
        || (old.width, old.height) != (new.width, new.height)
        || painted(before) != painted(after)
    {
        return None;
    }
    let mut gone: Vec<(u64, Rect)> = old
        .items
        .iter()
        .map(|i| signed(i, &before.document))
        .collect();
    let mut came: Vec<(u64, Rect)> = new
        .items
        .iter()
        .map(|i| signed(i, &after.document))
        .collect();
    gone.sort_by_key(|s| s.0);
    came.sort_by_key(|s| s.0);
    // What is in one list and not the other (as multisets).
    let (mut i, mut j) = (0, 0);
    let mut dirty: Option<Rect> = None;
    let mut add = |r: Rect| dirty = Some(dirty.map_or(r, |d| union(d, r)));
    while i < gone.len() || j < came.len() {
        match (gone.get(i), came.get(j)) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a.0 < b.0 => {
                add(a.1);
                i += 1;
            }
            (Some(_), Some(b)) => {
                add(b.1);
                j += 1;
            }
            (Some(a), None) => {
                add(a.1);
                i += 1;
            }
            (None, Some(b)) => {
                add(b.1);
                j += 1;
            }
            (None, None) => break,
        }
    }
    let margin = after.plate.media_margin();
    let Some(dirty) = dirty else {
        return Some((0, 0, 0, 0));
    };
    // Two pixels round for anti-aliasing, within the media box.
    let (x, y, w, h) = pixels(dirty, margin, dpi);
    // The media box in pixels, as the rasterizer sizes it.
    let media = |len: Pt| ((len + margin * 2.0).0 * dpi / 72.0) as f32 as u32;
    let full: Tile = (0, 0, media(new.width) as u16, media(new.height) as u16);
    let (x0, y0) = (x.saturating_sub(2), y.saturating_sub(2));
    let (x1, y1) = (
        (x as u32 + w as u32 + 2).min(full.2 as u32) as u16,
        (y as u32 + h as u32 + 2).min(full.3 as u32) as u16,
    );
    let region = (x0, y0, x1.saturating_sub(x0), y1.saturating_sub(y0));
    // Most of the page: no cheaper than drawing it whole.
    let area = |t: Tile| t.2 as u64 * t.3 as u64;
    (area(region) * 10 < area(full) * 6).then_some(region)
}

fn union(a: Rect, b: Rect) -> Rect {
    let (x0, y0) = (a.x.min(b.x), a.y.min(b.y));
    Rect::new(
        x0,
        y0,
        a.right().max(b.right()) - x0,
        a.bottom().max(b.bottom()) - y0,
    )
}

/// What an item paints, as a hash of all it is, and the box it may paint in (generous for
/// glyphs: their ink may reach past their em box).
fn signed(item: &Item, doc: &display::Document) -> (u64, Rect) {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let f = |h: &mut std::collections::hash_map::DefaultHasher, v: Pt| v.0.to_bits().hash(h);
    let rects = |h: &mut std::collections::hash_map::DefaultHasher, rects: [&Rect; 2]| {
        for r in rects {
            for v in [r.x, r.y, r.w, r.h] {
                f(h, v);
            }
        }
    };
    std::mem::discriminant(item).hash(&mut h);
    let rect = match item {
        Item::Text(run) => {
            run.font.0.hash(&mut h);
            f(&mut h, run.size);
            run.scale.to_bits().hash(&mut h);
            format!("{:?}", run.fill).hash(&mut h);
            run.text.hash(&mut h);
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for g in &run.glyphs {
                g.gid.hash(&mut h);
                f(&mut h, g.origin.x);
                f(&mut h, g.origin.y);
                g.text.hash(&mut h);
                (x0, x1) = (x0.min(g.origin.x.0), x1.max(g.origin.x.0));
                (y0, y1) = (y0.min(g.origin.y.0), y1.max(g.origin.y.0));
            }
            let em = (run.size * run.scale.max(1.0)).0;
            if run.glyphs.is_empty() {
                Rect::new(Pt(0.0), Pt(0.0), Pt(0.0), Pt(0.0))
            } else {
                Rect::new(
                    Pt(x0 - em),
                    Pt(y0 - 1.5 * em),
                    Pt(x1 - x0 + 3.0 * em),
                    Pt(y1 - y0 + 2.5 * em),
                )
            }
        }
        Item::Image {
            image,
            clip,
            placed,
        } => {
            image.0.hash(&mut h);
            if let Some(photo) = doc.images.get(image.0) {
                photo.path.hash(&mut h);
            }
            rects(&mut h, [clip, placed]);
            *clip
        }
        Item::Artwork {
            artwork,
            clip,
            placed,
        } => {
            artwork.0.hash(&mut h);
            rects(&mut h, [clip, placed]);
            *clip
        }
        Item::Line {
            from,
            to,
            weight,
            color,
        } => {
            for v in [from.x, from.y, to.x, to.y, *weight] {
                f(&mut h, v);
            }
            format!("{color:?}").hash(&mut h);
            let (x0, y0) = (from.x.min(to.x), from.y.min(to.y));
            let (x1, y1) = (from.x.max(to.x), from.y.max(to.y));
            Rect::new(
                x0 - *weight,
                y0 - *weight,
                x1 - x0 + *weight * 2.0,
                y1 - y0 + *weight * 2.0,
            )
        }
        Item::Frame {
            rect,
            weight,
            color,
        } => {
            for v in [rect.x, rect.y, rect.w, rect.h, *weight] {
                f(&mut h, v);
            }
            format!("{color:?}").hash(&mut h);
            Rect::new(
                rect.x - *weight,
                rect.y - *weight,
                rect.w + *weight * 2.0,
                rect.h + *weight * 2.0,
            )
        }
        Item::Fill { rect, color } => {
            for v in [rect.x, rect.y, rect.w, rect.h] {
                f(&mut h, v);
            }
            format!("{color:?}").hash(&mut h);
            *rect
        }
    };
    (h.finish(), rect)
}

/// Pixels at `dpi` between a page's MediaBox and its TrimBox: previews and goldens show
/// the trim, as the reader will see the page.
pub fn trim_margin_px(plate: &plate::Plate, dpi: f64) -> u32 {
    (plate.media_margin().get() * dpi / 72.0).round() as u32
}
