//! Images: colour space, soft masks, effective resolution where placed, and the total ink
//! of CMYK pixels.

use lopdf::{Dictionary, Object, Stream};

use super::area::Scope;
use super::space::{Space, resolve};
use super::{InkFinding, Log};
use crate::plate::{InkCount, JPEG_TOLERANCE, Profile, threshold_255};

/// Share of an image's pixels that may exceed the limit (after the tolerance): a JPEG may
/// overshoot the ink of the pixels it was made from, so a CMYK JPEG fails when more than
/// this share exceed the limit by more than [`JPEG_TOLERANCE`].
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
/// finding, if it has one. A JPEG is decoded a strip of rows at a time and measured as it
/// is read: it is never held whole.
pub(super) fn ink(dict: &Dictionary, content: &[u8], w: usize, h: usize, limit: f64) -> InkFinding {
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
    let fewer = || {
        Some((
            "image-data",
            "an image has fewer samples than its size needs".to_string(),
            "re-export the image",
        ))
    };
    // A JPEG may overshoot the pixels it was made from by the tolerance.
    let jpeg = filter.as_deref() == Some(b"DCTDecode");
    let mut tally = Tally::new(dict, limit + if jpeg { JPEG_TOLERANCE } else { 0.0 });
    match filter.as_deref() {
        Some(b"DCTDecode") => match cmyk_jpeg_rows(content, w, h, |rows| tally.add(rows)) {
            Ok(()) => {}
            Err(Undecoded::Smaller) => return fewer(),
            Err(Undecoded::Broken) => {
                return Some((
                    "image-data",
                    "a JPEG image cannot be decoded".into(),
                    "re-export the image",
                ));
            }
        },
        Some(b"FlateDecode") => {
            let Ok(samples) = Stream::new(dict.clone(), content.to_vec()).decompressed_content()
            else {
                return None;
            };
            match samples.get(..w * h * 4) {
                Some(samples) => tally.add(samples),
                None => return fewer(),
            }
        }
        None => match content.get(..w * h * 4) {
            Some(samples) => tally.add(samples),
            None => return fewer(),
        },
        _ => return None,
    }
    over_limit(tally.over(), tally.most(), w, h, limit)
}

/// Total ink of a CMYK image from the ink of the samples it was encoded from, counted by
/// the writer that made it ([`InkCount`]): the finding [`ink`] would give, with no decoding.
/// `None` when the count is not of this image's `w` × `h` pixels, or not over this check's
/// threshold (the image is then decoded). A JPEG keeps its tolerance: it is for the
/// decoded pixels' overshoot of these samples.
pub(super) fn ink_of_samples(
    count: &InkCount,
    dict: &Dictionary,
    w: usize,
    h: usize,
    limit: f64,
) -> Option<InkFinding> {
    let jpeg = matches!(dict.get(b"Filter"), Ok(Object::Name(n)) if n == b"DCTDecode");
    let threshold = limit + if jpeg { JPEG_TOLERANCE } else { 0.0 };
    let same = count.pixels() == (w as u64).saturating_mul(h as u64)
        && threshold_255(count.threshold()) == threshold_255(threshold);
    same.then(|| over_limit(count.over(), count.most(), w, h, limit))
}

/// The finding for `over` pixels of `w` × `h` above the limit, the most ink being `most`.
fn over_limit(over: u64, most: f64, w: usize, h: usize, limit: f64) -> InkFinding {
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

/// The pixels over an ink threshold, and the most ink of any, counted as rows come.
struct Tally {
    /// Each channel's 256 values read through the image's `/Decode`, in thousandths of a
    /// percent: whole numbers, summed without rounding drift and fast.
    table: [[i32; 256]; 4],
    /// The threshold in the same unit.
    threshold: i64,
    /// Set when every channel reads as stored or inverted (`/Decode` absent, or `[1 0]`
    /// for each, as Adobe CMYK JPEGs have it): a pixel's ink is then the sum of its four
    /// bytes (or 1020 less it), counted as the writer counts its samples, with no table.
    plain: Option<(bool, InkCount)>,
    over: usize,
    most: i64,
}

/// Thousandths of a percent in a percent.
const MILLI: f64 = 1000.0;

impl Tally {
    fn new(dict: &Dictionary, threshold: f64) -> Tally {
        let mut decode = [(0.0, 1.0); 4];
        if let Ok(d) = dict.get(b"Decode").and_then(Object::as_array)
            && d.len() == 8
        {
            for (range, p) in decode.iter_mut().zip(d.chunks_exact(2)) {
                *range = (
                    p[0].as_float().unwrap_or(0.0) as f64,
                    p[1].as_float().unwrap_or(1.0) as f64,
                );
            }
        }
        let plain = match decode {
            d if d.iter().all(|r| *r == (0.0, 1.0)) => Some(false),
            d if d.iter().all(|r| *r == (1.0, 0.0)) => Some(true),
            _ => None,
        }
        .map(|inverted| (inverted, InkCount::new(threshold)));
        // A /Decode range far outside 0–1 is clamped where a sum could overflow.
        let milli = |v: f64| (v * 100.0 * MILLI).round().clamp(-1e8, 1e8) as i32;
        Tally {
            table: decode.map(|(lo, hi)| {
                std::array::from_fn(|v| milli(lo + (v as f64 / 255.0) * (hi - lo)))
            }),
            threshold: (threshold * MILLI).round() as i64,
            plain,
            over: 0,
            most: 0,
        }
    }

    /// Counts whole pixels of CMYK samples.
    fn add(&mut self, samples: &[u8]) {
        if let Some((inverted, count)) = &mut self.plain {
            return count.add(samples, *inverted);
        }
        let [c, m, y, k] = &self.table;
        let (mut over, mut most) = (0, self.most);
        for px in samples.chunks_exact(4) {
            let total = i64::from(c[px[0] as usize])
                + i64::from(m[px[1] as usize])
                + i64::from(y[px[2] as usize])
                + i64::from(k[px[3] as usize]);
            most = most.max(total);
            over += usize::from(total > self.threshold);
        }
        self.over += over;
        self.most = most;
    }

    /// The pixels over the threshold.
    fn over(&self) -> u64 {
        match &self.plain {
            Some((_, count)) => count.over(),
            None => self.over as u64,
        }
    }

    /// The most ink of any pixel, in percent.
    fn most(&self) -> f64 {
        match &self.plain {
            Some((_, count)) => count.most(),
            None => self.most as f64 / MILLI,
        }
    }
}

/// Why a JPEG's samples could not be measured.
enum Undecoded {
    /// It has fewer pixels than its dictionary says.
    Smaller,
    /// The decoder refused it, or it is not four-channel, or larger than it says.
    Broken,
}

/// Hands `each` the CMYK samples of a JPEG of `w` × `h` pixels, a strip of rows at a time,
/// as stored (libjpeg-turbo applies no Adobe inversion: `/Decode` says how to read them),
/// whether the file keeps them as CMYK or as YCCK (Adobe's transform 2).
fn cmyk_jpeg_rows(
    data: &[u8],
    w: usize,
    h: usize,
    mut each: impl FnMut(&[u8]),
) -> Result<(), Undecoded> {
    // libjpeg reports an error by unwinding with its message: the guard catches it.
    crate::guard::run(|| {
        let jpeg = crate::photo::strict_decompress(data).map_err(|_| Undecoded::Broken)?;
        let (dw, dh) = jpeg.size();
        if dw * dh < w * h {
            return Err(Undecoded::Smaller);
        }
        if (dw, dh) != (w, h) {
            return Err(Undecoded::Broken);
        }
        let mut jpeg = jpeg
            .to_colorspace(mozjpeg::ColorSpace::JCS_CMYK)
            .map_err(|_| Undecoded::Broken)?;
        use crate::photo::STRIP_ROWS;
        let mut strip = vec![0; w * 4 * STRIP_ROWS];
        for rows in (0..h).step_by(STRIP_ROWS) {
            let n = STRIP_ROWS.min(h - rows);
            let read = jpeg
                .read_scanlines_into(&mut strip[..w * 4 * n])
                .map_err(|_| Undecoded::Broken)?;
            each(read);
        }
        jpeg.finish().map_err(|_| Undecoded::Broken)
    })
    .unwrap_or(Err(Undecoded::Broken))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(range: [i64; 2]) -> Dictionary {
        let mut d = Dictionary::new();
        d.set(
            "Decode",
            Object::Array(range.repeat(4).into_iter().map(Object::Integer).collect()),
        );
        d
    }

    /// Samples read as stored or inverted are summed without the table; what they count is
    /// what the table counts (the threshold, 250 %, is not on a whole 255th).
    #[test]
    fn the_plain_sum_counts_as_the_table_does() {
        // Every byte value in every channel, in a scrambled order.
        let samples: Vec<u8> = (0..4 * 65_536u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        for dict in [Dictionary::new(), decode([1, 0])] {
            let mut plain = Tally::new(&dict, 250.0);
            assert!(plain.plain.is_some());
            let mut table = Tally::new(&dict, 250.0);
            table.plain = None;
            plain.add(&samples);
            table.add(&samples);
            assert!(plain.over() > 0 && plain.over() < samples.len() as u64 / 4);
            assert_eq!(plain.over(), table.over());
            assert!((plain.most() - table.most()).abs() < 0.01);
        }
        // Any other reading goes through the table.
        assert!(Tally::new(&decode([0, 2]), 250.0).plain.is_none());
    }
}
