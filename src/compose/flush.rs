//! Ending flush: an article whose text leaves empty lines in its blocks, or does not fit,
//! may move its photo's foot and its head's foot by whole grid lines (as far as the spec
//! allows: `photo_flex`, `head_flex`), the blocks under them moving with them, and the
//! border with the article under it (`border_flex`), until it ends flush; what moved is
//! reported. What no allowed move closes is left to the desk as
//! a copy change ([`super::CopyChange`]); lines are never loosened to fill.

use crate::spec::{ArticleSpec, GridArea, LayoutSpec, RuleSpec};

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

/// The article standing under `upper` across its foot (its head, or its top blocks, on
/// the line after `upper`'s last lines or the one after a rule), within its columns.
pub fn neighbour_below(spec: &LayoutSpec, upper: usize) -> Option<usize> {
    let a = &spec.articles[upper];
    let foot = a.blocks.iter().map(|b| b.line + b.lines).max()?;
    let first = a.blocks.iter().map(|b| b.column).min()?;
    let end = a.blocks.iter().map(|b| b.column + b.span).max()?;
    spec.articles.iter().enumerate().find_map(|(i, b)| {
        let top = top_of(b)?;
        let within = top.column >= first && top.column + top.span <= end;
        (i != upper && within && (top.line == foot || top.line == foot + 1)).then_some(i)
    })
}

/// An article's topmost element: its head, else its highest block.
fn top_of(a: &ArticleSpec) -> Option<GridArea> {
    a.head
        .or_else(|| a.blocks.iter().min_by_key(|b| b.line).copied())
}

/// The border between `upper` and the article `lower` under it moved by `lines` (down when
/// positive): `upper`'s blocks that end at its foot take the lines, the rules between move
/// with the border, and `lower`'s head moves down (what stands under it giving up the
/// lines) or, without a head, its top blocks give them up. `None` if a block would be left
/// without a line.
pub fn border_moved(
    spec: &LayoutSpec,
    upper: usize,
    lower: usize,
    lines: i32,
) -> Option<(ArticleSpec, ArticleSpec, Vec<RuleSpec>)> {
    let (a, b) = (&spec.articles[upper], &spec.articles[lower]);
    let foot = a.blocks.iter().map(|x| x.line + x.lines).max()?;
    let top = top_of(b)?;
    let mut up = a.clone();
    for x in up.blocks.iter_mut().filter(|x| x.line + x.lines == foot) {
        let rows = x.lines as i32 + lines;
        if rows < 1 {
            return None;
        }
        x.lines = rows as u32;
    }
    let first = a.blocks.iter().map(|x| x.column).min()?;
    let end = a.blocks.iter().map(|x| x.column + x.span).max()?;
    let mut rules = spec.rules.clone();
    for r in rules.iter_mut().filter(|r| {
        r.area.line >= foot
            && r.area.line < top.line
            && r.area.column >= first
            && r.area.column + r.area.span <= end
    }) {
        r.area.line = (r.area.line as i32 + lines).max(0) as u32;
    }
    let mut down = b.clone();
    match down.head.as_mut() {
        Some(head) => {
            let old_foot = head.line + head.lines;
            head.line = (head.line as i32 + lines).max(0) as u32;
            let area = *head;
            if let Some(p) = down.photo.as_mut()
                && under(&area, old_foot, &p.area)
            {
                let photo_foot = p.area.line + p.area.lines;
                p.area.line = (p.area.line as i32 + lines).max(0) as u32;
                let photo = p.area;
                shift(&mut down.blocks, &photo, photo_foot, lines)?;
            }
            shift(&mut down.blocks, &area, old_foot, lines)?;
        }
        None => {
            for x in down.blocks.iter_mut().filter(|x| x.line == top.line) {
                let rows = x.lines as i32 - lines;
                if rows < 1 {
                    return None;
                }
                (x.line, x.lines) = ((x.line as i32 + lines) as u32, rows as u32);
            }
        }
    }
    Some((up, down, rules))
}

/// How a border move reads in a report.
pub fn describe_border(other: &str, lines: i32) -> String {
    let (n, way) = (
        lines.unsigned_abs(),
        if lines > 0 { "lower" } else { "higher" },
    );
    let unit = if n == 1 { "line" } else { "lines" };
    format!("border with {other} {n} {unit} {way}")
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
