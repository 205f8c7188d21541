//! Choosing line ends, one line at a time, for whatever measure the caller has.
//!
//! Every candidate line ends at an allowed break and fits the measure, squeezing
//! punctuation if it must: clreq's 先挤进，后推出 (push in first, then push out) and its
//! "reduce before expanding". Among the candidates, a total-fit search picks the set of
//! lines that spreads least ([`Breaker::plan`]). Also:
//! - with hanging punctuation on, a line may end with one `，。、` set outside the measure;
//! - a paragraph's last line must hold at least two Han characters (no 孤字).

use super::breaks::break_opportunities;
use super::cjk::{CharClass, is_hangable};
use super::measure::Meter;
use super::measures::Measures;
use super::shape::ShapedPara;
use crate::geom::Pt;

use std::sync::Arc;

/// Lines may overshoot the measure by this much (rounding of font units).
pub(super) const EPSILON: Pt = Pt(0.001);

/// A justified line whose widest gap exceeds this many ems counts as visibly spread.
pub const SPREAD: f64 = 0.05;

/// Glyphs a line plan looks ahead at most: a paragraph longer than this (a wire story
/// with no paragraph breaks) is planned a window at a time.
pub const HORIZON: usize = 4096;

/// A gap wider than this many ems is avoided at almost any cost (two mildly spread lines
/// are better than one with holes in it).
pub const WIDE: f64 = 0.2;

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
    /// Whether the line had to end where no rule allows (an unbreakable run wider than the
    /// measure, or prohibitions that cannot all be kept): an emergency break, reported.
    pub forced: bool,
}

/// Hands out the lines of one paragraph as the caller asks for them.
///
/// The caller decides each line's measure, so a paragraph can run on from a narrow block
/// into a wide one (parley's `BreakLines` works the same way).
#[derive(Debug, Clone)]
pub struct Breaker<'a> {
    pub(super) para: &'a ShapedPara,
    pub(super) breaks: Vec<bool>,
    pub(super) meter: Meter,
    pos: usize,
    plan: Option<Plan>,
}

/// Line ends planned for the rest of a paragraph.
#[derive(Debug, Clone)]
struct Plan {
    /// Where the next planned line starts.
    start: usize,
    /// The measures the plan was made for, from its first line.
    measures: Measures,
    /// The planned lines (kept with the paragraph, see [`super::plans`]).
    lines: Arc<[Planned]>,
    /// How many of them have been handed out.
    used: usize,
}

/// One planned line end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    /// Where the line ends, before trailing spaces are trimmed.
    pub end: usize,
    /// Whether its last glyph hangs.
    pub hang: bool,
    /// Whether it is an emergency break ([`Line::forced`]).
    pub forced: bool,
}

impl Line {
    /// The whole paragraph as one last line, for heads and credits that are never broken.
    pub fn whole(para: &ShapedPara) -> Self {
        let n = para.glyphs.len();
        Self {
            start: 0,
            end: n,
            next: n,
            indent: Pt::ZERO,
            last: true,
            hang: false,
            forced: false,
        }
    }
}

impl<'a> Breaker<'a> {
    /// Starts breaking a paragraph.
    pub fn new(para: &'a ShapedPara) -> Self {
        Self {
            breaks: break_opportunities(para),
            meter: Meter::new(para),
            para,
            pos: 0,
            plan: None,
        }
    }

    /// The paragraph being broken.
    pub fn para(&self) -> &'a ShapedPara {
        self.para
    }

    /// The first glyph not yet given a line.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Whether every glyph has been given a line.
    pub fn is_done(&self) -> bool {
        self.pos >= self.para.glyphs.len()
    }

    /// Whether the next line is the paragraph's first.
    pub fn at_start(&self) -> bool {
        self.pos == 0
    }

    /// Number of characters ([`super::is_counted`]) not yet given a line.
    pub fn remaining_chars(&self) -> usize {
        let glyphs = &self.para.glyphs[self.pos.min(self.para.glyphs.len())..];
        glyphs
            .iter()
            .map(|g| {
                self.para
                    .glyph_text(g)
                    .chars()
                    .filter(|c| super::is_counted(*c))
                    .count()
            })
            .sum()
    }

    /// Breaks the next line for a measure (with the paragraph's indent if it is the first),
    /// planning the rest of the paragraph at that measure.
    pub fn next_line(&mut self, measure_width: Pt) -> Option<Line> {
        self.next_line_in(&Measures::constant(measure_width))
    }

    /// Breaks the next line, the lines to come having `measures` (line 0 is this one).
    ///
    /// Returns `None` once the paragraph is used up. The line is the first of the best
    /// set of lines for the rest of the paragraph at these measures ([`Self::plan`]); the
    /// plan is kept while the caller's measures are the ones it was made for.
    pub fn next_line_in(&mut self, measures: &Measures) -> Option<Line> {
        let n = self.para.glyphs.len();
        self.pos = self.skip_spaces(self.pos);
        if self.pos >= n {
            return None;
        }
        let start = self.pos;
        self.ensure_plan(measures);
        let planned = match self.plan.as_mut() {
            Some(plan) if plan.used < plan.lines.len() => {
                plan.used += 1;
                plan.lines[plan.used - 1]
            }
            // Unreachable (a plan from a start before the end has a line); still, never
            // stall: the rest of the paragraph is one line.
            _ => Planned {
                end: n,
                hang: false,
                forced: true,
            },
        };
        let end = self.trim_spaces(start, planned.end.max(start + 1));
        let next = self.skip_spaces(planned.end.max(start + 1));
        if let Some(plan) = self.plan.as_mut() {
            plan.start = next;
        }
        self.pos = next;
        let indent = if start == 0 {
            self.para.style.setting.indent.at(self.para.style.text.size)
        } else {
            Pt::ZERO
        };
        Some(Line {
            start,
            end,
            next,
            indent,
            last: next >= n,
            hang: planned.hang,
            forced: planned.forced,
        })
    }

    /// How many lines the rest of the paragraph takes at this measure.
    pub fn lines_left(&mut self, measure_width: Pt) -> usize {
        self.lines_left_in(&Measures::constant(measure_width))
    }

    /// How many lines the rest of the paragraph takes at these measures.
    pub fn lines_left_in(&mut self, measures: &Measures) -> usize {
        self.pos = self.skip_spaces(self.pos);
        if self.is_done() {
            return 0;
        }
        self.ensure_plan(measures);
        self.plan.as_ref().map_or(0, |p| p.lines.len() - p.used)
    }

    /// Plans the rest of the paragraph at these measures unless that plan is at hand.
    fn ensure_plan(&mut self, measures: &Measures) {
        let start = self.pos;
        let stale = self.plan.as_ref().is_none_or(|p| {
            p.start != start || p.used >= p.lines.len() || p.measures.from(p.used) != *measures
        });
        if stale {
            let _scope = crate::timing::scope("break");
            self.plan = Some(Plan {
                start,
                measures: measures.clone(),
                lines: self
                    .para
                    .plans
                    .get_or_make(start, measures, || self.plan(start, measures)),
                used: 0,
            });
        }
    }

    /// Whether a line `start..end` would hang its last mark: hanging is on, the line needs
    /// squeezing, and without its last mark it fits unsqueezed.
    pub(super) fn hangs(&self, start: usize, end: usize, natural: Pt, available: Pt) -> bool {
        let glyphs = &self.para.glyphs;
        self.para.style.setting.hang
            && natural > available + EPSILON
            && end - start >= 2
            && is_hangable(glyphs[end - 1].ch)
            && !glyphs[end - 2].class.is_cjk_punct()
            && self.meter.measure(self.para, start, end - 1).natural <= available + EPSILON
    }

    /// The furthest allowed end for a line from `start` that fits `available`, and whether
    /// its last glyph hangs. Falls back to cutting anywhere if no allowed break fits.
    pub(super) fn longest_fit(&self, start: usize, available: Pt) -> (usize, bool) {
        let glyphs = &self.para.glyphs;
        let n = glyphs.len();
        let mut best: Option<(usize, bool)> = None;
        let mut anywhere = start + 1;
        for e in start + 1..=n {
            let te = self.trim_spaces(start, e);
            if te == start {
                continue;
            }
            let m = self.meter.measure(self.para, start, te);
            let hangs = self.hangs(start, te, m.natural, available);
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

    pub(super) fn skip_spaces(&self, mut i: usize) -> usize {
        while i < self.para.glyphs.len() && self.para.glyphs[i].is_space() {
            i += 1;
        }
        i
    }

    pub(super) fn trim_spaces(&self, start: usize, mut end: usize) -> usize {
        while end > start && self.para.glyphs[end - 1].is_space() {
            end -= 1;
        }
        end
    }

    pub(super) fn han(&self, start: usize, end: usize) -> usize {
        self.para.glyphs[start..end]
            .iter()
            .filter(|g| g.class == CharClass::Han)
            .count()
    }
}
