//! Photos: what a file is, read from its header, and its pixels, decoded at most once and
//! no larger than its placement needs.
//!
//! [`probe_photo`] reads only the header: format, size, colour, an Adobe marker, the EXIF
//! orientation, an embedded ICC profile, and whether a JPEG is whole. A gray or CMYK JPEG
//! (and an RGB one for the screen) is then embedded as it is, only validated; the others
//! are decoded by [`pixel_rows`] a strip of rows at a time and reduced as they are read (a
//! JPEG by libjpeg-turbo, a PNG row by row), so a 12,000-pixel-square PNG never needs its
//! 430 MB at once and a photo converted for the plate is never whole in memory.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};

mod jpeg;
mod jpeg_rows;
mod png_rows;

pub use jpeg_rows::{JpegRows, strict_decompress};

/// Rows of pixels decoded, converted or encoded at a time (a reduced row takes as many
/// source rows as its factor): a photo is handed on a strip at a time, never whole.
pub const STRIP_ROWS: usize = 16;

/// A photo file as its header describes it; the bytes are kept to embed or decode.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// The file it came from.
    pub path: PathBuf,
    /// The file's bytes.
    pub data: Arc<[u8]>,
    /// JPEG or PNG.
    pub format: PhotoFormat,
    /// Colour of the stored pixels.
    pub color: PhotoColor,
    /// Stored width in pixels (before orientation).
    pub width: u32,
    /// Stored height in pixels.
    pub height: u32,
    /// EXIF orientation, 1–8 (1: as stored).
    pub orientation: u8,
    /// Whether the file embeds an ICC profile.
    pub icc: bool,
}

/// The file format of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    /// JPEG (DCT), which PDF can carry as it is.
    Jpeg,
    /// PNG, decoded and re-encoded.
    Png,
}

/// The colour of a photo's stored pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoColor {
    /// One channel.
    Gray,
    /// Three channels (a JPEG's YCbCr counts as RGB), with or without alpha (PNG).
    Rgb,
    /// Four channels of ink; `adobe` when an Adobe marker says the values are stored
    /// inverted, as Photoshop writes them.
    Cmyk {
        /// Stored inverted.
        adobe: bool,
    },
}

impl Photo {
    /// Width and height as the photo is seen, after its EXIF orientation.
    pub fn upright_size(&self) -> (u32, u32) {
        if self.orientation >= 5 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }

    /// Stored pixels: what decoding it whole costs.
    pub fn pixel_count(&self) -> u64 {
        self.width as u64 * self.height as u64
    }
}

/// Most pixels a photo decoded whole may have, and all such photos of a render together:
/// 30 megapixels (6,700 × 4,500), 90 MB decoded. A broadsheet's largest photo, 8 columns
/// wide at 300 ppi, needs about 20.
pub const MAX_PIXELS: u64 = 30_000_000;

/// Most pixels a PNG read row by row may have: 400 megapixels (20,000 square). Only a
/// few rows are held at a time.
pub const MAX_STREAMED_PIXELS: u64 = 400_000_000;

/// A photo's size in pixels from its header, without decoding it (`None` if it is not a
/// JPEG or PNG whose header can be read).
pub fn photo_size(bytes: &[u8]) -> Option<(u32, u32)> {
    probe_photo(Path::new(""), Arc::from(bytes))
        .ok()
        .map(|p| (p.width, p.height))
}

/// Reads (through [`crate::input`]) and probes a JPEG or PNG photo.
pub fn load_photo(path: &Path) -> Result<Photo> {
    let input = crate::input::read(path, crate::input::Kind::Photo)?;
    probe_photo(path, Arc::from(&*input.bytes))
}

/// Describes a photo from its header; `path` names it in messages. A JPEG without its
/// end marker (truncated) is refused here, before anything is placed.
pub fn probe_photo(path: &Path, data: Arc<[u8]>) -> Result<Photo> {
    let _scope = crate::timing::scope("photos");
    let error = |message: String| Error::Image {
        path: path.to_path_buf(),
        message,
    };
    let mut data = data;
    let photo = if data.starts_with(&[0xff, 0xd8]) {
        let end = jpeg::end(&data).ok_or_else(|| {
            error(
                "the JPEG data ends early (no end-of-image marker after its last scan); the file is truncated"
                    .into(),
            )
        })?;
        if end < data.len() {
            // What follows the image is not embedded.
            data = Arc::from(&data[..end]);
        }
        jpeg::probe(&data).map_err(error)?
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        probe_png(&data).map_err(error)?
    } else {
        return Err(error("is neither a JPEG nor a PNG file".into()));
    };
    let (format, color, width, height, orientation, icc) = photo;
    if width == 0 || height == 0 {
        return Err(error("the image is empty".into()));
    }
    let pixels = width as u64 * height as u64;
    let most = match format {
        PhotoFormat::Jpeg => MAX_PIXELS,
        PhotoFormat::Png => MAX_STREAMED_PIXELS,
    };
    if pixels > most {
        return Err(error(format!(
            "{width} × {height} pixels is more than the {:.0} megapixels a photo may have; scale it down",
            most as f64 / 1e6
        )));
    }
    Ok(Photo {
        path: path.to_path_buf(),
        data,
        format,
        color,
        width,
        height,
        orientation,
        icc,
    })
}

type Probed = (PhotoFormat, PhotoColor, u32, u32, u8, bool);

fn probe_png(data: &[u8]) -> std::result::Result<Probed, String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(data));
    let reader = crate::guard::run(|| decoder.read_info())
        .map_err(|panic| format!("the decoder failed on this file ({panic})"))?
        .map_err(|e| e.to_string())?;
    let info = reader.info();
    let color = match info.color_type {
        png::ColorType::Grayscale | png::ColorType::GrayscaleAlpha => PhotoColor::Gray,
        _ => PhotoColor::Rgb,
    };
    // An eXIf chunk is the TIFF structure a JPEG's APP1 carries.
    let orientation = info
        .exif_metadata
        .as_deref()
        .and_then(jpeg::exif_orientation)
        .unwrap_or(1);
    Ok((
        PhotoFormat::Png,
        color,
        info.width,
        info.height,
        orientation,
        info.icc_profile.is_some(),
    ))
}

/// Decoded pixels: gray or RGB, 8 bits, alpha composited on white paper.
#[derive(Debug, Clone, PartialEq)]
pub struct Pixels {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// 1 (gray) or 3 (RGB).
    pub channels: u8,
    /// Row-major samples.
    pub data: Vec<u8>,
    /// The ICC profile the file embeds (its pixels are in that colour space), if any.
    pub icc: Option<Vec<u8>>,
}

/// Decodes a photo's pixels, reduced by the largest whole factor that keeps both sides
/// at least `most` (the pixels the placement can use at the highest useful resolution).
pub fn decode_pixels(photo: &Photo, most: (u32, u32)) -> Result<Pixels> {
    pixel_rows(photo, most)?.into_pixels(photo)
}

/// A photo's pixels as [`decode_pixels`] makes them, handed a strip of rows at a time: a
/// gray or RGB JPEG is decoded (by libjpeg-turbo) as the rows are asked for; a PNG (read
/// row by row) and a CMYK JPEG (made RGB) are decoded whole first.
pub enum PixelRows<'a> {
    /// Decoded as the rows are asked for (libjpeg's state is large: boxed).
    Jpeg(Box<JpegRows<'a>>),
    /// Decoded already; the rows handed so far.
    Whole(Pixels, usize),
}

/// Starts decoding a photo's pixels as [`decode_pixels`] would.
pub fn pixel_rows(photo: &Photo, most: (u32, u32)) -> Result<PixelRows<'_>> {
    let error = |message: String| Error::Image {
        path: photo.path.clone(),
        message,
    };
    // The largest whole factor that still leaves both sides at least what is needed.
    let mut factor = (photo.width / most.0.max(1))
        .min(photo.height / most.1.max(1))
        .max(1);
    // And never more pixels than a photo decoded whole may have, whatever max_ppi asks.
    while photo.width.div_ceil(factor) as u64 * photo.height.div_ceil(factor) as u64 > MAX_PIXELS {
        factor += 1;
    }
    let size = (photo.width, photo.height);
    Ok(match (photo.format, photo.color) {
        (PhotoFormat::Png, _) => {
            PixelRows::Whole(png_rows::decode(&photo.data, factor).map_err(error)?, 0)
        }
        (PhotoFormat::Jpeg, PhotoColor::Cmyk { .. }) => {
            let whole = decode_jpeg(&photo.data, MAX_PIXELS).map_err(error)?;
            // The decoder may read another frame size than the header the photo was
            // probed (and placed, and budgeted) by: a crafted file is refused.
            if (whole.width, whole.height) != size {
                return Err(error(format!(
                    "decodes to {} × {} pixels, but its header says {} × {}",
                    whole.width, whole.height, photo.width, photo.height
                )));
            }
            PixelRows::Whole(reduce(whole, factor), 0)
        }
        (PhotoFormat::Jpeg, _) => {
            let rows = JpegRows::open(&photo.data, size, factor).map_err(error)?;
            if !matches!(rows.channels(), 1 | 3) {
                return Err(error(
                    "its header and its frame disagree on its colour".into(),
                ));
            }
            PixelRows::Jpeg(Box::new(rows))
        }
    })
}

impl PixelRows<'_> {
    /// Width and height of the pixels handed out.
    pub fn size(&self) -> (u32, u32) {
        match self {
            PixelRows::Jpeg(rows) => rows.size(),
            PixelRows::Whole(p, _) => (p.width, p.height),
        }
    }

    /// 1 (gray) or 3 (RGB).
    pub fn channels(&self) -> u8 {
        match self {
            PixelRows::Jpeg(rows) => rows.channels(),
            PixelRows::Whole(p, _) => p.channels,
        }
    }

    /// The ICC profile the pixels are in, if the file embeds one.
    pub fn icc(&self) -> Option<&[u8]> {
        match self {
            PixelRows::Jpeg(rows) => rows.icc(),
            PixelRows::Whole(p, _) => p.icc.as_deref(),
        }
    }

    /// Appends the next strip of rows to `out`; `false` once every row has been handed.
    pub fn next_rows(&mut self, photo: &Photo, out: &mut Vec<u8>) -> Result<bool> {
        match self {
            PixelRows::Jpeg(rows) => rows.next_rows(out).map_err(|message| Error::Image {
                path: photo.path.clone(),
                message,
            }),
            PixelRows::Whole(p, handed) => {
                let row = p.width as usize * p.channels as usize;
                let rows = STRIP_ROWS.min(p.height as usize - *handed);
                out.extend_from_slice(&p.data[*handed * row..(*handed + rows) * row]);
                *handed += rows;
                Ok(rows > 0)
            }
        }
    }

    /// Every row not yet handed, as whole pixels.
    pub fn into_pixels(self, photo: &Photo) -> Result<Pixels> {
        match self {
            PixelRows::Whole(p, 0) => Ok(p),
            mut rows => {
                let (width, height) = rows.size();
                let channels = rows.channels();
                let mut data =
                    Vec::with_capacity(width as usize * height as usize * channels as usize);
                while rows.next_rows(photo, &mut data)? {}
                let icc = match rows {
                    PixelRows::Jpeg(mut r) => r.take_icc(),
                    PixelRows::Whole(p, _) => p.icc,
                };
                Ok(Pixels {
                    width,
                    height,
                    channels,
                    data,
                    icc,
                })
            }
        }
    }
}

/// Decodes a photo once, to prove it whole, and drops the pixels (for a file embedded as
/// it is): a JPEG a strip at a time, never held whole.
pub fn validate(photo: &Photo) -> Result<()> {
    match photo.format {
        PhotoFormat::Jpeg => {
            JpegRows::open(&photo.data, (photo.width, photo.height), 1).and_then(|mut rows| {
                let mut strip = Vec::new();
                while rows.next_rows(&mut strip)? {
                    strip.clear();
                }
                Ok(())
            })
        }
        PhotoFormat::Png => {
            png_rows::decode(&photo.data, photo.width.max(photo.height)).map(|_| ())
        }
    }
    .map_err(|message| Error::Image {
        path: photo.path.clone(),
        message,
    })
}

/// Decodes a JPEG or PNG whole (the fuzzer's way in, with a lower pixel limit).
pub fn decode_photo_within(path: &Path, bytes: &[u8], max_pixels: u64) -> Result<Pixels> {
    let photo = probe_photo(path, Arc::from(bytes))?;
    if photo.pixel_count() > max_pixels.min(MAX_PIXELS) {
        return Err(Error::Image {
            path: path.to_path_buf(),
            message: "has more pixels than allowed here".into(),
        });
    }
    decode_pixels(&photo, (photo.width, photo.height))
}

fn decode_jpeg(bytes: &[u8], max_pixels: u64) -> std::result::Result<Pixels, String> {
    let reader =
        || image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Jpeg);
    let (width, height) = reader().into_dimensions().map_err(|e| e.to_string())?;
    if width as u64 * height as u64 > max_pixels {
        return Err(format!("{width} × {height} pixels is too many to decode"));
    }
    let mut reader = reader();
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(max_pixels * 4);
    reader.limits(limits);
    // The decoder runs under the guard: a crafted file once made it panic.
    let (image, icc) = crate::guard::run(|| -> image::ImageResult<_> {
        use image::ImageDecoder;
        let mut decoder = reader.into_decoder()?;
        let icc = decoder.icc_profile().ok().flatten();
        Ok((image::DynamicImage::from_decoder(decoder)?, icc))
    })
    .map_err(|panic| format!("the decoder failed on this file ({panic})"))?
    .map_err(|e| e.to_string())?;
    if image.width() != width || image.height() != height {
        return Err("the decoded size differs from the header's".into());
    }
    let (channels, data) = match image.color().channel_count() {
        1 => (1, image.into_luma8().into_raw()),
        _ => (3, image.into_rgb8().into_raw()),
    };
    Ok(Pixels {
        width,
        height,
        channels,
        data,
        icc,
    })
}

/// Averages `factor × factor` blocks (the last ones partial).
pub(crate) fn reduce(p: Pixels, factor: u32) -> Pixels {
    if factor <= 1 {
        return p;
    }
    let n = p.channels as usize;
    let (w, h) = (p.width.div_ceil(factor), p.height.div_ceil(factor));
    let mut sums = vec![0u32; w as usize * n];
    let mut counts = vec![0u32; w as usize];
    let mut data = Vec::with_capacity(w as usize * h as usize * n);
    for y in 0..p.height as usize {
        let row = &p.data[y * p.width as usize * n..(y + 1) * p.width as usize * n];
        add_row(row, n, factor, &mut sums, &mut counts);
        if (y + 1).is_multiple_of(factor as usize) || y + 1 == p.height as usize {
            flush_row(&mut sums, &mut counts, n, &mut data);
        }
    }
    Pixels {
        width: w,
        height: h,
        channels: p.channels,
        data,
        icc: p.icc.clone(),
    }
}

fn add_row(row: &[u8], n: usize, factor: u32, sums: &mut [u32], counts: &mut [u32]) {
    for (x, px) in row.chunks_exact(n).enumerate() {
        let o = x / factor as usize;
        for c in 0..n {
            sums[o * n + c] += px[c] as u32;
        }
        counts[o] += 1;
    }
}

fn flush_row(sums: &mut [u32], counts: &mut [u32], n: usize, out: &mut Vec<u8>) {
    for (o, count) in counts.iter_mut().enumerate() {
        for c in 0..n {
            let s = &mut sums[o * n + c];
            out.push(((*s + *count / 2) / (*count).max(1)) as u8);
            *s = 0;
        }
        *count = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> (PathBuf, Arc<[u8]>) {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name);
        let bytes = std::fs::read(&path).unwrap();
        (path, Arc::from(bytes))
    }

    #[test]
    fn a_truncated_jpeg_is_refused_and_a_whole_one_probes() {
        let (path, bytes) = fixture("fixtures/2023-01-18/photos/a1.jpg");
        let photo = probe_photo(&path, bytes.clone()).unwrap();
        assert_eq!(photo.format, PhotoFormat::Jpeg);
        assert_eq!(photo.color, PhotoColor::Rgb);
        let e = probe_photo(&path, Arc::from(&bytes[..bytes.len() / 3]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("truncated"), "{e}");
    }

    #[test]
    fn reduce_averages_blocks_and_keeps_partial_edges() {
        let p = Pixels {
            width: 3,
            height: 3,
            channels: 1,
            data: vec![0, 100, 7, 200, 100, 7, 9, 9, 9],
            icc: None,
        };
        let r = reduce(p.clone(), 2);
        assert_eq!((r.width, r.height), (2, 2));
        assert_eq!(r.data, vec![100, 7, 9, 9]);
    }
}
