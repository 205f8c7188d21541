//! Placing a line's glyphs: squeezed or spread to the measure, or aligned if it is a
//! paragraph's last line.

use super::cjk::{CharClass, Shrink};
use super::linebreak::Line;
use super::measure::{Cell, may_open};
use super::shape::ShapedPara;
use crate::geom::Pt;
use crate::style::Align;

/// A glyph placed on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// Index into the paragraph's glyphs.
    pub index: usize,
    /// Start of the glyph's box from the line's start (indent included).
    pub x: Pt,
    /// Width of the box.
    pub width: Pt,
    /// Pen position of the glyph (its box start less any blank cut from its left).
    pub pen: Pt,
}

/// A finished line: glyph positions relative to the line's start on the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct LineBox {
    /// The placed glyphs, in logical order.
    pub glyphs: Vec<PlacedGlyph>,
    /// Width from the line's start to the end of the last box inside the measure.
    pub width: Pt,
    /// Whether the line was squeezed or spread to the measure.
    pub justified: bool,
    /// Whether it ends in an emergency break ([`Line::forced`]).
    pub forced: bool,
}

/// Places the glyphs of `line` in a measure.
///
/// A line longer than the measure is squeezed in clreq's reduction order (word spaces,
/// bracket blanks, `，、；：`, Han–Western spacing, `。？！`), each class evenly. Every line
/// but a paragraph's last is then spread to the measure: word spaces first (to ½ em),
/// Han–Western spacing next (to ½ em), and finally every gap that may open, evenly —
/// never inside a Latin word or number, inside `——` or `……`, before a closing or pause
/// mark, after an opening mark, or beside a connector (clreq §3.8, JLREQ 3.8).
pub fn commit(para: &ShapedPara, line: &Line, measure: Pt) -> LineBox {
    let mut cells: Vec<Cell> = Vec::with_capacity(line.end - line.start);
    let set_end = if line.hang { line.end - 1 } else { line.end };
    super::measure::cells(para, line.start, set_end, |c| cells.push(c));
    let available = measure - line.indent;
    let natural: Pt = cells.iter().map(|c| c.width + c.gap).sum();

    let mut deficit = natural - available;
    let mut justified = false;
    if deficit > Pt(0.0005) {
        justified = true;
        squeeze(&mut cells, &mut deficit);
    }
    let mut extra = vec![Pt::ZERO; cells.len()];
    let spread =
        para.style.setting.justify && !line.last && cells.len() > 1 && deficit < Pt(-0.0005);
    if spread {
        justified = true;
        stretch(para, &mut cells, &mut extra, -deficit);
        deficit = Pt::ZERO;
    }

    let slack = -deficit;
    let mut x = line.indent
        + match (justified, para.style.setting.align) {
            (true, _) | (false, Align::Left) => Pt::ZERO,
            (false, Align::Center) => (slack / 2.0).max(Pt::ZERO),
            (false, Align::Right) => slack.max(Pt::ZERO),
        };
    let mut glyphs = Vec::with_capacity(line.end - line.start);
    for (c, e) in cells.iter().zip(&extra) {
        glyphs.push(PlacedGlyph {
            index: c.index,
            x,
            width: c.width,
            pen: x - c.trim_left,
        });
        x += c.width + c.gap + *e;
    }
    let width = x;
    if line.hang {
        // The hanging mark starts at the measure's edge and keeps its full width.
        let g = &para.glyphs[line.end - 1];
        glyphs.push(PlacedGlyph {
            index: line.end - 1,
            x: measure,
            width: g.advance,
            pen: measure,
        });
    }
    LineBox {
        glyphs,
        width,
        justified,
        forced: line.forced,
    }
}

/// Takes `deficit` out of the squeezable blanks, class by class in clreq's order.
fn squeeze(cells: &mut [Cell], deficit: &mut Pt) {
    for class in [
        Shrink::WordSpace,
        Shrink::Bracket,
        Shrink::Pause,
        Shrink::HanLatin,
        Shrink::Stop,
    ] {
        if *deficit <= Pt::ZERO {
            break;
        }
        let amount = |c: &Cell| -> Pt {
            let mut a = Pt::ZERO;
            if class == Shrink::Bracket {
                a += c.shrink_left;
            }
            if c.right_class == class {
                a += c.shrink_right;
            }
            if class == Shrink::HanLatin {
                a += c.gap / 2.0;
            }
            a
        };
        let total: Pt = cells.iter().map(amount).sum();
        if total <= Pt::ZERO {
            continue;
        }
        let take = (*deficit).min(total);
        let ratio = take / total;
        for c in cells.iter_mut() {
            if class == Shrink::Bracket && c.shrink_left > Pt::ZERO {
                let a = c.shrink_left * ratio;
                c.width -= a;
                c.trim_left += a;
                c.shrink_left -= a;
            }
            if c.right_class == class && c.shrink_right > Pt::ZERO {
                let a = c.shrink_right * ratio;
                c.width -= a;
                c.shrink_right -= a;
            }
            if class == Shrink::HanLatin && c.gap > Pt::ZERO {
                c.gap -= c.gap / 2.0 * ratio;
            }
        }
        *deficit -= take;
    }
}

/// Spreads `excess` over word spaces, Han–Western spacing and the gaps that may open.
fn stretch(para: &ShapedPara, cells: &mut [Cell], extra: &mut [Pt], mut excess: Pt) {
    let glyphs = &para.glyphs;
    // 1. Word spaces grow to half an em.
    let room = |c: &Cell| {
        let g = &glyphs[c.index];
        if g.class == CharClass::Space {
            (g.size * 0.5 - c.width).max(Pt::ZERO)
        } else {
            Pt::ZERO
        }
    };
    let total: Pt = cells.iter().map(room).sum();
    if total > Pt::ZERO {
        let take = excess.min(total);
        for c in cells.iter_mut() {
            c.width += room(c) * (take / total);
        }
        excess -= take;
    }
    // 2. Han–Western spacing grows from ¼ to ½ em (clreq's second expansion step).
    let total: Pt = cells.iter().map(|c| c.gap).sum();
    if total > Pt::ZERO && excess > Pt::ZERO {
        let take = excess.min(total);
        for c in cells.iter_mut() {
            c.gap += c.gap * (take / total);
        }
        excess -= take;
    }
    if excess <= Pt::ZERO {
        return;
    }
    // 3. Every gap that may open, evenly.
    let n = cells.len();
    // Han–Western spacing, already at ½ em, opens by the same share as the rest.
    let mut open: Vec<bool> = (0..n - 1)
        .map(|i| {
            cells[i].gap > Pt::ZERO
                || may_open(&glyphs[cells[i].index], &glyphs[cells[i + 1].index])
        })
        .collect();
    let mut count = open.iter().filter(|o| **o).count();
    if count == 0 {
        // A line of one Latin word: spreading its letters is the only way to fill it.
        open.iter_mut().for_each(|o| *o = true);
        count = n - 1;
    }
    let gap = excess / count as f64;
    for (i, o) in open.iter().enumerate() {
        if *o {
            extra[i] = gap;
        }
    }
}
