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
    /// Mistakes found by a validation pass, every independent one (at least one).
    Invalid(Vec<crate::diagnostic::Diagnostic>),
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
    /// A value of the command line is out of range for this render (a preview resolution
    /// too high for the page's size, say).
    Usage(String),
    /// An output cannot or must not be written (it is one of the inputs, or the file
    /// system refused it).
    Output {
        /// The output path.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

impl Error {
    /// The exit code of the command that failed with this error ([`exit`]).
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Spec { .. }
            | Self::Invalid(_)
            | Self::Content { .. }
            | Self::Io { .. }
            | Self::Font { .. }
            | Self::Image { .. } => exit::INPUT,
            Self::Pdf(_) | Self::Output { .. } => exit::OUTPUT,
            Self::Usage(_) => exit::USAGE,
        }
    }

    /// The error as diagnostics with stable codes: a validation pass's as they are, a bad
    /// spec value, content line, file, font or photo as one diagnostic at its file and line
    /// (without the line's text, which the caller may fill in); `None` for errors that are
    /// not about an input (usage, output, PDF).
    pub fn diagnostics(&self) -> Option<Vec<crate::diagnostic::Diagnostic>> {
        use crate::diagnostic::{Code, Diagnostic, Label};
        let at = |file: &Path, line: usize| Label::line(file, line, None);
        let one = |code, message: String, labels: Vec<Label>| {
            Some(vec![Diagnostic {
                code,
                message,
                labels,
                help: None,
            }])
        };
        match self {
            Self::Invalid(d) => Some(d.clone()),
            Self::Spec {
                file,
                line,
                field,
                message,
            } => {
                let (message, help) = split_help(message);
                Some(vec![Diagnostic {
                    code: Code::BadValue,
                    message: format!("`{field}` {message}"),
                    labels: line.map(|l| vec![at(file, l)]).unwrap_or_default(),
                    help,
                }])
            }
            Self::Content {
                file,
                line,
                message,
            } => {
                let (message, help) = split_help(message);
                Some(vec![Diagnostic {
                    code: Code::Content,
                    message,
                    labels: vec![at(file, *line)],
                    help,
                }])
            }
            Self::Io { path, source } => one(
                Code::File,
                format!("{}: {source}", path.display()),
                Vec::new(),
            ),
            Self::Font { path, message } => one(
                Code::Font,
                format!("{}: {message}", path.display()),
                Vec::new(),
            ),
            Self::Image { path, message } => one(
                Code::Photo,
                format!("{}: {message}", path.display()),
                Vec::new(),
            ),
            Self::Pdf(_) | Self::Usage(_) | Self::Output { .. } => None,
        }
    }

    /// The error of a file named at a line of a spec (a font, an article, a profile), as a
    /// diagnostic at that line that keeps the error's own code (a file that cannot be
    /// read, a font that cannot be used).
    pub fn at_line(self, file: &Path, line: usize, field: &str) -> Error {
        use crate::diagnostic::{Code, Diagnostic, Label};
        let code = match &self {
            Self::Io { .. } => Code::File,
            Self::Font { .. } => Code::Font,
            Self::Image { .. } => Code::Photo,
            Self::Content { .. } | Self::Invalid(_) => return self,
            _ => Code::BadValue,
        };
        let mut label = Label::line(file, line, None);
        label.message = format!("`{field}`");
        Error::Invalid(vec![Diagnostic::new(code, self.to_string(), label)])
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }
}

/// A message without its ` (did you mean `X`?)`, and that as a help line.
fn split_help(message: &str) -> (String, Option<String>) {
    let Some(start) = message.find(" (did you mean `") else {
        return (message.to_string(), None);
    };
    let Some(len) = message[start..].find("?)") else {
        return (message.to_string(), None);
    };
    let help = message[start + 2..start + len + 1].to_string();
    let rest = format!("{}{}", &message[..start], &message[start + len + 2..]);
    (rest, Some(help))
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
            Self::Invalid(diagnostics) => {
                let text = crate::diagnostic::short(diagnostics);
                write!(f, "{}", text.trim_end())
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
            Self::Usage(message) => write!(f, "{message}"),
            Self::Output { path, message } => write!(f, "{}: {message}", path.display()),
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

/// The exit codes of the `broadsheet` command, one per kind of outcome. When a render
/// has several problems, the first in this order that applies is the code: bad input stops
/// before layout; missing glyphs come before overset (a wrong character on the plate is
/// worse than a short story).
pub mod exit {
    /// Success: the outputs were written.
    pub const OK: u8 = 0;
    /// Bad input: the spec, an article, furniture, photo or font file (named in the
    /// message with its line and field where there is one). Nothing is written.
    pub const INPUT: u8 = 1;
    /// The command line is malformed or a value is out of its documented range.
    pub const USAGE: u8 = 2;
    /// Text did not fit (overset), or has no area (a headline without a head area); no PDF
    /// is written unless `--allow-overset` (previews are, for the designer to see why).
    pub const OVERSET: u8 = 3;
    /// Characters no face of their style can show; no PDF is written unless
    /// `--allow-missing-glyphs` (previews are).
    pub const MISSING_GLYPHS: u8 = 4;
    /// An output could not be written, or would overwrite one of the inputs.
    pub const OUTPUT: u8 = 5;
    /// `golden check`: a page differs from its golden, or a golden is orphaned.
    pub const GOLDEN_DIFFERS: u8 = 6;
    /// Reserved: the plate failed preflight.
    pub const PREFLIGHT: u8 = 7;
    /// An internal error (a bug): please report it. Nothing is written.
    pub const INTERNAL: u8 = 70;

    /// Every code with its meaning, for `--help` texts and the report.
    pub const TABLE: &[(u8, &str)] = &[
        (OK, "success"),
        (INPUT, "bad input (spec, article, furniture, photo, font)"),
        (USAGE, "bad command line"),
        (OVERSET, "text did not fit, or has no area"),
        (MISSING_GLYPHS, "characters no face can show"),
        (OUTPUT, "output not written"),
        (GOLDEN_DIFFERS, "golden images differ"),
        (PREFLIGHT, "preflight failed"),
        (INTERNAL, "internal error"),
    ];
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
    /// A character has no glyph in any face of its style (its face and fallbacks).
    MissingGlyph {
        /// The character.
        ch: char,
        /// The faces tried, by spec name.
        faces: Vec<String>,
        /// The article id, or `furniture`.
        owner: String,
        /// Where it was written: file, line, column (1-based, in characters).
        place: Option<(PathBuf, usize, usize)>,
    },
    /// A control or separator character was normalized when a file was read.
    Cleaned {
        /// The file.
        file: PathBuf,
        /// Where, which character and what became of it.
        detail: String,
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
    /// A line had to end where no rule allows: a run wider than the measure that has no
    /// break, or prohibitions that cannot all be kept.
    EmergencyBreak {
        /// The article id (or `lines` for copyfitting).
        article: String,
        /// The line's text.
        text: String,
    },
    /// A story ends before its continuation on a later page: the blocks there stay empty
    /// and no jump line is set.
    EmptyContinuation {
        /// The story id.
        article: String,
        /// The page label of the empty continuation.
        page: String,
    },
}

impl Warning {
    /// The kind of warning, one word, as the report names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Overset { .. } => "overset",
            Self::MissingGlyph { .. } => "missing-glyph",
            Self::Cleaned { .. } => "control-character",
            Self::LowResolution { .. } => "low-resolution",
            Self::Unplaced { .. } => "unplaced",
            Self::EmergencyBreak { .. } => "emergency-break",
            Self::EmptyContinuation { .. } => "empty-continuation",
        }
    }
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
            Self::MissingGlyph {
                ch,
                faces,
                owner,
                place,
            } => {
                write!(f, "missing glyph: U+{:04X} '{ch}'", *ch as u32)?;
                if let Some((file, line, col)) = place {
                    write!(f, " at {}:{line}:{col}", file.display())?;
                }
                write!(
                    f,
                    " ({owner}); no glyph in the faces tried: {}",
                    faces.join(", ")
                )
            }
            Self::Cleaned { file, detail } => write!(f, "{}:{detail}", file.display()),
            Self::LowResolution { path, ppi } => {
                write!(
                    f,
                    "low resolution: {} prints at {ppi:.0} ppi",
                    path.display()
                )
            }
            Self::Unplaced { article, what } => {
                write!(f, "not placed: article {article}: {what}")
            }
            Self::EmergencyBreak { article, text } => write!(
                f,
                "emergency break: article {article}: no allowed break fits the measure; the line `{text}` was cut where the rules forbid"
            ),
            Self::EmptyContinuation { article, page } => write!(
                f,
                "empty continuation: story {article} ends before its continuation on page {page}; its blocks there stay empty and no jump line is set"
            ),
        }
    }
}

/// Collects warnings in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Warnings(Vec<Warning>, std::collections::HashSet<String>);

impl Warnings {
    /// Records a warning; an identical one already recorded is not repeated (looked up
    /// in a set: a story of 100,000 distinct missing characters stays linear). The order
    /// kept is the order found; the set is never iterated.
    pub fn warn(&mut self, warning: Warning) {
        if self.1.insert(format!("{warning:?}")) {
            self.0.push(warning);
        }
    }

    /// Changes warnings in place (to add what a later stage knows).
    pub fn update(&mut self, f: impl FnMut(&mut Warning)) {
        self.0.iter_mut().for_each(f);
        self.1 = self.0.iter().map(|w| format!("{w:?}")).collect();
    }

    /// Moves another sink's warnings here, giving missing glyphs without an owner `owner`.
    pub fn adopt(&mut self, other: Warnings, owner: &str) {
        for mut w in other.0 {
            if let Warning::MissingGlyph { owner: o, .. } = &mut w
                && o.is_empty()
            {
                *o = owner.to_string();
            }
            self.warn(w);
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
