//! The stable codes of diagnostics. A code, once published, keeps its meaning; a new kind
//! of mistake gets a new code. `docs/diagnostics.md` documents each (a test keeps the two
//! in step).

/// What kind of mistake a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// BS0101: the file is not valid TOML.
    Syntax,
    /// BS0102: a key the table does not have.
    UnknownKey,
    /// BS0103: a value of the wrong type.
    WrongType,
    /// BS0104: a value that is not one of those allowed.
    UnknownValue,
    /// BS0105: a required key is missing.
    MissingKey,
    /// BS0201: a style that `[styles]` does not define.
    UnknownStyle,
    /// BS0202: a face that `[fonts]` does not name.
    UnknownFont,
    /// BS0203: a furniture key the furniture file does not give.
    UnknownFurnitureKey,
    /// BS0204: an article id that names no article.
    UnknownArticle,
    /// BS0301: a value the spec does not allow (out of range, off the grid, overlapping).
    BadValue,
    /// BS0401: a file that cannot be read.
    File,
    /// BS0402: a font file that cannot be used.
    Font,
    /// BS0403: a photo that cannot be used.
    Photo,
    /// BS0501: an article or furniture file that is malformed.
    Content,
}

impl Code {
    /// Every code, in order.
    pub const ALL: [Code; 14] = [
        Self::Syntax,
        Self::UnknownKey,
        Self::WrongType,
        Self::UnknownValue,
        Self::MissingKey,
        Self::UnknownStyle,
        Self::UnknownFont,
        Self::UnknownFurnitureKey,
        Self::UnknownArticle,
        Self::BadValue,
        Self::File,
        Self::Font,
        Self::Photo,
        Self::Content,
    ];

    /// The code as written: `BS0102`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "BS0101",
            Self::UnknownKey => "BS0102",
            Self::WrongType => "BS0103",
            Self::UnknownValue => "BS0104",
            Self::MissingKey => "BS0105",
            Self::UnknownStyle => "BS0201",
            Self::UnknownFont => "BS0202",
            Self::UnknownFurnitureKey => "BS0203",
            Self::UnknownArticle => "BS0204",
            Self::BadValue => "BS0301",
            Self::File => "BS0401",
            Self::Font => "BS0402",
            Self::Photo => "BS0403",
            Self::Content => "BS0501",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
