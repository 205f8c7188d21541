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
use super::measure::measure;
use super::shape::ShapedPara;
use crate::geom::Pt;

/// Lines may overshoot the measure by this much (rounding of font units).
const EPSILON: Pt = Pt(0.001);

/// A justified line whose widest gap exceeds this many ems counts as visibly spread.
pub const SPREAD: f64 = 0.05;

/// Candidate lines with more slack than this many ems are not considered (they would
/// open gaps of a fifth of an em even on a 40-em measure) unless nothing else fits.
const MAX_SLACK_EM: f64 = 8.0;

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
    para: &'a ShapedPara,
    breaks: Vec<bool>,
    pos: usize,
    plan: Option<Plan>,
}

/// Line ends planned for the rest of a paragraph at one measure.
#[derive(Debug, Clone)]
struct Plan {
    /// Where the next planned line starts.
    start: usize,
    /// The measure the plan was made for.
    measure: Pt,
    /// The lines to come.
    lines: Vec<Planned>,
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

    /// Breaks the next line for a measure (with the paragraph's indent if it is the first).
    ///
    /// Returns `None` once the paragraph is used up. The line is the first of the best
    /// set of lines for the rest of the paragraph at this measure ([`Self::plan`]); the
    /// plan is kept while the caller keeps asking for the same measure.
    pub fn next_line(&mut self, measure_width: Pt) -> Option<Line> {
        let n = self.para.glyphs.len();
        self.pos = self.skip_spaces(self.pos);
        if self.pos >= n {
            return None;
        }
        let start = self.pos;
        self.ensure_plan(measure_width);
        let planned = match self.plan.as_mut() {
            Some(plan) if !plan.lines.is_empty() => plan.lines.remove(0),
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
        self.pos = self.skip_spaces(self.pos);
        if self.is_done() {
            return 0;
        }
        self.ensure_plan(measure_width);
        self.plan.as_ref().map_or(0, |p| p.lines.len())
    }

    /// Plans the rest of the paragraph at this measure unless that plan is at hand.
    fn ensure_plan(&mut self, measure_width: Pt) {
        let start = self.pos;
        let stale = self
            .plan
            .as_ref()
            .is_none_or(|p| p.start != start || p.measure != measure_width || p.lines.is_empty());
        if stale {
            self.plan = Some(Plan {
                start,
                measure: measure_width,
                lines: self.plan(start, measure_width),
            });
        }
    }

    /// The best line ends from `from` to the paragraph's end, all at one measure.
    ///
    /// A total-fit search over the allowed breaks (Knuth and Plass, with clreq's costs):
    /// every candidate line must fit, squeezing punctuation if needed; a line that has to
    /// be spread costs the square of the gap it opens, one whose gap exceeds [`SPREAD`]
    /// a fixed penalty on top and one past [`WIDE`] a far larger one, so the paragraph is
    /// set with as few visibly spread lines as its breaks allow and no holes. Squeezing is cheap (clreq reduces before
    /// it expands), each line costs a little (fewer lines are better), and a last line
    /// with fewer Han characters than the style's minimum is not allowed (no 孤字).
    pub fn plan(&self, from: usize, measure_width: Pt) -> Vec<Planned> {
        let glyphs = &self.para.glyphs;
        let len = glyphs.len();
        if from >= len {
            return Vec::new();
        }
        // A paragraph longer than the horizon is planned a window at a time, ending at a
        // break opportunity: the work per line stays bounded however long the paragraph.
        let window = len - from > HORIZON;
        let n = if window {
            (from + HORIZON..len)
                .find(|&i| self.breaks[i])
                .unwrap_or(len)
        } else {
            len
        };
        let need = self.para.style.setting.min_last_line_han as usize;
        // advance[i - from]: sum of the natural advances of glyphs from..i.
        let mut advance = Vec::with_capacity(n - from + 1);
        advance.push(Pt::ZERO);
        let mut sum = Pt::ZERO;
        for g in &glyphs[from..n] {
            sum += g.advance;
            advance.push(sum);
        }
        // best[i - from]: the cheapest way to have a line start at glyph i: (cost, previous
        // start, hang, forced).
        let mut best: Vec<Option<(f64, usize, bool, bool)>> = vec![None; n - from + 1];
        best[0] = Some((0.0, usize::MAX, false, false));
        for s in from..n {
            let Some((base, _, _, _)) = best[s - from] else {
                continue;
            };
            let indent = if s == 0 {
                self.para.style.setting.indent.at(self.para.style.text.size)
            } else {
                Pt::ZERO
            };
            let available = measure_width - indent;
            let em = glyphs[s].size.get();
            let mut any = false;
            for e in s + 1..=n {
                let te = self.trim_spaces(s, e);
                if te == s {
                    continue;
                }
                // Lines far shorter than the measure cannot be chosen unless nothing else
                // fits; skip measuring them (keeps the search near-linear on wide measures).
                // Adjustments change a line by at most ½ em per glyph either way.
                let rough = advance[te - from] - advance[s - from];
                let slack_bound = Pt(available.get() - rough.get() - (te - s) as f64 * 0.5 * em);
                if slack_bound > Pt(MAX_SLACK_EM * em) && self.breaks[e] && e < n {
                    continue;
                }
                let m = measure(self.para, s, te);
                let hangs = self.hangs(s, te, m.natural, available);
                if m.min() > available + EPSILON && !hangs {
                    break;
                }
                if !self.breaks[e] {
                    continue;
                }
                let next = self.skip_spaces(e).min(n);
                let last = next >= len;
                let mut cost = 1.0;
                if last && s != 0 && self.han(s, te) < need {
                    continue;
                }
                // A hanging mark stands outside the measure: judge the rest.
                let set = if hangs {
                    measure(self.para, s, te - 1)
                } else {
                    m
                };
                let natural = set.natural;
                if natural > available {
                    let squeeze = (natural - available).get() / em;
                    cost += 10.0 * squeeze * squeeze;
                } else if !last {
                    let gap = set.spread_gap(available, glyphs[s].size);
                    cost += (gap * 100.0).powi(2);
                    if gap > SPREAD + 1e-9 {
                        cost += 1000.0;
                    }
                    if gap > WIDE + 1e-9 {
                        cost += 5000.0;
                    }
                }
                any = true;
                let total = base + cost;
                if best[next - from].is_none_or(|(c, _, _, _)| total < c) {
                    best[next - from] = Some((total, s, hangs, false));
                }
            }
            if !any {
                // Nothing allowed fits (or every choice leaves a lone character): cut as
                // the greedy rule would, at a cost that keeps it a last resort.
                let (e, hangs) = self.longest_fit(s, available);
                let e = e.min(n);
                let next = self.skip_spaces(e).min(n);
                let total = base + 1e6;
                let forced = !self.breaks[e];
                if best[next - from].is_none_or(|(c, _, _, _)| total < c) {
                    best[next - from] = Some((total, s, hangs, forced));
                }
            }
        }
        // Walk back from the paragraph's end.
        // Every start reached has a way forward (the emergency cut always advances), so
        // the end has a way back; were it missing, the rest is one forced line.
        let mut lines = Vec::new();
        let mut at = n;
        while at != from {
            let Some((_, prev, hang, forced)) = best[at - from] else {
                return vec![Planned {
                    end: n,
                    hang: false,
                    forced: true,
                }];
            };
            lines.push(Planned {
                end: at,
                hang,
                forced,
            });
            at = prev;
        }
        lines.reverse();
        if window {
            // Keep the lines of the window's first half: the rest is planned again with
            // the text after the window in view.
            let keep = lines
                .iter()
                .take_while(|l| l.end <= from + HORIZON / 2)
                .count()
                .max(1);
            lines.truncate(keep);
        }
        lines
    }

    /// Whether a line `start..end` would hang its last mark: hanging is on, the line needs
    /// squeezing, and without its last mark it fits unsqueezed.
    fn hangs(&self, start: usize, end: usize, natural: Pt, available: Pt) -> bool {
        let glyphs = &self.para.glyphs;
        self.para.style.setting.hang
            && natural > available + EPSILON
            && end - start >= 2
            && is_hangable(glyphs[end - 1].ch)
            && !glyphs[end - 2].class.is_cjk_punct()
            && measure(self.para, start, end - 1).natural <= available + EPSILON
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
        self.para.glyphs[start..end]
            .iter()
            .filter(|g| g.class == CharClass::Han)
            .count()
    }
}
