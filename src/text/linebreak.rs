//! Choosing line ends, one line at a time, for whatever measure the caller has.

use super::breaks::break_opportunities;
use super::shape::ShapedPara;
use crate::geom::Pt;

/// Lines may overshoot the measure by this much (rounding of font units).
const EPSILON: Pt = Pt(0.001);

/// One line of a paragraph, measured but not yet placed.
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
    /// Sum of the natural advances of `start..end`.
    pub natural: Pt,
    /// Whether this is the paragraph's last line.
    pub last: bool,
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

    /// Breaks the next line for a measure, with an indent if it opens the paragraph.
    ///
    /// Returns `None` once the paragraph is used up. The line is the longest that fits
    /// and ends at an allowed break; a run with no break that is longer than the measure
    /// is cut where it overflows, so nothing is ever lost.
    pub fn next_line(&mut self, measure: Pt) -> Option<Line> {
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
        let available = measure - indent;

        let mut width = Pt::ZERO;
        let mut best: Option<(usize, Pt)> = None;
        let mut i = start;
        while i < n {
            width += glyphs[i].advance;
            i += 1;
            if self.breaks[i] {
                let set = trimmed_width(self.para, start, i, width);
                if set <= available + EPSILON {
                    best = Some((i, set));
                } else {
                    break;
                }
            } else if width > available + EPSILON && best.is_some() {
                break;
            }
        }
        let (end_with_spaces, _) = match best {
            Some(b) => b,
            None => {
                // Emergency: no allowed break fits; cut at the last glyph that fits.
                let mut w = Pt::ZERO;
                let mut j = start;
                while j < n && (j == start || w + glyphs[j].advance <= available + EPSILON) {
                    w += glyphs[j].advance;
                    j += 1;
                }
                (j, w)
            }
        };
        let mut end = end_with_spaces;
        while end > start && glyphs[end - 1].is_space() {
            end -= 1;
        }
        let natural = glyphs[start..end].iter().map(|g| g.advance).sum();
        self.pos = end_with_spaces;
        let last = self.para.glyphs[self.pos..].iter().all(|g| g.is_space());
        if last {
            self.pos = n;
        }
        Some(Line { start, end, next: self.pos, indent, natural, last })
    }
}

/// Width of `start..end` without trailing spaces, given the width including them.
fn trimmed_width(para: &ShapedPara, start: usize, end: usize, width: Pt) -> Pt {
    let mut w = width;
    let mut j = end;
    while j > start && para.glyphs[j - 1].is_space() {
        w -= para.glyphs[j - 1].advance;
        j -= 1;
    }
    w
}
