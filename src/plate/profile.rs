//! The output profiles a render writes and a preflight checks against.

use std::fmt;

/// What a PDF is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// PDF/X-1a:2001 (ISO 15930-1): PDF 1.3, CMYK, gray and spot only, no transparency.
    /// The default: the default user is the print desk.
    #[default]
    PdfX1a,
    /// PDF/X-4:2010 (ISO 15930-7): PDF 1.6, an embedded output profile, XMP
    /// identification. Content is still written CMYK-only for a newspaper press.
    PdfX4,
    /// E-paper and the web: RGB photos pass through, no output intent.
    Screen,
}

impl Profile {
    /// Every profile, in the order `--help` lists them.
    pub const ALL: [Profile; 3] = [Profile::PdfX1a, Profile::PdfX4, Profile::Screen];

    /// The name the spec and the command line use.
    pub fn name(self) -> &'static str {
        match self {
            Profile::PdfX1a => "pdfx-1a",
            Profile::PdfX4 => "pdfx-4",
            Profile::Screen => "screen",
        }
    }

    /// The profile of a name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// Whether it is a PDF/X profile (an output intent, identification, CMYK content).
    pub fn is_pdfx(self) -> bool {
        !matches!(self, Profile::Screen)
    }

    /// The PDF version its files are written in.
    pub fn pdf_version(self) -> &'static str {
        match self {
            Profile::PdfX1a => "1.3",
            Profile::PdfX4 => "1.6",
            Profile::Screen => "1.4",
        }
    }

    /// The highest PDF version a file claiming the profile may have.
    pub fn max_version(self) -> (u8, u8) {
        match self {
            Profile::PdfX1a => (1, 3),
            Profile::PdfX4 => (1, 6),
            Profile::Screen => (2, 0),
        }
    }

    /// `GTS_PDFXVersion` as it must be written (Info, and XMP for X-4).
    pub fn gts_version(self) -> Option<&'static str> {
        match self {
            Profile::PdfX1a => Some("PDF/X-1:2001"),
            Profile::PdfX4 => Some("PDF/X-4"),
            Profile::Screen => None,
        }
    }

    /// `GTS_PDFXConformance`, which only X-1a:2001 has.
    pub fn gts_conformance(self) -> Option<&'static str> {
        match self {
            Profile::PdfX1a => Some("PDF/X-1a:2001"),
            _ => None,
        }
    }

    /// Whether RGB (and ICC-based or Lab) colour may stay in the file.
    pub fn allows_rgb(self) -> bool {
        matches!(self, Profile::Screen)
    }

    /// Whether transparency (soft masks, constant alpha, blend modes) is allowed.
    pub fn allows_transparency(self) -> bool {
        !matches!(self, Profile::PdfX1a)
    }

    /// Whether the output profile must be embedded (not just a registered name).
    pub fn needs_embedded_profile(self) -> bool {
        matches!(self, Profile::PdfX4)
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
