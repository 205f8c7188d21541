//! Turning set lines into display glyph runs.

use crate::display::{GlyphRun, Item, RunGlyph};
use crate::geom::{Point, Pt};
use crate::text::{LineBox, ShapedPara};

/// Emits a placed line as glyph runs, one per stretch of glyphs in the same style.
pub fn line(items: &mut Vec<Item>, para: &ShapedPara, line: &LineBox, x: Pt, baseline: Pt) {
    let mut current: Option<(u16, GlyphRun)> = None;
    for placed in &line.glyphs {
        let g = &para.glyphs[placed.index];
        if current.as_ref().is_some_and(|(run, _)| *run != g.run) {
            let (_, finished) = current.take().expect("checked");
            items.push(Item::Text(finished));
        }
        let (_, run) = current.get_or_insert_with(|| {
            let style = para.glyph_style(g);
            (
                g.run,
                GlyphRun {
                    font: style.font,
                    size: style.size,
                    fill: style.fill,
                    text: String::new(),
                    glyphs: Vec::new(),
                },
            )
        });
        let start = run.text.len() as u32;
        run.text.push_str(para.glyph_text(g));
        run.glyphs.push(RunGlyph {
            gid: g.gid,
            origin: Point::new(x + placed.pen + g.x_offset, baseline - g.y_offset),
            text: start..run.text.len() as u32,
        });
    }
    if let Some((_, run)) = current {
        items.push(Item::Text(run));
    }
}
