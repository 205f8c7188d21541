//! A point on a page traced back to what was written there: the body glyph under it, its
//! article, block and the line and column of its character in the article's file (through
//! reading and normalization, [`crate::content::set_char`]). What a preview's click shows.

use std::path::PathBuf;

use serde::Serialize;

use crate::content::{Place, set_char};
use crate::display::{Document, Item, TextRef};
use crate::geom::{Point, Pt};
use crate::text::is_counted;

/// A body glyph and where its character was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Traced {
    /// The article (`2/A1` in an edition).
    pub article: String,
    /// The block of the article's blocks on the page, from 0.
    pub block: u16,
    /// The article file.
    pub file: PathBuf,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
    /// Byte offset in the file.
    pub byte: usize,
    /// The character as set (`，` where the file has `,`).
    pub set: String,
    /// The character as written.
    pub written: String,
}

/// The body glyph of page `page` (from 0) under `at` (points from the trim's top left), and
/// where it was written; `None` where no traced glyph is.
pub fn trace(document: &Document, page: usize, at: Point) -> Option<Traced> {
    let items = &document.pages.get(page)?.items;
    for item in items {
        let Item::Text(run) = item else { continue };
        let Some(source) = &run.source else { continue };
        for (g, &(left, right)) in run.glyphs.iter().zip(&source.boxes) {
            // The glyph's box as set, from the ascent to the descent of the CJK em box.
            let top = g.origin.y - run.size * 0.88;
            let bottom = g.origin.y + run.size * 0.12;
            let text = &run.text[g.text.start as usize..g.text.end as usize];
            // A space or the second glyph of a cluster is no character of the file's.
            let counted = text.chars().next().is_some_and(is_counted);
            if counted && at.x >= left && at.x < right && at.y >= top && at.y < bottom {
                let before = &run.text[..g.text.start as usize];
                return locate(document, source, before, text);
            }
        }
    }
    None
}

/// Where the character `set` of a run traced to `source`, after `before` in the run, was
/// written.
fn locate(document: &Document, source: &TextRef, before: &str, set: &str) -> Option<Traced> {
    let origin = document.texts.get(source.text as usize)?;
    let ch = set.chars().next().filter(|c| is_counted(*c))?;
    let k = source.char as usize + before.chars().filter(|c| is_counted(*c)).count();
    let Place { line, col, byte } = set_char(&origin.source, k, is_counted)?;
    let written = origin.source[byte..].chars().next()?;
    Some(Traced {
        article: origin.name.clone(),
        block: source.block,
        file: origin.file.clone(),
        line,
        col,
        byte,
        set: ch.to_string(),
        written: written.to_string(),
    })
}

/// A point in points from a preview pixel at `dpi` (previews show the trim).
pub fn point_of_pixel(x: f64, y: f64, dpi: f64) -> Point {
    Point::new(Pt(x * 72.0 / dpi), Pt(y * 72.0 / dpi))
}
