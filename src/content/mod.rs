//! Content: the articles and page furniture an editor supplies, as plain text files.
//!
//! An article file is a header of `key: value` lines (id, kicker, headline, subhead, lead,
//! photo, caption, credit), a blank line, and the paragraphs separated by blank lines. In
//! heads, ` / ` marks a line break. Text is kept exactly as written: normalizing wire copy
//! is the typesetter's job ([`crate::text::normalize`]).

mod artwork;
mod clean;
mod load;
mod locate;

pub use crate::photo::{
    MAX_PIXELS, MAX_STREAMED_PIXELS, Photo, PhotoColor, PhotoFormat, Pixels, decode_photo_within,
    decode_pixels, load_photo, photo_size, probe_photo,
};
pub use artwork::{Artwork, probe_artwork};
pub use clean::{Cleaned, Fix, Part, clean, clean_at, name as control_name};
pub use load::{
    MAX_HEADER_CHARS, load_article, load_furniture, paragraphs, parse_article, parse_furniture,
};
pub use locate::{Place, set_char};

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
    /// The repeated head where the story continues on another page (转版标题); without it,
    /// the headline's lines joined.
    pub jump_head: Option<String>,
    /// Body paragraphs, without the lead-in.
    pub paragraphs: Vec<String>,
    /// Control and separator characters normalized when the file was read.
    pub cleaned: Vec<Cleaned>,
    /// The file's text as read, to locate characters for messages.
    pub source: String,
}

/// Line and column (1-based, in characters, lines ending at `\n` as in every message) of
/// the first occurrence of each of `chars` in `text`, in one pass.
pub fn locate_all(
    text: &str,
    chars: &std::collections::BTreeSet<char>,
) -> BTreeMap<char, (usize, usize)> {
    let mut found = BTreeMap::new();
    for (i, line) in text.split('\n').enumerate() {
        for (col, c) in line.chars().enumerate() {
            if chars.contains(&c) {
                found.entry(c).or_insert((i + 1, col + 1));
            }
        }
        if found.len() == chars.len() {
            break;
        }
    }
    found
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
    /// The file's text as read, to locate characters for messages.
    pub source: String,
}
