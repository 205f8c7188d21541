//! The geometry of a candidate line: each glyph's box after the compulsory punctuation
//! adjustments, and what justification may still squeeze.
//!
//! Compulsory, for 全角式 (clreq §3.1.6, GB/T 15834 §5.1):
//! - adjacent marks give up the blank between them: 2 em → 1.5 em (R8), `？！` → 1 em;
//! - an opening mark at a line start loses its leading half (R9);
//! - a mark at a line end is set to exactly half an em (R10);
//! - Han and Western letters or digits are ¼ em apart, never at a line edge (R12).
//!
//! Squeezable, in clreq's reduction order ([`Shrink`]): word spaces, bracket blanks,
//! `，、；：` blanks, Han–Western spacing (to ⅛ em), `。？！` blanks.

use super::cjk::{CharClass, PunctStyle, Shrink, blanks, shrink_class};
use super::shape::{Glyph, ShapedPara};
use crate::geom::Pt;

/// One glyph's box on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Index of the glyph in its paragraph.
    pub index: usize,
    /// Width of the box after compulsory adjustments.
    pub width: Pt,
    /// How much of the glyph's advance is cut away on its left (the pen moves left by it).
    pub trim_left: Pt,
    /// Left blank that justification may still squeeze (bracket class).
    pub shrink_left: Pt,
    /// Right blank (or word-space excess) that justification may still squeeze.
    pub shrink_right: Pt,
    /// The class of `shrink_right`.
    pub right_class: Shrink,
    /// Han–Western spacing after the glyph (zero at the line end).
    pub gap: Pt,
}

/// Sums over a candidate line.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Measure {
    /// Width with compulsory adjustments only.
    pub natural: Pt,
    /// What each [`Shrink`] class may still give up.
    pub shrink: [Pt; Shrink::COUNT],
    /// What word spaces (to ½ em) and Han–Western spacing (to ½ em) may take of a
    /// line's slack before any other gap opens.
    pub stretch: Pt,
    /// Gaps that open evenly for the rest of the slack.
    pub open: usize,
    /// Glyphs on the line.
    pub glyphs: usize,
}

impl Measure {
    /// The narrowest the line can be set.
    pub fn min(&self) -> Pt {
        self.natural - self.shrink.iter().copied().sum::<Pt>()
    }

    /// The gap, in ems of `em`, that spreading the line to `available` opens between
    /// characters, as [`super::commit`] will spread it; zero if it needs no spreading.
    /// Line breaking uses it to judge candidate lines.
    pub fn spread_gap(&self, available: Pt, em: Pt) -> f64 {
        let mut excess = available - self.natural;
        if excess <= Pt::ZERO {
            return 0.0;
        }
        if self.glyphs < 2 {
            // One glyph cannot be spread: the whole slack stays open.
            return excess / em;
        }
        excess -= self.stretch.min(excess);
        let open = if self.open == 0 {
            self.glyphs - 1
        } else {
            self.open
        };
        excess / em / open as f64
    }
}

/// Whether a glyph is a full-width mark whose blank halves can be adjusted.
fn is_adjustable_mark(g: &Glyph) -> bool {
    matches!(
        g.class,
        CharClass::PauseStop | CharClass::Opening | CharClass::Closing
    ) && g.advance.get() >= 0.99 * g.size.get()
}

/// Whether the pair is a Chinese character beside a Western letter or digit.
fn is_han_latin(a: &Glyph, b: &Glyph) -> bool {
    let western = |c: CharClass| matches!(c, CharClass::Latin | CharClass::Digit);
    (a.class == CharClass::Han && western(b.class))
        || (western(a.class) && b.class == CharClass::Han)
}

/// Calls `f` with the cell of every glyph of `start..end`, in order.
pub fn cells(para: &ShapedPara, start: usize, end: usize, mut f: impl FnMut(Cell)) {
    let style = para.style.setting.punct;
    let glyphs = &para.glyphs;
    // Left blank of the next glyph already given up by the pair rule (R8).
    let mut carried_left = Pt::ZERO;
    // Right blank of the next glyph given up by the `？！` rule.
    let mut carried_right = Pt::ZERO;
    for i in start..end {
        let g = &glyphs[i];
        let em = g.size;
        let (mut left, mut right) = (Pt::ZERO, Pt::ZERO);
        if style != PunctStyle::Plain && is_adjustable_mark(g) {
            let (l, r) = blanks(g.ch);
            (left, right) = (em * l, em * r);
        }
        let mut trim_left = Pt::ZERO;
        let mut trim_right = Pt::ZERO;
        let mut cut_left = |amount: Pt, left: &mut Pt| {
            let a = amount.min(*left);
            *left -= a;
            trim_left += a;
        };
        // Styles that set some marks at half width.
        let half_width = match style {
            PunctStyle::Banjiao => true,
            PunctStyle::Kaiming => shrink_class(g.ch) != Shrink::Stop,
            _ => false,
        };
        if half_width {
            cut_left(left, &mut left);
            trim_right += right;
            right = Pt::ZERO;
        }
        cut_left(carried_left, &mut left);
        carried_left = Pt::ZERO;
        let r = carried_right.min(right);
        trim_right += r;
        right -= r;
        carried_right = Pt::ZERO;

        if style != PunctStyle::Plain {
            // R9: an opening mark at a line start loses its leading half.
            if i == start {
                cut_left(left, &mut left);
            }
            // R10: a mark at a line end is set to exactly half an em.
            if i + 1 == end {
                trim_right += right;
                right = Pt::ZERO;
            }
        }
        // R8: two marks side by side give up the blank between them.
        let pairs = matches!(style, PunctStyle::Quanjiao | PunctStyle::Kaiming);
        if pairs && i + 1 < end && is_adjustable_mark(g) && is_adjustable_mark(&glyphs[i + 1]) {
            let next = &glyphs[i + 1];
            if matches!(g.ch, '？' | '！') && matches!(next.ch, '？' | '！') {
                // GB/T 15834 §5.1.2: `？！` together take one em.
                trim_right += right;
                right = Pt::ZERO;
                carried_right = next.size * 0.5;
            } else if right > Pt::ZERO {
                trim_right += right;
                right = Pt::ZERO;
            } else if blanks(next.ch).0 > 0.0 {
                carried_left = next.size * blanks(next.ch).0;
            }
        }

        let mut cell = Cell {
            index: i,
            width: g.advance - trim_left - trim_right,
            trim_left,
            shrink_left: if i == start { Pt::ZERO } else { left },
            shrink_right: if i + 1 == end { Pt::ZERO } else { right },
            right_class: shrink_class(g.ch),
            gap: Pt::ZERO,
        };
        if g.class == CharClass::Space && i != start && i + 1 != end {
            // Word spaces may close to a quarter em.
            cell.shrink_right = (g.advance - em * 0.25).max(Pt::ZERO);
            cell.right_class = Shrink::WordSpace;
        }
        if para.style.setting.han_latin_spacing && i + 1 < end && is_han_latin(g, &glyphs[i + 1]) {
            cell.gap = em * 0.25;
        }
        f(cell);
    }
}

/// Measures `start..end` as one line.
pub fn measure(para: &ShapedPara, start: usize, end: usize) -> Measure {
    let glyphs = &para.glyphs;
    let mut m = Measure {
        glyphs: end - start,
        ..Measure::default()
    };
    cells(para, start, end, |c| {
        m.natural += c.width + c.gap;
        m.shrink[Shrink::Bracket as usize] += c.shrink_left;
        m.shrink[c.right_class as usize] += c.shrink_right;
        // Han–Western spacing may close from ¼ to ⅛ em.
        m.shrink[Shrink::HanLatin as usize] += c.gap / 2.0;
        let g = &glyphs[c.index];
        if g.class == CharClass::Space {
            m.stretch += (g.size * 0.5 - c.width).max(Pt::ZERO);
        }
        m.stretch += c.gap;
        if c.index + 1 < end && (c.gap > Pt::ZERO || may_open(g, &glyphs[c.index + 1])) {
            m.open += 1;
        }
    });
    m
}

/// Whether the gap between two glyphs may open to justify a line.
pub(super) fn may_open(a: &Glyph, b: &Glyph) -> bool {
    use CharClass::*;
    let western = |c: CharClass| matches!(c, Latin | Digit | Other);
    if western(a.class) && western(b.class) {
        return false;
    }
    if a.class == b.class && matches!(a.class, Dash | Ellipsis) {
        return false;
    }
    // Brackets and quotes hug the text they enclose. (JLREQ also keeps space from opening
    // before 、。，; clreq's expansion step does not, and neither do we: it spreads a line's
    // slack over more gaps, so each opens less.)
    if b.class == Closing || a.class == Opening {
        return false;
    }
    if matches!(a.class, Connector | Solidus | Space)
        || matches!(b.class, Connector | Solidus | Space)
    {
        return false;
    }
    true
}
