//! Printer's marks outside the bleed: crop marks, registration targets and a colour bar,
//! in the `All` separation (on every plate) where they mark the sheet, and a slug line.
//!
//! Drawn in trim coordinates (y down from the trim's top, as the display list), after the
//! page's content, under the margin [`Plate::media_margin`] makes for them.

use super::operators::Operators;
use crate::geom::{Cmyk, Pt};
use crate::plate::{MARK_LENGTH, MARK_OFFSET, Plate};

/// The colour-space resource name of the `All` separation.
pub(super) const ALL: &str = "CSAll";
/// Weight of crop and registration marks.
const HAIR: f64 = 0.25;

/// The marks' operators for a page of trim `w × h`.
pub(super) fn content(plate: &Plate, w: Pt, h: Pt) -> Operators {
    let mut ops = Operators::default();
    if !plate.marks.any() {
        return ops;
    }
    let (w, h) = (w.0, h.0);
    let start = plate.bleed.0 + MARK_OFFSET.0;
    let end = start + MARK_LENGTH.0;
    // PDF y is up; the trim's top is at y = h.
    ops.op(&[], "q");
    ops.named(ALL, "CS");
    ops.op(&[1.0], "SCN");
    ops.named(ALL, "cs");
    ops.op(&[1.0], "scn");
    ops.op(&[HAIR], "w");
    let line = |ops: &mut Operators, x0: f64, y0: f64, x1: f64, y1: f64| {
        ops.op(&[x0, y0], "m");
        ops.op(&[x1, y1], "l");
        ops.op(&[], "S");
    };
    if plate.marks.crop {
        for (x, sx) in [(0.0, -1.0), (w, 1.0)] {
            for (y, sy) in [(0.0, -1.0), (h, 1.0)] {
                line(&mut ops, x + sx * start, y, x + sx * end, y);
                line(&mut ops, x, y + sy * start, x, y + sy * end);
            }
        }
    }
    if plate.marks.registration {
        let mid = (start + end) / 2.0;
        let r = MARK_LENGTH.0 / 4.0;
        for (cx, cy) in [
            (w / 2.0, -mid),
            (w / 2.0, h + mid),
            (-mid, h / 2.0),
            (w + mid, h / 2.0),
        ] {
            line(&mut ops, cx - 1.5 * r, cy, cx + 1.5 * r, cy);
            line(&mut ops, cx, cy - 1.5 * r, cx, cy + 1.5 * r);
            // A circle from four Bézier quarters.
            let k = 0.552_284_75 * r;
            ops.op(&[cx + r, cy], "m");
            ops.op(&[cx + r, cy + k, cx + k, cy + r, cx, cy + r], "c");
            ops.op(&[cx - k, cy + r, cx - r, cy + k, cx - r, cy], "c");
            ops.op(&[cx - r, cy - k, cx - k, cy - r, cx, cy - r], "c");
            ops.op(&[cx + k, cy - r, cx + r, cy - k, cx + r, cy], "c");
            ops.op(&[], "S");
        }
    }
    if plate.marks.color_bar {
        // Solids, then black tints: above the trim, right of the centre's target.
        let size = MARK_LENGTH.0 / 2.0;
        let y = h + start;
        let patches = [
            Cmyk::percent(100.0, 0.0, 0.0, 0.0),
            Cmyk::percent(0.0, 100.0, 0.0, 0.0),
            Cmyk::percent(0.0, 0.0, 100.0, 0.0),
            Cmyk::percent(0.0, 0.0, 0.0, 100.0),
            Cmyk::percent(0.0, 0.0, 0.0, 75.0),
            Cmyk::percent(0.0, 0.0, 0.0, 50.0),
            Cmyk::percent(0.0, 0.0, 0.0, 25.0),
            Cmyk::percent(0.0, 0.0, 0.0, 10.0),
        ];
        for (i, c) in patches.iter().enumerate() {
            let x = w / 2.0 + MARK_LENGTH.0 + i as f64 * size;
            ops.op(&[c.c, c.m, c.y, c.k], "k");
            ops.op(&[x, y, size, size], "re");
            ops.op(&[], "f");
        }
    }
    ops.op(&[], "Q");
    ops
}

/// Where the slug line's baseline starts, in display coordinates (y down from the trim's
/// top): below the trim, clear of the bottom-left crop mark.
pub(super) fn slug_origin(plate: &Plate, h: Pt) -> (Pt, Pt) {
    // Right of the bottom-left crop mark, which runs down from the trim's corner.
    (
        plate.bleed + MARK_OFFSET + MARK_LENGTH,
        h + plate.bleed + MARK_OFFSET + MARK_LENGTH / 2.0 + Pt(3.0),
    )
}
