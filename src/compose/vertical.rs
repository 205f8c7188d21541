//! Vertical heads (竖排标题): a deck set in columns beside the text, read top to bottom
//! and columns right to left (引题, 主题, 副题). Glyphs take their vertical forms (the
//! faces' `vert`/`vrt2`: （）。， turned and placed for a column); Latin letters and digits
//! stand upright a character a cell, or a run of up to three sits across one cell
//! (直排内横排). What does not fit at the smallest allowed size is overset, never printed
//! outside the area.

use super::Composer;
use super::head::{Group, MIN_SHRINK};
use crate::display::{GlyphRun, Item, RunGlyph};
use crate::flow::Overset;
use crate::geom::{Point, Pt, Rect};
use crate::spec::VerticalLatin;
use crate::text::{Paragraph, ShapedPara, keep_gaps, prepare};

/// One cell of a column: the glyphs that share it (one, or a horizontal run of Latin).
struct Cell {
    glyphs: std::ops::Range<usize>,
    width: Pt,
}

/// A shaped column.
struct Column {
    para: ShapedPara,
    cells: Vec<Cell>,
    size: Pt,
    pitch: Pt,
}

/// Sets the groups of a deck as columns in `rect`, right to left, the deck centred across
/// the area and each column in its height, shrunk as a whole (down to [`MIN_SHRINK`]) to
/// fit; returns what did not fit.
pub fn stack(
    cx: &mut Composer<'_, '_>,
    groups: &[Group],
    rect: Rect,
    latin: VerticalLatin,
    owner: &str,
) -> Overset {
    let shape = |cx: &mut Composer<'_, '_>, scale: f64| -> Vec<Column> {
        let mut columns = Vec::new();
        for g in groups {
            let mut style = g.style;
            style.text.size = style.text.size * scale;
            style.setting.vertical = true;
            for text in &g.lines {
                let text = prepare(&keep_gaps(text), &style);
                let para = cx.shape(&Paragraph::plain(text, style), owner);
                let cells = cells(&para, latin);
                columns.push(Column {
                    cells,
                    size: style.text.size,
                    pitch: g.leading * scale,
                    para,
                });
            }
        }
        columns
    };
    let fits = |columns: &[Column]| {
        let width: Pt = columns.iter().map(|c| c.pitch).sum();
        let height = columns
            .iter()
            .map(|c| c.size * c.cells.len() as f64)
            .fold(Pt::ZERO, Pt::max);
        (width, height)
    };
    let mut columns = shape(cx, 1.0);
    let (w, h) = fits(&columns);
    if w > rect.w + Pt(0.001) || h > rect.h + Pt(0.001) {
        let factor = (rect.w / w).min(rect.h / h).max(MIN_SHRINK);
        columns = shape(cx, factor);
    }
    let mut overset = Overset::default();
    // The deck centred across the area.
    let (width, _) = fits(&columns);
    let mut right = rect.right() - ((rect.w - width) / 2.0).max(Pt::ZERO);
    for column in &columns {
        let left = right - column.pitch;
        // A column past the area's left edge is overset whole.
        if left < rect.x - Pt(0.001) {
            overset.chars += crate::ledger::count(&column.para.text);
            overset.lines += 1;
            continue;
        }
        let centre = left + column.pitch / 2.0;
        let height = column.size * column.cells.len() as f64;
        let mut top = rect.y + ((rect.h - height) / 2.0).max(Pt::ZERO);
        let ascent = cx.book.face(column.para.style.text.font).ascent;
        let mut run: Option<GlyphRun> = None;
        for (k, cell) in column.cells.iter().enumerate() {
            if top + column.size > rect.bottom() + Pt(0.001) {
                // Below the area: the rest of the column is overset.
                let rest: usize = column.cells[k..]
                    .iter()
                    .flat_map(|c| c.glyphs.clone())
                    .map(|i| crate::ledger::count(column.para.glyph_text(&column.para.glyphs[i])))
                    .sum();
                overset.chars += rest;
                overset.lines += 1;
                break;
            }
            let baseline = top + column.size * ascent;
            let mut x = centre - cell.width / 2.0;
            for i in cell.glyphs.clone() {
                let g = &column.para.glyphs[i];
                let style = column.para.glyph_style(g);
                // A fallback face starts a run of its own.
                if let Some(finished) = run.take_if(|r| r.font != g.font) {
                    cx.items.push(Item::Text(finished));
                }
                let run = run.get_or_insert_with(|| GlyphRun {
                    font: g.font,
                    size: style.size,
                    fill: style.fill,
                    text: String::new(),
                    scale: 1.0,
                    glyphs: Vec::new(),
                    source: None,
                });
                let start = run.text.len() as u32;
                run.text.push_str(column.para.glyph_text(g));
                run.glyphs.push(RunGlyph {
                    gid: g.gid,
                    origin: Point::new(x + g.x_offset, baseline - g.y_offset),
                    text: start..run.text.len() as u32,
                });
                x += g.advance;
            }
            top += column.size;
        }
        if let Some(run) = run {
            cx.items.push(Item::Text(run));
        }
        right = left;
    }
    overset
}

/// The cells of a column: a glyph each, but for Latin letters and digits set across one
/// cell (up to three in a row) when `latin` says so. Spaces take no cell.
fn cells(para: &ShapedPara, latin: VerticalLatin) -> Vec<Cell> {
    let glyphs = &para.glyphs;
    let mut out = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        if glyphs[i].is_space() {
            i += 1;
            continue;
        }
        let across = |g: &crate::text::Glyph| g.ch.is_ascii_alphanumeric();
        let mut end = i + 1;
        if latin == VerticalLatin::Across && across(&glyphs[i]) {
            while end < glyphs.len() && end - i < 3 && across(&glyphs[end]) {
                end += 1;
            }
            // A longer run is set upright, a character a cell.
            if end < glyphs.len() && across(&glyphs[end]) {
                end = i + 1;
            }
        }
        let width = glyphs[i..end].iter().map(|g| g.advance).sum();
        out.push(Cell {
            glyphs: i..end,
            width,
        });
        i = end;
    }
    out
}
