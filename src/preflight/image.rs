//! Images: colour space, soft masks, effective resolution where placed, and the total ink
//! of CMYK pixels.

use lopdf::{Dictionary, Object, Stream};

use super::Log;
use super::area::Scope;
use super::space::{Space, resolve};
use crate::plate::Profile;

/// A JPEG may overshoot the ink of the pixels it was made from: a CMYK image fails when
/// more than [`OVER_SHARE`] of its pixels exceed the limit by more than this many percent.
pub const JPEG_TOLERANCE: f64 = 10.0;
/// Share of an image's pixels that may exceed the limit (after the tolerance).
pub const OVER_SHARE: f64 = 0.001;
/// Largest image whose pixels a preflight decodes to measure ink.
pub(super) const MAX_PIXELS: u64 = 64_000_000;

pub(super) fn xobject(
    scope: &Scope<'_>,
    log: &mut Log,
    stream: &Stream,
    res: Option<&Dictionary>,
    ctm: &[f64; 6],
    label: &str,
) {
    let dict = &stream.dict;
    let page = Some(scope.page);
    let get = |k: &[u8]| dict.get(k).ok();
    let mask = get(b"ImageMask")
        .and_then(|m| m.as_bool().ok())
        .unwrap_or(false);
    let space = get(b"ColorSpace").map(|c| resolve(scope.doc, c, res, 0));
    let dim = |k: &[u8]| get(k).and_then(|v| v.as_i64().ok()).unwrap_or(0);
    let (w, h) = (dim(b"Width"), dim(b"Height"));
    if !(1..=1 << 31).contains(&w) || !(1..=1 << 31).contains(&h) {
        log.error(
            page,
            label,
            "image-data",
            format!("an image claims {w} × {h} pixels"),
            "re-export the image",
        );
        return;
    }
    let pdfx = scope.rules.profile.is_pdfx();
    if scope.rules.profile == Profile::PdfX1a {
        if get(b"SMask").is_some()
            || get(b"SMaskInData")
                .and_then(|v| v.as_i64().ok())
                .unwrap_or(0)
                > 0
        {
            log.error(
                page,
                label,
                "soft-mask",
                "an image has a soft mask (transparency)",
                "flatten the image on its background",
            );
        }
        if get(b"Alternates").is_some() || get(b"OPI").is_some() {
            log.error(
                page,
                label,
                "image-opi",
                "an image has alternates or OPI links",
                "embed the final image only",
            );
        }
    }
    if !mask
        && let Some(space) = &space
        && let Some(why) = space.not_cmyk()
    {
        match scope.rules.profile {
            Profile::PdfX1a => log.error(
                page,
                label,
                "rgb-image",
                format!("an image is in {why}, which PDF/X-1a forbids"),
                "convert the image to CMYK or gray",
            ),
            Profile::PdfX4 => log.warn(
                page,
                label,
                "rgb-image",
                format!("an image is in {why}; a newspaper plate is CMYK"),
                "convert the image to CMYK or gray",
            ),
            Profile::Screen => {}
        }
    }
    if !mask
        && scope.rules.mono_pages.contains(&scope.page)
        && space.as_ref().is_some_and(|s| *s != Space::Gray)
    {
        log.error(
            page,
            label,
            "colour-on-mono-page",
            "a colour image on a page printed in black alone",
            "convert the image to gray",
        );
    }
    // Resolution where it is placed: pixels over the length of each image axis on the page.
    let (ax, ay) = (ctm[0].hypot(ctm[1]), ctm[2].hypot(ctm[3]));
    if pdfx && !mask && w > 0 && h > 0 && ax > 0.0 && ay > 0.0 {
        let ppi = (w as f64 / (ax / 72.0)).min(h as f64 / (ay / 72.0));
        if ppi + 0.5 < scope.rules.min_ppi {
            log.warn(
                page,
                label,
                "low-resolution",
                format!(
                    "an image prints at {ppi:.0} ppi, under {:.0}",
                    scope.rules.min_ppi
                ),
                "supply the photo with more pixels",
            );
        }
    }
    if pdfx && space == Some(Space::Cmyk) && (w as u64).saturating_mul(h as u64) <= MAX_PIXELS {
        // Measured after the pages are read, all images at once (in parallel).
        log.defer(super::InkJob {
            page: scope.page,
            label: label.to_string(),
            stream: stream.clone(),
            w: w as usize,
            h: h as usize,
            limit: scope.rules.ink_limit,
        });
    }
}

/// Total ink of a CMYK image's pixels (its dictionary and its bytes as stored): the
/// finding, if it has one. A JPEG is decoded into `scratch` (reused from image to image).
pub(super) fn ink(
    dict: &Dictionary,
    content: &[u8],
    w: usize,
    h: usize,
    limit: f64,
    scratch: &mut Vec<u8>,
) -> Option<(&'static str, String, &'static str)> {
    let filter = match dict.get(b"Filter") {
        Ok(Object::Name(n)) => Some(n.clone()),
        Ok(Object::Array(a)) if a.len() == 1 => a[0].as_name().ok().map(<[u8]>::to_vec),
        Ok(_) => return None,
        Err(_) => None,
    };
    let bpc = dict
        .get(b"BitsPerComponent")
        .and_then(Object::as_i64)
        .unwrap_or(8);
    if bpc != 8 {
        return None;
    }
    let (samples, tolerance) = match filter.as_deref() {
        Some(b"DCTDecode") => match decode_cmyk_jpeg(content, w, h, scratch) {
            Some(()) => (std::borrow::Cow::Borrowed(&scratch[..]), JPEG_TOLERANCE),
            None => {
                return Some((
                    "image-data",
                    "a JPEG image cannot be decoded".into(),
                    "re-export the image",
                ));
            }
        },
        Some(b"FlateDecode") => {
            match Stream::new(dict.clone(), content.to_vec()).decompressed_content() {
                Ok(s) => (std::borrow::Cow::Owned(s), 0.0),
                _ => return None,
            }
        }
        None => (std::borrow::Cow::Borrowed(content), 0.0),
        _ => return None,
    };
    if samples.len() < w * h * 4 {
        return Some((
            "image-data",
            "an image has fewer samples than its size needs".into(),
            "re-export the image",
        ));
    }
    let decode: Vec<(f64, f64)> = match dict.get(b"Decode").and_then(Object::as_array) {
        Ok(d) if d.len() == 8 => d
            .chunks_exact(2)
            .map(|p| {
                (
                    p[0].as_float().unwrap_or(0.0) as f64,
                    p[1].as_float().unwrap_or(1.0) as f64,
                )
            })
            .collect(),
        _ => vec![(0.0, 1.0); 4],
    };
    // Each channel's 256 values read through its `/Decode` once, not per pixel.
    let table: Vec<[f64; 256]> = decode
        .iter()
        .map(|(lo, hi)| std::array::from_fn(|v| lo + (v as f64 / 255.0) * (hi - lo)))
        .collect();
    let mut over = 0usize;
    let mut most = 0f64;
    for px in samples[..w * h * 4].chunks_exact(4) {
        let total = (table[0][px[0] as usize]
            + table[1][px[1] as usize]
            + table[2][px[2] as usize]
            + table[3][px[3] as usize])
            * 100.0;
        most = most.max(total);
        if total > limit + tolerance {
            over += 1;
        }
    }
    (over as f64 > OVER_SHARE * (w * h) as f64).then(|| {
        (
            "ink-limit-image",
            format!(
                "{over} of {} pixels exceed the {limit:.0} % ink limit (up to {most:.0} %)",
                w * h
            ),
            "separate the image with the paper's ink limit",
        )
    })
}

/// A CMYK JPEG's samples as stored (no Adobe inversion applied: `/Decode` says how to read
/// them), whether the file keeps them as CMYK or as YCCK (Adobe's transform 2), decoded
/// into `out`.
fn decode_cmyk_jpeg(data: &[u8], w: usize, h: usize, out: &mut Vec<u8>) -> Option<()> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    let options = zune_core::options::DecoderOptions::default()
        .set_max_width(w.max(1))
        .set_max_height(h.max(1));
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    crate::guard::run(|| {
        decoder.decode_headers().ok()?;
        let ycck = decoder.input_colorspace() == Some(ColorSpace::YCCK);
        let space = if ycck {
            ColorSpace::YCCK
        } else {
            ColorSpace::CMYK
        };
        decoder.set_options(options.jpeg_set_out_colorspace(space));
        let len = decoder.output_buffer_size()?;
        out.clear();
        out.resize(len, 0);
        decoder.decode_into(out).ok()?;
        if ycck {
            ycck_to_cmyk(out);
        }
        Some(())
    })
    .ok()
    .flatten()
}

/// YCCK samples to the CMYK they stand for, as stored (JFIF's YCbCr to RGB, in 16-bit
/// fixed point; C, M, Y are what R, G, B leave of 255, K is as it is).
fn ycck_to_cmyk(samples: &mut [u8]) {
    const HALF: i32 = 1 << 15;
    for px in samples.chunks_exact_mut(4) {
        let y = (px[0] as i32) << 16;
        let (cb, cr) = (px[1] as i32 - 128, px[2] as i32 - 128);
        let r = (y + 91_881 * cr + HALF) >> 16;
        let g = (y - 22_554 * cb - 46_802 * cr + HALF) >> 16;
        let b = (y + 116_130 * cb + HALF) >> 16;
        for (v, c) in px[..3].iter_mut().zip([r, g, b]) {
            *v = (255 - c.clamp(0, 255)) as u8;
        }
    }
}

/// An inline image (`BI … ID … EI`): its colour space.
pub(super) fn inline(
    scope: &Scope<'_>,
    log: &mut Log,
    dict: &Dictionary,
    res: Option<&Dictionary>,
    _ctm: &[f64; 6],
    label: &str,
) {
    let mask = dict
        .get(b"IM")
        .or_else(|_| dict.get(b"ImageMask"))
        .and_then(Object::as_bool)
        .unwrap_or(false);
    if mask {
        return;
    }
    let Ok(cs) = dict.get(b"CS").or_else(|_| dict.get(b"ColorSpace")) else {
        return;
    };
    let space = resolve(scope.doc, cs, res, 0);
    if let Some(why) = space.not_cmyk() {
        match scope.rules.profile {
            Profile::PdfX1a => log.error(
                Some(scope.page),
                label,
                "rgb-inline-image",
                format!("an inline image is in {why}, which PDF/X-1a forbids"),
                "convert the image to CMYK or gray",
            ),
            Profile::PdfX4 => log.warn(
                Some(scope.page),
                label,
                "rgb-inline-image",
                format!("an inline image is in {why}"),
                "convert the image to CMYK or gray",
            ),
            Profile::Screen => {}
        }
    }
}
