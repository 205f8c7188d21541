//! PNG files for rasters: small (oxipng) for goldens, decodable for comparison.

use super::{Channels, Raster};
use crate::error::{Error, Result};

/// Encodes a raster as a PNG, quickly (for previews).
pub fn encode_png_fast(raster: &Raster) -> Result<Vec<u8>> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    let color = match raster.channels {
        Channels::Gray => image::ExtendedColorType::L8,
        Channels::Rgb => image::ExtendedColorType::Rgb8,
    };
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(&raster.data, raster.width, raster.height, color)
    .map_err(|e| Error::Pdf(format!("the preview cannot be encoded as PNG: {e}")))?;
    Ok(out)
}

/// Encodes a raster as a losslessly optimized PNG (for goldens: small files in git).
pub fn encode_png(raster: &Raster) -> Result<Vec<u8>> {
    use image::ImageEncoder;
    let mut plain = Vec::new();
    let color = match raster.channels {
        Channels::Gray => image::ExtendedColorType::L8,
        Channels::Rgb => image::ExtendedColorType::Rgb8,
    };
    image::codecs::png::PngEncoder::new(&mut plain)
        .write_image(&raster.data, raster.width, raster.height, color)
        .map_err(|e| Error::Pdf(format!("the golden cannot be encoded as PNG: {e}")))?;
    // oxipng picks the smallest lossless encoding (palette, bit depth, filters).
    let mut options = oxipng::Options::from_preset(3);
    options.strip = oxipng::StripChunks::Safe;
    Ok(oxipng::optimize_from_memory(&plain, &options).unwrap_or(plain))
}

/// Decodes a PNG into a raster with the given channels; a PNG larger than a raster may be
/// ([`super::MAX_PIXELS`]) is refused from its header, before decoding.
pub fn decode_png(bytes: &[u8], channels: Channels) -> Result<Raster> {
    let error = |m: String| Error::Image {
        path: "<png>".into(),
        message: m,
    };
    let reader =
        || image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Png);
    let (w, h) = reader()
        .into_dimensions()
        .map_err(|e| error(format!("not a readable PNG: {e}")))?;
    if w as u64 * h as u64 > super::MAX_PIXELS {
        return Err(error(format!(
            "{w} × {h} pixels is more than the {} megapixels a raster may have",
            super::MAX_PIXELS / 1_000_000
        )));
    }
    let image = reader()
        .decode()
        .map_err(|e| error(format!("PNG cannot be decoded: {e}")))?;
    let (width, height) = (image.width(), image.height());
    let data = match channels {
        Channels::Gray => image.into_luma8().into_raw(),
        Channels::Rgb => image.into_rgb8().into_raw(),
    };
    Ok(Raster {
        width,
        height,
        channels,
        data,
    })
}
