//! Turning set lines into display glyph runs.

use crate::display::{GlyphRun, Item, RunGlyph};
use crate::font::FontId;
use crate::geom::{Point, Pt};
use crate::text::{LineBox, ShapedPara};

/// Emits a placed line as glyph runs, one per stretch of glyphs in the same style and face
/// (a fallback face starts a run of its own).
pub fn line(items: &mut Vec<Item>, para: &ShapedPara, line: &LineBox, x: Pt, baseline: Pt) {
    scaled(items, para, line, x, baseline, 1.0);
}

/// Emits a placed line scaled across by `scale` (a 长/扁 form): the line was set at its
/// unscaled width; its glyphs and their positions from `x` are scaled.
pub fn scaled(
    items: &mut Vec<Item>,
    para: &ShapedPara,
    line: &LineBox,
    x: Pt,
    baseline: Pt,
    scale: f64,
) {
    let mut current: Option<((u16, FontId), GlyphRun)> = None;
    for placed in &line.glyphs {
        let Some(g) = para.glyphs.get(placed.index) else {
            continue;
        };
        let key = (g.run, g.font);
        if let Some((_, finished)) = current.take_if(|(k, _)| *k != key) {
            items.push(Item::Text(finished));
        }
        let (_, run) = current.get_or_insert_with(|| {
            let style = para.glyph_style(g);
            (
                key,
                GlyphRun {
                    font: g.font,
                    size: style.size,
                    fill: style.fill,
                    text: String::new(),
                    scale,
                    glyphs: Vec::new(),
                },
            )
        });
        let start = run.text.len() as u32;
        run.text.push_str(para.glyph_text(g));
        run.glyphs.push(RunGlyph {
            gid: g.gid,
            origin: Point::new(x + (placed.pen + g.x_offset) * scale, baseline - g.y_offset),
            text: start..run.text.len() as u32,
        });
    }
    if let Some((_, run)) = current {
        items.push(Item::Text(run));
    }
}
