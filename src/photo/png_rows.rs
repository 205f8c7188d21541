//! A PNG decoded row by row and reduced as it is read: only one row of the source and
//! one row of sums are held, whatever the image's size.

use super::{Pixels, add_row, flush_row};

/// Decodes a PNG to 8-bit gray or RGB on white, averaging `factor × factor` blocks.
pub(super) fn decode(data: &[u8], factor: u32) -> Result<Pixels, String> {
    crate::guard::run(|| decode_inner(data, factor))
        .map_err(|panic| format!("the decoder failed on this file ({panic})"))?
}

fn decode_inner(data: &[u8], factor: u32) -> Result<Pixels, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(data));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    if reader.info().interlaced {
        return Err("is an interlaced PNG; save it without interlacing".into());
    }
    let (width, height) = (reader.info().width, reader.info().height);
    let icc = reader.info().icc_profile.as_ref().map(|p| p.to_vec());
    let (color, depth) = reader.output_color_type();
    if depth != png::BitDepth::Eight {
        return Err(format!("has {depth:?} samples after expansion"));
    }
    let (inner, alpha) = match color {
        png::ColorType::Grayscale => (1, false),
        png::ColorType::GrayscaleAlpha => (1, true),
        png::ColorType::Rgb => (3, false),
        png::ColorType::Rgba => (3, true),
        png::ColorType::Indexed => return Err("a palette was not expanded".into()),
    };
    let n = inner as usize;
    let factor = factor.max(1);
    let (w, h) = (width.div_ceil(factor), height.div_ceil(factor));
    let mut sums = vec![0u32; w as usize * n];
    let mut counts = vec![0u32; w as usize];
    let mut out = Vec::with_capacity(w as usize * h as usize * n);
    let mut flat = Vec::with_capacity(width as usize * n);
    let mut y = 0u32;
    while let Some(row) = reader.next_row().map_err(|e| e.to_string())? {
        let row = row.data();
        let row: &[u8] = if alpha {
            // Composited on white paper.
            flat.clear();
            for px in row.chunks_exact(n + 1) {
                let a = px[n] as u32;
                for &v in &px[..n] {
                    flat.push(((v as u32 * a + 255 * (255 - a) + 127) / 255) as u8);
                }
            }
            &flat
        } else {
            row
        };
        if row.len() != width as usize * n {
            return Err("a row has the wrong length".into());
        }
        add_row(row, n, factor, &mut sums, &mut counts);
        y += 1;
        if y.is_multiple_of(factor) || y == height {
            flush_row(&mut sums, &mut counts, n, &mut out);
        }
    }
    if y != height {
        return Err(format!(
            "the image data ends after {y} of {height} rows; the file is truncated"
        ));
    }
    Ok(Pixels {
        width: w,
        height: h,
        channels: inner,
        data: out,
        icc,
    })
}
