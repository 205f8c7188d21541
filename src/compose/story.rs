//! A story typeset: its body shaped once and flowed through its thread, which may run over
//! several pages of an edition (转版). Each page's blocks are a *part* of the thread; where
//! the text leaves one part for the next, a line at the bottom of the part it leaves and a
//! line at the top of the part it enters are reserved for the jump lines （下转第X版） and
//! （上接第Y版）. A story is independent of every other, so stories are typeset in parallel.

use std::ops::Range;

use crate::content::Article;
use crate::error::Warnings;
use crate::flow::{Flowed, Reflow, Slot, flow_with};
use crate::font::FontBook;
use crate::ledger::count;
use crate::style::{ParStyle, TextStyle};
use crate::text::{Paragraph, ShapedPara, prepare, shape};

/// A story's body, shaped and flowed through its thread, not yet on a page.
pub struct Body {
    pub(super) story: Vec<ShapedPara>,
    pub(super) thread: Vec<Slot>,
    pub(super) flowed: Flowed,
    pub(super) style: ParStyle,
    pub(super) parts: Vec<Part>,
    warnings: Warnings,
}

/// The styles a story's body is set in: the body's, and its lead-in's (本报讯).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryStyle {
    /// The body text.
    pub body: ParStyle,
    /// The lead-in's text.
    pub lead: TextStyle,
}

/// One part of a story's thread: its blocks on one page.
#[derive(Debug, Clone)]
pub struct Part {
    /// The part's slots in the thread (empty if the text never reached it).
    pub slots: Range<usize>,
    /// The lines of its slots as the page gives them (before jump lines are reserved).
    pub capacity: Vec<u32>,
    /// The block (of the part's blocks in the spec) each slot is of.
    pub block: Vec<usize>,
    /// How many blocks the part has.
    pub blocks: usize,
    /// The line reserved for （上接第Y版）, when text jumps into this part.
    pub jump_in: Option<Slot>,
    /// The line reserved for （下转第X版）, when text jumps on from this part.
    pub jump_out: Option<Slot>,
}

impl Body {
    /// Shapes an article's body and flows it through `parts`, the slots of its blocks on
    /// each page it runs over (one part for a story on one page). A part the text does not
    /// reach gets no jump line and no lines; `balance` applies to a story of one part.
    /// Paragraphs set before from the same row of the same thread are taken from
    /// `reflow` (a session's; the default memo takes nothing).
    pub fn typeset(
        book: &FontBook,
        faces: &[rustybuzz::Face<'_>],
        article: &Article,
        style: StoryStyle,
        parts: &[super::Blocks],
        balance: bool,
        reflow: &mut Reflow,
    ) -> Body {
        let StoryStyle {
            body: body_style,
            lead: lead_style,
        } = style;
        let mut warnings = Warnings::default();
        let story: Vec<ShapedPara> = article
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let text = prepare(text, &body_style);
                let para = match (&article.lead, i) {
                    // The lead-in's inner space is a full-width gap: 本报讯　记者X报道.
                    (Some(lead), 0) => Paragraph::with_lead_in(
                        &lead.replace(' ', "\u{3000}"),
                        lead_style,
                        &text,
                        body_style,
                    ),
                    _ => Paragraph::plain(text, body_style),
                };
                shape(book, faces, &para, &mut warnings)
            })
            .collect();

        // Flow through every part with the jump lines reserved; if the text ends before the
        // last parts, flow again through only the parts it reached, so the last of them
        // gets its reserved line back and the unreached parts carry no jump line.
        let mut live = parts.len().max(1);
        let (thread, placed, flowed) = loop {
            let (thread, placed) = reserve(parts, live);
            let flowed = flow_with(&story, &thread, reflow);
            let reached = placed
                .iter()
                .rposition(|p| flowed.lines.iter().any(|l| p.slots.contains(&l.slot)))
                .map_or(1, |i| i + 1);
            if reached < live {
                live = reached;
                continue;
            }
            break (thread, placed, flowed);
        };
        let flowed = match (balance, parts.len(), &flowed.overset) {
            (true, 1, None) => balanced(&story, &thread, &flowed, reflow).unwrap_or(flowed),
            _ => flowed,
        };
        Body {
            story,
            thread,
            flowed,
            style: body_style,
            parts: placed,
            warnings,
        }
    }

    /// The parts of the thread, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The parts the text reached (at least the first).
    pub fn parts_reached(&self) -> usize {
        self.parts
            .iter()
            .rposition(|p| !p.slots.is_empty())
            .map_or(1, |i| i + 1)
    }

    /// Characters of the body set in the slots of parts `from..`.
    pub(super) fn chars_from(&self, from: usize) -> usize {
        let Some(start) = self.parts.get(from).map(|p| p.slots.start) else {
            return 0;
        };
        self.flowed
            .lines
            .iter()
            .filter(|l| l.slot >= start)
            .map(|l| count(&self.story[l.para].line_text(&l.line)))
            .sum()
    }

    /// Characters of the body that did not fit anywhere in the thread.
    pub fn overset_chars(&self) -> usize {
        self.flowed.overset.map_or(0, |o| o.chars)
    }

    /// Characters that leave part `part` for later pages: those set there and the overset
    /// (which is the last reached part's); none if the text does not go on.
    pub fn carried_past(&self, part: usize) -> usize {
        if part + 1 < self.parts_reached() {
            self.chars_from(part + 1) + self.overset_chars()
        } else {
            0
        }
    }

    /// Lines left empty in the blocks the text reached.
    pub fn empty_lines(&self) -> u32 {
        let reached = self.parts_reached();
        self.parts[..reached]
            .iter()
            .flat_map(|p| p.slots.clone())
            .map(|s| self.thread[s].lines.saturating_sub(self.flowed.used[s]))
            .sum()
    }

    /// The warnings of shaping (characters no face can show), taken once.
    /// What shaping and flowing found (missing glyphs, overset).
    pub fn warnings(&self) -> &Warnings {
        &self.warnings
    }
}

/// The thread through the first `live` parts, with jump lines reserved between them, and
/// where each part lies in it.
fn reserve(parts: &[super::Blocks], live: usize) -> (Vec<Slot>, Vec<Part>) {
    let mut thread = Vec::new();
    let mut placed = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let slots = &part.slots;
        let capacity = slots.iter().map(|s| s.lines).collect();
        let (block, blocks) = (part.block.clone(), part.count);
        if i >= live {
            placed.push(Part {
                slots: thread.len()..thread.len(),
                capacity,
                block,
                blocks,
                jump_in: None,
                jump_out: None,
            });
            continue;
        }
        let start = thread.len();
        let mut slots = slots.clone();
        let mut jump_in = None;
        if i > 0
            && let Some(first) = slots.first_mut()
        {
            jump_in = Some(Slot { lines: 1, ..*first });
            first.top += first.pitch;
            first.lines = first.lines.saturating_sub(1);
        }
        let mut jump_out = None;
        if i + 1 < live
            && let Some(last) = slots.last_mut()
        {
            last.lines = last.lines.saturating_sub(1);
            jump_out = Some(Slot {
                top: last.top + last.pitch * last.lines as f64,
                lines: 1,
                ..*last
            });
        }
        thread.extend(slots);
        placed.push(Part {
            slots: start..thread.len(),
            capacity,
            block,
            blocks,
            jump_in,
            jump_out,
        });
    }
    (thread, placed)
}

/// Balances a story over its blocks (clreq §3.9, multi-column pages) with respect for
/// their shape: blocks side by side (one top line, each to the right of the one before)
/// form a group; the groups before the one where the text ends are filled, and that
/// group's blocks share its lines so that they end level, the first ones a line longer
/// where the lines do not divide evenly. No block is left with empty lines while a later
/// one has text (but for a line given up to widow control). `None` if there is nothing to
/// balance (the text ends in a block that stands alone, or fills its group).
fn balanced(
    story: &[ShapedPara],
    thread: &[Slot],
    filled: &Flowed,
    reflow: &mut Reflow,
) -> Option<Flowed> {
    let last = filled.used.iter().rposition(|u| *u > 0)?;
    // The group of side-by-side blocks the text ends in.
    let side_by_side = |a: &Slot, b: &Slot| a.top == b.top && b.x > a.x;
    let mut start = last;
    while start > 0 && side_by_side(&thread[start - 1], &thread[start]) {
        start -= 1;
    }
    let mut end = last + 1;
    while end < thread.len() && side_by_side(&thread[end - 1], &thread[end]) {
        end += 1;
    }
    let k = (end - start) as u32;
    if k < 2 {
        return None;
    }
    let capacity: u32 = thread[start..end].iter().map(|s| s.lines).sum();
    let mut total: u32 = filled.used[start..end].iter().sum();
    // Each try shares `total` lines over the group: q each, one more for the first r. A
    // widow rule or a narrower block can ask for a line more; a try that overflows asks
    // for one more line, so a story costs a try or two.
    while total <= capacity {
        let (q, r) = (total / k, total % k);
        let trial: Vec<Slot> = thread[..end]
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if i < start {
                    return *s;
                }
                let share = q + u32::from(((i - start) as u32) < r);
                Slot {
                    lines: s.lines.min(share),
                    ..*s
                }
            })
            .collect();
        let mut flowed = flow_with(story, &trial, reflow);
        if flowed.overset.is_none() {
            flowed.used.resize(thread.len(), 0);
            return Some(flowed);
        }
        total += 1;
    }
    None
}
