//! What a plate is made for: the output profile (PDF/X-1a, PDF/X-4 or screen), the
//! printing condition, the page boxes, the marks outside them and the ink rules.
//!
//! The spec fills a [`Plate`] from its `[output]` table (the command line may override
//! the profile); the PDF writer and the preflight both read it, so what is written and
//! what is checked are one set of rules.

mod convert;
mod icc;
mod ink;
mod profile;

pub use convert::{CmykFormula, Conversion, ToneCurve, gray_to_k, limit_ink, rgb_to_cmyk};
pub use icc::{rgb_to_cmyk_icc, rgb_to_srgb};
pub use ink::{InkCount, JPEG_TOLERANCE, threshold_255};
pub use profile::Profile;

use std::path::PathBuf;
use std::sync::Arc;

use crate::geom::Pt;

/// Everything the PDF writer needs to know beyond the display list.
#[derive(Debug, Clone, PartialEq)]
pub struct Plate {
    /// The output profile.
    pub profile: Profile,
    /// The printing condition the plate is made for.
    pub condition: Condition,
    /// Bleed around the trim (0: broadsheets do not print full bleed).
    pub bleed: Pt,
    /// Printer's marks outside the bleed.
    pub marks: Marks,
    /// Most total ink (C + M + Y + K, in percent) any fill or image may carry.
    pub ink_limit: f64,
    /// Below this effective resolution a photo is reported.
    pub min_ppi: f64,
    /// A photo under [`Plate::min_ppi`] is an error rather than a warning.
    pub min_ppi_is_error: bool,
    /// Photos above this effective resolution are downsampled when they are converted
    /// (the screen ruling cannot use more).
    pub max_ppi: f64,
    /// RGB photos become grayscale instead of CMYK (a black-only page).
    pub photos_gray: bool,
    /// The document's title (Info and XMP).
    pub title: String,
    /// The date of the document in PDF form (`D:20230118000000+08'00'`), from the issue
    /// date, never from the clock.
    pub date: PdfDate,
    /// The slug line's text: the page's name (paper, date, page); the plates follow it.
    pub slug: String,
}

/// What of a plate a photo's conversion reads: a photo made for one plate goes as it is on
/// any other with the same (whatever their titles, boxes or marks).
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoPlate {
    /// The output profile (whether RGB may stay RGB).
    pub profile: Profile,
    /// The printing condition (an ICC output profile converts photos through it).
    pub condition: Condition,
    /// Most total ink a converted photo may carry (percent).
    pub ink_limit: f64,
    /// Photos above this effective resolution are downsampled.
    pub max_ppi: f64,
    /// RGB photos become grayscale.
    pub photos_gray: bool,
}

impl Plate {
    /// What of the plate a photo's conversion reads.
    pub fn for_photos(&self) -> PhotoPlate {
        PhotoPlate {
            profile: self.profile,
            condition: self.condition.clone(),
            ink_limit: self.ink_limit,
            max_ppi: self.max_ppi,
            photos_gray: self.photos_gray,
        }
    }

    /// A plate for `profile` with the defaults a newspaper plant expects: `IFRA26`, no
    /// bleed, no marks, 240 % ink, 170 ppi.
    pub fn new(profile: Profile, title: &str, date: PdfDate) -> Self {
        Self {
            profile,
            condition: Condition::default(),
            bleed: Pt(0.0),
            marks: Marks::default(),
            ink_limit: DEFAULT_INK_LIMIT,
            min_ppi: DEFAULT_MIN_PPI,
            min_ppi_is_error: false,
            max_ppi: DEFAULT_MAX_PPI,
            photos_gray: false,
            title: title.to_string(),
            date,
            slug: title.to_string(),
        }
    }

    /// How far the MediaBox reaches beyond the trim on each side: the bleed, and room for
    /// the marks when there are any.
    pub fn media_margin(&self) -> Pt {
        if self.marks.any() {
            self.bleed + MARK_OFFSET + MARK_LENGTH + SLUG_ROOM
        } else {
            self.bleed
        }
    }
}

/// Default total-ink limit in percent: the older ISO 12647-3 figure most papers still ask
/// for (the 2013 revision recommends 220; set `output.ink_limit`).
pub const DEFAULT_INK_LIMIT: f64 = 240.0;
/// Default lowest effective resolution of a photo at its placed size.
pub const DEFAULT_MIN_PPI: f64 = 170.0;
/// Default highest resolution kept when a photo is converted: twice a 150 lpi screen.
pub const DEFAULT_MAX_PPI: f64 = 300.0;
/// Gap between the bleed and the crop marks.
pub const MARK_OFFSET: Pt = Pt(8.504); // 3 mm
/// Length of a crop mark.
pub const MARK_LENGTH: Pt = Pt(28.346); // 10 mm
/// Room outside the marks for the slug line and the colour bar.
pub const SLUG_ROOM: Pt = Pt(14.173); // 5 mm

/// The printing condition of the OutputIntent.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// A condition registered with the ICC, named (`IFRA26`): nothing is embedded.
    Registered {
        /// `OutputConditionIdentifier`.
        name: String,
        /// `Info`: what the condition is.
        info: String,
    },
    /// An ICC output profile the paper supplies, embedded.
    Icc(IccProfile),
}

impl Default for Condition {
    fn default() -> Self {
        Condition::Registered {
            name: "IFRA26".into(),
            info: "ISO 12647-3 coldset offset on standard newsprint (IFRA26)".into(),
        }
    }
}

/// An ICC output profile read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct IccProfile {
    /// The file.
    pub path: PathBuf,
    /// Its bytes, as embedded.
    pub data: Arc<Vec<u8>>,
    /// Its description (`desc` tag), or the file name.
    pub name: String,
    /// Colour components of its data space (4 for CMYK).
    pub components: u8,
}

impl IccProfile {
    /// Checks an ICC profile's header: an output (`prtr`) profile for CMYK or gray.
    /// Returns the number of components, or why it cannot be an output intent.
    /// (What a profile may describe for a given PDF/X level is [`IccProfile::fits`].)
    pub fn check(data: &[u8]) -> Result<u8, String> {
        if data.len() < 132 || &data[36..40] != b"acsp" {
            return Err("is not an ICC profile (no `acsp` signature)".into());
        }
        if &data[12..16] != b"prtr" {
            return Err(format!(
                "is a `{}` profile; an output intent needs an output (`prtr`) profile",
                String::from_utf8_lossy(&data[12..16])
            ));
        }
        match &data[16..20] {
            b"CMYK" => Ok(4),
            b"GRAY" => Ok(1),
            other => Err(format!(
                "describes `{}` colour; a newspaper plate needs CMYK or gray",
                String::from_utf8_lossy(other)
            )),
        }
    }
}

impl IccProfile {
    /// Why an output profile cannot serve `profile`'s plates, if it cannot: CMYK content
    /// needs a CMYK profile, and a PDF 1.3 file (X-1a) can carry only ICC version 2.
    pub fn fits(data: &[u8], profile: Profile) -> Result<(), String> {
        let components = Self::check(data)?;
        if profile.is_pdfx() && components != 4 {
            return Err(
                "describes gray; the plate's content is CMYK, so its output profile must be CMYK"
                    .into(),
            );
        }
        let major = data[8];
        if profile == Profile::PdfX1a && major > 2 {
            return Err(format!(
                "is an ICC version {major} profile; PDF/X-1a (PDF 1.3) takes version 2 profiles only"
            ));
        }
        Ok(())
    }

    /// The profile's description (its `desc` tag, v2 text or v4 multi-localized), if
    /// it has one that reads as text.
    pub fn description(data: &[u8]) -> Option<String> {
        let u32_at = |i: usize| -> Option<usize> {
            Some(u32::from_be_bytes(data.get(i..i + 4)?.try_into().ok()?) as usize)
        };
        let count = u32_at(128)?.min(256);
        let (offset, size) = (0..count).find_map(|i| {
            let entry = 132 + i * 12;
            (data.get(entry..entry + 4)? == b"desc")
                .then(|| Some((u32_at(entry + 4)?, u32_at(entry + 8)?)))?
        })?;
        let tag = data.get(offset..offset.checked_add(size)?)?;
        let text = match tag.get(..4)? {
            b"desc" => {
                let n = u32::from_be_bytes(tag.get(8..12)?.try_into().ok()?) as usize;
                String::from_utf8_lossy(tag.get(12..12 + n)?)
                    .trim_end_matches('\0')
                    .to_string()
            }
            b"mluc" => {
                let len = u32::from_be_bytes(tag.get(20..24)?.try_into().ok()?) as usize;
                let at = u32::from_be_bytes(tag.get(24..28)?.try_into().ok()?) as usize;
                let units: Vec<u16> = tag
                    .get(at..at + len)?
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            }
            _ => return None,
        };
        let text = text.trim().to_string();
        (!text.is_empty() && text.len() <= 200).then_some(text)
    }
}

/// Which printer's marks go outside the bleed. None by default: pages sent to a plant,
/// and ads, must not carry them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// Crop marks at the trim's corners.
    pub crop: bool,
    /// Registration targets, printed on every plate.
    pub registration: bool,
    /// A bar of process and tint patches.
    pub color_bar: bool,
    /// A slug line: the page's name (paper, date, page) and its plates.
    pub slug: bool,
}

impl Marks {
    /// Whether any mark is on.
    pub fn any(&self) -> bool {
        self.crop || self.registration || self.color_bar || self.slug
    }
}

/// A date as PDF writes it (`D:YYYYMMDDHHmmSS+08'00'`), with its XMP form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfDate {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

impl PdfDate {
    /// The date a document without an issue date carries: fixed, so the output stays
    /// the same from one run to the next.
    pub const UNDATED: PdfDate = PdfDate {
        year: 2000,
        month: 1,
        day: 1,
    };

    /// `D:20230118000000+08'00'`: midnight at the start of the issue day, Beijing time.
    pub fn pdf(&self) -> String {
        format!(
            "D:{:04}{:02}{:02}000000+08'00'",
            self.year, self.month, self.day
        )
    }

    /// `2023-01-18T00:00:00+08:00`, for XMP.
    pub fn xmp(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00+08:00",
            self.year, self.month, self.day
        )
    }
}
