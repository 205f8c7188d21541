//! Flowing a story through its thread of blocks.
//!
//! A story is a list of shaped paragraphs; a thread is an ordered list of [`Slot`]s, each a
//! column of lines of one measure. Lines are pulled from the paragraph breaker with the
//! measure of the slot they land in, so a paragraph that leaves one block mid-word goes on
//! in the next with no indent and nothing lost or repeated. What does not fit is reported
//! as [`Overset`], never dropped silently.
//!
//! This stage knows nothing of pages, heads or photos.

use crate::geom::Pt;
use crate::text::{Breaker, LineBox, Measures, ShapedPara, commit};

/// A column of lines that text can flow into.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Slot {
    /// Left edge of the lines.
    pub x: Pt,
    /// Top of the first line's em box.
    pub top: Pt,
    /// Line length.
    pub measure: Pt,
    /// Number of lines.
    pub lines: u32,
    /// Baseline-to-baseline distance.
    pub pitch: Pt,
}

/// A line set into a slot.
#[derive(Debug, Clone)]
pub struct SetLine {
    /// Index of the slot in the thread.
    pub slot: usize,
    /// Index of the paragraph in the story.
    pub para: usize,
    /// Line number within the slot.
    pub row: u32,
    /// Left edge of the line.
    pub x: Pt,
    /// Top of the line's em box.
    pub top: Pt,
    /// The placed glyphs.
    pub line: LineBox,
}

/// Text that did not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overset {
    /// Visible characters not set.
    pub chars: usize,
    /// Lines they would take at the last slot's measure.
    pub lines: usize,
}

/// The result of flowing a story.
#[derive(Debug, Clone)]
pub struct Flowed {
    /// Set lines in reading order.
    pub lines: Vec<SetLine>,
    /// Lines used in each slot of the thread.
    pub used: Vec<u32>,
    /// Text left over, if any.
    pub overset: Option<Overset>,
}

/// Flows a story through a thread.
pub fn flow(story: &[ShapedPara], thread: &[Slot]) -> Flowed {
    let mut lines = Vec::new();
    let mut used = vec![0u32; thread.len()];
    let mut para = 0;
    let mut breaker = story.first().map(Breaker::new);

    'slots: for (s, slot) in thread.iter().enumerate() {
        for row in 0..slot.lines {
            // Move past finished (or empty) paragraphs.
            while breaker.as_ref().is_some_and(|b| b.is_done()) {
                para += 1;
                breaker = story.get(para).map(Breaker::new);
            }
            let Some(b) = breaker.as_mut() else {
                break 'slots;
            };
            // The paragraph is planned for the measures of the rows to come, in this block
            // and the blocks after it.
            let measures = upcoming(thread, s, row);
            // Widow control (孤行, clreq §3.9): a paragraph's last line does not stand alone
            // at the top of the next block; its last two lines go there together.
            let last_row = row + 1 == slot.lines && s + 1 < thread.len();
            if last_row && b.para().style.setting.widows && b.lines_left_in(&measures) == 2 {
                continue;
            }
            let Some(line) = b.next_line_in(&measures) else {
                continue;
            };
            let placed = commit(b.para(), &line, slot.measure);
            lines.push(SetLine {
                slot: s,
                para,
                row,
                x: slot.x,
                top: slot.top + slot.pitch * row as f64,
                line: placed,
            });
            used[s] = row + 1;
        }
    }

    let overset = breaker.map(|b| count_overset(b, &story[para + 1..], thread.last()));
    let overset = overset.filter(|o| o.chars > 0);
    Flowed {
        lines,
        used,
        overset,
    }
}

/// Rows of the profile a paragraph is planned for, at most: a paragraph longer than
/// this is planned for the rows it can reach and then the last block's measure.
const PROFILE_ROWS: usize = 256;

/// The measures of the rows from `row` of slot `s` on, through the rest of the thread,
/// then the last slot's measure for whatever does not fit.
fn upcoming(thread: &[Slot], s: usize, row: u32) -> Measures {
    // Most threads keep one measure: no need to list their rows.
    let measure = thread[s].measure;
    if thread[s..].iter().all(|t| t.measure == measure) {
        return Measures::constant(measure);
    }
    let mut head = Vec::new();
    for (i, slot) in thread.iter().enumerate().skip(s) {
        let from = if i == s { row } else { 0 };
        let rows = (slot.lines.saturating_sub(from) as usize).min(PROFILE_ROWS - head.len());
        head.extend(std::iter::repeat_n(slot.measure, rows));
        if head.len() >= PROFILE_ROWS {
            break;
        }
    }
    let last = thread.last().map_or(Pt::ZERO, |t| t.measure);
    Measures::new(head, vec![last])
}

/// Overset beyond this many glyphs has its line count extrapolated from the lines of the
/// first this many: an editor cutting a story needs the exact count of a few lines, not of
/// thousands, and setting a whole overset wire dump would take seconds.
pub const EXACT_OVERSET_GLYPHS: usize = 20_000;

/// Counts what is left: the rest of the current paragraph and all paragraphs after it.
/// Characters are counted exactly; lines exactly up to [`EXACT_OVERSET_GLYPHS`].
fn count_overset(mut current: Breaker<'_>, rest: &[ShapedPara], last: Option<&Slot>) -> Overset {
    let measure = last.map_or(Pt(1e9), |s| s.measure);
    let mut chars = current.remaining_chars();
    let (mut lines, mut set, mut unset) = (0usize, 0usize, 0usize);
    let mut count = |b: &mut Breaker<'_>, len: usize| {
        let mut at = b.position();
        while set < EXACT_OVERSET_GLYPHS {
            let Some(line) = b.next_line(measure) else {
                break;
            };
            set += line.next - at;
            at = line.next;
            lines += 1;
        }
        unset += len - at.min(len);
    };
    let len = current.para().glyphs.len();
    count(&mut current, len);
    for p in rest {
        let mut b = Breaker::new(p);
        chars += b.remaining_chars();
        count(&mut b, p.glyphs.len());
    }
    if unset > 0 && set > 0 {
        lines += (unset as f64 * lines as f64 / set as f64).ceil() as usize;
    } else if unset > 0 {
        lines += 1;
    }
    Overset { chars, lines }
}
