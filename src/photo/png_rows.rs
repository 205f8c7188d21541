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

#[cfg(test)]
mod tests {
    use super::*;

    fn png(color: png::ColorType, w: u32, h: u32, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, w, h);
        e.set_color(color);
        e.set_depth(png::BitDepth::Eight);
        e.write_header().unwrap().write_image_data(data).unwrap();
        out
    }

    #[test]
    fn alpha_is_composited_on_white_paper() {
        // Black at alpha 0 is paper; black at alpha 255 is black; half is mid grey.
        let data = [0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 128];
        let p = decode(&png(png::ColorType::Rgba, 3, 1, &data), 1).unwrap();
        assert_eq!(p.channels, 3);
        assert_eq!(&p.data[..6], &[255, 255, 255, 0, 0, 0]);
        assert!((p.data[6] as i32 - 127).abs() <= 1, "{:?}", p.data);
    }

    #[test]
    fn a_png_exif_orientation_is_read() {
        let mut out = Vec::new();
        {
            let mut e = png::Encoder::new(&mut out, 2, 1);
            e.set_color(png::ColorType::Grayscale);
            let mut w = e.write_header().unwrap();
            // II, 42, IFD at 8; one entry: 0x0112 SHORT 1 value 6.
            let tiff = [
                b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0,
            ];
            w.write_chunk(png::chunk::eXIf, &tiff).unwrap();
            w.write_image_data(&[0, 255]).unwrap();
        }
        let photo = super::super::probe_photo(std::path::Path::new("x.png"), out.into()).unwrap();
        assert_eq!(photo.orientation, 6);
        assert_eq!(photo.upright_size(), (1, 2));
    }

    #[test]
    fn rows_are_reduced_as_they_are_read_and_a_truncated_file_is_refused() {
        let data: Vec<u8> = (0..16u32).map(|i| (i * 10) as u8).collect();
        let file = png(png::ColorType::Grayscale, 4, 4, &data);
        let p = decode(&file, 2).unwrap();
        assert_eq!((p.width, p.height, p.channels), (2, 2, 1));
        // Mean of 0, 10, 40, 50.
        assert_eq!(p.data[0], 25);
        assert!(decode(&file[..file.len() - 20], 1).is_err());
    }
}
