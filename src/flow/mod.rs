//! Flowing a story through its thread of blocks.
//!
//! A story is a list of shaped paragraphs; a thread is an ordered list of [`Slot`]s, each a
//! column of lines of one measure. Lines are pulled from the paragraph breaker with the
//! measure of the slot they land in, so a paragraph that leaves one block mid-word goes on
//! in the next with no indent and nothing lost or repeated. What does not fit is reported
//! as [`Overset`], never dropped silently.
//!
//! This stage knows nothing of pages, heads or photos.

use std::sync::Arc;

use crate::geom::Pt;
use crate::style::{ParStyle, TextStyle};
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
    flow_with(story, thread, &mut Reflow::default())
}

/// Flows a story through a thread as [`flow`] does, one paragraph after another, taking a
/// paragraph's lines from `reflow` where an earlier flow set the same paragraph from the
/// same row of the same thread (what it sets is a function of those alone), and recording
/// the paragraphs it sets.
pub fn flow_with(story: &[ShapedPara], thread: &[Slot], reflow: &mut Reflow) -> Flowed {
    let _scope = crate::timing::scope("flow");
    let mut lines = Vec::new();
    let mut used = vec![0u32; thread.len()];
    let mut at = (0usize, 0u32);
    let mut overset = None;
    for (para, shaped) in story.iter().enumerate() {
        let set = match reflow.get(shaped, thread, at) {
            Some(set) => set,
            None => match flow_para(shaped, thread, at) {
                (set, None) => Arc::new(set),
                // The thread ended inside this paragraph: what is left is overset.
                (set, Some(breaker)) => {
                    push_lines(&mut lines, &mut used, thread, para, &set.lines);
                    overset = Some(count_overset(breaker, &story[para + 1..], thread.last()));
                    break;
                }
            },
        };
        reflow.keep(shaped, thread, at, set.clone());
        push_lines(&mut lines, &mut used, thread, para, &set.lines);
        at = set.end;
    }
    Flowed {
        lines,
        used,
        overset: overset.filter(|o| o.chars > 0),
    }
}

/// The lines one paragraph sets from a row of a thread, and the row the next starts at.
#[derive(Debug)]
pub struct ParaSet {
    /// Slot, row and line of each line set.
    lines: Vec<(usize, u32, LineBox)>,
    /// Where the next paragraph starts (`thread.len()` when the thread is full).
    end: (usize, u32),
}

fn push_lines(
    out: &mut Vec<SetLine>,
    used: &mut [u32],
    thread: &[Slot],
    para: usize,
    set: &[(usize, u32, LineBox)],
) {
    for (s, row, line) in set {
        let slot = &thread[*s];
        out.push(SetLine {
            slot: *s,
            para,
            row: *row,
            x: slot.x,
            top: slot.top + slot.pitch * *row as f64,
            line: line.clone(),
        });
        used[*s] = row + 1;
    }
}

/// Sets one paragraph from row `at` of the thread: its lines and where the next paragraph
/// starts, and, if the thread ends first, the breaker holding the rest.
fn flow_para<'p>(
    para: &'p ShapedPara,
    thread: &[Slot],
    at: (usize, u32),
) -> (ParaSet, Option<Breaker<'p>>) {
    let mut b = Breaker::new(para);
    let (mut s, mut row) = at;
    let mut lines = Vec::new();
    loop {
        while s < thread.len() && row >= thread[s].lines {
            s += 1;
            row = 0;
        }
        let done = b.is_done();
        let Some(slot) = thread.get(s).filter(|_| !done) else {
            let set = ParaSet {
                lines,
                end: (s, row),
            };
            return (set, (!done).then_some(b));
        };
        // The paragraph is planned for the measures of the rows to come, in this block
        // and the blocks after it.
        let measures = upcoming(thread, s, row);
        // Widow control (孤行, clreq §3.9): a paragraph's last line does not stand alone
        // at the top of the next block; its last two lines go there together.
        let last_row = row + 1 == slot.lines && s + 1 < thread.len();
        let widow = last_row && para.style.setting.widows && b.lines_left_in(&measures) == 2;
        if !widow && let Some(line) = b.next_line_in(&measures) {
            lines.push((s, row, commit(para, &line, slot.measure)));
        }
        row += 1;
    }
}

/// Paragraph settings of earlier flows (see [`flow_with`]): those taken from an earlier
/// render (`prior`, each story's, shared by the stories typeset in parallel) and those this
/// flow set or
/// took (`kept`, the next render's prior). Keys are compared whole: the paragraph's text
/// and styles, the starting row, and what of the thread its setting depends on (see
/// `Entry`). The default memo is off: it keeps nothing.
#[derive(Debug, Default)]
pub struct Reflow {
    on: bool,
    prior: Vec<Arc<Pool>>,
    kept: Pool,
}

/// Paragraph settings by their starting row (see [`Reflow`]).
#[derive(Debug, Default)]
pub struct Pool(std::collections::BTreeMap<(usize, u32), Vec<Entry>>);

#[derive(Debug)]
struct Entry {
    text: String,
    style: ParStyle,
    styles: Vec<TextStyle>,
    /// Where each style run starts (a lead-in's end), as the text's byte offset.
    runs: Vec<(u32, u16)>,
    /// What of the thread the setting depends on, from its starting slot on: in a thread
    /// of one measure from there (`measure`), the slots up to the one it ends in (a balance
    /// try that changes only later slots sets it alike); else the whole rest of the thread
    /// (its rows' measures are planned for).
    measure: Option<Pt>,
    slots: Vec<Slot>,
    /// Whether `slots` runs to the thread's end (which widow control looks at).
    to_end: bool,
    set: Arc<ParaSet>,
}

impl Entry {
    fn of(para: &ShapedPara, thread: &[Slot], at: (usize, u32), set: Arc<ParaSet>) -> Entry {
        let tail = thread.get(at.0..).unwrap_or_default();
        let measure = tail
            .first()
            .map(|t| t.measure)
            .filter(|m| tail.iter().all(|t| t.measure == *m));
        let slots = match measure {
            // Up to and with the slot the next paragraph starts in.
            Some(_) => &tail[..(set.end.0 + 1).saturating_sub(at.0).min(tail.len())],
            None => tail,
        };
        Entry {
            text: para.text.clone(),
            style: para.style,
            styles: para.styles.clone(),
            runs: runs(para),
            measure,
            to_end: slots.len() == tail.len(),
            slots: slots.to_vec(),
            set,
        }
    }

    /// Whether the setting holds in `thread` from slot `s` on.
    fn holds(&self, thread: &[Slot], s: usize) -> bool {
        let Some(tail) = thread.get(s..) else {
            return false;
        };
        match self.measure {
            Some(m) => {
                tail.len() >= self.slots.len()
                    && (!self.to_end || tail.len() == self.slots.len())
                    && tail[..self.slots.len()] == self.slots[..]
                    && tail.iter().all(|t| t.measure == m)
            }
            None => tail == self.slots.as_slice(),
        }
    }
}

/// Where each style run of a paragraph starts: the same text in the same styles may have
/// its lead-in end elsewhere.
fn runs(para: &ShapedPara) -> Vec<(u32, u16)> {
    let mut out: Vec<(u32, u16)> = Vec::new();
    for g in &para.glyphs {
        if out.last().is_none_or(|(_, r)| *r != g.run) {
            out.push((g.text.start, g.run));
        }
    }
    out
}

impl Pool {
    fn find(&self, para: &ShapedPara, thread: &[Slot], at: (usize, u32)) -> Option<&Entry> {
        let entries = self.0.get(&at)?;
        let mut runs_of_para = None;
        entries.iter().find(|e| {
            e.text == para.text
                && e.style == para.style
                && e.styles == para.styles
                && e.holds(thread, at.0)
                && *runs_of_para.get_or_insert_with(|| runs(para)) == e.runs
        })
    }

    /// How many paragraph settings it holds.
    pub fn len(&self) -> usize {
        self.0.values().map(Vec::len).sum()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Reflow {
    /// A memo that takes from `prior` (an earlier render's settings, story by story).
    pub fn from_prior(prior: Vec<Arc<Pool>>) -> Self {
        Self {
            on: true,
            prior,
            kept: Pool::default(),
        }
    }

    /// The settings this memo set or took, for the next render.
    pub fn into_kept(self) -> Pool {
        self.kept
    }

    fn get(&self, para: &ShapedPara, thread: &[Slot], at: (usize, u32)) -> Option<Arc<ParaSet>> {
        if !self.on {
            return None;
        }
        self.kept
            .find(para, thread, at)
            .or_else(|| self.prior.iter().find_map(|p| p.find(para, thread, at)))
            .map(|e| e.set.clone())
    }

    fn keep(&mut self, para: &ShapedPara, thread: &[Slot], at: (usize, u32), set: Arc<ParaSet>) {
        if !self.on || self.kept.find(para, thread, at).is_some() {
            return;
        }
        self.kept
            .0
            .entry(at)
            .or_default()
            .push(Entry::of(para, thread, at, set));
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
