//! The total-fit search for a paragraph's line ends, for lines of any measures.
//!
//! Knuth and Plass with clreq's costs: every candidate line must fit, squeezing
//! punctuation if needed; a line that has to be spread costs the square of the gap it
//! opens, one whose gap exceeds [`SPREAD`] a fixed penalty on top and one past [`WIDE`] a
//! far larger one, so the paragraph is set with as few visibly spread lines as its breaks
//! allow and no holes. Squeezing is cheap (clreq reduces before it expands), each line
//! costs a little (fewer lines are better), and a last line with fewer Han characters
//! than the style's minimum is not allowed (no 孤字).
//!
//! When lines have different measures ([`Measures`]), a line end is a different state for
//! each class of line it can end (the line's place in the profile's head, or in its
//! cycle), as TeX keeps line classes for `\parshape`: the lines given one by one are
//! searched a line at a time, then the cycle position by position, so a constant measure
//! costs what it always did and a measure alternating every line twice that.

use super::linebreak::{Breaker, EPSILON, HORIZON, Planned, SPREAD, WIDE};
use super::measures::Measures;
use crate::geom::Pt;

/// Candidate lines with more slack than this many ems are not considered (they would
/// open gaps of a fifth of an em even on a 40-em measure) unless nothing else fits.
const MAX_SLACK_EM: f64 = 8.0;

/// How far (in ems) a line's edges can make it narrower than its cells' running totals
/// say: half-em marks at each end and Han–Western spacing.
const EDGE_EM: f64 = 2.0;

/// The cheapest way found to start a line at a glyph, in one class of line.
#[derive(Debug, Clone, Copy)]
struct State {
    cost: f64,
    /// The start and class of the line before; `usize::MAX` for the plan's first.
    prev: usize,
    prev_class: usize,
    hang: bool,
    forced: bool,
}

impl Breaker<'_> {
    /// The best line ends from `from` to the paragraph's end, line `i` from `from` at
    /// `measures.at(i)`.
    ///
    /// A profile of several measures is searched line class by line class, which costs
    /// lines × positions. When the paragraph's best setting at the first line's measure
    /// alone takes no more lines than the profile keeps that measure (a paragraph that
    /// ends in the first column of a thread whose later block is wider), that setting is a
    /// setting of the profile too, so its cost bounds the search: a partial setting that
    /// already costs as much can only end dearer (every line costs at least 1) and is not
    /// followed. The best setting, and which of equals is chosen, are unchanged.
    pub fn plan(&self, from: usize, measures: &Measures) -> Vec<Planned> {
        let head = measures.head_len();
        let bound = if head > 0 && self.para.glyphs.len().saturating_sub(from) <= HORIZON {
            let first = measures.at(0);
            let run = (0..head).take_while(|&i| measures.at(i) == first).count();
            let (lines, cost) = self.search(from, &Measures::constant(first), f64::INFINITY);
            match lines.len() <= run {
                true => cost,
                false => f64::INFINITY,
            }
        } else {
            f64::INFINITY
        };
        self.search(from, measures, bound).0
    }

    /// The search of [`Self::plan`], following no partial setting that costs `bound` or
    /// more; the lines and the cost of the setting found.
    fn search(&self, from: usize, measures: &Measures, bound: f64) -> (Vec<Planned>, f64) {
        let glyphs = &self.para.glyphs;
        let len = glyphs.len();
        if from >= len {
            return (Vec::new(), 0.0);
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
        let head = measures.head_len();
        let cycle = measures.classes() - head;
        let start = State {
            cost: 0.0,
            prev: usize::MAX,
            prev_class: 0,
            hang: false,
            forced: false,
        };
        // Lines given one by one: a list of line starts per line.
        let mut layers: Vec<Vec<(usize, State)>> = vec![Vec::new(); head];
        // Lines of the cycle: the best state per start glyph and place in the cycle.
        let mut cyc: Vec<Vec<Option<State>>> = vec![vec![None; n - from + 1]; cycle];
        if head > 0 {
            layers[0].push((from, start));
        } else {
            cyc[0][0] = Some(start);
        }
        let relax = |slot: &mut Option<State>, state: State| {
            if slot.is_none_or(|b| state.cost < b.cost) {
                *slot = Some(state);
            }
        };
        for class in 0..head {
            // Keep the cheapest way to each start (the first found among equals).
            let mut layer = std::mem::take(&mut layers[class]);
            layer.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cost.total_cmp(&b.1.cost)));
            layer.dedup_by_key(|(pos, _)| *pos);
            let next_class = measures.next_class(class);
            for &(s, state) in &layer {
                if s >= n {
                    continue;
                }
                self.lines_from(
                    s,
                    n,
                    measures.of_class(class),
                    class,
                    state.cost,
                    |next, to| {
                        if next < n && to.cost >= bound {
                            return;
                        }
                        if next_class < head {
                            layers[next_class].push((next, to));
                        } else {
                            relax(&mut cyc[next_class - head][next - from], to);
                        }
                    },
                );
            }
            layers[class] = layer;
        }
        for s in from..n {
            for k in 0..cycle {
                let Some(state) = cyc[k][s - from] else {
                    continue;
                };
                let class = head + k;
                let next_class = measures.next_class(class) - head;
                self.lines_from(
                    s,
                    n,
                    measures.of_class(class),
                    class,
                    state.cost,
                    |next, to| {
                        if next < n && to.cost >= bound {
                            return;
                        }
                        relax(&mut cyc[next_class][next - from], to);
                    },
                );
            }
        }
        // The cheapest way to the end, in any class; walk back from it.
        let mut end: Option<(State, usize)> = None;
        let ends = layers
            .iter()
            .enumerate()
            .filter_map(|(c, l)| l.iter().find(|(p, _)| *p == n).map(|(_, s)| (*s, c)))
            .chain((0..cycle).filter_map(|k| cyc[k][n - from].map(|s| (s, head + k))));
        for (state, class) in ends {
            if end.is_none_or(|(b, _)| state.cost < b.cost) {
                end = Some((state, class));
            }
        }
        let state_at = |pos: usize, class: usize| -> Option<State> {
            if class < head {
                let layer = &layers[class];
                let i = layer.binary_search_by(|(p, _)| p.cmp(&pos)).ok()?;
                Some(layer[i].1)
            } else {
                cyc[class - head][pos - from]
            }
        };
        let mut lines = Vec::new();
        let mut at = end.map(|(s, c)| (n, s, c));
        while let Some((pos, state, _)) = at {
            if state.prev == usize::MAX {
                break;
            }
            lines.push(Planned {
                end: pos,
                hang: state.hang,
                forced: state.forced,
            });
            at = state_at(state.prev, state.prev_class).map(|s| (state.prev, s, state.prev_class));
        }
        // Every start reached has a way forward (the emergency cut always advances), so
        // the end has a way back; were it missing, the rest is one forced line.
        if at.is_none() || lines.is_empty() {
            let forced = Planned {
                end: n,
                hang: false,
                forced: true,
            };
            return (vec![forced], f64::INFINITY);
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
        (lines, end.map_or(f64::INFINITY, |(s, _)| s.cost))
    }

    /// Every line that may start at glyph `s` (before the window's end `n`), a line of
    /// class `class` at `measure`, given to `found` with where the next line starts and the
    /// state it reaches from here at `base` cost.
    fn lines_from(
        &self,
        s: usize,
        n: usize,
        measure: Pt,
        class: usize,
        base: f64,
        mut found: impl FnMut(usize, State),
    ) {
        let mut found = |next: usize, cost: f64, hang: bool, forced: bool| {
            let state = State {
                cost,
                prev: s,
                prev_class: class,
                hang,
                forced,
            };
            found(next, state);
        };
        let glyphs = &self.para.glyphs;
        let len = glyphs.len();
        let need = self.para.style.setting.min_last_line_han as usize;
        let indent = if s == 0 {
            self.para.style.setting.indent.at(self.para.style.text.size)
        } else {
            Pt::ZERO
        };
        let available = measure - indent;
        let em = glyphs[s].size.get();
        let mut any = false;
        // Lines far shorter than the measure cannot be chosen unless nothing else fits:
        // the search starts at the first end within reach of the measure (found by
        // bisection over the paragraph's running totals, which are within EDGE_EM of a
        // line's narrowest width), so a wide measure costs no more per line than a
        // narrow one. The paragraph's end is always a candidate (a last line is short).
        let short = |e: usize| {
            available.get() - self.meter.rough_min(s, e).get() - EDGE_EM * em > MAX_SLACK_EM * em
        };
        let (mut lo, mut hi) = (s + 1, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if short(mid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let head = self.meter.head(self.para, s);
        for e in lo.min(n)..=n {
            let te = self.trim_spaces(s, e);
            if te == s {
                continue;
            }
            let m = self.meter.measure_from(self.para, &head, te);
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
                self.meter.measure(self.para, s, te - 1)
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
            found(next, base + cost, hangs, false);
        }
        if !any {
            // Nothing allowed fits (or every choice leaves a lone character): cut as the
            // greedy rule would, at a cost that keeps it a last resort.
            let (e, hangs) = self.longest_fit(s, available);
            let e = e.min(n);
            let next = self.skip_spaces(e).min(n);
            found(next, base + 1e6, hangs, !self.breaks[e]);
        }
    }
}
