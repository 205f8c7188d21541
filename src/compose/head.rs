//! Stacks of single lines: headline decks (引题/主题/副题) and furniture text boxes.

use super::{Composer, emit};
use crate::flow::Overset;
use crate::geom::{Pt, Rect};
use crate::spec::VAlign;
use crate::style::ParStyle;
use crate::text::{Line, Paragraph, ShapedPara, commit, keep_gaps, measure, prepare};

/// Heads are never shrunk below this share of their style's size.
pub(super) const MIN_SHRINK: f64 = 0.6;

/// Lines of one style in a stack.
#[derive(Clone)]
pub struct Group {
    /// The lines, each set on its own.
    pub lines: Vec<String>,
    /// Their style.
    pub style: ParStyle,
    /// Their line pitch.
    pub leading: Pt,
}

/// Sets groups of lines one under another in `rect`, each line aligned by its style and
/// fitted to the width if it is too long (on two balanced lines where the area is tall
/// enough, else scaled across and shrunk); returns what did not fit.
///
/// A deck too tall for its area is shrunk in proportion, down to [`MIN_SHRINK`] of its
/// size. What still does not fit (a line too wide at that size, or lines below the area's
/// bottom) is not placed: it is overset, like body text, never printed over its
/// neighbours or off the page.
pub fn stack(
    cx: &mut Composer<'_, '_>,
    groups: &[Group],
    rect: Rect,
    valign: VAlign,
    owner: &str,
) -> Overset {
    // A line that would have to be set smaller to fit goes on two balanced lines instead,
    // where the area has the height for them.
    let balanced = balance_lines(cx, groups, rect, owner);
    let groups = balanced.as_deref().unwrap_or(groups);
    // Shape every line first: the stack's height is needed before anything is placed.
    let mut lines = shape_lines(cx, groups, rect.w, 1.0, owner);
    let mut total = height(&lines);
    let mut valign = valign;
    if total > rect.h + Pt(0.001) {
        // Too tall for its area: shrink the whole deck in proportion, keeping its hierarchy.
        let factor = (rect.h / total).max(MIN_SHRINK);
        lines = shape_lines(cx, groups, rect.w, factor, owner);
        total = height(&lines);
        if total > rect.h + Pt(0.001) {
            // Still too tall: set from the top; the lines below the bottom are overset.
            valign = VAlign::Top;
        }
    }
    let mut y = match valign {
        VAlign::Top => rect.y,
        VAlign::Middle => rect.y + (rect.h - total) / 2.0,
        VAlign::Bottom => rect.bottom() - total,
    };
    let mut overset = Overset::default();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && lines[i - 1].group != line.group {
            y += group_gap(line.size());
        }
        let para = &line.para;
        let below = y + line.leading > rect.bottom() + Pt(0.001);
        if below || !line.fits {
            overset.chars += crate::ledger::count(&para.text);
            overset.lines += 1;
            y += line.leading;
            continue;
        }
        // A line scaled across is set at its unscaled width, then scaled into the area.
        let placed = commit(para, &Line::whole(para), rect.w / line.scale);
        let ascent = cx.book.face(para.style.text.font).ascent;
        let baseline = y + (line.leading - line.size()) / 2.0 + line.size() * ascent;
        emit::scaled(&mut cx.items, para, &placed, rect.x, baseline, line.scale);
        y += line.leading;
    }
    overset
}

/// One shaped line of a stack.
struct StackLine {
    para: ShapedPara,
    /// How far it is scaled across to fit (1: not at all).
    scale: f64,
    leading: Pt,
    group: usize,
    /// Whether it fits the width (at the smallest size it may take).
    fits: bool,
}

impl StackLine {
    /// The size it was set at (after any shrinking).
    fn size(&self) -> Pt {
        self.para.style.text.size
    }
}

/// Space between two groups of a stack (kicker and headline, headline and subhead).
fn group_gap(size: Pt) -> Pt {
    size * 0.3
}

/// Shapes the lines of all groups at `scale` times their styles' sizes.
fn shape_lines(
    cx: &mut Composer<'_, '_>,
    groups: &[Group],
    width: Pt,
    scale: f64,
    owner: &str,
) -> Vec<StackLine> {
    let mut out = Vec::new();
    for (group, g) in groups.iter().enumerate() {
        let mut style = g.style;
        style.text.size = style.text.size * scale;
        for text in &g.lines {
            let (para, across) = fit(cx, text, style, width, owner);
            let leading = g.leading * scale * (para.style.text.size / style.text.size);
            let fits = measure(&para, 0, para.glyphs.len()).min() * across <= width + Pt(0.001);
            out.push(StackLine {
                para,
                scale: across,
                leading,
                group,
                fits,
            });
        }
    }
    out
}

/// Height of a stack of lines.
fn height(lines: &[StackLine]) -> Pt {
    let mut total = Pt::ZERO;
    for (i, line) in lines.iter().enumerate() {
        total += line.leading;
        if i > 0 && lines[i - 1].group != line.group {
            total += group_gap(line.size());
        }
    }
    total
}

/// Shapes one line to fit `width`: scaled across first, down to its style's `condense`
/// (a 长/扁 form), then at a smaller size (the shaped paragraph's style carries the size it
/// got); returns the line and its scale across.
fn fit(
    cx: &mut Composer<'_, '_>,
    text: &str,
    style: ParStyle,
    width: Pt,
    owner: &str,
) -> (ShapedPara, f64) {
    let text = prepare(&keep_gaps(text), &style);
    let para = Paragraph::plain(text.clone(), style);
    let shaped = cx.shape(&para, owner);
    let natural = measure(&shaped, 0, shaped.glyphs.len()).natural;
    if natural <= width + Pt(0.001) {
        return (shaped, 1.0);
    }
    let condense = style.setting.condense.clamp(0.5, 1.0);
    let across = width / natural;
    if across >= condense {
        return (shaped, across);
    }
    let mut smaller = style;
    let factor = (width / (natural * condense)).max(MIN_SHRINK);
    // Whole quarter points, rounded down, so the fitted line is never wider than asked.
    smaller.text.size = Pt((style.text.size.get() * factor * 4.0).floor() / 4.0);
    let shaped = cx.shape(&Paragraph::plain(text, smaller), owner);
    // What is left to fit at that size, across, within the bound.
    let natural = measure(&shaped, 0, shaped.glyphs.len()).natural;
    let across = (width / natural).clamp(condense, 1.0);
    (shaped, across)
}

/// The groups with each line that would have to be set smaller than its style to fit the
/// width broken into two lines of about equal length at an allowed break, if the deck
/// still fits the area's height at full size; `None` if no line needs it or the height
/// does not allow it.
fn balance_lines(
    cx: &mut Composer<'_, '_>,
    groups: &[Group],
    rect: Rect,
    owner: &str,
) -> Option<Vec<Group>> {
    let mut out = groups.to_vec();
    let mut changed = false;
    for g in &mut out {
        let mut lines = Vec::with_capacity(g.lines.len());
        for text in &g.lines {
            let (para, _) = fit(cx, text, g.style, rect.w, owner);
            if para.style.text.size >= g.style.text.size {
                lines.push(text.clone());
                continue;
            }
            // Break at the allowed break nearest the middle of the line's width.
            let breaks = crate::text::break_opportunities(&para);
            let total: Pt = para.glyphs.iter().map(|gl| gl.advance).sum();
            let mut pen = Pt::ZERO;
            let mut best: Option<(Pt, usize)> = None;
            for (i, gl) in para.glyphs.iter().enumerate() {
                if i > 0 && breaks[i] {
                    let off = (pen - total / 2.0).abs();
                    if best.is_none_or(|(b, _)| off < b) {
                        best = Some((off, i));
                    }
                }
                pen += gl.advance;
            }
            let Some((_, at)) = best else {
                lines.push(text.clone());
                continue;
            };
            let cut = para.glyphs[at].text.start as usize;
            let (first, second) = para.text.split_at(cut);
            lines.push(first.trim_end().to_string());
            lines.push(second.trim_start().to_string());
            changed = true;
        }
        g.lines = lines;
    }
    if !changed {
        return None;
    }
    // Only if every line now fits at full size and the deck fits the area's height.
    let set = shape_lines(cx, &out, rect.w, 1.0, owner);
    let full = set
        .iter()
        .zip(out.iter().flat_map(|g| g.lines.iter().map(move |_| g)))
        .all(|(l, g)| l.scale >= 1.0 && l.para.style.text.size >= g.style.text.size);
    (full && height(&set) <= rect.h + Pt(0.001)).then_some(out)
}
