//! Choosing line ends, one line at a time, for whatever measure the caller has.
//!
//! A line is the longest that ends at an allowed break and can be set in the measure,
//! squeezing punctuation if it must: that is clreq's 先挤进，后推出 (push in first, then
//! push out) and its "reduce before expanding". Two refinements follow:
//! - with hanging punctuation on, a line may end with one `，。、` set outside the measure;
//! - a paragraph's last line must hold at least two Han characters (no 孤字): the line
//!   before it first tries to take the rest in by squeezing, else gives up characters.

use super::breaks::break_opportunities;
use super::cjk::{CharClass, is_hangable};
use super::measure::measure;
use super::shape::ShapedPara;
use crate::geom::Pt;

/// Lines may overshoot the measure by this much (rounding of font units).
const EPSILON: Pt = Pt(0.001);

/// One line of a paragraph, chosen but not yet placed.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// First glyph.
    pub start: usize,
    /// One past the last glyph that is set (trailing spaces excluded).
    pub end: usize,
    /// Where the next line starts (after trailing spaces).
    pub next: usize,
    /// Indent before the first glyph.
    pub indent: Pt,
    /// Whether this is the paragraph's last line.
    pub last: bool,
    /// Whether the last glyph hangs outside the measure.
    pub hang: bool,
}

/// Hands out the lines of one paragraph as the caller asks for them.
///
/// The caller decides each line's measure, so a paragraph can run on from a narrow block
/// into a wide one (parley's `BreakLines` works the same way).
#[derive(Debug, Clone)]
pub struct Breaker<'a> {
    para: &'a ShapedPara,
    breaks: Vec<bool>,
    pos: usize,
}

impl Line {
    /// The whole paragraph as one last line, for heads and credits that are never broken.
    pub fn whole(para: &ShapedPara) -> Self {
        let n = para.glyphs.len();
        Self { start: 0, end: n, next: n, indent: Pt::ZERO, last: true, hang: false }
    }
}

impl<'a> Breaker<'a> {
    /// Starts breaking a paragraph.
    pub fn new(para: &'a ShapedPara) -> Self {
        Self { breaks: break_opportunities(para), para, pos: 0 }
    }

    /// The paragraph being broken.
    pub fn para(&self) -> &'a ShapedPara {
        self.para
    }

    /// Whether every glyph has been given a line.
    pub fn is_done(&self) -> bool {
        self.pos >= self.para.glyphs.len()
    }

    /// Whether the next line is the paragraph's first.
    pub fn at_start(&self) -> bool {
        self.pos == 0
    }

    /// Number of visible characters not yet given a line.
    pub fn remaining_chars(&self) -> usize {
        let glyphs = &self.para.glyphs[self.pos.min(self.para.glyphs.len())..];
        glyphs
            .iter()
            .map(|g| self.para.glyph_text(g).chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    }

    /// Breaks the next line for a measure (with the paragraph's indent if it is the first).
    ///
    /// Returns `None` once the paragraph is used up. A run with no allowed break that is
    /// longer than the measure is cut where it overflows, so nothing is ever lost.
    pub fn next_line(&mut self, measure_width: Pt) -> Option<Line> {
        let glyphs = &self.para.glyphs;
        let n = glyphs.len();
        // A line never starts with spaces left over from the break.
        while self.pos < n && glyphs[self.pos].is_space() {
            self.pos += 1;
        }
        if self.pos >= n {
            return None;
        }
        let start = self.pos;
        let indent = if start == 0 { self.para.style.indent.at(self.para.style.text.size) } else { Pt::ZERO };
        let available = measure_width - indent;

        let (mut end, mut hang) = self.longest_fit(start, available);
        let mut next = end;

        // No 孤字: if what is left would make a last line with too few Han characters,
        // take it in by squeezing, or else leave more for that line.
        let need = self.para.style.min_last_line_han as usize;
        if need > 0 && next < n {
            let rest = self.skip_spaces(next);
            let rest_end = self.trim_spaces(rest, n);
            if rest < n && measure(self.para, rest, rest_end).min() <= measure_width + EPSILON && self.han(rest, rest_end) < need {
                if measure(self.para, start, self.trim_spaces(start, n)).min() <= available + EPSILON {
                    next = n;
                    hang = false;
                } else if let Some(e) = (start + 1..next).rev().find(|&e| {
                    self.breaks[e]
                        && self.han(e, rest_end) >= need
                        && measure(self.para, self.skip_spaces(e), rest_end).min() <= measure_width + EPSILON
                }) {
                    next = e;
                    hang = false;
                }
            }
        }
        end = self.trim_spaces(start, next);
        let next = self.skip_spaces(next);
        self.pos = next;
        Some(Line { start, end, next, indent, last: next >= n, hang })
    }

    /// The furthest allowed end for a line from `start` that fits `available`, and whether
    /// its last glyph hangs. Falls back to cutting anywhere if no allowed break fits.
    fn longest_fit(&self, start: usize, available: Pt) -> (usize, bool) {
        let glyphs = &self.para.glyphs;
        let n = glyphs.len();
        let mut best: Option<(usize, bool)> = None;
        let mut anywhere = start + 1;
        for e in start + 1..=n {
            let te = self.trim_spaces(start, e);
            if te == start {
                continue;
            }
            let m = measure(self.para, start, te);
            // Hanging: when the line would need squeezing, its last mark may instead be set
            // outside the measure if the rest then fits unsqueezed.
            let hangs = self.para.style.hang
                && m.natural > available + EPSILON
                && te - start >= 2
                && is_hangable(glyphs[te - 1].ch)
                && !glyphs[te - 2].class.is_cjk_punct()
                && measure(self.para, start, te - 1).natural <= available + EPSILON;
            let fits = m.min() <= available + EPSILON;
            if !fits && !hangs {
                break;
            }
            anywhere = e;
            if self.breaks[e] {
                best = Some((e, hangs));
            }
        }
        best.unwrap_or((anywhere, false))
    }

    fn skip_spaces(&self, mut i: usize) -> usize {
        while i < self.para.glyphs.len() && self.para.glyphs[i].is_space() {
            i += 1;
        }
        i
    }

    fn trim_spaces(&self, start: usize, mut end: usize) -> usize {
        while end > start && self.para.glyphs[end - 1].is_space() {
            end -= 1;
        }
        end
    }

    fn han(&self, start: usize, end: usize) -> usize {
        self.para.glyphs[start..end].iter().filter(|g| g.class == CharClass::Han).count()
    }
}
