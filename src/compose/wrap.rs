//! Text wrap (图文互斥): a photo or a box standing inside an article's blocks pushes the
//! text out of its rectangle and a standoff round it, in every column it touches. Text
//! keeps to the baseline grid (it skips whole grid lines) and to the character grid: a
//! line beside an obstacle starts on a character of its column and holds whole characters,
//! and a row that would hold fewer than the spec's minimum is left empty.

use crate::flow::Slot;
use crate::geom::{Pt, Rect};
use crate::grid::PageGrid;
use crate::spec::{GridArea, LayoutSpec, Split};

/// A block's slots: its columns (one, or those of a split, 破栏), each cut into the runs of
/// its rows that share a left edge and a measure, the page's wrap objects cut out.
pub fn block_slots(
    spec: &LayoutSpec,
    grid: &PageGrid,
    block: &GridArea,
    split: &Split,
) -> Vec<Slot> {
    let rect = grid.rect(block);
    if split.parts <= 1 {
        return column_slots(spec, grid, block, rect);
    }
    let em = spec.grid.body_size;
    let chars = (rect.w / em).round() as u32;
    split
        .columns(chars)
        .into_iter()
        .flat_map(|(offset, width)| {
            let column = Rect::new(rect.x + em * offset, rect.y, em * width, rect.h);
            column_slots(spec, grid, block, column)
        })
        .collect()
}

/// The slots of one column of a block (`rect`, on the block's rows).
fn column_slots(spec: &LayoutSpec, grid: &PageGrid, block: &GridArea, rect: Rect) -> Vec<Slot> {
    let pitch = spec.grid.line_pitch;
    let em = spec.grid.body_size;
    let wrap = spec.wrap;
    // The wrap objects that reach this block: their rows (with the standoff) and their
    // left and right edges (with the standoff).
    let standoff = em * wrap.standoff_chars as f64;
    let obstacles: Vec<(u32, u32, Pt, Pt)> = spec
        .wraps
        .iter()
        .filter_map(|w| {
            let r = grid.rect(w);
            let (left, right) = (r.x - standoff, r.right() + standoff);
            let first = w.line.saturating_sub(wrap.standoff_lines);
            let end = w.line + w.lines + wrap.standoff_lines;
            let meets = first < block.line + block.lines
                && block.line < end
                && left < rect.right()
                && rect.x < right;
            meets.then_some((first, end, left, right))
        })
        .collect();
    let whole = Slot {
        x: rect.x,
        top: rect.y,
        measure: rect.w,
        lines: block.lines,
        pitch,
    };
    if obstacles.is_empty() {
        return vec![whole];
    }
    let mut slots: Vec<Slot> = Vec::new();
    let mut extend = |row: u32, x: Pt, measure: Pt| {
        let top = rect.y + pitch * row as f64;
        match slots.last_mut() {
            Some(s)
                if s.x == x && s.measure == measure && s.top + pitch * s.lines as f64 == top =>
            {
                s.lines += 1;
            }
            _ => slots.push(Slot {
                x,
                top,
                measure,
                lines: 1,
                pitch,
            }),
        }
    };
    for row in 0..block.lines {
        let line = block.line + row;
        // What is left of the row: intervals of the block's width.
        let mut free: Vec<(Pt, Pt)> = vec![(rect.x, rect.right())];
        for &(first, end, left, right) in &obstacles {
            if line < first || line >= end {
                continue;
            }
            free = free
                .into_iter()
                .flat_map(|(a, b)| {
                    let mut parts = Vec::with_capacity(2);
                    if left > a {
                        parts.push((a, left.min(b)));
                    }
                    if right < b {
                        parts.push((right.max(a), b));
                    }
                    parts.into_iter().filter(|(a, b)| b > a)
                })
                .collect();
        }
        if free.len() == 1 && free[0] == (rect.x, rect.right()) {
            extend(row, rect.x, rect.w);
            continue;
        }
        // The widest whole-character line the row still holds (the left one of equals),
        // starting on a character of the column.
        let best = free
            .iter()
            .map(|&(a, b)| {
                let x = rect.x + em * ((a - rect.x) / em - 1e-9).ceil().max(0.0);
                let chars = ((b - x) / em + 1e-9).floor().max(0.0) as u32;
                (x, chars)
            })
            .fold(None::<(Pt, u32)>, |best, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            });
        if let Some((x, chars)) = best
            && chars >= wrap.min_chars
        {
            extend(row, x, em * chars as f64);
        }
    }
    slots
}
