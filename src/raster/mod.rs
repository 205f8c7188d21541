//! Rasterizing: the written PDF to pixels, in-process, with hayro.
//!
//! Previews and golden images are made from the PDF bytes that go to the plate, not from
//! a second drawing path, so what is looked at and tested is what is printed.

mod png;
mod tiles;

pub use tiles::{Heavy, Tile};

use std::sync::Arc;

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::vello_cpu::peniko::ImageAlphaType;
use hayro::{PixmapSettings, RenderCache, RenderSettings, render};

use crate::error::{Error, Result};

/// Pixel layout of a [`Raster`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channels {
    /// One byte of luminance per pixel.
    Gray,
    /// Three bytes, R G B, per pixel.
    Rgb,
}

impl Channels {
    /// Bytes per pixel.
    pub fn count(self) -> usize {
        match self {
            Self::Gray => 1,
            Self::Rgb => 3,
        }
    }
}

/// An 8-bit image, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Raster {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixel layout.
    pub channels: Channels,
    /// The pixels.
    pub data: Vec<u8>,
}

impl Raster {
    /// A blank (white) image.
    pub fn white(width: u32, height: u32, channels: Channels) -> Self {
        Self {
            width,
            height,
            channels,
            data: vec![255; width as usize * height as usize * channels.count()],
        }
    }

    /// The pixel at (x, y) as RGB.
    pub fn rgb(&self, x: u32, y: u32) -> [u8; 3] {
        let i = (y as usize * self.width as usize + x as usize) * self.channels.count();
        match self.channels {
            Channels::Gray => [self.data[i]; 3],
            Channels::Rgb => [self.data[i], self.data[i + 1], self.data[i + 2]],
        }
    }

    /// The raster without `margin` pixels on each side (a page's marks and bleed, so that
    /// previews and goldens show the trim).
    pub fn inset(&self, margin: u32) -> Raster {
        if margin == 0 || 2 * margin >= self.width.min(self.height) {
            return self.clone();
        }
        let n = self.channels.count();
        let (w, h) = (self.width - 2 * margin, self.height - 2 * margin);
        let mut data = Vec::with_capacity(w as usize * h as usize * n);
        for y in margin..margin + h {
            let start = (y as usize * self.width as usize + margin as usize) * n;
            data.extend_from_slice(&self.data[start..start + w as usize * n]);
        }
        Raster {
            width: w,
            height: h,
            channels: self.channels,
            data,
        }
    }

    /// Converts to RGB.
    pub fn to_rgb(&self) -> Raster {
        match self.channels {
            Channels::Rgb => self.clone(),
            Channels::Gray => Raster {
                width: self.width,
                height: self.height,
                channels: Channels::Rgb,
                data: self.data.iter().flat_map(|v| [*v; 3]).collect(),
            },
        }
    }
}

pub use png::{decode_png, encode_png, encode_png_fast};

/// Most pixels a raster may have: 24 megapixels (a broadsheet page at about 250 dpi),
/// which keeps a preview under 256 MiB of memory while it is drawn and encoded.
pub const MAX_PIXELS: u64 = 24_000_000;

/// Largest raster side the rasterizer can draw.
pub const MAX_SIDE: u32 = 65_535;

/// Renders every page of a PDF at `dpi`. A page that would be empty at that resolution,
/// or larger than [`MAX_PIXELS`] or [`MAX_SIDE`], is refused before anything is drawn.
pub fn rasterize(pdf: &[u8], dpi: f64, channels: Channels) -> Result<Vec<Raster>> {
    check_dpi(dpi)?;
    let pdf = read(Arc::new(pdf.to_vec()))?;
    let scale = (dpi / 72.0) as f32;
    let settings = PixmapSettings {
        x_scale: scale,
        y_scale: scale,
        bg_color: WHITE,
    };
    let interpreter = InterpreterSettings::default();
    let cache = RenderCache::new();
    let mut out = Vec::new();
    for page in pdf.pages().iter() {
        let (w, h) = page.render_dimensions();
        check_size(w, h, dpi, scale)?;
        let pixmap = render(page, &cache, &interpreter, &render_settings(), &settings);
        let (width, height) = (pixmap.width() as u32, pixmap.height() as u32);
        let rgba = pixmap.take_rgba8(ImageAlphaType::AlphaPremultiplied);
        out.push(raster_of(&rgba, width, height, channels));
    }
    Ok(out)
}

/// What of a page to draw again over an earlier picture of it (see [`rasterize_page`]).
#[derive(Debug, Clone, Copy)]
pub struct Redraw<'a> {
    /// The earlier picture, of the same size and channels.
    pub base: &'a Raster,
    /// The pixels to draw again; the rest are the base's.
    pub region: Tile,
}

/// Renders page `index` (from 0) of a PDF as [`rasterize`] does, in tiles drawn in
/// parallel (each thread reading the PDF for itself: the renderer's caches are not shared
/// between threads), for previews: the same pixels in a fraction of the time. `heavy`
/// names what costs more than its pixels (placed images, in pixels at `dpi`), which the
/// cuts between tiles go round ([`tiles::plan`]). With `redraw`, only its region is drawn
/// and the rest taken from its base (a base of another size is not used). A page the PDF
/// does not have is an error.
pub fn rasterize_page(
    pdf: &[u8],
    dpi: f64,
    channels: Channels,
    index: usize,
    heavy: &[Heavy],
    redraw: Option<Redraw<'_>>,
) -> Result<Raster> {
    use rayon::prelude::*;
    check_dpi(dpi)?;
    let data = Arc::new(pdf.to_vec());
    let doc = read(data.clone())?;
    let page = page_of(&doc, index)?;
    let scale = (dpi / 72.0) as f32;
    let (w, h) = page.render_dimensions();
    check_size(w, h, dpi, scale)?;
    // As the renderer sizes a whole page.
    let (width, height) = ((w * scale) as u16, (h * scale) as u16);
    let fits = |r: &Redraw<'_>| {
        let (x, y, w, h) = r.region;
        (r.base.width, r.base.height, r.base.channels) == (width as u32, height as u32, channels)
            && x as u32 + w as u32 <= width as u32
            && y as u32 + h as u32 <= height as u32
    };
    let (mut out, region) = match redraw.filter(fits) {
        Some(r) => (r.base.clone(), r.region),
        None => (
            Raster::white(width as u32, height as u32, channels),
            (0, 0, width, height),
        ),
    };
    let (rx, ry, rw, rh) = region;
    if rw == 0 || rh == 0 {
        return Ok(out);
    }
    // The heavy areas' parts inside the region, in its coordinates.
    let shifted: Vec<Heavy> = heavy
        .iter()
        .filter_map(|&((x, y, w, h), cost)| {
            let (x0, y0) = (x.max(rx), y.max(ry));
            let x1 = (x as u32 + w as u32).min(rx as u32 + rw as u32);
            let y1 = (y as u32 + h as u32).min(ry as u32 + rh as u32);
            (x1 > x0 as u32 && y1 > y0 as u32).then(|| {
                let (w, h) = ((x1 - x0 as u32) as u16, (y1 - y0 as u32) as u16);
                ((x0 - rx, y0 - ry, w, h), cost)
            })
        })
        .collect();
    let tiles: Vec<Tile> = tiles::plan(rw, rh, &shifted, rayon::current_num_threads())
        .into_iter()
        .map(|(x, y, w, h)| (x + rx, y + ry, w, h))
        .collect();
    let drawn: Vec<Result<Vec<u8>>> = tiles
        .par_iter()
        .map(|&tile| draw_tile(&data, index, scale, tile))
        .collect();
    let n = channels.count();
    let stride = width as usize * n;
    for (&(x, y, w, _), pixels) in tiles.iter().zip(drawn) {
        let pixels = pixels?;
        let tile = raster_of(
            &pixels,
            w as u32,
            (pixels.len() / (w as usize * 4)) as u32,
            channels,
        );
        let row = w as usize * n;
        for (r, line) in tile.data.chunks_exact(row).enumerate() {
            let at = (y as usize + r) * stride + x as usize * n;
            out.data[at..at + row].copy_from_slice(line);
        }
    }
    Ok(out)
}

/// The written PDF, read back for drawing.
fn read(data: Arc<Vec<u8>>) -> Result<Pdf> {
    Pdf::new(data).map_err(|e| Error::Pdf(format!("cannot be read back for rasterizing: {e:?}")))
}

/// Page `index` (from 0) of a PDF that has it.
fn page_of(doc: &Pdf, index: usize) -> Result<&hayro::hayro_syntax::page::Page<'_>> {
    doc.pages()
        .get(index)
        .ok_or_else(|| Error::Usage(format!("the PDF has no page {}", index + 1)))
}

/// One tile of page `index`, as premultiplied RGBA on white.
fn draw_tile(data: &Arc<Vec<u8>>, index: usize, scale: f32, tile: Tile) -> Result<Vec<u8>> {
    use hayro::hayro_interpret::util::TransformExt;
    use hayro::kurbo::Affine;
    use hayro::vello_cpu::{Pixmap, RasterizerSettings, RenderContext, Resources, TargetInit};
    let (x, y, w, h) = tile;
    let doc = read(data.clone())?;
    let page = page_of(&doc, index)?;
    let mut ctx = RenderContext::new(w, h);
    let transform = Affine::translate((-(x as f64), -(y as f64)))
        * Affine::scale(scale as f64)
        * page.initial_transform(true).to_kurbo();
    let cache = RenderCache::new();
    hayro::render_into(
        page,
        &cache,
        &InterpreterSettings::default(),
        &render_settings(),
        &mut ctx,
        transform,
    );
    ctx.flush();
    let mut pixmap = Pixmap::new(w, h);
    ctx.render_with(
        &mut pixmap,
        &mut Resources::default(),
        RasterizerSettings {
            target_init: TargetInit::Clear(WHITE),
            ..Default::default()
        },
    );
    Ok(pixmap.take_rgba8(ImageAlphaType::AlphaPremultiplied))
}

/// Unhinted outlines: the same shapes at every size, closer to other renderers.
fn render_settings() -> RenderSettings {
    RenderSettings {
        hinting: false,
        ..RenderSettings::default()
    }
}

/// A resolution the rasterizer takes.
fn check_dpi(dpi: f64) -> Result<()> {
    if dpi.is_finite() && dpi > 0.0 {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "--dpi: expected a resolution above 0, found {dpi}"
        )))
    }
}

/// Refuses a page (`w` × `h` points) that would be empty at `dpi`, or larger than
/// [`MAX_PIXELS`] or [`MAX_SIDE`].
fn check_size(w: f32, h: f32, dpi: f64, scale: f32) -> Result<()> {
    let (pw, ph) = ((w * scale).floor() as f64, (h * scale).floor() as f64);
    let (w_in, h_in) = (w as f64 / 72.0, h as f64 / 72.0);
    if pw < 1.0 || ph < 1.0 {
        return Err(Error::Usage(format!(
            "--dpi: at {dpi} dpi the {w_in:.1} × {h_in:.1} in page is less than one pixel; use at least {:.2} dpi",
            1.0 / w_in.min(h_in)
        )));
    }
    let most = (MAX_PIXELS as f64 / (w_in * h_in))
        .sqrt()
        .min(MAX_SIDE as f64 / w_in.max(h_in));
    if pw * ph > MAX_PIXELS as f64 || pw.max(ph) > MAX_SIDE as f64 {
        return Err(Error::Usage(format!(
            "--dpi: at {dpi} dpi the page would be {pw} × {ph} pixels, more than the {} megapixels (and {MAX_SIDE} pixels a side) a preview may have; use at most {:.0} dpi",
            MAX_PIXELS / 1_000_000,
            most.floor()
        )));
    }
    Ok(())
}

/// A raster from premultiplied RGBA drawn on opaque white (so it is plain RGBA).
fn raster_of(rgba: &[u8], width: u32, height: u32, channels: Channels) -> Raster {
    let data = match channels {
        Channels::Rgb => rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
        Channels::Gray => rgba
            .chunks_exact(4)
            .map(|p| luma(p[0], p[1], p[2]))
            .collect(),
    };
    Raster {
        width,
        height,
        channels,
        data,
    }
}

/// Rec. 601 luma, in integers so every platform gets the same byte.
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((299 * r as u32 + 587 * g as u32 + 114 * b as u32 + 500) / 1000) as u8
}
