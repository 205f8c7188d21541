//! Photos as image XObjects: a JPEG the plate can take is embedded byte for byte; any
//! other is decoded once, no larger than its placement can use, converted for the plate
//! and encoded once.

use std::borrow::Cow;
use std::path::PathBuf;

use lopdf::{Dictionary, Object};

use crate::error::{Error, Result};
use crate::geom::Pt;
use crate::photo::{Photo, PhotoColor, PhotoFormat, Pixels, decode_pixels};
use crate::plate::{
    CmykFormula, Condition, Conversion, Plate, ToneCurve, gray_to_k, rgb_to_cmyk_icc, rgb_to_srgb,
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
}

/// Makes the XObject of `photo`, whose largest placement is `placed` (upright, in pt);
/// `black` when it is on a mono page (it prints in black alone).
pub(super) fn embed(
    photo: &Photo,
    placed: (Pt, Pt),
    plate: &Plate,
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
    let pixels = decode_pixels(photo, most)?;
    let mono;
    let plate = if black {
        mono = Plate {
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
    let (space, samples, conversion) = convert(&pixels, plate).map_err(|m| Error::Image {
        path: photo.path.clone(),
        message: m,
    })?;
    let data = encode(photo, &pixels, space, samples)?;
    Ok(Embedded {
        dict: image_dict(pixels.width, pixels.height, space, space == "DeviceCMYK"),
        data,
        report: ImageReport {
            path: photo.path.clone(),
            conversion,
            color_space: space,
            source: (photo.width, photo.height),
            color_space_in: color_name(photo.color),
            embedded: (pixels.width, pixels.height),
        },
    })
}

fn color_name(c: PhotoColor) -> &'static str {
    match c {
        PhotoColor::Gray => "gray",
        PhotoColor::Rgb => "RGB",
        PhotoColor::Cmyk { .. } => "CMYK",
    }
}

/// What the encoder is given: samples already in the plate's colour, or sRGB that the
/// formula converts a row at a time as the encoder asks for it (a photo is never held
/// whole in CMYK).
enum Samples<'a> {
    Ready(Cow<'a, [u8]>),
    Formula(Cow<'a, [u8]>, Box<CmykFormula>),
}

/// The colour space and samples the plate gets from decoded pixels: through the paper's
/// ICC output profile where the spec names one, else by the newsprint formula (after
/// the photo's own profile, if it has one, is taken to sRGB).
fn convert<'a>(
    pixels: &'a Pixels,
    plate: &Plate,
) -> std::result::Result<(&'static str, Samples<'a>, Conversion), String> {
    let curve = ToneCurve::NEWSPRINT;
    let as_is = || Samples::Ready(Cow::Borrowed(&pixels.data));
    if pixels.channels == 1 {
        return Ok(("DeviceGray", as_is(), Conversion::PassThrough));
    }
    if plate.profile.allows_rgb() {
        return Ok(("DeviceRGB", as_is(), Conversion::PassThrough));
    }
    if let Condition::Icc(icc) = &plate.condition
        && icc.components == 4
        && !plate.photos_gray
    {
        let cmyk = rgb_to_cmyk_icc(
            &pixels.data,
            pixels.icc.as_deref(),
            &icc.data,
            plate.ink_limit,
        )
        .map_err(|e| format!("{e} ({})", icc.path.display()))?;
        return Ok((
            "DeviceCMYK",
            Samples::Ready(Cow::Owned(cmyk)),
            Conversion::Icc(icc.name.clone()),
        ));
    }
    let srgb = match &pixels.icc {
        Some(profile) => Cow::Owned(rgb_to_srgb(&pixels.data, profile)?),
        None => Cow::Borrowed(&pixels.data[..]),
    };
    if plate.photos_gray {
        // DeviceGray is lightness: 255 is paper.
        let k = gray_to_k(&srgb, 3, curve);
        return Ok((
            "DeviceGray",
            Samples::Ready(Cow::Owned(k.into_iter().map(|k| 255 - k).collect())),
            Conversion::Formula,
        ));
    }
    Ok((
        "DeviceCMYK",
        Samples::Formula(srgb, Box::new(CmykFormula::new(curve, plate.ink_limit))),
        Conversion::Formula,
    ))
}

/// Rows the encoder is handed at a time: the plate's samples are made a strip at a time,
/// never for the whole photo.
const STRIP_ROWS: usize = 16;

/// The largest side libjpeg encodes.
const JPEG_MAX_SIDE: u32 = 65_500;

/// Encodes the samples as a baseline JPEG with libjpeg-turbo's settings (mozjpeg's fastest
/// profile): the accurate integer DCT, whose SIMD paths give the same bytes as its C code,
/// every CMYK ink at full resolution with the luminance table.
fn encode(photo: &Photo, pixels: &Pixels, space: &str, samples: Samples<'_>) -> Result<Vec<u8>> {
    use mozjpeg::ColorSpace;
    let fail = |message: String| Error::Image {
        path: photo.path.clone(),
        message,
    };
    if pixels.width > JPEG_MAX_SIDE || pixels.height > JPEG_MAX_SIDE {
        return Err(fail(
            "is too large to encode as JPEG after conversion".into(),
        ));
    }
    let (width, height) = (pixels.width as usize, pixels.height as usize);
    let color = match space {
        "DeviceGray" => ColorSpace::JCS_GRAYSCALE,
        "DeviceRGB" => ColorSpace::JCS_RGB,
        // Stored inverted with an Adobe marker, as Photoshop does; `/Decode` undoes it.
        // Every ink at full resolution: averaging the colour of neighbouring pixels
        // (YCCK's subsampled chroma) would put ink over the limit along the edges of
        // saturated colours.
        _ => ColorSpace::JCS_CMYK,
    };
    // libjpeg reports an error by unwinding with its message: the guard names it.
    let written = crate::guard::run(|| -> std::io::Result<Vec<u8>> {
        let mut jpeg = mozjpeg::Compress::new(color);
        jpeg.set_fastest_defaults();
        jpeg.set_size(width, height);
        jpeg.set_quality(f32::from(JPEG_QUALITY));
        // Room for a JPEG of a bit a sample (photos at quality 90 take under one):
        // the buffer is seldom copied as it grows, and it is cut to size once written.
        let mut jpeg = jpeg.start_compress(Vec::with_capacity(width * height * 4 / 8))?;
        match samples {
            Samples::Ready(data) if color != ColorSpace::JCS_CMYK => {
                jpeg.write_scanlines(&data)?;
            }
            Samples::Ready(cmyk) => {
                let mut strip = vec![0; width * 4 * STRIP_ROWS];
                for rows in cmyk.chunks(strip.len()) {
                    let strip = &mut strip[..rows.len()];
                    for (inverted, ink) in strip.iter_mut().zip(rows) {
                        *inverted = 255 - ink;
                    }
                    jpeg.write_scanlines(strip)?;
                }
            }
            Samples::Formula(rgb, formula) => {
                let mut strip = vec![0; width * 4 * STRIP_ROWS];
                for rows in rgb.chunks(width * 3 * STRIP_ROWS) {
                    let strip = &mut strip[..rows.len() / 3 * 4];
                    for (out, px) in strip.chunks_exact_mut(4).zip(rows.chunks_exact(3)) {
                        let ink = formula.pixel(px[0], px[1], px[2]);
                        out.copy_from_slice(&ink.map(|v| 255 - v));
                    }
                    jpeg.write_scanlines(strip)?;
                }
            }
        }
        let mut out = jpeg.finish()?;
        out.shrink_to_fit();
        Ok(out)
    });
    match written {
        Ok(Ok(out)) => Ok(out),
        Ok(Err(e)) => Err(fail(format!("cannot be encoded for the PDF: {e}"))),
        Err(message) => Err(fail(format!("cannot be encoded for the PDF: {message}"))),
    }
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
