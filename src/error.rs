//! Errors at the edges (spec, content, fonts, files) and warnings collected during layout.
//!
//! Loading can fail, and then it says which file, line and field and what was expected.
//! Layout never fails on content: text that does not fit, a glyph the font lacks or a
//! photo too small for its box becomes a [`Warning`] in the [`Warnings`] sink.

use std::fmt;
use std::path::{Path, PathBuf};

/// A failure to read the input of a render.
#[derive(Debug)]
pub enum Error {
    /// The layout spec is malformed or inconsistent.
    Spec {
        /// The spec file.
        file: PathBuf,
        /// 1-based line of the offending value, if known.
        line: Option<usize>,
        /// Dotted path of the field, e.g. `articles.A1.blocks[2].lines`.
        field: String,
        /// What is wrong and what was expected.
        message: String,
    },
    /// An article or furniture file is malformed.
    Content {
        /// The content file.
        file: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A font file exists but cannot be used.
    Font {
        /// The font file.
        path: PathBuf,
        /// Why it cannot be used.
        message: String,
    },
    /// A photo exists but cannot be decoded.
    Image {
        /// The image file.
        path: PathBuf,
        /// Why it cannot be decoded.
        message: String,
    },
    /// The PDF could not be produced.
    Pdf(String),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spec {
                file,
                line,
                field,
                message,
            } => {
                write!(f, "{}", file.display())?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                }
                write!(f, ": {field}: {message}")
            }
            Self::Content {
                file,
                line,
                message,
            } => {
                write!(f, "{}:{line}: {message}", file.display())
            }
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Self::Font { path, message } => write!(f, "{}: font: {message}", path.display()),
            Self::Image { path, message } => write!(f, "{}: image: {message}", path.display()),
            Self::Pdf(message) => write!(f, "PDF: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The result of loading input.
pub type Result<T> = std::result::Result<T, Error>;

/// A problem found during layout that does not stop the render.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// Text of an article did not fit into its thread.
    Overset {
        /// The article id.
        article: String,
        /// Characters (non-whitespace) left unset.
        chars: usize,
        /// Lines the unset text would take at the last block's measure.
        lines: usize,
    },
    /// A character has no glyph in the face that sets it.
    MissingGlyph {
        /// The character.
        ch: char,
        /// The face's name.
        font: String,
    },
    /// A photo has fewer pixels than its printed size needs.
    LowResolution {
        /// The photo file.
        path: PathBuf,
        /// Effective resolution in pixels per inch.
        ppi: f64,
    },
    /// Part of an article has nowhere to go in the spec (a headline without a head area).
    Unplaced {
        /// The article id.
        article: String,
        /// What was not placed.
        what: String,
    },
    /// A headline is wider than its span even at the smallest allowed size.
    HeadlineTooWide {
        /// The article id.
        article: String,
        /// The headline text.
        text: String,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Overset {
                article,
                chars,
                lines,
            } => {
                write!(
                    f,
                    "overset: article {article}: {chars} characters ({lines} lines) did not fit"
                )
            }
            Self::MissingGlyph { ch, font } => {
                write!(f, "missing glyph: U+{:04X} '{ch}' in {font}", *ch as u32)
            }
            Self::LowResolution { path, ppi } => {
                write!(
                    f,
                    "low resolution: {} prints at {ppi:.0} ppi",
                    path.display()
                )
            }
            Self::Unplaced { article, what } => {
                write!(
                    f,
                    "not placed: article {article}: the spec gives its {what} no area"
                )
            }
            Self::HeadlineTooWide { article, text } => {
                write!(f, "headline too wide: article {article}: {text}")
            }
        }
    }
}

/// Collects warnings in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Warnings(Vec<Warning>);

impl Warnings {
    /// Records a warning; an identical one already recorded is not repeated.
    pub fn warn(&mut self, warning: Warning) {
        if !self.0.contains(&warning) {
            self.0.push(warning);
        }
    }

    /// All warnings, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Warning> {
        self.0.iter()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The overset warnings only.
    pub fn overset(&self) -> impl Iterator<Item = &Warning> {
        self.0
            .iter()
            .filter(|w| matches!(w, Warning::Overset { .. }))
    }
}
