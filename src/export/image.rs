//! Photos as image XObjects: a JPEG the plate can take is embedded byte for byte; any
//! other is decoded once, no larger than its placement can use, converted for the plate
//! and encoded once. A photo the newsprint formula converts goes from file to plate a
//! strip of rows at a time (decoded, converted, encoded), never whole in memory.

use std::path::PathBuf;

use lopdf::{Dictionary, Object};

use crate::error::{Error, Result};
use crate::geom::Pt;
use crate::photo::{Photo, PhotoColor, PhotoFormat, PixelRows, STRIP_ROWS, pixel_rows};
use crate::plate::{
    CmykFormula, Condition, Conversion, InkCount, JPEG_TOLERANCE, PhotoPlate, ToneCurve, gray_to_k,
    rgb_to_cmyk_icc, rgb_to_srgb,
};

/// Quality of the JPEGs converted photos are encoded as (visually lossless at newspaper
/// screens).
const JPEG_QUALITY: u8 = 90;

/// What became of one photo in the PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageReport {
    /// The photo file.
    pub path: PathBuf,
    /// Embedded as it came, or converted.
    pub conversion: Conversion,
    /// `DeviceCMYK`, `DeviceGray` or `DeviceRGB`.
    pub color_space: &'static str,
    /// Pixels of the file (stored orientation).
    pub source: (u32, u32),
    /// The file's colour: `gray`, `RGB` or `CMYK`.
    pub color_space_in: &'static str,
    /// Pixels embedded.
    pub embedded: (u32, u32),
}

/// An image XObject's dictionary and data.
#[derive(Clone)]
pub(super) struct Embedded {
    pub dict: Dictionary,
    pub data: Vec<u8>,
    pub report: ImageReport,
    /// The ink of the CMYK samples the JPEG was encoded from, counted as they went to the
    /// encoder (none for a photo embedded as it came, or another colour space).
    pub ink: Option<InkCount>,
}

/// Makes the XObject of `photo`, whose largest placement is `placed` (upright, in pt);
/// `black` when it is on a mono page (it prints in black alone).
pub(super) fn embed(
    photo: &Photo,
    placed: (Pt, Pt),
    plate: &PhotoPlate,
    black: bool,
) -> Result<Embedded> {
    let passes = photo.format == PhotoFormat::Jpeg
        && match photo.color {
            PhotoColor::Gray => true,
            PhotoColor::Cmyk { .. } => !black,
            PhotoColor::Rgb => plate.profile.allows_rgb() && !black,
        };
    if passes {
        // Decoded once, to be sure it is whole: a corrupt file is an error naming it,
        // never a grey patch on the plate. The bytes embedded are the file's.
        crate::photo::validate(photo)?;
        let (space, decode) = match photo.color {
            PhotoColor::Gray => ("DeviceGray", false),
            PhotoColor::Rgb => ("DeviceRGB", false),
            PhotoColor::Cmyk { adobe } => ("DeviceCMYK", adobe),
        };
        return Ok(Embedded {
            dict: image_dict(photo.width, photo.height, space, decode),
            data: photo.data.to_vec(),
            report: ImageReport {
                path: photo.path.clone(),
                conversion: Conversion::PassThrough,
                color_space: space,
                source: (photo.width, photo.height),
                color_space_in: color_name(photo.color),
                embedded: (photo.width, photo.height),
            },
            ink: None,
        });
    }

    // The pixels the placement can use, in the file's stored orientation.
    let need = |len: Pt| ((len.get() / 72.0 * plate.max_ppi).ceil() as u32).max(1);
    let (w, h) = (need(placed.0), need(placed.1));
    let most = if photo.orientation >= 5 {
        (h, w)
    } else {
        (w, h)
    };
    let rows = pixel_rows(photo, most)?;
    let (width, height) = rows.size();
    let mono;
    let plate = if black {
        mono = PhotoPlate {
            photos_gray: true,
            profile: if plate.profile.allows_rgb() {
                crate::plate::Profile::PdfX1a
            } else {
                plate.profile
            },
            condition: crate::plate::Condition::default(),
            ..plate.clone()
        };
        &mono
    } else {
        plate
    };
    let (space, samples, conversion) = convert(photo, rows, plate)?;
    let (data, ink) = encode(photo, (width, height), space, samples, plate)?;
    Ok(Embedded {
        dict: image_dict(width, height, space, space == "DeviceCMYK"),
        data,
        report: ImageReport {
            path: photo.path.clone(),
            conversion,
            color_space: space,
            source: (photo.width, photo.height),
            color_space_in: color_name(photo.color),
            embedded: (width, height),
        },
        ink,
    })
}

fn color_name(c: PhotoColor) -> &'static str {
    match c {
        PhotoColor::Gray => "gray",
        PhotoColor::Rgb => "RGB",
        PhotoColor::Cmyk { .. } => "CMYK",
    }
}

/// What the encoder is given: samples already in the plate's colour, or sRGB rows that
/// the formula converts a strip at a time as the encoder asks for them (a photo is never
/// held whole in CMYK, and one the file's rows are decoded for as they come, not at all).
enum Samples<'a> {
    Ready(Vec<u8>),
    Formula(PixelRows<'a>, Box<CmykFormula>),
}

/// The colour space and samples the plate gets from a photo's pixels: through the paper's
/// ICC output profile where the spec names one, else by the newsprint formula (after
/// the photo's own profile, if it has one, is taken to sRGB).
fn convert<'a>(
    photo: &Photo,
    rows: PixelRows<'a>,
    plate: &PhotoPlate,
) -> Result<(&'static str, Samples<'a>, Conversion)> {
    let fail = |message: String| Error::Image {
        path: photo.path.clone(),
        message,
    };
    let curve = ToneCurve::NEWSPRINT;
    if rows.channels() == 1 {
        let gray = rows.into_pixels(photo)?.data;
        return Ok(("DeviceGray", Samples::Ready(gray), Conversion::PassThrough));
    }
    if plate.profile.allows_rgb() {
        let rgb = rows.into_pixels(photo)?.data;
        return Ok(("DeviceRGB", Samples::Ready(rgb), Conversion::PassThrough));
    }
    let formula = || Box::new(CmykFormula::new(curve, plate.ink_limit));
    let to_icc = matches!(&plate.condition, Condition::Icc(icc) if icc.components == 4);
    if !to_icc && !plate.photos_gray && rows.icc().is_none() {
        // The common case: the file's rows straight through the formula to the encoder.
        return Ok((
            "DeviceCMYK",
            Samples::Formula(rows, formula()),
            Conversion::Formula,
        ));
    }
    let pixels = rows.into_pixels(photo)?;
    if let Condition::Icc(icc) = &plate.condition
        && to_icc
        && !plate.photos_gray
    {
        let cmyk = rgb_to_cmyk_icc(
            &pixels.data,
            pixels.icc.as_deref(),
            &icc.data,
            plate.ink_limit,
        )
        .map_err(|e| fail(format!("{e} ({})", icc.path.display())))?;
        return Ok((
            "DeviceCMYK",
            Samples::Ready(cmyk),
            Conversion::Icc(icc.name.clone()),
        ));
    }
    let srgb = match &pixels.icc {
        Some(profile) => rgb_to_srgb(&pixels.data, profile).map_err(fail)?,
        None => pixels.data,
    };
    if plate.photos_gray {
        // DeviceGray is lightness: 255 is paper.
        let k = gray_to_k(&srgb, 3, curve);
        return Ok((
            "DeviceGray",
            Samples::Ready(k.into_iter().map(|k| 255 - k).collect()),
            Conversion::Formula,
        ));
    }
    let srgb = crate::photo::Pixels {
        data: srgb,
        icc: None,
        ..pixels
    };
    Ok((
        "DeviceCMYK",
        Samples::Formula(PixelRows::Whole(srgb, 0), formula()),
        Conversion::Formula,
    ))
}

/// The largest side libjpeg encodes.
const JPEG_MAX_SIDE: u32 = 65_500;

/// Encodes the samples as a baseline JPEG with libjpeg-turbo's settings (mozjpeg's fastest
/// profile): the accurate integer DCT, whose SIMD paths give the same bytes as its C code,
/// every CMYK ink at full resolution with the luminance table. CMYK samples are counted
/// by their total ink as they go (over the plate's limit and the JPEG's overshoot).
fn encode(
    photo: &Photo,
    (width, height): (u32, u32),
    space: &str,
    samples: Samples<'_>,
    plate: &PhotoPlate,
) -> Result<(Vec<u8>, Option<InkCount>)> {
    use mozjpeg::ColorSpace;
    let fail = |message: String| Error::Image {
        path: photo.path.clone(),
        message,
    };
    if width > JPEG_MAX_SIDE || height > JPEG_MAX_SIDE {
        return Err(fail(
            "is too large to encode as JPEG after conversion".into(),
        ));
    }
    let (width, height) = (width as usize, height as usize);
    let color = match space {
        "DeviceGray" => ColorSpace::JCS_GRAYSCALE,
        "DeviceRGB" => ColorSpace::JCS_RGB,
        // Stored inverted with an Adobe marker, as Photoshop does; `/Decode` undoes it.
        // Every ink at full resolution: averaging the colour of neighbouring pixels
        // (YCCK's subsampled chroma) would put ink over the limit along the edges of
        // saturated colours.
        _ => ColorSpace::JCS_CMYK,
    };
    let cannot = |e: String| fail(format!("cannot be encoded for the PDF: {e}"));
    // libjpeg reports an error by unwinding with its message: the guard names it. An
    // error decoding the photo's rows comes back as it is.
    let written = crate::guard::run(|| -> Result<_> {
        let io = |e: std::io::Error| cannot(e.to_string());
        let mut jpeg = mozjpeg::Compress::new(color);
        jpeg.set_fastest_defaults();
        jpeg.set_size(width, height);
        jpeg.set_quality(f32::from(JPEG_QUALITY));
        // Room for a JPEG of a bit a sample (photos at quality 90 take under one):
        // the buffer is seldom copied as it grows, and it is cut to size once written.
        let mut jpeg = jpeg
            .start_compress(Vec::with_capacity(width * height * 4 / 8))
            .map_err(io)?;
        // The preflight's threshold for a JPEG: the limit and the JPEG's overshoot.
        let threshold = plate.ink_limit + JPEG_TOLERANCE;
        let mut count = (color == ColorSpace::JCS_CMYK).then(|| InkCount::new(threshold));
        match (samples, &mut count) {
            (Samples::Ready(data), None) => {
                jpeg.write_scanlines(&data).map_err(io)?;
            }
            (Samples::Ready(cmyk), Some(count)) => {
                let mut strip = vec![0; width * 4 * STRIP_ROWS];
                for rows in cmyk.chunks(strip.len()) {
                    count.add(rows, false);
                    let strip = &mut strip[..rows.len()];
                    for (inverted, ink) in strip.iter_mut().zip(rows) {
                        *inverted = 255 - ink;
                    }
                    jpeg.write_scanlines(strip).map_err(io)?;
                }
            }
            (Samples::Formula(mut rows, formula), count) => {
                let (mut rgb, mut strip) = (Vec::new(), Vec::new());
                let count = count.get_or_insert_with(|| InkCount::new(threshold));
                while rows.next_rows(photo, &mut rgb)? {
                    strip.resize(rgb.len() / 3 * 4, 0);
                    for (out, px) in strip.chunks_exact_mut(4).zip(rgb.chunks_exact(3)) {
                        let ink = formula.pixel(px[0], px[1], px[2]);
                        out.copy_from_slice(&ink.map(|v| 255 - v));
                    }
                    count.add(&strip, true);
                    jpeg.write_scanlines(&strip).map_err(io)?;
                    rgb.clear();
                }
            }
        }
        let mut out = jpeg.finish().map_err(io)?;
        out.shrink_to_fit();
        Ok((out, count))
    });
    written.unwrap_or_else(|message| Err(cannot(message)))
}

pub(super) fn image_dict(width: u32, height: u32, space: &str, inverted: bool) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(width as i64));
    dict.set("Height", Object::Integer(height as i64));
    dict.set("ColorSpace", Object::Name(space.as_bytes().to_vec()));
    dict.set("BitsPerComponent", Object::Integer(8));
    dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
    if inverted {
        // Adobe-style CMYK: 255 is no ink.
        dict.set(
            "Decode",
            Object::Array([1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec()),
        );
    }
    dict
}
