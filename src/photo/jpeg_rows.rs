//! A JPEG decoded by libjpeg-turbo a strip of rows at a time and reduced as it is read:
//! only a strip of the source and a row of sums are held, so a photo converted for the
//! plate goes from file to plate without ever being whole in memory.

use mozjpeg::decompress::DecompressStarted;
use mozjpeg::{ColorSpace, Decompress, Marker};

use super::{STRIP_ROWS, add_row, flush_row};

/// A JPEG's pixels as they are decoded: gray for one component, RGB for three (YCbCr
/// or stored RGB), CMYK as stored for four.
pub struct JpegRows<'a> {
    jpeg: Option<DecompressStarted<&'a [u8]>>,
    /// The stored size.
    source: (usize, usize),
    channels: u8,
    factor: u32,
    /// Source rows read so far.
    read: usize,
    icc: Option<Vec<u8>>,
    /// Source rows, and the sums of a reduced row.
    strip: Vec<u8>,
    sums: Vec<u32>,
    counts: Vec<u32>,
}

impl<'a> JpegRows<'a> {
    /// Starts decoding `data`, a JPEG whose header says it is `size` pixels, averaging
    /// `factor × factor` blocks as rows come.
    pub fn open(data: &'a [u8], size: (u32, u32), factor: u32) -> Result<Self, String> {
        let factor = factor.max(1);
        let (jpeg, icc, channels) = guarded(|| {
            let jpeg = Decompress::builder()
                .with_err(strict_errors())
                .with_markers(&[Marker::APP(2)])
                .from_mem(data)?;
            let icc = icc_profile(&jpeg);
            let (space, channels) = match jpeg.components().len() {
                1 => (ColorSpace::JCS_GRAYSCALE, 1),
                3 => (ColorSpace::JCS_RGB, 3),
                _ => (ColorSpace::JCS_CMYK, 4),
            };
            Ok((jpeg.to_colorspace(space)?, icc, channels))
        })?;
        let source = (jpeg.width(), jpeg.height());
        if source != (size.0 as usize, size.1 as usize) {
            return Err(format!(
                "decodes to {} × {} pixels, but its header says {} × {}",
                source.0, source.1, size.0, size.1
            ));
        }
        let reduced = source.0.div_ceil(factor as usize);
        Ok(JpegRows {
            jpeg: Some(jpeg),
            source,
            channels,
            factor,
            read: 0,
            icc,
            strip: Vec::new(),
            sums: vec![
                0;
                if factor > 1 {
                    reduced * channels as usize
                } else {
                    0
                }
            ],
            counts: vec![0; if factor > 1 { reduced } else { 0 }],
        })
    }

    /// Width and height of the pixels handed out (after reduction).
    pub fn size(&self) -> (u32, u32) {
        let f = self.factor as usize;
        (
            self.source.0.div_ceil(f) as u32,
            self.source.1.div_ceil(f) as u32,
        )
    }

    /// 1 (gray), 3 (RGB) or 4 (CMYK as stored).
    pub fn channels(&self) -> u8 {
        self.channels
    }

    /// The ICC profile the file embeds, if any.
    pub fn icc(&self) -> Option<&[u8]> {
        self.icc.as_deref()
    }

    /// The ICC profile, taken.
    pub fn take_icc(&mut self) -> Option<Vec<u8>> {
        self.icc.take()
    }

    /// Appends the next rows (a strip) to `out`; `false` once every row has been handed.
    pub fn next_rows(&mut self, out: &mut Vec<u8>) -> Result<bool, String> {
        let (width, height) = self.source;
        let n = self.channels as usize;
        if self.read == height {
            if let Some(jpeg) = self.jpeg.take() {
                guarded(|| jpeg.finish())?;
            }
            return Ok(false);
        }
        let Some(jpeg) = self.jpeg.as_mut() else {
            return Ok(false);
        };
        let rows = match self.factor {
            1 => STRIP_ROWS,
            f => f as usize,
        }
        .min(height - self.read);
        self.strip.resize(width * n * rows, 0);
        let strip = &mut self.strip;
        let read = guarded(|| jpeg.read_scanlines_into(strip).map(|r| r.len()));
        if read.is_err() {
            // libjpeg is left as it was when it failed: it is not asked again.
            self.jpeg = None;
        }
        if read? != width * n * rows {
            return Err("the decoder handed fewer rows than asked for".into());
        }
        self.read += rows;
        if self.factor == 1 {
            out.extend_from_slice(&self.strip);
        } else {
            for row in self.strip.chunks_exact(width * n) {
                add_row(row, n, self.factor, &mut self.sums, &mut self.counts);
            }
            flush_row(&mut self.sums, &mut self.counts, n, out);
        }
        Ok(true)
    }
}

/// Starts decoding a JPEG with [`strict_errors`] (for the preflight's ink measurement).
pub fn strict_decompress(data: &[u8]) -> std::io::Result<Decompress<&[u8]>> {
    Decompress::builder()
        .with_err(strict_errors())
        .from_mem(data)
}

/// libjpeg's error handling for decoding: an error unwinds with a message (the guard
/// turns it into an error naming the file), and so does a warning, which libjpeg gives for
/// corrupt data that it would otherwise decode on, as grey: a plate never carries that.
/// Made of plain fields, without libjpeg's message table, the messages are this module's.
fn strict_errors() -> mozjpeg_sys::jpeg_error_mgr {
    use mozjpeg_sys::jpeg_common_struct as Common;
    extern "C-unwind" fn error_exit(_: &mut Common) {
        std::panic::resume_unwind(Box::new(String::from("libjpeg cannot read its data")))
    }
    extern "C-unwind" fn emit_message(_: &mut Common, level: std::os::raw::c_int) {
        // Level -1 is a warning; the others are trace messages.
        if level < 0 {
            std::panic::resume_unwind(Box::new(String::from(
                "its JPEG data is corrupt: libjpeg would decode parts of it as grey",
            )))
        }
    }
    extern "C-unwind" fn quiet(_: &mut Common) {}
    extern "C-unwind" fn no_text(_: &mut Common, _: &[u8; 80]) {}
    mozjpeg_sys::jpeg_error_mgr {
        error_exit: Some(error_exit),
        emit_message: Some(emit_message),
        output_message: Some(quiet),
        format_message: Some(no_text),
        reset_error_mgr: Some(quiet),
        msg_code: 0,
        msg_parm: Default::default(),
        trace_level: 0,
        num_warnings: 0,
        jpeg_message_table: std::ptr::null(),
        last_jpeg_message: 0,
        addon_message_table: std::ptr::null(),
        first_addon_message: 0,
        last_addon_message: 0,
    }
}

/// Runs a libjpeg call: its errors (which it reports by unwinding) become messages.
fn guarded<T>(f: impl FnOnce() -> std::io::Result<T>) -> Result<T, String> {
    crate::guard::run(f)
        .map_err(|panic| format!("the decoder failed on this file ({panic})"))?
        .map_err(|e| format!("the decoder failed on this file ({e})"))
}

/// The ICC profile of a JPEG's APP2 markers: its chunks, in their sequence numbers'
/// order (ICC.1 Annex B.4), or `None` if there is none or a chunk is missing.
fn icc_profile(jpeg: &Decompress<&[u8]>) -> Option<Vec<u8>> {
    const TAG: &[u8] = b"ICC_PROFILE\0";
    let mut chunks: Vec<(u8, u8, &[u8])> = jpeg
        .markers()
        .filter(|m| m.marker == Marker::APP(2))
        .filter_map(|m| {
            let rest = m.data.strip_prefix(TAG)?;
            let (&[seq, count], data) = rest.split_first_chunk::<2>()?;
            Some((seq, count, data))
        })
        .collect();
    if chunks.is_empty() {
        return None;
    }
    chunks.sort_by_key(|c| c.0);
    let count = chunks[0].1 as usize;
    let whole = chunks.len() == count
        && chunks
            .iter()
            .enumerate()
            .all(|(i, c)| c.0 as usize == i + 1 && c.1 as usize == count);
    whole.then(|| chunks.iter().flat_map(|c| c.2).copied().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::{Pixels, decode_jpeg, reduce};

    fn jpeg(space: ColorSpace, w: usize, h: usize, icc: &[&[u8]]) -> Vec<u8> {
        let n = if space == ColorSpace::JCS_GRAYSCALE {
            1
        } else {
            3
        };
        let mut c = mozjpeg::Compress::new(space);
        c.set_size(w, h);
        let mut c = c.start_compress(Vec::new()).unwrap();
        for marker in icc {
            c.write_marker(Marker::APP(2), marker);
        }
        let px: Vec<u8> = (0..w * h * n).map(|i| (i * 7 % 251) as u8).collect();
        c.write_scanlines(&px).unwrap();
        c.finish().unwrap()
    }

    #[test]
    fn an_icc_profile_in_chunks_is_put_together_in_their_order() {
        let profile: Vec<u8> = (0..70_000u32).map(|i| (i % 253) as u8).collect();
        let chunk = |seq: u8, part: &[u8]| [b"ICC_PROFILE\0".as_slice(), &[seq, 2], part].concat();
        let (first, second) = profile.split_at(60_000);
        // Written second chunk first: the sequence numbers order them.
        let data = jpeg(
            ColorSpace::JCS_RGB,
            8,
            8,
            &[&chunk(2, second), &chunk(1, first)],
        );
        let rows = JpegRows::open(&data, (8, 8), 1).unwrap();
        assert_eq!(rows.icc(), Some(&profile[..]));
        // A chunk missing: no profile rather than half of one.
        let data = jpeg(ColorSpace::JCS_RGB, 8, 8, &[&chunk(2, second)]);
        assert_eq!(JpegRows::open(&data, (8, 8), 1).unwrap().icc(), None);
    }

    /// The rows, a strip at a time, are the photo: another decoder (zune-jpeg, under the
    /// image crate) finds the same picture within a few levels of rounding, and reduced
    /// as they come they are what reducing the whole gives.
    #[test]
    fn rows_are_the_photo_and_reduce_as_the_whole_would() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/2023-01-18/photos/a1.jpg"
        );
        let data = std::fs::read(path).unwrap();
        let collect = |factor| {
            let mut rows = JpegRows::open(&data, (1200, 900), factor).unwrap();
            let mut out = Vec::new();
            let mut strips = 0;
            while rows.next_rows(&mut out).unwrap() {
                strips += 1;
            }
            (rows.size(), out, strips)
        };
        let (size, whole, strips) = collect(1);
        assert_eq!((size, strips), ((1200, 900), 900usize.div_ceil(STRIP_ROWS)));
        let other = decode_jpeg(&data, u64::MAX).unwrap();
        assert_eq!(other.data.len(), whole.len());
        let far = other
            .data
            .iter()
            .zip(&whole)
            .filter(|(a, b)| a.abs_diff(**b) > 6);
        assert_eq!(far.count(), 0);
        let (size, reduced, _) = collect(7);
        let pixels = Pixels {
            width: 1200,
            height: 900,
            channels: 3,
            data: whole,
            icc: None,
        };
        let expected = reduce(pixels, 7);
        assert_eq!(size, (expected.width, expected.height));
        assert_eq!(reduced, expected.data);
    }

    #[test]
    fn a_gray_jpeg_is_one_channel_and_a_wrong_size_is_refused() {
        let data = jpeg(ColorSpace::JCS_GRAYSCALE, 20, 10, &[]);
        let mut rows = JpegRows::open(&data, (20, 10), 1).unwrap();
        assert_eq!(rows.channels(), 1);
        let mut out = Vec::new();
        while rows.next_rows(&mut out).unwrap() {}
        assert_eq!(out.len(), 200);
        let e = JpegRows::open(&data, (20, 11), 1).err().unwrap();
        assert!(e.contains("header says 20 × 11"), "{e}");
    }
}
