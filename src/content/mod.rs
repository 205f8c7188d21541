//! Content: the articles and page furniture an editor supplies, as plain text files.
//!
//! An article file is a header of `key: value` lines (id, kicker, headline, subhead, lead,
//! photo, caption, credit), a blank line, and the paragraphs separated by blank lines. In
//! heads, ` / ` marks a line break. Text is kept exactly as written: normalizing wire copy
//! is the typesetter's job ([`crate::text::normalize`]).

mod load;
mod photo;

pub use load::{load_article, load_furniture, paragraphs};
pub use photo::{Photo, load_photo};

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
}

/// Page furniture texts by key (nameplate, date, issue_number …).
pub type Furniture = BTreeMap<String, String>;
