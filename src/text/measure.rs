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

/// Blanks a glyph gives up to the pair rules, carried to the next glyph of the line.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Carry {
    /// Left blank of the next glyph already given up by the pair rule (R8).
    left: Pt,
    /// Right blank of the next glyph given up by the `？！` rule.
    right: Pt,
}

/// Calls `f` with the cell of every glyph of `start..end`, in order.
pub fn cells(para: &ShapedPara, start: usize, end: usize, mut f: impl FnMut(Cell)) {
    let mut carry = Carry::default();
    for i in start..end {
        let (cell, out) = step(para, i, start, end, carry);
        carry = out;
        f(cell);
    }
}

/// The cell of glyph `i` on the line `start..end`, given what the glyph before it on the
/// line carried over, and what it carries to the next.
fn step(para: &ShapedPara, i: usize, start: usize, end: usize, carry: Carry) -> (Cell, Carry) {
    let style = para.style.setting.punct;
    let glyphs = &para.glyphs;
    let mut out = Carry::default();
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
    cut_left(carry.left, &mut left);
    let r = carry.right.min(right);
    trim_right += r;
    right -= r;

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
            out.right = next.size * 0.5;
        } else if right > Pt::ZERO {
            trim_right += right;
            right = Pt::ZERO;
        } else if blanks(next.ch).0 > 0.0 {
            out.left = next.size * blanks(next.ch).0;
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
    (cell, out)
}

/// Measures `start..end` as one line.
pub fn measure(para: &ShapedPara, start: usize, end: usize) -> Measure {
    let mut m = Measure {
        glyphs: end - start,
        ..Measure::default()
    };
    cells(para, start, end, |c| add(para, &mut m, &c, end));
    m
}

/// Adds a cell of the line ending at `end` to a measure.
fn add(para: &ShapedPara, m: &mut Measure, c: &Cell, end: usize) {
    let glyphs = &para.glyphs;
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
}

/// Measures any line of one paragraph in constant time: the cells inside a line do not
/// depend on where the line starts or ends (only the first and last cells do, and the
/// pair rules' carry, which settles within a glyph or two), so their sums are kept as
/// running totals over the paragraph and only a line's edges are measured afresh.
#[derive(Debug, Clone)]
pub struct Meter {
    /// Running totals of the paragraph's cells as inner cells: `sums[i]` sums `0..i`.
    sums: Vec<Measure>,
    /// What each glyph carries to the next, as an inner cell.
    carries: Vec<Carry>,
    /// `lasts[e - 2]`: the cell of glyph `e - 1` ending a line after an inner cell (any
    /// line `start..e` with `start < e - 1`), the same wherever the line starts.
    lasts: Vec<Cell>,
}

impl Meter {
    /// Sums the paragraph's cells once.
    pub fn new(para: &ShapedPara) -> Self {
        let n = para.glyphs.len();
        let mut sums = Vec::with_capacity(n + 1);
        let mut carries = Vec::with_capacity(n);
        let mut total = Measure::default();
        sums.push(total);
        let mut carry = Carry::default();
        for i in 0..n {
            // As an inner cell: the line starts before it and ends after the next glyph
            // (the last glyph, never an inner cell of any line, ends the paragraph).
            let end = if i + 1 < n { n + 1 } else { n };
            let (cell, out) = step(para, i, usize::MAX, end, carry);
            carry = out;
            carries.push(out);
            add(para, &mut total, &cell, end);
            sums.push(total);
        }
        let lasts = (2..=n)
            .map(|e| step(para, e - 1, usize::MAX, e, carries[e - 2]).0)
            .collect();
        Self {
            sums,
            carries,
            lasts,
        }
    }

    /// The narrowest `start..end` could be set if its cells were all inner cells: within
    /// a couple of ems of the line's true [`Measure::min`] (only its edges differ), and
    /// growing with `end`; for skipping lines far too short without measuring them.
    pub fn rough_min(&self, start: usize, end: usize) -> Pt {
        let (a, b) = (&self.sums[start], &self.sums[end]);
        let shrink: Pt = (0..Shrink::COUNT).map(|k| b.shrink[k] - a.shrink[k]).sum();
        b.natural - a.natural - shrink
    }

    /// Measures `start..end` as one line, as [`measure`] does.
    pub fn measure(&self, para: &ShapedPara, start: usize, end: usize) -> Measure {
        if end - start <= 3 {
            return measure(para, start, end);
        }
        let (m, i, carry, _) = self.first_cells(para, start, end);
        self.finish(para, m, i, carry, start, end)
    }

    /// What a line from `start` owes to where it starts, for [`Self::measure_from`]: its
    /// first cells, up to where the carry settles, which are the same whatever glyph the
    /// line ends after (as long as it ends beyond them).
    pub fn head(&self, para: &ShapedPara, start: usize) -> Head {
        let (m, i, carry, settled) = self.first_cells(para, start, para.glyphs.len());
        Head {
            start,
            settled: settled.then_some((m, i, carry)),
        }
    }

    /// The first cells of the line `start..end`, until the carry is the one the
    /// paragraph's inner cells had (or the line's last glyph): their sums, the glyph after
    /// them, the carry into it, and whether the carry settled.
    fn first_cells(
        &self,
        para: &ShapedPara,
        start: usize,
        end: usize,
    ) -> (Measure, usize, Carry, bool) {
        let mut m = Measure::default();
        let mut carry = Carry::default();
        let mut i = start;
        while i + 1 < end {
            let (cell, out) = step(para, i, start, end, carry);
            add(para, &mut m, &cell, end);
            carry = out;
            i += 1;
            if out == self.carries[i - 1] {
                return (m, i, carry, true);
            }
        }
        (m, i, carry, false)
    }

    /// Measures `head.start..end` as [`Self::measure`] does (the same sums, in the same
    /// order), the line's first cells taken from `head`.
    pub fn measure_from(&self, para: &ShapedPara, head: &Head, end: usize) -> Measure {
        match head.settled {
            Some((m, i, carry)) if end - head.start > 3 && i < end => {
                self.finish(para, m, i, carry, head.start, end)
            }
            _ => self.measure(para, head.start, end),
        }
    }

    /// The rest of a line's measure once its first cells, up to glyph `i`, are in `m`: the
    /// inner cells from running totals, then the last cell.
    fn finish(
        &self,
        para: &ShapedPara,
        mut m: Measure,
        i: usize,
        carry: Carry,
        start: usize,
        end: usize,
    ) -> Measure {
        m.glyphs = end - start;
        if i + 1 < end {
            let (a, b) = (&self.sums[i], &self.sums[end - 1]);
            m.natural += b.natural - a.natural;
            for k in 0..Shrink::COUNT {
                m.shrink[k] += b.shrink[k] - a.shrink[k];
            }
            m.stretch += b.stretch - a.stretch;
            m.open += b.open - a.open;
            // The last cell after an inner one, as `step` would make it from the inner
            // carry.
            add(para, &mut m, &self.lasts[end - 2], end);
            return m;
        }
        let (cell, _) = step(para, end - 1, start, end, carry);
        add(para, &mut m, &cell, end);
        m
    }
}

/// The first cells of lines from one start ([`Meter::head`]).
#[derive(Debug, Clone, Copy)]
pub struct Head {
    start: usize,
    /// Their sums, the glyph after them and the carry into it; `None` where the carry does
    /// not settle before the paragraph's last glyph.
    settled: Option<(Measure, usize, Carry)>,
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
