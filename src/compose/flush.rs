//! Ending flush: an article whose text leaves empty lines in its blocks, or does not fit,
//! may move its photo's foot and its head's foot by whole grid lines (as far as the spec
//! allows: `photo_flex`, `head_flex`), the blocks under them moving with them, until it
//! ends flush; what moved is reported. What no allowed move closes is left to the desk as
//! a copy change ([`super::CopyChange`]); lines are never loosened to fill.

use crate::spec::{ArticleSpec, GridArea};

/// A move of an article's parts, in grid lines: positive is more photo (or head) and less
/// text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Move {
    /// The photo's foot.
    pub photo: i32,
    /// The head's foot (the photo under it, if any, moves with it).
    pub head: i32,
}

/// The article with its parts moved, or `None` if the move leaves a block or the photo
/// without room, or changes no block (no help).
pub fn moved(article: &ArticleSpec, m: Move) -> Option<ArticleSpec> {
    let mut out = article.clone();
    if m.head != 0 {
        let head = out.head.as_mut()?;
        let foot = head.line + head.lines;
        let lines = head.lines as i32 + m.head;
        if lines < 1 {
            return None;
        }
        head.lines = lines as u32;
        let area = *head;
        // What stands under the head's foot moves with it: blocks give up lines, a photo
        // moves whole (and the blocks under it give up its lines in turn).
        if let Some(p) = out.photo.as_mut()
            && under(&area, foot, &p.area)
        {
            let old_foot = p.area.line + p.area.lines;
            p.area.line = (p.area.line as i32 + m.head).max(0) as u32;
            let photo = p.area;
            shift(&mut out.blocks, &photo, old_foot, m.head)?;
        }
        shift(&mut out.blocks, &area, foot, m.head)?;
    }
    if m.photo != 0 {
        let photo = out.photo.as_mut()?;
        let lines = photo.area.lines as i32 + m.photo;
        if lines <= photo.caption_lines as i32 {
            return None;
        }
        let foot = photo.area.line + photo.area.lines;
        photo.area.lines = lines as u32;
        let area = photo.area;
        shift(&mut out.blocks, &area, foot, m.photo)?;
    }
    (m == Move::default() || out.blocks != article.blocks).then_some(out)
}

/// Whether `b` starts at `foot` under `area`'s columns.
fn under(area: &GridArea, foot: u32, b: &GridArea) -> bool {
    b.line == foot && b.column >= area.column && b.column + b.span <= area.column + area.span
}

/// Moves the top of the blocks that start at `foot` under `area` by `lines`.
fn shift(blocks: &mut [GridArea], area: &GridArea, foot: u32, lines: i32) -> Option<()> {
    for b in blocks.iter_mut().filter(|b| under(area, foot, b)) {
        let line = b.line as i32 + lines;
        let rows = b.lines as i32 - lines;
        if rows < 1 || line < 0 {
            return None;
        }
        (b.line, b.lines) = (line as u32, rows as u32);
    }
    Some(())
}

/// The moves to try, nearest first (the fewest lines moved, the photo before the head).
pub fn tries(photo_flex: u32, head_flex: u32) -> Vec<Move> {
    let range = |flex: u32| -(flex as i32)..=flex as i32;
    let mut out: Vec<Move> = range(head_flex)
        .flat_map(|head| range(photo_flex).map(move |photo| Move { photo, head }))
        .collect();
    out.sort_by_key(|m| {
        (
            m.photo.abs() + m.head.abs(),
            m.head.abs(),
            m.photo.abs(),
            m.photo,
            m.head,
        )
    });
    out
}

/// How a move reads in a report.
pub fn describe(m: Move) -> Vec<String> {
    let part = |what: &str, n: i32| match n {
        0 => None,
        1 => Some(format!("{what} 1 line taller")),
        -1 => Some(format!("{what} 1 line shorter")),
        n if n > 0 => Some(format!("{what} {n} lines taller")),
        n => Some(format!("{what} {} lines shorter", -n)),
    };
    part("photo", m.photo)
        .into_iter()
        .chain(part("head", m.head))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_are_tried_nearest_first() {
        let t = tries(1, 1);
        assert_eq!(t[0], Move::default());
        assert_eq!(t.len(), 9);
        assert_eq!((t[1].photo.abs() + t[1].head.abs(), t[1].head), (1, 0));
        assert_eq!(
            describe(Move { photo: 2, head: -1 }),
            ["photo 2 lines taller", "head 1 line shorter"]
        );
    }
}
