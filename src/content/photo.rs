//! Decoding photos.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A decoded photo: 8-bit RGB pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// The file it came from.
    pub path: PathBuf,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Row-major RGB bytes.
    pub rgb: Vec<u8>,
}

impl Photo {
    /// Cuts out a rectangle of pixels.
    pub fn crop(&self, x: u32, y: u32, w: u32, h: u32) -> Photo {
        // Clamped to the photo (at least one pixel of a non-empty one); rows are copied
        // only where the pixels are there.
        let (x, y) = (
            x.min(self.width.saturating_sub(1)),
            y.min(self.height.saturating_sub(1)),
        );
        let w = w.clamp(1, self.width.saturating_sub(x).max(1));
        let h = h.clamp(1, self.height.saturating_sub(y).max(1));
        let stride = self.width as usize * 3;
        let mut rgb = Vec::with_capacity(w as usize * h as usize * 3);
        for row in y as usize..(y + h) as usize {
            let start = row * stride + x as usize * 3;
            let end = start + w as usize * 3;
            match self.rgb.get(start..end) {
                Some(pixels) => rgb.extend_from_slice(pixels),
                None => rgb.resize(rgb.len() + w as usize * 3, 255),
            }
        }
        Photo {
            path: self.path.clone(),
            width: w,
            height: h,
            rgb,
        }
    }
}

/// Most pixels a photo may have, and all the photos of a render together: 30 megapixels
/// (6,700 × 4,500), 90 MB decoded. A broadsheet's largest photo, 8 columns wide at 300 ppi,
/// needs about 20; a page's photos are decoded at once, so the budget is the render's.
pub const MAX_PIXELS: u64 = 30_000_000;

/// A photo's size in pixels from its header, without decoding it (`None` if it is not a
/// JPEG or PNG whose header can be read).
pub fn photo_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let format = image::guess_format(bytes).ok()?;
    if !matches!(format, image::ImageFormat::Jpeg | image::ImageFormat::Png) {
        return None;
    }
    image::ImageReader::with_format(std::io::Cursor::new(bytes), format)
        .into_dimensions()
        .ok()
}

/// Reads (through [`crate::input`]) and decodes a JPEG or PNG photo.
pub fn load_photo(path: &Path) -> Result<Photo> {
    let input = crate::input::read(path, crate::input::Kind::Photo)?;
    decode_photo(path, &input.bytes)
}

/// Decodes a JPEG or PNG photo from its bytes; `path` names it in messages. The size in
/// the header is checked against [`MAX_PIXELS`] before any pixel is decoded.
pub fn decode_photo(path: &Path, bytes: &[u8]) -> Result<Photo> {
    decode_photo_within(path, bytes, MAX_PIXELS)
}

/// Like [`decode_photo`], with a lower pixel limit (a preview's, or a fuzzer's that must
/// not spend its time decoding 40-megapixel noise).
pub fn decode_photo_within(path: &Path, bytes: &[u8], max_pixels: u64) -> Result<Photo> {
    let max_pixels = max_pixels.min(MAX_PIXELS);
    let error = |message: String| Error::Image {
        path: path.to_path_buf(),
        message,
    };
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, image::ImageFormat::Jpeg | image::ImageFormat::Png))
        .ok_or_else(|| error("is neither a JPEG nor a PNG file".into()))?;
    if format == image::ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        return Err(error(
            "the JPEG data ends early (no end-of-image marker after its last scan); the file is truncated".into(),
        ));
    }
    let reader = || image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let (width, height) = reader()
        .into_dimensions()
        .map_err(|e| error(e.to_string()))?;
    if width == 0 || height == 0 {
        return Err(error("the image is empty".into()));
    }
    let pixels = width as u64 * height as u64;
    if pixels > max_pixels {
        return Err(error(format!(
            "{width} × {height} pixels is more than the {:.0} megapixels a photo may have; scale it down",
            max_pixels as f64 / 1e6
        )));
    }
    let mut reader = reader();
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(max_pixels * 4);
    reader.limits(limits);
    // The decoder runs under the guard: a crafted file once made it panic.
    let image = crate::guard::run(|| reader.decode())
        .map_err(|panic| error(format!("the decoder failed on this file ({panic})")))?
        .map_err(|e| error(e.to_string()))?
        .into_rgb8();
    if image.width() != width || image.height() != height {
        return Err(error("the decoded size differs from the header's".into()));
    }
    Ok(Photo {
        path: path.to_path_buf(),
        width,
        height,
        rgb: image.into_raw(),
    })
}

/// Whether a JPEG's last scan is followed by its end-of-image marker. Inside entropy-coded
/// data every 0xFF is followed by 0x00 or a restart marker, so an `FF D9` after the last
/// start-of-scan (`FF DA`) is the real end; a truncated file has none (the decoder would
/// fill the missing rows with grey and say nothing).
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xff, 0xda]);
    match last_scan {
        Some(at) => bytes[at..].windows(2).any(|w| w == [0xff, 0xd9]),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_jpeg_is_refused_and_a_whole_one_decodes() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/2023-01-18/photos/a1.jpg"
        );
        let bytes = std::fs::read(path).unwrap();
        assert!(decode_photo(Path::new(path), &bytes).is_ok());
        let e = decode_photo(Path::new(path), &bytes[..bytes.len() / 3])
            .unwrap_err()
            .to_string();
        assert!(e.contains("truncated"), "{e}");
    }
}
