//! Ending flush: an article whose text leaves empty lines in its blocks, or does not fit,
//! may move its photo's foot by whole grid lines (as far as the spec allows), the blocks
//! under the photo moving with it, until it ends flush; what moved is reported. What no
//! allowed move closes is left to the desk as a copy change ([`super::CopyChange`]); lines
//! are never loosened to fill.

use crate::spec::{ArticleSpec, GridArea};

/// A move of an article's photo foot by `lines` grid lines (more photo, less text when
/// positive), and what it does to the blocks under it.
pub fn moved(article: &ArticleSpec, lines: i32) -> Option<ArticleSpec> {
    let photo = article.photo?;
    let area = photo.area;
    let new_lines = area.lines as i32 + lines;
    if new_lines <= photo.caption_lines as i32 {
        return None;
    }
    let foot = area.line + area.lines;
    let under = |b: &GridArea| {
        b.line == foot && b.column >= area.column && b.column + b.span <= area.column + area.span
    };
    let mut out = article.clone();
    for b in out.blocks.iter_mut().filter(|b| under(b)) {
        let line = b.line as i32 + lines;
        let rows = b.lines as i32 - lines;
        if rows < 1 || line < 0 {
            return None;
        }
        (b.line, b.lines) = (line as u32, rows as u32);
    }
    if let Some(p) = out.photo.as_mut() {
        p.area.lines = new_lines as u32;
    }
    // A move that changes no block is no help.
    (lines == 0 || out.blocks != article.blocks).then_some(out)
}

/// The moves to try, nearest first: 0, −1, +1, −2, +2 … up to `flex`.
pub fn tries(flex: u32) -> impl Iterator<Item = i32> {
    std::iter::once(0).chain((1..=flex as i32).flat_map(|d| [-d, d]))
}

/// How a move reads in a report.
pub fn describe(lines: i32) -> String {
    match lines {
        0 => "nothing moved".into(),
        1 => "photo 1 line taller".into(),
        -1 => "photo 1 line shorter".into(),
        n if n > 0 => format!("photo {n} lines taller"),
        n => format!("photo {} lines shorter", -n),
    }
}
