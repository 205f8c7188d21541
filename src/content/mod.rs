//! Content: the articles and page furniture an editor supplies, as plain text files.
//!
//! An article file is a header of `key: value` lines (id, kicker, headline, subhead, lead,
//! photo, caption, credit), a blank line, and the paragraphs separated by blank lines. In
//! heads, ` / ` marks a line break. Text is kept exactly as written: normalizing wire copy
//! is the typesetter's job ([`crate::text::normalize`]).

mod clean;
mod load;
mod photo;

pub use clean::{Cleaned, Fix, clean, name as control_name};
pub use load::{
    MAX_HEADER_CHARS, load_article, load_furniture, paragraphs, parse_article, parse_furniture,
};
pub use photo::{MAX_PIXELS, Photo, decode_photo, decode_photo_within, load_photo};

use std::collections::BTreeMap;
use std::path::PathBuf;

/// One article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The file it came from.
    pub file: PathBuf,
    /// Id (A1 …), matching the spec.
    pub id: String,
    /// 引题: lines of the kicker above the main head.
    pub kicker: Vec<String>,
    /// 主题: lines of the main head.
    pub headline: Vec<String>,
    /// 副题: lines of the subhead.
    pub subhead: Vec<String>,
    /// The lead-in (本报讯 …) set before the first paragraph in its own face.
    pub lead: Option<String>,
    /// Photo file, resolved against the article file's folder.
    pub photo: Option<PathBuf>,
    /// Photo caption.
    pub caption: Option<String>,
    /// Photo credit (记者X 摄).
    pub credit: Option<String>,
    /// Body paragraphs, without the lead-in.
    pub paragraphs: Vec<String>,
    /// Control and separator characters normalized when the file was read.
    pub cleaned: Vec<Cleaned>,
    /// The file's text after that normalization, to locate characters for messages.
    pub source: String,
}

impl Article {
    /// Line and column (1-based, in characters) of the first `ch` in the file.
    pub fn locate(&self, ch: char) -> Option<(usize, usize)> {
        locate(&self.source, ch)
    }
}

/// Line and column (1-based, in characters) of the first `ch` in `text`.
pub fn locate(text: &str, ch: char) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        line.chars()
            .position(|c| c == ch)
            .map(|col| (i + 1, col + 1))
    })
}

/// Page furniture texts by key (nameplate, date, issue_number …).
pub type Furniture = BTreeMap<String, String>;

/// A furniture file as read: its entries, the line of each, and what was normalized.
#[derive(Debug, Clone, Default)]
pub struct FurnitureFile {
    /// The file.
    pub path: PathBuf,
    /// Entries by key.
    pub entries: Furniture,
    /// The 1-based line of each key.
    pub lines: BTreeMap<String, usize>,
    /// Control and separator characters normalized when the file was read.
    pub cleaned: Vec<Cleaned>,
}
