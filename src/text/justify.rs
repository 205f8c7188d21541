//! Placing a line's glyphs: justified to the measure, or aligned if it is a last line.

use super::cjk::CharClass;
use super::linebreak::Line;
use super::shape::{Glyph, ShapedPara};
use crate::geom::Pt;
use crate::style::Align;

/// A glyph placed on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    /// Index into the paragraph's glyphs.
    pub index: usize,
    /// Pen position from the line's start (indent included).
    pub x: Pt,
}

/// A finished line: glyph positions relative to the line's start on the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct LineBox {
    /// The placed glyphs, in logical order.
    pub glyphs: Vec<PlacedGlyph>,
    /// Width from the line's start to the end of the last glyph.
    pub width: Pt,
    /// Whether the line was stretched or squeezed to the measure.
    pub justified: bool,
}

/// Places the glyphs of `line` in a measure.
///
/// Every line but a paragraph's last is justified (clreq §3.8): the slack is spread evenly
/// over the gaps that may open, which are the gaps next to a Chinese character, never
/// inside a Latin word or number, inside `——` or `……`, before a closing or pause mark or
/// after an opening one. Last lines keep natural spacing and follow the paragraph's alignment.
pub fn commit(para: &ShapedPara, line: &Line, measure: Pt) -> LineBox {
    let glyphs = &para.glyphs[line.start..line.end];
    let slack = measure - line.indent - line.natural;
    let justify = para.style.justify && !line.last && glyphs.len() > 1;

    let mut gap = Pt::ZERO;
    let mut opens = vec![false; glyphs.len()];
    if justify {
        let mut count = 0usize;
        for i in 0..glyphs.len() - 1 {
            if may_open(&glyphs[i], &glyphs[i + 1]) {
                opens[i] = true;
                count += 1;
            }
        }
        if count == 0 {
            // A line of one Latin word: spreading its letters is the only way to fill it.
            opens.iter_mut().take(glyphs.len() - 1).for_each(|o| *o = true);
            count = glyphs.len() - 1;
        }
        gap = slack / count as f64;
    }

    let start_x = match (justify, para.style.align) {
        (true, _) | (false, Align::Left) => line.indent,
        (false, Align::Center) => line.indent + slack / 2.0,
        (false, Align::Right) => line.indent + slack,
    };
    let mut x = start_x;
    let mut placed = Vec::with_capacity(glyphs.len());
    for (i, g) in glyphs.iter().enumerate() {
        placed.push(PlacedGlyph { index: line.start + i, x });
        x += g.advance;
        if opens[i] {
            x += gap;
        }
    }
    LineBox { glyphs: placed, width: x, justified: justify }
}

/// Whether the gap between two glyphs may open to justify a line.
fn may_open(a: &Glyph, b: &Glyph) -> bool {
    use CharClass::*;
    let latin = |c: CharClass| matches!(c, Latin | Digit | Other);
    if latin(a.class) && latin(b.class) {
        return false;
    }
    if a.class == b.class && matches!(a.class, Dash | Ellipsis) {
        return false;
    }
    if matches!(b.class, Closing | PauseStop) || a.class == Opening {
        return false;
    }
    true
}
